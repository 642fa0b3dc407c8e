package types

import (
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Interval units, as in PostgreSQL's deltatktbl.
const (
	unitInvalid = iota - 1 // after "ago": a number there has no unit
	unitNone
	unitMicrosecond
	unitMillisecond
	unitSecond
	unitMinute
	unitHour
	unitDay
	unitWeek
	unitMonth
	unitYear
	unitDecade
	unitCentury
	unitMillennium
	unitAgo
)

// intervalUnits maps unit words (truncated to 10 characters, as PostgreSQL truncates them) to
// units.
var intervalUnits = map[string]int{
	"ago": unitAgo,
	"c":   unitCentury, "cent": unitCentury, "centuries": unitCentury, "century": unitCentury,
	"d": unitDay, "day": unitDay, "days": unitDay,
	"dec": unitDecade, "decade": unitDecade, "decades": unitDecade, "decs": unitDecade,
	"h": unitHour, "hour": unitHour, "hours": unitHour, "hr": unitHour, "hrs": unitHour,
	"m": unitMinute, "min": unitMinute, "mins": unitMinute, "minute": unitMinute, "minutes": unitMinute,
	"millennia": unitMillennium, "millennium": unitMillennium, "mil": unitMillennium, "mils": unitMillennium,
	"ms": unitMillisecond, "msec": unitMillisecond, "msecs": unitMillisecond, "millisecon": unitMillisecond,
	"mseconds": unitMillisecond,
	"mon":      unitMonth, "mons": unitMonth, "month": unitMonth, "months": unitMonth,
	"s": unitSecond, "sec": unitSecond, "secs": unitSecond, "second": unitSecond, "seconds": unitSecond,
	"us": unitMicrosecond, "usec": unitMicrosecond, "usecs": unitMicrosecond, "microsecon": unitMicrosecond,
	"useconds": unitMicrosecond,
	"w":        unitWeek, "week": unitWeek, "weeks": unitWeek,
	"y": unitYear, "year": unitYear, "years": unitYear, "yr": unitYear, "yrs": unitYear,
}

// intervalTimeMask is the set of units an hh:mm:ss field provides.
const intervalTimeMask = 1<<unitHour | 1<<unitMinute | 1<<unitSecond | 1<<unitMillisecond | 1<<unitMicrosecond

// itm accumulates an interval's parts as PostgreSQL's pg_itm_in does, with overflow checks on
// every step.
type itm struct {
	years int32
	mons  int32
	days  int32
	usec  int64
}

func addI32(a *int32, v int64) bool {
	s := int64(*a) + v
	if s > math.MaxInt32 || s < math.MinInt32 {
		return false
	}
	*a = int32(s)
	return true
}

func mulAddI64(a *int64, v, scale int64) bool {
	p := v * scale
	if v != 0 && (p/v != scale || (v == -1 && scale == math.MinInt64)) {
		return false
	}
	s := *a + p
	if (p > 0 && s < *a) || (p < 0 && s > *a) {
		return false
	}
	*a = s
	return true
}

func (t *itm) fracMicros(frac float64, scale int64) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	us := int64(frac)
	frac -= float64(us)
	us += int64(math.RoundToEven(frac))
	return mulAddI64(&t.usec, us, 1)
}

func (t *itm) fracDays(frac float64, scale int) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	extra := int32(frac)
	if !addI32(&t.days, int64(extra)) {
		return false
	}
	return t.fracMicros(frac-float64(extra), usPerDay)
}

func (t *itm) fracYears(frac float64, scale int) bool {
	return addI32(&t.mons, int64(math.RoundToEven(frac*float64(scale)*12)))
}

func (t *itm) years2(v int64, scale int64) bool {
	p := v * scale
	if p/scale != v || p > math.MaxInt32 || p < math.MinInt32 {
		return false
	}
	return addI32(&t.years, p)
}

// apply adds val (integer part) and fval (fraction, same sign) of unit.
func (t *itm) apply(unit int, val int64, fval float64) bool {
	switch unit {
	case unitMicrosecond:
		return mulAddI64(&t.usec, val, 1) && t.fracMicros(fval, 1)
	case unitMillisecond:
		return mulAddI64(&t.usec, val, 1000) && t.fracMicros(fval, 1000)
	case unitSecond:
		return mulAddI64(&t.usec, val, usPerSec) && t.fracMicros(fval, usPerSec)
	case unitMinute:
		return mulAddI64(&t.usec, val, usPerMin) && t.fracMicros(fval, usPerMin)
	case unitHour:
		return mulAddI64(&t.usec, val, usPerHour) && t.fracMicros(fval, usPerHour)
	case unitDay:
		return val == int64(int32(val)) && addI32(&t.days, val) && t.fracMicros(fval, usPerDay)
	case unitWeek:
		return val == int64(int32(val)) && addI32(&t.days, val*7) && t.fracDays(fval, 7)
	case unitMonth:
		return val == int64(int32(val)) && addI32(&t.mons, val) && t.fracDays(fval, 30)
	case unitYear:
		return t.years2(val, 1) && t.fracYears(fval, 1)
	case unitDecade:
		return t.years2(val, 10) && t.fracYears(fval, 10)
	case unitCentury:
		return t.years2(val, 100) && t.fracYears(fval, 100)
	case unitMillennium:
		return t.years2(val, 1000) && t.fracYears(fval, 1000)
	}
	return false
}

