package app

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/pgfast/pgfast/wire"
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
