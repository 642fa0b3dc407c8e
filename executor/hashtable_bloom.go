package executor

// A hash join whose build side is large and selective (TPC-H Q3: 3.2M lineitem rows probe
// the 147K qualifying orders, 1% match) spends its probe time on cache misses: each probe
// row loads a random slot of a table of megabytes. The join therefore asks its table for a
// bloom filter once the build is complete: one bit array of a few bits per key, small
// enough to stay in the core's cache, that lookups consult with the hash they computed
// anyway. Rows whose key the filter rules out skip the slot array and the key comparison.
// A small build pays too (Q8: 6M lineitem rows probe 1,451 parts): its slots are in cache,
// but walking them branches on every probe, where the filter's check is branch-free.
//
// The filter is blocked: a key sets two bits of one 64-bit word, so a check is one load
// (the word chosen by some hash bits, the two bits by others). At 8 bits per key that rules
// out about 97% of absent keys. A lookup that finds most rows pass (a join where nearly
// every probe row matches) stops consulting the filter, for that scratch.

import "math/bits"

const (
	// bloomMinGroups: below it the table is so small that even rejecting probes is cheap.
	// Above, the filter pays even for a table in cache: a rejected probe costs one load and
	// no branch, where walking the slots costs a branch on every occupied slot.
	bloomMinGroups = 256
	// bloomBitsPerKey sizes the filter (rounded up to a power of two words).
	bloomBitsPerKey = 8
	// bloomSample rows are probed before a scratch judges the filter's pass rate; it stops
	// using the filter when more than bloomMaxPassNum/bloomMaxPassDen of them passed.
	bloomSample     = 1 << 16
	bloomMaxPassNum = 3
	bloomMaxPassDen = 4
)

type bloomFilter struct {
	words []uint64
	shift uint // 64 - log2(len(words)): the top hash bits choose the word
}

// bloomBits returns the word bits a key hashing to h sets: two of 64, chosen by bits that
// neither pick the word nor the slot (low bits) nor meet the slot tag mostly.
func bloomBits(h uint64) uint64 {
	return 1<<((h>>20)&63) | 1<<((h>>26)&63)
}

// buildBloom builds the table's filter from its groups' hashes, if the table is large
// enough to profit; lookups (find) consult it from then on. The table must not grow after.
func (t *hashTable) buildBloom() {
	n := len(t.hashes)
	if n < bloomMinGroups {
		return
	}
	nw := 1 << bits.Len(uint(n*bloomBitsPerKey/64))
	f := &bloomFilter{words: make([]uint64, nw), shift: uint(64 - bits.TrailingZeros(uint(nw)))}
	for g, h := range t.hashes {
		if uint32(g) == t.hidden {
			continue
		}
		f.words[h>>f.shift] |= bloomBits(h)
	}
	t.bloom = f
}

// bloomScreen narrows sel to the rows whose hash h[r] may be in the table, setting
// groups[r] = noGroup for every row of sel (the lookup sets those it finds). It returns sel unchanged when the table has no
// filter or this scratch has found it not worth consulting.
func (t *hashTable) bloomScreen(sc *probeScratch, h []uint64, sel []int32, groups []uint32) []int32 {
	f := t.bloom
	if f == nil || sc.bloomOff {
		return sel
	}
	if cap(sc.bloomSel) < len(sel) {
		sc.bloomSel = make([]int32, max(len(sel), BatchSize))
	}
	out := sc.bloomSel[:len(sel)]
	words, shift := f.words, f.shift
	k := 0
	for _, r := range sel {
		// Branch-free: when most rows are rejected, which is the filter's case, a branch
		// per row would be mispredicted on every row that passes.
		hr := h[r]
		b := bloomBits(hr)
		miss := words[hr>>shift]&b ^ b // 0 when the row passes
		out[k] = r
		k += int(1 - (miss|-miss)>>63)
		groups[r] = noGroup
	}
	out = out[:k]
	sc.bloomSel = out
	sc.bloomSeen += len(sel)
	sc.bloomPassed += len(out)
	if sc.bloomSeen >= bloomSample && sc.bloomPassed*bloomMaxPassDen > sc.bloomSeen*bloomMaxPassNum {
		sc.bloomOff = true
	}
	return out
}