// ParseInterval parses interval input as interval_in does with IntervalStyle postgres,
// including the ISO 8601 "format with designators" (P1Y2M3DT4H5M6S).
func ParseInterval(str string) (arrow.MonthDayNanoInterval, error) {
	return ParseIntervalTypmod(str, -1)
}

// ParseIntervalTypmod parses interval input for a type with modifier typmod, as interval_in
// does: the range decides the unit of a trailing bare number (interval '90' day is 90
// days) and of mm:ss pairs, then the value is adjusted to the range and precision.
func ParseIntervalTypmod(str string, typmod int32) (arrow.MonthDayNanoInterval, error) {
	var buf [maxDateFields]dtField
	var t itm
	_, rng, _ := IntervalTypmod(typmod)
	fields, ok := lexDateTime(str, buf[:0])
	e := dtBadFormat
	if ok {
		e = decodeInterval(fields, &t, rng)
	}
	if e == dtBadFormat {
		t = itm{}
		e = decodeISO8601Interval(str, &t)
	}
	if e != dtOK {
		if e == dtFieldOverflow {
			e = dtIntervalOverflow
		}
		return arrow.MonthDayNanoInterval{}, dtError(e, str, "interval")
	}
	months := int64(t.years)*12 + int64(t.mons)
	if months > math.MaxInt32 || months < math.MinInt32 ||
		t.usec > math.MaxInt64/1000 || t.usec < math.MinInt64/1000 {
		return arrow.MonthDayNanoInterval{}, errIntervalOutOfRange()
	}
	iv := arrow.MonthDayNanoInterval{Months: int32(months), Days: t.days, Nanoseconds: t.usec * 1000}
	return AdjustInterval(iv, typmod), nil
}

func errIntervalOutOfRange() error {
	return pgerror.New(pgcode.DatetimeValueOutOfRange, "interval out of range")
}

// decodeInterval reads the fields right to left, so a bare number takes its unit from the
// word after it (DecodeInterval); the rightmost bare number takes it from the range rng.
func decodeInterval(fields []dtField, t *itm, rng int32) dtErr {
	unit := unitNone
	parsingUnit := false
	isBefore := false
	fmask := 0
	for i := len(fields) - 1; i >= 0; i-- {
		f := fields[i]
		tmask := 0
		switch f.typ {
		case ftTime:
			var r dtResult
			if e := r.decodeIntervalTime(f.s, t, rng); e != dtOK {
				return e
			}
			tmask = intervalTimeMask
			unit = unitDay
			parsingUnit = false
		case ftTZ, ftDate, ftNumber:
			if f.typ == ftTZ && strings.IndexByte(f.s[1:], ':') >= 0 {
				var sub itm
				var r dtResult
				if r.decodeIntervalTime(f.s[1:], &sub, rng) == dtOK {
					if f.s[0] == '-' {
						sub.usec = -sub.usec
					}
					if !mulAddI64(&t.usec, sub.usec, 1) {
						return dtFieldOverflow
					}
					tmask = intervalTimeMask
					unit = unitDay
					parsingUnit = false
					break
				}
			}
			switch unit {
			case unitNone:
				unit = bareIntervalUnit(rng)
			case unitInvalid:
				return dtBadFormat
			}
			val, rest, ok := leadingInt64(f.s)
			if !ok {
				if d := strings.TrimLeft(f.s, "+-"); d != "" && isDigit(d[0]) {
					return dtFieldOverflow
				}
				return dtBadFormat
			}
			var fval float64
			switch {
			case rest != "" && rest[0] == '-':
				// SQL "years-months".
				v2, rest2, ok := leadingInt64(rest[1:])
				if !ok || rest2 != "" {
					return dtBadFormat
				}
				if v2 < 0 || v2 >= 12 {
					return dtFieldOverflow
				}
				if f.s[0] == '-' {
					v2 = -v2
				}
				unit = unitMonth
				if !mulAddI64(&v2, val, 12) {
					return dtFieldOverflow
				}
				val = v2
			case rest != "" && rest[0] == '.':
				fr, err := strconv.ParseFloat("0"+rest, 64)
				if err != nil {
					return dtBadFormat
				}
				fval = fr
				if f.s[0] == '-' {
					fval = -fval
				}
			case rest != "":
				return dtBadFormat
			}
			if !t.apply(unit, val, fval) {
				return dtFieldOverflow
			}
			tmask = 1 << unit
			switch {
			case unit == unitSecond && fval != 0:
				tmask |= 1<<unitMillisecond | 1<<unitMicrosecond
			case unit == unitHour:
				unit = unitDay
			}
			parsingUnit = false
		case ftString, ftSpecial:
			if parsingUnit {
				return dtBadFormat
			}
			var lb [16]byte
			u, ok := intervalUnits[string(lowerToken(f.s, &lb))]
			if !ok {
				return dtBadFormat
			}
			if u == unitAgo {
				if i != len(fields)-1 {
					return dtBadFormat
				}
				isBefore = true
				unit = unitInvalid
				continue
			}
			unit = u
			parsingUnit = true
		default:
			return dtBadFormat
		}
		if tmask&fmask != 0 {
			return dtBadFormat
		}
		fmask |= tmask
	}
	if fmask == 0 || parsingUnit {
		return dtBadFormat
	}
	if isBefore {
		if t.usec == math.MinInt64 || t.days == math.MinInt32 || t.mons == math.MinInt32 || t.years == math.MinInt32 {
			return dtFieldOverflow
		}
		t.usec, t.days, t.mons, t.years = -t.usec, -t.days, -t.mons, -t.years
	}
	return dtOK
}

