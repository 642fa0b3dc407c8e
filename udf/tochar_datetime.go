package udf

import (
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// to_char(timestamp, text) and to_char(timestamptz, text): date and time templates as
// PostgreSQL's formatting.c reads them. A template is scanned left to right for the
// longest keyword at each position (YYYY before YY, HH24 before HH, Month before MON...),
// each optionally preceded by FM (no padding) and followed by TH or th (an ordinal
// suffix); double-quoted text is copied, a backslash before a double quote makes it a
// literal one, and anything else is copied as it is. Name keywords follow the case they are written in
// (Month, MONTH, month). A timestamptz is shown in the session's time zone.

// dtKeywords lists the keywords, longer spellings first where one is a prefix of another.
var dtKeywords = []string{
	"A.D.", "A.M.", "AD", "AM", "B.C.", "B.M.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D",
	"FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM", "MONTH",
	"MON", "MS", "Month", "Mon", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ",
	"US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y", "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc",
	"day", "ddd", "dd", "dy", "d", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy", "iyy", "iy",
	"i", "j", "mi", "mm", "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm", "sssss", "ssss", "ss",
	"tz", "us", "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y",
}

var romanMonths = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

func registerToCharDatetime(b builder) {
	for _, f := range []struct {
		oid  types.OID
		arg  types.OID
		zone bool
	}{{2049, types.Timestamp, false}, {1770, types.Timestamptz, true}} {
		zone := f.zone
		fn := b.scalar(f.oid, "to_char", oids(f.arg, types.Text), types.Text, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			ts, tmpl := args[0].(*array.Timestamp), args[1].(*array.String)
			loc := time.UTC
			if zone && env.TimeZone != nil {
				loc = env.TimeZone
			}
			mem := allocator(env)
			out := newStrOut(mem, ts.Len(), 0)
			for i := 0; i < ts.Len(); i++ {
				if !env.RowValid(i) || ts.IsNull(i) || tmpl.IsNull(i) {
					out.endNull(mem)
					continue
				}
				t := time.UnixMicro(int64(ts.Value(i))).In(loc)
				out.appendString(formatDatetime(t, tmpl.Value(i), zone))
				out.end()
			}
			return out.finish(), nil
		})
		fn.Volatility = catalog.Stable
	}
}

// formatDatetime lays t out as template says.
func formatDatetime(t time.Time, template string, zone bool) string {
	var sb strings.Builder
	for i := 0; i < len(template); {
		c := template[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(template) && template[j] != '"' {
				if template[j] == '\\' && j+1 < len(template) && template[j+1] == '"' {
					j++
				}
				sb.WriteByte(template[j])
				j++
			}
			i = j + 1
			continue
		case c == '\\' && i+1 < len(template) && template[i+1] == '"':
			sb.WriteByte('"')
			i += 2
			continue
		}
		fm := false
		if strings.HasPrefix(template[i:], "FM") || strings.HasPrefix(template[i:], "fm") {
			fm, i = true, i+2
		}
		kw := matchKeyword(template[i:])
		if kw == "" {
			if fm {
				continue
			}
			sb.WriteByte(c)
			i++
			continue
		}
		i += len(kw)
		th := ""
		if strings.HasPrefix(template[i:], "TH") || strings.HasPrefix(template[i:], "th") {
			th, i = template[i:i+2], i+2
		}
		sb.WriteString(datetimeField(t, kw, fm, th, zone))
	}
	return sb.String()
}

// matchKeyword returns the keyword s starts with, "" for none.
func matchKeyword(s string) string {
	best := ""
	for _, k := range dtKeywords {
		if len(k) > len(best) && strings.HasPrefix(s, k) {
			best = k
		}
	}
	return best
}

