package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The statistics views of user tables, which BI tools read on sync for an estimate of a
// table's size (Metabase joins pg_stat_user_tables for n_live_tup). pgfast keeps no
// access counters, so every counter is 0 and no vacuum or analyze time is recorded; the
// rows themselves, one per user table, are what the tools join on.

// userTables lists the tables users made: every stored table outside the system schemas.
func (s *Source) userTables() []*catalog.TableDef {
	var out []*catalog.TableDef
	if s.Catalog == nil {
		return nil
	}
	for _, d := range s.Catalog.Tables() {
		if d.Kind == catalog.KindTable && !d.Virtual && d.Schema != CatalogSchema && d.Schema != InfoSchema {
			out = append(out, d)
		}
	}
	return out
}

// statUserTables is pg_stat_user_tables: idx_scan and idx_tup_fetch are NULL for a table
// without indexes, as in PostgreSQL.
func (s *Source) statUserTables(w *rowWriter) {
	for _, d := range s.userTables() {
		w.oid(d.OID).str(d.Schema).str(d.Name).i64(0).i64(0)
		if len(d.Indexes) > 0 {
			w.i64(0).i64(0)
		} else {
			w.null().null()
		}
		w.i64(0).i64(0).i64(0).i64(0).i64(0).i64(0).i64(0).i64(0). // n_tup_ins ... n_ins_since_vacuum
										nulls(4).i64(0).i64(0).i64(0).i64(0).end()
	}
}

// statioUserTables is pg_statio_user_tables: the index columns are NULL for a table without
// indexes, and the toast columns NULL as for a table without a toast relation.
func (s *Source) statioUserTables(w *rowWriter) {
	for _, d := range s.userTables() {
		w.oid(d.OID).str(d.Schema).str(d.Name).i64(0).i64(0)
		if len(d.Indexes) > 0 {
			w.i64(0).i64(0)
		} else {
			w.null().null()
		}
		w.nulls(4).end()
	}
}

// statActivity is pg_stat_activity: one row per client connection, from Source.Activity.
// As in PostgreSQL, a role that is not a superuser sees what other roles' sessions run as
// "<insufficient privilege>", without their addresses, times or state.
func (s *Source) statActivity(w *rowWriter) {
	if s.Activity == nil {
		return
	}
	roleOIDs := map[string]types.OID{}
	superuser := false
	for _, r := range s.names().roles() {
		roleOIDs[r.Name] = r.OID
		if r.Name == s.User {
			superuser = r.Superuser
		}
	}
	for _, a := range s.Activity() {
		w.oid(currentDB).str(a.Database).i32(a.PID).null().oid(roleOIDs[a.User]).str(a.User)
		if !superuser && a.User != s.User {
			w.str(a.ApplicationName).nulls(7).null().null().null().null().null().null().
				str("<insufficient privilege>").str("client backend").end()
			continue
		}
		w.str(a.ApplicationName).strOrNull(a.ClientAddr).null()
		if a.ClientAddr != "" {
			w.i32(a.ClientPort)
		} else {
			w.i32(-1) // a Unix socket, as PostgreSQL shows it
		}
		w.timestamptz(a.BackendStart).timestamptz(a.XactStart).timestamptz(a.QueryStart).timestamptz(a.StateChange).
			null().null().strOrNull(a.State).null().null().null().str(a.Query).str("client backend").end()
	}
}

// lockRows is pg_locks: the advisory locks and the transaction-ID locks of row-lock waits
// (Source.Locks).
func (s *Source) lockRows(w *rowWriter) {
	if s.Locks == nil {
		return
	}
	for _, l := range s.Locks() {
		w.str(l.LockType)
		if l.LockType == "advisory" {
			w.oid(currentDB).nulls(5).oid(types.OID(l.ClassID)).oid(types.OID(l.ObjID)).i16(l.ObjSubID)
		} else {
			w.nulls(5).oid(types.OID(l.TransactionID)).nulls(3)
		}
		w.null().i32(l.PID).str(l.Mode).boolean(l.Granted).boolean(false)
		if l.Granted {
			w.null().end()
		} else {
			w.timestamptz(l.WaitStart).end()
		}
	}
}
