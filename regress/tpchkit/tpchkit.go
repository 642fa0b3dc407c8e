// Package tpchkit drives the TPC-H kit shipped beside the repository (../shared/tpch): it
// generates data with the kit's dbgen, loads it into any PostgreSQL-wire server over COPY
// FROM STDIN, reads the 22 queries with their validation parameters, and compares results
// with the kit's reference answers, normalized as the kit's harness normalizes them. The
// CI test (regress/tpch_test.go) and the benchmark command (cmd/tpch) share it. Like the
// rest of regress's non-test code it imports nothing of pgfast.
package tpchkit

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Tables are TPC-H's tables in load order.
var Tables = []string{"region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"}

// Generate writes the tables of scale factor sf into dir with the kit's gen.sh (which
// compiles dbgen with gcc and make), unless dir holds them already.
func Generate(kit, sf, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "lineitem.tbl")); err == nil {
		return nil
	}
	out, err := exec.Command(filepath.Join(kit, "gen.sh"), sf, dir).CombinedOutput()
	if err != nil {
		return fmt.Errorf("gen.sh (needs gcc and make): %v\n%s", err, out)
	}
	return nil
}

// LoadTimes are the seconds each table's COPY took, and ANALYZE's.
type LoadTimes struct {
	Tables  map[string]time.Duration
	Copy    time.Duration // all COPYs
	Analyze time.Duration
}

// Load creates the kit's schema and copies every table's .tbl file in over COPY FROM STDIN
// (text format, '|' as delimiter), each table in a transaction of its own as the kit's
// harness does, then runs ANALYZE.
func Load(ctx context.Context, conn *pgx.Conn, kit, data string) (*LoadTimes, error) {
	schema, err := os.ReadFile(filepath.Join(kit, "schema.sql"))
	if err != nil {
		return nil, err
	}
	for _, t := range Tables {
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
			return nil, err
		}
	}
	if _, err := conn.Exec(ctx, string(schema)); err != nil {
		return nil, fmt.Errorf("schema.sql: %w", err)
	}
	lt := &LoadTimes{Tables: map[string]time.Duration{}}
	start := time.Now()
	for _, tbl := range Tables {
		t0 := time.Now()
		if err := copyTable(ctx, conn, tbl, filepath.Join(data, tbl+".tbl")); err != nil {
			return nil, err
		}
		lt.Tables[tbl] = time.Since(t0)
	}
	lt.Copy = time.Since(start)
	t0 := time.Now()
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		return nil, fmt.Errorf("ANALYZE: %w", err)
	}
	lt.Analyze = time.Since(t0)
	return lt, nil
}

func copyTable(ctx context.Context, conn *pgx.Conn, tbl, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		return err
	}
	_, err = conn.PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY "+tbl+" FROM STDIN WITH (DELIMITER '|')")
	if err != nil {
		conn.Exec(ctx, "ROLLBACK")
		return fmt.Errorf("COPY %s: %w", tbl, err)
	}
	_, err = conn.Exec(ctx, "COMMIT")
	return err
}

// Query returns the text of query n for scale factor sf: Q11's fraction is 0.0001/SF by
// the specification (2.4.11.3), and the kit's text holds the value for SF 1.
func Query(kit string, n int, sf string) (string, error) {
	b, err := os.ReadFile(filepath.Join(kit, "queries", fmt.Sprintf("q%02d.sql", n)))
	if err != nil {
		return "", err
	}
	sql := string(b)
	if n == 11 {
		f, err := strconv.ParseFloat(sf, 64)
		if err != nil {
			return "", err
		}
		sql = strings.Replace(sql, "0.0001000000", strconv.FormatFloat(0.0001/f, 'f', 10, 64), 1)
	}
	return sql, nil
}

// Answer is a query result as text: column names and rows.
type Answer struct {
	Cols []string
	Rows [][]string
}

// ReadAnswer reads query n's reference answer for scale factor sf, or nil when the kit has
// none for that scale.
func ReadAnswer(kit string, n int, sf string) (*Answer, error) {
	f, err := os.Open(filepath.Join(kit, "answers", "sf"+sf, fmt.Sprintf("q%02d.csv", n)))
	if os.IsNotExist(err) {
		return nil, nil
	}
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
		return nil, fmt.Errorf("%s is empty", f.Name())
	}
	return &Answer{Cols: recs[0], Rows: recs[1:]}, nil
}

// Run runs sql over the simple protocol and normalizes the text of every value by its
// column's type: numbers with a fraction to two decimals, blank-padded strings trimmed.
func Run(ctx context.Context, conn *pgx.Conn, sql string) (*Answer, error) {
	results, err := conn.PgConn().Exec(ctx, sql).ReadAll()
	if err != nil {
		return nil, err
	}
	res := results[len(results)-1]
	a := &Answer{}
	for _, fd := range res.FieldDescriptions {
		a.Cols = append(a.Cols, fd.Name)
	}
	for _, row := range res.Rows {
		out := make([]string, len(row))
		for i, v := range row {
			if v == nil {
				out[i] = "NULL"
				continue
			}
			out[i] = normalize(res.FieldDescriptions[i].DataTypeOID, string(v))
		}
		a.Rows = append(a.Rows, out)
	}
	return a, nil
}

func normalize(oid uint32, s string) string {
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

// Compare returns "" when got matches want row by row, or as a multiset of rows (ORDER BY
// may leave ties), else a description of the first difference. Numbers match within one
// cent.
func Compare(got, want *Answer) string {
	if len(got.Cols) != len(want.Cols) {
		return fmt.Sprintf("%d columns %v, want %d %v", len(got.Cols), got.Cols, len(want.Cols), want.Cols)
	}
	if len(got.Rows) != len(want.Rows) {
		return fmt.Sprintf("%d rows, want %d", len(got.Rows), len(want.Rows))
	}
	inOrder := true
	for i := range got.Rows {
		if !rowsMatch(got.Rows[i], want.Rows[i]) {
			inOrder = false
			break
		}
	}
	if inOrder {
		return ""
	}
	g, w := sortedRows(got.Rows), sortedRows(want.Rows)
	for i := range g {
		if !rowsMatch(g[i], w[i]) {
			return fmt.Sprintf("row %v, want %v", g[i], w[i])
		}
	}
	return ""
}

func rowsMatch(a, b []string) bool {
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

func sortedRows(rows [][]string) [][]string {
	out := append([][]string(nil), rows...)
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}
