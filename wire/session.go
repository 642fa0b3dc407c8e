package wire

import (
	"context"
	"io"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Engine creates a Session per client connection. The server calls NewSession once the
// startup message has been read, with the startup parameters (user, database,
// application_name, options, ...).
//
// The server's engine (package executor/session) returns its concrete session type, so
// cmd/pgfast adapts it (Go has no covariant results); EngineFunc adapts a function.
type Engine interface {
	NewSession(startup map[string]string) Session
}

// SessionStarter is an Engine that may refuse to start a session, for a database that
// does not exist or takes no connections: the error is sent to the client as a FATAL and
// the connection closed. The server uses StartSession instead of NewSession when the
// Engine has it.
type SessionStarter interface {
	StartSession(startup map[string]string) (Session, error)
}

// EngineFunc adapts a function to the Engine interface.
type EngineFunc func(startup map[string]string) Session

// NewSession implements the Engine interface.
func (f EngineFunc) NewSession(startup map[string]string) Session { return f(startup) }

// Session is what the protocol drives of a client's session: exactly the methods wire
// calls, so tests can substitute a fake. A Session is used by its connection's goroutine
// only; the server never calls it concurrently. Package executor/session documents the
// production implementation's contract of each method.
type Session interface {
	// Parse splits a query string into statements (none for an empty string).
	Parse(sql string) ([]*planner.Parsed, error)
	// Prepare binds one parsed statement; paramTypes are the client's declared types.
	Prepare(p *planner.Parsed, paramTypes []types.OID) (Prepared, error)
	// Execute runs a prepared statement. The Result stays open (and ctx in force) until it
	// is closed, which is what lets a portal be suspended between Execute messages.
	Execute(ctx context.Context, p Prepared, params []scalar.Scalar) (Result, error)
	// CopyFrom runs COPY ... FROM STDIN over the unframed data stream r.
	CopyFrom(ctx context.Context, p Prepared, r io.Reader) (string, error)
	// CopyTo runs COPY ... TO STDOUT, passing chunks of whole rows to emit.
	CopyTo(ctx context.Context, p Prepared, emit func([]byte) error) (string, error)
	// DecodeParams decodes Bind's parameter values.
	DecodeParams(p Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error)
	// TxStatus is the transaction state sent in ReadyForQuery.
	TxStatus() TxStatus
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
	// Timeouts returns the session's time limits as they are now.
	Timeouts() Timeouts
	// Close ends the session, rolling back any open transaction.
	Close()
}

// Timeouts are the time limits the protocol layer enforces for a session (0: none), from
// the parameters of the same names.
type Timeouts struct {
	// Statement (statement_timeout) bounds each statement's run, per Execute message and
	// per statement of a simple query: the statement is canceled with 57014.
	Statement time.Duration
	// IdleInTransaction (idle_in_transaction_session_timeout) bounds the wait for the next
	// message inside a transaction block: the connection ends with FATAL 25P03.
	IdleInTransaction time.Duration
	// IdleSession (idle_session_timeout) bounds it outside a block: FATAL 57P05.
	IdleSession time.Duration
}

// Prepared is a statement bound by Session.Prepare; it is handed back to the session to
// run. A nil Prepared stands for an empty query string.
type Prepared interface {
	// Statement returns the bound statement: its kind, parameter types and result columns.
	Statement() *planner.Statement
}

// Result is a running statement that returns rows.
type Result interface {
	// Columns describes the rows (nil for statements that return none).
	Columns() []planner.Column
	// Next returns the next batch, or io.EOF. The record is valid until the next call.
	Next() (arrow.Record, error)
	// Tag returns the complete command tag ("SELECT 3", "INSERT 0 5"); valid after io.EOF,
	// or at once for statements that return no rows.
	Tag() string
	// Close stops the statement and frees its resources. It is safe to call twice.
	Close() error
}

// TxStatus is the transaction state reported in ReadyForQuery.
type TxStatus byte

// Transaction states, as ReadyForQuery spells them.
const (
	TxIdle   TxStatus = 'I' // not in a transaction block
	TxActive TxStatus = 'T' // in a transaction block
	TxFailed TxStatus = 'E' // in a failed transaction block
)
