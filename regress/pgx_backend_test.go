package regress

import (
	"testing"
	"time"
)

// TestPgxBackendSignals checks pg_backend_pid against the process id of BackendKeyData,
// pg_cancel_backend on a session sleeping in pg_sleep (which must end at once), and
// pg_terminate_backend, whose target's next statement gets FATAL 57P01.
func TestPgxBackendSignals(t *testing.T) {
	srv := newPgxServer(t)
	ctl, victim := srv.connect(t), srv.connect(t)
	ctx := t.Context()
	pid := victim.PgConn().PID()
	if got := queryInt64(t, victim, "SELECT pg_backend_pid()::int8"); got != int64(pid) {
		t.Fatalf("pg_backend_pid() = %d, BackendKeyData's pid = %d", got, pid)
	}

	done := make(chan error, 1)
	go func() {
		_, err := victim.Exec(ctx, "SELECT pg_sleep(60)")
		done <- err
	}()
	// The sleep may not have started when the first cancel arrives: cancel until it ends.
	var err error
	giveUp := time.After(30 * time.Second)
	for waiting := true; waiting; {
		var ok bool
		if err := ctl.QueryRow(ctx, "SELECT pg_cancel_backend($1)", int32(pid)).Scan(&ok); err != nil || !ok {
			t.Fatalf("pg_cancel_backend(%d): %v %v", pid, ok, err)
		}
		select {
		case err = <-done:
			waiting = false
		case <-time.After(100 * time.Millisecond):
		case <-giveUp:
			t.Fatal("pg_sleep(60) was not canceled")
		}
	}
	if pgCode(err) != "57014" {
		t.Fatalf("canceled pg_sleep: %v, want 57014", err)
	}
	assertUsable(t, victim)

	var ok bool
	if err := ctl.QueryRow(ctx, "SELECT pg_cancel_backend(1), pg_terminate_backend(1)").Scan(&ok, new(bool)); err != nil || ok {
		t.Errorf("pg_cancel_backend of no session: %v %v, want false", ok, err)
	}
	if err := ctl.QueryRow(ctx, "SELECT pg_terminate_backend($1)", int32(pid)).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d): %v %v", pid, ok, err)
	}
	// The session ends at once; its client learns so at its next statement.
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := victim.Exec(ctx, "SELECT 1")
		if err != nil {
			// The FATAL message, or (when the socket closed before the client wrote)
			// the closed connection itself.
			if code := pgCode(err); code != "" && code != "57P01" {
				t.Errorf("statement after pg_terminate_backend: %v, want FATAL 57P01", err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the terminated session still answers")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := ctl.Exec(ctx, "SELECT pg_terminate_backend(pg_backend_pid(), -1)"); pgCode(err) != "22003" {
		t.Errorf("negative timeout: %v, want 22003", err)
	}
	assertUsable(t, ctl)
}
