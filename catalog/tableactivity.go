package catalog

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pgfast/pgfast/catalog/types"
)

// TableActivity counts what statements did to each table since the server started: the
// cumulative statistics pg_stat_user_tables and pg_statio_user_tables show. The executor
// adds to a table's counters once per scan and once per batch of rows, never per row, with
// atomic adds, so counting costs a statement nothing it would notice. The counters live in
// memory only and start from zero at each start of the server, as PostgreSQL's do after a
// crash. Rows changed are counted when written, whether or not their transaction commits,
// as PostgreSQL counts n_tup_ins, n_tup_upd and n_tup_del; n_mod_since_analyze counts only
// those of committed transactions (PendingMods).
type TableActivity struct {
	mu     sync.RWMutex
	tables map[types.OID]*TableCounters
}

// NewTableActivity returns counters for no table yet.
func NewTableActivity() *TableActivity {
	return &TableActivity{tables: map[types.OID]*TableCounters{}}
}

// Of returns table oid's counters, made on first use; nil for a nil TableActivity (no
// counting), whose methods then do nothing.
func (a *TableActivity) Of(oid types.OID) *TableCounters {
	if a == nil {
		return nil
	}
	a.mu.RLock()
	c := a.tables[oid]
	a.mu.RUnlock()
	if c != nil {
		return c
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if c = a.tables[oid]; c == nil {
		c = &TableCounters{}
		a.tables[oid] = c
	}
	return c
}

// Lookup returns table oid's counters, nil when nothing was counted for it.
func (a *TableActivity) Lookup(oid types.OID) *TableCounters {
	if a == nil {
		return nil
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.tables[oid]
}

// Reset forgets every table's counters, as pg_stat_reset does.
func (a *TableActivity) Reset() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	clear(a.tables)
}

// ResetTable forgets table oid's counters (pg_stat_reset_single_table_counters).
func (a *TableActivity) ResetTable(oid types.OID) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.tables, oid)
}

// TableCounters are one table's counters, each as its pg_stat_user_tables column.
type TableCounters struct {
	SeqScan, SeqTupRead       atomic.Int64
	IdxScan, IdxTupFetch      atomic.Int64
	TupIns, TupUpd, TupDel    atomic.Int64
	ModSinceAnalyze           atomic.Int64
	InsSinceVacuum            atomic.Int64
	AnalyzeCount              atomic.Int64
	lastAnalyze               atomic.Int64 // Unix microseconds, 0: never
	BlocksRead, IdxBlocksRead atomic.Int64 // morsels loaded by scans and by index lookups
}

// Scanned counts one scan of the table, by an index lookup or reading it whole.
func (c *TableCounters) Scanned(byIndex bool) {
	if c == nil {
		return
	}
	if byIndex {
		c.IdxScan.Add(1)
	} else {
		c.SeqScan.Add(1)
	}
}

// Read counts rows (in morsels, one or more batches) a scan handed on.
func (c *TableCounters) Read(byIndex bool, rows, morsels int64) {
	if c == nil {
		return
	}
	if byIndex {
		c.IdxTupFetch.Add(rows)
		c.IdxBlocksRead.Add(morsels)
	} else {
		c.SeqTupRead.Add(rows)
		c.BlocksRead.Add(morsels)
	}
}

// Wrote counts rows inserted, updated and deleted (n_mod_since_analyze waits for their
// transaction to commit: PendingMods).
func (c *TableCounters) Wrote(ins, upd, del int64) {
	if c == nil {
		return
	}
	if ins != 0 {
		c.TupIns.Add(ins)
		c.InsSinceVacuum.Add(ins)
	}
	if upd != 0 {
		c.TupUpd.Add(upd)
	}
	if del != 0 {
		c.TupDel.Add(del)
	}
}

// PendingMods counts the rows one transaction changed in each table: they join the tables'
// n_mod_since_analyze only when it commits, as in PostgreSQL (Commit), and are forgotten
// when it rolls back (Reset).
type PendingMods struct {
	mu   sync.Mutex
	rows map[types.OID]int64
}

// Add counts n rows of table oid changed; a nil PendingMods counts nothing.
func (p *PendingMods) Add(oid types.OID, n int64) {
	if p == nil || n == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rows == nil {
		p.rows = map[types.OID]int64{}
	}
	p.rows[oid] += n
}

// Commit adds the changed rows to the tables' counters of a, and forgets them.
func (p *PendingMods) Commit(a *TableActivity) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for oid, n := range p.rows {
		a.Of(oid).ModSinceAnalyze.Add(n)
	}
	clear(p.rows)
}

// Reset forgets the changed rows, as a rollback does.
func (p *PendingMods) Reset() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.rows)
}

// Analyzed records an ANALYZE of the table at t.
func (c *TableCounters) Analyzed(t time.Time) {
	if c == nil {
		return
	}
	c.AnalyzeCount.Add(1)
	c.ModSinceAnalyze.Store(0)
	c.lastAnalyze.Store(t.UnixMicro())
}

// LastAnalyze is when the table was last analyzed; ok is false when it never was.
func (c *TableCounters) LastAnalyze() (t time.Time, ok bool) {
	if c == nil {
		return time.Time{}, false
	}
	us := c.lastAnalyze.Load()
	return time.UnixMicro(us), us != 0
}
