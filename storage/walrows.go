package storage

import (
	"bytes"
	"errors"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// A logged commit's rows are an Arrow IPC stream: the schema message, a record batch message
// per batch, and the end-of-stream marker. For a single-row INSERT, building the schema
// message is most of the encoding, so the store keeps, per table schema, a writer that has
// written it already: a commit encodes only its batches and puts the schema message, built
// once, in front. The bytes are those encodeRows writes; only the work is saved. Schemas
// with dictionary-encoded columns, whose writers emit dictionaries once per stream, take
// encodeRows every time.

// maxRowEncoders bounds the cached writers (one per table schema in use: ALTER TABLE and
// DROP leave old ones behind); past it the cache starts over.
const maxRowEncoders = 1024

// ipcEndOfStream is the marker closing an IPC stream: the continuation token, length 0.
var ipcEndOfStream = []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}

// rowEncoders holds the writers by table schema.
type rowEncoders struct {
	mu sync.Mutex
	m  map[*arrow.Schema]*rowEncoder
}

// rowEncoder is the writer of one table schema. Its writer emitted the schema message with
// its first batch; every later batch it writes stands alone.
type rowEncoder struct {
	mu     sync.Mutex
	ssc    *arrow.Schema // the storage schema (segment.go) the rows are written in
	head   []byte        // the schema message
	w      *ipc.Writer
	out    bytes.Buffer // what w writes
	primed bool         // w has written its schema message
	broken bool         // a write failed: w is in doubt, so it is not used again
}

// encode returns the stream encodeRows would write for recs (schema sc).
func (e *rowEncoders) encode(sc *arrow.Schema, recs []arrow.Record, mem memory.Allocator) ([]byte, error) {
	enc := e.get(sc, mem)
	if enc == nil {
		return encodeRows(sc, recs, mem)
	}
	out, err := enc.encode(recs)
	if err != nil {
		e.drop(sc, enc)
		return encodeRows(sc, recs, mem)
	}
	return out, nil
}

// get returns the writer of schema sc, making it on first use, or nil when sc has
// dictionary-encoded columns.
func (e *rowEncoders) get(sc *arrow.Schema, mem memory.Allocator) *rowEncoder {
	e.mu.Lock()
	defer e.mu.Unlock()
	if enc, ok := e.m[sc]; ok {
		return enc
	}
	ssc := storageSchema(sc)
	var enc *rowEncoder
	if !hasDictionary(ssc) {
		var head bytes.Buffer
		w := ipc.NewWriter(&head, ipc.WithSchema(ssc), ipc.WithAllocator(mem))
		if err := w.Close(); err != nil || !bytes.HasSuffix(head.Bytes(), ipcEndOfStream) {
			return nil
		}
		enc = &rowEncoder{ssc: ssc, head: bytes.TrimSuffix(head.Bytes(), ipcEndOfStream)}
		enc.w = ipc.NewWriter(&enc.out, ipc.WithSchema(ssc), ipc.WithAllocator(mem))
	}
	if len(e.m) >= maxRowEncoders || e.m == nil {
		e.m = map[*arrow.Schema]*rowEncoder{}
	}
	e.m[sc] = enc
	return enc
}

// drop forgets enc, the writer of sc, after a failed write.
func (e *rowEncoders) drop(sc *arrow.Schema, enc *rowEncoder) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m[sc] == enc {
		delete(e.m, sc)
	}
}

var errEncoderBroken = errors.New("storage: row encoder unusable after a failed write")

// encode writes recs as the batches of a stream of its own.
func (enc *rowEncoder) encode(recs []arrow.Record) ([]byte, error) {
	enc.mu.Lock()
	defer enc.mu.Unlock()
	if enc.broken {
		return nil, errEncoderBroken
	}
	enc.out.Reset()
	for _, r := range recs {
		sr := convertRecord(r, enc.ssc)
		err := enc.w.Write(sr)
		sr.Release()
		if err != nil {
			enc.broken = true
			return nil, err
		}
	}
	body := enc.out.Bytes()
	if !enc.primed && len(recs) > 0 {
		if !bytes.HasPrefix(body, enc.head) {
			enc.broken = true
			return nil, errEncoderBroken
		}
		body, enc.primed = body[len(enc.head):], true
	}
	out := make([]byte, 0, len(enc.head)+len(body)+len(ipcEndOfStream))
	out = append(append(append(out, enc.head...), body...), ipcEndOfStream...)
	return out, nil
}

// hasDictionary reports whether some column of sc, at any depth, is dictionary-encoded.
func hasDictionary(sc *arrow.Schema) bool {
	for _, f := range sc.Fields() {
		if typeHasDictionary(f.Type) {
			return true
		}
	}
	return false
}

func typeHasDictionary(dt arrow.DataType) bool {
	switch t := dt.(type) {
	case *arrow.DictionaryType:
		return true
	case arrow.NestedType:
		for _, f := range t.Fields() {
			if typeHasDictionary(f.Type) {
				return true
			}
		}
	}
	return false
}
