package planner

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Expr is a bound scalar expression. The set of expressions is closed: every implementation
// is in this file or an expr_*.go beside it, and the executor compiles each kind once
// (executor/expr).
//
// Column references are positional: ColRef.Idx indexes the columns of the input of the plan
// node that holds the expression.
type Expr interface {
	// Type returns the SQL type of the expression's values.
	Type() types.T
	String() string
	exprNode()
}

// ColRef reads column Idx of the input.
type ColRef struct {
	Idx  int
	T    types.T
	Name string // for EXPLAIN and messages only
	Rel  string // the range the column came from, for messages only
}

// Const is a literal. Value is an Arrow scalar of T.Arrow()'s type; a NULL constant has a
// scalar whose IsValid is false.
type Const struct {
	Value scalar.Scalar
	T     types.T
}

// Param is a statement parameter ($1 is Idx 0).
type Param struct {
	Idx int
	T   types.T
}

// Call applies a registry function (operators are calls of their implementing function).
type Call struct {
	Func *catalog.Func
	Args []Expr
	T    types.T
}

// Cast converts Arg to T, with PostgreSQL's cast semantics (and its errors: 22P02, 22003).
// Context is how the cast arose: explicit casts truncate to varchar(n), assignments fail.
type Cast struct {
	Arg     Expr
	T       types.T
	Context types.CoercionContext
}

// When is one WHEN ... THEN arm of a Case.
type When struct {
	Cond   Expr // boolean
	Result Expr
}

// Case is the searched CASE expression (simple CASE is bound into this form). Else is never
// nil (a NULL constant when absent).
type Case struct {
	Whens []When
	Else  Expr
	T     types.T
}

// BoolOp is AND, OR or NOT.
type BoolOp byte

// Boolean operators.
const (
	And BoolOp = iota
	Or
	Not
)

// BoolExpr combines booleans with SQL's three-valued logic.
type BoolExpr struct {
	Op   BoolOp
	Args []Expr
}

// NullTest is Arg IS [NOT] NULL.
type NullTest struct {
	Arg Expr
	Not bool
}

// InList is Arg [NOT] IN (List...): whether Eq(Arg, element) holds for some element. All
// elements are non-NULL constants of Arg's type. The optimizer forms it from ORs of
// equalities (x = 'a' OR x = 'b', which is how the binder writes x IN ('a', 'b')), so the
// executor tests each row against a set instead of evaluating one comparison per element.
type InList struct {
	Arg  Expr
	List []Expr
	Not  bool
	Eq   *catalog.Func
}

// Coalesce returns the first non-null argument.
type Coalesce struct {
	Args []Expr
	T    types.T
}

// SubqueryKind says how a subquery's result is used.
type SubqueryKind byte

// Subquery uses.
const (
	ScalarSubquery SubqueryKind = iota // (SELECT x ...): one value, NULL if no rows
	ExistsSubquery                     // EXISTS (SELECT ...)
	InSubquery                         // Arg IN (SELECT x ...)
	ArraySubquery                      // ARRAY(SELECT x ...): the values as an array
)

// Subquery is a subquery expression. An uncorrelated one is evaluated once per execution;
// a correlated one (its plan holds OuterRefs that reach the row it is evaluated for) is
// evaluated once per row, unless the optimizer turned it into a join (decorrelate.go).
type Subquery struct {
	Kind SubqueryKind
	Plan Plan
	Arg  Expr // for InSubquery
	Not  bool // NOT IN / NOT EXISTS
	T    types.T
	// Correlated is set when Plan reads columns of the enclosing queries (OuterRef).
	Correlated bool
}

// OuterRef reads a column of an enclosing query's row from inside a correlated subquery's
// plan. Level 1 is the row of the node holding the Subquery expression whose plan contains
// the reference (Idx indexes that node's input columns), level 2 the row one subquery
// further out, and so on.
type OuterRef struct {
	Level int
	Idx   int
	T     types.T
	Name  string // for EXPLAIN and messages only
	Rel   string // the range the column came from, for messages only
	// Grouping, while binding, is k+1 when the reference stands for the k-th GROUPING(...)
	// call of the query Level up (whose arguments are all that query's), resolved to the
	// call's column when that query is grouped (groupRewriter.rewriteSubquery); 0 otherwise.
	Grouping int
}

