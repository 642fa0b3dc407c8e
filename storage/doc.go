// Package storage owns pgfast's durable tables: the catalog and the rows of every table,
// persisted in one data directory, served from memory, and changed only by transactions that
// commit atomically.
//
// # Model
//
// A Store holds a chain of immutable versions. A version is a catalog.Catalog snapshot plus,
// per table, an ordered list of segments; a segment is one Parquet file on disk, read
// lazily, plus an optional deletion vector hiding some of its rows. A segment or deletion
// vector made by a commit that went to the write-ahead log has its name but no file until
// a checkpoint writes it (see Commit protocol); its rows stay pinned in memory until then.
// Begin takes the latest published version as the transaction's snapshot and never
// blocks. A Txn reads its snapshot plus its own changes: Catalog reflects its DDL, Scan
// (and Batches, which reads a whole table at once) drops the rows it deleted and appends
// the rows it inserted. Records are never mutated or released by the store; memory is
// reclaimed by the garbage collector once nothing refers to a record.
//
// # Reading segments
//
// A table may be larger than memory. Open reads no segment file; a segment's footer is read
// when a scan first reaches it, and its rows one Parquet row group's column at a time, as
// scans ask for them (segdata.go). Scan returns morsels (a row group, or a record still in
// memory) that the executor's workers load in parallel; only the scan's columns are
// decoded, and row groups whose column statistics lie outside the scan's bounds are
// skipped (scan.go), the same pushdown foreign Parquet files get. Decoded column chunks
// are kept in a cache bounded in bytes (cache.go, WithCache), whose bytes the server charges
// to its memory limit; queries that need the memory evict it. A segment a commit just wrote
// stays in memory as the transaction's records, also charged to the cache, until the cache
// evicts it; from then on it is read from its file like any other.
//
// # Deleting and updating rows
//
// Segments stay immutable; deleting rows marks them in a deletion vector, a bitmap over the
// segment's rows, and UPDATE is a delete of the old row versions plus an insert of the new
// ones, appended like any insert. This is the merge-on-read design of Delta Lake's and
// Iceberg's deletion vectors, chosen over copy-on-write because the common analytical
// DELETE or UPDATE touches few rows of large segments: committing it writes a bitmap of
// rows/8 bytes per touched segment instead of rewriting up to a million rows, and a scan
// filters only the morsels that lost rows (the others pass as they are read). Copy-on-write is used where it is cheaper: a
// segment that has lost at least half its rows, or is no larger than a batch, is rewritten
// without them at commit, a segment that lost all its rows is dropped, and merging trailing
// small segments (below) keeps only live rows. Deleted rows thus never accumulate past half
// a segment, and are compacted away as segments are rewritten.
//
// Scans that feed DELETE and UPDATE (RowIDBatches) also return a row identifier per row:
// the segment's index in the transaction's snapshot and the row's position in it (deleted
// rows counted), or, for rows the transaction inserted itself, a position among them. Both
// are fixed for the transaction's life, so identifiers taken by one statement stay valid
// while later statements delete more rows. A transaction keeps its deletions as bitmaps per
// snapshot segment and over its own inserted rows; at commit they are unioned with the
// segment's current vector.
//
// # ALTER TABLE
//
// Every column has a stable ID, persisted in the manifest, and each segment records the IDs
// of the columns its file holds when they differ from the table's. ALTER TABLE changes
// only the definition: an added column gets a fresh ID (IDs are never reused) that no older
// file holds, so existing rows read NULL; a dropped column is simply no longer read, its data
// lingering in old files until they are rewritten; renames and NOT NULL changes touch
// neither files nor IDs. Segments are read by column ID, so a commit changes no segment.
// SET NOT NULL (and ADD COLUMN ... NOT NULL) first checks the
// visible rows for NULLs.
//
// # Layout
//
// A data directory holds one store per database (package cluster); the roles live in one
// of them, and the others see those (WithSharedRoles, shared_roles.go). CopyTo copies a
// store for CREATE DATABASE ... TEMPLATE.
//
//	<dir>/LOCK                    flock'ed while a Store has the directory open
//	<dir>/manifest.json           the version of the latest checkpoint
//	<dir>/wal-<gen>.log           the write-ahead log: commits since that checkpoint (wal.go)
//	<dir>/tables/<oid>/<seq>.parquet
//	<dir>/tables/<oid>/<seq>.del  deletion vector of one segment (see delvec.go)
//
// The manifest (JSON, see manifest.go) records a format number, the commit sequence, the
// next OID and file sequence, and every table: OID, schema, name, kind, columns (ID, name,
// type OID, typmod, NOT NULL), the next column ID, a view's defining SQL, and its segment
// files in row order with their row counts (a view has none), column IDs when they differ
// from the table's, and the deletion vector file and deleted row count of each. It records
// every user-defined type too: OID, array type OID, schema, name, kind, an enum's labels
// (each label's OID, text and float4 sort order) and a domain's base type and constraints, and
// every foreign server (txn_servers.go) with a foreign table's server and options (a foreign
// table has no segments: its rows are its files, read by the executor). A deletion
// vector file is written once under a fresh name, carries a checksum, and is replaced (never
// modified) when more rows are deleted. Segment files are written by pqarrow with the Arrow
// schema embedded, so numeric words, the
// timestamptz zone and time units round-trip exactly; an enum column holds its labels'
// OIDs as uint32, with the type's OID in the field metadata (catalog.TypeOIDKey) for a
// reader to find the labels in the manifest; month-day-nano intervals, which Parquet
// cannot type, are stored as their 16 raw bytes. Fixed-width columns skip dictionary encoding
// (hashing every value costs most of a bulk load); the codec is Snappy unless configured.
// File names come from a store-wide sequence and OIDs from a store-wide counter, so no two
// transactions, even concurrent ones that both roll back, share either.
//
// # User-defined types
//
// Types are catalog objects without rows (txn_types.go). A transaction's CREATE, ALTER and
// DROP TYPE change its catalog; OIDs for the type, its array type and enum labels come from
// the store-wide counter when the statement runs. Commit rebases type changes like table
// DDL: a type altered or dropped by a concurrent commit since the snapshot fails with 40001,
// a name a concurrent commit took with 42710, and a table left with a column of a type
// that a concurrent commit dropped with 40001. Enum labels added in a transaction are
// marked Uncommitted in its catalog (unusable until commit, as in PostgreSQL) and committed
// unmarked.
//
// # Commit protocol
//
// A commit that changes only rows (inserts of fewer than a small segment's rows per table,
// deletes, updates; no DDL, no TRUNCATE) is logged:
//
//  1. Before the commit lock its inserted rows are encoded as an Arrow IPC stream.
//  2. Under the commit mutex the transaction is rebased onto the newest version (rules below)
//     and the next version is built in memory: deletes give segments new deletion vectors,
//     or rewrite or drop them, and the inserted rows become a new small segment, merged
//     with trailing small ones (steps 3 and 4 below), all without writing files. The new
//     segments and deletion vectors get their file names now; a checkpoint writes them.
//  3. One record (walrec.go) holding the rows, the deleted row positions per segment file,
//     the file names handed out and the merge decisions is appended to wal.log, and the
//     version becomes the head that later commits rebase onto. The lock is released.
//  4. The committer waits for an fsync of the log that started after its write: the first
//     to arrive syncs for all that queued meanwhile (group commit), then publishes the
//     newest synced version to new transactions. Only then does Commit return.
//
// Once the log passes its size limit, a background checkpoint folds it into files: under
// the commit mutex it only syncs the log, starts a new log file and takes the newest
// version; then, while commits go on into the new file, it writes that version's
// in-memory segments and deletion vectors and its manifest (steps 5 to 7 below), and
// deletes the older log files and the files no version names any more.
//
// Any other commit makes a checkpoint itself, under the commit mutex (checkpoint.go),
// which is the original protocol:
//
//  1. Large inserts (a small-segment's worth of rows or more) are written to new segment
//     files before the commit lock is taken, split so each core writes one file of at most
//     a segment's rows, in row groups of 128Ki rows. A bulk load thus does not stall other
//     committers.
//  2. Under the commit mutex the transaction is rebased onto the newest version, which may
//     hold commits made after its snapshot. Appends never conflict, not even with
//     concurrent deletes. Inserting into or dropping a table that a concurrent commit
//     dropped fails with 40001; creating a name that concurrently appeared (or renaming a
//     table to it) fails with 42P07. Conflicts between writers are detected per row (see
//     "Row keys and snapshots" below): the rows a transaction deleted or updated are moved
//     onto the latest version's segments by their keys, and a row that a transaction
//     committed after the snapshot deleted or updated fails the commit with 40001 ("could
//     not serialize access due to concurrent update", PostgreSQL's error). Writers that lock
//     their rows (the executor does) meet that conflict at the statement instead, after
//     waiting for the other writer, as in PostgreSQL. TRUNCATE and ALTER TABLE fail after
//     any concurrent commit to the table, and every write fails after a concurrent ALTER.
//  3. Deletes are applied: each touched segment gets a new deletion vector, or is
//     rewritten or dropped as described above; truncated tables lose all their segments,
//     altered tables get their new definition.
//  4. Small inserts become one new segment. If the table would then end in more than
//     maxSmall small segments, the newest ones are merged into it, oldest-last, taking each
//     older segment while it is at most twice the rows gathered so far. Only the trailing run
//     of small segments is ever merged, so row order is kept, and sizes grow geometrically
//     towards older segments: a thousand single-row commits leave a handful of files, and
//     each row is rewritten O(log n) times.
//  5. Every logged commit still queued is synced first. Then every segment and deletion
//     vector of the new version that exists only in memory (made by this commit or by
//     logged ones) is written and fsynced, then each table directory that gained files
//     (and the tables directory when a table was created).
//  6. The new manifest is written to manifest.json.tmp, fsynced, renamed over manifest.json,
//     and the data directory is fsynced. The rename is the commit point.
//  7. The new version is published in memory, the log files are deleted (their commits are
//     all in the manifest now) and a new one started, and files the version no longer
//     references (merged, rewritten or
//     truncated segments, replaced deletion vectors, dropped tables' directories, also
//     those logged commits stopped referencing) are deleted.
//
// A failure before the rename deletes the new files and leaves the store as it was. A failure
// after it, or a failed write or fsync of the log, leaves the outcome on disk in doubt, so
// the store refuses all further commits (as PostgreSQL panics on a failed fsync). A
// transaction that changed nothing commits without I/O. Close makes a checkpoint, so a clean
// shutdown leaves an empty log.
//
// # Row keys and snapshots
//
// Positions change as segments are rewritten and merged, so every committed row also has a
// key (rowid.go), handed out in commit order when it is loaded or committed and kept
// through rewrites and merges: keys increase along a table's rows, and a row is found in
// any version by binary search. Keys live in memory only, as do the locks and transactions
// that use them. A transaction's deletions move from one version to another by key: at
// commit (above), and in NewSnapshot, which moves a transaction without DDL onto the latest
// version when a READ COMMITTED statement starts; its inserted rows need no moving. RowKeys
// gives the executor the keys of the rows a statement is about to change, to lock them, and
// Delete fails with a row conflict when one of them is no longer current.
//
// # Serializable transactions
//
// A transaction marked SetSerializable records what it reads: the tables it scans and the
// keys it looks up through unique indexes, with the rows found. Its commit, under the
// commit mutex, fails with 40001 when a serializable transaction that committed after its
// snapshot changed any of that; a committed serializable transaction leaves its write set
// (tables, deleted row keys, inserted index keys) for as long as a serializable snapshot
// predates it. Serializable transactions that change data are thus serializable in commit
// order, and those that change nothing in snapshot order (ssi.go).
//
// # Recovery
//
// Open reads the manifest and every deletion vector, checks each vector's checksum and count
// against the manifest, and deletes everything under tables/
// the manifest does not name, plus a leftover manifest.json.tmp. Those are exactly what a
// crash leaves between writing files and the rename (new segments and deletion vectors, new
// table directories) or between the rename and the deletions (merged, rewritten or dropped
// files); no committed state needs them. Segment files are not read: start-up time does not
// grow with the data. A segment file's row count and column types are checked against the
// manifest when a scan first opens it; a file that does not match is an error (XX001) of
// that scan, never a wrong answer. Then it replays the log files in generation
// order: records of versions up to the manifest's are skipped (a checkpoint's deletion of
// log files was lost), the others must follow one another and are redone by the same code
// that built them, with the recorded file names and merge decisions, so the recovered
// segments are the ones the crashed process had in memory. Reading a file stops at its
// first record that is short or fails its checksum; the newest file is cut there: such a
// record was never synced, so never acknowledged (a file is synced before the next one is
// started). A segment file a crashed checkpoint wrote under the name of a logged segment is
// an orphan like any other and is deleted before the replay. Since the manifest only ever
// names fsynced files and is replaced atomically, and a logged commit returns only after
// its record is synced, every commit that returned nil is there after a kill -9 or power
// loss, and no partial commit is.
//
// # Statistics
//
// Each segment keeps, per column, a stats.Sketch (row and NULL counts, value range, a
// HyperLogLog of distinct values), computed from its rows the first time a
// transaction asks for its table's statistics (TableStats, which the planner's estimates
// use) or by ANALYZE, and then kept with the segment, which is immutable; a segment that
// only gains a deletion vector keeps its file's sketches. A table's statistics merge its
// segments' sketches with one over the transaction's own inserts; its row count is exact.
// A bulk-written segment (an insert of a small segment's worth of rows or more) stores its
// sketches in its file's footer, so that planning after a restart reads no rows; the
// sketches of other segments are recomputed after a restart, on first use.
//
// # Unique indexes and schemas
//
// A table's unique indexes (PRIMARY KEY, UNIQUE, CREATE UNIQUE INDEX) are hash indexes from
// key to row, one per segment file, built from its rows on first use and shared by every
// version holding the segment (unique.go): an append adds a small index instead of
// rebuilding the table's, and a deletion vector hides the keys of deleted rows. Insert
// refuses a key a visible row has (23505); commit checks the transaction's keys again
// against the segments concurrent commits added, so no two commits both hold a key. ON
// CONFLICT finds conflicting rows through the same indexes (upsert.go). Indexes are rebuilt
// after a restart, not persisted. The keys of an expression index, and the rows a partial
// index holds, come from an IndexKeyer the server supplies (keyer.go), which evaluates the
// index's stored SQL over whole rows; a row a partial index does not hold has no key. Schemas are catalog objects committed like types
// (txn_schemas.go).
//
// # Not here (yet)
//
// NOT NULL is checked on Insert as a safety net, but the executor owns constraint errors with
// their row detail. ALTER TABLE cannot change a column's type. A transaction's own inserted
// rows are held in memory until it commits.
package storage
