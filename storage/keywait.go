package storage

import (
	"hash/maphash"
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Two transactions inserting the same new key into a unique index: the second waits for
// the first to end, then fails with 23505 if it committed, or goes on if it rolled back,
// as PostgreSQL's unique check waits for the inserting transaction. The store knows the
// keys, the session holds the locks: a transaction given a KeyWaiter calls it for every
// key it inserts that its snapshot does not have; the waiter locks the key until the
// transaction ends, waiting while another transaction holds it. A transaction that had to
// wait checks the key against the newest logged version (the holder lets go of its locks
// once its commit is logged, recheck.go says why that is safe).
//
// An INSERT ... ON CONFLICT whose arbiter index the key belongs to fails with a row
// conflict instead, which READ COMMITTED answers by running the statement again on the
// newest version (where the key is visible and the row takes the ON CONFLICT branch) and
// REPEATABLE READ reports as 40001, as PostgreSQL does.
//
// A transaction locks at most maxKeyLocks keys, so a bulk load does not fill the lock
// table; past that, its keys are checked at commit only, as before waiting existed.

// KeyWaiter locks key hash in unique index ix for the transaction, waiting while another
// transaction holds it; waited reports whether it had to.
type KeyWaiter func(ix types.OID, hash uint64) (waited bool, err error)

const maxKeyLocks = 10_000

var keySeed = maphash.MakeSeed()

// SetKeyWaiter makes the transaction lock the new keys it inserts through w (nil: no
// more).
func (t *Txn) SetKeyWaiter(w func(ix types.OID, hash uint64) (waited bool, err error)) {
	t.keyWaiter = w
}

// SetArbiters names the arbiter indexes of the INSERT ... ON CONFLICT being run (nil once
// it ends).
func (t *Txn) SetArbiters(ixs []types.OID) { t.arbiters = ixs }

// lockNewKey locks a key of index ix that no row visible to the transaction has, and once
// it had to wait, fails when the transaction it waited for committed the key.
func (t *Txn) lockNewKey(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, key string, keys rowKeys, i int) error {
	if t.keyWaiter == nil || t.keyLocks >= maxKeyLocks || tt.base == nil {
		return nil // past the bound, or a table created here, which nobody else sees
	}
	t.keyLocks++
	waited, err := t.keyWaiter(ix.OID, maphash.String(keySeed, key))
	if err != nil || !waited {
		return err
	}
	committed, err := t.committedSince(def, tt, ix, key)
	if err != nil || !committed {
		return err
	}
	if slices.Contains(t.arbiters, ix.OID) {
		return rowConflict()
	}
	return uniqueViolation(def, ix, keys, i)
}

// insertedKeyRow is visibleRow for a key being inserted: the row visible to the transaction with
// key in index ix, or -1 and whether a snapshot row this transaction deleted has it (an
// UPDATE keeping the key, whose lock the transaction holds already as the row's lock).
func (t *Txn) insertedKeyRow(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, key string) (id int64, deletedHere bool, err error) {
	if p, ok := tt.keys[ix.OID][key]; ok && !tt.pendDels.get(p) {
		return rowID(tt.pendingSeg(), p), false, nil
	}
	for j, sg := range tt.baseSegments() {
		idx, ok, err := t.segmentIndex(sg, tt.base.schema, tt.base.colIDs, def, ix, tt.colMap)
		if err != nil || !ok {
			return -1, false, err
		}
		if row, found := idx[key]; found && !sg.dels.get(row) {
			if !tt.dels[j].get(row) {
				return rowID(j, row), false, nil
			}
			deletedHere = true
		}
	}
	return -1, deletedHere, nil
}

// committedSince reports whether the newest logged version of the table has a live row
// with key in index ix in a segment the transaction's snapshot does not have.
func (t *Txn) committedSince(def *catalog.TableDef, tt *txnTable, ix *catalog.IndexDef, key string) (bool, error) {
	lt := t.s.logged.Load().tables[def.OID]
	if lt == nil || tt.base == lt || lt.schema != tt.base.schema {
		return false, nil // the commit-time check decides
	}
	files := map[string]bool{}
	for _, sg := range tt.baseSegments() {
		files[sg.file] = true
	}
	for _, sg := range lt.segments {
		if files[sg.file] {
			continue
		}
		idx, ok, err := t.segmentIndex(sg, lt.schema, lt.colIDs, def, ix, nil)
		if err != nil {
			return false, err
		}
		if row, found := idx[key]; ok && found && !sg.dels.get(row) {
			return true, nil
		}
	}
	return false, nil
}
