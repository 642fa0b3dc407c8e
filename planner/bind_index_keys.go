package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// Collations and operator classes of index key columns. Keys compare by their type's own
// equality whatever the collation or class, so only those that keep it are accepted: the
// deterministic collations, and the btree classes of the key's type, default or pattern
// (text_pattern_ops orders differently but compares equal the same).

// deterministicCollations are the collations whose equality is byte equality.
var deterministicCollations = map[string]bool{"C": true, "POSIX": true, "default": true, "ucs_basic": true}

// indexKeyOptions checks the COLLATE and operator class of an index key of type t and
// returns them ("" where none is given or it is the default).
func (b *binder) indexKeyOptions(el *pg_query.IndexElem, t types.T) (coll, opclass string, err error) {
	if len(el.Collation) > 0 {
		coll = strVal(el.Collation[len(el.Collation)-1])
		if t.Category() != types.CatString {
			return "", "", b.errorf(-1, pgcode.DatatypeMismatch, "collations are not supported by type %s", b.fmtType(t))
		}
		if !deterministicCollations[coll] {
			return "", "", b.errorf(-1, pgcode.FeatureNotSupported, "index collation \"%s\" is not supported yet", coll)
		}
		if coll == "default" {
			coll = "" // the column's own
		}
	}
	if len(el.Opclass) > 0 {
		opclass = strVal(el.Opclass[len(el.Opclass)-1])
		switch {
		case opclass == defaultOpclass(t):
			opclass = ""
		case isPatternOpclass(opclass, t):
		case isPatternOpclass(opclass, types.TText) || isPatternOpclass(opclass, types.T{OID: types.Bpchar}):
			return "", "", b.errorf(-1, pgcode.DatatypeMismatch, "operator class \"%s\" does not accept data type %s", opclass, b.fmtType(t))
		default:
			return "", "", b.errorf(-1, pgcode.UndefinedObject, "operator class \"%s\" does not exist for access method \"btree\"", opclass)
		}
	}
	return coll, opclass, nil
}

// defaultOpclass names the default btree operator class of t.
func defaultOpclass(t types.T) string {
	switch t.OID {
	case types.Text, types.Varchar:
		return "text_ops"
	case types.Bpchar:
		return "bpchar_ops"
	}
	if d := types.ByOID(t.OID); d != nil {
		return d.Name + "_ops"
	}
	return ""
}

// isPatternOpclass reports whether name is a pattern class PostgreSQL accepts for t.
func isPatternOpclass(name string, t types.T) bool {
	switch name {
	case "text_pattern_ops", "varchar_pattern_ops":
		return t.OID == types.Text || t.OID == types.Varchar
	case "bpchar_pattern_ops":
		return t.OID == types.Bpchar
	}
	return false
}
