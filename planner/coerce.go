package planner

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// isUnknown reports whether e is an untyped literal or parameter whose type the context
// decides (PostgreSQL's "unknown").
func isUnknown(e Expr) bool {
	o := e.Type().OID
	return o == types.UnknownLit || o == types.Unknown
}

// constFromText builds a constant of type t from its text form, with t's input function
// (and so t's input errors) under settings io (nil: the defaults).
func constFromText(text string, t types.T, io *types.IOSettings) (*Const, error) {
	bld := array.NewBuilder(memory.DefaultAllocator, t.Arrow())
	defer bld.Release()
	if io == nil {
		io = &types.IOSettings{}
	}
	if err := types.TextParserFor(t, io)(bld, []byte(text)); err != nil {
		return nil, err
	}
	arr := bld.NewArray()
	defer arr.Release()
	s, err := scalar.GetScalar(arr, 0)
	if err != nil {
		return nil, err
	}
	return &Const{Value: s, T: t}, nil
}

// nullConst returns a NULL of type t.
func nullConst(t types.T) *Const { return &Const{Value: scalar.MakeNullScalar(t.Arrow()), T: t} }

// sameStorage reports whether values of a and b are held in identical Arrow types, so a
// relabelling needs no conversion.
func sameStorage(a, b types.T) bool { return arrowEqual(a, b) }

func arrowEqual(a, b types.T) bool {
	return a.Arrow().Fingerprint() == b.Arrow().Fingerprint()
}

// coerce converts e to type to for the given context, as PostgreSQL's coerce_type does:
// unknown literals are parsed as to, unknown parameters take the type, and other types need
// a cast allowed in ctx. loc positions errors.
func (b *binder) coerce(e Expr, to types.T, ctx types.CoercionContext, loc int32) (Expr, error) {
	out, err := b.coerceExpr(e, to, ctx, loc)
	if err == nil && b.notes != nil {
		b.notes.coerced(e, out)
	}
	return out, err
}

// coerceExpr is coerce without the note a deparse takes of it.
func (b *binder) coerceExpr(e Expr, to types.T, ctx types.CoercionContext, loc int32) (Expr, error) {
	from := e.Type()
	if to.OID == types.Any || to.OID == types.AnyElement || to.OID == types.AnyArray && types.IsArray(from.OID) {
		return b.resolveUnknown(e, loc)
	}
	if to.OID == types.Record && to.Typmod < 0 && types.IsRecord(from) {
		return e, nil // a record or composite value where any record is accepted
	}
	if d := to.Type(); d != nil && d.Kind == types.KindDomain {
		return b.coerceToDomain(e, to, ctx, loc)
	}
	if from == to {
		return e, nil
	}
	if row, ok := e.(*RowExpr); ok && types.IsComposite(to) {
		return b.rowToComposite(row, to, ctx, loc)
	}
	switch x := e.(type) {
	case *Const:
		if isUnknown(x) {
			if x.Value == nil || !x.Value.IsValid() {
				return nullConst(to), nil
			}
			// The literal is read by the type's input function without the modifier; the
			// modifier is then applied as a cast, so 'abcdef'::varchar(3) truncates as
			// PostgreSQL's explicit length coercion does. interval is the exception, as in
			// PostgreSQL: its input needs the modifier (interval '90' day is 90 days).
			base := to
			if to.Typmod >= 0 && to.OID != types.Interval {
				base = types.Of(to.OID)
			}
			c, err := b.literal(string(x.Value.(*scalar.String).Value.Bytes()), base)
			if err != nil {
				return nil, b.at(err, loc)
			}
			if base != to {
				return &Cast{Arg: c, T: to, Context: ctx}, nil
			}
			return c, nil
		}
	case *Param:
		if isUnknown(x) {
			b.params[x.Idx] = to
			p := &Param{Idx: x.Idx, T: to}
			if to.Typmod >= 0 {
				return &Cast{Arg: p, T: to, Context: ctx}, nil
			}
			return p, nil
		}
	}
	if from.OID == to.OID {
		if sameStorage(from, to) && (to.Typmod < 0 || to.Typmod == from.Typmod) {
			// Dropping a declared modifier (varchar(3) -> varchar) changes nothing stored.
			return e, nil
		}
		return &Cast{Arg: e, T: to, Context: ctx}, nil
	}
	if isUnknown(e) {
		return &Cast{Arg: e, T: to, Context: ctx}, nil
	}
	if !types.CanCast(from.OID, to.OID, ctx) {
		if ctx == types.Explicit {
			return nil, b.errorf(loc, pgcode.CannotCoerce, "cannot cast type %s to %s", b.fmtType(from), b.fmtType(to))
		}
		return nil, b.errorf(loc, pgcode.DatatypeMismatch, "cannot convert type %s to %s", b.fmtType(from), b.fmtType(to))
	}
	return &Cast{Arg: e, T: to, Context: ctx}, nil
}

