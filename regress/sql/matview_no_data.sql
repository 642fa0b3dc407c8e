--
-- CREATE MATERIALIZED VIEW ... WITH NO DATA: the view exists but cannot be read until
-- REFRESH fills it; REFRESH ... WITH NO DATA empties it again
--
CREATE TABLE mvnd_src (a int, b text);
INSERT INTO mvnd_src VALUES (1, 'one'), (2, 'two');
CREATE MATERIALIZED VIEW mvnd AS SELECT a, b FROM mvnd_src WITH NO DATA;
SELECT * FROM mvnd;
SELECT count(*) FROM mvnd;
SELECT m.a FROM mvnd_src s JOIN mvnd m USING (a);
SELECT matviewname, hasindexes, ispopulated FROM pg_matviews WHERE matviewname = 'mvnd';
SELECT relname, relkind, relispopulated FROM pg_class WHERE relname = 'mvnd';
-- planning alone reads no rows, nor does a view over it
EXPLAIN (COSTS OFF) SELECT * FROM mvnd;
CREATE VIEW mvnd_v AS SELECT a FROM mvnd;
SELECT * FROM mvnd_v;
CREATE MATERIALIZED VIEW IF NOT EXISTS mvnd AS SELECT 1 WITH NO DATA;
CREATE UNIQUE INDEX mvnd_a ON mvnd (a);
REFRESH MATERIALIZED VIEW CONCURRENTLY mvnd;
REFRESH MATERIALIZED VIEW mvnd;
SELECT * FROM mvnd ORDER BY a;
SELECT * FROM mvnd_v ORDER BY a;
SELECT ispopulated FROM pg_matviews WHERE matviewname = 'mvnd';
REFRESH MATERIALIZED VIEW CONCURRENTLY mvnd WITH NO DATA;
INSERT INTO mvnd_src VALUES (3, 'three');
REFRESH MATERIALIZED VIEW CONCURRENTLY mvnd;
SELECT * FROM mvnd ORDER BY a;
REFRESH MATERIALIZED VIEW mvnd WITH NO DATA;
SELECT * FROM mvnd;
SELECT ispopulated FROM pg_matviews WHERE matviewname = 'mvnd';
-- inside a transaction that rolls back, the view stays as it was
BEGIN;
REFRESH MATERIALIZED VIEW mvnd;
SELECT count(*) FROM mvnd;
ROLLBACK;
SELECT count(*) FROM mvnd;
-- CREATE TABLE AS ... WITH NO DATA makes an empty, readable table
CREATE TABLE mvnd_empty AS SELECT a, b FROM mvnd_src WITH NO DATA;
SELECT * FROM mvnd_empty;
\d mvnd_empty
DROP TABLE mvnd_empty;
DROP VIEW mvnd_v;
DROP MATERIALIZED VIEW mvnd;
DROP TABLE mvnd_src;
