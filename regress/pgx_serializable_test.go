package regress

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ssiStep is one statement of a schedule, run by session conn.
type ssiStep struct {
	conn int
	sql  string
}

// ssiCase is a schedule of serializable (or mixed) transactions over two or three
// connections, run one statement at a time in the order given: which transactions commit,
// and what each query reads, must be what PostgreSQL's serializable isolation gives.
type ssiCase struct {
	name    string
	setup   []string
	steps   []ssiStep
	commits string // per connection, in order: "c" its last transaction committed, "f" it failed with 40001
}

// ssiOutcome is what a schedule did: the rows each query read (until its transaction
// failed) and whether each connection's transaction committed.
type ssiOutcome struct {
	reads   []string
	commits string
}

// TestPgxSerializable runs the anomalies serializable isolation prevents, each as a fixed
// interleaving of transactions on separate connections: write skew (two doctors going off
// call), a phantom inserted into a range another transaction counted, the read-only
// anomaly of Fekete et al. (a report seeing a batch closed before a receipt of it commits,
// and PostgreSQL's variant of it with two bank accounts),
// and, as controls, disjoint rows found through an index, which do not conflict, and the
// same write skew under REPEATABLE READ or with only one transaction serializable, which
// PostgreSQL lets commit. With PGFAST_REFERENCE_DSN the schedules also run in PostgreSQL,
// and the outcomes must agree.
func TestPgxSerializable(t *testing.T) {
	const ser = "BEGIN ISOLATION LEVEL SERIALIZABLE"
	doctors := []string{"DROP TABLE IF EXISTS doctors", "CREATE TABLE doctors (name text PRIMARY KEY, on_call bool NOT NULL)",
		"INSERT INTO doctors VALUES ('alice', true), ('bob', true)"}
	skew := func(beginA, beginB string) []ssiStep {
		return []ssiStep{{0, beginA}, {1, beginB},
			{0, "SELECT count(*) FROM doctors WHERE on_call"}, {1, "SELECT count(*) FROM doctors WHERE on_call"},
			{0, "UPDATE doctors SET on_call = false WHERE name = 'alice'"}, {1, "UPDATE doctors SET on_call = false WHERE name = 'bob'"},
			{0, "COMMIT"}, {1, "COMMIT"}}
	}
	cases := []ssiCase{
		{name: "write skew", setup: doctors, steps: skew(ser, ser), commits: "cf"},
		{name: "write skew, repeatable read", setup: doctors,
			steps: skew("BEGIN ISOLATION LEVEL REPEATABLE READ", "BEGIN ISOLATION LEVEL REPEATABLE READ"), commits: "cc"},
		{name: "write skew, one serializable", setup: doctors, steps: skew(ser, "BEGIN ISOLATION LEVEL REPEATABLE READ"), commits: "cc"},
		{name: "write skew, other serializable", setup: doctors, steps: skew("BEGIN ISOLATION LEVEL REPEATABLE READ", ser), commits: "cc"},
		{name: "phantom in a counted range",
			setup: []string{"DROP TABLE IF EXISTS slots", "CREATE TABLE slots (k int PRIMARY KEY, who text)",
				"INSERT INTO slots VALUES (1, 'x'), (20, 'y')"},
			steps: []ssiStep{{0, ser}, {1, ser},
				{0, "SELECT count(*) FROM slots WHERE k BETWEEN 1 AND 10"}, {1, "SELECT count(*) FROM slots WHERE k BETWEEN 1 AND 10"},
				{0, "INSERT INTO slots VALUES (5, 'a')"}, {1, "INSERT INTO slots VALUES (6, 'b')"},
				{0, "COMMIT"}, {1, "COMMIT"}},
			commits: "cf"},
		{name: "read-only anomaly",
			setup: []string{"DROP TABLE IF EXISTS bank_account",
				"CREATE TABLE bank_account (id text PRIMARY KEY, balance numeric NOT NULL)",
				"INSERT INTO bank_account VALUES ('X', 0), ('Y', 0)"},
			steps: []ssiStep{{0, ser}, {1, ser}, {2, ser + " READ ONLY"},
				{1, "SELECT balance FROM bank_account WHERE id = 'X'"}, {1, "SELECT balance FROM bank_account WHERE id = 'Y'"},
				{0, "SELECT balance FROM bank_account WHERE id = 'Y'"}, {0, "UPDATE bank_account SET balance = 20 WHERE id = 'Y'"},
				{0, "COMMIT"},
				{2, "SELECT id, balance FROM bank_account WHERE id IN ('X', 'Y') ORDER BY id"}, {2, "COMMIT"},
				{1, "UPDATE bank_account SET balance = -11 WHERE id = 'X'"}, {1, "COMMIT"}},
			commits: "cfc"},
		{name: "read-only anomaly, batches and receipts",
			setup: []string{"DROP TABLE IF EXISTS ctl", "DROP TABLE IF EXISTS receipt",
				"CREATE TABLE ctl (k text PRIMARY KEY, deposit_no int NOT NULL)", "INSERT INTO ctl VALUES ('batch', 1)",
				"CREATE TABLE receipt (id int PRIMARY KEY, deposit_no int NOT NULL, amount numeric NOT NULL)",
				"INSERT INTO receipt VALUES (1, 1, 10)"},
			steps: []ssiStep{{0, ser}, {1, ser}, {2, ser + " READ ONLY"},
				{0, "SELECT deposit_no FROM ctl WHERE k = 'batch'"},
				{1, "UPDATE ctl SET deposit_no = deposit_no + 1 WHERE k = 'batch'"}, {1, "COMMIT"},
				{2, "SELECT deposit_no FROM ctl WHERE k = 'batch'"}, {2, "SELECT sum(amount) FROM receipt WHERE deposit_no = 1"},
				{2, "COMMIT"},
				{0, "INSERT INTO receipt VALUES (2, 1, 20)"}, {0, "COMMIT"}},
			commits: "fcc"},
		{name: "disjoint rows through an index",
			setup: []string{"DROP TABLE IF EXISTS acct", "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)",
				"INSERT INTO acct SELECT g, 100 FROM generate_series(1, 1000) g", "ANALYZE acct"},
			steps: []ssiStep{{0, ser}, {1, ser},
				{0, "SELECT bal FROM acct WHERE id = 1"}, {1, "SELECT bal FROM acct WHERE id = 900"},
				{0, "UPDATE acct SET bal = bal - 10 WHERE id = 1"}, {1, "UPDATE acct SET bal = bal + 10 WHERE id = 900"},
				{0, "SELECT bal FROM acct WHERE id = 1"}, {1, "SELECT bal FROM acct WHERE id = 900"},
				{0, "COMMIT"}, {1, "COMMIT"}},
			commits: "cc"},
	}
	srv := newPgxServer(t)
	var ref string
	if dsn := os.Getenv("PGFAST_REFERENCE_DSN"); dsn != "" {
		ref = dsn
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := runSchedule(t, srv.url, c)
			if got.commits != c.commits {
				t.Errorf("commits %q, want %q (reads %q)", got.commits, c.commits, got.reads)
			}
			if ref == "" {
				return
			}
			want := runSchedule(t, ref, c)
			if got.commits != want.commits || strings.Join(got.reads, ";") != strings.Join(want.reads, ";") {
				t.Errorf("pgfast: commits %q reads %q\nPostgreSQL: commits %q reads %q", got.commits, got.reads, want.commits, want.reads)
			}
		})
	}
}

