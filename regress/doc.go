// Package regress holds pgfast's end-to-end tests, run over real client connections to a
// server started in process.
//
// Every test connects to the database regression, which the in-process server's start
// (startServer) creates as pg_regress does, since a new data directory has only postgres,
// template1 and template0.
//
// The SQL regression suite works as PostgreSQL's own pg_regress does. Each file in sql/ is fed
// to psql (-X -a -q, so the output echoes every statement followed by its result) with the
// environment pg_regress sets up: PGTZ, PGDATESTYLE, and PG_ABS_SRCDIR so a file can build
// paths to data/ with \getenv and \set. The combined stdout and stderr go to results/NAME.out
// and are compared, ignoring white space as pg_regress does, with expected/NAME.out or an
// alternative expected/NAME_N.out, whichever differs least. Failures are written as unified
// diffs to regression.diffs.
//
// The expected files are PostgreSQL's own output, never written by hand: running the suite
// with -target=postgres://... against a real PostgreSQL 15 (and -update to write them) creates
// and checks them. A file joins the schedule once pgfast passes it; -all runs every file in
// sql/ and prints a pass table without failing, to measure progress.
//
//	go test ./regress                                  # run the schedule on pgfast
//	go test ./regress -run TestRegress -all -v         # every sql/ file, with a pass table
//	go test ./regress -run TestRegress -target=postgres://postgres@/postgres?host=/tmp -update
//
// pgregress_test.go (TestPGRegress) runs PostgreSQL's own regression files, shipped beside
// the repository in ../shared/pg_regress, in the order of its order.txt and in one database,
// with the psql options and environment pg_regress uses (PGTZ America/Los_Angeles,
// PGDATESTYLE "Postgres, MDY", intervalstyle postgres_verbose, PG_ABS_SRCDIR for the data
// files). It prints a pass table and fails only when a file listed in pgregress_passing no
// longer passes: that list is a ratchet, grown as pgfast passes more files. Outputs and
// diffs go to results/pg_regress/.
//
//	go test ./regress -run TestPGRegress -v           # pass table
//
// tpch_test.go (TestTPCH) generates TPC-H data at scale 0.1 with the reference generator of
// the kit shipped beside the repository (../shared/tpch/gen.sh, which compiles dbgen with gcc
// and make), loads it over COPY FROM STDIN, runs the 22 queries with the specification's
// text and compares their results with the kit's reference answers.
//
//	go test ./regress -run TestTPCH -v
//
// pgx_test.go exercises what psql cannot: the extended protocol with binary parameters and
// results, prepared statements, COPY from a driver, error codes, transaction states,
// cancellation and durability across a restart.
//
// python_test.go runs the psycopg2 cases of python/ (run.py runs every case_* function of
// every cases_*.py there, each over its own connection): Python applications' values, such
// as lists as arrays, through their most common driver. Add a cases_<area>.py for more.
//
// The non-test files of the package are the runner's machinery (schedule parsing, running
// psql, white-space-insensitive unified diffs); they import nothing of pgfast so they can be
// used against any PostgreSQL server.
package regress
