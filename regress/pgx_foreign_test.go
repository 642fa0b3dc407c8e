package regress

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
	pqgo "github.com/parquet-go/parquet-go"
)

// parquetRow is one row of the test files, as parquet-go writes it.
type parquetRow struct {
	ID    int64     `parquet:"id"`
	Name  *string   `parquet:"name,optional"`
	Price int64     `parquet:"price,decimal(2:10)"`
	Day   int32     `parquet:"day,date"` // days since 1970-01-01 (parquet-go misencodes a time.Time here)
	TS    time.Time `parquet:"ts,timestamp(millisecond:utc)"`
	Small int16     `parquet:"small,int(16)"`
}

// writeParquet writes rows i = from..to-1 as a Parquet file of row groups of rgRows rows:
// id int64, name string (NULL every 7th row), price decimal(10,2) = i.05, day date (day
// i%1000 after 2000-01-01), ts timestamp(ms, UTC) (i seconds after 2020-01-01), small
// int16 = i%100. The writer is parquet-go, an implementation that shares no code with the
// Apache Arrow reader pgfast uses, so the tests read files as another program writes them.
func writeParquet(t *testing.T, path string, from, to, rgRows int) {
	t.Helper()
	day0 := int32(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	ts0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]parquetRow, 0, to-from)
	for i := from; i < to; i++ {
		r := parquetRow{ID: int64(i), Price: int64(i)*100 + 5, Day: day0 + int32(i%1000),
			TS: ts0.Add(time.Duration(i) * time.Second), Small: int16(i % 100)}
		if i%7 != 0 {
			name := fmt.Sprintf("name %d", i)
			r.Name = &name
		}
		rows = append(rows, r)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := pqgo.NewGenericWriter[parquetRow](f, pqgo.MaxRowsPerRowGroup(int64(rgRows)))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestPgxForeignParquet reads Parquet files through foreign tables: logical types mapped to
// the declared columns, NULLs, a glob over several files, joins with a native table,
// LIMIT and a missing column. (A file changing under a scan: executor/filescan's tests.)
func TestPgxForeignParquet(t *testing.T) {
	skipOnTarget(t)
	dir := t.TempDir()
	writeParquet(t, filepath.Join(dir, "part1.parquet"), 0, 30000, 10000)
	writeParquet(t, filepath.Join(dir, "part2.parquet"), 30000, 50000, 10000)
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := context.Background()
	mustExec(t, conn, "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
		fmt.Sprintf(`CREATE FOREIGN TABLE one (id int8, name text, price numeric, day date, ts timestamptz, small int4)
			SERVER files OPTIONS (filename '%s', format 'parquet')`, filepath.Join(dir, "part1.parquet")),
		fmt.Sprintf(`CREATE FOREIGN TABLE parts (id int8, price numeric(12,2), name varchar)
			SERVER files OPTIONS (filename '%s', format 'parquet')`, filepath.Join(dir, "part*.parquet")))

	var name *string
	var price string
	var day, ts time.Time
	var small int32
	if err := conn.QueryRow(ctx, "SELECT name, price::text, day, ts, small FROM one WHERE id = 12345").Scan(&name, &price, &day, &ts, &small); err != nil {
		t.Fatal(err)
	}
	wantDay := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 345)
	wantTS := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(12345 * time.Second)
	if name == nil || *name != "name 12345" || price != "12345.05" || !day.Equal(wantDay) || !ts.Equal(wantTS) || small != 45 {
		t.Errorf("row 12345: %v %s %v %v %d", name, price, day, ts, small)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM one WHERE name IS NULL"); n != 30000/7+1 {
		t.Errorf("NULL names: %d", n)
	}
	// The glob reads both files in name order.
	var count, sumID int64
	var sumPrice string
	if err := conn.QueryRow(ctx, "SELECT count(*), sum(id), sum(price)::text FROM parts").Scan(&count, &sumID, &sumPrice); err != nil {
		t.Fatal(err)
	}
	if count != 50000 || sumID != 49999*50000/2 || sumPrice != fmt.Sprintf("%d.00", 49999*50000/2+50000*5/100) {
		t.Errorf("parts: count %d sum(id) %d sum(price) %s", count, sumID, sumPrice)
	}
	if n := queryInt64(t, conn, "SELECT id FROM parts OFFSET 40000 LIMIT 1"); n != 40000 {
		t.Errorf("row 40000 of the glob has id %d", n)
	}
	mustExec(t, conn, "CREATE TABLE native (id int8, tag text)", "INSERT INTO native SELECT g, 't' || g FROM generate_series(29998, 30001) g")
	if n := queryInt64(t, conn, "SELECT count(*) FROM parts p JOIN native n ON n.id = p.id WHERE p.name IS NOT NULL"); n != 4 {
		t.Errorf("join with a native table: %d rows", n)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM (SELECT * FROM parts LIMIT 5) s"); n != 5 {
		t.Errorf("LIMIT 5: %d rows", n)
	}

	mustExec(t, conn, fmt.Sprintf(`CREATE FOREIGN TABLE wrongcol (nope int) SERVER files OPTIONS (filename '%s', format 'parquet')`, filepath.Join(dir, "part1.parquet")))
	_, err := conn.Exec(ctx, "SELECT * FROM wrongcol")
	if pgCode(err) != "HV005" {
		t.Errorf("a column the file lacks: %v", err)
	}
	mustExec(t, conn, fmt.Sprintf(`CREATE FOREIGN TABLE gone (id int) SERVER files OPTIONS (filename '%s', format 'parquet')`, filepath.Join(dir, "none*.parquet")))
	if _, err := conn.Exec(ctx, "SELECT * FROM gone"); pgCode(err) != "58P01" {
		t.Errorf("a glob matching nothing: %v", err)
	}

	assertUsable(t, conn)
}

