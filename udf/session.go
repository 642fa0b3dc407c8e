package udf

import (
	"cmp"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Functions that report on the session and the clock. now() is the transaction's start, as
// in PostgreSQL, so every row and every statement of a transaction sees the same value.

// VersionString is what version() returns.
const VersionString = "PostgreSQL 15.0 (pgfast) on x86_64-pc-linux-gnu, compiled by Go, 64-bit"

func registerSession(b builder) {
	stable := func(oid types.OID, name string, ret types.OID, impl catalog.ScalarImpl) {
		f := b.scalar(oid, name, nil, ret, impl)
		f.Volatility = catalog.Stable
	}
	stable(1299, "now", types.Timestamptz, timestampFunc(func(s *catalog.SessionInfo) time.Time { return s.TxnStart }))
	stable(2647, "transaction_timestamp", types.Timestamptz, timestampFunc(func(s *catalog.SessionInfo) time.Time { return s.TxnStart }))
	stable(2648, "statement_timestamp", types.Timestamptz, timestampFunc(func(s *catalog.SessionInfo) time.Time { return s.StatementStart }))
	clock := b.scalar(2649, "clock_timestamp", nil, types.Timestamptz, timestampFunc(func(*catalog.SessionInfo) time.Time { return time.Now() }))
	clock.Volatility = catalog.Volatile
	stable(745, "current_user", types.Name, stringFunc(func(s *catalog.SessionInfo) string { return cmp.Or(s.Role, s.User) }))
	stable(746, "session_user", types.Name, stringFunc(func(s *catalog.SessionInfo) string { return s.User }))
	stable(861, "current_database", types.Name, stringFunc(func(s *catalog.SessionInfo) string { return s.Database }))
	stable(89, "version", types.Text, stringFunc(func(*catalog.SessionInfo) string { return VersionString }))
	stable(1039, "getdatabaseencoding", types.Name, stringFunc(func(*catalog.SessionInfo) string { return "UTF8" }))
}

func sessionOf(env *catalog.FuncEnv) *catalog.SessionInfo {
	if env.Session != nil {
		return env.Session
	}
	now := time.Now()
	return &catalog.SessionInfo{User: "pgfast", Database: "pgfast", TxnStart: now, StatementStart: now}
}

func timestampFunc(get func(*catalog.SessionInfo) time.Time) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		v := arrow.Timestamp(get(sessionOf(env)).UnixMicro())
		b := array.NewTimestampBuilder(env.Mem, types.TTimestamptz.Arrow().(*arrow.TimestampType))
		defer b.Release()
		b.Reserve(env.Rows)
		for i := 0; i < env.Rows; i++ {
			b.UnsafeAppend(v)
		}
		return b.NewArray(), nil
	}
}

func stringFunc(get func(*catalog.SessionInfo) string) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
		v := get(sessionOf(env))
		b := array.NewStringBuilder(env.Mem)
		defer b.Release()
		b.Reserve(env.Rows)
		b.ReserveData(env.Rows * len(v))
		for i := 0; i < env.Rows; i++ {
			b.Append(v)
		}
		return b.NewArray(), nil
	}
}
