package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE [OF t] [NOWAIT |
// SKIP LOCKED] is bound as the SELECT without its LIMIT, each locked table scanned with its
// row identifiers, which follow the SELECT list as hidden columns. The executor reads the
// rows in order, locks them, skipping or failing as the wait policy says, until LIMIT and
// OFFSET have enough, and returns the visible columns: rows past the limit are never
// locked, and a skipped row does not count, as PostgreSQL's LockRows below its Limit.

// LockStrength is a row lock's strength, weakest first (PostgreSQL's LockClauseStrength).
type LockStrength uint8

// The row lock strengths.
const (
	LockForKeyShare LockStrength = iota + 1
	LockForShare
	LockForNoKeyUpdate
	LockForUpdate
)

// String is the clause as PostgreSQL's messages name it.
func (s LockStrength) String() string {
	switch s {
	case LockForKeyShare:
		return "FOR KEY SHARE"
	case LockForShare:
		return "FOR SHARE"
	case LockForNoKeyUpdate:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// LockWait is what a row lock does when another transaction holds the row, mildest first
// (PostgreSQL's LockWaitPolicy, whose order decides between two clauses naming a table).
type LockWait uint8

// The wait policies.
const (
	LockWaitBlock LockWait = iota // wait for the holder to end
	LockWaitSkip                  // SKIP LOCKED: leave the row out
	LockWaitError                 // NOWAIT: fail with 55P03
)

// RowLocking is the locking of a SELECT ... FOR UPDATE (Statement.Locking).
type RowLocking struct {
	// Targets are the locked tables of the FROM clause.
	Targets []LockTarget
	// Visible is how many of Query's first columns are the result (Statement.Result).
	Visible int
	// Count and Offset are the LIMIT and OFFSET, applied as rows are locked (nil: none).
	Count, Offset Expr
}

// LockTarget is one locked table: Query's column RowID holds its row identifiers (NULL on
// the rows an outer join made up).
type LockTarget struct {
	Table    *catalog.TableDef
	RowID    int
	Strength LockStrength
	Wait     LockWait
}

// lockRange is a FROM item of a locking SELECT: a scanned table, or another kind of range
// that a clause naming it cannot lock.
type lockRange struct {
	name     string
	scan     *Scan  // a table scanned with its row identifiers (last column)
	kind     string // otherwise what the range is, for the error: "a function", ...
	nullable bool   // on the nullable side of an outer join
}

// lockRanges collects the FROM items of the locking SELECT being bound (binder.locking).
type lockRanges struct{ ranges []lockRange }

// noteRange records a FROM item while a locking SELECT binds its FROM clause.
func (b *binder) noteRange(r lockRange) {
	if b.locking != nil {
		r.nullable = b.nullableDepth > 0
		b.locking.ranges = append(b.locking.ranges, r)
	}
}

// lockableScan makes scan of def emit row identifiers (a last column, reporting true)
// when a locking SELECT's FROM names it, so that its rows can be locked.
func (b *binder) lockableScan(def *catalog.TableDef, scan *Scan, name string) bool {
	if b.locking == nil {
		return false
	}
	if def.Virtual || def.Kind != catalog.KindTable {
		b.noteRange(lockRange{name: name, kind: relKindName(def)})
		return false
	}
	scan.Cols = append(scan.Cols, RowIDCol)
	scan.Out = append(scan.Out, Column{Name: "ctid", Type: types.TInt8})
	b.noteRange(lockRange{name: name, scan: scan})
	return true
}

func relKindName(def *catalog.TableDef) string {
	switch {
	case def.Virtual:
		return "a system catalog"
	case def.Kind == catalog.KindView:
		return "a view"
	case def.Kind == catalog.KindMatView:
		return "a materialized view"
	case def.Kind == catalog.KindForeign:
		return "a foreign table"
	case def.Kind == catalog.KindSequence:
		return "a sequence"
	}
	return "a relation"
}

// lockingSelect binds a top-level SELECT with locking clauses.
func (b *binder) lockingSelect(s *pg_query.SelectStmt) (*Statement, error) {
	strength := clauseStrength(s.LockingClause[0].GetLockingClause())
	if s.WithClause != nil || s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED ||
		len(s.ValuesLists) > 0 {
		clauses := s.LockingClause
		s.LockingClause = nil
		_, err := b.selectStmt(s, nil)
		s.LockingClause = clauses
		if err != nil {
			return nil, err
		}
		switch {
		case len(s.ValuesLists) > 0:
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s cannot be applied to VALUES", strength)
		case s.WithClause != nil:
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s in a query with WITH is not supported", strength)
		}
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s is not allowed with UNION/INTERSECT/EXCEPT", strength)
	}
	b.locking = &lockRanges{}
	q := &selectBuilder{b: b, s: s}
	err := q.bindFrom(nil)
	ranges := b.locking
	b.locking = nil
	if err != nil {
		return nil, err
	}
	steps := []func() error{q.bindWhere, q.bindSelectList, q.bindOrderBy, q.bindDistinctOn, q.bindGroupBy,
		func() error { return q.checkLocking(strength) }}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	targets, err := b.lockTargets(s.LockingClause, ranges.ranges)
	if err != nil {
		return nil, err
	}
	locking := &RowLocking{Visible: q.nVisible}
	for _, t := range targets {
		col, ok := rowIDColumn(q.plan, t.scan)
		if !ok {
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s cannot be applied to \"%s\" here", t.Strength, t.scan.Table.Name)
		}
		locking.Targets = append(locking.Targets, LockTarget{Table: t.scan.Table, RowID: len(q.targets),
			Strength: t.Strength, Wait: t.Wait})
		q.targets = append(q.targets, target{expr: &ColRef{Idx: col, T: types.TInt8, Name: "ctid"}, name: "ctid", loc: -1})
	}
	for _, step := range []func() error{q.planProjection, q.planDistinct} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	plan, err := b.limit(s, q.plan, q.order, q.sc)
	if err != nil {
		return nil, err
	}
	if lim, ok := plan.(*Limit); ok && lim.Ties == nil {
		plan, locking.Count, locking.Offset = lim.Input, lim.Count, lim.Offset
	}
	return &Statement{Kind: StmtQuery, Tag: "SELECT", Query: plan, Result: plan.Columns()[:q.nVisible], Locking: locking}, nil
}

// checkLocking refuses the queries whose rows are not table rows, as PostgreSQL's
// CheckSelectLocking does, in its order.
func (q *selectBuilder) checkLocking(strength LockStrength) error {
	var what string
	switch {
	case q.s.DistinctClause != nil:
		what = "DISTINCT clause"
	case len(q.s.GroupClause) > 0:
		what = "GROUP BY clause"
	case q.s.HavingClause != nil:
		what = "HAVING clause"
	case len(q.agg.calls) > 0:
		what = "aggregate functions"
	case len(q.win.calls) > 0:
		what = "window functions"
	case len(q.srfs.calls) > 0:
		what = "set-returning functions in the target list"
	default:
		return nil
	}
	return q.b.errorf(-1, pgcode.FeatureNotSupported, "%s is not allowed with %s", strength, what)
}

// lockedScan is a table a clause locks, with the strongest strength and wait policy the
// clauses naming it ask for.
type lockedScan struct {
	scan     *Scan
	Strength LockStrength
	Wait     LockWait
}

// lockTargets resolves the clauses against the FROM items: without OF, every table of the
// FROM clause; with it, the named ones, which must be tables.
func (b *binder) lockTargets(clauses []*pg_query.Node, ranges []lockRange) ([]lockedScan, error) {
	var out []lockedScan
	add := func(r lockRange, strength LockStrength, wait LockWait) error {
		if r.nullable {
			return b.errorf(-1, pgcode.FeatureNotSupported, "%s cannot be applied to the nullable side of an outer join", strength)
		}
		if err := b.requireTable(r.scan.Table, acl.Update); err != nil {
			return err
		}
		for i := range out {
			if out[i].scan == r.scan {
				out[i].Strength, out[i].Wait = max(out[i].Strength, strength), max(out[i].Wait, wait)
				return nil
			}
		}
		out = append(out, lockedScan{scan: r.scan, Strength: strength, Wait: wait})
		return nil
	}
	for _, n := range clauses {
		lc := n.GetLockingClause()
		strength, wait := clauseStrength(lc), clauseWait(lc)
		if len(lc.LockedRels) == 0 {
			for _, r := range ranges {
				if r.scan == nil {
					if r.kind == "a view" || r.kind == "a subquery" {
						return nil, b.errorf(-1, pgcode.FeatureNotSupported, "%s of %s is not supported", strength, r.kind)
					}
					continue // functions, VALUES and WITH queries are not locked
				}
				if err := add(r, strength, wait); err != nil {
					return nil, err
				}
			}
			continue
		}
		for _, rn := range lc.LockedRels {
			rv := rn.GetRangeVar()
			if rv.Schemaname != "" || rv.Catalogname != "" {
				return nil, b.errorf(rv.Location, pgcode.SyntaxError, "%s must specify unqualified relation names", strength)
			}
			found := false
			for _, r := range ranges {
				if r.name != rv.Relname {
					continue
				}
				found = true
				if r.scan == nil {
					return nil, b.errorf(rv.Location, pgcode.FeatureNotSupported, "%s cannot be applied to %s", strength, r.kind)
				}
				if err := add(r, strength, wait); err != nil {
					return nil, err
				}
			}
			if !found {
				return nil, b.errorf(rv.Location, pgcode.UndefinedTable, "relation \"%s\" in %s clause not found in FROM clause", rv.Relname, strength)
			}
		}
	}
	return out, nil
}

func clauseStrength(lc *pg_query.LockingClause) LockStrength {
	switch lc.Strength {
	case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
		return LockForKeyShare
	case pg_query.LockClauseStrength_LCS_FORSHARE:
		return LockForShare
	case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return LockForNoKeyUpdate
	}
	return LockForUpdate
}

func clauseWait(lc *pg_query.LockingClause) LockWait {
	switch lc.WaitPolicy {
	case pg_query.LockWaitPolicy_LockWaitSkip:
		return LockWaitSkip
	case pg_query.LockWaitPolicy_LockWaitError:
		return LockWaitError
	}
	return LockWaitBlock
}

// rowIDColumn finds the column of p that carries scan's row identifiers (its last
// column) through the joins, filters and projections of a FROM clause.
func rowIDColumn(p Plan, scan *Scan) (int, bool) {
	switch x := p.(type) {
	case *Scan:
		if x == scan {
			return len(x.Out) - 1, true
		}
	case *Filter:
		return rowIDColumn(x.Input, scan)
	case *Join:
		if c, ok := rowIDColumn(x.Left, scan); ok {
			return c, true
		}
		if c, ok := rowIDColumn(x.Right, scan); ok {
			return c + len(x.Left.Columns()), true
		}
	case *Project:
		c, ok := rowIDColumn(x.Input, scan)
		if !ok {
			return 0, false
		}
		for i, e := range x.Exprs {
			if r, isRef := e.(*ColRef); isRef && r.Idx == c {
				return i, true
			}
		}
	}
	return 0, false
}
