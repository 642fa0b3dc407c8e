package regress

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgtype"
)

// The pgx tests drive the server through the Go driver most PostgreSQL applications use:
// the extended protocol with binary parameters and results, prepared statements, COPY,
// error codes, transaction states, cancellation and durability across a restart.

// connect opens a connection to s; it is closed when the test ends. Cancelling a context
// sends a CancelRequest to the server and waits for the server's answer, rather than
// dropping the connection (pgx's default), so that cancellation is tested end to end.
func (s *pgxServer) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(s.url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 10 * time.Second}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// mustExec runs statements that must succeed.
func mustExec(t *testing.T, conn *pgx.Conn, sqls ...string) {
	t.Helper()
	for _, sql := range sqls {
		if _, err := conn.Exec(t.Context(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// queryInt64 runs a query returning one bigint.
func queryInt64(t *testing.T, conn *pgx.Conn, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := conn.QueryRow(t.Context(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// pgCode returns the SQLSTATE of a server error, "" for other errors.
func pgCode(err error) string {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pgErr.Code
	}
	return ""
}

// assertUsable checks that a connection still answers after an error.
func assertUsable(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	var one int
	if err := conn.QueryRow(t.Context(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("connection unusable after the error: SELECT 1 gave %d, %v", one, err)
	}
	if st := conn.PgConn().TxStatus(); st != 'I' {
		t.Fatalf("transaction status after the error = %c, want I", st)
	}
}

// queryModes are the ways pgx sends a query: prepared and cached with binary parameters and
// results, unnamed with text parameters, and the simple protocol with the values inlined.
var queryModes = []pgx.QueryExecMode{
	pgx.QueryExecModeCacheStatement,
	pgx.QueryExecModeExec,
	pgx.QueryExecModeSimpleProtocol,
}

func utc(y int, m time.Month, d, hh, mm, ss, us int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, us*1000, time.UTC)
}

// typeCases are values of every spine type, sent as parameters and read back.
var typeCases = []struct {
	name string // also the column name suffix
	sql  string // the SQL type
	oid  uint32 // the result column's type
	in   any
	want any // nil: a NULL is expected (scanned into a pointer to in's type)
}{
	{"bool_true", "bool", pgtype.BoolOID, true, true},
	{"bool_false", "bool", pgtype.BoolOID, false, false},
	{"int2_min", "int2", pgtype.Int2OID, int16(math.MinInt16), int16(math.MinInt16)},
	{"int2_max", "int2", pgtype.Int2OID, int16(math.MaxInt16), int16(math.MaxInt16)},
	{"int4_min", "int4", pgtype.Int4OID, int32(math.MinInt32), int32(math.MinInt32)},
	{"int4", "int4", pgtype.Int4OID, int32(42), int32(42)},
	{"int8_min", "int8", pgtype.Int8OID, int64(math.MinInt64), int64(math.MinInt64)},
	{"int8_max", "int8", pgtype.Int8OID, int64(math.MaxInt64), int64(math.MaxInt64)},
	{"float4", "float4", pgtype.Float4OID, float32(1.5), float32(1.5)},
	{"float4_neg", "float4", pgtype.Float4OID, float32(-3.25e10), float32(-3.25e10)},
	{"float8", "float8", pgtype.Float8OID, 0.1, 0.1},
	{"float8_big", "float8", pgtype.Float8OID, -1.5e300, -1.5e300},
	{"float8_inf", "float8", pgtype.Float8OID, math.Inf(1), math.Inf(1)},
	{"numeric", "numeric(12,3)", pgtype.NumericOID, "123456789.123", "123456789.123"},
	{"numeric_small", "numeric(12,3)", pgtype.NumericOID, "-0.001", "-0.001"},
	{"numeric_scale", "numeric(12,3)", pgtype.NumericOID, "7.5", "7.500"},
	{"text", "text", pgtype.TextOID, "hello", "hello"},
	{"text_empty", "text", pgtype.TextOID, "", ""},
	{"text_unicode", "text", pgtype.TextOID, "ünïcødé ☃ 日本", "ünïcødé ☃ 日本"},
	{"text_quotes", "text", pgtype.TextOID, "it's \"quoted\"\tand\ttabbed\\", "it's \"quoted\"\tand\ttabbed\\"},
	{"varchar", "varchar(5)", pgtype.VarcharOID, "abcde", "abcde"},
	{"date", "date", pgtype.DateOID, utc(2024, 2, 29, 0, 0, 0, 0), utc(2024, 2, 29, 0, 0, 0, 0)},
	{"date_epoch", "date", pgtype.DateOID, utc(1970, 1, 1, 0, 0, 0, 0), utc(1970, 1, 1, 0, 0, 0, 0)},
	{"date_old", "date", pgtype.DateOID, utc(1899, 12, 31, 0, 0, 0, 0), utc(1899, 12, 31, 0, 0, 0, 0)},
	{"timestamp", "timestamp", pgtype.TimestampOID, utc(2024, 1, 15, 10, 30, 0, 123456), utc(2024, 1, 15, 10, 30, 0, 123456)},
	{"timestamp_old", "timestamp", pgtype.TimestampOID, utc(1960, 6, 1, 23, 59, 59, 1), utc(1960, 6, 1, 23, 59, 59, 1)},
	{"timestamptz", "timestamptz", pgtype.TimestamptzOID,
		time.Date(2024, 1, 15, 10, 30, 0, 500000000, time.FixedZone("", 2*3600)), utc(2024, 1, 15, 8, 30, 0, 500000)},
	{"null_bool", "bool", pgtype.BoolOID, (*bool)(nil), nil},
	{"null_int8", "int8", pgtype.Int8OID, (*int64)(nil), nil},
	{"null_float8", "float8", pgtype.Float8OID, (*float64)(nil), nil},
	{"null_numeric", "numeric(12,3)", pgtype.NumericOID, (*string)(nil), nil},
	{"null_text", "text", pgtype.TextOID, (*string)(nil), nil},
	{"null_date", "date", pgtype.DateOID, (*time.Time)(nil), nil},
	{"null_timestamptz", "timestamptz", pgtype.TimestamptzOID, (*time.Time)(nil), nil},
	{"uuid", "uuid", pgtype.UUIDOID, pgtype.UUID{Valid: true, Bytes: [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}},
		[16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}},
	{"uuid_text", "uuid", pgtype.UUIDOID, "{A0EEBC99-9C0B4EF8-BB6D6BB9-BD380A11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	{"null_uuid", "uuid", pgtype.UUIDOID, (*[16]byte)(nil), nil},
	{"jsonb_text", "jsonb", pgtype.JSONBOID, `{"b":1, "a" : [2.50, {}], "b": 3}`, `{"a": [2.50, {}], "b": 3}`},
	{"json_text", "json", pgtype.JSONOID, `{"b":1,  "a" : 2}`, `{"b":1,  "a" : 2}`},
	{"null_jsonb", "jsonb", pgtype.JSONBOID, (*string)(nil), nil},
}

// scanTarget returns a pointer to scan a case's result into: to want's type, or for NULLs
// a pointer to a pointer of in's element type.
func scanTarget(in, want any) reflect.Value {
	if want == nil {
		return reflect.New(reflect.TypeOf(in))
	}
	return reflect.New(reflect.TypeOf(want))
}

// checkScanned compares a scanned value with want.
func checkScanned(t *testing.T, got reflect.Value, want any) {
	t.Helper()
	v := got.Elem().Interface()
	if want == nil {
		if !got.Elem().IsNil() {
			t.Errorf("got %v, want NULL", got.Elem().Elem().Interface())
		}
		return
	}
	if wt, ok := want.(time.Time); ok {
		if gt := v.(time.Time); !gt.Equal(wt) {
			t.Errorf("got %v, want %v", gt, wt)
		}
		return
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %#v, want %#v", v, want)
	}
}

// TestPgxTypeRoundTrip sends a value of every spine type as a parameter and reads it back,
// once straight from the parameter and once through a table column, in each query mode.
func TestPgxTypeRoundTrip(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	var cols []string
	for _, tc := range typeCases {
		cols = append(cols, fmt.Sprintf("c_%s %s", tc.name, tc.sql))
	}
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_types",
		"CREATE TABLE pgx_types (id int, "+strings.Join(cols, ", ")+")")

	for mi, mode := range queryModes {
		for ci, tc := range typeCases {
			t.Run(mode.String()+"/"+tc.name, func(t *testing.T) {
				ctx := t.Context()
				rows, err := conn.Query(ctx, fmt.Sprintf("SELECT $1::%s", tc.sql), mode, tc.in)
				if err != nil {
					t.Fatalf("select parameter: %v", err)
				}
				if got := rows.FieldDescriptions()[0].DataTypeOID; got != tc.oid {
					t.Errorf("result type OID = %d, want %d", got, tc.oid)
				}
				dst := scanTarget(tc.in, tc.want)
				if !rows.Next() {
					t.Fatalf("select parameter: no row: %v", rows.Err())
				}
				if err := rows.Scan(dst.Interface()); err != nil {
					t.Fatalf("scan parameter: %v", err)
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					t.Fatalf("select parameter: %v", err)
				}
				checkScanned(t, dst, tc.want)

				id := mi*len(typeCases) + ci
				col := "c_" + tc.name
				if _, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO pgx_types (id, %s) VALUES ($1, $2)", col), mode, id, tc.in); err != nil {
					t.Fatalf("insert: %v", err)
				}
				dst = scanTarget(tc.in, tc.want)
				if err := conn.QueryRow(ctx, fmt.Sprintf("SELECT %s FROM pgx_types WHERE id = $1", col), mode, id).Scan(dst.Interface()); err != nil {
					t.Fatalf("select column: %v", err)
				}
				checkScanned(t, dst, tc.want)
			})
		}
	}
}

// TestPgxResultFormats reads one row of every type in binary and in text, through the same
// prepared statement, and checks both decode to the same values.
func TestPgxResultFormats(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	const sql = `SELECT true, 7::int2, -8::int4, 9000000000::int8, 1.25::float4, -2.5e-10::float8,
		12.345::numeric(6,3), 'txt'::text, 'vc'::varchar(4), '2024-03-04'::date,
		'2024-03-04 05:06:07.89'::timestamp, '2024-03-04 05:06:07+01'::timestamptz, NULL::int4`
	read := func(formats pgx.QueryResultFormats) []any {
		t.Helper()
		rows, err := conn.Query(t.Context(), sql, formats)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := pgx.CollectExactlyOneRow(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
		if err != nil {
			t.Fatal(err)
		}
		return vals
	}
	binary := read(pgx.QueryResultFormats{pgx.BinaryFormatCode})
	text := read(pgx.QueryResultFormats{pgx.TextFormatCode})
	want := []any{true, int16(7), int32(-8), int64(9000000000), float32(1.25), -2.5e-10,
		"12.345", "txt", "vc", utc(2024, 3, 4, 0, 0, 0, 0), utc(2024, 3, 4, 5, 6, 7, 890000),
		utc(2024, 3, 4, 4, 6, 7, 0), nil}
	for name, got := range map[string][]any{"binary": binary, "text": text} {
		if len(got) != len(want) {
			t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
		}
		for i := range want {
			g := got[i]
			if n, ok := g.(pgtype.Numeric); ok {
				v, _ := n.Value()
				g = v
			}
			if wt, ok := want[i].(time.Time); ok {
				if gt, ok := g.(time.Time); !ok || !gt.Equal(wt) {
					t.Errorf("%s: column %d = %#v, want %v", name, i+1, g, wt)
				}
				continue
			}
			if !reflect.DeepEqual(g, want[i]) {
				t.Errorf("%s: column %d = %#v, want %#v", name, i+1, g, want[i])
			}
		}
	}
}

// TestPgxPreparedStatementReuse executes one prepared statement 1,000 times on one
// connection, with different parameters each time, over a table and without one.
func TestPgxPreparedStatementReuse(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_prep", "CREATE TABLE pgx_prep (x int8, s text)",
		"INSERT INTO pgx_prep SELECT a.x * 10 + b.x, 'row' FROM (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) a(x) CROSS JOIN (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) b(x)")

	if _, err := conn.Prepare(ctx, "calc", "SELECT $1::int8 * 2, $2::text || '!'"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Prepare(ctx, "count", "SELECT count(*), sum(x) FROM pgx_prep WHERE x < $1"); err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		var n int64
		var s string
		if err := conn.QueryRow(ctx, "calc", i, fmt.Sprint("v", i)).Scan(&n, &s); err != nil {
			t.Fatalf("execution %d: %v", i, err)
		}
		if n != int64(2*i) || s != fmt.Sprintf("v%d!", i) {
			t.Fatalf("execution %d: got %d, %q", i, n, s)
		}
		limit := int64(i % 120)
		var count int64
		var sum *int64
		if err := conn.QueryRow(ctx, "count", limit).Scan(&count, &sum); err != nil {
			t.Fatalf("execution %d of count: %v", i, err)
		}
		wantCount := min(limit, 100)
		if count != wantCount || (wantCount > 0 && (sum == nil || *sum != wantCount*(wantCount-1)/2)) || (wantCount == 0 && sum != nil) {
			t.Fatalf("count(x < %d) = %d, sum %v; want %d", limit, count, sum, wantCount)
		}
	}
}

// TestPgxErrorCodes checks the SQLSTATE and cursor position of errors, in the extended and
// the simple protocol, and that the connection stays usable after each.
func TestPgxErrorCodes(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_err", "CREATE TABLE pgx_err (id int, name text)",
		"INSERT INTO pgx_err VALUES (1, 'a'), (0, 'b')")
	tests := []struct {
		name     string
		sql      string
		args     []any
		code     string
		position int32 // 0: not checked
		message  string
	}{
		{"syntax error", "SELEC 1", nil, "42601", 1, `syntax error at or near "SELEC"`},
		{"syntax error at end", "SELECT 1 +", nil, "42601", 11, "syntax error at end of input"},
		{"syntax error mid statement", "SELECT * FROM pgx_err WHERE id = = 1", nil, "42601", 34, `syntax error at or near "="`},
		{"unknown table", "SELECT * FROM no_such_table", nil, "42P01", 15, `relation "no_such_table" does not exist`},
		{"unknown column", "SELECT no_such_column FROM pgx_err", nil, "42703", 8, `column "no_such_column" does not exist`},
		{"unknown column in WHERE", "SELECT id FROM pgx_err WHERE no_such_column = 1", nil, "42703", 30, `column "no_such_column" does not exist`},
		{"division by zero", "SELECT 1 / id FROM pgx_err", nil, "22012", 0, "division by zero"},
		{"division by zero constant", "SELECT 1 / 0", nil, "22012", 0, "division by zero"},
		{"invalid integer literal", "SELECT 'abc'::int", nil, "22P02", 8, `invalid input syntax for type integer: "abc"`},
		{"invalid integer parameter", "SELECT $1::int", []any{"abc"}, "22P02", 0, `invalid input syntax for type integer: "abc"`},
		{"invalid date", "SELECT 'garbage'::date", nil, "22007", 8, `invalid input syntax for type date: "garbage"`},
		{"integer overflow", "SELECT 2147483647 + id FROM pgx_err", nil, "22003", 0, "integer out of range"},
		{"table exists", "CREATE TABLE pgx_err (x int)", nil, "42P07", 0, `relation "pgx_err" already exists`},
		{"unknown function", "SELECT no_such_function(1)", nil, "42883", 8, "function no_such_function(integer) does not exist"},
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		for _, tc := range tests {
			t.Run(mode.String()+"/"+tc.name, func(t *testing.T) {
				if mode == pgx.QueryExecModeSimpleProtocol && tc.args != nil {
					// Inlined, the parameter becomes a literal whose error has a position.
					tc.position = 0
				}
				rows, err := conn.Query(t.Context(), tc.sql, append([]any{mode}, tc.args...)...)
				if err == nil {
					for rows.Next() {
					}
					rows.Close()
					err = rows.Err()
				}
				pgErr, ok := errors.AsType[*pgconn.PgError](err)
				if !ok {
					t.Fatalf("error = %v, want a server error %s", err, tc.code)
				}
				if pgErr.Code != tc.code || pgErr.Message != tc.message || pgErr.Severity != "ERROR" {
					t.Errorf("error = %s %s %q, want ERROR %s %q", pgErr.Severity, pgErr.Code, pgErr.Message, tc.code, tc.message)
				}
				if tc.position != 0 && pgErr.Position != tc.position {
					t.Errorf("position = %d, want %d", pgErr.Position, tc.position)
				}
				assertUsable(t, conn)
			})
		}
	}
}

// TestPgxTransactionAborted checks the transaction states: a failed statement in a
// transaction block makes every later one fail with 25P02 until the block ends, and its
// changes are rolled back.
func TestPgxTransactionAborted(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_tx", "CREATE TABLE pgx_tx (id int)")

	for _, end := range []string{"ROLLBACK", "COMMIT"} {
		t.Run(end, func(t *testing.T) {
			mustExec(t, conn, "BEGIN", "INSERT INTO pgx_tx VALUES (1)")
			if st := conn.PgConn().TxStatus(); st != 'T' {
				t.Errorf("status in block = %c, want T", st)
			}
			if _, err := conn.Exec(ctx, "SELECT 1 / 0"); pgCode(err) != "22012" {
				t.Fatalf("SELECT 1 / 0: %v, want 22012", err)
			}
			if st := conn.PgConn().TxStatus(); st != 'E' {
				t.Errorf("status after the error = %c, want E", st)
			}
			for _, sql := range []string{"SELECT 1", "INSERT INTO pgx_tx VALUES (2)", "SELECT count(*) FROM pgx_tx"} {
				_, err := conn.Exec(ctx, sql)
				if pgCode(err) != "25P02" {
					t.Errorf("%s in a failed block: %v, want 25P02", sql, err)
				}
			}
			var one int
			if err := conn.QueryRow(ctx, "SELECT $1::int", 1).Scan(&one); pgCode(err) != "25P02" {
				t.Errorf("prepared statement in a failed block: %v, want 25P02", err)
			}
			tag, err := conn.Exec(ctx, end)
			if err != nil {
				t.Fatalf("%s: %v", end, err)
			}
			if tag.String() != "ROLLBACK" {
				t.Errorf("%s of a failed block: tag %q, want ROLLBACK", end, tag)
			}
			assertUsable(t, conn)
			if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_tx"); n != 0 {
				t.Errorf("rows after the failed block = %d, want 0", n)
			}
		})
	}

	// An error the protocol layer raises (a Bind with the wrong number of parameters) aborts
	// the block too, as in PostgreSQL.
	t.Run("protocol error", func(t *testing.T) {
		mustExec(t, conn, "BEGIN")
		rr := conn.PgConn().ExecParams(ctx, "SELECT $1::int", nil, nil, nil, nil)
		if _, err := rr.Close(); pgCode(err) != "08P01" {
			t.Fatalf("Bind without its parameter: %v, want 08P01", err)
		}
		if st := conn.PgConn().TxStatus(); st != 'E' {
			t.Errorf("status after a protocol error in a block = %c, want E", st)
		}
		mustExec(t, conn, "ROLLBACK")
		assertUsable(t, conn)
	})

	t.Run("pgx.Tx", func(t *testing.T) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO pgx_tx VALUES (3)"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "SELECT * FROM no_such_table"); pgCode(err) != "42P01" {
			t.Fatalf("got %v, want 42P01", err)
		}
		if err := tx.Commit(ctx); !errors.Is(err, pgx.ErrTxCommitRollback) {
			t.Errorf("commit of a failed transaction: %v, want pgx.ErrTxCommitRollback", err)
		}
		tx, err = conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO pgx_tx VALUES (4)"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n := queryInt64(t, conn, "SELECT sum(id) FROM pgx_tx"); n != 4 {
			t.Errorf("sum after commit = %d, want 4", n)
		}
	})
}

