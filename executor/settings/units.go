package settings

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Unit is the base unit of an integer parameter and the units its values may be written
// in, as PostgreSQL's guc.c defines them.
type Unit struct {
	// Name is the base unit as pg_settings.unit shows it ("ms", "kB", "8kB").
	Name string
	// conv lists the accepted units from largest to smallest with their size in base
	// units; SHOW prints a value in the largest unit that divides it.
	conv []unitConv
	hint string
}

type unitConv struct {
	name string
	mult float64
}

func memoryUnit(name string, kb float64) *Unit {
	return &Unit{Name: name, conv: []unitConv{
		{"TB", 1 << 30 / kb}, {"GB", 1 << 20 / kb}, {"MB", 1 << 10 / kb}, {"kB", 1 / kb}, {"B", 1 / 1024 / kb},
	}, hint: `Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".`}
}

var (
	unitKB  = memoryUnit("kB", 1)
	unit8KB = memoryUnit("8kB", 8)
	unitMs  = &Unit{Name: "ms", conv: []unitConv{
		{"d", 24 * 3600 * 1000}, {"h", 3600 * 1000}, {"min", 60 * 1000}, {"s", 1000}, {"ms", 1}, {"us", 0.001},
	}, hint: `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`}
)

func invalidValue(p *Param, value string) *pgerror.Error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", p.Name, value)
}

// parseInt reads an integer parameter's value: a number (fractions are rounded) with an
// optional unit, converted to the base unit, as PostgreSQL's parse_int does.
func parseInt(p *Param, value string) (int64, error) {
	s := strings.TrimSpace(value)
	num, rest := splitNumber(s)
	var v float64
	if strings.HasPrefix(num, "0x") || strings.HasPrefix(num, "0X") {
		n, err := strconv.ParseUint(num[2:], 16, 64)
		if err != nil && !isRangeErr(err) {
			return 0, invalidValue(p, value)
		}
		v = float64(n)
		if err != nil {
			v = math.Inf(1)
		}
	} else {
		f, err := strconv.ParseFloat(num, 64)
		if num == "" || err != nil && !isRangeErr(err) {
			return 0, invalidValue(p, value)
		}
		v = f
	}
	if rest = strings.TrimSpace(rest); rest != "" {
		if p.Unit == nil {
			return 0, invalidValue(p, value)
		}
		mult := 0.0
		for _, c := range p.Unit.conv {
			if c.name == rest {
				mult = c.mult
			}
		}
		if mult == 0 {
			return 0, invalidValue(p, value).WithHint(p.Unit.hint)
		}
		v *= mult
	}
	v = math.RoundToEven(v)
	if math.IsNaN(v) || v > math.MaxInt32 || v < math.MinInt32 {
		return 0, invalidValue(p, value).WithHint("Value exceeds integer range.")
	}
	n := int64(v)
	if float64(n) < p.Min || float64(n) > p.Max {
		unit := ""
		if p.Unit != nil {
			unit = " " + p.Unit.Name
		}
		return 0, pgerror.Newf(pgcode.InvalidParameterValue, "%d%s is outside the valid range for parameter \"%s\" (%d .. %d)",
			n, unit, p.Name, int64(p.Min), int64(p.Max))
	}
	return n, nil
}

// splitNumber splits s after its leading number (sign, digits, fraction, exponent, or a
// 0x hexadecimal integer).
func splitNumber(s string) (string, string) {
	i := 0
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		j := 2
		for j < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
			j++
		}
		return s[:j], s[j:]
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := false
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		digits = digits || s[i] != '.'
		i++
	}
	if digits && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	if !digits {
		return "", s
	}
	return s[:i], s[i:]
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// formatInt prints an integer parameter's value as SHOW does: positive values of a
// parameter with a unit in the largest unit that divides them exactly.
func formatInt(p *Param, n int64) string {
	if p.Unit == nil || n <= 0 {
		return strconv.FormatInt(n, 10)
	}
	for _, c := range p.Unit.conv {
		if c.mult < 1 {
			continue
		}
		if m := int64(c.mult); n%m == 0 {
			return strconv.FormatInt(n/m, 10) + c.name
		}
	}
	return strconv.FormatInt(n, 10) + p.Unit.Name
}

// parseReal reads a real parameter's value.
func parseReal(p *Param, value string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || math.IsNaN(v) {
		return 0, invalidValue(p, value)
	}
	if v < p.Min || v > p.Max {
		return 0, pgerror.Newf(pgcode.InvalidParameterValue, "%g is outside the valid range for parameter \"%s\" (%g .. %g)", v, p.Name, p.Min, p.Max)
	}
	return v, nil
}

// formatReal prints a real as PostgreSQL's %g does.
func formatReal(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// parseBool reads a Boolean as PostgreSQL's parse_bool does: true, false, yes, no or a
// unique prefix of one of them, on, off, 1, 0.
func parseBool(p *Param, value string) (bool, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	switch {
	case v == "":
	case strings.HasPrefix("true", v), strings.HasPrefix("yes", v), v == "on", v == "1":
		return true, nil
	case strings.HasPrefix("false", v), strings.HasPrefix("no", v), len(v) >= 2 && strings.HasPrefix("off", v), v == "0":
		return false, nil
	}
	return false, pgerror.Newf(pgcode.InvalidParameterValue, "parameter \"%s\" requires a Boolean value", p.Name)
}

// parseEnum reads an enum value, in any case.
func parseEnum(p *Param, value string) (string, error) {
	v := strings.TrimSpace(value)
	for _, e := range p.Values {
		if strings.EqualFold(e, v) {
			return e, nil
		}
	}
	return "", invalidValue(p, value).WithHint(fmt.Sprintf("Available values: %s.", strings.Join(p.Values, ", ")))
}
