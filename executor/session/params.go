package session

import (
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// DecodeParams decodes Bind's parameter values for p: formats as in the Bind message (none:
// all text; one: applies to all), a nil value is NULL. Errors carry 22P02 and similar.
func (s *Session) DecodeParams(p *Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error) {
	st := p.stmt
	if len(values) != len(st.Params) {
		return nil, pgerror.Newf(pgcode.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"\" requires %d", len(values), len(st.Params))
	}
	if len(formats) > 1 && len(formats) != len(values) {
		return nil, pgerror.Newf(pgcode.ProtocolViolation, "bind message has %d parameter formats but %d parameters", len(formats), len(values))
	}
	io := s.settings.IO()
	io.Types = s.currentCatalog() // enum labels are read against the session's snapshot
	out := make([]scalar.Scalar, len(values))
	for i, v := range values {
		t := st.Params[i]
		if v == nil {
			out[i] = scalar.MakeNullScalar(t.Arrow())
			continue
		}
		format := int16(0)
		if len(formats) == 1 {
			format = formats[0]
		} else if len(formats) > 1 {
			format = formats[i]
		}
		var parse types.TextParser
		switch format {
		case 0:
			parse = types.TextParserFor(t, io)
		case 1:
			parse = types.BinaryParserFor(t, io)
		default:
			return nil, pgerror.Newf(pgcode.ProtocolViolation, "unsupported format code: %d", format)
		}
		b := array.NewBuilder(memory.DefaultAllocator, t.Arrow())
		err := parse(b, v)
		if err != nil {
			b.Release()
			return nil, s.statementError(err)
		}
		arr := b.NewArray()
		b.Release()
		sc, err := scalar.GetScalar(arr, 0)
		arr.Release()
		if err != nil {
			return nil, err
		}
		out[i] = sc
	}
	return out, nil
}
