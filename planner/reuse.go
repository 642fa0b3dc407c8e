package planner

// Reusable reports whether the statement, once bound, can run again for the same text, in
// a session whose catalog and settings have not changed since, exactly as if it were bound
// anew: transaction control, and SELECT and INSERT whose plan reads no table, view, file
// or function rows (a VALUES list, expressions without FROM). A plan that reads tables was
// shaped by their statistics when it was made, and is best made again for data that has
// grown since, as PostgreSQL does for every simple query; a plan of literal rows has no
// such choice. Functions are not evaluated while binding (only immutable operators are
// folded), so now(), nextval() and the like still run on each execution.
func (st *Statement) Reusable() bool {
	switch st.Kind {
	case StmtBegin, StmtCommit, StmtRollback, StmtSavepoint, StmtRelease, StmtRollbackTo:
		return true
	case StmtQuery, StmtInsert:
	default:
		return false
	}
	if st.Query == nil || len(st.Notices) > 0 {
		return false
	}
	if u := st.Upsert; u != nil {
		for _, e := range append(append([]Expr{u.Where}, u.Set...), u.Returning...) {
			if e != nil && hasSubquery(e) {
				return false
			}
		}
	}
	literal := true
	walkPlanDeep(st.Query, func(p Plan) {
		switch p.(type) {
		case *Values, *Project:
		default:
			literal = false
		}
	})
	return literal
}
