package storage

import (
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// TestBulkInsertSpills: a transaction inserting many segments' worth of rows writes them to
// segment files as they arrive and keeps less than a segment in memory; it reads its own
// rows (and deletes some of them) from those files, a commit keeps them, a rollback deletes
// them.
func TestBulkInsertSpills(t *testing.T) {
	const seg, n = 10_000, 55_000
	for _, commit := range []bool{true, false} {
		dir := t.TempDir()
		s := openStore(t, dir, WithSegmentRows(seg), WithRowGroupRows(4096))
		tx := s.Begin()
		def := intTable("t")
		def.Indexes = []catalog.IndexDef{{Name: "t_pkey", Columns: []int{0}, Unique: true}}
		oid := mustCreate(t, tx, def).OID
		for from := int64(0); from < n; from += 1000 {
			mustInsert(t, tx, oid, intRecord(from, from+1000))
			if tt := tx.tables[oid]; tt.pendRows-tt.spilledRows >= seg {
				t.Fatalf("%d inserted rows held in memory, a segment is %d", tt.pendRows-tt.spilledRows, seg)
			}
		}
		if files := dataFiles(t, dir); len(files) < n/seg {
			t.Fatalf("%d files written before commit, want at least %d", len(files), n/seg)
		}
		// A key in a spilled segment is taken.
		err := tx.Insert(oid, intRecord(5, 6))
		wantCode(t, err, pgcode.UniqueViolation, "")
		deleteWhere(t, tx, oid, func(id int64) bool { return id%3 == 0 })
		gone := func(id int64) bool { return id%3 == 0 }
		wantIDs(t, ids(t, tx, "t"), idsFrom(0, n, gone))
		if !commit {
			tx.Rollback()
			if files := dataFiles(t, dir); len(files) != 0 {
				t.Fatalf("rollback left %v", files)
			}
			continue
		}
		mustCommit(t, tx)
		wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, n, gone))
		s.Close()
		s = openStore(t, dir)
		wantIDs(t, committedIDs(t, s, "t"), idsFrom(0, n, gone))
		s.Close()
	}
}
