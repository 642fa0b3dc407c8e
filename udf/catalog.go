package udf

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The system information functions clients call on the catalogs: visibility tests, type
// and function formatting, owner names, descriptions, settings and privileges. They look
// objects up in the statement's catalog snapshot (env.Session.Catalog) and in the registry
// they are registered into, through pgcatalog.Names, so they agree with pg_catalog's rows.
//
// pgfast has no rules, comments on tables or privileges: the functions describing those
// return NULL (no such object), and every privilege test is true, as for PostgreSQL's
// superuser. Views give their stored query; indexes and constraints their definitions.

func registerCatalog(b builder) {
	reg := b.reg
	names := func(env *catalog.FuncEnv) *pgcatalog.Names { return namesOf(reg, env) }
	fn := func(oid types.OID, name string, args []types.OID, ret types.OID, strict bool, impl catalog.ScalarImpl) *catalog.Func {
		return b.reg.AddFunc(&catalog.Func{OID: oid, Name: name, Kind: catalog.KindFunc, Args: args, Ret: ret,
			Strict: strict, Volatility: catalog.Stable, Scalar: impl})
	}
	visible := func(test func(n *pgcatalog.Names, oid types.OID) bool) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			n := names(env)
			return oidPredicate(env, args[0], func(oid types.OID) bool { return test(n, oid) }), nil
		}
	}
	fn(2079, "pg_table_is_visible", oids(types.Oid), types.Bool, true, visible((*pgcatalog.Names).TableVisible))
	fn(2080, "pg_type_is_visible", oids(types.Oid), types.Bool, true, visible((*pgcatalog.Names).TypeVisible))
	fn(2081, "pg_function_is_visible", oids(types.Oid), types.Bool, true, visible(func(n *pgcatalog.Names, oid types.OID) bool {
		if f := n.UserFunction(oid); f != nil {
			return n.UserFunctionVisible(f)
		}
		return n.Function(oid) != nil
	}))
	fn(1081, "format_type", oids(types.Oid, types.Int4), types.Text, false, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return formatType(env, names(env), args)
	})
	fn(1619, "pg_typeof", oids(types.Any), types.Regtype, false, pgTypeof)
	fn(1642, "pg_get_userbyid", oids(types.Oid), types.Name, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		return oidText(env, args[0], func(oid types.OID) (string, bool) { return n.UserByID(oid), true }), nil
	})
	funcText := func(f func(*catalog.Func) string, user func(*pgcatalog.Names, *catalog.FuncDef) (string, bool)) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			n := names(env)
			return oidText(env, args[0], func(oid types.OID) (string, bool) {
				if fn := n.Function(oid); fn != nil && f != nil {
					return f(fn), true
				}
				if fd := n.UserFunction(oid); fd != nil {
					return user(n, fd)
				}
				return "", false
			}), nil
		}
	}
	fn(2162, "pg_get_function_arguments", oids(types.Oid), types.Text, true, funcText(pgcatalog.FunctionArguments,
		func(n *pgcatalog.Names, f *catalog.FuncDef) (string, bool) {
			return n.UserFunctionArguments(f, false), true
		}))
	fn(2232, "pg_get_function_identity_arguments", oids(types.Oid), types.Text, true, funcText(pgcatalog.FunctionArguments,
		func(n *pgcatalog.Names, f *catalog.FuncDef) (string, bool) {
			return n.UserFunctionArguments(f, true), true
		}))
	fn(2165, "pg_get_function_result", oids(types.Oid), types.Text, true, funcText(pgcatalog.FunctionResult,
		(*pgcatalog.Names).UserFunctionResult))
	fn(2098, "pg_get_functiondef", oids(types.Oid), types.Text, true, funcText(nil,
		func(n *pgcatalog.Names, f *catalog.FuncDef) (string, bool) { return n.UserFunctionDef(f), true }))
	fn(6197, "pg_get_function_sqlbody", oids(types.Oid), types.Text, true, funcText(nil,
		func(n *pgcatalog.Names, f *catalog.FuncDef) (string, bool) { return f.Body, f.Atomic }))
	description := func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		oidsIn := values[uint32](args[0])
		out := newStrOut(allocator(env), len(oidsIn), 0)
		for i, oid := range oidsIn {
			class := ""
			if len(args) > 1 {
				class = stringsOf(args[1]).Value(i)
			}
			if env.RowValid(i) {
				if d, ok := n.Description(types.OID(oid), class); ok {
					out.appendString(d)
					out.end()
					continue
				}
			}
			out.endNull(allocator(env))
		}
		return out.finish(), nil
	}
	fn(1215, "obj_description", oids(types.Oid, types.Name), types.Text, true, description)
	fn(1348, "obj_description", oids(types.Oid), types.Text, true, description)
	none := func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) { return nullText(env, args), nil }
	fn(3537, "pg_describe_object", oids(types.Oid, types.Oid, types.Int4), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		classIDs, objIDs, subIDs := values[uint32](args[0]), values[uint32](args[1]), values[int32](args[2])
		mem := allocator(env)
		out := newStrOut(mem, len(objIDs), 0)
		for i := range objIDs {
			if env.RowValid(i) {
				if d, ok := n.DescribeObject(types.OID(classIDs[i]), types.OID(objIDs[i]), subIDs[i]); ok {
					out.appendString(d)
					out.end()
					continue
				}
			}
			out.endNull(mem)
		}
		return out.finish(), nil
	})
	fn(1216, "col_description", oids(types.Oid, types.Int4), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		rels, cols := values[uint32](args[0]), args[1].(*array.Int32)
		mem := allocator(env)
		out := newStrOut(mem, len(rels), 0)
		for i, oid := range rels {
			if d, ok := n.ColumnDescription(types.OID(oid), cols.Value(i)); ok && env.RowValid(i) {
				out.appendString(d)
				out.end()
				continue
			}
			out.endNull(mem)
		}
		return out.finish(), nil
	})
	fn(1993, "shobj_description", oids(types.Oid, types.Name), types.Text, true, sharedDescription)
	fn(1643, "pg_get_indexdef", oids(types.Oid), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		return oidText(env, args[0], func(oid types.OID) (string, bool) { return n.IndexDef(oid, 0, false) }), nil
	})
	fn(2507, "pg_get_indexdef", oids(types.Oid, types.Int4, types.Bool), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		cols, pretty := values[int32](args[1]), args[2].(*array.Boolean)
		out := newStrOut(allocator(env), args[0].Len(), 0)
		for i, oid := range values[uint32](args[0]) {
			if def, ok := n.IndexDef(types.OID(oid), int(cols[i]), pretty.Value(i)); ok && env.RowValid(i) {
				out.appendString(def)
				out.end()
				continue
			}
			out.endNull(allocator(env))
		}
		return out.finish(), nil
	})
	fn(1387, "pg_get_constraintdef", oids(types.Oid), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		return oidText(env, args[0], func(oid types.OID) (string, bool) { return n.ConstraintDef(oid, false) }), nil
	})
	fn(2508, "pg_get_constraintdef", oids(types.Oid, types.Bool), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := names(env)
		pretty := args[1].(*array.Boolean)
		out := newStrOut(allocator(env), args[0].Len(), 0)
		for i, oid := range values[uint32](args[0]) {
			if env.RowValid(i) {
				if def, ok := n.ConstraintDef(types.OID(oid), pretty.Value(i)); ok {
					out.appendString(def)
					out.end()
					continue
				}
			}
			out.endNull(allocator(env))
		}
		return out.finish(), nil
	})
	// A view's definition is printed from its stored query as PostgreSQL prints it; NULL
	// for anything but a view or materialized view.
	viewDefOf := func(env *catalog.FuncEnv, oid types.OID, pretty bool, wrap int) (string, bool) {
		sess := sessionOf(env)
		if sess.Catalog == nil {
			return "", false
		}
		d := sess.Catalog.TableByOID(oid)
		if d == nil || (d.Kind != catalog.KindView && d.Kind != catalog.KindMatView) || d.ViewSQL == "" {
			return "", false
		}
		if sess.ViewDef != nil {
			return sess.ViewDef(d, pretty, wrap), true
		}
		return pgcatalog.ViewDefinition(d), true
	}
	fn(1641, "pg_get_viewdef", oids(types.Oid), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return oidText(env, args[0], func(oid types.OID) (string, bool) { return viewDefOf(env, oid, false, 0) }), nil
	})
	fn(2506, "pg_get_viewdef", oids(types.Oid, types.Bool), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		pretty := args[1].(*array.Boolean)
		return oidTextRow(env, args[0], func(i int, oid types.OID) (string, bool) {
			return viewDefOf(env, oid, pretty.Value(i), 0)
		}), nil
	})
	fn(3159, "pg_get_viewdef", oids(types.Oid, types.Int4), types.Text, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		wrap := values[int32](args[1])
		return oidTextRow(env, args[0], func(i int, oid types.OID) (string, bool) {
			return viewDefOf(env, oid, true, int(wrap[i]))
		}), nil
	})
	byName := func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		in := args[0].(*array.String)
		mem := allocator(env)
		out := newStrOut(mem, in.Len(), 0)
		for i := 0; i < in.Len(); i++ {
			pretty := len(args) > 1 && args[1].(*array.Boolean).Value(i)
			if env.RowValid(i) {
				oid, err := names(env).ObjectOID(types.Regclass, in.Value(i))
				if err != nil {
					return nil, err
				}
				if def, ok := viewDefOf(env, oid, pretty, 0); ok {
					out.appendString(def)
					out.end()
					continue
				}
			}
			out.endNull(mem)
		}
		return out.finish(), nil
	}
	fn(1640, "pg_get_viewdef", oids(types.Text), types.Text, true, byName)
	fn(2505, "pg_get_viewdef", oids(types.Text, types.Bool), types.Text, true, byName)
	fn(1573, "pg_get_ruledef", oids(types.Oid), types.Text, true, none)
	fn(2504, "pg_get_ruledef", oids(types.Oid, types.Bool), types.Text, true, none)
	fn(6174, "pg_get_statisticsobjdef_columns", oids(types.Oid), types.Text, true, none)
	fn(3352, "pg_get_partkeydef", oids(types.Oid), types.Text, true, none)
	// There are no triggers (pg_trigger is empty): no trigger has a definition.
	fn(1662, "pg_get_triggerdef", oids(types.Oid), types.Text, true, none)
	fn(2730, "pg_get_triggerdef", oids(types.Oid, types.Bool), types.Text, true, none)
	// An expression tree is kept in its text form: pg_get_expr prints it as PostgreSQL
	// does, bound over the relation's row (Names.StoredExpr).
	getExpr := func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		in, rel := args[0].(*array.String), values[uint32](args[1])
		var pretty *array.Boolean
		if len(args) > 2 {
			pretty = args[2].(*array.Boolean)
		}
		n := names(env)
		mem := allocator(env)
		out := newStrOut(mem, in.Len(), len(in.ValueBytes()))
		for i := 0; i < in.Len(); i++ {
			if !env.RowValid(i) || in.IsNull(i) {
				out.endNull(mem)
				continue
			}
			out.appendString(n.StoredExpr(in.Value(i), types.OID(rel[i]), pretty != nil && pretty.Value(i)))
			out.end()
		}
		return out.finish(), nil
	}
	fn(1716, "pg_get_expr", oids(types.PgNodeTree, types.Oid), types.Text, true, getExpr)
	fn(2509, "pg_get_expr", oids(types.PgNodeTree, types.Oid, types.Bool), types.Text, true, getExpr)
	fn(1597, "pg_encoding_to_char", oids(types.Int4), types.Name, true, encodingName)
	reg.AddFunc(&catalog.Func{OID: 2078, Name: "set_config", Kind: catalog.KindFunc, Args: oids(types.Text, types.Text, types.Bool),
		Ret: types.Text, Volatility: catalog.Volatile, Scalar: setConfig})
	fn(2077, "current_setting", oids(types.Text), types.Text, true, currentSetting)
	fn(3294, "current_setting", oids(types.Text, types.Bool), types.Text, true, currentSetting)
	fn(1403, "current_schemas", oids(types.Bool), types.NameArray, true, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		implicit := args[0].(*array.Boolean)
		ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
		defer ab.Release()
		eb := ab.Elems().(*array.StringBuilder)
		n := names(env)
		for i := 0; i < implicit.Len(); i++ {
			start := ab.Begin()
			for _, s := range n.PathSchemas(env.RowValid(i) && implicit.Value(i)) {
				eb.Append(s)
			}
			ab.End(types.Vector(eb.Len() - start))
		}
		return ab.NewArray(), nil
	})
	fn(1402, "current_schema", nil, types.Name, false, func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		b := array.NewStringBuilder(allocator(env))
		defer b.Release()
		schemas := names(env).PathSchemas(false)
		for i := 0; i < env.Rows; i++ {
			if len(schemas) == 0 {
				b.AppendNull()
			} else {
				b.Append(schemas[0])
			}
		}
		return b.NewArray(), nil
	})
	always := func(v bool) catalog.ScalarImpl {
		return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
			n := env.Rows
			if len(args) > 0 {
				n = args[0].Len()
			}
			out := newBoolOut(allocator(env), n)
			if v {
				for i := 0; i < n; i++ {
					out.set(i)
				}
			}
			return out.finish(n), nil
		}
	}
	registerPrivileges(b)
	registerColumnPrivileges(b)
	registerVisibility(b)
	registerUpdatable(b)
	fn(6121, "pg_relation_is_publishable", oids(types.Regclass), types.Bool, true, always(false))
	fn(2855, "pg_is_other_temp_schema", oids(types.Oid), types.Bool, true, always(false))
	inRecovery := fn(3810, "pg_is_in_recovery", nil, types.Bool, true, always(false))
	inRecovery.Volatility = catalog.Volatile
	fn(2854, "pg_my_temp_schema", nil, types.Oid, true, func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		buf, _ := newFixed[uint32](allocator(env), env.Rows)
		return makeArray(arrow.PrimitiveTypes.Uint32, env.Rows, nil, 0, buf), nil
	})
	// Relation sizes come from storage: a table's live segment files and deletion vectors.
	// pgfast keeps no persisted indexes and no free-space or visibility maps, so those
	// sizes are 0.
	for _, s := range []struct {
		oid  types.OID
		name string
		args []types.OID
		impl catalog.ScalarImpl
	}{
		{2325, "pg_relation_size", oids(types.Regclass), relationSize(true)},
		{2332, "pg_relation_size", oids(types.Regclass, types.Text), relationForkSize},
		{2286, "pg_total_relation_size", oids(types.Regclass), relationSize(true)},
		{2997, "pg_table_size", oids(types.Regclass), relationSize(true)},
		{2998, "pg_indexes_size", oids(types.Regclass), relationSize(false)},
		{2168, "pg_database_size", oids(types.Name), databaseSize},
		{2324, "pg_database_size", oids(types.Oid), databaseSize},
	} {
		f := fn(s.oid, s.name, s.args, types.Int8, true, s.impl)
		f.Volatility = catalog.Volatile
	}
	b.scalar(2288, "pg_size_pretty", oids(types.Int8), types.Text, sizePretty)
}

