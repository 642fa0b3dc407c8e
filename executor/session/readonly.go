package session

import (
	"strings"

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

// checkReadOnly fails a statement that writes in a read-only transaction with 25006, naming
// its command as PostgreSQL does. Rows of the session's temporary tables stay writable, as
// in PostgreSQL: they are the session's own.
func (s *Session) checkReadOnly(st *planner.Statement) error {
	if !s.settings.ReadOnly() {
		return nil
	}
	if lk := st.Locking; lk != nil && len(lk.Targets) > 0 {
		// Named, as PostgreSQL names it, by the first locked table's strength.
		return pgerror.Newf(pgcode.ReadOnlySqlTransaction, "cannot execute SELECT %s in a read-only transaction", lk.Targets[0].Strength)
	}
	if readsOnly[st.Kind] {
		return nil
	}
	cmd, dml := dmlCommands[st.Kind]
	switch {
	case dml && st.Table != nil && st.Table.Schema == s.tempSchema:
		return nil
	case st.Kind == planner.StmtCreateTable && st.Query != nil:
		cmd = "CREATE TABLE AS"
	case !dml:
		cmd = st.Tag
	}
	return pgerror.Newf(pgcode.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", cmd)
}

// dmlCommands name the statements that write rows of one table, as PostgreSQL's errors do.
var dmlCommands = map[planner.StmtKind]string{planner.StmtInsert: "INSERT", planner.StmtUpdate: "UPDATE",
	planner.StmtDelete: "DELETE", planner.StmtCopyFrom: "COPY FROM", planner.StmtCopyFromFile: "COPY FROM"}

// setAccessMode runs the READ ONLY or READ WRITE of SET TRANSACTION (for the open block)
// and SET SESSION CHARACTERISTICS AS TRANSACTION (for the transactions to come).
func (s *Session) setAccessMode(st *planner.Statement) error {
	if !st.SetLocal {
		return s.settings.Set("default_transaction_read_only", st.ReadOnly)
	}
	if s.txn == nil {
		if st.SetName == "" {
			s.notice("WARNING", pgcode.NoActiveSqlTransaction, "SET TRANSACTION can only be used in transaction blocks")
		}
		return nil
	}
	if st.ReadOnly == "off" && s.settings.ReadOnly() {
		if len(s.savepoints) > 0 {
			return pgerror.New(pgcode.ActiveSqlTransaction, "cannot set transaction read-write mode inside a read-only transaction")
		}
		if s.queried {
			return pgerror.New(pgcode.ActiveSqlTransaction, "transaction read-write mode must be set before any query")
		}
	}
	return s.settings.SetLocal("transaction_read_only", st.ReadOnly)
}

// boolSetting returns "on" or "off" for a boolean SET value PostgreSQL accepts, "" for
// anything else (which the parameter's own parsing then refuses).
func boolSetting(v string) string {
	switch strings.ToLower(v) {
	case "on", "true", "yes", "1", "t", "y":
		return "on"
	case "off", "false", "no", "0", "f", "n":
		return "off"
	}
	return ""
}
