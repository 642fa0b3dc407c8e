package executor

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/spill"
)

// BatchSize is the number of rows operators aim to put in one record batch.
const BatchSize = 2048

// Operator is one node of a running plan. Operators pull: the consumer calls Next until it
// returns io.EOF.
//
// Contract:
//   - Build creates operators; they hold no per-execution state until Open.
//   - Open prepares the operator (and opens its children). It may do the blocking work of
//     the operator (building a hash table), or defer it to the first Next.
//   - Next returns the next batch, or (nil, io.EOF) when done. The returned record is owned
//     by the operator and valid only until the next call to Next or Close; a consumer that
//     keeps it must Retain it (and Release it later). Batches are never empty.
//   - Close releases everything, closes the children, and may be called after an error or
//     before EOF. It is called exactly once.
//   - Operators are driven by one goroutine at a time; operators that run work in parallel
//     (Gather, the parallel aggregate) own their goroutines and stop them in Close.
type Operator interface {
	Schema() *arrow.Schema
	Open(ctx *Ctx) error
	Next(ctx *Ctx) (arrow.Record, error)
	Close() error
}

// Ctx is the execution context of one statement.
type Ctx struct {
	context.Context
	Mem memory.Allocator
	// Txn is the transaction the statement runs in: scans read its snapshot.
	Txn Txn
	// Params holds the values of $1..$n.
	Params []scalar.Scalar
	// IO holds the session settings affecting text conversion (casts to and from text).
	IO *types.IOSettings
	// Workers is how many goroutines parallel operators may use.
	Workers int

	// Session is what functions may read about the session (user, transaction start).
	Session *catalog.SessionInfo
	// System produces the rows of pg_catalog's and information_schema's relations.
	System SystemRelations
	// Files reads the files of foreign tables.
	Files ForeignFiles
	// Budget accounts the memory the statement's operators hold (nil: unbounded).
	Budget *budget.Query
	// Spill is where operators over their memory budget write temporary files (nil: they
	// cannot spill, and fail with 53200 instead).
	Spill *spill.Dir
	// Instrument, when set, measures every operator for EXPLAIN ANALYZE.
	Instrument *Instrumentation
	// Writes, when set, is told of the rows the statement writes (package dml).
	Writes WriteObserver
	// RowLocks locks the rows UPDATE and DELETE change (nil: they are not locked).
	RowLocks RowLocker
	// Tables counts the scans and row changes of each table, and Mods the rows the
	// transaction changed (nil: nothing is counted).
	Tables *catalog.TableActivity
	Mods   *catalog.PendingMods

	subqueries *subqueryCache
	// ctes holds the WITH queries and working tables of the statement (op_cte.go).
	ctes *cteRegistry
	// outer is the row a correlated subquery is being evaluated for (apply.go).
	outer *outerRow
}

// NewCtx returns a context for one statement execution.
func NewCtx(ctx context.Context, mem memory.Allocator, txn Txn, params []scalar.Scalar, io *types.IOSettings, workers int) *Ctx {
	if workers < 1 {
		workers = 1
	}
	return &Ctx{Context: ctx, Mem: mem, Txn: txn, Params: params, IO: io, Workers: workers, subqueries: &subqueryCache{}, ctes: &cteRegistry{}}
}

// FuncEnv returns the environment for a function call with the given signature.
func (c *Ctx) FuncEnv(args []types.T, ret types.T) *catalog.FuncEnv {
	return &catalog.FuncEnv{Ctx: c.Context, Mem: c.Mem, TimeZone: c.IO.TimeZone, IO: c.IO, ArgTypes: args, RetType: ret, Session: c.Session}
}
