// Package scram owns SCRAM-SHA-256 secrets (RFC 5802, RFC 7677): deriving one from a
// password, and PostgreSQL's text form of it (pg_authid.rolpassword), which is what the
// server keeps of a password. The exchange with a client is package wire's.
package scram

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Secret is what the server keeps of a password: the salted keys, never the password.
type Secret struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

// Iterations is PostgreSQL's default scram_iterations.
const Iterations = 4096

// Prefix starts every secret's text form.
const Prefix = "SCRAM-SHA-256$"

// New derives a secret from a password with a random salt.
func New(password string) (*Secret, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return Derive(password, salt, Iterations)
}

// Derive derives the secret of a password with the given salt and iteration count.
func Derive(password string, salt []byte, iterations int) (*Secret, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return nil, err
	}
	clientKey := HMAC(salted, []byte("Client Key"))
	stored := sha256.Sum256(clientKey)
	return &Secret{Iterations: iterations, Salt: salt, StoredKey: stored[:], ServerKey: HMAC(salted, []byte("Server Key"))}, nil
}

// String returns the secret in PostgreSQL's format:
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, all base64.
func (s *Secret) String() string {
	b := base64.StdEncoding
	return fmt.Sprintf("%s%d:%s$%s:%s", Prefix, s.Iterations, b.EncodeToString(s.Salt), b.EncodeToString(s.StoredKey), b.EncodeToString(s.ServerKey))
}

// Parse reads a secret in PostgreSQL's format (see String).
func Parse(text string) (*Secret, error) {
	rest, ok := strings.CutPrefix(text, Prefix)
	if !ok {
		return nil, fmt.Errorf("not a SCRAM-SHA-256 secret")
	}
	iterSalt, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	iterText, saltText, ok1 := strings.Cut(iterSalt, ":")
	storedText, serverText, ok2 := strings.Cut(keys, ":")
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("malformed SCRAM secret")
	}
	iter, err := strconv.Atoi(iterText)
	if err != nil || iter < 1 {
		return nil, fmt.Errorf("malformed SCRAM iteration count")
	}
	b := base64.StdEncoding
	s := &Secret{Iterations: iter}
	for _, f := range []struct {
		dst  *[]byte
		text string
	}{{&s.Salt, saltText}, {&s.StoredKey, storedText}, {&s.ServerKey, serverText}} {
		if *f.dst, err = b.DecodeString(f.text); err != nil {
			return nil, fmt.Errorf("malformed SCRAM secret: %w", err)
		}
	}
	if len(s.StoredKey) != sha256.Size || len(s.ServerKey) != sha256.Size {
		return nil, fmt.Errorf("malformed SCRAM secret: key length")
	}
	return s, nil
}

// HMAC is HMAC-SHA-256 of msg under key.
func HMAC(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}
