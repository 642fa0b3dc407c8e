package planner

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Column is one output column of a plan node.
type Column struct {
	Name string
	Type types.T
	// Table and Attnum identify the source column for RowDescription when the output is a
	// plain table column (0 otherwise).
	Table  types.OID
	Attnum int16
}

// Plan is a node of a query plan. Nodes are immutable once built; rewrites use WithChildren.
// The binder produces a logical tree (Join); the physical rules in optimize.go replace the
// logical-only nodes with the algorithms the executor runs (HashJoin, NestedLoopJoin).
type Plan interface {
	// Columns returns the output columns, in order.
	Columns() []Column
	// Children returns the inputs.
	Children() []Plan
	// WithChildren returns a copy with the inputs replaced.
	WithChildren(children []Plan) Plan
	planNode()
}

// RowIDCol in Scan.Cols makes the scan emit each row's storage identifier (int8), which
// DELETE and UPDATE hand back to storage to name the rows they change.
const RowIDCol = -1

// Scan reads a stored table. Cols selects and orders the table's columns the scan emits.
type Scan struct {
	Table *catalog.TableDef
	Cols  []int
	Out   []Column
	// Bounds are ranges the filter above a foreign or stored table's scan puts on its
	// columns, for the reader to skip the parts of files whose statistics fall outside
	// (scan_bounds.go).
	Bounds []ScanBound
	// Lookup, when set, reads only the rows with one key of a unique index (index_lookup.go).
	Lookup *IndexLookup
}

// Values produces literal rows; each row has one expression per column, evaluated without
// input. A Values with one empty row is the input of FROM-less SELECTs.
type Values struct {
	Rows [][]Expr
	Out  []Column
}

// FunctionScan produces the rows of a set-returning function (generate_series) in FROM.
// Args are evaluated once per execution; they read no columns.
type FunctionScan struct {
	Func *catalog.Func
	Args []Expr
	Out  []Column
}

// Filter keeps rows for which Pred is true.
type Filter struct {
	Input Plan
	Pred  Expr
}

// Project computes one expression per output column over Input's columns.
type Project struct {
	Input Plan
	Exprs []Expr
	Out   []Column
}

// AggCall is one aggregate computed by an Aggregate node.
type AggCall struct {
	Func     *catalog.Func
	Args     []Expr // over the Aggregate's input; empty for count(*)
	Distinct bool
	Filter   Expr // FILTER (WHERE ...), or nil
	T        types.T
	// OrderBy sorts each group's rows before the aggregate sees them, as ORDER BY inside the
	// call asks (array_agg(x ORDER BY y)). Its keys are Args by index: the function's own
	// arguments are the first NArgs of Args, and sort keys that are not among them follow.
	OrderBy []AggOrderKey
	NArgs   int
}

// AggOrderKey is one ORDER BY key of an aggregate call: an index into its Args.
type AggOrderKey struct {
	Arg        int
	Desc       bool
	NullsFirst bool
}

// FuncArgs returns the arguments the aggregate function itself takes.
func (a AggCall) FuncArgs() []Expr {
	if len(a.OrderBy) == 0 {
		return a.Args
	}
	return a.Args[:a.NArgs]
}

// Aggregate groups Input by GroupBy and computes Aggs per group. Output columns are the group
// keys followed by the aggregates. With no GroupBy it produces exactly one row.
//
// With GROUPING SETS (Sets not nil) the rows are grouped once per set: each set lists the
// GroupBy keys it groups by (indices, ascending; an empty set is one group of all rows, as
// without GroupBy), and the keys a set leaves out are NULL in its rows. The output then
// carries, after the aggregates, one int4 column per GROUPING(...) call in Groupings, whose
// value in a row is the call's bit mask for the row's set (GroupingValue).
type Aggregate struct {
	Input     Plan
	GroupBy   []Expr
	Aggs      []AggCall
	Sets      [][]int
	Groupings [][]int
	Out       []Column
}

// GroupingValue returns GROUPING(args...) for the rows of set: one bit per argument, the
// last argument the least significant, set where the argument is not grouped by the set.
func GroupingValue(args, set []int) int32 {
	var v int32
	for _, a := range args {
		v <<= 1
		if !slices.Contains(set, a) {
			v |= 1
		}
	}
	return v
}

// JoinType is the kind of a join.
type JoinType byte

// Join kinds.
const (
	InnerJoin JoinType = iota
	LeftJoin
	RightJoin
	FullJoin
	SemiJoin // rows of Left with a match; output is Left's columns
	AntiJoin // rows of Left without a match; output is Left's columns
)

func (t JoinType) String() string {
	return [...]string{"Inner", "Left", "Right", "Full", "Semi", "Anti"}[t]
}

// Join is the logical join: output is Left's columns followed by Right's (for inner, outer
// and cross joins), and Cond is over that concatenation (nil for a cross join).
type Join struct {
	Type        JoinType
	Left, Right Plan
	Cond        Expr
}

// HashJoin joins on equality of LeftKeys[i] (over Left) and RightKeys[i] (over Right); NULL
// keys never match. Residual, if not nil, is a further condition over the concatenated row.
// The hash table is built from Right, except that a semi or anti join with BuildLeft builds
// it from Left, its output side, and streams Right past it marking the Left rows that
// match (PostgreSQL's Right Semi and Right Anti joins): a few outer rows tested against a
// big subquery then hash the few rather than the big.
type HashJoin struct {
	Type                JoinType
	Left, Right         Plan
	LeftKeys, RightKeys []Expr
	Residual            Expr
	BuildLeft           bool
}

