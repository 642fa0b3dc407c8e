package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSocketLock checks the socket's lock file: a second server cannot take a socket in
// use, while files left by a server that died (a lock file no process holds, a socket
// nobody listens on) are taken over.
func TestSocketLock(t *testing.T) {
	dir, err := os.MkdirTemp("", "pgfsock")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	data := t.TempDir()

	// Files a killed server leaves behind.
	sock := filepath.Join(dir, socketName(7))
	for _, f := range []string{sock, sock + ".lock"} {
		if err := os.WriteFile(f, []byte("999999\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	first, err := listenUnix(dir, 7, data)
	if err != nil {
		t.Fatalf("stale files not taken over: %v", err)
	}
	if _, err := listenUnix(dir, 7, data); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second server on the same socket: %v, want the lock refused", err)
	}
	if err := first.ln.Close(); err != nil {
		t.Fatal(err)
	}
	if err := first.release(); err != nil {
		t.Fatal(err)
	}
	again, err := listenUnix(dir, 7, data)
	if err != nil {
		t.Fatalf("socket released, then taken again: %v", err)
	}
	again.ln.Close()
	again.release()
}