// TestPgxForeignCSVLarge reads a CSV file of several parallel chunks whose quoted fields
// hold newlines, delimiters and doubled quotes, through a foreign table and through COPY
// FROM: every row arrives once, in order, with its text intact.
func TestPgxForeignCSVLarge(t *testing.T) {
	skipOnTarget(t)
	const n = 200_000
	path := filepath.Join(t.TempDir(), "big.csv")
	var sb strings.Builder
	sb.WriteString("id,note,amount\n")
	note := func(i int) string {
		if i%3 == 0 {
			return fmt.Sprintf("line %d\nnext, \"quoted\" %d", i, i)
		}
		return fmt.Sprintf("plain %d", i)
	}
	for i := range n {
		v := note(i)
		if i%3 == 0 {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		fmt.Fprintf(&sb, "%d,%s,%d.%02d\n", i, v, i, i%100)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := context.Background()
	mustExec(t, conn, "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
		fmt.Sprintf(`CREATE FOREIGN TABLE big (id int, note text, amount numeric) SERVER files OPTIONS (filename '%s', format 'csv', header 'true')`, path),
		"CREATE TABLE copied (id int, note text, amount numeric)",
		fmt.Sprintf(`COPY copied FROM '%s' WITH (FORMAT csv, HEADER)`, path))
	for _, table := range []string{"big", "copied"} {
		rows, err := conn.Query(ctx, "SELECT id, note FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for rows.Next() {
			var id int
			var got string
			if err := rows.Scan(&id, &got); err != nil {
				t.Fatal(err)
			}
			if id != i || got != note(i) {
				t.Fatalf("%s: row %d is (%d, %q), want (%d, %q)", table, i, id, got, i, note(i))
			}
			i++
		}
		if rows.Err() != nil || i != n {
			t.Fatalf("%s: %d rows, %v", table, i, rows.Err())
		}
	}
}

// TestPgxReadFiles checks read_csv and read_parquet, whose columns are inferred from the
// files, IMPORT FOREIGN SCHEMA over a directory of Parquet files, and row-group skipping by
// Parquet statistics as EXPLAIN ANALYZE reports it.
func TestPgxReadFiles(t *testing.T) {
	skipOnTarget(t)
	dir := t.TempDir()
	csv := filepath.Join(dir, "mixed.csv")
	data := "i,big,n,f,b,d,ts,tz,s\n" +
		"1,3000000000,1.5,1e3,true,2024-01-02,2024-01-02 10:00:00,2024-01-02 10:00:00+02,x\n" +
		"2,4,2,-0.5,f,1999-12-31,2024-01-02 10:00:00.5,2024-01-02 10:00:00Z,\n"
	if err := os.WriteFile(csv, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	pqDir := filepath.Join(dir, "pq")
	if err := os.Mkdir(pqDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeParquet(t, filepath.Join(pqDir, "sales.parquet"), 0, 100_000, 1000)
	writeParquet(t, filepath.Join(pqDir, "returns.parquet"), 0, 10, 10)
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := context.Background()

	rows, err := conn.Query(ctx, fmt.Sprintf("SELECT * FROM read_csv('%s')", csv))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fd := range rows.FieldDescriptions() {
		got = append(got, fmt.Sprintf("%s:%d", fd.Name, fd.DataTypeOID))
	}
	rows.Close()
	want := []string{"i:23", "big:20", "n:1700", "f:701", "b:16", "d:1082", "ts:1114", "tz:1184", "s:25"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("read_csv columns %v, want %v", got, want)
	}
	var s *string
	var tz time.Time
	if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT s, tz FROM read_csv('%s') WHERE i = 2", csv)).Scan(&s, &tz); err != nil {
		t.Fatal(err)
	}
	if s != nil || !tz.Equal(time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("row 2: s %v tz %v", s, tz)
	}
	if n := queryInt64(t, conn, fmt.Sprintf("SELECT count(*) FROM read_parquet('%s') WHERE name IS NULL", filepath.Join(pqDir, "*.parquet"))); n != 100_000/7+1+2 {
		t.Errorf("read_parquet over a glob: %d NULL names", n)
	}

	mustExec(t, conn, "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
		fmt.Sprintf(`IMPORT FOREIGN SCHEMA "%s" LIMIT TO (sales) FROM SERVER files INTO public`, pqDir))
	var cols string
	if err := conn.QueryRow(ctx, `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
		FROM pg_attribute WHERE attrelid = 'sales'::regclass AND attnum > 0`).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	if cols != "id bigint, name text, price numeric(10,2), day date, ts timestamp with time zone, small smallint" {
		t.Errorf("imported columns: %s", cols)
	}
	if _, err := conn.Exec(ctx, "SELECT * FROM returns"); pgCode(err) != "42P01" {
		t.Errorf("a table LIMIT TO left out: %v", err)
	}

	// A selective filter on the sorted id reads one of the 100 row groups, and finds the
	// rows a full scan finds.
	var sum, full int64
	if err := conn.QueryRow(ctx, "SELECT sum(small) FROM sales WHERE id BETWEEN 50100 AND 50199").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT sum(small) FROM sales WHERE id + 0 BETWEEN 50100 AND 50199").Scan(&full); err != nil {
		t.Fatal(err)
	}
	if sum != full || sum != 4950 {
		t.Errorf("sum over the skipping scan %d, full scan %d, want 4950", sum, full)
	}
	var plan strings.Builder
	rows, err = conn.Query(ctx, "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) SELECT sum(small) FROM sales WHERE id BETWEEN 50100 AND 50199")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if !strings.Contains(plan.String(), "Foreign Scan on sales") || !strings.Contains(plan.String(), "Row Groups: 1 read, 99 skipped") ||
		!strings.Contains(plan.String(), "Rows Removed by Filter: 900") {
		t.Errorf("EXPLAIN ANALYZE:\n%s", plan.String())
	}
}

// TestPgxParquetLists reads Parquet list columns as arrays: elements converted to the
// element type, NULL elements and NULL lists kept, empty lists empty arrays.
func TestPgxParquetLists(t *testing.T) {
	skipOnTarget(t)
	path := filepath.Join(t.TempDir(), "lists.parquet")
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int32},
		{Name: "nums", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
		{Name: "words", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	nums, words := b.Field(1).(*array.ListBuilder), b.Field(2).(*array.ListBuilder)
	for id, row := range [][]any{{[]int64{1, 2}, []string{"a", "b c"}}, {nil, nil}, {[]int64{}, []string{}}, {[]int64{7}, []string{"x"}}} {
		b.Field(0).(*array.Int32Builder).Append(int32(id))
		if row[0] == nil {
			nums.AppendNull()
			words.AppendNull()
			continue
		}
		nums.Append(true)
		for _, v := range row[0].([]int64) {
			nums.ValueBuilder().(*array.Int64Builder).Append(v)
		}
		if id == 3 {
			nums.ValueBuilder().AppendNull()
		}
		words.Append(true)
		for _, v := range row[1].([]string) {
			words.ValueBuilder().(*array.StringBuilder).Append(v)
		}
	}
	rec := b.NewRecord()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(sc, f, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	srv := newPgxServer(t)
	conn := srv.connect(t)
	rows, err := conn.Query(context.Background(), fmt.Sprintf(
		"SELECT id, nums::text, words::text, array_length(nums, 1), pg_typeof(nums)::text FROM read_parquet('%s') ORDER BY id", path))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id int32
		var n, w *string
		var l *int32
		var typ string
		if err := rows.Scan(&id, &n, &w, &l, &typ); err != nil {
			t.Fatal(err)
		}
		str := func(p *string) string {
			if p == nil {
				return "NULL"
			}
			return *p
		}
		ln := "NULL"
		if l != nil {
			ln = fmt.Sprint(*l)
		}
		got = append(got, fmt.Sprintf("%d %s %s %s %s", id, str(n), str(w), ln, typ))
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	want := []string{`0 {1,2} {a,"b c"} 2 bigint[]`, `1 NULL NULL NULL bigint[]`, `2 {} {} NULL bigint[]`, `3 {7,NULL} {x} 2 bigint[]`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lists:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// skipOnTarget skips a test of what pgfast adds to file_fdw (Parquet, globs, read_csv and
// read_parquet, files in the test's own directory, which another server's user may not
// read) when the suite runs against a -target PostgreSQL.
func skipOnTarget(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("-target: Parquet files, read_csv and read_parquet are pgfast's own")
	}
}