// oidPredicate evaluates test on every valid OID.
func oidPredicate(env *catalog.FuncEnv, a arrow.Array, test func(types.OID) bool) arrow.Array {
	v := values[uint32](a)
	out := newBoolOut(allocator(env), len(v))
	for i, oid := range v {
		if env.RowValid(i) && test(types.OID(oid)) {
			out.set(i)
		}
	}
	return out.finish(len(v))
}

// oidText maps OIDs to strings; ok false gives NULL.
func oidText(env *catalog.FuncEnv, a arrow.Array, f func(types.OID) (string, bool)) arrow.Array {
	return oidTextRow(env, a, func(_ int, oid types.OID) (string, bool) { return f(oid) })
}

// oidTextRow is oidText for functions that also read the row's other arguments.
func oidTextRow(env *catalog.FuncEnv, a arrow.Array, f func(int, types.OID) (string, bool)) arrow.Array {
	v := values[uint32](a)
	mem := allocator(env)
	out := newStrOut(mem, len(v), 0)
	for i, oid := range v {
		if env.RowValid(i) {
			if s, ok := f(i, types.OID(oid)); ok {
				out.appendString(s)
				out.end()
				continue
			}
		}
		out.endNull(mem)
	}
	return out.finish()
}

// sharedDescription is shobj_description(oid, catalog): the comment of a shared object,
// of which pgfast has databases (catalog pg_database).
func sharedDescription(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	var dbs []catalog.DatabaseDef
	if env.Session != nil && env.Session.Databases != nil {
		dbs = env.Session.Databases()
	}
	classes := args[1].(*array.String)
	return oidTextRow(env, args[0], func(i int, oid types.OID) (string, bool) {
		if args[1].IsNull(i) || classes.Value(i) != "pg_database" {
			return "", false
		}
		if d := databaseOID(dbs, oid); d != nil && d.Comment != "" {
			return d.Comment, true
		}
		return "", false
	}), nil
}

