package session

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SQL-level prepared statements (PREPARE, EXECUTE, DEALLOCATE) live in the session for its
// lifetime. Like PostgreSQL's they are not transactional: a PREPARE inside a block that
// rolls back stays defined.

// lookupPrepared is the planner's view of the session's prepared statements.
func (s *Session) lookupPrepared(name string) (*planner.Statement, bool) {
	p := s.prepared[name]
	if p == nil {
		return nil, false
	}
	return p.stmt, true
}

// sqlPrepare runs PREPARE: the statement is bound now, so its errors are PREPARE's.
func (s *Session) sqlPrepare(st *planner.Statement) (Result, error) {
	if s.prepared[st.PrepName] != nil {
		return nil, s.statementError(pgerror.Newf(pgcode.DuplicatePstatement,
			"prepared statement \"%s\" already exists", st.PrepName))
	}
	p, err := s.Prepare(st.Prepare, st.PrepareTypes)
	if err != nil {
		return nil, err
	}
	if s.prepared == nil {
		s.prepared = map[string]*Prepared{}
	}
	s.prepared[st.PrepName] = p
	return tagOnly(st.Tag), nil
}

// deallocate runs DEALLOCATE name | ALL.
func (s *Session) deallocate(st *planner.Statement) (Result, error) {
	if st.PrepName == "" {
		s.prepared = nil
		return tagOnly(st.Tag), nil
	}
	if s.prepared[st.PrepName] == nil {
		return nil, s.statementError(planner.ErrNoPrepared(st.PrepName))
	}
	delete(s.prepared, st.PrepName)
	return tagOnly(st.Tag), nil
}

// sqlExecute runs EXECUTE: it evaluates the arguments (st.Query, one row) and runs the
// prepared statement with them as its parameters.
func (s *Session) sqlExecute(ctx context.Context, p *Prepared, params []scalar.Scalar) (Result, error) {
	st, err := s.rebind(p)
	if err != nil {
		return nil, s.statementError(err)
	}
	target := s.prepared[st.PrepName]
	if target == nil {
		// Deallocated between the protocol's Parse and Execute.
		return nil, s.statementError(planner.ErrNoPrepared(st.PrepName))
	}
	args, err := s.evalArgs(ctx, st.Query, params)
	if err != nil {
		return nil, err
	}
	return s.Execute(ctx, target, args)
}

// evalArgs evaluates a one-row plan into one scalar per column.
func (s *Session) evalArgs(ctx context.Context, plan planner.Plan, params []scalar.Scalar) ([]scalar.Scalar, error) {
	if len(plan.Columns()) == 0 {
		return nil, nil
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, params)
	args, err := s.evalRow(ectx, plan)
	if implicit {
		s.endImplicit(txn)
	} else if err != nil {
		s.failed = true
	}
	return args, err
}

func (s *Session) evalRow(ectx *executor.Ctx, plan planner.Plan) ([]scalar.Scalar, error) {
	op, err := executor.Open(ectx, plan)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	rec, err := op.Next(ectx)
	if err != nil {
		return nil, err
	}
	out := make([]scalar.Scalar, rec.NumCols())
	for i, col := range rec.Columns() {
		if out[i], err = scalar.GetScalar(col, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}
