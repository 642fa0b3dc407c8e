// Command bigtable checks that a pgfast table may be larger than the server's memory: it
// starts a pgfast server (a separate process, so its resident memory is its own) with a
// memory limit, loads TPC-H's lineitem over COPY FROM STDIN, runs
//
//	SELECT count(*), sum(l_extendedprice) FROM lineitem
//
// and checks the answer against the sums it takes of the .tbl file itself, sampling the
// server's resident set size (RSS) all along. It then restarts the server on the same data
// directory, times how long the server takes until it answers SELECT 1, and runs the query
// again from the files alone. It prints the figures and whether each bound holds.
//
//	../shared/tpch/gen.sh 5 /tmp/sf5        # about 4 GB of lineitem
//	go build -o /tmp/pgfast ./cmd/pgfast
//	go run ./cmd/bigtable -pgfast /tmp/pgfast -tbl /tmp/sf5/lineitem.tbl -memory-limit 1GB
//
// It is a benchmark, not a test: at scale factor 5 it takes minutes and gigabytes of disk.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

const lineitemDDL = `CREATE TABLE lineitem (
    l_orderkey INTEGER NOT NULL, l_partkey INTEGER NOT NULL, l_suppkey INTEGER NOT NULL,
    l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2) NOT NULL,
    l_extendedprice DECIMAL(15,2) NOT NULL, l_discount DECIMAL(15,2) NOT NULL,
    l_tax DECIMAL(15,2) NOT NULL, l_returnflag CHAR(1) NOT NULL, l_linestatus CHAR(1) NOT NULL,
    l_shipdate DATE NOT NULL, l_commitdate DATE NOT NULL, l_receiptdate DATE NOT NULL,
    l_shipinstruct CHAR(25) NOT NULL, l_shipmode CHAR(10) NOT NULL, l_comment VARCHAR(44) NOT NULL)`

const query = "SELECT count(*), sum(l_extendedprice) FROM lineitem"

type options struct {
	pgfast, tbl, data, memLimit string
	maxRSS                      int64
	maxStart                    time.Duration
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bigtable:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("bigtable", flag.ContinueOnError)
	fs.StringVar(&o.pgfast, "pgfast", "", "the pgfast server binary (go build ./cmd/pgfast)")
	fs.StringVar(&o.tbl, "tbl", "", "TPC-H lineitem.tbl, as ../shared/tpch/gen.sh writes it")
	fs.StringVar(&o.data, "data", filepath.Join(os.TempDir(), "pgfast-bigtable"), "the server's data directory (emptied first)")
	fs.StringVar(&o.memLimit, "memory-limit", "1GB", "the server's --memory-limit")
	maxRSS := fs.Int64("max-rss-mb", 1536, "the RSS the server must stay under, in MB")
	fs.DurationVar(&o.maxStart, "max-start", time.Second, "the time a restart may take to answer SELECT 1")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if o.pgfast == "" || o.tbl == "" {
		return errors.New("-pgfast and -tbl are required")
	}
	o.maxRSS = *maxRSS << 20
	if err := os.RemoveAll(o.data); err != nil {
		return err
	}
	t0 := time.Now()
	want, err := fileAnswer(o.tbl)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "lineitem.tbl: %d rows, sum(l_extendedprice) %s (read in %.1fs)\n", want.rows, want.sum, time.Since(t0).Seconds())

	failed := false
	check := func(ok bool, what string, args ...any) {
		verdict := "holds"
		if !ok {
			verdict, failed = "DOES NOT HOLD", true
		}
		fmt.Fprintf(out, "  %-13s %s\n", verdict, fmt.Sprintf(what, args...))
	}

	// Load and query in one server's life.
	srv, err := start(o)
	if err != nil {
		return err
	}
	load, err := srv.phase(func(conn *pgx.Conn) error { return loadTable(conn, o.tbl) })
	if err != nil {
		srv.stop()
		return err
	}
	var got answer
	warm, err := srv.phase(func(conn *pgx.Conn) error { got, err = queryAnswer(conn); return err })
	srv.stop()
	if err != nil {
		return err
	}
	size := dirSize(o.data)
	fmt.Fprintf(out, "load: COPY %.1fs (%.0f MB/s of text), data directory %.2f GB\n", load.took.Seconds(),
		float64(fileSize(o.tbl))/load.took.Seconds()/(1<<20), float64(size)/(1<<30))
	check(load.peak < o.maxRSS, "server RSS during the load peaked at %d MB (bound %d MB)", load.peak>>20, o.maxRSS>>20)
	check(got == want, "answer after the load: %d rows, sum %s", got.rows, got.sum)
	check(warm.peak < o.maxRSS, "server RSS during the query peaked at %d MB; query %.2fs", warm.peak>>20, warm.took.Seconds())

	// Restart: start-up must not read the tables.
	srv, err = start(o)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Fprintf(out, "restart on %.2f GB: SELECT 1 answered %.3fs after the server was started\n", float64(size)/(1<<30), srv.ready.Seconds())
	check(srv.ready < o.maxStart, "start-up under %s", o.maxStart)
	cold, err := srv.phase(func(conn *pgx.Conn) error { got, err = queryAnswer(conn); return err })
	if err != nil {
		return err
	}
	check(got == want, "answer after the restart, read from the files: %d rows, sum %s", got.rows, got.sum)
	check(cold.peak < o.maxRSS, "server RSS during that query peaked at %d MB; query %.2fs", cold.peak>>20, cold.took.Seconds())
	if failed {
		return errors.New("a bound does not hold")
	}
	return nil
}

