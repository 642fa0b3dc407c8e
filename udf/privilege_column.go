package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// has_column_privilege([role,] table, column, privilege) in its twelve overloads: the role
// a name or an OID, the table a name or an OID, the column a name or an attribute number.
// A role holds a privilege on a column through the table or the column's own privileges
// (catalog.ColumnHolds). As in PostgreSQL, a table or column named that does not exist is
// an error, and one given by a number that does not exist is NULL.

// columnPrivs are the privileges columns have.
const columnPrivs = acl.Select | acl.Insert | acl.Update | acl.References

func registerColumnPrivileges(b builder) {
	reg := b.reg
	oid := types.OID(3012)
	for _, role := range []types.OID{types.Name, types.Oid, 0} {
		for _, table := range []types.OID{types.Text, types.Oid} {
			for _, col := range []types.OID{types.Text, types.Int2} {
				args := []types.OID{table, col, types.Text}
				if role != 0 {
					args = append([]types.OID{role}, args...)
				}
				reg.AddFunc(&catalog.Func{OID: oid, Name: "has_column_privilege", Kind: catalog.KindFunc, Args: args, Ret: types.Bool,
					Strict: true, Volatility: catalog.Stable, Scalar: columnPrivilegeImpl(reg, role != 0)})
				oid++
			}
		}
	}
}

func columnPrivilegeImpl(reg *catalog.Registry, withRole bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		cat, current := sessionCatalog(env)
		n := namesOf(reg, env)
		rows := args[0].Len()
		out := array.NewBooleanBuilder(allocator(env))
		defer out.Release()
		for i := 0; i < rows; i++ {
			if !env.RowValid(i) {
				out.AppendNull()
				continue
			}
			role := currentRoleOID(cat, current)
			rest := args
			if withRole {
				var err error
				if role, err = roleArg(cat, current, args[0], i); err != nil {
					return nil, err
				}
				rest = args[1:]
			}
			held, known, err := columnPrivilegeRow(cat, n, role, rest, i)
			if err != nil {
				return nil, err
			}
			if !known {
				out.AppendNull()
				continue
			}
			out.Append(held)
		}
		return out.NewArray(), nil
	}
}

// columnPrivilegeRow answers row i of (table, column, privilege) for role; known is false
// when a number names no table or column.
func columnPrivilegeRow(cat *catalog.Catalog, n *pgcatalog.Names, role types.OID, args []arrow.Array, i int) (held, known bool, err error) {
	want, err := parsePrivileges(stringsOf(args[2]).Value(i), columnPrivs)
	if err != nil {
		return false, false, err
	}
	var def *catalog.TableDef
	if s, ok := args[0].(*array.String); ok {
		oid, err := n.ObjectOID(types.Regclass, s.Value(i))
		if err != nil {
			return false, false, err
		}
		def = n.Relation(oid)
	} else {
		def = n.Relation(types.OID(args[0].(*array.Uint32).Value(i)))
	}
	if def == nil {
		return false, false, nil
	}
	col := -1
	if s, ok := args[1].(*array.String); ok {
		if col = def.ColumnIndex(s.Value(i)); col < 0 {
			return false, false, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", s.Value(i), def.Name)
		}
	} else if num := int(args[1].(*array.Int16).Value(i)); num >= 1 && num <= len(def.Columns) {
		col = num - 1
	} else {
		return false, false, nil
	}
	for _, w := range want {
		if cat.ColumnHolds(role, def, col, w.priv) && (!w.option || columnOptionHeld(cat, role, def, col, w.priv)) {
			return true, true, nil
		}
	}
	return false, true, nil
}

// columnOptionHeld reports whether role may grant want on column col of def: through the
// table's grant options or the column's.
func columnOptionHeld(cat *catalog.Catalog, role types.OID, def *catalog.TableDef, col int, want acl.Priv) bool {
	return cat.GrantOptionHeld(role, def.ACLKind(), def.OwnerOID(), def.ACL, want) ||
		def.Columns[col].ACL != nil && cat.GrantOptionHeld(role, acl.Column, def.OwnerOID(), def.Columns[col].ACL, want)
}
