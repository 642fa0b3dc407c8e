package planner

import (
	"math"
	"testing"
)

// TestClassSpanningPreds checks which equalities of a class restrict a set of leaves: k-1
// of them for k leaves, the least selective first, and among equals those joining leaves
// that other predicates join too.
func TestClassSpanningPreds(t *testing.T) {
	const a, b, c, d = 1, 2, 4, 8 // leaves as bits
	tests := []struct {
		name  string
		preds []joinPred
		pairs map[uint64]int
		want  []uint64 // masks of the chosen predicates, in order
	}{
		{
			name: "three leaves, three equalities: the two least selective",
			preds: []joinPred{
				{mask: a | b, sel: 0.01, class: 1},
				{mask: b | c, sel: 0.1, class: 1},
				{mask: a | c, sel: 0.001, class: 1},
			},
			want: []uint64{b | c, a | b},
		},
		{
			name:  "two leaves: the one equality",
			preds: []joinPred{{mask: a | b, sel: 0.5, class: 1}},
			want:  []uint64{a | b},
		},
		{
			name: "ties go to the pair of leaves other keys join",
			preds: []joinPred{
				{mask: a | c, sel: 0.01, class: 1},
				{mask: b | c, sel: 0.01, class: 1},
				{mask: a | b, sel: 0.01, class: 1},
			},
			pairs: map[uint64]int{a | b: 2, a | c: 1, b | c: 1},
			want:  []uint64{a | b, a | c},
		},
		{
			name: "two classes, each on its own",
			preds: []joinPred{
				{mask: a | b, sel: 0.1, class: 1},
				{mask: c | d, sel: 0.2, class: 2},
				{mask: b | c, sel: 0.3, class: 1},
				{mask: a | c, sel: 0.05, class: 1},
			},
			want: []uint64{b | c, a | b, c | d},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := classSpanningPreds(append([]joinPred(nil), tc.preds...), tc.pairs)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d predicates, want %d", len(got), len(tc.want))
			}
			for i, p := range got {
				if p.mask != tc.want[i] {
					t.Errorf("predicate %d joins %b, want %b", i, p.mask, tc.want[i])
				}
			}
		})
	}
}

// TestSubsetRowsEquivalenceClass checks that a class's redundant equalities do not
// restrict a set of leaves twice: a = b and b = c (and the implied a = c) over three
// leaves of 100 rows with 10 values each keep 100^3 / 10^2 rows.
func TestSubsetRowsEquivalenceClass(t *testing.T) {
	leafRows := []float64{100, 100, 100}
	preds := []joinPred{
		{mask: 0b011, sel: 0.1, pair: true, class: 1},
		{mask: 0b110, sel: 0.1, pair: true, class: 1},
		{mask: 0b101, sel: 0.1, pair: true, class: 1, implied: true},
	}
	for _, tc := range []struct {
		set  uint64
		want float64
	}{
		{0b111, 10000},
		{0b011, 1000},
		{0b101, 1000},
	} {
		if got := subsetRows(tc.set, leafRows, preds); math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("rows of set %03b: got %g, want %g", tc.set, got, tc.want)
		}
	}
}
