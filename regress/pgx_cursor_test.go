package regress

import (
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
