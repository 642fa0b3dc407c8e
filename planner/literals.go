package planner

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Clients that send every statement as literal SQL (pgbench's simple protocol, ORMs that
// inline values) repeat a few statement shapes with different numbers in them. A session
// can bind such a shape once with parameters in place of its integer literals and run it
// with each statement's values, as if each had been bound itself, once it checked that
// binding with parameters gives the statement that binding with constants gave:
// NormalizeLiterals finds the literals, SameWithLiterals makes the check.

// NormalizeLiterals returns sql with its integer literals that fit int4 (a unary minus
// included) replaced by $1, $2, ... in order, and their values. ok is false, and sql left
// alone, when it holds no such literal or something this scan does not follow: a dollar
// sign (parameters, dollar quoting), a comment, a string with a prefix (E'...'), a number
// with a fraction or exponent, or a second statement.
func NormalizeLiterals(sql string) (shape string, vals []int32, ok bool) {
	var b strings.Builder
	b.Grow(len(sql) + 8)
	last := byte('(') // the last significant byte outside strings, to tell a unary minus
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '$', c == '-' && strings.HasPrefix(sql[i:], "--"), c == '/' && strings.HasPrefix(sql[i:], "/*"):
			return "", nil, false
		case c == ';':
			if strings.TrimSpace(sql[i+1:]) != "" {
				return "", nil, false
			}
			b.WriteString(sql[i:])
			i = len(sql)
		case c == '\'' || c == '"':
			if c == '\'' && i > 0 && isIdentByte(sql[i-1]) {
				return "", nil, false
			}
			end := quotedEnd(sql, i)
			if end < 0 {
				return "", nil, false
			}
			b.WriteString(sql[i:end])
			last, i = c, end
		case isDigit(c) && (i == 0 || !isIdentByte(sql[i-1]) && sql[i-1] != '.'),
			c == '-' && i+1 < len(sql) && isDigit(sql[i+1]) && strings.IndexByte("(,=<>+-*/%^", last) >= 0:
			end := i + 1
			for end < len(sql) && isDigit(sql[end]) {
				end++
			}
			if end < len(sql) && (sql[end] == '.' || isIdentByte(sql[end])) {
				return "", nil, false
			}
			v, err := strconv.ParseInt(sql[i:end], 10, 32)
			if err != nil {
				b.WriteString(sql[i:end]) // too large for int4: kept as it is
			} else {
				vals = append(vals, int32(v))
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(len(vals)))
			}
			last, i = '0', end
		default:
			b.WriteByte(c)
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				last = c
			}
			i++
		}
	}
	if len(vals) == 0 {
		return "", nil, false
	}
	return b.String(), vals, true
}

// quotedEnd returns the offset just past the string or quoted identifier starting at
// sql[i], a doubled quote standing for itself, or -1 when it does not end.
func quotedEnd(sql string, i int) int {
	q := sql[i]
	for j := i + 1; j < len(sql); j++ {
		if sql[j] != q {
			continue
		}
		if j+1 < len(sql) && sql[j+1] == q {
			j++
			continue
		}
		return j + 1
	}
	return -1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIdentByte reports whether c can continue an identifier or keyword (any byte of a
// multibyte character included).
func isIdentByte(c byte) bool {
	return c == '_' || c >= 0x80 || isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'z'
}

// LiteralParams are the parameter types a shape of NormalizeLiterals is bound with.
func LiteralParams(n int) []types.OID {
	ps := make([]types.OID, n)
	for i := range ps {
		ps[i] = types.Int4
	}
	return ps
}

// WithLiterals returns generic, a query or data change bound with parameters in place of
// the integer literals vals (NormalizeLiterals), with each parameter replaced by the
// constant it stands for and the scans bounded by those constants as the optimizer bounds
// them: the statement to run for the literals, without binding their text.
func WithLiterals(generic *Statement, reg *catalog.Registry, vals []int32) (*Statement, error) {
	consts := make([]Expr, len(vals))
	for i, v := range vals {
		consts[i] = &Const{Value: scalar.NewInt32Scalar(v), T: types.TInt4}
	}
	o := newOptimizer(reg, nil)
	inline := func(e Expr) Expr {
		found := false
		e = deepMapExpr(e, func(e Expr) Expr {
			if p, ok := e.(*Param); ok && p.Idx < len(consts) && p.T == types.TInt4 {
				found = true
				return consts[p.Idx]
			}
			return e
		})
		if found {
			e = o.fold(e) // as the optimizer folds the constants of a statement
		}
		return e
	}
	st := *generic
	st.Params = nil
	if st.Query != nil {
		q, err := transformPlanDeep(st.Query, func(p Plan) (Plan, error) {
			p = mapPlanExprs(p, inline)
			switch x := p.(type) {
			case *Scan:
				if l := x.Lookup; l != nil {
					n := *x
					n.Lookup = &IndexLookup{Index: l.Index, Keys: mapKeepNil(l.Keys, inline),
						Conds: mapKeepNil(l.Conds, inline), IndexCond: mapKeepNil(l.IndexCond, inline)}
					return &n, nil
				}
			case *Filter:
				if _, ok := x.Input.(*Scan); ok {
					return o.boundScans(x)
				}
			}
			return p, nil
		})
		if err != nil {
			return nil, err
		}
		st.Query = q
	}
	if u := st.Upsert; u != nil {
		st.Upsert = &Upsert{Set: mapKeepNil(u.Set, inline), Where: inline(u.Where), Returning: mapKeepNil(u.Returning, inline)}
	}
	return &st, nil
}

// SameWithLiterals reports whether generic, a query or data change bound with parameters
// in place of literal values vals, gives withConsts, the statement bound with the literals,
// once the parameters are the constants (WithLiterals): then the shape's statements can
// run that way.
func SameWithLiterals(generic, withConsts *Statement, reg *catalog.Registry, vals []int32) bool {
	switch withConsts.Kind {
	case StmtQuery, StmtInsert, StmtUpdate, StmtDelete:
	default:
		return false
	}
	if generic.Kind != withConsts.Kind || len(generic.Params) != len(vals) || len(withConsts.Params) != 0 {
		return false
	}
	st, err := WithLiterals(generic, reg, vals)
	if err != nil {
		return false
	}
	st.Params = withConsts.Params
	return reflect.DeepEqual(st, withConsts)
}

// mapKeepNil is mapList keeping a nil list nil.
func mapKeepNil(es []Expr, fn func(Expr) Expr) []Expr {
	if es == nil {
		return nil
	}
	return mapList(es, fn)
}
