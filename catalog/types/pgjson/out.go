package pgjson

// AppendText appends jsonb_out's text of v: members separated by ", ", keys by ": ".
func AppendText(dst []byte, v Value) []byte { return appendValue(dst, v, -1) }

// AppendPretty appends jsonb_pretty's text of v: one member a line, indented by four
// spaces a level.
func AppendPretty(dst []byte, v Value) []byte { return appendValue(dst, v, 0) }

// appendValue writes v; level < 0 means the compact form.
func appendValue(dst []byte, v Value, level int) []byte {
	switch k := v.Kind(); k {
	case KindNull:
		return append(dst, "null"...)
	case KindFalse:
		return append(dst, "false"...)
	case KindTrue:
		return append(dst, "true"...)
	case KindNumber:
		return append(dst, v.Text()...)
	case KindString:
		return AppendQuoted(dst, v.Text())
	case KindArray:
		dst = append(dst, '[')
		n := v.Len()
		for i := 0; i < n; i++ {
			e, _ := v.Index(i)
			dst = separate(dst, i, level)
			dst = appendValue(dst, e, deeper(level))
		}
		return closeContainer(dst, ']', level)
	}
	dst = append(dst, '{')
	n := v.Len()
	for i := 0; i < n; i++ {
		key, val := v.Member(i)
		dst = separate(dst, i, level)
		dst = AppendQuoted(dst, key)
		dst = append(dst, ':', ' ')
		dst = appendValue(dst, val, deeper(level))
	}
	return closeContainer(dst, '}', level)
}

func deeper(level int) int {
	if level < 0 {
		return level
	}
	return level + 1
}

// separate writes what goes before member i of a container at level.
func separate(dst []byte, i, level int) []byte {
	if level < 0 {
		if i > 0 {
			dst = append(dst, ',', ' ')
		}
		return dst
	}
	if i > 0 {
		dst = append(dst, ',')
	}
	return indent(append(dst, '\n'), level+1)
}

func closeContainer(dst []byte, c byte, level int) []byte {
	if level >= 0 {
		dst = indent(append(dst, '\n'), level)
	}
	return append(dst, c)
}

func indent(dst []byte, level int) []byte {
	for range level {
		dst = append(dst, "    "...)
	}
	return dst
}

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as a JSON string literal, escaped as PostgreSQL's escape_json
// does: the two-character escapes for quote, backslash and \b \f \n \r \t, \u00XX for other
// control characters, everything else as is.
func AppendQuoted(dst, s []byte) []byte {
	dst = append(dst, '"')
	from := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= ' ' && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[from:i]...)
		from = i + 1
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	dst = append(dst, s[from:]...)
	return append(dst, '"')
}
