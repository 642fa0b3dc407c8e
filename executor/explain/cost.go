package explain

import (
	"math"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Costs. pgfast's optimizer estimates rows, not costs, so EXPLAIN derives costs in
// PostgreSQL's units from the estimated rows with PostgreSQL's default cost constants
// (seq_page_cost 1, cpu_tuple_cost 0.01, cpu_operator_cost 0.0025): a scan pays for its
// pages and rows, an operator for the rows it reads and returns, a sort n·log2(n)
// comparisons before its first row. The figures order plans as PostgreSQL's would but are
// not PostgreSQL's own.

const (
	seqPageCost     = 1.0
	cpuTupleCost    = 0.01
	cpuOperatorCost = 0.0025
	pageSize        = 8192

	randomPageCost    = 4.0
	cpuIndexTupleCost = 0.005
)

// estimate is a node's estimated output and cost.
type estimate struct {
	startup, total float64
	rows           float64
	width          int
}

// width estimates the bytes of a row of cols, as PostgreSQL's typlen and its default width
// of variable-length values (32 bytes) do.
func width(cols []planner.Column) int {
	w := 0
	for _, c := range cols {
		d := types.ByOID(c.Type.OID)
		switch {
		case d == nil:
			w += 8
		case d.Len > 0:
			w += int(d.Len)
		case c.Type.OID == types.Numeric:
			w += 8
		default:
			w += 32
		}
	}
	return w
}

// scanCost is the cost of reading rows of the given width from a table.
func scanCost(rows float64, w int) float64 {
	pages := math.Ceil(rows * float64(w+24) / pageSize)
	return pages*seqPageCost + rows*cpuTupleCost
}

// sortCost is the startup cost of sorting rows.
func sortCost(rows float64) float64 {
	if rows < 2 {
		rows = 2
	}
	return 2 * cpuOperatorCost * rows * math.Log2(rows)
}

// indexLookupCost is the cost of finding one row of a table of tableRows rows through a
// unique B-tree index on a 4-byte key as PostgreSQL estimates it: before the first row the
// descent's comparisons and 50 operator costs per level (about 367 keys fit a leaf page, 286
// downlinks an inner one), then one random page of the index and one of the table, and the
// row's own CPU costs.
func indexLookupCost(tableRows float64) (startup, total float64) {
	levels := 1.0
	for pages := math.Ceil(tableRows / 367); pages > 1; pages = math.Ceil(pages / 286) {
		levels++
	}
	startup = math.Ceil(math.Log2(max(tableRows, 2)))*cpuOperatorCost + levels*50*cpuOperatorCost
	return startup, startup + 2*randomPageCost + cpuIndexTupleCost + cpuTupleCost + cpuOperatorCost
}
