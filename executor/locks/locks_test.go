package locks

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestConflicts checks which holds let another owner in, for every pair of modes, and that
// an owner's own holds never stand in its way.
func TestConflicts(t *testing.T) {
	cases := []struct {
		held, want Mode
		granted    bool
	}{
		{Shared, Shared, true},
		{Shared, Exclusive, false},
		{Exclusive, Shared, false},
		{Exclusive, Exclusive, false},
	}
	for _, c := range cases {
		m := NewManager()
		a, b := m.NewOwner(), m.NewOwner()
		if !a.TryLock(Key{ID: 1}, c.held, SessionScope) {
			t.Fatal("a free key was refused")
		}
		if got := b.TryLock(Key{ID: 1}, c.want, SessionScope); got != c.granted {
			t.Errorf("%v held, %v asked by another owner: granted %v, want %v", c.held, c.want, got, c.granted)
		}
		if !a.TryLock(Key{ID: 1}, c.want, XactScope) {
			t.Errorf("%v held, %v asked by the same owner: refused", c.held, c.want)
		}
		if !b.TryLock(Key{ID: 2}, Exclusive, SessionScope) || !b.TryLock(Key{ID: 1, Pair: true}, Exclusive, SessionScope) {
			t.Error("other keys, and the pair key space, are not free")
		}
	}
}

// TestCounts checks that holds are counted: a key locked twice is free after two unlocks,
// unlocking what is not held reports false, and each scope ends on its own.
func TestCounts(t *testing.T) {
	m := NewManager()
	a, b := m.NewOwner(), m.NewOwner()
	k := Key{ID: -1<<32 | 7, Pair: true}
	a.TryLock(k, Exclusive, SessionScope)
	a.TryLock(k, Exclusive, SessionScope)
	if !a.Unlock(k, Exclusive) || b.TryLock(k, Shared, SessionScope) {
		t.Fatal("one unlock of two freed the key")
	}
	if a.Unlock(k, Shared) {
		t.Error("unlocking a mode not held reported true")
	}
	if !a.Unlock(k, Exclusive) || !b.TryLock(k, Shared, SessionScope) {
		t.Fatal("two unlocks of two did not free the key")
	}
	if a.Unlock(k, Exclusive) {
		t.Error("a third unlock reported true")
	}
	b.Close()

	a.TryLock(k, Exclusive, XactScope)
	if a.Unlock(k, Exclusive) {
		t.Error("pg_advisory_unlock released a transaction-level hold")
	}
	a.UnlockAll()
	if b.TryLock(k, Shared, SessionScope) {
		t.Fatal("UnlockAll released a transaction-level hold")
	}
	a.EndXact()
	if !b.TryLock(k, Exclusive, SessionScope) {
		t.Fatal("EndXact did not release the transaction-level hold")
	}
	b.Close()
	if len(m.locks) != 0 {
		t.Errorf("%d entries left in a table nobody holds anything of", len(m.locks))
	}
}

// TestEndXactRows checks that releasing a transaction's row locks frees its row and table
// keys and keeps its advisory and session-level holds.
func TestEndXactRows(t *testing.T) {
	m := NewManager()
	a, b := m.NewOwner(), m.NewOwner()
	row, table, advisory, session := Key{Rel: 16384, ID: 7}, Key{Rel: 16384, ID: TableID}, Key{ID: 7}, Key{ID: 8}
	a.TryLock(row, Exclusive, XactScope)
	a.TryLock(table, Shared, XactScope)
	a.TryLock(advisory, Exclusive, XactScope)
	a.TryLock(session, Exclusive, SessionScope)
	a.EndXactRows()
	for _, c := range []struct {
		key  Key
		free bool
	}{{row, true}, {table, true}, {advisory, false}, {session, false}} {
		if got := b.TryLock(c.key, Exclusive, XactScope); got != c.free {
			t.Errorf("%+v free after EndXactRows: %v, want %v", c.key, got, c.free)
		}
	}
}

