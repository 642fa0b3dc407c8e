package executor

// hashTable maps tuples of key values to dense ids 0..n-1 ("groups"), assigned in insertion
// order. It is the one hash table behind hash aggregation, DISTINCT, set operations and the
// build side of hash joins.
//
// Layout: open addressing with linear probing over a power-of-two slot array holding group
// id+1 (0 = empty), kept at most half full; each group's full 64-bit hash is kept beside its
// keys so probing skips non-matching slots without touching key data and so growing never
// rehashes keys.
//
// Probing is vectorized over a batch: hash every row column by column; walk each row to its
// first slot whose stored hash equals the row's hash; compare the keys of all those candidate
// pairs one key column at a time (one typed loop per column); rows whose candidate was a hash
// collision step to the next slot and go round again, which is rare. Rows that reach an empty
// slot create a group (when inserting): they do so one by one, and a row whose empty slot was
// just taken by another row of the same batch goes round again to compare against it, so
// duplicates within a batch find the group created by the first of them.

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// noGroup marks a row that found no group.
const noGroup = ^uint32(0)

type hashTable struct {
	cols   []keyColumn
	hashes []uint64 // per group
	slots  []uint32 // group+1, or 0 when empty
	mask   uint64

	// per-batch scratch, reused
	h, pos     []uint64
	todo, next []int32
	cmpRows    []int32
	cand       []uint32
	eq         []bool
	miss, ins  []int32
}

// newHashTable returns an empty table for keys of the given types.
func newHashTable(dts []arrow.DataType) (*hashTable, error) {
	t := &hashTable{cols: make([]keyColumn, len(dts))}
	for i, dt := range dts {
		c, err := newKeyColumn(dt)
		if err != nil {
			return nil, err
		}
		t.cols[i] = c
	}
	t.resize(16)
	return t, nil
}

// len returns the number of groups.
func (t *hashTable) len() int { return len(t.hashes) }

func (t *hashTable) resize(nslots int) {
	t.slots = make([]uint32, nslots)
	t.mask = uint64(nslots - 1)
	for g, h := range t.hashes {
		p := h & t.mask
		for t.slots[p] != 0 {
			p = (p + 1) & t.mask
		}
		t.slots[p] = uint32(g) + 1
	}
}

// reserve makes room for n more groups without crossing the load factor, so that slot
// positions stay valid while a batch is probed.
func (t *hashTable) reserve(n int) {
	need := 2 * (len(t.hashes) + n)
	if need <= len(t.slots) {
		return
	}
	size := len(t.slots)
	for size < need {
		size *= 2
	}
	t.resize(size)
}

// checkTypes verifies that key arrays have the table's types, which the kernels rely on.
func (t *hashTable) checkTypes(keys []arrow.Array) error {
	if len(keys) != len(t.cols) {
		return pgerror.Newf(pgcode.InternalError, "hash table has %d key columns, got %d", len(t.cols), len(keys))
	}
	for i, k := range keys {
		if !arrow.TypeEqual(k.DataType(), t.cols[i].dataType()) {
			return pgerror.Newf(pgcode.InternalError, "hash key %d has type %s, expected %s", i, k.DataType(), t.cols[i].dataType())
		}
	}
	return nil
}

// hashRows computes the hash of every row of keys into t.h.
func (t *hashTable) hashRows(keys []arrow.Array, n int) []uint64 {
	if cap(t.h) < n {
		t.h = make([]uint64, n)
		t.pos = make([]uint64, n)
	}
	h := t.h[:n]
	clear(h)
	for c, col := range t.cols {
		col.hash(keys[c], h)
	}
	return h
}

// findOrInsert sets groups[r] for every row r in sel, creating groups for keys not seen
// before. It returns the rows that created groups, in group order (valid until the next call).
func (t *hashTable) findOrInsert(keys []arrow.Array, sel []int32, groups []uint32) ([]int32, error) {
	if err := t.checkTypes(keys); err != nil {
		return nil, err
	}
	t.reserve(len(sel))
	return t.probe(keys, sel, groups, true), nil
}

// find sets groups[r] for every row r in sel to its group, or noGroup.
func (t *hashTable) find(keys []arrow.Array, sel []int32, groups []uint32) error {
	if err := t.checkTypes(keys); err != nil {
		return err
	}
	t.probe(keys, sel, groups, false)
	return nil
}

