package types

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// parseArrays reads literals ("NULL" for a NULL array) into an array of type t.
func parseArrays(t *testing.T, mem memory.Allocator, typ T, lits ...string) arrow.Array {
	t.Helper()
	b := array.NewBuilder(mem, typ.Arrow())
	defer b.Release()
	parse := TextParserFor(typ, nil)
	for _, l := range lits {
		if l == "NULL" {
			b.AppendNull()
			continue
		}
		if err := parse(b, []byte(l)); err != nil {
			t.Fatalf("%s %q: %v", typ, l, err)
		}
	}
	return b.NewArray()
}

// texts prints every row of arr, values of type typ ("NULL" for NULL rows).
func texts(typ T, arr arrow.Array) []string {
	app := TextAppender(typ, arr, nil)
	out := make([]string, arr.Len())
	for i := range out {
		if arr.IsNull(i) {
			out[i] = "NULL"
		} else {
			out[i] = string(app(nil, i))
		}
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestArrayBinaryRoundTrip sends arrays in array_send's format and reads them back.
func TestArrayBinaryRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, tc := range []struct {
		typ  T
		lits []string
	}{
		{Of(Int4Array), []string{"{1,-2,NULL}", "{}", "NULL", "[0:1][2:3]={{1,2},{3,4}}", "{{{7}}}"}},
		{Of(TextArray), []string{`{a,"b c","",NULL}`, `{"\\"}`}},
		{Of(Float8Array), []string{"{1.5,NaN,-Infinity}"}},
		{Of(NumericArray), []string{"{1.50,-2,NaN}"}},
		{Of(IntervalArray), []string{`{"1 day 02:00:00","-1 mons"}`}},
		{Of(BoolArray), []string{"{t,f}"}},
		{Of(DateArray), []string{"{2024-01-05,infinity}"}},
		{Of(Int2Vector), []string{"1 2", ""}},
		{Of(OidVector), []string{"23 25"}},
	} {
		arr := parseArrays(t, mem, tc.typ, tc.lits...)
		send := BinaryAppender(tc.typ, arr, nil)
		b := array.NewBuilder(mem, tc.typ.Arrow())
		recv := BinaryParserFor(tc.typ, nil)
		for i := 0; i < arr.Len(); i++ {
			if arr.IsNull(i) {
				b.AppendNull()
				continue
			}
			if err := recv(b, send(nil, i)); err != nil {
				t.Fatalf("%s %q: %v", tc.typ, tc.lits[i], err)
			}
		}
		back := b.NewArray()
		if got, want := texts(tc.typ, back), texts(tc.typ, arr); !equalStrings(got, want) {
			t.Errorf("%s: came back as %q, sent %q", tc.typ, got, want)
		}
		back.Release()
		b.Release()
		arr.Release()
	}
}

// TestArrayBinaryErrors checks array_recv's checks of the header.
func TestArrayBinaryErrors(t *testing.T) {
	header := func(ndim, flags, elem uint32, rest ...uint32) []byte {
		out := be.AppendUint32(nil, ndim)
		out = be.AppendUint32(out, flags)
		out = be.AppendUint32(out, elem)
		for _, v := range rest {
			out = be.AppendUint32(out, v)
		}
		return out
	}
	for _, tc := range []struct {
		in   []byte
		code pgcode.Code
		msg  string
	}{
		{header(1, 0, uint32(Text), 1, 1), pgcode.DatatypeMismatch, "wrong element type"},
		{header(7, 0, uint32(Int4)), pgcode.ProgramLimitExceeded, "number of array dimensions (7) exceeds the maximum allowed (6)"},
		{header(0xFFFFFFFF, 0, uint32(Int4)), pgcode.InvalidBinaryRepresentation, "invalid number of dimensions: -1"},
		{header(1, 2, uint32(Int4), 1, 1), pgcode.InvalidBinaryRepresentation, "invalid array flags"},
		{header(1, 0, uint32(Int4), 2, 1, 4, 7), pgcode.ProtocolViolation, "insufficient data left in message"},
		{header(1, 0, uint32(Int4), 1, 1, 8, 7), pgcode.InvalidBinaryRepresentation, "insufficient data left in message"},
		{header(1, 0, uint32(Int4), 1, 0x7FFFFFFF), pgcode.ProgramLimitExceeded, "array lower bound is too large: 2147483647"},
	} {
		b := array.NewBuilder(memory.DefaultAllocator, Of(Int4Array).Arrow())
		err := BinaryParserFor(Of(Int4Array), nil)(b, tc.in)
		b.Release()
		if err == nil || pgerror.GetCode(err) != tc.code || err.Error() != tc.msg {
			t.Errorf("%x: got %v (%s), want %s %q", tc.in, err, pgerror.GetCode(err), tc.code, tc.msg)
		}
	}
}

// TestArrayCasts converts arrays element by element, keeping shapes and NULLs, and
// applies element modifiers as the cast's context says.
func TestArrayCasts(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	vc2 := T{VarcharArray, 2 + 4}
	for _, tc := range []struct {
		from, to T
		ctx      CoercionContext
		in, want []string
		err      string
	}{
		{Of(Int4Array), Of(TextArray), Explicit, []string{"{1,NULL}", "NULL", "[0:1]={3,4}"}, []string{"{1,NULL}", "NULL", "[0:1]={3,4}"}, ""},
		{Of(TextArray), Of(Float8Array), Explicit, []string{"{1.5,2}", "{{1},{2}}"}, []string{"{1.5,2}", "{{1},{2}}"}, ""},
		{Of(TextArray), vc2, Explicit, []string{"{abc,de}"}, []string{"{ab,de}"}, ""},
		{Of(TextArray), vc2, Assignment, []string{"{abc,de}"}, nil, "value too long for type character varying(2)"},
		{Of(TextArray), Of(Int4Array), Explicit, []string{"{1,x}"}, nil, `invalid input syntax for type integer: "x"`},
		{Of(Int4Array), Of(TextArray), Explicit, []string{"{}"}, []string{"{}"}, ""},
	} {
		arr := parseArrays(t, mem, tc.from, tc.in...)
		out, err := CastArrayContext(arr, tc.from, tc.to, tc.ctx, nil, mem)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s -> %s %q: error %v, want %q", tc.from, tc.to, tc.in, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s -> %s %q: %v", tc.from, tc.to, tc.in, err)
		default:
			if got := texts(tc.to, out); !equalStrings(got, tc.want) {
				t.Errorf("%s -> %s: %q, want %q", tc.from, tc.to, got, tc.want)
			}
		}
		if out != nil {
			out.Release()
		}
		arr.Release()
	}
	// A cast of a slice converts only the slice's elements: the rows around it would fail.
	arr := parseArrays(t, mem, Of(TextArray), "{x}", "{1,2}", "{y}")
	defer arr.Release()
	mid := array.NewSlice(arr, 1, 2)
	defer mid.Release()
	out, err := CastArray(mid, Of(TextArray), Of(Int4Array), nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(Of(Int4Array), out); !equalStrings(got, []string{"{1,2}"}) {
		t.Errorf("slice cast: %q", got)
	}
	out.Release()
}

