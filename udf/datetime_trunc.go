package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// date_trunc: the calendar fields below the unit are reset, as timestamp_trunc and
// timestamptz_trunc do. For timestamptz the truncation happens on the wall clock of the
// session time zone (or of the zone given as third argument); units of a day or more then
// take that zone's offset at the truncated time, smaller units keep the original offset.

// truncCivil truncates c to unit u; ok is false for units date_trunc does not support.
func truncCivil(c *types.Civil, u types.Unit) bool {
	switch u {
	case types.UnitWeek:
		woy := types.ISOWeek(c.Year, c.Month, c.Day)
		// Week 52/53 in January belongs to the previous ISO year, week 1 in December to
		// the next.
		if woy >= 52 && c.Month == 1 {
			c.Year--
		}
		if woy <= 1 && c.Month == 12 {
			c.Year++
		}
		c.Year, c.Month, c.Day = types.JulianToDate(types.ISOWeekStart(c.Year, woy))
		c.Hour, c.Min, c.Sec, c.Usec = 0, 0, 0, 0
		return true
	case types.UnitMillennium, types.UnitCentury, types.UnitDecade, types.UnitYear, types.UnitQuarter,
		types.UnitMonth, types.UnitDay, types.UnitHour, types.UnitMinute, types.UnitSecond:
	case types.UnitMillisecond:
		c.Usec = c.Usec / 1000 * 1000
		return true
	case types.UnitMicrosecond:
		return true
	default:
		return false
	}
	// The remaining units fall through to every smaller one, as the C switch does.
	y := c.Year
	switch u {
	case types.UnitMillennium:
		if y > 0 {
			y = (y+999)/1000*1000 - 999
		} else {
			y = -((999-(y-1))/1000)*1000 + 1
		}
		fallthrough
	case types.UnitCentury:
		if y > 0 {
			y = (y+99)/100*100 - 99
		} else {
			y = -((99-(y-1))/100)*100 + 1
		}
	case types.UnitDecade:
		if y > 0 {
			y = y / 10 * 10
		} else {
			y = -((8 - (y - 1)) / 10) * 10
		}
	}
	c.Year = y
	if u >= types.UnitYear && u <= types.UnitMillennium {
		c.Month = 1
	}
	if u == types.UnitQuarter {
		c.Month = 3*((c.Month-1)/3) + 1
	}
	if u >= types.UnitMonth && u != types.UnitWeek {
		c.Day = 1
	}
	if u >= types.UnitDay {
		c.Hour = 0
	}
	if u >= types.UnitHour {
		c.Min = 0
	}
	if u >= types.UnitMinute {
		c.Sec = 0
	}
	c.Usec = 0
	return true
}

// truncTS truncates a timestamp; with zone set the timestamp is a UTC instant shown in
// that zone.
func truncTS(us int64, u types.Unit, zone *types.ZoneSpec) (int64, bool) {
	if isInfTS(us) {
		return us, true
	}
	local := us
	if zone != nil {
		local = zone.ToLocal(us)
	}
	c := types.TimestampToCivil(local)
	if !truncCivil(&c, u) {
		return 0, false
	}
	r, ok := types.CivilToTimestamp(c)
	if !ok {
		return 0, false
	}
	if zone != nil {
		if u >= types.UnitDay && u <= types.UnitMillennium {
			r = zone.ToUTC(r)
		} else {
			r -= local - us // the original offset
		}
	}
	return r, true
}

func truncImpl(src partSource, explicitZone bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		units := stringsOf(args[0])
		ts := values[arrow.Timestamp](args[1])
		n := units.Len()
		var zone *types.ZoneSpec
		if src == srcTimestamptz {
			zone = &types.ZoneSpec{Loc: zoneOf(env)}
		}
		var zones *stringCache
		if explicitZone {
			zones = &stringCache{}
		}
		var cache unitCache
		buf, out := newFixed[arrow.Timestamp](allocator(env), n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			u, low := cache.get(units.Value(i))
			if zones != nil {
				z, err := zones.zone(stringsOf(args[2]).Value(i))
				if err != nil {
					buf.Release()
					return nil, err
				}
				zone = &z
			}
			r, ok := truncTS(int64(ts[i]), u, zone)
			if !ok {
				buf.Release()
				switch {
				case u == types.UnitUnknown || u == types.UnitEpoch:
					return nil, errUnitNotRecognized(low, src)
				case isTruncUnit(u):
					return nil, errTimestampRange()
				}
				return nil, errUnitNotSupported(low, src)
			}
			out[i] = arrow.Timestamp(r)
		}
		return makeArray(args[1].DataType(), n, nil, 0, buf), nil
	}
}

func isTruncUnit(u types.Unit) bool { return u >= types.UnitMicrosecond && u <= types.UnitMillennium }

// stringCache resolves the zone names of successive rows, reusing the last resolution.
type stringCache struct {
	last  string
	z     types.ZoneSpec
	valid bool
}

func (c *stringCache) zone(s string) (types.ZoneSpec, error) {
	if c.valid && s == c.last {
		return c.z, nil
	}
	z, err := types.ParseZoneSpec(s)
	if err != nil {
		return z, err
	}
	c.last, c.z, c.valid = s, z, true
	return z, nil
}

