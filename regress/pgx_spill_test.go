package regress

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
)

// TestPgxSortSpill sorts far more than work_mem holds, which spills sorted runs to
// temporary files, and checks the order against Go's, then that no temporary file is left:
// after a sort that finished, after one canceled midway, and after a restart of a server
// killed with files in place.
func TestPgxSortSpill(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn, "SET work_mem = '64kB'")
	const n = 200000
	rows, err := conn.Query(t.Context(), "SELECT g FROM generate_series(1, 200000) g ORDER BY md5(g::text)")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var g int64
		if err := rows.Scan(&g); err != nil {
			t.Fatal(err)
		}
		got = append(got, strconv.FormatInt(g, 10))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	key := func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
	want := make([]string, n)
	for i := range want {
		want[i] = strconv.Itoa(i + 1)
	}
	slices.SortFunc(want, func(a, b string) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	if !slices.Equal(got, want) {
		t.Fatalf("the sorted rows differ from Go's sort (%d rows, want %d)", len(got), n)
	}
	if srv.app == nil {
		return // -target: PostgreSQL's temporary files are its own business
	}
	tmp := filepath.Join(srv.dataDir, app.TempDir)
	assertNoTempFiles(t, tmp, "after the sort")

	mustExec(t, conn, "SET statement_timeout = '300ms'")
	if _, err := conn.Exec(t.Context(), "SELECT count(*) FROM (SELECT g FROM generate_series(1, 20000000) g ORDER BY md5(g::text)) s"); pgCode(err) != "57014" {
		t.Fatalf("the long sort gave %v, want 57014", err)
	}
	assertNoTempFiles(t, tmp, "after the canceled sort")

	// A server killed while a sort had files out finds them at its next start.
	if err := os.WriteFile(filepath.Join(tmp, "pgfast_tmp.sort.1"), []byte("left over"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.restart(t)
	assertNoTempFiles(t, tmp, "after a restart")
}

func assertNoTempFiles(t *testing.T, dir, when string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("%s: %d temporary files left in %s", when, len(entries), dir)
	}
}

// TestPgxOutOfMemory runs, on a server whose statements may hold 16MB together, a query
// that must hold far more (a hash aggregate over distinct keys cannot spill yet): it fails
// with 53200 and a hint, the session and another one go on, and the memory is free again.
func TestPgxOutOfMemory(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("-target: PostgreSQL's memory is not bounded this way")
	}
	a, err := app.Start(app.Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(), Logger: serverLogger(t), MemoryLimit: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	createRegressionDB(t, a)
	srv := &pgxServer{url: connString(a), app: a}
	conn, other := srv.connect(t), srv.connect(t)
	for range 2 {
		_, err := conn.Exec(t.Context(), "SELECT count(*) FROM (SELECT g, count(*) FROM generate_series(1, 5000000) g GROUP BY g) s")
		pgErr, ok := errors.AsType[*pgconn.PgError](err)
		if !ok || pgErr.Code != "53200" || pgErr.Message != "out of memory" || pgErr.Hint == "" {
			t.Fatalf("got %v, want 53200 out of memory with a hint", err)
		}
		assertUsable(t, conn)
		assertUsable(t, other)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM (SELECT g % 1000, count(*) FROM generate_series(1, 1000000) g GROUP BY 1) s"); n != 1000 {
		t.Fatalf("a query within the limit gave %d groups, want 1000", n)
	}
}
