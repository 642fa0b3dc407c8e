package planner

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
)

// The events a relation accepts, as pg_relation_is_updatable reports them: bits
// 1 << CMD_UPDATE, CMD_INSERT and CMD_DELETE of PostgreSQL's CmdType.
const (
	EventUpdate = 1 << 2
	EventInsert = 1 << 3
	EventDelete = 1 << 4
	allEvents   = EventUpdate | EventInsert | EventDelete
)

// RelationEvents returns the events (EventUpdate, EventInsert, EventDelete) relation def
// accepts, as PostgreSQL's relation_is_updatable decides them without triggers or rules:
// a table accepts all, a view what its automatic updatability allows, limited to the
// columns cols (ordinals; nil: any column) for INSERT and UPDATE, and to what the
// relation below it accepts.
func RelationEvents(cat *catalog.Catalog, reg *catalog.Registry, def *catalog.TableDef, cols []int, sc Scope) int {
	b := newBinder(cat, reg, "", sc)
	return b.relationEvents(def, cols, map[*catalog.TableDef]bool{})
}

func (b *binder) relationEvents(def *catalog.TableDef, cols []int, outer map[*catalog.TableDef]bool) int {
	switch {
	case def.Kind == catalog.KindTable:
		return allEvents
	case def.Kind != catalog.KindView || def.Virtual || outer[def]:
		return 0
	}
	lvl, err := b.analyzeView(def, false)
	if err != nil || lvl.detail != "" {
		return 0
	}
	var below []int
	for c, to := range lvl.colMap {
		if to >= 0 && (cols == nil || slices.Contains(cols, c)) {
			below = append(below, to)
		}
	}
	events := allEvents
	if len(below) == 0 {
		events = EventDelete
	}
	if lvl.under.Kind == catalog.KindTable {
		return events
	}
	outer[def] = true
	defer delete(outer, def)
	return events & b.relationEvents(lvl.under, below, outer)
}
