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
//	Optimize     an ordered list of named rules (optimize.go): filter push-down, then the
//	             choice of join algorithms (hash join on equality keys, else nested loop).
//	Explain      a deterministic rendering of the physical plan.
//
// # Plans and expressions
//
// Plan nodes (plan.go) are immutable; rewrites go through WithChildren. Expressions
// (expr.go) are a closed set, and column references are positional: ColRef.Idx indexes the
// output columns of the node's input. SELECT is bound in PostgreSQL's order: FROM, WHERE,
// the target list (aggregates are collected while binding it), GROUP BY, HAVING, then
// expressions over the aggregate's output are rewritten so that group keys and aggregate
// results become column references. ORDER BY items that are not output columns become
// hidden columns dropped after the sort.
//
// # Subqueries and system relations
//
// A subquery that reads columns of the enclosing query is correlated: each such reference
// binds to an OuterRef, and the Subquery lists the enclosing columns in Outer, so the
// executor can run the plan per outer row (bind_correlate.go). Only the immediately
// enclosing query may be referenced. Relation names resolve first against the system
// relations of catalog/pgcatalog (pg_catalog is implicitly first on the search path, as in
// PostgreSQL), then against the catalog snapshot; literals of the reg* types
// ('t'::regclass) are looked up while binding.
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
