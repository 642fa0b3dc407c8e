package session

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/filescan"
	"github.com/pgfast/pgfast/executor/fkey"
	"github.com/pgfast/pgfast/executor/locks"
	"github.com/pgfast/pgfast/executor/settings"
	"github.com/pgfast/pgfast/executor/spill"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

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
	memory  *budget.Pool // nil: unbounded
	spill   *spill.Dir   // nil: operators over budget fail instead of spilling
	// fileDirs confine the files foreign tables and read_csv/read_parquet read (nil: any).
	fileDirs []string
	// sessions numbers sessions, which name their temporary schemas after it.
	sessions atomic.Int64
	locks    *locks.Manager // the sessions' advisory locks
	// tables counts each table's scans and row changes (pg_stat_user_tables).
	tables *catalog.TableActivity
}

// EngineOption configures an Engine.
type EngineOption func(*Engine)

// WithFileDirs confines the files foreign tables, read_csv and read_parquet read to dirs.
func WithFileDirs(dirs []string) EngineOption { return func(e *Engine) { e.fileDirs = dirs } }

// WithMemory bounds what all statements together may hold in memory.
func WithMemory(pool *budget.Pool) EngineOption { return func(e *Engine) { e.memory = pool } }

// WithSpill gives operators over their memory budget a directory for temporary files.
func WithSpill(dir *spill.Dir) EngineOption { return func(e *Engine) { e.spill = dir } }

