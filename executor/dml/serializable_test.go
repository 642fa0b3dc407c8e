package dml_test

import (
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestSerializableCommit interleaves two transactions that each read and write in one
// statement, the second committing after the first: under SERIALIZABLE the second fails
// at COMMIT with 40001 when the first changed what it read (a table it scanned, a key it
// looked up) and commits otherwise, as does a read-only transaction whatever it read;
// a transaction at another level neither fails nor makes a serializable one fail. The
// table is small enough that other levels scan it to find a key; a serializable
// transaction looks the key up instead, so rows found by key do not conflict.
func TestSerializableCommit(t *testing.T) {
	const ser = "SERIALIZABLE"
	offCall := func(name string) string {
		return "UPDATE doctors SET on_call = false WHERE name = '" + name + "' AND (SELECT count(*) FROM doctors WHERE on_call) > 1"
	}
	cases := []struct {
		interleavedCase
		firstIso string      // the first transaction's isolation level
		commit   pgcode.Code // what the second transaction's COMMIT fails with, if it does
	}{
		{interleavedCase{"write skew", ser, offCall("alice"), offCall("bob"), "COMMIT", false, "UPDATE 1", "", "", "alice|f\nbob|t\ncarol|f"},
			ser, pgcode.TRSerializationFailure},
		{interleavedCase{"write skew, second repeatable read", rr, offCall("alice"), offCall("bob"), "COMMIT", false, "UPDATE 1", "", "", "alice|f\nbob|f\ncarol|f"},
			ser, ""},
		{interleavedCase{"write skew, first read committed", ser, offCall("alice"), offCall("bob"), "COMMIT", false, "UPDATE 1", "", "", "alice|f\nbob|f\ncarol|f"},
			rc, ""},
		{interleavedCase{"write skew, first rolls back", ser, offCall("alice"), offCall("bob"), "ROLLBACK", false, "UPDATE 1", "", "", "alice|t\nbob|f\ncarol|f"},
			ser, ""},
		{interleavedCase{"read only", ser, offCall("alice"), "SELECT count(*) FROM doctors WHERE on_call", "COMMIT", false, "2", "", "", "alice|f\nbob|t\ncarol|f"},
			ser, ""},
		{interleavedCase{"rows found by key", ser, "UPDATE doctors SET on_call = NOT on_call WHERE name = 'alice'",
			"UPDATE doctors SET on_call = (SELECT on_call FROM doctors WHERE name = 'carol') WHERE name = 'bob'",
			"COMMIT", false, "UPDATE 1", "", "", "alice|f\nbob|f\ncarol|f"},
			ser, ""},
		{interleavedCase{"row found by key changed", ser, "UPDATE doctors SET on_call = NOT on_call WHERE name = 'carol'",
			"UPDATE doctors SET on_call = (SELECT on_call FROM doctors WHERE name = 'carol') WHERE name = 'bob'",
			"COMMIT", false, "UPDATE 1", "", "", "alice|t\nbob|t\ncarol|t"},
			ser, pgcode.TRSerializationFailure},
		{interleavedCase{"key looked up inserted", ser, "INSERT INTO doctors VALUES ('dave', true)",
			"UPDATE doctors SET on_call = (SELECT count(*) = 0 FROM doctors WHERE name = 'dave') WHERE name = 'bob'",
			"COMMIT", false, "UPDATE 1", "", "", "alice|t\nbob|t\ncarol|f\ndave|t"},
			ser, pgcode.TRSerializationFailure},
		{interleavedCase{"phantom in a range", ser, "INSERT INTO doctors SELECT 'dave', count(*) < 3 FROM doctors WHERE name BETWEEN 'a' AND 'c'",
			"INSERT INTO doctors SELECT 'bert', count(*) < 3 FROM doctors WHERE name BETWEEN 'a' AND 'c'",
			"COMMIT", false, "INSERT 0 1", "", "", "alice|t\nbob|t\ncarol|f\ndave|t"},
			ser, pgcode.TRSerializationFailure},
	}
	eng, st := openEngine(t, t.TempDir(), 2)
	defer st.Close()
	a, b := eng.NewSession(nil), eng.NewSession(nil)
	mustRun(t, a, "CREATE TABLE doctors (name text PRIMARY KEY, on_call bool NOT NULL)")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer exectest.Run(t, a, "ROLLBACK")
			defer exectest.Run(t, b, "ROLLBACK")
			mustRun(t, a, "TRUNCATE doctors")
			mustRun(t, a, "INSERT INTO doctors VALUES ('alice', true), ('bob', true), ('carol', false)")
			mustRun(t, a, "SET default_transaction_isolation = '"+c.firstIso+"'")
			c.run(t, a, b)
			mustRun(t, a, "RESET default_transaction_isolation")
			_, _, err := exectest.Run(t, b, "COMMIT")
			if c.commit == "" && err != nil || c.commit != "" && pgerror.GetCode(err) != c.commit {
				t.Fatalf("COMMIT: %v, want %q", err, c.commit)
			}
			if c.commit == pgcode.TRSerializationFailure {
				e := err.(*pgerror.Error)
				want := pgerror.Error{Message: "could not serialize access due to read/write dependencies among transactions",
					Detail: "Reason code: Canceled on identification as a pivot, during commit attempt.", Hint: "The transaction might succeed if retried."}
				if e.Message != want.Message || e.Detail != want.Detail || e.Hint != want.Hint {
					t.Fatalf("error %q (%q, %q), want PostgreSQL's", e.Message, e.Detail, e.Hint)
				}
			}
			if got := query(t, a, "SELECT name, on_call FROM doctors WHERE name < 'x' ORDER BY name"); got != c.after {
				t.Fatalf("rows:\n%s\nwant:\n%s", got, c.after)
			}
		})
	}
}
