package udf

import (
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestRegexAndCatalogFunctions covers the regular expression operators, the catalog
// types' comparisons and the array and formatting functions over batches with NULLs.
func TestRegexAndCatalogFunctions(t *testing.T) {
	tx, nm, ta := types.Text, types.Name, types.TextArray
	runScalarCases(t, []scalarCase{
		{name: "textregexeq", args: oids(tx, tx), in: [][]string{col("abc", "xbc", "NULL", "ABC"), col("^a", "^a", "^a", "^a")}, want: col("t", "f", "NULL", "f")},
		{name: "texticregexeq", args: oids(tx, tx), in: [][]string{col("ABC", "xbc"), col("^a", "^a")}, want: col("t", "f")},
		{name: "nameregexne", args: oids(nm, tx), in: [][]string{col("pg_toast", "public"), col("^pg_", "^pg_")}, want: col("f", "t")},
		{name: "textregexeq", args: oids(tx, tx), in: [][]string{col("a"), col("(")}, code: pgcode.InvalidRegularExpression,
			msg: "invalid regular expression: parentheses () not balanced"},
		{name: "oidlt", args: oids(types.Oid, types.Oid), in: [][]string{col("1", "4000000000", "NULL"), col("2", "3", "1")}, want: col("t", "f", "NULL")},
		{name: "chareq", args: oids(types.Char, types.Char), in: [][]string{col("r", "v"), col("r", "r")}, want: col("t", "f")},
		{name: "array_to_string", args: oids(types.AnyArray, tx), argTypes: []types.T{types.Of(ta), types.TText},
			in: [][]string{col(`{a,"b c",NULL}`, "{}", "NULL"), col(",", ",", ",")}, want: col("a,b c", "", "NULL")},
		{name: "array_upper", args: oids(types.AnyArray, types.Int4), argTypes: []types.T{types.Of(types.Int2Vector), types.TInt4},
			in: [][]string{col("1 2 3", ""), col("1", "1")}, want: col("2", "NULL")},
		{name: "array_cat", args: oids(types.AnyCompatibleArray, types.AnyCompatibleArray), argTypes: []types.T{types.Of(ta), types.Of(ta)},
			in: [][]string{col("{a}", "NULL", "NULL"), col(`{"b c"}`, "{x}", "NULL")}, want: col(`{a,"b c"}`, "{x}", "NULL")},
		{name: "pg_size_pretty", args: oids(types.Int8), in: [][]string{col("0", "10239", "10240", "123456789", "-20000000000")},
			want: col("0 bytes", "10239 bytes", "10 kB", "118 MB", "-19 GB")},
		{name: "format_type", args: oids(types.Oid, types.Int4), in: [][]string{col("1043", "1042", "1042", "NULL"), col("14", "-1", "NULL", "1")},
			want: col("character varying(10)", "bpchar", "character", "NULL")},
		{name: "pg_encoding_to_char", args: oids(types.Int4), in: [][]string{col("6", "0", "99")}, want: col("UTF8", "SQL_ASCII", "")},
	})
}
