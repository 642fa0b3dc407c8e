package types

import (
	"strings"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The calendar API below is what the function library needs of PostgreSQL's date/time
// machinery (timestamp2tm, tm2timestamp, date2j, the zone rules), so that every package
// computes dates one way.

// UnixEpochJulian is the Julian day number of 1970-01-01, the Arrow epoch.
const UnixEpochJulian = unixEpochJD

// Microseconds in a second, minute, hour and day.
const (
	MicrosPerSec  = usPerSec
	MicrosPerMin  = usPerMin
	MicrosPerHour = usPerHour
	MicrosPerDay  = usPerDay
)

// MinTimestamp is the earliest finite timestamp (4714-11-24 00:00:00 BC) in microseconds
// since 1970; finite timestamps are at least MinTimestamp and below TimestampInfinity.
const MinTimestamp = minTimestampMicros

// Civil is a broken-down date and time, PostgreSQL's struct pg_tm with its fractional
// seconds. Year is astronomical: 0 is 1 BC.
type Civil struct {
	Year, Month, Day int
	Hour, Min, Sec   int
	Usec             int64
}

// DateToJulian returns the Julian day number of a proleptic Gregorian date (date2j).
func DateToJulian(y, m, d int) int { return date2j(y, m, d) }

// JulianToDate is the inverse of DateToJulian for day numbers >= 0 (j2date).
func JulianToDate(jd int) (y, m, d int) { return j2date(jd) }

// DayOfWeek returns the day of the week of a Julian day, 0 for Sunday (j2day).
func DayOfWeek(jd int) int {
	d := (jd + 1) % 7
	if d < 0 {
		d += 7
	}
	return d
}

// IsLeapYear reports whether astronomical year y is a Gregorian leap year.
func IsLeapYear(y int) bool { return isLeap(y) }

// DaysInMonth returns the number of days of month m (1-12) of year y.
func DaysInMonth(y, m int) int { return monthDays(y, m) }

// ValidJulianDate reports whether y-m lies in the range Julian day arithmetic handles.
func ValidJulianDate(y, m int) bool { return validJulian(y, m) }

// TimestampToCivil breaks microseconds since 1970 (a finite timestamp) into its calendar
// fields (timestamp2tm without a zone).
func TimestampToCivil(us int64) Civil {
	days, rem := floorDiv(us, usPerDay)
	var c Civil
	c.Year, c.Month, c.Day = j2date(int(days) + unixEpochJD)
	c.Hour = int(rem / usPerHour)
	rem -= int64(c.Hour) * usPerHour
	c.Min = int(rem / usPerMin)
	rem -= int64(c.Min) * usPerMin
	c.Sec = int(rem / usPerSec)
	c.Usec = rem - int64(c.Sec)*usPerSec
	return c
}

// CivilToTimestamp is the inverse of TimestampToCivil (tm2timestamp): ok is false outside
// the range of finite timestamps.
func CivilToTimestamp(c Civil) (int64, bool) {
	clock := int64(c.Hour)*usPerHour + int64(c.Min)*usPerMin + int64(c.Sec)*usPerSec + c.Usec
	return makeTimestamp(c.Year, c.Month, c.Day, clock, 0)
}

// ZoneAt returns loc's UTC offset (seconds east) and abbreviation at the instant us
// (microseconds since 1970 UTC). Nil loc means UTC.
func ZoneAt(loc *time.Location, us int64) (offset int, abbrev string) {
	if loc == nil || loc == time.UTC {
		return 0, "UTC"
	}
	sec, _ := floorDiv(us, usPerSec)
	abbrev, offset = time.Unix(sec, 0).In(loc).Zone()
	return offset, abbrev
}

// UTCToLocal shifts a UTC instant to wall-clock microseconds in loc.
func UTCToLocal(loc *time.Location, us int64) int64 {
	if loc == nil || loc == time.UTC {
		return us
	}
	return toLocalMicros(loc, us)
}

// LocalToUTC converts wall-clock microseconds in loc to the UTC instant, resolving times
// skipped or repeated by transitions as PostgreSQL does (DetermineTimeZoneOffset).
func LocalToUTC(loc *time.Location, local int64) int64 {
	if loc == nil || loc == time.UTC {
		return local
	}
	sec, frac := floorDiv(local, usPerSec)
	return localToUTC(loc, sec)*usPerSec + frac
}

// ZoneSpec is a time zone argument of AT TIME ZONE, timezone() or make_timestamptz: either
// a fixed offset or a zone with rules.
type ZoneSpec struct {
	// Loc is the zone, or nil for a fixed offset.
	Loc *time.Location
	// Offset is the fixed offset in seconds east of UTC when Loc is nil.
	Offset int
}

// ParseZoneSpec resolves a time zone name as timestamp_zone does: first the zone
// abbreviations (EST, PDT), then the zone database and POSIX-style offsets (+05:30 is
// west of Greenwich, as in the TimeZone setting). Errors carry 22023.
func ParseZoneSpec(name string) (ZoneSpec, error) {
	if off, ok := lookupZoneAbbrev(name); ok {
		return ZoneSpec{Offset: off}, nil
	}
	if off, e := decodeTimezone(name); e == dtOK {
		return ZoneSpec{Offset: -off}, nil
	}
	if z, err := loadZone(name); err == nil {
		return ZoneSpec{Loc: z}, nil
	}
	return ZoneSpec{}, pgerror.Newf(pgcode.InvalidParameterValue, "time zone \"%s\" not recognized", name)
}

// ToLocal shifts a UTC instant to wall-clock microseconds in the zone.
func (z ZoneSpec) ToLocal(us int64) int64 {
	if z.Loc == nil {
		return us + int64(z.Offset)*usPerSec
	}
	return UTCToLocal(z.Loc, us)
}

// ToUTC converts wall-clock microseconds in the zone to the UTC instant.
func (z ZoneSpec) ToUTC(local int64) int64 {
	if z.Loc == nil {
		return local - int64(z.Offset)*usPerSec
	}
	return LocalToUTC(z.Loc, local)
}

// Units are the fields extract, date_part and date_trunc accept, decoded as PostgreSQL's
// DecodeUnits and DecodeSpecial do.
type Unit uint8

// The units.
const (
	UnitUnknown Unit = iota
	UnitMicrosecond
	UnitMillisecond
	UnitSecond
	UnitMinute
	UnitHour
	UnitDay
	UnitWeek
	UnitMonth
	UnitQuarter
	UnitYear
	UnitDecade
	UnitCentury
	UnitMillennium
	UnitTimezone
	UnitTimezoneHour
	UnitTimezoneMinute
	UnitDOW
	UnitISODOW
	UnitDOY
	UnitISOYear
	UnitJulian
	UnitEpoch // the one "reserved" unit rather than a field
)

var unitWords = map[string]Unit{
	"microsecon": UnitMicrosecond, "us": UnitMicrosecond, "usec": UnitMicrosecond,
	"usecond": UnitMicrosecond, "useconds": UnitMicrosecond, "usecs": UnitMicrosecond,
	"millisecon": UnitMillisecond, "ms": UnitMillisecond, "msec": UnitMillisecond,
	"msecond": UnitMillisecond, "mseconds": UnitMillisecond, "msecs": UnitMillisecond,
	"s": UnitSecond, "sec": UnitSecond, "second": UnitSecond, "seconds": UnitSecond, "secs": UnitSecond,
	"m": UnitMinute, "min": UnitMinute, "mins": UnitMinute, "minute": UnitMinute, "minutes": UnitMinute,
	"h": UnitHour, "hour": UnitHour, "hours": UnitHour, "hr": UnitHour, "hrs": UnitHour,
	"d": UnitDay, "day": UnitDay, "days": UnitDay,
	"w": UnitWeek, "week": UnitWeek, "weeks": UnitWeek,
	"mon": UnitMonth, "mons": UnitMonth, "month": UnitMonth, "months": UnitMonth,
	"qtr": UnitQuarter, "quarter": UnitQuarter,
	"y": UnitYear, "year": UnitYear, "years": UnitYear, "yr": UnitYear, "yrs": UnitYear,
	"dec": UnitDecade, "decade": UnitDecade, "decades": UnitDecade, "decs": UnitDecade,
	"c": UnitCentury, "cent": UnitCentury, "centuries": UnitCentury, "century": UnitCentury,
	"mil": UnitMillennium, "millennia": UnitMillennium, "millennium": UnitMillennium, "mils": UnitMillennium,
	"timezone": UnitTimezone, "timezone_h": UnitTimezoneHour, "timezone_m": UnitTimezoneMinute,
	// DecodeSpecial's words.
	"dow": UnitDOW, "isodow": UnitISODOW, "doy": UnitDOY, "isoyear": UnitISOYear,
	"j": UnitJulian, "jd": UnitJulian, "julian": UnitJulian, "epoch": UnitEpoch,
}

// ParseUnit decodes a unit name (any case). It returns the lower-cased name for error
// messages and UnitUnknown for names PostgreSQL does not know.
func ParseUnit(name string) (Unit, string) {
	low := strings.ToLower(name)
	key := low
	if len(key) > 10 {
		// Keywords are compared on their first TOKMAXLEN characters.
		key = key[:10]
	}
	return unitWords[key], low
}

// ISOWeek returns the ISO 8601 week number of a date (date2isoweek).
func ISOWeek(y, m, d int) int {
	dayn := date2j(y, m, d)
	day4 := date2j(y, 1, 4)
	day0 := DayOfWeek(day4 - 1)
	if dayn < day4-day0 {
		day4 = date2j(y-1, 1, 4)
		day0 = DayOfWeek(day4 - 1)
	}
	week := (dayn-(day4-day0))/7 + 1
	if week >= 52 {
		day4 = date2j(y+1, 1, 4)
		day0 = DayOfWeek(day4 - 1)
		if dayn >= day4-day0 {
			week = (dayn-(day4-day0))/7 + 1
		}
	}
	return week
}

// ISOYear returns the ISO 8601 week-numbering year of a date (date2isoyear).
func ISOYear(y, m, d int) int {
	dayn := date2j(y, m, d)
	day4 := date2j(y, 1, 4)
	day0 := DayOfWeek(day4 - 1)
	if dayn < day4-day0 {
		day4 = date2j(y-1, 1, 4)
		day0 = DayOfWeek(day4 - 1)
		y--
	}
	if (dayn-(day4-day0))/7+1 >= 52 {
		day4 = date2j(y+1, 1, 4)
		day0 = DayOfWeek(day4 - 1)
		if dayn >= day4-day0 {
			y++
		}
	}
	return y
}

// ISOWeekStart returns the Julian day of the Monday starting ISO week `week` of ISO year y
// (isoweek2j).
func ISOWeekStart(y, week int) int {
	day4 := date2j(y, 1, 4)
	day0 := DayOfWeek(day4 - 1)
	return (week-1)*7 + (day4 - day0)
}

// ParseNumericZone reads a numeric zone such as +2, -08:00 or +0530 with ISO signs (+ is
// east of Greenwich), returning the offset in seconds east. ok is false when s is not of that
// form; an offset beyond 15 hours is an error (22023).
func ParseNumericZone(s string) (offset int, ok bool, err error) {
	off, e := decodeTimezone(s)
	switch e {
	case dtOK:
		return off, true, nil
	case dtTZDispOverflow:
		return 0, false, pgerror.Newf(pgcode.InvalidParameterValue, "numeric time zone \"%s\" out of range", s)
	}
	return 0, false, nil
}
