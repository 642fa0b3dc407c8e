package regress

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxEnum drives an enum type through pgx: labels as parameters in every query mode,
// the type's OID in RowDescription, text and binary results once the driver has loaded the
// type (as applications do with LoadType), binary COPY in both directions, a bad label's
// 22P02, and the values after a restart.
func TestPgxEnum(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_enum, pgx_enum_copy", "DROP TYPE IF EXISTS pgx_mood",
		"CREATE TYPE pgx_mood AS ENUM ('sad', 'ok', 'happy')",
		"ALTER TYPE pgx_mood ADD VALUE 'meh' BEFORE 'ok'",
		"CREATE TABLE pgx_enum (id int, m pgx_mood)", "CREATE TABLE pgx_enum_copy (id int, m pgx_mood)")
	labels := []string{"happy", "meh", "sad"}
	for i, mode := range queryModes {
		if _, err := conn.Exec(ctx, "INSERT INTO pgx_enum VALUES ($1, $2)", mode, i, labels[i]); err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
	}
	if _, err := conn.Exec(ctx, "INSERT INTO pgx_enum VALUES ($1, $2)", 9, "grumpy"); pgCode(err) != "22P02" {
		t.Fatalf("bad label: %v", err)
	}
	assertUsable(t, conn)

	var typeOID uint32
	if err := conn.QueryRow(ctx, "SELECT oid FROM pg_type WHERE typname = 'pgx_mood'").Scan(&typeOID); err != nil {
		t.Fatal(err)
	}
	dt, err := conn.LoadType(ctx, "pgx_mood")
	if err != nil {
		t.Fatalf("LoadType: %v", err)
	}
	if dt.OID != typeOID {
		t.Fatalf("LoadType found OID %d, pg_type has %d", dt.OID, typeOID)
	}
	conn.TypeMap().RegisterType(dt)
	if _, err := conn.Exec(ctx, "INSERT INTO pgx_enum VALUES ($1, $2)", 3, "ok"); err != nil {
		t.Fatalf("binary parameter: %v", err)
	}

	want := []string{"sad", "meh", "ok", "happy"} // the type's order, not the labels'
	read := func(format int16, table string) []string {
		t.Helper()
		rows, err := conn.Query(ctx, "SELECT m FROM "+table+" ORDER BY m", pgx.QueryResultFormats{format})
		if err != nil {
			t.Fatal(err)
		}
		if fd := rows.FieldDescriptions(); fd[0].DataTypeOID != typeOID || fd[0].DataTypeSize != 4 {
			t.Errorf("RowDescription: OID %d size %d, want %d and 4", fd[0].DataTypeOID, fd[0].DataTypeSize, typeOID)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, f := range []int16{pgx.TextFormatCode, pgx.BinaryFormatCode} {
		if got := read(f, "pgx_enum"); !reflect.DeepEqual(got, want) {
			t.Errorf("format %d: %v, want %v", f, got, want)
		}
	}

	// Binary COPY out of one table and into another, then pgx's own binary CopyFrom.
	var out bytes.Buffer
	if _, err := conn.PgConn().CopyTo(ctx, &out, "COPY pgx_enum TO STDOUT (FORMAT binary)"); err != nil {
		t.Fatalf("COPY TO binary: %v", err)
	}
	if _, err := conn.PgConn().CopyFrom(ctx, &out, "COPY pgx_enum_copy FROM STDIN (FORMAT binary)"); err != nil {
		t.Fatalf("COPY FROM binary: %v", err)
	}
	if got := read(pgx.BinaryFormatCode, "pgx_enum_copy"); !reflect.DeepEqual(got, want) {
		t.Errorf("after binary COPY: %v, want %v", got, want)
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"pgx_enum_copy"}, []string{"id", "m"},
		pgx.CopyFromRows([][]any{{10, "happy"}, {11, nil}})); err != nil {
		t.Fatalf("CopyFrom: %v", err)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_enum_copy WHERE m = 'happy'"); n != 2 {
		t.Errorf("%d happy rows after CopyFrom, want 2", n)
	}

	// Arrays of the enum, once the driver has loaded the array type too: results and
	// parameters in binary.
	at, err := conn.LoadType(ctx, "_pgx_mood")
	if err != nil {
		t.Fatalf("LoadType array: %v", err)
	}
	conn.TypeMap().RegisterType(at)
	var all []string
	if err := conn.QueryRow(ctx, "SELECT enum_range(NULL::pgx_mood)", pgx.QueryResultFormats{pgx.BinaryFormatCode}).Scan(&all); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("enum_range: %v, want %v", all, want)
	}
	var n int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pgx_enum WHERE m = ANY ($1)", []string{"ok", "happy"}).Scan(&n); err != nil || n != 2 {
		t.Errorf("= ANY of a binary array parameter: %d, %v", n, err)
	}

	srv.restart(t)
	conn = srv.connect(t)
	if dt, err = conn.LoadType(ctx, "pgx_mood"); err != nil {
		t.Fatalf("LoadType after restart: %v", err)
	}
	conn.TypeMap().RegisterType(dt)
	if got := read(pgx.BinaryFormatCode, "pgx_enum"); !reflect.DeepEqual(got, want) {
		t.Errorf("after restart: %v, want %v", got, want)
	}
	mustExec(t, conn, "DROP TABLE pgx_enum, pgx_enum_copy", "DROP TYPE pgx_mood")
}
