package regress

import (
	"os/exec"
	"path/filepath"
	"slices"
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
		cmd := exec.Command(psql, "-X", "-A", "-t", "-q", "-v", "VERBOSITY=verbose", "-h", host, "-p", port, "-U", "postgres", "-d", RegressionDB, "-c", c.sql)
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
			want: "text[]|text\ntext[]|text text, tokenizer text"},
		{sql: `SELECT tokenize(1)`, wantErr: "42883"},
	})
}

// TestTokenizerPsql checks the WordPiece tokenizer functions through psql with
// bert-base-uncased (which ships beside the repository): by registered name and by path,
// token ids with and without special tokens, tokens() in FROM beside a table, and the
// errors for bad tokenizer arguments.
func TestTokenizerPsql(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "data", "bert-base-uncased"))
	if err != nil {
		t.Fatal(err)
	}
	vocab := filepath.Join(dir, "vocab.txt")
	missing := filepath.Join(t.TempDir(), "tokenizer.json")
	const hello = `'Hello world! Rust makes infra fast.'`
	runPsqlCases(t, []psqlCase{
		{sql: `SELECT tokenizer_register('bert', '` + filepath.Join(dir, "tokenizer.json") + `')`, want: `30522`},
		{sql: `SELECT tokenize(` + hello + `, 'bert')`, want: `{hello,world,!,rust,makes,in,##fra,fast,.}`},
		{sql: `SELECT token_ids(` + hello + `, 'bert', false)`, want: `{7592,2088,999,18399,3084,1999,27843,3435,1012}`},
		{sql: `SELECT token_ids(` + hello + `, 'bert')`, want: `{101,7592,2088,999,18399,3084,1999,27843,3435,1012,102}`},
		{sql: `SELECT token_ids('Héllo [MASK]!', '` + vocab + `', add_special_tokens => false)`, want: `{7592,103,999}`},
		{sql: `SELECT token, id, start, "end" FROM tokens('Ça marche!', 'bert')`, want: "ca|6187|0|2\nmarche|28791|3|9\n!|999|9|10"},
		{sql: `SELECT d.id, t.token, substr(d.body, t.start + 1, t."end" - t.start)
		         FROM (VALUES (1, 'Über alles'), (2, NULL), (3, 'Dat''s it')) d(id, body), tokens(d.body, 'bert') t
		        ORDER BY d.id, t.start`,
			want: "1|uber|Über\n1|all|all\n1|##es|es\n3|dat|Dat\n3|'|'\n3|s|s\n3|it|it"},
		{sql: `SELECT tokenize(NULL, 'bert') IS NULL, token_ids('x', NULL) IS NULL`, want: `t|t`},
		{sql: `SELECT tokenize('x', '` + missing + `')`, wantErr: `58P01: could not open file "` + missing + `": No such file or directory`},
		{sql: `SELECT token_ids('x', 'no_such_tokenizer')`, wantErr: `42704: tokenizer "no_such_tokenizer" does not exist`},
		{sql: `SELECT * FROM tokens('x', 'rel/vocab.txt')`, wantErr: `42602: relative path not allowed for tokenizer file "rel/vocab.txt"`},
	})
}

// TestTokenizerNamesSurviveRestart registers a tokenizer through pgx, restarts the server
// over the same data directory and uses the name again, with int4[] ids in binary.
func TestTokenizerNamesSurviveRestart(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("pgfast's own functions: nothing to compare with PostgreSQL")
	}
	path, err := filepath.Abs(filepath.Join("..", "..", "shared", "data", "bert-base-uncased", "vocab.txt"))
	if err != nil {
		t.Fatal(err)
	}
	srv := newPgxServer(t)
	var size int32
	if err := srv.connect(t).QueryRow(t.Context(), `SELECT tokenizer_register('kept', $1)`, path).Scan(&size); err != nil || size != 30522 {
		t.Fatalf("tokenizer_register: %d, %v", size, err)
	}
	srv.restart(t)
	var ids []int32
	if err := srv.connect(t).QueryRow(t.Context(), `SELECT token_ids($1, 'kept')`, "Hello world!").Scan(&ids); err != nil {
		t.Fatal(err)
	}
	if want := []int32{101, 7592, 2088, 999, 102}; !slices.Equal(ids, want) {
		t.Errorf("token_ids after a restart = %v, want %v", ids, want)
	}
}
