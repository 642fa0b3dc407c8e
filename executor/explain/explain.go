package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// Input is what one EXPLAIN shows.
type Input struct {
	// Statement is the EXPLAIN statement: its options, the statement explained (Inner)
	// with its plan, and the plan's estimates.
	Statement *planner.Statement
	// Registry names the operators expressions call.
	Registry *catalog.Registry
	// Stats are the measurements of the run (EXPLAIN ANALYZE), nil otherwise.
	Stats *executor.Instrumentation
	// Planning and Execution are the summary's times.
	Planning, Execution time.Duration
	// Returned is how many rows a data-changing statement returned (RETURNING), for its
	// node's actual rows.
	Returned int64
}

// Lines renders the plan: one line per row in the text format, one row holding the whole
// document in the others.
func Lines(in Input) []string {
	st, opts := in.Statement, in.Statement.Explain
	several := readsSeveral(st.Inner.Query)
	b := &builder{d: newDeparser(in.Registry, opts.Verbose || several, several),
		est: st.Estimates, verbose: opts.Verbose}
	root := b.build(st.Inner.Query)
	switch st.Inner.Kind {
	case planner.StmtInsert, planner.StmtUpdate, planner.StmtDelete:
		root = b.dmlNode(st.Inner, root)
		if in.Stats != nil {
			root.synthetic = &actual{loops: 1, rows: float64(in.Returned), startup: ms(in.Execution), total: ms(in.Execution)}
		}
	case planner.StmtQuery:
		if lk := st.Inner.Locking; lk != nil {
			query := root
			root = lockRowsNode(lk, root)
			for n := root; in.Stats != nil && n != query; n = n.children[0] {
				n.synthetic = &actual{loops: 1, rows: float64(in.Returned), startup: ms(in.Execution), total: ms(in.Execution)}
			}
		}
	}
	r := &renderer{opts: opts, stats: in.Stats}
	summary := opts.Summary
	switch opts.Format {
	case "text":
		r.text(root, 0, true)
		if summary {
			r.lines = append(r.lines, fmt.Sprintf("Planning Time: %.3f ms", ms(in.Planning)))
			if in.Stats != nil {
				r.lines = append(r.lines, fmt.Sprintf("Execution Time: %.3f ms", ms(in.Execution)))
			}
		}
		return r.lines
	}
	top := &obj{}
	top.add("Plan", r.object(root, ""))
	if summary {
		top.add("Planning Time", num(fmt.Sprintf("%.3f", ms(in.Planning))))
	}
	if in.Stats != nil {
		top.add("Triggers", []*obj{})
		if summary {
			top.add("Execution Time", num(fmt.Sprintf("%.3f", ms(in.Execution))))
		}
	}
	var sb strings.Builder
	switch opts.Format {
	case "json":
		sb.WriteString("[\n  ")
		writeJSON(&sb, top, 4)
		sb.WriteString("\n]")
	case "yaml":
		writeYAML(&sb, top, 2, "- ")
	case "xml":
		sb.WriteString("<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query>\n")
		writeXML(&sb, top, 2)
		sb.WriteString("  </Query>\n</explain>")
	}
	return []string{strings.TrimRight(sb.String(), "\n")}
}

// readsSeveral reports whether a plan reads more than one relation, when PostgreSQL
// qualifies column names with their relation.
func readsSeveral(p planner.Plan) bool {
	n := 0
	var walk func(p planner.Plan)
	walk = func(p planner.Plan) {
		switch p.(type) {
		case *planner.Scan, *planner.FunctionScan, *planner.CTEScan, *planner.WorkTableScan:
			n++
		case *planner.Values:
			if len(p.Columns()) > 0 {
				n++
			}
		}
		for _, c := range p.Children() {
			walk(c)
		}
		if l, ok := p.(*planner.LateralJoin); ok {
			walk(l.Sub.Plan)
		}
	}
	if p != nil {
		walk(p)
	}
	return n > 1
}
