package regress

import (
	"testing"
)

// TestPgxDMLRestart runs DELETE, UPDATE (with bound parameters and RETURNING), ALTER TABLE
// and TRUNCATE over the extended protocol, checks their command tags and results, and
// checks the data again after a restart.
func TestPgxDMLRestart(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_dml", "DROP TABLE IF EXISTS pgx_dml2",
		"CREATE TABLE pgx_dml (id int8 NOT NULL, v text, n numeric(8,2))",
		"INSERT INTO pgx_dml SELECT g, 'v' || g::text, g / 4.0 FROM generate_series(1, 10000) g")
	steps := []struct {
		sql  string
		args []any
		tag  string
	}{
		{"DELETE FROM pgx_dml WHERE id % $1 = 0", []any{4}, "DELETE 2500"},
		{"UPDATE pgx_dml SET v = $1, n = n * 2 WHERE id > $2", []any{"big", 9000}, "UPDATE 750"},
		{"ALTER TABLE pgx_dml ADD COLUMN w int", nil, "ALTER TABLE"},
		{"UPDATE pgx_dml SET w = id::int4 WHERE id <= 3", nil, "UPDATE 3"},
		{"ALTER TABLE pgx_dml RENAME TO pgx_dml2", nil, "ALTER TABLE"},
		{"CREATE TABLE pgx_dml (x int)", nil, "CREATE TABLE"},
		{"INSERT INTO pgx_dml VALUES (1), (2)", nil, "INSERT 0 2"},
		{"TRUNCATE pgx_dml", nil, "TRUNCATE TABLE"},
	}
	for _, s := range steps {
		tag, err := conn.Exec(ctx, s.sql, s.args...)
		if err != nil || tag.String() != s.tag {
			t.Fatalf("%s: tag %q, err %v; want %q", s.sql, tag, err, s.tag)
		}
	}
	var id int64
	var v string
	if err := conn.QueryRow(ctx, "UPDATE pgx_dml2 SET v = v || $1 WHERE id = $2 RETURNING id, v", "!", int64(9001)).Scan(&id, &v); err != nil || id != 9001 || v != "big!" {
		t.Fatalf("UPDATE RETURNING: %d %q %v", id, v, err)
	}
	// INSERT ... RETURNING over the extended protocol, in a transaction: the generated
	// row comes back, and the insert is undone with the transaction.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var w *int32
	if err := tx.QueryRow(ctx, "INSERT INTO pgx_dml2 (id, v) VALUES ($1, $2) RETURNING id, v || '?', w", int64(-1), "new").Scan(&id, &v, &w); err != nil || id != -1 || v != "new?" || w != nil {
		t.Fatalf("INSERT RETURNING: %d %q %v %v", id, v, w, err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	check := func() {
		t.Helper()
		if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_dml2"); n != 7500 {
			t.Errorf("count = %d", n)
		}
		if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_dml2 WHERE v LIKE 'big%'"); n != 750 {
			t.Errorf("updated rows = %d", n)
		}
		if n := queryInt64(t, conn, "SELECT sum(w) FROM pgx_dml2"); n != 6 {
			t.Errorf("sum(w) = %d", n)
		}
		if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_dml"); n != 0 {
			t.Errorf("truncated table has %d rows", n)
		}
	}
	check()
	conn.Close(ctx)
	srv.restart(t)
	conn = srv.connect(t)
	check()
	mustExec(t, conn, "DROP TABLE pgx_dml", "DROP TABLE pgx_dml2")
}