// nullText returns all NULLs, one per row.
func nullText(env *catalog.FuncEnv, args []arrow.Array) arrow.Array {
	n := env.Rows
	if len(args) > 0 {
		n = args[0].Len()
	}
	mem := allocator(env)
	out := newStrOut(mem, n, 0)
	for i := 0; i < n; i++ {
		out.endNull(mem)
	}
	return out.finish()
}

// formatType is format_type(oid, typmod); it is not strict: a NULL typmod means "unknown"
// and prints differently from -1.
func formatType(env *catalog.FuncEnv, n *pgcatalog.Names, args []arrow.Array) (arrow.Array, error) {
	oidsIn, mods := values[uint32](args[0]), values[int32](args[1])
	mem := allocator(env)
	out := newStrOut(mem, len(oidsIn), 0)
	for i, oid := range oidsIn {
		if args[0].IsNull(i) {
			out.endNull(mem)
			continue
		}
		out.appendString(n.FormatType(types.OID(oid), mods[i], args[1].IsValid(i)))
		out.end()
	}
	return out.finish(), nil
}

// encodingName is pg_encoding_to_char: the name of an encoding number ("" if unknown).
func encodingName(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	v := values[int32](args[0])
	out := newStrOut(allocator(env), len(v), 0)
	for i, e := range v {
		if env.RowValid(i) && e >= 0 && int(e) < len(encodings) {
			out.appendString(encodings[e])
		}
		out.end()
	}
	return out.finish(), nil
}

