package udf

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// The expected values below are PostgreSQL 15's answers to the same calls.

func TestBitwiseAndNumberTheory(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "int2shl", args: oids(i2, i4), in: [][]string{col("7", "-1", "NULL"), col("14", "15", "1")}, want: col("-16384", "-32768", "NULL")},
		{name: "int4shr", args: oids(i4, i4), in: [][]string{col("-8", "1024"), col("1", "3")}, want: col("-4", "128")},
		{name: "int8not", args: oids(i8), in: [][]string{col("5", "-1")}, want: col("-6", "0")},
		{name: "int4xor", args: oids(i4, i4), in: [][]string{col("5"), col("3")}, want: col("6")},
		{name: "int8and", args: oids(i8, i8), in: [][]string{col("12"), col("10")}, want: col("8")},
		{name: "gcd", args: oids(i4, i4), in: [][]string{col("61866666", "-2147483648", "0"), col("6410818", "1", "0")}, want: col("1466", "1", "0")},
		{name: "gcd", args: oids(i4, i4), in: [][]string{col("-2147483648"), col("0")}, code: outOfRange, msg: "integer out of range"},
		{name: "lcm", args: oids(i4, i4), in: [][]string{col("330", "-330", "0"), col("462", "462", "42")}, want: col("2310", "2310", "0")},
		{name: "lcm", args: oids(i8, i8), in: [][]string{col("9223372036854775807"), col("9223372036854775806")}, code: outOfRange, msg: "bigint out of range"},
		{name: "gcd", args: oids(nm, nm), in: [][]string{col("-330.00"), col("462.5")}, want: col("2.50")},
		{name: "lcm", args: oids(nm, nm), in: [][]string{col("1.5"), col("2.25")}, want: col("4.50")},
		{name: "factorial", args: oids(i8), in: [][]string{col("20", "0")}, want: col("2432902008176640000", "1")},
		{name: "factorial", args: oids(i8), in: [][]string{col("-1")}, code: pgcode.InvalidParameterValue, msg: "factorial of a negative number is undefined"},
		{name: "width_bucket", args: oids(f8, f8, f8, i4), in: [][]string{col("5.35", "-1", "11"), col("0.024", "0", "0"), col("10.06", "10", "10"), col("5", "5", "5")}, want: col("3", "0", "6")},
		{name: "width_bucket", args: oids(f8, f8, f8, i4), in: [][]string{col("1"), col("0"), col("10"), col("0")}, code: pgcode.InvalidArgumentForWidthBucketFunction, msg: "count must be greater than zero"},
	})
}

func TestTrig(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "sind", args: oids(f8), in: [][]string{col("30", "-30", "180", "NaN")}, want: col("0.5", "-0.5", "0", "NaN")},
		{name: "cosd", args: oids(f8), in: [][]string{col("60", "120")}, want: col("0.5", "-0.5")},
		{name: "tand", args: oids(f8), in: [][]string{col("45", "-45", "90")}, want: col("1", "-1", "+Inf")},
		{name: "cotd", args: oids(f8), in: [][]string{col("45")}, want: col("1")},
		{name: "asind", args: oids(f8), in: [][]string{col("0.5", "-1")}, want: col("30", "-90")},
		{name: "acosd", args: oids(f8), in: [][]string{col("0.5", "-0.5")}, want: col("60", "120")},
		{name: "atand", args: oids(f8), in: [][]string{col("1")}, want: col("45")},
		{name: "sinh", args: oids(f8), in: [][]string{col("1")}, want: col("1.1752011936438014")},
		{name: "acosh", args: oids(f8), in: [][]string{col("1")}, want: col("0")},
		{name: "atanh", args: oids(f8), in: [][]string{col("0.5")}, want: col("0.5493061443340548")},
		{name: "asin", args: oids(f8), in: [][]string{col("2")}, code: outOfRange, msg: "input is out of range"},
		{name: "sind", args: oids(f8), in: [][]string{col("Infinity")}, code: outOfRange, msg: "input is out of range"},
		{name: "acosh", args: oids(f8), in: [][]string{col("0.5")}, code: outOfRange, msg: "input is out of range"},
	})
}

func TestFormatAndQuote(t *testing.T) {
	txt := types.Text
	runScalarCases(t, []scalarCase{
		{name: "quote_ident", args: oids(txt), in: [][]string{col("select", "foo", "Foo bar", "a\"b")}, want: col(`"select"`, "foo", `"Foo bar"`, `"a""b"`)},
		{name: "quote_literal", args: oids(txt), in: [][]string{col(`it's`, `a\b`)}, want: col(`'it''s'`, `E'a\\b'`)},
		{name: "quote_nullable", args: oids(txt), in: [][]string{col("x", "NULL")}, want: col("'x'", "NULL")},
		{name: "format", args: oids(txt, types.Any), argTypes: []types.T{types.TText, types.TText, types.TText, types.TText, types.TText, types.TText},
			in:   [][]string{col("%-5s|%5s|%I|%L|%L"), col("ab"), col("cd"), col("Foo bar"), col("it's"), col("NULL")},
			want: col(`ab   |   cd|"Foo bar"|'it''s'|NULL`)},
		{name: "format", args: oids(txt, types.Any), argTypes: []types.T{types.TText, types.TText, types.TText, types.TText},
			in: [][]string{col("%2$s %1$s %s"), col("a"), col("b"), col("c")}, want: col("b a b")},
		{name: "format", args: oids(txt, types.Any), argTypes: []types.T{types.TText, types.TInt4, types.TText},
			in: [][]string{col("%*s|", "%*s|"), col("4", "-4"), col("x", "x")}, want: col("   x|", "x   |")},
		{name: "format", args: oids(txt, types.Any), argTypes: []types.T{types.TText, types.TText},
			in: [][]string{col("%s %s")}, code: pgcode.InvalidParameterValue, msg: "too few arguments for format()"},
		{name: "format", args: oids(txt, types.Any), argTypes: []types.T{types.TText, types.TText},
			in: [][]string{col("%z"), col("a")}, code: pgcode.InvalidParameterValue, msg: `unrecognized format() type specifier "z"`},
		{name: "format", args: oids(txt, types.Any), argTypes: []types.T{types.TText, types.TText},
			in: [][]string{col("%I"), col("NULL")}, code: pgcode.NullValueNotAllowed, msg: "null values cannot be formatted as an SQL identifier"},
	})
}
