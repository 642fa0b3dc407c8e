// Package indexkey computes the keys of expression and partial indexes for storage, which
// cannot evaluate SQL itself: Keyer binds an index's stored key expressions and predicate
// with the planner (planner.IndexKeys) and evaluates them with the executor over whole rows
// of the table, one batch at a time.
//
// Compiled expressions are cached by the index's definition and the table's column types,
// so a segment's index built on first use, and every insert after it, bind nothing. The
// expressions are immutable (CREATE INDEX refuses others), so they are evaluated with the
// default settings and no session.
package indexkey
