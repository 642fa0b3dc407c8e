package executor

// GROUPING SETS (ROLLUP, CUBE) read the input once. When one set groups by every key (as
// in ROLLUP and CUBE) only that finest set is computed from the input, and every other set
// is rolled up from the groups of the smallest set already computed that holds all of its
// keys: each of those groups is looked up by the subset of its keys in the coarser set's
// table, and its aggregate states (and DISTINCT pairs) are merged into that group's, as
// parallel workers' tables are merged (AggState.Merge). A ROLLUP (a, b, c) thus reads its
// rows once into (a, b, c), and computes (a, b) from those groups, (a) from (a, b)'s and ()
// from (a)'s. Otherwise, as DuckDB's grouping-set aggregation does, every set has a hash
// table fed from the same batches: per batch the keys and each aggregate's arguments are
// evaluated once, and each set's table maps the rows to its groups from the key columns
// it groups by. Before settling for that, sets without a finest one (GROUPING SETS (a),
// (b), (c)) try the rollup too, from a hidden set of all the keys: each worker feeds only
// that set while it has few groups next to the rows read, and rolls its groups up into the
// sets when its input ends; once it has many (more than the rows the sets would have been
// fed between them, less the one pass it saves), the worker rolls up what it has and feeds
// every set from then on. A set without keys is one group, as an aggregate without GROUP BY.
// Parallel workers each hold a table per set, and the tables of a set are merged as a plain
// aggregate's are. The output is the groups of one set after another: the set's keys in
// their columns, NULL in the columns of the keys it leaves out, the aggregates, and the
// set's GROUPING(...) masks as constants. Each set's table is finished and released only
// when its rows are due, and every table's memory counts against the statement's budget.

import (
	"io"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/planner"
)

// groupingSets is the per-set configuration and output state of a hashAggregate over
// grouping sets.
type groupingSets struct {
	// parts[i] describes set i's table: its key types and output schema (keys, aggregates).
	parts []*hashAggregate
	// fed lists the sets computed from the input; rollups the others, in the order they
	// are rolled up, each from a set computed before it.
	fed     []int
	rollups []rollup
	// hidden is the index of the hidden set of all keys (parts[hidden]), -1 without one.
	hidden  int
	allKeys []int

	// execution state
	ran   bool
	table *setsTable // the merged tables; nil before the run and after the last set
	next  int        // the set whose rows come next
}

// newGroupingSets derives the per-set aggregates of a over a.node.Sets.
func newGroupingSets(a *hashAggregate) *groupingSets {
	node := a.node
	gs := &groupingSets{}
	nKeys := len(node.GroupBy)
	for _, set := range node.Sets {
		part := &hashAggregate{node: node, argTypes: a.argTypes, argKeys: a.argKeys}
		var cols []planner.Column
		for _, k := range set {
			part.keyTypes = append(part.keyTypes, a.keyTypes[k])
			cols = append(cols, node.Out[k])
		}
		cols = append(cols, node.Out[nKeys:nKeys+len(node.Aggs)]...)
		part.schema = PlanSchema(cols)
		gs.parts = append(gs.parts, part)
	}
	gs.hidden = -1
	sets := node.Sets
	if !slices.ContainsFunc(sets, func(s []int) bool { return len(s) == nKeys }) {
		all := make([]int, nKeys)
		for k := range all {
			all[k] = k
		}
		part := &hashAggregate{node: node, argTypes: a.argTypes, argKeys: a.argKeys, keyTypes: a.keyTypes}
		cols := append(slices.Clone(node.Out[:nKeys]), node.Out[nKeys:nKeys+len(node.Aggs)]...)
		part.schema = PlanSchema(cols)
		gs.parts = append(gs.parts, part)
		gs.hidden, gs.allKeys = len(sets), all
		sets = append(slices.Clone(sets), all)
	}
	gs.fed, gs.rollups = planRollups(sets, nKeys)
	return gs
}

// directAfter is how many rows a worker feeds the hidden set of all keys before it judges
// whether rolling up from it pays (a variable for tests).
var directAfter = 1 << 16

// rollup computes set to from set from's groups; cols are the positions in from's keys of
// to's keys.
type rollup struct {
	to, from int
	cols     []int
}

