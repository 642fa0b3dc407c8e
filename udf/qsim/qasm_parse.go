package qsim

import (
	"context"
	"fmt"
	"strconv"
)

// register is a qreg or creg: its bits are [offset, offset+size) of all qubits (or classical
// bits), numbered in declaration order as Qiskit numbers them.
type register struct {
	name         string
	size, offset int
}

// argument is a gate, measure or barrier operand: one bit of a register, or the whole
// register (index -1), which broadcasts the statement over its bits.
type argument struct {
	reg   *register
	index int
}

// gateDef is a gate defined by a gate statement: parameter and qubit names and a body of
// calls of earlier gates, expanded where the gate is applied.
type gateDef struct {
	params, qubits []string
	body           []bodyCall
}

// bodyCall is one gate call inside a gate definition; its qubits are the definition's
// qubit names, as indexes into gateDef.qubits.
type bodyCall struct {
	name   string
	params []*expr
	qubits []int
	line   int
}

// parser reads an OpenQASM 2.0 program and builds its circuit as it goes: declarations
// before use, as the language requires, let every statement be resolved when it is read.
type parser struct {
	toks []token
	pos  int
	// params holds the parameter names in scope while a gate definition's body is read.
	params map[string]bool
	c      *circuit
	gates  map[string]*gateDef
	qregs  map[string]*register
	cregs  map[string]*register
}

// parse compiles an OpenQASM 2.0 program. qelib1.inc's gates are always available;
// including it is allowed (and customary), including any other file is an error. Nested
// gate definitions can expand a short program to millions of operations: expanding them
// stops when ctx is canceled.
func parse(ctx context.Context, src string, maxQubits int) (*circuit, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, c: newCircuit(ctx), gates: map[string]*gateDef{},
		qregs: map[string]*register{}, cregs: map[string]*register{}}
	if p.peek().kind == tokKeyword {
		if err := p.header(); err != nil {
			return nil, err
		}
	}
	for p.peek().kind != tokEOF {
		if err := p.statement(maxQubits); err != nil {
			return nil, err
		}
	}
	return p.c, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) peekSymbol(s string) bool {
	t := p.peek()
	return t.kind == tokSymbol && t.text == s
}

func (p *parser) expectSymbol(s string) error {
	if t := p.next(); t.kind != tokSymbol || t.text != s {
		return syntaxError(t.line, fmt.Sprintf("expected %q, found %s", s, t))
	}
	return nil
}

func (p *parser) ident() (token, error) {
	t := p.next()
	if t.kind != tokIdent {
		return t, syntaxError(t.line, fmt.Sprintf("expected an identifier, found %s", t))
	}
	return t, nil
}

// header reads "OPENQASM 2.0;".
func (p *parser) header() error {
	p.next()
	v := p.next()
	if v.kind != tokReal && v.kind != tokInt || v.text[0] != '2' {
		return syntaxError(v.line, fmt.Sprintf("unsupported OpenQASM version %s: only 2.0 is supported", v))
	}
	return p.expectSymbol(";")
}

func (p *parser) statement(maxQubits int) error {
	t := p.next()
	if t.kind != tokIdent {
		return syntaxError(t.line, fmt.Sprintf("expected a statement, found %s", t))
	}
	switch t.text {
	case "include":
		f := p.next()
		if f.kind != tokString {
			return syntaxError(f.line, fmt.Sprintf("expected a file name, found %s", f))
		}
		if f.text != "qelib1.inc" {
			return syntaxError(f.line, fmt.Sprintf("cannot include %q: only \"qelib1.inc\" is available", f.text))
		}
		return p.expectSymbol(";")
	case "qreg", "creg":
		return p.declare(t, maxQubits)
	case "gate":
		return p.gateDefinition()
	case "opaque":
		return syntaxError(t.line, "opaque gates cannot be simulated")
	case "if":
		return unsupported(t.line, "classically controlled operations (if) are not supported")
	case "measure":
		return p.measure(t.line)
	case "reset":
		return p.reset(t.line)
	case "barrier":
		_, err := p.arguments(p.qregs, t.line)
		return err
	}
	return p.gateCall(t)
}

// declare reads "qreg name[size];" or "creg name[size];".
func (p *parser) declare(kw token, maxQubits int) error {
	name, err := p.ident()
	if err != nil {
		return err
	}
	if err := p.expectSymbol("["); err != nil {
		return err
	}
	size, err := p.integer()
	if err != nil {
		return err
	}
	if err := p.expectSymbol("]"); err != nil {
		return err
	}
	if err := p.expectSymbol(";"); err != nil {
		return err
	}
	if p.qregs[name.text] != nil || p.cregs[name.text] != nil {
		return syntaxError(name.line, fmt.Sprintf("register %q is already declared", name.text))
	}
	if size < 1 {
		return syntaxError(name.line, fmt.Sprintf("register %q must have at least one bit", name.text))
	}
	if kw.text == "qreg" {
		if p.c.qubits+size > maxQubits {
			return tooManyQubits(p.c.qubits+size, maxQubits)
		}
		r := &register{name: name.text, size: size, offset: p.c.qubits}
		p.qregs[name.text] = r
		p.c.qubits += size
		return nil
	}
	if p.c.clbits+size > maxClbits {
		return unsupported(name.line, fmt.Sprintf("at most %d classical bits are supported", maxClbits))
	}
	r := &register{name: name.text, size: size, offset: p.c.clbits}
	p.cregs[name.text] = r
	p.c.cregs = append(p.c.cregs, r)
	p.c.clbits += size
	return nil
}

