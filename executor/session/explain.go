package session

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/dml"
	"github.com/pgfast/pgfast/executor/explain"
	"github.com/pgfast/pgfast/planner"
)

// explain runs EXPLAIN. Without ANALYZE it only renders the plan. With ANALYZE it runs the
// statement explained, measuring every operator, exactly as the statement itself would run:
// a query's rows are read and dropped, an INSERT, UPDATE or DELETE changes the table (and
// commits, outside a transaction block; inside one, ROLLBACK undoes it), and an error fails
// the EXPLAIN as it would the statement.
func (s *Session) explain(ctx context.Context, p *Prepared, params []scalar.Scalar) (Result, error) {
	st, err := s.rebind(p)
	if err != nil {
		return nil, s.statementError(err)
	}
	in := explain.Input{Statement: st, Registry: s.eng.reg, Planning: p.planning}
	if !st.Explain.Analyze {
		return textRows(st.Result, explain.Lines(in)), nil
	}
	txn, implicit := s.begin()
	ectx := s.newCtx(ctx, txn, implicit, params)
	ectx.Instrument = executor.NewInstrumentation(st.Explain.Timing)
	start := time.Now()
	returned, err := runExplained(ectx, st.Inner)
	if err == nil && st.Inner.Kind != planner.StmtQuery {
		err = s.finishWrites(ectx, implicit)
	}
	in.Execution = time.Since(start)
	if err == nil && implicit {
		if st.Inner.Kind == planner.StmtQuery {
			s.endImplicit(txn)
		} else {
			err = s.commitStatement(ctx, txn)
		}
	}
	if err != nil {
		s.fail(txn, implicit)
		return nil, err
	}
	in.Stats, in.Returned = ectx.Instrument, returned
	return textRows(st.Result, explain.Lines(in)), nil
}

// runExplained runs an explained statement to its end; it returns the rows it returned to
// its client (a query's rows, a RETURNING clause's).
func runExplained(ctx *executor.Ctx, st *planner.Statement) (int64, error) {
	switch st.Kind {
	case planner.StmtInsert, planner.StmtUpdate, planner.StmtDelete:
		run := dml.Modify
		if st.Kind == planner.StmtInsert {
			run = dml.InsertStatement
		}
		res, err := run(ctx, st)
		if err != nil {
			return 0, err
		}
		var n int64
		for _, r := range res.Returning {
			n += r.NumRows()
			r.Release()
		}
		return n, nil
	}
	if st.Locking != nil {
		sel, err := dml.SelectLocking(ctx, st)
		if err != nil {
			return 0, err
		}
		for _, r := range sel.Rows {
			r.Release()
		}
		return sel.N, nil
	}
	op, err := executor.Open(ctx, st.Query)
	if err != nil {
		return 0, err
	}
	defer op.Close()
	var n int64
	for {
		rec, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n += rec.NumRows()
	}
}
