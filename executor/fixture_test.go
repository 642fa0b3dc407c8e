package executor

// Test fixtures for the blocking operators: a replaying source operator, a minimal
// expression compiler (column references, constants, calls of test functions), small
// aggregates, and helpers to drain an operator into Go values under a checked allocator.

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// fxSource replays rows in batches of a fixed size. It checks the operator contract: Open
// before Next, Close exactly once.
type fxSource struct {
	t      testing.TB
	schema *arrow.Schema
	rows   [][]any
	batch  int
	pos    int
	cur    arrow.Record
	opened int
	closed int
}

func fxCols(ts ...types.T) []planner.Column {
	out := make([]planner.Column, len(ts))
	for i, t := range ts {
		out[i] = planner.Column{Name: fmt.Sprintf("c%d", i), Type: t}
	}
	return out
}

func newFxSource(t testing.TB, cols []planner.Column, batch int, rows [][]any) *fxSource {
	return &fxSource{t: t, schema: PlanSchema(cols), rows: rows, batch: batch}
}

func (s *fxSource) Schema() *arrow.Schema { return s.schema }

func (s *fxSource) Open(*Ctx) error { s.opened++; s.pos = 0; return nil }

func (s *fxSource) Next(ctx *Ctx) (arrow.Record, error) {
	if s.opened == 0 {
		s.t.Errorf("Next before Open")
	}
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.pos >= len(s.rows) {
		return nil, io.EOF
	}
	end := min(s.pos+s.batch, len(s.rows))
	s.cur = fxRecord(s.t, ctx.Mem, s.schema, s.rows[s.pos:end])
	s.pos = end
	return s.cur, nil
}

func (s *fxSource) Close() error {
	s.closed++
	if s.closed > 1 {
		s.t.Errorf("Close called %d times", s.closed)
	}
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	return nil
}

// fxRecord builds a record from Go values (nil is NULL).
func fxRecord(t testing.TB, mem memory.Allocator, schema *arrow.Schema, rows [][]any) arrow.Record {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for _, row := range rows {
		for c, v := range row {
			fb := b.Field(c)
			if v == nil {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int64Builder:
				fb.Append(int64(v.(int)))
			case *array.Int32Builder:
				fb.Append(int32(v.(int)))
			case *array.Int16Builder:
				fb.Append(int16(v.(int)))
			case *array.Float64Builder:
				fb.Append(v.(float64))
			case *array.Float32Builder:
				fb.Append(float32(v.(float64)))
			case *array.StringBuilder:
				fb.Append(v.(string))
			case *array.BooleanBuilder:
				fb.Append(v.(bool))
			case *array.Date32Builder:
				fb.Append(arrow.Date32(v.(int)))
			case *array.MonthDayNanoIntervalBuilder:
				fb.Append(v.(arrow.MonthDayNanoInterval))
			default:
				t.Fatalf("fxRecord: unsupported builder %T", fb)
			}
		}
	}
	return b.NewRecord()
}

// fxValue returns row i of arr as a Go value (nil for NULL).
func fxValue(arr arrow.Array, i int) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Int64:
		return int(a.Value(i))
	case *array.Int32:
		return int(a.Value(i))
	case *array.Int16:
		return int(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	case *array.Float32:
		return float64(a.Value(i))
	case *array.String:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.Date32:
		return int(a.Value(i))
	case *array.MonthDayNanoInterval:
		return a.Value(i)
	}
	return fmt.Sprintf("<%s>", arr.DataType())
}

// fxCtx returns an execution context over a checked allocator.
func fxCtx(t testing.TB) (*Ctx, *memory.CheckedAllocator) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	return &Ctx{Context: context.Background(), Mem: mem, IO: &types.IOSettings{}, Workers: 2}, mem
}

// fxRun opens, drains and closes op, checks batch sizes, and returns the rows.
func fxRun(t testing.TB, ctx *Ctx, op Operator) [][]any {
	t.Helper()
	if err := op.Open(ctx); err != nil {
		t.Fatalf("Open: %v", err)
	}
	var rows [][]any
	for {
		rec, err := op.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			op.Close()
			t.Fatalf("Next: %v", err)
		}
		if rec.NumRows() == 0 || rec.NumRows() > BatchSize {
			t.Errorf("batch of %d rows", rec.NumRows())
		}
		if !rec.Schema().Equal(op.Schema()) {
			t.Errorf("batch schema %s differs from operator schema %s", rec.Schema(), op.Schema())
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]any, rec.NumCols())
			for c := range row {
				row[c] = fxValue(rec.Column(c), i)
			}
			rows = append(rows, row)
		}
	}
	if err := op.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return rows
}

