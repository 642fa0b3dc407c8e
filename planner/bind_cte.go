package planner

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// WITH queries are bound in PostgreSQL's order: each CTE of a WITH list sees the ones before
// it (and, under RECURSIVE, itself), the query body sees them all, and an inner WITH shadows
// outer ones and tables of the same name. Each CTE gets a statement-wide ID; references
// become CTEScans (WorkTableScans inside a recursive term). Once the body is bound,
// finishWith inlines every CTE that is read once (or is declared NOT MATERIALIZED), drops
// unread ones, and keeps the others in a With node so they are computed once.

// cteEnv is one WITH list's names, innermost first through parent.
type cteEnv struct {
	parent *cteEnv
	defs   []*cteDef
	// names are all the list's names, bound or not: a reference to one not yet visible
	// gets a hint.
	names []string
}

// cteState is where binding a recursive CTE is.
type cteState byte

const (
	cteReady cteState = iota
	cteSeed           // binding the non-recursive term: self-references are errors
	cteStep           // binding the recursive term: the one self-reference reads the work table
)

// cteDef is one bound (or being bound) CTE.
type cteDef struct {
	name         string
	id           int
	loc          int32
	cols         []Column
	plan         Plan
	materialized pg_query.CTEMaterialize
	recursive    bool

	state    cteState
	stepRefs int
	depth    int // b.sublinkDepth when the recursive term's binding started
	nullable int // b.nullableDepth likewise
}

// lookupCTE finds the innermost visible CTE called name.
func (b *binder) lookupCTE(name string) *cteDef {
	for env := b.ctes; env != nil; env = env.parent {
		for i := len(env.defs) - 1; i >= 0; i-- {
			if env.defs[i].name == name {
				return env.defs[i]
			}
		}
	}
	return nil
}

// futureCTE explains a missing relation that names a CTE not visible where it is read.
func (b *binder) futureCTE(err error, rv *pg_query.RangeVar) error {
	pe, ok := err.(*pgerror.Error)
	if !ok || rv.Schemaname != "" {
		return err
	}
	for env := b.ctes; env != nil; env = env.parent {
		for _, n := range env.names {
			if n == rv.Relname {
				return pe.WithDetail(fmt.Sprintf("There is a WITH item named \"%s\", but it cannot be referenced from this part of the query.", n)).
					WithHint("Use WITH RECURSIVE, or re-order the WITH items to remove forward references.")
			}
		}
	}
	return err
}

// withSelect binds a SELECT that has a WITH clause.
func (b *binder) withSelect(s *pg_query.SelectStmt, outer *scope) (Plan, error) {
	wc := s.WithClause
	env, err := b.bindWith(wc, outer)
	if err != nil {
		return nil, err
	}
	defer func() { b.ctes = env.parent }()
	// The parse tree is shared with re-binds of a prepared statement: put the clause back.
	s.WithClause = nil
	body, err := b.selectStmt(s, outer)
	s.WithClause = wc
	if err != nil {
		return nil, err
	}
	return b.finishWith(env, body), nil
}

