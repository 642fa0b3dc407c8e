package storage

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDelVecWords checks the word-at-a-time positions and union against the vectors read
// bit by bit, over lengths that are and are not whole words, row counts shorter than the
// vector, and densities from empty to full.
func TestDelVecWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(rows int64, density float64) delVec {
		d := newDelVec(rows)
		for i := range rows {
			if rng.Float64() < density {
				d.set(i)
			}
		}
		return d
	}
	for _, rows := range []int64{0, 1, 7, 8, 9, 63, 64, 65, 130, 1000, 4099} {
		for _, density := range []float64{0, 0.001, 0.1, 0.5, 1} {
			a, b := random(rows, density), random(rows, density/2)
			for _, upTo := range []int64{rows, max(rows-3, 0)} {
				var want []int64
				for i := range upTo {
					if a.get(i) {
						want = append(want, i)
					}
				}
				if got := a.positions(upTo); !slices.Equal(got, want) {
					t.Errorf("rows %d density %g: positions(%d) = %v, want %v", rows, density, upTo, got, want)
				}
			}
			// b shorter than the result, as a transaction's vector over rows it has seen.
			short := b[:len(b)/2]
			for _, other := range []delVec{nil, b, short} {
				u := union(a, other, rows)
				for i := range rows {
					if want := a.get(i) || other.get(i); u.get(i) != want {
						t.Fatalf("rows %d density %g: union bit %d = %v, want %v", rows, density, i, u.get(i), want)
					}
				}
			}
		}
	}
}

// TestDelVecGrowFor checks that a vector grown for a row keeps its bits, covers the row, and
// never outgrows its segment.
func TestDelVecGrowFor(t *testing.T) {
	for _, c := range []struct{ have, row, rows int64 }{
		{0, 0, 1}, {0, 5, 8}, {0, 100_000, 200_000}, {64, 70, 200_000}, {64, 199_999, 200_000},
		{8, 3, 200_000}, {100, 799, 800},
	} {
		d := newDelVec(c.have)
		if c.have > 0 {
			d.set(c.have - 1)
		}
		g := d.growFor(c.row, c.rows)
		g.set(c.row)
		if c.have > 0 && !g.get(c.have-1) {
			t.Errorf("%+v: lost bit %d", c, c.have-1)
		}
		if !g.get(c.row) {
			t.Errorf("%+v: row not covered", c)
		}
		if int64(len(g)) > (c.rows+7)/8 || len(g) < len(d) {
			t.Errorf("%+v: %d bytes", c, len(g))
		}
	}
}
