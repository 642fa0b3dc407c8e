package executor

// sortRows: the permutation that sorts materialized key columns, shared by Sort and Window.
//
// The first key is mapped to order-preserving unsigned integers where it can be (normalized
// keys: numbers, dates, times and Booleans exactly, strings and bytea by their first eight
// bytes), the rows are radix sorted on them with NULLs set apart, and only the runs of rows
// whose normalized keys tie are sorted further by comparison: by the remaining keys when
// the normalized key is exact, by all keys when it is a prefix. Without a normalized key the
// whole sort is by comparison. Ties end in input order, so the sort is stable.
//
// Comparison sorts of millions of rows take seconds, so they watch the statement's context:
// the comparator checks it every few thousand calls and abandons the sort (by a panic that
// sortRows recovers) once it is done, which bounds how long a cancel waits.

import (
	"context"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
)

// cancelCheckEvery is how many comparisons pass between two checks of the context.
const cancelCheckEvery = 1 << 14

// sortAbort carries a context's error out of a comparison sort.
type sortAbort struct{ err error }

// abortable wraps cmp to check ctx every cancelCheckEvery calls and abandon the sort once
// it is done.
func abortable(ctx context.Context, cmp func(a, b int32) int) func(a, b int32) int {
	calls := 0
	return func(a, b int32) int {
		if calls++; calls == cancelCheckEvery {
			calls = 0
			if err := ctx.Err(); err != nil {
				panic(sortAbort{err})
			}
		}
		return cmp(a, b)
	}
}

// sortRows returns the permutation of rows 0..n-1 that sorts them by keys (order compares
// them; desc and nullsFirst are the first key's direction and NULL placement). It returns
// ctx's error if ctx ends first.
func sortRows(ctx context.Context, keys []arrow.Array, order rowOrder, desc, nullsFirst bool, n int) (perm []int32, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(sortAbort)
			if !ok {
				panic(r)
			}
			perm, err = nil, a.err
		}
	}()
	var norm []uint64
	ok, exact := len(keys) > 0, false
	if ok {
		norm, exact, ok = normalizedKeys(keys[0], desc)
	}
	if !ok {
		perm := iota32(nil, n)
		slices.SortFunc(perm, abortable(ctx, order.compare))
		return perm, nil
	}
	v := validityOf(keys[0])
	pairs := make([]keyRow, 0, n)
	var nulls []int32
	for i, k := range norm {
		if v.valid(i) {
			pairs = append(pairs, keyRow{k, int32(i)})
		} else {
			nulls = append(nulls, int32(i))
		}
	}
	norm = nil
	if pairs, err = radixSort(ctx, pairs, make([]keyRow, len(pairs))); err != nil {
		return nil, err
	}
	valid := make([]int32, len(pairs))
	for i, p := range pairs {
		valid[i] = p.row
	}
	ties := order[1:] // what decides between rows whose normalized keys are equal
	if !exact {
		ties = order
	}
	if len(ties) > 0 {
		cmp := abortable(ctx, ties.compare)
		for i := 0; i < len(pairs); {
			j := i + 1
			for j < len(pairs) && pairs[j].key == pairs[i].key {
				j++
			}
			if j-i > 1 {
				slices.SortFunc(valid[i:j], cmp)
			}
			i = j
		}
		if len(order) > 1 {
			slices.SortFunc(nulls, abortable(ctx, order[1:].compare))
		}
	}
	if nullsFirst {
		return append(nulls, valid...), nil
	}
	return append(valid, nulls...), nil
}
