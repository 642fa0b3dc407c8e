package regress

import (
	"strings"
	"testing"
)

// TestPgxParseErrorInBlock checks that a statement failing at Parse inside a transaction
// block reports its own error, and that the block is then aborted (25P02), as in PostgreSQL.
func TestPgxParseErrorInBlock(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "BEGIN")
	if _, err := conn.Exec(ctx, "SELECT * FROM pgx_no_such_table WHERE id = $1", 1); pgCode(err) != "42P01" {
		t.Fatalf("unknown table at Parse in a block: %v, want 42P01", err)
	}
	if _, err := conn.Exec(ctx, "SELECT $1::int", 1); pgCode(err) != "25P02" {
		t.Errorf("next statement: %v, want 25P02", err)
	}
	mustExec(t, conn, "ROLLBACK")
	assertUsable(t, conn)
}

// TestPgxDeallocateProtocolStatements checks that SQL DEALLOCATE and DEALLOCATE ALL, over
// either protocol, drop statements made with the protocol's Parse (psycopg deallocates its
// statements so).
func TestPgxDeallocateProtocolStatements(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	pc := conn.PgConn()
	prepare := func(names ...string) {
		t.Helper()
		for _, name := range names {
			if _, err := pc.Prepare(ctx, name, "SELECT $1::int + 1", nil); err != nil {
				t.Fatalf("prepare %s: %v", name, err)
			}
		}
	}
	runs := func(name string) string {
		rr := pc.ExecPrepared(ctx, name, [][]byte{[]byte("1")}, nil, nil)
		rr.Read()
		_, err := rr.Close()
		return pgCode(err)
	}
	prepare("dp1", "dp2", "dp3")
	if code := runs("dp1"); code != "" {
		t.Fatalf("prepared statement dp1 fails: %s", code)
	}
	// The simple protocol.
	if tag, err := pc.Exec(ctx, "DEALLOCATE dp1").ReadAll(); err != nil || tag[0].CommandTag.String() != "DEALLOCATE" {
		t.Fatalf("DEALLOCATE dp1: %v", err)
	}
	if code := runs("dp1"); code != "26000" {
		t.Errorf("dp1 after DEALLOCATE: %q, want 26000", code)
	}
	if _, err := conn.Exec(ctx, "DEALLOCATE dp1"); pgCode(err) != "26000" {
		t.Errorf("second DEALLOCATE dp1: %v, want 26000", err)
	}
	// The extended protocol.
	if tag, err := pc.ExecParams(ctx, "DEALLOCATE PREPARE dp2", nil, nil, nil, nil).Close(); err != nil || tag.String() != "DEALLOCATE" {
		t.Fatalf("DEALLOCATE PREPARE dp2 (extended): %q %v", tag, err)
	}
	if code := runs("dp2"); code != "26000" {
		t.Errorf("dp2 after DEALLOCATE: %q, want 26000", code)
	}
	if code := runs("dp3"); code != "" {
		t.Errorf("dp3 was dropped too: %s", code)
	}
	mustExec(t, conn, "PREPARE dp4 AS SELECT 1")
	prepare("dp5")
	if tag, err := pc.ExecParams(ctx, "DEALLOCATE ALL", nil, nil, nil, nil).Close(); err != nil || tag.String() != "DEALLOCATE ALL" {
		t.Fatalf("DEALLOCATE ALL: %q %v", tag, err)
	}
	for _, name := range []string{"dp3", "dp5"} {
		if code := runs(name); code != "26000" {
			t.Errorf("%s after DEALLOCATE ALL: %q, want 26000", name, code)
		}
	}
	if _, err := conn.Exec(ctx, "EXECUTE dp4"); pgCode(err) != "26000" {
		t.Errorf("EXECUTE dp4 after DEALLOCATE ALL: %v, want 26000", err)
	}
	prepare("dp6")
	mustExec(t, conn, "DISCARD ALL")
	if code := runs("dp6"); code != "26000" {
		t.Errorf("dp6 after DISCARD ALL: %q, want 26000", code)
	}
	assertUsable(t, conn)
}

// TestPgxCursorFetch fetches from a SQL cursor over the extended protocol, where FETCH's
// result columns come from the cursor at Parse and rows are sent in binary.
func TestPgxCursorFetch(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "DECLARE pgx_c CURSOR FOR SELECT g::int8, g::text || 'x' FROM generate_series(1, 10) g WHERE g > $1 ORDER BY g", 2); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fetch := range []string{"FETCH 3 FROM pgx_c", "FETCH ALL FROM pgx_c"} {
		rows, err := tx.Query(ctx, fetch)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n int64
			var s string
			if err := rows.Scan(&n, &s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", fetch, err)
		}
		got = append(got, rows.CommandTag().String())
	}
	want := "3x 4x 5x FETCH 3 6x 7x 8x 9x 10x FETCH 5"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("fetched %q, want %q", s, want)
	}
}
