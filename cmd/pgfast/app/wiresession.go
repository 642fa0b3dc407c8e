package app

import (
	"context"
	"io"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire"
)

// The wire package names what it needs of a session by interfaces of its own; these
// adapters hand it the session layer's concrete types (Go has no covariant results).

// engineAdapter serves a *session.Engine as a wire.Engine.
type engineAdapter struct{ *session.Engine }

var _ wire.Engine = engineAdapter{}

// NewSession implements wire.Engine.
func (a engineAdapter) NewSession(startup map[string]string) wire.Session {
	return wireSession{a.Engine.NewSession(startup)}
}

// wireSession serves a *session.Session as a wire.Session. A wire.Prepared it is given
// back is always one its Prepare returned.
type wireSession struct{ *session.Session }

var _ wire.Session = wireSession{}

// session.Result needs no conversion: it has wire.Result's methods.
var _ wire.Result = session.Result(nil)

// Prepare implements wire.Session.
func (s wireSession) Prepare(p *planner.Parsed, paramTypes []types.OID) (wire.Prepared, error) {
	prep, err := s.Session.Prepare(p, paramTypes)
	if err != nil {
		return nil, err
	}
	return prep, nil
}

// Execute implements wire.Session.
func (s wireSession) Execute(ctx context.Context, p wire.Prepared, params []scalar.Scalar) (wire.Result, error) {
	res, err := s.Session.Execute(ctx, p.(*session.Prepared), params)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// CopyFrom implements wire.Session.
func (s wireSession) CopyFrom(ctx context.Context, p wire.Prepared, r io.Reader) (string, error) {
	return s.Session.CopyFrom(ctx, p.(*session.Prepared), r)
}

// CopyTo implements wire.Session.
func (s wireSession) CopyTo(ctx context.Context, p wire.Prepared, emit func([]byte) error) (string, error) {
	return s.Session.CopyTo(ctx, p.(*session.Prepared), emit)
}

// DecodeParams implements wire.Session.
func (s wireSession) DecodeParams(p wire.Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error) {
	return s.Session.DecodeParams(p.(*session.Prepared), formats, values)
}

// TxStatus implements wire.Session.
func (s wireSession) TxStatus() wire.TxStatus { return wire.TxStatus(s.Session.TxStatus()) }

// Timeouts implements wire.Session.
func (s wireSession) Timeouts() wire.Timeouts { return wire.Timeouts(s.Session.Timeouts()) }
