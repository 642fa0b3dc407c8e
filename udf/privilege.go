package udf

import (
	"cmp"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The access privilege inquiry functions (has_table_privilege and its relatives, in all
// their overloads, and pg_has_role) answer from the statement's catalog snapshot: the
// object's owner and access control list and the role's memberships (catalog.Holds).
// Each takes an optional role (a name or an OID; absent: current_user), the object (a
// name or an OID) and a privilege list such as 'SELECT, INSERT WITH GRANT OPTION'.

// privilegeTarget resolves one object argument and answers for it.
type privilegeTarget struct {
	name string
	// oids are the six overloads' OIDs, in the order (name, text|oid), (name, oid),
	// (oid, text), (oid, oid), (text), (oid); 0 where PostgreSQL has none.
	oids [6]types.OID
	// privs are the privileges the function accepts.
	privs acl.Priv
	// objectByName and objectByOID find the object; holds answers for one role.
	objectByName func(env *catalog.FuncEnv, n *pgcatalog.Names, name string) (any, error)
	objectByOID  func(env *catalog.FuncEnv, n *pgcatalog.Names, oid types.OID) (any, bool)
	holds        func(cat *catalog.Catalog, role types.OID, obj any, want acl.Priv) bool
}

// holdsOption reports whether role may grant want on obj: superusers and owners always,
// others by a grant option on a relation or schema.
func (t privilegeTarget) holdsOption(cat *catalog.Catalog, role types.OID, obj any, want acl.Priv) bool {
	switch o := obj.(type) {
	case *catalog.TableDef:
		return cat.GrantOptionHeld(role, o.ACLKind(), o.OwnerOID(), o.ACL, want)
	case string:
		return cat.GrantOptionHeld(role, acl.Schema, cat.SchemaOwnerOID(o), cat.SchemaACL(o), want)
	case *catalog.DatabaseDef:
		return cat.GrantOptionHeld(role, acl.Database, o.Owner, o.ACL, want)
	}
	return cat.Holds(role, acl.Database, catalog.BootstrapRoleOID, acl.List{}, want)
}

// sessionDatabases returns the cluster's databases, or without a cluster the session's
// one (postgres's OID).
func sessionDatabases(env *catalog.FuncEnv) []catalog.DatabaseDef {
	s := sessionOf(env)
	if s.Databases != nil {
		return s.Databases()
	}
	return []catalog.DatabaseDef{{OID: catalog.PostgresOID, Name: s.Database, Owner: catalog.BootstrapRoleOID}}
}

func databaseByName(env *catalog.FuncEnv, _ *pgcatalog.Names, name string) (any, error) {
	if d := databaseNamed(sessionDatabases(env), name); d != nil {
		return d, nil
	}
	return nil, pgerror.Newf(pgcode.UndefinedDatabase, "database \"%s\" does not exist", name)
}

func databaseByOID(env *catalog.FuncEnv, _ *pgcatalog.Names, oid types.OID) (any, bool) {
	d := databaseOID(sessionDatabases(env), oid)
	return d, d != nil
}

func databaseHolds(cat *catalog.Catalog, role types.OID, obj any, want acl.Priv) bool {
	return cat.DatabaseHolds(role, obj.(*catalog.DatabaseDef), want)
}

func registerPrivileges(b builder) {
	reg := b.reg
	tableByName := func(_ *catalog.FuncEnv, n *pgcatalog.Names, name string) (any, error) {
		oid, err := n.ObjectOID(types.Regclass, name)
		if err != nil {
			return nil, err
		}
		return n.Relation(oid), nil
	}
	tableByOID := func(_ *catalog.FuncEnv, n *pgcatalog.Names, oid types.OID) (any, bool) {
		d := n.Relation(oid)
		return d, d != nil
	}
	tableHolds := func(cat *catalog.Catalog, role types.OID, obj any, want acl.Priv) bool {
		return cat.TableHolds(role, obj.(*catalog.TableDef), want)
	}
	anyColumnHolds := func(cat *catalog.Catalog, role types.OID, obj any, want acl.Priv) bool {
		return cat.AnyColumnHolds(role, obj.(*catalog.TableDef), want)
	}
	schemaByName := func(_ *catalog.FuncEnv, n *pgcatalog.Names, name string) (any, error) {
		if _, err := n.ObjectOID(types.Regnamespace, name); err != nil {
			return nil, err
		}
		return name, nil
	}
	schemaByOID := func(_ *catalog.FuncEnv, n *pgcatalog.Names, oid types.OID) (any, bool) {
		return n.ObjectName(types.Regnamespace, oid)
	}
	schemaHolds := func(cat *catalog.Catalog, role types.OID, obj any, want acl.Priv) bool {
		return cat.SchemaHolds(role, obj.(string), want)
	}
	anything := func(*catalog.FuncEnv, *pgcatalog.Names, string) (any, error) { return nil, nil }
	anyOID := func(*catalog.FuncEnv, *pgcatalog.Names, types.OID) (any, bool) { return nil, true }
	publicDefault := func(k acl.Kind) func(*catalog.Catalog, types.OID, any, acl.Priv) bool {
		return func(cat *catalog.Catalog, role types.OID, _ any, want acl.Priv) bool {
			return cat.Holds(role, k, catalog.BootstrapRoleOID, nil, want)
		}
	}
	tablePrivs := acl.Table.All()
	for _, t := range []privilegeTarget{
		{"has_table_privilege", [6]types.OID{1922, 1923, 1924, 1925, 1926, 1927}, tablePrivs, tableByName, tableByOID, tableHolds},
		{"has_any_column_privilege", [6]types.OID{3024, 3025, 3026, 3027, 3028, 3029}, columnPrivs, tableByName, tableByOID, anyColumnHolds},
		{"has_sequence_privilege", [6]types.OID{2181, 2182, 2183, 2184, 2185, 2186}, acl.Sequence.All(), tableByName, tableByOID, tableHolds},
		{"has_schema_privilege", [6]types.OID{2268, 2269, 2270, 2271, 2272, 2273}, acl.Schema.All(), schemaByName, schemaByOID, schemaHolds},
		{"has_database_privilege", [6]types.OID{2250, 2251, 2252, 2253, 2254, 2255}, acl.Database.All(), databaseByName, databaseByOID, databaseHolds},
		{"has_function_privilege", [6]types.OID{2256, 2257, 2258, 2259, 2260, 2261}, acl.Execute, anything, anyOID, publicDefault(acl.Function)},
		{"has_type_privilege", [6]types.OID{3138, 3139, 3140, 3141, 3142, 3143}, acl.Usage, anything, anyOID, publicDefault(acl.Type)},
		{"has_foreign_data_wrapper_privilege", [6]types.OID{3000, 3001, 3002, 3003, 3004, 3005}, acl.Usage, anything, anyOID, publicDefault(acl.Type)},
		{"has_server_privilege", [6]types.OID{3006, 3007, 3008, 3009, 3010, 3011}, acl.Usage, anything, anyOID, publicDefault(acl.Type)},
		{"has_language_privilege", [6]types.OID{2262, 2263, 2264, 2265, 2266, 2267}, acl.Usage, anything, anyOID, publicDefault(acl.Type)},
		{"has_tablespace_privilege", [6]types.OID{2390, 2391, 2392, 2393, 2394, 2395}, acl.Create, anything, anyOID, publicDefault(acl.Database)},
	} {
		for i, args := range [][]types.OID{
			{types.Name, types.Text, types.Text}, {types.Name, types.Oid, types.Text}, {types.Oid, types.Text, types.Text},
			{types.Oid, types.Oid, types.Text}, {types.Text, types.Text}, {types.Oid, types.Text},
		} {
			if t.oids[i] == 0 {
				continue
			}
			reg.AddFunc(&catalog.Func{OID: t.oids[i], Name: t.name, Kind: catalog.KindFunc, Args: args, Ret: types.Bool,
				Strict: true, Volatility: catalog.Stable, Scalar: privilegeImpl(reg, t, len(args) == 3)})
		}
	}
	reg.AddFunc(&catalog.Func{OID: 3943, Name: "acldefault", Kind: catalog.KindFunc, Args: []types.OID{types.Char, types.Oid},
		Ret: types.AclitemArray, Strict: true, Volatility: catalog.Immutable, Scalar: aclDefault(reg)})
	// pg_has_role(role, role, privilege): MEMBER (through any membership), USAGE (through
	// inherited ones).
	for i, args := range [][]types.OID{
		{types.Name, types.Name, types.Text}, {types.Name, types.Oid, types.Text}, {types.Oid, types.Name, types.Text},
		{types.Oid, types.Oid, types.Text}, {types.Name, types.Text}, {types.Oid, types.Text},
	} {
		oid := [6]types.OID{2705, 2706, 2707, 2708, 2709, 2710}[i]
		reg.AddFunc(&catalog.Func{OID: oid, Name: "pg_has_role", Kind: catalog.KindFunc, Args: args, Ret: types.Bool,
			Strict: true, Volatility: catalog.Stable, Scalar: hasRoleImpl(len(args) == 3)})
	}
}

// sessionCatalog returns the statement's catalog snapshot and current_user.
func sessionCatalog(env *catalog.FuncEnv) (*catalog.Catalog, string) {
	s := sessionOf(env)
	cat := s.Catalog
	if cat == nil {
		cat = catalog.New()
	}
	return cat, cmp.Or(s.Role, s.User)
}

// roleArg resolves a role argument at row i: a name or an OID. A name the catalog does not
// know is the session's own when it is current_user (a trusted client acting as the
// bootstrap superuser), 42704 otherwise.
func roleArg(cat *catalog.Catalog, current string, a arrow.Array, i int) (types.OID, error) {
	if s, ok := a.(*array.String); ok {
		name := s.Value(i)
		if r := cat.Role(name); r != nil {
			return r.OID, nil
		}
		if name == current {
			return catalog.BootstrapRoleOID, nil
		}
		return 0, pgerror.Newf(pgcode.UndefinedObject, "role \"%s\" does not exist", name)
	}
	return types.OID(a.(*array.Uint32).Value(i)), nil
}

// currentRoleOID returns current_user's role.
func currentRoleOID(cat *catalog.Catalog, current string) types.OID {
	if r := cat.Role(current); r != nil {
		return r.OID
	}
	return catalog.BootstrapRoleOID
}

// wantedPrivilege is one privilege of a privilege list, and whether its grant option is
// asked for.
type wantedPrivilege struct {
	priv   acl.Priv
	option bool
}

// parsePrivileges reads a privilege list: comma-separated keywords, each optionally
// followed by WITH GRANT OPTION, case-insensitive. A role passes when it holds any of them.
func parsePrivileges(text string, allowed acl.Priv) ([]wantedPrivilege, error) {
	var out []wantedPrivilege
	for _, item := range strings.Split(text, ",") {
		word := strings.ToLower(strings.Join(strings.Fields(item), " "))
		w, option := strings.CutSuffix(word, " with grant option")
		p, ok := acl.ByName(w)
		if w == "rule" {
			continue // accepted and never held, as in PostgreSQL
		}
		if !ok || p&allowed == 0 {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "unrecognized privilege type: \"%s\"", strings.TrimSpace(item))
		}
		out = append(out, wantedPrivilege{p, option})
	}
	return out, nil
}

func privilegeImpl(reg *catalog.Registry, t privilegeTarget, withRole bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		cat, current := sessionCatalog(env)
		n := namesOf(reg, env)
		rows := args[0].Len()
		out := newBoolOut(allocator(env), rows)
		var missing []int // rows of an OID of no object
		for i := 0; i < rows; i++ {
			if !env.RowValid(i) {
				continue
			}
			role := currentRoleOID(cat, current)
			objArg, privArg := args[0], args[1]
			if withRole {
				var err error
				if role, err = roleArg(cat, current, args[0], i); err != nil {
					return nil, err
				}
				objArg, privArg = args[1], args[2]
			}
			want, err := parsePrivileges(stringsOf(privArg).Value(i), t.privs)
			if err != nil {
				return nil, err
			}
			var obj any
			if s, ok := objArg.(*array.String); ok {
				if obj, err = t.objectByName(env, n, s.Value(i)); err != nil {
					return nil, err
				}
			} else if obj, ok = t.objectByOID(env, n, types.OID(objArg.(*array.Uint32).Value(i))); !ok {
				missing = append(missing, i) // an OID of no object: NULL, as PostgreSQL returns
				continue
			}
			for _, w := range want {
				if t.holds(cat, role, obj, w.priv) && (!w.option || t.holdsOption(cat, role, obj, w.priv)) {
					out.set(i)
					break
				}
			}
		}
		res := out.finish(rows)
		if len(missing) == 0 {
			return res, nil
		}
		return withNulls(env, res.(*array.Boolean), missing), nil
	}
}

