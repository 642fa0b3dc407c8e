package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Record comparison: = <> < <= > >= and btrecordcmp, as record_eq and record_cmp: field by
// field with each field type's ordering, two NULL fields equal and a NULL field after any
// value (catalog/types' NewComparator). (ROW(...) op ROW(...) written out compares field by
// field in the planner instead, with SQL's NULL semantics.)

var recordCmpOIDs = [6]struct {
	fn, op types.OID
	name   string
}{
	{2981, 2988, "record_eq"}, {2982, 2989, "record_ne"}, {2983, 2990, "record_lt"},
	{2985, 2992, "record_le"}, {2984, 2991, "record_gt"}, {2986, 2993, "record_ge"},
}

func registerRecordCompare(b builder) {
	rec := types.Record
	for i, op := range cmpOps {
		c := recordCmpOIDs[i]
		f := b.scalar(c.fn, c.name, oids(rec, rec), types.Bool, recordCompareImpl(op))
		b.op(c.op, cmpOpNames[i], rec, rec, f)
	}
	b.scalar(2987, "btrecordcmp", oids(rec, rec), types.Int4, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		c, err := recordComparator(env, args[0], args[1])
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

// recordComparator checks that the call's two record types compare (as many fields, of
// the same types, each with an ordering) and returns their comparator.
func recordComparator(env *catalog.FuncEnv, x, y arrow.Array) (types.Comparator, error) {
	xf, _ := types.RecordFields(env.ArgTypes[0])
	yf, _ := types.RecordFields(env.ArgTypes[1])
	if len(xf) != len(yf) {
		return nil, pgerror.New(pgcode.DatatypeMismatch, "cannot compare record types with different numbers of columns")
	}
	for k := range xf {
		a, b := types.BaseType(xf[k].Type).OID, types.BaseType(yf[k].Type).OID
		if a != b {
			return nil, pgerror.Newf(pgcode.DatatypeMismatch, "cannot compare dissimilar column types %s and %s at record column %d",
				types.Of(xf[k].Type.OID), types.Of(yf[k].Type.OID), k+1)
		}
		if a == types.UnknownLit || a == types.Unknown || a == types.JSON {
			return nil, pgerror.Newf(pgcode.UndefinedFunction, "could not identify an equality operator for type %s", types.Of(a))
		}
	}
	return types.NewComparator(x, y)
}

// recordCompareImpl evaluates one comparison operator row by row with record_cmp.
func recordCompareImpl(op cmpOp) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, y := args[0], args[1]
		c, err := recordComparator(env, x, y)
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
			if op.swap {
				r = -r
			}
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
