package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/dml"
	"github.com/pgfast/pgfast/executor/fkey"
	"github.com/pgfast/pgfast/executor/roles"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Execute runs a prepared statement with parameter values (one per parameter of its
// Statement). For statements that return no rows the work is done when Execute returns,
// and the Result only carries the tag. COPY statements are run with CopyFrom and CopyTo
// instead.
func (s *Session) Execute(ctx context.Context, p *Prepared, params []scalar.Scalar) (Result, error) {
	st := p.stmt
	s.enterImplicitBlock()
	if s.failed {
		switch st.Kind {
		case planner.StmtCommit, planner.StmtRollback:
			if err := s.checkChain(st); err != nil {
				return nil, err
			}
			return s.rollbackBlock(st)
		case planner.StmtRollbackTo:
			return s.savepointControl(st)
		default:
			return nil, errAborted()
		}
	}
	if err := s.checkNoBlock(st); err != nil {
		return nil, s.statementError(err)
	}
	if !keepsReads(st) {
		if err := s.settleReads(); err != nil {
			return nil, s.statementError(err)
		}
	}
	if res, done, err := s.executeControl(ctx, p, params); done {
		return res, err
	}
	st, err := s.rebind(p)
	if err != nil {
		return nil, s.statementError(err)
	}
	if err := s.checkReadOnly(st); err != nil {
		return nil, s.statementError(err)
	}
	txn, implicit := s.begin()
	if !implicit {
		if err := s.statementSnapshot(txn, st); err != nil {
			return nil, s.statementError(err)
		}
	}
	ectx := s.newCtx(ctx, txn, implicit, params)
	if st.Kind == planner.StmtQuery && st.Locking == nil {
		op, err := executor.Open(ectx, st.Query)
		if err != nil {
			s.fail(txn, implicit)
			return nil, err
		}
		return &rowsResult{sess: s, ctx: ectx, op: op, cols: st.Result, txn: txn, implicit: implicit}, nil
	}
	undo := s.statementMark(st, txn)
	matched := int64(-1)
	res, err := s.executeChange(ectx, st)
	for err != nil && s.retryable(st, txn, err) && ctx.Err() == nil {
		// READ COMMITTED: a row the statement changes was changed by a transaction that
		// committed meanwhile; run it again on a new snapshot (isolation.go).
		if matched < 0 {
			matched = matchedRows(err)
		}
		undo.rollback()
		if err = recheckSnapshot(txn); err == nil {
			ectx = s.newCtx(ctx, txn, implicit, params)
			res, err = s.executeChange(ectx, st)
		}
	}
	undo.release()
	if err == nil {
		err = s.finishWrites(ectx, implicit)
	}
	if err == nil && implicit {
		// The commit waits for its own record's fsync, which follows whatever it read.
		err = s.commitStatement(ctx, txn)
	}
	if err != nil || !implicit && !revealsNoReads(st, res, matched) {
		err = awaitReads(txn, err)
	}
	if err != nil {
		if res != nil {
			res.Close()
		}
		s.fail(txn, implicit)
		return nil, err
	}
	return res, nil
}

// executeControl runs the statements that need no transaction of their own: transaction
// control, SET/SHOW, DISCARD, PREPARE/EXECUTE/DEALLOCATE, EXPLAIN and COPY with a file. done
// is false for every other statement.
func (s *Session) executeControl(ctx context.Context, p *Prepared, params []scalar.Scalar) (res Result, done bool, err error) {
	st := p.stmt
	switch st.Kind {
	case planner.StmtEmpty:
		return tagOnly(""), true, nil
	case planner.StmtBegin, planner.StmtCommit, planner.StmtRollback:
		res, err := s.transactionControl(st)
		return res, true, err
	case planner.StmtSavepoint, planner.StmtRelease, planner.StmtRollbackTo:
		res, err := s.savepointControl(st)
		return res, true, err
	case planner.StmtDiscard:
		if err := s.discard(st.SetName); err != nil {
			return nil, true, s.statementError(err)
		}
		return tagOnly(st.Tag), true, nil
	case planner.StmtSet:
		if err := s.set(st); err != nil {
			return nil, true, s.statementError(err)
		}
		return tagOnly(st.Tag), true, nil
	case planner.StmtShow:
		v, err := s.settings.Show(st.SetName)
		if err != nil {
			return nil, true, s.statementError(err)
		}
		return textRows(st.Result, []string{v}), true, nil
	case planner.StmtNoop:
		for _, n := range st.Notices {
			s.notice("NOTICE", n.Code, "%s", n.Message)
		}
		return tagOnly(st.Tag), true, nil
	case planner.StmtListen, planner.StmtUnlisten, planner.StmtNotify:
		res, err := s.notifyStatement(st)
		return res, true, err
	case planner.StmtDatabase:
		res, err := s.runDatabase(ctx, st)
		return res, true, err
	case planner.StmtPrepare:
		res, err := s.sqlPrepare(st)
		return res, true, err
	case planner.StmtDeallocate:
		res, err := s.deallocate(st)
		return res, true, err
	case planner.StmtExecute:
		res, err := s.sqlExecute(ctx, p, params)
		return res, true, err
	case planner.StmtExplain:
		res, err := s.explain(ctx, p, params)
		return res, true, err
	case planner.StmtDeclareCursor:
		res, err := s.declareCursor(st, p.sourceText(), params)
		return res, true, err
	case planner.StmtFetch:
		res, err := s.fetch(ctx, st)
		return res, true, err
	case planner.StmtCloseCursor:
		res, err := s.closeCursor(st)
		return res, true, err
	case planner.StmtCopyFrom, planner.StmtCopyTo:
		return nil, true, pgerror.New(pgcode.ProtocolViolation, "COPY must be run with the COPY sub-protocol")
	case planner.StmtCopyFromFile, planner.StmtCopyToFile:
		tag, err := s.copyFile(ctx, p)
		if err != nil {
			return nil, true, err
		}
		return tagOnly(tag), true, nil
	}
	return nil, false, nil
}

// transactionControl runs BEGIN, COMMIT and ROLLBACK (not in a failed block: Execute
// handles that), with AND CHAIN, and their forms inside a multi-statement query's implicit
// block (block.go).
func (s *Session) transactionControl(st *planner.Statement) (Result, error) {
	switch st.Kind {
	case planner.StmtBegin:
		switch {
		case s.implicitBlock:
			// BEGIN turns the implicit block into an ordinary one, which keeps what the
			// query's earlier statements did.
			s.implicitBlock = false
			if err := s.setBlockModes(st.SetValue, st.ReadOnly, st.Deferrable); err != nil {
				return nil, s.statementError(err)
			}
		case s.txn != nil:
			s.notice("WARNING", pgcode.ActiveSqlTransaction, "there is already a transaction in progress")
		default:
			if err := s.openBlock(st.SetValue, st.ReadOnly, st.Deferrable); err != nil {
				return nil, err
			}
		}
		return tagOnly("BEGIN"), nil
	case planner.StmtCommit:
		if err := s.checkChain(st); err != nil {
			return nil, err
		}
		if s.txn == nil || s.implicitBlock {
			s.notice("WARNING", pgcode.NoActiveSqlTransaction, "there is no transaction in progress")
			if s.txn == nil {
				return tagOnly("COMMIT"), nil
			}
		}
		modes := s.blockModes()
		if err := s.commitBlock(); err != nil {
			return nil, err
		}
		if st.Chain {
			return tagOnly("COMMIT"), s.openBlock(modes[0], modes[1], modes[2])
		}
		return tagOnly("COMMIT"), nil
	default:
		if err := s.checkChain(st); err != nil {
			return nil, err
		}
		if s.txn == nil || s.implicitBlock {
			s.notice("WARNING", pgcode.NoActiveSqlTransaction, "there is no transaction in progress")
			if s.txn == nil {
				return tagOnly("ROLLBACK"), nil
			}
		}
		return s.rollbackBlock(st)
	}
}

// commitBlock commits the open block.
func (s *Session) commitBlock() error {
	if err := s.holdCursors(); err != nil {
		s.endBlock()
		return err
	}
	if err := s.commitForeignKeys(); err != nil {
		err = awaitReads(s.txn, err) // the error may tell of rows the block read
		s.endBlock()
		return err
	}
	t := s.txn
	s.txn, s.queried, s.implicitBlock = nil, false, false
	s.closeForeignKeys()
	defer s.locks.EndXact()
	defer s.releaseSavepoints(0)
	if err := s.commit(t); err != nil {
		s.dropNotify()
		s.settings.End(false)
		return err
	}
	s.commitNotify()
	s.settings.End(true)
	return nil
}

// rollbackBlock runs ROLLBACK [AND CHAIN] of the open block, failed or not.
func (s *Session) rollbackBlock(st *planner.Statement) (Result, error) {
	modes := s.blockModes()
	s.endBlock()
	if st.Chain {
		return tagOnly("ROLLBACK"), s.openBlock(modes[0], modes[1], modes[2])
	}
	return tagOnly("ROLLBACK"), nil
}

// endBlock rolls back the open transaction block.
func (s *Session) endBlock() {
	s.releaseSavepoints(0)
	s.closeBlockCursors()
	s.txn.Rollback()
	s.mods.Reset()
	s.closeForeignKeys()
	s.locks.EndXact()
	s.txn, s.failed, s.queried, s.implicitBlock = nil, false, false, false
	s.dropNotify()
	s.settings.End(false)
}

// set runs SET, SET LOCAL and RESET.
func (s *Session) set(st *planner.Statement) error {
	if err := s.checkRoleSetting(st.SetName, st.SetValue); err != nil {
		return err
	}
	if st.SetLocal && s.txn == nil && (st.ReadOnly != "" || st.Deferrable != "" || st.SetName == "transaction isolation level") {
		s.notice("WARNING", pgcode.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks")
		return nil
	}
	if st.ReadOnly != "" {
		if err := s.setAccessMode(st); err != nil {
			return err
		}
	}
	if st.Deferrable != "" {
		if err := s.setDeferrable(st); err != nil {
			return err
		}
	}
	if (st.ReadOnly != "" || st.Deferrable != "") && st.SetName == "" {
		return nil
	}
	if st.SetName == "transaction isolation level" || strings.EqualFold(st.SetName, "transaction_isolation") {
		return s.setIsolation(st)
	}
	if v := boolSetting(st.SetValue); v != "" && s.txn != nil && strings.EqualFold(st.SetName, "transaction_read_only") {
		// SET transaction_read_only follows SET TRANSACTION's rules.
		return s.setAccessMode(&planner.Statement{SetName: st.SetName, SetLocal: true, ReadOnly: v})
	}
	if !st.SetLocal {
		return s.settings.Set(st.SetName, st.SetValue)
	}
	if s.txn == nil {
		s.notice("WARNING", pgcode.NoActiveSqlTransaction, "SET LOCAL can only be used in transaction blocks")
		return nil
	}
	return s.settings.SetLocal(st.SetName, st.SetValue)
}

// executeChange runs a statement that changes data or the catalog in ctx's transaction.
// The caller commits an implicit transaction, or fails the statement; a Result returned
// with an error holds what must be released.
func (s *Session) executeChange(ctx *executor.Ctx, st *planner.Statement) (Result, error) {
	switch st.Kind {
	case planner.StmtQuery: // SELECT ... FOR UPDATE
		sel, err := dml.SelectLocking(ctx, st)
		if err != nil {
			return nil, err
		}
		return &returningResult{cols: st.Result, recs: sel.Rows, tag: fmt.Sprintf("SELECT %d", sel.N)}, nil
	case planner.StmtInsert:
		res, err := dml.InsertStatement(ctx, st)
		if err != nil {
			return nil, err
		}
		tag := fmt.Sprintf("INSERT 0 %d", res.Rows)
		if st.Result != nil {
			return &returningResult{cols: st.Result, recs: res.Returning, tag: tag}, nil
		}
		return tagOnly(tag), nil
	case planner.StmtCreateTable:
		tag, err := s.createTable(ctx, st)
		return tagOnly(tag), err
	case planner.StmtDelete, planner.StmtUpdate:
		res, err := dml.Modify(ctx, st)
		if err != nil {
			return nil, err
		}
		tag := modifiedTag(st, res.Rows)
		if st.Result != nil {
			return &returningResult{cols: st.Result, recs: res.Returning, tag: tag}, nil
		}
		return tagOnly(tag), nil
	case planner.StmtSetConstraints:
		return tagOnly(st.Tag), s.setConstraints(ctx, st.Constraints)
	case planner.StmtRefresh:
		return tagOnly(st.Tag), refreshMatView(ctx, st)
	case planner.StmtTruncate:
		s.statementNotices(st)
		return tagOnly(st.Tag), dml.Truncate(ctx.Txn, st)
	case planner.StmtAnalyze:
		return tagOnly(st.Tag), s.analyze(ctx.Txn, st.Analyze)
	case planner.StmtCheckpoint:
		return tagOnly(st.Tag), s.checkpoint()
	case planner.StmtAlterTable:
		if err := s.pendingChecks(ctx.Txn.Catalog(), st.Alter); err != nil {
			return nil, err
		}
		s.statementNotices(st)
		if err := validateDomainData(ctx, st.DomainChecks); err != nil {
			return nil, err
		}
		if err := dml.AlterTable(ctx, st); err != nil {
			return nil, err
		}
		if st.Alter != nil {
			if err := fkey.Validate(ctx, st.Alter.Def.OID, st.Alter.ValidateKeys); err != nil {
				return nil, err
			}
		}
		return tagOnly(st.Tag), s.restartSequence(ctx.Txn, st)
	case planner.StmtDropTable:
		return tagOnly(st.Tag), s.dropTables(ctx.Txn, st)
	case planner.StmtCreateType, planner.StmtAlterType, planner.StmtDropType:
		return tagOnly(st.Tag), s.typeDDL(ctx, st)
	case planner.StmtCreateServer, planner.StmtDropServer:
		return tagOnly(st.Tag), s.serverDDL(ctx.Txn, st)
	case planner.StmtImportForeignSchema:
		return tagOnly(st.Tag), importTables(ctx.Txn, st.Imports)
	case planner.StmtCreateSchema, planner.StmtAlterSchema, planner.StmtDropSchema:
		if err := s.schemaDDL(ctx.Txn, st); err != nil {
			return nil, err
		}
		return tagOnly(st.Tag), s.createSchemaElements(ctx, st)
	case planner.StmtFunctionDDL:
		return tagOnly(st.Tag), s.functionDDL(ctx.Txn, st)
	case planner.StmtCall:
		return tagOnly(st.Tag), s.callProcedure(ctx, st)
	case planner.StmtRoleDDL:
		if err := s.checkDatabaseDependents(st.DropRoles); err != nil {
			return nil, err
		}
		s.statementNotices(st)
		return tagOnly(st.Tag), roles.Apply(ctx.Txn, st)
	case planner.StmtGrant:
		s.statementNotices(st)
		return tagOnly(st.Tag), roles.Grant(ctx.Txn, st)
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "statement kind %d not supported", st.Kind)
}

// modifiedTag is the command tag of a DELETE or UPDATE that changed n rows.
func modifiedTag(st *planner.Statement, n int64) string { return fmt.Sprintf("%s %d", st.Tag, n) }

// commitStatement commits the implicit transaction of a statement that changed data, unless
// the statement was canceled meanwhile (a cancel or statement_timeout that landed after its
// last check): then nothing is committed and the statement fails with the cancel's cause.
// Either way the transaction's advisory locks go.
func (s *Session) commitStatement(ctx context.Context, txn executor.Txn) error {
	defer s.locks.EndXact()
	defer s.endImplicitSettings()
	if ctx.Err() != nil {
		s.mods.Reset()
		s.dropNotify()
		return context.Cause(ctx)
	}
	if err := s.commit(txn); err != nil {
		s.dropNotify()
		return err
	}
	s.commitNotify()
	return nil
}

// endImplicit ends the implicit transaction of a statement that committed nothing.
func (s *Session) endImplicit(txn executor.Txn) {
	txn.Rollback()
	s.commitNotify() // a query that ran pg_notify succeeded: its notifications go
	s.mods.Reset()
	s.locks.EndXact()
	s.endImplicitSettings()
}

// endImplicitSettings ends the settings block that set_config(..., true) opened in an
// implicit transaction: its local values go, the statement's session-wide ones stay.
func (s *Session) endImplicitSettings() {
	if s.txn == nil && s.settings.InBlock() {
		s.settings.End(true)
	}
}
