package pgjson

// Parser reads JSON text: jsonb_in's and json_in's work. One Parser is reused for many
// values to keep its buffers; it is not safe for concurrent use.
type Parser struct {
	p    parser
	w    Writer
	tree Tree
}

// ParseJSONB parses text as jsonb input and returns the encoded value, valid until the next
// call on the Parser. stackKB is max_stack_depth in kilobytes, which bounds nesting (0: the default). Errors
// are PostgreSQL's.
func (ps *Parser) ParseJSONB(text []byte, stackKB int) (Value, error) {
	ps.w.Reset()
	ps.w.sink.w = &ps.w
	if e := ps.p.parse(text, &ps.w.sink, true, stackKB); e != errNone {
		return nil, ps.p.syntaxError(e)
	}
	return ps.w.Bytes(), nil
}

// ValidateJSON checks text as json input does (json keeps its text as written, so nothing
// is decoded: "\u0000" and lone surrogates pass, as in PostgreSQL).
func (ps *Parser) ValidateJSON(text []byte, stackKB int) error {
	if e := ps.p.parse(text, nil, false, stackKB); e != errNone {
		return ps.p.syntaxError(e)
	}
	return nil
}
