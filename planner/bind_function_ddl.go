package planner

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// DROP, ALTER, COMMENT ON and CALL of user-defined functions and procedures.

// routineWord names the kind of routine a statement names, for messages.
func routineWord(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_PROCEDURE:
		return "procedure"
	case pg_query.ObjectType_OBJECT_ROUTINE:
		return "routine"
	}
	return "function"
}

// lookupRoutine finds the function an ObjectWithArgs names (DROP FUNCTION f(int), ALTER
// FUNCTION f). It returns nil without error when missingOk and there is none.
func (b *binder) lookupRoutine(o *pg_query.ObjectWithArgs, kind pg_query.ObjectType, missingOk bool) (*catalog.FuncDef, error) {
	ns := names(o.Objname)
	name := ns[len(ns)-1]
	word := routineWord(kind)
	var cands []*catalog.FuncDef
	if len(ns) > 1 {
		if !b.schemaExists(ns[len(ns)-2]) {
			if missingOk {
				return nil, nil
			}
			return nil, pgerror.Newf(pgcode.UndefinedSchema, "schema \"%s\" does not exist", ns[len(ns)-2])
		}
		cands = b.cat.FunctionsNamed(ns[len(ns)-2], name)
	} else {
		cands = b.userFuncs(ns)
	}
	if o.ArgsUnspecified {
		switch {
		case len(cands) == 1:
			return b.checkRoutineKind(cands[0], kind)
		case len(cands) > 1:
			return nil, pgerror.Newf(pgcode.AmbiguousFunction, "%s name \"%s\" is not unique", word, name).
				WithHint("Specify the argument list to select the " + word + " unambiguously.")
		case missingOk:
			return nil, nil
		}
		return nil, pgerror.Newf(pgcode.UndefinedFunction, "could not find a %s named \"%s\"", word, name)
	}
	var want []types.OID
	var shown []string
	for _, a := range o.Objargs {
		t, err := b.typeName(a.GetTypeName())
		if err != nil {
			return nil, err
		}
		want = append(want, t.OID)
		shown = append(shown, b.fmtType(types.Of(t.OID)))
	}
	for _, f := range cands {
		if slices.Equal(f.InputTypes(), want) {
			return b.checkRoutineKind(f, kind)
		}
	}
	if missingOk {
		return nil, nil
	}
	return nil, pgerror.Newf(pgcode.UndefinedFunction, "%s %s(%s) does not exist", word, strings.Join(ns, "."), strings.Join(shown, ", "))
}

func (b *binder) checkRoutineKind(f *catalog.FuncDef, kind pg_query.ObjectType) (*catalog.FuncDef, error) {
	switch {
	case kind == pg_query.ObjectType_OBJECT_FUNCTION && f.Kind == catalog.KindProcedure:
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not a function", b.funcSignature(f))
	case kind == pg_query.ObjectType_OBJECT_PROCEDURE && f.Kind != catalog.KindProcedure:
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not a procedure", b.funcSignature(f))
	}
	return f, nil
}

// mayAlterRoutine checks that the current role owns f.
func (b *binder) mayAlterRoutine(f *catalog.FuncDef) error {
	me := b.currentRole()
	if me.Superuser || b.cat.HasRoleOf(me.OID, f.OwnerOID(), true) {
		return nil
	}
	word := "function"
	if f.Kind == catalog.KindProcedure {
		word = "procedure"
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of %s %s", word, f.Name)
}

// dropFunctions binds DROP FUNCTION / PROCEDURE / ROUTINE [IF EXISTS] name[(types)], ...
func (b *binder) dropFunctions(s *pg_query.DropStmt) (*Statement, error) {
	word := routineWord(s.RemoveType)
	st := &Statement{Kind: StmtFunctionDDL, Tag: "DROP " + strings.ToUpper(word)}
	for _, n := range s.Objects {
		o := n.GetObjectWithArgs()
		f, err := b.lookupRoutine(o, s.RemoveType, s.MissingOk)
		if err != nil {
			return nil, err
		}
		if f == nil {
			st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion,
				Message: word + " " + strings.Join(names(o.Objname), ".") + b.droppedArgs(o) + " does not exist, skipping"})
			continue
		}
		if err := b.mayAlterRoutine(f); err != nil {
			return nil, err
		}
		if err := b.dropDependents(st, f, s.Behavior == pg_query.DropBehavior_DROP_CASCADE, len(s.Objects) > 1); err != nil {
			return nil, err
		}
		st.DropFuncs = append(st.DropFuncs, f.OID)
	}
	return st, nil
}

