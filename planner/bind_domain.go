package planner

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Domains. A domain's values are held as its base type's. Expressions keep the domain's
// type (a column of it, a cast to it), so pg_typeof, CREATE TABLE AS and views see it;
// functions and operators are matched against base types (baseTypes), and inputs of
// different types resolve to a common base type, as PostgreSQL resolves them. The domain is enforced where values enter it: casts to it and
// assignments to columns of it become CoerceToDomain, whose constraints are the CHECK
// expressions the catalog keeps as SQL text, bound here afresh over VALUE, and NOT NULL.

// baseTypes returns ts with domains replaced by their base types, which is how PostgreSQL
// matches a call's arguments against functions and operators, and how it resolves the
// common type of inputs that are not all of one type.
func baseTypes(ts []types.T) []types.T {
	var out []types.T
	for i, t := range ts {
		if d := t.Type(); d != nil && d.Kind == types.KindDomain {
			if out == nil {
				out = append([]types.T(nil), ts...)
			}
			out[i] = types.BaseType(t)
		}
	}
	if out == nil {
		return ts
	}
	return out
}

// checkClause names check constraints in "... not allowed in %s" errors.
const checkClause = "check constraints"

// coerceToDomain converts e to the base type of domain to and checks the domain's
// constraints and those of the domains it is over.
func (b *binder) coerceToDomain(e Expr, to types.T, ctx types.CoercionContext, loc int32) (Expr, error) {
	chain := b.cat.DomainChain(to.OID)
	if len(chain) == 0 {
		return nil, b.errorf(loc, pgcode.UndefinedObject, "type with OID %d does not exist", to.OID)
	}
	base := types.BaseType(to)
	arg, err := b.coerce(e, base, ctx, loc)
	if err != nil {
		return nil, err
	}
	x := &CoerceToDomain{Arg: arg, Domain: to.OID, Name: chain[0].SQLName(), T: types.Of(to.OID)}
	for i := len(chain) - 1; i >= 0; i-- {
		d := chain[i]
		if d.Domain.NotNull {
			x.Constraints = append(x.Constraints, DomainConstraint{})
		}
		checks := slices.Clone(d.Domain.Checks)
		slices.SortFunc(checks, func(a, b catalog.DomainCheck) int { return strings.Compare(a.Name, b.Name) })
		for _, c := range checks {
			pred, err := b.bindStored(c.Expr, "check constraint \""+c.Name+"\"", func(raw *pg_query.Node) (Expr, error) {
				return b.domainCheck(raw, d.Domain.Base)
			})
			if err != nil {
				return nil, err
			}
			x.Constraints = append(x.Constraints, DomainConstraint{Name: c.Name, Pred: pred})
		}
	}
	return x, nil
}

// enforceDomain checks the constraints of e's type on e's values when it is a domain, as
// the functions that build values of any type from their input (json_populate_record) do.
func (b *binder) enforceDomain(e Expr) (Expr, error) {
	if len(b.cat.DomainChain(e.Type().OID)) == 0 {
		return e, nil
	}
	return b.coerceToDomain(e, e.Type(), types.Implicit, -1)
}

// keepDomainResult gives a call of a function that builds values of its first argument's
// type (args, as written) (json_populate_record) that type when it is a domain, where polymorphic resolution
// took the domain's base type: the domain's constraints then apply to the result.
func keepDomainResult(call *Call, args []Expr) {
	if !call.Func.ChecksDomains || len(args) == 0 || len(call.Func.Args) == 0 || call.Func.Args[0] != types.AnyElement {
		return
	}
	if at := args[0].Type(); at != call.T && types.BaseType(at) == call.T {
		call.T = at
	}
}

