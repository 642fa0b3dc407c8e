package regress

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestPgxAdvisoryLockWaits checks advisory locks between sessions: a held lock makes
// another session's try fail and its lock wait; the wait ends with 55P03 after
// lock_timeout, with 57014 on statement_timeout or a cancel, and with the lock once the
// holder lets go, whether by unlocking, by ending its transaction (xact locks, also of a
// single statement) or by disconnecting. Two sessions waiting for each other: one gets 40P01
// and the other the lock.
func TestPgxAdvisoryLockWaits(t *testing.T) {
	srv := newPgxServer(t)
	a, b := srv.connect(t), srv.connect(t)
	// Keys 731001... are this test's alone.
	mustExec(t, a, "SELECT pg_advisory_lock(731001)")
	if queryBool(t, b, "SELECT pg_try_advisory_lock(731001)") || !queryBool(t, b, "SELECT pg_try_advisory_lock_shared(731002)") {
		t.Fatal("try lock: a held key was granted, or a free one refused")
	}

	mustExec(t, b, "SET lock_timeout = '200ms'")
	wantError(t, b, "SELECT pg_advisory_lock(731001)", "55P03", "canceling statement due to lock timeout")
	mustExec(t, b, "RESET lock_timeout", "SET statement_timeout = '200ms'")
	wantError(t, b, "SELECT pg_advisory_lock_shared(731001)", "57014", "canceling statement due to statement timeout")
	mustExec(t, b, "RESET statement_timeout")
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	_, err := b.Exec(ctx, "SELECT pg_advisory_xact_lock(731001)")
	cancel()
	assertCanceled(t, b, err, "canceling statement due to user request")

	// Each way the holder lets go wakes the waiter.
	waitFor := func(sql string) chan error {
		done := make(chan error, 1)
		go func() { _, err := b.Exec(t.Context(), sql); done <- err }()
		time.Sleep(100 * time.Millisecond) // let it start waiting; if it has not, it waits later
		return done
	}
	released := func(done chan error, how string) {
		t.Helper()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("after %s: %v", how, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the waiter was not woken by %s", how)
		}
	}
	done := waitFor("SELECT pg_advisory_lock(731001)")
	mustExec(t, a, "SELECT pg_advisory_unlock(731001)")
	released(done, "an unlock")

	mustExec(t, a, "BEGIN", "SELECT pg_advisory_xact_lock_shared(731003)")
	done = waitFor("SELECT pg_advisory_xact_lock(731003)") // b's own xact lock ends with its statement
	mustExec(t, a, "COMMIT")
	released(done, "the end of a transaction")
	if !queryBool(t, a, "SELECT pg_try_advisory_lock(731003)") {
		t.Fatal("a transaction-level lock outlived its single statement")
	}
	mustExec(t, a, "SELECT pg_advisory_unlock_all()")

	// b holds 731001 (session level); a takes 731004, then each waits for the other's. One
	// of them (in PostgreSQL, the first whose deadlock_timeout passes) fails with 40P01; once
	// it lets go of its locks the other gets the lock it waits for.
	mustExec(t, a, "SELECT pg_advisory_lock(731004)")
	waits := map[*pgx.Conn]chan error{b: waitFor("SELECT pg_advisory_lock(731004)"), a: make(chan error, 1)}
	go func() { _, err := a.Exec(t.Context(), "SELECT pg_advisory_lock(731001)"); waits[a] <- err }()
	var loser, winner *pgx.Conn
	select {
	case err := <-waits[a]:
		loser, winner = a, b
		if pgCode(err) != "40P01" {
			t.Fatalf("deadlock: the session closing the cycle got %v, want 40P01", err)
		}
	case err := <-waits[b]:
		loser, winner = b, a
		if pgCode(err) != "40P01" {
			t.Fatalf("deadlock: the first waiter got %v, want 40P01", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: neither session was told")
	}
	mustExec(t, loser, "SELECT pg_advisory_unlock_all()")
	released(waits[winner], "the deadlock victim's unlock")
	mustExec(t, winner, "SELECT pg_advisory_unlock_all()", "SELECT pg_advisory_lock(731001)")
	mustExec(t, loser, "SELECT pg_advisory_unlock_all()")

	// Disconnecting releases everything.
	c := srv.connect(t)
	done = make(chan error, 1)
	go func() { _, err := c.Exec(t.Context(), "SELECT pg_advisory_lock(731001)"); done <- err }()
	time.Sleep(100 * time.Millisecond)
	winner.Close(t.Context())
	released(done, "the holder's disconnect")
}

// queryBool runs a query returning one boolean.
func queryBool(t *testing.T, conn *pgx.Conn, sql string) bool {
	t.Helper()
	var v bool
	if err := conn.QueryRow(t.Context(), sql).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// wantError runs sql and checks its SQLSTATE and message.
func wantError(t *testing.T, conn *pgx.Conn, sql, code, msg string) {
	t.Helper()
	_, err := conn.Exec(t.Context(), sql)
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok || pgErr.Code != code || pgErr.Message != msg {
		t.Fatalf("%s: got %v, want %s %s", sql, err, code, msg)
	}
}
