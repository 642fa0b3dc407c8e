package regress

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// copyTextRows is enough text-format rows to span several of COPY's parallel chunks.
const copyTextRows = 200_000

// writeCopyText writes rows i = 0..n-1 as "i<TAB>text with escapes<TAB>date", with line
// bad (1-based, 0: none) holding a value that is not an integer.
func writeCopyText(w io.Writer, n, bad int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for i := range n {
		id := fmt.Sprint(i)
		if i+1 == bad {
			id = "x" + id
		}
		note := `\N`
		if i%5 != 0 {
			note = fmt.Sprintf(`row %d\tgoes\\on\n%s`, i, strings.Repeat("é", i%7))
		}
		fmt.Fprintf(bw, "%s\t%s\t2001-%02d-%02d\n", id, note, 1+i%12, 1+i%28)
	}
	return bw.Flush()
}

// TestPgxCopyFromTextLarge sends text-format COPY data large enough to be parsed in
// parallel chunks: every row arrives once, in order, escapes and NULLs decoded, and an
// error far into the stream names its line as PostgreSQL does.
func TestPgxCopyFromTextLarge(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_copy_text", "CREATE TABLE pgx_copy_text (i int, note text, d date)")
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeCopyText(pw, copyTextRows, 0)) }()
	tag, err := conn.PgConn().CopyFrom(ctx, pr, "COPY pgx_copy_text FROM STDIN")
	if err != nil {
		t.Fatalf("COPY: %v", err)
	}
	if tag.RowsAffected() != copyTextRows {
		t.Fatalf("COPY tag %q", tag)
	}
	var n, sum, nulls, tabs, disorder int64
	err = conn.QueryRow(ctx, `SELECT count(*), sum(i), count(*) FILTER (WHERE note IS NULL),
		count(*) FILTER (WHERE note LIKE E'row %\tgoes\\\\on\n%') FROM pgx_copy_text`).Scan(&n, &sum, &nulls, &tabs)
	if err != nil {
		t.Fatal(err)
	}
	if n != copyTextRows || sum != copyTextRows*(copyTextRows-1)/2 || nulls != copyTextRows/5 || tabs != copyTextRows-copyTextRows/5 {
		t.Errorf("count %d, sum %d, nulls %d, escaped notes %d", n, sum, nulls, tabs)
	}
	// Rows keep the order of the stream: pgfast's scans return insertion order (PostgreSQL
	// promises no order, so -target skips this).
	err = conn.QueryRow(ctx, `SELECT count(*) FROM (SELECT i - lag(i) OVER () AS step FROM pgx_copy_text) s
		WHERE step <> 1`).Scan(&disorder)
	if err != nil {
		t.Fatal(err)
	}
	if disorder != 0 && *targetFlag == "" {
		t.Errorf("%d rows out of order", disorder)
	}
	var d string
	if err := conn.QueryRow(ctx, "SELECT d::text FROM pgx_copy_text WHERE i = 150001").Scan(&d); err != nil || d != "2001-02-06" {
		t.Errorf("date of row 150001 = %q, %v", d, err)
	}

	// A bad value deep in the stream: the statement fails with its line, nothing is kept.
	mustExec(t, conn, "TRUNCATE pgx_copy_text")
	pr, pw = io.Pipe()
	go func() { pw.CloseWithError(writeCopyText(pw, copyTextRows, 123457)) }()
	_, err = conn.PgConn().CopyFrom(ctx, pr, "COPY pgx_copy_text FROM STDIN")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "22P02" || pe.Message != `invalid input syntax for type integer: "x123456"` ||
		pe.Where != `COPY pgx_copy_text, line 123457, column i: "x123456"` {
		t.Fatalf("COPY with a bad line: %v (where %q)", err, pe.Where)
	}
	if n := queryInt64(t, conn, "SELECT count(*) FROM pgx_copy_text"); n != 0 {
		t.Errorf("%d rows kept after the failed COPY", n)
	}
	mustExec(t, conn, "DROP TABLE pgx_copy_text")
}
