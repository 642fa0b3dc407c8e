package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// pruneRows and pruneGroupRows shape the pruning benchmark's file: 10M rows sorted by id
// in 100 row groups.
const pruneRows, pruneGroupRows = 10_000_000, 100_000

// runPrune times a selective filter on the sorted column of a 10M-row Parquet file of 100
// row groups against the same filter on an expression of the column (which statistics
// cannot prune, so every row group is read), checks both answer alike, and prints the
// row groups EXPLAIN ANALYZE reports and the speed-up.
func runPrune(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("prune", flag.ContinueOnError)
	pgfast := fs.String("pgfast", "", "the pgfast server binary")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "filebench"), "directory of the benchmark's files, kept between runs")
	runs := fs.Int("runs", 5, "timed runs per query (the median is reported)")
	cores := fs.Int("cores", 2, "cores the server may use")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pgfast == "" {
		return fmt.Errorf("-pgfast: the path of a pgfast binary is needed")
	}
	path := filepath.Join(*dir, "prune-10m.parquet")
	if _, err := os.Stat(path); err != nil {
		if err := writePruneFile(path); err != nil {
			return err
		}
	}
	srv, err := startPgfast(*pgfast, *cores)
	if err != nil {
		return err
	}
	defer srv.stop()
	ctx := context.Background()
	for _, ddl := range []string{
		"CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
		fmt.Sprintf("CREATE FOREIGN TABLE sorted (id int8, v int4, s text) SERVER files OPTIONS (filename '%s', format 'parquet')", path),
	} {
		if _, err := srv.conn.Exec(ctx, ddl); err != nil {
			return err
		}
	}
	const lo, hi = 5_123_400, 5_124_399
	selective := fmt.Sprintf("SELECT count(*), sum(v), max(s) FROM sorted WHERE id BETWEEN %d AND %d", lo, hi)
	full := fmt.Sprintf("SELECT count(*), sum(v), max(s) FROM sorted WHERE id + 0 BETWEEN %d AND %d", lo, hi)
	query := func(q string) func() (string, error) {
		return func() (string, error) {
			var count, sum int64
			var s string
			err := srv.conn.QueryRow(ctx, q).Scan(&count, &sum, &s)
			return fmt.Sprintf("%d %d %s", count, sum, s), err
		}
	}
	selSecs, selAnswer, err := timeQuery(*runs, query(selective))
	if err != nil {
		return err
	}
	fullSecs, fullAnswer, err := timeQuery(*runs, query(full))
	if err != nil {
		return err
	}
	if selAnswer != fullAnswer {
		return fmt.Errorf("the pruned scan answers %s, the full scan %s", selAnswer, fullAnswer)
	}
	groups := map[string]string{}
	for name, q := range map[string]string{"selective": selective, "full": full} {
		if groups[name], err = explainRowGroups(ctx, srv, q); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%d rows in %d row groups, %d cores, median (best) of %d runs; answer %s\n", pruneRows, pruneRows/pruneGroupRows, *cores, *runs, selAnswer)
	fmt.Fprintf(out, "selective filter: %8.4f s (%.4f)  %s\n", selSecs.median, selSecs.best, groups["selective"])
	fmt.Fprintf(out, "full scan:        %8.4f s (%.4f)  %s\n", fullSecs.median, fullSecs.best, groups["full"])
	fmt.Fprintf(out, "speed-up: %.1fx (best %.1fx)\n", fullSecs.median/selSecs.median, fullSecs.best/selSecs.best)
	return nil
}

var rowGroupsLine = regexp.MustCompile(`Row Groups: \d+ read, \d+ skipped`)

func explainRowGroups(ctx context.Context, srv *pgfastServer, q string) (string, error) {
	rows, err := srv.conn.Query(ctx, "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) "+q)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		if m := rowGroupsLine.FindString(line); m != "" {
			return m, nil
		}
	}
	return "no row groups in EXPLAIN ANALYZE", rows.Err()
}

func writePruneFile(path string) error {
	db, err := openDuckDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	start := time.Now()
	_, err = db.Exec(fmt.Sprintf(`COPY (SELECT i AS id, CAST(i %% 1000 AS INTEGER) AS v, 'name ' || i AS s FROM range(0, %d) t(i))
		TO '%s.tmp' (FORMAT parquet, ROW_GROUP_SIZE %d)`, pruneRows, path, pruneGroupRows))
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s in %s\n", path, time.Since(start).Round(time.Millisecond))
	return os.Rename(path+".tmp", path)
}
