package udf

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Constructors of dates, times, timestamps and intervals from their fields, to_timestamp
// from Unix seconds, isfinite, and OVERLAPS. The constructors validate their fields exactly
// as make_date and make_timestamp do, with PostgreSQL's messages (which print the seconds
// with C's %g).

// cG formats f as C's printf %g does (6 significant digits, trailing zeros dropped).
func cG(f float64) string {
	s := strconv.FormatFloat(f, 'g', 6, 64)
	if strings.ContainsAny(s, "e") {
		mant, exp, _ := strings.Cut(s, "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		return mant + "e" + exp
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// c02G is C's %02g: %g padded with zeros to two characters.
func c02G(f float64) string {
	s := cG(f)
	if len(s) < 2 {
		if strings.HasPrefix(s, "-") {
			return s
		}
		return "0" + s
	}
	return s
}

// validateYMD applies ValidateDate to year (negative meaning BC), month and day; it returns
// the astronomical year, or a failure.
func validateYMD(year, month, day int) (int, bool) {
	bc := year < 0
	if bc {
		year = -year
	}
	if year <= 0 {
		return year, false
	}
	if bc {
		year = -(year - 1)
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || day > types.DaysInMonth(year, month) {
		return year, false
	}
	return year, true
}

func makeDate(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	ys, ms, ds := values[int32](args[0]), values[int32](args[1]), values[int32](args[2])
	n := args[0].Len()
	buf, out := newFixed[arrow.Date32](allocator(env), n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		y, ok := validateYMD(int(ys[i]), int(ms[i]), int(ds[i]))
		ty := int(ys[i])
		if ty < 0 {
			ty = -ty
			if ok || y != ty {
				ty = y
			}
		}
		if !ok {
			buf.Release()
			return nil, pgerror.Newf(pgcode.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", ty, ms[i], ds[i])
		}
		if !types.ValidJulianDate(y, int(ms[i])) {
			buf.Release()
			return nil, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "date out of range: %d-%02d-%02d", ty, ms[i], ds[i])
		}
		jd := types.DateToJulian(y, int(ms[i]), int(ds[i]))
		if jd >= 2147483494 {
			buf.Release()
			return nil, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "date out of range: %d-%02d-%02d", ty, ms[i], ds[i])
		}
		out[i] = arrow.Date32(jd - unixEpochJD)
	}
	return makeArray(arrow.FixedWidthTypes.Date32, n, nil, 0, buf), nil
}

// clockFromFloat returns hour:min:sec in microseconds, or false when it leaves 00:00:00 to
// 24:00:00 (float_time_overflows).
func clockFromFloat(hour, min int32, sec float64) (int64, bool) {
	if hour < 0 || hour > 24 || min < 0 || min >= 60 || math.IsNaN(sec) {
		return 0, false
	}
	us := math.RoundToEven(sec * 1e6)
	if us < 0 || us > 60e6 {
		return 0, false
	}
	t := (int64(hour)*60+int64(min))*60*usPerSec + int64(us)
	return t, t <= usPerDay
}

func errTimeField(hour, min int32, sec float64) error {
	return pgerror.Newf(pgcode.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", hour, min, c02G(sec))
}

func makeTime(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	hs, ms, ss := values[int32](args[0]), values[int32](args[1]), values[float64](args[2])
	n := args[0].Len()
	buf, out := newFixed[arrow.Time64](allocator(env), n)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		t, ok := clockFromFloat(hs[i], ms[i], ss[i])
		if !ok {
			buf.Release()
			return nil, errTimeField(hs[i], ms[i], ss[i])
		}
		out[i] = arrow.Time64(t)
	}
	return makeArray(arrow.FixedWidthTypes.Time64us, n, nil, 0, buf), nil
}

// makeTimestampAt builds a timestamp from its fields (make_timestamp_internal).
func makeTimestampAt(year, month, day, hour, min int32, sec float64) (int64, error) {
	y, ok := validateYMD(int(year), int(month), int(day))
	if !ok {
		return 0, pgerror.Newf(pgcode.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", year, month, day)
	}
	if !types.ValidJulianDate(y, int(month)) {
		return 0, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "date out of range: %d-%02d-%02d", year, month, day)
	}
	t, ok := clockFromFloat(hour, min, sec)
	if !ok {
		return 0, errTimeField(hour, min, sec)
	}
	days := int64(types.DateToJulian(y, int(month), int(day)) - unixEpochJD)
	r := days*usPerDay + t
	if r < types.MinTimestamp || r >= types.TimestampInfinity || days > 109203528-unixEpochJD {
		return 0, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "timestamp out of range: %d-%02d-%02d %d:%02d:%s",
			year, month, day, hour, min, c02G(sec))
	}
	return r, nil
}

// makeTimestampImpl is make_timestamp, or make_timestamptz in the session zone (zoneArg
// false) or in the zone of a seventh argument.
func makeTimestampImpl(withZone, zoneArg bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		ys, mos, ds := values[int32](args[0]), values[int32](args[1]), values[int32](args[2])
		hs, mis, ss := values[int32](args[3]), values[int32](args[4]), values[float64](args[5])
		n := args[0].Len()
		loc := zoneOf(env)
		buf, out := newFixed[arrow.Timestamp](allocator(env), n)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			r, err := makeTimestampAt(ys[i], mos[i], ds[i], hs[i], mis[i], ss[i])
			if err == nil && withZone {
				if zoneArg {
					var off int
					off, err = zoneForMake(stringsOf(args[6]).Value(i), r)
					r -= int64(off) * usPerSec
				} else {
					r = types.LocalToUTC(loc, r)
				}
			}
			if err != nil {
				buf.Release()
				return nil, err
			}
			out[i] = arrow.Timestamp(r)
		}
		return makeArray(env.RetType.Arrow(), n, nil, 0, buf), nil
	}
}

