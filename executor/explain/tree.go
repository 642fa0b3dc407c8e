package explain

import (
	"fmt"
	"math"
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/planner"
)

// node is one node of the plan as EXPLAIN shows it. pgfast's plan maps onto PostgreSQL's
// node types: Filter and Project nodes are not shown as nodes but as the Filter and Output
// of the node below them (as PostgreSQL's quals and target lists), a hash join's build side
// gets a Hash node, a WITH query's CTEs are listed as "CTE name" sections, and subqueries
// in expressions as "SubPlan n" sections.
type node struct {
	name string
	// operation is the verb of a data-changing node, whose structured formats show it as
	// a ModifyTable node of that operation.
	operation string
	relation  string // the table, function or CTE read
	index     string // the index an Index Scan reads
	schema    string
	alias     string
	joinType  string // "Inner", "Left", ...
	strategy  string // aggregates: "Plain" or "Hashed"

	// stats is the plan node whose measurements the node shows (the topmost of the plan
	// nodes it stands for); nil for nodes with none of their own.
	stats planner.Plan
	est   estimate

	output []string
	// computed marks the Output entries that are expressions rather than column references:
	// a node above shows them parenthesized, as references to what this node computed.
	computed []bool
	props    []prop
	removed  *removal
	// trailer holds properties shown after the others (a foreign scan's file).
	trailer []prop
	// detailsFrom is where the operator details shown on this node were reported (a Hash
	// node shows its join's).
	detailsFrom planner.Plan

	rel         string // relationship to the parent
	subplanName string
	children    []*node

	// synthetic holds the measurements of a node no operator stands for (the INSERT over
	// its query); sumChildren makes a node count its children's rows (an Append).
	synthetic   *actual
	sumChildren bool
}

// prop is one property shown under a node: a single value, or a list (Sort Key).
type prop struct {
	key    string
	value  string
	list   []string
	isList bool
}

// followStats keeps a foreign or stored table scan's details (what it read) with its
// measurements, which a pipeline reports at its top node.
func (b *builder) followStats(n *node) {
	if n.name == "Foreign Scan" || n.name == "Seq Scan" {
		n.detailsFrom = n.stats
	}
}

// allProps returns the node's properties in the order EXPLAIN shows them.
func (n *node) allProps() []prop {
	if len(n.trailer) == 0 {
		return n.props
	}
	return append(slices.Clip(n.props), n.trailer...)
}

// removal says how to count the rows a filter removed: the rows that entered it (the rows
// of plan from, or a scan's rows read) less the rows that left.
type removal struct {
	key  string
	from planner.Plan
	scan bool
}

// builder turns a plan into nodes.
type builder struct {
	d       *deparser
	est     map[planner.Plan]float64
	verbose bool
}

// relationships of children, as PostgreSQL names them.
const (
	outer    = "Outer"
	inner    = "Inner"
	member   = "Member"
	initPlan = "InitPlan"
	subPlan  = "SubPlan"
)

func (b *builder) rows(p planner.Plan) float64 {
	if r, ok := b.est[p]; ok {
		return math.Max(1, math.Round(r))
	}
	return 1000
}

// build returns the node tree of p, with the SubPlans of subqueries its expressions use.
func (b *builder) build(p planner.Plan) *node {
	before := len(b.d.pending)
	n := b.buildNode(p)
	for _, q := range b.d.pending[before:] {
		c := b.build(q.Plan)
		c.rel, c.subplanName = subPlan, fmt.Sprintf("SubPlan %d", b.d.subplan[q])
		n.children = append(n.children, c)
	}
	b.d.pending = b.d.pending[:before]
	return n
}

