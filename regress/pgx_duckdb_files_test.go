package regress

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// filesSource is the data of TestPgxFilesDuckDB, made in DuckDB: every logical type the
// Parquet files carry, with NULLs, negative decimals, timestamps on both sides of 1970 with
// microseconds, lists with NULL elements, NULL lists and empty lists.
const filesSource = `CREATE TABLE src AS SELECT
	i::BIGINT AS id,
	CASE WHEN i % 7 = 0 THEN NULL ELSE 'name ' || i END AS name,
	CAST((i - 100) + 0.05 AS DECIMAL(10,2)) AS price,
	CAST(i::DOUBLE * 12345 / 7 - 1e9 AS DECIMAL(20,4)) AS big,
	DATE '1999-12-01' + CAST(i % 1000 AS INTEGER) AS day,
	TIMESTAMP '1969-12-31 23:00:00' + to_microseconds(i * 1000003) AS ts,
	TIMESTAMPTZ '2020-03-01 00:00:00+00' + to_seconds(i * 37) AS tz,
	CASE WHEN i % 5 = 0 THEN NULL ELSE [i, NULL, i % 3] END AS nums,
	CASE WHEN i % 11 = 0 THEN [] ELSE ['w' || (i % 3), 'x, "y"'] END AS words,
	CAST(i % 100 AS SMALLINT) AS small,
	i::DOUBLE / 4 AS f,
	i % 2 = 0 AS flag
	FROM range(0, 50000) t(i)`

// notesSource is the CSV file's data: fields with the delimiter, quotes and newlines, NULLs
// and empty strings (which CSV tells apart only by quoting).
const notesSource = `CREATE TABLE notes AS SELECT
	i::INTEGER AS id,
	CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN 'a, "quoted" ' || i WHEN 2 THEN 'line ' || i || chr(10) || 'next'
		WHEN 3 THEN '' ELSE 'plain ' || i END AS note,
	CAST(i / 8 AS DECIMAL(10,2)) AS amount,
	DATE '2024-02-28' + CAST(i % 5 AS INTEGER) AS d
	FROM range(0, 5000) t(i)`

// TestPgxFilesDuckDB reads Parquet and CSV files that DuckDB wrote (an implementation that
// shares no code with pgfast's readers) through foreign tables, a glob over several files,
// IMPORT FOREIGN SCHEMA and read_parquet, joins them with a native table, and checks every
// answer against DuckDB's own answer to the same query over the data it wrote.
func TestPgxFilesDuckDB(t *testing.T) {
	skipOnTarget(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "imp"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := func(name string) string { return filepath.Join(dir, name) }
	nativeRows := "INSERT INTO native SELECT g, 't' || g FROM generate_series(29995, 30004) t(g)"
	setup := []string{
		filesSource,
		fmt.Sprintf("COPY (SELECT * FROM src WHERE id < 30000 ORDER BY id) TO '%s' (FORMAT parquet, ROW_GROUP_SIZE 10000)", file("part1.parquet")),
		fmt.Sprintf("COPY (SELECT * FROM src WHERE id >= 30000 ORDER BY id) TO '%s' (FORMAT parquet, ROW_GROUP_SIZE 10000)", file("part2.parquet")),
		fmt.Sprintf("COPY (SELECT id, name, price, day, tz FROM src WHERE id < 20000 ORDER BY id) TO '%s' (FORMAT parquet)", file("imp/sales.parquet")),
		fmt.Sprintf("COPY (SELECT id, words FROM src WHERE id %% 1000 = 0 ORDER BY id) TO '%s' (FORMAT parquet)", file("imp/returns.parquet")),
		notesSource,
		fmt.Sprintf("COPY (SELECT * FROM notes ORDER BY id) TO '%s' (FORMAT csv, HEADER)", file("notes.csv")),
		// DuckDB's answers come from the data it wrote, not from reading the files back.
		"CREATE VIEW parts AS SELECT * FROM src",
		"CREATE SCHEMA imp",
		"CREATE VIEW imp.sales AS SELECT id, name, price, day, tz FROM src WHERE id < 20000",
		"CREATE VIEW imp.returns AS SELECT id, words FROM src WHERE id % 1000 = 0",
		"CREATE TABLE native (id BIGINT, tag VARCHAR)",
		nativeRows,
	}
	glob := file("part*.parquet")
	queries := []string{
		`SELECT count(*), count(name), sum(id), sum(price), sum(big), min(day), max(day), min(ts), max(ts),
			min(tz), max(tz), sum(small), sum(f), count(nums), count(flag) FROM parts`,
		`SELECT id, name, price, big, day, ts, tz, nums, words, small, f, flag FROM parts
			WHERE id IN (0, 1, 7, 11, 12345, 29999, 30000, 49999) ORDER BY id`,
		"SELECT day, count(*), count(name), sum(price), max(ts) FROM parts WHERE id % 3 = 0 GROUP BY day ORDER BY day LIMIT 20",
		"SELECT count(*), sum(price), min(tz) FROM parts WHERE id BETWEEN 29990 AND 30010",
		"SELECT n.tag, p.name, p.price, p.ts, p.nums FROM parts p JOIN native n ON n.id = p.id ORDER BY n.id",
		"SELECT n.id, count(p.id), sum(p.price) FROM native n LEFT JOIN parts p ON p.small = n.id - 29950 GROUP BY n.id ORDER BY n.id",
		"SELECT id, nums[1], nums[2], nums[3], words[2] FROM parts WHERE id < 12 ORDER BY id",
		"SELECT count(*), sum(price), max(name), min(day), max(tz) FROM imp.sales",
		"SELECT id, words FROM imp.returns ORDER BY id",
		fmt.Sprintf("SELECT count(*), count(name), sum(price) FROM read_parquet('%s')", glob),
		"SELECT id, note, amount, d FROM notes ORDER BY id",
		"SELECT count(*), count(note), sum(CASE WHEN note = '' THEN 1 ELSE 0 END), sum(amount), max(d) FROM notes",
		"SELECT n.d, count(*), sum(p.price) FROM notes n JOIN parts p ON p.id = n.id WHERE n.note IS NOT NULL GROUP BY n.d ORDER BY n.d",
	}
	answers := duckdbScript(t, setup, queries)

	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn,
		"CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
		fmt.Sprintf(`CREATE FOREIGN TABLE parts (id int8, name text, price numeric(10,2), big numeric(20,4), day date,
			ts timestamp, tz timestamptz, nums int8[], words text[], small int2, f float8, flag bool)
			SERVER files OPTIONS (filename '%s', format 'parquet')`, glob),
		"CREATE SCHEMA imp",
		fmt.Sprintf(`IMPORT FOREIGN SCHEMA "%s" FROM SERVER files INTO imp`, file("imp")),
		fmt.Sprintf(`CREATE FOREIGN TABLE notes (id int4, note text, amount numeric(10,2), d date)
			SERVER files OPTIONS (filename '%s', format 'csv', header 'true')`, file("notes.csv")),
		"CREATE TABLE native (id int8, tag text)",
		nativeRows)
	compareWithDuckDB(t, conn, queries, answers)
	assertUsable(t, conn)
}

