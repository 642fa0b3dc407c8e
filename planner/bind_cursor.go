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
	cursorBinary = 0x0001
	cursorScroll = 0x0002
	cursorHold   = 0x0020
)

// CursorOp describes DECLARE, FETCH, MOVE and CLOSE.
type CursorOp struct {
	// Name is the cursor's name; empty for CLOSE ALL.
	Name string
	// Count is how many rows FETCH or MOVE go forward (math.MaxInt64 for ALL).
	Count int64
	// Move is MOVE: the rows are skipped, not returned.
	Move bool
	// Scroll is DECLARE's SCROLL option.
	Scroll bool
}

// declareCursor binds DECLARE name [BINARY] [SCROLL] CURSOR [WITHOUT HOLD] FOR query.
func (b *binder) declareCursor(s *pg_query.DeclareCursorStmt) (*Statement, error) {
	switch {
	case s.Options&cursorHold != 0:
		return nil, pgerror.New(pgcode.FeatureNotSupported, "cursors WITH HOLD are not supported")
	case s.Options&cursorBinary != 0:
		return nil, pgerror.New(pgcode.FeatureNotSupported, "BINARY cursors are not supported")
	}
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
		Cursor: &CursorOp{Name: s.Portalname, Scroll: s.Options&cursorScroll != 0}}, nil
}

// fetchStmt binds FETCH and MOVE. Only forward fetches are supported; backward ones get
// PostgreSQL's error for a cursor declared without SCROLL.
func (b *binder) fetchStmt(s *pg_query.FetchStmt) (*Statement, error) {
	var open *Statement
	if b.cursor != nil {
		open, _ = b.cursor(s.Portalname)
	}
	if open == nil {
		return nil, ErrNoCursor(s.Portalname)
	}
	if s.Direction != pg_query.FetchDirection_FETCH_FORWARD || s.HowMany <= 0 {
		if !open.Cursor.Scroll {
			e := pgerror.New(pgcode.ObjectNotInPrerequisiteState, "cursor can only scan forward")
			e.Hint = "Declare it with SCROLL option to enable backward scan."
			return nil, e
		}
		return nil, pgerror.New(pgcode.FeatureNotSupported, "only forward FETCH and MOVE are supported")
	}
	op := &CursorOp{Name: s.Portalname, Count: s.HowMany, Move: s.Ismove}
	if s.Ismove {
		return &Statement{Kind: StmtFetch, Tag: "MOVE", Cursor: op}, nil
	}
	return &Statement{Kind: StmtFetch, Tag: "FETCH", Cursor: op, Result: open.Inner.Result}, nil
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