// resolveUnknown gives an unknown literal or parameter the type text, as PostgreSQL does
// where nothing else decides it (a SELECT list, a function taking "any").
func (b *binder) resolveUnknown(e Expr, loc int32) (Expr, error) {
	if !isUnknown(e) {
		return e, nil
	}
	return b.coerce(e, types.TText, types.Implicit, loc)
}

// commonType chooses the type a set of expressions is resolved to (UNION, CASE, VALUES,
// COALESCE), following PostgreSQL's select_common_type (see selectCommonType). context names
// the construct for the error message ("UNION", "CASE").
func (b *binder) commonType(es []Expr, context string, locs []int32) (types.T, error) {
	ts := make([]types.T, len(es))
	for i, e := range es {
		ts[i] = e.Type()
		if isUnknown(e) {
			ts[i] = types.TUnknownLit
		}
	}
	pick, bad := selectCommonType(ts)
	if bad >= 0 {
		loc := int32(-1)
		if bad < len(locs) {
			loc = locs[bad]
		}
		return types.T{}, b.errorf(loc, pgcode.DatatypeMismatch, "%s types %s and %s cannot be matched", context, pick, ts[bad])
	}
	return pick, nil
}

// selectCommonType is select_common_type over types: the first non-unknown type, moved to
// later types that it converts to implicitly, preferring the category's preferred type;
// text when all are unknown. A type of another category than the pick so far makes the
// choice fail: bad is its index (and pick the type it clashed with), else -1.
func selectCommonType(ts []types.T) (pick types.T, bad int) {
	// Inputs all of one type keep it, a domain included; otherwise domains count as their
	// base types.
	for _, t := range ts {
		if !isUnknownT(t) && pick.OID == 0 {
			pick = t
		} else if !isUnknownT(t) && t.OID != pick.OID {
			ts = baseTypes(ts)
			break
		}
	}
	pick = types.T{}
	pickIdx := -1
	for i, t := range ts {
		if isUnknownT(t) {
			continue
		}
		if pickIdx < 0 {
			pick, pickIdx = t, i
			continue
		}
		if t.OID == pick.OID {
			if t.Typmod != pick.Typmod {
				if merged, ok := mergeRecordShapes(pick, t); ok {
					pick = merged
					continue
				}
				pick = types.Of(t.OID)
			}
			continue
		}
		if pick.Category() != t.Category() {
			return pick, i
		}
		preferred := pick.Type() != nil && pick.Type().Preferred
		if !preferred && types.CanCast(pick.OID, t.OID, types.Implicit) && !types.CanCast(t.OID, pick.OID, types.Implicit) {
			pick, pickIdx = t, i
		}
	}
	if pickIdx < 0 {
		return types.TText, -1
	}
	// The modifier survives only when every input has it (select_common_typmod), so that
	// COALESCE(numeric(10,2) column, 0) does not round 0 to 0.00.
	for _, t := range ts {
		if t != pick && pick.OID != types.Record {
			return types.Of(pick.OID), -1
		}
	}
	return pick, -1
}

// mergeRecordShapes returns the anonymous record type that values of record types a and b
// (ROW(1, 2) and ROW(NULL, NULL) in one VALUES column) both convert to: field by field the
// common type, with a's field names. PostgreSQL keeps each record value's own shape; pgfast
// holds a column's records in one layout, so they meet in the common one. ok is false when
// either shape is unknown, the field counts differ or a pair of fields has no common type.
func mergeRecordShapes(a, b types.T) (types.T, bool) {
	if a.OID != types.Record || b.OID != types.Record {
		return types.T{}, false
	}
	af, aok := types.RecordFields(a)
	bf, bok := types.RecordFields(b)
	if !aok || !bok || len(af) != len(bf) {
		return types.T{}, false
	}
	out := make([]types.RecordField, len(af))
	for i := range af {
		t, bad := selectCommonType([]types.T{af[i].Type, bf[i].Type})
		if bad >= 0 {
			return types.T{}, false
		}
		out[i] = types.RecordField{Name: af[i].Name, Type: t}
	}
	return types.RecordOf(out), true
}

