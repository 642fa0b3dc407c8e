package regress

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxNativeScanPrunes: pgfast's own tables, once on disk only (after a restart), are read
// like Parquet files: a selective filter on a sorted column reads only the row groups its
// statistics allow, answers as the full scan does, and EXPLAIN ANALYZE shows the row groups
// read and skipped.
func TestPgxNativeScanPrunes(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("-target: row groups are pgfast's own")
	}
	ctx := context.Background()
	dir := t.TempDir()
	a := startServer(t, dir)
	conn, err := pgx.Connect(ctx, connString(a))
	if err != nil {
		t.Fatal(err)
	}
	// One insert of 1,000,000 rows: two segment files (one per core of the commit's
	// writers, at least), in row groups of 131,072 rows.
	mustExec(t, conn, "CREATE TABLE nat (id int8, v int4)",
		"INSERT INTO nat SELECT g, g % 100 FROM generate_series(0, 999999) g")
	conn.Close(ctx)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a = startServer(t, dir)
	conn, err = pgx.Connect(ctx, connString(a))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	sel := queryInt64(t, conn, "SELECT sum(v) FROM nat WHERE id BETWEEN 600000 AND 600099")
	full := queryInt64(t, conn, "SELECT sum(v) FROM nat WHERE id + 0 BETWEEN 600000 AND 600099")
	if sel != full || sel != 4950 {
		t.Errorf("sum over the skipping scan %d, full scan %d, want 4950", sel, full)
	}
	plan := explainAnalyze(t, conn, "SELECT sum(v) FROM nat")
	total, skipped := rowGroups(t, plan)
	if skipped != 0 || total < 8 { // 1,000,000 rows in row groups of at most 131,072
		t.Fatalf("EXPLAIN ANALYZE of the full scan:\n%s", plan)
	}
	plan = explainAnalyze(t, conn, "SELECT sum(v) FROM nat WHERE id BETWEEN 600000 AND 600099")
	read, skipped := rowGroups(t, plan)
	if read != 1 || skipped != total-1 || !strings.Contains(plan, "Seq Scan on nat") {
		t.Errorf("EXPLAIN ANALYZE (%d row groups in all):\n%s", total, plan)
	}
}

// rowGroups reads the row groups read and skipped off an EXPLAIN ANALYZE.
func rowGroups(t *testing.T, plan string) (read, skipped int) {
	t.Helper()
	m := regexp.MustCompile(`Row Groups: (\d+) read, (\d+) skipped`).FindStringSubmatch(plan)
	if m == nil {
		t.Fatalf("no row groups in EXPLAIN ANALYZE:\n%s", plan)
	}
	read, _ = strconv.Atoi(m[1])
	skipped, _ = strconv.Atoi(m[2])
	return read, skipped
}

func explainAnalyze(t *testing.T, conn *pgx.Conn, sql string) string {
	t.Helper()
	rows, err := conn.Query(context.Background(), "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) "+sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan.String()
}
