package executor

// SetOp implements UNION, INTERSECT and EXCEPT, with and without ALL, under PostgreSQL's
// multiset semantics, rows comparing equal when all columns are equal or both NULL:
//
//	UNION ALL       every row of both inputs (streamed: left, then right)
//	UNION           distinct rows of both inputs (streamed through a DISTINCT filter)
//	INTERSECT       each distinct row present in both, once
//	INTERSECT ALL   each distinct row min(l, r) times
//	EXCEPT          each distinct row of left absent from right, once
//	EXCEPT ALL      each distinct row max(l - r, 0) times
//
// where l and r count a row's occurrences in the left and right input. For INTERSECT and
// EXCEPT the operator drains the left input into a hash table counting occurrences per
// distinct row, then probes the right input (without inserting: rows only on the right can
// never be output) to count there, and finally emits from the table in order of first
// appearance on the left. The rows emitted are the stored key values of the first occurrence
// on the left.

import (
	"io"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/planner"
)

type setOp struct {
	kind        planner.SetOpKind
	all         bool
	left, right Operator
	schema      *arrow.Schema

	// execution state
	side   int // input being read by UNION: 0 left, 1 right, 2 done
	filter *distinctFilter
	slicer batchSlicer

	counted        bool
	table          *hashTable
	countL, countR []int64
	groups         []uint32
	sel            []int32
	emitG          int   // next group to emit
	emitLeft       int64 // copies of group emitG still to emit
	idx            []uint32
	out            arrow.Record
	mem            *heldMemory
}

var _ Operator = (*setOp)(nil)

// newSetOp returns the operator for a SetOp node over its built inputs, whose column types
// must match node.Out.
func newSetOp(node *planner.SetOp, left, right Operator) (Operator, error) {
	return &setOp{kind: node.Kind, all: node.All, left: left, right: right, schema: PlanSchema(node.Out)}, nil
}

// Schema implements Operator.
func (s *setOp) Schema() *arrow.Schema { return s.schema }

// Open implements Operator.
func (s *setOp) Open(ctx *Ctx) error {
	s.side, s.counted, s.emitG, s.emitLeft = 0, false, 0, 0
	s.countL, s.countR = s.countL[:0], s.countR[:0]
	s.mem = newHeldMemory(ctx, budget.Hash, [...]string{"UNION", "INTERSECT", "EXCEPT"}[s.kind])
	if s.kind == planner.Union && !s.all {
		f, err := newDistinctFilter(s.schema)
		if err != nil {
			return err
		}
		f.mem = s.mem
		s.filter = f
	}
	if err := s.left.Open(ctx); err != nil {
		return err
	}
	return s.right.Open(ctx)
}

// Next implements Operator.
func (s *setOp) Next(ctx *Ctx) (arrow.Record, error) {
	if s.kind == planner.Union {
		return s.nextUnion(ctx)
	}
	if !s.counted {
		if err := s.count(ctx); err != nil {
			return nil, err
		}
		s.counted = true
	}
	return s.emit(ctx)
}

func (s *setOp) nextUnion(ctx *Ctx) (arrow.Record, error) {
	for {
		if out := s.slicer.next(); out != nil {
			return out, nil
		}
		if s.side == 2 {
			return nil, io.EOF
		}
		in := s.left
		if s.side == 1 {
			in = s.right
		}
		rec, err := in.Next(ctx)
		if err == io.EOF {
			s.side++
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := checkColumnTypes(s.schema, rec.Columns()); err != nil {
			return nil, err
		}
		if s.all {
			s.slicer.set(newRecord(s.schema, retainAll(rec.Columns()), int(rec.NumRows())))
			continue
		}
		out, err := s.filter.filter(ctx, s.schema, rec)
		if err != nil {
			return nil, err
		}
		if out != nil {
			s.slicer.set(out)
		}
	}
}

// count builds the table of distinct left rows and counts occurrences on both sides.
func (s *setOp) count(ctx *Ctx) error {
	dts := make([]arrow.DataType, s.schema.NumFields())
	for i, f := range s.schema.Fields() {
		dts[i] = f.Type
	}
	t, err := newHashTable(dts)
	if err != nil {
		return err
	}
	s.table = t
	for side, in := range []Operator{s.left, s.right} {
		for {
			rec, err := in.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			n := int(rec.NumRows())
			if cap(s.groups) < n {
				s.groups = make([]uint32, n)
			}
			groups := s.groups[:n]
			s.sel = iota32(s.sel, n)
			if len(dts) == 0 {
				// Rows without columns are all one row.
				if t.len() == 0 && side == 0 {
					t.hashes = append(t.hashes, 0)
				}
				for i := range groups {
					groups[i] = 0
					if t.len() == 0 {
						groups[i] = noGroup
					}
				}
			} else if side == 0 {
				if _, err := t.findOrInsert(rec.Columns(), s.sel, groups); err != nil {
					return err
				}
			} else if err := t.find(rec.Columns(), s.sel, groups); err != nil {
				return err
			}
			if side == 0 {
				for len(s.countL) < t.len() {
					s.countL = append(s.countL, 0)
				}
				for _, g := range groups {
					s.countL[g]++
				}
				if err := s.mem.set(t.bytes() + 16*int64(t.len())); err != nil {
					return err
				}
				continue
			}
			if len(s.countR) < t.len() {
				s.countR = append(s.countR, make([]int64, t.len()-len(s.countR))...)
			}
			for _, g := range groups {
				if g != noGroup {
					s.countR[g]++
				}
			}
		}
	}
	for len(s.countR) < t.len() {
		s.countR = append(s.countR, 0)
	}
	return nil
}

// copies is how many times a row counted l times on the left and r on the right is output.
func (s *setOp) copies(l, r int64) int64 {
	switch {
	case s.kind == planner.Intersect && s.all:
		return min(l, r)
	case s.kind == planner.Intersect:
		if l > 0 && r > 0 {
			return 1
		}
	case s.all: // EXCEPT ALL
		return max(l-r, 0)
	default: // EXCEPT
		if l > 0 && r == 0 {
			return 1
		}
	}
	return 0
}

func (s *setOp) emit(ctx *Ctx) (arrow.Record, error) {
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	idx := s.idx[:0]
	for len(idx) < BatchSize {
		if s.emitLeft == 0 {
			if s.emitG >= s.table.len() {
				break
			}
			s.emitLeft = s.copies(s.countL[s.emitG], s.countR[s.emitG])
			s.emitG++
			continue
		}
		take := min(s.emitLeft, int64(BatchSize-len(idx)))
		for range take {
			idx = append(idx, uint32(s.emitG-1))
		}
		s.emitLeft -= take
	}
	s.idx = idx
	if len(idx) == 0 {
		return nil, io.EOF
	}
	cols, err := s.table.keyArrays(ctx.Mem, idx)
	if err != nil {
		return nil, err
	}
	s.out = newRecord(s.schema, cols, len(idx))
	return s.out, nil
}

// Close implements Operator.
func (s *setOp) Close() error {
	s.slicer.release()
	if s.out != nil {
		s.out.Release()
		s.out = nil
	}
	s.table, s.filter = nil, nil
	s.mem.release()
	return closeAll(s.left, s.right)
}

// explainDetails implements explainer: the memory the operator held at most.
func (s *setOp) explainDetails() []Detail {
	return []Detail{{Key: "Peak Memory Usage", Value: s.mem.peak(), Unit: KB}}
}
