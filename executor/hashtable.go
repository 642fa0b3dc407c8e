package executor

// hashTable maps tuples of key values to dense ids 0..n-1 ("groups"), assigned in insertion
// order. It is the one hash table behind hash aggregation, DISTINCT, set operations and the
// build side of hash joins.
//
// Layout: open addressing with linear probing over a power-of-two slot array, kept at most
// half full. A slot holds group id+1 (0 = empty) in its low half and the high 32 bits of the
// group's hash in its high half, so a probe walks past other keys' slots without touching
// anything but the slot array (the low hash bits chose the slot). Each group's full hash is
// kept too, so growing never rehashes keys.
//
// Probing is vectorized over a batch: hash every row column by column; walk each row to its
// first slot whose hash tag equals the row's; compare the keys of all those candidate
// pairs one key column at a time (one typed loop per column); rows whose candidate was a hash
// collision step to the next slot and go round again, which is rare. Rows that reach an empty
// slot create a group (when inserting), one by one in row order, so groups are numbered in
// order of first appearance; a row finding that slot just taken by an equal hash (typically a
// duplicate earlier in the same batch) goes round again to compare keys with it, so
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
	slots  []uint64 // hash tag << 32 | group+1, or 0 when empty
	mask   uint64
	// keyBytes estimates the memory of the stored keys of columns that are not heldKeys,
	// from the arrays they came from.
	keyBytes int64
	// hidden is a group no probe finds (noGroup until addHidden): a place for rows that a
	// consumer must pass on with the others but not count.
	hidden uint32
	// packed caches the groups of short keys (hashtable_packed.go); nil for other keys.
	packed *packedCache
	// bloom screens lookups of a large, complete table (hashtable_bloom.go); nil for most.
	bloom *bloomFilter

	scratch probeScratch // for findOrInsert and find
}

// probeScratch is the per-batch working memory of a probe, reused across batches. Lookups
// that run concurrently on one (no longer growing) table each bring their own.
type probeScratch struct {
	h, pos     []uint64
	peek       []uint64
	todo, next []int32
	cmpRows    []int32
	cand       []uint32
	eq         []bool
	miss, ins  []int32
	runs       runScratch

	// the bloom filter's screened rows and how well it screens (hashtable_bloom.go)
	bloomSel               []int32
	bloomSeen, bloomPassed int
	bloomOff               bool
}

// newHashTable returns an empty table for keys of the given types.
func newHashTable(dts []arrow.DataType) (*hashTable, error) {
	t := &hashTable{cols: make([]keyColumn, len(dts)), hidden: noGroup}
	for i, dt := range dts {
		c, err := newKeyColumn(dt)
		if err != nil {
			return nil, err
		}
		t.cols[i] = c
	}
	t.resize(16)
	if packable(t.cols) {
		t.packed = &packedCache{}
	}
	return t, nil
}

// len returns the number of groups.
func (t *hashTable) len() int { return len(t.hashes) }

// bytes estimates the table's memory: slots, hashes and keys, for memory accounting.
func (t *hashTable) bytes() int64 {
	n := 8*int64(cap(t.slots)) + 8*int64(cap(t.hashes)) + t.keyBytes
	for _, col := range t.cols {
		if h, ok := col.(heldKeys); ok {
			n += h.heldBytes()
		}
	}
	return n
}

// bytesPerRow is the average memory of a row of arr, at least one byte.
func bytesPerRow(arr arrow.Array) int64 {
	if arr.Len() == 0 {
		return 1
	}
	return arraySize(arr)/int64(arr.Len()) + 1
}

func (t *hashTable) resize(nslots int) {
	t.slots = make([]uint64, nslots)
	t.mask = uint64(nslots - 1)
	for g, h := range t.hashes {
		if uint32(g) == t.hidden {
			continue
		}
		p := h & t.mask
		for t.slots[p] != 0 {
			p = (p + 1) & t.mask
		}
		t.slots[p] = slotOf(h, uint32(g))
	}
}

// slotOf is the slot entry of group g whose key hashes to h.
func slotOf(h uint64, g uint32) uint64 { return h&^0xffffffff | uint64(g+1) }

// tagMatch reports whether slot entry s may hold a key hashing to h.
func tagMatch(s, h uint64) bool { return (s^h)>>32 == 0 }

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

