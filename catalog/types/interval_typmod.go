package types

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Interval field masks, as PostgreSQL's INTERVAL_MASK of its datetime token types. The
// grammar turns the SQL-standard field qualifiers (interval day, interval year to month,
// interval minute to second(3)) into these masks; they are the range half of an interval
// typmod.
const (
	IntervalMonth  = 1 << 1
	IntervalYear   = 1 << 2
	IntervalDay    = 1 << 3
	IntervalHour   = 1 << 10
	IntervalMinute = 1 << 11
	IntervalSecond = 1 << 12

	// IntervalFullRange is the range of an interval without field qualifier.
	IntervalFullRange = 0x7FFF
	// IntervalFullPrecision is the precision of an interval without (p).
	IntervalFullPrecision = 0xFFFF
	// MaxIntervalPrecision is the largest fractional-seconds precision.
	MaxIntervalPrecision = 6
)

// intervalRangeNames are the ranges PostgreSQL accepts, with the words format_type prints.
var intervalRangeNames = map[int32]string{
	IntervalYear:                 " year",
	IntervalMonth:                " month",
	IntervalDay:                  " day",
	IntervalHour:                 " hour",
	IntervalMinute:               " minute",
	IntervalSecond:               " second",
	IntervalYear | IntervalMonth: " year to month",
	IntervalDay | IntervalHour:   " day to hour",
	IntervalDay | IntervalHour | IntervalMinute:                  " day to minute",
	IntervalDay | IntervalHour | IntervalMinute | IntervalSecond: " day to second",
	IntervalHour | IntervalMinute:                                " hour to minute",
	IntervalHour | IntervalMinute | IntervalSecond:               " hour to second",
	IntervalMinute | IntervalSecond:                              " minute to second",
	IntervalFullRange:                                            "",
}

// MakeIntervalTypmod encodes a range (field mask) and precision as INTERVAL_TYPMOD does.
func MakeIntervalTypmod(precision, rng int32) int32 {
	return (rng&0x7FFF)<<16 | precision&0xFFFF
}

// IntervalTypmod decodes an interval typmod; ok is false for -1 (no modifier).
func IntervalTypmod(typmod int32) (precision, rng int32, ok bool) {
	if typmod < 0 {
		return IntervalFullPrecision, IntervalFullRange, false
	}
	return typmod & 0xFFFF, typmod >> 16 & 0x7FFF, true
}

// IntervalTypmodIn validates the modifiers the grammar produced for an interval type (the
// range mask, then an optional precision) and encodes them, as intervaltypmodin does. A
// precision above 6 is reduced to 6 (PostgreSQL also warns).
func IntervalTypmodIn(mods []int64) (int32, error) {
	if len(mods) == 0 || len(mods) > 2 {
		return -1, pgerror.New(pgcode.InvalidParameterValue, "invalid INTERVAL type modifier")
	}
	if _, ok := intervalRangeNames[int32(mods[0])]; !ok || mods[0] != int64(int32(mods[0])) {
		return -1, pgerror.New(pgcode.InvalidParameterValue, "invalid INTERVAL type modifier")
	}
	rng := int32(mods[0])
	if len(mods) == 1 {
		if rng == IntervalFullRange {
			return -1, nil
		}
		return MakeIntervalTypmod(IntervalFullPrecision, rng), nil
	}
	p := mods[1]
	if p < 0 {
		return -1, pgerror.Newf(pgcode.InvalidParameterValue, "INTERVAL(%d) precision must not be negative", p)
	}
	return MakeIntervalTypmod(int32(min(p, MaxIntervalPrecision)), rng), nil
}

// intervalTypmodString is what format_type appends to "interval" for typmod.
func intervalTypmodString(typmod int32) string {
	p, r, ok := IntervalTypmod(typmod)
	if !ok {
		return ""
	}
	s := intervalRangeNames[r]
	if p != IntervalFullPrecision {
		s += fmt.Sprintf("(%d)", p)
	}
	return s
}

// bareIntervalUnit is the unit a number without a unit word takes in interval input with
// the given range: the range's lowest field, seconds without a range (DecodeInterval).
func bareIntervalUnit(rng int32) int {
	switch rng {
	case IntervalYear:
		return unitYear
	case IntervalMonth, IntervalYear | IntervalMonth:
		return unitMonth
	case IntervalDay:
		return unitDay
	case IntervalHour, IntervalDay | IntervalHour:
		return unitHour
	case IntervalMinute, IntervalHour | IntervalMinute, IntervalDay | IntervalHour | IntervalMinute:
		return unitMinute
	}
	return unitSecond
}

// nsPerUnit are the fractional-second scales of precisions 0..6, in nanoseconds.
var intervalPrecisionNanos = [MaxIntervalPrecision + 1]int64{1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3}

// AdjustInterval applies an interval typmod to a value as AdjustIntervalForTypmod does: the
// fields below the range's lowest are dropped (truncated toward zero), then the seconds are
// rounded to the precision, half away from zero.
func AdjustInterval(iv arrow.MonthDayNanoInterval, typmod int32) arrow.MonthDayNanoInterval {
	p, r, ok := IntervalTypmod(typmod)
	if !ok {
		return iv
	}
	const nsHour, nsMinute = usPerHour * 1000, usPerMin * 1000
	switch r {
	case IntervalYear:
		iv.Months = iv.Months / 12 * 12
		iv.Days, iv.Nanoseconds = 0, 0
	case IntervalMonth, IntervalYear | IntervalMonth:
		iv.Days, iv.Nanoseconds = 0, 0
	case IntervalDay:
		iv.Nanoseconds = 0
	case IntervalHour, IntervalDay | IntervalHour:
		iv.Nanoseconds = iv.Nanoseconds / nsHour * nsHour
	case IntervalMinute, IntervalHour | IntervalMinute, IntervalDay | IntervalHour | IntervalMinute:
		iv.Nanoseconds = iv.Nanoseconds / nsMinute * nsMinute
	}
	if p <= MaxIntervalPrecision {
		scale := intervalPrecisionNanos[p]
		if iv.Nanoseconds >= 0 {
			iv.Nanoseconds = (iv.Nanoseconds + scale/2) / scale * scale
		} else {
			iv.Nanoseconds = -((-iv.Nanoseconds + scale/2) / scale * scale)
		}
	}
	return iv
}

// adjustIntervalArray applies typmod to every value of an interval array; the result is a
// new reference (arr itself, retained, when typmod is -1).
func adjustIntervalArray(arr arrow.Array, typmod int32, mem memory.Allocator) (arrow.Array, error) {
	if typmod < 0 {
		arr.Retain()
		return arr, nil
	}
	return mapFixed(arr, arr.DataType(), mem, func(iv arrow.MonthDayNanoInterval) (arrow.MonthDayNanoInterval, bool) {
		return AdjustInterval(iv, typmod), true
	}, nil)
}
