package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

// walRecord is one logged commit, enough to redo it on the version before it: replay runs
// the same code as the commit did (commit.applyDeletes, commit.appendSmall), fed the
// recorded decisions instead of making them again, so it rebuilds the same segments under
// the same names. Its payload is
//
//	version uint64
//	names:  count, then each name            file names the commit handed out, in order
//	tables: count, then each table:
//	  oid
//	  deletions: count, then each: segment file name, count, row positions (delta-coded)
//	  merged+1                                0: no rows inserted; else how many trailing
//	                                          segments the new segment absorbed
//	  rows                                    the inserted rows as an Arrow IPC stream, in
//	                                          the table's storage schema (segment.go)
//
// with counts, OIDs, positions and lengths as unsigned varints and strings and the IPC
// stream length-prefixed.
type walRecord struct {
	seq    uint64
	tables []*walTable
}

// walTable is what one logged commit did to one table.
type walTable struct {
	oid    types.OID
	names  []string
	dels   []walDel
	merged int    // -1 when the commit inserted no rows
	rows   []byte // IPC stream of the inserted rows
}

// walDel is the rows a commit deleted from one segment, named by its file.
type walDel struct {
	seg  string
	rows []int64
}

// encode returns the record's payload after room for the log's record header (the first
// walHeaderSize bytes, for wal.append to fill), so that the record is not copied again.
func (r *walRecord) encode() []byte {
	size := walHeaderSize + 16
	for _, t := range r.tables {
		size += 16 + len(t.rows) + 20*len(t.names)
		for _, d := range t.dels {
			size += len(d.seg) + 4 + 2*len(d.rows)
		}
	}
	b := make([]byte, walHeaderSize+8, size)
	binary.LittleEndian.PutUint64(b[walHeaderSize:], r.seq)
	b = binary.AppendUvarint(b, uint64(len(r.tables)))
	for _, t := range r.tables {
		b = binary.AppendUvarint(b, uint64(t.oid))
		b = binary.AppendUvarint(b, uint64(len(t.names)))
		for _, n := range t.names {
			b = appendString(b, n)
		}
		b = binary.AppendUvarint(b, uint64(len(t.dels)))
		for _, d := range t.dels {
			b = appendString(b, d.seg)
			b = binary.AppendUvarint(b, uint64(len(d.rows)))
			prev := int64(0)
			for _, row := range d.rows {
				b = binary.AppendUvarint(b, uint64(row-prev))
				prev = row
			}
		}
		b = binary.AppendUvarint(b, uint64(t.merged+1))
		if t.merged >= 0 {
			b = binary.AppendUvarint(b, uint64(len(t.rows)))
			b = append(b, t.rows...)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errShortRecord = errors.New("log record ends early")

// walDecoder reads a payload; the first malformed field sets err and zeroes the rest.
type walDecoder struct {
	b   []byte
	err error
}

func (d *walDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShortRecord
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length, which cannot exceed the bytes left.
func (d *walDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err = errShortRecord
		return 0
	}
	return int(n)
}

func (d *walDecoder) bytes() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func decodeWALRecord(p []byte) (*walRecord, error) {
	if len(p) < 8 {
		return nil, errShortRecord
	}
	r := &walRecord{seq: binary.LittleEndian.Uint64(p)}
	d := &walDecoder{b: p[8:]}
	r.tables = make([]*walTable, d.count())
	for i := range r.tables {
		t := &walTable{oid: types.OID(d.uvarint())}
		t.names = make([]string, d.count())
		for j := range t.names {
			t.names[j] = string(d.bytes())
		}
		t.dels = make([]walDel, d.count())
		for j := range t.dels {
			del := walDel{seg: string(d.bytes())}
			del.rows = make([]int64, d.count())
			prev := int64(0)
			for k := range del.rows {
				prev += int64(d.uvarint())
				del.rows[k] = prev
			}
			t.dels[j] = del
		}
		t.merged = int(d.uvarint()) - 1
		if t.merged >= 0 {
			t.rows = d.bytes()
		}
		r.tables[i] = t
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("log record has %d trailing bytes", len(d.b))
	}
	return r, d.err
}

// encodeRows writes recs (schema sc) as an Arrow IPC stream in sc's storage schema, so
// intervals and extension types travel as the plain types Parquet files hold too.
func encodeRows(sc *arrow.Schema, recs []arrow.Record, mem memory.Allocator) ([]byte, error) {
	ssc := storageSchema(sc)
	var buf bytes.Buffer
	size := 1024 // the schema message and the framing of each batch
	for _, r := range recs {
		for _, c := range r.Columns() {
			for _, b := range c.Data().Buffers() {
				if b != nil {
					size += b.Len() + 8
				}
			}
		}
	}
	buf.Grow(size)
	w := ipc.NewWriter(&buf, ipc.WithSchema(ssc), ipc.WithAllocator(mem))
	for _, r := range recs {
		sr := convertRecord(r, ssc)
		err := w.Write(sr)
		sr.Release()
		if err != nil {
			w.Close()
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeRows reads the rows encodeRows wrote back as records of schema sc.
func decodeRows(sc *arrow.Schema, data []byte, mem memory.Allocator) ([]arrow.Record, error) {
	rdr, err := ipc.NewReader(bytes.NewReader(data), ipc.WithAllocator(mem))
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	if err := checkTypes(rdr.Schema(), storageSchema(sc)); err != nil {
		return nil, err
	}
	var out []arrow.Record
	for rdr.Next() {
		out = append(out, convertRecord(rdr.Record(), sc))
	}
	if err := rdr.Err(); err != nil {
		releaseAll(out)
		return nil, err
	}
	return out, nil
}
