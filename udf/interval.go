package udf

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Interval arithmetic. An interval is months, days and a time part; PostgreSQL keeps the
// time part in microseconds and Arrow's MonthDayNano in nanoseconds, so kernels compute in
// microseconds (ivTime) and store back with mkIv. Comparison orders intervals by their
// length with a month taken as 30 days, as interval_cmp does, so '1 mon' = '30 days'.

type ivl = arrow.MonthDayNanoInterval

var ivType = arrow.FixedWidthTypes.MonthDayNanoInterval

const (
	daysPerMonth = 30
	secsPerDay   = 86400
	usPerSec     = types.MicrosPerSec
	usPerMin     = types.MicrosPerMin
	usPerHour    = types.MicrosPerHour
)

// ivTime returns an interval's time part in microseconds.
func ivTime(v ivl) int64 { return v.Nanoseconds / 1000 }

// mkIv builds an interval from months, days and microseconds; ok is false when the time
// part does not fit Arrow's nanoseconds.
func mkIv(months, days int64, us int64) (ivl, bool) {
	if months != int64(int32(months)) || days != int64(int32(days)) ||
		us > math.MaxInt64/1000 || us < math.MinInt64/1000 {
		return ivl{}, false
	}
	return ivl{Months: int32(months), Days: int32(days), Nanoseconds: us * 1000}, true
}

func errIntervalRange() error {
	return pgerror.New(pgcode.DatetimeValueOutOfRange, "interval out of range")
}

func failInterval[A, B any](A, B) error { return errIntervalRange() }

// ivKey orders intervals: whole days (months as 30 days) and the microseconds left over.
func ivKey(v ivl) (int64, int64) {
	days := int64(v.Months)*daysPerMonth + int64(v.Days)
	q, r := divFloor(ivTime(v), usPerDay)
	return days + q, r
}

func divFloor(a, b int64) (int64, int64) {
	q, r := a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return q, r
}

func ivLess(a, b ivl) bool {
	ad, at := ivKey(a)
	bd, bt := ivKey(b)
	return ad < bd || (ad == bd && at < bt)
}

func ivEqual(a, b ivl) bool {
	ad, at := ivKey(a)
	bd, bt := ivKey(b)
	return ad == bd && at == bt
}

var intervalLoops = cmpLoops{
	lt: func(x, y arrow.Array, out boolOut) { fillBits(values[ivl](x), values[ivl](y), out, ivLess) },
	eq: func(x, y arrow.Array, out boolOut) { fillBits(values[ivl](x), values[ivl](y), out, ivEqual) },
}

