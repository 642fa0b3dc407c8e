package regress

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// dumpedSchema is a database with what pg_dump must carry over: schemas, an enum, a
// sequence, a serial key, unique and check constraints, expression and partial indexes, a
// view, comments, jsonb, and SQL functions and a procedure.
const dumpedSchema = `
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'application schema';
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE app.counter START 100;
SELECT setval('app.counter', 120);
CREATE TABLE app.people (id serial PRIMARY KEY, name text NOT NULL UNIQUE, mood app.mood,
  info jsonb, score numeric(10,2) CHECK (score >= 0));
COMMENT ON TABLE app.people IS 'the people';
COMMENT ON COLUMN app.people.name IS 'their name';
INSERT INTO app.people (name, mood, info, score) VALUES ('ann', 'happy', '{"a": [1, 2]}', 3.5),
  ('bob', 'sad', NULL, 0), ('cy', NULL, '{"k": "v''q", "n": null}', NULL);
CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz, payload jsonb, tags text);
INSERT INTO events VALUES (1, '2024-01-02 03:04:05+00', '[1, {"x": null}]', E'a\tb\\c'), (2, NULL, NULL, NULL);
CREATE UNIQUE INDEX people_lower_name ON app.people (lower(name)) WHERE score IS NOT NULL;
CREATE INDEX events_next ON events ((id + 1));
CREATE VIEW app.happy AS SELECT id, name FROM app.people WHERE mood = 'happy';
COMMENT ON VIEW app.happy IS 'happy ones';
CREATE FUNCTION app.label(p_id int, suffix text DEFAULT '!') RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT name || suffix FROM app.people WHERE id = p_id $$;
COMMENT ON FUNCTION app.label(int, text) IS 'a name with a suffix';
CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql IMMUTABLE STRICT RETURN x * 2;
CREATE FUNCTION app.upto(k int) RETURNS TABLE(id int, name text) LANGUAGE sql
  AS $$ SELECT id, name FROM app.people WHERE id <= k ORDER BY id $$;
CREATE PROCEDURE app.add_person(n text) LANGUAGE sql AS $$ INSERT INTO app.people (name) VALUES (n) $$;
`

// dumpChecks are the queries whose results must survive a dump and restore.
var dumpChecks = []string{
	`SELECT id, name, mood, info, score FROM app.people ORDER BY id`,
	`SELECT id, at, payload, tags FROM events ORDER BY id`,
	`SELECT * FROM app.happy ORDER BY id`,
	`SELECT last_value, is_called FROM app.counter`,
	`SELECT last_value, is_called FROM app.people_id_seq`,
	`SELECT obj_description('app.people'::regclass, 'pg_class'), col_description('app.people'::regclass, 2),
	        obj_description('app.happy'::regclass, 'pg_class'),
	        obj_description((SELECT oid FROM pg_namespace WHERE nspname = 'app'), 'pg_namespace')`,
	`SELECT enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' ORDER BY enumsortorder`,
	`SELECT conname, contype FROM pg_constraint WHERE conrelid = 'app.people'::regclass ORDER BY conname`,
	`SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('people_lower_name', 'events_next') ORDER BY 1`,
	`SELECT app.label(1), app.label(2, '?'), twice(21), twice(NULL), (SELECT count(*) FROM app.upto(2))`,
	`SELECT obj_description('app.label(int,text)'::regprocedure, 'pg_proc'),
	        pg_get_function_arguments('app.add_person'::regproc), pg_get_function_result('app.upto'::regproc)`,
	`SELECT proname, prokind, provolatile, proisstrict, pronargs, pronargdefaults FROM pg_proc
	 WHERE pronamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('app', 'public')) ORDER BY proname`,
}

// TestPgDump dumps a pgfast database with PostgreSQL 15's pg_dump, in the plain and the
// custom format, restores the plain dump into a fresh pgfast and (when
// PGFAST_REFERENCE_DSN names one) into PostgreSQL, and checks that every restored database
// answers dumpChecks as the original does.
func TestPgDump(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("-target: this test dumps pgfast itself")
	}
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Skip("pg_dump is not installed (Debian: postgresql-client)")
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	src := startServer(t, t.TempDir())
	host, port := hostPort(src)
	ctx := t.Context()
	runPsql(t, psql, []string{"-h", host, "-p", port, "-U", "postgres", "-d", RegressionDB}, dumpedSchema)
	want := answers(t, connString(src))

	dir := t.TempDir()
	plain, custom := filepath.Join(dir, "dump.sql"), filepath.Join(dir, "dump.custom")
	for _, args := range [][]string{{"-f", plain}, {"-Fc", "-f", custom}} {
		cmd := exec.CommandContext(ctx, pgDump, append([]string{"-h", host, "-p", port, "-U", "postgres", RegressionDB}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pg_dump %v: %v\n%s", args, err, out)
		}
	}
	if restore, err := exec.LookPath("pg_restore"); err == nil {
		out, err := exec.CommandContext(ctx, restore, "-f", "-", custom).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "CREATE TABLE app.people") || !strings.Contains(string(out), "COPY public.events") {
			t.Fatalf("pg_restore of the custom archive: %v\n%s", err, out)
		}
	}
	script, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}

	// Into a fresh pgfast.
	dst := startServer(t, t.TempDir())
	dhost, dport := hostPort(dst)
	runPsql(t, psql, []string{"-h", dhost, "-p", dport, "-U", "postgres", "-d", RegressionDB}, string(script))
	compareAnswers(t, "pgfast", want, answers(t, connString(dst)))

	// Into PostgreSQL, in a database of its own.
	ref := os.Getenv("PGFAST_REFERENCE_DSN")
	if ref == "" {
		t.Log("PGFAST_REFERENCE_DSN not set: the dump is not restored into PostgreSQL")
		return
	}
	db := fmt.Sprintf("pgfast_dump_%d", time.Now().UnixNano())
	admin, err := pgx.Connect(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "DROP DATABASE "+db)
	u, err := url.Parse(ref)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	runPsql(t, psql, []string{"-d", u.String()}, string(script))
	compareAnswers(t, "PostgreSQL", want, answers(t, u.String()))
}

// runPsql runs a script through psql, stopping at the first error.
func runPsql(t *testing.T, psql string, conn []string, script string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), psql, append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1"}, conn...)...)
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("psql %v: %v\n%s", conn, err, out)
	}
}

// answers runs dumpChecks on a server and returns each one's rows, as text.
func answers(t *testing.T, dsn string) []string {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var out []string
	for _, q := range dumpChecks {
		rows, err := conn.Query(t.Context(), q, pgx.QueryResultFormats{pgx.TextFormatCode})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var sb strings.Builder
		for rows.Next() {
			for i, raw := range rows.RawValues() {
				if i > 0 {
					sb.WriteByte('|')
				}
				if raw == nil {
					sb.WriteString("NULL")
				} else {
					sb.Write(raw)
				}
			}
			sb.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, sb.String())
	}
	return out
}

func compareAnswers(t *testing.T, where string, want, got []string) {
	t.Helper()
	for i := range want {
		if want[i] != got[i] {
			t.Errorf("restored into %s, %s\n got: %q\nwant: %q", where, dumpChecks[i], got[i], want[i])
		}
	}
}
