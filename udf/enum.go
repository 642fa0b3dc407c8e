package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The functions and operators of enum types, declared over anyenum as in PostgreSQL. Enum
// values are the OIDs of their labels (see catalog/types/enum.go): equality compares OIDs;
// ordering compares positions in the type's sort order, which the statement's catalog
// snapshot gives (env.Session.Catalog, for the type the call was resolved with).

func registerEnum(b builder) {
	eq := orderedLoops[uint32]().eq
	ranked := func(op cmpOp) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			if op.eq {
				return compareImpl(op, cmpLoops{eq: eq})(env, args)
			}
			e, err := enumOf(env)
			if err != nil {
				return nil, err
			}
			a := e.RankArray(args[0].(*array.Uint32), allocator(env))
			defer a.Release()
			c := e.RankArray(args[1].(*array.Uint32), allocator(env))
			defer c.Release()
			return compareImpl(op, orderedLoops[int32]())(env, []arrow.Array{a, c})
		}
	}
	fns := [6]types.OID{3508, 3509, 3510, 3512, 3511, 3513}
	names := [6]string{"enum_eq", "enum_ne", "enum_lt", "enum_le", "enum_gt", "enum_ge"}
	ops := [6]types.OID{3516, 3517, 3518, 3520, 3519, 3521}
	for i, op := range cmpOps {
		f := b.scalar(fns[i], names[i], oids(types.AnyEnum, types.AnyEnum), types.Bool, ranked(op))
		b.op(ops[i], cmpOpNames[i], types.AnyEnum, types.AnyEnum, f)
	}
	sameType := func(args []types.T) types.T { return args[0] }
	b.reg.AddFunc(&catalog.Func{OID: 3514, Name: "enum_cmp", Args: oids(types.AnyEnum, types.AnyEnum), Ret: types.Int4,
		Strict: true, Volatility: catalog.Immutable, Scalar: enumCmp})
	for _, larger := range []bool{false, true} {
		oid, name := types.OID(3524), "enum_smaller"
		if larger {
			oid, name = 3525, "enum_larger"
		}
		b.reg.AddFunc(&catalog.Func{OID: oid, Name: name, Args: oids(types.AnyEnum, types.AnyEnum), Ret: types.AnyEnum,
			Strict: true, Volatility: catalog.Immutable, ReturnType: sameType, Scalar: enumPick(larger)})
	}
	for _, last := range []bool{false, true} {
		oid, name := types.OID(3528), "enum_first"
		if last {
			oid, name = 3529, "enum_last"
		}
		// Not strict: enum_first(NULL::mood) is how the type is named.
		b.reg.AddFunc(&catalog.Func{OID: oid, Name: name, Args: oids(types.AnyEnum), Ret: types.AnyEnum,
			Volatility: catalog.Stable, ReturnType: sameType, Scalar: enumEnd(last)})
	}
	arrayOf := func(args []types.T) types.T {
		if t, ok := types.ArrayType(args[0]); ok {
			return t
		}
		return types.Of(types.AnyArray)
	}
	// Not strict either: NULL bounds mean the first and last values.
	b.reg.AddFunc(&catalog.Func{OID: 3531, Name: "enum_range", Args: oids(types.AnyEnum), Ret: types.AnyArray,
		Volatility: catalog.Stable, ReturnType: arrayOf, Scalar: enumRange})
	b.reg.AddFunc(&catalog.Func{OID: 3530, Name: "enum_range", Args: oids(types.AnyEnum, types.AnyEnum), Ret: types.AnyArray,
		Volatility: catalog.Stable, ReturnType: arrayOf, Scalar: enumRange})
	for _, isMax := range []bool{false, true} {
		oid, name := types.OID(3527), "min"
		if isMax {
			oid, name = 3526, "max"
		}
		f := b.aggregate(oid, name, oids(types.AnyEnum), types.AnyEnum, enumMinMax(isMax))
		f.ReturnType = sameType
	}
	// The I/O functions pg_type names for enum types; the conversions themselves are the
	// casts to and from text.
	b.reg.AddFunc(&catalog.Func{OID: 3506, Name: "enum_in", Args: oids(types.Cstring, types.Oid), Ret: types.AnyEnum,
		Strict: true, Volatility: catalog.Stable, Scalar: notCallable("enum_in")})
	b.reg.AddFunc(&catalog.Func{OID: 3507, Name: "enum_out", Args: oids(types.AnyEnum), Ret: types.Cstring,
		Strict: true, Volatility: catalog.Stable, Scalar: enumOut})
	b.reg.AddFunc(&catalog.Func{OID: 3532, Name: "enum_recv", Args: oids(types.Cstring, types.Oid), Ret: types.AnyEnum,
		Strict: true, Volatility: catalog.Stable, Scalar: notCallable("enum_recv")})
	b.reg.AddFunc(&catalog.Func{OID: 3533, Name: "enum_send", Args: oids(types.AnyEnum), Ret: types.Bytea,
		Strict: true, Volatility: catalog.Stable, Scalar: enumSend})
}

