package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// array_agg collects each group's values, NULLs included, into an array: of the values'
// type, or for arrays one of one more dimension (their shapes must agree). A group's
// values are kept as the argument batches they arrived in (retained, not copied) plus the
// group of every row; Finalize orders the rows by group with a counting sort that keeps
// their order within a group, and gathers every group's array with one Take. A group
// without rows gives NULL.

func registerArrayAgg(b builder) {
	b.aggregate(2335, "array_agg", oids(types.AnyNonArray), types.AnyArray, arrayAgg)
	b.aggregate(4053, "array_agg", oids(types.AnyArray), types.AnyArray, arrayAgg)
}

func arrayAgg(env *catalog.FuncEnv) catalog.AggState {
	return &arrayAggState{mem: allocator(env), t: env.ArgTypes[0]}
}

type arrayAggState struct {
	mem    memory.Allocator
	t      types.T
	groups []uint32
	parts  []arrow.Array
}

func (s *arrayAggState) Update(groups []uint32, args []arrow.Array) error {
	s.groups = append(s.groups, groups...)
	args[0].Retain()
	s.parts = append(s.parts, args[0])
	return nil
}

func (s *arrayAggState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*arrayAggState)
	for _, g := range o.groups {
		s.groups = append(s.groups, mapping[g])
	}
	for _, p := range o.parts {
		p.Retain()
		s.parts = append(s.parts, p)
	}
	return nil
}

func (s *arrayAggState) Finalize(ngroups int) (arrow.Array, error) {
	var all arrow.Array
	switch len(s.parts) {
	case 0:
		all = array.MakeArrayOfNull(s.mem, s.t.Arrow(), 0)
	case 1:
		all = s.parts[0]
		all.Retain()
	default:
		var err error
		if all, err = array.Concatenate(s.parts, s.mem); err != nil {
			return nil, err
		}
	}
	defer all.Release()
	// Counting sort of the rows by group, stable within a group.
	offsets := make([]int32, ngroups+1)
	for _, g := range s.groups {
		offsets[g+1]++
	}
	valid := make([]bool, ngroups)
	for g := 0; g < ngroups; g++ {
		valid[g] = offsets[g+1] > 0
		offsets[g+1] += offsets[g]
	}
	next := append([]int32(nil), offsets[:ngroups]...)
	perm := make([]int32, len(s.groups))
	for r, g := range s.groups {
		perm[next[g]] = int32(r)
		next[g]++
	}
	return types.Accumulate(s.mem, s.t, all, offsets, perm, valid)
}

// Release frees the kept batches.
func (s *arrayAggState) Release() {
	for _, p := range s.parts {
		p.Release()
	}
	s.parts = nil
}
