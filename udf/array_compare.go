package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Array comparison: = <> < <= > >= and btarraycmp, as array_eq and array_cmp (see
// catalog/types' NewComparator): element by element with the element type's ordering,
// then by size, dimensions and lower bounds.

var arrayCmpOIDs = [6]struct {
	fn, op types.OID
	name   string
}{
	{744, 1070, "array_eq"}, {390, 1071, "array_ne"}, {391, 1072, "array_lt"},
	{393, 1074, "array_le"}, {392, 1073, "array_gt"}, {396, 1075, "array_ge"},
}

func registerArrayCompare(b builder) {
	anyArr := types.AnyArray
	for i, op := range cmpOps {
		c := arrayCmpOIDs[i]
		f := b.scalar(c.fn, c.name, oids(anyArr, anyArr), types.Bool, arrayCompareImpl(op))
		b.op(c.op, cmpOpNames[i], anyArr, anyArr, f)
	}
	b.scalar(382, "btarraycmp", oids(anyArr, anyArr), types.Int4, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		args, release, err := enumArraysRanked(env, args)
		if err != nil {
			return nil, err
		}
		defer release()
		c, err := types.NewComparator(args[0], args[1])
		if err != nil {
			return nil, err
		}
		n := args[0].Len()
		buf, out := newFixed[int32](allocator(env), n)
		for i := 0; i < n; i++ {
			if env.RowValid(i) {
				out[i] = int32(c(i, i))
			}
		}
		return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
	})
}

// arrayCompareImpl evaluates one comparison operator row by row with array_cmp.
func arrayCompareImpl(op cmpOp) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		args, release, err := enumArraysRanked(env, args)
		if err != nil {
			return nil, err
		}
		defer release()
		x, y := args[0], args[1]
		if op.swap {
			x, y = y, x
		}
		c, err := types.NewComparator(x, y)
		if err != nil {
			return nil, err
		}
		n := x.Len()
		out := newBoolOut(allocator(env), n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			r := c(i, i)
			hold := r < 0
			if op.eq {
				hold = r == 0
			}
			if hold != op.negate {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}
