package regress

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestSimpleQueryRepeated runs the same query strings again and again over the simple
// protocol, as applications sending literal SQL do, with changes in between that must reach
// them: search_path, a new column and its default, TimeZone (which a timestamptz literal is
// read with), SET ROLE, and functions evaluated on each run. A server that kept what it
// bound for a string past such a change would answer as before.
func TestSimpleQueryRepeated(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP SCHEMA IF EXISTS tc_other CASCADE", "DROP TABLE IF EXISTS tc_t",
		"DROP SEQUENCE IF EXISTS tc_s", "DROP ROLE IF EXISTS tc_nobody")
	t.Cleanup(func() {
		for _, sql := range []string{"RESET ROLE", "DROP SCHEMA IF EXISTS tc_other CASCADE", "DROP TABLE IF EXISTS tc_t",
			"DROP SEQUENCE IF EXISTS tc_s", "DROP ROLE IF EXISTS tc_nobody"} {
			conn.Exec(ctx, sql) //nolint:errcheck // best effort against a -target server
		}
	})
	const ins = "INSERT INTO tc_t VALUES (5, 'five')"
	steps := []struct {
		sql, want, code string
	}{
		{sql: "CREATE TABLE tc_t (a int, b text)"},
		{sql: "CREATE SEQUENCE tc_s"},
		{sql: "SELECT nextval('tc_s')", want: "1"},
		{sql: "SELECT nextval('tc_s')", want: "2"},
		{sql: ins},
		{sql: "CREATE SCHEMA tc_other"},
		{sql: "CREATE TABLE tc_other.tc_t (a int, b text)"},
		{sql: "SET search_path = tc_other, public"},
		{sql: ins},
		{sql: ins},
		{sql: "SELECT count(*) FROM public.tc_t", want: "1"},
		{sql: "SELECT count(*) FROM tc_other.tc_t", want: "2"},
		{sql: "RESET search_path"},
		{sql: ins},
		{sql: "ALTER TABLE tc_t ADD COLUMN d int DEFAULT 42"},
		{sql: ins},
		{sql: "SELECT count(*) FILTER (WHERE d = 42) || '/' || count(*) FROM tc_t", want: "3/3"},
		{sql: "SET TimeZone = 'UTC'"},
		{sql: "SELECT '2020-01-01 00:00'::timestamptz::text", want: "2020-01-01 00:00:00+00"},
		{sql: "SET TimeZone = 'Asia/Tokyo'"},
		{sql: "SELECT '2020-01-01 00:00'::timestamptz::text", want: "2020-01-01 00:00:00+09"},
		{sql: "RESET TimeZone"},
		{sql: "CREATE ROLE tc_nobody"},
		{sql: ins},
		{sql: "SET ROLE tc_nobody"},
		{sql: ins, code: "42501"},
		{sql: "RESET ROLE"},
		{sql: ins},
		{sql: "SELECT count(*) FROM tc_t", want: "5"},
	}
	for _, s := range steps {
		var got string
		rows, err := conn.Query(ctx, s.sql, pgx.QueryExecModeSimpleProtocol)
		if err == nil {
			for rows.Next() {
				vals, verr := rows.Values()
				if verr != nil {
					t.Fatal(verr)
				}
				got = fmt.Sprint(vals[0])
			}
			rows.Close()
			err = rows.Err()
		}
		if pgCode(err) != s.code || s.code == "" && err != nil {
			t.Fatalf("%s: %v, want SQLSTATE %q", s.sql, err, s.code)
		}
		if got != s.want {
			t.Errorf("%s: got %q, want %q", s.sql, got, s.want)
		}
	}
}
