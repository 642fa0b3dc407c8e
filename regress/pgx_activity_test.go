package regress

import (
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxStatActivity checks pg_stat_activity against real sessions: one session reads
// another's row (its application_name, state through a transaction block, last query and
// transaction start) and its own, as monitoring tools do.
func TestPgxStatActivity(t *testing.T) {
	srv := newPgxServer(t)
	ctx := t.Context()
	connect := func(app string) *pgx.Conn {
		cfg, err := pgx.ParseConfig(srv.url)
		if err != nil {
			t.Fatal(err)
		}
		cfg.RuntimeParams["application_name"] = app
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(ctx) })
		return c
	}
	a, b := connect("activity_a"), connect("activity_b")
	pidA := a.PgConn().PID()

	type row struct {
		app, state, query                      string
		sameUser, sameDB, hasXact, ordered, ok bool
	}
	read := func() row {
		t.Helper()
		var r row
		err := b.QueryRow(ctx, `SELECT application_name, state, query, usename = current_user, datname = current_database(),
			xact_start IS NOT NULL, backend_start <= query_start AND query_start <= now(),
			backend_type = 'client backend' AND (client_addr IS NULL) = (client_port = -1)
			FROM pg_stat_activity WHERE pid = $1`, pidA).
			Scan(&r.app, &r.state, &r.query, &r.sameUser, &r.sameDB, &r.hasXact, &r.ordered, &r.ok)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	exec := func(sql string) error {
		_, err := a.Exec(ctx, sql)
		return err
	}

	for _, step := range []struct {
		sql     string
		fails   bool
		want    string // state
		hasXact bool
	}{
		{sql: "SELECT 1 AS first_statement", want: "idle"},
		{sql: "BEGIN", want: "idle in transaction", hasXact: true},
		{sql: "SELECT 2 AS in_block", want: "idle in transaction", hasXact: true},
		{sql: "SELECT 1/0", fails: true, want: "idle in transaction (aborted)"},
		{sql: "ROLLBACK", want: "idle"},
	} {
		err := exec(step.sql)
		if (err != nil) != step.fails {
			t.Fatalf("%s: error %v", step.sql, err)
		}
		r := read()
		want := row{app: "activity_a", state: step.want, query: step.sql, sameUser: true, sameDB: true,
			hasXact: step.hasXact, ordered: true, ok: true}
		if r != want {
			t.Errorf("after %s:\n got %+v\nwant %+v", step.sql, r, want)
		}
	}

	const own = "SELECT state, query, application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"
	var state, query, app string
	if err := b.QueryRow(ctx, own).Scan(&state, &query, &app); err != nil {
		t.Fatal(err)
	}
	if state != "active" || query != own || app != "activity_b" {
		t.Errorf("own row: state %q, query %q, application_name %q", state, query, app)
	}
	if _, err := b.Exec(ctx, "SET application_name = 'renamed_b'"); err != nil {
		t.Fatal(err)
	}
	if err := a.QueryRow(ctx, "SELECT application_name FROM pg_stat_activity WHERE pid = $1", b.PgConn().PID()).Scan(&app); err != nil {
		t.Fatal(err)
	}
	if app != "renamed_b" {
		t.Errorf("after SET application_name: %q", app)
	}
}
