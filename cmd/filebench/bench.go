package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// benchQuery is what the benchmark times, over a table of the columns (x int8, y float8,
// s text, d date).
const benchQuery = "SELECT count(*), sum(x) FROM %s"

type benchOptions struct {
	pgfast, dir string
	size        int64
	runs        int
	cores       []int
}

// runBench writes the files if they are not there yet, then times each engine on each file
// and number of cores, printing one line per measurement and the ratio of pgfast's speed
// to DuckDB's.
func runBench(args []string, out io.Writer) error {
	o, err := parseBenchFlags(args)
	if err != nil {
		return err
	}
	db, err := openDuckDB()
	if err != nil {
		return err
	}
	defer db.Close()
	csvPath, pqPath, rows, err := benchFiles(db, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d rows; CSV %s (%d MB), Parquet %s (%d MB); median and best of %d runs after a warm-up\n",
		rows, csvPath, fileMB(csvPath), pqPath, fileMB(pqPath), o.runs)
	fmt.Fprintf(out, "%-8s %-7s %5s %9s %9s %9s %9s %9s\n", "format", "engine", "cores", "median s", "MB/s", "best s", "best MB/s", "vs DuckDB")
	duckFrom := map[string]string{
		"csv":     fmt.Sprintf("read_csv('%s', header = true, columns = {'x': 'BIGINT', 'y': 'DOUBLE', 's': 'VARCHAR', 'd': 'DATE'})", csvPath),
		"parquet": fmt.Sprintf("read_parquet('%s')", pqPath),
	}
	paths := map[string]string{"csv": csvPath, "parquet": pqPath}
	for _, cores := range o.cores {
		srv, err := startPgfast(o.pgfast, cores)
		if err != nil {
			return err
		}
		err = benchCores(out, db, srv, o, cores, paths, duckFrom)
		srv.stop()
		if err != nil {
			return err
		}
	}
	return nil
}

func benchCores(out io.Writer, db *sql.DB, srv *pgfastServer, o benchOptions, cores int, paths, duckFrom map[string]string) error {
	ctx := context.Background()
	if _, err := srv.conn.Exec(ctx, "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw"); err != nil {
		return err
	}
	for _, format := range []string{"csv", "parquet"} {
		opts := fmt.Sprintf("filename '%s', format '%s'", paths[format], format)
		if format == "csv" {
			opts += ", header 'true'"
		}
		ddl := fmt.Sprintf("CREATE FOREIGN TABLE bench_%s (x int8, y float8, s text, d date) SERVER files OPTIONS (%s)", format, opts)
		if _, err := srv.conn.Exec(ctx, ddl); err != nil {
			return err
		}
		duckConn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		if _, err := duckConn.ExecContext(ctx, fmt.Sprintf("SET threads = %d", cores)); err != nil {
			duckConn.Close()
			return err
		}
		duckSecs, duckAnswer, err := timeQuery(o.runs, func() (string, error) {
			return duckAnswer(ctx, duckConn, fmt.Sprintf(benchQuery, duckFrom[format]))
		})
		duckConn.Close()
		if err != nil {
			return fmt.Errorf("DuckDB: %w", err)
		}
		pgSecs, pgAnswer, err := timeQuery(o.runs, func() (string, error) {
			var count, sum int64
			err := srv.conn.QueryRow(ctx, fmt.Sprintf(benchQuery, "bench_"+format)).Scan(&count, &sum)
			return fmt.Sprintf("%d %d", count, sum), err
		})
		if err != nil {
			return fmt.Errorf("pgfast: %w", err)
		}
		if pgAnswer != duckAnswer {
			return fmt.Errorf("%s: pgfast answers %s, DuckDB %s", format, pgAnswer, duckAnswer)
		}
		mb := float64(fileMB(paths[format]))
		fmt.Fprintf(out, "%-8s %-7s %5d %9.3f %9.0f %9.3f %9.0f\n", format, "DuckDB", cores, duckSecs.median, mb/duckSecs.median, duckSecs.best, mb/duckSecs.best)
		fmt.Fprintf(out, "%-8s %-7s %5d %9.3f %9.0f %9.3f %9.0f %8.2fx (best %.2fx)\n", format, "pgfast", cores, pgSecs.median, mb/pgSecs.median,
			pgSecs.best, mb/pgSecs.best, duckSecs.median/pgSecs.median, duckSecs.best/pgSecs.best)
	}
	return nil
}

func duckAnswer(ctx context.Context, conn *sql.Conn, q string) (string, error) {
	var count, sum int64
	err := conn.QueryRowContext(ctx, q).Scan(&count, &sum)
	return fmt.Sprintf("%d %d", count, sum), err
}

