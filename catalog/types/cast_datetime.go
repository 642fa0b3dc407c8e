package types

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// castDateTime converts among date, time, timestamp, timestamptz and interval; ok is false
// when the pair is not one of them. Conversions that involve timestamptz and a type without
// a zone go through the session time zone.
func castDateTime(arr arrow.Array, from, to T, s *IOSettings, mem memory.Allocator) (out arrow.Array, ok bool, err error) {
	dt := to.Arrow()
	loc := s.location()
	utc := loc == time.UTC
	switch {
	case from.OID == Date && to.OID == Timestamp, from.OID == Date && to.OID == Timestamptz:
		withZone := to.OID == Timestamptz && !utc
		out, err = mapFixed(arr, dt, mem, func(d arrow.Date32) (arrow.Timestamp, bool) {
			switch d {
			case DateInfinity:
				return TimestampInfinity, true
			case DateNegInfinity:
				return TimestampNegInfinity, true
			}
			if int64(d)+unixEpochJD >= maxTimestampJD {
				return 0, false
			}
			local := int64(d) * 86400
			if withZone {
				return arrow.Timestamp(localToUTC(loc, local) * usPerSec), true
			}
			return arrow.Timestamp(local * usPerSec), true
		}, errf[arrow.Date32](pgcode.DatetimeValueOutOfRange, "date out of range for timestamp"))
	case (from.OID == Timestamp || from.OID == Timestamptz) && to.OID == Date:
		withZone := from.OID == Timestamptz && !utc
		out, err = mapFixed(arr, dt, mem, func(ts arrow.Timestamp) (arrow.Date32, bool) {
			switch ts {
			case TimestampInfinity:
				return DateInfinity, true
			case TimestampNegInfinity:
				return DateNegInfinity, true
			}
			us := int64(ts)
			if withZone {
				us = toLocalMicros(loc, us)
			}
			days, _ := floorDiv(us, usPerDay)
			return arrow.Date32(days), true
		}, nil)
	case from.OID == Timestamp && to.OID == Timestamptz:
		if utc {
			arr.Retain()
			return retype(arr, dt), true, nil
		}
		out, err = mapFixed(arr, dt, mem, func(ts arrow.Timestamp) (arrow.Timestamp, bool) {
			if ts == TimestampInfinity || ts == TimestampNegInfinity {
				return ts, true
			}
			sec, frac := floorDiv(int64(ts), usPerSec)
			r := localToUTC(loc, sec)*usPerSec + frac
			return arrow.Timestamp(r), r >= minTimestampMicros && r < TimestampInfinity
		}, errf[arrow.Timestamp](pgcode.DatetimeValueOutOfRange, "timestamp out of range"))
	case from.OID == Timestamptz && to.OID == Timestamp:
		if utc {
			arr.Retain()
			return retype(arr, dt), true, nil
		}
		out, err = mapFixed(arr, dt, mem, func(ts arrow.Timestamp) (arrow.Timestamp, bool) {
			if ts == TimestampInfinity || ts == TimestampNegInfinity {
				return ts, true
			}
			r := toLocalMicros(loc, int64(ts))
			return arrow.Timestamp(r), r >= minTimestampMicros && r < TimestampInfinity
		}, errf[arrow.Timestamp](pgcode.DatetimeValueOutOfRange, "timestamp out of range"))
	case (from.OID == Timestamp || from.OID == Timestamptz) && to.OID == Time:
		withZone := from.OID == Timestamptz && !utc
		// PostgreSQL returns NULL for an infinite timestamp here; that needs a new validity
		// bitmap, built only if an infinity occurs.
		out, err = mapFixed(arr, dt, mem, func(ts arrow.Timestamp) (arrow.Time64, bool) {
			us := int64(ts)
			if withZone && ts != TimestampInfinity && ts != TimestampNegInfinity {
				us = toLocalMicros(loc, us)
			}
			_, rem := floorDiv(us, usPerDay)
			return arrow.Time64(rem), true
		}, nil)
		if err == nil {
			out = nullInfinities(arr, out, mem)
		}
	case from.OID == Time && to.OID == Interval:
		out, err = mapFixed(arr, dt, mem, func(t arrow.Time64) (arrow.MonthDayNanoInterval, bool) {
			return AdjustInterval(arrow.MonthDayNanoInterval{Nanoseconds: int64(t) * 1000}, to.Typmod), true
		}, nil)
	case from.OID == Interval && to.OID == Time:
		out, err = mapFixed(arr, dt, mem, func(iv arrow.MonthDayNanoInterval) (arrow.Time64, bool) {
			us := iv.Nanoseconds / 1000 % usPerDay
			if us < 0 {
				us += usPerDay
			}
			return arrow.Time64(us), true
		}, nil)
	default:
		return nil, false, nil
	}
	return out, true, err
}

// toLocalMicros shifts a UTC instant to local wall-clock microseconds in loc.
func toLocalMicros(loc *time.Location, us int64) int64 {
	sec, _ := floorDiv(us, usPerSec)
	return us + int64(zoneOffsetAt(loc, sec))*usPerSec
}

// retype returns arr's data under another Arrow type of the same layout; it takes over the
// caller's reference to arr.
func retype(arr arrow.Array, dt arrow.DataType) arrow.Array {
	if arrow.TypeEqual(arr.DataType(), dt) {
		return arr
	}
	d := arr.Data()
	nd := arrayNewSliceData(d, dt)
	out := makeArray(nd)
	nd.Release()
	arr.Release()
	return out
}

// nullInfinities sets to null the slots of out whose timestamp in src is infinite.
func nullInfinities(src, out arrow.Array, mem memory.Allocator) arrow.Array {
	ts := values[arrow.Timestamp](src)
	found := false
	for i, v := range ts {
		if (v == TimestampInfinity || v == TimestampNegInfinity) && src.IsValid(i) {
			found = true
			break
		}
	}
	if !found {
		return out
	}
	valid := make([]bool, len(ts))
	for i, v := range ts {
		valid[i] = src.IsValid(i) && v != TimestampInfinity && v != TimestampNegInfinity
	}
	res := withValidity(out, valid, mem)
	out.Release()
	return res
}

// MaxTimePrecision is the largest fractional-second precision of time and timestamp types:
// values keep microseconds.
const MaxTimePrecision = 6

// precisionScales[p] is the unit, in microseconds, of precision p.
var precisionScales = [MaxTimePrecision + 1]int64{1000000, 100000, 10000, 1000, 100, 10, 1}

// roundTimePrecision rounds time or timestamp values to to's precision (to.Typmod digits),
// as AdjustTimestampForTypmod and AdjustTimeForTypmod do: half away from zero, counted from
// PostgreSQL's epoch (2000-01-01), so that halves before 2000 round down as they do there.
func roundTimePrecision(arr arrow.Array, to T, mem memory.Allocator) (arrow.Array, error) {
	scale := precisionScales[to.Typmod]
	half := scale / 2
	if to.OID == Time {
		return mapFixed(arr, to.Arrow(), mem, func(t arrow.Time64) (arrow.Time64, bool) {
			return arrow.Time64((int64(t) + half) / scale * scale), true
		}, nil)
	}
	return mapFixed(arr, to.Arrow(), mem, func(ts arrow.Timestamp) (arrow.Timestamp, bool) {
		if ts == TimestampInfinity || ts == TimestampNegInfinity {
			return ts, true
		}
		v := int64(ts) - pgEpochMicros
		if v >= 0 {
			v = (v + half) / scale * scale
		} else {
			v = -((-v + half) / scale * scale)
		}
		return arrow.Timestamp(v + pgEpochMicros), true
	}, nil)
}