// currentSetting is current_setting(name [, missing_ok]).
func currentSetting(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	names := stringsOf(args[0])
	mem := allocator(env)
	out := newStrOut(mem, names.Len(), 0)
	s := sessionOf(env)
	for i := 0; i < names.Len(); i++ {
		if !env.RowValid(i) {
			out.end()
			continue
		}
		name := strings.ToLower(names.Value(i))
		var v string
		var err error
		if s.Setting != nil {
			v, err = s.Setting(name)
		} else {
			err = fmt.Errorf("no session settings")
		}
		if err != nil {
			if len(args) > 1 && args[1].(*array.Boolean).Value(i) {
				out.endNull(mem)
				continue
			}
			return nil, out.fail(err)
		}
		out.appendString(v)
		out.end()
	}
	return out.finish(), nil
}

// sizePretty is pg_size_pretty(bigint): bytes, kB, MB, GB, TB or PB, rounding half away
// from zero at each step, as PostgreSQL 15 prints them.
func sizePretty(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	v := values[int64](args[0])
	out := newStrOut(allocator(env), len(v), 0)
	for i, size := range v {
		if env.RowValid(i) {
			out.appendString(prettySize(size))
		}
		out.end()
	}
	return out.finish(), nil
}

func prettySize(size int64) string {
	const limit = 10 * 1024
	const limit2 = limit*2 - 1
	abs := func(x int64) int64 {
		if x < 0 {
			return -x
		}
		return x
	}
	half := func(x int64) int64 {
		if x < 0 {
			return (x - 1) / 2
		}
		return (x + 1) / 2
	}
	if abs(size) < limit {
		return fmt.Sprintf("%d bytes", size)
	}
	size >>= 9 // one extra bit for rounding
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		if abs(size) < limit2 {
			return fmt.Sprintf("%d %s", half(size), unit)
		}
		size >>= 10
	}
	return fmt.Sprintf("%d PB", half(size))
}

