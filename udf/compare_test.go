package udf

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

func TestComparisons(t *testing.T) {
	bo, da, ts, tz := types.Bool, types.Date, types.Timestamp, types.Timestamptz
	runScalarCases(t, []scalarCase{
		{name: "int4lt", args: oids(i4, i4), in: [][]string{col("1", "2", "3", "NULL"), col("2", "2", "2", "1")}, want: col("t", "f", "f", "NULL")},
		{name: "int4le", args: oids(i4, i4), in: [][]string{col("1", "2", "3"), col("2", "2", "2")}, want: col("t", "t", "f")},
		{name: "int4gt", args: oids(i4, i4), in: [][]string{col("1", "2", "3"), col("2", "2", "2")}, want: col("f", "f", "t")},
		{name: "int4ge", args: oids(i4, i4), in: [][]string{col("1", "2", "3"), col("2", "2", "2")}, want: col("f", "t", "t")},
		{name: "int4eq", args: oids(i4, i4), in: [][]string{col("1", "2", "3"), col("2", "2", "2")}, want: col("f", "t", "f")},
		{name: "int4ne", args: oids(i4, i4), in: [][]string{col("1", "2", "3"), col("2", "2", "2")}, want: col("t", "f", "t")},
		{name: "int8lt", args: oids(i8, i8), in: [][]string{col("-9223372036854775808"), col("9223372036854775807")}, want: col("t")},
		// More than eight rows: results span several bitmap bytes.
		{name: "int2ge", args: oids(i2, i2), in: [][]string{col("-1", "5", "NULL", "7", "8", "9", "10", "11", "12", "3"), col("0", "5", "1", "8", "8", "8", "8", "8", "8", "8")}, want: col("f", "t", "NULL", "f", "t", "t", "t", "t", "t", "f")},
		// NaN equals NaN and sorts above infinity.
		{name: "float8gt", args: oids(f8, f8), in: [][]string{col("NaN", "1", "Inf"), col("Inf", "NaN", "1")}, want: col("t", "f", "t")},
		{name: "float8eq", args: oids(f8, f8), in: [][]string{col("NaN", "0", "NaN"), col("NaN", "-0", "1")}, want: col("t", "t", "f")},
		{name: "float8le", args: oids(f8, f8), in: [][]string{col("NaN", "1", "NaN"), col("NaN", "NaN", "1")}, want: col("t", "t", "f")},
		{name: "float4lt", args: oids(f4, f4), in: [][]string{col("1.5", "NaN"), col("NaN", "1.5")}, want: col("t", "f")},
		{name: "numeric_eq", args: oids(nm, nm), in: [][]string{col("1.50", "2.00", "NULL"), col("1.5", "2.1", "1")}, want: col("t", "f", "NULL")},
		{name: "numeric_lt", args: oids(nm, nm), in: [][]string{col("-1.50", "2.00", "3.00"), col("-1.4", "2.1", "2.9")}, want: col("t", "t", "f")},
		{name: "numeric_gt", args: oids(nm, nm), in: [][]string{col("99999999999999999999999999999999999"), col("0.00000000000000000000000000000000001")}, want: col("t")},
		{name: "texteq", args: oids(tx, tx), in: [][]string{col("a", "", "é"), col("a", "", "e")}, want: col("t", "t", "f")},
		{name: "text_lt", args: oids(tx, tx), in: [][]string{col("a", "z", "ab"), col("B", "é", "abc")}, want: col("f", "t", "t")},
		{name: "text_ge", args: oids(tx, tx), in: [][]string{col("a", "b"), col("a", "c")}, want: col("t", "f")},
		{name: "boollt", args: oids(bo, bo), in: [][]string{col("false", "true", "false"), col("true", "true", "false")}, want: col("t", "f", "f")},
		{name: "boolne", args: oids(bo, bo), in: [][]string{col("false", "true", "NULL"), col("true", "true", "true")}, want: col("t", "f", "NULL")},
		{name: "date_lt", args: oids(da, da), in: [][]string{col("2024-01-01", "2024-03-01"), col("2024-02-01", "2024-02-01")}, want: col("t", "f")},
		{name: "timestamp_ge", args: oids(ts, ts), in: [][]string{col("2024-01-01T00:00:00", "2024-01-01T00:00:01"), col("2024-01-01T00:00:00", "2024-01-01T00:00:02")}, want: col("t", "f")},
		{name: "timestamptz_ne", args: oids(tz, tz), in: [][]string{col("2024-01-01T00:00:00Z"), col("2024-01-01T00:00:00Z")}, want: col("f")},
	})
}

func TestDatetimeArithmetic(t *testing.T) {
	da, ts := types.Date, types.Timestamp
	runScalarCases(t, []scalarCase{
		{name: "date_pli", args: oids(da, i4), in: [][]string{col("2024-02-28", "2024-01-01", "NULL"), col("2", "-1", "1")}, want: col("2024-03-01", "2023-12-31", "NULL")},
		{name: "date_mii", args: oids(da, i4), in: [][]string{col("2024-03-01"), col("1")}, want: col("2024-02-29")},
		{name: "date_pli", args: oids(da, i4), in: [][]string{col("2024-01-01"), col("2147483647")}, code: "22008", msg: "date out of range"},
		{name: "date_mi", args: oids(da, da), in: [][]string{col("2024-03-01", "2023-12-31"), col("2024-01-01", "2024-01-01")}, want: col("60", "-1")},
		{name: "timestamp_mi", args: oids(ts, ts), in: [][]string{col("2024-01-02T01:00:00", "2024-01-01T00:00:00"), col("2024-01-01T00:00:00", "2024-01-02T01:00:00.5")}, want: col(`{"months":0,"days":1,"nanoseconds":3600000000000}`, `{"months":0,"days":-1,"nanoseconds":-3600500000000}`)},
	})
}