// ArrayOp is Arg op ANY (Array), or with All, Arg op ALL (Array). Cmp is the operator's
// call bound over a two-column row: ColRef 0 is Arg's value, ColRef 1 an element of the
// array (of type Elem).
type ArrayOp struct {
	Arg   Expr
	Array Expr
	Elem  types.T
	Cmp   Expr
	All   bool
}

// ArrayExpr is ARRAY[Elems...]: one array per row. With Multi the elements are arrays of
// one shape, stacked into an array of one more dimension (ARRAY[[1,2],[3,4]]); otherwise
// they are the elements of a one-dimensional array. Elems have type T (Multi) or T's
// element type.
type ArrayExpr struct {
	Elems []Expr
	T     types.T
	Multi bool
}

// Subscript is Array[Upper[0]][Upper[1]]... (an element, NULL when out of range) or, with
// Slice, Array[Lower[0]:Upper[0]]... (a slice with lower bounds 1). In a slice a nil bound
// is the array's own bound in that dimension; Lower is all nil for an element fetch.
type Subscript struct {
	Array Expr
	Lower []Expr
	Upper []Expr
	Slice bool
	T     types.T
}

func (*ColRef) exprNode()      {}
func (*Const) exprNode()       {}
func (*Param) exprNode()       {}
func (*Call) exprNode()        {}
func (*Cast) exprNode()        {}
func (*Case) exprNode()        {}
func (*BoolExpr) exprNode()    {}
func (*NullTest) exprNode()    {}
func (*InList) exprNode()      {}
func (*Coalesce) exprNode()    {}
func (*Subquery) exprNode()    {}
func (*OuterRef) exprNode()    {}
func (*ArrayOp) exprNode()     {}
func (*Subscript) exprNode()   {}
func (*ArrayAssign) exprNode() {}
func (*ArrayExpr) exprNode()   {}

// Type implements Expr.
func (e *ColRef) Type() types.T { return e.T }

// Type implements Expr.
func (e *Const) Type() types.T { return e.T }

// Type implements Expr.
func (e *Param) Type() types.T { return e.T }

// Type implements Expr.
func (e *Call) Type() types.T { return e.T }

// Type implements Expr.
func (e *Cast) Type() types.T { return e.T }

// Type implements Expr.
func (e *Case) Type() types.T { return e.T }

// Type implements Expr.
func (e *BoolExpr) Type() types.T { return types.TBool }

// Type implements Expr.
func (e *NullTest) Type() types.T { return types.TBool }

// Type implements Expr.
func (e *InList) Type() types.T { return types.TBool }

// Type implements Expr.
func (e *Coalesce) Type() types.T { return e.T }

// Type implements Expr.
func (e *Subquery) Type() types.T { return e.T }

// Type implements Expr.
func (e *OuterRef) Type() types.T { return e.T }

func (e *OuterRef) String() string {
	if e.Grouping > 0 {
		return fmt.Sprintf("outer%d.grouping#%d", e.Level, e.Grouping-1)
	}
	return fmt.Sprintf("outer%d.%s@%d", e.Level, e.Name, e.Idx)
}

// Type implements Expr.
func (e *ArrayOp) Type() types.T { return types.TBool }

// Type implements Expr.
func (e *Subscript) Type() types.T { return e.T }

// Type implements Expr.
func (e *ArrayExpr) Type() types.T { return e.T }

// Type implements Expr.
func (e *ArrayAssign) Type() types.T { return e.T }

func (e *ArrayAssign) String() string {
	s := &Subscript{Array: e.Array, Lower: e.Lower, Upper: e.Upper, Slice: e.Slice}
	return s.String() + " := " + e.Value.String()
}

