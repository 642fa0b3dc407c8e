package explain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// The formats. TEXT is written line by line as PostgreSQL's explain.c does; JSON, YAML and
// XML are written from one ordered property tree (obj), as PostgreSQL's structured formats
// share ExplainProperty*.

// actual are a node's measurements as EXPLAIN prints them: per loop.
type actual struct {
	loops          int64
	rows           float64
	startup, total float64 // ms
	removed        int64
	hasRemoved     bool
	details        []executor.Detail
}

// measure reads node n's measurements (nil when the statement did not run).
func (r *renderer) measure(n *node) *actual {
	if r.stats == nil {
		return nil
	}
	a := &actual{}
	if n.stats != nil {
		if st := r.stats.Node(n.stats); st != nil && st.Loops > 0 {
			a.loops = st.Loops
			a.rows = math.Round(float64(st.Rows) / float64(st.Loops))
			a.startup = ms(st.Startup) / float64(st.Loops)
			a.total = ms(st.Total) / float64(st.Loops)
			if n.removed != nil {
				in := int64(0)
				if n.removed.scan {
					in = st.Scanned
				} else if from := r.stats.Node(n.removed.from); from != nil {
					in = from.Rows
				}
				a.removed, a.hasRemoved = max(in-st.Rows, 0), true
			}
		}
	} else if n.synthetic != nil {
		a.loops, a.rows = n.synthetic.loops, n.synthetic.rows
		a.startup, a.total = n.synthetic.startup, n.synthetic.total
	} else if n.sumChildren {
		for _, c := range n.children {
			if ca := r.measure(c); ca != nil && ca.loops > 0 {
				a.loops = max(a.loops, ca.loops)
				a.rows += ca.rows * float64(ca.loops)
				a.total = math.Max(a.total, ca.total)
			}
		}
		if a.loops > 0 {
			a.rows = math.Round(a.rows / float64(a.loops))
		}
	}
	if n.detailsFrom != nil {
		if st := r.stats.Node(n.detailsFrom); st != nil {
			a.details = st.Details
		}
	}
	return a
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// renderer writes one statement's plan.
type renderer struct {
	opts  *planner.ExplainOptions
	stats *executor.Instrumentation
	lines []string
}

// text writes the plan in PostgreSQL's text format.
func (r *renderer) text(n *node, col int, root bool) {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", max(col-4, 0)))
	if !root {
		b.WriteString("->  ")
	}
	b.WriteString(n.name)
	if n.index != "" {
		b.WriteString(" using " + quoteIdent(n.index))
	}
	if n.relation != "" {
		b.WriteString(" on ")
		if r.opts.Verbose && n.schema != "" {
			b.WriteString(quoteIdent(n.schema) + ".")
		}
		b.WriteString(quoteIdent(n.relation))
		if n.alias != "" && n.alias != n.relation {
			b.WriteString(" " + quoteIdent(n.alias))
		}
	}
	if r.opts.Costs {
		fmt.Fprintf(&b, "  (cost=%.2f..%.2f rows=%.0f width=%d)", n.est.startup, n.est.total, n.est.rows, n.est.width)
	}
	a := r.measure(n)
	switch {
	case a == nil:
	case a.loops == 0:
		b.WriteString(" (never executed)")
	case r.opts.Timing:
		fmt.Fprintf(&b, " (actual time=%.3f..%.3f rows=%.0f loops=%d)", a.startup, a.total, a.rows, a.loops)
	default:
		fmt.Fprintf(&b, " (actual rows=%.0f loops=%d)", a.rows, a.loops)
	}
	r.lines = append(r.lines, b.String())
	pad := strings.Repeat(" ", col+2)
	if len(n.output) > 0 { // PostgreSQL shows no Output for an empty target list
		r.lines = append(r.lines, pad+"Output: "+strings.Join(n.output, ", "))
	}
	for _, p := range n.allProps() {
		v := p.value
		if p.isList {
			v = strings.Join(p.list, ", ")
		}
		r.lines = append(r.lines, pad+p.key+": "+v)
		if p.key == "Filter" && a != nil && a.hasRemoved {
			r.lines = append(r.lines, fmt.Sprintf("%s%s: %d", pad, n.removed.key, a.removed))
		}
	}
	if a != nil && a.loops > 0 {
		for _, l := range detailLines(a.details) {
			r.lines = append(r.lines, pad+l)
		}
	}
	for _, c := range n.children {
		if c.subplanName != "" {
			r.lines = append(r.lines, pad+c.subplanName)
			r.text(c, col+8, false)
			continue
		}
		r.text(c, col+6, false)
	}
}

// detailLines groups operator details into PostgreSQL's text lines.
func detailLines(ds []executor.Detail) []string {
	get := func(key string) (executor.Detail, bool) {
		for _, d := range ds {
			if d.Key == key {
				return d, true
			}
		}
		return executor.Detail{}, false
	}
	var out []string
	if m, ok := get("Sort Method"); ok {
		used, _ := get("Sort Space Used")
		typ, _ := get("Sort Space Type")
		out = append(out, fmt.Sprintf("Sort Method: %v  %v: %s", m.Value, typ.Value, value(used)))
		return out
	}
	mem, hasMem := get("Peak Memory Usage")
	if b, ok := get("Hash Buckets"); ok {
		batches, _ := get("Hash Batches")
		return append(out, fmt.Sprintf("Buckets: %s  Batches: %s  Memory Usage: %s", value(b), value(batches), value(mem)))
	}
	if f, ok := get("Files"); ok {
		rg, _ := get("Row Groups")
		skipped, _ := get("Row Groups Skipped")
		bytes, _ := get("Bytes Read")
		return append(out, fmt.Sprintf("Files: %s  Row Groups: %s read, %s skipped  Bytes Read: %s", value(f), value(rg), value(skipped), value(bytes)))
	}
	if b, ok := get("HashAgg Batches"); ok {
		return append(out, fmt.Sprintf("Batches: %s  Memory Usage: %s", value(b), value(mem)))
	}
	if hasMem {
		out = append(out, "Memory Usage: "+value(mem))
	}
	return out
}

// value prints a detail's value for the text format.
func value(d executor.Detail) string {
	if d.Unit == executor.KB {
		return strconv.FormatInt(kb(d.Value), 10) + "kB"
	}
	return fmt.Sprint(d.Value)
}

// kb converts bytes to kB, rounding up as PostgreSQL does.
func kb(v any) int64 {
	n, _ := v.(int64)
	return (n + 1023) / 1024
}

// kv is one property of a structured-format object.
type kv struct {
	key string
	val any // string, num, bool, []string, *obj or []*obj
}

// obj is an ordered set of properties.
type obj struct{ props []kv }

func (o *obj) add(key string, v any) { o.props = append(o.props, kv{key, v}) }

// num is a number printed as it is (not quoted).
type num string

// object builds node n's structured-format object.
func (r *renderer) object(n *node, rel string) *obj {
	o := &obj{}
	if n.operation != "" {
		o.add("Node Type", "ModifyTable")
		o.add("Operation", n.operation)
	} else {
		o.add("Node Type", n.name)
	}
	if rel != "" {
		o.add("Parent Relationship", rel)
	}
	if n.subplanName != "" {
		o.add("Subplan Name", n.subplanName)
	}
	if n.strategy != "" {
		o.add("Strategy", n.strategy)
		o.add("Partial Mode", "Simple")
	}
	o.add("Parallel Aware", false)
	o.add("Async Capable", false)
	if n.joinType != "" {
		o.add("Join Type", n.joinType)
	}
	if n.relation != "" {
		key := map[string]string{"Function Scan": "Function Name", "CTE Scan": "CTE Name", "WorkTable Scan": "CTE Name"}[n.name]
		if key == "" {
			key = "Relation Name"
		}
		if n.index != "" {
			o.add("Scan Direction", "Forward")
			o.add("Index Name", n.index)
		}
		if n.name != "Values Scan" { // PostgreSQL names only its alias
			o.add(key, n.relation)
		}
		if r.opts.Verbose && n.schema != "" {
			o.add("Schema", n.schema)
		}
		alias := n.alias
		if alias == "" {
			alias = n.relation
		}
		o.add("Alias", alias)
	}
	if r.opts.Costs {
		o.add("Startup Cost", num(fmt.Sprintf("%.2f", n.est.startup)))
		o.add("Total Cost", num(fmt.Sprintf("%.2f", n.est.total)))
		o.add("Plan Rows", num(fmt.Sprintf("%.0f", n.est.rows)))
		o.add("Plan Width", num(strconv.Itoa(n.est.width)))
	}
	a := r.measure(n)
	if a != nil {
		if r.opts.Timing {
			o.add("Actual Startup Time", num(fmt.Sprintf("%.3f", a.startup)))
			o.add("Actual Total Time", num(fmt.Sprintf("%.3f", a.total)))
		}
		o.add("Actual Rows", num(fmt.Sprintf("%.0f", a.rows)))
		o.add("Actual Loops", num(strconv.FormatInt(a.loops, 10)))
	}
	if len(n.output) > 0 { // PostgreSQL shows no Output for an empty target list
		o.add("Output", n.output)
	}
	for _, p := range n.allProps() {
		if p.isList {
			o.add(p.key, p.list)
		} else {
			o.add(p.key, p.value)
		}
		if p.key == "Filter" && a != nil && a.hasRemoved {
			o.add(n.removed.key, num(strconv.FormatInt(a.removed, 10)))
		}
	}
	if a != nil && a.loops > 0 {
		for _, d := range a.details {
			switch v := d.Value.(type) {
			case string:
				o.add(d.Key, v)
			default:
				if d.Unit == executor.KB {
					o.add(d.Key, num(strconv.FormatInt(kb(v), 10)))
				} else {
					o.add(d.Key, num(fmt.Sprint(v)))
				}
			}
		}
	}
	if len(n.children) > 0 {
		var plans []*obj
		for _, c := range n.children {
			plans = append(plans, r.object(c, c.rel))
		}
		o.add("Plans", plans)
	}
	return o
}
