package udf

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

const (
	i2, i4, i8 = types.Int2, types.Int4, types.Int8
	f4, f8     = types.Float4, types.Float8
	nm, tx     = types.Numeric, types.Text
)

var outOfRange = pgcode.NumericValueOutOfRange

func TestIntegerArithmetic(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "int4pl", args: oids(i4, i4), in: [][]string{col("1", "NULL", "-5", "2147483646"), col("2", "3", "NULL", "1")}, want: col("3", "NULL", "NULL", "2147483647")},
		{name: "int4pl", args: oids(i4, i4), in: [][]string{col("1", "2147483647"), col("1", "1")}, code: outOfRange, msg: "integer out of range"},
		{name: "int4mi", args: oids(i4, i4), in: [][]string{col("-2147483647", "5"), col("1", "7")}, want: col("-2147483648", "-2")},
		{name: "int4mi", args: oids(i4, i4), in: [][]string{col("-2147483648"), col("1")}, code: outOfRange, msg: "integer out of range"},
		{name: "int2pl", args: oids(i2, i2), in: [][]string{col("32767"), col("1")}, code: outOfRange, msg: "smallint out of range"},
		{name: "int2mul", args: oids(i2, i2), in: [][]string{col("181", "-182"), col("181", "180")}, want: col("32761", "-32760")},
		{name: "int2mul", args: oids(i2, i2), in: [][]string{col("200"), col("200")}, code: outOfRange, msg: "smallint out of range"},
		{name: "int8mul", args: oids(i8, i8), in: [][]string{col("-4611686018427387904", "3037000499"), col("2", "3037000499")}, want: col("-9223372036854775808", "9223372030926249001")},
		{name: "int8mul", args: oids(i8, i8), in: [][]string{col("4611686018427387904"), col("2")}, code: outOfRange, msg: "bigint out of range"},
		{name: "int8mul", args: oids(i8, i8), in: [][]string{col("-9223372036854775808"), col("-1")}, code: outOfRange, msg: "bigint out of range"},
		{name: "int8pl", args: oids(i8, i8), in: [][]string{col("9223372036854775807"), col("1")}, code: outOfRange, msg: "bigint out of range"},
		// Division truncates toward zero; % takes the dividend's sign.
		{name: "int4div", args: oids(i4, i4), in: [][]string{col("-7", "7", "7", "-2147483648"), col("2", "-2", "2", "2")}, want: col("-3", "-3", "3", "-1073741824")},
		{name: "int4mod", args: oids(i4, i4), in: [][]string{col("-7", "7", "-2147483648"), col("3", "-3", "-1")}, want: col("-1", "1", "0")},
		{name: "mod", args: oids(i8, i8), in: [][]string{col("-9223372036854775808"), col("-1")}, want: col("0")},
		// A zero divisor in a NULL row is not an error.
		{name: "int4div", args: oids(i4, i4), in: [][]string{col("1", "NULL", "8"), col("NULL", "0", "2")}, want: col("NULL", "NULL", "4")},
		{name: "int4div", args: oids(i4, i4), in: [][]string{col("1", "1"), col("1", "0")}, code: pgcode.DivisionByZero, msg: "division by zero"},
		{name: "int4mod", args: oids(i4, i4), in: [][]string{col("1"), col("0")}, code: pgcode.DivisionByZero, msg: "division by zero"},
		{name: "int2div", args: oids(i2, i2), in: [][]string{col("-32768"), col("-1")}, code: outOfRange, msg: "smallint out of range"},
		{name: "int4div", args: oids(i4, i4), in: [][]string{col("-2147483648"), col("-1")}, code: outOfRange, msg: "integer out of range"},
		{name: "int8div", args: oids(i8, i8), in: [][]string{col("-9223372036854775808", "5"), col("1", "-1")}, want: col("-9223372036854775808", "-5")},
		{name: "int4um", args: oids(i4), in: [][]string{col("5", "NULL", "-2147483647")}, want: col("-5", "NULL", "2147483647")},
		{name: "int4um", args: oids(i4), in: [][]string{col("-2147483648")}, code: outOfRange, msg: "integer out of range"},
		{name: "abs", args: oids(i8), in: [][]string{col("-5", "9223372036854775807")}, want: col("5", "9223372036854775807")},
		{name: "abs", args: oids(i8), in: [][]string{col("-9223372036854775808")}, code: outOfRange, msg: "bigint out of range"},
		{name: "abs", args: oids(i2), in: [][]string{col("-32767", "NULL")}, want: col("32767", "NULL")},
		{name: "int4up", args: oids(i4), in: [][]string{col("-3", "NULL")}, want: col("-3", "NULL")},
	})
}

