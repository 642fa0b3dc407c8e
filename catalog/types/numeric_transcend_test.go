package types

import (
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestNumericTranscend checks values and display scales against PostgreSQL 15's output.
func TestNumericTranscend(t *testing.T) {
	p := func(s string) Num {
		n, err := ParseNumericText(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	un := func(f func(Num) (Num, error)) func(a, b Num) (Num, error) {
		return func(a, _ Num) (Num, error) { return f(a) }
	}
	tests := []struct {
		name string
		f    func(a, b Num) (Num, error)
		a, b string
		want string
		code pgcode.Code
	}{
		{"sqrt", un(NumericSqrtOf), "2", "", "1.414213562373095", ""},
		{"sqrt", un(NumericSqrtOf), "12345678901234567890", "", "3513641828.8201443", ""},
		{"sqrt", un(NumericSqrtOf), "-1", "", "", pgcode.InvalidArgumentForPowerFunction},
		{"exp", un(NumericExp), "1", "", "2.7182818284590452", ""},
		{"exp", un(NumericExp), "50", "", "5184705528587072464087", ""},
		{"exp", un(NumericExp), "-Infinity", "", "0", ""},
		{"ln", un(NumericLn), "2", "", "0.6931471805599453", ""},
		{"ln", un(NumericLn), "1.0001", "", "0.00009999500033330834", ""},
		{"ln", un(NumericLn), "0", "", "", pgcode.InvalidArgumentForLog},
		{"ln", un(NumericLn), "-1", "", "", pgcode.InvalidArgumentForLog},
		{"log", NumericLog, "2", "8", "3.0000000000000000", ""},
		{"log", NumericLog, "1", "10", "", pgcode.DivisionByZero},
		{"log", NumericLog, "Infinity", "Infinity", "NaN", ""},
		{"power", NumericPower, "2", "10", "1024.0000000000000000", ""},
		{"power", NumericPower, "2", "0.5", "1.4142135623730950", ""},
		{"power", NumericPower, "1.5", "2.5", "2.7556759606310754", ""},
		{"power", NumericPower, "-8", "3", "-512.0000000000000000", ""},
		{"power", NumericPower, "0", "-1", "", pgcode.InvalidArgumentForPowerFunction},
		{"power", NumericPower, "-2", "0.5", "", pgcode.InvalidArgumentForPowerFunction},
		{"power", NumericPower, "-Infinity", "3", "-Infinity", ""},
		{"power", NumericPower, "0.5", "Infinity", "0", ""},
		{"power", NumericPower, "NaN", "0", "1", ""},
		{"power", NumericPower, "10", "40", "", pgcode.NumericValueOutOfRange},
		{"div", NumericDivTrunc, "-7.5", "2", "-3", ""},
		{"div", NumericDivTrunc, "1", "0", "", pgcode.DivisionByZero},
		{"div", NumericDivTrunc, "Infinity", "-2", "-Infinity", ""},
	}
	for _, tc := range tests {
		var b Num
		if tc.b != "" {
			b = p(tc.b)
		}
		got, err := tc.f(p(tc.a), b)
		if tc.code != "" {
			if pgerror.GetCode(err) != tc.code {
				t.Errorf("%s(%s, %s): error %v, want %s", tc.name, tc.a, tc.b, err, tc.code)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("%s(%s, %s) = %s, %v; want %s", tc.name, tc.a, tc.b, got, err, tc.want)
		}
	}
}