// planRollups chooses how each set is computed: with a set of all nKeys keys, only it is fed
// from the input and the others are rolled up, widest first, each from the narrowest wider
// set holding its keys; without one, every set is fed.
func planRollups(sets [][]int, nKeys int) (fed []int, rollups []rollup) {
	full := slices.IndexFunc(sets, func(s []int) bool { return len(s) == nKeys })
	if full < 0 {
		for i := range sets {
			fed = append(fed, i)
		}
		return fed, nil
	}
	order := make([]int, 0, len(sets))
	for i := range sets {
		if i != full {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int { return len(sets[y]) - len(sets[x]) })
	done := []int{full}
	for _, i := range order {
		from := full
		for _, d := range done {
			if len(sets[d]) < len(sets[from]) && isSubset(sets[i], sets[d]) {
				from = d
			}
		}
		cols := make([]int, len(sets[i]))
		for k, key := range sets[i] {
			cols[k] = slices.Index(sets[from], key)
		}
		rollups = append(rollups, rollup{to: i, from: from, cols: cols})
		done = append(done, i)
	}
	return []int{full}, rollups
}

// isSubset reports whether every key of a is in b.
func isSubset(a, b []int) bool {
	for _, k := range a {
		if !slices.Contains(b, k) {
			return false
		}
	}
	return true
}

// reset prepares for another run (a rescan), releasing what the last one left.
func (gs *groupingSets) reset() {
	if gs.table != nil {
		gs.table.release()
	}
	gs.ran, gs.table, gs.next = false, nil, 0
}

// peak sums the sets' tables' peak memory, for EXPLAIN.
func (gs *groupingSets) peak() int64 {
	var n int64
	for _, p := range gs.parts {
		n += p.peak.Load()
	}
	return n
}

// nextSets returns the next batch of a grouping-sets aggregate, running it on the first call.
func (a *hashAggregate) nextSets(ctx *Ctx) (arrow.Record, error) {
	gs := a.sets
	if !gs.ran {
		gs.ran = true
		s, err := a.run(ctx, a.newSetsTable)
		if err != nil {
			return nil, err
		}
		gs.table = s.(*setsTable)
		if gs.hidden < 0 {
			if err := gs.rollUp(ctx, gs.table); err != nil {
				return nil, err
			}
		}
	}
	for {
		if out := a.slicer.next(); out != nil {
			return out, nil
		}
		if gs.table == nil {
			return nil, io.EOF
		}
		if gs.next == len(a.node.Sets) {
			gs.table.release()
			gs.table = nil
			return nil, io.EOF
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		i := gs.next
		gs.next++
		t := gs.table.tables[i]
		gs.table.tables[i] = nil
		rec, err := t.finish(ctx)
		t.release()
		if err != nil {
			return nil, err
		}
		wide, err := a.widen(ctx.Mem, rec, a.node.Sets[i])
		rec.Release()
		if err != nil {
			return nil, err
		}
		a.slicer.set(wide)
	}
}

// rollUp computes st's sets not fed from the input from the sets they are rolled up from.
func (gs *groupingSets) rollUp(ctx *Ctx, st *setsTable) error {
	for _, r := range gs.rollups {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := st.tables[r.to]
		if err := t.rollUp(ctx, st.tables[r.from], r.cols); err != nil {
			return err
		}
		if err := t.account(); err != nil {
			return err
		}
	}
	return nil
}

// rollUp folds the groups of o, a table of a finer set, into t, whose keys are o's key
// columns at cols: each of o's groups goes to t's group of those keys.
func (t *aggTable) rollUp(ctx *Ctx, o *aggTable, cols []int) error {
	mapping := []uint32{0}
	if o.table != nil {
		mapping = make([]uint32, o.table.len())
	}
	if o.table != nil && t.table != nil {
		var sel []int32
		var sub []arrow.Array
		start := 0
		err := o.table.scan(ctx.Mem, func(keys []arrow.Array) error {
			n := keys[0].Len()
			sub = sub[:0]
			for _, c := range cols {
				sub = append(sub, keys[c])
			}
			sel = iota32(sel, n)
			_, err := t.table.findOrInsert(sub, sel, mapping[start:start+n])
			start += n
			return err
		})
		if err != nil {
			return err
		}
	}
	return t.mergeStates(ctx, o, mapping)
}

// widen turns the output of one set's table (its keys, the aggregates) into the
// aggregate's output: every key column, NULL where the set leaves the key out, the
// aggregates, and the GROUPING(...) masks of the set.
func (a *hashAggregate) widen(mem memory.Allocator, rec arrow.Record, set []int) (arrow.Record, error) {
	node := a.node
	n := int(rec.NumRows())
	cols := make([]arrow.Array, 0, len(node.Out))
	k := 0
	for g := range node.GroupBy {
		if k < len(set) && set[k] == g {
			c := rec.Column(k)
			c.Retain()
			cols = append(cols, c)
			k++
			continue
		}
		cols = append(cols, array.MakeArrayOfNull(mem, a.keyTypes[g], n))
	}
	for j := range node.Aggs {
		c := rec.Column(len(set) + j)
		c.Retain()
		cols = append(cols, c)
	}
	for _, args := range node.Groupings {
		cols = append(cols, int32Repeat(mem, planner.GroupingValue(args, set), n))
	}
	if err := checkColumnTypes(a.schema, cols); err != nil {
		releaseArrays(cols)
		return nil, err
	}
	return newRecord(a.schema, cols, n), nil
}

// int32Repeat returns n copies of v.
func int32Repeat(mem memory.Allocator, v int32, n int) arrow.Array {
	b := array.NewInt32Builder(mem)
	defer b.Release()
	b.Reserve(n)
	for range n {
		b.UnsafeAppend(v)
	}
	return b.NewArray()
}

// setsTable is one worker's aggregation state over grouping sets: a table per set.
type setsTable struct {
	gs   *groupingSets
	sets [][]int
	fed  []int // the sets fed from the input
	// seen counts the rows fed to the hidden set, while it is fed (groupingSets.hidden).
	seen   int
	tables []*aggTable
	keys   []arrow.Array // scratch: the key columns of one set
	rows   []int32       // scratch: the rows an aggregate's FILTER passes
}

func (a *hashAggregate) newSetsTable(ctx *Ctx) (aggSink, error) {
	st := &setsTable{gs: a.sets, sets: a.node.Sets, fed: a.sets.fed}
	for _, part := range a.sets.parts {
		t, err := part.newAggTable(ctx)
		if err != nil {
			st.release()
			return nil, err
		}
		st.tables = append(st.tables, t)
	}
	return st, nil
}

// consume implements aggSink: the keys and each aggregate's arguments are evaluated once,
// each set's table groups the batch by its own keys, and the arguments go to every set.
func (s *setsTable) consume(ctx *Ctx, p *aggPipeline, rec arrow.Record) error {
	rec, err := p.extend(ctx, rec)
	if err != nil {
		return err
	}
	defer rec.Release()
	keys, err := evalAll(ctx, p.groupBy, rec)
	if err != nil {
		return err
	}
	defer releaseArrays(keys)
	n := int(rec.NumRows())
	for _, i := range s.fed {
		t := s.tables[i]
		t.groups = growU32(t.groups, n)
		groups := t.groups
		if t.table != nil {
			s.keys = s.keys[:0]
			for _, k := range s.keySet(i) {
				s.keys = append(s.keys, keys[k])
			}
			t.sel = iota32(t.sel, n)
			if _, err := t.table.findOrInsert(s.keys, t.sel, groups); err != nil {
				return err
			}
		} else {
			clear(groups)
		}
	}
	first := s.tables[s.fed[0]]
	for j := range first.states {
		if first.fedBy[j] >= 0 {
			continue // the same in every set's table: they share their arguments' keys
		}
		if err := s.feed(ctx, p, rec, j); err != nil {
			return err
		}
	}
	return s.judge(ctx, n)
}

// keySet returns the keys of set i, the hidden set's included.
func (s *setsTable) keySet(i int) []int {
	if i == s.gs.hidden {
		return s.gs.allKeys
	}
	return s.sets[i]
}

// judge, while only the hidden set is fed, switches to feeding every set once the hidden
// set has more groups than rolling up from it saves.
func (s *setsTable) judge(ctx *Ctx, n int) error {
	h := s.gs.hidden
	if h < 0 || s.tables[h] == nil {
		return nil
	}
	s.seen += n
	nSets := len(s.sets)
	if s.seen < directAfter || s.tables[h].table.len()*nSets <= s.seen*(nSets-1) {
		return nil
	}
	if err := s.settle(ctx); err != nil {
		return err
	}
	s.fed = s.fed[:0]
	for i := range s.sets {
		s.fed = append(s.fed, i)
	}
	return nil
}

// settle rolls the hidden set's groups up into the sets and drops it; drain calls it when a
// worker's input ends.
func (s *setsTable) settle(ctx *Ctx) error {
	h := s.gs.hidden
	if h < 0 || s.tables[h] == nil {
		return nil
	}
	if err := s.gs.rollUp(ctx, s); err != nil {
		return err
	}
	s.tables[h].release()
	s.tables[h] = nil
	s.fed = nil
	return nil
}

// feed evaluates aggregate j's arguments over a batch once and folds them into every set.
func (s *setsTable) feed(ctx *Ctx, p *aggPipeline, rec arrow.Record, j int) error {
	args, rows, err := p.aggInput(ctx, rec, j, &s.rows)
	if err != nil || args == nil {
		return err
	}
	defer releaseArrays(args)
	for _, i := range s.fed {
		t := s.tables[i]
		if err := t.feed(ctx, j, t.groups, args, rows); err != nil {
			return err
		}
	}
	return nil
}

// account implements aggSink.
func (s *setsTable) account() error {
	for _, t := range s.tables {
		if t == nil {
			continue
		}
		if err := t.account(); err != nil {
			return err
		}
	}
	return nil
}

// mergeFrom implements aggSink, set by set.
func (s *setsTable) mergeFrom(ctx *Ctx, o aggSink) error {
	for i, t := range s.tables[:len(s.sets)] {
		if err := t.merge(ctx, o.(*setsTable).tables[i]); err != nil {
			return err
		}
	}
	return nil
}

// release implements aggSink.
func (s *setsTable) release() {
	for i, t := range s.tables {
		if t != nil {
			t.release()
			s.tables[i] = nil
		}
	}
}
