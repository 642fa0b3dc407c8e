package exectest

import (
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// MemStore is an in-memory session.Store for tests: transactions see a snapshot and
// publish their changes at commit. It keeps nothing on disk.
type MemStore struct {
	mu   sync.Mutex
	cat  *catalog.Catalog
	data map[types.OID][]arrow.Record
}

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{cat: catalog.New(), data: map[types.OID][]arrow.Record{}}
}

// Begin implements session.Store.
func (s *MemStore) Begin() executor.Txn {
	s.mu.Lock()
	defer s.mu.Unlock()
	data := make(map[types.OID][]arrow.Record, len(s.data))
	for k, v := range s.data {
		data[k] = v
	}
	return &memTxn{s: s, cat: s.cat, data: data}
}

type memTxn struct {
	s    *MemStore
	cat  *catalog.Catalog
	data map[types.OID][]arrow.Record
}

func (t *memTxn) Catalog() *catalog.Catalog { return t.cat }

func (t *memTxn) Batches(oid types.OID) ([]arrow.Record, error) {
	if t.cat.TableByOID(oid) == nil {
		return nil, pgerror.New(pgcode.UndefinedTable, "relation does not exist")
	}
	return t.data[oid], nil
}

func (t *memTxn) Insert(oid types.OID, rec arrow.Record) error {
	for off := int64(0); off < rec.NumRows(); off += executor.BatchSize {
		end := off + executor.BatchSize
		if end > rec.NumRows() {
			end = rec.NumRows()
		}
		t.data[oid] = append(append([]arrow.Record(nil), t.data[oid]...), rec.NewSlice(off, end))
	}
	return nil
}

// RowIDBatches numbers rows by their position in the table; Delete renumbers them, which is
// enough for the statements tests run (one Delete per scan).
func (t *memTxn) RowIDBatches(oid types.OID) ([]arrow.Record, []*array.Int64, error) {
	recs, err := t.Batches(oid)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]*array.Int64, len(recs))
	var pos int64
	for i, r := range recs {
		b := array.NewInt64Builder(memory.DefaultAllocator)
		for range r.NumRows() {
			b.Append(pos)
			pos++
		}
		ids[i] = b.NewInt64Array()
		b.Release()
	}
	return recs, ids, nil
}

func (t *memTxn) Delete(oid types.OID, ids []int64) error {
	gone := map[int64]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	var out []arrow.Record
	var pos int64
	for _, r := range t.data[oid] {
		start := int64(-1)
		for i := range r.NumRows() + 1 {
			keep := i < r.NumRows() && !gone[pos+i]
			if keep && start < 0 {
				start = i
			} else if !keep && start >= 0 {
				out = append(out, r.NewSlice(start, i))
				start = -1
			}
		}
		pos += r.NumRows()
	}
	t.data[oid] = out
	return nil
}

func (t *memTxn) Truncate(oid types.OID) error {
	t.data[oid] = nil
	return nil
}

func (t *memTxn) AlterTable(def catalog.TableDef, src []int) error {
	sc := def.ArrowSchema()
	var out []arrow.Record
	for _, r := range t.data[def.OID] {
		cols := make([]arrow.Array, len(src))
		for i, c := range src {
			if c < 0 {
				cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, sc.Field(i).Type, int(r.NumRows()))
			} else {
				cols[i] = r.Column(c)
			}
		}
		out = append(out, array.NewRecord(sc, cols, r.NumRows()))
	}
	t.data[def.OID] = out
	t.cat, _ = t.cat.WithoutTable(def.OID).WithTable(def)
	return nil
}

func (t *memTxn) CreateTable(def catalog.TableDef) (*catalog.TableDef, error) {
	if t.cat.Table(catalog.DefaultSchema, def.Name) != nil {
		return nil, pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
	}
	var d *catalog.TableDef
	t.cat, d = t.cat.WithTable(def)
	return d, nil
}

func (t *memTxn) DropTable(oid types.OID) error {
	t.cat = t.cat.WithoutTable(oid)
	delete(t.data, oid)
	return nil
}

func (t *memTxn) Commit() error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	t.s.cat, t.s.data = t.cat, t.data
	return nil
}

func (t *memTxn) Rollback() {}
