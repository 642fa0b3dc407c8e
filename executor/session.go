package executor

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
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
	// sessions numbers sessions, which name their temporary schemas after it.
	sessions atomic.Int64
}

// NewEngine returns an engine over store using the functions of reg. workers bounds the
// goroutines one statement's parallel operators use (0: GOMAXPROCS).
func NewEngine(store Store, reg *catalog.Registry, workers int) *Engine {
	return &Engine{store: store, reg: reg, workers: workers}
}

// Registry returns the engine's function registry.
func (e *Engine) Registry() *catalog.Registry { return e.reg }

// Prepared is a statement bound for execution, as kept by the extended protocol under a
// statement name. It is re-bound transparently when the catalog changed since it was bound.
type Prepared struct {
	Stmt       *planner.Statement
	parsed     *planner.Parsed
	paramTypes []types.OID
	catalog    *catalog.Catalog
}

// Session is one client's connection state: settings and the transaction in progress. A
// Session is used by one goroutine at a time.
type Session struct {
	eng      *Engine
	settings *settings
	// txn is the open transaction block (nil outside BEGIN ... COMMIT).
	txn      Txn
	txnStart time.Time
	failed   bool
	// notices queued for the client (warnings and notices of the last statement).
	notices []*pgerror.Error
	mu      sync.Mutex
	// tempSchema holds the session's temporary tables, dropped when it closes.
	tempSchema string
	// prepared holds the statements of SQL PREPARE by name.
	prepared map[string]*Prepared
	// seqs is the session's state of currval and lastval.
	seqs seqSession
}

// NewSession starts a session for a client that sent the given startup parameters (user,
// database, application_name, options, ...).
func (e *Engine) NewSession(startup map[string]string) *Session {
	return &Session{eng: e, settings: newSettings(startup),
		tempSchema: fmt.Sprintf("pg_temp_%d", e.sessions.Add(1))}
}

// Parse splits sql into statements. An empty or comment-only string gives none.
// Syntax errors carry 42601 and the cursor position.
func (s *Session) Parse(sql string) ([]*planner.Parsed, error) {
	ps, err := planner.Parse(sql)
	if err != nil {
		return nil, s.statementError(err)
	}
	return ps, nil
}

// currentCatalog returns the catalog statements are bound against now.
func (s *Session) currentCatalog() *catalog.Catalog {
	if s.txn != nil {
		return s.txn.Catalog()
	}
	t := s.eng.store.Begin()
	defer t.Rollback()
	return t.Catalog()
}

// Prepare binds a parsed statement. paramTypes holds the client's declared parameter types
// (0 or missing entries are inferred).
func (s *Session) Prepare(p *planner.Parsed, paramTypes []types.OID) (*Prepared, error) {
	if s.failed && !isTxnEnd(p) {
		return nil, errAborted()
	}
	cat := s.currentCatalog()
	st, err := planner.PrepareScoped(cat, s.eng.reg, p, paramTypes, s.scope())
	if err != nil {
		return nil, s.statementError(err)
	}
	return &Prepared{Stmt: st, parsed: p, paramTypes: paramTypes, catalog: cat}, nil
}

