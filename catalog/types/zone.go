package types

import (
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Time zones come from the IANA database through the time package. PostgreSQL matches zone
// names without regard to case, which the time package does not, so names are tried as
// given and then in the database's usual capitalisation, and the result is cached.

var zoneCache sync.Map // lower-case name -> *time.Location

// loadZone finds an IANA time zone by name, ignoring case as PostgreSQL does.
func loadZone(name string) (*time.Location, error) {
	key := strings.ToLower(name)
	if z, ok := zoneCache.Load(key); ok {
		return z.(*time.Location), nil
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		// Retry with the capitalisation the tz database uses for most names.
		z, err = time.LoadLocation(canonicalZoneName(key))
	}
	if err != nil && strings.EqualFold(key, "utc") {
		z, err = time.UTC, nil
	}
	if err != nil {
		z, err = posixZone(name)
	}
	if err != nil {
		return nil, err
	}
	zoneCache.Store(strings.Clone(key), z)
	return z, nil
}

// canonicalZoneName capitalises each word: america/new_york -> America/New_York.
func canonicalZoneName(lower string) string {
	b := []byte(lower)
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	if len(b) <= 4 {
		// Short names like UTC, GMT, EST5EDT are all upper case.
		return strings.ToUpper(lower)
	}
	return string(b)
}

// LoadTimeZone returns the time zone named as the TimeZone setting accepts it: an IANA name
// (case-insensitive) or a fixed offset such as +05:30. Errors carry 22023.
func LoadTimeZone(name string) (*time.Location, error) {
	if off, e := decodeTimezone(name); e == dtOK && name != "" {
		// POSIX semantics (+ is west) apply to bare offsets in the TimeZone setting.
		// Such a zone has no abbreviation: timestamps print without one.
		return time.FixedZone("", -off), nil
	}
	if z, err := loadZone(name); err == nil {
		return z, nil
	}
	return nil, pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"TimeZone\": \"%s\"", name)
}

// zoneIsFixed reports whether loc has had one UTC offset throughout (pg_get_timezone_offset
// succeeds only for such zones). Offsets are sampled across the zone database's span.
func zoneIsFixed(loc *time.Location) bool {
	if loc == time.UTC {
		return true
	}
	_, first := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).In(loc).Zone()
	for y := 1850; y <= 2040; y += 5 {
		for _, m := range []time.Month{time.January, time.July} {
			if _, off := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).In(loc).Zone(); off != first {
				return false
			}
		}
	}
	return true
}

// posixZone builds a zone from a POSIX TZ string such as PST8PDT, EST5EDT,M3.2.0,M11.1.0 or
// gmt+8 (offsets west of Greenwich; without rules, daylight time follows the US rules), as
// PostgreSQL's pg_tzset accepts them. The time package applies such rules only as the
// footer of zone data, so the zone is made from minimal TZif data: one transition at the
// beginning of time and the string as the rule for everything after it.
func posixZone(name string) (*time.Location, error) {
	if name == "" || !(isAlpha(name[0]) || name[0] == '<') {
		return nil, errors.New("not a POSIX time zone")
	}
	var b []byte
	header := func(timecnt int) {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		for _, c := range []int{0, 0, 0, timecnt, 1, 1} {
			b = binary.BigEndian.AppendUint32(b, uint32(c))
		}
	}
	header(0)
	b = append(b, 0, 0, 0, 0, 0, 0, 0) // one type: offset 0, no DST, empty abbreviation
	header(1)
	b = binary.BigEndian.AppendUint64(b, 1<<63) // the earliest time
	b = append(b, 0)
	b = append(b, 0, 0, 0, 0, 0, 0, 0)
	b = append(b, '\n')
	b = append(b, name...)
	b = append(b, '\n')
	loc, err := time.LoadLocationFromTZData(name, b)
	if err != nil {
		return nil, err
	}
	// A rule the time package cannot read leaves the placeholder type in force.
	if abbrev, off := time.Unix(0, 0).In(loc).Zone(); abbrev == "" && off == 0 {
		return nil, errors.New("invalid POSIX time zone")
	}
	return loc, nil
}
