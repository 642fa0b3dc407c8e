package planner

import (
	"errors"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Parsed is one statement of a query string, parsed but not yet bound.
type Parsed struct {
	// SQL is the whole query string the statement came from; error positions are offsets
	// into it, as PostgreSQL reports them.
	SQL  string
	stmt *pg_query.RawStmt
}

// Text returns the statement's own text (without the other statements of its string).
func (p *Parsed) Text() string {
	start := int(p.stmt.StmtLocation)
	end := len(p.SQL)
	if p.stmt.StmtLen > 0 {
		end = start + int(p.stmt.StmtLen)
	}
	if start < 0 || start > len(p.SQL) || end > len(p.SQL) {
		return p.SQL
	}
	return strings.TrimSpace(p.SQL[start:end])
}

// Parse splits sql into statements using PostgreSQL's own grammar. An empty or
// comment-only string gives no statements. Syntax errors carry 42601 and the position.
func Parse(sql string) ([]*Parsed, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		var pe *pgparser.Error
		if errors.As(err, &pe) {
			// The parser is PostgreSQL 16's, which names ALTER CONSTRAINT's constraints
			// by the statement where PostgreSQL 15 calls them foreign keys.
			msg := strings.Replace(pe.Message, "ALTER CONSTRAINT statement constraints", "FOREIGN KEY constraints", 1)
			e := pgerror.New(pgcode.SyntaxError, msg)
			if pe.Cursorpos > 0 {
				e.Position = int32(pe.Cursorpos)
			}
			if strings.HasPrefix(pe.Message, "unterminated") {
				// PostgreSQL reports unterminated literals with the same SQLSTATE.
				e.Code = pgcode.SyntaxError
			}
			return nil, e
		}
		return nil, pgerror.Wrapf(err, pgcode.SyntaxError, "syntax error")
	}
	out := make([]*Parsed, 0, len(tree.Stmts))
	for _, s := range tree.Stmts {
		out = append(out, &Parsed{SQL: sql, stmt: s})
	}
	return out, nil
}

// charPos converts a 0-based byte offset into the 1-based character position PostgreSQL
// reports (the parser's locations are byte offsets; clients count characters).
func charPos(sql string, loc int32) int32 {
	if loc < 0 {
		return 0
	}
	if int(loc) > len(sql) {
		loc = int32(len(sql))
	}
	return int32(utf8.RuneCountInString(sql[:loc])) + 1
}
