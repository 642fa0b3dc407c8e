package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Functions over arrays, which are held in their text form (see catalog/types): enough of
// them for catalog queries (array_to_string, array_upper, unnest, ||, =).

func registerArrays(b builder) {
	arrayToString := b.scalar(395, "array_to_string", oids(types.AnyArray, types.Text), types.Text, arrayToString)
	arrayToString.Volatility = catalog.Stable
	b.reg.AddFunc(&catalog.Func{OID: 384, Name: "array_to_string", Kind: catalog.KindFunc,
		Args: oids(types.AnyArray, types.Text, types.Text), Ret: types.Text, Volatility: catalog.Stable, Scalar: arrayToString.Scalar})
	bound := func(upper bool) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			arrs, dims := stringsOf(args[0]), values[int32](args[1])
			arrType := env.ArgTypes[0].OID
			bld := array.NewInt32Builder(allocator(env))
			defer bld.Release()
			for i := 0; i < arrs.Len(); i++ {
				if !env.RowValid(i) || dims[i] != 1 {
					bld.AppendNull()
					continue
				}
				n := len(types.ArrayElements(arrType, arrs.Value(i)))
				if n == 0 {
					bld.AppendNull()
					continue
				}
				lo := types.ArrayLowerBound(arrType)
				if upper {
					bld.Append(int32(lo + n - 1))
				} else {
					bld.Append(int32(lo))
				}
			}
			return bld.NewArray(), nil
		}
	}
	b.scalar(2092, "array_upper", oids(types.AnyArray, types.Int4), types.Int4, bound(true))
	b.scalar(2091, "array_lower", oids(types.AnyArray, types.Int4), types.Int4, bound(false))
	// Arrays are held in their canonical text form, so equal arrays have equal texts.
	textLoops := cmpLoops{lt: textLt, eq: textEq}
	arrayEq := b.scalar(744, "array_eq", oids(types.AnyArray, types.AnyArray), types.Bool, compareImpl(opEq, textLoops))
	b.op(1070, "=", types.AnyArray, types.AnyArray, arrayEq)
	arrayNe := b.scalar(390, "array_ne", oids(types.AnyArray, types.AnyArray), types.Bool, compareImpl(opNe, textLoops))
	b.op(1071, "<>", types.AnyArray, types.AnyArray, arrayNe)
	cat := b.reg.AddFunc(&catalog.Func{OID: 383, Name: "array_cat", Kind: catalog.KindFunc,
		Args: oids(types.AnyArray, types.AnyArray), Ret: types.AnyArray, Volatility: catalog.Immutable, Scalar: arrayCat,
		ReturnType: func(args []types.T) types.T {
			if isArray(args[0].OID) {
				return args[0]
			}
			return args[1]
		}})
	b.op(375, "||", types.AnyArray, types.AnyArray, cat)
	// The array types' I/O functions, which pg_type.typinput and typoutput name (clients
	// recognise array types by typinput = 'array_in'::regproc). Arrays are held as their
	// text, so both pass it through.
	b.scalar(750, "array_in", oids(types.Cstring, types.Oid, types.Int4), types.AnyArray,
		func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) { return retained(args[0]), nil })
	b.scalar(751, "array_out", oids(types.AnyArray), types.Cstring,
		func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) { return retained(args[0]), nil })
	b.reg.AddFunc(&catalog.Func{OID: 2331, Name: "unnest", Kind: catalog.KindFunc, Args: oids(types.AnyArray),
		Ret: types.AnyElement, RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: unnest,
		ReturnType: func(args []types.T) types.T {
			if d := types.ByOID(args[0].OID); d != nil && d.Elem != 0 {
				return types.Of(d.Elem)
			}
			return types.TText
		}})
}

func isArray(oid types.OID) bool {
	d := types.ByOID(oid)
	return d != nil && d.Category == types.CatArray
}

// arrayCat is array_cat (||): the elements of both arrays; a NULL array counts as empty.
func arrayCat(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, y := stringsOf(args[0]), stringsOf(args[1])
	mem := allocator(env)
	out := newStrOut(mem, x.Len(), len(x.ValueBytes())+len(y.ValueBytes()))
	var buf []byte
	for i := 0; i < x.Len(); i++ {
		switch {
		case x.IsNull(i) && y.IsNull(i):
			out.endNull(mem)
			continue
		case x.IsNull(i):
			out.appendString(y.Value(i))
		case y.IsNull(i):
			out.appendString(x.Value(i))
		default:
			buf = append(buf[:0], '{')
			first := true
			for _, s := range []string{x.Value(i), y.Value(i)} {
				for _, e := range types.ArrayElements(types.TextArray, s) {
					if !first {
						buf = append(buf, ',')
					}
					first = false
					if e.Null {
						buf = append(buf, "NULL"...)
					} else {
						buf = types.AppendArrayElement(buf, []byte(e.Text))
					}
				}
			}
			out.appendBytes(append(buf, '}'))
		}
		out.end()
	}
	return out.finish(), nil
}

// unnest returns an array's elements as rows.
func unnest(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	arrType := env.ArgTypes[0].OID
	elem := env.RetType
	s, ok := args[0].(*scalar.String)
	if !ok {
		return &elemSource{}, nil
	}
	parse := types.TextParserFor(elem, nil)
	b := array.NewBuilder(allocator(env), elem.Arrow())
	defer b.Release()
	for _, e := range types.ArrayElements(arrType, string(s.Value.Bytes())) {
		if e.Null {
			b.AppendNull()
		} else if err := parse(b, []byte(e.Text)); err != nil {
			return nil, err
		}
	}
	return &elemSource{elems: b.NewArray()}, nil
}

// elemSource hands out unnest's elements in batches.
type elemSource struct {
	elems arrow.Array
	next  int
}

func (s *elemSource) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	if s.elems == nil || s.next >= s.elems.Len() {
		if s.elems != nil {
			s.elems.Release()
			s.elems = nil
		}
		return nil, 0, nil
	}
	end := min(s.next+max, s.elems.Len())
	out := array.NewSlice(s.elems, int64(s.next), int64(end))
	s.next = end
	return []arrow.Array{out}, out.Len(), nil
}

// arrayToString is array_to_string(array, delimiter [, null_string]) over arrays in their
// text form: NULL elements are skipped, or printed as null_string when it is given.
func arrayToString(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	arrs, delims := stringsOf(args[0]), stringsOf(args[1])
	arrType := env.ArgTypes[0].OID
	mem := allocator(env)
	out := newStrOut(mem, arrs.Len(), len(arrs.ValueBytes()))
	for i := 0; i < arrs.Len(); i++ {
		if arrs.IsNull(i) || delims.IsNull(i) {
			out.endNull(mem)
			continue
		}
		nullStr, withNull := "", false
		if len(args) > 2 && args[2].IsValid(i) {
			nullStr, withNull = stringsOf(args[2]).Value(i), true
		}
		first := true
		for _, e := range types.ArrayElements(arrType, arrs.Value(i)) {
			if e.Null && !withNull {
				continue
			}
			if !first {
				out.appendString(delims.Value(i))
			}
			first = false
			if e.Null {
				out.appendString(nullStr)
			} else {
				out.appendString(e.Text)
			}
		}
		out.end()
	}
	return out.finish(), nil
}
