package session

import (
	"errors"

	"github.com/pgfast/pgfast/executor/dml"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Isolation levels. READ COMMITTED, the default as in PostgreSQL, gives every statement of
// a block a new snapshot of the committed data; REPEATABLE READ keeps the one the block's
// first statement took. SERIALIZABLE reads as REPEATABLE READ does and is checked at commit
// (markSerializable; package storage's ssi.go): a transaction that changed data fails with
// 40001 when a serializable transaction that committed after its snapshot changed a table
// it scanned or a row or key it looked up through a unique index, so that the serializable
// transactions that commit have the effect of running one at a time in commit order. A
// transaction that changed nothing never fails: its snapshot is a state that order passes
// through, so READ ONLY DEFERRABLE has nothing to wait for and Fekete's read-only anomaly
// cannot happen (the writer it needs fails). Unlike PostgreSQL, which fails only
// transactions in a dangerous structure of read/write dependencies, a reader fails even
// when it could be ordered before the writer that changed what it read, and only at COMMIT.
// Only serializable transactions take part, as in PostgreSQL. READ UNCOMMITTED runs as READ
// COMMITTED, as in PostgreSQL.
//
// UPDATE and DELETE lock the rows they change until the transaction ends (rowLocks), as
// SELECT ... FOR UPDATE and its relatives lock the rows they return; a second writer of a
// row waits for the first to end. An INSERT of a key another open transaction inserted
// waits for it too (package storage's keywait.go), then fails with 23505 if it committed. A statement that then finds the row
// deleted or updated by a transaction that committed after its snapshot fails with 40001
// under REPEATABLE READ. Under READ COMMITTED it runs again on a new snapshot, keeping the
// locks it holds: for the usual statement that picks its rows by key this changes the
// newest version of the row, re-checked against the WHERE clause, which is what
// PostgreSQL's EvalPlanQual re-check gives. (Unlike PostgreSQL, the re-run also sees rows
// that other transactions inserted meanwhile.) Nothing of the statement is applied before
// its rows are locked and checked, so the re-run starts from the transaction's state
// before the statement.

// serializableTxn is a transaction that can run SERIALIZABLE: from its snapshot on it
// records what it reads, and its commit fails with 40001 when a serializable transaction
// that committed meanwhile changed any of it (package storage's ssi.go).
type serializableTxn interface {
	SetSerializable()
}

// markSerializable makes txn SERIALIZABLE when the block (or the statement's implicit
// transaction) is. A statement calls it before it reads (begin); the level can no longer
// change then, as SET TRANSACTION must come before any query.
func (s *Session) markSerializable(txn executor.Txn) {
	if s.settings.Isolation() != "serializable" {
		return
	}
	if st, ok := txn.(serializableTxn); ok {
		st.SetSerializable()
	}
}

// snapshotTxn is a transaction that can move to a newer snapshot between statements.
type snapshotTxn interface {
	NewSnapshot() error
}

// Row locks go as soon as a commit is logged, before it is durable (package storage's
// recheck.go says why that is safe): the next writer of a row re-checks it in the newest
// version, and its statement's result waits until what it read is durable.

// recheckTxn is a transaction that re-checks rows in the newest logged version.
type recheckTxn interface {
	RecheckSnapshot() error
	AwaitReads() error
	PendingReads() bool
	NewSnapshotKeepingReads() error
}

// A statement's result waits for what it read only when it could reveal it. Rows do, and
// so does an error (its message may quote a value), but the count of an UPDATE or DELETE
// need not: a READ COMMITTED UPDATE or DELETE that found its rows on a durable snapshot,
// met a row changed by a commit not yet durable and ran again on the newest version gives
// nothing away when it reports the count its first run found on the durable snapshot.
// Neither does an INSERT of VALUES, whose count is its number of rows whatever the data.
// (What is not compared is whether the statement succeeds; a failure waits, whichever data
// it came from.) Such a statement returns at once, holding the row locks it took no longer
// than it must, and the transaction carries its reads on: a literal INSERT runs on them,
// every other statement that could reveal them waits for them first (settleReads), and the
// commit waits for its own record's fsync, which comes after whatever it read. That is
// pgbench's transaction: the UPDATE of a branch row that waited for the previous writer
// returns before that writer's commit is durable, and the rest of the transaction follows
// without waiting for it.

// keepsReads reports whether st runs with the transaction's pending reads carried on,
// instead of waiting for them first: transaction control, whose commit waits for them, and
// an INSERT of VALUES, which reads nothing and reveals nothing of what was read.
func keepsReads(st *planner.Statement) bool {
	switch st.Kind {
	case planner.StmtBegin, planner.StmtCommit, planner.StmtRollback:
		return true
	case planner.StmtInsert:
		return literalInsert(st)
	}
	return false
}

// literalInsert reports whether st is an INSERT of VALUES without ON CONFLICT or RETURNING:
// it reads no table and its count is its number of rows.
func literalInsert(st *planner.Statement) bool {
	return st.Kind == planner.StmtInsert && st.Upsert == nil && !st.OnConflictSkip && st.Result == nil && st.Reusable()
}

// settleReads waits until what the open transaction block read is durable, before a
// statement that could reveal it runs.
func (s *Session) settleReads() error {
	if s.txn == nil {
		return nil
	}
	if rt, ok := s.txn.(recheckTxn); ok && rt.PendingReads() {
		return rt.AwaitReads()
	}
	return nil
}

// revealsNoReads reports whether the result of data change st, which succeeded with res,
// gives nothing away of what the transaction read (see above); matched is the count of
// rows its first run found when it ran again (-1 when it did not).
func revealsNoReads(st *planner.Statement, res Result, matched int64) bool {
	switch st.Kind {
	case planner.StmtInsert:
		return literalInsert(st)
	case planner.StmtUpdate, planner.StmtDelete:
		return st.Result == nil && matched >= 0 && res.Tag() == modifiedTag(st, matched)
	}
	return false
}

// matchedRows is the count of rows a DELETE or UPDATE that failed with err had found, -1
// when err does not tell.
func matchedRows(err error) int64 {
	var ce *dml.ConflictError
	if errors.As(err, &ce) {
		return ce.Matched
	}
	return -1
}

// releasingTxn is a transaction whose commit lets go of the row locks once it is logged.
type releasingTxn interface {
	CommitReleasing(release func()) error
}

// recheckSnapshot moves txn onto the snapshot a statement that met a changed row runs again
// on.
func recheckSnapshot(txn executor.Txn) error {
	if rt, ok := txn.(recheckTxn); ok {
		return rt.RecheckSnapshot()
	}
	return txn.(snapshotTxn).NewSnapshot()
}

// awaitReads holds a statement's result back until what it read is durable; err is the
// statement's own error, kept when it has one.
func awaitReads(txn executor.Txn, err error) error {
	rt, ok := txn.(recheckTxn)
	if !ok {
		return err
	}
	if werr := rt.AwaitReads(); err == nil {
		return werr
	}
	return err
}

// commit commits txn, letting go of the session's row locks as soon as the commit is
// logged; the caller releases the other transaction-level locks when it returns.
func (s *Session) commit(txn executor.Txn) error {
	var err error
	if rt, ok := txn.(releasingTxn); ok {
		err = rt.CommitReleasing(s.locks.EndXactRows)
	} else {
		err = txn.Commit()
	}
	if err != nil {
		s.mods.Reset()
		return err
	}
	s.mods.Commit(s.eng.tables) // the rows it changed count toward n_mod_since_analyze now
	return nil
}

// isRowConflict reports whether err is the store's write conflict on a row.
func isRowConflict(err error) bool {
	var rc interface{ RowConflict() bool }
	return errors.As(err, &rc) && rc.RowConflict()
}

// readCommitted reports whether the open block, or a transaction starting now, is READ
// COMMITTED (or READ UNCOMMITTED, which PostgreSQL runs as READ COMMITTED).
func (s *Session) readCommitted() bool {
	switch s.settings.Isolation() {
	case "read committed", "read uncommitted":
		return true
	}
	return false
}

// statementSnapshot gives a statement of the open block its snapshot: a new one under
// READ COMMITTED, and for the block's first statement, which is when PostgreSQL takes a
// REPEATABLE READ block's snapshot.
func (s *Session) statementSnapshot(txn executor.Txn, st *planner.Statement) error {
	if s.queried && !s.readCommitted() {
		return nil
	}
	s.queried = true
	if rt, ok := txn.(recheckTxn); ok && keepsReads(st) {
		return rt.NewSnapshotKeepingReads()
	}
	if st, ok := txn.(snapshotTxn); ok {
		return st.NewSnapshot()
	}
	return nil
}

// retryable reports whether a statement that failed with err runs again on a new snapshot:
// UPDATE, DELETE and SELECT ... FOR UPDATE, which apply nothing before their rows are
// locked and checked, and INSERT ... ON CONFLICT, whose inserted rows statementMark undoes
// first.
func (s *Session) retryable(st *planner.Statement, txn executor.Txn, err error) bool {
	rerun := isUpsert(st) || st.Kind == planner.StmtUpdate || st.Kind == planner.StmtDelete || st.Locking != nil
	if !rerun || !isRowConflict(err) || !s.readCommitted() {
		return false
	}
	if _, ok := txn.(savepointTxn); isUpsert(st) && !ok {
		return false
	}
	_, ok := txn.(snapshotTxn)
	return ok
}

// isUpsert reports whether st is INSERT ... ON CONFLICT DO UPDATE or DO NOTHING.
func isUpsert(st *planner.Statement) bool {
	return st.Kind == planner.StmtInsert && (st.Upsert != nil || st.OnConflictSkip)
}

// statementUndo returns a transaction to its state before a statement that runs again.
type statementUndo struct{ undo, forget func() }

func (u statementUndo) rollback() {
	if u.undo != nil {
		u.undo()
	}
}

func (u statementUndo) release() {
	if u.forget != nil {
		u.forget()
	}
}

// statementMark marks the transaction before an INSERT ... ON CONFLICT under READ
// COMMITTED: should it meet a row changed, or a key inserted, by a transaction that
// committed while it waited for the row's or key's lock, the rows it inserted already go
// before it runs again, as PostgreSQL re-checks the row instead of failing with 40001.
// Other statements need no mark.
func (s *Session) statementMark(st *planner.Statement, txn executor.Txn) statementUndo {
	sp, ok := txn.(savepointTxn)
	if !isUpsert(st) || !ok || !s.readCommitted() {
		return statementUndo{}
	}
	rollback, release := sp.Savepoint()
	if log := s.fk; log != nil {
		mark, storeRollback := log.Mark(), rollback
		rollback = func() {
			storeRollback()
			log.RollbackTo(mark)
		}
	}
	return statementUndo{undo: rollback, forget: release}
}

// setIsolation runs SET TRANSACTION ISOLATION LEVEL and SET transaction_isolation, which
// PostgreSQL allows only before the block's first query.
func (s *Session) setIsolation(st *planner.Statement) error {
	if s.txn == nil {
		if st.SetName == "transaction isolation level" {
			s.notice("WARNING", pgcode.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks")
			return nil
		}
		return s.settings.Set(st.SetName, st.SetValue) // lasts for no transaction
	}
	if s.queried {
		return pgerror.New(pgcode.ActiveSqlTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
	}
	return s.settings.SetLocal(st.SetName, st.SetValue)
}
