package session

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// The session remembers the query strings it ran lately, so that a client sending the same
// text again and again (an application's single-row INSERTs, BEGIN and COMMIT around its
// transactions) neither parses nor binds it each time. Parsing depends on the text alone,
// so every string's statements are kept. A bound statement is kept only when it is
// Reusable (planner/reuse.go) and is used again only while the catalog, the session's
// settings (search_path, role, TimeZone and DateStyle, which literals are read with) and
// the declared parameter types are those it was bound with; otherwise it is bound anew.
// The cache is bounded by entry count and text length, and emptied when full.

const (
	// textCacheEntries bounds how many query strings a session remembers.
	textCacheEntries = 128
	// textCacheMaxLen is the longest query string remembered: long strings are bulk
	// statements, rarely repeated, whose trees would hold memory for nothing.
	textCacheMaxLen = 4096
)

// textCache holds a session's recently parsed query strings and the reusable statements
// bound from them, and the statement shapes it learned (see below).
type textCache struct {
	parsed map[string][]*planner.Parsed
	bound  map[*planner.Parsed]*boundText
	shapes map[string]*shape
	// next is what parse found for the Prepare that follows it: a shape the statement
	// has, or one to learn from it.
	next shapeUse
}

// boundText is a statement bound from a remembered query string, with what it was bound
// under.
type boundText struct {
	prep       *Prepared
	catalog    *catalog.Catalog
	settings   uint64
	paramTypes []types.OID
}

// parse returns the statements of sql, from the cache when the text was seen lately, or
// the statement of a shape it learned, whose literals Prepare then passes as parameters.
func (c *textCache) parse(sql string) ([]*planner.Parsed, error) {
	c.next = shapeUse{}
	ps, seen := c.parsed[sql]
	if seen && (len(ps) != 1 || c.bound[ps[0]] != nil) {
		return ps, nil // bound once already, or more than one statement
	}
	var u shapeUse
	if len(sql) <= textCacheMaxLen {
		u.shape, u.vals, _ = planner.NormalizeLiterals(sql)
	}
	if sh := c.shapes[u.shape]; u.shape != "" && sh != nil {
		if sh.prep == nil && sh.tried {
			u.shape = "" // binding with parameters did not give the same statement
		} else if sh.prep != nil {
			u.sql, u.hit = sql, sh
			c.next = u
			return []*planner.Parsed{sh.prep.parsed}, nil
		}
	}
	if !seen {
		var err error
		if ps, err = planner.Parse(sql); err != nil {
			return ps, err
		}
	}
	if u.shape != "" && len(ps) == 1 {
		u.sql, u.parsed = sql, ps[0]
		c.next = u
	}
	if seen || len(sql) > textCacheMaxLen {
		return ps, nil
	}
	if len(c.parsed) >= textCacheEntries {
		c.parsed, c.bound = nil, nil // the shapes stay: they have a bound of their own
	}
	if c.parsed == nil {
		c.parsed = map[string][]*planner.Parsed{}
		c.bound = map[*planner.Parsed]*boundText{}
	}
	c.parsed[sql] = ps
	return ps, nil
}

// lookup returns the statement bound from p under the same catalog, settings and parameter
// types, or nil.
func (c *textCache) lookup(p *planner.Parsed, cat *catalog.Catalog, settings uint64, paramTypes []types.OID) *Prepared {
	b := c.bound[p]
	if b == nil || b.catalog != cat || b.settings != settings || !slices.Equal(b.paramTypes, paramTypes) {
		return nil
	}
	return b.prep
}

// remember keeps prep, bound from p, when p came from the cache and the statement is
// reusable.
func (c *textCache) remember(p *planner.Parsed, prep *Prepared, settings uint64) {
	if c.bound == nil || !prep.stmt.Reusable() {
		return
	}
	if ps := c.parsed[p.SQL]; !slices.Contains(ps, p) {
		return
	}
	c.bound[p] = &boundText{prep: prep, catalog: prep.catalog, settings: settings, paramTypes: slices.Clone(prep.paramTypes)}
}

// clear forgets every remembered string (DISCARD PLANS, DISCARD ALL, a full cache).
func (c *textCache) clear() {
	c.parsed, c.bound, c.shapes, c.next = nil, nil, nil, shapeUse{}
}

// A session also learns the shapes of the query strings it runs: the text with its integer
// literals as parameters (planner.NormalizeLiterals). The first two statements of a shape
// are parsed and bound as every statement is, and after the second the shape is bound with
// parameters too;
// when that gives the same statement once the parameters read as the literals
// (planner.SameWithLiterals), later statements of the shape skip parsing and binding: they
// run the shape's statement with their literals as its parameters. A shape is used while
// the catalog and the session's settings stay as they were, and at most shapeUses times,
// after which it is learned again from the data as it is then (a plan reading tables was
// shaped by their row counts).

// shapeUses is how many statements run a learned shape before it is learned again.
const shapeUses = 1000

// shape is a statement shape seen once, or learned.
type shape struct {
	// tried is set once the shape was bound with parameters, and prep is the statement
	// that gave, nil when it is not that of the shape's statements.
	tried    bool
	prep     *Prepared
	settings uint64
	uses     int
}

// shapeUse is a statement of a shape: one to learn it from (parsed), or one of a learned
// shape (hit).
type shapeUse struct {
	sql    string
	shape  string
	vals   []int32
	parsed *planner.Parsed
	hit    *shape
}

// take returns what parse found for p, if anything, and forgets it.
func (c *textCache) take(p *planner.Parsed) shapeUse {
	u := c.next
	c.next = shapeUse{}
	if u.parsed == p || u.hit != nil && u.hit.prep.parsed == p {
		return u
	}
	return shapeUse{}
}

// shapePrepared returns the statement of u's learned shape with u's literals, nil when the
// shape is stale, which it then forgets.
func (c *textCache) shapePrepared(u shapeUse, cat *catalog.Catalog, settings uint64, reg *catalog.Registry) *Prepared {
	sh := u.hit
	if sh.prep.catalog != cat || sh.settings != settings || sh.uses >= shapeUses {
		delete(c.shapes, u.shape)
		return nil
	}
	st, err := planner.WithLiterals(sh.prep.stmt, reg, u.vals)
	if err != nil {
		delete(c.shapes, u.shape)
		return nil
	}
	sh.uses++
	return &Prepared{stmt: st, catalog: cat, source: u.sql}
}

// learn records the shape of u, whose statement was bound as prep: the first time as seen,
// the second by binding the shape with bind (a statement of a shape seen once, most
// statements of an ad hoc session, is bound once); a shape whose binding differs is
// recorded as such, so as not to be tried again.
func (c *textCache) learn(u shapeUse, prep *Prepared, settings uint64, reg *catalog.Registry, bind func(*planner.Parsed, []types.OID) (*planner.Statement, error)) {
	if u.shape == "" {
		return
	}
	sh := c.shapes[u.shape]
	if sh == nil {
		if c.shapes == nil || len(c.shapes) >= textCacheEntries {
			c.shapes = map[string]*shape{}
		}
		c.shapes[u.shape] = &shape{}
		return
	}
	sh.tried, sh.settings = true, settings
	ps, err := planner.Parse(u.shape)
	if err != nil || len(ps) != 1 {
		return
	}
	paramTypes := planner.LiteralParams(len(u.vals))
	st, err := bind(ps[0], paramTypes)
	if err != nil || !planner.SameWithLiterals(st, prep.stmt, reg, u.vals) {
		return
	}
	sh.prep = &Prepared{stmt: st, parsed: ps[0], paramTypes: paramTypes, catalog: prep.catalog}
}
