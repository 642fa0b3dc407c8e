package types

import (
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Input of composite values, as record_in reads them: '(f1,f2,...)', a field empty and
// unquoted is NULL, double quotes group a field's characters (two of them inside stand for
// one), a backslash takes the next character literally; white space before the opening and
// after the closing parenthesis is skipped, elsewhere it belongs to the field.

// errMalformedRecord is 22P02 for the literal s with its DETAIL.
func errMalformedRecord(s []byte, detail string) error {
	return pgerror.Newf(pgcode.InvalidTextRepresentation, "malformed record literal: \"%s\"", s).WithDetail(detail)
}

// splitRecordLiteral returns the text of each of the n fields of the record literal s, nil
// for a NULL field.
func splitRecordLiteral(s []byte, n int) ([][]byte, error) {
	p := 0
	for p < len(s) && isArraySpace(s[p]) {
		p++
	}
	if p >= len(s) || s[p] != '(' {
		return nil, errMalformedRecord(s, "Missing left parenthesis.")
	}
	p++
	out := make([][]byte, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			if p >= len(s) || s[p] != ',' {
				return nil, errMalformedRecord(s, "Too few columns.")
			}
			p++
		}
		if p < len(s) && (s[p] == ',' || s[p] == ')') {
			continue // NULL
		}
		field, next, err := recordField(s, p)
		if err != nil {
			return nil, err
		}
		out[i], p = field, next
	}
	if p >= len(s) || s[p] != ')' {
		return nil, errMalformedRecord(s, "Too many columns.")
	}
	for p++; p < len(s); p++ {
		if !isArraySpace(s[p]) {
			return nil, errMalformedRecord(s, "Junk after right parenthesis.")
		}
	}
	return out, nil
}

// recordField reads one non-NULL field starting at s[p]: up to the first comma or closing
// parenthesis outside quotes. It returns the field's text and where reading stopped.
func recordField(s []byte, p int) ([]byte, int, error) {
	field := []byte{}
	quoted := false
	for {
		if p >= len(s) {
			return nil, 0, errMalformedRecord(s, "Unexpected end of input.")
		}
		c := s[p]
		switch {
		case c == '\\':
			if p+1 >= len(s) {
				return nil, 0, errMalformedRecord(s, "Unexpected end of input.")
			}
			field = append(field, s[p+1])
			p += 2
			continue
		case c == '"' && quoted && p+1 < len(s) && s[p+1] == '"':
			field = append(field, '"')
			p += 2
			continue
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ')'):
			return field, p, nil
		default:
			field = append(field, c)
		}
		p++
	}
}

// recordTextParser reads composite values of type t.
func recordTextParser(t T, s *IOSettings) TextParser {
	fields, _ := RecordFields(t)
	parsers := make([]TextParser, len(fields))
	for i, f := range fields {
		parsers[i] = TextParserFor(f.Type, s)
	}
	return func(b array.Builder, text []byte) error {
		texts, err := splitRecordLiteral(text, len(fields))
		if err != nil {
			return err
		}
		sb := b.(*array.StructBuilder)
		sb.Append(true)
		for i, ft := range texts {
			fb := sb.FieldBuilder(i)
			if ft == nil {
				fb.AppendNull()
				continue
			}
			if err := parsers[i](fb, ft); err != nil {
				// Keep the children aligned; the caller abandons the builder.
				for j := i; j < len(texts); j++ {
					sb.FieldBuilder(j).AppendNull()
				}
				return err
			}
		}
		return nil
	}
}
