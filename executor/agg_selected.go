package executor

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// A hash aggregate over a filtered scan need not copy the rows the filter keeps into a new
// batch (the copy costs more than the filter when most rows pass, as in TPC-H Q1). When its
// pipeline ends in a filter that can mark rows (rowSelector), the aggregate evaluates its
// group keys and arguments over the whole morsel and sends the rows the filter rejects to a
// trash group: a group no key finds (the hash table's hidden group; group 1 without GROUP
// BY), whose result is dropped at the end. This is done only where evaluating rejected rows
// cannot change the answer:
//
//   - the expressions are columns, constants, casts and calls of non-volatile functions;
//     should one fail on a batch, the batch is redone on the kept rows only, so an error
//     is raised only for a row that PostgreSQL would evaluate too;
//   - the aggregates are count, sum and avg over integers and numerics, and min and max,
//     whose states cannot fail whatever the values (float sums can overflow; they are
//     left out), without DISTINCT, ORDER BY or FILTER;
//   - most of the morsel passes (at least selectFraction); otherwise copying the few kept
//     rows is cheaper than aggregating the rejected ones.

// selectFraction is the share of a morsel's rows that must pass the filter for the
// aggregate to take the whole morsel with a trash group rather than a copy of the rows.
const selectFractionNum, selectFractionDen = 3, 4

// selectableAgg reports whether node may aggregate rejected rows into a trash group.
func selectableAgg(node *planner.Aggregate) bool {
	for _, g := range node.GroupBy {
		if !plainExpr(g) {
			return false
		}
	}
	for _, c := range node.Aggs {
		if c.Distinct || len(c.OrderBy) > 0 || c.Filter != nil || !quietAgg(c) {
			return false
		}
		for _, e := range c.Args {
			if !plainExpr(e) {
				return false
			}
		}
	}
	return true
}

// plainExpr reports whether e is built of columns, constants, casts and calls of
// non-volatile functions only: cheap to evaluate on extra rows, without side effects.
func plainExpr(e planner.Expr) bool {
	switch x := e.(type) {
	case *planner.ColRef, *planner.Const:
		return true
	case *planner.Cast:
		return plainExpr(x.Arg)
	case *planner.Call:
		if x.Func == nil || x.Func.Volatility == catalog.Volatile || x.Func.Scalar == nil {
			return false
		}
		for _, a := range x.Args {
			if !plainExpr(a) {
				return false
			}
		}
		return true
	}
	return false
}

// quietAgg reports whether c's state accepts any values of its argument types without
// error.
func quietAgg(c planner.AggCall) bool {
	if c.Func == nil {
		return false
	}
	switch c.Func.Name {
	case "count":
		return true
	case "sum", "avg":
		return len(c.Args) == 1 && oneOf(c.Args[0].Type().OID, types.Int2, types.Int4, types.Int8, types.Numeric)
	case "min", "max":
		return len(c.Args) == 1 && oneOf(c.Args[0].Type().OID, types.Int2, types.Int4, types.Int8,
			types.Numeric, types.Float4, types.Float8, types.Date)
	}
	return false
}

func oneOf(oid types.OID, set ...types.OID) bool {
	for _, o := range set {
		if oid == o {
			return true
		}
	}
	return false
}

// consumeSelected folds the pipeline's next morsel in, rejected rows into the trash group
// when most rows pass; io.EOF at the end of the input.
func (t *aggTable) consumeSelected(ctx *Ctx, p *aggPipeline, sp *pipelineOp) error {
	rec, keep, kept, err := sp.nextSelected(ctx)
	if err != nil {
		return err
	}
	n := int(rec.NumRows())
	if keep == nil {
		return t.consume(ctx, p, rec)
	}
	if kept*selectFractionDen < n*selectFractionNum {
		return t.consumeKept(ctx, p, rec, keep, kept)
	}
	ext, err := p.extend(ctx, rec)
	if err != nil {
		return t.consumeKept(ctx, p, rec, keep, kept)
	}
	defer ext.Release()
	keys, err := evalAll(ctx, p.groupBy, ext)
	if err != nil {
		return t.consumeKept(ctx, p, rec, keep, kept)
	}
	defer releaseArrays(keys)
	args := make([][]arrow.Array, len(p.args))
	defer func() {
		for _, a := range args {
			releaseArrays(a)
		}
	}()
	for i, exprs := range p.args {
		if t.fedBy[i] >= 0 {
			continue
		}
		if args[i], err = evalAll(ctx, exprs, ext); err != nil {
			return t.consumeKept(ctx, p, rec, keep, kept)
		}
	}
	groups, err := t.selectedGroups(keys, keep, n)
	if err != nil {
		return err
	}
	for i, st := range t.states {
		if t.fedBy[i] >= 0 {
			continue
		}
		if err := st.Update(groups, args[i]); err != nil {
			return err
		}
	}
	return nil
}

// consumeKept folds in the rows of rec that keep marks, copied out.
func (t *aggTable) consumeKept(ctx *Ctx, p *aggPipeline, rec arrow.Record, keep bitmap, kept int) error {
	out, err := keepRows(ctx, rec, keep, kept)
	if err != nil {
		return err
	}
	defer out.Release()
	return t.consume(ctx, p, out)
}

// selectedGroups maps the rows keep marks to their groups (creating groups for new keys)
// and the others to the trash group.
func (t *aggTable) selectedGroups(keys []arrow.Array, keep bitmap, n int) ([]uint32, error) {
	t.groups = growU32(t.groups, n)
	groups := t.groups
	if t.table == nil {
		t.trash = 1
		for r := range groups {
			groups[r] = 1
			if keep.get(r) {
				groups[r] = 0
			}
		}
		return groups, nil
	}
	sel, rejected := t.sel[:0], int32(-1)
	for r := 0; r < n; r++ {
		if keep.get(r) {
			sel = append(sel, int32(r))
		} else if rejected < 0 {
			rejected = int32(r)
		}
	}
	t.sel = sel
	if _, err := t.table.findOrInsert(keys, sel, groups); err != nil {
		return nil, err
	}
	t.trash = t.table.addHidden(keys, rejected)
	for r := range groups {
		if !keep.get(r) {
			groups[r] = t.trash
		}
	}
	return groups, nil
}

// liveGroups lists the groups other than the trash group, nil when there is none.
func (t *aggTable) liveGroups(ngroups int) ([]int32, []uint32) {
	if t.trash == noGroup {
		return nil, nil
	}
	rows := make([]int32, 0, ngroups-1)
	ids := make([]uint32, 0, ngroups-1)
	for g := 0; g < ngroups; g++ {
		if uint32(g) != t.trash {
			rows, ids = append(rows, int32(g)), append(ids, uint32(g))
		}
	}
	return rows, ids
}
