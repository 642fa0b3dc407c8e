package udf

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Calendar arithmetic on timestamps: adding an interval's months keeps the day of the month
// (clamped to the month's length), adding days keeps the time of day, and only the time
// part is added as elapsed microseconds, as timestamp_pl_interval does. For timestamptz the
// months and days apply to the wall clock of the session time zone, so adding '1 day'
// across a daylight-saving change keeps the local time.

func isInfTS(v int64) bool { return v == types.TimestampInfinity || v == types.TimestampNegInfinity }

// tsPlusInterval adds sign times v to the timestamp us. loc is nil for timestamp without
// time zone; otherwise months and days are counted on loc's wall clock.
func tsPlusInterval(us int64, v ivl, sign int64, loc *time.Location) (int64, bool) {
	if isInfTS(us) {
		return us, true
	}
	months, days := sign*int64(v.Months), sign*int64(v.Days)
	if months != 0 || days != 0 {
		local := us
		if loc != nil {
			local = types.UTCToLocal(loc, us)
		}
		c := types.TimestampToCivil(local)
		if months != 0 {
			m := int64(c.Month) - 1 + months
			q, r := divFloor(m, 12)
			y := int64(c.Year) + q
			if y > 1e7 || y < -1e7 {
				return 0, false
			}
			c.Year, c.Month = int(y), int(r)+1
			if dm := types.DaysInMonth(c.Year, c.Month); c.Day > dm {
				c.Day = dm
			}
		}
		if days != 0 {
			if !types.ValidJulianDate(c.Year, c.Month) {
				return 0, false
			}
			jd := int64(types.DateToJulian(c.Year, c.Month, c.Day)) + days
			if jd < 0 || jd > 1<<31 {
				return 0, false
			}
			c.Year, c.Month, c.Day = types.JulianToDate(int(jd))
		}
		r, ok := types.CivilToTimestamp(c)
		if !ok {
			return 0, false
		}
		if loc != nil {
			r = types.LocalToUTC(loc, r)
		}
		us = r
	}
	r, ok := addI64(us, sign*ivTime(v))
	return r, ok && r >= types.MinTimestamp && r < types.TimestampInfinity
}

// tsIntervalImpl is timestamp(tz) +/- interval; swap takes the interval first.
func tsIntervalImpl(sign int64, withZone, swap bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		ts, iv := args[0], args[1]
		if swap {
			ts, iv = iv, ts
		}
		var loc *time.Location
		if withZone {
			loc = zoneOf(env)
		}
		return mapBinary(env, ts.DataType(), ts, iv, func(t arrow.Timestamp, v ivl) (arrow.Timestamp, bool) {
			r, ok := tsPlusInterval(int64(t), v, sign, loc)
			return arrow.Timestamp(r), ok
		}, func(arrow.Timestamp, ivl) error { return errTimestampRange() })
	}
}

// zoneOf returns the session time zone (UTC when unset).
func zoneOf(env *catalog.FuncEnv) *time.Location {
	if env.TimeZone == nil {
		return time.UTC
	}
	return env.TimeZone
}

// dateToTS converts a date to a timestamp at midnight, as date2timestamp does.
func dateToTS(d arrow.Date32) (int64, bool) {
	switch d {
	case dateInfinity:
		return types.TimestampInfinity, true
	case dateNegInf:
		return types.TimestampNegInfinity, true
	}
	r := int64(d) * usPerDay
	return r, r < types.TimestampInfinity && int64(d)+unixEpochJD < 109203528
}

func errDateForTimestamp() error {
	return pgerror.New(pgcode.DatetimeValueOutOfRange, "date out of range for timestamp")
}

// dateIntervalImpl is date +/- interval, a timestamp; swap takes the interval first.
func dateIntervalImpl(sign int64, swap bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		d, iv := args[0], args[1]
		if swap {
			d, iv = iv, d
		}
		return mapBinary(env, types.TTimestamp.Arrow(), d, iv, func(d arrow.Date32, v ivl) (arrow.Timestamp, bool) {
			t, ok := dateToTS(d)
			if !ok {
				return 0, false
			}
			r, ok := tsPlusInterval(t, v, sign, nil)
			return arrow.Timestamp(r), ok
		}, func(d arrow.Date32, _ ivl) error {
			if _, ok := dateToTS(d); !ok {
				return errDateForTimestamp()
			}
			return errTimestampRange()
		})
	}
}

