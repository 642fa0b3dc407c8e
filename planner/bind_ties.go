package planner

import (
	"errors"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
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

// limitVariables turns the unknown-column error of a LIMIT or OFFSET argument into
// PostgreSQL's complaint when the column is one of the query's own, which LIMIT cannot see.
func (b *binder) limitVariables(err error, n *pg_query.Node, sc *scope, what string) error {
	var pe *pgerror.Error
	if !errors.As(err, &pe) || pe.Code != pgcode.UndefinedColumn || sc == nil {
		return err
	}
	if _, local := b.expr(n, &scope{cols: sc.cols, outer: sc.outer, aggClause: what}); local != nil {
		return err
	}
	return &pgerror.Error{Code: pgcode.InvalidColumnReference, Message: "argument of " + what + " must not contain variables", Position: pe.Position}
}
