package udf

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
)

func TestMath(t *testing.T) {
	pow := pgcode.InvalidArgumentForPowerFunction
	runScalarCases(t, []scalarCase{
		// float8 round() rounds half to even, like rint().
		{name: "round", args: oids(f8), in: [][]string{col("2.5", "3.5", "-2.5", "NULL")}, want: col("2", "4", "-2", "NULL")},
		{name: "trunc", args: oids(f8), in: [][]string{col("-1.7", "1.7")}, want: col("-1", "1")},
		{name: "ceil", args: oids(f8), in: [][]string{col("-1.5", "1.2")}, want: col("-1", "2")},
		{name: "ceiling", args: oids(f8), in: [][]string{col("1.2")}, want: col("2")},
		{name: "floor", args: oids(f8), in: [][]string{col("-1.5", "1.2")}, want: col("-2", "1")},
		{name: "sign", args: oids(f8), in: [][]string{col("-3", "0", "2", "NaN")}, want: col("-1", "0", "1", "0")},
		{name: "sqrt", args: oids(f8), in: [][]string{col("2", "NULL")}, want: col("1.4142135623730951", "NULL")},
		{name: "sqrt", args: oids(f8), in: [][]string{col("-1")}, code: pow, msg: "cannot take square root of a negative number"},
		{name: "power", args: oids(f8, f8), in: [][]string{col("2", "-8", "NaN", "1", "0.5"), col("10", "3", "0", "NaN", "-Inf")}, want: col("1024", "-512", "1", "1", "+Inf")},
		{name: "pow", args: oids(f8, f8), in: [][]string{col("0"), col("-1")}, code: pow, msg: "zero raised to a negative power is undefined"},
		{name: "power", args: oids(f8, f8), in: [][]string{col("-8"), col("0.5")}, code: pow, msg: "a negative number raised to a non-integer power yields a complex result"},
		{name: "power", args: oids(f8, f8), in: [][]string{col("10"), col("400")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "power", args: oids(f8, f8), in: [][]string{col("10"), col("-400")}, code: outOfRange, msg: "value out of range: underflow"},
		{name: "exp", args: oids(f8), in: [][]string{col("1", "-Inf")}, want: col("2.718281828459045", "0")},
		{name: "exp", args: oids(f8), in: [][]string{col("1000")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "exp", args: oids(f8), in: [][]string{col("-1000")}, code: outOfRange, msg: "value out of range: underflow"},
		{name: "ln", args: oids(f8), in: [][]string{col("10")}, want: col("2.302585092994046")},
		{name: "ln", args: oids(f8), in: [][]string{col("0")}, code: pgcode.InvalidArgumentForLog, msg: "cannot take logarithm of zero"},
		{name: "log", args: oids(f8), in: [][]string{col("-1")}, code: pgcode.InvalidArgumentForLog, msg: "cannot take logarithm of a negative number"},
		{name: "log10", args: oids(f8), in: [][]string{col("1000", "NULL")}, want: col("3", "NULL")},
		{name: "degrees", args: oids(f8), in: [][]string{col("3.141592653589793")}, want: col("180")},
		{name: "degrees", args: oids(f8), in: [][]string{col("1e308")}, code: outOfRange, msg: "value out of range: overflow"},
		{name: "mod", args: oids(i4, i4), in: [][]string{col("-7"), col("3")}, want: col("-1")},
		{name: "mod", args: oids(nm, nm), in: [][]string{col("-7.5"), col("2")}, want: col("-1.5")},

		// numeric rounding to integers has scale 0; half rounds away from zero.
		{name: "round", args: oids(nm), in: [][]string{col("2.5", "-2.5", "2.49", "NULL")}, want: col("3", "-3", "2", "NULL")},
		{name: "ceil", args: oids(nm), in: [][]string{col("-0.5", "1.01", "3.00")}, want: col("0", "2", "3")},
		{name: "floor", args: oids(nm), in: [][]string{col("-0.5", "1.99", "-3.00")}, want: col("-1", "1", "-3")},
		{name: "trunc", args: oids(nm), in: [][]string{col("-1.99", "1.99")}, want: col("-1", "1")},
		{name: "sign", args: oids(nm), in: [][]string{col("-1.50", "0.00", "0.01")}, want: col("-1", "0", "1")},
		// round(numeric, int) keeps the argument's scale.
		{name: "round", args: oids(nm, i4), in: [][]string{col("1234.5678", "1234.5678", "-1234.5678", "1.0050", "NULL"), col("2", "-2", "0", "2", "1")}, want: col("1234.57", "1200", "-1235", "1.01", "NULL")},
		{name: "trunc", args: oids(nm, i4), in: [][]string{col("1234.567", "-1234.567", "1.5"), col("-1", "1", "5")}, want: col("1230", "-1234.5", "1.50000")},
		{name: "round", args: oids(nm, i4), in: [][]string{col("99999999999999999999999999999999999"), col("-1")}, code: outOfRange, msg: "value overflows numeric format"},
		{name: "round", args: oids(nm, i4), in: [][]string{col("5.5"), col("-100")}, want: col("0")},
	})
}

func TestZeroArgumentFunctions(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	env := &catalog.FuncEnv{Mem: mem, Rows: 5}
	res, err := lookup(t, "pi").Scalar(env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Len() != 5 || res.(*array.Float64).Value(4) != 3.141592653589793 {
		t.Fatalf("pi() = %v", res)
	}
	res.Release()
	res, err = lookup(t, "random").Scalar(env, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	vals := res.(*array.Float64).Float64Values()
	if len(vals) != 5 || vals[0] == vals[1] {
		t.Fatalf("random() = %v", vals)
	}
	for _, v := range vals {
		if v < 0 || v >= 1 {
			t.Fatalf("random() = %v", v)
		}
	}
}
