// Command filebench holds what pgfast's file tests and file benchmark need from DuckDB, an
// engine that shares no code with pgfast: it writes the Parquet and CSV files the tests
// read, computes DuckDB's own answers to the tests' queries, reads back the Parquet files
// pgfast writes, and times pgfast's foreign scans beside DuckDB's read_csv and
// read_parquet over the same files.
//
// It is a module of its own so that the main module neither builds nor links DuckDB (a
// C++ library of some 130 MB); the regression tests run it with `go run`, whose build the
// Go build cache keeps.
//
// Subcommands:
//
//	duckdb   read {"setup": [...], "queries": [...]} as JSON on standard input, run the
//	         setup statements and then the queries in an in-memory DuckDB, and print each
//	         query's rows as JSON arrays of canonical text values (null for NULL)
//	bench    time SELECT count(*), sum(x) over a CSV file of about -size bytes and over
//	         the same rows as Parquet, in pgfast (a server it starts, on 1 and 2 cores)
//	         and in DuckDB (SET threads = 1 and 2), and print MB/s and each ratio
//	prune    time a selective filter on the sorted column of a 10M-row Parquet file of
//	         100 row groups against the full scan, with the row groups each reads
//
// The benchmark, from the repository's root:
//
//	go build -o /tmp/pgfast ./cmd/pgfast
//	cd cmd/filebench && go run . bench -pgfast /tmp/pgfast -size 1GB -dir /tmp/filebench
//	go run . prune -pgfast /tmp/pgfast -dir /tmp/filebench
//
// It writes its files once into -dir and reuses them on later runs of the same size.
//
// Figures of December 2026 (DuckDB 1.5.5, a 2-core machine shared with other heavy work,
// so absolute speeds are low and noisy; each ratio is of the same run), SELECT count(*),
// sum(x) over 25M rows, a 963 MB CSV file and the same rows as a 201 MB Parquet file,
// median of 3 runs, MB/s of each file:
//
//	format   cores  DuckDB MB/s  pgfast MB/s  pgfast/DuckDB
//	csv          1           97           55          0.56x
//	csv          2           73           71          0.97x
//	parquet      1           95           32          0.34x
//	parquet      2           98           42          0.42x
//
// prune, 2 cores: the selective filter reads 1 row group and skips 99, 0.021 s against
// 7.6 s for the full scan (360x).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "duckdb":
		err = runDuckDB(os.Stdin, os.Stdout)
	case "bench":
		err = runBench(os.Args[2:], os.Stdout)
	case "prune":
		err = runPrune(os.Args[2:], os.Stdout)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "filebench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: filebench duckdb < script.json | filebench bench [flags] | filebench prune [flags]")
	os.Exit(2)
}