// fxSorted returns rows in a canonical order, for results whose order is unspecified.
func fxSorted(rows [][]any) [][]any {
	type keyed struct {
		key string
		row []any
	}
	ks := make([]keyed, len(rows))
	for i, r := range rows {
		ks[i] = keyed{fmt.Sprint(r...), r}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([][]any, len(rows))
	for i, k := range ks {
		out[i] = k.row
	}
	return out
}

func fxEqualRows(t testing.TB, got, want [][]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d\ngot:  %v\nwant: %v", len(got), len(want), got, want)
	}
	for i := range got {
		if !fxRowEqual(got[i], want[i]) {
			t.Fatalf("row %d: got %v, want %v\ngot:  %v\nwant: %v", i, got[i], want[i], got, want)
		}
	}
}

func fxRowEqual(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, xf := a[i].(float64)
		y, yf := b[i].(float64)
		if xf && yf {
			if !(x == y && math.Signbit(x) == math.Signbit(y)) && !(math.IsNaN(x) && math.IsNaN(y)) {
				return false
			}
			continue
		}
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Expressions.

func fxCol(i int, t types.T) *planner.ColRef { return &planner.ColRef{Idx: i, T: t} }

func fxInt(v int64) *planner.Const {
	return &planner.Const{Value: scalar.NewInt64Scalar(v), T: types.TInt8}
}

// fxCmp returns a call of a test comparison on int8 operands: op is one of < <= = <> > >=.
func fxCmp(op string, a, b planner.Expr) *planner.Call {
	test := map[string]func(x, y int64) bool{
		"<": func(x, y int64) bool { return x < y }, "<=": func(x, y int64) bool { return x <= y },
		"=": func(x, y int64) bool { return x == y }, "<>": func(x, y int64) bool { return x != y },
		">": func(x, y int64) bool { return x > y }, ">=": func(x, y int64) bool { return x >= y },
	}[op]
	fn := &catalog.Func{Name: op, Strict: true, Ret: types.Bool, Scalar: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, y := args[0].(*array.Int64), args[1].(*array.Int64)
		b := array.NewBooleanBuilder(env.Mem)
		defer b.Release()
		for i := 0; i < x.Len(); i++ {
			if x.IsNull(i) || y.IsNull(i) {
				b.AppendNull()
			} else {
				b.Append(test(x.Value(i), y.Value(i)))
			}
		}
		return b.NewArray(), nil
	}}
	return &planner.Call{Func: fn, Args: []planner.Expr{a, b}, T: types.TBool}
}

// fxCompile compiles the expressions the fixtures build.
func fxCompile(e planner.Expr) (evaluator, error) {
	switch x := e.(type) {
	case *planner.ColRef:
		return fxColEval(x.Idx), nil
	case *planner.Const:
		return fxConstEval{x.Value}, nil
	case *planner.Call:
		args, err := compileAll(fxCompile, x.Args)
		if err != nil {
			return nil, err
		}
		return &fxCallEval{fn: x.Func, args: args}, nil
	}
	return nil, fmt.Errorf("fxCompile: unsupported %T", e)
}

type fxColEval int

func (e fxColEval) eval(_ *Ctx, rec arrow.Record) (arrow.Array, error) {
	c := rec.Column(int(e))
	c.Retain()
	return c, nil
}

type fxConstEval struct{ v scalar.Scalar }

func (e fxConstEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	return scalar.MakeArrayFromScalar(e.v, int(rec.NumRows()), ctx.Mem)
}

type fxCallEval struct {
	fn   *catalog.Func
	args []evaluator
}

func (e *fxCallEval) eval(ctx *Ctx, rec arrow.Record) (arrow.Array, error) {
	args, err := evalAll(ctx, e.args, rec)
	if err != nil {
		return nil, err
	}
	defer releaseArrays(args)
	return e.fn.Scalar(&catalog.FuncEnv{Ctx: ctx, Mem: ctx.Mem}, args)
}

