package udf

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

func TestTextFunctions(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "textcat", args: oids(tx, tx), in: [][]string{col("ab", "NULL", ""), col("cd", "x", "")}, want: col("abcd", "NULL", "")},
		{name: "length", args: oids(tx), in: [][]string{col("héllo", "", "NULL")}, want: col("5", "0", "NULL")},
		{name: "char_length", args: oids(tx), in: [][]string{col("abc", "de")}, want: col("3", "2")},
		{name: "octet_length", args: oids(tx), in: [][]string{col("héllo")}, want: col("6")},
		{name: "lower", args: oids(tx), in: [][]string{col("ÉÀß", "ABC", "NULL")}, want: col("éàß", "abc", "NULL")},
		{name: "upper", args: oids(tx), in: [][]string{col("héllo", "abc")}, want: col("HÉLLO", "ABC")},
		{name: "initcap", args: oids(tx), in: [][]string{col("hello wORLD-foo", "élan vital", "hi THERE 3rd_x")}, want: col("Hello World-Foo", "Élan Vital", "Hi There 3rd_X")},
		{name: "substr", args: oids(tx, i4, i4), in: [][]string{col("héllo wörld", "hello", "hello", "hello"), col("2", "-1", "0", "4"), col("4", "3", "1", "10")}, want: col("éllo", "h", "", "lo")},
		{name: "substring", args: oids(tx, i4), in: [][]string{col("hello", "héllo", "x"), col("0", "3", "5")}, want: col("hello", "llo", "")},
		{name: "substr", args: oids(tx, i4, i4), in: [][]string{col("abc"), col("1"), col("-1")}, code: pgcode.SubstringError, msg: "negative substring length not allowed"},
		{name: "substr", args: oids(tx, i4, i4), in: [][]string{col("abc", "NULL"), col("1", "1"), col("1", "-1")}, want: col("a", "NULL")},
		{name: "position", args: oids(tx, tx), in: [][]string{col("héllo wörld", "abc", "abc"), col("ö", "", "x")}, want: col("8", "1", "0")},
		{name: "strpos", args: oids(tx, tx), in: [][]string{col("abcabc"), col("ca")}, want: col("3")},
		{name: "starts_with", args: oids(tx, tx), in: [][]string{col("hello", "hello", "NULL"), col("he", "lo", "x")}, want: col("t", "f", "NULL")},
		{name: "replace", args: oids(tx, tx, tx), in: [][]string{col("abcabc", "abc", "aaa"), col("bc", "", "a"), col("X", "Z", "aa")}, want: col("aXaX", "abc", "aaaaaa")},
		{name: "translate", args: oids(tx, tx, tx), in: [][]string{col("hello", "héllo"), col("lo", "é"), col("L", "e")}, want: col("heLL", "hello")},
		{name: "btrim", args: oids(tx), in: [][]string{col("  x  ", "\tx ")}, want: col("x", "\tx")},
		{name: "btrim", args: oids(tx, tx), in: [][]string{col("xxhixyx", "ééaé"), col("xy", "é")}, want: col("hi", "a")},
		{name: "ltrim", args: oids(tx, tx), in: [][]string{col("xxyxa", "ax"), col("xy", "x")}, want: col("a", "ax")},
		{name: "rtrim", args: oids(tx), in: [][]string{col("ax  ")}, want: col("ax")},
		{name: "left", args: oids(tx, i4), in: [][]string{col("héllo", "héllo", "abc"), col("2", "-2", "10")}, want: col("hé", "hél", "abc")},
		{name: "right", args: oids(tx, i4), in: [][]string{col("héllo", "héllo", "abc"), col("2", "-2", "-10")}, want: col("lo", "llo", "")},
		{name: "repeat", args: oids(tx, i4), in: [][]string{col("ab", "x", "NULL"), col("3", "-1", "2")}, want: col("ababab", "", "NULL")},
		{name: "repeat", args: oids(tx, i4), in: [][]string{col("ab"), col("1000000000")}, code: pgcode.ProgramLimitExceeded, msg: "requested length too large"},
		{name: "reverse", args: oids(tx), in: [][]string{col("héllo", "")}, want: col("olléh", "")},
		{name: "lpad", args: oids(tx, i4, tx), in: [][]string{col("hello", "hi", "hi", "héllo"), col("2", "5", "5", "7"), col("x", "", "xy", "ü")}, want: col("he", "hi", "xyxhi", "üühéllo")},
		{name: "rpad", args: oids(tx, i4, tx), in: [][]string{col("hi", "hi"), col("5", "-1"), col("xy", "x")}, want: col("hixyx", "")},
		{name: "rpad", args: oids(tx, i4), in: [][]string{col("héllo", "a"), col("3", "3")}, want: col("hél", "a  ")},
		{name: "split_part", args: oids(tx, tx, i4), in: [][]string{col("a::b::c", "a,b,c", "a,b,c", "", "abc", "abc", "a,b"), col("::", ",", ",", ",", "", "", ","), col("2", "-1", "-4", "1", "1", "2", "3")}, want: col("b", "c", "", "", "abc", "", "")},
		{name: "split_part", args: oids(tx, tx, i4), in: [][]string{col("a,b"), col(","), col("0")}, code: pgcode.InvalidParameterValue, msg: "field position must not be zero"},
		{name: "md5", args: oids(tx), in: [][]string{col("abc")}, want: col("900150983cd24fb0d6963f7d28e17f72")},
		{name: "ascii", args: oids(tx), in: [][]string{col("é", "", "A")}, want: col("233", "0", "65")},
		{name: "chr", args: oids(i4), in: [][]string{col("65", "233", "NULL")}, want: col("A", "é", "NULL")},
		{name: "chr", args: oids(i4), in: [][]string{col("0")}, code: pgcode.ProgramLimitExceeded, msg: "null character not permitted"},
		{name: "chr", args: oids(i4), in: [][]string{col("55296")}, code: pgcode.ProgramLimitExceeded, msg: "requested character not valid for encoding: 55296"},
		{name: "concat", args: oids(types.Any), argTypes: []types.T{types.TText, types.TText, types.TText}, in: [][]string{col("a", "NULL"), col("NULL", "NULL"), col("b", "NULL")}, want: col("ab", "")},
		{name: "concat", args: oids(types.Any), argTypes: []types.T{types.TInt4, types.TText, types.TNumeric}, in: [][]string{col("1", "NULL"), col("a", "b"), col("1.50", "NULL")}, want: col("1a1.50", "b")},
		{name: "concat_ws", args: oids(tx, types.Any), argTypes: []types.T{types.TText, types.TText, types.TText, types.TText}, in: [][]string{col(",", "NULL", "-"), col("a", "a", "NULL"), col("NULL", "b", "x"), col("b", "c", "y")}, want: col("a,b", "NULL", "x-y")},
	})
}

