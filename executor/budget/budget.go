package budget

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ErrOverBudget is returned by Grow when the memory asked for is not available: the
// operator should spill, or fail with OutOfMemory. The errors Grow returns wrap it and say
// which limit was reached.
var ErrOverBudget = errors.New("over the memory budget")

var (
	errOverWorkMem = fmt.Errorf("%w: work_mem", ErrOverBudget)
	errOverPool    = fmt.Errorf("%w: --memory-limit", ErrOverBudget)
)

// Pool is the memory all running queries may use together. Its methods are safe for
// concurrent use.
type Pool struct {
	limit   int64
	used    atomic.Int64
	peak    atomic.Int64
	reclaim atomic.Pointer[func(n int64) int64]
}

// SetReclaimer registers f, which the pool calls when a reservation does not fit: it frees
// up to n bytes that a cache charged to the pool holds, and returns the bytes it freed.
// Queries thus take memory back from cached table rows before they spill or fail.
func (p *Pool) SetReclaimer(f func(n int64) int64) { p.reclaim.Store(&f) }

// NewPool returns a pool of limit bytes (limit <= 0: unlimited).
func NewPool(limit int64) *Pool { return &Pool{limit: limit} }

// Limit returns the pool's limit in bytes (0: unlimited).
func (p *Pool) Limit() int64 { return max(p.limit, 0) }

// Used returns the bytes reserved now.
func (p *Pool) Used() int64 { return p.used.Load() }

// Peak returns the most bytes ever reserved at once.
func (p *Pool) Peak() int64 { return p.peak.Load() }

func (p *Pool) reserve(n int64) bool {
	u := p.used.Add(n)
	if p.limit > 0 && n > 0 && u > p.limit {
		p.used.Add(-n)
		if f := p.reclaim.Load(); f != nil && (*f)(u-p.limit) > 0 {
			return p.reserve(n)
		}
		return false
	}
	raise(&p.peak, u)
	return true
}

func (p *Pool) release(n int64) { p.used.Add(-n) }

// raise sets peak to v if v is larger.
func raise(peak *atomic.Int64, v int64) {
	for {
		old := peak.Load()
		if v <= old || peak.CompareAndSwap(old, v) {
			return
		}
	}
}

// Limits are one statement's per-operator limits (0: none, the pool alone bounds it).
type Limits struct {
	// WorkMem bounds each sort's and buffer's memory (work_mem, when the session set it).
	WorkMem int64
	// HashMem bounds each hash table's memory (work_mem × hash_mem_multiplier).
	HashMem int64
}

// Query accounts one statement's memory. It is safe for concurrent use by the statement's
// workers.
type Query struct {
	pool   *Pool
	limits Limits
	used   atomic.Int64
	peak   atomic.Int64
}

// NewQuery starts accounting a statement with the given per-operator limits. A nil pool is
// unlimited.
func (p *Pool) NewQuery(limits Limits) *Query {
	if p == nil {
		p = &Pool{}
	}
	return &Query{pool: p, limits: limits}
}

// Peak returns the most bytes the statement's operators held at once.
func (q *Query) Peak() int64 { return q.peak.Load() }

// Used returns the bytes the statement's operators hold now.
func (q *Query) Used() int64 { return q.used.Load() }

// Pool returns the pool the statement draws from.
func (q *Query) Pool() *Pool { return q.pool }

// Kind says which per-operator limit an account has.
type Kind uint8

// Account kinds.
const (
	Buffer Kind = iota // sorts and materialized results: work_mem
	Hash               // hash tables: work_mem × hash_mem_multiplier
)

// Account is one operator's share of its statement's memory. Its methods are safe for
// concurrent use, so parallel workers may share one.
type Account struct {
	q     *Query
	limit int64
	used  atomic.Int64
	peak  atomic.Int64
}

// NewAccount opens an account of the given kind. A nil query gives an unlimited account
// that only counts.
func (q *Query) NewAccount(kind Kind) *Account {
	if q == nil {
		return &Account{}
	}
	a := &Account{q: q, limit: q.limits.WorkMem}
	if kind == Hash {
		a.limit = q.limits.HashMem
	}
	return a
}

// Grow reserves n more bytes. It fails with ErrOverBudget, reserving nothing, when the
// account would pass its limit or the pool its own.
func (a *Account) Grow(n int64) error {
	if n <= 0 {
		a.Shrink(-n)
		return nil
	}
	u := a.used.Add(n)
	if a.limit > 0 && u > a.limit {
		a.used.Add(-n)
		return errOverWorkMem
	}
	return a.fromPool(n, u)
}

// GrowPast reserves n more bytes even past the account's own limit, from the pool alone:
// an operator takes it for the least it needs to make progress (one batch), as
// PostgreSQL's sorts do with a tiny work_mem.
func (a *Account) GrowPast(n int64) error {
	if n <= 0 {
		a.Shrink(-n)
		return nil
	}
	return a.fromPool(n, a.used.Add(n))
}

// fromPool takes n bytes, already added to the account (now at u), from the pool.
func (a *Account) fromPool(n, u int64) error {
	if a.q != nil {
		if !a.q.pool.reserve(n) {
			a.used.Add(-n)
			return errOverPool
		}
		raise(&a.q.peak, a.q.used.Add(n))
	}
	raise(&a.peak, u)
	return nil
}

// Shrink gives back n bytes.
func (a *Account) Shrink(n int64) {
	if n <= 0 {
		return
	}
	a.used.Add(-n)
	if a.q != nil {
		a.q.used.Add(-n)
		a.q.pool.release(n)
	}
}

// Release gives back everything the account holds; the account may be used again.
func (a *Account) Release() { a.Shrink(a.used.Load()) }

// Used returns the bytes the account holds now.
func (a *Account) Used() int64 { return a.used.Load() }

// Peak returns the most bytes the account ever held.
func (a *Account) Peak() int64 { return a.peak.Load() }

// Limit returns the account's own limit (0: the pool alone bounds it).
func (a *Account) Limit() int64 { return a.limit }

// OutOfMemory is the error of an operator that cannot stay within its budget: PostgreSQL's
// 53200, saying what ran out (cause is the error Grow returned) and what to do about it.
func (a *Account) OutOfMemory(what string, cause error) error {
	e := pgerror.New(pgcode.OutOfMemory, "out of memory")
	switch {
	case errors.Is(cause, errOverWorkMem):
		e.Detail = fmt.Sprintf("The %s needs more than work_mem (%s) allows.", what, Size(a.limit))
		e.Hint = "Raise work_mem, or reduce the rows or columns the query holds."
	case a.q != nil && a.q.pool.limit > 0:
		e.Detail = fmt.Sprintf("The %s needs more memory than is free of the %s that queries may use (--memory-limit).",
			what, Size(a.q.pool.limit))
		e.Hint = "Retry when fewer queries run, raise --memory-limit, or reduce the rows or columns the query holds."
	default:
		e.Detail = fmt.Sprintf("The %s ran out of memory.", what)
	}
	return e
}

// Size prints a byte count as PostgreSQL prints memory settings: in the largest unit that
// divides it, else in kB rounded up.
func Size(n int64) string {
	for _, u := range []struct {
		name string
		b    int64
	}{{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"kB", 1 << 10}} {
		if n >= u.b && n%u.b == 0 {
			return fmt.Sprintf("%d%s", n/u.b, u.name)
		}
	}
	return fmt.Sprintf("%dkB", (n+1023)/1024)
}
