package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// withTies makes lim a FETCH FIRST ... WITH TIES over the ORDER BY keys order.
func (b *binder) withTies(s *pg_query.SelectStmt, lim *Limit, order []SortKey) error {
	if c, ok := s.LimitCount.GetNode().(*pg_query.Node_AConst); ok && c.AConst.Isnull {
		return b.errorf(-1, pgcode.InvalidRowCountInLimitClause, "row count cannot be null in FETCH FIRST ... WITH TIES clause")
	}
	if len(order) == 0 {
		return b.errorf(-1, pgcode.SyntaxError, "WITH TIES cannot be specified without ORDER BY clause")
	}
	lim.Ties = order
	return nil
}
