package executor

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestPackedGroupCache groups batches of (text, int4) keys, short enough to pack except in
// some batches (a NULL, a long string), and checks every row's group against a map of the
// keys: rows with equal keys share a group whichever path they took, and distinct keys get
// distinct groups. The strings include lengths 0 to 3 and bytes that packing must keep apart
// from the length ("a" and "a\x00").
func TestPackedGroupCache(t *testing.T) {
	strs := []string{"", "a", "a\x00", "b", "ab", "ba", "abc", "\x00", "zzz", "R", "N"}
	for _, distinct := range []int{3, 40, 6000} {
		t.Run(fmt.Sprint(distinct), func(t *testing.T) {
			ht, err := newHashTable([]arrow.DataType{arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, uint64(distinct)))
			seen := map[string]uint32{}
			for batch := 0; batch < 30; batch++ {
				n := 1 + rng.IntN(2000)
				sb := array.NewStringBuilder(memory.DefaultAllocator)
				ib := array.NewInt32Builder(memory.DefaultAllocator)
				names := make([]string, n)
				for r := 0; r < n; r++ {
					k := rng.IntN(distinct)
					s := strs[k%len(strs)]
					switch {
					case batch%7 == 3 && r == n/2:
						s = "longer"
					case batch%5 == 4 && r == 0:
						sb.AppendNull()
						ib.Append(int32(k))
						names[r] = fmt.Sprintf("NULL|%d", k)
						continue
					}
					sb.Append(s)
					ib.Append(int32(k - distinct/2))
					names[r] = fmt.Sprintf("%q|%d", s, k-distinct/2)
				}
				keys := []arrow.Array{sb.NewArray(), ib.NewArray()}
				sb.Release()
				ib.Release()
				groups := make([]uint32, n)
				if _, err := ht.findOrInsert(keys, iota32(nil, n), groups); err != nil {
					t.Fatal(err)
				}
				releaseArrays(keys)
				for r, name := range names {
					g, ok := seen[name]
					if !ok {
						g = groups[r]
						seen[name] = g
					}
					if groups[r] != g {
						t.Fatalf("batch %d row %d (%s): group %d, earlier rows of the key got %d", batch, r, name, groups[r], g)
					}
				}
			}
			if ht.len() != len(seen) {
				t.Fatalf("%d groups for %d distinct keys", ht.len(), len(seen))
			}
			if distinct > packedMaxGroups && !ht.packed.off {
				t.Errorf("the cache stayed on for %d groups", ht.len())
			}
		})
	}
}