func (p *parser) integer() (int, error) {
	t := p.next()
	if t.kind != tokInt {
		return 0, syntaxError(t.line, fmt.Sprintf("expected an integer, found %s", t))
	}
	v, err := strconv.Atoi(t.text)
	if err != nil || v > 1<<30 {
		return 0, syntaxError(t.line, fmt.Sprintf("integer %s is out of range", t))
	}
	return v, nil
}

// arguments reads a comma-separated list of register arguments up to ";".
func (p *parser) arguments(regs map[string]*register, line int) ([]argument, error) {
	var args []argument
	for {
		a, err := p.argument(regs)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if !p.peekSymbol(",") {
			break
		}
		p.next()
	}
	return args, p.expectSymbol(";")
}

// argument reads "name" or "name[index]" of a register in regs.
func (p *parser) argument(regs map[string]*register) (argument, error) {
	t, err := p.ident()
	if err != nil {
		return argument{}, err
	}
	r := regs[t.text]
	if r == nil {
		return argument{}, syntaxError(t.line, fmt.Sprintf("unknown register %q", t.text))
	}
	a := argument{reg: r, index: -1}
	if p.peekSymbol("[") {
		p.next()
		if a.index, err = p.integer(); err != nil {
			return a, err
		}
		if a.index >= r.size {
			return a, syntaxError(t.line, fmt.Sprintf("index %d is out of range for register %q of size %d", a.index, r.name, r.size))
		}
		if err := p.expectSymbol("]"); err != nil {
			return a, err
		}
	}
	return a, nil
}

// broadcast expands arguments over whole registers: every register argument must have the
// same size n, and the statement applies n times, bit i of each register with the single
// bits as given. f receives the absolute bit numbers of each application.
func broadcast(args []argument, line int, f func(bits []int) error) error {
	n := 1
	for _, a := range args {
		if a.index < 0 {
			if n > 1 && a.reg.size != n {
				return syntaxError(line, "registers of different sizes in one statement")
			}
			n = a.reg.size
		}
	}
	bits := make([]int, len(args))
	for i := 0; i < n; i++ {
		for j, a := range args {
			bits[j] = a.reg.offset + a.index
			if a.index < 0 {
				bits[j] = a.reg.offset + i
			}
		}
		if err := f(bits); err != nil {
			return err
		}
	}
	return nil
}

// measure reads "measure q -> c;".
func (p *parser) measure(line int) error {
	q, err := p.argument(p.qregs)
	if err != nil {
		return err
	}
	if err := p.expectSymbol("->"); err != nil {
		return err
	}
	c, err := p.argument(p.cregs)
	if err != nil {
		return err
	}
	if err := p.expectSymbol(";"); err != nil {
		return err
	}
	if (q.index < 0) != (c.index < 0) || q.index < 0 && q.reg.size != c.reg.size {
		return syntaxError(line, "measure needs a qubit and a bit, or registers of the same size")
	}
	return broadcast([]argument{q, c}, line, func(bits []int) error {
		p.c.measure(bits[0], bits[1], line)
		return nil
	})
}

// reset reads "reset q;". A qubit no gate has touched is |0> already; resetting one in use
// would need a measurement in the middle of the circuit.
func (p *parser) reset(line int) error {
	args, err := p.arguments(p.qregs, line)
	if err != nil {
		return err
	}
	return broadcast(args, line, func(bits []int) error {
		if p.c.touched[bits[0]] {
			return unsupported(line, "reset of a qubit after gates or a measurement is not supported")
		}
		return nil
	})
}

// gateCall reads "name(params) args;" and applies the gate.
func (p *parser) gateCall(name token) error {
	var params []*expr
	if p.peekSymbol("(") {
		var err error
		if params, err = p.exprList(); err != nil {
			return err
		}
	}
	args, err := p.arguments(p.qregs, name.line)
	if err != nil {
		return err
	}
	values := make([]float64, len(params))
	for i, e := range params {
		if values[i], err = e.eval(nil); err != nil {
			return err
		}
	}
	return broadcast(args, name.line, func(bits []int) error {
		return p.apply(name.text, values, bits, name.line, 0)
	})
}

// exprList reads "(e1, e2, ...)".
func (p *parser) exprList() ([]*expr, error) {
	p.next()
	var out []*expr
	if p.peekSymbol(")") {
		p.next()
		return out, nil
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		if !p.peekSymbol(",") {
			break
		}
		p.next()
	}
	return out, p.expectSymbol(")")
}
