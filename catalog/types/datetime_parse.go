package types

import (
	"strconv"
	"strings"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Field masks recording which parts of a date/time have been seen, as DecodeDateTime's
// fmask: a field given twice is an error.
const (
	mYear = 1 << iota
	mMonth
	mDay
	mHour
	mMinute
	mSecond
	mTZ
	mDOW
	mAMPM
	mADBC
	mDOY
	mDateAll = mYear | mMonth | mDay
	mTimeAll = mHour | mMinute | mSecond
)

// Decoding failures, mapped to PostgreSQL's errors by dtError.
type dtErr int

const (
	dtOK dtErr = iota
	dtBadFormat
	dtFieldOverflow
	dtMDFieldOverflow // field overflow that may be a DateStyle mix-up: adds a hint
	dtTZDispOverflow
	dtIntervalOverflow
	dtZoneUnknown // an unknown zone name with punctuation: its own error, naming the zone
)

// dtError builds PostgreSQL's error for a failed parse of str as typName (DateTimeParseError).
func dtError(e dtErr, str, typName string) error {
	switch e {
	case dtFieldOverflow:
		return pgerror.Newf(pgcode.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", str)
	case dtMDFieldOverflow:
		return pgerror.Newf(pgcode.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", str).
			WithHint("Perhaps you need a different \"datestyle\" setting.")
	case dtIntervalOverflow:
		return pgerror.Newf(pgcode.IntervalFieldOverflow, "interval field value out of range: \"%s\"", str)
	case dtTZDispOverflow:
		return pgerror.Newf(pgcode.InvalidTimeZoneDisplacementValue, "time zone displacement out of range: \"%s\"", str)
	}
	return pgerror.Newf(pgcode.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", typName, str)
}

// dtKind says what a decoded input denotes.
type dtKind int

const (
	dtkDate  dtKind = iota // an ordinary date/time in the fields
	dtkEpoch               // 'epoch'
	dtkLate                // 'infinity'
	dtkEarly               // '-infinity'
)

// dtResult is a decoded date/time (PostgreSQL's struct pg_tm plus fsec and zone).
type dtResult struct {
	kind            dtKind
	year, mon, mday int
	hour, min, sec  int
	fsec            int64 // microseconds
	tz              int   // seconds east of UTC; valid when fmask has mTZ
	namedTZ         *time.Location
	fmask           int
	hasTextMonth    bool
	is2digits, bc   bool
	mer             int    // -1 (24-hour), am or pm
	badZone         string // the zone name behind dtZoneUnknown
	julian          bool   // the date came from a Julian day number
	yday            int    // day of year, when fmask has mDOY
	order           DateOrder
}

// err turns a decoding failure of str as typName into PostgreSQL's error.
func (r *dtResult) err(e dtErr, str, typName string) error {
	if e == dtZoneUnknown {
		return pgerror.Newf(pgcode.InvalidParameterValue, "time zone \"%s\" not recognized", strings.ToLower(r.badZone))
	}
	return dtError(e, str, typName)
}

// decodeDateTime decodes fields as DecodeDateTime (timeOnly false) or DecodeTimeOnly does.
// loc is the session time zone, used for 'now'/'today' and for zones resolved by date;
// order is the DateStyle's field order for ambiguous numeric dates.
func decodeDateTime(fields []dtField, timeOnly bool, loc *time.Location, order DateOrder) (dtResult, dtErr) {
	r := dtResult{mer: -1, order: order}
	isoTimeNext, julianNext := false, false
	for i, f := range fields {
		tmask := 0
		switch f.typ {
		case ftDate:
			var asDate bool
			if timeOnly {
				// A time may follow a date, which is then ignored.
				asDate = i == 0 && len(fields) >= 2 && (fields[len(fields)-1].typ == ftDate || fields[1].typ == ftTime)
			} else {
				asDate = !isoTimeNext && r.fmask&(mMonth|mDay) != mMonth|mDay
			}
			switch {
			case asDate:
				m, e := r.decodeDate(f.s, r.fmask)
				if e != dtOK {
					return r, e
				}
				tmask = m
			case isDigit(f.s[0]) || isoTimeNext:
				// A run-together time with a zone: hhmmss-zz.
				isoTimeNext = false
				if r.fmask&mTimeAll == mTimeAll {
					return r, dtBadFormat
				}
				cut := strings.IndexByte(f.s, '-')
				if cut < 0 {
					return r, dtBadFormat
				}
				tz, e := decodeTimezone(f.s[cut:])
				if e != dtOK {
					return r, e
				}
				r.tz = tz
				m, e := r.decodeNumberField(f.s[:cut], r.fmask)
				if e != dtOK {
					return r, e
				}
				tmask = m | mTZ
			default:
				// A time zone name with punctuation, such as America/New_York.
				z, err := loadZone(f.s)
				if err != nil {
					r.badZone = f.s
					return r, dtZoneUnknown
				}
				r.namedTZ = z
				tmask = mTZ
			}
		case ftTime:
			isoTimeNext = false
			if e := r.decodeTime(f.s); e != dtOK {
				return r, e
			}
			tmask = mTimeAll
			if timeOverflows(r.hour, r.min, r.sec, r.fsec) {
				return r, dtFieldOverflow
			}
		case ftTZ:
			tz, e := decodeTimezone(f.s)
			if e != dtOK {
				return r, e
			}
			r.tz = tz
			tmask = mTZ
		case ftNumber:
			if julianNext {
				// A Julian day number, perhaps with a fraction of a day.
				julianNext = false
				jd, rest, ok := leadingInt(f.s)
				if !ok || jd >= 1e9 || (rest != "" && rest[0] != '.') {
					return r, dtBadFormat
				}
				r.year, r.mon, r.mday = j2date(jd)
				r.julian = true
				tmask = mDateAll
				if rest != "" {
					frac, e := parseFraction(rest)
					if e != dtOK {
						return r, e
					}
					us := int64(roundHalfEven(float64(frac) / 1e6 * float64(usPerDay)))
					r.hour, us = int(us/usPerHour), us%usPerHour
					r.min, us = int(us/usPerMin), us%usPerMin
					r.sec, r.fsec = int(us/usPerSec), us%usPerSec
					tmask |= mTimeAll
				}
				break
			}
			isoTime := isoTimeNext
			isoTimeNext = false
			dot := strings.IndexByte(f.s, '.')
			flen := len(f.s)
			var m int
			var e dtErr
			switch {
			case isoTime:
				if m, e = r.decodeNumberField(f.s, r.fmask|mDateAll); e == dtOK && m != mTimeAll {
					e = dtBadFormat
				}
			case timeOnly && dot >= 0:
				switch {
				case i == 0 && len(fields) >= 2 && fields[len(fields)-1].typ == ftDate:
					m, e = r.decodeDate(f.s, r.fmask)
				case dot > 2:
					m, e = r.decodeNumberField(f.s, r.fmask|mDateAll)
				default:
					e = dtBadFormat
				}
			case timeOnly && flen > 4:
				m, e = r.decodeNumberField(f.s, r.fmask|mDateAll)
			case timeOnly:
				m, e = r.decodeNumber(f.s, r.fmask|mDateAll)
			case dot >= 0 && r.fmask&mDateAll == 0:
				m, e = r.decodeDate(f.s, r.fmask)
			case dot > 2:
				m, e = r.decodeNumberField(f.s, r.fmask)
			case flen >= 6 && (r.fmask&mDateAll == 0 || r.fmask&mTimeAll == 0):
				m, e = r.decodeNumberField(f.s, r.fmask)
			default:
				m, e = r.decodeNumber(f.s, r.fmask)
			}
			if e != dtOK {
				return r, e
			}
			tmask = m
		case ftString, ftSpecial:
			if off, ok := lookupZoneAbbrev(f.s); ok {
				r.tz = off
				tmask = mTZ
				break
			}
			kind, val, ok := lookupDateToken(f.s)
			if !ok {
				// An all-letters full zone name, such as UTC or Japan.
				z, err := loadZone(f.s)
				if err != nil {
					return r, dtBadFormat
				}
				r.namedTZ = z
				tmask = mTZ
				break
			}
			if f.typ == ftSpecial && kind != tokReserved {
				return r, dtBadFormat
			}
			switch kind {
			case tokIgnore:
				continue
			case tokReserved:
				tmask = mDateAll | mTimeAll | mTZ
				switch val {
				case rsvNow:
					now := time.Now()
					if loc != nil {
						now = now.In(loc)
					}
					r.setWall(now, true)
					r.fsec = int64(now.Nanosecond() / 1000)
				case rsvToday, rsvTomorrow, rsvYesterday:
					tmask = mDateAll
					now := time.Now()
					if loc != nil {
						now = now.In(loc)
					}
					now = now.AddDate(0, 0, map[int]int{rsvToday: 0, rsvTomorrow: 1, rsvYesterday: -1}[val])
					r.year, r.mon, r.mday = now.Year(), int(now.Month()), now.Day()
				case rsvZulu:
					tmask = mTimeAll | mTZ
					r.hour, r.min, r.sec, r.tz = 0, 0, 0, 0
				case rsvEpoch:
					r.kind = dtkEpoch
				case rsvLate:
					r.kind = dtkLate
				case rsvEarly:
					r.kind = dtkEarly
				}
			case tokMonth:
				tmask = mMonth
				// A numeric month seen earlier was really the day ("5 jan" read as MDY).
				if r.fmask&mMonth != 0 && !r.hasTextMonth && r.fmask&mDay == 0 && r.mon >= 1 && r.mon <= 31 {
					r.mday = r.mon
					tmask = mDay
				}
				r.hasTextMonth = true
				r.mon = val
			case tokAMPM:
				r.mer = val
				tmask = mAMPM
			case tokADBC:
				r.bc = val == 1
				tmask = mADBC
			case tokDOW:
				tmask = mDOW
			case tokUnits:
				// Only the Julian day marker is supported among the field labels.
				var lb [16]byte
				switch string(lowerToken(f.s, &lb)) {
				case "j", "jd", "julian":
				default:
					return r, dtBadFormat
				}
				if i >= len(fields)-1 || fields[i+1].typ != ftNumber {
					return r, dtBadFormat
				}
				julianNext = true
			case tokISOTime:
				if !timeOnly && r.fmask&mDateAll != mDateAll {
					return r, dtBadFormat
				}
				if i >= len(fields)-1 {
					return r, dtBadFormat
				}
				if nt := fields[i+1].typ; nt != ftNumber && nt != ftTime && nt != ftDate {
					return r, dtBadFormat
				}
				isoTimeNext = true
			default:
				return r, dtBadFormat
			}
		default:
			return r, dtBadFormat
		}
		if tmask&r.fmask != 0 {
			return r, dtBadFormat
		}
		r.fmask |= tmask
	}
	if r.kind != dtkDate {
		return r, dtOK
	}
	if e := r.validateDate(); e != dtOK {
		return r, e
	}
	if r.mer != -1 && r.hour > 12 {
		return r, dtFieldOverflow
	}
	if r.mer == am && r.hour == 12 {
		r.hour = 0
	} else if r.mer == pm && r.hour != 12 {
		r.hour += 12
	}
	if r.kind != dtkDate {
		return r, dtOK
	}
	if timeOnly {
		if r.fmask&mTimeAll != mTimeAll {
			return r, dtBadFormat
		}
		// A zone with daylight-saving rules needs a date to know its offset.
		if r.namedTZ != nil && !zoneIsFixed(r.namedTZ) && r.fmask&mDateAll != mDateAll {
			return r, dtBadFormat
		}
		if r.hour < 0 || r.min < 0 || r.min > 59 || r.sec < 0 || r.sec > 60 || r.hour > 24 ||
			(r.hour == 24 && (r.min > 0 || r.sec > 0 || r.fsec > 0)) {
			return r, dtFieldOverflow
		}
		return r, dtOK
	}
	if r.fmask&mDateAll != mDateAll {
		return r, dtBadFormat
	}
	if r.namedTZ != nil {
		r.tz = offsetForLocal(r.namedTZ, r)
	}
	if r.fmask&mTZ == 0 {
		r.tz = offsetForLocal(loc, r)
	}
	return r, dtOK
}

// setWall fills the fields from a wall-clock time; withZone also records its offset.
func (r *dtResult) setWall(t time.Time, withZone bool) {
	r.year, r.mon, r.mday = t.Year(), int(t.Month()), t.Day()
	r.hour, r.min, r.sec = t.Hour(), t.Minute(), t.Second()
	if withZone {
		_, r.tz = t.Zone()
	}
}

// offsetForLocal returns loc's offset for the local date/time in r, resolved as
// DetermineTimeZoneOffset does.
func offsetForLocal(loc *time.Location, r dtResult) int {
	if loc == nil || loc == time.UTC {
		return 0
	}
	local := (int64(date2j(r.year, r.mon, r.mday))-unixEpochJD)*86400 + int64(r.hour*3600+r.min*60+r.sec)
	return int(local - localToUTC(loc, local))
}

// timeOverflows reports a time of day outside 00:00:00 .. 24:00:00 (leap second allowed).
func timeOverflows(h, m, s int, fsec int64) bool {
	if h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 60 || fsec < 0 || fsec > usPerSec {
		return true
	}
	return int64(h*3600+m*60+s)*usPerSec+fsec > usPerDay
}

// decodeTime parses hh:mm[:ss[.frac]] (DecodeTime).
func (r *dtResult) decodeTime(s string) dtErr {
	h, rest, ok := leadingInt(s)
	if !ok || len(rest) == 0 || rest[0] != ':' {
		return dtBadFormat
	}
	m, rest, ok := leadingInt(rest[1:])
	if !ok {
		return dtBadFormat
	}
	sec, fsec := 0, int64(0)
	switch {
	case rest == "":
	case rest[0] == '.':
		// mm:ss.frac
		f, e := parseFraction(rest)
		if e != dtOK {
			return e
		}
		sec, m, h, fsec = m, h, 0, f
	case rest[0] == ':':
		if sec, rest, ok = leadingInt(rest[1:]); !ok {
			return dtBadFormat
		}
		if rest != "" {
			if rest[0] != '.' {
				return dtBadFormat
			}
			f, e := parseFraction(rest)
			if e != dtOK {
				return e
			}
			fsec = f
		}
	default:
		return dtBadFormat
	}
	if h < 0 || m < 0 || m > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > usPerSec {
		return dtFieldOverflow
	}
	r.hour, r.min, r.sec, r.fsec = h, m, sec, fsec
	return dtOK
}

// leadingInt reads the decimal digits at the start of s (at most 9 significant, as int).
func leadingInt(s string) (v int, rest string, ok bool) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		if v < 1e9 {
			v = v*10 + int(s[i]-'0')
		}
		i++
	}
	return v, s[i:], i > 0
}

// parseFraction converts ".ddd" to microseconds, rounding to nearest.
func parseFraction(s string) (int64, dtErr) {
	if len(s) == 0 || s[0] != '.' {
		return 0, dtBadFormat
	}
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, dtBadFormat
		}
	}
	if len(s) == 1 {
		return 0, dtOK
	}
	f, err := strconv.ParseFloat("0"+s, 64)
	if err != nil {
		return 0, dtBadFormat
	}
	return int64(roundHalfEven(f * 1e6)), dtOK
}

