package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Set-returning functions: generate_series over integers. Rows are produced a batch at a
// time, so generate_series(1, 1e9) streams in constant memory and stops early under LIMIT.

func registerSeries(b builder) {
	add := func(oid types.OID, args []types.OID, ret types.OID, impl catalog.SetImpl) {
		b.reg.AddFunc(&catalog.Func{OID: oid, Name: "generate_series", Kind: catalog.KindFunc, Args: args,
			Ret: ret, RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: impl})
	}
	i4, i8 := types.Int4, types.Int8
	add(1067, oids(i4, i4), i4, intSeries(arrow.PrimitiveTypes.Int32))
	add(1066, oids(i4, i4, i4), i4, intSeries(arrow.PrimitiveTypes.Int32))
	add(1069, oids(i8, i8), i8, intSeries(arrow.PrimitiveTypes.Int64))
	add(1068, oids(i8, i8, i8), i8, intSeries(arrow.PrimitiveTypes.Int64))
}

func scalarInt(s scalar.Scalar) int64 {
	switch v := s.(type) {
	case *scalar.Int32:
		return int64(v.Value)
	case *scalar.Int64:
		return v.Value
	}
	return 0
}

func intSeries(dt arrow.DataType) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		start, stop, step := scalarInt(args[0]), scalarInt(args[1]), int64(1)
		if len(args) == 3 {
			step = scalarInt(args[2])
		}
		if step == 0 {
			return nil, pgerror.New(pgcode.InvalidParameterValue, "step size cannot equal zero")
		}
		return &intSeriesSource{dt: dt, next: start, stop: stop, step: step}, nil
	}
}

type intSeriesSource struct {
	dt               arrow.DataType
	next, stop, step int64
	done             bool
}

func (s *intSeriesSource) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	n := 0
	if !s.done && (s.step > 0 && s.next <= s.stop || s.step < 0 && s.next >= s.stop) {
		// Rows left: (stop - next) / step + 1, computed without overflow.
		left := uint64(0)
		if s.step > 0 {
			left = uint64(s.stop-s.next)/uint64(s.step) + 1
		} else {
			left = uint64(s.next-s.stop)/uint64(-s.step) + 1
		}
		n = max
		if left < uint64(max) {
			n = int(left)
		}
	}
	if n == 0 {
		s.done = true
		return nil, 0, nil
	}
	var arr arrow.Array
	v := s.next
	if s.dt.ID() == arrow.INT32 {
		b := array.NewInt32Builder(allocator(env))
		b.Reserve(n)
		for i := 0; i < n; i++ {
			b.UnsafeAppend(int32(v))
			v += s.step
		}
		arr = b.NewArray()
		b.Release()
	} else {
		b := array.NewInt64Builder(allocator(env))
		b.Reserve(n)
		for i := 0; i < n; i++ {
			b.UnsafeAppend(v)
			v += s.step
		}
		arr = b.NewArray()
		b.Release()
	}
	last := s.next + int64(n-1)*s.step
	if s.step > 0 && last > s.stop-s.step || s.step < 0 && last < s.stop-s.step {
		s.done = true // the next value would pass stop (or overflow)
	} else {
		s.next = last + s.step
	}
	return []arrow.Array{arr}, n, nil
}
