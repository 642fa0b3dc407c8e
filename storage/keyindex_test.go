package storage

import (
	"strings"
	"testing"
)

// TestKeyIndex checks that keys of every length, short and long, and keys that differ only
// by trailing zero bytes, each find their own row and no other.
func TestKeyIndex(t *testing.T) {
	var keys []string
	for n := range 20 {
		keys = append(keys, strings.Repeat("\x00", n), strings.Repeat("k", n), strings.Repeat("k", n)+"\x00")
	}
	x := &keyIndex{rows: int64(len(keys))}
	for i, k := range keys[:len(keys)-1] { // the last key stays absent
		x.put([]byte(k), int64(i))
	}
	seen := map[string]bool{}
	for i, k := range keys {
		row, found := x.get(k)
		switch {
		case i == len(keys)-1:
			if found {
				t.Errorf("absent key %q found at %d", k, row)
			}
		case seen[k]:
			// A key listed twice keeps its last row.
		case !found || keys[row] != k:
			t.Errorf("key %q: row %d, %v", k, row, found)
		}
		seen[k] = true
	}
}