// decodeTimezone parses +hh, +hh:mm, +hh:mm:ss or +hhmm into seconds east (DecodeTimezone).
func decodeTimezone(s string) (int, dtErr) {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, dtBadFormat
	}
	hr, rest, ok := leadingInt(s[1:])
	if !ok {
		return 0, dtBadFormat
	}
	mn, sec := 0, 0
	switch {
	case rest != "" && rest[0] == ':':
		if mn, rest, ok = leadingInt(rest[1:]); !ok {
			return 0, dtBadFormat
		}
		if rest != "" && rest[0] == ':' {
			if sec, rest, ok = leadingInt(rest[1:]); !ok {
				return 0, dtBadFormat
			}
		}
	case rest == "" && len(s) > 3:
		mn, hr = hr%100, hr/100
	}
	if hr > 15 || mn >= 60 || sec >= 60 {
		return 0, dtTZDispOverflow
	}
	tz := (hr*60+mn)*60 + sec
	if s[0] == '-' {
		tz = -tz
	}
	if rest != "" {
		return 0, dtBadFormat
	}
	return tz, dtOK
}

// decodeDate splits a date field on its separators and decodes the parts (DecodeDate).
func (r *dtResult) decodeDate(s string, fmask int) (int, dtErr) {
	var parts [maxDateFields]string
	nf := 0
	for i := 0; i < len(s); {
		for i < len(s) && !isAlnum(s[i]) {
			i++
		}
		if i >= len(s) {
			return 0, dtBadFormat
		}
		if nf == len(parts) {
			return 0, dtBadFormat
		}
		start := i
		if isDigit(s[i]) {
			for i < len(s) && isDigit(s[i]) {
				i++
			}
		} else {
			for i < len(s) && isAlpha(s[i]) {
				i++
			}
		}
		parts[nf] = s[start:i]
		nf++
		if i < len(s) {
			i++ // the separator
		}
	}
	tmask := 0
	// Text months first: they are unambiguous.
	for i := 0; i < nf; i++ {
		p := parts[i]
		if !isAlpha(p[0]) {
			continue
		}
		kind, val, ok := lookupDateToken(p)
		if ok && kind == tokIgnore {
			parts[i] = ""
			continue
		}
		if !ok || kind != tokMonth || fmask&mMonth != 0 {
			return 0, dtBadFormat
		}
		r.mon, r.hasTextMonth = val, true
		fmask |= mMonth
		tmask |= mMonth
		parts[i] = ""
	}
	for i := 0; i < nf; i++ {
		if parts[i] == "" {
			continue
		}
		m, e := r.decodeNumber(parts[i], fmask)
		if e != dtOK {
			return 0, e
		}
		if fmask&m != 0 {
			return 0, dtBadFormat
		}
		fmask |= m
		tmask |= m
	}
	if fmask&mDateAll != mDateAll {
		return 0, dtBadFormat
	}
	return tmask, dtOK
}