// TestArrayCompare checks array_cmp's order (expected values from PostgreSQL 15's
// btarraycmp).
func TestArrayCompare(t *testing.T) {
	for _, tc := range []struct {
		typ  T
		a, b string
		want int
	}{
		{Of(Int4Array), "{1,2}", "{1,3}", -1},
		{Of(Int4Array), "{1,2}", "{1,2,3}", -1},
		{Of(Int4Array), "{NULL}", "{1}", 1},
		{Of(Int4Array), "[0:1]={1,2}", "{1,2}", -1},
		{Of(Int4Array), "{{1,2}}", "{1,2}", 1},
		{Of(Float8Array), "{NaN}", "{NaN}", 0},
		{Of(NumericArray), "{1.0}", "{1.00}", 0},
		{Of(Int4Array), "{}", "{1}", -1},
		{Of(Int4Array), "{NULL}", "{NULL}", 0},
		{Of(Int4Array), "{{1},{2}}", "{{1,2}}", 1},
		{Of(TextArray), "{b}", "{a,z}", 1},
	} {
		a := parseArrays(t, memory.DefaultAllocator, tc.typ, tc.a)
		b := parseArrays(t, memory.DefaultAllocator, tc.typ, tc.b)
		c, err := NewComparator(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := c(0, 0); got != tc.want {
			t.Errorf("%s vs %s: %d, want %d", tc.a, tc.b, got, tc.want)
		}
		a.Release()
		b.Release()
	}
}

// TestTakeArrays gathers rows of arrays with shapes, NULL rows and NULL-producing indexes.
func TestTakeArrays(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	typ := Of(TextArray)
	arr := parseArrays(t, mem, typ, "{a,NULL}", "NULL", "[2:3]={b,c}", "{{d},{e}}", "{}")
	defer arr.Release()
	for _, src := range []arrow.Array{arr, array.NewSlice(arr, 1, 5)} {
		n := src.Len()
		idx := []int32{int32(n - 1), -1, int32(n - 2), 0, int32(n - 2)}
		out, err := Take(mem, src, idx)
		if err != nil {
			t.Fatal(err)
		}
		all := texts(typ, src)
		want := []string{all[n-1], "NULL", all[n-2], all[0], all[n-2]}
		if got := texts(typ, out); !equalStrings(got, want) {
			t.Errorf("take %v: %q, want %q", idx, got, want)
		}
		out.Release()
		if src != arr {
			src.Release()
		}
	}
}

// TestStackArrays checks array_agg(anyarray)'s accumulation and its errors.
func TestStackArrays(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	typ := Of(Int4Array)
	arr := parseArrays(t, mem, typ, "{1,2}", "[0:1]={3,4}", "{5,6}", "{}", "NULL", "{7}")
	defer arr.Release()
	out, err := StackArrays(mem, arr, []int32{0, 2, 2}, []int32{0, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(typ, out); !equalStrings(got, []string{"{{1,2},{5,6}}", "{}"}) {
		t.Errorf("stacked %q", got)
	}
	out.Release()
	for _, tc := range []struct {
		perm []int32
		msg  string
	}{
		{[]int32{0, 1}, "cannot accumulate arrays of different dimensionality"},
		{[]int32{0, 3}, "cannot accumulate empty arrays"},
		{[]int32{4}, "cannot accumulate null arrays"},
		{[]int32{0, 5}, "cannot accumulate arrays of different dimensionality"},
	} {
		if _, err := StackArrays(mem, arr, []int32{0, int32(len(tc.perm))}, tc.perm, nil); err == nil || err.Error() != tc.msg {
			t.Errorf("%v: %v, want %q", tc.perm, err, tc.msg)
		}
	}
}