func (e *ArrayExpr) String() string { return "ARRAY[" + joinExprs(e.Elems) + "]" }

func (e *ArrayOp) String() string {
	q := "ANY"
	if e.All {
		q = "ALL"
	}
	return fmt.Sprintf("%s %s (%s) [%s]", e.Arg, q, e.Array, e.Cmp)
}

// ArrayAssign is Array with the element at subscripts Upper (or, with Slice, the slice
// Lower:Upper) replaced by Value, as a subscripted assignment (UPDATE t SET a[i] = v)
// computes a column's new value, with PostgreSQL's array_set_element and array_set_slice
// semantics: a NULL Array counts as empty, a one-dimensional array grows (NULL-filling any
// gap), and an assignment outside a multidimensional array is an error. Value has the
// element type, or T for a slice.
type ArrayAssign struct {
	Array        Expr
	Lower, Upper []Expr
	Slice        bool
	Value        Expr
	T            types.T
}

func (e *Subscript) String() string {
	var b strings.Builder
	b.WriteString(e.Array.String())
	for i, u := range e.Upper {
		b.WriteByte('[')
		if l := e.Lower[i]; l != nil {
			b.WriteString(l.String())
		}
		if e.Slice {
			b.WriteByte(':')
		}
		if u != nil {
			b.WriteString(u.String())
		}
		b.WriteByte(']')
	}
	return b.String()
}

func (e *ColRef) String() string {
	if e.Name != "" {
		return fmt.Sprintf("%s@%d", e.Name, e.Idx)
	}
	return fmt.Sprintf("#%d", e.Idx)
}

func (e *Const) String() string {
	if e.Value == nil || !e.Value.IsValid() {
		return "NULL"
	}
	switch e.T.Category() {
	case types.CatString, types.CatDateTime, types.CatUnknown:
		return "'" + e.Value.String() + "'::" + e.T.String()
	}
	if e.T.OID == types.Numeric {
		if b, ok := e.Value.(*scalar.FixedSizeBinary); ok && len(b.Value.Bytes()) == 16 {
			return types.NumericFromBytes(b.Value.Bytes()).String() + "::numeric"
		}
	}
	return e.Value.String()
}

func (e *Param) String() string { return fmt.Sprintf("$%d", e.Idx+1) }

func (e *Call) String() string { return e.Func.Name + "(" + joinExprs(e.Args) + ")" }

func (e *Cast) String() string { return "(" + e.Arg.String() + ")::" + e.T.String() }

func (e *Case) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, w := range e.Whens {
		fmt.Fprintf(&b, " WHEN %s THEN %s", w.Cond, w.Result)
	}
	fmt.Fprintf(&b, " ELSE %s END", e.Else)
	return b.String()
}

func (e *BoolExpr) String() string {
	switch e.Op {
	case Not:
		return "NOT " + e.Args[0].String()
	case And:
		return "(" + joinExprSep(e.Args, " AND ") + ")"
	default:
		return "(" + joinExprSep(e.Args, " OR ") + ")"
	}
}

func (e *NullTest) String() string {
	if e.Not {
		return e.Arg.String() + " IS NOT NULL"
	}
	return e.Arg.String() + " IS NULL"
}

func (e *InList) String() string {
	not := ""
	if e.Not {
		not = "NOT "
	}
	return e.Arg.String() + " " + not + "IN (" + joinExprs(e.List) + ")"
}

func (e *Coalesce) String() string { return "COALESCE(" + joinExprs(e.Args) + ")" }

func (e *Subquery) String() string {
	switch e.Kind {
	case ExistsSubquery:
		return "EXISTS(subquery)"
	case InSubquery:
		return e.Arg.String() + " IN (subquery)"
	case ArraySubquery:
		return "ARRAY(subquery)"
	}
	return "(subquery)"
}

func joinExprs(es []Expr) string { return joinExprSep(es, ", ") }

func joinExprSep(es []Expr, sep string) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, sep)
}
