package qsim

import (
	"math/bits"
	"sync"
)

// applyGroup applies gates on active positions (mask) to the whole active prefix: in place
// when it fits a block, otherwise block by block through gathered buffers (see state).
func (s *state) applyGroup(gs []pgate, mask uint64) error {
	if s.m <= blockQubits {
		v := s.amp[:1<<s.m]
		for i := range gs {
			applyLocal(v, &gs[i])
		}
		return nil
	}
	for p := 0; bits.OnesCount64(mask) < blockQubits; p++ {
		mask |= 1 << p
	}
	if mask == 1<<blockQubits-1 {
		return s.applyBlocks(gs)
	}
	var positions, outer []int
	for p := 0; p < s.m; p++ {
		if mask&(1<<p) != 0 {
			positions = append(positions, p)
		} else {
			outer = append(outer, p)
		}
	}
	low := bits.TrailingZeros64(^mask) // positions 0..low-1 are contiguous in memory
	local := make([]pgate, len(gs))
	for i, g := range gs {
		local[i] = g
		local[i].target = rank(positions, g.target)
		local[i].target2 = rank(positions, g.target2)
		local[i].ctrl = 0
		for c := g.ctrl; c != 0; c &= c - 1 {
			local[i].ctrl |= 1 << rank(positions, bits.TrailingZeros64(c))
		}
	}
	// offs[c] is the memory offset of run c of the block: the high positions of the group
	// set as c's bits say.
	high := positions[low:]
	offs := make([]int, 1<<len(high))
	for c := range offs {
		offs[c] = deposit(c, high)
	}
	run := 1 << low
	blocks := 1 << len(outer)
	work := func(lo, hi int) {
		buf := make([]complex128, 1<<blockQubits)
		for o := lo; o < hi; o++ {
			base := deposit(o, outer)
			for c, off := range offs {
				copy(buf[c*run:(c+1)*run], s.amp[base+off:base+off+run])
			}
			for i := range local {
				applyLocal(buf, &local[i])
			}
			for c, off := range offs {
				copy(s.amp[base+off:base+off+run], buf[c*run:(c+1)*run])
			}
		}
	}
	if s.m < parallelQubits || s.workers < 2 {
		work(0, blocks)
		return s.ctx.Err()
	}
	var wg sync.WaitGroup
	chunk := (blocks + s.workers - 1) / s.workers
	for lo := 0; lo < blocks; lo += chunk {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			work(lo, hi)
		}(lo, min(lo+chunk, blocks))
	}
	wg.Wait()
	return s.ctx.Err()
}

// applyBlocks applies gates on positions below blockQubits: the vector splits into
// contiguous blocks that each gate mixes only within, so each block takes every gate while
// it is in cache, in place.
func (s *state) applyBlocks(gs []pgate) error {
	size := 1 << blockQubits
	s.parallel(1<<(s.m-blockQubits), s.m >= parallelQubits, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			v := s.amp[b*size : (b+1)*size]
			for i := range gs {
				applyLocal(v, &gs[i])
			}
		}
	})
	return s.ctx.Err()
}

// rank returns the index of p in the sorted positions (p < 0 stays -1).
func rank(positions []int, p int) int {
	for i, q := range positions {
		if q == p {
			return i
		}
	}
	return -1
}

// deposit spreads the bits of v over the given positions, lowest bit first.
func deposit(v int, positions []int) int {
	out := 0
	for i, p := range positions {
		out |= (v >> i & 1) << p
	}
	return out
}

// applyLocal applies one gate to a vector whose positions are the gate's. Each kernel
// enumerates exactly the indices it changes, with the target bit clear and the control bits
// set (deposited around them), so no iteration tests a bit. Below the lowest of those bits
// indices are consecutive: the kernels walk such runs as pairs of slices (lo with the
// target bit clear, hi with it set), which the compiler keeps free of bounds checks.
func applyLocal(v []complex128, g *pgate) {
	if g.swap {
		swapQubits(v, g.target, g.target2, g.ctrl)
		return
	}
	r := runsOf(v, g.ctrl|1<<g.target, int(g.ctrl), 1<<g.target)
	m0, m1, m2, m3 := g.m[0], g.m[1], g.m[2], g.m[3]
	switch {
	case g.shape == diagonal && m0 == 1:
		for k := 0; k < r.n; k += r.len {
			_, hi := r.at(k)
			for j := range hi {
				hi[j] *= m3
			}
		}
	case g.shape == diagonal:
		for k := 0; k < r.n; k += r.len {
			lo, hi := r.at(k)
			for j := range lo {
				lo[j] *= m0
				hi[j] *= m3
			}
		}
	case g.shape == antidiag && m1 == 1 && m2 == 1:
		for k := 0; k < r.n; k += r.len {
			lo, hi := r.at(k)
			for j := range lo {
				lo[j], hi[j] = hi[j], lo[j]
			}
		}
	case g.shape == antidiag:
		for k := 0; k < r.n; k += r.len {
			lo, hi := r.at(k)
			for j := range lo {
				lo[j], hi[j] = m1*hi[j], m2*lo[j]
			}
		}
	default:
		for k := 0; k < r.n; k += r.len {
			lo, hi := r.at(k)
			for j := range lo {
				a, b := lo[j], hi[j]
				lo[j] = m0*a + m1*b
				hi[j] = m2*a + m3*b
			}
		}
	}
}

// runs enumerates the pairs of amplitudes a kernel changes: the indices with the fixed bits
// (target and controls) clear but for those of set, each with its partner d above. Below
// the lowest fixed bit such indices are consecutive, so they come in runs: k counts them in
// steps of len, and at(k) gives the run starting at the k-th and its partners.
type runs struct {
	v      []complex128
	holes  holes
	set, d int
	n, len int
}

func runsOf(v []complex128, fixed uint64, set, d int) runs {
	return runs{v: v, holes: holesOf(fixed), set: set, d: d,
		n: len(v) >> bits.OnesCount64(fixed), len: 1 << bits.TrailingZeros64(fixed)}
}

func (r *runs) at(k int) (lo, hi []complex128) {
	i := r.holes.insert(k) | r.set
	lo = r.v[i : i+r.len]
	return lo, r.v[i+r.d : i+r.d+len(lo)]
}

// holes lists bit positions, ascending, where insert opens a zero bit.
type holes struct {
	n   int
	low [4]int // (1<<p)-1 for each position p
}

func holesOf(mask uint64) holes {
	var h holes
	for ; mask != 0; mask &= mask - 1 {
		h.low[h.n] = 1<<bits.TrailingZeros64(mask) - 1
		h.n++
	}
	return h
}

// insert spreads k's bits around the holes: a zero bit at each hole position.
func (h *holes) insert(k int) int {
	for i := 0; i < h.n; i++ {
		k = k&h.low[i] | (k&^h.low[i])<<1
	}
	return k
}

// swapQubits exchanges positions a and b where the controls are set: every index with a
// set, b clear and the controls set trades places with its partner.
func swapQubits(v []complex128, a, b int, ctrl uint64) {
	r := runsOf(v, ctrl|1<<a|1<<b, int(ctrl)|1<<a, 1<<b-1<<a)
	for k := 0; k < r.n; k += r.len {
		x, y := r.at(k)
		for j := range x {
			x[j], y[j] = y[j], x[j]
		}
	}
}