func (b *builder) buildNode(p planner.Plan) *node {
	switch x := p.(type) {
	case *planner.Project:
		n := b.build(x.Input)
		n.stats = p
		b.followStats(n)
		if b.verbose {
			b.d.output = true
			b.d.overAggregate(x.Input, true, func() { n.output = b.exprs(x.Exprs) })
			b.d.output = false
			n.computed = make([]bool, len(x.Exprs))
			for i, e := range x.Exprs {
				c, ok := e.(*planner.ColRef)
				n.computed[i] = !ok
				if ok {
					b.d.overAggregate(x.Input, true, func() { _, n.computed[i] = b.d.aggResult(c) })
				}
			}
		}
		return n
	case *planner.Filter:
		return b.filter(x)
	case *planner.Scan:
		// A stored table's scan shows what it read of the segment files, as a foreign
		// table's shows what it read of its files.
		n := &node{name: "Seq Scan", relation: x.Table.Name, schema: x.Table.Schema, stats: p, detailsFrom: p}
		n.est.rows, n.est.width = b.rows(p), width(x.Out)
		n.est.total = scanCost(n.est.rows, n.est.width)
		b.outputCols(n, x.Out)
		if x.Lookup != nil {
			b.indexScan(n, x)
		}
		if f := x.Table.Foreign; f != nil {
			// file_fdw's: the file after the node's other properties.
			n.name, n.detailsFrom = "Foreign Scan", p
			file, _ := f.Options.Get("filename")
			n.trailer = append(n.trailer, prop{key: "Foreign File", value: file})
		}
		return n
	case *planner.Values:
		if len(x.Rows) == 1 {
			// One row of VALUES is a Result computing it, as PostgreSQL plans it.
			n := b.leaf(p, "Result", nil)
			n.est.width = width(x.Out)
			if b.verbose {
				for _, e := range x.Rows[0] {
					n.output = append(n.output, b.d.expr(e))
				}
			}
			return n
		}
		n := b.leaf(p, "Values Scan", x.Out)
		n.relation = "*VALUES*"
		return n
	case *planner.FunctionScan:
		n := b.leaf(p, "Function Scan", x.Out)
		n.relation = x.Func.Name
		return n
	case *planner.Aggregate:
		return b.aggregate(x)
	case *planner.HashJoin:
		return b.hashJoin(x)
	case *planner.NestedLoopJoin:
		n := b.parent(p, "Nested Loop"+joinSuffix(x.Type), true, x.Left, x.Right)
		n.joinType = joinTypeName(x.Type)
		if x.Cond != nil {
			n.props = append(n.props, prop{key: "Join Filter", value: b.d.expr(x.Cond)})
		}
		n.detailsFrom = p
		return n
	case *planner.LateralJoin:
		// PostgreSQL runs a LATERAL subquery as the inner side of a nested loop.
		jt := planner.InnerJoin
		if x.Left {
			jt = planner.LeftJoin
		}
		n := b.parent(p, "Nested Loop"+joinSuffix(jt), false, x.Input, x.Sub.Plan)
		n.joinType = joinTypeName(jt)
		if x.Cond != nil {
			n.props = append(n.props, prop{key: "Join Filter", value: b.d.expr(x.Cond)})
		}
		return n
	case *planner.Sort:
		n := b.parent(p, "Sort", true, x.Input)
		n.est.startup = n.est.total + sortCost(n.est.rows)
		n.est.total = n.est.startup + n.est.rows*cpuOperatorCost
		n.props = append(n.props, prop{key: "Sort Key", list: b.sortKeys(x.Keys, x.Input), isList: true})
		n.detailsFrom = p
		b.passThrough(n)
		return n
	case *planner.Limit:
		n := b.parent(p, "Limit", false, x.Input)
		b.passThrough(n)
		return n
	case *planner.Window:
		n := b.parent(p, "WindowAgg", false, x.Input)
		n.detailsFrom = p
		return n
	case *planner.Distinct:
		return b.distinct(x)
	case *planner.SetOp:
		return b.setOp(x)
	case *planner.With:
		n := b.build(x.Input)
		var sections []*node
		for i, c := range x.CTEs {
			s := b.build(c)
			s.rel, s.subplanName = initPlan, "CTE "+x.Names[i]
			sections = append(sections, s)
		}
		n.children = append(sections, n.children...)
		return n
	case *planner.CTEScan:
		n := b.leaf(p, "CTE Scan", x.Out)
		n.relation = x.Name
		return n
	case *planner.WorkTableScan:
		n := b.leaf(p, "WorkTable Scan", x.Out)
		n.relation = x.Name
		return n
	case *planner.RecursiveUnion:
		return b.parent(p, "Recursive Union", false, x.Seed, x.Step)
	case *planner.ProjectSet:
		return b.parent(p, "ProjectSet", false, p.Children()...)
	}
	return b.parent(p, "Result", false, p.Children()...)
}