// timing is a query's median and best time in seconds. On a shared machine the best says
// more of the engine and less of its neighbours.
type timing struct{ median, best float64 }

// timeQuery runs q once to warm the page cache and the engine, then runs times more, and
// returns their timing and the answer.
func timeQuery(runs int, q func() (string, error)) (timing, string, error) {
	answer, err := q()
	if err != nil {
		return timing{}, "", err
	}
	secs := make([]float64, runs)
	for i := range secs {
		start := time.Now()
		if _, err := q(); err != nil {
			return timing{}, "", err
		}
		secs[i] = time.Since(start).Seconds()
	}
	slices.Sort(secs)
	return timing{median: secs[runs/2], best: secs[0]}, answer, nil
}

// benchFiles writes, unless a previous run left them for the same number of rows, a CSV
// file of about o.size bytes and the same rows as Parquet (DuckDB's defaults: Snappy,
// row groups of 122,880 rows).
func benchFiles(db *sql.DB, o benchOptions) (csvPath, pqPath string, rows int64, err error) {
	const bytesPerRow = 40 // "12345678,6172839,name 678,2000-01-17" and its newline
	rows = max(o.size/bytesPerRow, 1)
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return "", "", 0, err
	}
	base := filepath.Join(o.dir, fmt.Sprintf("bench-%d", rows))
	csvPath, pqPath = base+".csv", base+".parquet"
	if _, err := os.Stat(pqPath); err == nil {
		return csvPath, pqPath, rows, nil
	}
	gen := fmt.Sprintf(`SELECT i AS x, i / 2 AS y, 'name ' || (i %% 1000) AS s, DATE '2000-01-01' + CAST(i %% 28 AS INTEGER) AS d
		FROM range(0, %d) t(i)`, rows)
	for _, stmt := range []string{
		fmt.Sprintf("COPY (%s) TO '%s' (FORMAT csv, HEADER)", gen, csvPath),
		fmt.Sprintf("COPY (%s) TO '%s.tmp' (FORMAT parquet)", gen, pqPath),
	} {
		if _, err := db.Exec(stmt); err != nil {
			return "", "", 0, err
		}
	}
	return csvPath, pqPath, rows, os.Rename(pqPath+".tmp", pqPath)
}

func fileMB(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size() / 1e6
}

func parseBenchFlags(args []string) (benchOptions, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	pgfast := fs.String("pgfast", "", "the pgfast server binary (go build -o /tmp/pgfast ./cmd/pgfast)")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "filebench"), "directory of the benchmark's files, kept between runs")
	size := fs.String("size", "1GB", "size of the CSV file: a number of bytes with an optional KB, MB or GB")
	runs := fs.Int("runs", 3, "timed runs per measurement (the median is reported)")
	cores := fs.String("cores", "1,2", "comma-separated numbers of cores to measure on")
	if err := fs.Parse(args); err != nil {
		return benchOptions{}, err
	}
	o := benchOptions{pgfast: *pgfast, dir: *dir, runs: max(*runs, 1)}
	if o.pgfast == "" {
		return o, errors.New("-pgfast: the path of a pgfast binary is needed")
	}
	var err error
	if o.size, err = parseSize(*size); err != nil {
		return o, fmt.Errorf("-size: %w", err)
	}
	for _, c := range strings.Split(*cores, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-cores: %q is not a number of cores", c)
		}
		o.cores = append(o.cores, n)
	}
	return o, nil
}

func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		factor int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			return int64(n * float64(u.factor)), err
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// pgfastServer is a pgfast process the benchmark started, on a data directory of its own.
type pgfastServer struct {
	cmd     *exec.Cmd
	dataDir string
	conn    *pgx.Conn
}

// startPgfast starts the server with GOMAXPROCS=cores, which bounds the cores its
// parallel scans use, and connects to it.
func startPgfast(bin string, cores int) (*pgfastServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	dataDir, err := os.MkdirTemp("", "filebench-data")
	if err != nil {
		return nil, err
	}
	s := &pgfastServer{dataDir: dataDir}
	s.cmd = exec.Command(bin, "-listen", addr, "-data", dataDir, "-log-level", "warn")
	s.cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", cores))
	s.cmd.Stderr = os.Stderr
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dataDir)
		return nil, err
	}
	url := fmt.Sprintf("postgres://pgfast@%s/postgres?sslmode=disable", addr)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if s.conn, err = pgx.Connect(context.Background(), url); err == nil {
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("pgfast did not accept connections on %s: %w", addr, err)
		}
	}
}

func (s *pgfastServer) stop() {
	if s.conn != nil {
		s.conn.Close(context.Background())
	}
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
	os.RemoveAll(s.dataDir)
}
