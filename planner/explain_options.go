package planner

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// ExplainOptions are the options of EXPLAIN, as PostgreSQL 15 accepts them.
type ExplainOptions struct {
	Analyze, Verbose, Costs, Buffers, Timing, Summary, Settings, WAL bool
	// Format is "text", "json", "xml" or "yaml".
	Format string
}

// explainOptions reads EXPLAIN's option list with PostgreSQL's defaults and errors: COSTS
// on, TIMING and SUMMARY as ANALYZE, TIMING and WAL only with ANALYZE.
func (b *binder) explainOptions(list []*pg_query.Node) (*ExplainOptions, error) {
	o := &ExplainOptions{Costs: true, Format: "text"}
	timingSet, summarySet := false, false
	for _, n := range list {
		d, ok := n.Node.(*pg_query.Node_DefElem)
		if !ok {
			continue
		}
		name := d.DefElem.Defname
		if name == "format" {
			if d.DefElem.Arg == nil {
				return nil, b.errorf(-1, pgcode.SyntaxError, "format requires a parameter")
			}
			v := strings.ToLower(defElemString(d.DefElem))
			switch v {
			case "text", "json", "xml", "yaml":
				o.Format = v
			default:
				return nil, b.errorf(d.DefElem.Location, pgcode.InvalidParameterValue,
					"unrecognized value for EXPLAIN option \"format\": \"%s\"", defElemString(d.DefElem))
			}
			continue
		}
		target := map[string]*bool{"analyze": &o.Analyze, "verbose": &o.Verbose, "costs": &o.Costs,
			"buffers": &o.Buffers, "timing": &o.Timing, "summary": &o.Summary, "settings": &o.Settings,
			"wal": &o.WAL}[name]
		if target == nil {
			return nil, b.errorf(d.DefElem.Location, pgcode.SyntaxError, "unrecognized EXPLAIN option \"%s\"", name)
		}
		v, ok := explainBool(d.DefElem)
		if !ok {
			return nil, b.errorf(-1, pgcode.SyntaxError, "%s requires a Boolean value", name)
		}
		*target = v
		timingSet = timingSet || name == "timing"
		summarySet = summarySet || name == "summary"
	}
	if o.WAL && !o.Analyze {
		return nil, b.errorf(-1, pgcode.InvalidParameterValue, "EXPLAIN option WAL requires ANALYZE")
	}
	if timingSet && o.Timing && !o.Analyze {
		return nil, b.errorf(-1, pgcode.InvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE")
	}
	if !timingSet {
		o.Timing = o.Analyze
	}
	if !summarySet {
		o.Summary = o.Analyze
	}
	return o, nil
}

// explainBool reads a Boolean option's argument as PostgreSQL's defGetBoolean does: none
// means true; true/false/on/off and 1/0.
func explainBool(d *pg_query.DefElem) (bool, bool) {
	if d.Arg == nil {
		return true, true
	}
	if c, ok := d.Arg.Node.(*pg_query.Node_Integer); ok {
		switch c.Integer.Ival {
		case 0:
			return false, true
		case 1:
			return true, true
		}
		return false, false
	}
	switch strings.ToLower(defElemString(d)) {
	case "true", "on":
		return true, true
	case "false", "off":
		return false, true
	}
	return false, false
}