// droppedArgs renders the argument list of a DROP that found nothing, as its notice does.
func (b *binder) droppedArgs(o *pg_query.ObjectWithArgs) string {
	if o.ArgsUnspecified {
		return "()"
	}
	var shown []string
	for _, a := range o.Objargs {
		// PostgreSQL prints the type names as written, after the grammar's renaming
		// (bigint is pg_catalog.int8).
		tn := a.GetTypeName()
		name := strings.Join(names(tn.GetNames()), ".")
		for range tn.GetArrayBounds() {
			name += "[]"
		}
		shown = append(shown, name)
	}
	return "(" + strings.Join(shown, ", ") + ")"
}

// renameFunction binds ALTER FUNCTION f(...) RENAME TO name.
func (b *binder) renameFunction(s *pg_query.RenameStmt) (*Statement, error) {
	f, err := b.lookupRoutine(s.Object.GetObjectWithArgs(), s.RenameType, false)
	if err != nil {
		return nil, err
	}
	if err := b.mayAlterRoutine(f); err != nil {
		return nil, err
	}
	c := *f
	c.Name = s.Newname
	for _, o := range b.cat.FunctionsNamed(c.Schema, c.Name) {
		if o.SameSignature(&c) {
			return nil, pgerror.Newf(pgcode.DuplicateFunction, "function %s already exists in schema \"%s\"", b.funcSignature(&c), c.Schema)
		}
	}
	return &Statement{Kind: StmtFunctionDDL, Tag: "ALTER " + strings.ToUpper(routineWord(s.RenameType)), PutFuncs: []*catalog.FuncDef{&c}}, nil
}

// functionOwner binds ALTER FUNCTION f(...) OWNER TO role.
func (b *binder) functionOwner(s *pg_query.AlterOwnerStmt) (*Statement, error) {
	f, err := b.lookupRoutine(s.Object.GetObjectWithArgs(), s.ObjectType, false)
	if err != nil {
		return nil, err
	}
	to, err := b.roleSpec(s.Newowner)
	if err != nil {
		return nil, err
	}
	if err := b.mayAlterRoutine(f); err != nil {
		return nil, err
	}
	c := *f
	c.Owner = to.OID
	return &Statement{Kind: StmtFunctionDDL, Tag: "ALTER " + strings.ToUpper(routineWord(s.ObjectType)), PutFuncs: []*catalog.FuncDef{&c}}, nil
}

// functionSchema binds ALTER FUNCTION f(...) SET SCHEMA s.
func (b *binder) functionSchema(s *pg_query.AlterObjectSchemaStmt) (*Statement, error) {
	f, err := b.lookupRoutine(s.Object.GetObjectWithArgs(), s.ObjectType, false)
	if err != nil {
		return nil, err
	}
	if err := b.mayAlterRoutine(f); err != nil {
		return nil, err
	}
	if err := b.checkSchema(s.Newschema, f.Name, -1); err != nil {
		return nil, err
	}
	c := *f
	c.Schema = s.Newschema
	for _, o := range b.cat.FunctionsNamed(c.Schema, c.Name) {
		if o.SameSignature(&c) {
			return nil, pgerror.Newf(pgcode.DuplicateFunction, "function %s already exists in schema \"%s\"", b.funcSignature(&c), c.Schema)
		}
	}
	return &Statement{Kind: StmtFunctionDDL, Tag: "ALTER " + strings.ToUpper(routineWord(s.ObjectType)), PutFuncs: []*catalog.FuncDef{&c}}, nil
}

