package fkey

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Binder binds what referential actions need of a referencing table outside any statement
// that names it: the CHECK constraints its changed rows must pass, and column defaults
// (SET DEFAULT).
type Binder interface {
	Checks(cat *catalog.Catalog, table *catalog.TableDef) ([]planner.CheckExpr, error)
	Defaults(cat *catalog.Catalog, table *catalog.TableDef, cols []int) ([]planner.Expr, error)
}

// rowFetcher is a transaction that can return rows by identifier (package storage's).
type rowFetcher interface {
	RowsByID(oid types.OID, ids []int64) (arrow.Record, error)
}

// change is what one write did to a table that a foreign key involves: rows inserted, or
// old rows deleted (newRows nil) or replaced by newRows, pairwise.
type change struct {
	table    *catalog.TableDef
	inserted arrow.Record
	oldRows  arrow.Record
	newRows  arrow.Record
}

func (c *change) release() {
	for _, r := range []arrow.Record{c.inserted, c.oldRows, c.newRows} {
		if r != nil {
			r.Release()
		}
	}
}

// checkKind is what a check verifies.
type checkKind uint8

const (
	// checkPresent: the keys of rows (new referencing rows) are keys of the referenced
	// table.
	checkPresent checkKind = iota
	// checkNoAction: the keys of rows (old referenced rows) are not referenced unless
	// the referenced table still has them.
	checkNoAction
	// checkRestrict: the keys of rows (old referenced rows) are not referenced.
	checkRestrict
)

// check is one check of a foreign key over some rows: full rows of the referencing table
// (checkPresent) or of the referenced one.
type check struct {
	kind checkKind
	key  types.OID // the constraint
	rows arrow.Record
}

// Log enforces the foreign keys of one transaction: see the package documentation.
type Log struct {
	bind Binder
	ctx  *executor.Ctx // the running statement's

	pending  []change // writes of the statement not yet acted on
	deferred []check  // deferred checks, run at commit

	// modes are SET CONSTRAINTS' choices for deferrable constraints: by constraint, or for
	// all of them when allSet (allDeferred), as PostgreSQL keeps them.
	modes       map[types.OID]bool
	allSet      bool
	allDeferred bool

	roles    map[types.OID]role // of tables, for the catalog rolesCat
	rolesCat *catalog.Catalog
}

// role is what a table is to foreign keys.
type role struct{ referencing, referenced bool }

// NewLog returns the log of a transaction.
func NewLog(bind Binder) *Log { return &Log{bind: bind} }

// Observe makes the log the observer of ctx's writes: the statement of ctx runs next.
func (l *Log) Observe(ctx *executor.Ctx) {
	l.discardStatement() // of a statement that failed
	l.ctx = ctx
	ctx.Writes = l
}

// roleOf returns what table oid is to the foreign keys of the current catalog.
func (l *Log) roleOf(oid types.OID) role {
	cat := l.ctx.Txn.Catalog()
	if cat != l.rolesCat {
		l.roles, l.rolesCat = map[types.OID]role{}, cat
		for _, t := range cat.Tables() {
			for _, fk := range t.ForeignKeys {
				r := l.roles[t.OID]
				r.referencing = true
				l.roles[t.OID] = r
				r = l.roles[fk.RefTable]
				r.referenced = true
				l.roles[fk.RefTable] = r
			}
		}
	}
	return l.roles[oid]
}

// Inserted records the new rows of a referencing table.
func (l *Log) Inserted(table *catalog.TableDef, rows arrow.Record) error {
	if rows.NumRows() == 0 || !l.roleOf(table.OID).referencing {
		return nil
	}
	rows.Retain()
	l.pending = append(l.pending, change{table: table, inserted: rows})
	return nil
}

// Deleting records the old rows of a referenced table about to be deleted.
func (l *Log) Deleting(table *catalog.TableDef, ids []int64) error {
	if !l.roleOf(table.OID).referenced {
		return nil
	}
	old, err := l.rowsByID(table, ids)
	if err != nil {
		return err
	}
	l.pending = append(l.pending, change{table: table, oldRows: old})
	return nil
}

// Updating records the old and new rows of a table that references or is referenced.
func (l *Log) Updating(table *catalog.TableDef, ids []int64, recs []arrow.Record) error {
	if r := l.roleOf(table.OID); !r.referenced && !r.referencing {
		return nil
	}
	old, err := l.rowsByID(table, ids)
	if err != nil {
		return err
	}
	newRows, err := concat(l.ctx, table, recs)
	if err != nil {
		old.Release()
		return err
	}
	l.pending = append(l.pending, change{table: table, oldRows: old, newRows: newRows})
	return nil
}

