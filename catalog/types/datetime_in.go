package types

import (
	"math"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Earliest timestamp PostgreSQL accepts (4714-11-24 00:00:00 BC), in microseconds since
// 1970. The latest it accepts (294276-12-31 24:00:00) lies past what microseconds since 1970
// hold in an int64, so here timestamps end just before TimestampInfinity.
const minTimestampMicros = -int64(unixEpochJD) * usPerDay

// ParseDate parses date input as date_in does, with s's date order and time zone (for
// 'today'); nil s means PostgreSQL's defaults.
func ParseDate(str string, s *IOSettings) (int32, error) {
	if d, ok := parseISODate(str); ok {
		return d, nil
	}
	var buf [maxDateFields]dtField
	fields, ok := lexDateTime(str, buf[:0])
	if !ok {
		return 0, dtError(dtBadFormat, str, "date")
	}
	_, order, _ := s.styles()
	r, e := decodeDateTime(fields, false, s.location(), order)
	if e != dtOK {
		return 0, r.err(e, str, "date")
	}
	switch r.kind {
	case dtkEpoch:
		return 0, nil
	case dtkLate:
		return DateInfinity, nil
	case dtkEarly:
		return DateNegInfinity, nil
	}
	if !validJulian(r.year, r.mon) {
		return 0, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "date out of range: \"%s\"", str)
	}
	jd := date2j(r.year, r.mon, r.mday)
	if jd < minDateJD || jd >= maxDateJD {
		return 0, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "date out of range: \"%s\"", str)
	}
	return int32(jd - unixEpochJD), nil
}

// ParseTimestamp parses timestamp input as timestamp_in does, with s's date order; a zone in
// the input is ignored.
func ParseTimestamp(str string, s *IOSettings) (int64, error) {
	return parseTimestamp(str, s, false)
}

// ParseTimestamptz parses timestamptz input as timestamptz_in does: without a zone in the
// input the local time is taken in s's time zone (nil s means UTC and DateStyle ISO, MDY).
func ParseTimestamptz(str string, s *IOSettings) (int64, error) {
	return parseTimestamp(str, s, true)
}

func parseTimestamp(str string, s *IOSettings, withTZ bool) (int64, error) {
	typName := "timestamp"
	if withTZ {
		typName = "timestamp with time zone"
	}
	var buf [maxDateFields]dtField
	fields, ok := lexDateTime(str, buf[:0])
	if !ok {
		return 0, dtError(dtBadFormat, str, typName)
	}
	_, order, _ := s.styles()
	r, e := decodeDateTime(fields, false, s.location(), order)
	if e != dtOK {
		return 0, r.err(e, str, typName)
	}
	switch r.kind {
	case dtkEpoch:
		return 0, nil
	case dtkLate:
		return TimestampInfinity, nil
	case dtkEarly:
		return TimestampNegInfinity, nil
	}
	tz := 0
	if withTZ {
		tz = r.tz
	}
	us, ok := makeTimestamp(r.year, r.mon, r.mday, clockMicros(r.hour, r.min, r.sec, r.fsec), tz)
	if !ok {
		return 0, pgerror.Newf(pgcode.DatetimeValueOutOfRange, "timestamp out of range: \"%s\"", str)
	}
	return us, nil
}

func clockMicros(h, m, s int, fsec int64) int64 {
	return int64(h*3600+m*60+s)*usPerSec + fsec
}

// makeTimestamp returns microseconds since 1970 UTC for a local date and time with the
// given offset (seconds east), or false outside the supported range.
func makeTimestamp(y, m, d int, clock int64, tz int) (int64, bool) {
	if !validJulian(y, m) {
		return 0, false
	}
	days := int64(date2j(y, m, d) - unixEpochJD)
	// Stay clear of int64 overflow: the range check below needs days within ~±10^8.
	if days > maxTimestampJD-unixEpochJD || days < -unixEpochJD-1 {
		return 0, false
	}
	hi, lo := days*usPerDay, clock-int64(tz)*usPerSec
	if hi > 0 && lo > math.MaxInt64-hi {
		return 0, false
	}
	us := hi + lo
	if us < minTimestampMicros || us >= TimestampInfinity {
		return 0, false
	}
	return us, true
}

// ParseTime parses time input as time_in does, with s's date order for a date before the
// time (nil s means DateStyle ISO, MDY).
func ParseTime(str string, s *IOSettings) (int64, error) {
	var buf [maxDateFields]dtField
	fields, ok := lexDateTime(str, buf[:0])
	if !ok {
		return 0, dtError(dtBadFormat, str, "time")
	}
	_, order, _ := s.styles()
	r, e := decodeDateTime(fields, true, nil, order)
	if e == dtOK && r.kind != dtkDate {
		e = dtBadFormat
	}
	if e != dtOK {
		return 0, r.err(e, str, "time")
	}
	return clockMicros(r.hour, r.min, r.sec, r.fsec), nil
}

// roundHalfEven is rint under the default rounding mode.
func roundHalfEven(f float64) float64 { return math.RoundToEven(f) }

// parseISODate reads the plain yyyy-mm-dd form, which every DateStyle reads the same way,
// without the general lexer (bulk loads are mostly this); ok is false for anything else,
// invalid dates included, which the general path then reports.
func parseISODate(str string) (int32, bool) {
	if len(str) != 10 || str[4] != '-' || str[7] != '-' {
		return 0, false
	}
	num := func(s string) (int, bool) {
		v := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(str[:4])
	m, ok2 := num(str[5:7])
	d, ok3 := num(str[8:])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return int32(date2j(y, m, d) - unixEpochJD), true
}

// daysIn is the length of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
