package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// variadicArray calls impl, a function of VARIADIC "any", called as f(a, ..., VARIADIC arr)
// with fixed leading arguments: each row's array elements (all of them, in row-major
// order) follow the row's leading arguments, as PostgreSQL extracts them. A NULL array gives
// NULL, or no variadic arguments at all when nullAsEmpty (format). Such calls are rare, so
// rows are taken one at a time.
func variadicArray(impl catalog.ScalarImpl, fixed int, nullAsEmpty bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		elem, _ := types.ElemType(env.ArgTypes[fixed])
		mem := allocator(env)
		r := types.ReadArrays(args[fixed])
		outs := make([]arrow.Array, 0, r.Len())
		defer func() { releaseArrays(outs) }()
		for i := 0; i < r.Len(); i++ {
			if !env.RowValid(i) || r.IsNull(i) && !nullAsEmpty {
				outs = append(outs, array.MakeArrayOfNull(mem, env.RetType.Arrow(), 1))
				continue
			}
			start, end := 0, 0
			if !r.IsNull(i) {
				start, end = r.Range(i)
			}
			res, err := callVariadicRow(impl, env, args[:fixed], r.Elements(), elem, i, start, end)
			if err != nil {
				return nil, err
			}
			outs = append(outs, res)
		}
		if len(outs) == 0 {
			return array.MakeArrayOfNull(mem, env.RetType.Arrow(), 0), nil
		}
		return array.Concatenate(outs, mem)
	}
}

// callVariadicRow calls impl for row i: its leading arguments, then elements [start, end).
func callVariadicRow(impl catalog.ScalarImpl, env *catalog.FuncEnv, lead []arrow.Array, elems arrow.Array,
	elem types.T, i, start, end int) (arrow.Array, error) {
	one := *env
	one.Rows, one.Valid = 1, nil
	one.ArgTypes = make([]types.T, 0, len(lead)+end-start)
	sub := make([]arrow.Array, 0, len(lead)+end-start)
	defer releaseArrays(sub)
	for k, a := range lead {
		sub = append(sub, array.NewSlice(a, int64(i), int64(i+1)))
		one.ArgTypes = append(one.ArgTypes, env.ArgTypes[k])
	}
	for k := start; k < end; k++ {
		sub = append(sub, array.NewSlice(elems, int64(k), int64(k+1)))
		one.ArgTypes = append(one.ArgTypes, elem)
	}
	return impl(&one, sub)
}

// addVariadicArray registers the internal form of f(a, ..., VARIADIC arr) for the function
// name of VARIADIC "any" whose leading arguments are lead.
func (b builder) addVariadicArray(name string, lead []types.OID, ret types.OID, impl catalog.ScalarImpl, nullAsEmpty bool) {
	b.reg.AddInternal(&catalog.Func{Name: catalog.VariadicArrayName(name), Args: append(append([]types.OID{}, lead...), types.AnyArray),
		Ret: ret, Volatility: catalog.Stable, Scalar: variadicArray(impl, len(lead), nullAsEmpty)})
}

func releaseArrays(as []arrow.Array) {
	for _, a := range as {
		a.Release()
	}
}
