package session

import (
	"time"

	"github.com/pgfast/pgfast/executor/fkey"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Transaction blocks. BEGIN opens one; so does COMMIT AND CHAIN (and ROLLBACK AND CHAIN),
// with the isolation level, access mode and deferrable mode of the block it ends. A simple
// query of several statements runs, as in PostgreSQL, in an implicit block: its statements
// commit together when the query ends, or none of them does if one fails. Inside it COMMIT
// and ROLLBACK end the block so far with a warning, BEGIN turns it into an ordinary block,
// and the statements that need a block of their own (SAVEPOINT, AND CHAIN) or none at all
// (VACUUM) fail.

// openBlock starts a transaction block with the given modes ("" keeps the defaults).
func (s *Session) openBlock(level, readOnly, deferrable string) error {
	s.txn, s.txnStart = s.eng.store.Begin(), time.Now()
	s.fk = fkey.NewLog(fkBinder{s})
	s.settings.Begin()
	if err := s.setBlockModes(level, readOnly, deferrable); err != nil {
		s.endBlock()
		return err
	}
	return nil
}

// setBlockModes sets the modes BEGIN names for the open block.
func (s *Session) setBlockModes(level, readOnly, deferrable string) error {
	for _, m := range []struct{ name, value string }{
		{"transaction_isolation", level}, {"transaction_read_only", readOnly}, {"transaction_deferrable", deferrable},
	} {
		if m.value == "" {
			continue
		}
		if err := s.settings.SetLocal(m.name, m.value); err != nil {
			return err
		}
	}
	return nil
}

// blockModes returns the isolation level, access mode and deferrable mode of the open
// block, which AND CHAIN gives the next one.
func (s *Session) blockModes() [3]string {
	ro := "off"
	if s.settings.ReadOnly() {
		ro = "on"
	}
	return [3]string{s.settings.Isolation(), ro, s.settings.Deferrable()}
}

// checkChain fails COMMIT AND CHAIN and ROLLBACK AND CHAIN outside an ordinary block.
func (s *Session) checkChain(st *planner.Statement) error {
	if !st.Chain || s.txn != nil && !s.implicitBlock {
		return nil
	}
	return s.statementError(pgerror.Newf(pgcode.NoActiveSqlTransaction, "%s AND CHAIN can only be used in transaction blocks", st.Tag))
}

// StartImplicitBlock is called before the statements of a simple query of several
// statements run: they share an implicit transaction block, which EndImplicitBlock ends.
func (s *Session) StartImplicitBlock() { s.inMultiQuery = true }

// EndImplicitBlock ends the implicit block of a simple query: its work commits, or, when a
// statement failed, is rolled back. A block the query opened with BEGIN stays open.
func (s *Session) EndImplicitBlock() error {
	s.inMultiQuery = false
	if s.txn == nil || !s.implicitBlock {
		return nil
	}
	if s.failed {
		s.endBlock()
		return nil
	}
	return s.commitBlock()
}

// enterImplicitBlock opens the implicit block of a multi-statement query before one of
// its statements is prepared or run, unless a block is open.
func (s *Session) enterImplicitBlock() {
	if !s.inMultiQuery || s.txn != nil {
		return
	}
	if err := s.openBlock("", "", ""); err == nil {
		s.implicitBlock = true
	}
}

// checkNoBlock fails the statements PostgreSQL refuses inside a transaction block.
func (s *Session) checkNoBlock(st *planner.Statement) error {
	if s.txn == nil || st.Tag != "VACUUM" {
		return nil
	}
	return pgerror.Newf(pgcode.ActiveSqlTransaction, "%s cannot run inside a transaction block", st.Tag)
}

// setDeferrable runs the DEFERRABLE or NOT DEFERRABLE of SET TRANSACTION (for the open
// block) and SET SESSION CHARACTERISTICS AS TRANSACTION (for the transactions to come).
func (s *Session) setDeferrable(st *planner.Statement) error {
	if !st.SetLocal {
		return s.settings.Set("default_transaction_deferrable", st.Deferrable)
	}
	if st.Deferrable != s.settings.Deferrable() {
		if len(s.savepoints) > 0 {
			return pgerror.New(pgcode.ActiveSqlTransaction, "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction")
		}
		if s.queried {
			return pgerror.New(pgcode.ActiveSqlTransaction, "SET TRANSACTION [NOT] DEFERRABLE must be called before any query")
		}
	}
	return s.settings.SetLocal("transaction_deferrable", st.Deferrable)
}