func (t *hashTable) probe(keys []arrow.Array, sel []int32, groups []uint32, insert bool) []int32 {
	t.ins = t.ins[:0]
	if len(sel) == 0 {
		return t.ins
	}
	n := keys[0].Len()
	h := t.hashRows(keys, n)
	pos := t.pos[:n]
	for _, r := range sel {
		pos[r] = h[r] & t.mask
	}
	todo := append(t.todo[:0], sel...)
	slots, mask := t.slots, t.mask
	for len(todo) > 0 {
		rows, cand, miss := t.cmpRows[:0], t.cand[:0], t.miss[:0]
		for _, r := range todo {
			p, hr := pos[r], h[r]
			for {
				s := slots[p]
				if s == 0 {
					miss = append(miss, r)
					break
				}
				if t.hashes[s-1] == hr {
					rows = append(rows, r)
					cand = append(cand, s-1)
					break
				}
				p = (p + 1) & mask
			}
			pos[r] = p
		}
		next := t.next[:0]
		if len(rows) > 0 {
			if cap(t.eq) < len(rows) {
				t.eq = make([]bool, len(rows), 2*len(rows))
			}
			eq := t.eq[:len(rows)]
			for i := range eq {
				eq[i] = true
			}
			for c, col := range t.cols {
				col.equal(keys[c], rows, cand, eq)
			}
			for k, r := range rows {
				if eq[k] {
					groups[r] = cand[k]
				} else {
					pos[r] = (pos[r] + 1) & mask
					next = append(next, r)
				}
			}
		}
		if !insert {
			for _, r := range miss {
				groups[r] = noGroup
			}
		} else if len(miss) > 0 {
			start := len(t.ins)
			for _, r := range miss {
				p := pos[r]
				if slots[p] != 0 {
					// Taken by a row of this round: compare against it next round.
					next = append(next, r)
					continue
				}
				g := uint32(len(t.hashes))
				t.hashes = append(t.hashes, h[r])
				slots[p] = g + 1
				groups[r] = g
				t.ins = append(t.ins, r)
			}
			for c, col := range t.cols {
				col.appendRows(keys[c], t.ins[start:])
			}
		}
		t.cmpRows, t.cand, t.miss = rows, cand, miss
		// Swap the work lists so that neither reallocates in steady state.
		t.todo, t.next = next, todo
		todo = next
	}
	return t.ins
}

// keyArrays builds the stored keys of groups idx (all groups when idx is nil), one array per
// key column.
func (t *hashTable) keyArrays(mem memory.Allocator, idx []uint32) ([]arrow.Array, error) {
	out := make([]arrow.Array, 0, len(t.cols))
	for _, c := range t.cols {
		a, err := c.build(mem, idx)
		if err != nil {
			releaseArrays(out)
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// scan calls fn with the stored keys of the table, BatchSize groups at a time.
func (t *hashTable) scan(mem memory.Allocator, fn func(cols []arrow.Array) error) error {
	idx := make([]uint32, 0, BatchSize)
	for start := 0; start < t.len(); start += BatchSize {
		idx = idx[:0]
		for g := start; g < min(start+BatchSize, t.len()); g++ {
			idx = append(idx, uint32(g))
		}
		cols, err := t.keyArrays(mem, idx)
		if err != nil {
			return err
		}
		err = fn(cols)
		releaseArrays(cols)
		if err != nil {
			return err
		}
	}
	return nil
}

// validRows appends to sel the rows of n where every key is non-null.
func validRows(sel []int32, keys []arrow.Array, n int) []int32 {
	anyNull := false
	for _, k := range keys {
		if k.NullN() > 0 {
			anyNull = true
			break
		}
	}
	if !anyNull {
		for r := 0; r < n; r++ {
			sel = append(sel, int32(r))
		}
		return sel
	}
	vs := make([]validity, len(keys))
	for i, k := range keys {
		vs[i] = validityOf(k)
	}
rows:
	for r := 0; r < n; r++ {
		for _, v := range vs {
			if !v.valid(r) {
				continue rows
			}
		}
		sel = append(sel, int32(r))
	}
	return sel
}
