package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The sequence functions. Each row is one call on the sequence counter (nextval hands out a
// new value per row, in row order), so these loop over rows by nature; the counters and the
// session's currval/lastval state are behind catalog.Sequences.

func registerSequences(b builder) {
	volatile := func(oid types.OID, name string, args []types.OID, impl catalog.ScalarImpl) {
		b.scalar(oid, name, args, types.Int8, impl).Volatility = catalog.Volatile
	}
	volatile(1574, "nextval", oids(types.Regclass), seqFunc([]acl.Priv{acl.Usage, acl.Update}, func(s catalog.Sequences, oid types.OID) (int64, error) { return s.NextVal(oid) }))
	volatile(1575, "currval", oids(types.Regclass), seqFunc([]acl.Priv{acl.Select, acl.Usage}, func(s catalog.Sequences, oid types.OID) (int64, error) { return s.CurrVal(oid) }))
	volatile(4032, "pg_sequence_last_value", oids(types.Regclass), sequenceLastValue)
	b.reg.AddFunc(&catalog.Func{OID: 3078, Name: "pg_sequence_parameters", Args: oids(types.Oid), Ret: types.Record,
		RetSet: true, Strict: true, Volatility: catalog.Stable, Set: sequenceParameters,
		OutCols: []catalog.OutCol{{Name: "start_value", Type: types.Int8}, {Name: "minimum_value", Type: types.Int8},
			{Name: "maximum_value", Type: types.Int8}, {Name: "increment", Type: types.Int8}, {Name: "cycle_option", Type: types.Bool},
			{Name: "cache_size", Type: types.Int8}, {Name: "data_type", Type: types.Oid}}})
	volatile(1576, "setval", oids(types.Regclass, types.Int8), setval)
	volatile(1765, "setval", oids(types.Regclass, types.Int8, types.Bool), setval)
	volatile(2559, "lastval", nil, func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		s, err := sequencesOf(env)
		if err != nil {
			return nil, err
		}
		out := array.NewInt64Builder(env.Mem)
		defer out.Release()
		for i := 0; i < env.Rows; i++ {
			v, err := s.LastVal()
			if err != nil {
				return nil, err
			}
			out.Append(v)
		}
		return out.NewArray(), nil
	})
}

func sequencesOf(env *catalog.FuncEnv) (catalog.Sequences, error) {
	if env.Session == nil || env.Session.Sequences == nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "sequences are not available here")
	}
	return env.Session.Sequences, nil
}

// valid reports whether row i takes part in a strict function's call.
func valid(env *catalog.FuncEnv, i int) bool {
	return env.Valid == nil || bitutil.BitIsSet(env.Valid, i)
}

// sequenceAllowed checks that current_user holds one of the privileges anyOf on sequence
// oid, as nextval (USAGE or UPDATE), currval (SELECT or USAGE) and setval (UPDATE) need.
func sequenceAllowed(env *catalog.FuncEnv, oid types.OID, anyOf ...acl.Priv) error {
	cat, current := sessionCatalog(env)
	def := cat.TableByOID(oid)
	if def == nil {
		return nil // the counter reports the missing relation
	}
	role := currentRoleOID(cat, current)
	for _, p := range anyOf {
		if cat.TableHolds(role, def, p) {
			return nil
		}
	}
	return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for sequence %s", def.Name)
}

// seqFunc implements a function of one regclass argument returning a counter value.
func seqFunc(privs []acl.Priv, call func(catalog.Sequences, types.OID) (int64, error)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		s, err := sequencesOf(env)
		if err != nil {
			return nil, err
		}
		rel := args[0].(*array.Uint32).Uint32Values()
		out := make([]int64, env.Rows)
		for i := range out {
			if !valid(env, i) {
				continue
			}
			if err := sequenceAllowed(env, types.OID(rel[i]), privs...); err != nil {
				return nil, err
			}
			if out[i], err = call(s, types.OID(rel[i])); err != nil {
				return nil, err
			}
		}
		return seqValues(out), nil
	}
}

// setval(seq, v [, is_called]) returns v.
func setval(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	s, err := sequencesOf(env)
	if err != nil {
		return nil, err
	}
	rel := args[0].(*array.Uint32).Uint32Values()
	vals := args[1].(*array.Int64).Int64Values()
	var called *array.Boolean
	if len(args) > 2 {
		called = args[2].(*array.Boolean)
	}
	out := make([]int64, env.Rows)
	for i := range out {
		if !valid(env, i) {
			continue
		}
		if err := sequenceAllowed(env, types.OID(rel[i]), acl.Update); err != nil {
			return nil, err
		}
		isCalled := called == nil || called.Value(i)
		if err := s.SetVal(types.OID(rel[i]), vals[i], isCalled); err != nil {
			return nil, err
		}
		out[i] = vals[i]
	}
	return seqValues(out), nil
}

// seqValues wraps vals (taken over) as an Int64 array; rows a strict call skipped are nulled
// by the caller.
func seqValues(vals []int64) arrow.Array {
	data := array.NewData(arrow.PrimitiveTypes.Int64, len(vals),
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(vals))}, nil, 0, 0)
	defer data.Release()
	return array.NewInt64Data(data)
}

// sequenceStates serves the functions that read a counter without changing it.
func sequenceStates(env *catalog.FuncEnv) (catalog.SequenceStates, error) {
	s, err := sequencesOf(env)
	if err != nil {
		return nil, err
	}
	st, ok := s.(catalog.SequenceStates)
	if !ok {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "sequences cannot be read here")
	}
	return st, nil
}

// pg_sequence_last_value(seq) is the last value nextval returned (or setval set), NULL
// while the next nextval returns the start value; readers of the sequence need SELECT or
// USAGE on it.
func sequenceLastValue(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	st, err := sequenceStates(env)
	if err != nil {
		return nil, err
	}
	rel := args[0].(*array.Uint32).Uint32Values()
	b := array.NewInt64Builder(allocator(env))
	defer b.Release()
	for i := range rel {
		if !valid(env, i) {
			b.AppendNull()
			continue
		}
		if err := sequenceAllowed(env, types.OID(rel[i]), acl.Select, acl.Usage); err != nil {
			return nil, err
		}
		last, called, err := st.State(types.OID(rel[i]))
		if err != nil {
			return nil, err
		}
		if called {
			b.Append(last)
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray(), nil
}

// sequenceParameters is pg_sequence_parameters(oid): the parameters of one sequence, as a
// row, for a role holding SELECT, UPDATE or USAGE on it.
func sequenceParameters(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	oid := types.OID(args[0].(*scalar.Uint32).Value)
	cat, _ := sessionCatalog(env)
	def := cat.TableByOID(oid)
	if def == nil || def.Sequence == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "cache lookup failed for sequence %d", oid)
	}
	if err := sequenceAllowed(env, oid, acl.Select, acl.Update, acl.Usage); err != nil {
		return nil, err
	}
	o := def.Sequence
	ints := func(v int64) arrow.Array {
		b := array.NewInt64Builder(env.Mem)
		defer b.Release()
		b.Append(v)
		return b.NewArray()
	}
	cycle := array.NewBooleanBuilder(env.Mem)
	defer cycle.Release()
	cycle.Append(o.Cycle)
	typ := array.NewUint32Builder(env.Mem)
	defer typ.Release()
	typ.Append(uint32(o.Type))
	return catalog.ColumnRows(ints(o.Start), ints(o.Min), ints(o.Max), ints(o.Increment), cycle.NewArray(),
		ints(o.Cache), typ.NewArray()), nil
}
