package qsim

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Outcomes: what a run reports is the classical bits the circuit measures into, as Qiskit
// reports them. A circuit without measurements reports every qubit instead, as if each
// were measured into the bit of its own number.

// outcomeMap turns a physical index of the active prefix into an outcome: the classical
// bits as a word, bit c for classical bit c. It works a byte of the index at a time, each
// byte's table giving the bits its positions set.
type outcomeMap struct {
	tables [][256]uint64
	bits   int // classical bits in an outcome
	// cregs are the classical registers (nil when the outcome is the qubits themselves),
	// for the bitstrings' spaces.
	cregs []*register
}

func newOutcomeMap(c *circuit, s *state) *outcomeMap {
	om := &outcomeMap{tables: make([][256]uint64, (s.m+7)/8), bits: c.clbits, cregs: c.cregs}
	set := func(q, clbit int) {
		if p := s.phys[q]; p >= 0 {
			om.tables[p/8][0] = 0
			for v := 0; v < 256; v++ {
				if v>>(p%8)&1 != 0 {
					om.tables[p/8][v] |= 1 << clbit
				}
			}
		}
	}
	if len(c.measures) == 0 {
		om.bits, om.cregs = c.qubits, nil
		for q := 0; q < c.qubits; q++ {
			set(q, q)
		}
		return om
	}
	for _, ms := range c.measures {
		set(ms.qubit, ms.clbit)
	}
	return om
}

func (om *outcomeMap) of(i int) uint64 {
	var out uint64
	for k := range om.tables {
		out |= om.tables[k][i>>(8*k)&255]
	}
	return out
}

// bitstring prints an outcome as Qiskit does: classical bit 0 rightmost, registers
// separated by a space with the first declared rightmost.
func (om *outcomeMap) bitstring(v uint64) string {
	var b strings.Builder
	if om.cregs == nil {
		for i := om.bits - 1; i >= 0; i-- {
			b.WriteByte('0' + byte(v>>i&1))
		}
		return b.String()
	}
	for r := len(om.cregs) - 1; r >= 0; r-- {
		reg := om.cregs[r]
		for i := reg.offset + reg.size - 1; i >= reg.offset; i-- {
			b.WriteByte('0' + byte(v>>i&1))
		}
		if r > 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// sumChunks is the fixed number of chunks probability sums are split into, so that their
// rounding, and so the outcomes a seed draws, do not depend on the number of workers.
const sumChunks = 64

// total returns the sum of the squared magnitudes of the active amplitudes (1 up to
// rounding), summed in sumChunks fixed chunks.
func (s *state) total() float64 {
	v := s.amp[:1<<s.m]
	sums := make([]float64, sumChunks)
	chunk := (len(v) + sumChunks - 1) / sumChunks
	sum := func(k int) {
		var t float64
		for _, a := range v[min(k*chunk, len(v)):min((k+1)*chunk, len(v))] {
			t += real(a)*real(a) + imag(a)*imag(a)
		}
		sums[k] = t
	}
	if s.m < parallelQubits || s.workers < 2 {
		for k := range sums {
			sum(k)
		}
	} else {
		var wg sync.WaitGroup
		for w := 0; w < s.workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := w; k < sumChunks; k += s.workers {
					sum(k)
				}
			}()
		}
		wg.Wait()
	}
	var t float64
	for _, x := range sums {
		t += x
	}
	return t
}

// outcome is one row of results: an outcome, with its probability or its count.
type outcome struct {
	value uint64
	prob  float64
	count int64
}

// outcomeRows hands out a result's rows in outcome order, one at a time, so that a result
// of millions of outcomes is turned into rows a batch at a time rather than all at once.
type outcomeRows interface {
	next() (outcome, bool)
}

// sortedRows are rows gathered in a map and sorted: for outcomes sparse among their
// possible values.
type sortedRows struct {
	rows []outcome
	i    int
}

func (r *sortedRows) next() (outcome, bool) {
	if r.i >= len(r.rows) {
		return outcome{}, false
	}
	r.i++
	return r.rows[r.i-1], true
}

// denseRows are a table indexed by outcome (probs or counts), whose zero entries are
// outcomes that do not occur: for outcomes no more numerous than the amplitudes, where
// the table takes less memory than a map of them would.
type denseRows struct {
	probs  []float64
	counts []int64
	i      int
}

func (r *denseRows) next() (outcome, bool) {
	for ; r.i < len(r.probs); r.i++ {
		if p := r.probs[r.i]; p != 0 {
			r.i++
			return outcome{value: uint64(r.i - 1), prob: p}, true
		}
	}
	for ; r.i < len(r.counts); r.i++ {
		if n := r.counts[r.i]; n != 0 {
			r.i++
			return outcome{value: uint64(r.i - 1), count: n}, true
		}
	}
	return outcome{}, false
}

