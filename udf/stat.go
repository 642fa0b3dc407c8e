package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The cumulative statistics functions monitoring tools call on a table's OID, the ones
// pg_stat_all_tables and pg_statio_all_tables are defined with in PostgreSQL, over the
// same counters those views show (catalog.TableActivity), and the functions that reset
// them. A relation nothing was counted for, an index or an unknown OID reads 0, and its
// times NULL, as in PostgreSQL; pgfast never vacuums, so vacuum counts are 0.

func registerStat(b builder) {
	count := func(oid types.OID, name string, get func(c *catalog.TableCounters) int64) {
		b.scalar(oid, name, oids(types.Oid), types.Int8, statCount(get)).Volatility = catalog.Stable
	}
	count(1928, "pg_stat_get_numscans", func(c *catalog.TableCounters) int64 { return c.SeqScan.Load() })
	count(1929, "pg_stat_get_tuples_returned", func(c *catalog.TableCounters) int64 { return c.SeqTupRead.Load() })
	count(1930, "pg_stat_get_tuples_fetched", func(c *catalog.TableCounters) int64 { return c.IdxTupFetch.Load() })
	count(1931, "pg_stat_get_tuples_inserted", func(c *catalog.TableCounters) int64 { return c.TupIns.Load() })
	count(1932, "pg_stat_get_tuples_updated", func(c *catalog.TableCounters) int64 { return c.TupUpd.Load() })
	count(1933, "pg_stat_get_tuples_deleted", func(c *catalog.TableCounters) int64 { return c.TupDel.Load() })
	count(1972, "pg_stat_get_tuples_hot_updated", func(*catalog.TableCounters) int64 { return 0 })
	count(1934, "pg_stat_get_blocks_fetched", func(c *catalog.TableCounters) int64 { return c.BlocksRead.Load() })
	count(1935, "pg_stat_get_blocks_hit", func(*catalog.TableCounters) int64 { return 0 })
	count(3177, "pg_stat_get_mod_since_analyze", func(c *catalog.TableCounters) int64 { return c.ModSinceAnalyze.Load() })
	count(5053, "pg_stat_get_ins_since_vacuum", func(c *catalog.TableCounters) int64 { return c.InsSinceVacuum.Load() })
	count(3054, "pg_stat_get_vacuum_count", func(*catalog.TableCounters) int64 { return 0 })
	count(3055, "pg_stat_get_autovacuum_count", func(*catalog.TableCounters) int64 { return 0 })
	count(3056, "pg_stat_get_analyze_count", func(c *catalog.TableCounters) int64 { return c.AnalyzeCount.Load() })
	count(3057, "pg_stat_get_autoanalyze_count", func(*catalog.TableCounters) int64 { return 0 })
	b.scalar(2878, "pg_stat_get_live_tuples", oids(types.Oid), types.Int8, rowCount(false)).Volatility = catalog.Stable
	b.scalar(2879, "pg_stat_get_dead_tuples", oids(types.Oid), types.Int8, rowCount(true)).Volatility = catalog.Stable
	never := func(*catalog.TableCounters) (int64, bool) { return 0, false }
	b.scalar(2781, "pg_stat_get_last_vacuum_time", oids(types.Oid), types.Timestamptz, statTime(never)).Volatility = catalog.Stable
	b.scalar(2782, "pg_stat_get_last_autovacuum_time", oids(types.Oid), types.Timestamptz, statTime(never)).Volatility = catalog.Stable
	b.scalar(2783, "pg_stat_get_last_analyze_time", oids(types.Oid), types.Timestamptz, statTime(func(c *catalog.TableCounters) (int64, bool) {
		t, ok := c.LastAnalyze()
		return t.UnixMicro(), ok
	})).Volatility = catalog.Stable
	b.scalar(2784, "pg_stat_get_last_autoanalyze_time", oids(types.Oid), types.Timestamptz, statTime(never)).Volatility = catalog.Stable
	reset := b.scalar(2274, "pg_stat_reset", nil, types.Void, statReset)
	reset.Volatility, reset.Strict = catalog.Volatile, false
	b.scalar(3776, "pg_stat_reset_single_table_counters", oids(types.Oid), types.Void, statResetTable).Volatility = catalog.Volatile
}

// statCount reads one counter of each OID's table.
func statCount(get func(c *catalog.TableCounters) int64) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		act := sessionOf(env).Activity
		b := array.NewInt64Builder(allocator(env))
		defer b.Release()
		for i, oid := range values[uint32](args[0]) {
			if !env.RowValid(i) {
				b.AppendNull()
				continue
			}
			var v int64
			if c := act.Lookup(types.OID(oid)); c != nil {
				v = get(c)
			}
			b.Append(v)
		}
		return b.NewArray(), nil
	}
}

// rowCount reads a table's live or dead rows from storage, as pg_stat_user_tables does.
func rowCount(dead bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		s := sessionOf(env)
		b := array.NewInt64Builder(allocator(env))
		defer b.Release()
		for i, oid := range values[uint32](args[0]) {
			if !env.RowValid(i) {
				b.AppendNull()
				continue
			}
			var live, deadRows int64
			if s.RowCounts != nil && s.Catalog != nil {
				if d := s.Catalog.TableByOID(types.OID(oid)); d != nil && !d.Virtual && d.Kind != catalog.KindView {
					live, deadRows = s.RowCounts(types.OID(oid))
				}
			}
			if dead {
				live = deadRows
			}
			b.Append(live)
		}
		return b.NewArray(), nil
	}
}

// statTime reads a time of each OID's table (Unix microseconds), NULL when there is none.
func statTime(get func(c *catalog.TableCounters) (int64, bool)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		act := sessionOf(env).Activity
		b := array.NewTimestampBuilder(allocator(env), types.TTimestamptz.Arrow().(*arrow.TimestampType))
		defer b.Release()
		for i, oid := range values[uint32](args[0]) {
			c := act.Lookup(types.OID(oid))
			if !env.RowValid(i) || c == nil {
				b.AppendNull()
				continue
			}
			if us, ok := get(c); ok {
				b.Append(arrow.Timestamp(us))
			} else {
				b.AppendNull()
			}
		}
		return b.NewArray(), nil
	}
}

// statReset is pg_stat_reset(): every table's counters start again from zero.
func statReset(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
	if env.Rows > 0 {
		sessionOf(env).Activity.Reset()
	}
	return array.NewNull(env.Rows), nil
}

// statResetTable is pg_stat_reset_single_table_counters(oid).
func statResetTable(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	act := sessionOf(env).Activity
	for i, oid := range values[uint32](args[0]) {
		if env.RowValid(i) {
			act.ResetTable(types.OID(oid))
		}
	}
	return array.NewNull(env.Rows), nil
}