// bindWith binds the CTEs of a WITH clause and makes them visible (b.ctes) until the caller
// restores b.ctes to the returned env's parent.
func (b *binder) bindWith(wc *pg_query.WithClause, outer *scope) (*cteEnv, error) {
	ctes := make([]*pg_query.CommonTableExpr, len(wc.Ctes))
	for i, n := range wc.Ctes {
		ctes[i] = n.Node.(*pg_query.Node_CommonTableExpr).CommonTableExpr
		for _, prev := range ctes[:i] {
			if prev.Ctename == ctes[i].Ctename {
				return nil, b.errorf(ctes[i].Location, pgcode.DuplicateAlias, "WITH query name \"%s\" specified more than once", ctes[i].Ctename)
			}
		}
	}
	env := &cteEnv{parent: b.ctes}
	for _, c := range ctes {
		env.names = append(env.names, c.Ctename)
	}
	b.ctes = env
	for _, c := range ctes {
		sel, ok := c.Ctequery.Node.(*pg_query.Node_SelectStmt)
		if !ok {
			b.ctes = env.parent
			return nil, b.errorf(c.Location, pgcode.FeatureNotSupported, "data-modifying statements in WITH are not supported yet")
		}
		if c.SearchClause != nil || c.CycleClause != nil {
			// Running the query without them would change its result (or, for CYCLE over
			// cyclic data, never end).
			b.ctes = env.parent
			return nil, b.errorf(c.Location, pgcode.FeatureNotSupported, "SEARCH and CYCLE clauses are not supported yet")
		}
		def := &cteDef{name: c.Ctename, id: b.nextCTE, loc: c.Location, materialized: c.Ctematerialized}
		b.nextCTE++
		var err error
		if wc.Recursive && refersTo(sel.SelectStmt, c.Ctename) {
			err = b.recursiveCTE(def, sel.SelectStmt, names(c.Aliascolnames), outer)
		} else {
			def.plan, err = b.selectStmt(sel.SelectStmt, outer)
			if err == nil {
				def.cols, err = b.cteColumns(def, def.plan.Columns(), names(c.Aliascolnames))
			}
			env.defs = append(env.defs, def)
		}
		if err != nil {
			b.ctes = env.parent
			return nil, err
		}
	}
	return env, nil
}

// cteColumns applies a CTE's column alias list.
func (b *binder) cteColumns(def *cteDef, cols []Column, aliases []string) ([]Column, error) {
	if len(aliases) > len(cols) {
		return nil, b.errorf(def.loc, pgcode.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified", def.name, len(cols), len(aliases))
	}
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.Name, Type: c.Type}
		if i < len(aliases) {
			out[i].Name = aliases[i]
		}
	}
	return out, nil
}

// recursiveCTE binds a CTE of WITH RECURSIVE that refers to itself: non-recursive term
// UNION [ALL] recursive term, the latter reading the rows of the previous round.
func (b *binder) recursiveCTE(def *cteDef, s *pg_query.SelectStmt, aliases []string, outer *scope) error {
	if s.Op != pg_query.SetOperation_SETOP_UNION {
		return b.errorf(def.loc, pgcode.InvalidRecursion, "recursive query \"%s\" does not have the form non-recursive-term UNION [ALL] recursive-term", def.name)
	}
	switch {
	case len(s.SortClause) > 0:
		return b.errorf(location(s.SortClause[0].Node.(*pg_query.Node_SortBy).SortBy.Node), pgcode.FeatureNotSupported, "ORDER BY in a recursive query is not implemented")
	case s.LimitOffset != nil:
		return b.errorf(location(s.LimitOffset), pgcode.FeatureNotSupported, "OFFSET in a recursive query is not implemented")
	case s.LimitCount != nil:
		return b.errorf(location(s.LimitCount), pgcode.FeatureNotSupported, "LIMIT in a recursive query is not implemented")
	case len(s.LockingClause) > 0:
		return b.errorf(-1, pgcode.FeatureNotSupported, "FOR UPDATE/SHARE in a recursive query is not implemented")
	}
	def.state = cteSeed
	b.ctes.defs = append(b.ctes.defs, def)
	seed, err := b.selectStmt(s.Larg, outer)
	if err != nil {
		return err
	}
	if def.cols, err = b.cteColumns(def, seed.Columns(), aliases); err != nil {
		return err
	}
	def.state, def.depth, def.nullable = cteStep, b.sublinkDepth, b.nullableDepth
	savedTerm := b.recursiveTerm
	b.recursiveTerm = s.Rarg
	step, err := b.selectStmt(s.Rarg, outer)
	b.recursiveTerm = savedTerm
	def.state = cteReady
	if err != nil {
		return err
	}
	sc, stc := seed.Columns(), step.Columns()
	if len(sc) != len(stc) {
		return b.errorf(seedTargetLoc(s.Rarg, 0), pgcode.SyntaxError, "each UNION query must have the same number of columns")
	}
	exprs := make([]Expr, len(stc))
	cast := false
	for i := range stc {
		se := Expr(&ColRef{Idx: i, T: sc[i].Type, Name: sc[i].Name})
		re := Expr(&ColRef{Idx: i, T: stc[i].Type, Name: stc[i].Name})
		t, err := b.commonType([]Expr{se, re}, "UNION", nil)
		if err != nil {
			return err
		}
		if t != sc[i].Type {
			return b.errorf(seedTargetLoc(s.Larg, i), pgcode.DatatypeMismatch, "recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall", def.name, i+1, sc[i].Type, t).
				WithHint("Cast the output of the non-recursive term to the correct type.")
		}
		if exprs[i], err = b.coerce(re, t, types.Implicit, -1); err != nil {
			return err
		}
		cast = cast || exprs[i] != re
	}
	if cast {
		step = &Project{Input: step, Exprs: exprs, Out: def.cols}
	}
	def.recursive = true
	def.plan = &RecursiveUnion{ID: def.id, Name: def.name, All: s.All, Seed: seed, Step: step, Out: def.cols}
	return nil
}

