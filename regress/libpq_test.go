package regress

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"
)

// TestLibPQ drives a server through lib/pq, the database/sql driver of older Go programs,
// and compares what it reads, line for line, with PostgreSQL 15's (libpq/expected.out):
// parameters and the Go types results scan into, NULLs, arrays, transactions, prepared
// statements, COPY through pq.CopyIn and SQLSTATEs of *pq.Error.
func TestLibPQ(t *testing.T) {
	srv := newPgxServer(t)
	e := clientEndpointOf(t, srv.url)
	if srv.app != nil {
		e.user = "postgres"
	}
	dsn := fmt.Sprintf("host=%s port=%s user=%s dbname=%s sslmode=disable timezone=UTC", e.host, e.port, e.user, e.database)
	if e.password != "" {
		dsn += " password=" + e.password
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out strings.Builder
	r := &libpqRun{t: t, db: db, out: &out}
	r.setup()
	r.types()
	r.transactions()
	r.prepared()
	r.copyIn()
	r.errors()
	r.exec("DROP SCHEMA libpq_check CASCADE") // leave the database as it was
	compareWithExpected(t, filepath.Join("libpq", "expected.out"), out.String())
}

// libpqRun holds one run's connection pool and the output it collects.
type libpqRun struct {
	t   *testing.T
	db  *sql.DB
	out *strings.Builder
}

func (r *libpqRun) printf(format string, args ...any) { fmt.Fprintf(r.out, format+"\n", args...) }

func (r *libpqRun) exec(query string, args ...any) {
	r.t.Helper()
	if _, err := r.db.Exec(query, args...); err != nil {
		r.t.Fatalf("%s: %v", query, err)
	}
}

func (r *libpqRun) setup() {
	r.exec("SET client_min_messages = warning")
	r.exec("DROP SCHEMA IF EXISTS libpq_check CASCADE")
	r.exec("CREATE SCHEMA libpq_check")
	r.exec(`CREATE TABLE libpq_check.t (id int PRIMARY KEY, name text, amount numeric(8,2), at timestamptz,
		day date, data bytea, flag boolean, ratio float8, tags text[])`)
	r.exec(`INSERT INTO libpq_check.t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
		1, "one", "12.50", time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC), "2024-03-04", []byte{0, 1, 2}, true, 0.25,
		pq.Array([]string{"a", "b c"}))
}

// types prints each column scanned into the Go type database/sql gives it.
func (r *libpqRun) types() {
	r.printf("=== types")
	rows, err := r.db.Query("SELECT id, name, amount, at, day, data, flag, ratio, tags FROM libpq_check.t ORDER BY id")
	if err != nil {
		r.t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.ColumnTypes()
	for _, c := range cols {
		r.printf("column %s %s", c.Name(), c.DatabaseTypeName())
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			r.t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				r.printf("%s: []byte %q", cols[i].Name(), b)
				continue
			}
			r.printf("%s: %T %v", cols[i].Name(), v, v)
		}
	}
	if err := rows.Err(); err != nil {
		r.t.Fatal(err)
	}
	var tags []string
	var name sql.NullString
	if err := r.db.QueryRow("SELECT tags, name FROM libpq_check.t WHERE id = $1", 1).Scan(pq.Array(&tags), &name); err != nil {
		r.t.Fatal(err)
	}
	r.printf("tags %q name %v", tags, name)
	var sum int64
	var avg float64
	if err := r.db.QueryRow("SELECT sum(x), avg(x)::float8 FROM generate_series(1, $1::int) AS x", 100).Scan(&sum, &avg); err != nil {
		r.t.Fatal(err)
	}
	r.printf("sum %d avg %v", sum, avg)
}

func (r *libpqRun) transactions() {
	r.printf("=== transactions")
	tx, err := r.db.Begin()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO libpq_check.t (id, name) VALUES (3, 'three')"); err != nil {
		r.t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		r.t.Fatal(err)
	}
	tx, err = r.db.BeginTx(r.t.Context(), &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		r.t.Fatal(err)
	}
	var level string
	if err := tx.QueryRow("SHOW transaction_isolation").Scan(&level); err != nil {
		r.t.Fatal(err)
	}
	r.printf("isolation %s", level)
	if _, err := tx.Exec("INSERT INTO libpq_check.t (id, name) VALUES (4, 'four')"); err != nil {
		r.t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		r.t.Fatal(err)
	}
	tx, err = r.db.BeginTx(r.t.Context(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		r.t.Fatal(err)
	}
	_, err = tx.Exec("DELETE FROM libpq_check.t")
	r.printf("read-only delete: %s", sqlState(err))
	tx.Rollback()
	r.printIDs()
}

func (r *libpqRun) printIDs() {
	var ids string
	if err := r.db.QueryRow("SELECT string_agg(id::text, ',' ORDER BY id) FROM libpq_check.t").Scan(&ids); err != nil {
		r.t.Fatal(err)
	}
	r.printf("ids %s", ids)
}

func (r *libpqRun) prepared() {
	r.printf("=== prepared")
	stmt, err := r.db.Prepare("SELECT name FROM libpq_check.t WHERE id = $1")
	if err != nil {
		r.t.Fatal(err)
	}
	defer stmt.Close()
	for _, id := range []int{1, 2, 4, 5} {
		var name sql.NullString
		err := stmt.QueryRow(id).Scan(&name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			r.printf("%d: no row", id)
		case err != nil:
			r.t.Fatal(err)
		default:
			r.printf("%d: %v", id, name)
		}
	}
}

// copyIn loads rows with COPY FROM STDIN, as pq.CopyIn does it: a prepared COPY statement.
func (r *libpqRun) copyIn() {
	r.printf("=== copy")
	tx, err := r.db.Begin()
	if err != nil {
		r.t.Fatal(err)
	}
	stmt, err := tx.Prepare(pq.CopyInSchema("libpq_check", "t", "id", "name", "amount"))
	if err != nil {
		r.t.Fatal(err)
	}
	for i := 10; i < 15; i++ {
		if _, err := stmt.Exec(i, fmt.Sprintf("copied %d", i), fmt.Sprintf("%d.5", i)); err != nil {
			r.t.Fatal(err)
		}
	}
	if _, err := stmt.Exec(); err != nil {
		r.t.Fatal(err)
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		r.t.Fatal(err)
	}
	var n int
	var total string
	if err := r.db.QueryRow("SELECT count(*), sum(amount)::text FROM libpq_check.t WHERE id >= 10").Scan(&n, &total); err != nil {
		r.t.Fatal(err)
	}
	r.printf("copied %d rows, amount %s", n, total)
}

func (r *libpqRun) errors() {
	r.printf("=== errors")
	for _, q := range []string{
		"SELECT * FROM libpq_check.missing",
		"INSERT INTO libpq_check.t (id) VALUES (1)",
		"SELECT 'x'::int",
		"SELECT 1/0",
	} {
		_, err := r.db.Exec(q)
		r.printf("%s: %s", q, sqlState(err))
	}
	var one int
	if err := r.db.QueryRow("SELECT 1").Scan(&one); err != nil {
		r.t.Fatal(err)
	}
	r.printf("alive %d", one)
}

// sqlState is the SQLSTATE of a lib/pq error, or what the error is when it has none.
func sqlState(err error) string {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return string(pqErr.Code)
	}
	if err == nil {
		return "no error"
	}
	return err.Error()
}
