package executor

import (
	"context"
	"io"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

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

// Transaction states.
const (
	TxIdle   TxStatus = 'I' // not in a transaction block
	TxActive TxStatus = 'T' // in a transaction block
	TxFailed TxStatus = 'E' // in a failed transaction block: statements give 25P02 until ROLLBACK
)

// Engine runs statements for many sessions against one store and function registry.
type Engine struct {
	store   Store
	reg     *catalog.Registry
	workers int
}

// Prepared is a statement bound for execution, as kept by the extended protocol under a
// statement name. It is re-bound transparently when the catalog changed since it was bound.
type Prepared struct {
	Stmt *planner.Statement
	// internal: source and binding state
	parsed     *planner.Parsed
	paramTypes []types.OID
	catalog    *catalog.Catalog
}

// Session is one client's connection state: settings and the transaction in progress. A
// Session is used by one goroutine at a time.
type Session struct {
	eng *Engine
	// TODO(spine): settings, transaction state
}

// Parse splits sql into statements. An empty or comment-only string gives none.
// Syntax errors carry 42601 and the cursor position.
func (s *Session) Parse(sql string) ([]*planner.Parsed, error) { panic("TODO") }

// Prepare binds a parsed statement. paramTypes holds the client's declared parameter types
// (0 or missing entries are inferred).
func (s *Session) Prepare(p *planner.Parsed, paramTypes []types.OID) (*Prepared, error) {
	panic("TODO")
}

// Execute runs a prepared statement with parameter values (one per Stmt.Params). For
// statements that return no rows the work is done when Execute returns, and the Result only
// carries the tag. COPY statements are run with CopyFrom and CopyTo instead.
func (s *Session) Execute(ctx context.Context, p *Prepared, params []scalar.Scalar) (Result, error) {
	panic("TODO")
}

// CopyFrom runs COPY ... FROM STDIN, reading the data stream (without protocol framing)
// from r until io.EOF. It returns the command tag ("COPY 1000").
func (s *Session) CopyFrom(ctx context.Context, p *Prepared, r io.Reader) (string, error) {
	panic("TODO")
}

// CopyTo runs COPY ... TO STDOUT, passing the data to emit in chunks of whole rows. It returns
// the command tag.
func (s *Session) CopyTo(ctx context.Context, p *Prepared, emit func([]byte) error) (string, error) {
	panic("TODO")
}

// DecodeParams decodes Bind's parameter values for p: formats as in the Bind message (none:
// all text; one: applies to all), a nil value is NULL. Errors carry 22P02 and similar.
func (s *Session) DecodeParams(p *Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error) {
	panic("TODO")
}

// TxStatus returns the transaction state for ReadyForQuery.
func (s *Session) TxStatus() TxStatus { panic("TODO") }

// ParameterStatus returns the server parameters reported at startup, and after SET changes
// one of them, as name/value pairs.
func (s *Session) ParameterStatus() map[string]string { panic("TODO") }

// TakeChangedParameters returns the reported parameters changed since the last call (by SET).
func (s *Session) TakeChangedParameters() map[string]string { panic("TODO") }

// IOSettings returns the settings for text and binary conversion of result values.
func (s *Session) IOSettings() *types.IOSettings { panic("TODO") }

// Close ends the session, rolling back any open transaction.
func (s *Session) Close() { panic("TODO") }

// NewEngine returns an engine over store using the functions of reg. workers bounds the
// goroutines one statement's parallel operators use (0: GOMAXPROCS).
func NewEngine(store Store, reg *catalog.Registry, workers int) *Engine {
	return &Engine{store: store, reg: reg, workers: workers}
}

// NewSession starts a session for a client that sent the given startup parameters (user,
// database, application_name, options, ...).
func (e *Engine) NewSession(startup map[string]string) *Session { panic("TODO") }
