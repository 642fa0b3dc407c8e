package executor_test

import (
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// memStore is an in-memory executor.Store for tests: transactions see a snapshot and
// publish their changes at commit. It keeps nothing on disk.
type memStore struct {
	mu   sync.Mutex
	cat  *catalog.Catalog
	data map[types.OID][]arrow.Record
}

func newMemStore() *memStore {
	return &memStore{cat: catalog.New(), data: map[types.OID][]arrow.Record{}}
}

func (s *memStore) Begin() executor.Txn {
	s.mu.Lock()
	defer s.mu.Unlock()
	data := make(map[types.OID][]arrow.Record, len(s.data))
	for k, v := range s.data {
		data[k] = v
	}
	return &memTxn{s: s, cat: s.cat, data: data}
}

type memTxn struct {
	s    *memStore
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
