package app

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/storage"
	"github.com/pgfast/pgfast/wire"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// LoadCredentials reads a passwords file: one "user:secret" per line, where the secret is a
// PostgreSQL SCRAM-SHA-256 secret ("SCRAM-SHA-256$4096:...") or a plain password, which is
// turned into a secret at once and kept only in that form. Blank lines and lines starting
// with # are ignored.
func LoadCredentials(path string) (wire.CredentialsMap, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	creds := wire.CredentialsMap{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		user, secret, ok := strings.Cut(text, ":")
		if !ok || user == "" {
			return nil, fmt.Errorf("%s:%d: want user:password", path, line)
		}
		var s *wire.SCRAMSecret
		if strings.HasPrefix(secret, "SCRAM-SHA-256$") {
			s, err = wire.ParseSCRAMSecret(secret)
		} else {
			s, err = wire.NewSCRAMSecret(secret)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		creds[user] = s
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(creds) == 0 {
		return nil, fmt.Errorf("%s: no users", path)
	}
	return creds, nil
}

// roleCredentials serves the passwords of the roles CREATE ROLE ... PASSWORD and ALTER ROLE
// stored, as of the latest commit, and for users without one those of a passwords file.
type roleCredentials struct {
	store *storage.Store
	file  wire.Credentials // nil: none
}

var _ wire.Credentials = roleCredentials{}

// SCRAMSecret implements wire.Credentials.
func (c roleCredentials) SCRAMSecret(user string) (*wire.SCRAMSecret, bool) {
	if r := c.latest().Role(user); r != nil && r.Password != "" {
		s, err := wire.ParseSCRAMSecret(r.Password)
		return s, err == nil
	}
	if c.file == nil {
		return nil, false
	}
	return c.file.SCRAMSecret(user)
}

// CheckLogin implements wire.LoginChecker: a name that is no role may not start a session,
// under trust too, as in PostgreSQL (the bootstrap superuser, postgres, always exists);
// nor may a role without LOGIN. A user of a passwords file who is no role logs in as before
// roles existed, acting as the bootstrap superuser.
func (c roleCredentials) CheckLogin(user string) error {
	r := c.latest().Role(user)
	if r == nil {
		if c.file != nil {
			if _, ok := c.file.SCRAMSecret(user); ok {
				return nil
			}
		}
		return pgerror.Newf(pgcode.InvalidAuthorizationSpecification, "role \"%s\" does not exist", user)
	}
	if !r.Login {
		return pgerror.Newf(pgcode.InvalidAuthorizationSpecification, "role \"%s\" is not permitted to log in", user)
	}
	return nil
}

// latest returns the catalog of the latest commit, whose roles are the cluster's.
func (c roleCredentials) latest() *catalog.Catalog { return latestCatalog(c.store) }
