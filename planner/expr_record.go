package planner

import (
	"fmt"

	"github.com/pgfast/pgfast/catalog/types"
)

// RowExpr is ROW(Fields...), or a whole-row reference to a FROM item (written t, or t.*
// as a function argument): one record per row, of record type T, whose fields are
// Fields' values.
type RowExpr struct {
	Fields []Expr
	T      types.T
	// Rel names the FROM item of a whole-row reference, for messages; "" for ROW(...).
	Rel string
}

// FieldSelect is (Arg).name: field Idx of the record Arg, NULL when Arg is NULL.
type FieldSelect struct {
	Arg Expr
	Idx int
	T   types.T
}

func (*RowExpr) exprNode()     {}
func (*FieldSelect) exprNode() {}

// Type implements Expr.
func (e *RowExpr) Type() types.T { return e.T }

// Type implements Expr.
func (e *FieldSelect) Type() types.T { return e.T }

func (e *RowExpr) String() string { return "ROW(" + joinExprs(e.Fields) + ")" }

func (e *FieldSelect) String() string {
	if fields, ok := types.RecordFields(e.Arg.Type()); ok && e.Idx < len(fields) {
		return fmt.Sprintf("(%s).%s", e.Arg, fields[e.Idx].Name)
	}
	return fmt.Sprintf("(%s).f%d", e.Arg, e.Idx+1)
}