// leaf is a node reading no other node.
func (b *builder) leaf(p planner.Plan, name string, out []planner.Column) *node {
	n := &node{name: name, stats: p}
	n.est.rows, n.est.width = b.rows(p), width(out)
	n.est.total = n.est.rows * cpuTupleCost
	b.outputCols(n, out)
	return n
}

// parent is a node over inputs (outer first); a blocking one starts after its inputs end.
func (b *builder) parent(p planner.Plan, name string, blocking bool, inputs ...planner.Plan) *node {
	n := &node{name: name, stats: p}
	n.est.rows, n.est.width = b.rows(p), width(p.Columns())
	rels := []string{outer, inner}
	for i, in := range inputs {
		c := b.build(in)
		c.rel = member
		if len(inputs) <= 2 {
			c.rel = rels[i]
		}
		n.children = append(n.children, c)
		n.est.total += c.est.total
		if i == 0 || !blocking {
			n.est.startup = math.Max(n.est.startup, c.est.startup)
		}
	}
	if blocking {
		n.est.startup = n.est.total
	}
	n.est.total += n.est.rows * cpuTupleCost
	b.outputCols(n, p.Columns())
	return n
}

// filter attaches a Filter's predicate to the node below it, whose rows it removes.
func (b *builder) filter(x *planner.Filter) *node {
	n := b.build(x.Input)
	key := "Filter"
	removed := &removal{key: "Rows Removed by Filter", from: n.stats}
	if _, ok := x.Input.(*planner.Scan); ok {
		removed = &removal{key: "Rows Removed by Filter", scan: true}
	}
	if n.removed != nil && n.removed.scan {
		removed.scan = true
	}
	var pred string
	filter := x.Pred
	if s, ok := x.Input.(*planner.Scan); ok && s.Lookup != nil {
		filter = withoutConds(x.Pred, s.Lookup.Conds)
	}
	if filter != nil {
		b.d.overAggregate(x.Input, true, func() { pred = b.d.expr(filter) })
	}
	for i, pr := range n.props {
		if pr.key == key {
			// A filter over a filter: one qualifier, as PostgreSQL merges them.
			n.props[i].value = "(" + pr.value + " AND " + pred + ")"
			pred = ""
		}
	}
	if pred != "" {
		n.props = append(n.props, prop{key: key, value: pred})
	}
	inRows := n.est.rows
	n.est.rows = b.rows(x)
	n.est.total += inRows * cpuOperatorCost
	n.removed, n.stats = removed, x
	b.followStats(n)
	return n
}

func (b *builder) aggregate(x *planner.Aggregate) *node {
	name, strategy := "HashAggregate", "Hashed"
	if len(x.GroupBy) == 0 {
		name, strategy = "Aggregate", "Plain"
	}
	n := b.parent(x, name, true, x.Input)
	n.strategy = strategy
	if b.verbose {
		b.d.output = true
		n.output = b.exprs(x.GroupBy)
		for _, a := range x.Aggs {
			n.output = append(n.output, b.d.aggCall(a))
		}
		b.d.output = false
		n.computed = make([]bool, len(n.output))
		for i := len(x.GroupBy); i < len(n.computed); i++ {
			n.computed[i] = true
		}
	}
	if x.Sets != nil {
		b.groupingSets(n, x)
		return n
	}
	if len(x.GroupBy) > 0 {
		n.props = append(n.props, prop{key: "Group Key", list: b.exprs(x.GroupBy), isList: true})
		n.detailsFrom = x
	}
	return n
}

