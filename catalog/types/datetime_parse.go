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
	d := dtDecoder{r: dtResult{mer: -1, order: order}, fields: fields, timeOnly: timeOnly, loc: loc}
	for i, f := range fields {
		d.i = i
		var tmask int
		var e dtErr
		switch f.typ {
		case ftDate:
			tmask, e = d.dateField(f.s)
		case ftTime:
			tmask, e = d.timeField(f.s)
		case ftTZ:
			tmask, e = d.zoneField(f.s)
		case ftNumber:
			if d.julianNext {
				tmask, e = d.julianField(f.s)
			} else {
				tmask, e = d.numberField(f.s)
			}
		case ftString, ftSpecial:
			tmask, e = d.wordField(f)
		default:
			e = dtBadFormat
		}
		if e != dtOK {
			return d.r, e
		}
		if tmask&d.r.fmask != 0 {
			return d.r, dtBadFormat
		}
		d.r.fmask |= tmask
	}
	return d.finish()
}

// dtDecoder walks the fields of one date/time input, as PostgreSQL's DecodeDateTime does:
// each field sets some of the result's parts (the mask it returns) and a part set twice is
// an error. Some words change how the next field reads (julianNext, isoTimeNext).
type dtDecoder struct {
	r           dtResult
	fields      []dtField
	i           int // index of the field being decoded
	timeOnly    bool
	loc         *time.Location
	isoTimeNext bool // a "T" was seen: the next field is a time
	julianNext  bool // a "J" was seen: the next field is a Julian day
}

// dateField decodes a field the lexer took for a date: a date, a run-together time with a
// zone (hhmmss-zz), or a zone name with punctuation.
func (d *dtDecoder) dateField(s string) (int, dtErr) {
	r := &d.r
	var asDate bool
	if d.timeOnly {
		// A time may follow a date, which is then ignored.
		asDate = d.i == 0 && len(d.fields) >= 2 && (d.fields[len(d.fields)-1].typ == ftDate || d.fields[1].typ == ftTime)
	} else {
		asDate = !d.isoTimeNext && r.fmask&(mMonth|mDay) != mMonth|mDay
	}
	switch {
	case asDate:
		return r.decodeDate(s, r.fmask)
	case isDigit(s[0]) || d.isoTimeNext:
		d.isoTimeNext = false
		if r.fmask&mTimeAll == mTimeAll {
			return 0, dtBadFormat
		}
		cut := strings.IndexByte(s, '-')
		if cut < 0 {
			return 0, dtBadFormat
		}
		tz, e := decodeTimezone(s[cut:])
		if e != dtOK {
			return 0, e
		}
		r.tz = tz
		m, e := r.decodeNumberField(s[:cut], r.fmask)
		return m | mTZ, e
	default:
		// A time zone name with punctuation, such as America/New_York.
		z, err := loadZone(s)
		if err != nil {
			r.badZone = s
			return 0, dtZoneUnknown
		}
		r.namedTZ = z
		return mTZ, dtOK
	}
}

func (d *dtDecoder) timeField(s string) (int, dtErr) {
	r := &d.r
	d.isoTimeNext = false
	if e := r.decodeTime(s); e != dtOK {
		return 0, e
	}
	if timeOverflows(r.hour, r.min, r.sec, r.fsec) {
		return 0, dtFieldOverflow
	}
	return mTimeAll, dtOK
}

func (d *dtDecoder) zoneField(s string) (int, dtErr) {
	tz, e := decodeTimezone(s)
	if e != dtOK {
		return 0, e
	}
	d.r.tz = tz
	return mTZ, dtOK
}