// decodeNumber decodes one numeric date field from its length, what came before and the
// DateStyle's order (DecodeNumber).
func (r *dtResult) decodeNumber(s string, fmask int) (int, dtErr) {
	val, rest, ok := leadingInt(s)
	if !ok {
		return 0, dtBadFormat
	}
	flen := len(s)
	if rest != "" {
		if rest[0] != '.' {
			return 0, dtBadFormat
		}
		if len(s)-len(rest) > 2 {
			return r.decodeNumberField(s, fmask|mDateAll)
		}
		f, e := parseFraction(rest)
		if e != dtOK {
			return 0, e
		}
		r.fsec = f
	}
	if flen == 3 && fmask&mDateAll == mYear && val >= 1 && val <= 366 {
		r.yday = val
		return mDOY | mMonth | mDay, dtOK
	}
	tmask := 0
	switch fmask & mDateAll {
	case 0:
		// Only YYYY-MM-DD (a year of three digits or more) or the DateStyle's order.
		switch {
		case flen >= 3 || r.order == DateOrderYMD:
			tmask, r.year = mYear, val
		case r.order == DateOrderDMY:
			tmask, r.mday = mDay, val
		default:
			tmask, r.mon = mMonth, val
		}
	case mYear:
		tmask, r.mon = mMonth, val
	case mMonth:
		// After a text month: MON-DD-YYYY, DD-MON-YYYY and YYYY-MON-DD are unambiguous;
		// YY-MON-DD needs YMD.
		if r.hasTextMonth && (flen >= 3 || r.order == DateOrderYMD) {
			tmask, r.year = mYear, val
		} else {
			tmask, r.mday = mDay, val
		}
	case mYear | mMonth:
		if r.hasTextMonth && flen >= 3 && r.is2digits {
			// The first number taken as a two-digit year was the day: DD-MON-YYYY.
			tmask = mDay
			r.mday, r.year, r.is2digits = r.year, val, false
		} else {
			tmask, r.mday = mDay, val
		}
	case mDay:
		tmask, r.mon = mMonth, val
	case mMonth | mDay:
		tmask, r.year = mYear, val
	case mDateAll:
		return r.decodeNumberField(s, fmask)
	default:
		return 0, dtBadFormat
	}
	if tmask == mYear {
		r.is2digits = flen <= 2
	}
	return tmask, dtOK
}

