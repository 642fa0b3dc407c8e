package regress

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// viewStep is one statement of TestPgxUpdatableViews: its parameters and the SQLSTATE it
// ends with ("" for success).
type viewStep struct {
	sql  string
	args []any
	code string
}

// updatableViewSteps write through views over the extended protocol, with bound
// parameters: simple and nested views, RETURNING, the refusals of views and columns that
// are not updatable, WITH CHECK OPTION and the view owner's privileges.
var updatableViewSteps = []viewStep{
	{sql: "CREATE TABLE pv_t (id int PRIMARY KEY, name text DEFAULT 'anon', score int CHECK (score < 1000))"},
	{sql: "CREATE VIEW pv_v AS SELECT id, name AS who, score, score * 10 AS scaled FROM pv_t WHERE score >= 0"},
	{sql: "CREATE VIEW pv_vv AS SELECT id, who, score FROM pv_v WHERE id < 100 WITH CASCADED CHECK OPTION"},
	{sql: "CREATE VIEW pv_grouped AS SELECT score, count(*) FROM pv_t GROUP BY score"},
	{sql: "INSERT INTO pv_v (id, who, score) VALUES ($1, $2, $3) RETURNING id, who, scaled", args: []any{1, "ann", 5}},
	{sql: "INSERT INTO pv_v (id, score) VALUES ($1, $2) RETURNING *", args: []any{2, 7}},
	{sql: "INSERT INTO pv_v (id, scaled) VALUES ($1, $2)", args: []any{3, 30}, code: "0A000"},
	{sql: "INSERT INTO pv_v (id, score) VALUES ($1, $2)", args: []any{3, 5000}, code: "23514"},
	{sql: "INSERT INTO pv_v (id, score) VALUES (1, 1)", code: "23505"},
	{sql: "UPDATE pv_v SET score = score + $1 WHERE who = $2 RETURNING id, scaled", args: []any{1, "ann"}},
	{sql: "UPDATE pv_v SET scaled = 0", code: "0A000"},
	{sql: "UPDATE pv_v SET missing = 0", code: "42703"},
	{sql: "INSERT INTO pv_vv VALUES ($1, $2) RETURNING *", args: []any{4, "no score"}, code: "44000"},
	{sql: "INSERT INTO pv_vv VALUES ($1, $2, $3) RETURNING *", args: []any{4, "dee", 1}},
	{sql: "INSERT INTO pv_vv VALUES ($1, $2, $3)", args: []any{400, "too big", 1}, code: "44000"},
	{sql: "UPDATE pv_vv SET id = id + 500 WHERE id = $1", args: []any{4}, code: "44000"},
	{sql: "DELETE FROM pv_vv WHERE id = $1 RETURNING *", args: []any{4}},
	{sql: "DELETE FROM pv_grouped", code: "55000"},
	{sql: "UPDATE pv_grouped SET score = 1", code: "55000"},
	{sql: "INSERT INTO pv_grouped VALUES (1, 1)", code: "55000"},
	{sql: "INSERT INTO pv_v (id, who, score) VALUES (1, 'again', 1) ON CONFLICT (id) DO UPDATE SET who = excluded.who RETURNING id, who"},
	{sql: "SELECT id, name, score FROM pv_t ORDER BY id"},
	{sql: "SELECT table_name, is_updatable, is_insertable_into, check_option FROM information_schema.views WHERE table_name LIKE 'pv\\_%' ORDER BY 1"},
	{sql: "SELECT pg_relation_is_updatable('pv_grouped'::regclass, false), pg_relation_is_updatable('pv_vv'::regclass, false), pg_column_is_updatable('pv_v'::regclass, 4::int2, false)"},
	// The user needs privileges on the view; the view's owner on the table.
	{sql: "CREATE ROLE pv_owner"},
	{sql: "CREATE ROLE pv_user"},
	{sql: "GRANT SELECT, UPDATE ON pv_t TO pv_owner"},
	{sql: "ALTER VIEW pv_v OWNER TO pv_owner"},
	{sql: "GRANT SELECT, INSERT, UPDATE, DELETE ON pv_v TO pv_user"},
	{sql: "SET ROLE pv_user"},
	{sql: "UPDATE pv_v SET who = 'by user' WHERE id = $1", args: []any{2}},
	{sql: "INSERT INTO pv_v (id, score) VALUES (9, 9)", code: "42501"},
	{sql: "DELETE FROM pv_v", code: "42501"},
	{sql: "UPDATE pv_t SET name = 'direct'", code: "42501"},
	{sql: "RESET ROLE"},
	{sql: "SELECT id, name FROM pv_t ORDER BY id"},
	{sql: "DROP TABLE pv_t CASCADE"},
	{sql: "DROP ROLE pv_owner"},
	{sql: "DROP ROLE pv_user"},
}