// answer is the query's result.
type answer struct {
	rows int64
	sum  string // exact, as PostgreSQL prints numeric
}

// fileAnswer counts the rows of a lineitem.tbl and sums its sixth field exactly.
func fileAnswer(path string) (answer, error) {
	f, err := os.Open(path)
	if err != nil {
		return answer{}, err
	}
	defer f.Close()
	var (
		rows  int64
		cents int64 // fits: SF 100 sums to about 2e15 cents
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		for range 5 {
			line = line[bytes.IndexByte(line, '|')+1:]
		}
		field := line[:bytes.IndexByte(line, '|')]
		whole, frac, _ := bytes.Cut(field, []byte("."))
		w, err := strconv.ParseInt(string(whole), 10, 64)
		if err != nil {
			return answer{}, fmt.Errorf("%s line %d: %v", path, rows+1, err)
		}
		c, _ := strconv.ParseInt(string(frac)+strings.Repeat("0", 2-len(frac)), 10, 64)
		cents += w*100 + c
		rows++
	}
	if err := sc.Err(); err != nil {
		return answer{}, err
	}
	sum := new(big.Rat).SetFrac64(cents, 100)
	return answer{rows: rows, sum: sum.FloatString(2)}, nil
}

func queryAnswer(conn *pgx.Conn) (answer, error) {
	var a answer
	err := conn.QueryRow(context.Background(), query, pgx.QueryExecModeSimpleProtocol).Scan(&a.rows, &a.sum)
	return a, err
}

func loadTable(conn *pgx.Conn, tbl string) error {
	ctx := context.Background()
	if _, err := conn.Exec(ctx, lineitemDDL); err != nil {
		return err
	}
	f, err := os.Open(tbl)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = conn.PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY lineitem FROM STDIN WITH (DELIMITER '|')")
	return err
}

// server is a pgfast process.
type server struct {
	cmd   *exec.Cmd
	addr  string
	ready time.Duration // from the start until SELECT 1 answered
	rss   atomic.Int64  // the most resident memory sampled in the current phase
	done  chan struct{}
}

func start(o options) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{addr: fmt.Sprintf("127.0.0.1:%d", port), done: make(chan struct{})}
	s.cmd = exec.Command(o.pgfast, "-listen", s.addr, "-data", o.data, "-memory-limit", o.memLimit, "-log-level", "warn")
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	t0 := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go s.sample()
	for {
		conn, err := s.connect()
		if err == nil {
			var one int
			err = conn.QueryRow(context.Background(), "SELECT 1").Scan(&one)
			conn.Close(context.Background())
			if err == nil {
				s.ready = time.Since(t0)
				return s, nil
			}
		}
		if time.Since(t0) > time.Minute {
			s.stop()
			return nil, fmt.Errorf("server did not answer within a minute: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *server) connect() (*pgx.Conn, error) {
	return pgx.Connect(context.Background(), "postgres://postgres@"+s.addr+"/postgres?sslmode=disable")
}

// sample records the server's resident set size every 50ms until it stops.
func (s *server) sample() {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
			if n := rss(s.cmd.Process.Pid); n > s.rss.Load() {
				s.rss.Store(n)
			}
		}
	}
}

// phaseResult is how long a phase took and the most RSS sampled in it.
type phaseResult struct {
	took time.Duration
	peak int64
}

// phase runs f on a connection of its own and reports its time and peak RSS.
func (s *server) phase(f func(*pgx.Conn) error) (phaseResult, error) {
	conn, err := s.connect()
	if err != nil {
		return phaseResult{}, err
	}
	defer conn.Close(context.Background())
	s.rss.Store(rss(s.cmd.Process.Pid))
	t0 := time.Now()
	err = f(conn)
	took := time.Since(t0)
	return phaseResult{took: took, peak: max(s.rss.Load(), rss(s.cmd.Process.Pid))}, err
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.cmd.Wait()
	close(s.done)
}

// rss reads a process's resident set size from /proc (Linux).
func rss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
