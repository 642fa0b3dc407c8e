package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// recordKeys stores record keys (Arrow structs other than the array layout) as one key
// column per field, so fields hash and compare by their own types' rules; two NULL fields
// are equal, as PostgreSQL's record hash opclass has it. A NULL record's fields are never
// read.
type recordKeys struct {
	nullKeys
	dt     *arrow.StructType
	fields []keyColumn
	n      int
	fh     []uint64 // scratch: the records' and one field's hashes
}

var _ keyColumn = (*recordKeys)(nil)

func newRecordKeys(dt *arrow.StructType) (keyColumn, error) {
	s := &recordKeys{dt: dt, fields: make([]keyColumn, dt.NumFields())}
	for i := range s.fields {
		k, err := newKeyColumn(dt.Field(i).Type)
		if err != nil {
			return nil, err
		}
		s.fields[i] = k
	}
	return s, nil
}

func (s *recordKeys) dataType() arrow.DataType { return s.dt }

func (s *recordKeys) hash(arr arrow.Array, h []uint64) {
	st := arr.(*array.Struct)
	n := arr.Len()
	if cap(s.fh) < 2*n {
		s.fh = make([]uint64, 2*n)
	}
	rh, fh := s.fh[:n], s.fh[n:2*n]
	clear(rh)
	for f, k := range s.fields {
		clear(fh)
		k.hash(st.Field(f), fh)
		for i := range rh {
			rh[i] = mix64(rh[i]*31 + fh[i])
		}
	}
	v := validityOf(arr)
	for i := range h {
		if v.bits != nil && !v.valid(i) {
			h[i] = mix64(h[i] ^ nullHash)
		} else {
			h[i] = mix64(h[i] ^ rh[i])
		}
	}
}

func (s *recordKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	v := validityOf(arr)
	// Only pairs of two non-NULL records compare their fields.
	var fRows []int32
	var fCand []uint32
	var owner []int
	for k, row := range rows {
		if !eq[k] {
			continue
		}
		a, b := v.bits == nil || v.valid(int(row)), s.validAt(cand[k])
		if a != b {
			eq[k] = false
			continue
		}
		if a {
			fRows, fCand, owner = append(fRows, row), append(fCand, cand[k]), append(owner, k)
		}
	}
	if len(fRows) == 0 {
		return
	}
	fEq := make([]bool, len(fRows))
	for i := range fEq {
		fEq[i] = true
	}
	st := arr.(*array.Struct)
	for f, k := range s.fields {
		k.equal(st.Field(f), fRows, fCand, fEq)
	}
	for i, ok := range fEq {
		if !ok {
			eq[owner[i]] = false
		}
	}
}

func (s *recordKeys) appendRows(arr arrow.Array, rows []int32) {
	s.appendValidity(validityOf(arr), rows, s.n)
	st := arr.(*array.Struct)
	for f, k := range s.fields {
		k.appendRows(st.Field(f), rows)
	}
	s.n += len(rows)
}

func (s *recordKeys) build(mem memory.Allocator, idx []uint32) (arrow.Array, error) {
	n := s.n
	if idx != nil {
		n = len(idx)
	}
	children := make([]arrow.ArrayData, 0, len(s.fields))
	defer func() {
		for _, c := range children {
			c.Release()
		}
	}()
	for _, k := range s.fields {
		a, err := k.build(mem, idx)
		if err != nil {
			return nil, err
		}
		children = append(children, a.Data())
		a.Data().Retain()
		a.Release()
	}
	valid, nulls := s.validityBitmap(mem, idx, n)
	data := array.NewData(s.dt, n, []*memory.Buffer{valid}, children, nulls, 0)
	if valid != nil {
		valid.Release()
	}
	defer data.Release()
	return array.MakeFromData(data), nil
}
