package storage

import "github.com/pgfast/pgfast/catalog/types"

// Row locks are let go of early, as Johnson et al. describe for Shore-MT ("Aether: a
// scalable approach to logging", VLDB 2010): a writer's session releases its row locks once
// its commit record is written to the log (CommitReleasing), not once the record is
// durable, so the fsync of a commit does not lengthen the queue of writers of a hot row.
// Nothing but a crash undoes a logged commit, and a crash undoes every later commit too, so
// the next writer of the row may build on it; what no client may do is see it before it is
// durable. Hence:
//
//   - a statement that waited for a row lock re-checks the row in the newest version,
//     logged but perhaps not durable (RecheckSnapshot), and the statement's result, rows,
//     count or error, is held back until that version is durable (AwaitReads);
//   - every other snapshot is the published version, which is durable;
//   - the re-checking transaction's own commit comes after the one it read, so waiting for
//     its own record's fsync waits for that one's too.
//
// A statement whose result reveals nothing of what it read (the session decides which:
// package session's isolation.go) need not wait: the transaction carries the reads on
// (PendingReads), later statements start from NewSnapshotKeepingReads, and the next result
// that may reveal them, or the commit, waits for them.

// RecheckSnapshot moves the transaction onto the newest committed version, durable or not,
// as a READ COMMITTED statement does that found one of its rows changed by a transaction
// that committed while it waited for the row's lock: it runs again there, on the row as
// that transaction left it. Until AwaitReads returns, nothing the statement read may reach
// the client.
func (t *Txn) RecheckSnapshot() error {
	v := t.s.logged.Load()
	if v.seq <= t.base.seq {
		return nil
	}
	if err := t.moveTo(v); err != nil {
		t.readUndurable(v) // the error tells of v
		return err
	}
	t.readUndurable(v)
	return nil
}

// readUndurable records that the transaction read version v, which may not be durable.
func (t *Txn) readUndurable(v *version) { t.undurable = max(t.undurable, v.seq) }

// PendingReads reports whether the transaction read a version that may not be durable yet
// and has not waited for it (AwaitReads).
func (t *Txn) PendingReads() bool { return t.undurable != 0 }

// NewSnapshotKeepingReads is NewSnapshot for a statement that itself waits for the
// transaction's pending reads before its result goes out, if it must: instead of waiting
// here, a transaction still on a version newer than the published one stays there (a
// snapshot never moves back), and moves on to the published version once that is newer.
func (t *Txn) NewSnapshotKeepingReads() error {
	cur := t.s.cur.Load()
	if t.undurable == 0 || cur.seq >= t.undurable {
		t.undurable = 0 // published means durable
		return t.moveTo(cur)
	}
	if cur.seq > t.base.seq {
		return t.moveTo(cur)
	}
	return nil
}

// AwaitReads returns once every version the transaction read is durable (and published),
// at once when it read only published ones. An error means the store could not make the
// log durable: what the transaction read may be lost.
func (t *Txn) AwaitReads() error {
	seq := t.undurable
	if seq == 0 {
		return nil
	}
	if err := t.s.wal.waitDurable(seq); err != nil {
		return ioError(err, "could not make the log durable")
	}
	t.undurable = 0
	return nil
}

// CheckRowsCurrent fails with a row conflict (40001, which a READ COMMITTED statement
// answers by running again on the newest version) when a transaction that committed after
// the snapshot deleted or updated one of the rows of table oid with the given keys
// (NoRowKey: none to check). SELECT ... FOR UPDATE calls it once it holds the rows' locks,
// so the newest logged version, durable or not, is the one that counts.
func (t *Txn) CheckRowsCurrent(oid types.OID, keys []uint64) error {
	latest := t.s.logged.Load()
	if latest.seq <= t.base.seq {
		return nil
	}
	td, lt := t.base.tables[oid], latest.tables[oid]
	if tt := t.tables[oid]; tt != nil && tt.base != nil {
		td = tt.base
	}
	if lt == td {
		return nil
	}
	if lt == nil {
		return rowConflict()
	}
	for _, k := range keys {
		if k == NoRowKey {
			continue
		}
		if _, _, ok := locate(lt, k); !ok {
			return rowConflict()
		}
	}
	return nil
}

// TablesChangedSince reports whether a transaction that committed after the snapshot (its
// commit logged, durable or not) changed one of the tables oids. A DELETE of referenced
// rows that waited for a foreign-key check's lock asks it of the referencing tables: the
// check's transaction may have added rows the snapshot does not show.
func (t *Txn) TablesChangedSince(oids []types.OID) bool {
	latest := t.s.logged.Load()
	if latest.seq <= t.base.seq {
		return false
	}
	for _, oid := range oids {
		if latest.tables[oid] != t.base.tables[oid] {
			return true
		}
	}
	return false
}