// decodeNumberField decodes run-together digits: yyyymmdd, yymmdd, hhmmss, hhmm, with an
// optional fraction of a second (DecodeNumberField).
func (r *dtResult) decodeNumberField(s string, fmask int) (int, dtErr) {
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		f, err := strconv.ParseFloat("0"+s[dot:], 64)
		if err != nil {
			return 0, dtBadFormat
		}
		r.fsec = int64(roundHalfEven(f * 1e6))
		s = s[:dot]
	} else if fmask&mDateAll != mDateAll && len(s) >= 6 {
		n := len(s)
		r.mday = atoiDigits(s[n-2:])
		r.mon = atoiDigits(s[n-4 : n-2])
		r.year = atoiDigits(s[:n-4])
		if n-4 == 2 {
			r.is2digits = true
		}
		return mDateAll, dtOK
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, dtBadFormat
		}
	}
	if fmask&mTimeAll != mTimeAll {
		switch len(s) {
		case 6:
			r.hour, r.min, r.sec = atoiDigits(s[:2]), atoiDigits(s[2:4]), atoiDigits(s[4:])
			return mTimeAll, dtOK
		case 4:
			r.hour, r.min, r.sec = atoiDigits(s[:2]), atoiDigits(s[2:]), 0
			return mTimeAll, dtOK
		}
	}
	return 0, dtBadFormat
}

