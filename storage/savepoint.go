package storage

import (
	"maps"
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// savepoint is a copy of a transaction's changes at one moment. It shares the immutable
// parts (catalog, inserted records, which it retains) and copies what later statements
// change in place (deletion vectors, key indexes, change maps).
type savepoint struct {
	cat *catalog.Catalog
	// ddl is whether the transaction had changed the catalog: if not, rolling back keeps
	// the catalog of the snapshot the transaction has moved to since (NewSnapshot).
	ddl     bool
	created []types.OID
	dropped map[types.OID]*catalog.TableDef
	tables  map[types.OID]*txnTable
	types   map[types.OID]*typeChange
	schemas map[types.OID]*schemaChange
	roles   map[types.OID]*roleChange
	funcs   map[types.OID]*funcChange
}

// Savepoint marks the transaction's current changes. rollback discards every change made
// since (it may be called any number of times, as ROLLBACK TO SAVEPOINT may); release lets
// go of the mark, after which rollback must not be called.
func (t *Txn) Savepoint() (rollback, release func()) {
	sp := &savepoint{
		cat:     t.cat,
		ddl:     t.cat != t.baseCat,
		created: slices.Clone(t.created),
		dropped: maps.Clone(t.dropped),
		tables:  cloneTables(t.tables),
		types:   cloneChanges(t.types),
		schemas: cloneChanges(t.schemas),
		roles:   cloneChanges(t.roles),
		funcs:   cloneChanges(t.funcs),
	}
	return func() { t.rollbackTo(sp) }, sp.release
}

func (t *Txn) rollbackTo(sp *savepoint) {
	if t.done {
		return
	}
	for oid := range t.tables {
		t.dropState(oid)
	}
	t.cat = sp.cat
	if !sp.ddl {
		t.cat = t.baseCat
	}
	t.created = slices.Clone(sp.created)
	t.dropped = maps.Clone(sp.dropped)
	t.tables = cloneTables(sp.tables)
	t.types = cloneChanges(sp.types)
	t.schemas = cloneChanges(sp.schemas)
	t.roles = cloneChanges(sp.roles)
	t.funcs = cloneChanges(sp.funcs)
}

func (sp *savepoint) release() {
	for _, tt := range sp.tables {
		releaseAll(tt.pending)
	}
	sp.tables = nil
}

func cloneTables(tables map[types.OID]*txnTable) map[types.OID]*txnTable {
	if tables == nil {
		return nil
	}
	out := make(map[types.OID]*txnTable, len(tables))
	for oid, tt := range tables {
		out[oid] = tt.clone()
	}
	return out
}

// clone copies tt deeply enough that changing either copy leaves the other as it was.
func (tt *txnTable) clone() *txnTable {
	c := *tt
	c.colIDs = slices.Clone(tt.colIDs)
	c.colMap = slices.Clone(tt.colMap)
	if tt.dels != nil {
		c.dels = make(map[int]delVec, len(tt.dels))
		for seg, d := range tt.dels {
			c.dels[seg] = slices.Clone(d)
		}
	}
	c.spilled = slices.Clone(tt.spilled)
	c.pending = slices.Clone(tt.pending)
	for _, r := range c.pending {
		r.Retain()
	}
	c.pendDels = slices.Clone(tt.pendDels)
	c.view = nil
	c.keys = nil
	if tt.keys != nil {
		c.keys = make(txnKeys, len(tt.keys))
		for ix, m := range tt.keys {
			c.keys[ix] = maps.Clone(m)
		}
	}
	c.pendSketch, c.pendSketched = nil, 0
	return &c
}

// cloneChanges copies a map of per-object changes, whose values are changed in place.
func cloneChanges[C any](m map[types.OID]*C) map[types.OID]*C {
	if m == nil {
		return nil
	}
	out := make(map[types.OID]*C, len(m))
	for oid, c := range m {
		v := *c
		out[oid] = &v
	}
	return out
}
