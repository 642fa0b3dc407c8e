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
// bound from them.
type textCache struct {
	parsed map[string][]*planner.Parsed
	bound  map[*planner.Parsed]*boundText
}

// boundText is a statement bound from a remembered query string, with what it was bound
// under.
type boundText struct {
	prep       *Prepared
	catalog    *catalog.Catalog
	settings   uint64
	paramTypes []types.OID
}

// parse returns the statements of sql, from the cache when the text was seen lately.
func (c *textCache) parse(sql string) ([]*planner.Parsed, error) {
	if ps, ok := c.parsed[sql]; ok {
		return ps, nil
	}
	ps, err := planner.Parse(sql)
	if err != nil || len(sql) > textCacheMaxLen {
		return ps, err
	}
	if len(c.parsed) >= textCacheEntries {
		c.clear()
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
	c.parsed, c.bound = nil, nil
}