// coerceAll converts es to t in implicit context.
func (b *binder) coerceAll(es []Expr, t types.T, locs []int32) ([]Expr, error) {
	out := make([]Expr, len(es))
	for i, e := range es {
		loc := int32(-1)
		if i < len(locs) {
			loc = locs[i]
		}
		c, err := b.coerce(e, t, types.Implicit, loc)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// candidate is one overload considered by resolve.
type candidate struct {
	args     []types.OID
	variadic bool
	fn       *catalog.Func
	op       *catalog.Operator
}

// funcCandidate is f as an overload candidate. A VARIADIC array parameter (text[])
// takes its elements one argument each; bindCall gathers them into the array.
func funcCandidate(f *catalog.Func) candidate {
	c := candidate{args: f.Args, variadic: f.Variadic, fn: f}
	if elem := variadicElem(f); elem != types.Unknown {
		c.args = append(append([]types.OID(nil), f.Args[:len(f.Args)-1]...), elem)
	}
	return c
}

// variadicElem returns the element type of f's VARIADIC array parameter, or Unknown when f
// has none (VARIADIC "any" repeats its argument instead).
func variadicElem(f *catalog.Func) types.OID {
	if !f.Variadic || len(f.Args) == 0 {
		return types.Unknown
	}
	if d := types.ByOID(f.Args[len(f.Args)-1]); d != nil && d.Category == types.CatArray && d.Elem != 0 {
		return d.Elem
	}
	return types.Unknown
}

func (c candidate) argAt(i int) types.OID {
	if c.variadic && i >= len(c.args)-1 {
		return c.args[len(c.args)-1]
	}
	return c.args[i]
}

// declared returns the declared types of a call with n arguments (variadic ones repeated).
func (c candidate) declared(n int) []types.OID {
	out := make([]types.OID, n)
	for i := range out {
		out[i] = c.argAt(i)
	}
	return out
}

// pickCandidate implements the essentials of PostgreSQL's func_select_candidate: exact
// matches first, then implicit coercibility, most exact matches, preferred types, and for
// unknown arguments a preference for the string category. It returns nil when none fits
// and ambiguous=true when several fit equally.
func pickCandidate(cands []candidate, args []types.T) (best *candidate, ambiguous bool) {
	args = baseTypes(args)
	n := len(args)
	var fits []candidate
	for _, c := range cands {
		minArgs := len(c.args)
		if c.fn != nil {
			minArgs -= len(c.fn.ArgDefaults)
		}
		if !c.variadic && (n > len(c.args) || n < minArgs) || c.variadic && n < len(c.args)-1 {
			continue
		}
		if c.variadic && c.fn != nil && variadicElem(c.fn) != types.Unknown && n < len(c.args) {
			continue // a VARIADIC array parameter takes at least one argument
		}
		ok := true
		for i, a := range args {
			want := c.argAt(i)
			if a.OID == want || want == types.Any || types.IsPolymorphic(want) || a.OID == types.UnknownLit || a.OID == types.Unknown {
				continue
			}
			if !types.CanCast(a.OID, want, types.Implicit) {
				ok = false
				break
			}
		}
		if ok && hasPolymorphic(c.args...) {
			ok = polymorphicFits(c.declared(len(args)), args)
		}
		if ok {
			fits = append(fits, c)
		}
	}
	fits = preferNonVariadic(fits, n)
	if len(fits) <= 1 {
		if len(fits) == 1 {
			return &fits[0], false
		}
		return nil, false
	}
	// Binary operators with one unknown side: assume the unknown has the other's type.
	if n == 2 {
		known := -1
		if isUnknownT(args[0]) && !isUnknownT(args[1]) {
			known = 1
		} else if isUnknownT(args[1]) && !isUnknownT(args[0]) {
			known = 0
		}
		if known >= 0 {
			for i := range fits {
				if fits[i].argAt(0) == args[known].OID && fits[i].argAt(1) == args[known].OID {
					return &fits[i], false
				}
			}
		}
	}
	score := func(keep func(c candidate) int) {
		bestScore := -1
		var kept []candidate
		for _, c := range fits {
			s := keep(c)
			if s > bestScore {
				bestScore, kept = s, kept[:0]
			}
			if s == bestScore {
				kept = append(kept, c)
			}
		}
		fits = kept
	}
	// Most exact matches.
	score(func(c candidate) int {
		s := 0
		for i, a := range args {
			if a.OID == c.argAt(i) {
				s++
			}
		}
		return s
	})
	if len(fits) == 1 {
		return &fits[0], false
	}
	// Most preferred types where a conversion is needed.
	score(func(c candidate) int {
		s := 0
		for i, a := range args {
			if a.OID != c.argAt(i) {
				if t := types.ByOID(c.argAt(i)); t != nil && t.Preferred {
					s++
				}
			}
		}
		return s
	})
	if len(fits) == 1 {
		return &fits[0], false
	}
	// Unknown arguments prefer the string category, then preferred types.
	score(func(c candidate) int {
		s := 0
		for i, a := range args {
			if isUnknownT(a) {
				if t := types.ByOID(c.argAt(i)); t != nil {
					if t.Category == types.CatString {
						s += 2
					}
					if t.Preferred {
						s++
					}
				}
			}
		}
		return s
	})
	if len(fits) == 1 {
		return &fits[0], false
	}
	return &fits[0], true
}

// preferNonVariadic drops variadic candidates called with no variadic argument when a plain
// candidate fits too, as PostgreSQL prefers format(text) to format(text, VARIADIC "any")
// for a one-argument call.
func preferNonVariadic(fits []candidate, n int) []candidate {
	plain := false
	for _, c := range fits {
		plain = plain || !c.variadic
	}
	if !plain {
		return fits
	}
	out := fits[:0:0]
	for _, c := range fits {
		if c.variadic && (n < len(c.args) || samePlain(fits, c, n)) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// samePlain reports whether a non-variadic candidate among fits takes the same argument
// types as variadic candidate v called with n arguments; PostgreSQL keeps the plain one.
func samePlain(fits []candidate, v candidate, n int) bool {
	for _, c := range fits {
		if c.variadic || len(c.args) != n {
			continue
		}
		same := true
		for i := 0; i < n; i++ {
			same = same && c.args[i] == v.argAt(i)
		}
		if same {
			return true
		}
	}
	return false
}

func isUnknownT(t types.T) bool { return t.OID == types.UnknownLit || t.OID == types.Unknown }

// typeList formats argument types for "function f(integer, text) does not exist", without
// modifiers as PostgreSQL's format_type_be prints them.
func (b *binder) typeList(args []types.T) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = b.fmtType(types.Of(a.OID))
	}
	return strings.Join(parts, ", ")
}

// callFunc resolves name over args and returns the bound call, coercing arguments.
func (b *binder) callFunc(name string, args []Expr, locs []int32, loc int32) (*Call, error) {
	fns := b.reg.Funcs(name)
	cands := make([]candidate, 0, len(fns))
	for _, f := range fns {
		if f.Kind != catalog.KindFunc {
			continue
		}
		cands = append(cands, funcCandidate(f))
	}
	argTypes := exprTypes(args)
	c, ambiguous := pickCandidate(cands, argTypes)
	if c == nil {
		return nil, b.errorf(loc, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, b.typeList(argTypes)).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	if ambiguous {
		return nil, b.errorf(loc, pgcode.AmbiguousFunction, "function %s(%s) is not unique", name, b.typeList(argTypes)).
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
	}
	return b.bindCall(c.fn, *c, args, locs)
}

// bindCall coerces args to the candidate's argument types and builds the Call. Polymorphic
// arguments and results are resolved as PostgreSQL does (polymorphic.go).
func (b *binder) bindCall(fn *catalog.Func, c candidate, args []Expr, locs []int32) (*Call, error) {
	declared := c.declared(len(args))
	var poly polyResult
	isPoly := hasPolymorphic(declared...) || types.IsPolymorphic(fn.Ret)
	if isPoly {
		var err error
		if poly, err = resolvePolymorphic(declared, baseTypes(exprTypes(args))); err != nil {
			loc := int32(-1)
			if len(locs) > 0 {
				loc = locs[0]
			}
			return nil, b.at(err, loc)
		}
	}
	out := make([]Expr, len(args))
	for i, a := range args {
		loc := int32(-1)
		if i < len(locs) {
			loc = locs[i]
		}
		want := declared[i]
		var err error
		switch {
		case want == types.Any:
			out[i], err = b.resolveUnknown(a, loc)
		case types.IsPolymorphic(want):
			t := poly.concreteArg(want, types.BaseType(a.Type()))
			if t.OID == a.Type().OID {
				out[i] = a
			} else {
				out[i], err = b.coerce(a, t, types.Implicit, loc)
			}
		case a.Type().OID == want:
			out[i] = a // numeric keeps its scale; kernels rescale
		default:
			out[i], err = b.coerce(a, types.Of(want), types.Implicit, loc)
		}
		if err != nil {
			return nil, err
		}
	}
	if c.variadic && variadicElem(fn) != types.Unknown {
		// The arguments matching a VARIADIC array parameter become its array.
		k := len(fn.Args) - 1
		arr := &ArrayExpr{Elems: append([]Expr(nil), out[k:]...), T: types.Of(fn.Args[k])}
		out = append(out[:k], arr)
	}
	if !fn.Variadic {
		// Omitted trailing arguments take their defaults.
		first := len(fn.Args) - len(fn.ArgDefaults)
		for i := len(out); i < len(fn.Args); i++ {
			d, err := constFromText(fn.ArgDefaults[i-first], types.Of(fn.Args[i]), nil)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
	}
	t := fn.ResultType(exprTypes(out))
	if fn.ReturnType == nil && isPoly && types.IsPolymorphic(fn.Ret) {
		var err error
		if t, err = poly.result(fn.Ret); err != nil {
			return nil, err
		}
	}
	return &Call{Func: fn, Args: out, T: t}, nil
}

// operator resolves a binary (or prefix, when left is nil) operator.
func (b *binder) operator(name string, left, right Expr, lloc, rloc, loc int32) (Expr, error) {
	ops := b.reg.Operators(name)
	var args []Expr
	var locs []int32
	if left != nil {
		args, locs = []Expr{left, right}, []int32{lloc, rloc}
	} else {
		args, locs = []Expr{right}, []int32{rloc}
	}
	cands := make([]candidate, 0, len(ops))
	for _, op := range ops {
		if (op.Left == 0) != (left == nil) {
			continue
		}
		if left == nil {
			cands = append(cands, candidate{args: []types.OID{op.Right}, op: op, fn: op.Func})
		} else {
			cands = append(cands, candidate{args: []types.OID{op.Left, op.Right}, op: op, fn: op.Func})
		}
	}
	argTypes := exprTypes(args)
	// Two unknowns compare as text, as PostgreSQL resolves 'a' = 'b'.
	if left != nil && isUnknown(left) && isUnknown(right) {
		argTypes = []types.T{types.TText, types.TText}
	}
	c, ambiguous := pickCandidate(cands, argTypes)
	if c == nil || ambiguous {
		desc := b.typeList(exprTypes(args))
		if left != nil {
			desc = b.fmtType(types.Of(exprTypes(args)[0].OID)) + " " + name + " " + b.fmtType(types.Of(exprTypes(args)[1].OID))
		} else {
			desc = name + " " + desc
		}
		if ambiguous {
			return nil, b.errorf(loc, pgcode.AmbiguousFunction, "operator is not unique: %s", desc).
				WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
		}
		return nil, b.errorf(loc, pgcode.UndefinedFunction, "operator does not exist: %s", desc).
			WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
	}
	return b.bindCall(c.fn, *c, args, locs)
}

func exprTypes(es []Expr) []types.T {
	out := make([]types.T, len(es))
	for i, e := range es {
		out[i] = e.Type()
	}
	return out
}

// rowToComposite converts ROW(...) to composite type to, as coerce_record_to_complex does:
// one field per attribute, each converted to the attribute's type in context ctx.
func (b *binder) rowToComposite(row *RowExpr, to types.T, ctx types.CoercionContext, loc int32) (Expr, error) {
	attrs, _ := types.RecordFields(to)
	fail := func(detail string) error {
		return b.errorf(loc, pgcode.CannotCoerce, "cannot cast type %s to %s", b.fmtType(row.T), b.fmtType(to)).WithDetail(detail)
	}
	if len(row.Fields) > len(attrs) {
		return nil, fail("Input has too many columns.")
	}
	if len(row.Fields) < len(attrs) {
		return nil, fail("Input has too few columns.")
	}
	fields := make([]Expr, len(attrs))
	for i, a := range attrs {
		f, err := b.coerce(row.Fields[i], a.Type, ctx, loc)
		if err != nil {
			if pgerror.GetCode(err) == pgcode.CannotCoerce || pgerror.GetCode(err) == pgcode.DatatypeMismatch {
				return nil, fail(fmt.Sprintf("Cannot cast type %s to %s in column %d.", b.fmtType(row.Fields[i].Type()), b.fmtType(a.Type), i+1))
			}
			return nil, err
		}
		fields[i] = f
	}
	return &RowExpr{Fields: fields, T: to}, nil
}
