package regress

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxBinaryCursor checks that FETCH from a BINARY cursor over the simple query
// protocol describes its columns as binary and sends binary values that decode to the
// rows, while a cursor without BINARY stays text; pg_cursors says which is which.
func TestPgxBinaryCursor(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "BEGIN")
	mustExec(t, conn, "DECLARE bc BINARY CURSOR FOR SELECT g::int4, 'r' || g, g * 1.5::float8 FROM generate_series(1, 3) g ORDER BY g")
	mustExec(t, conn, "DECLARE tc CURSOR FOR SELECT 7::int4")
	for _, tc := range []struct {
		sql    string
		format int16
	}{{"FETCH 2 FROM bc", 1}, {"FETCH tc", 0}} {
		rows, err := conn.Query(ctx, tc.sql, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		var got [][]any
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				t.Fatalf("%s: %v", tc.sql, err)
			}
			got = append(got, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		for _, fd := range rows.FieldDescriptions() {
			if fd.Format != tc.format {
				t.Errorf("%s: column %s has format %d, want %d", tc.sql, fd.Name, fd.Format, tc.format)
			}
		}
		if tc.format == 1 && (len(got) != 2 || got[1][0] != int32(2) || got[1][1] != "r2" || got[1][2] != 3.0) {
			t.Errorf("%s: got %v, want rows 1 and 2", tc.sql, got)
		}
		if tc.format == 0 && (len(got) != 1 || got[0][0] != int32(7)) {
			t.Errorf("%s: got %v, want 7", tc.sql, got)
		}
	}
	var binary, text bool
	err := conn.QueryRow(ctx, "SELECT (SELECT is_binary FROM pg_cursors WHERE name = 'bc'), (SELECT is_binary FROM pg_cursors WHERE name = 'tc')").Scan(&binary, &text)
	if err != nil || !binary || text {
		t.Errorf("pg_cursors.is_binary: bc %v, tc %v (%v), want true, false", binary, text, err)
	}
	mustExec(t, conn, "ROLLBACK")
}

// TestPgxCursorPastWorkMem checks a cursor declared without SCROLL whose plan lets it go
// backward, as PostgreSQL decides: it keeps its rows only while they fit in work_mem, so
// it can go back over a small result, and past that it goes on forward from where it was
// (rows kept after its position first); going back then gets PostgreSQL's error for a
// cursor without SCROLL, where PostgreSQL scans backward, instead of holding the whole
// result.
func TestPgxCursorPastWorkMem(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "CREATE TABLE cursor_wm (a int, b text)")
	for i := range 40 {
		mustExec(t, conn, fmt.Sprintf("INSERT INTO cursor_wm SELECT g, repeat('x', 20) FROM generate_series(%d, %d) g", i*1000+1, (i+1)*1000))
	}
	mustExec(t, conn, "SET work_mem = '64kB'")
	mustExec(t, conn, "BEGIN")
	mustExec(t, conn, "DECLARE c CURSOR FOR SELECT a, b FROM cursor_wm ORDER BY a")
	fetch := func(sql string) []int32 {
		t.Helper()
		rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (int32, error) {
			var a int32
			var b string
			err := r.Scan(&a, &b)
			return a, err
		})
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return got
	}
	consecutive := func(sql string, got []int32, first int32, n int) {
		t.Helper()
		if len(got) != n || got[0] != first || got[n-1] != first+int32(n)-1 {
			t.Fatalf("%s: got %d rows from %v, want %d from %d", sql, len(got), got[:min(len(got), 1)], n, first)
		}
	}
	consecutive("FETCH 1500", fetch("FETCH 1500 FROM c"), 1, 1500)
	consecutive("FETCH PRIOR", fetch("FETCH PRIOR FROM c"), 1499, 1)
	fetch("FETCH BACKWARD 500 FROM c")
	// Going on to row 3999 passes work_mem: the cursor stops keeping rows mid-FETCH.
	consecutive("FETCH 3000", fetch("FETCH 3000 FROM c"), 1000, 3000)
	consecutive("FETCH 2", fetch("FETCH 2 FROM c"), 4000, 2)
	// PostgreSQL scans the sort backward; pgfast, which no longer keeps the rows, refuses
	// as for a cursor without SCROLL. Either way the cursor is not left at a wrong row.
	rows, err := conn.Query(ctx, "FETCH PRIOR FROM c", pgx.QueryExecModeSimpleProtocol)
	if err == nil {
		var got []int32
		got, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (int32, error) {
			var a int32
			var b string
			err := r.Scan(&a, &b)
			return a, err
		})
		if err == nil && (len(got) != 1 || got[0] != 4000) {
			t.Fatalf("FETCH PRIOR past work_mem: got %v, want row 4000", got)
		}
	}
	if err != nil && pgCode(err) != "55000" {
		t.Fatalf("FETCH PRIOR past work_mem: %v, want row 4000 or 55000", err)
	}
	mustExec(t, conn, "ROLLBACK")
}
