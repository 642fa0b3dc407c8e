package storage

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The keys of an index on plain columns are those columns' values; the keys of an index
// with expression keys, or of a partial index, are computed by an IndexKeyer, since storage
// cannot evaluate SQL. Wherever storage needs keys (rows being inserted, a segment's index
// built on first use, a new unique index checked against the table) it asks for the keys
// of whole rows through keysOf, and encodes each row's key from them; a row a partial
// index does not hold has no key, like a key holding a NULL.

// IndexKeyer computes the keys of expression and partial indexes.
type IndexKeyer interface {
	// IndexKeys returns the keys of index ix of table def for the rows of rec (def's
	// columns, in its order): one array per key, which the caller releases, the keys'
	// types, and which rows the index holds (nil: every row; a partial index holds those
	// its predicate is true for). cat is the catalog the transaction sees.
	IndexKeys(cat *catalog.Catalog, def *catalog.TableDef, ix *catalog.IndexDef, rec arrow.Record) (keys []arrow.Array, keyTypes []types.T, holds []bool, err error)
}

// WithIndexKeyer makes the store compute the keys of expression and partial indexes with k;
// without one, writing to a table with such a unique index fails.
func WithIndexKeyer(k IndexKeyer) Option { return func(o *options) { o.keyer = k } }

// rowKeys are the keys of one index for the rows of a record.
type rowKeys struct {
	cols  []arrow.Array
	types []types.T
	holds []bool
	nnd   bool
	owned bool
}

// keysOf returns the keys of index ix of def for the rows of rec, a record of def's rows.
// The caller releases them.
func (t *Txn) keysOf(def *catalog.TableDef, ix *catalog.IndexDef, rec arrow.Record) (rowKeys, error) {
	k := rowKeys{nnd: ix.NullsNotDistinct}
	if ix.Plain() {
		for _, c := range ix.Columns {
			k.cols = append(k.cols, rec.Column(c))
			k.types = append(k.types, def.Columns[c].Type)
		}
		return k, nil
	}
	if t.s.opts.keyer == nil {
		return rowKeys{}, pgerror.Newf(pgcode.FeatureNotSupported, "storage: this store cannot compute the keys of index \"%s\"", ix.Name)
	}
	if int(rec.NumCols()) != len(def.Columns) {
		return rowKeys{}, pgerror.Newf(pgcode.InternalError, "storage: keys of index \"%s\" asked for %d of %d columns", ix.Name, rec.NumCols(), len(def.Columns))
	}
	var err error
	if k.cols, k.types, k.holds, err = t.s.opts.keyer.IndexKeys(t.cat, def, ix, rec); err != nil {
		return rowKeys{}, err
	}
	k.owned = true
	return k, nil
}

// key appends the encoding of row i's key to buf; ok is false when the row has none (a
// NULL in it, or a row the partial index does not hold).
func (k rowKeys) key(buf []byte, i int) ([]byte, bool) {
	if k.holds != nil && !k.holds[i] {
		return buf, false
	}
	return appendKey(buf, k.cols, i, k.nnd)
}

// text returns row i's key values as 23505's detail prints them.
func (k rowKeys) text(i int) []string {
	vals := make([]string, len(k.cols))
	for c, a := range k.cols {
		vals[c] = "null"
		if a.IsValid(i) {
			vals[c] = string(types.TextAppender(k.types[c], a, nil)(nil, i))
		}
	}
	return vals
}

// rows returns how many rows the keys are for.
func (k rowKeys) rows() int {
	if len(k.cols) == 0 {
		return 0
	}
	return k.cols[0].Len()
}

func (k rowKeys) release() {
	if k.owned {
		for _, a := range k.cols {
			a.Release()
		}
	}
}

// keyNames names the keys of ix as 23505's detail does: columns by name, expressions by
// their stored text.
func keyNames(def *catalog.TableDef, ix *catalog.IndexDef) []string {
	out := make([]string, len(ix.Columns))
	for k, c := range ix.Columns {
		if c >= 0 {
			out[k] = def.Columns[c].Name
		} else {
			out[k] = ix.Expr(k)
		}
	}
	return out
}

