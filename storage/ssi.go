package storage

import (
	mathbits "math/bits"
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Serializable transactions
//
// A SERIALIZABLE transaction reads its snapshot as a REPEATABLE READ one does, and also
// records what it read (readSet): whole tables for scans, and for lookups through a unique
// index the key and the row found, or that none was. Its commit validates that read set,
// under the commit mutex, against what every serializable transaction that committed after
// the snapshot wrote (writeSet): it fails with 40001 when one of them changed a table it
// scanned, deleted or updated a row it found through an index, or inserted a key it looked
// up. A transaction that passes reads at its commit what it read at its snapshot, so it
// has the effect of running alone at that commit: the serializable transactions that
// change data are serializable in commit order. This is commit-time validation of the read
// set (backward validation, as in optimistic concurrency control), a simpler scheme than
// PostgreSQL's predicate locks and dangerous-structure detection. It fails more
// transactions than PostgreSQL: a reader fails even when no cycle follows and it could be
// ordered before the writer that changed what it read, and a scan stands for the whole
// table whatever its predicate (as PostgreSQL's sequential scans lock the relation). It
// fails them only at COMMIT, never at the statement that read or wrote. The write sets
// stay while a serializable transaction whose snapshot predates them runs, so one left
// idle in its block keeps those of every later serializable commit
// (idle_in_transaction_session_timeout bounds that).
//
// A transaction that changed nothing needs no validation: its snapshot is a prefix of the
// commit order, which is a serial order of the serializable writers, so it reads a state
// that order passes through. This covers PostgreSQL's read-only anomaly (Fekete's batch
// and receipts): the writer whose read the later commit invalidated fails, so a read-only
// transaction never sees a state no serial order has; DEFERRABLE has nothing to wait for.
//
// Only serializable transactions take part, as in PostgreSQL: the writes of READ COMMITTED
// and REPEATABLE READ transactions are not recorded and fail no serializable reader.

// maxPointReads is how many index lookups of one table a read set lists before it counts
// the table as scanned whole; maxRowKeys the same for the rows a write set lists as
// deleted.
const (
	maxPointReads = 4096
	maxRowKeys    = 1 << 16
)

// readSet is what a serializable transaction read, by table.
type readSet map[types.OID]*tableReads

// tableReads is what a serializable transaction read of one table.
type tableReads struct {
	whole  bool // scanned: any change to the table conflicts
	points []pointRead
}

// pointRead is one lookup through unique index ix: the row it found, by key (rowid.go), or
// none.
type pointRead struct {
	ix    types.OID
	key   string // the encoded index key (unique.go)
	row   uint64
	found bool
}

// writeSet is what a committed serializable transaction changed, by table.
type writeSet struct {
	seq    uint64 // the version its commit made
	tables map[types.OID]*tableWrites
}

// tableWrites is what a committed serializable transaction changed in one table.
type tableWrites struct {
	all     bool                // truncated, altered, dropped, or too many rows deleted to list
	deleted map[uint64]struct{} // keys of the rows it deleted or updated
	inserts bool                // it inserted rows, whose keys in unique indexes are in keys
	keys    txnKeys
}

// serializableState is the store's record of serializable transactions: the write sets of
// those that committed, kept while a running serializable transaction's snapshot predates
// them, and the snapshots of those running. It is guarded by Store.ssiMu; write sets are
// added and validated against under the commit mutex too, so that validation and commit
// are one step.
type serializableState struct {
	committed []*writeSet     // in commit order
	running   map[*Txn]uint64 // the snapshot each had when it was marked
	// forgotten is the newest commit whose write set is gone: a transaction marked with an
	// older snapshot moves to the newest published one first (SetSerializable).
	forgotten uint64
}

// SetSerializable makes the transaction SERIALIZABLE: from now on it records what it
// reads, and its commit fails with 40001 when a serializable transaction that committed
// after its snapshot changed any of it. The session calls it before the transaction reads
// anything; calling it again does nothing. A snapshot older than write sets already
// forgotten (no serializable transaction needed them when they went) is moved to the
// newest published version, which nothing read yet can tell from it.
func (t *Txn) SetSerializable() {
	if t.reads != nil || t.done {
		return
	}
	t.reads = readSet{}
	s := t.s
	s.ssiMu.Lock()
	defer s.ssiMu.Unlock()
	if t.base.seq < s.ssi.forgotten {
		if err := t.moveTo(s.cur.Load()); err != nil || t.base.seq < s.ssi.forgotten {
			t.lost = true // not to be validated: its commit fails
		}
	}
	if s.ssi.running == nil {
		s.ssi.running = map[*Txn]uint64{}
	}
	s.ssi.running[t] = t.base.seq
}

// endSerializable forgets a finished serializable transaction.
func (t *Txn) endSerializable() {
	if t.reads == nil {
		return
	}
	t.s.ssiMu.Lock()
	delete(t.s.ssi.running, t)
	t.s.ssiMu.Unlock()
}

// readWhole records a scan of table oid.
func (t *Txn) readWhole(oid types.OID) {
	if t.reads == nil {
		return
	}
	t.tableReads(oid).whole = true
}

// readPoint records a lookup of key in unique index ix of table oid that found the row
// with identifier id, or none (id < 0). Rows the transaction inserted itself are its own
// writes, not reads.
func (t *Txn) readPoint(oid, ix types.OID, key string, tt *txnTable, id int64) {
	if t.reads == nil {
		return
	}
	tr := t.tableReads(oid)
	if tr.whole {
		return
	}
	p := pointRead{ix: ix, key: key}
	if id >= 0 {
		seg, row := int(id>>rowIDBits), id&rowIDMask
		segs := tt.baseSegments()
		if seg >= len(segs) {
			return
		}
		p.row, p.found = segs[seg].key(row), true
	}
	if len(tr.points) >= maxPointReads {
		tr.whole, tr.points = true, nil
		return
	}
	tr.points = append(tr.points, p)
}

func (t *Txn) tableReads(oid types.OID) *tableReads {
	tr := t.reads[oid]
	if tr == nil {
		tr = &tableReads{}
		t.reads[oid] = tr
	}
	return tr
}

// writeSet returns what the serializable transaction changes, to validate others against
// once it committed; nil for a transaction that is not serializable. It is taken before the
// commit rebases the deletions, while they are still positions in the snapshot.
func (t *Txn) writeSet() *writeSet {
	if t.reads == nil {
		return nil
	}
	ws := &writeSet{tables: map[types.OID]*tableWrites{}}
	for oid := range t.dropped {
		ws.tables[oid] = &tableWrites{all: true}
	}
	for oid, tt := range t.tables {
		if tt.base == nil {
			continue // created here: no one else could read it
		}
		tw := &tableWrites{all: tt.truncated || tt.altered, inserts: tt.pendRows > 0, keys: tt.keys}
		if !tw.all && tt.deletes() {
			tw.deleted, tw.all = deletedKeys(tt)
		}
		ws.tables[oid] = tw
	}
	return ws
}

// deletedKeys lists the keys of the snapshot rows tt deleted; all is true when there are
// too many to list.
func deletedKeys(tt *txnTable) (keys map[uint64]struct{}, all bool) {
	var n int64
	for j, d := range tt.dels {
		n += d.count(0, tt.base.segments[j].rows)
	}
	if n > maxRowKeys {
		return nil, true
	}
	keys = make(map[uint64]struct{}, n)
	for j, d := range tt.dels {
		sg := tt.base.segments[j]
		for b, bits := range d {
			for ; bits != 0; bits &= bits - 1 {
				keys[sg.key(int64(b*8+mathbits.TrailingZeros8(bits)))] = struct{}{}
			}
		}
	}
	return keys, false
}

// validateReads fails with 40001 when a serializable transaction that committed after the
// snapshot changed what the transaction read. The caller holds s.mu.
func (t *Txn) validateReads() error {
	if len(t.reads) == 0 {
		return nil
	}
	if t.lost {
		return serializationFailure()
	}
	t.s.ssiMu.Lock()
	defer t.s.ssiMu.Unlock()
	for _, ws := range t.s.ssi.committed {
		if ws.seq <= t.base.seq {
			continue
		}
		for oid, tr := range t.reads {
			if tw := ws.tables[oid]; tw != nil && tw.conflicts(tr) {
				return serializationFailure()
			}
		}
	}
	return nil
}

// conflicts reports whether a committed change to a table invalidates reads of it.
func (tw *tableWrites) conflicts(tr *tableReads) bool {
	if tr.whole || tw.all {
		return true
	}
	for _, p := range tr.points {
		if _, gone := tw.deleted[p.row]; p.found && gone {
			return true
		}
		if !tw.inserts {
			continue
		}
		keys, ok := tw.keys[p.ix]
		if !ok {
			return true // inserted rows whose keys in this index are not known
		}
		if _, ok := keys[p.key]; ok {
			return true
		}
	}
	return false
}

// recordWrites keeps the write set of serializable transaction t, which just committed
// version seq, and forgets the write sets no serializable transaction can need: those no
// newer than the snapshot of every other one running and than the published version,
// the oldest snapshot a transaction can still take. The caller holds s.mu.
func (s *Store) recordWrites(t *Txn, ws *writeSet, seq uint64) {
	s.ssiMu.Lock()
	defer s.ssiMu.Unlock()
	delete(s.ssi.running, t)
	oldest := s.cur.Load().seq
	for _, snap := range s.ssi.running {
		oldest = min(oldest, snap)
	}
	s.ssi.committed = slices.DeleteFunc(s.ssi.committed, func(w *writeSet) bool {
		if w.seq <= oldest {
			s.ssi.forgotten = max(s.ssi.forgotten, w.seq)
			return true
		}
		return false
	})
	if ws != nil && len(ws.tables) > 0 {
		if seq <= oldest {
			s.ssi.forgotten = max(s.ssi.forgotten, seq)
			return
		}
		ws.seq = seq
		s.ssi.committed = append(s.ssi.committed, ws)
	}
}

// serializationFailure is PostgreSQL's error for a transaction whose reads a concurrent
// serializable commit changed.
func serializationFailure() error {
	return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to read/write dependencies among transactions").
		WithDetail("Reason code: Canceled on identification as a pivot, during commit attempt.").
		WithHint("The transaction might succeed if retried.")
}