// alterFunction binds ALTER FUNCTION f(...) action ...: volatility, STRICT, SECURITY,
// LEAKPROOF, PARALLEL, COST, ROWS and SET.
func (b *binder) alterFunction(s *pg_query.AlterFunctionStmt) (*Statement, error) {
	f, err := b.lookupRoutine(s.Func, s.Objtype, false)
	if err != nil {
		return nil, err
	}
	if err := b.mayAlterRoutine(f); err != nil {
		return nil, err
	}
	c := *f
	c.Config = slices.Clone(f.Config)
	if _, err := b.functionOptions(&c, s.Actions); err != nil {
		return nil, err
	}
	return &Statement{Kind: StmtFunctionDDL, Tag: "ALTER " + strings.ToUpper(routineWord(s.Objtype)), PutFuncs: []*catalog.FuncDef{&c}}, nil
}

// commentFunction binds COMMENT ON FUNCTION / PROCEDURE f(...) IS text.
func (b *binder) commentFunction(s *pg_query.CommentStmt) (*Statement, error) {
	f, err := b.lookupRoutine(s.Object.GetObjectWithArgs(), s.Objtype, false)
	if err != nil {
		return nil, err
	}
	if err := b.mayAlterRoutine(f); err != nil {
		return nil, err
	}
	c := *f
	c.Comment = s.Comment
	return &Statement{Kind: StmtFunctionDDL, Tag: "COMMENT", PutFuncs: []*catalog.FuncDef{&c}}, nil
}

// callProcedure binds CALL p(args): the procedure's body, with its parameters standing for
// the arguments, runs as a query of one row.
func (b *binder) callProcedure(s *pg_query.CallStmt) (*Statement, error) {
	fc := s.Funccall
	ns := names(fc.Funcname)
	fds := b.userFuncs(ns)
	var procs []*catalog.FuncDef
	for _, f := range fds {
		if f.Kind == catalog.KindProcedure {
			procs = append(procs, f)
		}
	}
	if len(procs) == 0 {
		if len(fds) > 0 {
			return nil, b.errorf(fc.Location, pgcode.WrongObjectType, "%s is not a procedure", b.funcSignature(fds[0])).
				WithHint("To call a function, use SELECT.")
		}
		args, _, err := b.exprList(fc.Args, nil)
		if err != nil {
			return nil, err
		}
		return nil, b.errorf(fc.Location, pgcode.UndefinedFunction, "procedure %s(%s) does not exist", strings.Join(ns, "."), b.typeList(exprTypes(args))).
			WithHint("No procedure matches the given name and argument types. You might need to add explicit type casts.")
	}
	f, args, locs, err := b.resolveUserFunc(fc, ns, procs, nil)
	if err != nil {
		return nil, err
	}
	if err := b.requireExecute(f); err != nil {
		return nil, err
	}
	if args, err = b.callArgs(f, args, locs); err != nil {
		return nil, err
	}
	body, src, err := parseFunctionBody(f)
	if err != nil {
		return nil, err
	}
	st := &Statement{Kind: StmtCall, Tag: "CALL"}
	frame := newFrame(f, args, -1, src)
	err = b.inBody(frame, func() error {
		for _, n := range body {
			inner, err := b.statement(n)
			if err != nil {
				return err
			}
			if inner.Query != nil {
				if inner.Query, err = Optimize(inner.Query, b.reg, b.stats); err != nil {
					return err
				}
			}
			st.Body = append(st.Body, inner)
		}
		return nil
	})
	return st, err
}

// describeFunction names a function as PostgreSQL's dependency messages do: "function
// s.f(integer)", qualified unless the search path finds it.
func (b *binder) describeFunction(f *catalog.FuncDef) string {
	word := "function " // PostgreSQL's word for procedures here too
	name := b.funcSignature(f)
	visible := false
	for _, g := range b.userFuncs([]string{f.Name}) {
		visible = visible || g == f
	}
	if !visible {
		name = f.Schema + "." + name
	}
	return word + name
}

