--
-- The cumulative statistics functions tools call on a table's OID, and the resets.
-- pg_stat_force_next_flush makes PostgreSQL publish this session's counts when the
-- statement ends, so the next statement reads them.
--
CREATE TABLE stat_fn (a int, b text);
INSERT INTO stat_fn SELECT g, 'x' FROM generate_series(1, 10) g;
SELECT count(*) FROM stat_fn;
SELECT count(*) FROM stat_fn WHERE b = 'x';
UPDATE stat_fn SET b = 'y' WHERE a <= 3;
DELETE FROM stat_fn WHERE a = 10;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_get_numscans('stat_fn'::regclass) >= 4 AS scans,
       pg_stat_get_tuples_returned('stat_fn'::regclass) >= 20 AS returned,
       pg_stat_get_tuples_inserted('stat_fn'::regclass) AS ins,
       pg_stat_get_tuples_updated('stat_fn'::regclass) AS upd,
       pg_stat_get_tuples_deleted('stat_fn'::regclass) AS del,
       pg_stat_get_live_tuples('stat_fn'::regclass) AS live,
       pg_stat_get_mod_since_analyze('stat_fn'::regclass) AS mods,
       pg_stat_get_ins_since_vacuum('stat_fn'::regclass) AS ins_since_vacuum,
       pg_stat_get_last_vacuum_time('stat_fn'::regclass) AS last_vacuum,
       pg_stat_get_last_analyze_time('stat_fn'::regclass) AS last_analyze,
       pg_stat_get_vacuum_count('stat_fn'::regclass) AS vacuums,
       pg_stat_get_analyze_count('stat_fn'::regclass) AS analyzes;
SELECT pg_stat_get_numscans('stat_fn'::regclass) = seq_scan AS same_scans,
       pg_stat_get_tuples_inserted('stat_fn'::regclass) = n_tup_ins AS same_ins
FROM pg_stat_user_tables WHERE relname = 'stat_fn';
-- an OID nothing was counted for reads 0 and NULL; a NULL argument gives NULL
SELECT pg_stat_get_numscans(0), pg_stat_get_tuples_inserted(0), pg_stat_get_last_analyze_time(0),
       pg_stat_get_tuples_inserted(NULL);
SELECT pg_stat_reset_single_table_counters('stat_fn'::regclass);
SELECT pg_stat_get_tuples_inserted('stat_fn'::regclass) AS ins, n_tup_ins, n_tup_upd, n_tup_del
FROM pg_stat_user_tables WHERE relname = 'stat_fn';
INSERT INTO stat_fn VALUES (100, 'z');
SELECT pg_stat_force_next_flush();
SELECT pg_stat_get_tuples_inserted('stat_fn'::regclass) AS ins;
SELECT pg_stat_reset();
SELECT pg_stat_get_tuples_inserted('stat_fn'::regclass) AS ins, n_tup_ins
FROM pg_stat_user_tables WHERE relname = 'stat_fn';
SELECT pg_typeof(pg_stat_reset()), pg_typeof(pg_stat_get_last_analyze_time(0)),
       pg_typeof(pg_stat_get_numscans(0));
DROP TABLE stat_fn;
