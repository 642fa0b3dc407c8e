package planner

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// funcArgs binds a function call's arguments. Arguments passed by name (name => value)
// are put in their parameters' positions, for the function of that name whose parameters
// have those names; parameters skipped between them take their defaults.
func (b *binder) funcArgs(name string, ns []*pg_query.Node, sc *scope, loc int32) ([]Expr, []int32, error) {
	firstNamed := -1
	for i, n := range ns {
		if _, ok := n.Node.(*pg_query.Node_NamedArgExpr); ok {
			firstNamed = i
			break
		}
	}
	if firstNamed < 0 {
		return b.exprList(ns, sc)
	}
	args, locs, err := b.exprList(ns[:firstNamed], sc)
	if err != nil {
		return nil, nil, err
	}
	type named struct {
		name string
		e    Expr
		loc  int32
	}
	var given []named
	for _, n := range ns[firstNamed:] {
		na, ok := n.Node.(*pg_query.Node_NamedArgExpr)
		if !ok {
			return nil, nil, b.errorf(location(n), pgcode.SyntaxError, "positional argument cannot follow named argument")
		}
		e, err := b.expr(na.NamedArgExpr.Arg, sc)
		if err != nil {
			return nil, nil, err
		}
		given = append(given, named{na.NamedArgExpr.Name, e, na.NamedArgExpr.Location})
	}
	for _, f := range b.reg.Funcs(name) {
		pos := map[string]int{}
		for i, an := range f.ArgNames {
			pos[an] = i
		}
		full := append([]Expr(nil), args...)
		fullLocs := append([]int32(nil), locs...)
		ok := true
		for _, g := range given {
			i, found := pos[g.name]
			if !found || i < len(args) {
				ok = false
				break
			}
			for len(full) <= i {
				full = append(full, nil)
				fullLocs = append(fullLocs, g.loc)
			}
			full[i], fullLocs[i] = g.e, g.loc
		}
		if ok && b.fillDefaults(f, full) {
			return full, fullLocs, nil
		}
	}
	parts := make([]string, 0, len(args)+len(given))
	for _, a := range args {
		parts = append(parts, b.typeList([]types.T{a.Type()}))
	}
	for _, g := range given {
		parts = append(parts, g.name+" => "+b.typeList([]types.T{g.e.Type()}))
	}
	return nil, nil, b.errorf(loc, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, strings.Join(parts, ", ")).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}

// fillDefaults puts the defaults of f's parameters into the gaps of args; it reports
// false when a gap has no default.
func (b *binder) fillDefaults(f *catalog.Func, args []Expr) bool {
	first := len(f.Args) - len(f.ArgDefaults)
	for i, a := range args {
		if a != nil {
			continue
		}
		if i < first {
			return false
		}
		d, err := constFromText(f.ArgDefaults[i-first], types.Of(f.Args[i]), nil)
		if err != nil {
			return false
		}
		args[i] = d
	}
	return true
}
