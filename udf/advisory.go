package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The advisory lock functions. Each row is one lock operation, in row order, as in
// PostgreSQL, so these loop over rows by nature; the locks are behind catalog.AdvisoryLocks.
// Every function has a bigint form and a two-integer form, whose keys do not collide.

// advisoryFunc is one name of the family: how it treats the lock it names.
type advisoryFunc struct {
	name         string
	oid1, oid2   types.OID // the bigint form's pg_proc OID and the two-integer form's
	shared, xact bool
	op           advisoryOp
}

type advisoryOp uint8

const (
	opLock   advisoryOp = iota // wait for the lock; returns void
	opTry                      // take it if free; returns whether it did
	opUnlock                   // release a session-level hold; returns whether there was one
)

var advisoryFuncs = []advisoryFunc{
	{"pg_advisory_lock", 2880, 2886, false, false, opLock},
	{"pg_advisory_lock_shared", 2881, 2887, true, false, opLock},
	{"pg_try_advisory_lock", 2882, 2888, false, false, opTry},
	{"pg_try_advisory_lock_shared", 2883, 2889, true, false, opTry},
	{"pg_advisory_unlock", 2884, 2890, false, false, opUnlock},
	{"pg_advisory_unlock_shared", 2885, 2891, true, false, opUnlock},
	{"pg_advisory_xact_lock", 3089, 3093, false, true, opLock},
	{"pg_advisory_xact_lock_shared", 3090, 3094, true, true, opLock},
	{"pg_try_advisory_xact_lock", 3091, 3095, false, true, opTry},
	{"pg_try_advisory_xact_lock_shared", 3092, 3096, true, true, opTry},
}

func registerAdvisoryLocks(b builder) {
	volatile := func(oid types.OID, name string, args []types.OID, ret types.OID, impl catalog.ScalarImpl) {
		b.scalar(oid, name, args, ret, impl).Volatility = catalog.Volatile
	}
	for _, f := range advisoryFuncs {
		ret := types.Bool
		if f.op == opLock {
			ret = types.Void
		}
		volatile(f.oid1, f.name, oids(types.Int8), ret, f.impl)
		volatile(f.oid2, f.name, oids(types.Int4, types.Int4), ret, f.impl)
	}
	volatile(2892, "pg_advisory_unlock_all", nil, types.Void, func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		l, err := advisoryLocksOf(env)
		if err != nil {
			return nil, err
		}
		for range env.Rows {
			l.UnlockAll()
		}
		return array.NewNull(env.Rows), nil
	})
}

func advisoryLocksOf(env *catalog.FuncEnv) (catalog.AdvisoryLocks, error) {
	if env.Session == nil || env.Session.Locks == nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "advisory locks are not available here")
	}
	return env.Session.Locks, nil
}

// impl runs f over each valid row's key.
func (f advisoryFunc) impl(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	locks, err := advisoryLocksOf(env)
	if err != nil {
		return nil, err
	}
	out := newBoolOut(env.Mem, env.Rows)
	for i := range env.Rows {
		if !valid(env, i) {
			continue
		}
		l := catalog.AdvisoryLock{Shared: f.shared, Xact: f.xact}
		if len(args) == 1 {
			l.Key = args[0].(*array.Int64).Value(i)
		} else {
			k1, k2 := args[0].(*array.Int32).Value(i), args[1].(*array.Int32).Value(i)
			l.Key, l.Pair = int64(k1)<<32|int64(uint32(k2)), true
		}
		var ok bool
		switch f.op {
		case opLock:
			err = locks.Lock(env.Ctx, l)
		case opTry:
			ok = locks.TryLock(l)
		case opUnlock:
			ok = locks.Unlock(l)
		}
		if err != nil {
			out.buf.Release()
			return nil, err
		}
		if ok {
			out.set(i)
		}
	}
	if f.op == opLock {
		out.buf.Release()
		return array.NewNull(env.Rows), nil
	}
	return out.finish(env.Rows), nil
}
