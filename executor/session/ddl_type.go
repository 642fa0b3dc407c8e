package session

import (
	"errors"
	"fmt"
	"io"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TypeDDL is implemented by transactions that can create, alter and drop user-defined types
// (package storage's). Types are catalog objects without rows; a store without them refuses
// the statements.
type TypeDDL interface {
	// CreateType adds a type, assigning the OIDs of the type, its array type and its enum
	// labels, and returns the stored definition. A taken name gives 42710.
	CreateType(def catalog.TypeDef) (*catalog.TypeDef, error)
	// AlterType replaces the definition of type def.OID; enum labels with OID 0 are added
	// (and unusable until commit, 55P04).
	AlterType(def catalog.TypeDef) (*catalog.TypeDef, error)
	// DropType removes a type; the caller has checked that nothing depends on it.
	DropType(oid types.OID) error
}

// typeDDL runs CREATE, ALTER and DROP of types and domains.
func (s *Session) typeDDL(ctx *executor.Ctx, st *planner.Statement) error {
	txn := ctx.Txn
	for _, n := range st.Notices {
		s.notice("NOTICE", n.Code, "%s", n.Message)
	}
	if st.Kind == planner.StmtAlterType && st.TypeDef == nil {
		return nil // skipped by IF NOT EXISTS
	}
	td, ok := txn.(TypeDDL)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold user-defined types")
	}
	switch st.Kind {
	case planner.StmtCreateType:
		def, err := td.CreateType(*st.TypeDef)
		if err != nil {
			return err
		}
		return checkUniqueLabels(def)
	case planner.StmtAlterType:
		if txn.Catalog().TypeByOID(st.TypeDef.OID) == nil {
			return pgerror.Newf(pgcode.UndefinedObject, "type \"%s\" does not exist", st.TypeDef.Name)
		}
		if err := validateDomainData(ctx, st.DomainChecks); err != nil {
			return err
		}
		_, err := td.AlterType(*st.TypeDef)
		return err
	}
	for _, d := range st.DropTypes {
		if txn.Catalog().TypeByOID(d.OID) == nil {
			return pgerror.Newf(pgcode.UndefinedObject, "type \"%s\" does not exist", d.Name)
		}
		if err := td.DropType(d.OID); err != nil {
			return err
		}
	}
	return nil
}

// checkUniqueLabels reports a label given twice to CREATE TYPE ... AS ENUM as PostgreSQL
// does, through the unique index of pg_enum, which names the new type's OID; the statement
// fails and its transaction rolls the type back.
func checkUniqueLabels(def *catalog.TypeDef) error {
	seen := make(map[string]bool, len(def.Labels))
	for _, l := range def.Labels {
		if seen[l.Label] {
			return pgerror.Newf(pgcode.UniqueViolation, "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"").
				WithDetail(fmt.Sprintf("Key (enumtypid, enumlabel)=(%d, %s) already exists.", def.OID, l.Label))
		}
		seen[l.Label] = true
	}
	return nil
}

// validateDomainData runs the checks of stored values ALTER DOMAIN makes before it adds a
// constraint: any row a check's query yields breaks the new constraint.
func validateDomainData(ctx *executor.Ctx, checks []planner.DomainValidation) error {
	for _, v := range checks {
		op, err := executor.Open(ctx, v.Query)
		if err != nil {
			return err
		}
		found := false
		for !found {
			rec, err := op.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				op.Close()
				return err
			}
			found = rec.NumRows() > 0
		}
		op.Close()
		if !found {
			continue
		}
		if v.Check != "" {
			return pgerror.Newf(pgcode.CheckViolation, "check constraint \"%s\" of relation \"%s\" is violated by some row", v.Check, v.Table)
		}
		if v.Null {
			return pgerror.Newf(pgcode.NotNullViolation, "column \"%s\" of table \"%s\" contains null values", v.Column, v.Table)
		}
		return pgerror.Newf(pgcode.CheckViolation, "column \"%s\" of table \"%s\" contains values that violate the new constraint", v.Column, v.Table)
	}
	return nil
}
