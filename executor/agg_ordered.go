package executor

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// orderedAgg gives any aggregate ORDER BY inside its call (array_agg(x ORDER BY y),
// string_agg(s, ',' ORDER BY s DESC)): it keeps the rows it is given, with their groups,
// and at the end sorts them by group and then by the ORDER BY keys (stably, so ties keep
// their input order) and feeds them to the aggregate's own state in that order, in one
// Update. Aggregates need nothing of their own for it; those that ignore input order are
// unaffected. Parallel workers' states merge by concatenating their rows.
type orderedAgg struct {
	inner catalog.AggState
	nargs int
	keys  []planner.AggOrderKey
	// ranks maps the values of ORDER BY keys of enum types to comparable ranks (nil for
	// other keys; see sortkey.go), with the statement's enum labels.
	ranks  []func(arrow.Array) arrow.Array
	mem    memory.Allocator
	groups []uint32
	parts  [][]arrow.Array // per column (the arguments, then the extra sort keys): the batches
}

var _ catalog.AggState = (*orderedAgg)(nil)

func newOrderedAgg(inner catalog.AggState, c planner.AggCall, mem memory.Allocator, io *types.IOSettings) *orderedAgg {
	o := &orderedAgg{inner: inner, nargs: c.NArgs, keys: c.OrderBy, mem: mem, parts: make([][]arrow.Array, len(c.Args))}
	for i, k := range c.OrderBy {
		if rank := enumRanker(c.Args[k.Arg].Type(), io, mem); rank != nil {
			if o.ranks == nil {
				o.ranks = make([]func(arrow.Array) arrow.Array, len(c.OrderBy))
			}
			o.ranks[i] = rank
		}
	}
	return o
}

// Update implements catalog.AggState: the rows are kept for Finalize.
func (o *orderedAgg) Update(groups []uint32, args []arrow.Array) error {
	o.groups = append(o.groups, groups...)
	for c, a := range args {
		a.Retain()
		o.parts[c] = append(o.parts[c], a)
	}
	return nil
}

// Merge implements catalog.AggState.
func (o *orderedAgg) Merge(other catalog.AggState, mapping []uint32) error {
	x := other.(*orderedAgg)
	for _, g := range x.groups {
		o.groups = append(o.groups, mapping[g])
	}
	for c, parts := range x.parts {
		for _, a := range parts {
			a.Retain()
			o.parts[c] = append(o.parts[c], a)
		}
	}
	return nil
}

// Finalize implements catalog.AggState.
func (o *orderedAgg) Finalize(ngroups int) (arrow.Array, error) {
	if len(o.groups) > 0 {
		if err := o.feed(); err != nil {
			return nil, err
		}
	}
	return o.inner.Finalize(ngroups)
}

// feed sorts the kept rows and updates the inner state with them.
func (o *orderedAgg) feed() error {
	cols := make([]arrow.Array, len(o.parts))
	defer func() { releaseArrays(cols) }()
	for c, parts := range o.parts {
		a, err := concatArrays(o.mem, parts[0].DataType(), parts)
		if err != nil {
			return err
		}
		cols[c] = a
	}
	g := uint32Array(o.groups)
	defer g.Release()
	order := rowOrder{}
	gc, err := newRowComparator(g, false, false)
	if err != nil {
		return err
	}
	order = append(order, gc)
	for i, k := range o.keys {
		key := cols[k.Arg]
		if o.ranks != nil && o.ranks[i] != nil {
			key = o.ranks[i](key)
			defer key.Release()
		}
		c, err := newRowComparator(key, k.Desc, k.NullsFirst)
		if err != nil {
			return err
		}
		order = append(order, c)
	}
	perm := iota32(nil, len(o.groups))
	slices.SortFunc(perm, order.compare)
	sorted := make([]uint32, len(perm))
	for i, r := range perm {
		sorted[i] = o.groups[r]
	}
	args, err := takeColumns(o.mem, cols[:o.nargs], perm)
	if err != nil {
		return err
	}
	defer releaseArrays(args)
	return o.inner.Update(sorted, args)
}

// Release frees the kept rows.
func (o *orderedAgg) Release() {
	for _, parts := range o.parts {
		releaseArrays(parts)
	}
	o.parts = nil
	if r, ok := o.inner.(interface{ Release() }); ok {
		r.Release()
	}
}
