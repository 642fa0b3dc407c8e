package types

import (
	"strings"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// DateStyle is the output format named by the first part of the DateStyle setting.
type DateStyle uint8

// The date styles. The zero value is PostgreSQL's default, ISO.
const (
	DateStyleISO      DateStyle = iota // 1997-12-17 07:37:16-08
	DateStylePostgres                  // Wed Dec 17 07:37:16 1997 PST
	DateStyleSQL                       // 12/17/1997 07:37:16.00 PST
	DateStyleGerman                    // 17.12.1997 07:37:16.00 PST
)

// String returns the style as SHOW DateStyle spells it.
func (s DateStyle) String() string {
	return [...]string{"ISO", "Postgres", "SQL", "German"}[s]
}

// DateOrder is the order of day, month and year that the DateStyle setting gives to
// ambiguous numeric date input (and to the Postgres and SQL output styles).
type DateOrder uint8

// The date orders. The zero value is PostgreSQL's default, MDY.
const (
	DateOrderMDY DateOrder = iota
	DateOrderDMY
	DateOrderYMD
)

// String returns the order as SHOW DateStyle spells it.
func (o DateOrder) String() string { return [...]string{"MDY", "DMY", "YMD"}[o] }

// IntervalStyle is the IntervalStyle setting: how intervals print (and, for sql_standard,
// how a leading sign in the input applies).
type IntervalStyle uint8

// The interval styles. The zero value is PostgreSQL's default, postgres.
const (
	IntervalStylePostgres        IntervalStyle = iota // 1 year 2 mons 3 days 04:05:06
	IntervalStylePostgresVerbose                      // @ 1 year 2 mons 3 days 4 hours 5 mins 6 secs
	IntervalStyleSQLStandard                          // +1-2 +3 +4:05:06
	IntervalStyleISO8601                              // P1Y2M3DT4H5M6S
)

var intervalStyleNames = [...]string{"postgres", "postgres_verbose", "sql_standard", "iso_8601"}

// String returns the style as SHOW IntervalStyle spells it.
func (s IntervalStyle) String() string { return intervalStyleNames[s] }

// ParseDateStyle applies a DateStyle setting (a comma-separated list of a style and an
// order, such as "Postgres, MDY", "iso" or "European") to the current style and order, as
// PostgreSQL's check_datestyle does: a part not given keeps its current value, and German
// implies DMY unless an order is given. It returns the new values and the canonical spelling
// SHOW reports. Errors carry 22023 with PostgreSQL's message and detail.
func ParseDateStyle(value string, style DateStyle, order DateOrder) (DateStyle, DateOrder, string, error) {
	newStyle, newOrder := style, order
	haveStyle, haveOrder, ok := false, false, true
	setStyle := func(s DateStyle) {
		if haveStyle && newStyle != s {
			ok = false
		}
		newStyle, haveStyle = s, true
	}
	setOrder := func(o DateOrder) {
		if haveOrder && newOrder != o {
			ok = false
		}
		newOrder, haveOrder = o, true
	}
	for _, tok := range strings.Split(value, ",") {
		tok = strings.TrimSpace(tok)
		low := strings.ToLower(tok)
		switch {
		case low == "iso":
			setStyle(DateStyleISO)
		case low == "sql":
			setStyle(DateStyleSQL)
		case strings.HasPrefix(low, "postgres"):
			setStyle(DateStylePostgres)
		case low == "german":
			setStyle(DateStyleGerman)
			if !haveOrder {
				newOrder = DateOrderDMY
			}
		case low == "ymd":
			setOrder(DateOrderYMD)
		case low == "dmy" || strings.HasPrefix(low, "euro"):
			setOrder(DateOrderDMY)
		case low == "mdy" || low == "us" || strings.HasPrefix(low, "noneuro"):
			setOrder(DateOrderMDY)
		case low == "default":
			setStyle(DateStyleISO)
			setOrder(DateOrderMDY)
		default:
			return style, order, "", pgerror.Newf(pgcode.InvalidParameterValue,
				"invalid value for parameter \"DateStyle\": \"%s\"", value).
				WithDetail("Unrecognized key word: \"" + low + "\".")
		}
	}
	if !ok {
		return style, order, "", pgerror.Newf(pgcode.InvalidParameterValue,
			"invalid value for parameter \"DateStyle\": \"%s\"", value).
			WithDetail("Conflicting \"datestyle\" specifications.")
	}
	return newStyle, newOrder, newStyle.String() + ", " + newOrder.String(), nil
}

// ParseIntervalStyle reads an IntervalStyle setting (case-insensitive). Errors carry 22023
// with PostgreSQL's message and hint, naming the parameter as the user spelled it (name).
func ParseIntervalStyle(name, value string) (IntervalStyle, error) {
	for i, n := range intervalStyleNames {
		if strings.EqualFold(n, strings.TrimSpace(value)) {
			return IntervalStyle(i), nil
		}
	}
	return 0, pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", name, value).
		WithHint("Available values: postgres, postgres_verbose, sql_standard, iso_8601.")
}
