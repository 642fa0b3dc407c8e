package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Authentication. pgfast trusts every client unless a Credentials store is configured; then
// clients authenticate with SCRAM-SHA-256 (RFC 5802, RFC 7677), PostgreSQL's default
// password method, which never sends the password and lets the client verify the server
// too. Channel binding (SCRAM-SHA-256-PLUS) is not offered.

// SCRAMSecret is what the server keeps of a password: the salted keys, never the password
// itself. It is PostgreSQL's pg_authid.rolpassword for SCRAM.
type SCRAMSecret struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

// scramIterations is PostgreSQL's default scram_iterations.
const scramIterations = 4096

// NewSCRAMSecret derives a secret from a password with a random salt.
func NewSCRAMSecret(password string) (*SCRAMSecret, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return deriveSCRAMSecret(password, salt, scramIterations)
}

func deriveSCRAMSecret(password string, salt []byte, iterations int) (*SCRAMSecret, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return nil, err
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	stored := sha256.Sum256(clientKey)
	return &SCRAMSecret{Iterations: iterations, Salt: salt, StoredKey: stored[:], ServerKey: hmacSHA256(salted, []byte("Server Key"))}, nil
}

// String returns the secret in PostgreSQL's format:
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, all base64.
func (s *SCRAMSecret) String() string {
	b := base64.StdEncoding
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", s.Iterations, b.EncodeToString(s.Salt), b.EncodeToString(s.StoredKey), b.EncodeToString(s.ServerKey))
}

// ParseSCRAMSecret reads a secret in PostgreSQL's format (see String).
func ParseSCRAMSecret(text string) (*SCRAMSecret, error) {
	rest, ok := strings.CutPrefix(text, "SCRAM-SHA-256$")
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
	s := &SCRAMSecret{Iterations: iter}
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

// Credentials looks up the SCRAM secret of a user.
type Credentials interface {
	SCRAMSecret(user string) (*SCRAMSecret, bool)
}

// CredentialsMap is a fixed set of users and their secrets.
type CredentialsMap map[string]*SCRAMSecret

// SCRAMSecret implements Credentials.
func (m CredentialsMap) SCRAMSecret(user string) (*SCRAMSecret, bool) {
	s, ok := m[user]
	return s, ok
}

// WithCredentials makes every client authenticate with SCRAM-SHA-256 against creds.
func WithCredentials(creds Credentials) Option {
	return func(s *Server) { s.creds = creds }
}

func hmacSHA256(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

func errAuthFailed(user string) error {
	return pgerror.Newf(pgcode.InvalidPassword, "password authentication failed for user \"%s\"", user)
}

// authenticate runs SCRAM-SHA-256 with the client. It reads the client's messages through
// c.be. An unknown user goes through the same exchange with a made-up secret, so that the
// reply does not reveal which user names exist, as PostgreSQL does.
func (c *conn) authenticate(user string) error {
	secret, known := c.srv.creds.SCRAMSecret(user)
	if !known {
		var err error
		if secret, err = deriveSCRAMSecret(string(randomBytes(16)), randomBytes(16), scramIterations); err != nil {
			return err
		}
	}
	c.send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{"SCRAM-SHA-256"}})
	if err := c.flush(); err != nil {
		return err
	}
	c.be.SetAuthType(pgproto3.AuthTypeSASL)
	msg, err := c.be.Receive()
	if err != nil {
		return err
	}
	initial, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return pgerror.Newf(pgcode.ProtocolViolation, "expected SASL response, got message type %T", msg)
	}
	if initial.AuthMechanism != "SCRAM-SHA-256" {
		return pgerror.New(pgcode.ProtocolViolation, "client selected an invalid SASL authentication mechanism")
	}
	// client-first-message: gs2-header "n,," (or "y,,") then "n=user,r=nonce".
	first := string(initial.Data)
	var bare string
	switch {
	case strings.HasPrefix(first, "n,,"), strings.HasPrefix(first, "y,,"):
		bare = first[3:]
	default:
		return pgerror.New(pgcode.ProtocolViolation, "malformed SCRAM message (unsupported channel binding)")
	}
	clientNonce := ""
	for _, attr := range strings.Split(bare, ",") {
		if v, ok := strings.CutPrefix(attr, "r="); ok {
			clientNonce = v
		}
	}
	if clientNonce == "" {
		return pgerror.New(pgcode.ProtocolViolation, "malformed SCRAM message (missing nonce)")
	}
	nonce := clientNonce + base64.RawStdEncoding.EncodeToString(randomBytes(18))
	serverFirst := fmt.Sprintf("r=%s,s=%s,i=%d", nonce, base64.StdEncoding.EncodeToString(secret.Salt), secret.Iterations)
	c.send(&pgproto3.AuthenticationSASLContinue{Data: []byte(serverFirst)})
	if err := c.flush(); err != nil {
		return err
	}
	c.be.SetAuthType(pgproto3.AuthTypeSASLContinue)
	if msg, err = c.be.Receive(); err != nil {
		return err
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return pgerror.Newf(pgcode.ProtocolViolation, "expected SASL response, got message type %T", msg)
	}
	// client-final-message: "c=<base64 gs2 header>,r=<nonce>,p=<proof>".
	final := string(resp.Data)
	i := strings.LastIndex(final, ",p=")
	if i < 0 {
		return pgerror.New(pgcode.ProtocolViolation, "malformed SCRAM message (missing proof)")
	}
	withoutProof := final[:i]
	proof, err := base64.StdEncoding.DecodeString(final[i+3:])
	if err != nil || len(proof) != sha256.Size {
		return pgerror.New(pgcode.ProtocolViolation, "malformed SCRAM message (invalid proof)")
	}
	if !strings.Contains(withoutProof, "r="+nonce) {
		return pgerror.New(pgcode.ProtocolViolation, "SCRAM nonce mismatch")
	}
	authMessage := []byte(bare + "," + serverFirst + "," + withoutProof)
	// The proof is ClientKey XOR HMAC(StoredKey, AuthMessage); recover ClientKey and check
	// that it hashes to StoredKey.
	signature := hmacSHA256(secret.StoredKey, authMessage)
	clientKey := make([]byte, sha256.Size)
	for k := range clientKey {
		clientKey[k] = proof[k] ^ signature[k]
	}
	sum := sha256.Sum256(clientKey)
	if !known || subtle.ConstantTimeCompare(sum[:], secret.StoredKey) != 1 {
		return errAuthFailed(user)
	}
	serverSig := hmacSHA256(secret.ServerKey, authMessage)
	c.send(&pgproto3.AuthenticationSASLFinal{Data: []byte("v=" + base64.StdEncoding.EncodeToString(serverSig))})
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source does not fail
	}
	return bytes.Clone(b)
}
