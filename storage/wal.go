package storage

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

// The write-ahead log makes small commits cheap: a commit that changes only rows appends one
// record to it and waits for an fsync that it shares with every commit that queued meanwhile
// (group commit), instead of writing Parquet files and a manifest. The log is a series of
// files, <dir>/wal-<generation, 16 hex digits>.log; records go to the newest. Each file is a
// sequence of records:
//
//	length uint32 | CRC-32C uint32 | payload (length bytes)
//
// all little-endian; the checksum covers the length and the payload, and the payload is a
// walRecord (walrec.go), starting with the commit's version number. A record is durable once
// an fsync that started after its write returned; only then is the commit's version
// published and the commit acknowledged, so a torn or unsynced tail holds only commits
// nobody was told about. Recovery reads the files in generation order and stops reading a
// file at its first record that is short or fails its checksum, cutting the newest file
// there. A checkpoint (checkpoint.go) starts a new file, folds the commits logged before it
// into segment files and a manifest, and then deletes the older files. A file is complete
// and synced before the next one is started, so records follow one another across files.
//
// Files are filled with zeros ahead of the records (preallocate), in steps that double up
// to walMaxStep, as PostgreSQL zero-fills its WAL segments: an fdatasync of a record written
// over zeros flushes only data, while one that grew the file must also commit the file's new
// size to the file system's journal, which costs a journal commit per fsync and, on a busy
// disk, about twice the time. Recovery reads zeros as the end of the records (a record is
// never empty), and a file cut after a torn record is truncated there before it is
// zero-filled again, so no remnant of a record that was never acknowledged can follow a
// new one.

const walHeaderSize = 8

// The zero-filled space a log file gets ahead of its records: at least walMinStep, then as
// much again as the file holds, at most walMaxStep at a time.
const (
	walMinStep = 64 << 10
	walMaxStep = 4 << 20
)

// walZeros is the buffer zero-filling writes from.
var walZeros = make([]byte, walMinStep)

// wal is the open log and the group-commit state of the commits appended to it.
type wal struct {
	dir   string
	fsync bool
	gen   uint64   // the generation of f
	f     *os.File // the file being appended to
	older []uint64 // generations before gen still on disk, oldest first
	size  int64    // bytes of records in f; appends happen under the Store's commit mutex
	alloc int64    // bytes of f, zeros after size

	// publish makes a version visible to new transactions; it is called under mu, in version
	// order, once the version's record is durable.
	publish func(*version)

	mu       sync.Mutex
	cond     *sync.Cond
	queued   []*version // versions whose records are written but not yet synced, oldest first
	durable  uint64     // every version up to this one is durable
	appended uint64     // the version of the last record written
	syncing  bool       // some committer is running the fsync
	err      error      // a failed write or fsync: the log's tail is in doubt, nothing commits

	syncs atomic.Int64 // fsyncs of the log so far, to see commits share them
}

func walPath(dir string, gen uint64) string {
	return filepath.Join(dir, fmt.Sprintf("wal-%016x.log", gen))
}

// openWAL finds the log files of dir; read then returns their records and opens the newest
// for appending.
func openWAL(dir string, fsync bool, publish func(*version)) (*wal, error) {
	w := &wal{dir: dir, fsync: fsync, publish: publish}
	w.cond = sync.NewCond(&w.mu)
	names, err := filepath.Glob(filepath.Join(dir, "wal-*.log"))
	if err != nil {
		return nil, ioError(err, "could not list directory \"%s\"", dir)
	}
	for _, n := range names {
		var gen uint64
		if _, err := fmt.Sscanf(filepath.Base(n), "wal-%016x.log", &gen); err == nil {
			w.older = append(w.older, gen)
		}
	}
	slices.Sort(w.older)
	return w, nil
}

// walEntry is one intact record read back from the log.
type walEntry struct {
	payload []byte
}