// groupingSets shows an aggregate over grouping sets as PostgreSQL shows one it hashes: a
// HashAggregate with a Hash Key per set, or a MixedAggregate when a set is empty, which
// shows as Group Key: ().
func (b *builder) groupingSets(n *node, x *planner.Aggregate) {
	n.name, n.strategy = "HashAggregate", "Hashed"
	var empty int
	for _, set := range x.Sets {
		if len(set) == 0 {
			empty++
			continue
		}
		keys := make([]planner.Expr, len(set))
		for i, k := range set {
			keys[i] = x.GroupBy[k]
		}
		n.props = append(n.props, prop{key: "Hash Key", list: b.exprs(keys), isList: true})
	}
	if empty > 0 {
		n.name, n.strategy = "MixedAggregate", "Mixed"
	}
	for range empty {
		n.props = append(n.props, prop{key: "Group Key", list: []string{"()"}, isList: true})
	}
	n.detailsFrom = x
	if b.verbose {
		for g := range x.Groupings {
			n.output = append(n.output, b.d.groupingCall(x, g))
			n.computed = append(n.computed, true)
		}
	}
}

// hashJoin is PostgreSQL's Hash Join over its probe side and a Hash node over its build
// side, which shows the hash table the join built.
// A semi or anti join building its left input is PostgreSQL's Hash Right Semi / Right Anti
// Join: the right input probes, the left one is hashed.
func (b *builder) hashJoin(x *planner.HashJoin) *node {
	n := &node{name: "Hash" + joinSuffix(x.Type), joinType: joinTypeName(x.Type), stats: x}
	if n.name == "Hash" {
		n.name = "Hash Join"
	}
	probePlan, buildPlan := x.Left, x.Right
	probeKeys, buildKeys := x.LeftKeys, x.RightKeys
	if x.BuildLeft {
		n.name = "Hash Right" + joinSuffix(x.Type)
		n.joinType = "Right " + n.joinType
		probePlan, buildPlan = buildPlan, probePlan
		probeKeys, buildKeys = buildKeys, probeKeys
	}
	n.est.rows, n.est.width = b.rows(x), width(x.Columns())
	probe := b.build(probePlan)
	probe.rel = outer
	build := b.build(buildPlan)
	build.rel = outer
	hash := &node{name: "Hash", rel: inner, stats: buildPlan, detailsFrom: x, est: build.est, children: []*node{build}}
	hash.est.startup = build.est.total
	hash.output = build.output
	n.children = []*node{probe, hash}
	n.est.startup = hash.est.startup + probe.est.startup
	n.est.total = probe.est.total + hash.est.total + (probe.est.rows+n.est.rows)*cpuTupleCost
	var conds []string
	for i := range probeKeys {
		conds = append(conds, "("+b.d.expr(probeKeys[i])+" = "+b.d.expr(buildKeys[i])+")")
	}
	cond := conds[0]
	if len(conds) > 1 {
		cond = "(" + joinStrings(conds, " AND ") + ")"
	}
	n.props = append(n.props, prop{key: "Hash Cond", value: cond})
	if x.Residual != nil {
		n.props = append(n.props, prop{key: "Join Filter", value: b.d.expr(x.Residual)})
	}
	b.outputCols(n, x.Columns())
	return n
}

func (b *builder) distinct(x *planner.Distinct) *node {
	cols := x.Input.Columns()
	var keys []string
	for i, c := range cols {
		if len(x.On) == 0 || containsInt(x.On, i) {
			keys = append(keys, b.d.column("", c.Name, i))
		}
	}
	if len(x.On) > 0 {
		n := b.parent(x, "Unique", false, x.Input)
		n.props = append(n.props, prop{key: "Group Key", list: keys, isList: true})
		n.detailsFrom = x
		return n
	}
	n := b.parent(x, "HashAggregate", true, x.Input)
	n.strategy = "Hashed"
	n.props = append(n.props, prop{key: "Group Key", list: keys, isList: true})
	n.detailsFrom = x
	return n
}

