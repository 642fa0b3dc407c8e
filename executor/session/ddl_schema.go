package session

import (
	"cmp"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SchemaDDL is implemented by transactions that can create, rename and drop schemas
// (package storage's); a store without them refuses the statements.
type SchemaDDL interface {
	// CreateSchema adds a schema; a taken name gives 42P06.
	CreateSchema(name, owner string) (*catalog.SchemaDef, error)
	// RenameSchema renames schema oid, moving what it holds.
	RenameSchema(oid types.OID, name string) error
	// DropSchema removes schema oid; the caller has dropped what it held.
	DropSchema(oid types.OID) error
}

// schemaDDL runs CREATE, ALTER and DROP SCHEMA. DROP SCHEMA ... CASCADE drops the
// relations and types the binder found in the schemas first.
func (s *Session) schemaDDL(txn executor.Txn, st *planner.Statement) error {
	s.statementNotices(st)
	sd, ok := txn.(SchemaDDL)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold schemas")
	}
	switch st.Kind {
	case planner.StmtCreateSchema:
		if st.SchemaName == "" {
			return nil // skipped by IF NOT EXISTS
		}
		_, err := sd.CreateSchema(st.SchemaName, st.SchemaOwner)
		return err
	case planner.StmtAlterSchema:
		if err := sd.RenameSchema(st.SchemaOID, st.SchemaName); err != nil {
			return err
		}
		for _, def := range st.Rewrites {
			src := make([]int, len(def.Columns))
			for i := range src {
				src[i] = i
			}
			if err := txn.AlterTable(*def, src); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range st.Drop {
		if txn.Catalog().TableByOID(d.OID) == nil {
			continue
		}
		if err := txn.DropTable(d.OID); err != nil {
			return err
		}
	}
	if len(st.DropTypes) > 0 {
		td, ok := txn.(TypeDDL)
		if !ok {
			return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold user-defined types")
		}
		for _, d := range st.DropTypes {
			if err := td.DropType(d.OID); err != nil {
				return err
			}
		}
	}
	if len(st.DropFuncs) > 0 {
		if err := s.functionDDL(txn, &planner.Statement{DropFuncs: st.DropFuncs}); err != nil {
			return err
		}
	}
	for _, d := range st.DropSchemas {
		if err := sd.DropSchema(d.OID); err != nil {
			return err
		}
	}
	return nil
}

// statementNotices reports the notices the binder attached to a statement.
func (s *Session) statementNotices(st *planner.Statement) {
	for _, n := range st.Notices {
		e := pgerror.New(n.Code, n.Message)
		e.Severity = "NOTICE"
		if strings.HasPrefix(string(n.Code), "01") {
			e.Severity = "WARNING" // the warning class
		}
		if n.Detail != "" {
			e = e.WithDetail(n.Detail)
		}
		s.mu.Lock()
		s.notices = append(s.notices, e)
		s.mu.Unlock()
	}
}

// createSchemaElements runs the statements CREATE SCHEMA holds, each bound against what
// the ones before it created, with the new schema first on the search path.
func (s *Session) createSchemaElements(ctx *executor.Ctx, st *planner.Statement) error {
	for _, p := range st.SchemaElements {
		sc := s.planningScope(ctx.Txn)
		path := cmp.Or(sc.SearchPath, `"$user", public`)
		sc.SearchPath = types.QuoteIdent(st.SchemaName) + ", " + path
		el, err := planner.PrepareScoped(ctx.Txn.Catalog(), s.eng.reg, p, nil, sc)
		if err != nil {
			return err
		}
		res, err := s.executeChange(ctx, el)
		if res != nil {
			res.Close()
		}
		if err != nil {
			return err
		}
	}
	return nil
}
