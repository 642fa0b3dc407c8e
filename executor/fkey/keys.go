package fkey

import (
	"math"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
)

// refTypes returns the types of the referenced columns of fk, which keys are compared in.
func refTypes(parent *catalog.TableDef, fk *catalog.ForeignKeyDef) []types.T {
	out := make([]types.T, len(fk.RefColumns))
	for i, c := range fk.RefColumns {
		out[i] = parent.Columns[c].Type
	}
	return out
}

// keyColumns returns the columns cols of rows (table's), cast to the types to where their
// storage differs (nil: as they are). The caller releases the arrays.
func keyColumns(ctx *executor.Ctx, rows arrow.Record, table *catalog.TableDef, cols []int, to []types.T) ([]arrow.Array, error) {
	out := make([]arrow.Array, len(cols))
	for i, c := range cols {
		a := rows.Column(c)
		if to == nil || arrow.TypeEqual(a.DataType(), to[i].Arrow()) {
			a.Retain()
			out[i] = a
			continue
		}
		cast, err := types.CastArray(a, table.Columns[c].Type, types.Of(to[i].OID), ctx.IO, ctx.Mem)
		if err != nil {
			releaseAll(out[:i])
			return nil, err
		}
		out[i] = cast
	}
	return out, nil
}

// newKeySet returns a set of keys of the types ts.
func newKeySet(ts []types.T) (*executor.KeySet, error) {
	dts := make([]arrow.DataType, len(ts))
	for i, t := range ts {
		dts[i] = t.Arrow()
	}
	return executor.NewKeySet(dts)
}

// addKeys adds the keys of rows (table's) in columns cols, cast to the types to, and
// returns the key number of each row (NoKey for a key holding a NULL).
func addKeys(ctx *executor.Ctx, set *executor.KeySet, rows arrow.Record, table *catalog.TableDef, cols []int, to []types.T) ([]uint32, error) {
	keys, err := keyColumns(ctx, rows, table, cols, to)
	if err != nil {
		return nil, err
	}
	defer releaseAll(keys)
	groups, err := set.Add(keys)
	if err != nil {
		return nil, err
	}
	return append([]uint32(nil), groups...), nil
}

// probe scans the rows table has now, and calls found with each batch, its row
// identifiers and the key number in set of each row's key in columns cols (cast to the
// types to), NoKey for a key not in it.
func probe(ctx *executor.Ctx, set *executor.KeySet, table *catalog.TableDef, cols []int, to []types.T,
	found func(rec arrow.Record, ids *array.Int64, groups []uint32) error) error {
	recs, ids, err := ctx.Txn.RowIDBatches(table.OID)
	if err != nil {
		return err
	}
	for k, rec := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec.NumRows() == 0 {
			continue
		}
		keys, err := keyColumns(ctx, rec, table, cols, to)
		if err != nil {
			return err
		}
		groups, err := set.Find(keys)
		releaseAll(keys)
		if err != nil {
			return err
		}
		if err := found(rec, ids[k], groups); err != nil {
			return err
		}
	}
	return nil
}

// describeKey renders the key columns cols of row i of rows as PostgreSQL's details do:
// "(a, b)=(1, 2)".
func describeKey(ctx *executor.Ctx, table *catalog.TableDef, cols []int, rows arrow.Record, i int) string {
	names := make([]string, len(cols))
	vals := make([]string, len(cols))
	for k, c := range cols {
		names[k] = table.Columns[c].Name
		vals[k] = "null"
		if a := rows.Column(c); a.IsValid(i) {
			vals[k] = string(types.TextAppender(table.Columns[c].Type, a, ctx.IO)(nil, i))
		}
	}
	return "(" + strings.Join(names, ", ") + ")=(" + strings.Join(vals, ", ") + ")"
}

// changedRows returns the rows of newRows whose key in columns cols differs from that of
// the same row of oldRows (a key holding a NULL counts as changed, as in PostgreSQL). With
// bytewise, as on the referenced side, equal values stored differently (-0 and 0) differ
// too, as PostgreSQL compares the images of referenced keys.
func changedRows(ctx *executor.Ctx, table *catalog.TableDef, oldRows, newRows arrow.Record, cols []int, bytewise bool) ([]int32, error) {
	ts := make([]types.T, len(cols))
	for i, c := range cols {
		ts[i] = table.Columns[c].Type
	}
	set, err := newKeySet(ts)
	if err != nil {
		return nil, err
	}
	before, err := addKeys(ctx, set, oldRows, table, cols, nil)
	if err != nil {
		return nil, err
	}
	keys, err := keyColumns(ctx, newRows, table, cols, nil)
	if err != nil {
		return nil, err
	}
	defer releaseAll(keys)
	after, err := set.Find(keys)
	if err != nil {
		return nil, err
	}
	var out []int32
	for i, g := range before {
		if g == executor.NoKey || after[i] != g || bytewise && floatImageDiffers(oldRows, newRows, cols, i) {
			out = append(out, int32(i))
		}
	}
	return out, nil
}

// floatImageDiffers reports whether a float column of cols holds values of row i that
// compare equal but are stored differently (-0 and 0).
func floatImageDiffers(oldRows, newRows arrow.Record, cols []int, i int) bool {
	for _, c := range cols {
		switch o := oldRows.Column(c).(type) {
		case *array.Float64:
			if n := newRows.Column(c).(*array.Float64); math.Float64bits(o.Value(i)) != math.Float64bits(n.Value(i)) {
				return true
			}
		case *array.Float32:
			if n := newRows.Column(c).(*array.Float32); math.Float32bits(o.Value(i)) != math.Float32bits(n.Value(i)) {
				return true
			}
		}
	}
	return false
}