// zoneForMake resolves make_timestamptz's zone for the local time local, as
// parse_sane_timezone does: numeric offsets (ISO signs, so +2 is east) first, then
// abbreviations and zone names. It returns the offset in seconds east.
func zoneForMake(name string, local int64) (int, error) {
	if name != "" && name[0] >= '0' && name[0] <= '9' {
		return 0, pgerror.Newf(pgcode.InvalidParameterValue, "invalid input syntax for type %s: \"%s\"", "numeric time zone", name).
			WithHint("Numeric time zones must have \"-\" or \"+\" as first character.")
	}
	if off, ok, err := types.ParseNumericZone(name); ok || err != nil {
		return off, err
	}
	z, err := types.ParseZoneSpec(name)
	if err != nil {
		return 0, err
	}
	if z.Loc == nil {
		return z.Offset, nil
	}
	return int((local - types.LocalToUTC(z.Loc, local)) / usPerSec), nil
}

func makeInterval(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	ys, mos, ws, ds := values[int32](args[0]), values[int32](args[1]), values[int32](args[2]), values[int32](args[3])
	hs, mis, ss := values[int32](args[4]), values[int32](args[5]), values[float64](args[6])
	return mapIndexed(env, ivType, args[0].Len(), func(i int) (ivl, bool) {
		if math.IsInf(ss[i], 0) || math.IsNaN(ss[i]) {
			return ivl{}, false
		}
		secs := math.RoundToEven(ss[i] * 1e6)
		t := int64(hs[i])*usPerHour + int64(mis[i])*usPerMin + int64(secs)
		// The integer fields wrap as PostgreSQL's int arithmetic does.
		return mkIv(int64(ys[i]*12+mos[i]), int64(ws[i]*7+ds[i]), t)
	}, func(int) error { return errIntervalRange() })
}

// mapIndexed fills an n-row fixed-width result from f(row); fail describes the first valid
// failing row.
func mapIndexed[R fixedWidth](env *catalog.FuncEnv, dt arrow.DataType, n int, f func(i int) (R, bool), fail func(i int) error) (arrow.Array, error) {
	buf, out := newFixed[R](allocator(env), n)
	for i := range out {
		if !env.RowValid(i) {
			continue
		}
		r, ok := f(i)
		if !ok {
			buf.Release()
			return nil, fail(i)
		}
		out[i] = r
	}
	return makeArray(dt, n, nil, 0, buf), nil
}

