package regress

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

func strPtr(s string) *string { return &s }

// arrayCases are array values as Go programs hold them, sent as parameters and read back.
var arrayCases = []struct {
	name string
	sql  string
	oid  uint32
	in   any // also what comes back
	// described: pgx encodes the value only once the server has described the parameter's
	// type (pgx has no text encoder of its own for nested slices).
	described bool
}{
	{"int4", "int4[]", pgtype.Int4ArrayOID, []int32{1, -2, math.MaxInt32}, false},
	{"int4_empty", "int4[]", pgtype.Int4ArrayOID, []int32{}, false},
	{"int8", "int8[]", pgtype.Int8ArrayOID, []int64{1 << 40, math.MinInt64, 0}, false},
	{"float8", "float8[]", pgtype.Float8ArrayOID, []float64{1.5, -0.25, math.Inf(-1), 1e300}, false},
	{"text_nulls", "text[]", pgtype.TextArrayOID,
		[]*string{strPtr("a"), nil, strPtr("b c"), strPtr(""), strPtr("NULL"), strPtr(`q"\{,}`)}, false},
	{"int4_2d", "int4[]", pgtype.Int4ArrayOID, [][]int32{{1, 2, 3}, {4, 5, 6}}, true},
	{"int4_null_elems", "int4[]", pgtype.Int4ArrayOID, []*int32{nil, new(int32), nil}, false},
}

// TestPgxArrayRoundTrip sends arrays as parameters in every query mode (binary parameters
// for the prepared modes, text for the simple protocol) and reads them back as results in
// text and in binary, straight from the parameter and through a table column.
func TestPgxArrayRoundTrip(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_arrays", "CREATE TABLE pgx_arrays (id int, i4 int4[], i8 int8[], f8 float8[], t text[])")
	col := map[string]string{"int4[]": "i4", "int8[]": "i8", "float8[]": "f8", "text[]": "t"}
	id := 0
	for _, mode := range queryModes {
		for _, format := range []int16{pgx.TextFormatCode, pgx.BinaryFormatCode} {
			for _, tc := range arrayCases {
				t.Run(fmt.Sprintf("%v/%d/%s", mode, format, tc.name), func(t *testing.T) {
					if tc.described && mode != pgx.QueryExecModeCacheStatement {
						t.Skip("pgx cannot encode this value without the parameter's type")
					}
					ctx := t.Context()
					check := func(what string, rows pgx.Rows, err error) {
						t.Helper()
						if err != nil {
							t.Fatalf("%s: %v", what, err)
						}
						if got := rows.FieldDescriptions()[0].DataTypeOID; got != tc.oid {
							t.Errorf("%s: result type OID %d, want %d", what, got, tc.oid)
						}
						dst := reflect.New(reflect.TypeOf(tc.in))
						if !rows.Next() {
							t.Fatalf("%s: no row: %v", what, rows.Err())
						}
						if err := rows.Scan(dst.Interface()); err != nil {
							t.Fatalf("%s: scan: %v", what, err)
						}
						rows.Close()
						if got := dst.Elem().Interface(); !reflect.DeepEqual(got, tc.in) {
							t.Errorf("%s: got %#v, want %#v", what, got, tc.in)
						}
					}
					rows, err := conn.Query(ctx, "SELECT $1::"+tc.sql, mode, pgx.QueryResultFormats{format}, tc.in)
					check("parameter", rows, err)
					id++
					if _, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO pgx_arrays (id, %s) VALUES ($1, $2)", col[tc.sql]), mode, id, tc.in); err != nil {
						t.Fatalf("insert: %v", err)
					}
					rows, err = conn.Query(ctx, fmt.Sprintf("SELECT %s FROM pgx_arrays WHERE id = $1", col[tc.sql]), mode, pgx.QueryResultFormats{format}, id)
					check("column", rows, err)
				})
			}
		}
	}
	// A NULL array and an array parameter of op ANY.
	var null []int32
	if err := conn.QueryRow(t.Context(), "SELECT $1::int4[]", ([]int32)(nil)).Scan(&null); err != nil || null != nil {
		t.Errorf("NULL array: %v, %v", null, err)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM generate_series(1, 10) g WHERE g = ANY ($1)", []int32{2, 3, 5, 7, 11}); n != 4 {
		t.Errorf("= ANY ($1): %d rows, want 4", n)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM generate_series(1, 10) g WHERE g <> ALL ($1)", []int64{2, 3}); n != 8 {
		t.Errorf("<> ALL ($1): %d rows, want 8", n)
	}
}

