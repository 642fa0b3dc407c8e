package regress

import (
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestPgxJSONValues sends Go maps and slices as json and jsonb parameters (pgx encodes them
// in the binary formats: jsonb's version byte and text) and reads them back in binary and
// in text, with uuids beside them, through a table and straight from the parameters.
func TestPgxJSONValues(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_json", "CREATE TABLE pgx_json (id uuid, doc jsonb, raw json)")
	id := [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}
	doc := map[string]any{"name": "é\"x", "tags": []any{"a", 1.5, nil, true}, "nested": map[string]any{"k": []any{}}}
	raw := []any{map[string]any{"b": 1.0}, "s"}
	if _, err := conn.Exec(t.Context(), "INSERT INTO pgx_json VALUES ($1, $2, $3)", id, doc, raw); err != nil {
		t.Fatalf("insert: %v", err)
	}
	for _, format := range []int16{pgx.BinaryFormatCode, pgx.TextFormatCode} {
		rows, err := conn.Query(t.Context(), "SELECT id, doc, raw, doc -> 'tags', doc ->> 'name' FROM pgx_json",
			pgx.QueryResultFormats{format, format, format, format, format})
		if err != nil {
			t.Fatal(err)
		}
		want := []uint32{pgtype.UUIDOID, pgtype.JSONBOID, pgtype.JSONOID, pgtype.JSONBOID, pgtype.TextOID}
		for i, fd := range rows.FieldDescriptions() {
			if fd.DataTypeOID != want[i] || fd.Format != format {
				t.Errorf("format %d: column %d has type %d format %d, want %d", format, i, fd.DataTypeOID, fd.Format, want[i])
			}
		}
		var (
			gotID  [16]byte
			gotDoc map[string]any
			gotRaw []any
			tags   []any
			name   string
		)
		if !rows.Next() {
			t.Fatalf("format %d: no row: %v", format, rows.Err())
		}
		if err := rows.Scan(&gotID, &gotDoc, &gotRaw, &tags, &name); err != nil {
			t.Fatalf("format %d: scan: %v", format, err)
		}
		rows.Close()
		if gotID != id || !reflect.DeepEqual(gotDoc, doc) || !reflect.DeepEqual(gotRaw, raw) ||
			!reflect.DeepEqual(tags, doc["tags"]) || name != "é\"x" {
			t.Errorf("format %d: got %x %v %v %v %q", format, gotID, gotDoc, gotRaw, tags, name)
		}
	}
	// Parameters straight back, and their text as the server prints it.
	var text, jtext string
	var back map[string]any
	err := conn.QueryRow(t.Context(), "SELECT $1::jsonb::text, $1::jsonb, $2::json::text", doc, raw).Scan(&text, &back, &jtext)
	if err != nil {
		t.Fatal(err)
	}
	if text != `{"name": "é\"x", "tags": ["a", 1.5, null, true], "nested": {"k": []}}` || !reflect.DeepEqual(back, doc) ||
		jtext != `[{"b":1},"s"]` {
		t.Errorf("got %s, %v, %s", text, back, jtext)
	}
	// Bad input in a binary parameter is the server's 22P02.
	_, err = conn.Exec(t.Context(), "INSERT INTO pgx_json (doc) VALUES ($1::text::jsonb)", `{"a":`)
	if code := pgCode(err); code != "22P02" {
		t.Errorf("malformed jsonb: %v, want 22P02", err)
	}
	assertUsable(t, conn)
}

// TestPgxRecords reads records (ROW(...), also of a table's columns) in pgx's binary format,
// record_send's field count, field type OIDs and values, which pgx decodes field by field.
func TestPgxRecords(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_rec", "CREATE TABLE pgx_rec (a int, b text, c jsonb)",
		`INSERT INTO pgx_rec VALUES (1, 'x', '{"k": 2}'), (2, NULL, NULL)`)
	rows, err := conn.Query(t.Context(), "SELECT ROW(pgx_rec.*), ROW(a * 10, ROW(b)) FROM pgx_rec ORDER BY a",
		pgx.QueryResultFormats{pgx.BinaryFormatCode, pgx.BinaryFormatCode})
	if err != nil {
		t.Fatal(err)
	}
	var got [][2][]any
	for rows.Next() {
		if fd := rows.FieldDescriptions(); fd[0].DataTypeOID != pgtype.RecordOID || fd[0].TypeModifier != -1 {
			t.Errorf("record column described as type %d typmod %d", fd[0].DataTypeOID, fd[0].TypeModifier)
		}
		// pgx decodes records (whose fields it learns from the data) only as values.
		vals, err := rows.Values()
		if err != nil {
			t.Fatalf("values: %v", err)
		}
		whole, _ := vals[0].([]any)
		built, _ := vals[1].([]any)
		got = append(got, [2][]any{whole, built})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][2][]any{
		{{int32(1), "x", map[string]any{"k": 2.0}}, {int32(10), []any{"x"}}},
		{{int32(2), nil, nil}, {int32(20), []any{nil}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
	assertUsable(t, conn)
}