// enforceDomainColumns checks the constraints of the domain-typed columns of a FROM
// function item whose function builds its rows from its input (json_populate_record's
// fields), as PostgreSQL checks each field when it populates it.
func (b *binder) enforceDomainColumns(calls []*Call, p Plan) (Plan, error) {
	if !slices.ContainsFunc(calls, func(c *Call) bool { return c.Func.ChecksDomains }) {
		return p, nil
	}
	cols := p.Columns()
	proj := &Project{Input: p, Out: cols}
	checked := false
	for i, c := range cols {
		e, err := b.enforceDomain(&ColRef{Idx: i, T: c.Type, Name: c.Name})
		if err != nil {
			return nil, err
		}
		_, isCheck := e.(*CoerceToDomain)
		checked = checked || isCheck
		proj.Exprs = append(proj.Exprs, e)
	}
	// A row of a domain over a composite type (one call expanded into its fields) is
	// checked whole, rebuilt from its columns; the first column reads it through the check.
	if len(calls) == 1 && len(cols) > 0 && types.IsRecord(calls[0].T) && len(b.cat.DomainChain(calls[0].T.OID)) > 0 {
		fields, _ := types.RecordFields(calls[0].T)
		if len(fields) <= len(cols) {
			row := &RowExpr{T: calls[0].T}
			for i := range fields {
				row.Fields = append(row.Fields, proj.Exprs[i])
			}
			whole, err := b.enforceDomain(row)
			if err != nil {
				return nil, err
			}
			proj.Exprs[0] = &FieldSelect{Arg: whole, Idx: 0, T: cols[0].Type}
			checked = true
		}
	}
	if !checked {
		return p, nil
	}
	return proj, nil
}

// domainCheck binds a CHECK expression of a domain over base: a boolean over VALUE (column
// 0 of its own input, of the base type), without subqueries or aggregates.
func (b *binder) domainCheck(raw *pg_query.Node, base types.T) (Expr, error) {
	sc := &scope{cols: []scopeCol{{name: "value", t: types.BaseType(base)}}, aggClause: checkClause, noSubquery: "check constraint"}
	e, err := b.expr(raw, sc)
	if err != nil {
		return nil, err
	}
	if t := e.Type(); t.OID != types.Bool && !isUnknown(e) {
		return nil, b.errorf(location(raw), pgcode.DatatypeMismatch, "argument of CHECK must be type boolean, not type %s", b.fmtType(t))
	}
	return b.coerce(e, types.TBool, types.Implicit, location(raw))
}

// domainDefault returns the DEFAULT expression a column of type t takes from its domain
// (the nearest domain in the chain that has one), or "".
func (b *binder) domainDefault(t types.T) string {
	for _, d := range b.cat.DomainChain(t.OID) {
		if d.Domain.Default != "" {
			return d.Domain.Default
		}
	}
	return ""
}

// createDomain binds CREATE DOMAIN name [AS] type [DEFAULT expr] [[CONSTRAINT name] NOT
// NULL | NULL | CHECK (expr)] ...
func (b *binder) createDomain(s *pg_query.CreateDomainStmt) (*Statement, error) {
	schema, name, err := b.createTypeName(s.Domainname)
	if err != nil {
		return nil, err
	}
	base, err := b.typeName(s.TypeName)
	if err != nil {
		return nil, err
	}
	if s.CollClause != nil && base.Category() != types.CatString {
		return nil, pgerror.Newf(pgcode.DatatypeMismatch, "collations are not supported by type %s", b.fmtType(base))
	}
	def := &catalog.TypeDef{Schema: schema, Name: name, Kind: types.KindDomain, Domain: &catalog.DomainDef{Base: base}}
	var sawNull, sawNotNull, sawDefault bool
	for _, n := range s.Constraints {
		c := n.Node.(*pg_query.Node_Constraint).Constraint
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_NULL, pg_query.ConstrType_CONSTR_NOTNULL:
			null := c.Contype == pg_query.ConstrType_CONSTR_NULL
			if null && sawNotNull || !null && sawNull {
				return nil, pgerror.New(pgcode.SyntaxError, "conflicting NULL/NOT NULL constraints")
			}
			sawNull, sawNotNull = sawNull || null, sawNotNull || !null
			def.Domain.NotNull = !null
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if sawDefault {
				return nil, b.errorf(c.Location, pgcode.SyntaxError, "multiple default expressions")
			}
			sawDefault = true
			if def.Domain.Default, err = b.domainDefaultExpr(c.RawExpr, base); err != nil {
				return nil, err
			}
		case pg_query.ConstrType_CONSTR_CHECK:
			check, err := b.newDomainCheck(c, def, base)
			if err != nil {
				return nil, err
			}
			def.Domain.Checks = append(def.Domain.Checks, check)
		default:
			return nil, domainConstraintError(c)
		}
	}
	return &Statement{Kind: StmtCreateType, Tag: "CREATE DOMAIN", TypeDef: def}, nil
}

