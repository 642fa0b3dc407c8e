package storage

import (
	"os"
	"path/filepath"

	"github.com/pgfast/pgfast/catalog/types"
)

// RelationSize is the on-disk size in bytes of table oid's committed rows as of the
// transaction's snapshot: its live Parquet segment files and their deletion vectors
// (pg_relation_size). Rows this transaction has not committed yet are not on disk and do
// not count; a relation without stored rows (a view, a system relation) has size 0.
func (t *Txn) RelationSize(oid types.OID) int64 {
	td := t.base.tables[oid]
	if td == nil {
		return 0
	}
	dir := t.s.tableDir(oid)
	var n int64
	for _, sg := range td.segments {
		n += fileSize(filepath.Join(dir, sg.file))
		if sg.delFile != "" {
			n += fileSize(filepath.Join(dir, sg.delFile))
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

// fileSize is a file's length; a file removed by a concurrent compaction counts 0.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
