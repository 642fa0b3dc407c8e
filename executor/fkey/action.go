package fkey

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/dml"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// act turns one write into the checks it needs and runs the referential actions it calls
// for; those write through package dml, and so come back as writes of their own.
func (l *Log) act(ctx *executor.Ctx, ch *change) error {
	cat := ctx.Txn.Catalog()
	table := cat.TableByOID(ch.table.OID)
	if table == nil {
		return nil
	}
	if ch.oldRows != nil {
		for _, tk := range cat.ReferencingKeys(table.OID) {
			if err := l.referencedChange(ctx, tk.Table, tk.Key, table, ch); err != nil {
				return err
			}
		}
	}
	fks := slices.Clone(table.ForeignKeys)
	slices.SortFunc(fks, func(x, y catalog.ForeignKeyDef) int { return cmp.Compare(x.OID, y.OID) })
	for i := range fks {
		fk := &fks[i]
		if ch.inserted != nil {
			if err := l.check(ctx, checkPresent, fk.OID, ch.inserted); err != nil {
				return err
			}
			continue
		}
		if ch.newRows == nil {
			continue
		}
		changed, err := changedRows(ctx, table, ch.oldRows, ch.newRows, fk.Columns, false)
		if err != nil || len(changed) == 0 {
			return err
		}
		taken, err := executor.TakeRows(ctx.Mem, ch.newRows, changed)
		if err != nil {
			return err
		}
		err = l.check(ctx, checkPresent, fk.OID, taken)
		taken.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// check runs a check of the rows of the constraint key now, or keeps it for commit when
// the constraint is deferred.
func (l *Log) check(ctx *executor.Ctx, kind checkKind, key types.OID, rows arrow.Record) error {
	c := check{kind: kind, key: key, rows: rows}
	if fk, ok := ctx.Txn.Catalog().ForeignKeyByOID(key); ok && kind != checkRestrict && l.isDeferred(fk.Key) {
		rows.Retain()
		l.deferred = append(l.deferred, c)
		return nil
	}
	return run(ctx, c)
}

// referencedChange acts on the keys of parent that a deletion or update removed, for the
// foreign key fk of child referencing them.
func (l *Log) referencedChange(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, ch *change) error {
	oldRows, newRows := ch.oldRows, ch.newRows
	action, setCols := fk.OnDelete, fk.SetColumnsOrAll()
	if newRows != nil {
		action, setCols = fk.OnUpdate, fk.Columns
		changed, err := changedRows(ctx, parent, oldRows, newRows, fk.RefColumns, true)
		if err != nil || len(changed) == 0 {
			return err
		}
		if oldRows, err = executor.TakeRows(ctx.Mem, oldRows, changed); err != nil {
			return err
		}
		defer oldRows.Release()
		if newRows, err = executor.TakeRows(ctx.Mem, newRows, changed); err != nil {
			return err
		}
		defer newRows.Release()
	}
	switch action {
	case catalog.FKNoAction:
		return l.check(ctx, checkNoAction, fk.OID, oldRows)
	case catalog.FKRestrict:
		return l.check(ctx, checkRestrict, fk.OID, oldRows)
	case catalog.FKCascade:
		if newRows == nil {
			return cascadeDelete(ctx, child, fk, parent, oldRows)
		}
		return l.setReferencing(ctx, child, fk, parent, oldRows, fk.Columns, actionSQL(child, fk, nil, true, false),
			func(n int, groups []uint32, pos []int32) ([]arrow.Array, error) {
				return newKeyValues(ctx, child, fk, parent, newRows, groups, pos)
			})
	case catalog.FKSetNull:
		return l.setReferencing(ctx, child, fk, parent, oldRows, setCols, actionSQL(child, fk, setCols, false, false), func(n int, _ []uint32, _ []int32) ([]arrow.Array, error) {
			out := make([]arrow.Array, len(setCols))
			for i, c := range setCols {
				out[i] = array.MakeArrayOfNull(ctx.Mem, child.Columns[c].Type.Arrow(), n)
			}
			return out, nil
		})
	case catalog.FKSetDefault:
		defaults, err := l.bind.Defaults(ctx.Txn.Catalog(), child, setCols)
		if err != nil {
			return err
		}
		exprs, err := executor.CompileExprs(defaults)
		if err != nil {
			return err
		}
		err = l.setReferencing(ctx, child, fk, parent, oldRows, setCols, actionSQL(child, fk, setCols, false, true), func(n int, _ []uint32, _ []int32) ([]arrow.Array, error) {
			return exprs.EvalRows(ctx, int64(n))
		})
		if err != nil {
			return err
		}
		// A referencing row whose default is the very key removed was set to what it
		// held, which no check notices: PostgreSQL looks again, as NO ACTION does.
		return run(ctx, check{kind: checkNoAction, key: fk.OID, rows: oldRows})
	}
	return nil
}

// referencing is what a scan found of the rows of a referencing table holding some keys:
// per batch, the rows' identifiers, the rows, and the key number of each.
type referencing struct {
	ids    [][]int64
	rows   []arrow.Record
	groups [][]uint32
}

func (r *referencing) release() { releaseAll(r.rows) }

// findReferencing returns the rows of child whose key is one of those of oldRows (rows of
// parent), and the key number of each old row.
func findReferencing(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, oldRows arrow.Record) (*referencing, []uint32, error) {
	to := refTypes(parent, fk)
	set, err := newKeySet(to)
	if err != nil {
		return nil, nil, err
	}
	oldGroups, err := addKeys(ctx, set, oldRows, parent, fk.RefColumns, nil)
	if err != nil {
		return nil, nil, err
	}
	out := &referencing{}
	if set.Len() == 0 {
		return out, oldGroups, nil
	}
	err = probe(ctx, set, child, fk.Columns, to, func(rec arrow.Record, ids *array.Int64, gs []uint32) error {
		var idx []int32
		var groups []uint32
		var rowIDs []int64
		for i, g := range gs {
			if g != executor.NoKey {
				idx, groups, rowIDs = append(idx, int32(i)), append(groups, g), append(rowIDs, ids.Value(i))
			}
		}
		if len(idx) == 0 {
			return nil
		}
		taken, err := executor.TakeRows(ctx.Mem, rec, idx)
		if err != nil {
			return err
		}
		out.ids, out.rows, out.groups = append(out.ids, rowIDs), append(out.rows, taken), append(out.groups, groups)
		return nil
	})
	if err != nil {
		out.release()
		return nil, nil, err
	}
	return out, oldGroups, nil
}

// cascadeDelete deletes the rows of child referencing the keys of oldRows.
func cascadeDelete(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, oldRows arrow.Record) error {
	found, _, err := findReferencing(ctx, child, fk, parent, oldRows)
	if err != nil {
		return err
	}
	defer found.release()
	if err := dml.DeleteRows(ctx, child, slices.Concat(found.ids...)); err != nil {
		return inAction(err, actionSQL(child, fk, nil, false, false))
	}
	return nil
}

// setReferencing gives the rows of child referencing the keys of oldRows new values in
// columns cols, which values makes for n rows given their key numbers and, per key number,
// the old row holding it; sql is the action as PostgreSQL words it, for errors.
func (l *Log) setReferencing(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, oldRows arrow.Record,
	cols []int, sql string, values func(n int, groups []uint32, pos []int32) ([]arrow.Array, error)) error {
	found, oldGroups, err := findReferencing(ctx, child, fk, parent, oldRows)
	if err != nil {
		return err
	}
	defer found.release()
	if len(found.rows) == 0 {
		return nil
	}
	pos := make([]int32, len(oldGroups))
	for i, g := range oldGroups {
		if g != executor.NoKey {
			pos[g] = int32(i)
		}
	}
	checks, err := l.bind.Checks(ctx.Txn.Catalog(), child)
	if err != nil {
		return err
	}
	for k, rec := range found.rows {
		n := int(rec.NumRows())
		vals, err := values(n, found.groups[k], pos)
		if err != nil {
			return err
		}
		cols2 := slices.Clone(rec.Columns())
		for i, c := range cols {
			cols2[c] = vals[i]
		}
		updated := array.NewRecord(rec.Schema(), cols2, int64(n))
		releaseAll(vals)
		err = dml.ReplaceRows(ctx, child, found.ids[k], updated, checks)
		updated.Release()
		if err != nil {
			return inAction(err, sql)
		}
	}
	return nil
}

// newKeyValues returns, for referencing rows whose keys have the given key numbers, the new
// key of the referenced row each references (newRows[pos[g]]), in the referencing columns'
// types.
func newKeyValues(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, newRows arrow.Record, groups []uint32, pos []int32) ([]arrow.Array, error) {
	idx := make([]int32, len(groups))
	for i, g := range groups {
		idx[i] = pos[g]
	}
	taken, err := executor.TakeRows(ctx.Mem, newRows, idx)
	if err != nil {
		return nil, err
	}
	defer taken.Release()
	out := make([]arrow.Array, len(fk.Columns))
	for i, c := range fk.Columns {
		a := taken.Column(fk.RefColumns[i])
		from, to := parent.Columns[fk.RefColumns[i]].Type, child.Columns[c].Type
		if from == to {
			a.Retain()
			out[i] = a
			continue
		}
		cast, err := types.CastArrayContext(a, from, to, types.Assignment, ctx.IO, ctx.Mem)
		if err != nil {
			releaseAll(out[:i])
			return nil, err
		}
		out[i] = cast
	}
	return out, nil
}

// actionSQL is the statement PostgreSQL runs for a referential action, which its errors
// name in their CONTEXT: a cascaded DELETE (setCols nil, cascadeUpdate false), a cascaded
// UPDATE of the key (cascadeUpdate), or SET NULL / SET DEFAULT of setCols.
func actionSQL(child *catalog.TableDef, fk *catalog.ForeignKeyDef, setCols []int, cascadeUpdate, setDefault bool) string {
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	rel := quote(child.Schema) + "." + quote(child.Name)
	var b strings.Builder
	param := 1
	switch {
	case cascadeUpdate:
		b.WriteString("UPDATE ONLY " + rel + " SET")
		for i, c := range fk.Columns {
			b.WriteString(sep(i, ",") + " " + quote(child.Columns[c].Name) + " = $" + strconv.Itoa(param))
			param++
		}
	case setCols != nil:
		b.WriteString("UPDATE ONLY " + rel + " SET")
		val := "NULL"
		if setDefault {
			val = "DEFAULT"
		}
		for i, c := range setCols {
			b.WriteString(sep(i, ",") + " " + quote(child.Columns[c].Name) + " = " + val)
		}
	default:
		b.WriteString("DELETE FROM ONLY " + rel)
	}
	for i, c := range fk.Columns {
		w := "WHERE"
		if i > 0 {
			w = "AND"
		}
		b.WriteString(" " + w + " $" + strconv.Itoa(param) + " OPERATOR(pg_catalog.=) " + quote(child.Columns[c].Name))
		param++
	}
	return b.String()
}

func sep(i int, s string) string {
	if i == 0 {
		return ""
	}
	return s
}

// inAction adds to err the CONTEXT line of the referential action sql it arose in.
func inAction(err error, sql string) error {
	e, ok := err.(*pgerror.Error)
	if !ok {
		return err
	}
	line := "SQL statement \"" + sql + "\""
	if e.Context != "" {
		line = e.Context + "\n" + line
	}
	e.Context = line
	return e
}
