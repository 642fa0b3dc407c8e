// Package types is pgfast's table of SQL data types, playing the role of PostgreSQL's pg_type,
// together with every conversion of values to and from bytes and between types.
//
// # Types
//
// Each Type describes one PostgreSQL type by OID: its name, storage length, category (used by
// overload and implicit-cast resolution), and the Arrow type that holds its values in the
// executor. A T is a reference to a type together with its modifier (varchar(10),
// numeric(12,2)), which is what columns, parameters and expressions carry.
//
// # Values
//
// The executor holds values in Arrow arrays (see T.Arrow). The conversions in this package
// work on those arrays directly, so that every package that converts values (wire, COPY,
// casts, the function library) shares one implementation of PostgreSQL's behaviour:
//
//   - text output (TextAppender) and input (TextParserFor), as PostgreSQL's typoutput and
//     typinput functions with DateStyle ISO, MDY and IntervalStyle postgres, including their
//     exact error messages and SQLSTATEs;
//   - binary send and receive (BinaryAppender, BinaryParserFor), the formats drivers use;
//   - casts: the rules of pg_cast (LookupCast, CanCast) and their vectorized implementation
//     (CastArray), with typed loops over whole arrays.
//
// Appenders and parsers are chosen once per column (one type switch), then called per value
// with no further dispatch.
//
// # Numeric notes
//
// numeric values are Decimal128(38, scale). PostgreSQL's numeric carries its display scale
// per value; here the scale is per column: the declared scale of numeric(p,s), or a scale the
// planner derives for an expression (NumericWithScale), or DefaultNumericScale. Text output
// prints exactly the array's scale's digits. Values that need more than 38 digits at that
// scale fail with 22003 "value overflows numeric format", and NaN and the infinities, which
// PostgreSQL's numeric can hold, are rejected with 0A000. The decimal helpers
// (RescaleDecimal, CompareDecimal, AppendDecimal, ParseDecimal, DecimalToInt64, ...) do
// 128-bit arithmetic without math/big and round half away from zero, as numeric does.
//
// # Date and time notes
//
// Dates, timestamps and intervals use PostgreSQL's calendar arithmetic (Julian day numbers,
// proleptic Gregorian calendar, astronomical year numbering inside). 'infinity' and
// '-infinity' are the extreme Date32 and timestamp values. Timestamps are microseconds since
// 1970 in an int64, so the last 30 years of PostgreSQL's range (after 294246 AD) do not fit,
// and intervals keep nanoseconds, so their time part is limited to about 2.5 million hours.
// timestamptz values are UTC instants; the session time zone (IOSettings.TimeZone) applies
// only when printing, parsing and casting to or from types without a zone.
package types
