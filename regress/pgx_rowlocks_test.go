package regress

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestPgxJobQueue runs the job-queue pattern of many workers over separate connections:
// each takes the next new job with SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1, marks it
// done and records it, in one transaction. Every job is done exactly once (the log's
// primary key refuses a second run), and the workers never wait for each other's jobs.
func TestPgxJobQueue(t *testing.T) {
	const workers, jobs = 6, 120
	srv := newPgxServer(t)
	setup := srv.connect(t)
	mustExec(t, setup, "CREATE TABLE queue (id int PRIMARY KEY, state text NOT NULL, worker int)",
		"CREATE TABLE queue_log (job int PRIMARY KEY, worker int)",
		fmt.Sprintf("INSERT INTO queue SELECT g, 'new', NULL FROM generate_series(1, %d) g", jobs))
	conns := make([]*pgx.Conn, workers)
	for i := range conns {
		conns[i] = srv.connect(t)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w, conn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				more, err := takeJob(t, conn, w)
				if err != nil {
					errs <- fmt.Errorf("worker %d: %w", w, err)
					return
				}
				if !more {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var done, logged, mismatched int
	err := setup.QueryRow(t.Context(), `SELECT (SELECT count(*) FROM queue WHERE state = 'done'),
		(SELECT count(*) FROM queue_log),
		(SELECT count(*) FROM queue q JOIN queue_log l ON l.job = q.id WHERE l.worker IS DISTINCT FROM q.worker)`).
		Scan(&done, &logged, &mismatched)
	if err != nil {
		t.Fatal(err)
	}
	if done != jobs || logged != jobs || mismatched != 0 {
		t.Fatalf("%d jobs done, %d logged, %d by another worker than recorded; want %d, %d, 0", done, logged, mismatched, jobs, jobs)
	}
}

// takeJob does one job as worker w, reporting false when none is left.
func takeJob(t *testing.T, conn *pgx.Conn, w int) (bool, error) {
	ctx := t.Context()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	var id int
	err = tx.QueryRow(ctx, "SELECT id FROM queue WHERE state = 'new' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED").Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, "UPDATE queue SET state = 'done', worker = $1 WHERE id = $2", w, id); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO queue_log VALUES ($1, $2)", id, w); err != nil {
		return false, err
	}
	return true, tx.Commit(ctx)
}

// TestPgxRowLockWaits checks a row lock held by one connection against another's: FOR
// UPDATE waits until the holder commits and then sees the holder's change, NOWAIT fails
// with 55P03, statement_timeout ends the wait with 57014. While it waits, pg_locks shows
// the waiter waiting for a share lock on the transaction ID the holder holds, as
// PostgreSQL shows a row-lock wait.
func TestPgxRowLockWaits(t *testing.T) {
	srv := newPgxServer(t)
	a, b, c := srv.connect(t), srv.connect(t), srv.connect(t)
	aPID, bPID := queryInt64(t, a, "SELECT pg_backend_pid()"), queryInt64(t, b, "SELECT pg_backend_pid()")
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, bal int)", "INSERT INTO acct VALUES (1, 100)")
	mustExec(t, a, "BEGIN", "SELECT * FROM acct WHERE id = 1 FOR UPDATE")
	wantError(t, b, "SELECT * FROM acct FOR UPDATE NOWAIT", "55P03", `could not obtain lock on row in relation "acct"`)
	mustExec(t, b, "SET statement_timeout = '200ms'")
	wantError(t, b, "SELECT * FROM acct FOR KEY SHARE", "57014", "canceling statement due to statement timeout")
	mustExec(t, b, "RESET statement_timeout")
	got := make(chan int, 1)
	go func() {
		var bal int
		if err := b.QueryRow(t.Context(), "SELECT bal FROM acct WHERE id = 1 FOR SHARE").Scan(&bal); err != nil {
			t.Error(err)
		}
		got <- bal
	}()
	const waitQuery = `SELECT count(*) FROM pg_locks w JOIN pg_locks h ON h.transactionid::text = w.transactionid::text
		AND h.granted AND h.mode = 'ExclusiveLock' AND h.locktype = 'transactionid'
		WHERE w.locktype = 'transactionid' AND NOT w.granted AND w.mode = 'ShareLock' AND w.waitstart IS NOT NULL
		AND w.pid = $1 AND h.pid = $2`
	for queryInt64(t, c, waitQuery, bPID, aPID) != 1 {
		select {
		case bal := <-got:
			t.Fatalf("FOR SHARE did not wait for the FOR UPDATE holder (read %d)", bal)
		case <-time.After(20 * time.Millisecond):
		}
	}
	mustExec(t, a, "UPDATE acct SET bal = 7 WHERE id = 1", "COMMIT")
	if bal := <-got; bal != 7 {
		t.Fatalf("the waiter read %d, want the holder's 7", bal)
	}
}
