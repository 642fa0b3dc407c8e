package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// inListEval tests x IN (constants) against a set built once: integers and dates by value,
// strings by their bytes (character(n) without trailing blanks, as bpchareq compares).
// Other types are compiled as the OR of the equalities instead (compileInList). The result
// is NULL where x is NULL (the constants are never NULL), true where x is in the set.
type inListEval struct {
	arg    evaluator
	not    bool
	ints   map[int64]struct{}
	strs   map[string]struct{}
	blanks bool // compare character(n) values without trailing blanks
	// short lists of strings (the usual codes and flags) are matched by a scan that first
	// rules rows out by length: lens has bit l set when an item is l bytes long (l < 64).
	few  []string
	lens uint64
}

// inListScanMax is the longest string list matched by scanning rather than by the map.
const inListScanMax = 8

// compileInList compiles an InList.
func compileInList(x *planner.InList) (evaluator, error) {
	arg, err := compileExpr(x.Arg)
	if err != nil {
		return nil, err
	}
	e := &inListEval{arg: arg, not: x.Not}
	switch x.Arg.Type().OID {
	case types.Int2, types.Int4, types.Int8, types.Date:
		e.ints = map[int64]struct{}{}
		for _, it := range x.List {
			v, ok := intScalar(it.(*planner.Const).Value)
			if !ok {
				return compileInListAsOr(x)
			}
			e.ints[v] = struct{}{}
		}
	case types.Text, types.Varchar, types.Bpchar:
		e.blanks = x.Eq.Name == "bpchareq"
		e.strs = map[string]struct{}{}
		for _, it := range x.List {
			s, ok := it.(*planner.Const).Value.(*scalar.String)
			if !ok {
				return compileInListAsOr(x)
			}
			v := string(s.Value.Bytes())
			if e.blanks {
				v = trimRightBlanks(v)
			}
			e.strs[v] = struct{}{}
		}
		if len(e.strs) <= inListScanMax {
			for v := range e.strs {
				if len(v) >= 64 {
					e.few, e.lens = nil, 0
					break
				}
				e.few = append(e.few, v)
				e.lens |= 1 << len(v)
			}
		}
	default:
		return compileInListAsOr(x)
	}
	return e, nil
}

// compileInListAsOr compiles x IN (a, b) as x = a OR x = b.
func compileInListAsOr(x *planner.InList) (evaluator, error) {
	ors := make([]planner.Expr, len(x.List))
	for i, it := range x.List {
		ors[i] = &planner.Call{Func: x.Eq, Args: []planner.Expr{x.Arg, it}, T: types.TBool}
	}
	var e planner.Expr = &planner.BoolExpr{Op: planner.Or, Args: ors}
	if x.Not {
		e = &planner.BoolExpr{Op: planner.Not, Args: []planner.Expr{e}}
	}
	return compileNode(e)
}

func intScalar(v scalar.Scalar) (int64, bool) {
	switch x := v.(type) {
	case *scalar.Int16:
		return int64(x.Value), true
	case *scalar.Int32:
		return int64(x.Value), true
	case *scalar.Int64:
		return x.Value, true
	case *scalar.Date32:
		return int64(x.Value), true
	}
	return 0, false
}

func trimRightBlanks(s string) string {
	n := len(s)
	for n > 0 && s[n-1] == ' ' {
		n--
	}
	return s[:n]
}

func (e *inListEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	a, err := e.arg.eval(ctx, rec)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	n := a.Len()
	vals := newBitmap(n)
	switch x := a.(type) {
	case *array.Int16:
		matchInts(e.ints, vals, x.Int16Values())
	case *array.Int32:
		matchInts(e.ints, vals, x.Int32Values())
	case *array.Int64:
		matchInts(e.ints, vals, x.Int64Values())
	case *array.Date32:
		matchInts(e.ints, vals, x.Date32Values())
	case *array.String:
		if e.few != nil {
			e.scanFew(x, vals)
			break
		}
		for i := 0; i < n; i++ {
			v := x.Value(i)
			if e.blanks {
				v = trimRightBlanks(v)
			}
			if _, ok := e.strs[v]; ok {
				vals.set(i)
			}
		}
	}
	if e.not {
		for i := range vals {
			vals[i] = ^vals[i]
		}
	}
	return newBoolArray(ctx.Mem, vals, validBitmap(a), n), nil
}

// scanFew sets the bits of the strings of x in the short list e.few.
func (e *inListEval) scanFew(x *array.String, vals bitmap) {
	for i := 0; i < x.Len(); i++ {
		v := x.Value(i)
		if e.blanks {
			v = trimRightBlanks(v)
		}
		if len(v) >= 64 || e.lens&(1<<len(v)) == 0 {
			continue
		}
		for _, c := range e.few {
			if c == v {
				vals.set(i)
				break
			}
		}
	}
}

// matchInts sets the bits of the values of xs in set.
func matchInts[T int16 | int32 | int64 | arrow.Date32](set map[int64]struct{}, vals bitmap, xs []T) {
	for i, v := range xs {
		if _, ok := set[int64(v)]; ok {
			vals.set(i)
		}
	}
}