// julianField decodes a Julian day number, perhaps with a fraction of a day.
func (d *dtDecoder) julianField(s string) (int, dtErr) {
	r := &d.r
	d.julianNext = false
	jd, rest, ok := leadingInt(s)
	if !ok || jd >= 1e9 || (rest != "" && rest[0] != '.') {
		return 0, dtBadFormat
	}
	r.year, r.mon, r.mday = j2date(jd)
	r.julian = true
	if rest == "" {
		return mDateAll, dtOK
	}
	frac, e := parseFraction(rest)
	if e != dtOK {
		return 0, e
	}
	us := int64(roundHalfEven(float64(frac) / 1e6 * float64(usPerDay)))
	r.hour, us = int(us/usPerHour), us%usPerHour
	r.min, us = int(us/usPerMin), us%usPerMin
	r.sec, r.fsec = int(us/usPerSec), us%usPerSec
	return mDateAll | mTimeAll, dtOK
}

// numberField decodes a numeric field; which part it is depends on its length, a decimal
// point, what was seen so far and whether only a time is wanted.
func (d *dtDecoder) numberField(s string) (int, dtErr) {
	r := &d.r
	isoTime := d.isoTimeNext
	d.isoTimeNext = false
	dot := strings.IndexByte(s, '.')
	flen := len(s)
	switch {
	case isoTime:
		m, e := r.decodeNumberField(s, r.fmask|mDateAll)
		if e == dtOK && m != mTimeAll {
			e = dtBadFormat
		}
		return m, e
	case d.timeOnly && dot >= 0:
		switch {
		case d.i == 0 && len(d.fields) >= 2 && d.fields[len(d.fields)-1].typ == ftDate:
			return r.decodeDate(s, r.fmask)
		case dot > 2:
			return r.decodeNumberField(s, r.fmask|mDateAll)
		default:
			return 0, dtBadFormat
		}
	case d.timeOnly && flen > 4:
		return r.decodeNumberField(s, r.fmask|mDateAll)
	case d.timeOnly:
		return r.decodeNumber(s, r.fmask|mDateAll)
	case dot >= 0 && r.fmask&mDateAll == 0:
		return r.decodeDate(s, r.fmask)
	case dot > 2:
		return r.decodeNumberField(s, r.fmask)
	case flen >= 6 && (r.fmask&mDateAll == 0 || r.fmask&mTimeAll == 0):
		return r.decodeNumberField(s, r.fmask)
	default:
		return r.decodeNumber(s, r.fmask)
	}
}

// wordField decodes a word: a zone abbreviation or name, or one of the date/time keywords
// (month and weekday names, AM/PM, AD/BC, now/today/epoch..., the J and T markers).
func (d *dtDecoder) wordField(f dtField) (int, dtErr) {
	r := &d.r
	if off, ok := lookupZoneAbbrev(f.s); ok {
		r.tz = off
		return mTZ, dtOK
	}
	kind, val, ok := lookupDateToken(f.s)
	if !ok {
		// An all-letters full zone name, such as UTC or Japan.
		z, err := loadZone(f.s)
		if err != nil {
			return 0, dtBadFormat
		}
		r.namedTZ = z
		return mTZ, dtOK
	}
	if f.typ == ftSpecial && kind != tokReserved {
		return 0, dtBadFormat
	}
	switch kind {
	case tokIgnore:
		return 0, dtOK
	case tokReserved:
		return d.reservedWord(val), dtOK
	case tokMonth:
		tmask := mMonth
		// A numeric month seen earlier was really the day ("5 jan" read as MDY).
		if r.fmask&mMonth != 0 && !r.hasTextMonth && r.fmask&mDay == 0 && r.mon >= 1 && r.mon <= 31 {
			r.mday = r.mon
			tmask = mDay
		}
		r.hasTextMonth = true
		r.mon = val
		return tmask, dtOK
	case tokAMPM:
		r.mer = val
		return mAMPM, dtOK
	case tokADBC:
		r.bc = val == 1
		return mADBC, dtOK
	case tokDOW:
		return mDOW, dtOK
	case tokUnits:
		return 0, d.julianMarker(f.s)
	case tokISOTime:
		return 0, d.isoTimeMarker()
	default:
		return 0, dtBadFormat
	}
}