// TestPgxCopyFromBinary loads rows of every spine type, NULLs included, with pgx's CopyFrom,
// which sends COPY's binary format, and reads them back.
func TestPgxCopyFromBinary(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()

	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_copy_bin",
		"CREATE TABLE pgx_copy_bin (b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(10,2), t text, d date, ts timestamp, tz timestamptz)")
	const binRows = 10000
	base := utc(2020, 1, 1, 0, 0, 0, 0)
	rows := make([][]any, binRows)
	for i := range rows {
		var n pgtype.Numeric
		if err := n.Scan(fmt.Sprintf("%d.%02d", i, i%100)); err != nil {
			t.Fatal(err)
		}
		rows[i] = []any{i%2 == 0, int16(i % 1000), int32(i), int64(i) * 1_000_000_000, float32(i) / 4, float64(i) / 8,
			n, fmt.Sprint("name", i), base.AddDate(0, 0, i%1000), base.Add(time.Duration(i) * time.Second), base.Add(time.Duration(i) * time.Minute)}
		if i%1000 == 999 {
			rows[i] = []any{nil, nil, int32(i), nil, nil, nil, nil, nil, nil, nil, nil}
		}
	}
	n, err := conn.CopyFrom(ctx, pgx.Identifier{"pgx_copy_bin"},
		[]string{"b", "i2", "i4", "i8", "f4", "f8", "n", "t", "d", "ts", "tz"}, pgx.CopyFromRows(rows))
	if err != nil {
		t.Fatalf("CopyFrom: %v", err)
	}
	if n != binRows {
		t.Fatalf("CopyFrom copied %d rows, want %d", n, binRows)
	}
	var got struct {
		count, nulls, sumI4 int64
		sumN                string
		maxT                string
		minD                time.Time
	}
	if err := conn.QueryRow(ctx, `SELECT count(*), count(*) - count(b), sum(i4), sum(n)::text, max(t), min(d) FROM pgx_copy_bin`).
		Scan(&got.count, &got.nulls, &got.sumI4, &got.sumN, &got.maxT, &got.minD); err != nil {
		t.Fatal(err)
	}
	if got.count != binRows || got.nulls != binRows/1000 || got.sumI4 != binRows*(binRows-1)/2 || got.maxT != "name9998" || !got.minD.Equal(base) {
		t.Errorf("after CopyFrom: %+v", got)
	}
	var row []any
	if err := conn.QueryRow(ctx, "SELECT b, i2, i4, i8, f4, f8, n::text, t, d, ts, tz FROM pgx_copy_bin WHERE i4 = 1234").
		Scan(scanAll(&row, 11)...); err != nil {
		t.Fatal(err)
	}
	wantRow := []any{true, int16(234), int32(1234), int64(1234) * 1_000_000_000, float32(308.5), 154.25, "1234.34", "name1234",
		base.AddDate(0, 0, 234), base.Add(1234 * time.Second), base.Add(1234 * time.Minute)}
	for i := range wantRow {
		if wt, ok := wantRow[i].(time.Time); ok {
			if !row[i].(time.Time).Equal(wt) {
				t.Errorf("column %d = %v, want %v", i+1, row[i], wt)
			}
		} else if !reflect.DeepEqual(row[i], wantRow[i]) {
			t.Errorf("column %d = %#v, want %#v", i+1, row[i], wantRow[i])
		}
	}
}