func toTimestamp(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return mapUnary(env, types.TTimestamptz.Arrow(), args[0], func(s float64) (arrow.Timestamp, bool) {
		switch {
		case math.IsNaN(s):
			return 0, false
		case math.IsInf(s, 1):
			return types.TimestampInfinity, true
		case math.IsInf(s, -1):
			return types.TimestampNegInfinity, true
		}
		if s < -float64(unixEpochJD)*secsPerDay || s >= float64(109203528-unixEpochJD)*secsPerDay {
			return 0, false
		}
		// PostgreSQL rounds relative to its own epoch, 2000-01-01.
		const pgEpochSecs = 946684800
		us := math.RoundToEven((s - pgEpochSecs) * 1e6)
		r := int64(us) + pgEpochSecs*usPerSec
		return arrow.Timestamp(r), r >= types.MinTimestamp && r < types.TimestampInfinity
	}, func(s float64) error {
		if math.IsNaN(s) {
			return pgerror.New(pgcode.DatetimeValueOutOfRange, "timestamp cannot be NaN")
		}
		return pgerror.Newf(pgcode.DatetimeValueOutOfRange, "timestamp out of range: \"%s\"", cG(s))
	})
}

func isFiniteImpl[T arrow.Date32 | arrow.Timestamp](lo, hi T) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		v := values[T](args[0])
		n := args[0].Len()
		out := newBoolOut(allocator(env), n)
		for i := 0; i < n; i++ {
			if v[i] != lo && v[i] != hi {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}

// overlapsImpl is (s1, e1) OVERLAPS (s2, e2) over int64-like points; len1 and len2 say the
// second and fourth arguments are intervals added to the starts (with add, which mkAdd
// builds for the call's session). NULL endpoints give NULL only where the answer depends on
// them, as overlaps_timestamp decides.
func overlapsImpl[T arrow.Timestamp | arrow.Time64](len1, len2 bool, mkAdd func(env *catalog.FuncEnv) func(T, ivl) (T, bool)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := args[0].Len()
		mem := allocator(env)
		add := mkAdd(env)
		out := newBoolOut(mem, n)
		valid := newBitmap(mem, n)
		vb := valid.Bytes()
		nulls := 0
		point := func(k, i int) (T, bool) {
			if args[k].IsNull(i) {
				return 0, true
			}
			return values[T](args[k])[i], false
		}
		end := func(k, i int, isLen bool, start T, startNull bool) (T, bool, error) {
			if !isLen {
				v, null := point(k, i)
				return v, null, nil
			}
			if startNull || args[k].IsNull(i) {
				return 0, true, nil
			}
			r, ok := add(start, values[ivl](args[k])[i])
			if !ok {
				return 0, false, errTimestampRange()
			}
			return r, false, nil
		}
		for i := 0; i < n; i++ {
			s1, s1n := point(0, i)
			e1, e1n, err := end(1, i, len1, s1, s1n)
			var s2, e2 T
			var s2n, e2n bool
			if err == nil {
				s2, s2n = point(2, i)
				e2, e2n, err = end(3, i, len2, s2, s2n)
			}
			if err != nil {
				out.buf.Release()
				valid.Release()
				return nil, err
			}
			r, null := overlaps(s1, e1, s2, e2, s1n, e1n, s2n, e2n)
			if null {
				nulls++
				continue
			}
			vb[i>>3] |= 1 << (uint(i) & 7)
			if r {
				out.set(i)
			}
		}
		return makeArray(arrow.FixedWidthTypes.Boolean, n, valid, nulls, out.buf), nil
	}
}

func overlaps[T arrow.Timestamp | arrow.Time64](s1, e1, s2, e2 T, s1n, e1n, s2n, e2n bool) (result, null bool) {
	if s1n {
		if e1n {
			return false, true
		}
		s1, e1n = e1, true
	} else if !e1n && s1 > e1 {
		s1, e1 = e1, s1
	}
	if s2n {
		if e2n {
			return false, true
		}
		s2, e2n = e2, true
	} else if !e2n && s2 > e2 {
		s2, e2 = e2, s2
	}
	switch {
	case s1 > s2:
		if e2n {
			return false, true
		}
		if s1 < e2 {
			return true, false
		}
		return false, e1n
	case s1 < s2:
		if e1n {
			return false, true
		}
		if s2 < e1 {
			return true, false
		}
		return false, e2n
	}
	return true, e1n || e2n
}