// setOp is an Append of both inputs, under a HashAggregate (UNION) or HashSetOp
// (INTERSECT, EXCEPT) that removes or counts duplicates.
func (b *builder) setOp(x *planner.SetOp) *node {
	if x.Kind == planner.Union && x.All {
		return b.parent(x, "Append", false, x.Left, x.Right)
	}
	appendNode := b.parent(x, "Append", false, x.Left, x.Right)
	appendNode.stats, appendNode.sumChildren = nil, true
	for _, c := range appendNode.children {
		c.rel = member
	}
	var n *node
	switch x.Kind {
	case planner.Union:
		n = &node{name: "HashAggregate", strategy: "Hashed"}
		var keys []string
		for i, c := range x.Out {
			keys = append(keys, b.d.column("", c.Name, i))
		}
		n.props = append(n.props, prop{key: "Group Key", list: keys, isList: true})
	default:
		name := [...]string{"", "Intersect", "Except"}[x.Kind]
		if x.All {
			name += " All"
		}
		n = &node{name: "HashSetOp " + name, strategy: "Hashed"}
	}
	appendNode.rel = outer
	n.stats, n.detailsFrom, n.children = x, x, []*node{appendNode}
	n.est = appendNode.est
	n.est.startup = appendNode.est.total
	n.est.rows = b.rows(x)
	n.est.total += n.est.rows * cpuTupleCost
	b.outputCols(n, x.Out)
	return n
}

func (b *builder) exprs(es []planner.Expr) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = b.d.expr(e)
	}
	return out
}

// outputCols sets a node's Output (VERBOSE) from its columns, unless a Project set it.
func (b *builder) outputCols(n *node, cols []planner.Column) {
	if !b.verbose || n.output != nil {
		return
	}
	n.output = make([]string, len(cols))
	for i, c := range cols {
		n.output[i] = b.d.column("", c.Name, i)
	}
}

// passThrough makes a node that returns its input's rows show its input's Output.
func (b *builder) passThrough(n *node) {
	if !b.verbose || len(n.children) == 0 {
		return
	}
	in := n.children[0]
	n.output = make([]string, len(in.output))
	for i, o := range in.output {
		if i < len(in.computed) && in.computed[i] {
			o = "(" + o + ")"
		}
		n.output[i] = o
	}
}

// exprOver prints e, an expression over input's columns; a bare reference to a column
// with no name of its own takes the input column's.
func (b *builder) exprOver(e planner.Expr, input planner.Plan) (s string) {
	c, ok := e.(*planner.ColRef)
	if !ok {
		b.d.overAggregate(input, false, func() { s = b.d.expr(e) })
		return s
	}
	if p, ok := input.(*planner.Project); ok && c.Idx < len(p.Exprs) {
		// A key the projection computed: print what it computed, as PostgreSQL does.
		if inner, ok := p.Exprs[c.Idx].(*planner.ColRef); !ok || inner.Name != "" {
			b.d.overAggregate(p.Input, false, func() { s = b.d.expr(p.Exprs[c.Idx]) })
			return s
		}
	}
	b.d.overAggregate(input, false, func() {
		if _, ok := b.d.aggResult(c); ok {
			s = b.d.expr(e)
		}
	})
	if s != "" {
		return s // an aggregate's result
	}
	if cols := input.Columns(); c.Name == "" && c.Idx < len(cols) {
		n := *c
		n.Name = cols[c.Idx].Name
		return b.d.expr(&n)
	}
	return b.d.expr(e)
}

// sortKeys prints ORDER BY keys with PostgreSQL's defaults left out: ASC, NULLS LAST for
// ascending and NULLS FIRST for descending keys.
func (b *builder) sortKeys(keys []planner.SortKey, input planner.Plan) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		s := b.exprOver(k.Expr, input)
		if k.Desc {
			s += " DESC"
			if !k.NullsFirst {
				s += " NULLS LAST"
			}
		} else if k.NullsFirst {
			s += " NULLS FIRST"
		}
		out[i] = s
	}
	return out
}

// joinSuffix is what PostgreSQL appends to a join node's name for its type.
func joinSuffix(t planner.JoinType) string {
	switch t {
	case planner.LeftJoin:
		return " Left Join"
	case planner.RightJoin:
		return " Right Join"
	case planner.FullJoin:
		return " Full Join"
	case planner.SemiJoin:
		return " Semi Join"
	case planner.AntiJoin:
		return " Anti Join"
	}
	return ""
}

