package app_test

import (
	"testing"
)

// TestViewSurvivesRestart creates views (one over another, one with a column list and a
// WITH query), restarts the server on the same data directory and reads them back.
func TestViewSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	a := start(t, dir)
	conn := connect(t, a)
	ctx := t.Context()
	for _, sql := range []string{
		"CREATE TABLE vt (x int, y text)",
		"INSERT INTO vt VALUES (1, 'a'), (2, 'b'), (3, 'c')",
		"CREATE VIEW vt_big (big, label) AS WITH w AS (SELECT x, y FROM vt WHERE x > 1) SELECT x * 10, y FROM w",
		"CREATE VIEW vt_sum AS SELECT sum(big) AS total FROM vt_big",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	conn.Close(ctx)
	if err := a.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	b := start(t, dir)
	conn = connect(t, b)
	var total int64
	if err := conn.QueryRow(ctx, "SELECT total FROM vt_sum").Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != 50 {
		t.Errorf("total after restart = %d, want 50", total)
	}
	var label string
	if err := conn.QueryRow(ctx, "SELECT label FROM vt_big WHERE big = 30").Scan(&label); err != nil {
		t.Fatal(err)
	}
	if label != "c" {
		t.Errorf("label after restart = %q, want c", label)
	}
	// Still a view: DROP TABLE refuses it, DROP VIEW removes it for good.
	if _, err := conn.Exec(ctx, "DROP TABLE vt_sum"); err == nil {
		t.Error("DROP TABLE of a view succeeded")
	}
	if _, err := conn.Exec(ctx, "DROP VIEW vt_sum"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	c := start(t, dir)
	conn = connect(t, c)
	if _, err := conn.Exec(ctx, "SELECT * FROM vt_sum"); err == nil {
		t.Error("dropped view still there after restart")
	}
}

// TestPreparedWith runs a prepared WITH query with parameters several times, across a
// catalog change that makes the server bind it again.
func TestPreparedWith(t *testing.T) {
	a := start(t, t.TempDir())
	conn := connect(t, a)
	ctx := t.Context()
	const q = "WITH RECURSIVE r(n) AS (SELECT $1::int UNION ALL SELECT n + 1 FROM r WHERE n < $2) SELECT sum(n) FROM r"
	for i, ddl := range []string{"", "CREATE TABLE prep_other (x int)", ""} {
		if ddl != "" {
			if _, err := conn.Exec(ctx, ddl); err != nil {
				t.Fatal(err)
			}
		}
		var sum int64
		if err := conn.QueryRow(ctx, q, 1, 10+i).Scan(&sum); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		n := int64(10 + i)
		if want := n * (n + 1) / 2; sum != want {
			t.Errorf("run %d: sum = %d, want %d", i, sum, want)
		}
	}
}