// leadingInt64 reads an optionally signed integer prefix; ok is false without digits or on
// overflow.
func leadingInt64(s string) (int64, string, bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	for i < len(s) && isDigit(s[i]) {
		if v > (1<<63)/10 {
			return 0, "", false
		}
		v = v*10 + uint64(s[i]-'0')
		i++
	}
	if i == start || v > 1<<63 || (!neg && v == 1<<63) {
		return 0, "", false
	}
	if neg {
		return -int64(v), s[i:], true
	}
	return int64(v), s[i:], true
}

// decodeIntervalTime adds hh:mm[:ss[.frac]] (or mm:ss.frac) to t; with the range minute to
// second, mm:ss.
func (r *dtResult) decodeIntervalTime(s string, t *itm, rng int32) dtErr {
	h, rest, ok := leadingInt64(s)
	if !ok || h < 0 || rest == "" || rest[0] != ':' {
		return dtBadFormat
	}
	m, rest, ok := leadingInt64(rest[1:])
	if !ok || m < 0 {
		return dtBadFormat
	}
	var sec, fsec int64
	switch {
	case rest == "":
		if rng == IntervalMinute|IntervalSecond {
			sec, m, h = m, h, 0
		}
	case rest[0] == '.':
		f, e := parseFraction(rest)
		if e != dtOK {
			return e
		}
		sec, m, h, fsec = m, h, 0, f
	case rest[0] == ':':
		if sec, rest, ok = leadingInt64(rest[1:]); !ok || sec < 0 {
			return dtBadFormat
		}
		if rest != "" {
			f, e := parseFraction(rest)
			if e != dtOK {
				return e
			}
			fsec = f
		}
	default:
		return dtBadFormat
	}
	if m > 59 || sec > 60 || fsec > usPerSec {
		return dtFieldOverflow
	}
	us := fsec
	if !mulAddI64(&us, sec, usPerSec) || !mulAddI64(&us, m, usPerMin) || !mulAddI64(&us, h, usPerHour) {
		return dtFieldOverflow
	}
	if !mulAddI64(&t.usec, us, 1) {
		return dtFieldOverflow
	}
	return dtOK
}

// decodeISO8601Interval parses P[nY][nM][nW][nD][T[nH][nM][nS]] with optionally signed,
// optionally fractional numbers.
func decodeISO8601Interval(str string, t *itm) dtErr {
	s := trimSpace(str)
	if len(s) < 2 || s[0] != 'P' {
		return dtBadFormat
	}
	s = s[1:]
	inTime := false
	for s != "" {
		if s[0] == 'T' {
			if inTime {
				return dtBadFormat
			}
			inTime = true
			s = s[1:]
			if s == "" {
				return dtBadFormat
			}
			continue
		}
		val, rest, ok := leadingInt64(s)
		if !ok {
			return dtBadFormat
		}
		var fval float64
		if rest != "" && rest[0] == '.' {
			j := 1
			for j < len(rest) && isDigit(rest[j]) {
				j++
			}
			fr, err := strconv.ParseFloat("0"+rest[:j], 64)
			if err != nil {
				return dtBadFormat
			}
			if s[0] == '-' {
				fr = -fr
			}
			fval, rest = fr, rest[j:]
		}
		if rest == "" {
			return dtBadFormat
		}
		unit := unitNone
		switch d := rest[0]; {
		case !inTime && d == 'Y':
			unit = unitYear
		case !inTime && d == 'M':
			unit = unitMonth
		case !inTime && d == 'W':
			unit = unitWeek
		case !inTime && d == 'D':
			unit = unitDay
		case inTime && d == 'H':
			unit = unitHour
		case inTime && d == 'M':
			unit = unitMinute
		case inTime && d == 'S':
			unit = unitSecond
		default:
			return dtBadFormat
		}
		if !t.apply(unit, val, fval) {
			return dtFieldOverflow
		}
		s = rest[1:]
	}
	return dtOK
}
