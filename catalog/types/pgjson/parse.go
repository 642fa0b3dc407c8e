package pgjson

// The parser is PostgreSQL's recursive descent JSON parser (pg_parse_json): the same
// grammar, the same one-token lookahead and the same choice of error for each context, so
// that malformed input fails on the same token with the same message. It reports what it
// reads to a sink: the jsonb encoder, the json text navigator, or nothing (validation).

// sink receives a parsed document as events. Spans are byte offsets into the input; text is
// the decoded string (when escapes are decoded) or the number as written.
type sink interface {
	beginObject(start int)
	endObject(end int)
	beginArray(start int)
	endArray(end int)
	key(k []byte, start, end int)
	scalar(kind Kind, text []byte, start, end int) errorKind
}

// DefaultStackKB is PostgreSQL's default max_stack_depth (2MB), in kilobytes.
const DefaultStackKB = 2048

// stackBytesPerLevel approximates the C stack PostgreSQL's parser uses per nesting level,
// so that a max_stack_depth of N kilobytes allows about the nesting depth at which
// PostgreSQL reports "stack depth limit exceeded".
const stackBytesPerLevel = 136

type parser struct {
	lexer
	sink     sink
	depth    int
	maxDepth int
	stackKB  int
}

// parse parses in completely, reporting to s (which may be nil). needEscapes decodes
// strings (jsonb input, processing functions). stackKB is max_stack_depth in kilobytes
// (0: the default), which bounds nesting.
func (p *parser) parse(in []byte, s sink, needEscapes bool, stackKB int) errorKind {
	p.reset(in, needEscapes)
	p.sink = s
	p.depth = 0
	if stackKB <= 0 {
		stackKB = DefaultStackKB
	}
	p.stackKB = stackKB
	p.maxDepth = stackKB * 1024 / stackBytesPerLevel
	if e := p.next(); e != errNone {
		return e
	}
	if e := p.value(); e != errNone {
		return e
	}
	return p.expect(errExpectedEnd, tokEnd)
}

// reportParse is report_parse_error: the error for an unexpected token in context ctx.
func (p *parser) reportParse(ctx errorKind) errorKind {
	if p.tok == tokEnd {
		return errExpectedMore
	}
	return ctx
}

// expect consumes the current token if it is tok, or reports the error of context ctx.
func (p *parser) expect(ctx errorKind, tok tokenType) errorKind {
	if p.tok != tok {
		return p.reportParse(ctx)
	}
	if tok == tokEnd {
		return errNone
	}
	return p.next()
}

func (p *parser) value() errorKind {
	switch p.tok {
	case tokObjectStart:
		return p.object()
	case tokArrayStart:
		return p.array()
	}
	return p.scalarValue()
}

func (p *parser) scalarValue() errorKind {
	var kind Kind
	switch p.tok {
	case tokString:
		kind = KindString
	case tokNumber:
		kind = KindNumber
	case tokTrue:
		kind = KindTrue
	case tokFalse:
		kind = KindFalse
	case tokNull:
		kind = KindNull
	default:
		return p.reportParse(errExpectedJSON)
	}
	if p.sink != nil {
		text := p.in[p.tokStart:p.tokEnd]
		if kind == KindString {
			if p.needEscapes {
				text = p.str
			} else {
				text = text[1 : len(text)-1]
			}
		}
		if e := p.sink.scalar(kind, text, p.tokStart, p.tokEnd); e != errNone {
			return e
		}
	}
	return p.next()
}

func (p *parser) enter() errorKind {
	p.depth++
	if p.depth > p.maxDepth {
		return errTooDeep
	}
	return errNone
}

func (p *parser) object() errorKind {
	if e := p.enter(); e != errNone {
		return e
	}
	if p.sink != nil {
		p.sink.beginObject(p.tokStart)
	}
	if e := p.next(); e != errNone { // the '{'
		return e
	}
	switch p.tok {
	case tokString:
		if e := p.field(); e != errNone {
			return e
		}
		for p.tok == tokComma {
			if e := p.next(); e != errNone {
				return e
			}
			if e := p.field(); e != errNone {
				return e
			}
		}
	case tokObjectEnd:
	default:
		return p.reportParse(errExpectedObjectFirst)
	}
	if p.tok != tokObjectEnd {
		return p.reportParse(errExpectedObjectNext)
	}
	if p.sink != nil {
		p.sink.endObject(p.tokEnd)
	}
	p.depth--
	return p.next()
}

func (p *parser) field() errorKind {
	if p.tok != tokString {
		return p.reportParse(errExpectedString)
	}
	if p.sink != nil {
		k := p.in[p.tokStart+1 : p.tokEnd-1]
		if p.needEscapes {
			k = p.str
		}
		p.sink.key(k, p.tokStart, p.tokEnd)
	}
	if e := p.next(); e != errNone {
		return e
	}
	if e := p.expect(errExpectedColon, tokColon); e != errNone {
		return e
	}
	return p.value()
}

func (p *parser) array() errorKind {
	if e := p.enter(); e != errNone {
		return e
	}
	if p.sink != nil {
		p.sink.beginArray(p.tokStart)
	}
	if e := p.next(); e != errNone { // the '['
		return e
	}
	if p.tok != tokArrayEnd {
		if e := p.value(); e != errNone {
			return e
		}
		for p.tok == tokComma {
			if e := p.next(); e != errNone {
				return e
			}
			if e := p.value(); e != errNone {
				return e
			}
		}
	}
	if p.tok != tokArrayEnd {
		return p.reportParse(errExpectedArrayNext)
	}
	if p.sink != nil {
		p.sink.endArray(p.tokEnd)
	}
	p.depth--
	return p.next()
}
