package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SQL cursors: DECLARE binds its query here (the session opens it when DECLARE runs);
// FETCH and MOVE are bound against the session's open cursor of that name, so FETCH's
// result columns are known for Describe.

// Cursor options of DECLARE, as PostgreSQL's parser sets them.
const (
	cursorBinary   = 0x0001
	cursorScroll   = 0x0002
	cursorNoScroll = 0x0004
	cursorHold     = 0x0020
)

// FetchDirection says how FETCH and MOVE count: rows ahead or behind the cursor's
// position, or the row to go to (from the start or, when negative, from the end).
type FetchDirection uint8

// Directions of FETCH and MOVE, normalized as PostgreSQL does: NEXT, PRIOR, FIRST and LAST
// are FORWARD 1, BACKWARD 1, ABSOLUTE 1 and ABSOLUTE -1; a negative FORWARD or BACKWARD count
// goes the other way; FORWARD 0 and BACKWARD 0 refetch the current row (RELATIVE 0).
const (
	FetchForward FetchDirection = iota
	FetchBackward
	FetchAbsolute
	FetchRelative
)

// CursorOp describes DECLARE, FETCH, MOVE and CLOSE.
type CursorOp struct {
	// Name is the cursor's name; empty for CLOSE ALL.
	Name string
	// Direction and Count are what FETCH or MOVE do (Count is math.MaxInt64 for ALL).
	Direction FetchDirection
	Count     int64
	// Move is MOVE: the rows are skipped, not returned.
	Move bool
	// Scroll, Hold and Binary are DECLARE's SCROLL, WITH HOLD and BINARY options (Binary
	// is set on FETCH too: its rows go in binary format over the simple query protocol).
	Scroll, Hold, Binary bool
	// NoScroll is DECLARE's NO SCROLL.
	NoScroll bool
	// ScrollByPlan marks a cursor declared with neither SCROLL nor NO SCROLL whose plan
	// lets it go backward (SupportsBackwardScan), as PostgreSQL decides: Scroll is set too.
	ScrollByPlan bool
}

// decideScroll sets Scroll on a cursor declared with neither SCROLL nor NO SCROLL when its
// optimized plan q could go backward in PostgreSQL.
func (c *CursorOp) decideScroll(q Plan) {
	if !c.Scroll && !c.NoScroll && SupportsBackwardScan(q) {
		c.Scroll, c.ScrollByPlan = true, true
	}
}

// declareCursor binds DECLARE name [BINARY] [SCROLL] CURSOR [WITH[OUT] HOLD] FOR query.
func (b *binder) declareCursor(s *pg_query.DeclareCursorStmt) (*Statement, error) {
	inner, err := b.statement(s.Query)
	if err != nil {
		return nil, err
	}
	if inner.Kind != StmtQuery {
		return nil, pgerror.New(pgcode.InvalidCursorDefinition, "cannot open non-SELECT query as cursor")
	}
	if inner.Locking != nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "DECLARE CURSOR ... FOR UPDATE/SHARE is not supported")
	}
	return &Statement{Kind: StmtDeclareCursor, Tag: "DECLARE CURSOR", Inner: inner,
		Cursor: &CursorOp{Name: s.Portalname, Scroll: s.Options&cursorScroll != 0, Hold: s.Options&cursorHold != 0,
			Binary: s.Options&cursorBinary != 0, NoScroll: s.Options&cursorNoScroll != 0}}, nil
}

// fetchStmt binds FETCH and MOVE. Whether the cursor may go where they ask is decided when
// they run, by where it is then.
func (b *binder) fetchStmt(s *pg_query.FetchStmt) (*Statement, error) {
	var open *Statement
	if b.cursor != nil {
		open, _ = b.cursor(s.Portalname)
	}
	if open == nil {
		return nil, ErrNoCursor(s.Portalname)
	}
	op := &CursorOp{Name: s.Portalname, Count: s.HowMany, Move: s.Ismove, Binary: open.Cursor.Binary}
	switch s.Direction {
	case pg_query.FetchDirection_FETCH_BACKWARD:
		op.Direction = FetchBackward
	case pg_query.FetchDirection_FETCH_ABSOLUTE:
		op.Direction = FetchAbsolute
	case pg_query.FetchDirection_FETCH_RELATIVE:
		op.Direction = FetchRelative
	}
	normalizeFetch(op)
	if s.Ismove {
		return &Statement{Kind: StmtFetch, Tag: "MOVE", Cursor: op}, nil
	}
	return &Statement{Kind: StmtFetch, Tag: "FETCH", Cursor: op, Result: open.Inner.Result}, nil
}

// normalizeFetch turns a negative FORWARD or BACKWARD count into the other direction and
// a zero one into RELATIVE 0, as PostgreSQL does.
func normalizeFetch(op *CursorOp) {
	if op.Direction != FetchForward && op.Direction != FetchBackward {
		return
	}
	switch {
	case op.Count == 0:
		op.Direction = FetchRelative
	case op.Count < 0:
		op.Direction = FetchForward + FetchBackward - op.Direction
		op.Count = -op.Count
	}
}

// closeCursor binds CLOSE name | ALL.
func (b *binder) closeCursor(s *pg_query.ClosePortalStmt) *Statement {
	if s.Portalname == "" {
		return &Statement{Kind: StmtCloseCursor, Tag: "CLOSE CURSOR ALL", Cursor: &CursorOp{}}
	}
	return &Statement{Kind: StmtCloseCursor, Tag: "CLOSE CURSOR", Cursor: &CursorOp{Name: s.Portalname}}
}

// ErrNoCursor is PostgreSQL's error for a cursor name that is not open.
func ErrNoCursor(name string) error {
	return pgerror.Newf(pgcode.InvalidCursorName, "cursor \"%s\" does not exist", name)
}
