package session

import (
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// savepointTxn is a transaction that can return to an earlier state of its changes.
type savepointTxn interface {
	// Savepoint marks the current changes: rollback returns to the mark (any number of
	// times), release lets it go.
	Savepoint() (rollback, release func())
}

// savepoint is one SAVEPOINT of the open block.
type savepoint struct {
	name              string
	rollback, release func()
	// readOnly is the access mode when the savepoint was set, which the block returns to
	// when the savepoint is released or rolled back to, as in PostgreSQL.
	readOnly bool
}

// savepointControl runs SAVEPOINT, RELEASE and ROLLBACK TO, with PostgreSQL's rules: a
// name may be reused (the latest one wins), and releasing or rolling back to a savepoint
// discards those set after it. ROLLBACK TO also recovers a failed block.
func (s *Session) savepointControl(st *planner.Statement) (Result, error) {
	if s.txn == nil || s.implicitBlock {
		return nil, s.statementError(pgerror.Newf(pgcode.NoActiveSqlTransaction, "%s can only be used in transaction blocks", savepointCommand(st.Kind)))
	}
	if st.Kind == planner.StmtSavepoint {
		sp, ok := s.txn.(savepointTxn)
		if !ok {
			return nil, s.statementError(pgerror.New(pgcode.FeatureNotSupported, "savepoints are not supported by this store"))
		}
		rollback, release := sp.Savepoint()
		if log := s.fk; log != nil {
			mark, storeRollback := log.Mark(), rollback
			rollback = func() {
				storeRollback()
				log.RollbackTo(mark)
			}
		}
		notes, storeRollback := s.notify.mark(), rollback
		rollback = func() {
			storeRollback()
			s.notify.rollbackTo(notes)
		}
		s.savepoints = append(s.savepoints, savepoint{name: st.Savepoint, rollback: rollback, release: release,
			readOnly: s.settings.ReadOnly()})
		return tagOnly(st.Tag), nil
	}
	i := s.findSavepoint(st.Savepoint)
	if i < 0 {
		return nil, s.statementError(pgerror.Newf(pgcode.SEInvalidSpecification, "savepoint \"%s\" does not exist", st.Savepoint))
	}
	s.restoreAccessMode(s.savepoints[i].readOnly)
	if st.Kind == planner.StmtRelease {
		for _, c := range s.cursors {
			// The released savepoint's cursors now belong to the block around it.
			c.level = min(c.level, i)
		}
		s.releaseSavepoints(i)
		return tagOnly(st.Tag), nil
	}
	s.savepoints[i].rollback()
	s.closeCursorsAfter(i)
	s.releaseSavepoints(i + 1)
	s.failed = false
	return tagOnly(st.Tag), nil
}

// findSavepoint returns the index of the latest savepoint called name, or -1.
func (s *Session) findSavepoint(name string) int {
	for i := len(s.savepoints) - 1; i >= 0; i-- {
		if s.savepoints[i].name == name {
			return i
		}
	}
	return -1
}

// releaseSavepoints lets go of the savepoints from index i on.
func (s *Session) releaseSavepoints(i int) {
	for _, sp := range s.savepoints[i:] {
		sp.release()
	}
	clear(s.savepoints[i:])
	s.savepoints = s.savepoints[:i]
}

func savepointCommand(kind planner.StmtKind) string {
	switch kind {
	case planner.StmtRelease:
		return "RELEASE SAVEPOINT"
	case planner.StmtRollbackTo:
		return "ROLLBACK TO SAVEPOINT"
	}
	return "SAVEPOINT"
}

// restoreAccessMode sets the block's access mode back to what it was at a savepoint.
func (s *Session) restoreAccessMode(readOnly bool) {
	v := "off"
	if readOnly {
		v = "on"
	}
	_ = s.settings.SetLocal("transaction_read_only", v)
}
