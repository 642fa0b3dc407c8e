package storage

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// CopyTo writes a copy of the store's committed state into dst, a directory that must not
// exist yet, which Open then opens as a store of its own (CREATE DATABASE ... TEMPLATE).
// It makes a checkpoint first, and holds the commit lock while it copies, so the copy is
// one committed version: the manifest, the write-ahead log (empty after the checkpoint),
// the sequences' counters and the table files. Every file and directory is synced before
// CopyTo returns; the caller makes dst's own entry durable.
func (s *Store) CopyTo(dst string) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.inflight.Done()
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkpointLocked(); err != nil {
		return err
	}
	if err := os.Mkdir(dst, 0o755); err != nil {
		return ioError(err, "could not create directory \"%s\"", dst)
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return ioError(err, "could not read directory \"%s\"", s.dir)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == tablesDir:
			err = s.copyTree(filepath.Join(s.dir, name), filepath.Join(dst, name))
		case name == manifestName, isStoreFile(name):
			err = s.copyFile(filepath.Join(s.dir, name), filepath.Join(dst, name))
		}
		if err != nil {
			return err
		}
	}
	return s.syncDir(dst)
}

// isStoreFile reports whether a name in a store's directory, besides the manifest and the
// tables, is one of the store's files: a write-ahead log or a sequence's counter.
func isStoreFile(name string) bool {
	return strings.HasPrefix(name, "wal-") && strings.HasSuffix(name, ".log") ||
		strings.HasPrefix(name, "seq_") && strings.HasSuffix(name, ".json")
}

// copyTree copies the directory src, with every file below it, to dst.
func (s *Store) copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return ioError(err, "could not read directory \"%s\"", path)
		}
		rel, _ := filepath.Rel(src, path)
		to := filepath.Join(dst, rel)
		if !d.IsDir() {
			return s.copyFile(path, to)
		}
		if err := os.Mkdir(to, 0o755); err != nil {
			return ioError(err, "could not create directory \"%s\"", to)
		}
		return nil
	})
}

// copyFile copies one file and syncs it, and the directory holding it.
func (s *Store) copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return ioError(err, "could not open file \"%s\"", src)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return ioError(err, "could not create file \"%s\"", dst)
	}
	if _, err = io.Copy(out, in); err == nil && s.opts.fsync {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ioError(err, "could not write file \"%s\"", dst)
	}
	return s.syncDir(filepath.Dir(dst))
}