// TestPgxUpdatableViews runs updatableViewSteps on pgfast (or the -target server),
// checking each SQLSTATE, and, when PGFAST_REFERENCE_DSN names a PostgreSQL server and
// pgfast is tested, on PostgreSQL too (in a database of its own): both must end every step
// with the same SQLSTATE, message and detail, and return the same rows.
func TestPgxUpdatableViews(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	// Roles are the whole server's, which other runs may share: this run's are its own.
	suffix := fmt.Sprintf("_%d", time.Now().UnixNano())
	roles := strings.NewReplacer("pv_owner", "pv_owner"+suffix, "pv_user", "pv_user"+suffix)
	var ref *pgx.Conn
	if dsn := os.Getenv("PGFAST_REFERENCE_DSN"); dsn != "" && srv.app != nil {
		// Drop what a failed run leaves behind.
		ref = referenceDatabase(t, dsn, "pgfast_views", roles.Replace("DROP ROLE IF EXISTS pv_owner"), roles.Replace("DROP ROLE IF EXISTS pv_user"))
	} else {
		// Without a reference, or run against one (-target), the table's SQLSTATEs are
		// what is checked.
		t.Log("no PostgreSQL to compare with: SQLSTATEs are checked against the table only")
	}
	for i, s := range updatableViewSteps {
		s.sql = roles.Replace(s.sql)
		got := runViewStep(t.Context(), conn, s)
		if got.code != s.code {
			t.Fatalf("step %d %s: pgfast gave SQLSTATE %q (%s), want %q", i, s.sql, got.code, got.msg, s.code)
		}
		if ref == nil {
			continue
		}
		want := runViewStep(t.Context(), ref, s)
		if want.code != s.code {
			t.Fatalf("step %d %s: PostgreSQL gave SQLSTATE %q (%s), the table says %q", i, s.sql, want.code, want.msg, s.code)
		}
		if got != want {
			t.Errorf("step %d %s:\npgfast:     %+v\nPostgreSQL: %+v", i, s.sql, got, want)
		}
	}
	assertUsable(t, conn)
}

// viewOutcome is how a step ended: its error's SQLSTATE, message and detail, or its rows
// as text.
type viewOutcome struct {
	code, msg, detail string
	rows              string
}

func runViewStep(ctx context.Context, conn *pgx.Conn, s viewStep) viewOutcome {
	rows, err := conn.Query(ctx, s.sql, s.args...)
	var out viewOutcome
	if err == nil {
		for rows.Next() {
			vals, verr := rows.Values()
			if verr != nil {
				err = verr
				break
			}
			out.rows += fmt.Sprintln(vals...)
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return viewOutcome{code: pe.Code, msg: pe.Message, detail: pe.Detail}
	}
	if err != nil {
		return viewOutcome{code: "?", msg: err.Error()}
	}
	return out
}

// referenceDatabase connects to a new database of the PostgreSQL server dsn names, dropped
// when the test ends, after which the statements cleanup run.
func referenceDatabase(t *testing.T, dsn, prefix string, cleanup ...string) *pgx.Conn {
	t.Helper()
	ctx := t.Context()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		bg := context.Background()
		conn.Close(bg)
		admin.Exec(bg, "DROP DATABASE "+db)
		for _, sql := range cleanup {
			admin.Exec(bg, sql)
		}
		admin.Close(bg)
	})
	return conn
}