// grantFunctions binds GRANT and REVOKE EXECUTE (or ALL) ON FUNCTION / PROCEDURE.
func (b *binder) grantFunctions(s *pg_query.GrantStmt) (*Statement, error) {
	st := &Statement{Kind: StmtFunctionDDL, Tag: "GRANT"}
	if !s.IsGrant {
		st.Tag = "REVOKE"
	}
	for _, n := range s.Privileges {
		if ap := n.GetAccessPriv(); ap != nil && ap.PrivName != "execute" {
			return nil, pgerror.Newf(pgcode.InvalidGrantOperation, "invalid privilege type %s for function", strings.ToUpper(ap.PrivName))
		}
	}
	var grantees []types.OID
	for _, n := range s.Grantees {
		rs := n.GetRoleSpec()
		if rs.Roletype == pg_query.RoleSpecType_ROLESPEC_PUBLIC {
			grantees = append(grantees, acl.Public)
			continue
		}
		r, err := b.roleSpec(rs)
		if err != nil {
			return nil, err
		}
		grantees = append(grantees, r.OID)
	}
	for _, n := range s.Objects {
		o := n.GetObjectWithArgs()
		f, err := b.lookupRoutine(o, s.Objtype, false)
		if pgerror.GetCode(err) == pgcode.UndefinedFunction && len(b.reg.Funcs(strVal(o.Objname[len(o.Objname)-1]))) > 0 {
			continue // a built-in function: PUBLIC holds EXECUTE on it, as before
		}
		if err != nil {
			return nil, err
		}
		if err := b.mayAlterRoutine(f); err != nil {
			return nil, err
		}
		owner := f.OwnerOID()
		list := f.ACL.Explicit(acl.Function, owner)
		if s.IsGrant {
			list = list.Grant(grantees, owner, acl.Execute, s.GrantOption)
		} else {
			list = list.Revoke(grantees, owner, acl.Execute, s.GrantOption)
		}
		c := *f
		c.ACL = list
		st.PutFuncs = append(st.PutFuncs, &c)
	}
	return st, nil
}

// requireExecute checks that the current role may call f.
func (b *binder) requireExecute(f *catalog.FuncDef) error {
	me := b.currentRole()
	if me.Superuser || b.cat.Holds(me.OID, acl.Function, f.OwnerOID(), f.ACL, acl.Execute) {
		return nil
	}
	word := "function"
	if f.Kind == catalog.KindProcedure {
		word = "procedure"
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for %s %s", word, f.Name)
}

// viewsCalling returns the views whose query calls f: a call of its name (qualified with
// its schema or not) with a number of arguments it takes.
func (b *binder) viewsCalling(f *catalog.FuncDef) []*catalog.TableDef {
	in := f.Inputs()
	required := 0
	for _, p := range in {
		if p.Default == "" {
			required++
		}
	}
	var out []*catalog.TableDef
	for _, v := range b.cat.Tables() {
		if v.Kind != catalog.KindView && v.Kind != catalog.KindMatView || v.ViewSQL == "" {
			continue
		}
		parsed, err := pg_query.Parse(v.ViewSQL)
		if err != nil {
			continue
		}
		calls := false
		for _, st := range parsed.Stmts {
			walkParseTree(st.ProtoReflect(), func(m pgMessage) {
				fc, ok := m.Interface().(*pg_query.FuncCall)
				if !ok {
					return
				}
				ns := names(fc.Funcname)
				if ns[len(ns)-1] != f.Name || len(ns) > 1 && ns[len(ns)-2] != f.Schema {
					return
				}
				n := len(fc.Args)
				calls = calls || n >= required && (n <= len(in) || f.Variadic())
			})
		}
		if calls {
			out = append(out, v)
		}
	}
	return out
}

// dropDependents refuses to drop f while views call it (2BP01), or with CASCADE drops
// them too.
func (b *binder) dropDependents(st *Statement, f *catalog.FuncDef, cascade, several bool) error {
	views := b.viewsCalling(f)
	if len(views) == 0 {
		return nil
	}
	what := b.describeFunction(f)
	var lines []string
	for _, v := range views {
		if !cascade {
			lines = append(lines, b.describeRelation(v)+" depends on "+what)
			continue
		}
		st.Drop = append(st.Drop, v)
		st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "drop cascades to " + b.describeRelation(v)})
	}
	if cascade {
		return nil
	}
	msg := "cannot drop " + what + " because other objects depend on it"
	if several {
		msg = "cannot drop desired object(s) because other objects depend on them"
	}
	return pgerror.New(pgcode.DependentObjectsStillExist, msg).
		WithDetail(strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
}
