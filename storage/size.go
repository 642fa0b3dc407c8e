package storage

import (
	"os"
	"path/filepath"

	"github.com/pgfast/pgfast/catalog/types"
)

// RelationSize is the on-disk size in bytes of table oid's committed rows as of the
// transaction's snapshot: its live Parquet segment files and their deletion vectors
// (pg_relation_size). A segment committed through the write-ahead log and not yet written by
// a checkpoint counts its rows' size in memory. Rows this transaction has not committed yet
// do not count; a relation without stored rows (a view, a system relation) has size 0.
func (t *Txn) RelationSize(oid types.OID) int64 {
	td := t.base.tables[oid]
	if td == nil {
		return 0
	}
	dir := t.s.tableDir(oid)
	var n int64
	for _, sg := range td.segments {
		size, err := fileSize(filepath.Join(dir, sg.file))
		if os.IsNotExist(err) {
			for _, r := range sg.data.pinnedRecords() {
				for _, c := range r.Columns() {
					size += dataSize(c.Data(), nil)
				}
			}
		}
		n += size
		if sg.delFile != "" {
			size, _ := fileSize(filepath.Join(dir, sg.delFile))
			n += size
		}
	}
	return n
}

// DatabaseSize is the sum of RelationSize over every table of the snapshot
// (pg_database_size).
func (t *Txn) DatabaseSize() int64 {
	var n int64
	for oid := range t.base.tables {
		n += t.RelationSize(oid)
	}
	return n
}

// fileSize is a file's length; a file removed by a concurrent compaction, or not yet
// written by a checkpoint, counts 0.
func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// RowCounts returns table oid's committed rows as of the transaction's snapshot: live, and
// dead, the deleted rows its segment files still hold until a compaction rewrites them
// (pg_stat_user_tables' n_live_tup and n_dead_tup).
func (t *Txn) RowCounts(oid types.OID) (live, dead int64) {
	td := t.base.tables[oid]
	if td == nil {
		return 0, 0
	}
	for _, sg := range td.segments {
		live += sg.rows - sg.deleted
		dead += sg.deleted
	}
	return live, dead
}