// read returns the intact records of every log file, in order, cuts the newest file after
// its last intact record (what follows was torn by a crash, never acknowledged) and opens
// it for appending, or starts the first file.
func (w *wal) read() ([]walEntry, error) {
	var out []walEntry
	for i, gen := range w.older {
		path := walPath(w.dir, gen)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, ioError(err, "could not read file \"%s\"", path)
		}
		entries, end := walRecords(data)
		out = append(out, entries...)
		if i < len(w.older)-1 {
			continue
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0o644)
		if err != nil {
			return nil, ioError(err, "could not open file \"%s\"", path)
		}
		w.f, w.gen, w.size, w.alloc = f, gen, int64(end), int64(end)
		w.older = w.older[:i]
		if end < len(data) {
			// What follows the records goes, torn record or zeros alike, so that only
			// zeros ever follow the records written from now on.
			if err := f.Truncate(int64(end)); err != nil {
				return nil, ioError(err, "could not truncate file \"%s\"", path)
			}
			if err := w.syncFile(f); err != nil {
				return nil, err
			}
		}
	}
	if w.f == nil {
		if err := w.startFile(1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// walRecords splits data into its intact records and returns them with the offset after
// the last.
func walRecords(data []byte) ([]walEntry, int) {
	var out []walEntry
	off := 0
	for len(data)-off >= walHeaderSize {
		n := int(binary.LittleEndian.Uint32(data[off:]))
		sum := binary.LittleEndian.Uint32(data[off+4:])
		end := off + walHeaderSize + n
		if n == 0 || end > len(data) || walChecksum(data[off:off+4], data[off+walHeaderSize:end]) != sum {
			break
		}
		out = append(out, walEntry{payload: data[off+walHeaderSize : end]})
		off = end
	}
	return out, off
}

// startFile creates the log file of generation gen, durably, and appends to it from now on.
func (w *wal) startFile(gen uint64) error {
	path := walPath(w.dir, gen)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		return ioError(err, "could not create file \"%s\"", path)
	}
	if w.fsync {
		if err := syncDir(w.dir); err != nil {
			f.Close()
			os.Remove(path)
			return err
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f != nil {
		w.f.Close()
		w.older = append(w.older, w.gen)
	}
	w.f, w.gen, w.size, w.alloc = f, gen, 0, 0
	return nil
}

func walChecksum(length, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(length, castagnoli), castagnoli, payload)
}

// append writes the record of version v, whose payload follows walHeaderSize bytes of room
// for the header in frame (walRecord.encode), and queues v for publication once synced. The
// caller holds the Store's commit mutex, so records are written in version order. A failed
// write may leave part of the record in the file, which would hide every later record at
// recovery, so it fails the log for good. The write itself happens outside w.mu, which the
// committers waiting for their fsync take: the commit mutex already orders appends, and
// only rotate, under that mutex too, changes w.f.
func (w *wal) append(v *version, frame []byte) error {
	buf, payload := frame, frame[walHeaderSize:]
	binary.LittleEndian.PutUint32(buf, uint32(len(payload)))
	binary.LittleEndian.PutUint32(buf[4:], walChecksum(buf[:4], payload))
	if err := w.failed(); err != nil {
		return err
	}
	// Zero-filling and writing happen at w.size, which only appends and rotate change,
	// both under the commit mutex.
	err := w.preallocate(int64(len(buf)))
	if err == nil {
		if _, werr := w.f.WriteAt(buf, w.size); werr != nil {
			err = ioError(werr, "could not write to file \"%s\"", w.f.Name())
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.err = err
		return err
	}
	w.size += int64(len(buf))
	w.queued = append(w.queued, v)
	w.appended = v.seq
	return nil
}

// preallocate zero-fills the file ahead of its records when n more bytes of records would
// not fit. The zeros are not synced here: the fsync that makes the next record durable
// commits the file's new size with it, once per step instead of once per commit. Called
// under the commit mutex, as append is.
func (w *wal) preallocate(n int64) error {
	if w.size+n <= w.alloc {
		return nil
	}
	target := w.size + n + min(max(w.alloc, walMinStep), walMaxStep)
	for off := w.alloc; off < target; off += int64(len(walZeros)) {
		if _, err := w.f.WriteAt(walZeros, off); err != nil {
			return ioError(err, "could not write to file \"%s\"", w.f.Name())
		}
	}
	w.alloc = w.alloc + (target-w.alloc+int64(len(walZeros))-1)/int64(len(walZeros))*int64(len(walZeros))
	return nil
}

// waitDurable returns once the record of version seq is durable and its version published.
// The first committer to arrive while no fsync runs becomes the leader: it syncs every
// record written so far and publishes the newest of their versions, while the others wait
// for it; commits that queue during that fsync share the next one.
func (w *wal) waitDurable(seq uint64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.durable < seq {
		if w.err != nil {
			return w.err
		}
		if w.syncing || len(w.queued) == 0 {
			w.cond.Wait()
			continue
		}
		w.syncing = true
		batch := w.queued
		w.queued = nil
		f := w.f
		w.mu.Unlock()
		err := w.syncFile(f)
		w.mu.Lock()
		w.syncing = false
		if err != nil {
			w.err = err
		} else {
			last := batch[len(batch)-1]
			w.publish(last)
			w.durable = last.seq
		}
		w.cond.Broadcast()
	}
	return nil
}

// flush waits until every record written so far is durable and its version published.
func (w *wal) flush() error {
	w.mu.Lock()
	seq := w.appended
	w.mu.Unlock()
	return w.waitDurable(seq)
}

// bytes returns the size of the log.
func (w *wal) bytes() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size
}

// empty reports whether the log holds no record a checkpoint has not folded in.
func (w *wal) empty() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size == 0 && len(w.older) == 0
}

// failed returns the error that stopped the log, if any.
func (w *wal) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *wal) syncFile(f *os.File) error {
	if !w.fsync {
		return nil
	}
	w.syncs.Add(1)
	if err := datasync(f); err != nil {
		return ioError(err, "could not fsync file \"%s\"", f.Name())
	}
	return nil
}

// rotate starts a new log file, after which the records of the current one are all the
// log holds before it. The caller holds the commit mutex and has flushed the log, so no
// record is in flight. It returns the generation of the new file.
func (w *wal) rotate() (uint64, error) {
	if err := w.failed(); err != nil {
		return 0, err
	}
	if err := w.startFile(w.gen + 1); err != nil {
		w.mu.Lock()
		w.err = err
		w.mu.Unlock()
		return 0, err
	}
	return w.gen, nil
}

// dropBefore deletes the log files of generations before gen, whose commits a checkpoint
// made part of the manifest. Should a deletion be lost in a crash, recovery skips their
// records: their versions are not above the manifest's.
func (w *wal) dropBefore(gen uint64, remove func(string, bool)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	kept := w.older[:0]
	for _, g := range w.older {
		if g < gen {
			remove(walPath(w.dir, g), false)
		} else {
			kept = append(kept, g)
		}
	}
	w.older = kept
}

// skipTo records that versions up to seq are durable without the log (a checkpoint made a
// version no record describes).
func (w *wal) skipTo(seq uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.durable = max(w.durable, seq)
	w.appended = max(w.appended, seq)
	w.cond.Broadcast() // for a transaction that read the version (AwaitReads)
}

func (w *wal) close() error {
	if w == nil || w.f == nil {
		return nil
	}
	return w.f.Close()
}