// age returns the symbolic difference a - b in years, months, days and time, borrowing
// from each larger field with the lengths of the months of the later argument, as
// timestamp_age does. Both are wall-clock times.
func age(a, b int64) (ivl, bool) {
	t1, t2 := types.TimestampToCivil(a), types.TimestampToCivil(b)
	usec := t1.Usec - t2.Usec
	sec, min, hour := t1.Sec-t2.Sec, t1.Min-t2.Min, t1.Hour-t2.Hour
	mday, mon, year := t1.Day-t2.Day, t1.Month-t2.Month, t1.Year-t2.Year
	neg := a < b
	if neg {
		usec, sec, min, hour, mday, mon, year = -usec, -sec, -min, -hour, -mday, -mon, -year
	}
	for usec < 0 {
		usec += usPerSec
		sec--
	}
	for sec < 0 {
		sec += 60
		min--
	}
	for min < 0 {
		min += 60
		hour--
	}
	for hour < 0 {
		hour += 24
		mday--
	}
	for mday < 0 {
		if neg {
			mday += types.DaysInMonth(t1.Year, t1.Month)
		} else {
			mday += types.DaysInMonth(t2.Year, t2.Month)
		}
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if neg {
		usec, sec, min, hour, mday, mon, year = -usec, -sec, -min, -hour, -mday, -mon, -year
	}
	months := int64(year)*12 + int64(mon)
	t := ((int64(hour)*60+int64(min))*60+int64(sec))*usPerSec + usec
	return mkIv(months, int64(mday), t)
}

func ageImpl(withZone bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		loc := zoneOf(env)
		return mapBinary(env, ivType, args[0], args[1], func(a, b arrow.Timestamp) (ivl, bool) {
			if isInfTS(int64(a)) || isInfTS(int64(b)) {
				return ivl{}, false
			}
			x, y := int64(a), int64(b)
			if withZone {
				x, y = types.UTCToLocal(loc, x), types.UTCToLocal(loc, y)
			}
			return age(x, y)
		}, func(a, b arrow.Timestamp) error {
			if isInfTS(int64(a)) || isInfTS(int64(b)) {
				return pgerror.New(pgcode.InvalidParameterValue, "cannot subtract infinite timestamps")
			}
			return errIntervalRange()
		})
	}
}

// ageTodayImpl is age(ts): the age at midnight of the current date.
func ageTodayImpl(withZone bool) catalog.ScalarImpl {
	inner := ageImpl(false)
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		loc := zoneOf(env)
		day, _ := divFloor(types.UTCToLocal(loc, sessionOf(env).TxnStart.UnixMicro()), usPerDay)
		today := day * usPerDay
		in := args[0]
		if withZone {
			// Compare wall clocks: shift the argument to local time first.
			local, err := mapUnary(env, types.TTimestamp.Arrow(), in, func(t arrow.Timestamp) (arrow.Timestamp, bool) {
				if isInfTS(int64(t)) {
					return t, true
				}
				return arrow.Timestamp(types.UTCToLocal(loc, int64(t))), true
			}, nil)
			if err != nil {
				return nil, err
			}
			defer local.Release()
			in = local
		}
		now, err := mapUnary(env, types.TTimestamp.Arrow(), in, func(arrow.Timestamp) (arrow.Timestamp, bool) {
			return arrow.Timestamp(today), true
		}, nil)
		if err != nil {
			return nil, err
		}
		defer now.Release()
		return inner(env, []arrow.Array{now, in})
	}
}

func registerDatetimeArith(b builder) {
	ts, tz, iv, da, i4 := types.Timestamp, types.Timestamptz, types.Interval, types.Date, types.Int4
	stable := func(f *catalog.Func) *catalog.Func { f.Volatility = catalog.Stable; return f }
	b.op(2066, "+", ts, iv, b.scalar(2032, "timestamp_pl_interval", oids(ts, iv), ts, tsIntervalImpl(1, false, false)))
	b.op(2068, "-", ts, iv, b.scalar(2033, "timestamp_mi_interval", oids(ts, iv), ts, tsIntervalImpl(-1, false, false)))
	b.op(2553, "+", iv, ts, b.scalar(2548, "interval_pl_timestamp", oids(iv, ts), ts, tsIntervalImpl(1, false, true)))
	b.op(1327, "+", tz, iv, stable(b.scalar(1189, "timestamptz_pl_interval", oids(tz, iv), tz, tsIntervalImpl(1, true, false))))
	b.op(1329, "-", tz, iv, stable(b.scalar(1190, "timestamptz_mi_interval", oids(tz, iv), tz, tsIntervalImpl(-1, true, false))))
	b.op(2554, "+", iv, tz, stable(b.scalar(2549, "interval_pl_timestamptz", oids(iv, tz), tz, tsIntervalImpl(1, true, true))))
	b.op(1076, "+", da, iv, b.scalar(2071, "date_pl_interval", oids(da, iv), ts, dateIntervalImpl(1, false)))
	b.op(1077, "-", da, iv, b.scalar(2072, "date_mi_interval", oids(da, iv), ts, dateIntervalImpl(-1, false)))
	b.op(2551, "+", iv, da, b.scalar(2546, "interval_pl_date", oids(iv, da), ts, dateIntervalImpl(1, true)))
	b.op(2555, "+", i4, da, b.scalar(2550, "integer_pl_date", oids(i4, da), da, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return dateAddDays(false)(env, []arrow.Array{args[1], args[0]})
	}))
	b.scalar(2058, "age", oids(ts, ts), iv, ageImpl(false))
	b.scalar(1199, "age", oids(tz, tz), iv, ageImpl(true))
	stable(b.scalar(2059, "age", oids(ts), iv, ageTodayImpl(false)))
	stable(b.scalar(1386, "age", oids(tz), iv, ageTodayImpl(true)))
}