// seedTargetLoc is the position of the i-th output expression of a non-recursive term.
func seedTargetLoc(s *pg_query.SelectStmt, i int) int32 {
	if s == nil || i >= len(s.TargetList) {
		return -1
	}
	rt, ok := s.TargetList[i].Node.(*pg_query.Node_ResTarget)
	if !ok {
		return -1
	}
	return leftmost(rt.ResTarget.Val)
}

// leftmost is where an expression starts, as PostgreSQL's exprLocation reports it for an
// operator: its left operand's position.
func leftmost(n *pg_query.Node) int32 {
	if a, ok := n.Node.(*pg_query.Node_AExpr); ok && a.AExpr.Lexpr != nil {
		return leftmost(a.AExpr.Lexpr)
	}
	return location(n)
}

// cteRef binds a FROM reference to a CTE.
func (b *binder) cteRef(def *cteDef, rv *pg_query.RangeVar) (Plan, *scope, error) {
	var p Plan
	switch def.state {
	case cteSeed:
		return nil, nil, b.errorf(rv.Location, pgcode.InvalidRecursion, "recursive reference to query \"%s\" must not appear within its non-recursive term", def.name)
	case cteStep:
		switch {
		case b.sublinkDepth > def.depth:
			return nil, nil, b.errorf(rv.Location, pgcode.InvalidRecursion, "recursive reference to query \"%s\" must not appear within a subquery", def.name)
		case b.nullableDepth > def.nullable:
			return nil, nil, b.errorf(rv.Location, pgcode.InvalidRecursion, "recursive reference to query \"%s\" must not appear within an outer join", def.name)
		case def.stepRefs > 0:
			return nil, nil, b.errorf(rv.Location, pgcode.InvalidRecursion, "recursive reference to query \"%s\" must not appear more than once", def.name)
		}
		def.stepRefs++
		p = &WorkTableScan{ID: def.id, Name: def.name, Out: def.cols}
	default:
		p = &CTEScan{ID: def.id, Name: def.name, Out: def.cols}
	}
	return b.aliased(p, rv.Alias, rv.Relname)
}

