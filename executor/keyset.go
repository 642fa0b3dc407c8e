package executor

import "github.com/apache/arrow/go/v17/arrow"

// KeySet is a set of multi-column keys numbered in insertion order, with the equality of
// the hash table behind joins and GROUP BY; a key holding a NULL is never a member. It
// serves membership tests of whole batches at once, such as foreign-key checks (package
// fkey): the keys of the changed rows go in, and the referenced or referencing table's
// batches are probed against them.
type KeySet struct {
	t      *hashTable
	sel    []int32
	groups []uint32
}

// NoKey is the number Find and Add give a row whose key is not in the set (or holds a
// NULL).
const NoKey = noGroup

// NewKeySet returns an empty set of keys of the given Arrow types.
func NewKeySet(dts []arrow.DataType) (*KeySet, error) {
	t, err := newHashTable(dts)
	if err != nil {
		return nil, err
	}
	return &KeySet{t: t}, nil
}

// Len returns the number of keys in the set.
func (s *KeySet) Len() int { return s.t.len() }

// Add adds the keys of the rows of cols (one array per key column) and returns each row's
// key number, NoKey for a key holding a NULL. The slice is valid until the next call.
func (s *KeySet) Add(cols []arrow.Array) ([]uint32, error) {
	sel, groups := s.prepare(cols)
	if _, err := s.t.findOrInsert(cols, sel, groups); err != nil {
		return nil, err
	}
	return groups, nil
}

// Find returns the key number of each row of cols, NoKey for a key not in the set. The
// slice is valid until the next call.
func (s *KeySet) Find(cols []arrow.Array) ([]uint32, error) {
	sel, groups := s.prepare(cols)
	if err := s.t.find(cols, sel, groups); err != nil {
		return nil, err
	}
	return groups, nil
}

// prepare selects the rows of cols whose key holds no NULL and sizes the result, NoKey for
// the others.
func (s *KeySet) prepare(cols []arrow.Array) ([]int32, []uint32) {
	n := 0
	if len(cols) > 0 {
		n = cols[0].Len()
	}
	s.sel = validRows(s.sel[:0], cols, n)
	if cap(s.groups) < n {
		s.groups = make([]uint32, n)
	}
	groups := s.groups[:n]
	for i := range groups {
		groups[i] = NoKey
	}
	return s.sel, groups
}
