package regress

import "testing"

func TestMaskColumns(t *testing.T) {
	pgOut := "                 List of relations\n" +
		" Schema | Name  | Type  |    Size    | Description \n" +
		"--------+-------+-------+------------+-------------\n" +
		" bs     | items | table | 16 kB      | things sold\n" +
		" bs     | notes | table | 8192 bytes | \n" +
		"(2 rows)\n"
	fastOut := "               List of relations\n" +
		" Schema | Name  | Type  |    Size    | Description \n" +
		"--------+-------+-------+------------+-------------\n" +
		" bs     | items | table | 1641 bytes | things sold\n" +
		" bs     | notes | table | 0 bytes    | \n" +
		"(2 rows)\n"
	tests := []struct {
		name    string
		a, b    string
		masks   []Mask
		changed int // lines differing after masking
	}{
		{name: "sizes differ, masked", a: pgOut, b: fastOut, masks: []Mask{{Column: "Size"}}},
		{name: "sizes differ, not masked", a: pgOut, b: fastOut, changed: 4},
		{name: "another column still compared", a: pgOut, b: replaceOnce(fastOut, "things sold", "other"), masks: []Mask{{Column: "Size"}}, changed: 2},
		{name: "titled as the tables", a: pgOut, b: fastOut, masks: []Mask{{Column: "Size", Title: "List of relations"}}},
		{name: "titled otherwise", a: pgOut, b: fastOut, masks: []Mask{{Column: "Size", Title: "List of data types"}}, changed: 4},
		{name: "a name no table has", a: pgOut, b: fastOut, masks: []Mask{{Column: "Weight"}}, changed: 4},
		{name: "the masked column's name still compared", a: pgOut, b: replaceOnce(fastOut, "   Size   ", "   Bulk   "), masks: []Mask{{Column: "Size"}}, changed: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := MaskColumns(tt.a, tt.masks), MaskColumns(tt.b, tt.masks)
			if changed, diff := Diff("a", a, "b", b); changed != tt.changed {
				t.Errorf("%d lines differ, want %d:\n%s", changed, tt.changed, diff)
			}
		})
	}
	masked := MaskColumns(fastOut, []Mask{{Column: "Size"}})
	want := "               List of relations\n" +
		" Schema | Name  | Type  |   Size   | Description \n" +
		"--------+-------+-------+----------+-------------\n" +
		" bs     | items | table | (masked) | things sold\n" +
		" bs     | notes | table | (masked) | \n" +
		"(2 rows)\n"
	if masked != want {
		t.Errorf("masked output:\n%s\nwant:\n%s", masked, want)
	}
}

func TestMaskedColumns(t *testing.T) {
	got := MaskedColumns("-- mask column: Size in List of relations\nSELECT 1;\n--mask column:  Access privileges \n-- not a mask column: X\n")
	if len(got) != 2 || got[0] != (Mask{"Size", "List of relations"}) || got[1] != (Mask{"Access privileges", ""}) {
		t.Errorf("MaskedColumns = %q", got)
	}
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}
