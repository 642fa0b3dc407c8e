package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// maintenance binds VACUUM and ANALYZE. Storage keeps no dead rows and the planner uses no
// statistics, so both have nothing to do; the tables they name must still exist, as in
// PostgreSQL (which reports a missing one without a cursor position).
func (b *binder) maintenance(s *pg_query.VacuumStmt) (*Statement, error) {
	tag := "ANALYZE"
	if s.IsVacuumcmd {
		tag = "VACUUM"
	}
	for _, n := range s.Rels {
		rel, ok := n.Node.(*pg_query.Node_VacuumRelation)
		if !ok || rel.VacuumRelation.Relation == nil {
			continue
		}
		rv := rel.VacuumRelation.Relation
		schema := rv.Schemaname
		if schema == "" {
			schema = catalog.DefaultSchema
		}
		if b.cat.Table(schema, rv.Relname) == nil {
			name := rv.Relname
			if rv.Schemaname != "" {
				name = rv.Schemaname + "." + name
			}
			return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", name)
		}
	}
	return &Statement{Kind: StmtNoop, Tag: tag}, nil
}