// pgTypeof is pg_typeof: the resolved type of its argument at this call site, whatever the
// value (NULL included).
func pgTypeof(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := args[0].Len()
	buf, out := newFixed[uint32](allocator(env), n)
	for i := range out {
		out[i] = uint32(env.ArgTypes[0].OID)
	}
	return makeArray(arrow.PrimitiveTypes.Uint32, n, nil, 0, buf), nil
}

// searchPath returns the session's search path, "$user" resolved.
func searchPath(s *catalog.SessionInfo) []string {
	setting := `"$user", public`
	if s.Setting != nil {
		if v, err := s.Setting("search_path"); err == nil {
			setting = v
		}
	}
	return catalog.ParseSearchPath(setting, s.User)
}

// setConfig is set_config(name, value, is_local): SET or SET LOCAL from a query, returning
// the parameter's new value as SHOW prints it. A NULL value resets the parameter.
func setConfig(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	names, vals, locals := stringsOf(args[0]), stringsOf(args[1]), args[2].(*array.Boolean)
	mem := allocator(env)
	out := newStrOut(mem, names.Len(), 0)
	s := sessionOf(env)
	for i := 0; i < names.Len(); i++ {
		if names.IsNull(i) {
			return nil, pgerror.New(pgcode.InvalidParameterValue, "SET requires parameter name")
		}
		if s.SetSetting == nil || s.Setting == nil {
			return nil, pgerror.New(pgcode.FeatureNotSupported, "set_config is not available here")
		}
		name := strings.ToLower(names.Value(i))
		var value *string // NULL resets the parameter
		if vals.IsValid(i) {
			v := vals.Value(i)
			value = &v
		}
		if err := s.SetSetting(name, value, locals.IsValid(i) && locals.Value(i)); err != nil {
			return nil, err
		}
		v, err := s.Setting(name)
		if err != nil {
			return nil, err
		}
		out.appendString(v)
		out.end()
	}
	return out.finish(), nil
}
