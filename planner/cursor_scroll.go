package planner

// A cursor declared with neither SCROLL nor NO SCROLL may still go backward in PostgreSQL
// when its plan can run backward at no extra cost (ExecSupportsBackwardScan): scans of
// tables, of VALUES lists of more than one row, of functions in FROM and of CTEs, and what
// only filters, projects, sorts, limits or appends (UNION ALL) their rows. Joins,
// aggregates, DISTINCT, window functions, set-returning functions in the select list,
// foreign tables and a SELECT without FROM (a Result node) cannot, and such a cursor
// refuses to go back. pgfast decides on its own plan, whose nodes map onto PostgreSQL's.

// SupportsBackwardScan reports whether PostgreSQL would let a cursor over p, declared
// without SCROLL or NO SCROLL, fetch backward.
func SupportsBackwardScan(p Plan) bool {
	switch p := p.(type) {
	case *Scan:
		return p.Table.Foreign == nil
	case *Values:
		return len(p.Rows) > 1 // a one-row VALUES is PostgreSQL's Result node
	case *FunctionScan, *CTEScan, *WorkTableScan, *Sort:
		return true
	case *Filter:
		return SupportsBackwardScan(p.Input)
	case *Project:
		return SupportsBackwardScan(p.Input)
	case *Limit:
		return SupportsBackwardScan(p.Input)
	case *With:
		return SupportsBackwardScan(p.Input)
	case *SetOp:
		return p.Kind == Union && p.All && SupportsBackwardScan(p.Left) && SupportsBackwardScan(p.Right)
	}
	return false
}
