package types

import "time"

// JSON writes dates and timestamps in XML Schema's form of ISO 8601 (PostgreSQL's
// USE_XSD_DATES): like DateStyle ISO, but with a T between date and time and the zone
// offset always with minutes.

func appendXSDDate(dst []byte, days int32) []byte {
	return appendDate(dst, days, DateStyleISO, DateOrderMDY)
}

func appendXSDTimestamp(dst []byte, us int64, loc *time.Location, withZone bool) []byte {
	switch us {
	case TimestampInfinity:
		return append(dst, "infinity"...)
	case TimestampNegInfinity:
		return append(dst, "-infinity"...)
	}
	off := 0
	if withZone {
		sec, _ := floorDiv(us, usPerSec)
		_, off = time.Unix(sec, 0).In(loc).Zone()
	}
	days, rem := floorDiv(us+int64(off)*usPerSec, usPerDay)
	y, m, d := j2date(int(days) + unixEpochJD)
	dst = appendDateOnly(dst, y, m, d, DateStyleISO, DateOrderMDY)
	dst = append(dst, 'T')
	dst = appendClock(dst, rem)
	if withZone {
		from := len(dst)
		dst = appendOffset(dst, off)
		if len(dst)-from == 3 { // +hh: XSD wants +hh:mm
			dst = append(dst, ':', '0', '0')
		}
	}
	if y <= 0 {
		dst = append(dst, " BC"...)
	}
	return dst
}