// enumOf returns the values of the enum type of the call's first argument.
func enumOf(env *catalog.FuncEnv) (*types.Enum, error) {
	t := env.ArgTypes[0]
	if s := sessionOf(env); s.Catalog != nil {
		if e := s.Catalog.Enum(t.OID); e != nil {
			return e, nil
		}
	}
	return nil, pgerror.Newf(pgcode.UndefinedObject, "type with OID %d does not exist", t.OID)
}

// enumArraysRanked maps arrays of an enum to arrays of the values' ranks, for comparisons
// that must follow the enum's order; other arrays are returned as they are. release frees
// what was made.
func enumArraysRanked(env *catalog.FuncEnv, args []arrow.Array) ([]arrow.Array, func(), error) {
	elem, ok := types.ElemType(env.ArgTypes[0])
	if !ok || !types.IsEnum(elem.OID) {
		return args, func() {}, nil
	}
	e, err := enumOf(&catalog.FuncEnv{ArgTypes: []types.T{elem}, Session: env.Session})
	if err != nil {
		return nil, nil, err
	}
	out := make([]arrow.Array, len(args))
	for i, a := range args {
		out[i] = e.RankArrays(a, allocator(env))
	}
	return out, func() {
		for _, a := range out {
			a.Release()
		}
	}, nil
}

// enumCmp is enum_cmp: -1, 0 or 1 as the first value sorts before, with or after the second.
func enumCmp(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	e, err := enumOf(env)
	if err != nil {
		return nil, err
	}
	a, c := args[0].(*array.Uint32).Uint32Values(), args[1].(*array.Uint32).Uint32Values()
	b := array.NewInt32Builder(allocator(env))
	defer b.Release()
	b.Resize(len(a))
	for i := range a {
		ra, _ := e.Rank(a[i])
		rc, _ := e.Rank(c[i])
		switch {
		case ra < rc:
			b.UnsafeAppend(-1)
		case ra > rc:
			b.UnsafeAppend(1)
		default:
			b.UnsafeAppend(0)
		}
	}
	return b.NewArray(), nil
}

// enumPick is enum_smaller or enum_larger.
func enumPick(larger bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		e, err := enumOf(env)
		if err != nil {
			return nil, err
		}
		a, c := args[0].(*array.Uint32).Uint32Values(), args[1].(*array.Uint32).Uint32Values()
		b := array.NewUint32Builder(allocator(env))
		defer b.Release()
		b.Resize(len(a))
		for i := range a {
			ra, _ := e.Rank(a[i])
			rc, _ := e.Rank(c[i])
			if (rc > ra) == larger && rc != ra {
				b.UnsafeAppend(c[i])
			} else {
				b.UnsafeAppend(a[i])
			}
		}
		return b.NewArray(), nil
	}
}

