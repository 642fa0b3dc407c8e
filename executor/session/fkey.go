package session

import (
	"context"
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/fkey"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Foreign keys are enforced by a fkey.Log per transaction: the open block's (s.fk), or a
// fresh one for each statement of an implicit transaction. Every statement's context
// reports its writes to it (newCtx); a statement that changed data ends with its
// referential actions and immediate checks (finishWrites), and a transaction commits only
// once its deferred checks pass.

// fkBinder binds what referential actions need, in the session's scope.
type fkBinder struct{ s *Session }

func (b fkBinder) Checks(cat *catalog.Catalog, table *catalog.TableDef) ([]planner.CheckExpr, error) {
	return planner.BindChecks(cat, b.s.eng.reg, table, b.s.scope())
}

func (b fkBinder) Defaults(cat *catalog.Catalog, table *catalog.TableDef, cols []int) ([]planner.Expr, error) {
	return planner.BindDefaults(cat, b.s.eng.reg, table, cols, b.s.scope())
}

// observeWrites makes the transaction's foreign-key log observe the writes of ec's
// statement: the block's log, or a new one for an implicit transaction.
func (s *Session) observeWrites(ec *executor.Ctx, implicit bool) {
	log := s.fk
	if implicit || log == nil {
		log = fkey.NewLog(fkBinder{s})
	}
	log.Observe(ec)
}

// finishWrites ends a statement that changed data: its referential actions and immediate
// checks run, and in an implicit transaction the deferred ones too.
func (s *Session) finishWrites(ec *executor.Ctx, implicit bool) error {
	log, ok := ec.Writes.(*fkey.Log)
	if !ok {
		return nil
	}
	if err := log.EndStatement(ec); err != nil {
		return err
	}
	if implicit {
		defer log.Close()
		return log.Commit(ec)
	}
	return nil
}

// commitForeignKeys runs the open block's deferred checks before it commits.
func (s *Session) commitForeignKeys() error {
	if s.fk == nil || s.fk.Mark() == 0 {
		return nil // no deferred check: no statement context to build
	}
	ec := s.newCtx(context.Background(), s.txn, false, nil)
	return s.fk.Commit(ec)
}

// closeForeignKeys drops the open block's log (the block ended).
func (s *Session) closeForeignKeys() {
	if s.fk != nil {
		s.fk.Close()
		s.fk = nil
	}
}

// setConstraints runs SET CONSTRAINTS, which lasts for the open block.
func (s *Session) setConstraints(ec *executor.Ctx, m *planner.ConstraintMode) error {
	if s.fk == nil {
		s.notice("WARNING", pgcode.NoActiveSqlTransaction, "SET CONSTRAINTS can only be used in transaction blocks")
		return nil
	}
	return s.fk.SetConstraints(ec, m.All, m.Keys, m.Deferred)
}

// pendingChecks refuses ALTER TABLE of a table deferred foreign-key checks wait on: the
// table altered, or the one a foreign key it drops references.
func (s *Session) pendingChecks(cat *catalog.Catalog, at *planner.AlterTable) error {
	if s.fk == nil || at == nil {
		return nil
	}
	tables := []types.OID{at.Def.OID}
	if cur := cat.TableByOID(at.Def.OID); cur != nil {
		for _, fk := range cur.ForeignKeys {
			if !slices.ContainsFunc(at.Def.ForeignKeys, func(k catalog.ForeignKeyDef) bool { return k.OID == fk.OID }) {
				tables = append(tables, fk.RefTable)
			}
		}
	}
	for _, oid := range tables {
		if s.fk.PendingOn(cat, oid) {
			return pgerror.Newf(pgcode.ObjectInUse, "cannot ALTER TABLE \"%s\" because it has pending trigger events", cat.TableByOID(oid).Name)
		}
	}
	return nil
}
