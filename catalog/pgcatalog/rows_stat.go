package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The statistics views of tables, which BI tools read on sync for an estimate of a table's
// size (Metabase joins pg_stat_user_tables for n_live_tup) and administrators for how
// tables are used. The counters come from Source.Tables (catalog.TableActivity), which the
// executor keeps; n_live_tup and n_dead_tup from the stored rows themselves (RowCounts).
// pgfast does not vacuum, so the vacuum columns stay NULL and 0, and compaction (not
// counted as an autovacuum) is what turns dead rows into none. The _all_ views list the
// system tables too, with counters of 0; statio's blocks are the morsels scans loaded
// (Parquet row groups or batches in memory), all counted as read.

// userTables lists the tables users made: every stored table and materialized view
// outside the system schemas.
func (s *Source) userTables() []*catalog.TableDef {
	var out []*catalog.TableDef
	for _, d := range s.statTables() {
		if !d.Virtual && d.Schema != CatalogSchema && d.Schema != InfoSchema {
			out = append(out, d)
		}
	}
	return out
}

// statTables lists the relations the statistics views describe: tables and materialized
// views (relkind r and m), the system catalogs included.
func (s *Source) statTables() []*catalog.TableDef {
	var out []*catalog.TableDef
	for _, d := range s.relations() {
		if d.Kind == catalog.KindTable || d.Kind == catalog.KindMatView {
			out = append(out, d)
		}
	}
	return out
}

func (s *Source) statUserTables(w *rowWriter)   { s.statTableRows(w, s.userTables()) }
func (s *Source) statAllTables(w *rowWriter)    { s.statTableRows(w, s.statTables()) }
func (s *Source) statioUserTables(w *rowWriter) { s.statioTableRows(w, s.userTables()) }
func (s *Source) statioAllTables(w *rowWriter)  { s.statioTableRows(w, s.statTables()) }

// statTableRows writes pg_stat_all_tables' rows of tables. idx_scan and idx_tup_fetch are
// NULL for a table without indexes, as in PostgreSQL.
func (s *Source) statTableRows(w *rowWriter, tables []*catalog.TableDef) {
	for _, d := range tables {
		c := s.Tables.Lookup(d.OID)
		if c == nil {
			c = &catalog.TableCounters{}
		}
		var live, dead int64
		if s.RowCounts != nil && !d.Virtual {
			live, dead = s.RowCounts(d.OID)
		}
		w.oid(d.OID).str(d.Schema).str(d.Name).i64(c.SeqScan.Load()).i64(c.SeqTupRead.Load())
		if len(d.Indexes) > 0 {
			w.i64(c.IdxScan.Load()).i64(c.IdxTupFetch.Load())
		} else {
			w.null().null()
		}
		w.i64(c.TupIns.Load()).i64(c.TupUpd.Load()).i64(c.TupDel.Load()).i64(0). // n_tup_hot_upd
												i64(live).i64(dead).i64(c.ModSinceAnalyze.Load()).i64(c.InsSinceVacuum.Load()).
												null().null() // last_vacuum, last_autovacuum
		if t, ok := c.LastAnalyze(); ok {
			w.timestamptz(t)
		} else {
			w.null()
		}
		w.null().i64(0).i64(0).i64(c.AnalyzeCount.Load()).i64(0).end() // last_autoanalyze ... autoanalyze_count
	}
}

// statioTableRows writes pg_statio_all_tables' rows of tables: the index columns are NULL
// for a table without indexes, and the toast columns NULL as for a table without a toast
// relation.
func (s *Source) statioTableRows(w *rowWriter, tables []*catalog.TableDef) {
	for _, d := range tables {
		c := s.Tables.Lookup(d.OID)
		if c == nil {
			c = &catalog.TableCounters{}
		}
		w.oid(d.OID).str(d.Schema).str(d.Name).i64(c.BlocksRead.Load()).i64(0)
		if len(d.Indexes) > 0 {
			w.i64(c.IdxBlocksRead.Load()).i64(0)
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
	dbOIDs := map[string]types.OID{}
	for _, d := range s.databaseList() {
		dbOIDs[d.Name] = d.OID
	}
	for _, a := range s.Activity() {
		w.oid(dbOIDs[a.Database]).str(a.Database).i32(a.PID).null().oid(roleOIDs[a.User]).str(a.User)
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
			w.oid(s.currentDatabaseOID()).nulls(5).oid(types.OID(l.ClassID)).oid(types.OID(l.ObjID)).i16(l.ObjSubID)
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

// cursorRows is pg_cursors: the session's open cursors (Source.Cursors).
func (s *Source) cursorRows(w *rowWriter) {
	if s.Cursors == nil {
		return
	}
	for _, c := range s.Cursors() {
		w.str(c.Name).str(c.Statement).boolean(c.Holdable).boolean(c.Binary).boolean(c.Scrollable).timestamptz(c.Created).end()
	}
}
