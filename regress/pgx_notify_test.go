package regress

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// waitNotification waits for the next notification on conn, failing the test after a while.
func waitNotification(t *testing.T, conn *pgx.Conn) *pgconn.Notification {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	n, err := conn.WaitForNotification(ctx)
	if err != nil {
		t.Fatalf("waiting for a notification: %v", err)
	}
	return n
}

// nextPayload returns the payload of the next notification on conn, checking its sender.
func nextPayload(t *testing.T, conn *pgx.Conn, pid uint32) string {
	t.Helper()
	n := waitNotification(t, conn)
	if n.PID != pid {
		t.Fatalf("notification %q %q from %d, want one from %d", n.Channel, n.Payload, n.PID, pid)
	}
	return n.Channel + ":" + n.Payload
}

// TestPgxNotify checks LISTEN/NOTIFY between sessions: delivery to an idle listener and to
// the sender itself with the sender's process id, only at commit, none after a rollback,
// duplicates folded, pg_notify, UNLISTEN, and the payload limit. A third session sends
// markers on another channel: notifications arrive in commit order, so a marker that comes
// next proves nothing else was sent before it.
func TestPgxNotify(t *testing.T) {
	srv := newPgxServer(t)
	listener, sender, marker := srv.connect(t), srv.connect(t), srv.connect(t)
	ctx := t.Context()
	exec := func(c *pgx.Conn, sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	senderPID, markerPID := sender.PgConn().PID(), marker.PgConn().PID()
	expectNothingBefore := func(conn *pgx.Conn, mark string) {
		t.Helper()
		exec(marker, "NOTIFY marks, '"+mark+"'")
		if got := nextPayload(t, conn, markerPID); got != "marks:"+mark {
			t.Fatalf("got %s, want only the marker marks:%s", got, mark)
		}
	}
	exec(listener, "LISTEN jobs")
	exec(listener, "LISTEN marks")

	// An idle listener gets the notification without sending anything itself.
	exec(sender, "NOTIFY jobs, 'first'")
	if got := nextPayload(t, listener, senderPID); got != "jobs:first" {
		t.Fatalf("got %s, want jobs:first", got)
	}

	// Inside a block nothing goes before COMMIT; duplicates are folded.
	tx, err := sender.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"NOTIFY jobs, 'a'", "SELECT pg_notify('jobs', 'b')", "NOTIFY jobs, 'a'"} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	expectNothingBefore(listener, "m1")
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"jobs:a", "jobs:b"} {
		if got := nextPayload(t, listener, senderPID); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
	expectNothingBefore(listener, "m2")

	// A rolled back block sends nothing.
	tx, err = sender.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "NOTIFY jobs, 'lost'"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	expectNothingBefore(listener, "m3")

	// ROLLBACK TO drops what was sent after the savepoint; a query of several statements
	// sends when it ends.
	tx, err = sender.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"NOTIFY jobs, 'kept'", "SAVEPOINT s", "NOTIFY jobs, 'undone'", "ROLLBACK TO s"} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := nextPayload(t, listener, senderPID); got != "jobs:kept" {
		t.Fatalf("got %s, want jobs:kept", got)
	}
	if _, err := sender.PgConn().Exec(ctx, "NOTIFY jobs, 'multi'; SELECT 1").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if got := nextPayload(t, listener, senderPID); got != "jobs:multi" {
		t.Fatalf("got %s, want jobs:multi", got)
	}
	expectNothingBefore(listener, "m4")

	// The sender listening gets its own notification, with its own process id.
	exec(sender, "LISTEN jobs")
	exec(sender, "NOTIFY jobs")
	for _, c := range []*pgx.Conn{sender, listener} {
		if got := nextPayload(t, c, senderPID); got != "jobs:" {
			t.Fatalf("got %s, want jobs: with no payload", got)
		}
	}

	// After UNLISTEN * the listener hears nothing more until it listens again.
	exec(listener, "UNLISTEN *")
	exec(sender, "NOTIFY jobs, 'after'")
	if got := nextPayload(t, sender, senderPID); got != "jobs:after" {
		t.Fatalf("sender got %s, want jobs:after", got)
	}
	exec(listener, "LISTEN marks")
	expectNothingBefore(listener, "m5")

	_, err = sender.Exec(ctx, "NOTIFY jobs, '"+strings.Repeat("x", 8000)+"'")
	if pgCode(err) != "22023" {
		t.Fatalf("8000-byte payload: %v, want 22023", err)
	}
	assertUsable(t, sender)
}
