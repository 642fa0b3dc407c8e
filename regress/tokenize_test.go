package regress

import (
	"os/exec"
	"strings"
	"testing"
)

// The tokenizer functions are pgfast's own (PostgreSQL has none), so these tests run on
// pgfast only: with -target they are skipped, there being no PostgreSQL answer to check.

// psqlCase is one statement run through psql and the output it must print (unaligned,
// tuples only), or the error text psql must report.
type psqlCase struct {
	sql, want, wantErr string
}

// runPsqlCases runs each case through psql against pgfast in process.
func runPsqlCases(t *testing.T, cases []psqlCase) {
	t.Helper()
	if *targetFlag != "" {
		t.Skip("pgfast's own functions: nothing to compare with PostgreSQL")
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Fatal("psql is not on PATH (apt-get install -y postgresql-client)")
	}
	srv := newPgxServer(t)
	host, port := hostPort(srv.app)
	r := &Runner{PSQL: psql, Dir: t.TempDir()}
	for _, c := range cases {
		cmd := exec.Command(psql, "-X", "-A", "-t", "-q", "-v", "VERBOSITY=verbose", "-h", host, "-p", port, "-d", RegressionDB, "-c", c.sql)
		cmd.Env = r.Env()
		out, err := cmd.CombinedOutput()
		got := strings.TrimRight(string(out), "\n")
		switch {
		case c.wantErr != "":
			if err == nil || !strings.Contains(got, c.wantErr) {
				t.Errorf("%s\n got: %s\nwant error: %s", c.sql, got, c.wantErr)
			}
		case err != nil || got != c.want:
			t.Errorf("%s\n got: %s (%v)\nwant: %s", c.sql, got, err, c.want)
		}
	}
}

// TestTokenizeWordsPsql checks tokenize(text), the Unicode \w+ splitter, through psql.
func TestTokenizeWordsPsql(t *testing.T) {
	runPsqlCases(t, []psqlCase{
		{sql: `SELECT tokenize('Hello world! Rust makes infra fast.')`, want: `{Hello,world,Rust,makes,infra,fast}`},
		{sql: `SELECT tokenize('Ça va? Très_bien, 42 fois ½ — 東京 ٣٤ x‍y')`, want: `{Ça,va,Très_bien,42,fois,東京,٣٤,x‍y}`},
		{sql: `SELECT tokenize(''), tokenize('!?'), tokenize(NULL) IS NULL`, want: `{}|{}|t`},
		{sql: `SELECT x, cardinality(tokenize(x)) FROM (VALUES ('a b c'), (NULL), ('über alles')) v(x) ORDER BY 1`,
			want: "a b c|3\nüber alles|2\n|"},
		{sql: `SELECT w FROM unnest(tokenize('one, two; three')) AS w`, want: "one\ntwo\nthree"},
		{sql: `SELECT pg_get_function_result(p.oid), pg_get_function_arguments(p.oid) FROM pg_proc p WHERE proname = 'tokenize' ORDER BY 2`,
			want: "text[]|text"},
		{sql: `SELECT tokenize(1)`, wantErr: "42883"},
	})
}
