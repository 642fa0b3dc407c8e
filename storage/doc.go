// Package storage owns pgfast's durable tables: the catalog and the rows of every table,
// persisted in one data directory, served from memory, and changed only by transactions that
// commit atomically.
//
// # Model
//
// A Store holds a chain of immutable versions. A version is a catalog.Catalog snapshot plus,
// per table, an ordered list of segments; a segment is one Parquet file on disk and the same
// rows in memory as arrow.Records of at most BatchRows rows, so scans split a table into
// morsels without copying. Begin takes the latest version as the transaction's snapshot and
// never blocks. A Txn reads its snapshot plus its own changes: Catalog reflects its DDL,
// Batches appends the rows it inserted to the snapshot's. Records are shared by every version
// and transaction that can see them and are never mutated or released by the store, which is
// why callers must not Release them. Memory is reclaimed by the garbage collector once no
// version or transaction refers to a record.
//
// # Layout
//
//	<dir>/LOCK                    flock'ed while a Store has the directory open
//	<dir>/manifest.json           the latest committed version
//	<dir>/tables/<oid>/<seq>.parquet
//
// The manifest (JSON, see manifest.go) records a format number, the commit sequence, the
// next OID and file sequence, and every table: OID, schema, name, kind, columns (name, type
// OID, typmod, NOT NULL), a view's defining SQL, and its segment files in row order with
// their row counts (a view has none). Segment
// files are written by pqarrow with the Arrow schema embedded, so numeric words, the
// timestamptz zone and time units round-trip exactly; month-day-nano intervals, which Parquet
// cannot type, are stored as their 16 raw bytes. Fixed-width columns skip dictionary encoding
// (hashing every value costs most of a bulk load); the codec is Snappy unless configured.
// File names come from a store-wide sequence and OIDs from a store-wide counter, so no two
// transactions, even concurrent ones that both roll back, share either.
//
// # Commit protocol
//
//  1. Large inserts (a small-segment's worth of rows or more) are written to new segment
//     files before the commit lock is taken, split so each core writes one file of at most
//     a segment's rows, in row groups of 128Ki rows. A bulk load thus does not stall other
//     committers.
//  2. Under the commit mutex the transaction is rebased onto the latest version, which may
//     hold commits made after its snapshot. Appends never conflict. Inserting into or
//     dropping a table that a concurrent commit dropped fails with 40001; creating a name
//     that concurrently appeared fails with 42P07.
//  3. Small inserts become one new segment. If the table would then end in more than
//     maxSmall small segments, the newest ones are merged into it, oldest-last, taking each
//     older segment while it is at most twice the rows gathered so far. Only the trailing run
//     of small segments is ever merged, so row order is kept, and sizes grow geometrically
//     towards older segments: a thousand single-row commits leave a handful of files, and
//     each row is rewritten O(log n) times.
//  4. Every new file is fsynced, then each table directory that gained files (and the tables
//     directory when a table was created).
//  5. The new manifest is written to manifest.json.tmp, fsynced, renamed over manifest.json,
//     and the data directory is fsynced. The rename is the commit point.
//  6. The new version is published in memory, and files it no longer references (merged
//     segments, dropped tables' directories) are deleted.
//
// A failure before the rename deletes the new files and leaves the store as it was. A failure
// after it leaves the outcome on disk in doubt, so the store publishes the version the
// manifest names and refuses all further commits (as PostgreSQL panics on a failed fsync).
// A transaction that changed nothing commits without I/O.
//
// # Recovery
//
// Open reads the manifest, loads every segment on all cores, checks each file's row count and
// column types against the manifest, and deletes everything under tables/ the manifest does
// not name, plus a leftover manifest.json.tmp. Those are exactly what a crash leaves between
// writing files and the rename (new segments, new table directories) or between the rename
// and the deletions (merged or dropped files); no committed state needs them. Since the
// manifest only ever names fsynced files and is replaced atomically, every commit that
// returned nil is there after a kill -9 or power loss, and no partial commit is.
//
// # Not here (yet)
//
// NOT NULL is checked on Insert as a safety net, but the executor owns constraint errors with
// their row detail. There is no UPDATE/DELETE, TRUNCATE or ALTER; rows live in memory, so a
// database must fit in RAM.
package storage
