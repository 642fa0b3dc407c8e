package storage

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// INSERT ... ON CONFLICT DO UPDATE finds, through the arbiter indexes, the visible row each
// proposed row conflicts with (ConflictingRows), reads those rows (RowsByID), and updates
// them as UPDATE does: delete, then insert the new versions.

// PendingRows returns how many rows the transaction has inserted into table oid: rows
// inserted later have larger pending positions, which ConflictingRows tells apart.
func (t *Txn) PendingRows(oid types.OID) int64 {
	if tt := t.tables[oid]; tt != nil {
		return tt.pendRows
	}
	return 0
}

// ConflictingRows returns, for each row of rec, the identifier of the row visible to the
// transaction whose key in one of the arbiter indexes the row has, or -1. A row conflicting
// with an earlier row of rec, or with a row inserted since the pending position mark (by
// the statement itself), is PostgreSQL's 21000: a command may not affect a row twice.
func (t *Txn) ConflictingRows(oid types.OID, rec arrow.Record, arbiters []types.OID, mark int64) ([]int64, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, undefinedTable(oid)
	}
	tt := t.table(def)
	if tt.colMap != nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "ON CONFLICT DO UPDATE on a table altered in the same transaction is not supported yet")
	}
	out := make([]int64, rec.NumRows())
	seen := map[types.OID]map[string]bool{}
	var buf []byte
	for i := range out {
		out[i] = -1
		for k := range def.Indexes {
			ix := &def.Indexes[k]
			if !slices.Contains(arbiters, ix.OID) {
				continue
			}
			var ok bool
			if buf, ok = appendKey(buf[:0], rec, ix.Columns, i, ix.NullsNotDistinct); !ok {
				continue
			}
			key := string(buf)
			if seen[ix.OID][key] {
				return nil, affectedTwice()
			}
			if seen[ix.OID] == nil {
				seen[ix.OID] = map[string]bool{}
			}
			seen[ix.OID][key] = true
			if out[i] >= 0 {
				continue
			}
			if p, dup := tt.keys[ix.OID][key]; dup && !tt.pendDels.get(p) {
				if p >= mark {
					return nil, affectedTwice()
				}
				out[i] = rowID(tt.pendingSeg(), p)
			} else if id, found := t.baseRow(tt, ix, key); found {
				out[i] = id
			}
		}
	}
	return out, nil
}

func affectedTwice() error {
	return pgerror.New(pgcode.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
		WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
}

// RowsByID returns the rows ids of table oid, visible to the transaction, in that order.
func (t *Txn) RowsByID(oid types.OID, ids []int64) (arrow.Record, error) {
	def := t.cat.TableByOID(oid)
	if def == nil {
		return nil, undefinedTable(oid)
	}
	tt := t.table(def)
	segs, pseg := tt.baseSegments(), tt.pendingSeg()
	rows := make([]arrow.Record, 0, len(ids))
	defer func() { releaseAll(rows) }()
	for _, id := range ids {
		seg, row := int(id>>rowIDBits), id&rowIDMask
		var batches []arrow.Record
		switch {
		case seg < len(segs):
			batches = segs[seg].batches
		case seg == pseg:
			batches = tt.pending
		}
		r := rowOf(batches, row)
		if r == nil {
			return nil, pgerror.Newf(pgcode.InternalError, "storage: row identifier %#x is not a row of %s", id, def.QualifiedName())
		}
		rows = append(rows, r)
	}
	return concatRecords(t.schemaOf(def), rows, t.s.opts.mem)
}

// rowOf returns row of the batches as a one-row record, or nil.
func rowOf(batches []arrow.Record, row int64) arrow.Record {
	for _, b := range batches {
		if row < b.NumRows() {
			return b.NewSlice(row, row+1)
		}
		row -= b.NumRows()
	}
	return nil
}

// baseRow returns the identifier of the snapshot row the transaction has not deleted that
// has key in index ix.
func (t *Txn) baseRow(tt *txnTable, ix *catalog.IndexDef, key string) (int64, bool) {
	segs := tt.baseSegments()
	if len(segs) == 0 {
		return 0, false
	}
	cols, ok := baseColumns(ix, tt)
	if !ok {
		return 0, false
	}
	sig := keySig(&catalog.IndexDef{Columns: cols, NullsNotDistinct: ix.NullsNotDistinct}, tt.base.colIDs)
	for j, sg := range segs {
		row, found := sg.keys.index(sig, sg.batches, ix, cols)[key]
		if found && !sg.dels.get(row) && !tt.dels[j].get(row) {
			return rowID(j, row), true
		}
	}
	return 0, false
}
