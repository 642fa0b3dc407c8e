package qsim

import (
	"fmt"
	"math"
	"math/cmplx"
)

// The gates: OpenQASM's built-in U and CX, the gates of qelib1.inc (as Qiskit ships it)
// with their matrices, and the gates a program defines. qelib1's gates are simulated as
// the matrices they denote rather than expanded into U and CX, which is exact and faster;
// controlled gates are their target matrix applied under the controls, so phases relative
// to the controls are those of qelib1's definitions.

// libGate is a gate of the library: how many parameters and qubits it takes, and the
// primitive operation it is, given its parameters; the last qubit is the target, the ones
// before it controls (swap and cswap: the last two are exchanged).
type libGate struct {
	params, qubits int
	swap           bool
	matrix         func(p []float64) [4]complex128
}

var (
	invSqrt2 = complex(1/math.Sqrt2, 0)
	identity = [4]complex128{1, 0, 0, 1}
	pauliX   = [4]complex128{0, 1, 1, 0}
	pauliY   = [4]complex128{0, -1i, 1i, 0}
	pauliZ   = [4]complex128{1, 0, 0, -1}
	hadamard = [4]complex128{invSqrt2, invSqrt2, invSqrt2, -invSqrt2}
	sqrtX    = [4]complex128{0.5 + 0.5i, 0.5 - 0.5i, 0.5 - 0.5i, 0.5 + 0.5i}
	sqrtXdg  = [4]complex128{0.5 - 0.5i, 0.5 + 0.5i, 0.5 + 0.5i, 0.5 - 0.5i}
)

// u3 is OpenQASM's U(theta, phi, lambda).
func u3(theta, phi, lambda float64) [4]complex128 {
	c, s := complex(math.Cos(theta/2), 0), complex(math.Sin(theta/2), 0)
	return [4]complex128{c, -cmplx.Exp(complex(0, lambda)) * s,
		cmplx.Exp(complex(0, phi)) * s, cmplx.Exp(complex(0, phi+lambda)) * c}
}

// phase is diag(1, e^(i lambda)): u1 and p.
func phase(lambda float64) [4]complex128 {
	return [4]complex128{1, 0, 0, cmplx.Exp(complex(0, lambda))}
}

func rx(t float64) [4]complex128 {
	c, s := complex(math.Cos(t/2), 0), complex(0, -math.Sin(t/2))
	return [4]complex128{c, s, s, c}
}

func ry(t float64) [4]complex128 {
	c, s := complex(math.Cos(t/2), 0), complex(math.Sin(t/2), 0)
	return [4]complex128{c, -s, s, c}
}

func rz(t float64) [4]complex128 {
	return [4]complex128{cmplx.Exp(complex(0, -t/2)), 0, 0, cmplx.Exp(complex(0, t/2))}
}

func fixed(m [4]complex128) func([]float64) [4]complex128 {
	return func([]float64) [4]complex128 { return m }
}

var library = map[string]libGate{
	"U":     {3, 1, false, func(p []float64) [4]complex128 { return u3(p[0], p[1], p[2]) }},
	"CX":    {0, 2, false, fixed(pauliX)},
	"u3":    {3, 1, false, func(p []float64) [4]complex128 { return u3(p[0], p[1], p[2]) }},
	"u":     {3, 1, false, func(p []float64) [4]complex128 { return u3(p[0], p[1], p[2]) }},
	"u2":    {2, 1, false, func(p []float64) [4]complex128 { return u3(math.Pi/2, p[0], p[1]) }},
	"u1":    {1, 1, false, func(p []float64) [4]complex128 { return phase(p[0]) }},
	"p":     {1, 1, false, func(p []float64) [4]complex128 { return phase(p[0]) }},
	"u0":    {1, 1, false, fixed(identity)},
	"id":    {0, 1, false, fixed(identity)},
	"x":     {0, 1, false, fixed(pauliX)},
	"y":     {0, 1, false, fixed(pauliY)},
	"z":     {0, 1, false, fixed(pauliZ)},
	"h":     {0, 1, false, fixed(hadamard)},
	"s":     {0, 1, false, fixed(phase(math.Pi / 2))},
	"sdg":   {0, 1, false, fixed(phase(-math.Pi / 2))},
	"t":     {0, 1, false, fixed(phase(math.Pi / 4))},
	"tdg":   {0, 1, false, fixed(phase(-math.Pi / 4))},
	"sx":    {0, 1, false, fixed(sqrtX)},
	"sxdg":  {0, 1, false, fixed(sqrtXdg)},
	"rx":    {1, 1, false, func(p []float64) [4]complex128 { return rx(p[0]) }},
	"ry":    {1, 1, false, func(p []float64) [4]complex128 { return ry(p[0]) }},
	"rz":    {1, 1, false, func(p []float64) [4]complex128 { return rz(p[0]) }},
	"cx":    {0, 2, false, fixed(pauliX)},
	"cy":    {0, 2, false, fixed(pauliY)},
	"cz":    {0, 2, false, fixed(pauliZ)},
	"ch":    {0, 2, false, fixed(hadamard)},
	"csx":   {0, 2, false, fixed(sqrtX)},
	"crx":   {1, 2, false, func(p []float64) [4]complex128 { return rx(p[0]) }},
	"cry":   {1, 2, false, func(p []float64) [4]complex128 { return ry(p[0]) }},
	"crz":   {1, 2, false, func(p []float64) [4]complex128 { return rz(p[0]) }},
	"cu1":   {1, 2, false, func(p []float64) [4]complex128 { return phase(p[0]) }},
	"cp":    {1, 2, false, func(p []float64) [4]complex128 { return phase(p[0]) }},
	"cu3":   {3, 2, false, func(p []float64) [4]complex128 { return u3(p[0], p[1], p[2]) }},
	"ccx":   {0, 3, false, fixed(pauliX)},
	"swap":  {0, 2, true, nil},
	"cswap": {0, 3, true, nil},
}