// TestPgxSegmentFilesReadByDuckDB: the Parquet files pgfast writes for a table open in
// DuckDB, an independent reader, with every value right: DuckDB's answers over the files
// equal pgfast's over the table. (numeric columns are left out: pgfast stores them as its
// own 16-byte words, which another reader sees as bytes.) An array column is a struct whose
// $items list holds the elements. The float8 sum is rounded: its last bits depend on the
// order in which parallel workers add the row groups, in either engine.
func TestPgxSegmentFilesReadByDuckDB(t *testing.T) {
	skipOnTarget(t)
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn,
		`CREATE TABLE written (id int8, i2 int2, i4 int4, f4 float4, f8 float8, b bool, s text, v varchar(20),
			d date, ts timestamp, tz timestamptz, ints int4[], words text[])`,
		`INSERT INTO written SELECT g, (g % 30000 - 15000)::int2, g * 1000 - 7, g / 8.0, g / 3.0, g % 3 = 0,
			'row ' || g || ' é', 'v' || (g % 17), date '1999-12-31' + g,
			timestamp '1969-12-31 23:59:59.5' + g * interval '1 minute 0.000001 second',
			timestamptz '2024-03-10 12:00:00+00' + g * interval '1 hour',
			ARRAY[g, NULL, -g]::int4[], CASE WHEN g % 4 = 0 THEN NULL ELSE ARRAY['a' || g, 'b,"c"'] END
			FROM generate_series(1, 20000) g`,
		// Every seventh row NULL but for its id.
		`INSERT INTO written (id) SELECT g FROM generate_series(20001, 20100) g`,
		"CHECKPOINT")
	oid := queryInt64(t, conn, "SELECT 'written'::regclass::oid::int8")
	// The regression database's store is base/<its OID> of the data directory.
	db := queryInt64(t, conn, "SELECT oid::int8 FROM pg_database WHERE datname = current_database()")
	files, err := filepath.Glob(filepath.Join(srv.dataDir, "base", fmt.Sprint(db), "tables", fmt.Sprint(oid), "*.parquet"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no segment files of table written (oid %d): %v", oid, err)
	}
	list := make([]string, len(files))
	for i, f := range files {
		list[i] = "'" + f + "'"
	}
	queries := []string{
		`SELECT count(*), count(i2), sum(id), sum(i2), sum(i4), sum(CAST(f4 AS double precision)), round(sum(f8)), count(b), min(s), max(v),
			min(d), max(d), min(ts), max(ts), min(tz), max(tz), count(ints), count(words) FROM written`,
		"SELECT * FROM written WHERE id IN (1, 2, 4, 7, 9999, 20000, 20001, 20100) ORDER BY id",
		"SELECT v, count(*), sum(i4), max(ts) FROM written WHERE b GROUP BY v ORDER BY v",
	}
	answers := duckdbScript(t, []string{
		// An array is stored as a struct of its elements ($items) and, for arrays of more
		// than one dimension, its shape ($shape).
		fmt.Sprintf(`CREATE VIEW written AS SELECT * REPLACE (ints."$items" AS ints, words."$items" AS words)
			FROM read_parquet([%s])`, strings.Join(list, ", ")),
	}, queries)
	compareWithDuckDB(t, conn, queries, answers)
}
