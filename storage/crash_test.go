package storage

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// commitCrashing runs a commit that adds rows 100..200 to t (merging its segments, so the
// commit also makes files obsolete) and creates table u; at the named point of the protocol
// it copies the data directory, which is what the disk holds if the process dies there.
func commitCrashing(t *testing.T, point string) (crashDir string) {
	dir := t.TempDir()
	s := openStore(t, dir, WithCompaction(64<<10, 1))
	tx := s.Begin()
	def := mustCreate(t, tx, intTable("t"))
	mustInsert(t, tx, def.OID, intRecord(0, 100))
	mustCommit(t, tx)

	crashDir = t.TempDir()
	s.hook = func(p string) error {
		if p == point {
			if err := copyDir(dir, crashDir); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}
	tx = s.Begin()
	mustInsert(t, tx, def.OID, intRecord(100, 200))
	u := mustCreate(t, tx, intTable("u"))
	mustInsert(t, tx, u.OID, intRecord(0, 5))
	mustCommit(t, tx)
	return crashDir
}

func TestCrashRecovery(t *testing.T) {
	cases := []struct {
		point string
		rows  int64 // rows of t after recovery
	}{
		{"after-segments", 100},
		{"before-manifest-rename", 100},
		{"after-manifest-rename", 200},
	}
	for _, c := range cases {
		t.Run(c.point, func(t *testing.T) {
			dir := commitCrashing(t, c.point)
			before := dataFiles(t, dir)
			s := openStore(t, dir)
			tx := s.Begin()
			wantSeq(t, ids(t, tx, "t"), c.rows)
			if hasU := tx.Catalog().Table(catalog.DefaultSchema, "u") != nil; hasU != (c.rows == 200) {
				t.Fatalf("table u exists: %v", hasU)
			}
			files := dataFiles(t, dir)
			if !slices.Equal(files, referencedFiles(t, dir)) {
				t.Fatalf("after recovery files %v, manifest names %v", files, referencedFiles(t, dir))
			}
			if len(files) >= len(before) {
				t.Fatalf("no orphan removed: %v before, %v after", before, files)
			}
			if _, err := os.Stat(filepath.Join(dir, manifestTemp)); !os.IsNotExist(err) {
				t.Fatalf("temporary manifest left: %v", err)
			}
			// The recovered store takes new commits.
			tx = s.Begin()
			mustInsert(t, tx, oidOf(t, tx, "t"), intRecord(c.rows, c.rows+1))
			mustCommit(t, tx)
			wantSeq(t, committedIDs(t, s, "t"), c.rows+1)
		})
	}
}

// TestFailedCommit checks that a commit failing before the manifest is renamed leaves no
// trace and the store keeps working, and that one failing after it poisons the store.
func TestFailedCommit(t *testing.T) {
	boom := errors.New("boom")
	for _, point := range []string{"after-segments", "before-manifest-rename"} {
		t.Run(point, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir)
			tx := s.Begin()
			def := mustCreate(t, tx, intTable("t"))
			mustInsert(t, tx, def.OID, intRecord(0, 10))
			mustCommit(t, tx)
			s.hook = func(p string) error {
				if p == point {
					return boom
				}
				return nil
			}
			tx = s.Begin()
			mustInsert(t, tx, def.OID, intRecord(10, 20))
			mustCreate(t, tx, intTable("u"))
			if err := tx.Commit(); !errors.Is(err, boom) {
				t.Fatalf("commit: %v", err)
			}
			if files := dataFiles(t, dir); !slices.Equal(files, referencedFiles(t, dir)) {
				t.Fatalf("failed commit left files %v", files)
			}
			if dirs, _ := os.ReadDir(filepath.Join(dir, tablesDir)); len(dirs) != 1 {
				t.Fatalf("failed commit left table directories %v", dirs)
			}
			wantSeq(t, committedIDs(t, s, "t"), 10)
			s.hook = nil
			tx = s.Begin()
			mustInsert(t, tx, def.OID, intRecord(10, 11))
			mustCommit(t, tx)
			wantSeq(t, committedIDs(t, s, "t"), 11)
		})
	}
	t.Run("after-manifest-rename", func(t *testing.T) {
		dir := t.TempDir()
		s := openStore(t, dir)
		s.hook = func(p string) error {
			if p == "after-manifest-rename" {
				return boom
			}
			return nil
		}
		tx := s.Begin()
		def := mustCreate(t, tx, intTable("t"))
		mustInsert(t, tx, def.OID, intRecord(0, 10))
		if err := tx.Commit(); !errors.Is(err, boom) {
			t.Fatalf("commit: %v", err)
		}
		// Memory agrees with the manifest on disk, but nothing more may be committed.
		wantSeq(t, committedIDs(t, s, "t"), 10)
		s.hook = nil
		tx = s.Begin()
		mustInsert(t, tx, def.OID, intRecord(10, 11))
		wantCode(t, tx.Commit(), pgcode.IoError, "")
		s.Close()
		wantSeq(t, ids(t, openStore(t, dir).Begin(), "t"), 10)
	})
}

func TestCommitAfterClose(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	mustCreate(t, tx, intTable("t"))
	s.Close()
	if err := tx.Commit(); !errors.Is(err, errClosed) {
		t.Fatalf("commit after close: %v", err)
	}
}
