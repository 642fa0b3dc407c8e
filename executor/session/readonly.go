package session

import (
	"strings"

	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Read-only transactions (BEGIN READ ONLY, SET TRANSACTION READ ONLY,
// default_transaction_read_only) refuse what would change the database, as PostgreSQL does:
// writes to tables other than the session's temporary ones, and every DDL statement. The
// statement is refused before it starts, with 25006 naming its command.

// checkReadOnly refuses st in a read-only transaction when it changes the database.
func (s *Session) checkReadOnly(st *planner.Statement) error {
	if !s.settings.ReadOnly() {
		return nil
	}
	if cmd := s.writeCommand(st); cmd != "" {
		return pgerror.Newf(pgcode.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", cmd)
	}
	return nil
}

// dmlCommands name the statements that write a table's rows, as PostgreSQL's errors do.
var dmlCommands = map[planner.StmtKind]string{planner.StmtInsert: "INSERT", planner.StmtUpdate: "UPDATE",
	planner.StmtDelete: "DELETE", planner.StmtCopyFrom: "COPY FROM", planner.StmtCopyFromFile: "COPY FROM"}

// writeCommand returns the command name PostgreSQL reports for st when st writes, "" when
// a read-only transaction may run it.
func (s *Session) writeCommand(st *planner.Statement) string {
	switch st.Kind {
	case planner.StmtInsert, planner.StmtUpdate, planner.StmtDelete, planner.StmtCopyFrom, planner.StmtCopyFromFile:
		if st.Table != nil && st.Table.Schema == s.tempSchema {
			return "" // temporary tables are the session's own
		}
		return dmlCommands[st.Kind]
	case planner.StmtCreateTable:
		if st.Query != nil {
			return "CREATE TABLE AS"
		}
		return "CREATE TABLE"
	case planner.StmtDropTable, planner.StmtTruncate, planner.StmtAlterTable, planner.StmtCreateType,
		planner.StmtAlterType, planner.StmtDropType, planner.StmtCreateServer, planner.StmtDropServer,
		planner.StmtImportForeignSchema, planner.StmtCreateSchema, planner.StmtAlterSchema,
		planner.StmtDropSchema, planner.StmtRoleDDL, planner.StmtGrant:
		return st.Tag
	}
	return ""
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

// setReadOnly runs the READ ONLY or READ WRITE of SET TRANSACTION (in a block) or SET
// SESSION CHARACTERISTICS AS TRANSACTION (sessionWide). A read-only block turns read-write
// only before its first query and outside a savepoint, as in PostgreSQL.
func (s *Session) setReadOnly(value string, sessionWide bool) error {
	if sessionWide {
		return s.settings.Set("default_transaction_read_only", value)
	}
	if s.txn == nil {
		return nil // the warning was given with the statement's other options
	}
	if value == "off" && s.settings.ReadOnly() {
		if len(s.savepoints) > 0 {
			return pgerror.New(pgcode.ActiveSqlTransaction, "cannot set transaction read-write mode inside a read-only transaction")
		}
		if s.queried {
			return pgerror.New(pgcode.ActiveSqlTransaction, "transaction read-write mode must be set before any query")
		}
	}
	return s.settings.SetLocal("transaction_read_only", value)
}
