package types

// The date/time input grammar follows PostgreSQL's two stages: a lexer that splits the input
// into typed fields (ParseDateTime), and decoders that give each field its meaning from its
// type, its neighbours and what has been seen so far (DecodeDateTime, DecodeInterval). The
// same lexer serves dates, times, timestamps and intervals.

// Field types produced by the lexer.
const (
	ftNumber  = iota // digits, possibly with one '.', e.g. 2024, 20240105, 12.5
	ftString         // letters: month, weekday, keyword or time zone abbreviation
	ftDate           // digits/letters joined by '-', '/' or '.', e.g. 2024-01-05, jan-05-2024
	ftTime           // digits joined by ':', e.g. 10:11:12.5
	ftTZ             // sign then digits, e.g. +05:30, -0800, -1 (a signed number in intervals)
	ftSpecial        // sign then letters, e.g. -infinity
)

type dtField struct {
	typ int
	s   string // the field's text, with the original case (keywords are matched ignoring case)
}

// maxDateFields bounds the number of fields, as PostgreSQL's MAXDATEFIELDS does.
const maxDateFields = 25

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlnum(c)
}

// lexDateTime splits s into fields. ok is false for input PostgreSQL's lexer rejects.
func lexDateTime(s string, fields []dtField) ([]dtField, bool) {
	i, n := 0, len(s)
	for i < n {
		if len(fields) >= maxDateFields {
			return fields, false
		}
		c := s[i]
		if isSpace(c) {
			i++
			continue
		}
		start := i
		switch {
		case isDigit(c):
			for i < n && isDigit(s[i]) {
				i++
			}
			typ := ftNumber
			switch {
			case i < n && s[i] == ':':
				typ = ftTime
				for i < n && (isDigit(s[i]) || s[i] == ':' || s[i] == '.') {
					i++
				}
			case i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.'):
				delim := s[i]
				i++
				if i < n && isDigit(s[i]) {
					if delim != '.' {
						typ = ftDate
					}
					for i < n && isDigit(s[i]) {
						i++
					}
					// Only matching delimiters make a three-field date.
					if i < n && s[i] == delim {
						typ = ftDate
						for i < n && (isDigit(s[i]) || s[i] == delim) {
							i++
						}
					}
				} else {
					typ = ftDate
					for i < n && (isAlnum(s[i]) || s[i] == delim) {
						i++
					}
				}
			}
			fields = append(fields, dtField{typ, s[start:i]})
		case c == '.':
			i++
			for i < n && isDigit(s[i]) {
				i++
			}
			fields = append(fields, dtField{ftNumber, s[start:i]})
		case isAlpha(c):
			for i < n && isAlpha(s[i]) {
				i++
			}
			typ := ftString
			isDate := false
			if i < n {
				switch d := s[i]; {
				case d == '-' || d == '/' || d == '.':
					isDate = true
				case d == '+' || isDigit(d):
					// A keyword followed by a digit ("t10:00") is not a zone name.
					_, _, known := lookupDateToken(s[start:i])
					isDate = !known
				}
			}
			if isDate {
				typ = ftDate
				for i++; i < n; i++ {
					d := s[i]
					if !(d == '+' || d == '-' || d == '/' || d == '_' || d == '.' || d == ':' || isAlnum(d)) {
						break
					}
				}
			}
			fields = append(fields, dtField{typ, s[start:i]})
		case c == '+' || c == '-':
			i++
			for i < n && isSpace(s[i]) {
				i++
			}
			switch {
			case i < n && isDigit(s[i]):
				ds := i
				for i < n && (isDigit(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '-') {
					i++
				}
				text := s[start:i]
				if ds != start+1 {
					text = string(c) + s[ds:i]
				}
				fields = append(fields, dtField{ftTZ, text})
			case i < n && isAlpha(s[i]):
				ds := i
				for i < n && isAlpha(s[i]) {
					i++
				}
				text := s[start:i]
				if ds != start+1 {
					text = string(c) + s[ds:i]
				}
				fields = append(fields, dtField{ftSpecial, text})
			default:
				return fields, false
			}
		case isPunct(c):
			i++
		default:
			return fields, false
		}
	}
	return fields, true
}

// Token kinds of the date/time keyword table (PostgreSQL's datetktbl plus the time zone
// abbreviations it knows by default).
const (
	tokReserved = iota + 1 // now, today, epoch, infinity, ...
	tokMonth
	tokDOW
	tokAMPM
	tokADBC
	tokIgnore
	tokISOTime // the "t" between date and time
	tokTZ      // a zone abbreviation; val is the offset in seconds east
	tokUnits
)

// Values of reserved words.
const (
	rsvNow = iota + 1
	rsvToday
	rsvTomorrow
	rsvYesterday
	rsvEpoch
	rsvLate
	rsvEarly
	rsvZulu
)

const (
	am = 0
	pm = 1
)

type dateToken struct{ kind, val int }

var dateTokens = map[string]dateToken{
	"-infinity": {tokReserved, rsvEarly}, "infinity": {tokReserved, rsvLate},
	"ad": {tokADBC, 0}, "bc": {tokADBC, 1},
	"allballs": {tokReserved, rsvZulu},
	"am":       {tokAMPM, am}, "pm": {tokAMPM, pm},
	"at": {tokIgnore, 0}, "on": {tokIgnore, 0},
	"epoch": {tokReserved, rsvEpoch}, "now": {tokReserved, rsvNow},
	"today": {tokReserved, rsvToday}, "tomorrow": {tokReserved, rsvTomorrow},
	"yesterday": {tokReserved, rsvYesterday},
	"t":         {tokISOTime, 0},
	"jan":       {tokMonth, 1}, "january": {tokMonth, 1}, "feb": {tokMonth, 2}, "february": {tokMonth, 2},
	"mar": {tokMonth, 3}, "march": {tokMonth, 3}, "apr": {tokMonth, 4}, "april": {tokMonth, 4},
	"may": {tokMonth, 5}, "jun": {tokMonth, 6}, "june": {tokMonth, 6}, "jul": {tokMonth, 7},
	"july": {tokMonth, 7}, "aug": {tokMonth, 8}, "august": {tokMonth, 8}, "sep": {tokMonth, 9},
	"sept": {tokMonth, 9}, "september": {tokMonth, 9}, "oct": {tokMonth, 10}, "october": {tokMonth, 10},
	"nov": {tokMonth, 11}, "november": {tokMonth, 11}, "dec": {tokMonth, 12}, "december": {tokMonth, 12},
	"sun": {tokDOW, 0}, "sunday": {tokDOW, 0}, "mon": {tokDOW, 1}, "monday": {tokDOW, 1},
	"tue": {tokDOW, 2}, "tues": {tokDOW, 2}, "tuesday": {tokDOW, 2}, "wed": {tokDOW, 3},
	"weds": {tokDOW, 3}, "wednesday": {tokDOW, 3}, "thu": {tokDOW, 4}, "thur": {tokDOW, 4},
	"thurs": {tokDOW, 4}, "thursday": {tokDOW, 4}, "fri": {tokDOW, 5}, "friday": {tokDOW, 5},
	"sat": {tokDOW, 6}, "saturday": {tokDOW, 6},
	"d": {tokUnits, 0}, "h": {tokUnits, 0}, "j": {tokUnits, 0}, "jd": {tokUnits, 0},
	"julian": {tokUnits, 0}, "m": {tokUnits, 0}, "mm": {tokUnits, 0}, "s": {tokUnits, 0}, "y": {tokUnits, 0},
}

// zoneAbbrevs are the common time zone abbreviations of PostgreSQL's default set, with their
// offsets in seconds east of UTC.
var zoneAbbrevs = map[string]int{
	"utc": 0, "ut": 0, "gmt": 0, "z": 0, "zulu": 0, "wet": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600, "nst": -(3*3600 + 1800), "ndt": -(2*3600 + 1800),
	"ast": -4 * 3600, "adt": -3 * 3600,
	"cet": 3600, "cest": 2 * 3600, "met": 3600, "mest": 2 * 3600, "west": 3600, "bst": 3600,
	"eet": 2 * 3600, "eest": 3 * 3600, "msk": 3 * 3600, "ist": 2 * 3600,
	"jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600, "awst": 8 * 3600,
	"acst": 9*3600 + 1800, "acdt": 10*3600 + 1800, "aest": 10 * 3600, "aedt": 11 * 3600,
	"nzst": 12 * 3600, "nzdt": 13 * 3600,
}

// lowerToken lowercases an ASCII token into buf, truncated as PostgreSQL truncates keywords
// (TOKMAXLEN).
func lowerToken(tok string, buf *[16]byte) []byte {
	n := min(len(tok), 10)
	for i := 0; i < n; i++ {
		c := tok[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:n]
}

// lookupDateToken finds tok among the date/time keywords (not zone abbreviations).
func lookupDateToken(tok string) (kind, val int, ok bool) {
	var buf [16]byte
	t, ok := dateTokens[string(lowerToken(tok, &buf))]
	return t.kind, t.val, ok
}

// lookupZoneAbbrev finds tok among the zone abbreviations.
func lookupZoneAbbrev(tok string) (off int, ok bool) {
	if len(tok) > 10 {
		return 0, false
	}
	var buf [16]byte
	off, ok = zoneAbbrevs[string(lowerToken(tok, &buf))]
	return
}