// Aggregates: count(*), count(x) and sum(x) over int8, implementing catalog.AggState.

type fxCountState struct {
	star   bool
	counts []int64
	mem    memory.Allocator
}

func (s *fxCountState) grow(g uint32) {
	for uint32(len(s.counts)) <= g {
		s.counts = append(s.counts, 0)
	}
}

func (s *fxCountState) Update(groups []uint32, args []arrow.Array) error {
	for i, g := range groups {
		s.grow(g)
		if s.star || args[0].IsValid(i) {
			s.counts[g]++
		}
	}
	return nil
}

func (s *fxCountState) Merge(other catalog.AggState, mapping []uint32) error {
	for g, c := range other.(*fxCountState).counts {
		s.grow(mapping[g])
		s.counts[mapping[g]] += c
	}
	return nil
}

func (s *fxCountState) Finalize(n int) (arrow.Array, error) {
	b := array.NewInt64Builder(s.mem)
	defer b.Release()
	for g := range n {
		if g < len(s.counts) {
			b.Append(s.counts[g])
		} else {
			b.Append(0)
		}
	}
	return b.NewArray(), nil
}

type fxSumState struct {
	sums []int64
	seen []bool
	mem  memory.Allocator
}

func (s *fxSumState) grow(g uint32) {
	for uint32(len(s.sums)) <= g {
		s.sums = append(s.sums, 0)
		s.seen = append(s.seen, false)
	}
}

func (s *fxSumState) Update(groups []uint32, args []arrow.Array) error {
	x := args[0].(*array.Int64)
	vals := x.Int64Values()
	if x.NullN() == 0 {
		for i, g := range groups {
			if int(g) >= len(s.sums) {
				s.grow(g)
			}
			s.sums[g] += vals[i]
			s.seen[g] = true
		}
		return nil
	}
	for i, g := range groups {
		s.grow(g)
		if x.IsValid(i) {
			s.sums[g] += vals[i]
			s.seen[g] = true
		}
	}
	return nil
}

func (s *fxSumState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*fxSumState)
	for g := range o.sums {
		m := mapping[g]
		s.grow(m)
		if o.seen[g] {
			s.sums[m] += o.sums[g]
			s.seen[m] = true
		}
	}
	return nil
}

func (s *fxSumState) Finalize(n int) (arrow.Array, error) {
	b := array.NewInt64Builder(s.mem)
	defer b.Release()
	for g := range n {
		if g < len(s.sums) && s.seen[g] {
			b.Append(s.sums[g])
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray(), nil
}

var (
	fxCountStar = &catalog.Func{Name: "count", Kind: catalog.KindAggregate, Ret: types.Int8,
		Agg: func(env *catalog.FuncEnv) catalog.AggState { return &fxCountState{star: true, mem: env.Mem} }}
	fxCount = &catalog.Func{Name: "count", Kind: catalog.KindAggregate, Ret: types.Int8,
		Agg: func(env *catalog.FuncEnv) catalog.AggState { return &fxCountState{mem: env.Mem} }}
	fxSum = &catalog.Func{Name: "sum", Kind: catalog.KindAggregate, Ret: types.Int8,
		Agg: func(env *catalog.FuncEnv) catalog.AggState { return &fxSumState{mem: env.Mem} }}
)

// fxAnd returns a call of a test AND with SQL's three-valued logic.
func fxAnd(a, b planner.Expr) *planner.Call {
	fn := &catalog.Func{Name: "and", Ret: types.Bool, Scalar: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, y := args[0].(*array.Boolean), args[1].(*array.Boolean)
		b := array.NewBooleanBuilder(env.Mem)
		defer b.Release()
		for i := 0; i < x.Len(); i++ {
			xf := x.IsValid(i) && !x.Value(i)
			yf := y.IsValid(i) && !y.Value(i)
			switch {
			case xf || yf:
				b.Append(false)
			case x.IsNull(i) || y.IsNull(i):
				b.AppendNull()
			default:
				b.Append(true)
			}
		}
		return b.NewArray(), nil
	}}
	return &planner.Call{Func: fn, Args: []planner.Expr{a, b}, T: types.TBool}
}

// fxLeaf is a plan leaf with the given columns, standing for a child whose operator is built
// separately.
func fxLeaf(cols []planner.Column) planner.Plan { return &planner.Scan{Out: cols} }
