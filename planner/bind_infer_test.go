package planner

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/udf"
)

// TestIndexPredicateImplication checks which ON CONFLICT WHERE clauses imply a partial
// index's predicate (PostgreSQL's predicate_implied_by, as far as it is proved here): the
// answers are PostgreSQL 15's, as infer_arbiter_indexes decides them for these pairs.
func TestIndexPredicateImplication(t *testing.T) {
	cat, def := catalog.New().WithTable(catalog.TableDef{Name: "t", Columns: []catalog.Column{
		{Name: "a", Type: types.TInt4}, {Name: "b", Type: types.TInt8}, {Name: "s", Type: types.TText}}})
	reg := catalog.NewRegistry()
	udf.Register(reg)
	b := newBinder(cat, reg, "", Scope{})
	bind := func(text string) Expr {
		t.Helper()
		sc := rowScope(def)
		e, err := b.bindStored(text, "test expression", func(raw *pg_query.Node) (Expr, error) { return b.expr(raw, sc) })
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		return e
	}
	cases := []struct {
		pred, where string
		want        bool
	}{
		{"s LIKE '%berry'", "s LIKE '%berry'", true},
		{"s LIKE '%berry'", "s LIKE '%berry' AND a = 1", true},
		{"s LIKE '%berry'", "s LIKE '%berry' OR a = 1", false},
		{"s LIKE '%berry' AND a > 0", "a > 0 AND s LIKE '%berry'", true},
		{"s LIKE '%berry' AND a > 0", "s LIKE '%berry'", false},
		{"a > 0 OR s = 'x'", "s = 'x'", true},
		{"coalesce(b, 1) > 0", "coalesce(b, 1) > 1", true},
		{"coalesce(b, 1) > 0", "coalesce(b, 1) > 0", true},
		{"coalesce(b, 1) > 1", "coalesce(b, 1) > 0", false},
		{"a > 0", "a >= 1", true},
		{"a > 0", "a >= 0", false},
		{"a >= 0", "a > 0", true},
		{"a < 10", "a <= 9", true},
		{"a < 10", "a <= 10", false},
		{"a <= 10", "a < 10", true},
		{"a <> 5", "a = 4", true},
		{"a <> 5", "a = 5", false},
		{"a <> 5", "a > 5", true},
		{"a <> 5", "a >= 5", false},
		{"a = 3", "3 = a", true},
		{"a > 0", "0 < a", true},
		{"a IS NOT NULL", "a > 3", true},
		{"a IS NOT NULL", "b > 3", false},
		{"a > 0", "(a > 5 AND b = 1) OR a = 7", true},
		{"a > 0", "a > 5 OR a = -7", false},
		{"b > 0", "", false},
	}
	m := implication{registryInfo(reg)}
	for _, c := range cases {
		var clauses []Expr
		if c.where != "" {
			clauses = conjuncts(bind(c.where))
		}
		if got := m.impliedBy(bind(c.pred), clauses); got != c.want {
			t.Errorf("WHERE %s implies %s: %v, want %v", c.where, c.pred, got, c.want)
		}
	}
}
