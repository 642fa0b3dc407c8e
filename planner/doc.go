// Package planner turns SQL text into plans: it parses with PostgreSQL's own grammar
// (pg_query), binds names and types against a catalog snapshot and the function registry,
// and rewrites the bound tree into the physical plan the executor runs.
//
// # Flow
//
//	Parse        pg_query parse; syntax errors get 42601 and the cursor position
//	Prepare      bind_*.go: the only switch over pg_query nodes. Resolves relations and
//	             columns to positions, functions and operators to registry entries (with
//	             PostgreSQL's overload rules and implicit casts), literals to typed
//	             constants, and infers parameter types. Errors carry the position of the
//	             offending token, as PostgreSQL reports them.
//	Optimize     an ordered list of named rules (optimize.go): constant folding (fold.go),
//	             factoring of ORs (or_factor.go), decorrelation of subqueries, filter
//	             push-down with outer-join reduction, join ordering by cost
//	             (join_order.go), the choice of join algorithms (hash join on equality
//	             keys, else nested loop), then column pruning.
//	Explain      a deterministic rendering of the physical plan.
//
// # Estimates and join order
//
// The optimizer estimates every node's output (cardinality.go, selectivity.go): row counts
// and per-column distinct values, NULL fractions and ranges, starting from the statistics
// of catalog/stats that a StatsSource (Scope.Stats; storage, through the session) supplies
// for each table, with PostgreSQL's default selectivities where statistics cannot answer.
// Regions of inner joins are reordered from those estimates by dynamic programming over
// the join graph (join_order.go), never forming a cross join where a join predicate
// exists, and each hash join builds on its smaller input. planner/testdata/tpch.golden
// pins the resulting plans of the 22 TPC-H queries at scale factor 1.
//
// # Plans and expressions
//
// Plan nodes (plan.go) are immutable; rewrites go through WithChildren. Expressions
// (expr.go) are a closed set, and column references are positional: ColRef.Idx indexes the
// output columns of the node's input. SELECT is bound in PostgreSQL's order: FROM, WHERE,
// the target list (aggregates are collected while binding it), GROUP BY, HAVING, then
// expressions over the aggregate's output are rewritten so that group keys and aggregate
// results become column references. ORDER BY items that are not output columns become
// hidden columns dropped after the sort. GROUPING SETS, ROLLUP and CUBE are expanded while
// GROUP BY is bound (bind_grouping_sets.go) into the Aggregate's Sets over its distinct
// grouping expressions; GROUPING(...) calls become output columns of the Aggregate.
//
// # Window functions
//
// Window calls are collected like aggregates while the SELECT list and ORDER BY are bound
// (bind_window.go): each becomes a WindowCall with its PARTITION BY, ORDER BY and frame,
// named windows (WINDOW w AS ...) resolved with PostgreSQL's copy and override rules, and
// is replaced by a placeholder. Their arguments may contain aggregates, so the calls are
// rewritten over the Aggregate's output like the SELECT list, and a Window node is placed
// where PostgreSQL evaluates them: after GROUP BY and HAVING, before DISTINCT, ORDER BY and
// LIMIT. Window calls where PostgreSQL forbids them (WHERE, GROUP BY, HAVING, JOIN
// conditions, window definitions, aggregate arguments, other window calls) are 42P20 or
// 42803 errors with PostgreSQL's messages. RANGE frames with offsets and FILTER on window
// aggregates are not supported yet.
//
// # Changing rows and tables
//
// DELETE and UPDATE bind to a query (bind_dml.go): the target table scanned with its row
// identifiers, joined with USING / FROM items, filtered by WHERE, projected to the row
// identifier, the new row (UPDATE, each SET value coerced in assignment context) and the
// RETURNING values; Statement.Query documents the layout. ALTER TABLE and RENAME bind to the
// table's new definition plus the mapping of its columns to the current ones (AlterTable),
// which storage applies without rewriting data.
//
// CREATE INDEX binds to such an ALTER TABLE too (bind_index.go). Its keys may be
// expressions and its WHERE makes it partial (bind_index_expr.go): both are checked as
// PostgreSQL checks them (immutable functions only) and kept as SQL text, which IndexKeys
// binds again wherever keys are computed, in storage through an IndexKeyer. ON CONFLICT's
// target is matched against the unique indexes by PostgreSQL's inference rules, a partial
// index arbitrating only when the target's WHERE implies its predicate (bind_infer.go).
//
// CREATE TYPE ... AS ENUM, ALTER TYPE and DROP TYPE (bind_type.go) bind to the type's new
// definition, with PostgreSQL's checks (label length, existing labels, dependencies of a
// dropped type) and an added value's float4 sort order computed as AddEnumLabel does;
// storage assigns the OIDs when the statement runs. Type names resolve against pg_catalog
// first, then the snapshot's user types ("_name" is a user type's array type). Arguments
// declared anyenum resolve to the one enum type of the call (polymorphic.go).
//
// Domains (bind_domain.go) hold their values as their base type's. Expressions keep the
// domain type (a column of it, a cast to it), so pg_typeof, CREATE TABLE AS and views see
// it, while functions and operators are matched against base types and inputs of mixed
// types resolve to a common base type, as PostgreSQL does (baseTypes). A domain is
// enforced where values enter it, by CoerceToDomain: casts to it, assignments to columns
// of it (INSERT, UPDATE, defaults, ALTER TABLE ADD COLUMN, COPY FROM through
// CopyOptions.Checks). Its CHECK expressions are kept as SQL text over VALUE and bound
// afresh there; ALTER DOMAIN ... SET NOT NULL and ADD CONSTRAINT first query the stored
// values (Statement.DomainChecks).
//
// # WITH queries and views
//
// bind_cte.go binds WITH lists in PostgreSQL's scoping (a CTE sees the earlier ones, an
// inner WITH shadows outer names and tables). A CTE read once, or declared NOT
// MATERIALIZED, is inlined where it is read, so the optimizer sees through it; one read
// several times stays in a With node (plan_cte.go) and is computed once per execution, read
// by CTEScans. WITH RECURSIVE becomes a RecursiveUnion whose recursive term reads the
// previous round through a WorkTableScan. Views (bind_view.go) are stored as their query's
// deparsed SQL and bound afresh, in their own name space, wherever they are read; DROP
// refuses to remove a relation a view reads, as PostgreSQL's dependencies do. INSERT,
// UPDATE and DELETE on an automatically updatable view write its base table
// (view_update.go, view_dml.go): the chain of views is resolved to the table, each view's
// columns and WHERE expressed over the table's row, and WITH CHECK OPTION becomes a check
// of the new rows, as PostgreSQL's rewriteTargetView does.
//
// # Correlated subqueries
//
// A column the subquery's own FROM does not have resolves in the enclosing queries' scopes
// to an OuterRef (level 1: the row of the node holding the Subquery expression), and the
// Subquery is marked Correlated. The decorrelate rule (decorrelate.go) turns the common
// shapes into joins: [NOT] EXISTS and [NOT] IN conjuncts into semi and anti joins (NOT IN
// with a null-aware condition), aggregate scalar subqueries into a left join with the
// subquery grouped by its correlation keys. Before that, an aggregate over the very table
// the outer query joins on the correlated column becomes a window aggregate over that
// table's qualifying rows, so the table is read once (window_subquery.go), and a HAVING
// subquery aggregating the grouped query's own input becomes a window over the groups
// (reaggregate.go). What remains is evaluated per row by the executor. Whatever renumbers
// a node's input columns renumbers the OuterRefs of its correlated subqueries too
// (walk_plan.go).
// A LATERAL subquery in FROM (lateral.go) is bound the same way, with the FROM items to
// its left as its enclosing scope, and becomes a LateralJoin holding it as a Subquery
// expression, so that the same walks renumber its references; one that reads none of them
// is an ordinary join. The decorrelate rule turns the common shapes into joins too
// (lateral_decorrelate.go): equality-correlated subqueries carry their keys up, LIMIT
// becoming a row_number() window per key (top-N per group) and aggregates grouping by
// them; the others run per distinct outer row in the executor.
// A subquery's plan may also be an ARRAY(SELECT ...), whose values become one array;
// correlated ones go through the same decorrelation and per-row evaluation.
//
// # System relations
//
// Relation names resolve first against the system relations of catalog/pgcatalog
// (pg_catalog is implicitly first on the search path, as in PostgreSQL), then against the
// catalog snapshot; literals of the reg* types ('t'::regclass) are looked up while binding.
//
// # Arrays and polymorphic functions
//
// ARRAY[...] (typed by its elements' common type, or by an enclosing cast), x op ANY/ALL
// (array) and subscripts are bound in bind_array.go as PostgreSQL's parser does. Calls of
// functions declared with polymorphic pseudo-types (anyelement, anyarray, anycompatible,
// ...) are resolved by PostgreSQL's rules in polymorphic.go: candidates must be consistent
// (check_generic_type_consistency), untyped literals take the deduced types, the
// anycompatible family is cast to its common type, and a polymorphic result takes its
// family's type.
//
// # Set-returning functions, records and jsonb subscripts
//
// Set-returning functions in a SELECT list are collected while it is bound (bind_srf.go)
// and evaluated by a ProjectSet placed after grouping and windows, as PostgreSQL does;
// functions in FROM become a FunctionScan, or a ProjectSet over the FROM items before them
// when their arguments read those (implicit LATERAL). A plain function in FROM gives one
// row. A function returning rows, called in a SELECT list, gives records.
//
// Records (bind_record.go): ROW(...) and whole-row references (t, or t.* as a value) bind
// to RowExpr, typed by an anonymous record type naming the fields (catalog/types,
// "Records"); (x).f is a FieldSelect and (x).* in a SELECT list expands to one per field.
// ROW(...) op ROW(...) written out compares field by field with SQL's NULL semantics (as
// make_row_comparison_op); other record comparisons call record_eq and friends.
//
// jsonb subscripts (bind_jsonb_subscript.go) read like #>, binding to jsonb_extract_path;
// UPDATE ... SET j['a'][0] = v binds to the registry's internal jsonb_subscript_assign.
//
// # Numeric literals
//
// numeric values carry their display scale per value (see catalog/types), so numeric
// expressions are typed plain numeric unless a modifier is declared, and a literal such as
// 2.50 keeps its written scale in its value. Literals beyond what numeric holds here (more
// than 35 significant digits, or digits more than 250 places after the point, such as
// 1e300 or 3.4e38) become float8 constants instead: PostgreSQL keeps them numeric, but as
// float8 common uses such as 1e300 * 1e-300 or 3.4e38::float4 still work.
package planner
