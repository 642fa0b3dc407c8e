package planner

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SQL-level prepared statements. PREPARE only resolves its declared parameter types here:
// the statement itself is bound by the session when PREPARE runs, exactly as a protocol
// Parse would bind it. EXECUTE is bound against the session's statement of that name, so
// its arguments are coerced (in assignment context, as PostgreSQL's EvaluateParams does) to
// the parameter types and its result columns are known for Describe.

// prepareStmt binds PREPARE name [(types)] AS statement.
func (b *binder) prepareStmt(s *pg_query.PrepareStmt) (*Statement, error) {
	oids := make([]types.OID, len(s.Argtypes))
	for i, n := range s.Argtypes {
		tn, ok := n.Node.(*pg_query.Node_TypeName)
		if !ok {
			return nil, pgerror.Newf(pgcode.SyntaxError, "unexpected parameter type node %s", nodeName(n))
		}
		t, err := b.typeName(tn.TypeName)
		if err != nil {
			return nil, err
		}
		// Only the type counts: PostgreSQL drops a declared modifier (numeric(5,1)).
		oids[i] = t.OID
	}
	inner := &Parsed{SQL: b.sql, stmt: &pg_query.RawStmt{Stmt: s.Query}}
	if b.raw != nil {
		inner.stmt.StmtLocation, inner.stmt.StmtLen = b.raw.StmtLocation, b.raw.StmtLen
	}
	return &Statement{Kind: StmtPrepare, Tag: "PREPARE", PrepName: s.Name,
		Prepare: inner, PrepareTypes: oids}, nil
}

// executeStmt binds EXECUTE name [(args)]: Query becomes a one-row Values of the
// arguments, coerced to the prepared statement's parameter types.
func (b *binder) executeStmt(s *pg_query.ExecuteStmt) (*Statement, error) {
	var target *Statement
	if b.prepared != nil {
		target, _ = b.prepared(s.Name)
	}
	if target == nil {
		return nil, ErrNoPrepared(s.Name)
	}
	if len(s.Params) != len(target.Params) {
		e := pgerror.Newf(pgcode.SyntaxError, "wrong number of parameters for prepared statement \"%s\"", s.Name)
		e.Detail = fmt.Sprintf("Expected %d parameters but got %d.", len(target.Params), len(s.Params))
		return nil, e
	}
	args, locs, err := b.exprList(s.Params, &scope{})
	if err != nil {
		return nil, err
	}
	out := make([]Column, len(args))
	for i, a := range args {
		want := target.Params[i]
		if !isUnknown(a) && a.Type().OID != want.OID && !types.CanCast(a.Type().OID, want.OID, types.Assignment) {
			e := b.errorf(locs[i], pgcode.DatatypeMismatch,
				"parameter $%d of type %s cannot be coerced to the expected type %s", i+1, a.Type(), want)
			e.Hint = "You will need to rewrite or cast the expression."
			return nil, e
		}
		if args[i], err = b.coerce(a, want, types.Assignment, locs[i]); err != nil {
			return nil, err
		}
		out[i] = Column{Name: fmt.Sprintf("$%d", i+1), Type: want}
	}
	return &Statement{Kind: StmtExecute, Tag: target.Tag, PrepName: s.Name, Result: target.Result,
		Query: &Values{Rows: [][]Expr{args}, Out: out}}, nil
}

// deallocateStmt binds DEALLOCATE [PREPARE] name | ALL.
func (b *binder) deallocateStmt(s *pg_query.DeallocateStmt) *Statement {
	if s.Name == "" {
		return &Statement{Kind: StmtDeallocate, Tag: "DEALLOCATE ALL"}
	}
	return &Statement{Kind: StmtDeallocate, Tag: "DEALLOCATE", PrepName: s.Name}
}

// ErrNoPrepared is PostgreSQL's error for a prepared statement name that is not defined.
func ErrNoPrepared(name string) error {
	return pgerror.Newf(pgcode.UndefinedPstatement, "prepared statement \"%s\" does not exist", name)
}