// runSchedule runs c on the server at url, each connection's statements in the order of
// c.steps, and returns what it did. A statement failing with 40001 ends its connection's
// transaction (the rest of it is skipped); any other error fails the test.
func runSchedule(t *testing.T, url string, c ssiCase) ssiOutcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	conns := make([]*pgx.Conn, len(c.commits))
	for i := range conns {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		conns[i] = conn
	}
	for _, sql := range c.setup {
		if _, err := conns[0].Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	var out ssiOutcome
	failed := make([]bool, len(conns))
	for _, st := range c.steps {
		if failed[st.conn] {
			continue
		}
		rows, err := queryText(ctx, conns[st.conn], st.sql)
		switch {
		case pgCode(err) == "40001":
			failed[st.conn] = true
			conns[st.conn].Exec(ctx, "ROLLBACK")
		case err != nil:
			t.Fatalf("session %d: %s: %v", st.conn, st.sql, err)
		case strings.HasPrefix(st.sql, "SELECT"):
			out.reads = append(out.reads, fmt.Sprintf("%d:%s", st.conn, rows))
		}
	}
	for _, f := range failed {
		out.commits += map[bool]string{false: "c", true: "f"}[f]
	}
	return out
}

// queryText runs sql and renders its rows as text.
func queryText(ctx context.Context, conn *pgx.Conn, sql string) (string, error) {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return "", err
	}
	var lines []string
	for rows.Next() {
		vals := rows.RawValues()
		cols := make([]string, len(vals))
		for i, v := range vals {
			cols[i] = string(v)
		}
		lines = append(lines, strings.Join(cols, "|"))
	}
	return strings.Join(lines, ","), rows.Err()
}
