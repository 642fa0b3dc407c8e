package planner

import "github.com/pgfast/pgfast/catalog"

// PlanEstimates returns the optimizer's estimate of the rows each node of an optimized plan
// returns, the plans of its subqueries included, for EXPLAIN to show beside the actual
// counts.
func PlanEstimates(p Plan, reg *catalog.Registry, src StatsSource) map[Plan]float64 {
	out := map[Plan]float64{}
	var walk func(p Plan)
	walk = func(p Plan) {
		o := newOptimizer(reg, src)
		var visit func(p Plan)
		visit = func(p Plan) {
			out[p] = o.rows(p)
			for _, c := range p.Children() {
				visit(c)
			}
			mapPlanExprs(p, func(e Expr) Expr {
				return deepMapExpr(e, func(e Expr) Expr {
					if sq, ok := e.(*Subquery); ok && sq.Plan != nil {
						walk(sq.Plan)
					}
					return e
				})
			})
		}
		visit(p)
	}
	if p != nil {
		walk(p)
	}
	return out
}
