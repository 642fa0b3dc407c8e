package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/bits"
	"os"

	"github.com/apache/arrow/go/v17/arrow/bitutil"
)

// delVec is a deletion vector: bit i is set when row i of a segment (or of a transaction's
// pending rows) is deleted. The bit order is Arrow's (LSB first), so ranges can be counted
// and copied with bitutil. A delVec is immutable once it belongs to a published segment;
// transactions build their own and union them in at commit.
type delVec []byte

func newDelVec(rows int64) delVec { return make(delVec, bitutil.BytesForBits(rows)) }

// get reports whether row i is deleted. Rows past the vector's end are not: a transaction's
// vector over its own inserts covers only the rows there were at its last delete.
func (d delVec) get(i int64) bool { return i < int64(len(d))*8 && bitutil.BitIsSet(d, int(i)) }
func (d delVec) set(i int64)      { bitutil.SetBit(d, int(i)) }

// count returns how many of the n rows from off are deleted.
func (d delVec) count(off, n int64) int64 {
	n = min(n, int64(len(d))*8-off)
	if n <= 0 {
		return 0
	}
	return int64(bitutil.CountSetBits(d, int(off), int(n)))
}

// grow returns d with room for rows bits, keeping its contents.
func (d delVec) grow(rows int64) delVec {
	need := int(bitutil.BytesForBits(rows))
	if len(d) >= need {
		return d
	}
	n := make(delVec, need)
	copy(n, d)
	return n
}

// growFor returns d with room for row, a row of a segment of rows rows, keeping its contents.
// A transaction's vector over a segment starts short and grows geometrically as it deletes
// further rows (rows past a vector's end are not deleted), so that deleting one row of a
// large segment neither allocates nor clears a vector over all its rows, nor makes the
// commit scan one.
func (d delVec) growFor(row, rows int64) delVec {
	need := int(row/8) + 1
	if len(d) >= need {
		return d
	}
	n := make(delVec, min(max(need, 2*len(d), 64), int(bitutil.BytesForBits(rows))))
	copy(n, d)
	return n
}

// union returns a new vector of rows bits holding the rows deleted in a or b (either may be nil).
// A transaction's vector b is mostly zero (a few rows of a large segment), so it is read a
// word at a time and only its non-zero words are merged: a commit does this under the
// commit lock.
func union(a, b delVec, rows int64) delVec {
	out := newDelVec(rows)
	copy(out, a)
	n := min(len(b), len(out))
	i := 0
	for ; i+8 <= n; i += 8 {
		if w := binary.LittleEndian.Uint64(b[i:]); w != 0 {
			binary.LittleEndian.PutUint64(out[i:], binary.LittleEndian.Uint64(out[i:])|w)
		}
	}
	for ; i < n; i++ {
		out[i] |= b[i]
	}
	return out
}

// Deletion vector files ("<seq>.del", beside the segment they belong to) hold:
//
//	magic "PGFDEL1\n" | rows uint64 | deleted uint64 | ceil(rows/8) bitmap bytes | CRC-32C uint32
//
// all little-endian. The checksum covers everything before it, so a torn or corrupted file is
// detected at Open rather than silently resurrecting or hiding rows. Like segments, deletion
// files are written once under a fresh name and never modified: a commit that deletes more
// rows of a segment writes a new file, and the manifest switches to it atomically.
const (
	delMagic = "PGFDEL1\n"
	delExt   = ".del"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// writeDelVec writes d, the deletion vector of a segment of rows rows with deleted rows set,
// to a new file at path and flushes it when the store syncs.
func (s *Store) writeDelVec(path string, d delVec, rows, deleted int64) (err error) {
	var buf bytes.Buffer
	buf.Grow(len(delMagic) + 20 + len(d))
	buf.WriteString(delMagic)
	var word [8]byte
	binary.LittleEndian.PutUint64(word[:], uint64(rows))
	buf.Write(word[:])
	binary.LittleEndian.PutUint64(word[:], uint64(deleted))
	buf.Write(word[:])
	buf.Write(d[:bitutil.BytesForBits(rows)])
	binary.LittleEndian.PutUint32(word[:4], crc32.Checksum(buf.Bytes(), castagnoli))
	buf.Write(word[:4])

	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return ioError(err, "could not create file \"%s\"", path)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if _, err = f.Write(buf.Bytes()); err != nil {
		return ioError(err, "could not write file \"%s\"", path)
	}
	if s.opts.fsync {
		if err = f.Sync(); err != nil {
			return ioError(err, "could not fsync file \"%s\"", path)
		}
	}
	if err = f.Close(); err != nil {
		return ioError(err, "could not close file \"%s\"", path)
	}
	return nil
}

// readDelVec loads the deletion vector at path, checking it against the segment's row
// count and the deleted count the manifest records.
func readDelVec(path string, rows, deleted int64) (delVec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, ioError(err, "could not read file \"%s\"", path)
	}
	size := len(delMagic) + 16 + int(bitutil.BytesForBits(rows)) + 4
	if len(data) != size || string(data[:len(delMagic)]) != delMagic {
		return nil, corrupted(path, fmt.Errorf("not a deletion vector of %d rows", rows))
	}
	body, sum := data[:size-4], binary.LittleEndian.Uint32(data[size-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, corrupted(path, fmt.Errorf("checksum mismatch"))
	}
	r := int64(binary.LittleEndian.Uint64(data[len(delMagic):]))
	n := int64(binary.LittleEndian.Uint64(data[len(delMagic)+8:]))
	d := delVec(body[len(delMagic)+16:])
	if r != rows || n != deleted || d.count(0, rows) != deleted {
		return nil, corrupted(path, fmt.Errorf("file says %d of %d rows deleted, manifest says %d of %d", n, r, deleted, rows))
	}
	return d, nil
}

// positions lists the rows d deletes among the first rows rows, in ascending order. It reads
// a word at a time, skipping the zero words that make up most of a sparse vector.
func (d delVec) positions(rows int64) []int64 {
	var out []int64
	n := min(int64(len(d)), bitutil.BytesForBits(rows))
	var i int64
	for ; i+8 <= n; i += 8 {
		for w := binary.LittleEndian.Uint64(d[i:]); w != 0; w &= w - 1 {
			out = append(out, i*8+int64(bits.TrailingZeros64(w)))
		}
	}
	for ; i < n; i++ {
		for b := d[i]; b != 0; b &= b - 1 {
			out = append(out, i*8+int64(bits.TrailingZeros8(b)))
		}
	}
	// The last byte may hold bits past rows.
	for len(out) > 0 && out[len(out)-1] >= rows {
		out = out[:len(out)-1]
	}
	return out
}