// addHidden returns the hidden group, creating it with the key of row r of keys (a
// placeholder: no probe compares it) if there is none yet.
func (t *hashTable) addHidden(keys []arrow.Array, r int32) uint32 {
	if t.hidden == noGroup {
		t.hidden = uint32(len(t.hashes))
		t.hashes = append(t.hashes, 0)
		for c, col := range t.cols {
			col.appendRows(keys[c], []int32{r})
		}
	}
	return t.hidden
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

// hashRows computes the hash of every row of keys into sc.h; only of the rows sel when
// they are few and every key column can (the rest of sc.h is then left undefined).
func (t *hashTable) hashRows(sc *probeScratch, keys []arrow.Array, n int, sel []int32) []uint64 {
	if cap(sc.h) < n {
		sc.h = make([]uint64, n)
		sc.pos = make([]uint64, n)
		sc.peek = make([]uint64, n)
	}
	h := sc.h[:n]
	if 2*len(sel) < n && t.selHashers() {
		for _, r := range sel {
			h[r] = 0
		}
		for c, col := range t.cols {
			col.(selHasher).hashSel(keys[c], h, sel)
		}
		return h
	}
	clear(h)
	for c, col := range t.cols {
		col.hash(keys[c], h)
	}
	return h
}

// selHasher is a key column that can hash some rows of a batch only, which pays when a
// filter or a NULL key has left few of them to look up.
type selHasher interface {
	// hashSel is keyColumn.hash for the rows sel only.
	hashSel(arr arrow.Array, h []uint64, sel []int32)
}

// selHashers reports whether every key column is a selHasher.
func (t *hashTable) selHashers() bool {
	for _, col := range t.cols {
		if _, ok := col.(selHasher); !ok {
			return false
		}
	}
	return true
}

// findOrInsert sets groups[r] for every row r in sel, creating groups for keys not seen
// before. It returns the rows that created groups, in group order (valid until the next call).
func (t *hashTable) findOrInsert(keys []arrow.Array, sel []int32, groups []uint32) ([]int32, error) {
	if err := t.checkTypes(keys); err != nil {
		return nil, err
	}
	if ins, ok := t.findOrInsertPacked(keys, sel, groups); ok {
		return ins, nil
	}
	if ins, ok := t.probeRuns(&t.scratch, keys, sel, groups, true); ok {
		return ins, nil
	}
	t.reserve(len(sel))
	return t.probe(&t.scratch, keys, sel, groups, true), nil
}

// find sets groups[r] for every row r in sel to its group, or noGroup.
func (t *hashTable) find(keys []arrow.Array, sel []int32, groups []uint32) error {
	return t.findWith(&t.scratch, keys, sel, groups)
}

// findWith is find with the caller's scratch memory: lookups with distinct scratches may run
// concurrently while nothing is inserted.
func (t *hashTable) findWith(sc *probeScratch, keys []arrow.Array, sel []int32, groups []uint32) error {
	if err := t.checkTypes(keys); err != nil {
		return err
	}
	if _, ok := t.probeRuns(sc, keys, sel, groups, false); ok {
		return nil
	}
	t.probe(sc, keys, sel, groups, false)
	return nil
}

func (t *hashTable) probe(sc *probeScratch, keys []arrow.Array, sel []int32, groups []uint32, insert bool) []int32 {
	sc.ins = sc.ins[:0]
	if len(sel) == 0 {
		return sc.ins
	}
	n := keys[0].Len()
	h := t.hashRows(sc, keys, n, sel)
	if !insert {
		if sel = t.bloomScreen(sc, h, sel, groups); len(sel) == 0 {
			return sc.ins
		}
	}
	pos := sc.pos[:n]
	if cap(sc.cmpRows) < len(sel) {
		c := max(len(sel), BatchSize)
		sc.cmpRows, sc.cand, sc.miss = make([]int32, c), make([]uint32, c), make([]int32, c)
		sc.todo, sc.next, sc.eq = make([]int32, 0, c), make([]int32, 0, c), make([]bool, c)
	}
	slots, mask := t.slots, t.mask
	todo, first := sel, true
	for len(todo) > 0 {
		rows, cand, miss := sc.cmpRows[:len(todo)], sc.cand[:len(todo)], sc.miss[:len(todo)]
		nr, nm := 0, 0
		if first {
			// Load every row's first slot in a branch-free loop, so that the cache misses
			// of a large table overlap instead of queueing behind branch mispredictions.
			peek := sc.peek[:n]
			for _, r := range todo {
				p := h[r] & mask
				pos[r], peek[r] = p, slots[p]
			}
		}
		for _, r := range todo {
			hr, p := h[r], pos[r]
			s := sc.peek[r]
			if !first {
				s = slots[p]
			}
			for {
				if s == 0 {
					miss[nm] = r
					nm++
					break
				}
				if tagMatch(s, hr) {
					rows[nr], cand[nr] = r, uint32(s)-1
					nr++
					break
				}
				p = (p + 1) & mask
				s = slots[p]
			}
			pos[r] = p
		}
		first = false
		rows, cand, miss = rows[:nr], cand[:nr], miss[:nm]
		next := sc.next[:0]
		if nr > 0 {
			eq := sc.eq[:nr]
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
		} else if nm > 0 {
			start := len(sc.ins)
		misses:
			for _, r := range miss {
				p, hr := pos[r], h[r]
				for s := slots[p]; s != 0; s = slots[p] {
					if tagMatch(s, hr) {
						// Taken by an equal hash inserted this round, most likely the
						// same key: compare next round, once its key is stored.
						pos[r] = p
						next = append(next, r)
						continue misses
					}
					p = (p + 1) & mask
				}
				g := uint32(len(t.hashes))
				t.hashes = append(t.hashes, hr)
				slots[p] = slotOf(hr, g)
				groups[r] = g
				sc.ins = append(sc.ins, r)
			}
			for c, col := range t.cols {
				col.appendRows(keys[c], sc.ins[start:])
				if _, ok := col.(heldKeys); !ok {
					t.keyBytes += int64(len(sc.ins)-start) * bytesPerRow(keys[c])
				}
			}
		}
		// Swap the work lists so that neither reallocates in steady state.
		sc.next = sc.todo
		sc.todo = next
		todo = next
	}
	return sc.ins
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
