package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// A plain (not set-returning) function in FROM, such as FROM repeat('x', 3) s, gives one
// row per evaluation: its value, NULL included. ProjectSet runs such calls beside
// set-returning ones, through the same two paths.

// scalarBatch evaluates plain call c over a whole batch: its value for every input row.
// env.Valid marks, for a strict function, the rows with no NULL argument; the others get
// NULL.
func scalarBatch(ctx *Ctx, c *planner.SetCall, env *catalog.FuncEnv, args []arrow.Array, n int) (arrow.Array, []int32, error) {
	v, err := c.Func.Scalar(env, args)
	if err != nil {
		return nil, nil, err
	}
	if env.Valid != nil {
		v = withValidity(ctx.Mem, v, env.Valid)
	}
	rows := make([]int32, n)
	for i := range rows {
		rows[i] = int32(i)
	}
	return v, rows, nil
}

// scalarRow is the one-row source of a plain call for one input row.
type scalarRow struct {
	fn   *catalog.Func
	vals []scalar.Scalar
	done bool
}

func (s *scalarRow) Next(env *catalog.FuncEnv, _ int) ([]arrow.Array, int, error) {
	if s.done {
		return nil, 0, nil
	}
	s.done = true
	args := make([]arrow.Array, len(s.vals))
	defer func() { releaseAll(args) }()
	valid := true
	for i, v := range s.vals {
		a, err := types.Broadcast(env.Mem, v, 1)
		if err != nil {
			return nil, 0, err
		}
		args[i] = a
		valid = valid && v.IsValid()
	}
	env.Rows, env.Valid = 1, nil
	if s.fn.Strict && !valid {
		env.Valid = []byte{0}
	}
	v, err := s.fn.Scalar(env, args)
	if err != nil {
		return nil, 0, err
	}
	if env.Valid != nil {
		v = withValidity(env.Mem, v, env.Valid)
	}
	return []arrow.Array{v}, 1, nil
}