func registerDatetimeMake(b builder) {
	i4, f8, tx := types.Int4, types.Float8, types.Text
	b.scalar(3846, "make_date", oids(i4, i4, i4), types.Date, makeDate)
	b.scalar(3847, "make_time", oids(i4, i4, f8), types.Time, makeTime)
	b.scalar(3461, "make_timestamp", oids(i4, i4, i4, i4, i4, f8), types.Timestamp, makeTimestampImpl(false, false))
	b.scalar(3462, "make_timestamptz", oids(i4, i4, i4, i4, i4, f8), types.Timestamptz, makeTimestampImpl(true, false)).Volatility = catalog.Stable
	b.scalar(3463, "make_timestamptz", oids(i4, i4, i4, i4, i4, f8, tx), types.Timestamptz, makeTimestampImpl(true, true)).Volatility = catalog.Stable
	b.scalar(3464, "make_interval", oids(i4, i4, i4, i4, i4, i4, f8), types.Interval, makeInterval)
	b.scalar(1158, "to_timestamp", oids(f8), types.Timestamptz, toTimestamp)
	b.scalar(1373, "isfinite", oids(types.Date), types.Bool, isFiniteImpl[arrow.Date32](dateInfinity, dateNegInf))
	b.scalar(2048, "isfinite", oids(types.Timestamp), types.Bool, isFiniteImpl[arrow.Timestamp](types.TimestampInfinity, types.TimestampNegInfinity))
	b.scalar(1389, "isfinite", oids(types.Timestamptz), types.Bool, isFiniteImpl[arrow.Timestamp](types.TimestampInfinity, types.TimestampNegInfinity))

	ts, tz, ti, iv := types.Timestamp, types.Timestamptz, types.Time, types.Interval
	addTS := func(withZone bool) func(*catalog.FuncEnv) func(arrow.Timestamp, ivl) (arrow.Timestamp, bool) {
		return func(env *catalog.FuncEnv) func(arrow.Timestamp, ivl) (arrow.Timestamp, bool) {
			var loc *time.Location
			if withZone {
				loc = zoneOf(env)
			}
			return func(t arrow.Timestamp, v ivl) (arrow.Timestamp, bool) {
				r, ok := tsPlusInterval(int64(t), v, 1, loc)
				return arrow.Timestamp(r), ok
			}
		}
	}
	addTime := func(*catalog.FuncEnv) func(arrow.Time64, ivl) (arrow.Time64, bool) {
		return func(t arrow.Time64, v ivl) (arrow.Time64, bool) {
			return arrow.Time64(timeAdd(int64(t), ivTime(v))), true
		}
	}
	for _, o := range []struct {
		t, second, fourth types.OID
		oid               types.OID
	}{
		{ts, ts, ts, 2041}, {ts, iv, iv, 2042}, {ts, ts, iv, 2043}, {ts, iv, ts, 2044},
		{tz, tz, tz, 1304}, {tz, iv, iv, 1305}, {tz, tz, iv, 1306}, {tz, iv, tz, 1307},
		{ti, ti, ti, 1308}, {ti, iv, iv, 1309}, {ti, ti, iv, 1310}, {ti, iv, ti, 1311},
	} {
		len1, len2 := o.second == iv, o.fourth == iv
		var impl catalog.ScalarImpl
		switch o.t {
		case ti:
			impl = overlapsImpl(len1, len2, addTime)
		default:
			impl = overlapsImpl(len1, len2, addTS(o.t == tz))
		}
		f := b.scalar(o.oid, "overlaps", oids(o.t, o.second, o.t, o.fourth), types.Bool, impl)
		f.Strict = false
		if o.t == tz && (len1 || len2) {
			f.Volatility = catalog.Stable
		}
	}
}
