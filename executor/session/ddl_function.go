package session

import (
	"errors"
	"io"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// FunctionDDL is implemented by transactions that can store user-defined functions
// (package storage's); a store without them refuses CREATE FUNCTION.
type FunctionDDL interface {
	// PutFunction stores a new function (OID 0) or replaces function def.OID.
	PutFunction(def catalog.FuncDef) (*catalog.FuncDef, error)
	// DropFunction removes function oid.
	DropFunction(oid types.OID) error
}

// functionDDL runs CREATE, ALTER, COMMENT ON and DROP FUNCTION / PROCEDURE.
func (s *Session) functionDDL(txn executor.Txn, st *planner.Statement) error {
	s.statementNotices(st)
	fd, ok := txn.(FunctionDDL)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold functions")
	}
	for _, f := range st.PutFuncs {
		if _, err := fd.PutFunction(*f); err != nil {
			return err
		}
	}
	for _, d := range st.Drop { // views calling a function DROP ... CASCADE drops
		if txn.Catalog().TableByOID(d.OID) == nil {
			continue
		}
		if err := txn.DropTable(d.OID); err != nil {
			return err
		}
	}
	for _, oid := range st.DropFuncs {
		if err := fd.DropFunction(oid); err != nil {
			return err
		}
	}
	return nil
}

// callProcedure runs the statements of a procedure's body (CALL) in ctx's transaction;
// the rows of its queries are read and discarded.
func (s *Session) callProcedure(ctx *executor.Ctx, st *planner.Statement) error {
	for _, inner := range st.Body {
		if inner.Kind != planner.StmtQuery {
			res, err := s.executeChange(ctx, inner)
			if res != nil {
				res.Close()
			}
			if err != nil {
				return err
			}
			continue
		}
		op, err := executor.Open(ctx, inner.Query)
		if err != nil {
			return err
		}
		for {
			_, err := op.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				op.Close()
				return err
			}
		}
		op.Close()
	}
	return nil
}
