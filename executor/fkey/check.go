package fkey

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// run runs check c against the transaction's rows as they are now. A constraint dropped
// since c was queued is not checked.
func run(ctx *executor.Ctx, c check) error {
	cat := ctx.Txn.Catalog()
	tk, ok := cat.ForeignKeyByOID(c.key)
	if !ok {
		return nil
	}
	parent := cat.TableByOID(tk.Key.RefTable)
	if parent == nil {
		return nil
	}
	if c.kind == checkPresent {
		if int(c.rows.NumCols()) != len(tk.Table.Columns) {
			return nil // the table was altered since: its rows were checked then
		}
		rechecked := false
		for attempt := 0; ; attempt++ {
			err := checkPresentKeys(ctx, tk.Table, tk.Key, parent, []arrow.Record{c.rows})
			again, err := recheck(ctx, err, attempt)
			if !again {
				if rechecked {
					return awaitRechecked(ctx, err)
				}
				return err
			}
			rechecked = true
		}
	}
	if int(c.rows.NumCols()) != len(parent.Columns) {
		return nil
	}
	return checkUnreferenced(ctx, tk.Table, tk.Key, parent, c.rows, c.kind == checkNoAction)
}

// checkPresentKeys verifies that the keys of the batches rows, rows of the referencing
// table child, are keys of parent: the keys go into a set, parent's rows are probed against
// it, and a key found in none is reported if a row of child still holds it.
func checkPresentKeys(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, rows []arrow.Record) error {
	if fk.Match == catalog.FKMatchFull {
		for _, r := range rows {
			if i := mixedNulls(r, fk.Columns); i >= 0 {
				return violation(child, fk).WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
			}
		}
	}
	to := refTypes(parent, fk)
	set, err := newKeySet(to)
	if err != nil {
		return err
	}
	groups := make([][]uint32, len(rows))
	for k, r := range rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		if groups[k], err = addKeys(ctx, set, r, child, fk.Columns, to); err != nil {
			return err
		}
	}
	if set.Len() == 0 {
		return nil
	}
	present := make([]bool, set.Len())
	var found []int64 // the referenced rows, one per key
	err = probe(ctx, set, parent, fk.RefColumns, nil, func(_ arrow.Record, ids *array.Int64, gs []uint32) error {
		for i, g := range gs {
			if g != executor.NoKey && !present[g] {
				present[g] = true
				found = append(found, ids.Value(i))
			}
		}
		return nil
	})
	if err == nil {
		err = lockReferenced(ctx, parent, found)
	}
	if err != nil || !anyFalse(present) {
		return err
	}
	live := make([]bool, set.Len())
	err = probe(ctx, set, child, fk.Columns, to, func(_ arrow.Record, _ *array.Int64, gs []uint32) error {
		mark(live, gs)
		return nil
	})
	if err != nil {
		return err
	}
	for k, gs := range groups {
		for i, g := range gs {
			if g != executor.NoKey && !present[g] && live[g] {
				return violation(child, fk).WithDetail("Key " + describeKey(ctx, child, fk.Columns, rows[k], i) +
					" is not present in table \"" + parent.Name + "\".")
			}
		}
	}
	return nil
}

// Validate checks every row of table oid against its foreign keys named (ALTER TABLE ...
// ADD FOREIGN KEY, VALIDATE CONSTRAINT).
func Validate(ctx *executor.Ctx, oid types.OID, names []string) error {
	cat := ctx.Txn.Catalog()
	table := cat.TableByOID(oid)
	if table == nil || len(names) == 0 {
		return nil
	}
	rows, err := ctx.Txn.Batches(oid)
	if err != nil {
		return err
	}
	for i := range table.ForeignKeys {
		fk := &table.ForeignKeys[i]
		parent := cat.TableByOID(fk.RefTable)
		if parent == nil || !slices.Contains(names, fk.Name) {
			continue
		}
		if err := checkPresentKeys(ctx, table, fk, parent, rows); err != nil {
			return err
		}
	}
	return nil
}

// checkUnreferenced verifies that no row of child references the keys of rows, old rows
// of parent; with noAction a key parent has again (another row, or the row's new version)
// may stay referenced.
func checkUnreferenced(ctx *executor.Ctx, child *catalog.TableDef, fk *catalog.ForeignKeyDef, parent *catalog.TableDef, rows arrow.Record, noAction bool) error {
	to := refTypes(parent, fk)
	set, err := newKeySet(to)
	if err != nil {
		return err
	}
	groups, err := addKeys(ctx, set, rows, parent, fk.RefColumns, nil)
	if err != nil || set.Len() == 0 {
		return err
	}
	gone := make([]bool, set.Len())
	for i := range gone {
		gone[i] = true
	}
	if noAction {
		err = probe(ctx, set, parent, fk.RefColumns, nil, func(_ arrow.Record, _ *array.Int64, gs []uint32) error {
			for _, g := range gs {
				if g != executor.NoKey {
					gone[g] = false
				}
			}
			return nil
		})
		if err != nil || !anyTrue(gone) {
			return err
		}
	}
	referenced := make([]bool, set.Len())
	err = probe(ctx, set, child, fk.Columns, to, func(_ arrow.Record, _ *array.Int64, gs []uint32) error {
		for _, g := range gs {
			if g != executor.NoKey && gone[g] {
				referenced[g] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, g := range groups {
		if g != executor.NoKey && referenced[g] {
			return pgerror.Newf(pgcode.ForeignKeyViolation, "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"",
				parent.Name, fk.Name, child.Name).
				WithDetail("Key " + describeKey(ctx, parent, fk.RefColumns, rows, i) + " is still referenced from table \"" + child.Name + "\".")
		}
	}
	return nil
}

// violation is the error of a referencing row breaking fk.
func violation(child *catalog.TableDef, fk *catalog.ForeignKeyDef) *pgerror.Error {
	return pgerror.Newf(pgcode.ForeignKeyViolation, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", child.Name, fk.Name)
}

// mixedNulls returns the first row of rows whose columns cols are neither all NULL nor
// all non-NULL, or -1.
func mixedNulls(rows arrow.Record, cols []int) int {
	anyNull := false
	for _, c := range cols {
		if rows.Column(c).NullN() > 0 {
			anyNull = true
		}
	}
	if !anyNull || len(cols) < 2 {
		return -1
	}
	for i := range int(rows.NumRows()) {
		nulls := 0
		for _, c := range cols {
			if rows.Column(c).IsNull(i) {
				nulls++
			}
		}
		if nulls > 0 && nulls < len(cols) {
			return i
		}
	}
	return -1
}

func mark(seen []bool, groups []uint32) {
	for _, g := range groups {
		if g != executor.NoKey {
			seen[g] = true
		}
	}
}

func anyFalse(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return true
		}
	}
	return false
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}
