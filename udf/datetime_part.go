package udf

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// extract and date_part. extract returns numeric with PostgreSQL's exact scales (seconds
// carry six decimals, milliseconds three) and date_part float8, each computed the way
// PostgreSQL computes it so that float results round identically. The unit is an argument
// like any other, so it is decoded per row, with the previous row's decoding reused while
// the text stays the same (it nearly always is a constant).

// part is one extracted value in both representations.
type part struct {
	num  types.Num
	f    float64
	null bool // an oscillating unit of an infinite value
	inf  int  // -1 or +1: a monotonic unit of an infinite value
}

func intPart(v int64) part { return part{num: types.NumericFromInt64(v), f: float64(v)} }

// scaledPart is coef / 10^scale as numeric, with f its float8 form.
func scaledPart(coef int64, scale int32, f float64) part {
	return part{num: types.MakeNumeric(coef, scale), f: f}
}

// The source kinds extract works on, with the type names their errors use.
type partSource uint8

const (
	srcDate partSource = iota
	srcTime
	srcTimestamp
	srcTimestamptz
	srcInterval
)

var partTypeNames = [...]string{"date", "time without time zone", "timestamp without time zone",
	"timestamp with time zone", "interval"}

func errUnitNotRecognized(low string, src partSource) error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "unit \"%s\" not recognized for type %s", low, partTypeNames[src])
}

func errUnitNotSupported(low string, src partSource) *pgerror.Error {
	return pgerror.Newf(pgcode.FeatureNotSupported, "unit \"%s\" not supported for type %s", low, partTypeNames[src])
}

// unitCache decodes the unit text of successive rows, reusing the last decoding.
type unitCache struct {
	last  string
	unit  types.Unit
	low   string
	valid bool
}

func (c *unitCache) get(s string) (types.Unit, string) {
	if !c.valid || s != c.last {
		c.last, c.valid = s, true
		c.unit, c.low = types.ParseUnit(s)
	}
	return c.unit, c.low
}

// yearOf returns the year as extract prints it: there is no year 0, 1 BC is -1.
func yearOf(y int) int64 {
	if y > 0 {
		return int64(y)
	}
	return int64(y) - 1
}

func decadeOf(y int) int64 {
	if y >= 0 {
		return int64(y / 10)
	}
	return -int64((8 - (y - 1)) / 10)
}

func centuryOf(y int) int64 {
	if y > 0 {
		return int64((y + 99) / 100)
	}
	return -int64((99 - (y - 1)) / 100)
}

func millenniumOf(y int) int64 {
	if y > 0 {
		return int64((y + 999) / 1000)
	}
	return -int64((999 - (y - 1)) / 1000)
}

// datePart is the unit of a calendar date common to dates and timestamps.
func datePart(u types.Unit, y, m, d int) (part, bool) {
	switch u {
	case types.UnitDay:
		return intPart(int64(d)), true
	case types.UnitMonth:
		return intPart(int64(m)), true
	case types.UnitQuarter:
		return intPart(int64((m-1)/3 + 1)), true
	case types.UnitWeek:
		return intPart(int64(types.ISOWeek(y, m, d))), true
	case types.UnitYear:
		return intPart(yearOf(y)), true
	case types.UnitDecade:
		return intPart(decadeOf(y)), true
	case types.UnitCentury:
		return intPart(centuryOf(y)), true
	case types.UnitMillennium:
		return intPart(millenniumOf(y)), true
	case types.UnitISOYear:
		iy := int64(types.ISOYear(y, m, d))
		if iy <= 0 {
			iy--
		}
		return intPart(iy), true
	case types.UnitDOW, types.UnitISODOW:
		dow := types.DayOfWeek(types.DateToJulian(y, m, d))
		if u == types.UnitISODOW && dow == 0 {
			dow = 7
		}
		return intPart(int64(dow)), true
	case types.UnitDOY:
		return intPart(int64(types.DateToJulian(y, m, d) - types.DateToJulian(y, 1, 1) + 1)), true
	}
	return part{}, false
}