// datetimeField formats one keyword of t.
func datetimeField(t time.Time, kw string, fm bool, th string, zone bool) string {
	num := func(v, width int) string {
		s := strconv.Itoa(v)
		if !fm && len(s) < width {
			s = strings.Repeat("0", width-len(s)) + s
		}
		if th != "" {
			s += dtOrdinal(v, th == "TH")
		}
		return s
	}
	name := func(full string, width int) string {
		switch {
		case kw == strings.ToUpper(kw):
			full = strings.ToUpper(full)
		case kw == strings.ToLower(kw):
			full = strings.ToLower(full)
		}
		if !fm && len(full) < width {
			full += strings.Repeat(" ", width-len(full))
		}
		return full
	}
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	isoYear, isoWeek := t.ISOWeek()
	switch strings.ToUpper(kw) {
	case "YYYY":
		return num(t.Year(), 4)
	case "Y,YYY":
		return strconv.Itoa(t.Year()/1000) + "," + num(t.Year()%1000, 3)
	case "YYY":
		return num(t.Year()%1000, 3)
	case "YY":
		return num(t.Year()%100, 2)
	case "Y":
		return num(t.Year()%10, 1)
	case "IYYY":
		return num(isoYear, 4)
	case "IYY":
		return num(isoYear%1000, 3)
	case "IY":
		return num(isoYear%100, 2)
	case "I":
		return num(isoYear%10, 1)
	case "CC":
		return num((t.Year()+99)/100, 2)
	case "MM":
		return num(int(t.Month()), 2)
	case "DD":
		return num(t.Day(), 2)
	case "DDD":
		return num(t.YearDay(), 3)
	case "IDDD":
		return num((isoWeek-1)*7+isoWeekday(t), 3)
	case "D":
		return num(int(t.Weekday())+1, 1)
	case "ID":
		return num(isoWeekday(t), 1)
	case "W":
		return num((t.Day()-1)/7+1, 1)
	case "WW":
		return num((t.YearDay()-1)/7+1, 2)
	case "IW":
		return num(isoWeek, 2)
	case "Q":
		return num((int(t.Month())-1)/3+1, 1)
	case "J":
		return num(julianDay(t), 1)
	case "HH", "HH12":
		return num(hour12, 2)
	case "HH24":
		return num(t.Hour(), 2)
	case "MI":
		return num(t.Minute(), 2)
	case "SS":
		return num(t.Second(), 2)
	case "SSSS", "SSSSS":
		return num(t.Hour()*3600+t.Minute()*60+t.Second(), 1)
	case "MS":
		return num(t.Nanosecond()/1e6, 3)
	case "US":
		return num(t.Nanosecond()/1e3, 6)
	case "AM", "PM", "A.M.", "P.M.":
		return meridiem(t, kw)
	case "AD", "BC", "A.D.", "B.C.":
		return era(kw)
	case "MONTH":
		return name(t.Month().String(), 9)
	case "MON":
		return name(t.Month().String()[:3], 0)
	case "DAY":
		return name(t.Weekday().String(), 9)
	case "DY":
		return name(t.Weekday().String()[:3], 0)
	case "RM":
		rm := romanMonths[t.Month()-1]
		if kw == "rm" {
			rm = strings.ToLower(rm)
		}
		if !fm {
			rm += strings.Repeat(" ", 4-len(rm))
		}
		return rm
	case "TZ":
		if !zone {
			return ""
		}
		abbr, _ := t.Zone()
		if kw == "tz" {
			return strings.ToLower(abbr)
		}
		return abbr
	case "OF", "TZH", "TZM":
		return zoneOffset(t, strings.ToUpper(kw), zone)
	}
	return "" // FX and other modifiers print nothing
}

// isoWeekday is 1 for Monday through 7 for Sunday.
func isoWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}

// julianDay is the Julian day number of t's calendar date.
func julianDay(t time.Time) int {
	secs := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
	days := secs / 86400
	if secs%86400 != 0 && secs < 0 {
		days--
	}
	return int(days) + 2440588
}

func meridiem(t time.Time, kw string) string {
	pm := t.Hour() >= 12
	out := map[bool]string{false: "AM", true: "PM"}[pm]
	if strings.Contains(kw, ".") {
		out = map[bool]string{false: "A.M.", true: "P.M."}[pm]
	}
	if kw == strings.ToLower(kw) {
		out = strings.ToLower(out)
	}
	return out
}

func era(kw string) string {
	out := "AD"
	if strings.Contains(kw, ".") {
		out = "A.D."
	}
	if kw == strings.ToLower(kw) {
		out = strings.ToLower(out)
	}
	return out
}

// zoneOffset is OF (+hh[:mm]), TZH (+hh) or TZM (mm); a timestamp without time zone is
// at offset zero.
func zoneOffset(t time.Time, kw string, zone bool) string {
	off := 0
	if zone {
		_, off = t.Zone()
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	hh := sign + twoDigits(h)
	switch kw {
	case "TZH":
		return hh
	case "TZM":
		return twoDigits(m)
	}
	if m != 0 {
		return hh + ":" + twoDigits(m)
	}
	return hh
}

func twoDigits(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// dtOrdinal is st, nd, rd or th for n, in upper case when upper.
func dtOrdinal(n int, upper bool) string {
	s := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			s = "st"
		case 2:
			s = "nd"
		case 3:
			s = "rd"
		}
	}
	if upper {
		return strings.ToUpper(s)
	}
	return s
}
