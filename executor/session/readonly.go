package session

import (
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// A READ ONLY transaction (BEGIN READ ONLY, SET TRANSACTION READ ONLY, or any transaction
// under default_transaction_read_only, which SET SESSION CHARACTERISTICS AS TRANSACTION
// READ ONLY sets) refuses statements that change data or the catalog, as PostgreSQL does:
// JDBC's Connection.setReadOnly and tools that open read-only connections (Metabase)
// depend on it.

// readsOnly are the statement kinds a read-only transaction may run, besides transaction
// control and settings, which never reach checkReadOnly.
var readsOnly = map[planner.StmtKind]bool{
	planner.StmtQuery:          true,
	planner.StmtCopyTo:         true,
	planner.StmtExplain:        true,
	planner.StmtDeclareCursor:  true,
	planner.StmtFetch:          true,
	planner.StmtCloseCursor:    true,
	planner.StmtPrepare:        true,
	planner.StmtExecute:        true,
	planner.StmtDeallocate:     true,
	planner.StmtSetConstraints: true,
	planner.StmtCheckpoint:     true,
	planner.StmtNoop:           true,
	planner.StmtDiscard:        true,
}

// writesRows are the statement kinds that change only the rows of st.Table, which a
// read-only transaction allows for temporary tables.
var writesRows = map[planner.StmtKind]bool{
	planner.StmtInsert:   true,
	planner.StmtUpdate:   true,
	planner.StmtDelete:   true,
	planner.StmtCopyFrom: true,
}

// checkReadOnly fails a statement that writes in a read-only transaction with 25006.
func (s *Session) checkReadOnly(st *planner.Statement) error {
	if readsOnly[st.Kind] || !s.settings.ReadOnly() {
		return nil
	}
	if writesRows[st.Kind] && st.Table != nil && strings.HasPrefix(st.Table.Schema, catalog.TempSchemaPrefix) {
		return nil
	}
	command := st.Tag
	if st.Kind == planner.StmtCreateTable && st.Query != nil {
		command = "CREATE TABLE AS" // whose completion tag is SELECT's
	}
	return pgerror.Newf(pgcode.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", command)
}

// setAccessMode runs the READ ONLY or READ WRITE of SET TRANSACTION (for the open block)
// and SET SESSION CHARACTERISTICS AS TRANSACTION (for the transactions to come).
func (s *Session) setAccessMode(st *planner.Statement) error {
	if !st.SetLocal {
		return s.settings.Set("default_transaction_read_only", st.ReadOnly)
	}
	if s.txn == nil {
		return nil
	}
	if st.ReadOnly == "off" && s.settings.ReadOnly() {
		// A savepoint's block may not leave the read-only mode of the block around it.
		if len(s.savepoints) > 0 {
			return pgerror.New(pgcode.ActiveSqlTransaction, "cannot set transaction read-write mode inside a read-only transaction")
		}
		if s.queried {
			return pgerror.New(pgcode.ActiveSqlTransaction, "transaction read-write mode must be set before any query")
		}
	}
	return s.settings.SetLocal("transaction_read_only", st.ReadOnly)
}
