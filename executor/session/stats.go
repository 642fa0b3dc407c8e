package session

import (
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/stats"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
)

// StatsTxn is implemented by transactions that summarise their tables (package storage's
// do): the planner's estimates read the statistics, and ANALYZE computes them ahead of use.
type StatsTxn interface {
	TableStats(oid types.OID) (*stats.Table, error)
	Analyze(oids []types.OID) error
}

// txnStats serves a transaction's table statistics to the planner; lookups is set for a
// statement of a SERIALIZABLE transaction (planner.LookupPreferrer).
type txnStats struct {
	txn     executor.Txn
	lookups bool
}

// PreferLookups implements planner.LookupPreferrer.
func (t txnStats) PreferLookups() bool { return t.lookups }

// TableStats implements planner.StatsSource.
func (t txnStats) TableStats(def *catalog.TableDef) *stats.Table {
	st, ok := t.txn.(StatsTxn)
	if !ok || !def.HoldsRows() {
		return nil
	}
	ts, err := st.TableStats(def.OID)
	if err != nil {
		return nil
	}
	return ts
}

// RowCountTxn is implemented by transactions that count a table's rows without reading
// them (package storage's do).
type RowCountTxn interface {
	TableRows(oid types.OID) (int64, bool)
}

// TableRows implements planner.RowCounter.
func (t txnStats) TableRows(def *catalog.TableDef) (float64, bool) {
	rc, ok := t.txn.(RowCountTxn)
	if !ok || def.Virtual || def.Kind != catalog.KindTable {
		return 0, false
	}
	n, ok := rc.TableRows(def.OID)
	return float64(n), ok
}

// planningTxn returns the transaction statements are bound against now: the open one, or a
// fresh snapshot, which done releases.
func (s *Session) planningTxn() (txn executor.Txn, done func()) {
	if s.txn != nil {
		return s.txn, func() {}
	}
	t := s.eng.store.Begin()
	return t, t.Rollback
}

// analyze computes the statistics of tables (every stored table when none is named).
func (s *Session) analyze(txn executor.Txn, tables []*catalog.TableDef) error {
	st, ok := txn.(StatsTxn)
	if !ok {
		return nil
	}
	if len(tables) == 0 {
		tables = txn.Catalog().Tables()
	}
	var oids []types.OID
	for _, def := range tables {
		if def.HoldsRows() {
			oids = append(oids, def.OID)
		}
	}
	if err := st.Analyze(oids); err != nil {
		return err
	}
	now := time.Now()
	for _, oid := range oids {
		s.eng.tables.Of(oid).Analyzed(now)
	}
	return nil
}

// Checkpointer is implemented by stores that keep a write-ahead log (package storage's):
// CHECKPOINT folds it into the stored tables at once.
type Checkpointer interface {
	Checkpoint() error
}

// checkpoint runs CHECKPOINT; a store without a log has nothing to do.
func (s *Session) checkpoint() error {
	if cp, ok := s.eng.store.(Checkpointer); ok {
		return cp.Checkpoint()
	}
	return nil
}
