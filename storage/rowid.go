package storage

import (
	"slices"
	"sort"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Row keys
//
// A row's position (segment, offset) changes when a commit rewrites its segment without
// deleted rows or merges small segments, so positions cannot say whether two transactions
// changed the same row. Every committed row therefore also has a key, fixed for the life of
// the process, that follows it through rewrites and merges: keys are handed out from a
// store-wide counter when rows are loaded at Open or committed, so they increase along each
// table's row order (appends go last, and rewrites and merges keep the order). A segment
// holds a range of fresh keys (keyBase onwards) or, once rewritten, the keys of the rows it
// kept. An UPDATE deletes the old row and inserts a new one with a new key, as PostgreSQL
// writes a new tuple. Keys are not persisted: no lock or transaction outlives the process.
//
// A row is current in a version when its key is there and not deleted; a transaction that
// deletes a row another transaction deleted (or updated) since its snapshot has a write
// conflict on that row, and only then. Row locks (taken by the executor, keyed by table and
// row key) make the second writer wait for the first to end before it looks.

// key returns the key of row p (deleted rows counted) of sg.
func (sg *segment) key(p int64) uint64 {
	if sg.keyList != nil {
		return sg.keyList[p]
	}
	return sg.keyBase + uint64(p)
}

func (sg *segment) lastKey() uint64 { return sg.key(sg.rows - 1) }

// find returns the position of the row with key k in sg, deleted or not.
func (sg *segment) find(k uint64) (int64, bool) {
	if sg.keyList == nil {
		if k < sg.keyBase || k-sg.keyBase >= uint64(sg.rows) {
			return 0, false
		}
		return int64(k - sg.keyBase), true
	}
	i, ok := slices.BinarySearch(sg.keyList, k)
	return int64(i), ok
}

// withKeysOf gives ns the keys of the rows of sgs (in order) not deleted in dels (one
// vector per segment, nil: none), followed by fresh keys for its remaining rows.
func (s *Store) withKeysOf(ns *segment, sgs []*segment, dels []delVec) {
	if len(sgs) == 0 {
		ns.keyBase = s.newKeys(ns.rows)
		return
	}
	keys := make([]uint64, 0, ns.rows)
	for i, sg := range sgs {
		for p := range sg.rows {
			if !dels[i].get(p) {
				keys = append(keys, sg.key(p))
			}
		}
	}
	if fresh := ns.rows - int64(len(keys)); fresh > 0 {
		base := s.newKeys(fresh)
		for i := range uint64(fresh) {
			keys = append(keys, base+i)
		}
	}
	ns.keyList = keys
}

// newKeys reserves n fresh row keys and returns the first.
func (s *Store) newKeys(n int64) uint64 { return s.nextRowKey.Add(uint64(n)) - uint64(n) }

// locate returns where the row with key k is in td, and false when no current row has it.
func locate(td *tableData, k uint64) (seg int, pos int64, ok bool) {
	segs := td.segments
	i := sort.Search(len(segs), func(i int) bool { return segs[i].rows > 0 && segs[i].lastKey() >= k })
	if i == len(segs) {
		return 0, 0, false
	}
	p, found := segs[i].find(k)
	if !found || segs[i].dels.get(p) {
		return 0, 0, false
	}
	return i, p, true
}

// RowKeys returns the keys of the rows with the given identifiers (from RowIDBatches) that
// were committed before the transaction's snapshot, in order; rows the transaction
// inserted itself have none, as no other transaction can see them.
func (t *Txn) RowKeys(oid types.OID, ids []int64) []uint64 {
	td := t.base.tables[oid]
	if tt := t.tables[oid]; tt != nil {
		if tt.truncated {
			return nil
		}
		td = tt.base
	}
	if td == nil {
		return nil
	}
	keys := make([]uint64, 0, len(ids))
	for _, id := range ids {
		seg, row := int(id>>rowIDBits), id&rowIDMask
		if seg < len(td.segments) && row < td.segments[seg].rows {
			keys = append(keys, td.segments[seg].key(row))
		}
	}
	return keys
}

// rowConflictError is the 40001 of a row that a transaction committed after the snapshot
// deleted or updated: a READ COMMITTED statement runs again on a new snapshot instead.
type rowConflictError struct{ pg *pgerror.Error }

func (e *rowConflictError) Error() string { return e.pg.Error() }
func (e *rowConflictError) Unwrap() error { return e.pg }

// RowConflict marks the error for the executor (see IsRowConflict there).
func (e *rowConflictError) RowConflict() bool { return true }

func rowConflict() error { return &rowConflictError{concurrentUpdate().(*pgerror.Error)} }

// checkCurrent fails with a row conflict when row p of segment seg of td (the snapshot's
// table) is no longer current in latest.
func checkCurrent(td, latest *tableData, seg int, p int64) error {
	if latest == td {
		return nil
	}
	if _, _, ok := locate(latest, td.segments[seg].key(p)); !ok {
		return rowConflict()
	}
	return nil
}

// rebase moves tt's deletions from its snapshot onto latest's segments, failing with a
// row conflict when one of the rows is no longer current there.
func (tt *txnTable) rebase(latest *tableData) error {
	if tt.base == nil || latest == tt.base {
		return nil
	}
	if len(tt.dels) > 0 {
		byFile := make(map[string]int, len(latest.segments))
		for j, sg := range latest.segments {
			byFile[sg.file] = j
		}
		dels := make(map[int]delVec, len(tt.dels))
		for i, d := range tt.dels {
			sg := tt.base.segments[i]
			if j, ok := byFile[sg.file]; ok {
				// Same file, same positions: only rows deleted since may conflict.
				ls := latest.segments[j]
				for k := range min(len(d), len(ls.dels)) {
					if d[k]&ls.dels[k] != 0 {
						return rowConflict()
					}
				}
				if dels[j] == nil {
					dels[j] = d // the transaction's own vector, over the same rows: no copy
				} else {
					dels[j] = orInto(dels[j], d, ls.rows)
				}
				continue
			}
			for _, p := range d.positions(sg.rows) {
				j, q, ok := locate(latest, sg.key(p))
				if !ok {
					return rowConflict()
				}
				if dels[j] == nil {
					dels[j] = newDelVec(latest.segments[j].rows)
				}
				dels[j].set(q)
			}
		}
		tt.dels = dels
	}
	tt.base = latest
	tt.view = nil
	return nil
}

// orInto returns acc with the rows of d set too (acc nil: a new vector of rows rows).
func orInto(acc, d delVec, rows int64) delVec {
	if acc == nil {
		acc = newDelVec(rows)
	}
	if len(d) > 0 {
		acc = acc.growFor(int64(len(d))*8-1, rows) // vectors may be short (growFor)
	}
	for i := range min(len(acc), len(d)) {
		acc[i] |= d[i]
	}
	return acc
}

// NewSnapshot moves the transaction onto the latest committed version, as a READ COMMITTED
// statement starts: its own changes are kept and rebased. A transaction that changed the
// catalog or truncated a table keeps its snapshot. A row it deleted that a concurrent
// commit deleted too is a row conflict, and a key it inserted that a concurrent commit
// inserted too is a unique violation.
func (t *Txn) NewSnapshot() error {
	// A snapshot newer than the published version (RecheckSnapshot) is published first,
	// so that the transaction never moves back.
	if err := t.AwaitReads(); err != nil {
		return err
	}
	return t.moveTo(t.s.cur.Load())
}

// moveTo moves the transaction onto version latest, which is not older than its snapshot.
func (t *Txn) moveTo(latest *version) error {
	if t.done || t.cat != t.baseCat {
		return nil
	}
	for _, tt := range t.tables {
		if tt.truncated || tt.altered {
			return nil
		}
	}
	for oid, tt := range t.tables {
		if tt.base == nil {
			continue
		}
		lt := latest.tables[oid]
		if lt == tt.base {
			continue
		}
		if lt == nil {
			return concurrentDrop(tt.base.def)
		}
		if lt.schema != tt.base.schema {
			return concurrentUpdate()
		}
		old := tt.base
		if err := tt.rebase(lt); err != nil {
			return err
		}
		if err := t.validateUnique(t.cat.TableByOID(oid), tt, old, lt); err != nil {
			return err
		}
	}
	t.base, t.baseCat = latest, t.s.withSharedRoles(latest.cat)
	t.cat = t.baseCat
	return nil
}

// NoRowKey is RowKeysEach's key of a row the transaction inserted itself.
const NoRowKey = ^uint64(0)

// RowKeysEach is RowKeys with one key for every identifier, NoRowKey for the rows the
// transaction inserted itself (and every row of a table it truncated).
func (t *Txn) RowKeysEach(oid types.OID, ids []int64) []uint64 {
	keys := make([]uint64, len(ids))
	td := t.base.tables[oid]
	if tt := t.tables[oid]; tt != nil {
		td = tt.base
		if tt.truncated {
			td = nil
		}
	}
	for i, id := range ids {
		keys[i] = NoRowKey
		seg, row := int(id>>rowIDBits), id&rowIDMask
		if td != nil && seg < len(td.segments) && row < td.segments[seg].rows {
			keys[i] = td.segments[seg].key(row)
		}
	}
	return keys
}
