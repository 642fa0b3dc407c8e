package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

// arrayKeys stores array keys (catalog/types' array layout): each key's elements go to a
// key column of the element type, so elements hash and compare by the element type's rules
// (1.0 = 1.00, NaN = NaN, NULL = NULL as array_eq has it), beside each key's element range
// and shape. Hashing hashes all elements of a batch in one call of the element column and
// folds them per row with the shape; comparing collects the element pairs of every
// candidate whose shape matches and compares them in one call.
type arrayKeys struct {
	nullKeys
	dt     arrow.DataType
	elems  keyColumn
	offs   []int32 // element offsets of the keys, one more than the keys
	shapes []types.Shape
	eh     []uint64 // scratch: element hashes
}

var _ keyColumn = (*arrayKeys)(nil)

func newArrayKeys(dt arrow.DataType) (keyColumn, error) {
	elems, err := newKeyColumn(types.ArrayElemArrow(dt))
	if err != nil {
		return nil, err
	}
	return &arrayKeys{dt: dt, elems: elems, offs: []int32{0}}, nil
}

func (s *arrayKeys) dataType() arrow.DataType { return s.dt }

// shapeHash hashes a shape (the element count follows from it).
func shapeHash(sh types.Shape) uint64 {
	x := uint64(sh.NDim) + 0x51
	for d := 0; d < sh.NDim; d++ {
		x = mix64(x ^ uint64(uint32(sh.Dims[d])) ^ uint64(uint32(sh.LBounds[d]))<<32)
	}
	return x
}

func (s *arrayKeys) hash(arr arrow.Array, h []uint64) {
	r := types.ReadArrays(arr)
	elems := r.Elements()
	if cap(s.eh) < elems.Len() {
		s.eh = make([]uint64, elems.Len())
	}
	s.eh = s.eh[:elems.Len()]
	clear(s.eh)
	s.elems.hash(elems, s.eh)
	for i := range h {
		if r.IsNull(i) {
			h[i] = mix64(h[i] ^ nullHash)
			continue
		}
		x := shapeHash(r.Shape(i))
		start, end := r.Range(i)
		for k := start; k < end; k++ {
			x = mix64(x*31 + s.eh[k])
		}
		h[i] = mix64(h[i] ^ x)
	}
}

func (s *arrayKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	r := types.ReadArrays(arr)
	var eRows []int32
	var eCand []uint32
	var owner []int // the candidate pair each element pair belongs to
	for k, row := range rows {
		if !eq[k] {
			continue
		}
		g := cand[k]
		a, b := !r.IsNull(int(row)), s.validAt(g)
		if a != b {
			eq[k] = false
			continue
		}
		if !a {
			continue
		}
		if r.Shape(int(row)) != s.shapes[g] {
			eq[k] = false
			continue
		}
		start, end := r.Range(int(row))
		at := s.offs[g]
		for e := start; e < end; e++ {
			eRows = append(eRows, int32(e))
			eCand = append(eCand, uint32(at))
			owner = append(owner, k)
			at++
		}
	}
	if len(eRows) == 0 {
		return
	}
	eEq := make([]bool, len(eRows))
	for i := range eEq {
		eEq[i] = true
	}
	s.elems.equal(r.Elements(), eRows, eCand, eEq)
	for i, ok := range eEq {
		if !ok {
			eq[owner[i]] = false
		}
	}
}

func (s *arrayKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, len(s.shapes))
	r := types.ReadArrays(arr)
	var eRows []int32
	base := s.offs[len(s.offs)-1]
	for _, row := range rows {
		sh := types.Shape{}
		if !r.IsNull(int(row)) {
			start, end := r.Range(int(row))
			for e := start; e < end; e++ {
				eRows = append(eRows, int32(e))
			}
			sh = r.Shape(int(row))
		}
		s.offs = append(s.offs, base+int32(len(eRows)))
		s.shapes = append(s.shapes, sh)
	}
	s.elems.appendRows(r.Elements(), eRows)
}

func (s *arrayKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	n := len(s.shapes)
	if idx != nil {
		n = len(idx)
	}
	var eIdx []uint32
	offs := make([]int32, n+1)
	valid := make([]bool, n)
	shapes := make([]types.Shape, n)
	for k := 0; k < n; k++ {
		g := uint32(k)
		if idx != nil {
			g = idx[k]
		}
		for e := s.offs[g]; e < s.offs[g+1]; e++ {
			eIdx = append(eIdx, uint32(e))
		}
		offs[k+1] = int32(len(eIdx))
		valid[k], shapes[k] = s.validAt(g), s.shapes[g]
	}
	if eIdx == nil {
		eIdx = []uint32{}
	}
	elems, err := s.elems.build(mem, eIdx)
	if err != nil {
		return nil, err
	}
	defer elems.Release()
	return types.MakeArrays(mem, elems, offs, valid, shapes), nil
}
