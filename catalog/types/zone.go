package types

import (
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
		return time.FixedZone(name, -off), nil
	}
	if z, err := loadZone(name); err == nil {
		return z, nil
	}
	return nil, pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"TimeZone\": \"%s\"", name)
}
