package executor

// Distinct implements SELECT DISTINCT (and is the engine of UNION without ALL) and SELECT
// DISTINCT ON, which hashes only the ON columns and relies on its sorted input to make the
// first row of each group the one ORDER BY asks for.
//
// It streams: every input batch is probed into a hash table over all its columns (NULLs
// equal, as DISTINCT treats them), and the rows that created a new entry are the output, in
// input order. Nothing but the distinct keys is kept, so the first rows flow out before the
// input ends. Batches larger than BatchSize are cut into slices.

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
)

// distinctFilter keeps the first occurrence of each row across the batches it is shown.
type distinctFilter struct {
	table  *hashTable
	groups []uint32
	sel    []int32
	on     []int         // key columns; nil compares all of them
	keys   []arrow.Array // scratch for the key columns of one batch
	mem    *heldMemory   // the table's memory, when its owner accounts it
}

func newDistinctFilter(schema *arrow.Schema) (*distinctFilter, error) {
	return newDistinctOnFilter(schema, nil)
}

// newDistinctOnFilter compares rows on the columns on only (all of them when on is empty).
func newDistinctOnFilter(schema *arrow.Schema, on []int) (*distinctFilter, error) {
	var dts []arrow.DataType
	if len(on) == 0 {
		on = nil
		for _, f := range schema.Fields() {
			dts = append(dts, f.Type)
		}
	} else {
		for _, c := range on {
			dts = append(dts, schema.Field(c).Type)
		}
	}
	t, err := newHashTable(dts)
	if err != nil {
		return nil, err
	}
	return &distinctFilter{table: t, on: on}, nil
}

// filter returns the rows of rec not seen before, as a record of schema (nil when there are
// none). The result is owned by the caller.
func (d *distinctFilter) filter(ctx *Ctx, schema *arrow.Schema, rec arrow.Record) (arrow.Record, error) {
	n := int(rec.NumRows())
	if cap(d.groups) < n {
		d.groups = make([]uint32, n)
	}
	d.sel = iota32(d.sel, n)
	if rec.NumCols() == 0 {
		// Rows without columns are all equal: keep one.
		if d.table.len() > 0 || n == 0 {
			return nil, nil
		}
		d.table.hashes = append(d.table.hashes, 0)
		return newRecord(schema, nil, 1), nil
	}
	keys := rec.Columns()
	if d.on != nil {
		d.keys = d.keys[:0]
		for _, c := range d.on {
			d.keys = append(d.keys, keys[c])
		}
		keys = d.keys
	}
	ins, err := d.table.findOrInsert(keys, d.sel, d.groups[:n])
	if err == nil {
		err = d.mem.set(d.table.bytes())
	}
	if err != nil {
		return nil, err
	}
	switch {
	case len(ins) == 0:
		return nil, nil
	case len(ins) == n:
		return newRecord(schema, retainAll(rec.Columns()), n), nil
	}
	rows := slices.Clone(ins)
	slices.Sort(rows)
	cols, err := takeColumns(ctx.Mem, rec.Columns(), rows)
	if err != nil {
		return nil, err
	}
	return newRecord(schema, cols, len(rows)), nil
}

// retainAll retains each array and returns the slice, for passing to newRecord.
func retainAll(cols []arrow.Array) []arrow.Array {
	out := make([]arrow.Array, len(cols))
	for i, c := range cols {
		c.Retain()
		out[i] = c
	}
	return out
}

type distinctOp struct {
	input  Operator
	schema *arrow.Schema
	on     []int

	filter *distinctFilter
	slicer batchSlicer
}

var _ Operator = (*distinctOp)(nil)

// newDistinct returns the operator for a Distinct node over its built input.
func newDistinct(node *planner.Distinct, input Operator) (Operator, error) {
	return &distinctOp{input: input, schema: PlanSchema(node.Columns()), on: node.On}, nil
}

// Schema implements Operator.
func (d *distinctOp) Schema() *arrow.Schema { return d.schema }

// Open implements Operator.
func (d *distinctOp) Open(ctx *Ctx) error {
	f, err := newDistinctOnFilter(d.schema, d.on)
	if err != nil {
		return err
	}
	f.mem = newHeldMemory(ctx, budget.Hash, "DISTINCT")
	d.filter = f
	return d.input.Open(ctx)
}

// Next implements Operator.
func (d *distinctOp) Next(ctx *Ctx) (arrow.Record, error) {
	for {
		if out := d.slicer.next(); out != nil {
			return out, nil
		}
		rec, err := d.input.Next(ctx)
		if err != nil {
			return nil, err
		}
		out, err := d.filter.filter(ctx, d.schema, rec)
		if err != nil {
			return nil, err
		}
		if out != nil {
			d.slicer.set(out)
		}
	}
}

// Close implements Operator.
func (d *distinctOp) Close() error {
	d.slicer.release()
	if d.filter != nil {
		d.filter.mem.release()
	}
	d.filter = nil
	return d.input.Close()
}

// explainDetails implements explainer: the memory the operator held at most.
func (d *distinctOp) explainDetails() []Detail {
	if d.filter == nil {
		return nil
	}
	return []Detail{{Key: "Peak Memory Usage", Value: d.filter.mem.peak(), Unit: KB}}
}