// enumEnd is enum_first or enum_last: the type's first or last value, whatever the
// argument (which only names the type). A value added by the current transaction may not be
// returned (55P04).
func enumEnd(last bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		e, err := enumOf(env)
		if err != nil {
			return nil, err
		}
		n := args[0].Len()
		b := array.NewUint32Builder(allocator(env))
		defer b.Release()
		if len(e.Labels) == 0 {
			return nil, pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "enum %s contains no values", e.Name)
		}
		l := e.Labels[0]
		if last {
			l = e.Labels[len(e.Labels)-1]
		}
		if err := e.CheckSafe(l); err != nil {
			return nil, err
		}
		b.Resize(n)
		for i := 0; i < n; i++ {
			b.UnsafeAppend(uint32(l.OID))
		}
		return b.NewArray(), nil
	}
}

// enumRange is enum_range(anyenum) (every value of the type, in order) and
// enum_range(lower, upper) (the values from lower to upper, a NULL bound meaning the first
// or last value; empty when lower sorts after upper). Values added by the current
// transaction may not be returned (55P04).
func enumRange(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	e, err := enumOf(env)
	if err != nil {
		return nil, err
	}
	n := args[0].Len()
	bound := func(k, row int, dflt int) int {
		if len(args) <= k || args[k].IsNull(row) {
			return dflt
		}
		r, _ := e.Rank(args[k].(*array.Uint32).Value(row))
		return r
	}
	elems := array.NewUint32Builder(allocator(env))
	defer elems.Release()
	offsets := make([]int32, 1, n+1)
	for row := 0; row < n; row++ {
		lo, hi := bound(0, row, 0), bound(1, row, len(e.Labels)-1)
		if len(args) == 1 {
			lo, hi = 0, len(e.Labels)-1
		}
		for r := lo; r <= hi; r++ {
			if err := e.CheckSafe(e.Labels[r]); err != nil {
				return nil, err
			}
			elems.Append(uint32(e.Labels[r].OID))
		}
		offsets = append(offsets, int32(elems.Len()))
	}
	vals := elems.NewArray()
	defer vals.Release()
	return types.MakeArrays(allocator(env), vals, offsets, nil, nil), nil
}

// enumMinMax is min(anyenum) or max(anyenum): the extreme in the type's sort order.
func enumMinMax(isMax bool) catalog.AggImpl {
	return func(env *catalog.FuncEnv) catalog.AggState {
		e, _ := enumOf(env)
		less := func(a, b uint32) bool { return a < b }
		if e != nil {
			less = func(a, b uint32) bool {
				ra, _ := e.Rank(a)
				rb, _ := e.Rank(b)
				return ra < rb
			}
		}
		return &extremeState[uint32]{isMax: isMax, less: less, dt: arrow.PrimitiveTypes.Uint32, mem: allocator(env)}
	}
}

// enumOut is enum_out: the label.
func enumOut(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return types.CastArray(args[0], env.ArgTypes[0], types.TText, enumIO(env), allocator(env))
}

// enumSend is enum_send: the label's bytes.
func enumSend(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	labels, err := enumOut(env, args)
	if err != nil {
		return nil, err
	}
	defer labels.Release()
	return types.CastArray(labels, types.TText, types.Of(types.Bytea), nil, allocator(env))
}

// enumIO returns conversion settings that know the snapshot's enum types.
func enumIO(env *catalog.FuncEnv) *types.IOSettings {
	if env.IO != nil && env.IO.Types != nil {
		return env.IO
	}
	io := types.DefaultIOSettings()
	if s := sessionOf(env); s.Catalog != nil {
		io.Types = s.Catalog
	}
	return io
}

// notCallable is the implementation of the I/O functions that exist to be named in
// pg_type, which SQL cannot call usefully.
func notCallable(name string) catalog.ScalarImpl {
	return func(*catalog.FuncEnv, []arrow.Array) (arrow.Array, error) {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "function %s cannot be called directly", name)
	}
}