// TestWait checks that a waiter gets the key once it is released, and gives up with the
// context's error, or with 55P03 after lock_timeout.
func TestWait(t *testing.T) {
	m := NewManager()
	a, b := m.NewOwner(), m.NewOwner()
	k := Key{ID: 42}
	a.TryLock(k, Exclusive, XactScope)
	got := make(chan error)
	go func() { got <- b.Lock(context.Background(), k, Shared, SessionScope, 0) }()
	select {
	case err := <-got:
		t.Fatalf("Lock returned %v while the key was held", err)
	case <-time.After(50 * time.Millisecond):
	}
	a.EndXact()
	if err := <-got; err != nil {
		t.Fatalf("Lock after the release: %v", err)
	}

	err := a.Lock(context.Background(), k, Exclusive, SessionScope, 20*time.Millisecond)
	if pgerror.GetCode(err) != pgcode.LockNotAvailable {
		t.Errorf("lock_timeout: got %v, want 55P03", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := a.Lock(ctx, k, Exclusive, SessionScope, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("canceled wait: got %v, want the context's error", err)
	}
	if a.waiting != nil || len(a.held) != 0 {
		t.Error("a failed wait left state behind")
	}
}

// TestDeadlock builds a cycle of three owners, each waiting for the next one's key; the
// owner closing the cycle fails with 40P01 and the others go on once it lets go.
func TestDeadlock(t *testing.T) {
	m := NewManager()
	o := []*Owner{m.NewOwner(), m.NewOwner(), m.NewOwner()}
	for i, w := range o {
		w.SetPID(int32(100 + i))
		w.TryLock(Key{ID: int64(i)}, Shared, XactScope)
	}
	done := make(chan error, 2)
	for i := range 2 {
		go func() { done <- o[i].Lock(context.Background(), Key{ID: int64(i + 1)}, Exclusive, XactScope, 0) }()
	}
	// Wait until both wait, then close the cycle.
	for {
		m.mu.Lock()
		waiting := o[0].waiting != nil && o[1].waiting != nil
		m.mu.Unlock()
		if waiting {
			break
		}
		time.Sleep(time.Millisecond)
	}
	err := o[2].Lock(context.Background(), Key{ID: 0}, Exclusive, XactScope, 0)
	if pgerror.GetCode(err) != pgcode.TRDeadlockDetected {
		t.Fatalf("closing the cycle: got %v, want 40P01", err)
	}
	var pe *pgerror.Error
	errors.As(err, &pe)
	want := "Process 102 waits for ExclusiveLock on advisory lock [5,0,0,1]; blocked by process 100.\n" +
		"Process 100 waits for ExclusiveLock on advisory lock [5,0,1,1]; blocked by process 101.\n" +
		"Process 101 waits for ExclusiveLock on advisory lock [5,0,2,1]; blocked by process 102."
	if pe.Detail != want {
		t.Errorf("detail:\n%s\nwant:\n%s", pe.Detail, want)
	}
	o[2].EndXact()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	o[1].EndXact()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// A shared lock beside shared holds waits for nothing.
	if err := o[2].Lock(context.Background(), Key{ID: 0}, Shared, XactScope, 0); err != nil {
		t.Fatalf("a shared lock beside shared holds: %v", err)
	}
}

// TestRowModes checks the four row-lock strengths against each other as PostgreSQL's
// conflict table has them: FOR KEY SHARE conflicts only with FOR UPDATE, FOR SHARE with
// both updates, FOR NO KEY UPDATE with all but FOR KEY SHARE, FOR UPDATE with all.
func TestRowModes(t *testing.T) {
	names := map[Mode]string{KeyShared: "key share", Shared: "share", NoKeyExclusive: "no key update", Exclusive: "update"}
	order := []Mode{KeyShared, Shared, NoKeyExclusive, Exclusive}
	want := [][]bool{ // want[held][asked]: granted
		{true, true, true, false},
		{true, true, false, false},
		{true, false, false, false},
		{false, false, false, false},
	}
	for i, held := range order {
		for j, asked := range order {
			m := NewManager()
			a, b := m.NewOwner(), m.NewOwner()
			k := Key{Rel: 16384, ID: 3}
			a.TryLock(k, held, XactScope)
			if got := b.TryLock(k, asked, XactScope); got != want[i][j] {
				t.Errorf("%s held, %s asked: granted %v, want %v", names[held], names[asked], got, want[i][j])
			}
		}
	}
}
