package types

import (
	"time"
)

// Text output of dates, timestamps and intervals in every DateStyle and IntervalStyle, as
// PostgreSQL's EncodeDateOnly, EncodeDateTime and EncodeInterval write them. Years are
// astronomical inside (0 is 1 BC) and print as positive years with a " BC" suffix after
// everything else.

var (
	dayAbbrevs   = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthAbbrevs = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// maxTZLen is the longest zone abbreviation printed (PostgreSQL's MAXTZLEN).
const maxTZLen = 10

// appendYear appends an astronomical year as printed: 4 digits at least, BC years counted
// from 1.
func appendYear(dst []byte, y int) []byte {
	if y <= 0 {
		y = 1 - y
	}
	return appendPad(dst, int64(y), 4)
}

// appendDateOnly appends a date in style st with order ord, without the BC suffix.
func appendDateOnly(dst []byte, y, m, d int, st DateStyle, ord DateOrder) []byte {
	sep := byte('-')
	switch st {
	case DateStyleISO:
		dst = appendYear(dst, y)
		dst = append(dst, '-')
		dst = appendPad(dst, int64(m), 2)
		dst = append(dst, '-')
		return appendPad(dst, int64(d), 2)
	case DateStyleGerman:
		dst = appendPad(dst, int64(d), 2)
		dst = append(dst, '.')
		dst = appendPad(dst, int64(m), 2)
		dst = append(dst, '.')
		return appendYear(dst, y)
	case DateStyleSQL:
		sep = '/'
	}
	// SQL and Postgres: day and month in the configured order (YMD prints as MDY).
	if ord == DateOrderDMY {
		dst = appendPad(dst, int64(d), 2)
		dst = append(dst, sep)
		dst = appendPad(dst, int64(m), 2)
	} else {
		dst = appendPad(dst, int64(m), 2)
		dst = append(dst, sep)
		dst = appendPad(dst, int64(d), 2)
	}
	dst = append(dst, sep)
	return appendYear(dst, y)
}

// AppendDate appends a Date32 value (days since 1970-01-01) as date_out prints it with
// DateStyle ISO.
func AppendDate(dst []byte, days int32) []byte {
	return appendDate(dst, days, DateStyleISO, DateOrderMDY)
}

func appendDate(dst []byte, days int32, st DateStyle, ord DateOrder) []byte {
	switch days {
	case DateInfinity:
		return append(dst, "infinity"...)
	case DateNegInfinity:
		return append(dst, "-infinity"...)
	}
	y, m, d := j2date(int(days) + unixEpochJD)
	dst = appendDateOnly(dst, y, m, d, st, ord)
	if y <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// appendClock appends HH:MM:SS[.ffffff] for us microseconds into a day, trimming trailing
// zeros of the fraction as PostgreSQL does.
func appendClock(dst []byte, us int64) []byte {
	h := us / usPerHour
	us -= h * usPerHour
	m := us / usPerMin
	us -= m * usPerMin
	dst = appendPad(dst, h, 2)
	dst = append(dst, ':')
	dst = appendPad(dst, m, 2)
	dst = append(dst, ':')
	return appendSeconds(dst, us)
}

// appendSeconds appends SS[.ffffff] for us microseconds (< 1 minute, >= 0).
func appendSeconds(dst []byte, us int64) []byte {
	dst = appendPad(dst, us/usPerSec, 2)
	return appendFraction(dst, us%usPerSec)
}

// appendFraction appends .ffffff for f microseconds (0 <= f < 1e6) without trailing zeros,
// or nothing for 0.
func appendFraction(dst []byte, f int64) []byte {
	if f == 0 {
		return dst
	}
	dst = append(dst, '.')
	w := 6
	for f%10 == 0 {
		f /= 10
		w--
	}
	return appendPad(dst, f, w)
}

// AppendTime appends a time value (microseconds since midnight) as time_out prints it.
func AppendTime(dst []byte, us int64) []byte { return appendClock(dst, us) }

// AppendTimestamp appends a timestamp (microseconds since 1970-01-01) as timestamp_out prints
// it with DateStyle ISO.
func AppendTimestamp(dst []byte, us int64) []byte {
	return appendTimestamp(dst, us, nil, false, DateStyleISO, DateOrderMDY)
}

// AppendTimestamptz appends a timestamptz (microseconds since 1970-01-01 UTC) as
// timestamptz_out prints it with DateStyle ISO in time zone loc (nil means UTC).
func AppendTimestamptz(dst []byte, us int64, loc *time.Location) []byte {
	return appendTimestamp(dst, us, loc, true, DateStyleISO, DateOrderMDY)
}

// appendTimestamp writes a timestamp (withZone false: a local time) or a timestamptz shown
// in loc, in style st with order ord (EncodeDateTime).
func appendTimestamp(dst []byte, us int64, loc *time.Location, withZone bool, st DateStyle, ord DateOrder) []byte {
	switch us {
	case TimestampInfinity:
		return append(dst, "infinity"...)
	case TimestampNegInfinity:
		return append(dst, "-infinity"...)
	}
	off, abbrev := 0, ""
	if withZone {
		if loc == nil {
			loc = time.UTC
		}
		sec, _ := floorDiv(us, usPerSec)
		abbrev, off = time.Unix(sec, 0).In(loc).Zone()
		if len(abbrev) > maxTZLen {
			abbrev = abbrev[:maxTZLen]
		}
	}
	days, rem := floorDiv(us+int64(off)*usPerSec, usPerDay)
	jd := int(days) + unixEpochJD
	y, m, d := j2date(jd)
	switch st {
	case DateStyleISO:
		dst = appendDateOnly(dst, y, m, d, st, ord)
		dst = append(dst, ' ')
		dst = appendClock(dst, rem)
		if withZone {
			dst = appendOffset(dst, off)
		}
	case DateStyleSQL, DateStyleGerman:
		dst = appendDateOnly(dst, y, m, d, st, ord)
		dst = append(dst, ' ')
		dst = appendClock(dst, rem)
		if withZone {
			dst = append(dst, ' ')
			dst = append(dst, abbrev...)
		}
	default: // Postgres: Wed Dec 17 07:37:16 1997 PST
		dst = append(dst, dayAbbrevs[(jd+1)%7]...)
		dst = append(dst, ' ')
		if ord == DateOrderDMY {
			dst = appendPad(dst, int64(d), 2)
			dst = append(dst, ' ')
			dst = append(dst, monthAbbrevs[m-1]...)
		} else {
			dst = append(dst, monthAbbrevs[m-1]...)
			dst = append(dst, ' ')
			dst = appendPad(dst, int64(d), 2)
		}
		dst = append(dst, ' ')
		dst = appendClock(dst, rem)
		dst = append(dst, ' ')
		dst = appendYear(dst, y)
		if withZone {
			dst = append(dst, ' ')
			dst = append(dst, abbrev...)
		}
	}
	if y <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}

// appendOffset appends a UTC offset (seconds east) as +hh, +hh:mm or +hh:mm:ss.
func appendOffset(dst []byte, off int) []byte {
	if off < 0 {
		dst = append(dst, '-')
		off = -off
	} else {
		dst = append(dst, '+')
	}
	dst = appendPad(dst, int64(off/3600), 2)
	m, s := off/60%60, off%60
	if m != 0 || s != 0 {
		dst = append(dst, ':')
		dst = appendPad(dst, int64(m), 2)
	}
	if s != 0 {
		dst = append(dst, ':')
		dst = appendPad(dst, int64(s), 2)
	}
	return dst
}

// AppendInterval appends an interval as interval_out prints it with IntervalStyle postgres.
// nanos is the Arrow MonthDayNano time part; PostgreSQL keeps microseconds, so it is
// truncated toward zero to whole microseconds.
func AppendInterval(dst []byte, months, days int32, nanos int64) []byte {
	return appendInterval(dst, months, days, nanos, IntervalStylePostgres)
}

// itmFields splits an interval into PostgreSQL's pg_itm: every field truncated toward zero,
// so each carries the sign of its part (interval2itm).
type itmFields struct {
	year, mon, mday      int64
	hour, min, sec, usec int64
}

func splitInterval(months, days int32, nanos int64) itmFields {
	us := nanos / 1000
	f := itmFields{year: int64(months / 12), mon: int64(months % 12), mday: int64(days)}
	f.hour = us / usPerHour
	us -= f.hour * usPerHour
	f.min = us / usPerMin
	us -= f.min * usPerMin
	f.sec = us / usPerSec
	f.usec = us - f.sec*usPerSec
	return f
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// appendIntervalSeconds appends |sec| (two digits at least when pad) and the fraction of
// |usec| (AppendSeconds).
func appendIntervalSeconds(dst []byte, sec, usec int64, pad bool) []byte {
	w := 1
	if pad {
		w = 2
	}
	dst = appendPad(dst, abs64(sec), w)
	return appendFraction(dst, abs64(usec))
}

func appendInterval(dst []byte, months, days int32, nanos int64, st IntervalStyle) []byte {
	f := splitInterval(months, days, nanos)
	switch st {
	case IntervalStyleSQLStandard:
		return appendIntervalSQL(dst, f)
	case IntervalStyleISO8601:
		return appendIntervalISO(dst, f)
	case IntervalStylePostgresVerbose:
		return appendIntervalVerbose(dst, f)
	}
	isZero, isBefore := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !isZero {
			dst = append(dst, ' ')
		}
		if isBefore && v > 0 {
			dst = append(dst, '+')
		}
		dst = appendSigned(dst, v)
		dst = append(dst, ' ')
		dst = append(dst, unit...)
		if v != 1 {
			dst = append(dst, 's')
		}
		// Each nonzero field decides whether the next one gets an explicit '+'.
		isBefore = v < 0
		isZero = false
	}
	part(f.year, "year")
	part(f.mon, "mon")
	part(f.mday, "day")
	if isZero || f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0 {
		if !isZero {
			dst = append(dst, ' ')
		}
		if f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0 {
			dst = append(dst, '-')
		} else if isBefore {
			dst = append(dst, '+')
		}
		dst = appendPad(dst, abs64(f.hour), 2) // hours may exceed 24
		dst = append(dst, ':')
		dst = appendPad(dst, abs64(f.min), 2)
		dst = append(dst, ':')
		dst = appendIntervalSeconds(dst, f.sec, f.usec, true)
	}
	return dst
}

func appendSigned(dst []byte, v int64) []byte {
	if v < 0 {
		dst = append(dst, '-')
		return appendPad(dst, -v, 1)
	}
	return appendPad(dst, v, 1)
}

// appendIntervalVerbose writes IntervalStyle postgres_verbose: "@ 1 day 2 hours ago".
func appendIntervalVerbose(dst []byte, f itmFields) []byte {
	dst = append(dst, '@')
	isZero, isBefore := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		// The first nonzero field decides "ago"; later ones print relative to it.
		if isZero {
			isBefore = v < 0
			v = abs64(v)
		} else if isBefore {
			v = -v
		}
		dst = append(dst, ' ')
		dst = appendSigned(dst, v)
		dst = append(dst, ' ')
		dst = append(dst, unit...)
		if v != 1 {
			dst = append(dst, 's')
		}
		isZero = false
	}
	part(f.year, "year")
	part(f.mon, "mon")
	part(f.mday, "day")
	part(f.hour, "hour")
	part(f.min, "min")
	if f.sec != 0 || f.usec != 0 {
		dst = append(dst, ' ')
		if f.sec < 0 || (f.sec == 0 && f.usec < 0) {
			if isZero {
				isBefore = true
			} else if !isBefore {
				dst = append(dst, '-')
			}
		} else if isBefore {
			dst = append(dst, '-')
		}
		dst = appendIntervalSeconds(dst, f.sec, f.usec, false)
		dst = append(dst, " sec"...)
		if abs64(f.sec) != 1 || f.usec != 0 {
			dst = append(dst, 's')
		}
		isZero = false
	}
	if isZero {
		dst = append(dst, " 0"...)
	}
	if isBefore {
		dst = append(dst, " ago"...)
	}
	return dst
}

// appendIntervalSQL writes IntervalStyle sql_standard: "1-2", "3 4:05:06", or with mixed
// parts or signs "+1-2 +3 +4:05:06".
func appendIntervalSQL(dst []byte, f itmFields) []byte {
	hasNeg := f.year < 0 || f.mon < 0 || f.mday < 0 || f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0
	hasPos := f.year > 0 || f.mon > 0 || f.mday > 0 || f.hour > 0 || f.min > 0 || f.sec > 0 || f.usec > 0
	hasYM := f.year != 0 || f.mon != 0
	hasDT := f.mday != 0 || f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0
	standard := !(hasNeg && hasPos) && !(hasYM && hasDT)
	if hasNeg && standard {
		dst = append(dst, '-')
		f = itmFields{-f.year, -f.mon, -f.mday, -f.hour, -f.min, -f.sec, -f.usec}
	}
	clock := func(dst []byte) []byte {
		dst = append(dst, ':')
		dst = appendPad(dst, abs64(f.min), 2)
		dst = append(dst, ':')
		return appendIntervalSeconds(dst, f.sec, f.usec, true)
	}
	switch {
	case !hasNeg && !hasPos:
		return append(dst, '0')
	case !standard:
		sign := func(neg bool) byte {
			if neg {
				return '-'
			}
			return '+'
		}
		dst = append(dst, sign(f.year < 0 || f.mon < 0))
		dst = appendPad(dst, abs64(f.year), 1)
		dst = append(dst, '-')
		dst = appendPad(dst, abs64(f.mon), 1)
		dst = append(dst, ' ', sign(f.mday < 0))
		dst = appendPad(dst, abs64(f.mday), 1)
		dst = append(dst, ' ', sign(f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0))
		dst = appendPad(dst, abs64(f.hour), 1)
		return clock(dst)
	case hasYM:
		dst = appendSigned(dst, f.year)
		dst = append(dst, '-')
		return appendSigned(dst, f.mon)
	case f.mday != 0:
		dst = appendSigned(dst, f.mday)
		dst = append(dst, ' ')
		dst = appendSigned(dst, f.hour)
		return clock(dst)
	}
	dst = appendSigned(dst, f.hour)
	return clock(dst)
}

// appendIntervalISO writes IntervalStyle iso_8601: "P1Y2M3DT4H5M6S".
func appendIntervalISO(dst []byte, f itmFields) []byte {
	if f == (itmFields{}) {
		return append(dst, "PT0S"...)
	}
	part := func(v int64, unit byte) {
		if v != 0 {
			dst = appendSigned(dst, v)
			dst = append(dst, unit)
		}
	}
	dst = append(dst, 'P')
	part(f.year, 'Y')
	part(f.mon, 'M')
	part(f.mday, 'D')
	if f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0 {
		dst = append(dst, 'T')
	}
	part(f.hour, 'H')
	part(f.min, 'M')
	if f.sec != 0 || f.usec != 0 {
		if f.sec < 0 || f.usec < 0 {
			dst = append(dst, '-')
		}
		dst = appendIntervalSeconds(dst, f.sec, f.usec, false)
		dst = append(dst, 'S')
	}
	return dst
}
