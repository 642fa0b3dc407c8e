--
-- The cumulative statistics of tables: pg_stat_user_tables, pg_stat_all_tables and
-- pg_statio_user_tables count scans and rows read, inserted, updated and deleted, and
-- ANALYZE. (pg_stat_force_next_flush makes PostgreSQL report its counts at once.)
--
CREATE TABLE ts_items (id int, v text);
CREATE TABLE ts_other (x int);
CREATE TABLE ts_keyed (k int PRIMARY KEY);
SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del,
       n_live_tup, n_dead_tup, n_mod_since_analyze, last_analyze, analyze_count, vacuum_count
  FROM pg_stat_user_tables WHERE relname IN ('ts_items', 'ts_other') ORDER BY relname;
SELECT relname, idx_scan, idx_tup_fetch FROM pg_stat_user_tables WHERE relname = 'ts_keyed';
INSERT INTO ts_items SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO ts_other VALUES (1), (2), (3);
UPDATE ts_items SET v = 'w' WHERE id <= 10;
DELETE FROM ts_items WHERE id > 95;
SELECT count(*) FROM ts_items;
SELECT count(*) FROM ts_other WHERE x > 1;
SELECT pg_stat_force_next_flush();
SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup,
       n_mod_since_analyze, n_ins_since_vacuum, last_analyze, analyze_count, autoanalyze_count
  FROM pg_stat_user_tables WHERE relname IN ('ts_items', 'ts_other') ORDER BY relname;
-- a transaction rolled back still counts its inserted rows, which are not live
BEGIN;
INSERT INTO ts_other VALUES (4), (5);
ROLLBACK;
SELECT pg_stat_force_next_flush();
SELECT relname, n_tup_ins, n_live_tup FROM pg_stat_user_tables WHERE relname = 'ts_other';
ANALYZE ts_items;
SELECT pg_stat_force_next_flush();
SELECT relname, n_mod_since_analyze, last_analyze IS NOT NULL AS analyzed, last_analyze <= now() AS in_past,
       analyze_count, last_autoanalyze, vacuum_count
  FROM pg_stat_all_tables WHERE relname LIKE 'ts\_%' ORDER BY relname;
SELECT count(*) > 0 AS has_system_tables FROM pg_stat_all_tables WHERE schemaname = 'pg_catalog';
SELECT count(*) AS user_tables_in_catalog FROM pg_stat_user_tables WHERE schemaname IN ('pg_catalog', 'information_schema');
SELECT relname, heap_blks_read + heap_blks_hit > 0 AS read_some, idx_blks_read IS NULL AS no_index
  FROM pg_statio_user_tables WHERE relname IN ('ts_items', 'ts_other') ORDER BY relname;
SELECT relname, heap_blks_read + heap_blks_hit > 0 AS read_some FROM pg_statio_all_tables WHERE relname = 'ts_items';
DROP TABLE ts_items, ts_other, ts_keyed;
SELECT count(*) FROM pg_stat_user_tables WHERE relname LIKE 'ts\_%';