// TestPgxArrayTextParams sends arrays as text parameters of the extended protocol, which
// pgx does only on request: encoded by pgx's own text encoders.
func TestPgxArrayTextParams(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	m := conn.TypeMap()
	for _, tc := range arrayCases {
		enc, err := m.Encode(tc.oid, pgtype.TextFormatCode, tc.in, nil)
		if err != nil {
			t.Fatal(err)
		}
		res := conn.PgConn().ExecParams(t.Context(), "SELECT $1::"+tc.sql, [][]byte{enc}, []uint32{tc.oid},
			[]int16{pgtype.TextFormatCode}, []int16{pgtype.BinaryFormatCode}).Read()
		if res.Err != nil {
			t.Fatalf("%s: %v", tc.name, res.Err)
		}
		dst := reflect.New(reflect.TypeOf(tc.in))
		if err := m.Scan(tc.oid, pgtype.BinaryFormatCode, res.Rows[0][0], dst.Interface()); err != nil {
			t.Fatalf("%s: scan: %v", tc.name, err)
		}
		if got := dst.Elem().Interface(); !reflect.DeepEqual(got, tc.in) {
			t.Errorf("%s: got %#v, want %#v", tc.name, got, tc.in)
		}
	}
	bad := conn.PgConn().ExecParams(t.Context(), "SELECT $1::int4[]", [][]byte{[]byte("{1,2")}, []uint32{pgtype.Int4ArrayOID}, nil, nil).Read()
	if pgCode(bad.Err) != "22P02" {
		t.Errorf("malformed array parameter: %v", bad.Err)
	}
	assertUsable(t, conn)
}

// textRows runs a query with the simple protocol and returns its rows as text, NULL as
// "<null>".
func textRows(t *testing.T, conn *pgx.Conn, sql string) [][]string {
	t.Helper()
	res, err := conn.PgConn().Exec(t.Context(), sql).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	var out [][]string
	for _, r := range res[len(res)-1].Rows {
		row := make([]string, len(r))
		for i, v := range r {
			if v == nil {
				row[i] = "<null>"
			} else {
				row[i] = string(v)
			}
		}
		out = append(out, row)
	}
	return out
}

// TestPgxArrayColumnsDurable stores a table with array, jsonb, uuid and enum columns, then
// checks its rows survive a restart and COPY TO / COPY FROM round trips in the text, CSV and
// binary formats.
func TestPgxArrayColumnsDurable(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_arr_src, pgx_arr_dst", "DROP TYPE IF EXISTS pgx_arr_mood",
		"CREATE TYPE pgx_arr_mood AS ENUM ('sad', 'ok', 'happy')")
	const cols = "(id int, ia int[], ta text[], fa float8[], ma int[], jb jsonb, u uuid, e pgx_arr_mood, ea pgx_arr_mood[])"
	mustExec(t, conn, "CREATE TABLE pgx_arr_src "+cols, "CREATE TABLE pgx_arr_dst "+cols,
		`INSERT INTO pgx_arr_src VALUES
		 (1, '{1,2,3}', '{a,"b c",NULL,"","x\"y"}', '{1.5,NaN,-Infinity}', '[0:1][2:3]={{1,2},{3,4}}',
		  '{"a": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'happy', '{ok,sad}'),
		 (2, '{}', '{}', NULL, '{{NULL}}', 'null', NULL, NULL, '{}'),
		 (3, NULL, '{"tab\there","new\nline","back\\slash"}', '{0}', NULL, '[]', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', 'sad', NULL)`)
	const q = "SELECT * FROM %s ORDER BY id"
	want := textRows(t, conn, fmt.Sprintf(q, "pgx_arr_src"))
	if len(want) != 3 {
		t.Fatalf("%d rows inserted", len(want))
	}
	srv.restart(t)
	conn = srv.connect(t)
	if got := textRows(t, conn, fmt.Sprintf(q, "pgx_arr_src")); !reflect.DeepEqual(got, want) {
		t.Fatalf("after restart:\n%q\nwant\n%q", got, want)
	}
	for _, format := range []string{"text", "csv", "binary"} {
		var buf bytes.Buffer
		if _, err := conn.PgConn().CopyTo(t.Context(), &buf, "COPY pgx_arr_src TO STDOUT (FORMAT "+format+")"); err != nil {
			t.Fatalf("COPY TO %s: %v", format, err)
		}
		mustExec(t, conn, "TRUNCATE pgx_arr_dst")
		if _, err := conn.PgConn().CopyFrom(t.Context(), &buf, "COPY pgx_arr_dst FROM STDIN (FORMAT "+format+")"); err != nil {
			t.Fatalf("COPY FROM %s: %v", format, err)
		}
		if got := textRows(t, conn, fmt.Sprintf(q, "pgx_arr_dst")); !reflect.DeepEqual(got, want) {
			t.Errorf("COPY %s round trip:\n%q\nwant\n%q", format, got, want)
		}
	}
	// A malformed array in COPY input fails the whole COPY with PostgreSQL's message.
	mustExec(t, conn, "TRUNCATE pgx_arr_dst")
	_, err := conn.PgConn().CopyFrom(t.Context(), bytes.NewBufferString("1\t{1,2\n"), "COPY pgx_arr_dst (id, ia) FROM STDIN")
	if pgCode(err) != "22P02" {
		t.Errorf("COPY of a malformed array: %v", err)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_arr_dst"); n != 0 {
		t.Errorf("%d rows left by the failed COPY", n)
	}
}
