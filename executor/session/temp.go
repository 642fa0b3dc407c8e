package session

import (
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/filescan"
	"github.com/pgfast/pgfast/executor/settings"
	"github.com/pgfast/pgfast/planner"
)

// Temporary tables live in a schema of their own per session (pg_temp_N), which the planner
// searches before public; the session drops them when it ends. They are stored like other
// tables, so a server killed with sessions open keeps them until they are dropped by hand.

// scope is what the session adds to name resolution.
func (s *Session) scope() planner.Scope {
	return planner.Scope{TempSchema: s.tempSchema, IO: s.settings.IO(), Prepared: s.lookupPrepared, Cursor: s.lookupCursor,
		SearchPath: s.settings.Value("search_path"), User: s.sessionUser(), Role: s.currentRole(),
		Files:        filescan.Schemas{IO: s.settings.IO(), Dirs: s.eng.fileDirs},
		NoBodyChecks: s.settings.Value("check_function_bodies") == "off",
		Restrict:     settings.RestrictedKinds(s.settings.Value("restrict_nonsystem_relation_kind"))}
}

// planningScope is scope with the statistics of txn's tables for the optimizer.
func (s *Session) planningScope(txn executor.Txn) planner.Scope {
	sc := s.scope()
	sc.Stats = txnStats{txn: txn, lookups: s.settings.Isolation() == "serializable"}
	return sc
}

// dropTempTables drops the session's temporary tables in a transaction of its own.
func (s *Session) dropTempTables() {
	txn := s.eng.store.Begin()
	dropped := false
	for _, def := range txn.Catalog().Tables() {
		if def.Schema != s.tempSchema {
			continue
		}
		if err := txn.DropTable(def.OID); err != nil {
			txn.Rollback()
			return
		}
		dropped = true
	}
	if !dropped {
		txn.Rollback()
		return
	}
	_ = txn.Commit()
}