// rowsByID returns table's rows ids, in that order. Few rows are fetched one by one; many
// by one pass over the table's rows, keeping those whose identifier is asked for.
func (l *Log) rowsByID(table *catalog.TableDef, ids []int64) (arrow.Record, error) {
	ctx := l.ctx
	const fetchOneByOne = 64
	if f, ok := ctx.Txn.(rowFetcher); ok && len(ids) <= fetchOneByOne {
		return f.RowsByID(table.OID, ids)
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	recs, rowIDs, err := ctx.Txn.RowIDBatches(table.OID)
	if err != nil {
		return nil, err
	}
	var parts []arrow.Record
	defer func() { releaseAll(parts) }()
	order := make([]int32, 0, len(ids)) // position in ids of each row taken
	for k, rec := range recs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var idx []int32
		for i, id := range rowIDs[k].Int64Values() {
			if p, ok := at[id]; ok {
				idx = append(idx, int32(i))
				order = append(order, int32(p))
			}
		}
		if len(idx) == 0 {
			continue
		}
		part, err := executor.TakeRows(ctx.Mem, rec, idx)
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	if len(order) != len(ids) {
		return nil, pgerror.Newf(pgcode.InternalError, "fkey: %d of %d rows of %s found", len(order), len(ids), table.Name)
	}
	all, err := concat(ctx, table, parts)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	inOrder := make([]int32, len(order))
	for i, p := range order {
		inOrder[p] = int32(i)
	}
	return executor.TakeRows(ctx.Mem, all, inOrder)
}

// EndStatement runs the referential actions of the statement's writes and the checks of
// its immediate constraints, and keeps those of the deferred ones for Commit. The writes
// are taken in order, and for each the foreign keys in PostgreSQL's order of their
// triggers: those referencing the table written, then those it holds, each by OID; a
// check runs when its turn comes, seeing the actions run before it.
func (l *Log) EndStatement(ctx *executor.Ctx) error {
	l.ctx = ctx
	defer l.discardStatement()
	for len(l.pending) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := l.pending
		l.pending = nil
		for i := range batch {
			if err := l.act(ctx, &batch[i]); err != nil {
				releaseChanges(batch[i:])
				return err
			}
			batch[i].release()
		}
	}
	return nil
}

// discardStatement drops what the statement left unprocessed (after an error).
func (l *Log) discardStatement() {
	releaseChanges(l.pending)
	l.pending = nil
}

// Commit runs the deferred checks; the transaction may commit when it returns nil.
func (l *Log) Commit(ctx *executor.Ctx) error {
	l.ctx = ctx
	checks := l.deferred
	l.deferred = nil
	defer releaseChecks(checks)
	for _, c := range checks {
		if err := run(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// Mark returns the state of the deferred checks, which RollbackTo returns to (a
// savepoint).
func (l *Log) Mark() int { return len(l.deferred) }

// RollbackTo drops the deferred checks queued since mark.
func (l *Log) RollbackTo(mark int) {
	if mark < len(l.deferred) {
		releaseChecks(l.deferred[mark:])
		l.deferred = l.deferred[:mark]
	}
}

// Close releases what the log holds (the transaction ended).
func (l *Log) Close() {
	l.discardStatement()
	releaseChecks(l.deferred)
	l.deferred = nil
}

// isDeferred reports whether the checks of fk wait for commit.
func (l *Log) isDeferred(fk *catalog.ForeignKeyDef) bool {
	if !fk.Deferrable {
		return false
	}
	if d, ok := l.modes[fk.OID]; ok {
		return d
	}
	if l.allSet {
		return l.allDeferred
	}
	return fk.Deferred
}

// SetConstraints runs SET CONSTRAINTS: all the deferrable constraints (all) or those of
// keys become deferred or immediate for the rest of the transaction. Making constraints
// immediate runs their deferred checks now.
func (l *Log) SetConstraints(ctx *executor.Ctx, all bool, keys []types.OID, deferred bool) error {
	l.ctx = ctx
	if all {
		l.allSet, l.allDeferred, l.modes = true, deferred, nil
	} else {
		if l.modes == nil {
			l.modes = map[types.OID]bool{}
		}
		for _, k := range keys {
			l.modes[k] = deferred
		}
	}
	if deferred {
		return nil
	}
	var keep, due []check
	for _, c := range l.deferred {
		if all || containsOID(keys, c.key) {
			due = append(due, c)
		} else {
			keep = append(keep, c)
		}
	}
	l.deferred = keep
	defer releaseChecks(due)
	for _, c := range due {
		if err := run(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

func containsOID(oids []types.OID, oid types.OID) bool {
	for _, o := range oids {
		if o == oid {
			return true
		}
	}
	return false
}

func releaseChanges(cs []change) {
	for i := range cs {
		cs[i].release()
	}
}

func releaseChecks(cs []check) {
	for _, c := range cs {
		c.rows.Release()
	}
}

func releaseAll[T interface{ Release() }](xs []T) {
	for _, x := range xs {
		x.Release()
	}
}

// concat returns the rows of recs (of table's full schema) as one record.
func concat(ctx *executor.Ctx, table *catalog.TableDef, recs []arrow.Record) (arrow.Record, error) {
	if len(recs) == 1 {
		recs[0].Retain()
		return recs[0], nil
	}
	schema := table.ArrowSchema()
	cols := make([]arrow.Array, schema.NumFields())
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	for c := range cols {
		parts := make([]arrow.Array, len(recs))
		for i, r := range recs {
			parts[i] = r.Column(c)
		}
		if len(parts) == 0 {
			cols[c] = array.MakeArrayOfNull(ctx.Mem, schema.Field(c).Type, 0)
			continue
		}
		a, err := array.Concatenate(parts, ctx.Mem)
		if err != nil {
			releaseAll(cols[:c])
			return nil, err
		}
		cols[c] = a
	}
	defer releaseAll(cols)
	return array.NewRecord(schema, cols, n), nil
}

// PendingOn reports whether deferred checks wait on writes to table oid (PostgreSQL's
// pending trigger events, which forbid altering the table).
func (l *Log) PendingOn(cat *catalog.Catalog, oid types.OID) bool {
	for _, c := range l.deferred {
		tk, ok := cat.ForeignKeyByOID(c.key)
		if !ok {
			continue
		}
		if c.kind == checkPresent && tk.Table.OID == oid || c.kind != checkPresent && tk.Key.RefTable == oid {
			return true
		}
	}
	return false
}
