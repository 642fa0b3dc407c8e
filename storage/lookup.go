package storage

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// LookupRows returns the row of table oid visible to the transaction whose key in unique
// index ix is key's only row (key holds the index's keys, in its order, with the keys'
// types: the table's column types for its columns), found through the index (unique.go) instead of a scan: none, or
// one record of one row, and with withIDs its identifier for Delete. ok is false when the
// index cannot answer here (a table altered in this transaction): the caller scans.
func (t *Txn) LookupRows(oid, ix types.OID, key arrow.Record, withIDs bool) (recs []arrow.Record, ids []*array.Int64, ok bool, err error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, nil, false, undefinedTable(oid)
	}
	var index *catalog.IndexDef
	for i := range def.Indexes {
		if def.Indexes[i].OID == ix {
			index = &def.Indexes[i]
		}
	}
	if index == nil || !index.Unique || key.NumRows() != 1 || int(key.NumCols()) != len(index.Columns) {
		return nil, nil, false, pgerror.Newf(pgcode.InternalError, "storage: no unique index %d of %s for this key", ix, def.QualifiedName())
	}
	tt := t.tables[oid]
	if tt == nil {
		td := t.base.tables[oid]
		tt = &txnTable{base: td, schema: td.schema, colIDs: td.colIDs} // a read-only view, not recorded
	}
	if tt.colMap != nil {
		return nil, nil, false, nil
	}
	for i, c := range index.Columns {
		want := index.KeyType(def, i).Arrow()
		if c >= 0 {
			want = tt.schema.Field(c).Type
		}
		if want == nil || !arrow.TypeEqual(key.Column(i).DataType(), want) {
			return nil, nil, false, nil
		}
	}
	enc, keyed := appendKey(nil, key.Columns(), 0, index.NullsNotDistinct)
	if !keyed {
		return nil, nil, true, nil // a NULL equals nothing
	}
	id, err := t.visibleRow(def, tt, index, string(enc))
	if err == nil {
		t.readPoint(oid, ix, string(enc), tt, id)
	}
	if err != nil || id < 0 {
		return nil, nil, err == nil, err
	}
	seg, row := int(id>>rowIDBits), id&rowIDMask
	var rec arrow.Record
	if segs := tt.baseSegments(); seg < len(segs) {
		rec, err = t.s.rowAt(segs[seg], tt.schema, tt.colIDs, row)
	} else {
		rec, err = t.pendingRow(tt, row)
	}
	if err != nil {
		return nil, nil, false, err
	}
	if rec == nil {
		return nil, nil, false, pgerror.Newf(pgcode.InternalError, "storage: row identifier %#x is not a row of %s", id, def.QualifiedName())
	}
	recs = []arrow.Record{rec}
	if withIDs {
		ids = []*array.Int64{int64Array([]int64{id})}
	}
	return recs, ids, true, nil
}