// minProbability is the probability below which an outcome is left out of
// qsim_probabilities: rounding leaves such residues where the exact value is 0.
const minProbability = 1e-12

// probabilities returns the outcomes' probabilities, ordered by outcome.
func (s *state) probabilities(om *outcomeMap) outcomeRows {
	v := s.amp[:1<<s.m]
	total := s.total()
	if om.bits <= s.m {
		dense := make([]float64, 1<<om.bits)
		for i, a := range v {
			dense[om.of(i)] += real(a)*real(a) + imag(a)*imag(a)
		}
		for k, p := range dense {
			if dense[k] = p / total; dense[k] < minProbability {
				dense[k] = 0
			}
		}
		return &denseRows{probs: dense}
	}
	acc := map[uint64]float64{}
	for i, a := range v {
		if p := real(a)*real(a) + imag(a)*imag(a); p != 0 {
			acc[om.of(i)] += p
		}
	}
	out := make([]outcome, 0, len(acc))
	for k, p := range acc {
		if p/total >= minProbability {
			out = append(out, outcome{value: k, prob: p / total})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].value < out[j].value })
	return &sortedRows{rows: out}
}

// counts draws shots outcomes from the state's distribution with the given seed, and
// returns how often each occurred, ordered by outcome. Few shots are drawn as uniform
// order statistics walked against the cumulative distribution, in one pass and constant
// memory; more shots than amplitudes are split among the amplitudes by conditional
// binomial draws (a multinomial sample either way). Counts go to a table by outcome where
// the outcomes may be many (shots enough to fill a good part of it), else to a map.
func (s *state) counts(om *outcomeMap, shots int64, seed uint64) outcomeRows {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	v := s.amp[:1<<s.m]
	total := s.total()
	draw := func(add func(i int, n int64)) {
		if shots <= int64(len(v)) {
			s.drawSorted(v, total, shots, rng, add)
		} else {
			drawBinomial(v, total, shots, rng, add)
		}
	}
	if om.bits <= s.m && shots >= int64(1)<<om.bits/8 {
		dense := make([]int64, 1<<om.bits)
		draw(func(i int, n int64) { dense[om.of(i)] += n })
		return &denseRows{counts: dense}
	}
	byOutcome := map[uint64]int64{}
	draw(func(i int, n int64) { byOutcome[om.of(i)] += n })
	out := make([]outcome, 0, len(byOutcome))
	for k, n := range byOutcome {
		out = append(out, outcome{value: k, count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].value < out[j].value })
	return &sortedRows{rows: out}
}

// drawSorted draws shots uniforms in decreasing order (the largest of n uniforms is
// U^(1/n), the next the largest of n-1 below it, ...) and walks the amplitudes from the
// top, giving each draw to the amplitude whose cumulative interval holds it.
func (s *state) drawSorted(v []complex128, total float64, shots int64, rng *rand.Rand, add func(i int, n int64)) {
	u := 1.0
	next := func(left int64) float64 {
		u *= math.Pow(rng.Float64(), 1/float64(left))
		return u * total
	}
	left := shots
	x := next(left)
	cum := total // the cumulative probability up to and including amplitude i
	last := -1
	for i := len(v) - 1; i >= 0 && left > 0; i-- {
		p := real(v[i])*real(v[i]) + imag(v[i])*imag(v[i])
		if p == 0 {
			continue
		}
		last = i
		lower := cum - p
		var n int64
		for left > 0 && x >= lower {
			n++
			left--
			if left > 0 {
				x = next(left)
			}
		}
		if n > 0 {
			add(i, n)
		}
		cum = lower
	}
	if left > 0 && last >= 0 {
		add(last, left) // rounding: draws below the computed bottom belong to the first outcome
	}
}

// drawBinomial splits shots among the amplitudes: each gets a binomial share of the shots
// left, with its probability among the probability left.
func drawBinomial(v []complex128, total float64, shots int64, rng *rand.Rand, add func(i int, n int64)) {
	left, rest := shots, total
	for i := range v {
		if left == 0 {
			return
		}
		p := real(v[i])*real(v[i]) + imag(v[i])*imag(v[i])
		if p == 0 {
			continue
		}
		q := min(p/rest, 1)
		var n int64
		if q >= 1 {
			n = left
		} else {
			n = int64(distuv.Binomial{N: float64(left), P: q, Src: rng}.Rand())
		}
		if n > 0 {
			add(i, n)
			left -= n
		}
		rest -= p
	}
}