// TestPgxCopyFromCSVRestart sends a 1,000,000-row, 5-column CSV through the COPY protocol,
// checks the rows, restarts the server over the same data directory and checks them again.
func TestPgxCopyFromCSVRestart(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_copy_csv",
		"CREATE TABLE pgx_copy_csv (id int8, name text, score float8, day date, flag bool)")
	const csvRows = 1_000_000
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriterSize(pw, 1<<16)
		day := utc(2000, 1, 1, 0, 0, 0, 0)
		for i := range csvRows {
			fmt.Fprintf(w, "%d,\"name %d, the %dth\",%d.5,%s,%t\n", i, i, i, i%1000, day.AddDate(0, 0, i%3650).Format(time.DateOnly), i%3 == 0)
		}
		pw.CloseWithError(w.Flush())
	}()
	start := time.Now()
	tag, err := conn.PgConn().CopyFrom(ctx, pr, "COPY pgx_copy_csv FROM STDIN WITH (FORMAT csv)")
	if err != nil {
		t.Fatalf("COPY FROM STDIN csv: %v", err)
	}
	t.Logf("COPY of %d CSV rows took %v", csvRows, time.Since(start))
	if tag.String() != fmt.Sprintf("COPY %d", csvRows) || tag.RowsAffected() != csvRows {
		t.Errorf("COPY tag = %q, want COPY %d", tag, csvRows)
	}

	checkCSV := func(t *testing.T, conn *pgx.Conn) {
		t.Helper()
		var count, sumID, flags int64
		var sumScore float64
		var name string
		var minDay, maxDay time.Time
		err := conn.QueryRow(ctx, `SELECT count(*), sum(id), sum(score), max(name), min(day), max(day) FROM pgx_copy_csv`).
			Scan(&count, &sumID, &sumScore, &name, &minDay, &maxDay)
		if err != nil {
			t.Fatal(err)
		}
		flags = queryInt64(t, conn, "SELECT count(*) FROM pgx_copy_csv WHERE flag")
		if count != csvRows {
			t.Errorf("count(*) = %d, want %d", count, csvRows)
		}
		if sumID != csvRows*(csvRows-1)/2 {
			t.Errorf("sum(id) = %d, want %d", sumID, csvRows*(csvRows-1)/2)
		}
		if want := float64(csvRows/1000)*(999*1000/2) + csvRows*0.5; sumScore != want {
			t.Errorf("sum(score) = %v, want %v", sumScore, want)
		}
		if flags != (csvRows+2)/3 {
			t.Errorf("count of flag = %d, want %d", flags, (csvRows+2)/3)
		}
		if name != "name 999999, the 999999th" {
			t.Errorf("max(name) = %q", name)
		}
		if !minDay.Equal(utc(2000, 1, 1, 0, 0, 0, 0)) || !maxDay.Equal(utc(2000, 1, 1, 0, 0, 0, 0).AddDate(0, 0, 3649)) {
			t.Errorf("days %v .. %v", minDay, maxDay)
		}
	}
	checkCSV(t, conn)

	conn.Close(ctx)
	srv.restart(t)
	conn = srv.connect(t)
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_copy_csv"); n != csvRows {
		t.Fatalf("after restart: count(*) = %d, want %d", n, csvRows)
	}
	checkCSV(t, conn)
}

