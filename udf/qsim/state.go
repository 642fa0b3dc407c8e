package qsim

import (
	"context"
	"math/bits"
	"runtime"
	"sync"
)

// state is a statevector of n qubits in complex128, simulated with two economies that keep
// it exact:
//
//   - Lazy qubits. A qubit no gate has moved out of |0> is not in the vector: the active
//     qubits occupy the low physical bit positions 0..m-1 in the order they became active
//     (phys maps a logical qubit to its position), and only the prefix amp[:2^m] is in use,
//     the rest being zero. A gate that first moves a qubit out of |0> doubles the prefix
//     (activate); gates that leave |0> alone there (diagonal ones, or any gate under a
//     control still in |0>) cost nothing, and swaps only relabel positions. A circuit that
//     starts with H on every qubit thus costs two passes over the final vector, not n.
//   - Cache blocking. Consecutive gates on active qubits are applied in groups touching at
//     most groupQubits positions: for each setting of the other positions, the 2^blockQubits
//     amplitudes of the group's positions and the lowest others are gathered into a buffer
//     that stays in cache (or, when those are the lowest positions, used in place), every
//     gate of the group is applied there, and they are scattered back. A group costs one pass
//     over memory, however many gates it holds; the outer settings are shared among the
//     workers.
type state struct {
	n       int
	amp     []complex128 // 2^m amplitudes: basis states of the active qubits
	m       int          // active qubits
	phys    []int        // logical qubit -> physical position, -1 while inactive (|0>)
	workers int
	ctx     context.Context
}

// groupQubits bounds the positions the gates of a group act on; blockQubits is the size
// of its working set, the group's positions and the lowest others, so that gathered runs
// are long: 2^15 amplitudes, 512 kB, within a core's L2 cache.
const (
	groupQubits = 13
	blockQubits = 15
)

// parallelQubits is the size from which a pass is shared among workers.
const parallelQubits = 16

// newState returns |0...0> of n qubits, with room for active of them.
func newState(ctx context.Context, n, active int) *state {
	s := &state{n: n, amp: make([]complex128, 1<<active), phys: make([]int, n), workers: runtime.GOMAXPROCS(0), ctx: ctx}
	s.amp[0] = 1
	for i := range s.phys {
		s.phys[i] = -1
	}
	return s
}

// pgate is an op in physical positions.
type pgate struct {
	swap            bool
	target, target2 int
	ctrl            uint64 // mask of control positions
	m               [4]complex128
	shape           shape
}

// run applies the circuit's operations in order.
func (s *state) run(ops []op) error {
	var group []pgate
	var groupMask uint64
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		err := s.applyGroup(group, groupMask)
		group, groupMask = group[:0], 0
		return err
	}
	for i := range ops {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		g, mask, kind := s.lower(&ops[i])
		switch kind {
		case skip:
			continue
		case relabel:
			// Relabeling changes positions the pending group was lowered with: apply it first.
			if err := flush(); err != nil {
				return err
			}
			s.phys[ops[i].target], s.phys[ops[i].target2] = s.phys[ops[i].target2], s.phys[ops[i].target]
			continue
		case activation:
			if err := flush(); err != nil {
				return err
			}
			s.activate(&ops[i], g)
			continue
		}
		if bits.OnesCount64(groupMask|mask) > groupQubits {
			if err := flush(); err != nil {
				return err
			}
		}
		group = append(group, g)
		groupMask |= mask
	}
	return flush()
}

// loweredKind says how an op acts given which qubits are active.
type loweredKind uint8

const (
	skip       loweredKind = iota // the identity on the current state
	relabel                       // a swap: positions change hands
	activation                    // the target leaves |0>: the prefix doubles
	grouped                       // a gate on active qubits
)

// lower translates o to physical positions and says how it acts.
func (s *state) lower(o *op) (pgate, uint64, loweredKind) {
	var ctrl uint64
	for _, c := range o.controls {
		p := s.phys[c]
		if p < 0 {
			return pgate{}, 0, skip // a control in |0>: nothing happens
		}
		ctrl |= 1 << p
	}
	if o.swap {
		a, b := s.phys[o.target], s.phys[o.target2]
		switch {
		case a < 0 && b < 0:
			return pgate{}, 0, skip
		case ctrl == 0:
			return pgate{}, 0, relabel
		case a < 0 || b < 0:
			// A controlled swap with a qubit in |0>: activate it first by an identity
			// that makes it active, then swap in place.
			return pgate{ctrl: ctrl}, 0, activation
		}
		return pgate{swap: true, target: a, target2: b, ctrl: ctrl}, ctrl | 1<<a | 1<<b, grouped
	}
	t := s.phys[o.target]
	if t < 0 {
		if o.shape == diagonal {
			if ctrl == 0 || o.m[0] == 1 {
				return pgate{}, 0, skip // a global phase, or none
			}
			// The phase m00 on the controlled subspace, with the target in |0>: a
			// controlled phase on one of the controls.
			c := bits.TrailingZeros64(ctrl)
			g := pgate{target: c, ctrl: ctrl &^ (1 << c), m: [4]complex128{1, 0, 0, o.m[0]}, shape: diagonal}
			return g, ctrl, grouped
		}
		return pgate{target: -1, ctrl: ctrl, m: o.m, shape: o.shape}, 0, activation
	}
	return pgate{target: t, ctrl: ctrl, m: o.m, shape: o.shape}, ctrl | 1<<t, grouped
}

// activate applies an op whose target (or, for a controlled swap, one of its qubits) is
// in |0>, giving it the next physical position m: amplitudes with the new bit set are the
// matrix's first column applied to those without it.
func (s *state) activate(o *op, g pgate) {
	if o.swap {
		// Make the inactive qubit active with the identity, then swap as usual.
		q := o.target
		if s.phys[q] >= 0 {
			q = o.target2
		}
		s.grow()
		s.phys[q] = s.m
		s.m++
		a, b := s.phys[o.target], s.phys[o.target2]
		s.applyGroup([]pgate{{swap: true, target: a, target2: b, ctrl: g.ctrl}}, g.ctrl|1<<a|1<<b)
		return
	}
	size := 1 << s.m
	s.grow()
	m00, m10, ctrl := g.m[0], g.m[2], g.ctrl
	s.parallel(size, s.m >= parallelQubits, func(lo, hi int) {
		hiAmp := s.amp[size : 2*size]
		for i := lo; i < hi; i++ {
			if uint64(i)&ctrl == ctrl {
				a := s.amp[i]
				s.amp[i] = m00 * a
				hiAmp[i] = m10 * a
			}
		}
	})
	s.phys[o.target] = s.m
	s.m++
}

// grow makes room for one more active qubit, whose amplitudes with the qubit set start at
// zero. The vector is allocated for every qubit a gate acts on, so this happens only for a
// state made without that room.
func (s *state) grow() {
	if len(s.amp) >= 2<<s.m {
		return
	}
	v := make([]complex128, 2<<s.m)
	copy(v, s.amp)
	s.amp = v
}

// parallel calls f over [0, n), split among the workers when split is set.
func (s *state) parallel(n int, split bool, f func(lo, hi int)) {
	w := min(s.workers, n)
	if !split || w < 2 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + w - 1) / w
	for lo := 0; lo < n; lo += chunk {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			f(lo, hi)
		}(lo, min(lo+chunk, n))
	}
	wg.Wait()
}