// reservedWord applies now, today, tomorrow, yesterday, zulu, epoch, infinity and
// -infinity, returning the parts they set.
func (d *dtDecoder) reservedWord(val int) int {
	r := &d.r
	now := func() time.Time {
		t := time.Now()
		if d.loc != nil {
			t = t.In(d.loc)
		}
		return t
	}
	switch val {
	case rsvNow:
		t := now()
		r.setWall(t, true)
		r.fsec = int64(t.Nanosecond() / 1000)
	case rsvToday, rsvTomorrow, rsvYesterday:
		t := now().AddDate(0, 0, map[int]int{rsvToday: 0, rsvTomorrow: 1, rsvYesterday: -1}[val])
		r.year, r.mon, r.mday = t.Year(), int(t.Month()), t.Day()
		return mDateAll
	case rsvZulu:
		r.hour, r.min, r.sec, r.tz = 0, 0, 0, 0
		return mTimeAll | mTZ
	case rsvEpoch:
		r.kind = dtkEpoch
	case rsvLate:
		r.kind = dtkLate
	case rsvEarly:
		r.kind = dtkEarly
	}
	return mDateAll | mTimeAll | mTZ
}

// julianMarker accepts the J (Julian day) label, the only field label supported, which
// must precede a number.
func (d *dtDecoder) julianMarker(s string) dtErr {
	var lb [16]byte
	switch string(lowerToken(s, &lb)) {
	case "j", "jd", "julian":
	default:
		return dtBadFormat
	}
	if d.i >= len(d.fields)-1 || d.fields[d.i+1].typ != ftNumber {
		return dtBadFormat
	}
	d.julianNext = true
	return dtOK
}

// isoTimeMarker accepts ISO 8601's T between a full date and a time.
func (d *dtDecoder) isoTimeMarker() dtErr {
	if !d.timeOnly && d.r.fmask&mDateAll != mDateAll {
		return dtBadFormat
	}
	if d.i >= len(d.fields)-1 {
		return dtBadFormat
	}
	if nt := d.fields[d.i+1].typ; nt != ftNumber && nt != ftTime && nt != ftDate {
		return dtBadFormat
	}
	d.isoTimeNext = true
	return dtOK
}

// finish checks the parts together (a valid date, AM/PM hours, a full time for a time, a
// full date for a timestamp) and resolves the zone offset.
func (d *dtDecoder) finish() (dtResult, dtErr) {
	r := &d.r
	if r.kind != dtkDate {
		return *r, dtOK
	}
	if e := r.validateDate(); e != dtOK {
		return *r, e
	}
	if r.mer != -1 && r.hour > 12 {
		return *r, dtFieldOverflow
	}
	if r.mer == am && r.hour == 12 {
		r.hour = 0
	} else if r.mer == pm && r.hour != 12 {
		r.hour += 12
	}
	if d.timeOnly {
		return *r, r.checkTimeOnly()
	}
	if r.fmask&mDateAll != mDateAll {
		return *r, dtBadFormat
	}
	if r.namedTZ != nil {
		r.tz = offsetForLocal(r.namedTZ, *r)
	}
	if r.fmask&mTZ == 0 {
		r.tz = offsetForLocal(d.loc, *r)
	}
	return *r, dtOK
}

// checkTimeOnly checks the parts of a time of day.
func (r *dtResult) checkTimeOnly() dtErr {
	if r.fmask&mTimeAll != mTimeAll {
		return dtBadFormat
	}
	// A zone with daylight-saving rules needs a date to know its offset.
	if r.namedTZ != nil && !zoneIsFixed(r.namedTZ) && r.fmask&mDateAll != mDateAll {
		return dtBadFormat
	}
	if r.hour < 0 || r.min < 0 || r.min > 59 || r.sec < 0 || r.sec > 60 || r.hour > 24 ||
		(r.hour == 24 && (r.min > 0 || r.sec > 0 || r.fsec > 0)) {
		return dtFieldOverflow
	}
	return dtOK
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
