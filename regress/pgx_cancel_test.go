package regress

import (
	"context"
	"errors"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A phase is a statement that runs far longer than the tests wait, spending its time in one
// kind of loop; run drives it over conn until it fails and returns the error, calling
// inLoop once the statement is (about to be) in that loop.
type phase struct {
	name string
	run  func(ctx context.Context, conn *pgx.Conn, inLoop func()) error
}

// execPhase runs sql to its end.
func execPhase(sql string) func(context.Context, *pgx.Conn, func()) error {
	return func(ctx context.Context, conn *pgx.Conn, inLoop func()) error {
		inLoop()
		_, err := conn.Exec(ctx, sql)
		return err
	}
}

// phases are longQueries (see pgx_timeout_test.go) and the loops that only show when the
// client takes part: a sort that spilled merging its runs while the rows go out, COPY TO
// sending rows, and COPY FROM reading an endless stream.
func phases() []phase {
	ps := make([]phase, 0, len(longQueries)+3)
	for _, q := range longQueries {
		ps = append(ps, phase{q.name, execPhase(q.sql)})
	}
	return append(ps,
		phase{"spill merge", func(ctx context.Context, conn *pgx.Conn, inLoop func()) error {
			// With work_mem this small the rows come from merging spilled runs; the first
			// row arrives once all runs are written, so the statement is then merging.
			if _, err := conn.Exec(ctx, "SET work_mem = '1MB'"); err != nil {
				return err
			}
			defer conn.Exec(context.WithoutCancel(ctx), "RESET work_mem")
			rows, err := conn.Query(ctx, "SELECT g FROM generate_series(1, 1000000) g ORDER BY md5(g::text)")
			if err != nil {
				return err
			}
			defer rows.Close()
			for n := 0; rows.Next(); n++ {
				if n == 0 {
					inLoop()
				}
				if n%1000 == 0 {
					time.Sleep(time.Millisecond) // a slow reader keeps the merge going
				}
			}
			return rows.Err()
		}},
		phase{"copy out", func(ctx context.Context, conn *pgx.Conn, inLoop func()) error {
			inLoop()
			_, err := conn.PgConn().CopyTo(ctx, io.Discard, "COPY (SELECT g, md5(g::text) FROM generate_series(1, 2000000000) g) TO STDOUT")
			return err
		}},
		phase{"copy in", func(ctx context.Context, conn *pgx.Conn, inLoop func()) error {
			if _, err := conn.Exec(ctx, "CREATE TEMP TABLE IF NOT EXISTS cancel_copy_in (a int, b text)"); err != nil {
				return err
			}
			inLoop()
			_, err := conn.PgConn().CopyFrom(ctx, &endlessRows{}, "COPY cancel_copy_in FROM STDIN")
			return err
		}},
	)
}

// endlessRows is COPY text data that never ends: lines "n\tn".
type endlessRows struct {
	n   int
	buf []byte
}

func (r *endlessRows) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) {
		r.n++
		s := strconv.Itoa(r.n)
		r.buf = append(r.buf, s...)
		r.buf = append(r.buf, '\t')
		r.buf = append(r.buf, s...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[:copy(r.buf, r.buf[n:])]
	return n, nil
}

// assertCanceled checks that err is 57014 with message want and that conn goes on.
func assertCanceled(t *testing.T, conn *pgx.Conn, err error, want string) {
	t.Helper()
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok || pgErr.Code != "57014" || pgErr.Message != want {
		t.Fatalf("got %v, want 57014 %s", err, want)
	}
	assertUsable(t, conn)
}

// TestPgxCancelEveryPhase sends a CancelRequest while a statement is in each kind of loop
// and checks that it ends with 57014 "canceling statement due to user request" and that the
// session goes on. The connection's own watcher gives up on the server 10 s after the
// cancel, which fails the test: the bound is generous, the point is that the cancel lands.
func TestPgxCancelEveryPhase(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	for _, p := range phases() {
		t.Run(p.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var timer *time.Timer
			fired := make(chan time.Time, 1)
			inLoop := func() {
				timer = time.AfterFunc(300*time.Millisecond, func() { fired <- time.Now(); cancel() })
			}
			err := p.run(ctx, conn, inLoop)
			if timer == nil {
				t.Fatalf("the statement ended before its loop began: %v", err)
			}
			timer.Stop()
			select {
			case at := <-fired:
				t.Logf("the statement ended %v after the cancel", time.Since(at).Round(time.Millisecond))
			default:
			}
			assertCanceled(t, conn, err, "canceling statement due to user request")
		})
	}
}

// TestPgxStatementTimeoutEveryPhase runs each phase under statement_timeout: it ends with
// 57014 "canceling statement due to statement timeout", also while COPY streams data.
func TestPgxStatementTimeoutEveryPhase(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	for _, p := range phases()[len(longQueries):] { // TestPgxStatementTimeout covers the rest
		t.Run(p.name, func(t *testing.T) {
			mustExec(t, conn, "SET statement_timeout = '500ms'")
			defer mustExec(t, conn, "RESET statement_timeout")
			// The spill phase's SET and RESET run under the timeout too, harmlessly.
			assertCanceled(t, conn, p.run(t.Context(), conn, func() {}), "canceling statement due to statement timeout")
		})
	}
}
