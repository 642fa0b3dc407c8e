package regress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// duckdbScript runs setup statements and then queries in DuckDB, an engine sharing no code
// with pgfast, through the command of ../cmd/filebench (a module of its own, so that only
// these tests build DuckDB; `go run` keeps the build in Go's build cache), and returns each
// query's rows in the canonical text form of canonicalValue.
func duckdbScript(t *testing.T, setup, queries []string) [][][]*string {
	t.Helper()
	in, err := json.Marshal(map[string][]string{"setup": setup, "queries": queries})
	if err != nil {
		t.Fatal(err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command runs DuckDB for this test: %v", err)
	}
	cmd := exec.CommandContext(t.Context(), goCmd, "run", "-C", "../cmd/filebench", ".", "duckdb")
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("DuckDB: %v\n%s", err, stderr.String())
	}
	var out struct {
		Answers [][][]*string `json:"answers"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("DuckDB's answers: %v\n%s", err, stdout.String())
	}
	if len(out.Answers) != len(queries) {
		t.Fatalf("DuckDB answered %d of %d queries", len(out.Answers), len(queries))
	}
	return out.Answers
}

// compareWithDuckDB runs each query on pgfast and checks its rows, in canonical text, equal
// DuckDB's answer to the same query text.
func compareWithDuckDB(t *testing.T, conn *pgx.Conn, queries []string, answers [][][]*string) {
	t.Helper()
	for i, q := range queries {
		got := pgfastRows(t, conn, q)
		if diff := rowsDiff(got, answers[i]); diff != "" {
			t.Errorf("%s\n%s", q, diff)
		}
	}
}

// rowsDiff describes how pgfast's rows differ from DuckDB's: the row counts and the first
// few rows that differ.
func rowsDiff(got, want [][]*string) string {
	var sb strings.Builder
	if len(got) != len(want) {
		fmt.Fprintf(&sb, "pgfast returned %d rows, DuckDB %d\n", len(got), len(want))
	}
	shown := 0
	for i := 0; i < max(len(got), len(want)) && shown < 5; i++ {
		var g, w string
		if i < len(got) {
			g = formatRows(got[i : i+1])
		}
		if i < len(want) {
			w = formatRows(want[i : i+1])
		}
		if g != w {
			fmt.Fprintf(&sb, "row %d:\n  pgfast: %s  DuckDB: %s", i, g, w)
			shown++
		}
	}
	return sb.String()
}

func pgfastRows(t *testing.T, conn *pgx.Conn, q string) [][]*string {
	t.Helper()
	// Text results: pgx decodes a binary numeric zero without its scale.
	rows, err := conn.Query(t.Context(), q, pgx.QueryResultFormats{pgx.TextFormatCode})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	out := [][]*string{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		row := make([]*string, len(vals))
		for i, v := range vals {
			if v != nil {
				s := canonicalValue(v)
				row[i] = &s
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func formatRows(rows [][]*string) string {
	var sb strings.Builder
	for _, row := range rows {
		for i, v := range row {
			if i > 0 {
				sb.WriteString(" | ")
			}
			if v == nil {
				sb.WriteString("NULL")
			} else {
				sb.WriteString(strconv.Quote(*v))
			}
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// canonicalValue is the text pgx's value is compared by, the form cmd/filebench gives
// DuckDB's values: integers in decimal, numerics with exactly their scale's digits, floats
// in Go's shortest form, dates and timestamps as UTC "2006-01-02 15:04:05.999999", arrays
// as [a,b,NULL].
func canonicalValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int16, int32, int64:
		return fmt.Sprint(v)
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case pgtype.Numeric:
		return numericText(v)
	case time.Time:
		return v.UTC().Format("2006-01-02 15:04:05.999999")
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canonicalValue(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// numericText writes a numeric with as many digits after the point as its scale.
func numericText(n pgtype.Numeric) string {
	if !n.Valid || n.NaN || n.InfinityModifier != pgtype.Finite {
		return fmt.Sprintf("numeric(%v)", n)
	}
	unscaled, scale := new(big.Int).Set(n.Int), -int(n.Exp)
	digits := new(big.Int).Abs(unscaled).String()
	sign := ""
	if unscaled.Sign() < 0 {
		sign = "-"
	}
	if scale <= 0 {
		return sign + digits + strings.Repeat("0", -scale)
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
}
