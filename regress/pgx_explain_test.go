package regress

import (
	"encoding/json"
	"fmt"
	"testing"
)

// explainNode is a node of EXPLAIN's JSON format, the fields the test reads.
type explainNode struct {
	NodeType     string        `json:"Node Type"`
	Relation     string        `json:"Relation Name"`
	Filter       string        `json:"Filter"`
	HashCond     string        `json:"Hash Cond"`
	ActualRows   int64         `json:"Actual Rows"`
	ActualLoops  int64         `json:"Actual Loops"`
	RowsRemoved  *int64        `json:"Rows Removed by Filter"`
	PeakMemory   *int64        `json:"Peak Memory Usage"`
	SortMethod   string        `json:"Sort Method"`
	SortSpace    *int64        `json:"Sort Space Used"`
	Plans        []explainNode `json:"Plans"`
	ActualTotal  *float64      `json:"Actual Total Time"`
	ActualStart  *float64      `json:"Actual Startup Time"`
	PlanRows     *float64      `json:"Plan Rows"`
	ParentRelKey string        `json:"Parent Relationship"`
}

// TestPgxExplainAnalyzeTPCH runs EXPLAIN ANALYZE of a TPC-H Q3-shaped query over small
// TPC-H-shaped tables and checks every node's actual rows against the real counts: each
// scan's against a count of its table under the filter EXPLAIN prints (so the printed filter
// is also checked to be the one applied), the joins', the aggregate's and the sort's against
// counts of the same joins, groups and limit. Times, loops, estimates and memory must be
// there too.
func TestPgxExplainAnalyzeTPCH(t *testing.T) {
	if *targetFlag != "" {
		t.Skip("-target: PostgreSQL plans the query differently")
	}
	srv := newPgxServer(t)
	conn := srv.connect(t)
	mustExec(t, conn,
		`CREATE TABLE customer AS SELECT g AS c_custkey, CASE g % 5 WHEN 0 THEN 'BUILDING' WHEN 1 THEN 'AUTOMOBILE'
			WHEN 2 THEN 'MACHINERY' WHEN 3 THEN 'HOUSEHOLD' ELSE 'FURNITURE' END AS c_mktsegment FROM generate_series(1, 1500) g`,
		`CREATE TABLE orders AS SELECT g AS o_orderkey, (g * 7) % 1500 + 1 AS o_custkey,
			date '1992-01-01' + (g * 13) % 2400 AS o_orderdate, g % 3 AS o_shippriority FROM generate_series(1, 15000) g`,
		`CREATE TABLE lineitem AS SELECT (g * 11) % 15000 + 1 AS l_orderkey, (g % 1000) * 1.5 AS l_extendedprice,
			(g % 10) / 100.0 AS l_discount, date '1992-01-01' + (g * 17) % 2500 AS l_shipdate FROM generate_series(1, 60000) g`)
	const q3 = `SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
		FROM customer, orders, lineitem
		WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
		  AND o_orderdate < date '1995-03-15' AND l_shipdate > date '1995-03-15'
		GROUP BY l_orderkey, o_orderdate, o_shippriority
		ORDER BY revenue DESC, o_orderdate LIMIT 10`
	var doc string
	if err := conn.QueryRow(t.Context(), "EXPLAIN (ANALYZE, FORMAT JSON) "+q3).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	var out []struct {
		Plan          explainNode `json:"Plan"`
		PlanningTime  *float64    `json:"Planning Time"`
		ExecutionTime *float64    `json:"Execution Time"`
	}
	if err := json.Unmarshal([]byte(doc), &out); err != nil || len(out) != 1 {
		t.Fatalf("EXPLAIN's JSON does not parse: %v\n%s", err, doc)
	}
	if out[0].PlanningTime == nil || out[0].ExecutionTime == nil {
		t.Errorf("no Planning Time or Execution Time")
	}
	count := func(sql string) int64 { return queryInt64(t, conn, sql) }
	joined := count(`SELECT count(*) FROM customer, orders, lineitem WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey
		AND l_orderkey = o_orderkey AND o_orderdate < date '1995-03-15' AND l_shipdate > date '1995-03-15'`)
	groups := count(`SELECT count(*) FROM (SELECT 1 FROM customer, orders, lineitem WHERE c_mktsegment = 'BUILDING'
		AND c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate < date '1995-03-15'
		AND l_shipdate > date '1995-03-15' GROUP BY l_orderkey, o_orderdate, o_shippriority) s`)
	if joined == 0 || groups <= 10 {
		t.Fatalf("the data gives %d joined rows and %d groups: too few to test", joined, groups)
	}
	want := map[string]int64{"Limit": 10, "Sort": 10, "HashAggregate": groups}
	seen := map[string]int{}
	var check func(n explainNode, path string)
	check = func(n explainNode, path string) {
		path += "/" + n.NodeType
		seen[n.NodeType]++
		if n.ActualLoops != 1 || n.ActualTotal == nil || n.ActualStart == nil || n.PlanRows == nil {
			t.Errorf("%s: loops %d, times %v..%v, estimate %v", path, n.ActualLoops, n.ActualStart, n.ActualTotal, n.PlanRows)
		}
		switch n.NodeType {
		case "Seq Scan":
			where := ""
			if n.Filter != "" {
				where = " WHERE " + n.Filter
			}
			if real := count("SELECT count(*) FROM " + n.Relation + where); n.ActualRows != real {
				t.Errorf("%s on %s%s: actual rows %d, real %d", path, n.Relation, where, n.ActualRows, real)
			}
			if n.Filter != "" {
				total := count("SELECT count(*) FROM " + n.Relation)
				if n.RowsRemoved == nil || *n.RowsRemoved != total-n.ActualRows {
					t.Errorf("%s on %s: rows removed %v, want %d", path, n.Relation, n.RowsRemoved, total-n.ActualRows)
				}
			}
		case "Hash":
			if n.PeakMemory == nil || len(n.Plans) != 1 || n.ActualRows != n.Plans[0].ActualRows {
				t.Errorf("%s: rows %d, memory %v, over %d children", path, n.ActualRows, n.PeakMemory, len(n.Plans))
			}
		case "Hash Join":
			// The topmost join yields the joined rows; lower ones the rows of their pair.
			if path == "/Limit/Sort/HashAggregate/Hash Join" && n.ActualRows != joined {
				t.Errorf("%s: actual rows %d, real %d", path, n.ActualRows, joined)
			}
		case "Sort":
			if n.SortMethod != "top-N heapsort" || n.SortSpace == nil {
				t.Errorf("%s: method %q, space %v", path, n.SortMethod, n.SortSpace)
			}
		}
		if w, ok := want[n.NodeType]; ok && n.ActualRows != w {
			t.Errorf("%s: actual rows %d, real %d", path, n.ActualRows, w)
		}
		for _, c := range n.Plans {
			check(c, path)
		}
	}
	check(out[0].Plan, "")
	if seen["Seq Scan"] != 3 || seen["Hash Join"] != 2 || seen["HashAggregate"] != 1 {
		t.Errorf("plan nodes %v, want 3 scans, 2 hash joins and an aggregate\n%s", seen, doc)
	}
	// The text format shows the same counts.
	rows, err := conn.Query(t.Context(), "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "+q3)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		var l string
		rows.Scan(&l)
		lines = append(lines, l)
	}
	if rows.Err() != nil || len(lines) < 10 || lines[0] != "Limit (actual rows=10 loops=1)" {
		t.Errorf("text format: %v\n%s", rows.Err(), fmt.Sprint(lines))
	}
}