func registerInterval(b builder) {
	iv, f8, ti := types.Interval, types.Float8, types.Time
	unary := func(oid types.OID, name string, f func(ivl) (ivl, bool)) *catalog.Func {
		return b.scalar(oid, name, oids(iv), iv, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapUnary(env, ivType, args[0], f, func(ivl) error { return errIntervalRange() })
		})
	}
	binary := func(oid types.OID, name string, f func(a, b ivl) (ivl, bool)) *catalog.Func {
		return b.scalar(oid, name, oids(iv, iv), iv, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinary(env, ivType, args[0], args[1], f, failInterval[ivl, ivl])
		})
	}
	b.op(1336, "-", 0, iv, unary(1168, "interval_um", func(a ivl) (ivl, bool) {
		return mkIv(-int64(a.Months), -int64(a.Days), -ivTime(a))
	}))
	b.op(1337, "+", iv, iv, binary(1169, "interval_pl", func(a, c ivl) (ivl, bool) {
		t, ok := addI64(ivTime(a), ivTime(c))
		r, ok2 := mkIv(int64(a.Months)+int64(c.Months), int64(a.Days)+int64(c.Days), t)
		return r, ok && ok2
	}))
	b.op(1338, "-", iv, iv, binary(1170, "interval_mi", func(a, c ivl) (ivl, bool) {
		t, ok := subI64(ivTime(a), ivTime(c))
		r, ok2 := mkIv(int64(a.Months)-int64(c.Months), int64(a.Days)-int64(c.Days), t)
		return r, ok && ok2
	}))
	binary(1197, "interval_smaller", func(a, c ivl) (ivl, bool) {
		if ivLess(c, a) {
			return c, true
		}
		return a, true
	})
	binary(1198, "interval_larger", func(a, c ivl) (ivl, bool) {
		if ivLess(a, c) {
			return c, true
		}
		return a, true
	})
	mul := b.scalar(1618, "interval_mul", oids(iv, f8), iv, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, ivType, args[0], args[1], intervalMul, failInterval[ivl, float64])
	})
	b.op(1583, "*", iv, f8, mul)
	b.op(1584, "*", f8, iv, b.scalar(1624, "mul_d_interval", oids(f8, iv), iv, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, ivType, args[0], args[1], func(f float64, a ivl) (ivl, bool) { return intervalMul(a, f) },
			failInterval[float64, ivl])
	}))
	b.op(1585, "/", iv, f8, b.scalar(1326, "interval_div", oids(iv, f8), iv, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, ivType, args[0], args[1], intervalDiv, func(_ ivl, f float64) error {
			if f == 0 {
				return errDivisionByZero()
			}
			return errIntervalRange()
		})
	}))
	unary(1175, "justify_hours", justifyHours)
	unary(1295, "justify_days", justifyDays)
	unary(2711, "justify_interval", justifyInterval)
	b.scalar(1390, "isfinite", oids(iv), types.Bool, constBool(true))

	// time of day with intervals and dates.
	timeType := arrow.FixedWidthTypes.Time64us
	b.op(1399, "-", ti, ti, b.scalar(1690, "time_mi_time", oids(ti, ti), iv, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, ivType, args[0], args[1], func(a, c arrow.Time64) (ivl, bool) {
			return ivl{Nanoseconds: (int64(a) - int64(c)) * 1000}, true
		}, nil)
	}))
	timePlus := func(sign int64) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			return mapBinary(env, timeType, args[0], args[1], func(t arrow.Time64, v ivl) (arrow.Time64, bool) {
				return arrow.Time64(timeAdd(int64(t), sign*ivTime(v))), true
			}, nil)
		}
	}
	b.op(1800, "+", ti, iv, b.scalar(1747, "time_pl_interval", oids(ti, iv), ti, timePlus(1)))
	b.op(1801, "-", ti, iv, b.scalar(1748, "time_mi_interval", oids(ti, iv), ti, timePlus(-1)))
	b.op(1849, "+", iv, ti, b.scalar(1848, "interval_pl_time", oids(iv, ti), ti, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return timePlus(1)(env, []arrow.Array{args[1], args[0]})
	}))
	tsType := types.TTimestamp.Arrow()
	dateTime := func(env *catalog.FuncEnv, d, t arrow.Array) (arrow.Array, error) {
		return mapBinary(env, tsType, d, t, func(d arrow.Date32, t arrow.Time64) (arrow.Timestamp, bool) {
			switch d {
			case dateInfinity:
				return types.TimestampInfinity, true
			case dateNegInf:
				return types.TimestampNegInfinity, true
			}
			r := int64(d)*usPerDay + int64(t)
			return arrow.Timestamp(r), r >= types.MinTimestamp && r < types.TimestampInfinity
		}, func(arrow.Date32, arrow.Time64) error { return errTimestampRange() })
	}
	da := types.Date
	b.op(1360, "+", da, ti, b.scalar(1272, "datetime_pl", oids(da, ti), types.Timestamp, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return dateTime(env, args[0], args[1])
	}))
	b.op(1363, "+", ti, da, b.scalar(1296, "timedate_pl", oids(ti, da), types.Timestamp, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return dateTime(env, args[1], args[0])
	}))
}

// timeAdd adds microseconds to a time of day, wrapping around midnight.
func timeAdd(t, us int64) int64 {
	r := (t + us%usPerDay) % usPerDay
	if r < 0 {
		r += usPerDay
	}
	return r
}

func addI64(a, b int64) (int64, bool) {
	r := a + b
	return r, (a^r)&(b^r) >= 0
}

func subI64(a, b int64) (int64, bool) {
	r := a - b
	return r, (a^b)&(a^r) >= 0
}

// tsRound rounds to microsecond precision in seconds or days, as TSROUND does.
func tsRound(f float64) float64 { return math.RoundToEven(f*1e6) / 1e6 }