// isTxnEnd reports whether p is COMMIT or ROLLBACK, the statements allowed in an aborted
// transaction.
func isTxnEnd(p *planner.Parsed) bool {
	t := strings.ToLower(strings.TrimSpace(p.Text()))
	for _, w := range []string{"rollback", "commit", "end", "abort"} {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

func errAborted() error {
	return pgerror.New(pgcode.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// rebind re-prepares p if the catalog changed since it was bound.
func (s *Session) rebind(p *Prepared) (*planner.Statement, error) {
	cat := s.currentCatalog()
	if cat == p.catalog || p.parsed == nil {
		return p.Stmt, nil
	}
	st, err := planner.PrepareScoped(cat, s.eng.reg, p.parsed, p.paramTypes, s.scope())
	if err != nil {
		return nil, err
	}
	p.Stmt, p.catalog = st, cat
	return st, nil
}

// TxStatus returns the transaction state for ReadyForQuery.
func (s *Session) TxStatus() TxStatus {
	switch {
	case s.failed:
		return TxFailed
	case s.txn != nil:
		return TxActive
	}
	return TxIdle
}

// AbortTransaction marks an open transaction block failed, as any error inside one does in
// PostgreSQL: the protocol layer calls it for errors it raises itself (a malformed Bind, an
// unknown portal), which never reach the session otherwise.
func (s *Session) AbortTransaction() {
	if s.txn != nil {
		s.failed = true
	}
}

// TakeNotices returns and clears the notices raised by the statements run since the last
// call (for example "table does not exist, skipping").
func (s *Session) TakeNotices() []*pgerror.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.notices
	s.notices = nil
	return n
}

func (s *Session) notice(severity string, code pgcode.Code, format string, args ...any) {
	e := pgerror.Newf(code, format, args...)
	e.Severity = severity
	s.mu.Lock()
	s.notices = append(s.notices, e)
	s.mu.Unlock()
}

// ParameterStatus returns the server parameters reported at startup, and after SET changes
// one of them, as name/value pairs.
func (s *Session) ParameterStatus() map[string]string { return s.settings.reported() }

// TakeChangedParameters returns the reported parameters changed since the last call (by SET).
func (s *Session) TakeChangedParameters() map[string]string { return s.settings.takeChanged() }

// IOSettings returns the settings for text and binary conversion of result values.
func (s *Session) IOSettings() *types.IOSettings {
	io := s.settings.io()
	names := &lazyNames{get: func() *pgcatalog.Names {
		return &pgcatalog.Names{Catalog: s.currentCatalog(), Registry: s.eng.reg, User: s.settings.value("session_authorization")}
	}}
	io.Names, io.Types = names, names
	return io
}

// discard runs DISCARD: it returns the session to the state of a new connection (ALL), or
// forgets temporary tables (TEMP) or sequence state (SEQUENCES). Plans are re-bound whenever
// the catalog changes, so PLANS has nothing to drop. Connection poolers send DISCARD ALL
// between clients.
func (s *Session) discard(target string) error {
	switch target {
	case "all":
		if s.txn != nil {
			return pgerror.New(pgcode.ActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block")
		}
		s.prepared = nil
		if err := s.settings.set("all", ""); err != nil {
			return err
		}
		s.seqs = seqSession{}
		s.dropTempTables()
	case "sequences":
		s.seqs = seqSession{}
	case "temp":
		s.dropTempTables()
	}
	return nil
}

// Close ends the session, rolling back any open transaction and dropping its temporary
// tables.
func (s *Session) Close() {
	if s.txn != nil {
		s.txn.Rollback()
		s.txn = nil
	}
	s.dropTempTables()
}

func (s *Session) workers() int {
	if s.eng.workers > 0 {
		return s.eng.workers
	}
	return runtime.GOMAXPROCS(0)
}

// begin returns the transaction a statement runs in, and whether it is an implicit one the
// statement must end itself.
func (s *Session) begin() (Txn, bool) {
	if s.txn != nil {
		return s.txn, false
	}
	return s.eng.store.Begin(), true
}

// fail records a statement error: inside a block the transaction becomes aborted.
func (s *Session) fail(txn Txn, implicit bool) {
	if implicit {
		txn.Rollback()
		return
	}
	s.failed = true
}

// Execute runs a prepared statement with parameter values (one per Stmt.Params). For
// statements that return no rows the work is done when Execute returns, and the Result only
// carries the tag. COPY statements are run with CopyFrom and CopyTo instead.
func (s *Session) Execute(ctx context.Context, p *Prepared, params []scalar.Scalar) (Result, error) {
	st := p.Stmt
	if s.failed {
		switch st.Kind {
		case planner.StmtCommit, planner.StmtRollback:
			s.txn.Rollback()
			s.txn, s.failed = nil, false
			return tagOnly("ROLLBACK"), nil
		default:
			return nil, errAborted()
		}
	}
	switch st.Kind {
	case planner.StmtEmpty:
		return tagOnly(""), nil
	case planner.StmtBegin:
		if s.txn != nil {
			s.notice("WARNING", pgcode.ActiveSqlTransaction, "there is already a transaction in progress")
		} else {
			s.txn, s.txnStart = s.eng.store.Begin(), time.Now()
		}
		return tagOnly("BEGIN"), nil
	case planner.StmtCommit:
		if s.txn == nil {
			s.notice("WARNING", pgcode.NoActiveSqlTransaction, "there is no transaction in progress")
			return tagOnly("COMMIT"), nil
		}
		t := s.txn
		s.txn = nil
		if err := t.Commit(); err != nil {
			return nil, err
		}
		return tagOnly("COMMIT"), nil
	case planner.StmtRollback:
		if s.txn == nil {
			s.notice("WARNING", pgcode.NoActiveSqlTransaction, "there is no transaction in progress")
			return tagOnly("ROLLBACK"), nil
		}
		s.txn.Rollback()
		s.txn = nil
		return tagOnly("ROLLBACK"), nil
	case planner.StmtDiscard:
		if err := s.discard(st.SetName); err != nil {
			return nil, s.statementError(err)
		}
		return tagOnly(st.Tag), nil
	case planner.StmtSet:
		if err := s.settings.set(st.SetName, st.SetValue); err != nil {
			return nil, s.statementError(err)
		}
		return tagOnly(st.Tag), nil
	case planner.StmtShow:
		v, err := s.settings.show(st.SetName)
		if err != nil {
			return nil, s.statementError(err)
		}
		return textRows(st.Result, []string{v}), nil
	case planner.StmtNoop:
		return tagOnly(st.Tag), nil
	case planner.StmtPrepare:
		return s.sqlPrepare(st)
	case planner.StmtDeallocate:
		return s.deallocate(st)
	case planner.StmtExecute:
		return s.sqlExecute(ctx, p, params)
	case planner.StmtExplain:
		return textRows(st.Result, st.ExplainText), nil
	case planner.StmtCopyFrom, planner.StmtCopyTo:
		return nil, pgerror.New(pgcode.ProtocolViolation, "COPY must be run with the COPY sub-protocol")
	case planner.StmtCopyFromFile, planner.StmtCopyToFile:
		tag, err := s.copyFile(ctx, p)
		if err != nil {
			return nil, err
		}
		return tagOnly(tag), nil
	}

	st, err := s.rebind(p)
	if err != nil {
		return nil, s.statementError(err)
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, params)
	switch st.Kind {
	case planner.StmtQuery:
		op, err := s.open(ectx, st.Query)
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return &rowsResult{sess: s, ctx: ectx, op: op, cols: st.Result, txn: txn, implicit: implicit}, nil
	case planner.StmtInsert:
		n, err := s.insert(ectx, st.Table, st.TargetCols, st.Query)
		if err == nil && implicit {
			err = txn.Commit()
		}
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return tagOnly(fmt.Sprintf("INSERT 0 %d", n)), nil
	case planner.StmtCreateTable:
		tag, err := s.createTable(ectx, st)
		if err == nil && implicit {
			err = txn.Commit()
		}
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return tagOnly(tag), nil
	case planner.StmtDelete, planner.StmtUpdate:
		res, err := s.modify(ectx, st)
		if err == nil && implicit {
			err = txn.Commit()
		}
		if err != nil {
			if res != nil {
				(&returningResult{recs: res.returning}).Close()
			}
			s.fail(txn, implicit)
			return nil, err
		}
		if st.Result != nil {
			return &returningResult{cols: st.Result, recs: res.returning, tag: modifyTag(st, res.rows)}, nil
		}
		return tagOnly(modifyTag(st, res.rows)), nil
	case planner.StmtTruncate, planner.StmtAlterTable:
		var err error
		if st.Kind == planner.StmtTruncate {
			err = truncate(txn, st)
		} else {
			err = s.alterTable(ectx, st)
		}
		if err == nil && implicit {
			err = txn.Commit()
		}
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return tagOnly(st.Tag), nil
	case planner.StmtCreateType, planner.StmtAlterType, planner.StmtDropType:
		err := s.typeDDL(txn, st)
		if err == nil && implicit {
			err = txn.Commit()
		}
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return tagOnly(st.Tag), nil
	case planner.StmtDropTable:
		err := s.dropTables(txn, st)
		if err == nil && implicit {
			err = txn.Commit()
		}
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return tagOnly(st.Tag), nil
	}
	if implicit {
		txn.Rollback()
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "statement kind %d not supported", st.Kind)
}

// newCtx returns the execution context of one statement.
func (s *Session) newCtx(ctx context.Context, txn Txn, implicit bool, params []scalar.Scalar) *Ctx {
	ec := NewCtx(ctx, memory.DefaultAllocator, txn, params, s.settings.io(), s.workers())
	now := time.Now()
	start := s.txnStart
	if implicit || start.IsZero() {
		start = now
	}
	ec.Session = &catalog.SessionInfo{User: s.settings.value("session_authorization"), Database: s.settings.value("database"),
		TxnStart: start, StatementStart: now, Catalog: txn.Catalog(), Setting: s.settings.show}
	seqStore, _ := s.eng.store.(SequenceStore)
	ec.Session.Sequences = &statementSequences{store: seqStore, cat: txn.Catalog(), sess: &s.seqs}
	src := s.systemSource(txn)
	ec.System = src
	ec.IO.Names = &pgcatalog.Names{Catalog: src.Catalog, Registry: src.Registry, User: src.User}
	ec.IO.Types = txn.Catalog()
	return ec
}

// statementError marks the block failed for errors outside row production.
func (s *Session) statementError(err error) error {
	if s.txn != nil {
		s.failed = true
	}
	return err
}

// open builds and opens the operators of a query.
func (s *Session) open(ctx *Ctx, plan planner.Plan) (Operator, error) {
	op, err := Build(plan, ctx)
	if err != nil {
		return nil, err
	}
	if err := op.Open(ctx); err != nil {
		op.Close()
		return nil, err
	}
	return op, nil
}

func (s *Session) createTable(ctx *Ctx, st *planner.Statement) (string, error) {
	if old := ctx.Txn.Catalog().Table(st.Create.Schema, st.Create.Name); old != nil && st.OrReplace && old.Kind == catalog.KindView {
		// CREATE OR REPLACE VIEW: the planner checked the new definition is compatible.
		if err := ctx.Txn.DropTable(old.OID); err != nil {
			return "", err
		}
	}
	if ctx.Txn.Catalog().Table(st.Create.Schema, st.Create.Name) != nil {
		if st.IfNotExists {
			s.notice("NOTICE", pgcode.DuplicateTable, "relation \"%s\" already exists, skipping", st.Create.Name)
			if st.Query != nil {
				return "SELECT 0", nil
			}
			return "CREATE TABLE", nil
		}
		return "", pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", st.Create.Name)
	}
	def, err := ctx.Txn.CreateTable(*st.Create)
	if err != nil {
		return "", err
	}
	if err := createOwnedSequences(ctx, def, st.CreateOwned); err != nil {
		return "", err
	}
	if st.Query == nil {
		return st.Tag, nil
	}
	cols := make([]int, len(def.Columns))
	for i := range cols {
		cols[i] = i
	}
	n, err := s.insert(ctx, def, cols, st.Query)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT %d", n), nil
}

func (s *Session) dropTables(txn Txn, st *planner.Statement) error {
	noun := "table"
	if st.Tag == "DROP VIEW" {
		noun = "view"
	} else if st.Tag == "DROP SEQUENCE" {
		noun = "sequence"
	}
	for _, name := range st.Missing {
		s.notice("NOTICE", pgcode.UndefinedTable, "%s \"%s\" does not exist, skipping", noun, name)
	}
	for _, d := range st.Drop {
		cur := txn.Catalog().TableByOID(d.OID)
		if cur == nil {
			if st.IfExists {
				s.notice("NOTICE", pgcode.UndefinedTable, "%s \"%s\" does not exist, skipping", noun, d.Name)
				continue
			}
			return pgerror.Newf(pgcode.UndefinedTable, "%s \"%s\" does not exist", noun, d.Name)
		}
		if err := txn.DropTable(d.OID); err != nil {
			return err
		}
	}
	return nil
}

// insert runs query and appends its rows to table: query column i goes to table column
// target[i]; other columns get NULL.
func (s *Session) insert(ctx *Ctx, table *catalog.TableDef, target []int, query planner.Plan) (int64, error) {
	cur := ctx.Txn.Catalog().TableByOID(table.OID)
	if cur == nil {
		return 0, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", table.Name)
	}
	op, err := s.open(ctx, query)
	if err != nil {
		return 0, err
	}
	defer op.Close()
	w := newTableWriter(ctx, cur, target)
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			break
		}
		if err != nil {
			return 0, err
		}
		if err := w.write(rec.Columns(), rec.NumRows()); err != nil {
			return 0, err
		}
	}
	return w.rows, nil
}

// tagOnly is the result of a statement that returns no rows.
type tagOnly string

func (t tagOnly) Columns() []planner.Column   { return nil }
func (t tagOnly) Next() (arrow.Record, error) { return nil, io.EOF }
func (t tagOnly) Tag() string                 { return string(t) }
func (t tagOnly) Close() error                { return nil }

// rowsResult streams a query's batches.
type rowsResult struct {
	sess     *Session
	ctx      *Ctx
	op       Operator
	cols     []planner.Column
	txn      Txn
	implicit bool
	rows     int64
	done     bool
	closed   bool
}

func (r *rowsResult) Columns() []planner.Column { return r.cols }

func (r *rowsResult) Next() (arrow.Record, error) {
	if r.done {
		return nil, io.EOF
	}
	rec, err := r.op.Next(r.ctx)
	if err != nil {
		r.done = true
		if !isEOF(err) {
			r.finish(err)
			return nil, err
		}
		r.finish(nil)
		return nil, io.EOF
	}
	r.rows += rec.NumRows()
	return rec, nil
}

// finish ends the statement: an implicit transaction commits (it read only), a failed
// statement in a block aborts the block.
func (r *rowsResult) finish(err error) {
	if r.closed {
		return
	}
	r.closed = true
	r.op.Close()
	if err != nil {
		r.sess.fail(r.txn, r.implicit)
		return
	}
	if r.implicit {
		r.txn.Rollback()
	}
}

func (r *rowsResult) Tag() string { return fmt.Sprintf("SELECT %d", r.rows) }

func (r *rowsResult) Close() error {
	// A portal closed before its end (a row limit) still ends its implicit transaction.
	r.finish(nil)
	return nil
}

// textRows is the result of SHOW and EXPLAIN: one text column.
func textRows(cols []planner.Column, lines []string) Result {
	return &textResult{cols: cols, lines: lines}
}

type textResult struct {
	cols  []planner.Column
	lines []string
	rec   arrow.Record
	done  bool
}

func (t *textResult) Columns() []planner.Column { return t.cols }

func (t *textResult) Next() (arrow.Record, error) {
	if t.done {
		return nil, io.EOF
	}
	t.done = true
	t.rec = stringsRecord(t.cols[0].Name, t.lines)
	return t.rec, nil
}

func (t *textResult) Tag() string {
	if t.cols[0].Name == "QUERY PLAN" {
		return "EXPLAIN"
	}
	return "SHOW"
}

func (t *textResult) Close() error {
	if t.rec != nil {
		t.rec.Release()
		t.rec = nil
	}
	return nil
}
