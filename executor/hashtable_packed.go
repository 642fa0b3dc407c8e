package executor

import (
	"math/bits"

	"github.com/apache/arrow/go/v17/arrow"
)

// GROUP BY keys are often a few short codes (TPC-H Q1's one-letter return flag and line
// status). For them the table keeps a cache in front of its slots: each row's keys are
// packed into one word (up to two columns of 32 bits: a string of at most 3 bytes with its
// length, or an integer of at most 4 bytes) and looked up in a small table of packed key to
// group, one multiply and one compare per row instead of hashing and comparing every key
// column. Rows the cache does not know take the ordinary probe, which also fills the
// cache. A batch with a NULL key or a longer string skips the cache; a table with more
// groups than packedMaxGroups turns it off for good. Packed words are equal exactly when
// the keys are byte for byte, which is the keys' equality for these types.

// packedMaxGroups bounds the cache: past it the keys are not the few codes it is for.
const packedMaxGroups = 1 << 12

type packedCache struct {
	off   bool
	keys  []uint64
	ids   []uint32 // group+1; 0 marks an empty slot
	shift uint     // 64 - log2(len(keys))
	n     int
	codes []uint64 // per row of the batch being probed
	miss  []int32
}

// packable reports whether keys of these columns can be packed in principle.
func packable(cols []keyColumn) bool {
	if len(cols) == 0 || len(cols) > 2 {
		return false
	}
	for _, c := range cols {
		switch c.(type) {
		case *bytesKeys, *intKeys[uint8], *intKeys[uint16], *intKeys[uint32]:
		default:
			return false
		}
	}
	return true
}

// pack computes the packed word of every row of keys into c.codes; false when some row's
// keys do not pack.
func (c *packedCache) pack(cols []keyColumn, keys []arrow.Array, n int) bool {
	if cap(c.codes) < n {
		c.codes = make([]uint64, n)
	}
	codes := c.codes[:n]
	clear(codes)
	for k, col := range cols {
		arr := keys[k]
		if arr.NullN() > 0 {
			return false
		}
		shift := uint(32 * k)
		switch col.(type) {
		case *bytesKeys:
			offs, data := varValues(arr)
			for i := range codes {
				s := data[offs[i]:offs[i+1]]
				if len(s) > 3 {
					return false
				}
				w := uint64(len(s)) << 24
				for j, b := range s {
					w |= uint64(b) << (8 * uint(j))
				}
				codes[i] |= w << shift
			}
		case *intKeys[uint8]:
			for i, v := range fixedValues[uint8](arr) {
				codes[i] |= uint64(v) << shift
			}
		case *intKeys[uint16]:
			for i, v := range fixedValues[uint16](arr) {
				codes[i] |= uint64(v) << shift
			}
		case *intKeys[uint32]:
			for i, v := range fixedValues[uint32](arr) {
				codes[i] |= uint64(v) << shift
			}
		}
	}
	return true
}

func (c *packedCache) slot(code uint64) uint64 {
	return (code * 0x9e3779b97f4a7c15) >> c.shift
}

// lookup returns the group of a packed key, if cached.
func (c *packedCache) lookup(code uint64) (uint32, bool) {
	if c.n == 0 {
		return 0, false
	}
	mask := uint64(len(c.keys) - 1)
	for p := c.slot(code); ; p = (p + 1) & mask {
		id := c.ids[p]
		if id == 0 {
			return 0, false
		}
		if c.keys[p] == code {
			return id - 1, true
		}
	}
}

// add caches the group of a packed key (not cached yet); past packedMaxGroups the cache
// turns off.
func (c *packedCache) add(code uint64, g uint32) {
	if 2*(c.n+1) > len(c.keys) {
		if c.n+1 > packedMaxGroups {
			c.off, c.keys, c.ids = true, nil, nil
			return
		}
		c.grow(max(64, 2*len(c.keys)))
	}
	mask := uint64(len(c.keys) - 1)
	p := c.slot(code)
	for c.ids[p] != 0 {
		if c.keys[p] == code {
			return
		}
		p = (p + 1) & mask
	}
	c.keys[p], c.ids[p] = code, g+1
	c.n++
}

func (c *packedCache) grow(size int) {
	keys, ids := c.keys, c.ids
	c.keys, c.ids, c.n = make([]uint64, size), make([]uint32, size), 0
	c.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for p, id := range ids {
		if id != 0 {
			c.add(keys[p], id-1)
		}
	}
}

// findOrInsertPacked is findOrInsert through the cache; false when the batch's keys do not
// pack (nothing was done).
func (t *hashTable) findOrInsertPacked(keys []arrow.Array, sel []int32, groups []uint32) ([]int32, bool) {
	c := t.packed
	if c == nil || c.off || !c.pack(t.cols, keys, keys[0].Len()) {
		return nil, false
	}
	miss := c.miss[:0]
	for _, r := range sel {
		if g, ok := c.lookup(c.codes[r]); ok {
			groups[r] = g
		} else {
			miss = append(miss, r)
		}
	}
	c.miss = miss
	if len(miss) == 0 {
		t.scratch.ins = t.scratch.ins[:0]
		return t.scratch.ins, true
	}
	t.reserve(len(miss))
	ins := t.probe(&t.scratch, keys, miss, groups, true)
	for _, r := range miss {
		if c.off {
			break
		}
		c.add(c.codes[r], groups[r])
	}
	return ins, true
}
