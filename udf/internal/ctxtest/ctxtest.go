package ctxtest

import (
	"context"
	"sync/atomic"
)

// CancelAfter is a context that is canceled from its N-th Err call on.
type CancelAfter struct {
	context.Context
	N     int64
	calls atomic.Int64
}

// New returns a context canceled from the n-th call of its Err.
func New(n int64) *CancelAfter {
	return &CancelAfter{Context: context.Background(), N: n}
}

// Err reports context.Canceled from the N-th call on.
func (c *CancelAfter) Err() error {
	if c.calls.Add(1) >= c.N {
		return context.Canceled
	}
	return nil
}

// Calls returns how many times Err was called.
func (c *CancelAfter) Calls() int64 { return c.calls.Load() }
