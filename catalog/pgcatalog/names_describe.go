package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Extension returns the built-in extension with the given OID, or nil.
func (n *Names) Extension(oid types.OID) *catalog.Extension {
	if n.Registry == nil {
		return nil
	}
	for _, e := range n.Registry.Extensions() {
		if e.OID == oid {
			return e
		}
	}
	return nil
}

// Description returns the comment of object oid in the system catalog called class
// (obj_description): a function's description or an extension's comment. Without a
// class, as obj_description(oid) is, a function is looked for.
func (n *Names) Description(oid types.OID, class string) (string, bool) {
	switch class {
	case "", "pg_proc":
		if f := n.Function(oid); f != nil && f.Desc != "" {
			return f.Desc, true
		}
		if f := n.UserFunction(oid); f != nil && f.Comment != "" {
			return f.Comment, true
		}
	case "pg_extension":
		if e := n.Extension(oid); e != nil && e.Comment != "" {
			return e.Comment, true
		}
	case "pg_class":
		return n.ColumnDescription(oid, 0)
	case "pg_type":
		if d, array := n.typeDef(oid); d != nil && !array && d.Comment != "" {
			return d.Comment, true
		}
	case "pg_constraint":
		return n.constraintDescription(oid)
	case "pg_namespace":
		if oid == PublicNamespace {
			return publicSchemaComment, true
		}
		if n.Catalog != nil {
			if d := n.Catalog.SchemaByOID(oid); d != nil && d.Comment != "" {
				return d.Comment, true
			}
		}
	}
	return "", false
}

// constraintDescription returns the comment of the constraint oid.
func (n *Names) constraintDescription(oid types.OID) (string, bool) {
	if n.Catalog == nil {
		return "", false
	}
	for _, t := range n.Catalog.Tables() {
		for _, fk := range t.ForeignKeys {
			if fk.OID == oid {
				return fk.Comment, fk.Comment != ""
			}
		}
		for _, ck := range t.Checks {
			if ck.OID == oid {
				return ck.Comment, ck.Comment != ""
			}
		}
		for _, ix := range t.Indexes {
			if ix.ConstraintOID == oid {
				return ix.ConstraintComment, ix.ConstraintComment != ""
			}
		}
	}
	return "", false
}

// ColumnDescription returns the comment of column col of relation oid (col_description),
// or of the relation itself for col 0.
func (n *Names) ColumnDescription(oid types.OID, col int32) (string, bool) {
	if n.Catalog == nil {
		return "", false
	}
	d := n.Catalog.TableByOID(oid)
	switch {
	case d == nil:
		return "", false
	case col == 0:
		return d.Comment, d.Comment != ""
	case col > 0 && int(col) <= len(d.Columns):
		c := d.Columns[col-1].Comment
		return c, c != ""
	}
	return "", false
}

// DescribeObject names an object by the OID of its system catalog and its own OID, as
// pg_describe_object does: "function abs(integer)", "extension qsim", "table t". Column
// (sub-object) descriptions are not produced; ok is false for unknown objects.
func (n *Names) DescribeObject(classID, objID types.OID, subID int32) (string, bool) {
	if subID != 0 {
		return "", false
	}
	switch classID {
	case pgProcClass:
		if f := n.Function(objID); f != nil {
			return "function " + functionSignature(f), true
		}
	case pgExtensionClass:
		if e := n.Extension(objID); e != nil {
			return "extension " + e.Name, true
		}
	case pgClassClass:
		if d := n.Relation(objID); d != nil {
			return relationNoun(d) + " " + n.qualifiedIfHidden(d), true
		}
	case pgForeignDataWrapperClass:
		if n.Registry != nil {
			for _, w := range n.Registry.Wrappers() {
				if w.OID == objID {
					return "foreign-data wrapper " + w.Name, true
				}
			}
		}
	case pgTypeClass:
		if types.ByOID(objID) != nil {
			return "type " + n.FormatType(objID, -1, false), true
		}
	}
	return "", false
}

func relationNoun(d *catalog.TableDef) string {
	switch d.Kind {
	case catalog.KindView:
		return "view"
	case catalog.KindMatView:
		return "materialized view"
	case catalog.KindSequence:
		return "sequence"
	case catalog.KindForeign:
		return "foreign table"
	}
	return "table"
}

// qualifiedIfHidden returns a relation's name, schema-qualified when the search path does
// not find it by its name alone.
func (n *Names) qualifiedIfHidden(d *catalog.TableDef) string {
	if n.TableVisible(d.OID) {
		return types.QuoteIdent(d.Name)
	}
	return types.QuoteIdent(d.Schema) + "." + types.QuoteIdent(d.Name)
}