// truncInterval truncates an interval's fields below the unit (interval_trunc).
func truncInterval(v ivl, u types.Unit) (ivl, bool) {
	t := ivTime(v)
	hour := t / usPerHour
	t -= hour * usPerHour
	min := t / usPerMin
	t -= min * usPerMin
	sec := t / usPerSec
	usec := t - sec*usPerSec
	year, mon, day := int64(v.Months/12), int64(v.Months%12), int64(v.Days)
	switch u {
	case types.UnitMillisecond:
		usec = usec / 1000 * 1000
	case types.UnitMicrosecond:
	case types.UnitMillennium, types.UnitCentury, types.UnitDecade, types.UnitYear, types.UnitQuarter,
		types.UnitMonth, types.UnitDay, types.UnitHour, types.UnitMinute, types.UnitSecond:
		switch u {
		case types.UnitMillennium:
			year = year / 1000 * 1000
			fallthrough
		case types.UnitCentury:
			year = year / 100 * 100
			fallthrough
		case types.UnitDecade:
			year = year / 10 * 10
		}
		if u >= types.UnitYear {
			mon = 0
		}
		if u == types.UnitQuarter {
			mon = 3 * (mon / 3)
		}
		if u >= types.UnitMonth {
			day = 0
		}
		if u >= types.UnitDay {
			hour = 0
		}
		if u >= types.UnitHour {
			min = 0
		}
		if u >= types.UnitMinute {
			sec = 0
		}
		usec = 0
	default:
		return ivl{}, false
	}
	return mkIv(year*12+mon, day, ((hour*60+min)*60+sec)*usPerSec+usec)
}

func truncIntervalImpl(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	units := stringsOf(args[0])
	vs := values[ivl](args[1])
	n := units.Len()
	var cache unitCache
	buf, out := newFixed[ivl](allocator(env), n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		u, low := cache.get(units.Value(i))
		r, ok := truncInterval(vs[i], u)
		if !ok {
			buf.Release()
			switch {
			case u == types.UnitUnknown || u == types.UnitEpoch:
				return nil, errUnitNotRecognized(low, srcInterval)
			case u == types.UnitWeek:
				return nil, errUnitNotSupported(low, srcInterval).WithDetail("Months usually have fractional weeks.")
			}
			return nil, errUnitNotSupported(low, srcInterval)
		}
		out[i] = r
	}
	return makeArray(ivType, n, nil, 0, buf), nil
}

// zoneImpl is timezone(zone, ts) and AT TIME ZONE: toLocal converts a timestamptz to the
// zone's wall clock (a timestamp), otherwise a timestamp is read as the zone's wall clock.
func zoneImpl(toLocal bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		names := stringsOf(args[0])
		ts := values[arrow.Timestamp](args[1])
		n := names.Len()
		var cache stringCache
		buf, out := newFixed[arrow.Timestamp](allocator(env), n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			z, err := cache.zone(names.Value(i))
			if err != nil {
				buf.Release()
				return nil, err
			}
			r, ok := shiftZone(int64(ts[i]), z, toLocal)
			if !ok {
				buf.Release()
				return nil, errTimestampRange()
			}
			out[i] = arrow.Timestamp(r)
		}
		return makeArray(env.RetType.Arrow(), n, nil, 0, buf), nil
	}
}

func shiftZone(us int64, z types.ZoneSpec, toLocal bool) (int64, bool) {
	if isInfTS(us) {
		return us, true
	}
	var r int64
	if toLocal {
		r = z.ToLocal(us)
	} else {
		r = z.ToUTC(us)
	}
	return r, r >= types.MinTimestamp && r < types.TimestampInfinity
}

// izoneImpl is timezone(interval, ts): the interval is a fixed offset east of UTC.
func izoneImpl(toLocal bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, env.RetType.Arrow(), args[0], args[1], func(v ivl, t arrow.Timestamp) (arrow.Timestamp, bool) {
			if v.Months != 0 || v.Days != 0 {
				return 0, false
			}
			r, ok := shiftZone(int64(t), types.ZoneSpec{Offset: int(ivTime(v) / usPerSec)}, toLocal)
			return arrow.Timestamp(r), ok
		}, func(v ivl, _ arrow.Timestamp) error {
			if v.Months != 0 || v.Days != 0 {
				return pgerror.Newf(pgcode.InvalidParameterValue, "interval time zone \"%s\" must not include months or days",
					types.AppendInterval(nil, v.Months, v.Days, v.Nanoseconds))
			}
			return errTimestampRange()
		})
	}
}

func registerDateTrunc(b builder) {
	tx, ts, tz, iv := types.Text, types.Timestamp, types.Timestamptz, types.Interval
	b.scalar(2020, "date_trunc", oids(tx, ts), ts, truncImpl(srcTimestamp, false))
	b.scalar(1217, "date_trunc", oids(tx, tz), tz, truncImpl(srcTimestamptz, false)).Volatility = catalog.Stable
	b.scalar(1284, "date_trunc", oids(tx, tz, tx), tz, truncImpl(srcTimestamptz, true)).Volatility = catalog.Stable
	b.scalar(1218, "date_trunc", oids(tx, iv), iv, truncIntervalImpl)
	b.scalar(1159, "timezone", oids(tx, tz), ts, zoneImpl(true))
	b.scalar(2069, "timezone", oids(tx, ts), tz, zoneImpl(false))
	b.scalar(1026, "timezone", oids(iv, tz), ts, izoneImpl(true))
	b.scalar(2070, "timezone", oids(iv, ts), tz, izoneImpl(false))
}