// monotonic reports the units that grow with time: infinite inputs give ±infinity for them
// and NULL for the others.
func monotonic(u types.Unit) bool {
	switch u {
	case types.UnitYear, types.UnitDecade, types.UnitCentury, types.UnitMillennium,
		types.UnitJulian, types.UnitISOYear, types.UnitEpoch:
		return true
	}
	return false
}

// infinitePart is a unit of ±infinity (NonFiniteTimestampTzPart).
func infinitePart(u types.Unit, low string, neg bool, src partSource) (part, error) {
	switch {
	case u == types.UnitUnknown:
		return part{}, errUnitNotRecognized(low, src)
	case monotonic(u):
		if neg {
			return part{inf: -1, f: math.Inf(-1)}, nil
		}
		return part{inf: 1, f: math.Inf(1)}, nil
	case u == types.UnitTimezone || u == types.UnitTimezoneHour || u == types.UnitTimezoneMinute:
		if src != srcTimestamptz {
			return part{}, errUnitNotSupported(low, src)
		}
		return part{null: true}, nil
	case u <= types.UnitDOY:
		return part{null: true}, nil
	}
	return part{}, errUnitNotSupported(low, src)
}

func dateExtract(u types.Unit, low string, d arrow.Date32) (part, error) {
	if d == dateInfinity || d == dateNegInf {
		switch u {
		case types.UnitUnknown:
			return part{}, errUnitNotRecognized(low, srcDate)
		case types.UnitDay, types.UnitMonth, types.UnitQuarter, types.UnitWeek, types.UnitDOW,
			types.UnitISODOW, types.UnitDOY:
			return part{null: true}, nil
		}
		if !monotonic(u) {
			return part{}, errUnitNotSupported(low, srcDate)
		}
		return infinitePart(u, low, d == dateNegInf, srcDate)
	}
	jd := int(d) + unixEpochJD
	switch u {
	case types.UnitEpoch:
		return intPart(int64(d) * secsPerDay), nil
	case types.UnitJulian:
		return intPart(int64(jd)), nil
	case types.UnitUnknown:
		return part{}, errUnitNotRecognized(low, srcDate)
	}
	y, m, dd := types.JulianToDate(jd)
	if p, ok := datePart(u, y, m, dd); ok {
		return p, nil
	}
	return part{}, errUnitNotSupported(low, srcDate)
}

// clockPart is a unit of the time of day (sec and usec within the minute).
func clockPart(u types.Unit, hour, min, sec int, usec int64) (part, bool) {
	switch u {
	case types.UnitMicrosecond:
		return intPart(int64(sec)*usPerSec + usec), true
	case types.UnitMillisecond:
		return scaledPart(int64(sec)*usPerSec+usec, 3, float64(sec)*1000.0+float64(usec)/1000.0), true
	case types.UnitSecond:
		return scaledPart(int64(sec)*usPerSec+usec, 6, float64(sec)+float64(usec)/1000000.0), true
	case types.UnitMinute:
		return intPart(int64(min)), true
	case types.UnitHour:
		return intPart(int64(hour)), true
	}
	return part{}, false
}

func timeExtract(u types.Unit, low string, t int64) (part, error) {
	if u == types.UnitEpoch {
		return scaledPart(t, 6, float64(t)/1000000.0), nil
	}
	c := types.TimestampToCivil(t)
	if p, ok := clockPart(u, int(t/usPerHour), c.Min, c.Sec, c.Usec); ok {
		return p, nil
	}
	if u == types.UnitUnknown {
		return part{}, errUnitNotRecognized(low, srcTime)
	}
	return part{}, errUnitNotSupported(low, srcTime)
}

