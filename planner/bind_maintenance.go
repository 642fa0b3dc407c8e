package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// maintenance binds VACUUM and ANALYZE. Storage keeps no dead rows, so VACUUM has nothing
// to do but what its ANALYZE option asks; ANALYZE computes the statistics the optimizer's
// estimates read (they are otherwise computed on first use). The tables they name must
// exist, as in PostgreSQL (which reports a missing one without a cursor position).
func (b *binder) maintenance(s *pg_query.VacuumStmt) (*Statement, error) {
	st := &Statement{Kind: StmtAnalyze, Tag: "ANALYZE"}
	if s.IsVacuumcmd {
		st.Tag = "VACUUM"
		st.Kind = StmtNoop
		for _, o := range s.Options {
			if d, ok := o.Node.(*pg_query.Node_DefElem); ok && d.DefElem.Defname == "analyze" {
				st.Kind = StmtAnalyze
			}
		}
	}
	for _, n := range s.Rels {
		rel, ok := n.Node.(*pg_query.Node_VacuumRelation)
		if !ok || rel.VacuumRelation.Relation == nil {
			continue
		}
		rv := rel.VacuumRelation.Relation
		def := b.findTable(rv.Schemaname, rv.Relname)
		if def == nil || def.Virtual {
			name := rv.Relname
			if rv.Schemaname != "" {
				name = rv.Schemaname + "." + name
			}
			return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", name)
		}
		st.Analyze = append(st.Analyze, def)
	}
	return st, nil
}
