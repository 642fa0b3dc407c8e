package types

import (
	"math/rand"
	"testing"
)

// numericVecCases are vector shapes: a column of one scale against a constant of another,
// mixed scales, values near the small range's edge, big and special values.
func numericVecCases(rng *rand.Rand) []struct {
	name  string
	a, b  []Num
	takes bool // whether the vector kernels must take them (the whole point for columns)
} {
	const n = 37
	col := func(scale int32, maxCoef int64) []Num {
		v := make([]Num, n)
		for i := range v {
			v[i] = MakeNumeric(rng.Int63n(2*maxCoef+1)-maxCoef, scale)
		}
		return v
	}
	konst := func(x Num) []Num {
		v := make([]Num, n)
		for i := range v {
			v[i] = x
		}
		return v
	}
	mixed := col(2, 1000)
	mixed[5] = MakeNumeric(7, 3)
	withBig := col(2, 1000)
	withBig[9] = NumericPosInf
	edge := col(0, smallLimit-1)
	return []struct {
		name  string
		a, b  []Num
		takes bool
	}{
		{"price minus discount", col(2, 10_000_000), col(2, 10), true},
		{"one minus discount", konst(MakeNumeric(1, 0)), col(2, 10), true},
		{"quantity against integer", col(2, 5000), konst(MakeNumeric(24, 0)), true},
		{"scale 4 against scale 1", col(4, 99999), col(1, 99), true},
		{"mixed scales", mixed, col(2, 10), false},
		{"infinity", withBig, col(2, 10), false},
		{"edge of the small range", edge, edge, false},
	}
}

func TestNumericVecMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, c := range numericVecCases(rng) {
		n := len(c.a)
		out := make([]Num, n)
		for _, op := range []struct {
			name   string
			vec    func(a, b, out []Num) bool
			scalar func(a, b Num) (Num, bool)
		}{
			{"+", func(a, b, out []Num) bool { return NumericAddVec(a, b, out, false) }, NumericAdd},
			{"-", func(a, b, out []Num) bool { return NumericAddVec(a, b, out, true) }, NumericSub},
			{"*", NumericMulVec, NumericMul},
		} {
			took := op.vec(c.a, c.b, out)
			if c.takes && !took {
				t.Errorf("%s %s: the vector kernel declined", c.name, op.name)
			}
			if !took {
				continue
			}
			for i := range out {
				want, ok := op.scalar(c.a[i], c.b[i])
				if !ok || out[i] != want {
					t.Fatalf("%s: %s %s %s = %s, want %s", c.name, c.a[i], op.name, c.b[i], out[i], want)
				}
			}
		}
		for _, eq := range []bool{false, true} {
			bits := make([]byte, (n+7)/8)
			took := NumericCompareVec(c.a, c.b, eq, bits)
			if c.takes && !took {
				t.Errorf("%s: the compare kernel declined", c.name)
			}
			if !took {
				for _, b := range bits {
					if b != 0 {
						t.Fatalf("%s: a declined compare left bits set", c.name)
					}
				}
				continue
			}
			for i := range c.a {
				cmp := CompareNumeric(c.a[i], c.b[i])
				want := cmp < 0
				if eq {
					want = cmp == 0
				}
				if got := bits[i>>3]&(1<<(i&7)) != 0; got != want {
					t.Fatalf("%s: compare(eq=%v) %s, %s = %v, want %v", c.name, eq, c.a[i], c.b[i], got, want)
				}
			}
		}
	}
}

// BenchmarkNumericVec compares the vector kernels with the per-value functions on a
// batch of prices times a constant of another scale (TPC-H's 1 - l_discount shape).
func BenchmarkNumericVec(b *testing.B) {
	const n = 2048
	rng := rand.New(rand.NewSource(2))
	price, one, out := make([]Num, n), make([]Num, n), make([]Num, n)
	for i := range price {
		price[i] = MakeNumeric(rng.Int63n(10_000_000), 2)
		one[i] = MakeNumeric(1, 0)
	}
	bits := make([]byte, n/8)
	b.Run("sub/vector", func(b *testing.B) {
		for range b.N {
			NumericAddVec(one, price, out, true)
		}
	})
	b.Run("sub/per-value", func(b *testing.B) {
		for range b.N {
			for i := range price {
				out[i], _ = NumericSub(one[i], price[i])
			}
		}
	})
	b.Run("less/vector", func(b *testing.B) {
		for range b.N {
			clear(bits)
			NumericCompareVec(price, one, false, bits)
		}
	})
	b.Run("less/per-value", func(b *testing.B) {
		for range b.N {
			clear(bits)
			for i := range price {
				bits[i>>3] |= bit(CompareNumeric(price[i], one[i]) < 0) << (i & 7)
			}
		}
	})
}

// TestAddGroupedMatchesAdd checks the batch sum against Add value by value, over values of
// several scales, large ones that overflow 127 bits together, and specials.
func TestAddGroupedMatchesAdd(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	big := mustNum(t, "99999999999999999999999999999999999")
	const groups = 5
	var want, got [groups]NumericSum
	for batch := 0; batch < 20; batch++ {
		vals := make([]Num, 300)
		gs := make([]uint32, len(vals))
		for i := range vals {
			gs[i] = uint32(rng.Intn(groups))
			switch r := rng.Intn(100); {
			case r < 80:
				vals[i] = MakeNumeric(rng.Int63n(2_000_000)-1_000_000, 2)
			case r < 90:
				vals[i] = MakeNumeric(rng.Int63n(1000), int32(rng.Intn(4)))
			case r < 99:
				vals[i] = big
				if rng.Intn(2) == 0 {
					vals[i] = big.Neg()
				}
			default:
				vals[i], gs[i] = NumericNaN, 0 // only group 0 ends NaN
			}
		}
		for i, v := range vals {
			want[gs[i]].Add(v)
		}
		AddGrouped(got[:], gs, vals)
	}
	if w, _ := want[1].Result(); w.IsSpecial() {
		t.Fatalf("group 1 should sum numbers, got %s", w)
	}
	for g := range want {
		w, ok1 := want[g].Result()
		r, ok2 := got[g].Result()
		if w != r || ok1 != ok2 {
			t.Errorf("group %d: AddGrouped gives %s, Add %s", g, r, w)
		}
	}
}
