package wire

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
	"github.com/pgfast/pgfast/wire/scram"
)

// Authentication. pgfast trusts every client unless a Credentials store is configured; then
// clients authenticate with SCRAM-SHA-256 (RFC 5802, RFC 7677), PostgreSQL's default
// password method, which never sends the password and lets the client verify the server
// too. Channel binding (SCRAM-SHA-256-PLUS) is not offered.

// SCRAMSecret is what the server keeps of a password (package scram).
type SCRAMSecret = scram.Secret

// NewSCRAMSecret derives a secret from a password with a random salt.
func NewSCRAMSecret(password string) (*SCRAMSecret, error) { return scram.New(password) }

// ParseSCRAMSecret reads a secret in PostgreSQL's format.
func ParseSCRAMSecret(text string) (*SCRAMSecret, error) { return scram.Parse(text) }

const scramIterations = scram.Iterations

func deriveSCRAMSecret(password string, salt []byte, iterations int) (*SCRAMSecret, error) {
	return scram.Derive(password, salt, iterations)
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

// LoginChecker decides whether a user may start a session at all, once authenticated (or
// trusted): a role without LOGIN may not.
type LoginChecker interface {
	CheckLogin(user string) error
}

// WithLoginCheck makes every session start ask lc whether its user may log in.
func WithLoginCheck(lc LoginChecker) Option {
	return func(s *Server) { s.login = lc }
}

func hmacSHA256(key, msg []byte) []byte { return scram.HMAC(key, msg) }

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
