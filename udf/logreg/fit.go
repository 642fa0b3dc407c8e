package logreg

import (
	"context"
	"math"
	"runtime"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// fitState is logreg_fit's aggregate state: a training set per group, accumulated
// column-wise (one []float64 of row-major features per group), trained at Finalize.
type fitState struct {
	labelType types.T
	kind      labelKind
	sets      []*trainingSet
	env       *catalog.FuncEnv
}

var (
	_ catalog.AggState            = (*fitState)(nil)
	_ catalog.AggContextFinalizer = (*fitState)(nil)
)

func newFit(env *catalog.FuncEnv) catalog.AggState {
	s := &fitState{env: env, labelType: env.ArgTypes[1]}
	if s.labelType.OID == types.Unknown || s.labelType.OID == types.UnknownLit {
		s.labelType = types.TText
	}
	return s
}

func (s *fitState) set(g uint32) *trainingSet {
	for int(g) >= len(s.sets) {
		s.sets = append(s.sets, nil)
	}
	if s.sets[g] == nil {
		s.sets[g] = &trainingSet{d: -1, classes: newClassIndex(s.kind), opts: defaultOptions()}
	}
	return s.sets[g]
}

// Update appends each row's features and class to its group's training set. NULL
// features, NULL elements, NaN or infinite values, a label that is NULL and arrays of
// another length than the group's first are errors: scikit-learn refuses them too, and
// silently skipping them would train a different model.
func (s *fitState) Update(groups []uint32, args []arrow.Array) error {
	kind, err := kindOf("logreg_fit", s.labelType)
	if err != nil {
		return err
	}
	s.kind = kind
	feats, err := readFeatures("logreg_fit", args[0])
	if err != nil {
		return err
	}
	labels := args[1]
	var opts arrow.Array
	if len(args) > 2 {
		opts = args[2]
	}
	for i, g := range groups {
		set := s.set(g)
		row, err := feats.row(i, set.d)
		if err != nil {
			return err
		}
		if labels.IsNull(i) {
			return pgerror.New(pgcode.NullValueNotAllowed, "logreg_fit: a label is NULL").
				WithHint("Leave out the rows without labels (WHERE label IS NOT NULL).")
		}
		if !set.hasOpts && opts != nil && !opts.IsNull(i) {
			if set.opts, err = parseOptions(jsonbAt(opts, i)); err != nil {
				return err
			}
			set.hasOpts = true
		}
		if set.d < 0 {
			set.d = len(row)
		}
		set.x = append(set.x, row...)
		set.ids = append(set.ids, set.classes.id(labelAt(labels, i)))
	}
	return nil
}

// Merge appends other's samples to the groups mapping names.
func (s *fitState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*fitState)
	if s.kind != o.kind && len(o.sets) > 0 {
		s.kind = o.kind
	}
	for g, src := range o.sets {
		if src == nil {
			continue
		}
		dst := s.set(mapping[g])
		if dst.d >= 0 && src.d >= 0 && dst.d != src.d {
			return raggedError(dst.d, src.d)
		}
		if dst.d < 0 {
			dst.d = src.d
		}
		if !dst.hasOpts && src.hasOpts {
			dst.opts, dst.hasOpts = src.opts, true
		}
		dst.classes.kind = src.classes.kind
		remap := make([]int32, len(src.classes.labels))
		for id, l := range src.classes.labels {
			remap[id] = dst.classes.id(l)
		}
		dst.x = append(dst.x, src.x...)
		for _, id := range src.ids {
			dst.ids = append(dst.ids, remap[id])
		}
	}
	return nil
}

// Finalize trains the models without a statement to cancel it (see FinalizeContext).
func (s *fitState) Finalize(ngroups int) (arrow.Array, error) {
	return s.FinalizeContext(context.Background(), ngroups)
}

// FinalizeContext trains one model per group, the groups shared among workers, until done
// or ctx is canceled. A group without samples (an aggregate over no rows) gives NULL.
func (s *fitState) FinalizeContext(ctx context.Context, ngroups int) (arrow.Array, error) {
	out := make([][]byte, ngroups)
	errs := make([]error, ngroups)
	next := make(chan int, ngroups)
	for g := 0; g < ngroups; g++ {
		next <- g
	}
	close(next)
	var wg sync.WaitGroup
	for k := 0; k < min(runtime.GOMAXPROCS(0), ngroups); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range next {
				if g >= len(s.sets) || s.sets[g] == nil {
					continue
				}
				s.sets[g].classes.kind = s.kind
				m, err := fit(ctx, s.sets[g], s.labelType)
				if err != nil {
					errs[g] = err
					continue
				}
				var w pgjson.Writer
				m.encode(&w)
				out[g] = append([]byte(nil), w.Bytes()...)
				s.sets[g] = nil // let the samples go
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return jsonbArray(s.env, out), nil
}

// features reads a batch of float8[] values.
type features struct {
	fn    string
	r     types.ArrayReader
	elems *array.Float64
	vals  []float64
}

func readFeatures(fn string, arr arrow.Array) (*features, error) {
	r := types.ReadArrays(arr)
	elems, ok := r.Elements().(*array.Float64)
	if !ok {
		return nil, pgerror.Newf(pgcode.DatatypeMismatch, "%s: features must be float8[]", fn)
	}
	return &features{fn: fn, r: r, elems: elems, vals: elems.Float64Values()}, nil
}

// row returns row i's features, checking them; want is the length required (-1: any).
func (f *features) row(i, want int) ([]float64, error) {
	if f.r.IsNull(i) {
		return nil, pgerror.Newf(pgcode.NullValueNotAllowed, "%s: features are NULL", f.fn).
			WithHint("Leave out the rows without features (WHERE features IS NOT NULL).")
	}
	if f.r.HasShapes() && f.r.NDim(i) > 1 {
		return nil, pgerror.Newf(pgcode.ArraySubscriptError, "%s: features must be a one-dimensional array", f.fn)
	}
	lo, hi := f.r.Range(i)
	if want >= 0 && hi-lo != want {
		return nil, raggedError(want, hi-lo)
	}
	if f.elems.NullN() > 0 {
		for j := lo; j < hi; j++ {
			if f.elems.IsNull(j) {
				return nil, pgerror.Newf(pgcode.NullValueNotAllowed, "%s: feature %d is NULL", f.fn, j-lo+1)
			}
		}
	}
	row := f.vals[lo:hi]
	for j, v := range row {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "%s: feature %d is %v; features must be finite", f.fn, j+1, pgFloat(v))
		}
	}
	return row, nil
}

func pgFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case v > 0:
		return "Infinity"
	}
	return "-Infinity"
}

func raggedError(want, got int) error {
	return pgerror.Newf(pgcode.ArraySubscriptError, "feature arrays must all have the same length: expected %d features, got %d", want, got)
}

// jsonbAt returns row i of a jsonb array.
func jsonbAt(arr arrow.Array, i int) pgjson.Value {
	return pgjson.Value(types.StorageArray(arr).(*array.Binary).Value(i))
}

// jsonbArray builds a jsonb array from encoded values, nil ones NULL.
func jsonbArray(env *catalog.FuncEnv, vals [][]byte) arrow.Array {
	b := array.NewBinaryBuilder(allocator(env), arrow.BinaryTypes.Binary)
	defer b.Release()
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
		} else {
			b.Append(v)
		}
	}
	storage := b.NewArray()
	defer storage.Release()
	return array.NewExtensionArrayWithStorage(types.JSONBArrowType.(arrow.ExtensionType), storage)
}
