package types

import "testing"

// TestFastParsers checks the bulk-load fast paths against the general parsers, which they
// must match exactly (values, display scales and which inputs fail).
func TestFastParsers(t *testing.T) {
	t15 := T{Numeric, MakeNumericTypmod(15, 2)}
	t4 := T{Numeric, MakeNumericTypmod(4, 1)}
	for _, typ := range []T{t15, t4} {
		for _, s := range []string{"0", "1", "1.5", "-1.5", "12.34", "-0.00", ".5", "5.", "999.9", "1000",
			"99999999999999.99", "100000000000000", "1.234", "-", ".", "1..2", "1e3", " 1", "+1", "00012.10"} {
			fast, fastErr := ParseNumeric(s, typ)
			slow, slowErr := ParseNumericText(s)
			if slowErr == nil {
				slow, slowErr = NumericApplyTypmod(slow, typ.Typmod)
			}
			if (fastErr == nil) != (slowErr == nil) || fastErr == nil && fast.String() != slow.String() {
				t.Errorf("%s as %s: %v (%v), general path %v (%v)", s, typ, fast, fastErr, slow, slowErr)
			}
		}
	}
	io := DefaultIOSettings()
	for _, s := range []string{"1998-12-01", "2000-02-29", "1900-02-29", "2001-02-29", "0001-01-01", "0000-01-01",
		"1999-13-01", "1999-00-10", "1999-01-32", "2024-04-31", "1999-1-01", "19999-01-01"} {
		fast, fastOK := parseISODate(s)
		slow, err := ParseDate(s, io)
		if fastOK && (err != nil || fast != slow) {
			t.Errorf("%s: fast %d, general %d (%v)", s, fast, slow, err)
		}
		if !fastOK && err == nil && len(s) == 10 && s != "0001-01-01" {
			t.Logf("%s left to the general path: %d", s, slow)
		}
	}
}