// NewEngine returns an engine over store using the functions of reg. workers bounds the
// goroutines one statement's parallel operators use (0: GOMAXPROCS).
func NewEngine(store Store, reg *catalog.Registry, workers int, opts ...EngineOption) *Engine {
	e := &Engine{store: store, reg: reg, workers: workers, locks: locks.NewManager(), tables: catalog.NewTableActivity()}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Memory returns the pool statements draw memory from (nil: unbounded).
func (e *Engine) Memory() *budget.Pool { return e.memory }

// Registry returns the engine's function registry.
func (e *Engine) Registry() *catalog.Registry { return e.reg }

// Prepared is a statement bound for execution, as kept by the extended protocol under a
// statement name. It is re-bound transparently when the catalog changed since it was bound.
type Prepared struct {
	stmt       *planner.Statement
	parsed     *planner.Parsed
	paramTypes []types.OID
	catalog    *catalog.Catalog
	planning   time.Duration // how long binding and optimizing took, for EXPLAIN
	// source is the text of a statement of a learned shape (plancache.go), parsed only
	// when it must be bound again.
	source string
}

// sourceText is the query string the statement came from, as pg_cursors shows it.
func (p *Prepared) sourceText() string {
	if p.parsed != nil {
		return p.parsed.SQL
	}
	return p.source
}

// FromShape reports whether the statement was made from a shape the session learned, with
// the statement's literals, instead of being parsed and bound from its text (plancache.go).
func (p *Prepared) FromShape() bool { return p.source != "" && p.parsed == nil }

// Statement returns the bound statement (re-bound by the session as the catalog changes):
// its kind, parameter types and result columns.
func (p *Prepared) Statement() *planner.Statement { return p.stmt }

// Session is one client's connection state: settings and the transaction in progress. A
// Session is used by one goroutine at a time.
type Session struct {
	eng      *Engine
	settings *settings.Settings
	// txn is the open transaction block (nil outside BEGIN ... COMMIT).
	txn executor.Txn
	// mods counts the rows the open transaction changed, for n_mod_since_analyze.
	mods     catalog.PendingMods
	txnStart time.Time
	failed   bool
	// queried is whether a statement of the open block has taken a snapshot.
	queried bool
	// inMultiQuery is set while a simple query of several statements runs, and
	// implicitBlock while the block open is that query's implicit one (block.go).
	inMultiQuery, implicitBlock bool
	// savepoints are the open block's savepoints, oldest first.
	savepoints []savepoint
	// notices queued for the client (warnings and notices of the last statement).
	notices []*pgerror.Error
	mu      sync.Mutex
	// tempSchema holds the session's temporary tables, dropped when it closes.
	tempSchema string
	// cursors holds the open cursors of DECLARE by name.
	cursors map[string]*cursor
	// prepared holds the statements of SQL PREPARE by name.
	prepared map[string]*Prepared
	// seqs is the session's state of currval and lastval.
	seqs seqSession
	// locks holds the session's advisory locks.
	locks *locks.Owner
	// backend is the server's connection of this session (SetBackend), nil until known.
	backend catalog.Backend
	// fk enforces the foreign keys of the open block (fkey.go); nil outside one.
	fk *fkey.Log
	// login is the user the client logged in as (role.go).
	login string
	// texts remembers the query strings run lately, parsed and bound (plancache.go).
	texts textCache
	// notify holds the LISTEN, UNLISTEN and NOTIFY of the open transaction.
	notify pendingNotify
	// dbs is the cluster's databases as this session sees them (nil: unknown).
	dbs Databases
}

// NewSession starts a session for a client that sent the given startup parameters (user,
// database, application_name, options, ...).
func (e *Engine) NewSession(startup map[string]string) *Session {
	return &Session{eng: e, settings: settings.New(startup), locks: e.locks.NewOwner(),
		tempSchema: fmt.Sprintf("pg_temp_%d", e.sessions.Add(1)), login: startup["user"]}
}

// Parse splits sql into statements. An empty or comment-only string gives none.
// Syntax errors carry 42601 and the cursor position.
func (s *Session) Parse(sql string) ([]*planner.Parsed, error) {
	ps, err := s.texts.parse(sql)
	if err != nil {
		return nil, s.statementError(err)
	}
	return ps, nil
}

// SetBackend tells the session which server connection it serves, for pg_backend_pid and
// the functions that signal other sessions.
func (s *Session) SetBackend(b catalog.Backend) {
	s.backend = b
	if b != nil {
		s.locks.SetPID(b.PID())
	}
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
	s.enterImplicitBlock()
	if s.failed && !isTxnEnd(p) {
		return nil, errAborted()
	}
	txn, done := s.planningTxn()
	defer done()
	cat := txn.Catalog()
	gen := s.settings.Generation()
	u := s.texts.take(p)
	if u.hit != nil {
		if prep := s.texts.shapePrepared(u, cat, gen, s.eng.reg); prep != nil && len(paramTypes) == 0 {
			return prep, nil
		}
		// The shape is stale: the statement is parsed and bound itself, and the shape
		// learned again from it.
		ps, err := planner.Parse(u.sql)
		if err != nil {
			return nil, s.statementError(err)
		}
		p, u = ps[0], shapeUse{sql: u.sql, shape: u.shape, vals: u.vals, parsed: ps[0]}
	}
	if prep := s.texts.lookup(p, cat, gen, paramTypes); prep != nil {
		return prep, nil
	}
	start := time.Now()
	scope := s.planningScope(txn)
	st, err := planner.PrepareScoped(cat, s.eng.reg, p, paramTypes, scope)
	if err != nil {
		return nil, s.statementError(err)
	}
	prep := &Prepared{stmt: st, parsed: p, paramTypes: paramTypes, catalog: cat, planning: time.Since(start)}
	s.texts.remember(p, prep, gen)
	if u.parsed != nil && len(paramTypes) == 0 {
		s.texts.learn(u, prep, gen, s.eng.reg, func(sp *planner.Parsed, types []types.OID) (*planner.Statement, error) {
			return planner.PrepareScoped(cat, s.eng.reg, sp, types, scope)
		})
	}
	return prep, nil
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
	txn, done := s.planningTxn()
	defer done()
	cat := txn.Catalog()
	if cat != p.catalog && p.parsed == nil && p.source != "" {
		ps, err := planner.Parse(p.source)
		if err != nil {
			return nil, err
		}
		p.parsed = ps[0]
	}
	if cat == p.catalog || p.parsed == nil {
		return p.stmt, nil
	}
	start := time.Now()
	st, err := planner.PrepareScoped(cat, s.eng.reg, p.parsed, p.paramTypes, s.planningScope(txn))
	if err != nil {
		return nil, err
	}
	p.stmt, p.catalog, p.planning = st, cat, time.Since(start)
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
// call (for example "table does not exist, skipping"), those below client_min_messages
// left out as PostgreSQL does (INFO is always sent).
func (s *Session) TakeNotices() []*pgerror.Error {
	s.mu.Lock()
	n := s.notices
	s.notices = nil
	s.mu.Unlock()
	if len(n) == 0 {
		return nil
	}
	least := messageLevel(s.settings.Value("client_min_messages"))
	kept := n[:0]
	for _, e := range n {
		if e.Severity == "INFO" || messageLevel(e.Severity) >= least {
			kept = append(kept, e)
		}
	}
	return kept
}

// messageLevel ranks a message severity, or a client_min_messages value, in the order in
// which client_min_messages compares them.
func messageLevel(severity string) int {
	switch strings.ToLower(severity) {
	case "debug5", "debug4", "debug3", "debug2", "debug1", "debug":
		return 1
	case "log":
		return 2
	case "notice":
		return 3
	case "warning":
		return 4
	case "error":
		return 5
	}
	return 3
}

func (s *Session) notice(severity string, code pgcode.Code, format string, args ...any) {
	e := pgerror.Newf(code, format, args...)
	e.Severity = severity
	s.mu.Lock()
	s.notices = append(s.notices, e)
	s.mu.Unlock()
}

// Timeouts are the session's time limits the protocol layer enforces (0: none).
type Timeouts struct {
	Statement         time.Duration // statement_timeout
	IdleInTransaction time.Duration // idle_in_transaction_session_timeout
	IdleSession       time.Duration // idle_session_timeout
}

// Timeouts returns the session's time limits as its settings give them now.
func (s *Session) Timeouts() Timeouts {
	return Timeouts{Statement: s.settings.Duration("statement_timeout"),
		IdleInTransaction: s.settings.Duration("idle_in_transaction_session_timeout"),
		IdleSession:       s.settings.Duration("idle_session_timeout")}
}

// ParameterStatus returns the server parameters reported at startup, and after SET changes
// one of them, as name/value pairs.
func (s *Session) ParameterStatus() map[string]string { return s.settings.Reported() }

// TakeChangedParameters returns the reported parameters changed since the last call (by SET).
func (s *Session) TakeChangedParameters() map[string]string { return s.settings.TakeChanged() }

// IOSettings returns the settings for text and binary conversion of result values.
func (s *Session) IOSettings() *types.IOSettings {
	io := s.settings.IO()
	names := &lazyNames{get: func() *pgcatalog.Names {
		return &pgcatalog.Names{Catalog: s.currentCatalog(), Registry: s.eng.reg, User: s.settings.Value("session_authorization"), Path: s.searchPath(), TempSchema: s.tempSchema}
	}}
	io.Names, io.Types = names, names
	return io
}

// discard runs DISCARD: it returns the session to the state of a new connection (ALL), or
// forgets temporary tables (TEMP), sequence state (SEQUENCES) or the statements kept for
// query strings run again (PLANS; they are re-bound whenever the catalog or settings change
// anyway). Connection poolers send DISCARD ALL between clients.
func (s *Session) discard(target string) error {
	switch target {
	case "all", "plans":
		s.texts.clear()
	}
	switch target {
	case "all":
		if s.txn != nil {
			return pgerror.New(pgcode.ActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block")
		}
		s.prepared = nil
		if err := s.settings.Set("all", ""); err != nil {
			return err
		}
		s.seqs = seqSession{}
		s.locks.UnlockAll()
		s.dropTempTables()
		s.notify.ops = append(s.notify.ops, listenOp{}) // UNLISTEN *
		s.commitNotify()
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
	s.dropNotify()
	s.closeCursors()
	if s.txn != nil {
		s.releaseSavepoints(0)
		s.txn.Rollback()
		s.mods.Reset()
		s.txn = nil
		s.closeForeignKeys()
	}
	s.locks.Close()
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
func (s *Session) begin() (executor.Txn, bool) {
	txn, implicit := s.txn, false
	if txn == nil {
		txn, implicit = s.eng.store.Begin(), true
	}
	s.markSerializable(txn)
	return txn, implicit
}

// fail records a statement error: inside a block the transaction becomes aborted.
func (s *Session) fail(txn executor.Txn, implicit bool) {
	if implicit {
		s.dropNotify()
		s.endImplicit(txn)
		return
	}
	s.failed = true
}

// newCtx returns the execution context of one statement.
func (s *Session) newCtx(ctx context.Context, txn executor.Txn, implicit bool, params []scalar.Scalar) *executor.Ctx {
	ec := executor.NewCtx(ctx, memory.DefaultAllocator, txn, params, s.settings.IO(), s.workers())
	ec.Budget = s.eng.memory.NewQuery(s.memoryLimits())
	ec.Spill = s.eng.spill
	now := time.Now()
	start := s.txnStart
	if implicit || start.IsZero() {
		start = now
	}
	ec.Session = &catalog.SessionInfo{User: s.sessionUser(), Role: s.currentRole(), Database: s.settings.Value("database"),
		TxnStart: start, StatementStart: now, Catalog: txn.Catalog(), TempSchema: s.tempSchema, Setting: s.settings.Show}
	if s.dbs != nil {
		ec.Session.Databases, ec.Session.DatabaseSize = s.dbs.List, s.dbs.Size
	}
	ec.Session.ViewDef = func(d *catalog.TableDef, pretty bool, wrap int) string {
		return planner.ViewDefinition(txn.Catalog(), s.eng.reg, d, planner.ViewDefOptions{Pretty: pretty, Wrap: wrap, Scope: s.scope(), Path: s.searchPath()})
	}
	ec.Session.Events = func(d *catalog.TableDef, cols []int) int {
		return planner.RelationEvents(txn.Catalog(), s.eng.reg, d, cols, s.scope())
	}
	ec.Session.SetSetting = func(name string, value *string, local bool) error {
		if local && implicit && !s.settings.InBlock() {
			// set_config(..., true) outside a block: the value lasts until the
			// statement's implicit transaction ends (endImplicitSettings), as in PostgreSQL.
			s.settings.Begin()
		}
		switch {
		case value != nil:
			return s.settings.SetConfig(name, *value, local)
		case local:
			return s.settings.SetLocal(name, "") // a NULL value resets, as RESET does
		default:
			return s.settings.Set(name, "")
		}
	}
	seqStore, _ := s.eng.store.(SequenceStore)
	ec.Session.Sequences = &statementSequences{store: seqStore, cat: txn.Catalog(), sess: &s.seqs, readOnly: s.settings.ReadOnly(),
		mayRead: s.mayReadSequence(txn.Catalog())}
	ec.Session.Backend = s.backend
	ec.Session.DomainCheckDef = func(base types.T, expr string, pretty bool) (string, bool) {
		return planner.DomainCheckDefinition(txn.Catalog(), s.eng.reg, base, expr, planner.ViewDefOptions{Pretty: pretty, Scope: s.scope(), Path: s.searchPath()})
	}
	ec.Session.ExprDef = func(t *catalog.TableDef, expr string, pretty bool) (string, bool) {
		return planner.StoredExprDefinition(txn.Catalog(), s.eng.reg, t, expr, planner.ViewDefOptions{Pretty: pretty, Scope: s.scope(), Path: s.searchPath()})
	}
	ec.Session.Notify, ec.Session.ListeningChannels = s.queueNotify, s.listeningChannels
	ec.Session.Sizes, _ = txn.(catalog.Sizes)
	ec.Session.Activity = s.eng.tables
	if rc, ok := txn.(RowCounter); ok {
		ec.Session.RowCounts = rc.RowCounts
	}
	ec.Session.Locks = &statementLocks{sess: s, timeout: s.settings.Duration("lock_timeout")}
	rl := &rowLocks{sess: s, txn: txn, timeout: s.settings.Duration("lock_timeout")}
	ec.RowLocks = rl
	if kw, ok := txn.(keyWaitingTxn); ok {
		kw.SetKeyWaiter(func(ix types.OID, hash uint64) (bool, error) { return rl.lockKey(ctx, ix, hash) })
	}
	ec.Tables, ec.Mods = s.eng.tables, &s.mods
	src := s.systemSource(txn)
	ec.System = src
	ec.Files = filescan.Reader{Dirs: s.eng.fileDirs}
	ec.IO.Names = &pgcatalog.Names{Catalog: src.Catalog, Registry: src.Registry, User: src.User, Path: src.Path, TempSchema: src.TempSchema}
	ec.IO.Types = txn.Catalog()
	s.observeWrites(ec, implicit)
	return ec
}

// memoryLimits returns the per-operator limits of a statement: work_mem when the session
// set it (see package budget for why its default does not bound operators).
func (s *Session) memoryLimits() budget.Limits {
	workMem, src := s.settings.Bytes("work_mem")
	if src == settings.SourceDefault {
		return budget.Limits{}
	}
	return budget.Limits{WorkMem: workMem, HashMem: int64(float64(workMem) * s.settings.Real("hash_mem_multiplier"))}
}

// statementError marks the block failed for errors outside row production.
func (s *Session) statementError(err error) error {
	if s.txn != nil {
		s.failed = true
	}
	return err
}
