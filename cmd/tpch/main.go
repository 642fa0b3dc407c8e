// Command tpch is pgfast's TPC-H benchmark: it generates the data with the kit shipped
// beside the repository (../shared/tpch/gen.sh), loads it into pgfast over COPY FROM STDIN,
// runs the 22 queries (one warm-up, then -runs timed runs each), checks every answer
// against the kit's reference answers where the kit has them for the scale, and prints
// the load and per-query times.
//
//	go run ./cmd/tpch -sf 1                       # pgfast started in this process
//	go run ./cmd/tpch -sf 1 -addr 127.0.0.1:5433  # a server started separately
//
// The kit's own harness (../shared/tpch/bench.sh) puts DuckDB and PostgreSQL beside pgfast
// in one run; see the README.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
	"github.com/pgfast/pgfast/regress/tpchkit"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tpch:", err)
		os.Exit(1)
	}
}

type options struct {
	sf, kit, work, addr, only string
	runs                      int
	timeout                   time.Duration
	load                      bool
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("tpch", flag.ContinueOnError)
	fs.StringVar(&o.sf, "sf", "1", "scale factor")
	fs.StringVar(&o.kit, "kit", filepath.Join("..", "shared", "tpch"), "the TPC-H kit (gen.sh, schema.sql, queries/, answers/)")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "pgfast-tpch"), "directory for the generated data and the in-process server's tables")
	fs.StringVar(&o.addr, "addr", "", "HOST:PORT of a running pgfast (default: start one in this process)")
	fs.StringVar(&o.only, "q", "", "comma-separated query numbers (default all 22)")
	fs.IntVar(&o.runs, "runs", 3, "timed runs per query (the median is reported)")
	fs.DurationVar(&o.timeout, "timeout", 120*time.Second, "limit per query run")
	fs.BoolVar(&o.load, "load", true, "generate and load the data (false: use what the server has)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	queries, err := pick(o.only)
	if err != nil {
		return err
	}
	kit, err := filepath.Abs(o.kit)
	if err != nil {
		return err
	}
	addr := o.addr
	if addr == "" {
		a, err := app.Start(app.Config{Listen: "127.0.0.1:0", DataDir: filepath.Join(o.work, "data-sf"+o.sf),
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			return err
		}
		defer a.Close()
		addr = a.Addr().String()
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "postgres://postgres@"+addr+"/postgres?sslmode=disable")
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if o.load {
		if err := load(ctx, conn, kit, o, out); err != nil {
			return err
		}
	}
	return runQueries(ctx, conn, kit, queries, o, out)
}

// pick parses the -q list.
func pick(only string) ([]int, error) {
	var qs []int
	if only == "" {
		for n := 1; n <= 22; n++ {
			qs = append(qs, n)
		}
		return qs, nil
	}
	for _, s := range strings.Split(only, ",") {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "q"))
		if err != nil || n < 1 || n > 22 {
			return nil, fmt.Errorf("bad query list %q", only)
		}
		qs = append(qs, n)
	}
	return qs, nil
}

func load(ctx context.Context, conn *pgx.Conn, kit string, o options, out io.Writer) error {
	data := filepath.Join(o.work, "sf"+o.sf)
	t0 := time.Now()
	if err := tpchkit.Generate(kit, o.sf, data); err != nil {
		return err
	}
	fmt.Fprintf(out, "data: %s (%.1fs)\n", data, time.Since(t0).Seconds())
	lt, err := tpchkit.Load(ctx, conn, kit, data)
	if err != nil {
		return err
	}
	for _, t := range tpchkit.Tables {
		fmt.Fprintf(out, "  COPY %-9s %8.2fs\n", t, lt.Tables[t].Seconds())
	}
	fmt.Fprintf(out, "load: COPY %.2fs, ANALYZE %.2fs\n\n", lt.Copy.Seconds(), lt.Analyze.Seconds())
	return nil
}

func runQueries(ctx context.Context, conn *pgx.Conn, kit string, queries []int, o options, out io.Writer) error {
	fmt.Fprintf(out, "TPC-H SF%s, median of %d runs after a warm-up, ms\n\n| query | ms | runs | answer |\n|---|---:|---|---|\n", o.sf, o.runs)
	var total float64
	failed := 0
	for _, n := range queries {
		sql, err := tpchkit.Query(kit, n, o.sf)
		if err != nil {
			return err
		}
		times, status := timeQuery(ctx, conn, kit, n, sql, o)
		if status != "ok" && status != "no reference" {
			failed++
		}
		med := median(times)
		total += med
		var rs []string
		for _, t := range times {
			rs = append(rs, fmt.Sprintf("%.1f", t))
		}
		fmt.Fprintf(out, "| Q%02d | %.1f | %s | %s |\n", n, med, strings.Join(rs, " "), status)
	}
	fmt.Fprintf(out, "| total | %.1f | | %d of %d answers wrong |\n", total, failed, len(queries))
	if failed > 0 {
		return fmt.Errorf("%d answers did not match", failed)
	}
	return nil
}

// timeQuery runs a query once to warm up and check its answer, then o.runs times timed.
func timeQuery(ctx context.Context, conn *pgx.Conn, kit string, n int, sql string, o options) ([]float64, string) {
	qctx, cancel := context.WithTimeout(ctx, o.timeout)
	got, err := tpchkit.Run(qctx, conn, sql)
	cancel()
	if err != nil {
		return nil, "error: " + firstLine(err.Error())
	}
	status := "ok"
	want, err := tpchkit.ReadAnswer(kit, n, o.sf)
	switch {
	case err != nil:
		status = "answer unreadable: " + err.Error()
	case want == nil:
		status = "no reference"
	default:
		if diff := tpchkit.Compare(got, want); diff != "" {
			status = "WRONG: " + diff
		}
	}
	var times []float64
	for range o.runs {
		qctx, cancel := context.WithTimeout(ctx, o.timeout)
		t0 := time.Now()
		_, err := tpchkit.Run(qctx, conn, sql)
		cancel()
		if err != nil {
			return times, "error: " + firstLine(err.Error())
		}
		times = append(times, float64(time.Since(t0).Microseconds())/1000)
	}
	return times, status
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