// scanAll points n scan destinations into *row.
func scanAll(row *[]any, n int) []any {
	*row = make([]any, n)
	dst := make([]any, n)
	for i := range dst {
		dst[i] = &(*row)[i]
	}
	return dst
}

// TestPgxCancel cancels a long query through its context: pgx sends a CancelRequest, the
// server stops the statement with 57014 promptly, and the connection stays usable.
func TestPgxCancel(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	var vals []string
	for i := range 100 {
		vals = append(vals, fmt.Sprintf("(%d)", i))
	}
	list := strings.Join(vals, ",")
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_big", "CREATE TABLE pgx_big (x int)",
		fmt.Sprintf("INSERT INTO pgx_big SELECT a.x * 100 + b.x FROM (VALUES %s) a(x) CROSS JOIN (VALUES %s) b(x)", list, list))
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_big"); n != 10000 {
		t.Fatalf("pgx_big has %d rows, want 10000", n)
	}

	const timeout = 300 * time.Millisecond
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), timeout)
			defer cancel()
			start := time.Now()
			var n int64
			err := conn.QueryRow(ctx, "SELECT count(*) FROM pgx_big a CROSS JOIN pgx_big b WHERE a.x + b.x >= 0", mode).Scan(&n)
			elapsed := time.Since(start)
			if err == nil {
				t.Fatalf("the query finished in %v (count %d) before the %v timeout: it is too small to test cancellation", elapsed, n, timeout)
			}
			if code := pgCode(err); code != "57014" {
				t.Errorf("error = %v (%s), want 57014 canceling statement due to user request", err, code)
			}
			if elapsed > timeout+time.Second {
				t.Errorf("cancellation took %v, want under %v", elapsed, timeout+time.Second)
			}
			assertUsable(t, conn)
		})
	}
}
