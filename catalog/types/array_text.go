package types

import "strings"

// ArrayElement is one element of an array value in its text form.
type ArrayElement struct {
	Text string
	Null bool
}

// ArrayElements splits a value of array type t, in its text form, into its elements:
// "{a,"b c",NULL}" for arrays (quotes and backslash escapes undone, optional explicit
// bounds skipped), "1 2 3" for int2vector and oidvector. A malformed value gives nil.
func ArrayElements(t OID, s string) []ArrayElement {
	if t == Int2Vector || t == OidVector {
		var out []ArrayElement
		for _, f := range strings.Fields(s) {
			out = append(out, ArrayElement{Text: f})
		}
		return out
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, '='); i >= 0 {
			s = s[i+1:]
		}
	}
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil
	}
	s = s[1 : len(s)-1]
	var out []ArrayElement
	for i := 0; i < len(s); {
		var b strings.Builder
		quoted := false
		if s[i] == '"' {
			quoted = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			i++ // the closing quote
		} else {
			for ; i < len(s) && s[i] != ','; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
		}
		text := b.String()
		if !quoted {
			text = strings.TrimSpace(text)
		}
		out = append(out, ArrayElement{Text: text, Null: !quoted && strings.EqualFold(text, "NULL")})
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
	return out
}

// ArrayLowerBound is the subscript of an array type's first element: 1, but 0 for
// int2vector and oidvector.
func ArrayLowerBound(t OID) int {
	if t == Int2Vector || t == OidVector {
		return 0
	}
	return 1
}

// AppendArrayElement appends one element to an array's text form under construction,
// quoted as array_out quotes: when empty, when it reads NULL, or when it holds a brace,
// comma, quote, backslash or white space.
func AppendArrayElement(dst []byte, elem []byte) []byte {
	quote := len(elem) == 0 || strings.EqualFold(string(elem), "NULL")
	for _, c := range elem {
		switch c {
		case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			quote = true
		}
	}
	if !quote {
		return append(dst, elem...)
	}
	dst = append(dst, '"')
	for _, c := range elem {
		if c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}