func atoiDigits(s string) int {
	v := 0
	for i := 0; i < len(s) && v < 1e9; i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// validateDate applies the era and two-digit-year rules and checks field ranges
// (ValidateDate).
func (r *dtResult) validateDate() dtErr {
	if r.fmask&mYear != 0 && !r.julian {
		switch {
		case r.bc:
			if r.year <= 0 {
				return dtFieldOverflow
			}
			r.year = -(r.year - 1)
		case r.is2digits:
			if r.year < 0 {
				return dtFieldOverflow
			}
			if r.year < 70 {
				r.year += 2000
			} else if r.year < 100 {
				r.year += 1900
			}
		case r.year <= 0:
			return dtFieldOverflow
		}
	}
	if r.fmask&mDOY != 0 {
		r.year, r.mon, r.mday = j2date(date2j(r.year, 1, 1) + r.yday - 1)
	}
	if r.fmask&mMonth != 0 && (r.mon < 1 || r.mon > 12) {
		return dtMDFieldOverflow
	}
	if r.fmask&mDay != 0 && (r.mday < 1 || r.mday > 31) {
		return dtMDFieldOverflow
	}
	if r.fmask&mDateAll == mDateAll && r.mday > monthDays(r.year, r.mon) {
		return dtFieldOverflow
	}
	return dtOK
}

// validJulian reports whether y-m is within the range date2j handles (IS_VALID_JULIAN).
func validJulian(y, m int) bool {
	return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6))
}