// finishWith inlines the CTEs of env read once (or declared NOT MATERIALIZED), drops the
// unread ones, and wraps body in a With holding the rest.
func (b *binder) finishWith(env *cteEnv, body Plan) Plan {
	counts := map[int]int{}
	count := func(p Plan) {
		walkPlanDeep(p, func(p Plan) {
			if s, ok := p.(*CTEScan); ok {
				counts[s.ID]++
			}
		})
	}
	count(body)
	plans := make([]Plan, len(env.defs))
	for i, d := range env.defs {
		plans[i] = d.plan
		count(d.plan)
	}
	keep := make([]bool, len(env.defs))
	// Later CTEs may read earlier ones: inline from the last, so that when a later CTE is
	// inlined into the body, the references it holds to earlier ones are in the body by the
	// time those are inlined.
	for i := len(env.defs) - 1; i >= 0; i-- {
		d := env.defs[i]
		n := counts[d.id]
		if n == 0 {
			continue
		}
		// A recursive CTE read once is inlined too, so that its rounds stream to the reader
		// and a LIMIT above stops the recursion, as PostgreSQL's lazily read CTE does.
		inline := d.materialized != pg_query.CTEMaterialize_CTEMaterializeAlways &&
			(n == 1 || !d.recursive && d.materialized == pg_query.CTEMaterialize_CTEMaterializeNever) &&
			!planEscapes(d.plan) && !callsVolatile(d.plan)
		if !inline {
			keep[i] = true
			continue
		}
		body = inlineCTE(body, d.id, plans[i])
		for j := i + 1; j < len(plans); j++ {
			if keep[j] {
				plans[j] = inlineCTE(plans[j], d.id, plans[i])
			}
		}
	}
	w := &With{Input: body}
	for i, d := range env.defs {
		if keep[i] {
			w.IDs = append(w.IDs, d.id)
			w.Names = append(w.Names, d.name)
			w.CTEs = append(w.CTEs, plans[i])
		}
	}
	if len(w.CTEs) == 0 {
		return body
	}
	return w
}

// callsVolatile reports whether p calls a volatile function: such a CTE is computed once,
// as PostgreSQL does, so that every read sees the same values.
func callsVolatile(p Plan) bool {
	found := false
	walkPlanDeep(p, func(p Plan) {
		forEachExpr(p, func(e Expr) {
			walkExpr(e, func(e Expr) {
				if c, ok := e.(*Call); ok && c.Func.Volatility == catalog.Volatile {
					found = true
				}
			})
		})
	})
	return found
}

// inlineCTE replaces the CTEScans of CTE id in p (and in its subqueries) with the CTE's
// plan, renamed to the columns the reference uses.
func inlineCTE(p Plan, id int, cte Plan) Plan {
	out, _ := transformPlanDeep(p, func(p Plan) (Plan, error) {
		s, ok := p.(*CTEScan)
		if !ok || s.ID != id {
			return p, nil
		}
		cols := cte.Columns()
		proj := &Project{Input: cte, Out: s.Out}
		for i, c := range cols {
			proj.Exprs = append(proj.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		}
		return proj, nil
	})
	return out
}

// refersTo reports whether the parse tree n mentions the unqualified relation name, which
// is how a WITH RECURSIVE query is found to be recursive.
func refersTo(n proto.Message, name string) bool {
	found := false
	walkParseTree(n.ProtoReflect(), func(m protoreflect.Message) {
		if rv, ok := m.Interface().(*pg_query.RangeVar); ok && rv.Schemaname == "" && rv.Relname == name {
			found = true
		}
	})
	return found
}

// pgMessage is a node of a parse tree, seen through protobuf reflection.
type pgMessage = protoreflect.Message

// walkParseTree calls fn for every message of a parse tree.
func walkParseTree(m protoreflect.Message, fn func(protoreflect.Message)) {
	if !m.IsValid() {
		return
	}
	fn(m)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkParseTree(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			walkParseTree(v.Message(), fn)
		}
		return true
	})
}

// upsertWith gives the subqueries of ON CONFLICT DO UPDATE the CTEs of the INSERT's WITH
// clause: DO UPDATE runs outside the query those CTEs were bound into, so its references
// to them read each CTE's own plan.
func upsertWith(up *Upsert, env *cteEnv) {
	inline := func(e Expr) Expr {
		return deepMapExpr(e, func(e Expr) Expr {
			sq, ok := e.(*Subquery)
			if !ok {
				return e
			}
			n := *sq
			// From the last: a later CTE may read earlier ones.
			for i := len(env.defs) - 1; i >= 0; i-- {
				n.Plan = inlineCTE(n.Plan, env.defs[i].id, env.defs[i].plan)
			}
			return &n
		})
	}
	up.Set = mapList(up.Set, inline)
	up.Where = mapOpt(up.Where, inline)
	up.Returning = mapList(up.Returning, inline)
}