// TestSlicedInputs runs kernels on arrays with a non-zero offset, as produced by slicing a
// batch, whose value and offset buffers start before the first row.
func TestSlicedInputs(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	full := column(t, mem, types.TText, col("héllo", "abc", "NULL", "Ünï"))
	defer full.Release()
	sl := sliceArray(full, 1, 4)
	defer sl.Release()
	for _, c := range []struct {
		name string
		want []string
	}{
		{"length", col("3", "NULL", "3")},
		{"upper", col("ABC", "NULL", "ÜNÏ")},
		{"reverse", col("cba", "NULL", "ïnÜ")},
	} {
		res, err := evalCall(t, mem, lookup(t, c.name, tx), []types.T{types.TText}, []arrow.Array{sl})
		if err != nil {
			t.Fatal(err)
		}
		if got := renderAll(res); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		res.Release()
	}
	ints := column(t, mem, types.TInt4, col("1", "2", "3", "4"))
	defer ints.Release()
	a, b := sliceArray(ints, 1, 4), sliceArray(ints, 0, 3)
	defer a.Release()
	defer b.Release()
	res, err := evalCall(t, mem, lookup(t, "int4gt", i4, i4), []types.T{types.TInt4, types.TInt4}, []arrow.Array{a, b})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	if got := strings.Join(renderAll(res), "|"); got != "t|t|t" {
		t.Errorf("int4gt on slices: %s", got)
	}
}
