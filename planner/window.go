package planner

import (
	"fmt"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// FrameMode is how a window frame's bounds are counted.
type FrameMode byte

// Frame modes.
const (
	FrameRange  FrameMode = iota // bounds in peer groups of equal ORDER BY values (offsets unsupported)
	FrameRows                    // bounds in rows
	FrameGroups                  // bounds in peer groups
)

// BoundKind is the kind of one end of a window frame.
type BoundKind byte

// Frame bound kinds.
const (
	UnboundedPreceding BoundKind = iota
	OffsetPreceding
	CurrentRow
	OffsetFollowing
	UnboundedFollowing
)

// FrameExclude is a frame's EXCLUDE clause.
type FrameExclude byte

// Frame exclusions.
const (
	ExcludeNoOthers FrameExclude = iota
	ExcludeCurrentRow
	ExcludeGroup
	ExcludeTies
)

// FrameBound is one end of a frame. Offset (int8, constant: literals and parameters) is set
// for OffsetPreceding and OffsetFollowing.
type FrameBound struct {
	Kind   BoundKind
	Offset Expr
}

// WindowFrame is a window's frame clause. The default, RANGE BETWEEN UNBOUNDED PRECEDING
// AND CURRENT ROW, makes the frame the partition's rows up to the current row's last peer.
type WindowFrame struct {
	Mode       FrameMode
	Start, End FrameBound
	Exclude    FrameExclude
}

// DefaultFrame is the frame of a window without a frame clause.
var DefaultFrame = WindowFrame{Mode: FrameRange, Start: FrameBound{Kind: UnboundedPreceding}, End: FrameBound{Kind: CurrentRow}}

// WindowCall is one window function (or aggregate used as one) computed by a Window node.
// All expressions are over the Window's input.
type WindowCall struct {
	Func        *catalog.Func
	Args        []Expr
	PartitionBy []Expr
	OrderBy     []SortKey
	Frame       WindowFrame
	T           types.T
}

// Window computes window functions over Input's rows. Output columns are Input's columns
// followed by one column per call. Rows come out in the order of the last call's window
// (partition keys, then ORDER BY keys), as PostgreSQL's outermost WindowAgg emits them.
type Window struct {
	Input Plan
	Funcs []WindowCall
	Out   []Column
}

func (*Window) planNode() {}

// Columns implements Plan.
func (p *Window) Columns() []Column { return p.Out }

// Children implements Plan.
func (p *Window) Children() []Plan { return []Plan{p.Input} }

// WithChildren implements Plan.
func (p *Window) WithChildren(c []Plan) Plan { n := *p; n.Input = c[0]; return &n }

// SameWindow reports whether two calls share PARTITION BY and ORDER BY, so that one sort
// serves both.
func SameWindow(a, b *WindowCall) bool {
	if len(a.PartitionBy) != len(b.PartitionBy) || len(a.OrderBy) != len(b.OrderBy) {
		return false
	}
	for i := range a.PartitionBy {
		if a.PartitionBy[i].String() != b.PartitionBy[i].String() {
			return false
		}
	}
	for i := range a.OrderBy {
		x, y := a.OrderBy[i], b.OrderBy[i]
		if x.Expr.String() != y.Expr.String() || x.Desc != y.Desc || x.NullsFirst != y.NullsFirst {
			return false
		}
	}
	return true
}

// mapExprs returns c with every expression replaced by fn(e).
func (c WindowCall) mapExprs(fn func(Expr) Expr) WindowCall {
	c.Args = mapList(c.Args, fn)
	c.PartitionBy = mapList(c.PartitionBy, fn)
	keys := make([]SortKey, len(c.OrderBy))
	for i, k := range c.OrderBy {
		k.Expr = fn(k.Expr)
		keys[i] = k
	}
	c.OrderBy = keys
	for _, b := range []*FrameBound{&c.Frame.Start, &c.Frame.End} {
		if b.Offset != nil {
			b.Offset = fn(b.Offset)
		}
	}
	return c
}

// exprs returns every expression of the call that reads the input.
func (c *WindowCall) exprs() []Expr {
	out := append(append([]Expr(nil), c.Args...), c.PartitionBy...)
	for _, k := range c.OrderBy {
		out = append(out, k.Expr)
	}
	return out
}

func (c *WindowCall) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s(%s) OVER (", c.Func.Name, joinExprs(c.Args))
	sep := ""
	if len(c.PartitionBy) > 0 {
		fmt.Fprintf(&b, "PARTITION BY %s", joinExprs(c.PartitionBy))
		sep = " "
	}
	if len(c.OrderBy) > 0 {
		b.WriteString(sep + "ORDER BY " + sortKeysString(c.OrderBy))
		sep = " "
	}
	if c.Frame != DefaultFrame {
		b.WriteString(sep + c.Frame.String())
	}
	b.WriteString(")")
	return b.String()
}

func (f WindowFrame) String() string {
	s := [...]string{"RANGE", "ROWS", "GROUPS"}[f.Mode] + " BETWEEN " + f.Start.String() + " AND " + f.End.String()
	if f.Exclude != ExcludeNoOthers {
		s += [...]string{"", " EXCLUDE CURRENT ROW", " EXCLUDE GROUP", " EXCLUDE TIES"}[f.Exclude]
	}
	return s
}

func (b FrameBound) String() string {
	switch b.Kind {
	case UnboundedPreceding:
		return "UNBOUNDED PRECEDING"
	case OffsetPreceding:
		return b.Offset.String() + " PRECEDING"
	case CurrentRow:
		return "CURRENT ROW"
	case OffsetFollowing:
		return b.Offset.String() + " FOLLOWING"
	}
	return "UNBOUNDED FOLLOWING"
}

// sortKeysString renders sort keys as EXPLAIN shows them.
func sortKeysString(keys []SortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		s := k.Expr.String()
		if k.Desc {
			s += " DESC"
		}
		if k.NullsFirst {
			s += " NULLS FIRST"
		} else {
			s += " NULLS LAST"
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}
