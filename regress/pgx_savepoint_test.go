package regress

import (
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPgxSavepointRecovery runs the error-recovery path nested atomic blocks of ORMs rely
// on, every statement over the extended protocol: an error inside a savepoint aborts the
// block (25P02 for what follows), ROLLBACK TO SAVEPOINT recovers it with the writes made
// before the savepoint kept and those after it undone, and the block then commits.
func TestPgxSavepointRecovery(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_sp", "CREATE TABLE pgx_sp (id int PRIMARY KEY, v text)")
	exec := func(sql string, args ...any) error {
		_, err := conn.Exec(ctx, sql, append([]any{pgx.QueryExecModeExec}, args...)...)
		return err
	}
	status := func(want byte) {
		t.Helper()
		if st := conn.PgConn().TxStatus(); st != want {
			t.Fatalf("transaction status = %c, want %c", st, want)
		}
	}
	steps := []struct {
		sql    string
		args   []any
		code   string // the SQLSTATE expected, "" for success
		status byte
	}{
		{"BEGIN", nil, "", 'T'},
		{"INSERT INTO pgx_sp VALUES ($1, $2)", []any{1, "kept"}, "", 'T'},
		{"SAVEPOINT inner_block", nil, "", 'T'},
		{"INSERT INTO pgx_sp VALUES ($1, $2)", []any{2, "undone"}, "", 'T'},
		{"INSERT INTO pgx_sp VALUES ($1, $2)", []any{1, "duplicate"}, "23505", 'E'},
		{"SELECT count(*) FROM pgx_sp WHERE id > $1", []any{0}, "25P02", 'E'},
		{"RELEASE SAVEPOINT inner_block", nil, "25P02", 'E'},
		{"ROLLBACK TO SAVEPOINT no_such_block", nil, "3B001", 'E'},
		{"ROLLBACK TO SAVEPOINT inner_block", nil, "", 'T'},
		{"INSERT INTO pgx_sp VALUES ($1, $2)", []any{2, "after"}, "", 'T'},
		{"RELEASE SAVEPOINT inner_block", nil, "", 'T'},
		{"COMMIT", nil, "", 'I'},
		{"SAVEPOINT outside", nil, "25P01", 'I'},
	}
	for _, s := range steps {
		err := exec(s.sql, s.args...)
		if pgCode(err) != s.code || (s.code == "" && err != nil) {
			t.Fatalf("%s %v: %v, want SQLSTATE %q", s.sql, s.args, err, s.code)
		}
		status(s.status)
	}
	rows, err := conn.Query(ctx, "SELECT id, v FROM pgx_sp ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct {
		ID int32
		V  string
	}])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[0].V != "kept" || got[1].ID != 2 || got[1].V != "after" {
		t.Fatalf("rows after commit = %+v, want (1, kept), (2, after)", got)
	}
}
