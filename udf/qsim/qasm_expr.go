package qsim

import (
	"fmt"
	"math"
	"strconv"
)

// expr is a parameter expression of OpenQASM 2.0: numbers, pi, a gate's parameter names,
// + - * / ^, unary minus and sin cos tan exp ln sqrt. It is evaluated when a gate is
// applied, with the values of the enclosing gate definition's parameters.
type expr struct {
	op   byte // 'n' number, 'v' parameter, 'u' unary minus, 'f' function, or the binary operator
	num  float64
	name string // parameter or function name
	l, r *expr
	line int
}

// unaryFuncs are OpenQASM 2.0's unaryop functions.
var unaryFuncs = map[string]func(float64) float64{
	"sin": math.Sin, "cos": math.Cos, "tan": math.Tan, "exp": math.Exp, "ln": math.Log, "sqrt": math.Sqrt,
}

// eval computes e with the given parameter values.
func (e *expr) eval(env map[string]float64) (float64, error) {
	switch e.op {
	case 'n':
		return e.num, nil
	case 'v':
		v, ok := env[e.name]
		if !ok {
			return 0, syntaxError(e.line, fmt.Sprintf("unknown parameter %q", e.name))
		}
		return v, nil
	case 'u':
		v, err := e.l.eval(env)
		return -v, err
	case 'f':
		v, err := e.l.eval(env)
		return unaryFuncs[e.name](v), err
	}
	l, err := e.l.eval(env)
	if err != nil {
		return 0, err
	}
	r, err := e.r.eval(env)
	if err != nil {
		return 0, err
	}
	switch e.op {
	case '+':
		return l + r, nil
	case '-':
		return l - r, nil
	case '*':
		return l * r, nil
	case '/':
		return l / r, nil
	}
	return math.Pow(l, r), nil
}

// expr parses an expression: sums of products of unary terms of powers of primaries, with
// ^ binding tightest and associating to the right, as in Qiskit's OpenQASM 2 parser.
func (p *parser) expr() (*expr, error) {
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.peekSymbol("+") || p.peekSymbol("-") {
		t := p.next()
		r, err := p.term()
		if err != nil {
			return nil, err
		}
		l = &expr{op: t.text[0], l: l, r: r, line: t.line}
	}
	return l, nil
}

func (p *parser) term() (*expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peekSymbol("*") || p.peekSymbol("/") {
		t := p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &expr{op: t.text[0], l: l, r: r, line: t.line}
	}
	return l, nil
}

func (p *parser) unary() (*expr, error) {
	if p.peekSymbol("-") {
		t := p.next()
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &expr{op: 'u', l: v, line: t.line}, nil
	}
	if p.peekSymbol("+") {
		p.next()
		return p.unary()
	}
	return p.power()
}

func (p *parser) power() (*expr, error) {
	base, err := p.primary()
	if err != nil {
		return nil, err
	}
	if p.peekSymbol("^") {
		t := p.next()
		exp, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &expr{op: '^', l: base, r: exp, line: t.line}, nil
	}
	return base, nil
}

func (p *parser) primary() (*expr, error) {
	t := p.next()
	switch t.kind {
	case tokInt, tokReal:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, syntaxError(t.line, fmt.Sprintf("invalid number %s", t))
		}
		return &expr{op: 'n', num: v, line: t.line}, nil
	case tokIdent:
		if t.text == "pi" {
			return &expr{op: 'n', num: math.Pi, line: t.line}, nil
		}
		if _, ok := unaryFuncs[t.text]; ok {
			if err := p.expectSymbol("("); err != nil {
				return nil, err
			}
			arg, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expectSymbol(")"); err != nil {
				return nil, err
			}
			return &expr{op: 'f', name: t.text, l: arg, line: t.line}, nil
		}
		if p.params == nil || !p.params[t.text] {
			return nil, syntaxError(t.line, fmt.Sprintf("unknown parameter %s", t))
		}
		return &expr{op: 'v', name: t.text, line: t.line}, nil
	case tokSymbol:
		if t.text == "(" {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			return e, p.expectSymbol(")")
		}
	}
	return nil, syntaxError(t.line, fmt.Sprintf("expected an expression, found %s", t))
}
