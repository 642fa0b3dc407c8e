package planner

// The plan nodes of WITH queries. A CTE that is referenced once (and not declared
// MATERIALIZED) is inlined by the binder into the query that references it, so these nodes
// only appear for CTEs that are computed once and read several times, and for recursive
// ones.
//
//	With            makes CTEs[i] available as CTE IDs[i] to everything in Input (and to the
//	                later CTEs); each is computed at most once per execution, on first read
//	CTEScan         reads the rows of a CTE of an enclosing With
//	RecursiveUnion  Seed, then Step repeatedly over the rows the previous round produced
//	WorkTableScan   inside Step: the rows of the previous round

// With evaluates Input with the CTEs in scope. Its children are the CTE plans followed by
// Input; its output is Input's.
type With struct {
	IDs   []int
	Names []string
	CTEs  []Plan
	Input Plan
}

// CTEScan reads the materialized result of the CTE with the given ID (bound by an enclosing
// With). Out are the CTE's columns, as the reference names them.
type CTEScan struct {
	ID   int
	Name string
	Out  []Column
}

// RecursiveUnion is WITH RECURSIVE's non-recursive term UNION [ALL] recursive term. It emits
// Seed's rows, then runs Step, whose WorkTableScan ID reads the rows the previous round
// emitted, until a round emits nothing. Without All, rows already emitted (in any round) are
// discarded, which is what makes UNION terminate on cyclic data.
type RecursiveUnion struct {
	ID         int
	Name       string
	All        bool
	Seed, Step Plan
	Out        []Column
}

// WorkTableScan reads the working table of the enclosing RecursiveUnion ID.
type WorkTableScan struct {
	ID   int
	Name string
	Out  []Column
}

func (*With) planNode()           {}
func (*CTEScan) planNode()        {}
func (*RecursiveUnion) planNode() {}
func (*WorkTableScan) planNode()  {}

// Columns implements Plan.
func (p *With) Columns() []Column { return p.Input.Columns() }

// Columns implements Plan.
func (p *CTEScan) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *RecursiveUnion) Columns() []Column { return p.Out }

// Columns implements Plan.
func (p *WorkTableScan) Columns() []Column { return p.Out }

// Children implements Plan.
func (p *With) Children() []Plan {
	out := make([]Plan, 0, len(p.CTEs)+1)
	return append(append(out, p.CTEs...), p.Input)
}

// Children implements Plan.
func (p *CTEScan) Children() []Plan { return nil }

// Children implements Plan.
func (p *RecursiveUnion) Children() []Plan { return []Plan{p.Seed, p.Step} }

// Children implements Plan.
func (p *WorkTableScan) Children() []Plan { return nil }

// WithChildren implements Plan.
func (p *With) WithChildren(c []Plan) Plan {
	n := *p
	n.CTEs = append([]Plan(nil), c[:len(c)-1]...)
	n.Input = c[len(c)-1]
	return &n
}

// WithChildren implements Plan.
func (p *CTEScan) WithChildren([]Plan) Plan { return p }

// WithChildren implements Plan.
func (p *RecursiveUnion) WithChildren(c []Plan) Plan {
	n := *p
	n.Seed, n.Step = c[0], c[1]
	return &n
}

// WithChildren implements Plan.
func (p *WorkTableScan) WithChildren([]Plan) Plan { return p }
