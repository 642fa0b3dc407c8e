package udf

import (
	"bytes"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
)

func TestDecodeHexBase64(t *testing.T) {
	for _, c := range []struct {
		in, format string
		want       []byte
		err        string
	}{
		{in: "68 65\n6c6C6f", format: "hex", want: []byte("hello")},
		{in: "abc", format: "hex", err: "invalid hexadecimal data: odd number of digits"},
		{in: "zz", format: "hex", err: `invalid hexadecimal digit: "z"`},
		{in: "aGVs bG8=", format: "base64", want: []byte("hello")},
		{in: "YQ==", format: "base64", want: []byte("a")},
		{in: "YQ", format: "base64", err: "invalid base64 end sequence"},
		{in: "a!==", format: "base64", err: `invalid symbol "!" found while decoding base64 sequence`},
		{in: "a===", format: "base64", err: `unexpected "=" while decoding base64 sequence`},
	} {
		var got []byte
		var err error
		if c.format == "hex" {
			got, err = decodeHex(nil, c.in)
		} else {
			got, err = decodeBase64(nil, c.in)
		}
		switch {
		case c.err != "":
			if err == nil || err.Error() != c.err {
				t.Errorf("%s %q: error %v, want %q", c.format, c.in, err, c.err)
			}
		case err != nil || !bytes.Equal(got, c.want):
			t.Errorf("%s %q = %q, %v", c.format, c.in, got, err)
		}
	}
}

// TestBase64Lines checks encode's line breaks: a newline after every 76 characters.
func TestBase64Lines(t *testing.T) {
	out := newStrOut(memory.NewGoAllocator(), 1, 0)
	appendBase64(out, bytes.Repeat([]byte{0x12, 0x34, 0x56}, 30))
	s := string(out.data)
	if len(s) != 121 || s[76] != '\n' {
		t.Errorf("encoded %d chars, newline at 76: %q", len(s), s)
	}
	back, err := decodeBase64(nil, s)
	if err != nil || !bytes.Equal(back, bytes.Repeat([]byte{0x12, 0x34, 0x56}, 30)) {
		t.Errorf("round trip: %v", err)
	}
	out.end()
	out.finish().Release()
}

func TestUnistr(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "unistr", args: oids(tx),
			in:   [][]string{col(`d\0061t\+000061`, `\u00e9\U0001F600`, `a\\b`, `\D83D\DE00`)},
			want: col("data", "é😀", `a\b`, "😀")},
		{name: "unistr", args: oids(tx), in: [][]string{col(`\db99`)}, code: pgcode.SyntaxError, msg: "invalid Unicode surrogate pair"},
		{name: "unistr", args: oids(tx), in: [][]string{col(`\+2FFFFF`)}, code: pgcode.InvalidParameterValue, msg: "invalid Unicode code point: 2FFFFF"},
		{name: "unistr", args: oids(tx), in: [][]string{col(`\xyz`)}, code: pgcode.SyntaxError, msg: "invalid Unicode escape"},
	})
}

func TestToHexOverlay(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "to_hex", args: oids(i4), in: [][]string{col("255", "-1", "0")}, want: col("ff", "ffffffff", "0")},
		{name: "to_hex", args: oids(i8), in: [][]string{col("-1")}, want: col("ffffffffffffffff")},
		{name: "overlay", args: oids(tx, tx, i4, i4),
			in:   [][]string{col("Txxxxas", "abc", "abc"), col("hom", "XY", "X"), col("2", "2", "2"), col("4", "-1", "0")},
			want: col("Thomas", "aXYabc", "aXbc")},
		{name: "overlay", args: oids(tx, tx, i4), in: [][]string{col("abc", "héllo"), col("Z", "E"), col("5", "2")}, want: col("abcZ", "hEllo")},
		{name: "overlay", args: oids(tx, tx, i4), in: [][]string{col("abc"), col("Z"), col("0")},
			code: pgcode.SubstringError, msg: "negative substring length not allowed"},
	})
}
