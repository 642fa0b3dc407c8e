package executor

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// IndexLookuper is implemented by transactions that find a row through a unique index:
// the rows of table oid (none or one) whose key in index is key's only row, with their
// row identifiers when withIDs. ok is false when the index cannot answer (the caller then
// scans).
type IndexLookuper interface {
	LookupRows(oid, index types.OID, key arrow.Record, withIDs bool) (recs []arrow.Record, ids []*array.Int64, ok bool, err error)
}

// lookup reads the rows of a scan with an index lookup through the transaction's index,
// reporting whether it could; if not, the scan reads the table and the filter above it
// picks the rows.
func (s *morselSource) lookup(ctx *Ctx) bool {
	lk, ok := ctx.Txn.(IndexLookuper)
	if !ok {
		return false
	}
	key, ok := lookupKey(ctx, s.scan)
	if !ok {
		return false
	}
	defer key.Release()
	withIDs := false
	for _, c := range s.cols {
		withIDs = withIDs || c == planner.RowIDCol
	}
	recs, ids, ok, err := lk.LookupRows(s.table.OID, s.scan.Lookup.Index.OID, key, withIDs)
	if !ok && err == nil {
		return false
	}
	s.batches, s.rowIDs, s.err = recs, ids, err
	return true
}

// lookupKey builds the one-row record of an index lookup's key values (constants and
// parameters, of the keys' types); ok is false when a value has another type.
func lookupKey(ctx *Ctx, scan *planner.Scan) (arrow.Record, bool) {
	l := scan.Lookup
	fields := make([]arrow.Field, len(l.Keys))
	cols := make([]arrow.Array, 0, len(l.Keys))
	defer func() { releaseAll(cols) }()
	for i, k := range l.Keys {
		var v scalar.Scalar
		switch k := k.(type) {
		case *planner.Const:
			v = k.Value
		case *planner.Param:
			if k.Idx >= len(ctx.Params) {
				return nil, false
			}
			v = ctx.Params[k.Idx]
		}
		want := l.Index.KeyType(scan.Table, i).Arrow()
		if v == nil || want == nil || !arrow.TypeEqual(v.DataType(), want) {
			return nil, false
		}
		a, err := scalar.MakeArrayFromScalar(v, 1, ctx.Mem)
		if err != nil {
			return nil, false
		}
		cols = append(cols, a)
		fields[i] = arrow.Field{Name: "k" + strconv.Itoa(i), Type: want, Nullable: true}
	}
	return array.NewRecord(arrow.NewSchema(fields, nil), cols, 1), true
}
