package wire

import (
	"context"
	"io"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Engine creates a Session per client connection. The server calls NewSession once the
// startup message has been read, with the startup parameters (user, database,
// application_name, options, ...).
//
// *executor.Engine returns the concrete *executor.Session, so it is adapted with
// EngineFunc (Go has no covariant results):
//
//	wire.EngineFunc(func(p map[string]string) wire.Session { return eng.NewSession(p) })
type Engine interface {
	NewSession(startup map[string]string) Session
}

// EngineFunc adapts a function to the Engine interface.
type EngineFunc func(startup map[string]string) Session

// NewSession implements the Engine interface.
func (f EngineFunc) NewSession(startup map[string]string) Session { return f(startup) }

// Session is the part of *executor.Session that the protocol drives: exactly the methods
// wire calls, so tests can substitute a fake. A Session is used by its connection's
// goroutine only; the server never calls it concurrently. See executor/session.go for the
// contract of each method.
type Session interface {
	// Parse splits a query string into statements (none for an empty string).
	Parse(sql string) ([]*planner.Parsed, error)
	// Prepare binds one parsed statement; paramTypes are the client's declared types.
	Prepare(p *planner.Parsed, paramTypes []types.OID) (*executor.Prepared, error)
	// Execute runs a prepared statement. The Result stays open (and ctx in force) until it
	// is closed, which is what lets a portal be suspended between Execute messages.
	Execute(ctx context.Context, p *executor.Prepared, params []scalar.Scalar) (executor.Result, error)
	// CopyFrom runs COPY ... FROM STDIN over the unframed data stream r.
	CopyFrom(ctx context.Context, p *executor.Prepared, r io.Reader) (string, error)
	// CopyTo runs COPY ... TO STDOUT, passing chunks of whole rows to emit.
	CopyTo(ctx context.Context, p *executor.Prepared, emit func([]byte) error) (string, error)
	// DecodeParams decodes Bind's parameter values.
	DecodeParams(p *executor.Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error)
	// TxStatus is the transaction state sent in ReadyForQuery.
	TxStatus() executor.TxStatus
	// ParameterStatus lists the parameters reported at startup.
	ParameterStatus() map[string]string
	// AbortTransaction marks an open transaction block failed after an error raised by the
	// protocol layer itself.
	AbortTransaction()
	// TakeNotices returns the notices and warnings raised since the last call.
	TakeNotices() []*pgerror.Error
	// TakeChangedParameters returns the reported parameters changed since the last call.
	TakeChangedParameters() map[string]string
	// IOSettings returns the settings that shape text and binary output of values.
	IOSettings() *types.IOSettings
	// Close ends the session, rolling back any open transaction.
	Close()
}

// The executor's session is the production implementation.
var _ Session = (*executor.Session)(nil)
