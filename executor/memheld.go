package executor

import "github.com/pgfast/pgfast/executor/budget"

// heldMemory tracks what one operator (or one of its workers) holds against its memory
// account: operators that cannot spill set it to their estimate after each batch and fail
// with 53200 when the account refuses. work_mem does not bound them (PostgreSQL's
// operators that cannot spill pass it too); the statement's share of --memory-limit does.
type heldMemory struct {
	acct *budget.Account
	what string // the operator, for the error ("hash join")
	n    int64
}

// newHeldMemory opens an account of kind for an operator named what.
func newHeldMemory(ctx *Ctx, kind budget.Kind, what string) *heldMemory {
	return &heldMemory{acct: ctx.Budget.NewAccount(kind), what: what}
}

// set makes n bytes the operator's holding, growing or shrinking its account.
func (h *heldMemory) set(n int64) error {
	if h == nil || n == h.n {
		return nil
	}
	if err := h.acct.GrowPast(n - h.n); err != nil {
		return h.acct.OutOfMemory(h.what, err)
	}
	h.n = n
	return nil
}

// add grows the holding by n bytes.
func (h *heldMemory) add(n int64) error {
	if h == nil {
		return nil
	}
	return h.set(h.n + n)
}

// peak returns the most bytes the account held.
func (h *heldMemory) peak() int64 {
	if h == nil {
		return 0
	}
	return h.acct.Peak()
}

// release gives everything back.
func (h *heldMemory) release() {
	if h == nil {
		return
	}
	h.acct.Release()
	h.n = 0
}