// domainConstraintError is PostgreSQL's error for constraints a domain cannot have.
func domainConstraintError(c *pg_query.Constraint) error {
	what := map[pg_query.ConstrType]string{pg_query.ConstrType_CONSTR_UNIQUE: "unique",
		pg_query.ConstrType_CONSTR_PRIMARY: "primary key", pg_query.ConstrType_CONSTR_EXCLUSION: "exclusion",
		pg_query.ConstrType_CONSTR_FOREIGN: "foreign key"}[c.Contype]
	if what == "" {
		return pgerror.New(pgcode.SyntaxError, "this constraint is not possible for domains")
	}
	return pgerror.Newf(pgcode.SyntaxError, "%s constraints not possible for domains", what)
}

// domainDefaultExpr checks a domain's DEFAULT expression against the base type and returns
// its SQL text.
func (b *binder) domainDefaultExpr(raw *pg_query.Node, base types.T) (string, error) {
	e, err := b.expr(raw, &scope{aggClause: defaultClause, noColumns: "DEFAULT expression"})
	if err != nil {
		return "", err
	}
	if _, err := b.coerce(e, base, types.Assignment, location(raw)); err != nil {
		return "", err
	}
	return deparseExpr(raw, "default expression")
}

// newDomainCheck binds a CHECK constraint being added to domain def and returns it, named
// as written or as PostgreSQL names it (domain_check, domain_check1, ...).
func (b *binder) newDomainCheck(c *pg_query.Constraint, def *catalog.TypeDef, base types.T) (catalog.DomainCheck, error) {
	if _, err := b.domainCheck(c.RawExpr, base); err != nil {
		return catalog.DomainCheck{}, err
	}
	text, err := deparseExpr(c.RawExpr, "check constraint")
	if err != nil {
		return catalog.DomainCheck{}, err
	}
	name := c.Conname
	if name == "" {
		name = b.chooseCheckName(def)
	} else if hasCheck(def, name) {
		return catalog.DomainCheck{}, pgerror.Newf(pgcode.DuplicateObject, "constraint \"%s\" for domain \"%s\" already exists", name, def.Name)
	}
	return catalog.DomainCheck{Name: name, Expr: text}, nil
}

func hasCheck(def *catalog.TypeDef, name string) bool {
	return slices.ContainsFunc(def.Domain.Checks, func(c catalog.DomainCheck) bool { return c.Name == name })
}

// chooseCheckName picks "<domain>_check", or with the first number that makes it unique
// among the constraints of the schema's domains, as ChooseConstraintName does.
func (b *binder) chooseCheckName(def *catalog.TypeDef) string {
	taken := map[string]bool{}
	for _, d := range append(b.cat.Types(), def) {
		if d.Domain != nil && d.Schema == def.Schema {
			for _, c := range d.Domain.Checks {
				taken[c.Name] = true
			}
		}
	}
	name := def.Name + "_check"
	for i := 1; taken[name]; i++ {
		name = def.Name + "_check" + strconv.Itoa(i)
	}
	return name
}

