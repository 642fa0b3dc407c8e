package planner

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Window functions are bound like aggregates: while the SELECT list and ORDER BY are bound,
// each call (function, arguments, PARTITION BY, ORDER BY and frame, all over the FROM
// clause's columns) is collected into the SELECT's winCollector and replaced by a
// placeholder. After GROUP BY and HAVING, the calls are rewritten over the aggregate's
// output like the rest of the SELECT list, a Window node computes them, and the placeholders
// become references to its output columns.

// winPlaceholder stands for the k-th window call of the SELECT being bound until the Window
// node's output column is known. It never leaves the binder.
type winPlaceholder struct {
	k int
	t types.T
}

func (*winPlaceholder) exprNode()        {}
func (w *winPlaceholder) Type() types.T  { return w.t }
func (w *winPlaceholder) String() string { return "win#" + strconv.Itoa(w.k) }

// winCollector gathers the window calls of one SELECT.
type winCollector struct {
	calls []WindowCall
	// named holds the WINDOW clause's definitions by name.
	named map[string]*pg_query.WindowDef
	// inWin is set while binding a window call's arguments: nested calls are errors.
	inWin bool
}

// Frame option bits of pg_query's WindowDef.FrameOptions (PostgreSQL's FRAMEOPTION_*).
const (
	frameNonDefault          = 0x00001
	frameRows                = 0x00004
	frameGroups              = 0x00008
	frameStartUnboundedPrec  = 0x00020
	frameEndUnboundedFollow  = 0x00100
	frameStartCurrentRow     = 0x00200
	frameEndCurrentRow       = 0x00400
	frameStartOffsetPrec     = 0x00800
	frameEndOffsetPrec       = 0x01000
	frameStartOffsetFollow   = 0x02000
	frameEndOffsetFollow     = 0x04000
	frameExcludeCurrentRow   = 0x08000
	frameExcludeGroup        = 0x10000
	frameExcludeTies         = 0x20000
	frameStartOffset         = frameStartOffsetPrec | frameStartOffsetFollow
	frameEndOffset           = frameEndOffsetPrec | frameEndOffsetFollow
	frameOptionsDefaultFrame = 0x00002 | frameStartUnboundedPrec | frameEndCurrentRow
)

// newWinCollector checks a SELECT's WINDOW clause (names unique, references to earlier
// definitions valid) and returns the collector for its window calls.
func (b *binder) newWinCollector(defs []*pg_query.Node) (*winCollector, error) {
	w := &winCollector{named: map[string]*pg_query.WindowDef{}}
	for _, n := range defs {
		wd := n.Node.(*pg_query.Node_WindowDef).WindowDef
		if _, dup := w.named[wd.Name]; dup {
			return nil, b.errorf(wd.Location, pgcode.WindowingError, "window \"%s\" is already defined", wd.Name)
		}
		if _, _, _, err := b.flattenWindow(w, wd); err != nil {
			return nil, err
		}
		w.named[wd.Name] = wd
	}
	return w, nil
}

// flattenWindow resolves a window definition's reference to a named window, returning its
// PARTITION BY and ORDER BY items and the definition carrying its frame, with PostgreSQL's
// rules: a referencing window keeps the referenced PARTITION BY, may add ORDER BY only when
// the referenced one has none, and cannot copy a window that has a frame clause.
func (b *binder) flattenWindow(w *winCollector, wd *pg_query.WindowDef) (part, order []*pg_query.Node, frame *pg_query.WindowDef, err error) {
	if wd.Refname == "" {
		return wd.PartitionClause, wd.OrderClause, wd, nil
	}
	ref, ok := w.named[wd.Refname]
	if !ok {
		return nil, nil, nil, b.errorf(wd.Location, pgcode.UndefinedObject, "window \"%s\" does not exist", wd.Refname)
	}
	rpart, rorder, rframe, err := b.flattenWindow(w, ref)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(wd.PartitionClause) > 0 {
		return nil, nil, nil, b.errorf(wd.Location, pgcode.WindowingError, "cannot override PARTITION BY clause of window \"%s\"", wd.Refname)
	}
	order = rorder
	if len(wd.OrderClause) > 0 {
		if len(rorder) > 0 {
			return nil, nil, nil, b.errorf(wd.Location, pgcode.WindowingError, "cannot override ORDER BY clause of window \"%s\"", wd.Refname)
		}
		order = wd.OrderClause
	}
	if rframe.FrameOptions&frameNonDefault != 0 {
		e := b.errorf(wd.Location, pgcode.WindowingError, "cannot copy window \"%s\" because it has a frame clause", wd.Refname)
		if len(wd.OrderClause) == 0 && wd.FrameOptions&frameNonDefault == 0 {
			e = e.WithHint("Omit the parentheses in this OVER clause.")
		}
		return nil, nil, nil, e
	}
	return rpart, order, wd, nil
}

