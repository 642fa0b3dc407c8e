package regress

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var tpchFlag = flag.String("tpch", filepath.Join("..", "..", "shared", "tpch"),
	"directory holding the TPC-H kit (gen.sh, schema.sql, queries/, answers/)")

// tpchScale is the scale factor the test runs at: 600,572 lineitem rows, small enough for CI
// and large enough that a quadratic plan shows.
const tpchScale = "0.1"

// tpchTables are TPC-H's tables in load order.
var tpchTables = []string{"region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"}

// TestTPCH generates TPC-H data at scale 0.1 with the kit's reference generator, loads it
// into pgfast over COPY FROM STDIN, runs the 22 queries with the specification's text and
// compares each result with the kit's reference answers, normalized as the kit's harness
// does: numbers to two decimals (within one cent), character(n) blanks trimmed, and the row
// order of the answer unless the query's ORDER BY leaves ties (then as a multiset).
//
// With -target the test is skipped: PostgreSQL takes minutes on Q17 and Q20 even at this
// scale, and the answers themselves come from the kit, computed by DuckDB and PostgreSQL.
func TestTPCH(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("-target: the TPC-H answers are the kit's reference files, not a target's output")
	}
	kit, err := filepath.Abs(*tpchFlag)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(kit, "gen.sh")); err != nil {
		t.Fatalf("the TPC-H kit is not at %s (it ships beside the repository as ../shared/tpch; "+
			"point -tpch at it): %v", kit, err)
	}
	data := t.TempDir()
	gen := exec.Command(filepath.Join(kit, "gen.sh"), tpchScale, data)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gen.sh (needs gcc and make): %v\n%s", err, out)
	}

	srv := startServer(t, t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	loadTPCH(ctx, t, conn, kit, data)

	for n := 1; n <= 22; n++ {
		name := fmt.Sprintf("q%02d", n)
		t.Run(name, func(t *testing.T) {
			sql, err := tpchQuery(kit, n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := readAnswerCSV(filepath.Join(kit, "answers", "sf"+tpchScale, name+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := runNormalized(ctx, conn, sql)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if diff := compareAnswer(got, want); diff != "" {
				t.Errorf("%s: %s", name, diff)
			}
		})
	}
}

// loadTPCH creates the kit's schema and copies every table's .tbl file in over COPY FROM
// STDIN, in the text format with '|' as delimiter, as the kit's harness loads a server.
func loadTPCH(ctx context.Context, t *testing.T, conn *pgx.Conn, kit, data string) {
	t.Helper()
	schema, err := os.ReadFile(filepath.Join(kit, "schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, string(schema)); err != nil {
		t.Fatalf("schema.sql: %v", err)
	}
	for _, tbl := range tpchTables {
		f, err := os.Open(filepath.Join(data, tbl+".tbl"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = conn.PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20),
			"COPY "+tbl+" FROM STDIN WITH (DELIMITER '|')")
		f.Close()
		if err != nil {
			t.Fatalf("COPY %s: %v", tbl, err)
		}
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatalf("ANALYZE: %v", err)
	}
}

// tpchQuery reads query n; Q11's fraction is 0.0001/SF by the specification (2.4.11.3), and
// the kit's text holds the value for SF 1.
func tpchQuery(kit string, n int) (string, error) {
	b, err := os.ReadFile(filepath.Join(kit, "queries", fmt.Sprintf("q%02d.sql", n)))
	if err != nil {
		return "", err
	}
	sql := string(b)
	if n == 11 {
		sf, _ := strconv.ParseFloat(tpchScale, 64)
		sql = strings.Replace(sql, "0.0001000000", strconv.FormatFloat(0.0001/sf, 'f', 10, 64), 1)
	}
	return sql, nil
}

// answer is a query result as text: column names and rows.
type answer struct {
	cols []string
	rows [][]string
}

func readAnswerCSV(path string) (*answer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	return &answer{cols: recs[0], rows: recs[1:]}, nil
}

// runNormalized runs sql over the simple protocol and normalizes the text of every value by
// its column's type: numbers with a fraction to two decimals, blank-padded strings trimmed.
func runNormalized(ctx context.Context, conn *pgx.Conn, sql string) (*answer, error) {
	results, err := conn.PgConn().Exec(ctx, sql).ReadAll()
	if err != nil {
		return nil, err
	}
	res := results[len(results)-1]
	a := &answer{}
	for _, fd := range res.FieldDescriptions {
		a.cols = append(a.cols, fd.Name)
	}
	for _, row := range res.Rows {
		out := make([]string, len(row))
		for i, v := range row {
			if v == nil {
				out[i] = "NULL"
				continue
			}
			out[i] = normalizeValue(res.FieldDescriptions[i].DataTypeOID, string(v))
		}
		a.rows = append(a.rows, out)
	}
	return a, nil
}

func normalizeValue(oid uint32, s string) string {
	switch oid {
	case 1700, 700, 701: // numeric, float4, float8
		if !strings.ContainsAny(s, ".eE") {
			return s
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		if r := strconv.FormatFloat(f, 'f', 2, 64); r != "-0.00" {
			return r
		}
		return "0.00"
	case 20, 21, 23, 1082: // integers, date
		return s
	}
	return strings.TrimRight(s, " ")
}

// compareAnswer returns "" when got matches want row by row, or as a multiset of rows (the
// queries' ORDER BY may leave ties), else a description of the first difference.
func compareAnswer(got, want *answer) string {
	if len(got.cols) != len(want.cols) {
		return fmt.Sprintf("%d columns %v, want %d %v", len(got.cols), got.cols, len(want.cols), want.cols)
	}
	if len(got.rows) != len(want.rows) {
		return fmt.Sprintf("%d rows, want %d", len(got.rows), len(want.rows))
	}
	inOrder := true
	for i := range got.rows {
		if !answerRowsMatch(got.rows[i], want.rows[i]) {
			inOrder = false
			break
		}
	}
	if inOrder {
		return ""
	}
	g, w := sortedAnswerRows(got.rows), sortedAnswerRows(want.rows)
	for i := range g {
		if !answerRowsMatch(g[i], w[i]) {
			return fmt.Sprintf("row %v, want %v", g[i], w[i])
		}
	}
	return ""
}

func answerRowsMatch(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		fa, ea := strconv.ParseFloat(a[i], 64)
		fb, eb := strconv.ParseFloat(b[i], 64)
		if ea != nil || eb != nil {
			return false
		}
		if d := math.Abs(fa - fb); d > 0.0100001 && d > 1e-9*math.Max(math.Abs(fa), math.Abs(fb)) {
			return false
		}
	}
	return true
}

func sortedAnswerRows(rows [][]string) [][]string {
	out := append([][]string(nil), rows...)
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}
