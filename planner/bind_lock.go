package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// lockTable binds LOCK TABLE. Statements read snapshots and commits detect conflicting
// writes, so no lock is needed for what LOCK promises readers such as pg_dump (that the
// tables keep their definition while they are read); the statement checks that the tables
// exist and that the role may lock them, and changes nothing.
func (b *binder) lockTable(s *pg_query.LockStmt) (*Statement, error) {
	for _, n := range s.Relations {
		def, err := b.lookupTable(n.GetRangeVar())
		if err != nil {
			if pe, ok := err.(*pgerror.Error); ok {
				pe.Position = 0
			}
			return nil, err
		}
		want := acl.Select
		if s.Mode > 1 { // stronger than ACCESS SHARE: any of the writing privileges
			want = acl.Update
		}
		if err := b.requireTable(def, want); err != nil {
			if err2 := b.requireTable(def, acl.Select); want == acl.Update && err2 == nil {
				continue
			}
			return nil, err
		}
	}
	return &Statement{Kind: StmtNoop, Tag: "LOCK TABLE"}, nil
}