// keysOfRead is keysOf for a record read with rowColumns: the key columns alone for a plain
// index.
func (t *Txn) keysOfRead(def *catalog.TableDef, ix *catalog.IndexDef, rec arrow.Record) (rowKeys, error) {
	if !ix.Plain() {
		return t.keysOf(def, ix, rec)
	}
	k := rowKeys{cols: rec.Columns(), nnd: ix.NullsNotDistinct}
	for _, c := range ix.Columns {
		k.types = append(k.types, def.Columns[c].Type)
	}
	return k, nil
}

// rowColumns returns what index ix reads of def's rows, as ordinals of def's columns: its
// key columns when it is plain, else every column (an IndexKeyer takes whole rows).
func rowColumns(def *catalog.TableDef, ix *catalog.IndexDef) []int {
	if ix.Plain() {
		return ix.Columns
	}
	return allColumnsOf(len(def.Columns))
}

// exprIndex is Store.index for an index that is not plain: the segment's rows are read in
// def's layout (cols maps def's columns to the segment's schema sc) and keyed by the
// IndexKeyer.
func (t *Txn) exprIndex(sg *segment, sc *arrow.Schema, ids []uint32, def *catalog.TableDef, ix *catalog.IndexDef, cols []int) (map[string]int64, error) {
	sig := exprKeySig(ix, ids, cols)
	sk := sg.keys
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if m := sk.idx[sig]; m != nil {
		return m, nil
	}
	batches, err := t.s.segmentRecords(sg.data, someColumns(sc, ids, cols))
	if err != nil {
		return nil, err
	}
	m := map[string]int64{}
	var row int64
	var buf []byte
	for _, rec := range batches {
		keys, err := t.keysOf(def, ix, rec)
		if err != nil {
			return nil, err
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			var ok bool
			if buf, ok = keys.key(buf[:0], i); ok {
				m[string(buf)] = row
			}
			row++
		}
		keys.release()
	}
	sk.idx[sig] = m
	return m, nil
}

// exprKeySig identifies the keys of an index that is not plain: its definition and the
// stable IDs of the columns it is computed from.
func exprKeySig(ix *catalog.IndexDef, ids []uint32, cols []int) string {
	var b strings.Builder
	b.WriteString("x")
	for _, c := range cols {
		b.WriteString(strconv.FormatUint(uint64(ids[c]), 10))
		b.WriteByte(',')
	}
	for k, c := range ix.Columns {
		b.WriteString("|" + strconv.Itoa(c) + ":" + ix.Expr(k))
	}
	b.WriteString("|" + ix.Pred)
	if ix.NullsNotDistinct {
		b.WriteByte('n')
	}
	return b.String()
}

// segmentIndex returns the key index of segment sg (of a version whose schema is sc, with
// column IDs ids) for index ix of def; cols maps def's columns to sc's ordinals (nil: the
// same). ok is false when the segment cannot have keys: a column the index reads was added
// since.
func (t *Txn) segmentIndex(sg *segment, sc *arrow.Schema, ids []uint32, def *catalog.TableDef, ix *catalog.IndexDef, colMap []int) (m map[string]int64, ok bool, err error) {
	if ix.Plain() {
		cols := ix.Columns
		if colMap != nil {
			cols = make([]int, len(ix.Columns))
			for i, c := range ix.Columns {
				if cols[i] = colMap[c]; cols[i] < 0 {
					return nil, false, nil // no snapshot row has a value there but NULL
				}
			}
		}
		m, err := t.s.index(sg, sc, ids, ix, cols)
		return m, err == nil, err
	}
	cols := allColumnsOf(len(def.Columns))
	if colMap != nil {
		cols = slices.Clone(colMap)
	}
	if len(cols) != sc.NumFields() && colMap == nil || slices.Contains(cols, -1) {
		return nil, false, pgerror.Newf(pgcode.FeatureNotSupported, "index \"%s\" of a table whose columns changed in this transaction is not supported yet", ix.Name)
	}
	want := t.schemaOf(def)
	for i, c := range cols {
		if !arrow.TypeEqual(sc.Field(c).Type, want.Field(i).Type) {
			return nil, false, pgerror.Newf(pgcode.FeatureNotSupported, "index \"%s\" of a table whose columns changed in this transaction is not supported yet", ix.Name)
		}
	}
	m, err = t.exprIndex(sg, sc, ids, def, ix, cols)
	return m, err == nil, err
}