// DomainValidation is a check ALTER DOMAIN makes of the data already stored before it
// changes a domain: Query, over one column of a table using the domain, yields a row if
// any stored value breaks the new constraint (Null: a NULL, for SET NOT NULL; else a CHECK
// that is false).
type DomainValidation struct {
	Table  string
	Column string
	Null   bool
	Query  Plan
	// Check names the table CHECK constraint being added (ALTER TABLE ADD CHECK).
	Check string
}

// alterDomain binds ALTER DOMAIN: SET/DROP DEFAULT, SET/DROP NOT NULL, ADD/DROP/VALIDATE
// CONSTRAINT. SET NOT NULL and ADD CONSTRAINT (unless NOT VALID) first check the stored
// values of every column using the domain, as PostgreSQL does.
func (b *binder) alterDomain(s *pg_query.AlterDomainStmt) (*Statement, error) {
	old, err := b.typeDDLTarget(s.TypeName, 0)
	if err != nil {
		return nil, err
	}
	if old.Kind != types.KindDomain {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not a domain", old.SQLName())
	}
	def := *old
	dom := *old.Domain
	dom.Checks = slices.Clone(dom.Checks)
	def.Domain = &dom
	st := &Statement{Kind: StmtAlterType, Tag: "ALTER DOMAIN", TypeDef: &def}
	switch s.Subtype {
	case "T": // SET DEFAULT, DROP DEFAULT
		dom.Default = ""
		if s.Def != nil {
			if dom.Default, err = b.domainDefaultExpr(s.Def, dom.Base); err != nil {
				return nil, err
			}
		}
	case "N": // DROP NOT NULL
		dom.NotNull = false
	case "O": // SET NOT NULL
		if !dom.NotNull {
			dom.NotNull = true
			st.DomainChecks, err = b.domainValidations(old, nil)
		}
	case "C": // ADD CONSTRAINT
		c, ok := s.Def.Node.(*pg_query.Node_Constraint)
		if !ok || c.Constraint.Contype != pg_query.ConstrType_CONSTR_CHECK {
			if ok {
				return nil, domainConstraintError(c.Constraint)
			}
			return nil, pgerror.New(pgcode.FeatureNotSupported, "ALTER DOMAIN ... ADD supports only CHECK constraints")
		}
		check, err := b.newDomainCheck(c.Constraint, &def, dom.Base)
		if err != nil {
			return nil, err
		}
		check.NotValid = c.Constraint.SkipValidation
		if !check.NotValid {
			if st.DomainChecks, err = b.domainValidations(old, &check); err != nil {
				return nil, err
			}
		}
		dom.Checks = append(dom.Checks, check)
	case "X", "V": // DROP CONSTRAINT, VALIDATE CONSTRAINT
		return b.alterDomainConstraint(s, st, &def)
	default:
		return nil, pgerror.New(pgcode.FeatureNotSupported, "this form of ALTER DOMAIN is not supported")
	}
	return st, err
}

// alterDomainConstraint binds DROP CONSTRAINT [IF EXISTS] and VALIDATE CONSTRAINT.
func (b *binder) alterDomainConstraint(s *pg_query.AlterDomainStmt, st *Statement, def *catalog.TypeDef) (*Statement, error) {
	i := slices.IndexFunc(def.Domain.Checks, func(c catalog.DomainCheck) bool { return c.Name == s.Name })
	if i < 0 {
		msg := "constraint \"" + s.Name + "\" of domain \"" + def.Name + "\" does not exist"
		if s.Subtype == "X" && s.MissingOk {
			return &Statement{Kind: StmtAlterType, Tag: "ALTER DOMAIN",
				Notices: []Notice{{Code: pgcode.SuccessfulCompletion, Message: msg + ", skipping"}}}, nil
		}
		return nil, pgerror.New(pgcode.UndefinedObject, msg)
	}
	if s.Subtype == "X" {
		def.Domain.Checks = slices.Delete(def.Domain.Checks, i, i+1)
		return st, nil
	}
	c := &def.Domain.Checks[i]
	if c.NotValid {
		var err error
		if st.DomainChecks, err = b.domainValidations(b.cat.TypeByOID(def.OID), c); err != nil {
			return nil, err
		}
		c.NotValid = false
	}
	return st, nil
}

