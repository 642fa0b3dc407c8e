package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// min and max over any type catalog/types can compare (arrays: max(anyarray), as
// array_larger and array_smaller choose). Each group's extreme is kept as a row of one
// Arrow array of the argument's type; an update finds each group's best row of the batch,
// compares it with the group's current extreme and gathers the winners into a new array.

func registerAnyExtreme(b builder) {
	b.aggregate(2050, "max", oids(types.AnyArray), types.AnyArray, anyExtreme(true))
	b.aggregate(2051, "min", oids(types.AnyArray), types.AnyArray, anyExtreme(false))
}

func anyExtreme(isMax bool) catalog.AggImpl {
	return func(env *catalog.FuncEnv) catalog.AggState {
		return &anyExtremeState{isMax: isMax, mem: allocator(env), dt: env.ArgTypes[0].Arrow()}
	}
}

// anyExtremeState holds group g's extreme at row g of best (NULL while the group has seen
// no value).
type anyExtremeState struct {
	isMax bool
	mem   memory.Allocator
	dt    arrow.DataType
	best  arrow.Array
}

// better reports whether comparison result c (candidate against current) makes the
// candidate the new extreme.
func (s *anyExtremeState) better(c int) bool {
	if s.isMax {
		return c > 0
	}
	return c < 0
}

func (s *anyExtremeState) Update(groups []uint32, args []arrow.Array) error {
	return s.fold(args[0], groups)
}

// fold merges the values of in, row i going to group groups[i].
func (s *anyExtremeState) fold(in arrow.Array, groups []uint32) error {
	n := groupCount(groups)
	if s.best == nil {
		s.best = array.MakeArrayOfNull(s.mem, s.dt, 0)
	}
	if n < s.best.Len() {
		n = s.best.Len()
	}
	self, err := types.NewComparator(in, in)
	if err != nil {
		return err
	}
	// The batch's best row per group.
	cand := make([]int32, n)
	for g := range cand {
		cand[g] = -1
	}
	for i, g := range groups {
		if in.IsNull(i) {
			continue
		}
		if c := cand[g]; c < 0 || s.better(self(i, int(c))) {
			cand[g] = int32(i)
		}
	}
	vsBest, err := types.NewComparator(in, s.best)
	if err != nil {
		return err
	}
	// Positions in concat(best, in): the current extreme, or the batch's better row.
	base := int32(s.best.Len())
	pick := make([]int32, n)
	for g := range pick {
		cur := int32(-1)
		if g < s.best.Len() && s.best.IsValid(g) {
			cur = int32(g)
		}
		pick[g] = cur
		if c := cand[g]; c >= 0 && (cur < 0 || s.better(vsBest(int(c), g))) {
			pick[g] = base + c
		}
	}
	both, err := array.Concatenate([]arrow.Array{s.best, in}, s.mem)
	if err != nil {
		return err
	}
	defer both.Release()
	next, err := types.Take(s.mem, both, pick)
	if err != nil {
		return err
	}
	s.best.Release()
	s.best = next
	return nil
}

func (s *anyExtremeState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*anyExtremeState)
	if o.best == nil {
		return nil
	}
	return s.fold(o.best, mapping[:o.best.Len()])
}

func (s *anyExtremeState) Finalize(ngroups int) (arrow.Array, error) {
	if s.best == nil {
		return array.MakeArrayOfNull(s.mem, s.dt, ngroups), nil
	}
	idx := make([]int32, ngroups)
	for g := range idx {
		idx[g] = -1
		if g < s.best.Len() {
			idx[g] = int32(g)
		}
	}
	out, err := types.Take(s.mem, s.best, idx)
	s.best.Release()
	s.best = nil
	return out, err
}
