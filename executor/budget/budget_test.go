package budget

import (
	"errors"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestAccounts checks that accounts are bounded by their own limit and by the pool shared
// by every query, and that what they give back is free again.
func TestAccounts(t *testing.T) {
	pool := NewPool(1000)
	q1 := pool.NewQuery(Limits{WorkMem: 300, HashMem: 600})
	q2 := pool.NewQuery(Limits{})
	sort, hash, big := q1.NewAccount(Buffer), q1.NewAccount(Hash), q2.NewAccount(Buffer)
	steps := []struct {
		acct *Account
		n    int64
		ok   bool
	}{
		{sort, 300, true},
		{sort, 1, false}, // work_mem
		{hash, 600, true},
		{hash, 1, false}, // work_mem × hash_mem_multiplier
		{big, 100, true},
		{big, 1, false}, // the pool: 300 + 600 + 100
		{sort, -300, true},
		{big, 300, true},
		{big, 1, false},
	}
	// GrowPast passes an account's own limit, not the pool's.
	if err := sort.GrowPast(400); err != nil || sort.Used() != 400 {
		t.Fatalf("GrowPast: %v, used %d", err, sort.Used())
	}
	sort.Shrink(400)
	for i, s := range steps {
		err := s.acct.Grow(s.n)
		if (err == nil) != s.ok || err != nil && !errors.Is(err, ErrOverBudget) {
			t.Fatalf("step %d: Grow(%d) = %v, want ok=%v", i, s.n, err, s.ok)
		}
	}
	if pool.Used() != 1000 || q1.Used() != 600 || q2.Used() != 400 || q1.Peak() != 900 {
		t.Errorf("pool %d, query 1 %d (peak %d), query 2 %d", pool.Used(), q1.Used(), q1.Peak(), q2.Used())
	}
	hash.Release()
	big.Release()
	if pool.Used() != 0 || pool.Peak() != 1000 {
		t.Errorf("after release: pool %d, peak %d", pool.Used(), pool.Peak())
	}
}

// TestOutOfMemory checks the 53200 error and that it names the limit that was hit.
func TestOutOfMemory(t *testing.T) {
	pool := NewPool(1 << 30)
	a := pool.NewQuery(Limits{WorkMem: 64 << 10}).NewAccount(Buffer)
	err := a.Grow(80 << 10)
	e := pgerror.Flatten(a.OutOfMemory("sort", err))
	if e.Code != pgcode.OutOfMemory || e.Message != "out of memory" || !strings.Contains(e.Detail, "work_mem (64kB)") || e.Hint == "" {
		t.Errorf("work_mem: %+v", e)
	}
	b := pool.NewQuery(Limits{}).NewAccount(Hash)
	e = pgerror.Flatten(b.OutOfMemory("hash join", b.Grow(2<<30)))
	if !strings.Contains(e.Detail, "1GB") || !strings.Contains(e.Detail, "--memory-limit") {
		t.Errorf("pool: %+v", e)
	}
	for n, want := range map[int64]string{1 << 30: "1GB", 1536 << 10: "1536kB", 1000: "1kB", 3 << 20: "3MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestReclaim: a query that needs memory a cache holds (charged to the same pool) gets it:
// the pool asks the reclaimer to free what is missing, and fails only when it cannot.
func TestReclaim(t *testing.T) {
	pool := NewPool(1000)
	cache := pool.NewQuery(Limits{}).NewAccount(Buffer)
	if err := cache.Grow(800); err != nil {
		t.Fatal(err)
	}
	var asked []int64
	pool.SetReclaimer(func(n int64) int64 {
		asked = append(asked, n)
		free := min(n, cache.Used())
		cache.Shrink(free)
		return free
	})
	q := pool.NewQuery(Limits{}).NewAccount(Buffer)
	if err := q.Grow(500); err != nil {
		t.Fatalf("a query could not take memory back from the cache: %v", err)
	}
	if cache.Used() != 500 || pool.Used() != 1000 || len(asked) != 1 || asked[0] != 300 {
		t.Fatalf("cache holds %d, pool %d, reclaimer asked for %v", cache.Used(), pool.Used(), asked)
	}
	if err := q.Grow(600); !errors.Is(err, ErrOverBudget) {
		t.Fatalf("growing past what the cache can give: %v", err)
	}
	if q.Used() != 500 || cache.Used() != 0 || pool.Used() != 500 {
		t.Fatalf("query holds %d, cache %d, pool %d after a request the cache could not make room for",
			q.Used(), cache.Used(), pool.Used())
	}
}
