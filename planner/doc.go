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
// # Numeric scale
//
// numeric values live in 128-bit decimals whose scale is part of the Arrow type. Declared
// columns use their declared scale; expressions carry the scale PostgreSQL's rules give
// (literal digits, max for addition, sum for multiplication) in types.NumericWithScale, so
// that 1.50 + 2.250 prints 3.750 as PostgreSQL does. Division uses a fixed scale derived
// from its inputs (PostgreSQL's depends on the values).
package planner
