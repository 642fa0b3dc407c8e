package udf

import (
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// The expected strings are PostgreSQL 15's output.
func TestToChar(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "to_char", args: oids(i4, tx),
			in:   [][]string{col("485", "-485", "485", "1999", "21", "12", "485", "12", "123456789", "0"), col("999", "999", "FMRN", "rn", "99th", "FM99TH", "SG999", "9V99", "999", "B999")},
			want: col(" 485", "-485", "CDLXXXV", "        mcmxcix", " 21st", "12TH", "+485", " ###", " ###", "   0")},
		{name: "to_char", args: oids(i8, tx),
			in:   [][]string{col("4567890123456789", "-4567890123456789", "456", "-1234567"), col("9G999G999G999G999G999", "9999999999999999PR", "FM0999999999999999", "9.99EEEE")},
			want: col(" 4,567,890,123,456,789", "<4567890123456789>", "0000000000000456", "-1.23e+06")},
		{name: "to_char", args: oids(f8, tx),
			in:   [][]string{col("1e15", "12.5", "-0.5", "Infinity", "1.5", "100"), col("9999999999999999.99", "9999.9", "MI9.99", "999.99", "9.9EEEE", "FM999.")},
			want: col(" 1000000000000000", "   12.5", "- .50", " ###.##", " 1.5e+00", "100")},
		{name: "to_char", args: oids(nm, tx),
			in: [][]string{col("-34338492.215397047", "4.31", "0", "0.1", "100", "-0.001", "9.9996"),
				col("9G999G999D999", "S0999999.999", "FM9.9", "0.9", `"Value:" 999 "\"q\""`, "9.99", "9.999EEEE")},
			want: col("-#,###,###.###", "+0000004.310", "0.", " 0.1", "Value:  100 \"q\"", "  .00", " 10.000e+00")},
		{name: "to_char", args: oids(i4, tx), in: [][]string{col("1"), col("9.9.9")}, code: pgcode.SyntaxError, msg: "multiple decimal points"},
		{name: "to_char", args: oids(i4, tx), in: [][]string{col("1"), col("S9MI")}, code: pgcode.SyntaxError, msg: `cannot use "S" and "MI" together`},
		{name: "to_char", args: oids(i4, tx), in: [][]string{col("1"), col("9EEEEFM")}, code: pgcode.SyntaxError, msg: `"EEEE" must be the last pattern used`},
		// A bad template in a NULL row is never parsed.
		{name: "to_char", args: oids(i4, tx), in: [][]string{col("NULL", "5"), col("9.9.9", "9")}, want: col("NULL", " 5")},
	})
}

func TestToNumber(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "to_number", args: oids(tx, tx),
			in: [][]string{
				col("-34,338,492", "<564646.654564>", "5.01-", "$1,234.56", "42nd", ".01-", "12345", "1,234", "0"),
				col("99G999G999", "999999.999999PR", "FM9.999999MI", "L99,999.99", "99th", "99.99S", "999V99", "FM9,999", "99.99"),
			},
			want: col("-34338492", "-564646.654564", "-5.01", "1234.56", "42", "-0.01", "123.4500000000000000", "123", "0")},
		{name: "to_number", args: oids(tx, tx), in: [][]string{col("123"), col("9.9EEEE")},
			code: pgcode.FeatureNotSupported, msg: `"EEEE" not supported for input`},
	})
}
