package storage

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// The write-ahead log (<dir>/wal.log) makes small commits cheap: a commit that changes only
// rows appends one record to it and waits for an fsync that it shares with every commit that
// queued meanwhile (group commit), instead of writing Parquet files and a manifest. Its
// layout is a sequence of records:
//
//	length uint32 | CRC-32C uint32 | payload (length bytes)
//
// all little-endian; the checksum covers the length and the payload, and the payload is a
// walRecord (walrec.go), starting with the commit's version number. A record is durable once
// an fsync that started after its write returned; only then is the commit's version
// published and the commit acknowledged, so a torn or unsynced tail holds only commits
// nobody was told about. Recovery stops at the first record that is short or fails its
// checksum and cuts the file there. A checkpoint (checkpoint.go) folds the logged commits
// into segment files and a manifest and then empties the log.

const (
	walName       = "wal.log"
	walHeaderSize = 8
)

// wal is the open log file and the group-commit state of the commits appended to it.
type wal struct {
	f     *os.File
	fsync bool
	size  int64 // bytes in the file; appends happen under the Store's commit mutex

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

func openWAL(path string, fsync bool, publish func(*version)) (*wal, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return nil, ioError(err, "could not open file \"%s\"", path)
	}
	w := &wal{f: f, fsync: fsync, publish: publish}
	w.cond = sync.NewCond(&w.mu)
	return w, nil
}

// walEntry is one intact record read back from the log.
type walEntry struct {
	payload []byte
}

// read returns the intact records of the log, in order, and cuts the file after the last
// one: what follows is a record torn by a crash, never acknowledged.
func (w *wal) read() ([]walEntry, error) {
	data, err := io.ReadAll(io.NewSectionReader(w.f, 0, 1<<62))
	if err != nil {
		return nil, ioError(err, "could not read file \"%s\"", w.f.Name())
	}
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
	if off < len(data) {
		if err := w.f.Truncate(int64(off)); err != nil {
			return nil, ioError(err, "could not truncate file \"%s\"", w.f.Name())
		}
		if err := w.sync(); err != nil {
			return nil, err
		}
	}
	w.size = int64(off)
	return out, nil
}

func walChecksum(length, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(length, castagnoli), castagnoli, payload)
}

// append writes the record of version v and queues v for publication once synced. The
// caller holds the Store's commit mutex, so records are written in version order. A failed
// write may leave part of the record in the file, which would hide every later record at
// recovery, so it fails the log for good.
func (w *wal) append(v *version, payload []byte) error {
	buf := make([]byte, walHeaderSize+len(payload))
	binary.LittleEndian.PutUint32(buf, uint32(len(payload)))
	copy(buf[walHeaderSize:], payload)
	binary.LittleEndian.PutUint32(buf[4:], walChecksum(buf[:4], payload))
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if _, err := w.f.Write(buf); err != nil {
		w.err = ioError(err, "could not write to file \"%s\"", w.f.Name())
		return w.err
	}
	w.size += int64(len(buf))
	w.queued = append(w.queued, v)
	w.appended = v.seq
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
		w.mu.Unlock()
		err := w.sync()
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

func (w *wal) empty() bool { return w.bytes() == 0 }

// failed returns the error that stopped the log, if any.
func (w *wal) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *wal) sync() error {
	if !w.fsync {
		return nil
	}
	w.syncs.Add(1)
	if err := datasync(w.f); err != nil {
		return ioError(err, "could not fsync file \"%s\"", w.f.Name())
	}
	return nil
}

// reset empties the log after a checkpoint made every logged commit part of the manifest.
// The caller holds the commit mutex and has waited for every queued record, so nothing is in
// flight. Should the truncation be lost in a crash, recovery skips the old records: their
// versions are not above the manifest's.
func (w *wal) reset(seq uint64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if err := w.f.Truncate(0); err != nil {
		w.err = ioError(err, "could not truncate file \"%s\"", w.f.Name())
		return w.err
	}
	if err := w.sync(); err != nil {
		w.err = err
		return err
	}
	w.size = 0
	w.durable = max(w.durable, seq)
	w.appended = max(w.appended, seq)
	return nil
}

func (w *wal) close() error {
	if w == nil {
		return nil
	}
	return w.f.Close()
}
