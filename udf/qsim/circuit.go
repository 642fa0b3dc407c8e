package qsim

import (
	"context"
	"fmt"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// maxClbits bounds the classical bits of a circuit: outcomes are held as 64-bit words.
const maxClbits = 64

// maxOps bounds the gates a program may expand to (nested gate definitions can grow
// exponentially), so a small program cannot make the server work without end.
const maxOps = 1 << 22

// shape says which entries of a 2x2 gate matrix are non-zero, picking the kernel.
type shape uint8

const (
	general  shape = iota
	diagonal       // m01 = m10 = 0: phases only
	antidiag       // m00 = m11 = 0: a swap of amplitudes, with phases
)

// op is one primitive operation on the statevector: a 2x2 unitary m on qubit target,
// applied where every control qubit is 1, or (swap) an exchange of two qubits under the
// same controls. Qubits are logical: numbered across the quantum registers in declaration
// order, qubit 0 the least significant bit of a basis state's index (Qiskit's order).
type op struct {
	swap     bool
	target   int
	target2  int // the other qubit of a swap
	controls []int
	m        [4]complex128 // m00, m01, m10, m11
	shape    shape
	line     int
}

// measurement records that a classical bit holds a qubit's measured value.
type measurement struct{ qubit, clbit int }

// circuit is a compiled program: its primitive operations in order and its terminal
// measurements.
type circuit struct {
	qubits, clbits int
	cregs          []*register
	ops            []op
	// measures maps each classical bit to the qubit last measured into it (-1: never
	// written, so it reads 0).
	measures []measurement
	// touched marks the qubits a gate has acted on; measuredAt holds the line of a qubit's
	// measurement (0: not measured).
	touched    map[int]bool
	measuredAt map[int]int
	ctx        context.Context // the statement's, checked every opsPerCheck operations
}

// opsPerCheck is how many operations a program expands to between looks at whether the
// statement was canceled.
const opsPerCheck = 1 << 14

func newCircuit(ctx context.Context) *circuit {
	return &circuit{touched: map[int]bool{}, measuredAt: map[int]int{}, ctx: ctx}
}

// add appends a primitive operation on the given qubits. Gates after a qubit's measurement
// would need the measurement's outcome in the middle of the run, which this statevector
// simulator does not do: they are refused.
func (c *circuit) add(o op, line int) error {
	o.line = line
	for _, q := range o.qubits() {
		if at := c.measuredAt[q]; at != 0 {
			return unsupported(line, fmt.Sprintf("a gate on qubit %d after its measurement at line %d: only measurements at the end of a circuit are supported", q, at))
		}
		c.touched[q] = true
	}
	if len(c.ops) >= maxOps {
		return pgerror.Newf(pgcode.ProgramLimitExceeded, "OpenQASM program expands to more than %d gates", maxOps)
	}
	if len(c.ops)%opsPerCheck == opsPerCheck-1 {
		if err := c.ctx.Err(); err != nil {
			return err
		}
	}
	c.ops = append(c.ops, o)
	return nil
}

// gateQubits counts the qubits some gate acts on: the most the state may need active.
func (c *circuit) gateQubits() int {
	seen := make([]bool, c.qubits)
	n := 0
	for i := range c.ops {
		for _, q := range c.ops[i].qubits() {
			if !seen[q] {
				seen[q] = true
				n++
			}
		}
	}
	return n
}

// qubits lists every qubit o acts on.
func (o *op) qubits() []int {
	qs := append([]int{o.target}, o.controls...)
	if o.swap {
		qs = append(qs, o.target2)
	}
	return qs
}

func (c *circuit) measure(qubit, clbit, line int) {
	c.measuredAt[qubit] = line
	c.touched[qubit] = true
	for i := range c.measures {
		if c.measures[i].clbit == clbit {
			c.measures[i].qubit = qubit
			return
		}
	}
	c.measures = append(c.measures, measurement{qubit: qubit, clbit: clbit})
}

// unsupported is the error of a valid program using what the simulator does not do.
func unsupported(line int, msg string) error {
	return pgerror.Newf(pgcode.FeatureNotSupported, "OpenQASM program at line %d: %s", line, msg)
}

// tooManyQubits is the error of a circuit past the qubit limit.
func tooManyQubits(n, limit int) error {
	return pgerror.Newf(pgcode.ProgramLimitExceeded, "circuit has %d qubits, more than qsim.max_qubits (%d)", n, limit).
		WithHint(fmt.Sprintf("A statevector of n qubits takes 2^n x 16 bytes of memory (%d qubits: %s). SET qsim.max_qubits to allow more.", n, memoryText(n)))
}

func memoryText(n int) string {
	b := int64(16) << n
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%d GB", b>>30)
	case b >= 1<<20:
		return fmt.Sprintf("%d MB", b>>20)
	case b >= 1<<10:
		return fmt.Sprintf("%d kB", b>>10)
	}
	return fmt.Sprintf("%d bytes", b)
}