func joinTypeName(t planner.JoinType) string {
	return [...]string{"Inner", "Left", "Right", "Full", "Semi", "Anti"}[t]
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func joinStrings(s []string, sep string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += sep
		}
		out += x
	}
	return out
}

// dmlNode is the node of INSERT, UPDATE or DELETE over the plan producing its rows.
func (b *builder) dmlNode(st *planner.Statement, input *node) *node {
	verb := map[planner.StmtKind]string{planner.StmtInsert: "Insert", planner.StmtUpdate: "Update",
		planner.StmtDelete: "Delete"}[st.Kind]
	n := &node{name: verb, operation: verb, relation: tableName(st.Table), schema: tableSchema(st.Table), alias: st.TargetAlias}
	b.conflictProps(n, st)
	input.rel = outer
	n.children = []*node{input}
	n.est = input.est
	n.est.rows, n.est.width = 0, 0
	return n
}

// lockRowsNode puts the LockRows of a SELECT ... FOR UPDATE over its query, and the
// Limit that counts the locked rows over that, as PostgreSQL shows them.
func lockRowsNode(lk *planner.RowLocking, input *node) *node {
	input.rel = outer
	n := &node{name: "LockRows", children: []*node{input}, est: input.est}
	if lk.Count == nil && lk.Offset == nil {
		return n
	}
	n.rel = outer
	return &node{name: "Limit", children: []*node{n}, est: input.est}
}

func tableName(t *catalog.TableDef) string {
	if t == nil {
		return ""
	}
	return t.Name
}

func tableSchema(t *catalog.TableDef) string {
	if t == nil {
		return ""
	}
	return t.Schema
}

// indexScan makes a scan node the Index Scan of its index lookup: the lookup's conditions
// are its Index Cond, and it reads the one row a unique key can match.
func (b *builder) indexScan(n *node, x *planner.Scan) {
	n.name, n.index = "Index Scan", x.Lookup.Index.Name
	var cond string
	b.d.overAggregate(x, true, func() { cond = b.d.expr(andOf(x.Lookup.IndexCond)) })
	n.props = append(n.props, prop{key: "Index Cond", value: cond})
	n.est.startup, n.est.total = indexLookupCost(n.est.rows)
	n.est.rows = 1
}

// withoutConds returns pred without the conjuncts in conds (nil when none is left).
func withoutConds(pred planner.Expr, conds []planner.Expr) planner.Expr {
	var rest []planner.Expr
	for _, c := range planner.Conjuncts(pred) {
		// By text: optimizing rebuilds expression nodes, so identity is lost.
		if !slices.ContainsFunc(conds, func(d planner.Expr) bool { return d.String() == c.String() }) {
			rest = append(rest, c)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	return andOf(rest)
}

func andOf(es []planner.Expr) planner.Expr {
	if len(es) == 1 {
		return es[0]
	}
	return &planner.BoolExpr{Op: planner.And, Args: es}
}

// conflictProps adds the properties of INSERT ... ON CONFLICT: the action, the unique
// indexes arbitrating it, and DO UPDATE's WHERE, whose columns are always qualified (the
// target's by its name or alias, the proposed row's by excluded).
func (b *builder) conflictProps(n *node, st *planner.Statement) {
	switch {
	case st.Upsert != nil:
		n.props = append(n.props, prop{key: "Conflict Resolution", value: "UPDATE"})
	case st.OnConflictSkip:
		n.props = append(n.props, prop{key: "Conflict Resolution", value: "NOTHING"})
	default:
		return
	}
	if st.ConflictTarget {
		var names []string
		for _, ix := range st.Table.Indexes {
			if slices.Contains(st.Arbiters, ix.OID) {
				names = append(names, ix.Name)
			}
		}
		n.props = append(n.props, prop{key: "Conflict Arbiter Indexes", list: names, isList: true})
	}
	if st.Upsert != nil && st.Upsert.Where != nil {
		d := newDeparser(nil, true, true)
		d.ops = b.d.ops
		n.props = append(n.props, prop{key: "Conflict Filter", value: d.expr(st.Upsert.Where)})
	}
}
