package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Date and timestamp arithmetic that needs no calendar: date ± integer days, date - date,
// and timestamp - timestamp. Dates are days since 1970-01-01 and timestamps microseconds
// since 1970-01-01 00:00; the extreme values of each stand for ±infinity.

const (
	unixEpochJD  = 2440588    // Julian day of 1970-01-01
	dateEndJD    = 2147483494 // first Julian day past PostgreSQL's date range
	usPerDay     = 86400 * 1000000
	dateInfinity = types.DateInfinity
	dateNegInf   = types.DateNegInfinity
)

func registerDatetime(b builder) {
	da, i4 := types.Date, types.Int4
	b.op(1100, "+", da, i4, b.scalar(1141, "date_pli", oids(da, i4), da, dateAddDays(false)))
	b.op(1101, "-", da, i4, b.scalar(1142, "date_mii", oids(da, i4), da, dateAddDays(true)))
	b.op(1099, "-", da, da, b.scalar(1140, "date_mi", oids(da, da), i4, dateMinus))
	b.op(2067, "-", types.Timestamp, types.Timestamp, b.scalar(2031, "timestamp_mi", oids(types.Timestamp, types.Timestamp), types.Interval, timestampMinus))
	b.op(1328, "-", types.Timestamptz, types.Timestamptz, b.scalar(1188, "timestamptz_mi", oids(types.Timestamptz, types.Timestamptz), types.Interval, timestampMinus))
	registerInterval(b)
	registerDatetimeArith(b)
	registerDatePart(b)
	registerDateTrunc(b)
	registerDatetimeMake(b)
	registerDatetimeSeries(b)
}

func validDate(d int64) bool { return d+unixEpochJD >= 0 && d+unixEpochJD < dateEndJD }

func dateAddDays(subtract bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, arrow.FixedWidthTypes.Date32, args[0], args[1], func(d arrow.Date32, k int32) (arrow.Date32, bool) {
			if d == dateInfinity || d == dateNegInf {
				return d, true // infinity plus anything stays infinity
			}
			r := int64(d) + int64(k)
			if subtract {
				r = int64(d) - int64(k)
			}
			return arrow.Date32(r), validDate(r)
		}, func(arrow.Date32, int32) error {
			return pgerror.New(pgcode.DatetimeValueOutOfRange, "date out of range")
		})
	}
}

func dateMinus(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return mapBinary(env, arrow.PrimitiveTypes.Int32, args[0], args[1], func(a, b arrow.Date32) (int32, bool) {
		finite := a != dateInfinity && a != dateNegInf && b != dateInfinity && b != dateNegInf
		return int32(a) - int32(b), finite
	}, func(arrow.Date32, arrow.Date32) error {
		return pgerror.New(pgcode.DatetimeValueOutOfRange, "cannot subtract infinite dates")
	})
}

// timestampMinus returns the difference as an interval of days and time, with no months,
// as PostgreSQL's timestamp_mi does (whole days split off the microseconds).
func timestampMinus(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	type ivl = arrow.MonthDayNanoInterval
	return mapBinary(env, arrow.FixedWidthTypes.MonthDayNanoInterval, args[0], args[1], func(a, b arrow.Timestamp) (ivl, bool) {
		if a == types.TimestampInfinity || a == types.TimestampNegInfinity || b == types.TimestampInfinity || b == types.TimestampNegInfinity {
			return ivl{}, false
		}
		d := int64(a) - int64(b)
		if (int64(a)^int64(b))&(int64(a)^d) < 0 {
			return ivl{}, false
		}
		return ivl{Days: int32(d / usPerDay), Nanoseconds: d % usPerDay * 1000}, true
	}, func(a, b arrow.Timestamp) error {
		if a == types.TimestampInfinity || a == types.TimestampNegInfinity || b == types.TimestampInfinity || b == types.TimestampNegInfinity {
			return pgerror.New(pgcode.DatetimeValueOutOfRange, "cannot subtract infinite timestamps")
		}
		return pgerror.New(pgcode.DatetimeValueOutOfRange, "interval out of range")
	})
}
