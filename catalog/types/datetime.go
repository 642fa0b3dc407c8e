package types

import (
	"math"
	"time"
)

// Date and time values follow PostgreSQL's calendar: the proleptic Gregorian calendar with
// astronomical year numbering internally (year 0 is 1 BC), converted through Julian day
// numbers exactly as PostgreSQL's date2j/j2date do. Arrow counts dates from 1970-01-01 and
// timestamps in microseconds from 1970-01-01 00:00:00 UTC; PostgreSQL's binary formats count
// from 2000-01-01, hence the epoch constants below.
//
// The infinities have no Arrow form of their own, so the extreme values of the Arrow
// representation stand for them, as PostgreSQL itself reserves its extreme values:
// Date32 MaxInt32/MinInt32 and timestamp MaxInt64/MinInt64 print as infinity/-infinity.

const (
	unixEpochJD     = 2440588 // date2j(1970, 1, 1)
	postgresEpochJD = 2451545 // date2j(2000, 1, 1)
	// pgEpochDays is the number of days from 1970-01-01 to 2000-01-01.
	pgEpochDays = postgresEpochJD - unixEpochJD
	// pgEpochMicros is the number of microseconds from 1970-01-01 to 2000-01-01.
	pgEpochMicros = int64(pgEpochDays) * usPerDay

	usPerSec  = int64(1000000)
	usPerMin  = 60 * usPerSec
	usPerHour = 60 * usPerMin
	usPerDay  = 24 * usPerHour

	// DateInfinity and DateNegInfinity are the Date32 values that stand for 'infinity' and
	// '-infinity'.
	DateInfinity    = math.MaxInt32
	DateNegInfinity = math.MinInt32
	// TimestampInfinity and TimestampNegInfinity are the microsecond values that stand for
	// 'infinity' and '-infinity' in timestamp and timestamptz arrays.
	TimestampInfinity    = math.MaxInt64
	TimestampNegInfinity = math.MinInt64

	// Valid Julian day range: 4713-11-24 BC through 5874897-12-31, as PostgreSQL's dates.
	minDateJD = 0
	maxDateJD = 2147483494 // date2j(5874898, 1, 1), exclusive
	// Timestamps end earlier: at 294277-01-01 00:00:00 (exclusive).
	maxTimestampJD = 109203528 // date2j(294277, 1, 1)
)

// date2j returns the Julian day number of a proleptic Gregorian date (year 0 is 1 BC).
func date2j(y, m, d int) int {
	if m > 2 {
		m++
		y += 4800
	} else {
		m += 13
		y += 4799
	}
	century := y / 100
	julian := y*365 - 32167
	julian += y/4 - century + century/4
	julian += 7834*m/256 + d
	return julian
}

// j2date is the inverse of date2j for day numbers >= 0.
func j2date(jd int) (year, month, day int) {
	julian := uint32(jd) + 32044
	quad := julian / 146097
	extra := (julian-quad*146097)*4 + 3
	julian += 60 + quad*3 + extra/146097
	quad = julian / 1461
	julian -= quad * 1461
	y := julian * 4 / 1461
	if y != 0 {
		julian = (julian+305)%365 + 123
	} else {
		julian = (julian+306)%366 + 123
	}
	y += quad * 4
	year = int(y) - 4800
	quad = julian * 2141 / 65536
	day = int(julian - 7834*quad/256)
	month = int((quad+10)%12 + 1)
	return
}

// isLeap reports whether astronomical year y is a Gregorian leap year.
func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var daysInMonth = [2][13]int{
	{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

func monthDays(y, m int) int {
	if isLeap(y) {
		return daysInMonth[1][m]
	}
	return daysInMonth[0][m]
}

func floorDiv(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return
}

// appendPad appends v zero-padded to at least width digits; v must be >= 0.
func appendPad(dst []byte, v int64, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for v >= 10 || len(buf)-i < width-1 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	buf[i] = byte('0' + v)
	return append(dst, buf[i:]...)
}

// zoneOffsetAt returns loc's UTC offset (seconds east) at the instant unixSec.
func zoneOffsetAt(loc *time.Location, unixSec int64) int {
	if loc == nil || loc == time.UTC {
		return 0
	}
	_, off := time.Unix(unixSec, 0).In(loc).Zone()
	return off
}

// localToUTC converts local wall-clock seconds (as if UTC) in loc to a UTC instant in seconds,
// resolving transitions as PostgreSQL does: a time skipped by a spring-forward transition
// takes the offset in force before it, and a time repeated by a fall-back transition takes
// the offset in force after it.
func localToUTC(loc *time.Location, local int64) int64 {
	if loc == nil || loc == time.UTC {
		return local
	}
	// The offsets in force a day either side of the instant bound every candidate.
	before := zoneOffsetAt(loc, local-86400)
	after := zoneOffsetAt(loc, local+86400)
	if before == after {
		o := zoneOffsetAt(loc, local-int64(before))
		if o == before {
			return local - int64(o)
		}
		// Two transitions within two days: trust the offset at the first guess's instant.
		return local - int64(zoneOffsetAt(loc, local-int64(o)))
	}
	validBefore := zoneOffsetAt(loc, local-int64(before)) == before
	validAfter := zoneOffsetAt(loc, local-int64(after)) == after
	switch {
	case validAfter:
		// Unique, or ambiguous with "after" preferred.
		return local - int64(after)
	case validBefore:
		return local - int64(before)
	default:
		// In the gap: keep the offset from before the transition.
		return local - int64(before)
	}
}