// intervalMul multiplies as interval_mul does: month and day products are truncated and
// their fractions cascade down to days and seconds (never up).
func intervalMul(a ivl, factor float64) (ivl, bool) {
	mf := float64(a.Months) * factor
	df := float64(a.Days) * factor
	if math.IsNaN(mf) || mf > math.MaxInt32 || mf < math.MinInt32 || math.IsNaN(df) || df > math.MaxInt32 || df < math.MinInt32 {
		return ivl{}, false
	}
	month, day := int64(int32(mf)), int64(int32(df))
	monthRemDays := tsRound((float64(a.Months)*factor - float64(month)) * daysPerMonth)
	secRem := tsRound((float64(a.Days)*factor - float64(day) + monthRemDays - float64(int64(monthRemDays))) * secsPerDay)
	if math.Abs(secRem) >= secsPerDay {
		day += int64(secRem / secsPerDay)
		secRem -= float64(int64(secRem/secsPerDay)) * secsPerDay
	}
	day += int64(int32(monthRemDays))
	t := math.RoundToEven(float64(ivTime(a))*factor + secRem*1e6)
	if math.IsNaN(t) || t >= 9.223372036854775807e18 || t < -9.223372036854775808e18 {
		return ivl{}, false
	}
	return mkIv(month, day, int64(t))
}

// intervalDiv divides as interval_div does (the same cascade as intervalMul).
func intervalDiv(a ivl, factor float64) (ivl, bool) {
	if factor == 0 {
		return ivl{}, false
	}
	mf, df := float64(a.Months)/factor, float64(a.Days)/factor
	if math.IsNaN(mf) || mf > math.MaxInt32 || mf < math.MinInt32 || math.IsNaN(df) || df > math.MaxInt32 || df < math.MinInt32 {
		return ivl{}, false
	}
	month, day := int64(int32(mf)), int64(int32(df))
	monthRemDays := tsRound((float64(a.Months)/factor - float64(month)) * daysPerMonth)
	secRem := tsRound((float64(a.Days)/factor - float64(day) + monthRemDays - float64(int64(monthRemDays))) * secsPerDay)
	if math.Abs(secRem) >= secsPerDay {
		day += int64(secRem / secsPerDay)
		secRem -= float64(int64(secRem/secsPerDay)) * secsPerDay
	}
	day += int64(int32(monthRemDays))
	t := math.RoundToEven(float64(ivTime(a))/factor + secRem*1e6)
	if math.IsNaN(t) || t >= 9.223372036854775807e18 || t < -9.223372036854775808e18 {
		return ivl{}, false
	}
	return mkIv(month, day, int64(t))
}

// justifyHours moves whole days out of the time part, keeping day and time of one sign.
func justifyHours(a ivl) (ivl, bool) {
	t := ivTime(a)
	day := int64(a.Days) + t/usPerDay
	t %= usPerDay
	if day > 0 && t < 0 {
		t += usPerDay
		day--
	} else if day < 0 && t > 0 {
		t -= usPerDay
		day++
	}
	return mkIv(int64(a.Months), day, t)
}

// justifyDays moves 30-day periods into months, keeping month and day of one sign.
func justifyDays(a ivl) (ivl, bool) {
	month, day := int64(a.Months), int64(a.Days)
	month += day / daysPerMonth
	day %= daysPerMonth
	if month > 0 && day < 0 {
		day += daysPerMonth
		month--
	} else if month < 0 && day > 0 {
		day -= daysPerMonth
		month++
	}
	return mkIv(month, day, ivTime(a))
}

// justifyInterval does both, with signs made consistent across all three parts.
func justifyInterval(a ivl) (ivl, bool) {
	t := ivTime(a)
	month, day := int64(a.Months), int64(a.Days)+t/usPerDay
	t %= usPerDay
	month += day / daysPerMonth
	day %= daysPerMonth
	if month > 0 && (day < 0 || (day == 0 && t < 0)) {
		day += daysPerMonth
		month--
	} else if month < 0 && (day > 0 || (day == 0 && t > 0)) {
		day -= daysPerMonth
		month++
	}
	if day > 0 && t < 0 {
		t += usPerDay
		day--
	} else if day < 0 && t > 0 {
		t -= usPerDay
		day++
	}
	return mkIv(month, day, t)
}

// constBool returns an implementation whose every row is v.
func constBool(v bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := args[0].Len()
		out := newBoolOut(allocator(env), n)
		if v {
			for i := range out.bits {
				out.bits[i] = 0xff
			}
		}
		return out.finish(n), nil
	}
}

func errTimestampRange() error {
	return pgerror.New(pgcode.DatetimeValueOutOfRange, "timestamp out of range")
}