func TestFloatArithmetic(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "float8pl", args: oids(f8, f8), in: [][]string{col("1.5", "Inf", "NaN", "NULL"), col("2.25", "-Inf", "1", "1")}, want: col("3.75", "NaN", "NaN", "NULL")},
		{name: "float8pl", args: oids(f8, f8), in: [][]string{col("1e308"), col("1e308")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "float8mul", args: oids(f8, f8), in: [][]string{col("Inf", "0"), col("2", "-1")}, want: col("+Inf", "-0")},
		{name: "float8mul", args: oids(f8, f8), in: [][]string{col("1e300"), col("1e300")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "float8mul", args: oids(f8, f8), in: [][]string{col("1e-300"), col("1e-300")}, code: outOfRange, msg: "value out of range: underflow"},
		{name: "float8div", args: oids(f8, f8), in: [][]string{col("1", "NaN", "1", "5"), col("4", "0", "Inf", "NULL")}, want: col("0.25", "NaN", "0", "NULL")},
		{name: "float8div", args: oids(f8, f8), in: [][]string{col("1"), col("0")}, code: pgcode.DivisionByZero, msg: "division by zero"},
		{name: "float8div", args: oids(f8, f8), in: [][]string{col("1e300"), col("1e-300")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "float4mul", args: oids(f4, f4), in: [][]string{col("3e38"), col("10")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "float4pl", args: oids(f4, f4), in: [][]string{col("0.1"), col("0.2")}, want: col("0.3")},
		{name: "float4um", args: oids(f4), in: [][]string{col("1.5", "NULL")}, want: col("-1.5", "NULL")},
		{name: "abs", args: oids(f8), in: [][]string{col("-2.5", "-Inf")}, want: col("2.5", "+Inf")},
	})
}

func TestNumericArithmetic(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "numeric_add", args: oids(nm, nm), in: [][]string{col("1.5", "NULL", "-0.5"), col("2.25", "1", "0.25")}, want: col("3.75", "NULL", "-0.25")},
		{name: "numeric_sub", args: oids(nm, nm), in: [][]string{col("1.5"), col("2.25")}, want: col("-0.75")},
		{name: "numeric_add", args: oids(nm, nm), in: [][]string{col("99999999999999999999999999999999999"), col("1")}, code: outOfRange, msg: "value overflows numeric format"},
		{name: "numeric_add", args: oids(nm, nm), in: [][]string{col("-99999999999999999999999999999999999"), col("-1")}, code: outOfRange, msg: "value overflows numeric format"},
		{name: "numeric_mul", args: oids(nm, nm), in: [][]string{col("1.5", "-1.5"), col("2.25", "2.25")}, want: col("3.375", "-3.375")},
		{name: "numeric_mul", args: oids(nm, nm), in: [][]string{col("1234567890123.4567"), col("9876543210.987654")}, want: col("12193263113702178247065.9995035818")},
		// Scales above the default are capped: the product rounds half away from zero.
		{name: "numeric_mul", args: oids(nm, nm), in: [][]string{col("0.0000000000000005"), col("0.1000000000000000")}, want: col("0.00000000000000005000000000000000")},
		{name: "numeric_mul", args: oids(nm, nm), in: [][]string{col("-0.0000000000000005"), col("0.1000000000000000")}, want: col("-0.00000000000000005000000000000000")},
		{name: "numeric_mul", args: oids(nm, nm), in: [][]string{col("12345678901234567890123456789"), col("10000000000")}, code: outOfRange, msg: "value overflows numeric format"},
		{name: "numeric_div", args: oids(nm, nm), in: [][]string{col("10", "2", "-2", "7", "NULL"), col("3", "3", "3", "0", "0")}, code: pgcode.DivisionByZero, msg: "division by zero"},
		{name: "numeric_div", args: oids(nm, nm), in: [][]string{col("10", "2", "-2", "NULL"), col("3", "3", "3", "0")}, want: col("3.3333333333333333", "0.66666666666666666667", "-0.66666666666666666667", "NULL")},
		// Divisors wider than 64 bits take the slow path.
		{name: "numeric_div", args: oids(nm, nm), in: [][]string{col("10.0000000000000000"), col("3000.0000000000000000")}, want: col("0.00333333333333333333")},
		{name: "numeric_div", args: oids(nm, nm), in: [][]string{col("1.50000000000000000000"), col("-3.00000000000000000000")}, want: col("-0.50000000000000000000")},
		{name: "numeric_mod", args: oids(nm, nm), in: [][]string{col("7.5", "-7.5", "10"), col("2", "2", "0.3")}, want: col("1.5", "-1.5", "0.1")},
		{name: "numeric_mod", args: oids(nm, nm), in: [][]string{col("7.5"), col("0")}, code: pgcode.DivisionByZero, msg: "division by zero"},
		{name: "numeric_uminus", args: oids(nm), in: [][]string{col("1.25", "NULL", "-3.00")}, want: col("-1.25", "NULL", "3.00")},
		{name: "abs", args: oids(nm), in: [][]string{col("-1.25", "0.00")}, want: col("1.25", "0.00")},
	})
}

func TestNumericReturnTypes(t *testing.T) {
	// Display scales are per value, so numeric results are plain numeric whatever the
	// arguments' modifiers.
	n52 := types.T{OID: nm, Typmod: types.MakeNumericTypmod(5, 2)}
	for _, name := range []string{"numeric_add", "numeric_sub", "numeric_mul", "numeric_div", "numeric_mod"} {
		if got := lookup(t, name, nm, nm).ResultType([]types.T{n52, n52}); got != types.TNumeric {
			t.Errorf("%s: %s", name, got)
		}
	}
}