// domainValidations builds the checks of stored data for a change of domain d: every
// column of every table whose type is d or a domain over it must hold no NULL (check nil:
// SET NOT NULL) or no value failing check.
func (b *binder) domainValidations(d *catalog.TypeDef, check *catalog.DomainCheck) ([]DomainValidation, error) {
	var out []DomainValidation
	for _, t := range b.cat.Tables() {
		if !t.HoldsRows() {
			continue
		}
		for i, c := range t.Columns {
			if !slices.ContainsFunc(b.cat.DomainChain(c.Type.OID), func(x *catalog.TypeDef) bool { return x.OID == d.OID }) {
				continue
			}
			base := types.BaseType(c.Type)
			scan := &Scan{Table: t, Cols: []int{i}, Out: []Column{{Name: c.Name, Type: base}}}
			val := &ColRef{Idx: 0, T: base, Name: c.Name}
			var bad Expr = &NullTest{Arg: val}
			if check != nil {
				pred, err := b.bindStored(check.Expr, "check constraint", func(raw *pg_query.Node) (Expr, error) {
					return b.domainCheck(raw, d.Domain.Base)
				})
				if err != nil {
					return nil, err
				}
				// Over the scan, column 0 is the value itself, as it is VALUE in pred.
				bad = &BoolExpr{Op: Not, Args: []Expr{&Coalesce{Args: []Expr{pred, boolConst(true)}, T: types.TBool}}}
			}
			q, err := Optimize(&Limit{Input: &Filter{Input: scan, Pred: bad}, Count: &Const{Value: scalar.NewInt64Scalar(1), T: types.TInt8}}, b.reg, b.stats)
			if err != nil {
				return nil, err
			}
			out = append(out, DomainValidation{Table: t.Name, Column: c.Name, Null: check == nil, Query: q})
		}
	}
	return out, nil
}

// renameDomainConstraint binds ALTER DOMAIN ... RENAME CONSTRAINT old TO new.
func (b *binder) renameDomainConstraint(s *pg_query.RenameStmt) (*Statement, error) {
	list, ok := s.Object.Node.(*pg_query.Node_List)
	if !ok {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "ALTER DOMAIN ... RENAME CONSTRAINT supports only domain names")
	}
	old, err := b.typeDDLTarget(list.List.Items, 0)
	if err != nil {
		return nil, err
	}
	if old.Kind != types.KindDomain {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "%s is not a domain", old.SQLName())
	}
	i := slices.IndexFunc(old.Domain.Checks, func(c catalog.DomainCheck) bool { return c.Name == s.Subname })
	if i < 0 {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "constraint \"%s\" for domain %s does not exist", s.Subname, old.SQLName())
	}
	if hasCheck(old, s.Newname) {
		return nil, pgerror.Newf(pgcode.DuplicateObject, "constraint \"%s\" for domain %s already exists", s.Newname, old.SQLName())
	}
	def := *old
	dom := *old.Domain
	dom.Checks = slices.Clone(dom.Checks)
	dom.Checks[i].Name = s.Newname
	def.Domain = &dom
	return &Statement{Kind: StmtAlterType, Tag: "ALTER DOMAIN", TypeDef: &def}, nil
}

// copyDomainChecks binds the domain checks of the columns COPY FROM reads (nil when none
// has a domain type).
func (b *binder) copyDomainChecks(def *catalog.TableDef, target []int) ([]Expr, error) {
	var out []Expr
	for i, t := range target {
		c := def.Columns[t]
		if len(b.cat.DomainChain(c.Type.OID)) == 0 {
			continue
		}
		if out == nil {
			out = make([]Expr, len(target))
		}
		e, err := b.coerceToDomain(&ColRef{Idx: i, T: types.BaseType(c.Type), Name: c.Name}, c.Type, types.Assignment, -1)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}