// windowAllowed returns the error for a window call where none may appear, or nil.
func (b *binder) windowAllowed(sc *scope, loc int32) error {
	if sc != nil && sc.win != nil {
		if sc.win.inWin {
			return b.errorf(loc, pgcode.WindowingError, "window function calls cannot be nested")
		}
		if sc.agg != nil && sc.agg.inAgg {
			return b.errorf(loc, pgcode.GroupingError, "aggregate function calls cannot contain window function calls")
		}
		return nil
	}
	if sc != nil && sc.agg != nil && sc.agg.inAgg {
		return b.errorf(loc, pgcode.GroupingError, "aggregate function calls cannot contain window function calls")
	}
	clause := "this context"
	switch {
	case sc != nil && sc.winClause != "":
		clause = sc.winClause
	case sc != nil && sc.aggClause != "":
		clause = sc.aggClause
	}
	return b.errorf(loc, pgcode.WindowingError, "window functions are not allowed in %s", clause)
}

// windowCall binds fn(args) OVER (...), collecting it into sc.win.
func (b *binder) windowCall(name string, f *pg_query.FuncCall, sc *scope) (Expr, error) {
	if err := b.windowAllowed(sc, f.Location); err != nil {
		return nil, err
	}
	w := sc.win
	var isAgg, isWin, known bool
	for _, fn := range b.reg.Funcs(name) {
		known = true
		isAgg = isAgg || fn.Kind == catalog.KindAggregate
		isWin = isWin || fn.Kind == catalog.KindWindow
	}
	if known && !isAgg && !isWin {
		return nil, b.errorf(f.Location, pgcode.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name)
	}
	if f.AggDistinct {
		return nil, b.errorf(f.Location, pgcode.FeatureNotSupported, "DISTINCT is not implemented for window functions")
	}
	if len(f.AggOrder) > 0 {
		return nil, b.errorf(f.Location, pgcode.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions")
	}
	if f.AggFilter != nil {
		if !isAgg {
			return nil, b.errorf(f.Location, pgcode.FeatureNotSupported, "FILTER is not implemented for non-aggregate window functions")
		}
		return nil, b.errorf(f.Location, pgcode.FeatureNotSupported, "FILTER in aggregates used as window functions is not supported yet")
	}

	// Arguments: aggregates are allowed (sum(sum(x)) OVER ()), window calls are not.
	var args []Expr
	var locs []int32
	if !f.AggStar {
		w.inWin = true
		var err error
		args, locs, err = b.exprList(f.Args, sc)
		w.inWin = false
		if err != nil {
			return nil, err
		}
	}
	if name == "lag" || name == "lead" {
		if len(args) == 3 { // anycompatible value and default
			t, err := b.commonType([]Expr{args[0], args[2]}, name, []int32{locs[0], locs[2]})
			if err != nil {
				return nil, err
			}
			if args[0], err = b.coerce(args[0], t, types.Implicit, locs[0]); err != nil {
				return nil, err
			}
			if args[2], err = b.coerce(args[2], t, types.Implicit, locs[2]); err != nil {
				return nil, err
			}
		}
	}
	var cands []candidate
	for _, fn := range b.reg.Funcs(name) {
		if fn.Kind == catalog.KindAggregate || fn.Kind == catalog.KindWindow {
			cands = append(cands, funcCandidate(fn))
		}
	}
	argTypes := exprTypes(args)
	c, ambiguous := pickCandidate(cands, argTypes)
	if c == nil || ambiguous {
		desc := b.typeList(argTypes)
		if f.AggStar {
			desc = "*"
		}
		return nil, b.errorf(f.Location, pgcode.UndefinedFunction, "function %s(%s) does not exist", name, desc).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	call, err := b.bindCall(c.fn, *c, args, locs)
	if err != nil {
		return nil, err
	}
	wc := WindowCall{Func: c.fn, Args: call.Args, T: call.T}
	if err := b.windowSpec(&wc, f.Over, sc); err != nil {
		return nil, err
	}
	// The same call written twice (in the SELECT list and ORDER BY) is computed once.
	key := wc.String()
	for k := range w.calls {
		if w.calls[k].String() == key && w.calls[k].T == wc.T {
			return &winPlaceholder{k: k, t: wc.T}, nil
		}
	}
	w.calls = append(w.calls, wc)
	return &winPlaceholder{k: len(w.calls) - 1, t: wc.T}, nil
}

// windowSpec binds an OVER clause into wc: PARTITION BY, ORDER BY and frame.
func (b *binder) windowSpec(wc *WindowCall, over *pg_query.WindowDef, sc *scope) error {
	w := sc.win
	wd := over
	if over.Name != "" && over.Refname == "" && len(over.PartitionClause) == 0 && len(over.OrderClause) == 0 {
		// OVER name: the named window as it is, frame included.
		named, ok := w.named[over.Name]
		if !ok {
			return b.errorf(over.Location, pgcode.UndefinedObject, "window \"%s\" does not exist", over.Name)
		}
		wd = named
	}
	part, order, frameDef, err := b.flattenWindow(w, wd)
	if err != nil {
		return err
	}
	// Window calls may not appear in window definitions; aggregates may.
	sc.win, sc.winClause = nil, "window definitions"
	defer func() { sc.win, sc.winClause = w, "" }()
	for _, p := range part {
		e, err := b.expr(p, sc)
		if err != nil {
			return err
		}
		if e, err = b.resolveUnknown(e, location(p)); err != nil {
			return err
		}
		wc.PartitionBy = append(wc.PartitionBy, e)
	}
	keys, err := b.sortKeys(order, sc)
	if err != nil {
		return err
	}
	wc.OrderBy = append(wc.OrderBy, keys...)
	return b.windowFrame(wc, frameDef, len(order) > 0)
}

// sortKeys binds the SortBy items of a window's or an aggregate call's ORDER BY: each an
// expression in scope sc with its direction and NULL placement (NULLS FIRST by default for
// DESC, as in PostgreSQL).
func (b *binder) sortKeys(items []*pg_query.Node, sc *scope) ([]SortKey, error) {
	var keys []SortKey
	for _, it := range items {
		sb := it.Node.(*pg_query.Node_SortBy).SortBy
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			var err error
			if desc, err = b.usingDirection(sb); err != nil {
				return nil, err
			}
		}
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		e, err := b.expr(sb.Node, sc)
		if err != nil {
			return nil, err
		}
		if e, err = b.resolveUnknown(e, location(sb.Node)); err != nil {
			return nil, err
		}
		keys = append(keys, SortKey{Expr: e, Desc: desc, NullsFirst: nullsFirst})
	}
	return keys, nil
}

// windowFrame binds a frame clause.
func (b *binder) windowFrame(wc *WindowCall, wd *pg_query.WindowDef, ordered bool) error {
	opts := wd.FrameOptions
	if opts&frameNonDefault == 0 {
		opts = frameOptionsDefaultFrame
	}
	fr := WindowFrame{Mode: FrameRange}
	switch {
	case opts&frameRows != 0:
		fr.Mode = FrameRows
	case opts&frameGroups != 0:
		fr.Mode = FrameGroups
		if !ordered {
			return b.errorf(wd.Location, pgcode.WindowingError, "GROUPS mode requires an ORDER BY clause")
		}
	}
	if fr.Mode == FrameRange && (opts&(frameStartOffset|frameEndOffset)) != 0 {
		return b.errorf(wd.Location, pgcode.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported yet")
	}
	mode := [...]string{"RANGE", "ROWS", "GROUPS"}[fr.Mode]
	bound := func(unbounded, current, prec, follow int32, off *pg_query.Node, unb BoundKind) (FrameBound, error) {
		switch {
		case opts&unbounded != 0:
			return FrameBound{Kind: unb}, nil
		case opts&current != 0:
			return FrameBound{Kind: CurrentRow}, nil
		}
		kind := OffsetPreceding
		if opts&follow != 0 {
			kind = OffsetFollowing
		}
		e, err := b.expr(off, &scope{aggClause: "window frame offsets", winClause: "window frame offsets"})
		if err != nil {
			if pgerror.GetCode(err) == pgcode.UndefinedColumn {
				return FrameBound{}, b.errorf(location(off), pgcode.InvalidColumnReference, "argument of %s must not contain variables", mode)
			}
			return FrameBound{}, err
		}
		if e, err = b.coerce(e, types.TInt8, types.Implicit, location(off)); err != nil {
			return FrameBound{}, err
		}
		return FrameBound{Kind: kind, Offset: e}, nil
	}
	var err error
	if fr.Start, err = bound(frameStartUnboundedPrec, frameStartCurrentRow, frameStartOffsetPrec, frameStartOffsetFollow, wd.StartOffset, UnboundedPreceding); err != nil {
		return err
	}
	if opts&0x00010 == 0 { // no BETWEEN: the frame ends at the current row
		fr.End = FrameBound{Kind: CurrentRow}
	} else if fr.End, err = bound(frameEndUnboundedFollow, frameEndCurrentRow, frameEndOffsetPrec, frameEndOffsetFollow, wd.EndOffset, UnboundedFollowing); err != nil {
		return err
	}
	switch {
	case opts&frameExcludeCurrentRow != 0:
		fr.Exclude = ExcludeCurrentRow
	case opts&frameExcludeGroup != 0:
		fr.Exclude = ExcludeGroup
	case opts&frameExcludeTies != 0:
		fr.Exclude = ExcludeTies
	}
	if fr.Exclude != ExcludeNoOthers && wc.Func.Kind == catalog.KindWindow {
		switch wc.Func.Name {
		case "first_value", "last_value", "nth_value":
			return b.errorf(wd.Location, pgcode.FeatureNotSupported, "EXCLUDE in the frame of %s is not supported yet", wc.Func.Name)
		}
	}
	wc.Frame = fr
	return nil
}

// replaceWindows turns window placeholders into references to the Window node's output
// columns, which follow its base input columns.
func replaceWindows(e Expr, base int) Expr {
	return deepMapExpr(e, func(e Expr) Expr {
		if w, ok := e.(*winPlaceholder); ok {
			return &ColRef{Idx: base + w.k, T: w.t, Name: "win" + strconv.Itoa(w.k)}
		}
		return e
	})
}

func containsWindow(e Expr) bool {
	found := false
	walkExpr(e, func(e Expr) {
		if _, ok := e.(*winPlaceholder); ok {
			found = true
		}
	})
	return found
}

// windowNode builds the Window node computing the collected calls over plan; rewrite, when
// not nil, first maps each call's expressions over the aggregate's output.
func (b *binder) windowNode(plan Plan, w *winCollector, rewrite func(Expr) (Expr, error)) (*Window, error) {
	node := &Window{Input: plan, Out: append([]Column(nil), plan.Columns()...)}
	for _, c := range w.calls {
		if rewrite != nil {
			var err error
			c = c.mapExprs(func(e Expr) Expr {
				if err != nil || e == nil {
					return e
				}
				var n Expr
				n, err = rewrite(e)
				return n
			})
			if err != nil {
				return nil, err
			}
		}
		node.Funcs = append(node.Funcs, c)
		node.Out = append(node.Out, Column{Name: c.Func.Name, Type: c.T})
	}
	return node, nil
}
