--
-- Relation and database sizes: a table's size is positive once rows are committed and
-- grows as more are; exact byte counts are the storage's own, so only their order is
-- compared.
--
CREATE TABLE sz_rows (id int, note text);
CREATE TABLE sz_log (step int, rel bigint, tbl bigint, total bigint, idx bigint, db bigint);
INSERT INTO sz_log SELECT 0, pg_relation_size('sz_rows'), pg_table_size('sz_rows'),
  pg_total_relation_size('sz_rows'), pg_indexes_size('sz_rows'), pg_database_size(current_database());
INSERT INTO sz_rows SELECT g, repeat('x', 50) FROM generate_series(1, 100) g;
INSERT INTO sz_log SELECT 1, pg_relation_size('sz_rows'), pg_table_size('sz_rows'),
  pg_total_relation_size('sz_rows'), pg_indexes_size('sz_rows'), pg_database_size(current_database());
INSERT INTO sz_rows SELECT g, md5(g::text) || md5((g + 1)::text) FROM generate_series(1, 20000) g;
INSERT INTO sz_log SELECT 2, pg_relation_size('sz_rows'), pg_table_size('sz_rows'),
  pg_total_relation_size('sz_rows'), pg_indexes_size('sz_rows'), pg_database_size(current_database());
SELECT step, rel = 0 AS empty, rel > 0 AS stored, tbl >= rel AS table_covers_main,
  total >= tbl AS total_covers_table, idx AS indexes, db >= rel AS db_covers_table
FROM sz_log ORDER BY step;
SELECT a.rel < b.rel AS grows, a.db > 0 AS db_stored, a.db < b.db AS db_grows
FROM sz_log a JOIN sz_log b ON b.step = a.step + 1 WHERE a.step = 1;
SELECT pg_relation_size('sz_rows', 'main') = pg_relation_size('sz_rows') AS main_fork,
  pg_relation_size('sz_rows', 'init') AS init_fork;
SELECT pg_relation_size('sz_rows', 'heap');
SELECT pg_relation_size(NULL::regclass) IS NULL AS null_in_null_out;
DROP TABLE sz_rows;
DROP TABLE sz_log;