// NestedLoopJoin evaluates Cond (nil: always true) for every pair of rows.
type NestedLoopJoin struct {
	Type        JoinType
	Left, Right Plan
	Cond        Expr
}

// SortKey is one ORDER BY key.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders Input by Keys (over Input's columns).
type Sort struct {
	Input Plan
	Keys  []SortKey
}

// Limit skips Offset rows then passes at most Count rows. Both are constant expressions
// (literals or parameters); a nil Count means no limit.
type Limit struct {
	Input  Plan
	Offset Expr
	Count  Expr
	// Ties, for FETCH FIRST ... WITH TIES, are the ORDER BY keys (over Input's columns):
	// rows equal on them to the last counted row pass too.
	Ties []SortKey
}

// Distinct removes duplicate rows (all columns compared, NULLs equal).
type Distinct struct {
	Input Plan
	// On, when not empty, makes this SELECT DISTINCT ON: rows are compared on these columns
	// only and the first row of each group in input order is kept, so the input is sorted.
	On []int
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind byte

// Set operations.
const (
	Union SetOpKind = iota
	Intersect
	Except
)

// SetOp combines two inputs with the same column types. All keeps duplicates.
type SetOp struct {
	Kind        SetOpKind
	All         bool
	Left, Right Plan
	Out         []Column
}

func (*Scan) planNode()           {}
func (*Values) planNode()         {}
func (*FunctionScan) planNode()   {}
func (*Filter) planNode()         {}
func (*Project) planNode()        {}
func (*Aggregate) planNode()      {}
func (*Join) planNode()           {}
func (*HashJoin) planNode()       {}
func (*NestedLoopJoin) planNode() {}
func (*Sort) planNode()           {}
func (*Limit) planNode()          {}
func (*Distinct) planNode()       {}
func (*SetOp) planNode()          {}

// Columns implements Plan.
func (p *Scan) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *Values) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *FunctionScan) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *Filter) Columns() []Column { return p.Input.Columns() }

// Columns implements Plan.
func (p *Project) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *Aggregate) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *Join) Columns() []Column { return joinColumns(p.Type, p.Left, p.Right) }

// Columns implements Plan.
func (p *HashJoin) Columns() []Column { return joinColumns(p.Type, p.Left, p.Right) }

// Columns implements Plan.
func (p *NestedLoopJoin) Columns() []Column { return joinColumns(p.Type, p.Left, p.Right) }

// Columns implements Plan.
func (p *Sort) Columns() []Column { return p.Input.Columns() }

// Columns implements Plan.
func (p *Limit) Columns() []Column { return p.Input.Columns() }

// Columns implements Plan.
func (p *Distinct) Columns() []Column { return p.Input.Columns() }

// Columns implements Plan.
func (p *SetOp) Columns() []Column { return p.Out }

func joinColumns(t JoinType, l, r Plan) []Column {
	if t == SemiJoin || t == AntiJoin {
		return l.Columns()
	}
	lc, rc := l.Columns(), r.Columns()
	out := make([]Column, 0, len(lc)+len(rc))
	return append(append(out, lc...), rc...)
}

// Children implements Plan.
func (p *Scan) Children() []Plan { return nil }

// Children implements Plan.
func (p *Values) Children() []Plan { return nil }

// Children implements Plan.
func (p *FunctionScan) Children() []Plan { return nil }

// Children implements Plan.
func (p *Filter) Children() []Plan { return []Plan{p.Input} }

// Children implements Plan.
func (p *Project) Children() []Plan { return []Plan{p.Input} }

// Children implements Plan.
func (p *Aggregate) Children() []Plan { return []Plan{p.Input} }

// Children implements Plan.
func (p *Join) Children() []Plan { return []Plan{p.Left, p.Right} }

// Children implements Plan.
func (p *HashJoin) Children() []Plan { return []Plan{p.Left, p.Right} }

// Children implements Plan.
func (p *NestedLoopJoin) Children() []Plan { return []Plan{p.Left, p.Right} }

// Children implements Plan.
func (p *Sort) Children() []Plan { return []Plan{p.Input} }

// Children implements Plan.
func (p *Limit) Children() []Plan { return []Plan{p.Input} }

// Children implements Plan.
func (p *Distinct) Children() []Plan { return []Plan{p.Input} }

// Children implements Plan.
func (p *SetOp) Children() []Plan { return []Plan{p.Left, p.Right} }

// WithChildren implements Plan.
func (p *Scan) WithChildren([]Plan) Plan { return p }

// WithChildren implements Plan.
func (p *Values) WithChildren([]Plan) Plan { return p }

// WithChildren implements Plan.
func (p *FunctionScan) WithChildren([]Plan) Plan { return p }

// WithChildren implements Plan.
func (p *Filter) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// WithChildren implements Plan.
func (p *Project) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// WithChildren implements Plan.
func (p *Aggregate) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// WithChildren implements Plan.
func (p *Join) WithChildren(c []Plan) Plan { n := *p; n.Left, n.Right = c[0], c[1]; return &n }

// WithChildren implements Plan.
func (p *HashJoin) WithChildren(c []Plan) Plan {
	n := *p
	n.Left, n.Right = c[0], c[1]
	return &n
}

// WithChildren implements Plan.
func (p *NestedLoopJoin) WithChildren(c []Plan) Plan {
	n := *p
	n.Left, n.Right = c[0], c[1]
	return &n
}

// WithChildren implements Plan.
func (p *Sort) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// WithChildren implements Plan.
func (p *Limit) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// WithChildren implements Plan.
func (p *Distinct) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// WithChildren implements Plan.
func (p *SetOp) WithChildren(c []Plan) Plan { n := *p; n.Left, n.Right = c[0], c[1]; return &n }
