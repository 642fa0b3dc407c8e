package storage

import (
	"github.com/apache/arrow/go/v17/arrow"

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
	ids, repeats, err := t.rowConflicts(def, tt, rec, arbiters, false)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if repeats[i] || id >= 0 && int(id>>rowIDBits) == tt.pendingSeg() && id&rowIDMask >= mark {
			return nil, affectedTwice()
		}
	}
	return ids, nil
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
		var r arrow.Record
		switch {
		case seg < len(segs):
			var err error
			if r, err = t.s.rowAt(segs[seg], tt.schema, tt.colIDs, row); err != nil {
				return nil, err
			}
		case seg == pseg:
			var err error
			if r, err = t.pendingRow(tt, row); err != nil {
				return nil, err
			}
		}
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
