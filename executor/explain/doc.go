// Package explain renders EXPLAIN's output as PostgreSQL users read it: the plan's nodes
// under PostgreSQL's names (Seq Scan, Hash Join over a Hash, HashAggregate, Sort, ...) with
// their estimated costs, rows and widths, their qualifiers (Filter, Hash Cond, Sort Key,
// Group Key) as ruleutils would print them, and, after EXPLAIN ANALYZE, what each did: its
// actual time, rows and loops, the rows its filter removed, and what it held (a sort's
// method and memory or disk, a hash table's buckets and memory), followed by the planning
// and execution times. The text format follows explain.c's layout line for line; JSON,
// YAML and XML are written from one property tree with PostgreSQL's keys.
//
// tree.go maps pgfast's plan onto PostgreSQL's node types (filters and projections fold
// into the node below them, a hash join's build side gets its Hash node), deparse.go prints
// expressions, cost.go derives costs from the optimizer's row estimates (pgfast's optimizer
// estimates rows, not costs), format.go and structured.go write the formats. The
// measurements come from package executor's Instrumentation.
package explain
