package types

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

func TestCharIO(t *testing.T) {
	for _, c := range []struct {
		in   string
		b    byte
		text string
	}{
		{"a", 'a', "a"}, {"zebra", 'z', "z"}, {"", 0, ""}, {`\101`, 'A', "A"}, {`\377`, 0xff, `\377`},
		{`\000`, 0, ""}, {`\400`, 0, ""}, {`\401`, 1, "\x01"}, {"é", 0xc3, `\303`},
	} {
		if got := ParseChar([]byte(c.in)); got != c.b {
			t.Errorf("charin(%q) = %#x, want %#x", c.in, got, c.b)
		}
		if got := string(AppendChar(nil, c.b)); got != c.text {
			t.Errorf("charout(%#x) = %q, want %q", c.b, got, c.text)
		}
	}
}

// TestCharCasts goes through the cast machinery: text in, int4 out and back, text out.
func TestCharCasts(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tb := array.NewStringBuilder(mem)
	tb.AppendValues([]string{"a", `\377`, ""}, nil)
	tb.AppendNull()
	txt := tb.NewArray()
	tb.Release()
	defer txt.Release()
	ch, err := CastArray(txt, TText, Of(Char), nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Release()
	ints, err := CastArray(ch, Of(Char), TInt4, nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer ints.Release()
	if got := ints.(*array.Int32).Int32Values()[:3]; got[0] != 97 || got[1] != -1 || got[2] != 0 || !ints.IsNull(3) {
		t.Errorf("\"char\"::int4 = %v", got)
	}
	back, err := CastArray(ch, Of(Char), TText, nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Release()
	if s := back.(*array.String); s.Value(0) != "a" || s.Value(1) != `\377` || s.Value(2) != "" || !s.IsNull(3) {
		t.Errorf("\"char\"::text = %v", s)
	}
	if !CanCast(Char, Text, Implicit) || CanCast(Text, Char, Implicit) || !CanCast(Text, Char, Assignment) {
		t.Error("\"char\" cast contexts differ from pg_cast")
	}
	if ByName("char").OID != Char || ByName("character").OID != Bpchar {
		t.Error("\"char\" and character must be different types")
	}
	i4 := array.NewInt32Builder(mem)
	i4.AppendValues([]int32{200}, nil)
	big := i4.NewArray()
	i4.Release()
	defer big.Release()
	if _, err := CastArray(big, TInt4, Of(Char), nil, mem); err == nil || err.Error() != `"char" out of range` {
		t.Errorf("200::\"char\": %v", err)
	}
}
