package wire

import (
	"bytes"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestSCRAMSecretMatchesPostgres derives secrets with the salt and iteration count that
// PostgreSQL chose for the same password and checks that the keys are PostgreSQL's. It
// needs the reference server named by PGFAST_REFERENCE_DSN (CI starts one).
func TestSCRAMSecretMatchesPostgres(t *testing.T) {
	dsn := os.Getenv("PGFAST_REFERENCE_DSN")
	if dsn == "" {
		t.Skip("PGFAST_REFERENCE_DSN not set")
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	const password = "correct horse battery staple"
	for _, sql := range []string{"DROP ROLE IF EXISTS pgfast_scram_probe", "SET password_encryption = 'scram-sha-256'",
		"CREATE ROLE pgfast_scram_probe PASSWORD '" + password + "'"} {
		if _, err := conn.Exec(t.Context(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	defer conn.Exec(t.Context(), "DROP ROLE IF EXISTS pgfast_scram_probe")
	var stored string
	if err := conn.QueryRow(t.Context(), "SELECT rolpassword FROM pg_authid WHERE rolname = 'pgfast_scram_probe'").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	theirs, err := ParseSCRAMSecret(stored)
	if err != nil {
		t.Fatalf("parse %q: %v", stored, err)
	}
	ours, err := deriveSCRAMSecret(password, theirs.Salt, theirs.Iterations)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours.StoredKey, theirs.StoredKey) || !bytes.Equal(ours.ServerKey, theirs.ServerKey) || ours.String() != stored {
		t.Fatalf("derived %s, PostgreSQL stored %s", ours, stored)
	}
}
