package executor

import (
	"math/rand"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestHashTableRuns checks lookups of batches with runs of equal keys against a map from key
// to first-appearance group: inserting, then finding with some rows left out of the
// selection, over clustered, unclustered and NULL-holding batches.
func TestHashTableRuns(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	var cur int64
	nextRun := func(int) int64 {
		if rng.Intn(3) == 0 {
			cur = (cur + 1 + rng.Int63n(3)) % 300
		}
		return cur
	}
	batches := []struct {
		name    string
		key     func(i int) int64 // -1 is NULL
		collaps bool              // whether the batch suits run collapsing
	}{
		{"runs of four", func(i int) int64 { return int64(i / 4) }, true},
		{"runs of random length", nextRun, true},
		{"no runs", func(i int) int64 { return rng.Int63n(5000) }, false},
		{"runs with NULLs", func(i int) int64 {
			if i%50 == 0 {
				return -1
			}
			return int64(i/8) + 7000
		}, false},
		{"runs of keys seen before", func(i int) int64 { return int64(i/3) % 700 }, true},
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ht, err := newHashTable([]arrow.DataType{arrow.PrimitiveTypes.Int64})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]uint32{}
	const nullKey = -1
	for _, b := range batches {
		bld := array.NewInt64Builder(mem)
		keys := make([]int64, BatchSize)
		for i := range keys {
			keys[i] = b.key(i)
			if keys[i] == nullKey {
				bld.AppendNull()
			} else {
				bld.Append(keys[i])
			}
		}
		arr := bld.NewArray()
		bld.Release()
		cols := []arrow.Array{arr}
		sel := iota32(nil, len(keys))
		var sc probeScratch
		if _, ok := ht.probeRuns(&sc, cols, sel, make([]uint32, len(keys)), false); ok != b.collaps {
			t.Errorf("%s: collapsed %v, want %v", b.name, ok, b.collaps)
		}
		groups := make([]uint32, len(keys))
		ins, err := ht.findOrInsert(cols, sel, groups)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ins {
			if _, seen := want[keys[r]]; seen {
				t.Fatalf("%s: row %d created a group for key %d seen before", b.name, r, keys[r])
			}
			want[keys[r]] = uint32(len(want))
		}
		for r, g := range groups {
			if w, ok := want[keys[r]]; !ok || g != w {
				t.Fatalf("%s: row %d (key %d) got group %d, want %d", b.name, r, keys[r], g, w)
			}
		}
		// Find over every third row, with a key the table does not hold.
		sel = sel[:0]
		for r := 0; r < len(keys); r += 3 {
			sel = append(sel, int32(r))
		}
		found := make([]uint32, len(keys))
		if err := ht.find(cols, sel, found); err != nil {
			t.Fatal(err)
		}
		for _, r := range sel {
			if found[r] != groups[r] {
				t.Fatalf("%s: find gives row %d group %d, insert gave %d", b.name, r, found[r], groups[r])
			}
		}
		arr.Release()
	}
	miss := array.NewInt64Builder(mem)
	for i := 0; i < 64; i++ {
		miss.Append(int64(1_000_000 + i/4))
	}
	arr := miss.NewArray()
	miss.Release()
	defer arr.Release()
	found := make([]uint32, arr.Len())
	if err := ht.find([]arrow.Array{arr}, iota32(nil, arr.Len()), found); err != nil {
		t.Fatal(err)
	}
	for r, g := range found {
		if g != noGroup {
			t.Fatalf("absent key row %d found group %d", r, g)
		}
	}
}
