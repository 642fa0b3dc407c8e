package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Parsed is one statement of a query string, parsed but not yet bound.
type Parsed struct {
	// SQL is the whole query string the statement came from; error positions are offsets
	// into it, as PostgreSQL reports them.
	SQL  string
	stmt *pg_query.RawStmt
}