// maxGateDepth bounds the nesting of gate definitions expanded into one another.
const maxGateDepth = 64

// apply applies gate name with parameter values to the given qubits (absolute numbers).
func (p *parser) apply(name string, params []float64, qubits []int, line, depth int) error {
	if err := distinct(qubits, line); err != nil {
		return err
	}
	if g, ok := library[name]; ok && p.gates[name] == nil {
		if err := arity(name, g.params, g.qubits, len(params), len(qubits), line); err != nil {
			return err
		}
		o := op{swap: g.swap, controls: append([]int(nil), qubits[:len(qubits)-1]...)}
		o.target = qubits[len(qubits)-1]
		if g.swap {
			o.target, o.target2 = qubits[len(qubits)-2], qubits[len(qubits)-1]
			o.controls = o.controls[:len(o.controls)-1]
		} else {
			o.m = g.matrix(params)
			o.shape = shapeOf(o.m)
			if o.m == identity {
				return nil
			}
		}
		return p.c.add(o, line)
	}
	def := p.gates[name]
	if def == nil {
		return syntaxError(line, fmt.Sprintf("unknown gate %q", name))
	}
	if err := arity(name, len(def.params), len(def.qubits), len(params), len(qubits), line); err != nil {
		return err
	}
	if depth >= maxGateDepth {
		return syntaxError(line, "gate definitions nest too deeply")
	}
	env := make(map[string]float64, len(params))
	for i, n := range def.params {
		env[n] = params[i]
	}
	for _, call := range def.body {
		values := make([]float64, len(call.params))
		for i, e := range call.params {
			v, err := e.eval(env)
			if err != nil {
				return err
			}
			values[i] = v
		}
		args := make([]int, len(call.qubits))
		for i, q := range call.qubits {
			args[i] = qubits[q]
		}
		if err := p.apply(call.name, values, args, call.line, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func arity(name string, wantParams, wantQubits, params, qubits, line int) error {
	if params != wantParams || qubits != wantQubits {
		return syntaxError(line, fmt.Sprintf("gate %q takes %d parameters and %d qubits, not %d and %d", name, wantParams, wantQubits, params, qubits))
	}
	return nil
}

func distinct(qubits []int, line int) error {
	for i := range qubits {
		for j := i + 1; j < len(qubits); j++ {
			if qubits[i] == qubits[j] {
				return syntaxError(line, fmt.Sprintf("qubit %d is used twice in one gate", qubits[i]))
			}
		}
	}
	return nil
}

func shapeOf(m [4]complex128) shape {
	switch {
	case m[1] == 0 && m[2] == 0:
		return diagonal
	case m[0] == 0 && m[3] == 0:
		return antidiag
	}
	return general
}

// gateDefinition reads "gate name(params) qubits { body }". The body may call the gates
// known so far (so definitions cannot recurse) on the definition's own qubits.
func (p *parser) gateDefinition() error {
	name, err := p.ident()
	if err != nil {
		return err
	}
	def := &gateDef{}
	p.params = map[string]bool{}
	defer func() { p.params = nil }()
	if p.peekSymbol("(") {
		p.next()
		for !p.peekSymbol(")") {
			t, err := p.ident()
			if err != nil {
				return err
			}
			def.params = append(def.params, t.text)
			p.params[t.text] = true
			if !p.peekSymbol(",") {
				break
			}
			p.next()
		}
		if err := p.expectSymbol(")"); err != nil {
			return err
		}
	}
	qubit := map[string]int{}
	for {
		t, err := p.ident()
		if err != nil {
			return err
		}
		if _, dup := qubit[t.text]; dup {
			return syntaxError(t.line, fmt.Sprintf("qubit argument %q is declared twice", t.text))
		}
		qubit[t.text] = len(def.qubits)
		def.qubits = append(def.qubits, t.text)
		if !p.peekSymbol(",") {
			break
		}
		p.next()
	}
	if err := p.expectSymbol("{"); err != nil {
		return err
	}
	for !p.peekSymbol("}") {
		call, err := p.bodyCall(qubit)
		if err != nil {
			return err
		}
		if call.name != "barrier" {
			def.body = append(def.body, call)
		}
	}
	p.next()
	p.gates[name.text] = def
	return nil
}

// bodyCall reads one statement of a gate body: a gate call or a barrier on the
// definition's qubits.
func (p *parser) bodyCall(qubit map[string]int) (bodyCall, error) {
	t, err := p.ident()
	if err != nil {
		return bodyCall{}, err
	}
	call := bodyCall{name: t.text, line: t.line}
	if t.text != "barrier" {
		if _, ok := library[t.text]; !ok && p.gates[t.text] == nil {
			return call, syntaxError(t.line, fmt.Sprintf("unknown gate %q", t.text))
		}
		if p.peekSymbol("(") {
			if call.params, err = p.exprList(); err != nil {
				return call, err
			}
		}
	}
	for {
		a, err := p.ident()
		if err != nil {
			return call, err
		}
		q, ok := qubit[a.text]
		if !ok {
			return call, syntaxError(a.line, fmt.Sprintf("unknown qubit argument %q", a.text))
		}
		call.qubits = append(call.qubits, q)
		if !p.peekSymbol(",") {
			break
		}
		p.next()
	}
	return call, p.expectSymbol(";")
}