func hasRoleImpl(withRole bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		cat, current := sessionCatalog(env)
		rows := args[0].Len()
		out := newBoolOut(allocator(env), rows)
		for i := 0; i < rows; i++ {
			if !env.RowValid(i) {
				continue
			}
			member := currentRoleOID(cat, current)
			roleArgs := args[0:]
			if withRole {
				var err error
				if member, err = roleArg(cat, current, args[0], i); err != nil {
					return nil, err
				}
				roleArgs = args[1:]
			}
			target, err := roleArg(cat, current, roleArgs[0], i)
			if err != nil {
				return nil, err
			}
			mode := strings.ToLower(strings.TrimSpace(stringsOf(roleArgs[1]).Value(i)))
			mode = strings.TrimSuffix(mode, " with admin option")
			var ok bool
			switch strings.TrimSuffix(mode, " with grant option") {
			case "member":
				ok = cat.HasRoleOf(member, target, false)
			case "usage":
				ok = cat.HasRoleOf(member, target, true)
			default:
				return nil, pgerror.Newf(pgcode.InvalidParameterValue, "unrecognized privilege type: \"%s\"", stringsOf(roleArgs[1]).Value(i))
			}
			if r := cat.RoleByOID(member); ok || r != nil && r.Superuser {
				out.set(i)
			}
		}
		return out.finish(rows), nil
	}
}

