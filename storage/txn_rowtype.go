package storage

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Row types of relations (see catalog/rowtype.go): created, renamed, replaced and dropped
// here together with their relations, as type changes of the transaction, so that commit
// publishes and persists them like the types CREATE TYPE makes.

// createRowType gives relation def its row type, with the array type's OID allocated before
// the type's as PostgreSQL does.
func (t *Txn) createRowType(def *catalog.TableDef) error {
	if !def.HasRowType() {
		return nil
	}
	first := t.s.allocOIDs(2)
	_, err := t.putType(catalog.TypeDef{OID: first + 1, ArrayOID: first, Schema: def.Schema, Name: def.Name,
		Kind: types.KindComposite, Fields: def.RowFields(), RelOID: def.OID}, nil)
	return err
}

// dropRowType drops the row type of relation oid, if it has one.
func (t *Txn) dropRowType(oid types.OID) {
	if d := t.cat.RowType(oid); d != nil {
		t.cat = t.cat.WithoutType(d.OID)
		t.noteType(d.OID, d, nil)
	}
}

// checkRowTypeChange refuses to change the columns of relation cur to those of def while
// its row type is stored somewhere, as PostgreSQL refuses to rewrite such a row type.
func (t *Txn) checkRowTypeChange(cur, def *catalog.TableDef) error {
	d := t.cat.RowType(cur.OID)
	if d == nil || slices.Equal(d.Fields, def.RowFields()) {
		return nil
	}
	if uses := t.cat.TypeUses(d.OID); len(uses) > 0 {
		return pgerror.Newf(pgcode.FeatureNotSupported, "cannot alter table \"%s\" because column \"%s.%s\" uses its row type",
			cur.Name, uses[0].Rel, uses[0].Column)
	}
	return nil
}

// syncRowType brings the row type of relation def up to date after ALTER: renamed or moved
// with it, or replaced by a new type when its columns changed.
func (t *Txn) syncRowType(def *catalog.TableDef) error {
	d := t.cat.RowType(def.OID)
	if d == nil {
		return t.createRowType(def)
	}
	if fields := def.RowFields(); !slices.Equal(d.Fields, fields) {
		changed := *d
		changed.Fields, changed.Name, changed.Schema = fields, def.Name, def.Schema
		_, err := t.replaceComposite(changed, d)
		return err
	}
	if d.Name == def.Name && d.Schema == def.Schema {
		return nil
	}
	moved := *d
	moved.Name, moved.Schema = def.Name, def.Schema
	_, err := t.putType(moved, d)
	return err
}