// timestampExtract extracts from local wall-clock microseconds us; off is the zone offset
// (seconds east) for timestamptz, and utc the instant itself for epoch.
func timestampExtract(u types.Unit, low string, us, utc int64, off int, src partSource) (part, error) {
	if isInfTS(us) {
		return infinitePart(u, low, us == types.TimestampNegInfinity, src)
	}
	switch u {
	case types.UnitUnknown:
		return part{}, errUnitNotRecognized(low, src)
	case types.UnitEpoch:
		return scaledPart(utc, 6, float64(utc)/1000000.0), nil
	case types.UnitTimezone, types.UnitTimezoneHour, types.UnitTimezoneMinute:
		if src != srcTimestamptz {
			return part{}, errUnitNotSupported(low, src)
		}
		switch u {
		case types.UnitTimezone:
			return intPart(int64(off)), nil
		case types.UnitTimezoneHour:
			return intPart(int64(off / 3600)), nil
		}
		return intPart(int64(off / 60 % 60)), nil
	}
	c := types.TimestampToCivil(us)
	if p, ok := clockPart(u, c.Hour, c.Min, c.Sec, c.Usec); ok {
		return p, nil
	}
	if u == types.UnitJulian {
		jd := int64(types.DateToJulian(c.Year, c.Month, c.Day))
		dayUS := ((int64(c.Hour)*60+int64(c.Min))*60+int64(c.Sec))*usPerSec + c.Usec
		frac, _ := types.NumericDiv(types.NumericFromInt64(dayUS), types.NumericFromInt64(usPerDay))
		n, _ := types.NumericAdd(types.NumericFromInt64(jd), frac)
		f := float64(jd) + (float64((int64(c.Hour)*60+int64(c.Min))*60+int64(c.Sec))+float64(c.Usec)/1000000.0)/secsPerDay
		return part{num: n, f: f}, nil
	}
	if p, ok := datePart(u, c.Year, c.Month, c.Day); ok {
		return p, nil
	}
	return part{}, errUnitNotSupported(low, src)
}

func intervalExtract(u types.Unit, low string, v ivl) (part, error) {
	t := ivTime(v)
	hour := t / usPerHour
	t -= hour * usPerHour
	min := t / usPerMin
	t -= min * usPerMin
	sec := t / usPerSec
	usec := t - sec*usPerSec
	year, mon := int64(v.Months/12), int64(v.Months%12)
	switch u {
	case types.UnitMicrosecond:
		return intPart(sec*usPerSec + usec), nil
	case types.UnitMillisecond:
		return scaledPart(sec*usPerSec+usec, 3, float64(sec)*1000.0+float64(usec)/1000.0), nil
	case types.UnitSecond:
		return scaledPart(sec*usPerSec+usec, 6, float64(sec)+float64(usec)/1000000.0), nil
	case types.UnitMinute:
		return intPart(min), nil
	case types.UnitHour:
		return intPart(hour), nil
	case types.UnitDay:
		return intPart(int64(v.Days)), nil
	case types.UnitMonth:
		return intPart(mon), nil
	case types.UnitQuarter:
		return intPart(mon/3 + 1), nil
	case types.UnitYear:
		return intPart(year), nil
	case types.UnitDecade:
		return intPart(year / 10), nil
	case types.UnitCentury:
		return intPart(year / 100), nil
	case types.UnitMillennium:
		return intPart(year / 1000), nil
	case types.UnitEpoch:
		// Years count 365.25 days and months 30: scaled by 4 to stay in integers.
		secs := (int64(4*365.25)*int64(v.Months/12) + 4*daysPerMonth*int64(v.Months%12) + 4*int64(v.Days)) * (secsPerDay / 4)
		f := float64(ivTime(v)) / 1000000.0
		f += 365.25 * secsPerDay * float64(v.Months/12)
		f += daysPerMonth * secsPerDay * float64(v.Months%12)
		f += secsPerDay * float64(v.Days)
		if us, ok := mulAddI64(secs, usPerSec, ivTime(v)); ok {
			return scaledPart(us, 6, f), nil
		}
		n, _ := types.NumericAdd(types.NumericFromInt64(secs), types.MakeNumeric(ivTime(v), 6))
		return part{num: n, f: f}, nil
	case types.UnitUnknown:
		return part{}, errUnitNotRecognized(low, srcInterval)
	}
	return part{}, errUnitNotSupported(low, srcInterval)
}

