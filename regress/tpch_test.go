package regress

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgfast/pgfast/regress/tpchkit"
)

var tpchFlag = flag.String("tpch", filepath.Join("..", "..", "shared", "tpch"),
	"directory holding the TPC-H kit (gen.sh, schema.sql, queries/, answers/)")

// tpchScale is the scale factor the test runs at: 600,572 lineitem rows, small enough for CI
// and large enough that a quadratic plan shows.
const tpchScale = "0.1"

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
	if err := tpchkit.Generate(kit, tpchScale, data); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := tpchkit.Load(ctx, conn, kit, data); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 22; n++ {
		t.Run(fmt.Sprintf("q%02d", n), func(t *testing.T) {
			sql, err := tpchkit.Query(kit, n, tpchScale)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tpchkit.ReadAnswer(kit, n, tpchScale)
			if err != nil || want == nil {
				t.Fatalf("answer of q%02d: %v", n, err)
			}
			got, err := tpchkit.Run(ctx, conn, sql)
			if err != nil {
				t.Fatal(err)
			}
			if diff := tpchkit.Compare(got, want); diff != "" {
				t.Error(diff)
			}
		})
	}
}
