package planner

import (
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// SetCall is one call of a set-returning function evaluated by a ProjectSet, with
// arguments over the ProjectSet's input.
type SetCall struct {
	Func *catalog.Func
	Args []Expr
	// Cols are the columns the call's rows have (its OUT parameters, or one column of its
	// return type).
	Cols []Column
	// AsRecord makes the call produce one column holding each row's columns as a record
	// (a function returning rows, called in a SELECT list).
	AsRecord bool
	// Record, when set, is the record or composite type the function returns (a function
	// returning a row type, or record with a column definition list, in FROM): its values
	// are split into Cols, one per field.
	Record types.T
}

// Expands reports whether the call's records are split into its columns.
func (c *SetCall) Expands() bool { return c.Record.OID != 0 }

// RecordType returns the type of the records an AsRecord call produces.
func (c *SetCall) RecordType() types.T {
	fields := make([]types.RecordField, len(c.Cols))
	for i, col := range c.Cols {
		fields[i] = types.RecordField{Name: col.Name, Type: col.Type}
	}
	return types.RecordOf(fields)
}

// Out returns the columns the call contributes to its ProjectSet's output.
func (c *SetCall) Out() []Column {
	if c.AsRecord {
		return []Column{{Name: c.Func.Name, Type: c.RecordType()}}
	}
	return c.Cols
}

func (c *SetCall) String() string { return c.Func.Name + "(" + joinExprs(c.Args) + ")" }

// ProjectSet evaluates set-returning functions for each input row, as PostgreSQL's
// ProjectSet node does: a row's calls run in lockstep, giving as many output rows as the
// longest of them (the shorter padded with NULLs), each output row being the input row
// followed by the calls' columns; an input row for which every call returns no rows gives
// none. With Ordinality a last bigint column numbers each input row's output rows from 1.
// It serves set-returning functions in a SELECT list, functions in FROM whose arguments
// read earlier FROM items (LATERAL), and ROWS FROM (...) and WITH ORDINALITY.
type ProjectSet struct {
	Input      Plan
	Calls      []*SetCall
	Ordinality bool
	// Pass lists the input columns the output begins with (nil: all of them, in order);
	// column pruning drops those nothing above reads, so they are not repeated per row.
	Pass []int
	Out  []Column
}

// Passed returns the indexes of the input columns the output begins with.
func (p *ProjectSet) Passed() []int {
	if p.Pass != nil {
		return p.Pass
	}
	out := make([]int, len(p.Input.Columns()))
	for i := range out {
		out[i] = i
	}
	return out
}

func (*ProjectSet) planNode() {}

// Columns implements Plan.
func (p *ProjectSet) Columns() []Column { return p.Out }

// Children implements Plan.
func (p *ProjectSet) Children() []Plan { return []Plan{p.Input} }

// WithChildren implements Plan.
func (p *ProjectSet) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

func newProjectSet(input Plan, calls []*SetCall) *ProjectSet {
	ps := &ProjectSet{Input: input, Calls: calls, Out: append([]Column(nil), input.Columns()...)}
	for _, c := range calls {
		ps.Out = append(ps.Out, c.Out()...)
	}
	return ps
}

func (p *ProjectSet) explain() string {
	calls := make([]string, len(p.Calls))
	for i, c := range p.Calls {
		calls[i] = c.String()
	}
	return "ProjectSet " + strings.Join(calls, ", ")
}

// setColumns returns the columns of the rows fn returns for a call of type t with
// arguments args.
func setColumns(fn *catalog.Func, t types.T, name string, args []Expr) []Column {
	if len(fn.OutCols) == 0 {
		return []Column{{Name: name, Type: t}}
	}
	cols := make([]Column, len(fn.OutCols))
	for i, c := range fn.OutCols {
		cols[i] = Column{Name: c.Name, Type: types.Of(c.Type)}
		if len(fn.OutCols) == 1 {
			cols[i].Type = t // a single OUT column takes the resolved return type
		} else if c.Type == types.AnyElement {
			cols[i].Type = polymorphicElement(fn, args)
		}
	}
	return cols
}

// polymorphicElement is the type an anyelement OUT column of fn takes in a call with args:
// the element type of its first anyarray argument, as PostgreSQL resolves it.
func polymorphicElement(fn *catalog.Func, args []Expr) types.T {
	for i, a := range fn.Args {
		if a == types.AnyArray && i < len(args) {
			if elem, ok := types.ElemType(args[i].Type()); ok {
				return elem
			}
		}
	}
	return types.Of(types.Text)
}

// srfPlaceholder stands for the value of the k-th set-returning call of the SELECT being
// bound until the ProjectSet computing it is placed.
type srfPlaceholder struct {
	k int
	t types.T
}

func (*srfPlaceholder) exprNode()        {}
func (s *srfPlaceholder) Type() types.T  { return s.t }
func (s *srfPlaceholder) String() string { return "srf#" + strconv.Itoa(s.k) }

// srfCollector gathers the set-returning calls of a SELECT list.
type srfCollector struct {
	calls []*SetCall
	// inCall is set while a call's arguments are bound: nested calls are not supported.
	inCall bool
}

// replaceSRFs turns placeholders into references to the ProjectSet's columns, which follow
// its base input columns.
func replaceSRFs(e Expr, base int) Expr {
	return deepMapExpr(e, func(e Expr) Expr {
		if s, ok := e.(*srfPlaceholder); ok {
			return &ColRef{Idx: base + s.k, T: s.t, Name: "srf" + strconv.Itoa(s.k)}
		}
		return e
	})
}