// aclDefaultKinds maps acldefault's object type letters to kinds; the types PostgreSQL
// has and pgfast has no objects of map to a kind with the same defaults.
var aclDefaultKinds = map[string]acl.Kind{"r": acl.Table, "s": acl.Sequence, "n": acl.Schema, "f": acl.Function,
	"T": acl.Type, "d": acl.Database, "l": acl.Type, "F": acl.Type, "S": acl.Type}

// aclDefault is acldefault(type, owner): the privileges an object of the type owned by the
// role has before any GRANT or REVOKE.
func aclDefault(reg *catalog.Registry) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := namesOf(reg, env)
		kinds, owners := args[0].(*array.String), args[1].(*array.Uint32)
		ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
		defer ab.Release()
		eb := ab.Elems().(*array.StringBuilder)
		for i := 0; i < kinds.Len(); i++ {
			start := ab.Begin()
			k, ok := aclDefaultKinds[kinds.Value(i)]
			if env.RowValid(i) && ok {
				for _, it := range acl.Default(k, types.OID(owners.Value(i))) {
					eb.Append(it.Format(func(oid types.OID) string {
						name, _ := n.RoleName(oid)
						return name
					}))
				}
			} else if env.RowValid(i) && kinds.Value(i) != "c" && kinds.Value(i) != "L" && kinds.Value(i) != "p" && kinds.Value(i) != "t" {
				return nil, pgerror.Newf(pgcode.InternalError, "unrecognized object type abbreviation: %s", kinds.Value(i))
			}
			ab.End(types.Vector(eb.Len() - start))
		}
		return ab.NewArray(), nil
	}
}

// withNulls returns a copy of a with the rows missing NULL.
func withNulls(env *catalog.FuncEnv, a *array.Boolean, missing []int) arrow.Array {
	defer a.Release()
	b := array.NewBooleanBuilder(allocator(env))
	defer b.Release()
	for i := 0; i < a.Len(); i++ {
		if len(missing) > 0 && missing[0] == i {
			missing = missing[1:]
			b.AppendNull()
			continue
		}
		b.Append(a.Value(i))
	}
	return b.NewArray()
}
