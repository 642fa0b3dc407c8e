package udf

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// generate_series over timestamps and date_bin. A timestamp series steps by calendar
// arithmetic (timestamp + interval), so '1 month' steps keep the day of the month; for
// timestamptz the months and days follow the session time zone's wall clock.

func scalarTimestamp(s scalar.Scalar) int64 { return int64(s.(*scalar.Timestamp).Value) }

func scalarInterval(s scalar.Scalar) ivl { return s.(*scalar.MonthDayNanoInterval).Value }

func tsSeries(withZone bool) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		step := scalarInterval(args[2])
		sign := 0
		switch {
		case ivLess(step, ivl{}):
			sign = -1
		case ivLess(ivl{}, step):
			sign = 1
		}
		if sign == 0 {
			return nil, pgerror.New(pgcode.InvalidParameterValue, "step size cannot equal zero")
		}
		src := &tsSeriesSource{next: scalarTimestamp(args[0]), stop: scalarTimestamp(args[1]), step: step, sign: sign,
			dt: args[0].DataType()}
		if withZone {
			src.loc = zoneOf(env)
		}
		return src, nil
	}
}

type tsSeriesSource struct {
	next, stop int64
	step       ivl
	sign       int
	loc        *time.Location
	dt         arrow.DataType
	done       bool
}

func (s *tsSeriesSource) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	b := array.NewTimestampBuilder(allocator(env), s.dt.(*arrow.TimestampType))
	defer b.Release()
	n := 0
	for n < max && !s.done {
		if s.sign > 0 && s.next > s.stop || s.sign < 0 && s.next < s.stop {
			s.done = true
			break
		}
		b.Append(arrow.Timestamp(s.next))
		n++
		r, ok := tsPlusInterval(s.next, s.step, 1, s.loc)
		if !ok {
			return nil, 0, errTimestampRange()
		}
		s.next = r
	}
	if n == 0 {
		return nil, 0, nil
	}
	return []arrow.Array{b.NewArray()}, n, nil
}

// dateBin returns the start of the stride-long bin, counted from origin, holding source.
func dateBin(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	strides := values[ivl](args[0])
	src, origins := values[arrow.Timestamp](args[1]), values[arrow.Timestamp](args[2])
	return mapIndexed(env, args[1].DataType(), args[0].Len(), func(i int) (arrow.Timestamp, bool) {
		ts, origin, stride := int64(src[i]), int64(origins[i]), strides[i]
		if isInfTS(ts) {
			return src[i], true
		}
		us := int64(stride.Days)*usPerDay + ivTime(stride)
		if isInfTS(origin) || stride.Months != 0 || us <= 0 {
			return 0, false
		}
		diff, ok := subI64(ts, origin)
		if !ok {
			return 0, false
		}
		delta := diff - diff%us
		if origin > ts && us > 1 {
			delta -= us
		}
		r, ok := addI64(origin, delta)
		return arrow.Timestamp(r), ok && r >= types.MinTimestamp && r < types.TimestampInfinity
	}, func(i int) error {
		stride := strides[i]
		switch {
		case isInfTS(int64(origins[i])):
			return pgerror.New(pgcode.DatetimeValueOutOfRange, "origin out of range")
		case stride.Months != 0:
			return pgerror.New(pgcode.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
		case int64(stride.Days)*usPerDay+ivTime(stride) <= 0:
			return pgerror.New(pgcode.DatetimeValueOutOfRange, "stride must be greater than zero")
		}
		return errTimestampRange()
	})
}

func registerDatetimeSeries(b builder) {
	ts, tz, iv := types.Timestamp, types.Timestamptz, types.Interval
	add := func(oid types.OID, t types.OID, vol catalog.Volatility, impl catalog.SetImpl) {
		b.reg.AddFunc(&catalog.Func{OID: oid, Name: "generate_series", Kind: catalog.KindFunc, Args: oids(t, t, iv),
			Ret: t, RetSet: true, Strict: true, Volatility: vol, Set: impl})
	}
	add(938, ts, catalog.Immutable, tsSeries(false))
	add(939, tz, catalog.Stable, tsSeries(true))
	b.scalar(6177, "date_bin", oids(iv, ts, ts), ts, dateBin)
	b.scalar(6178, "date_bin", oids(iv, tz, tz), tz, dateBin)
}