func mulAddI64(a, b, c int64) (int64, bool) {
	if a != 0 && (a*b)/b != a {
		return 0, false
	}
	return addI64(a*b, c)
}

// partImpl builds extract (numeric result) or date_part (float8) over src.
func partImpl(src partSource, numeric bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		units := stringsOf(args[0])
		n := units.Len()
		loc := zoneOf(env)
		var cache unitCache
		compute := func(i int) (part, error) {
			u, low := cache.get(units.Value(i))
			switch src {
			case srcDate:
				d := values[arrow.Date32](args[1])[i]
				if !numeric {
					// date_part(text, date) is date_part(text, date::timestamp).
					us, _ := dateToTS(d)
					return timestampExtract(u, low, us, us, 0, srcTimestamp)
				}
				return dateExtract(u, low, d)
			case srcTime:
				return timeExtract(u, low, int64(values[arrow.Time64](args[1])[i]))
			case srcTimestamp:
				us := int64(values[arrow.Timestamp](args[1])[i])
				return timestampExtract(u, low, us, us, 0, src)
			case srcTimestamptz:
				us := int64(values[arrow.Timestamp](args[1])[i])
				off := 0
				local := us
				if !isInfTS(us) {
					off, _ = types.ZoneAt(loc, us)
					local = us + int64(off)*usPerSec
				}
				return timestampExtract(u, low, local, us, off, src)
			}
			return intervalExtract(u, low, values[ivl](args[1])[i])
		}
		mem := allocator(env)
		var validity *memory.Buffer
		nulls := 0
		markNull := func(i int) {
			if validity == nil {
				validity = newBitmap(mem, n)
				bits := validity.Bytes()
				for j := range bits {
					bits[j] = 0xff
				}
			}
			validity.Bytes()[i>>3] &^= 1 << (uint(i) & 7)
			nulls++
		}
		if numeric {
			buf, out := newFixed[types.Num](mem, n)
			for i := 0; i < n; i++ {
				if !env.RowValid(i) {
					continue
				}
				p, err := compute(i)
				if err != nil {
					buf.Release()
					if validity != nil {
						validity.Release()
					}
					return nil, err
				}
				switch {
				case p.null:
					markNull(i)
				case p.inf < 0:
					p.num = types.NumericNegInf
				case p.inf > 0:
					p.num = types.NumericPosInf
				}
				out[i] = p.num
			}
			return makeArray(types.TNumeric.Arrow(), n, validity, nulls, buf), nil
		}
		buf, out := newFixed[float64](mem, n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			p, err := compute(i)
			if err != nil {
				buf.Release()
				if validity != nil {
					validity.Release()
				}
				return nil, err
			}
			if p.null {
				markNull(i)
			}
			out[i] = p.f
		}
		return makeArray(arrow.PrimitiveTypes.Float64, n, validity, nulls, buf), nil
	}
}

func registerDatePart(b builder) {
	tx, f8, nu := types.Text, types.Float8, types.Numeric
	for _, e := range []struct {
		t          types.OID
		src        partSource
		part, extr types.OID
	}{
		{types.Date, srcDate, 1384, 6199},
		{types.Time, srcTime, 1385, 6200},
		{types.Timestamp, srcTimestamp, 2021, 6202},
		{types.Timestamptz, srcTimestamptz, 1171, 6203},
		{types.Interval, srcInterval, 1172, 6204},
	} {
		p := b.scalar(e.part, "date_part", oids(tx, e.t), f8, partImpl(e.src, false))
		x := b.scalar(e.extr, "extract", oids(tx, e.t), nu, partImpl(e.src, true))
		if e.src == srcTimestamptz {
			p.Volatility, x.Volatility = catalog.Stable, catalog.Stable
		}
	}
}
