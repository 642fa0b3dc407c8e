--
-- EXPLAIN as PostgreSQL prints it: node names, qualifiers, options and their errors, and
-- EXPLAIN ANALYZE's actual rows and loops (timings and memory left out, as they vary).
--
CREATE TABLE explain_t AS SELECT g AS id, g % 10 AS k, md5(g::text) AS m FROM generate_series(1, 1000) g;
CREATE TABLE explain_u AS SELECT g AS k, 'name' || g AS name FROM generate_series(0, 9) g;
ANALYZE explain_t;
ANALYZE explain_u;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT 1;
EXPLAIN (COSTS OFF) SELECT * FROM explain_t WHERE id < 10;
EXPLAIN (COSTS OFF) SELECT * FROM explain_t WHERE id < 10 AND k = 3;
EXPLAIN (COSTS OFF) SELECT count(*) FROM explain_t;
EXPLAIN (COSTS OFF) SELECT k, count(*) FROM explain_t GROUP BY k;
-- aggregate results: bare in their node, parenthesized above it
EXPLAIN (COSTS OFF) SELECT k FROM explain_t GROUP BY k HAVING count(*) > 5::bigint ORDER BY count(*) DESC, sum(id);
EXPLAIN (COSTS OFF, VERBOSE) SELECT k, count(*), sum(id) + 1::bigint, max(m) FROM explain_t GROUP BY k ORDER BY 2;
EXPLAIN (COSTS OFF, VERBOSE) SELECT count(DISTINCT k) FILTER (WHERE id > 3), max(m) FROM explain_t;
EXPLAIN (COSTS OFF) SELECT * FROM explain_t ORDER BY m DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM explain_t ORDER BY k, id NULLS FIRST;
EXPLAIN (COSTS OFF) SELECT * FROM generate_series(1, 3);
EXPLAIN (COSTS OFF) SELECT * FROM explain_t LIMIT 3;
EXPLAIN (COSTS OFF, VERBOSE) SELECT id, m FROM explain_t WHERE k = 3;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM explain_t WHERE id <= 100;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM explain_t WHERE k = 7;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM explain_t WHERE id < 0;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) SELECT * FROM explain_t WHERE id <= 100;
EXPLAIN (COSTS OFF, FORMAT JSON) SELECT count(*) FROM explain_t;
-- EXPLAIN ANALYZE runs the statement: the INSERT inserts, and a rollback undoes it.
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO explain_u SELECT id + 100, m FROM explain_t WHERE id <= 4;
SELECT count(*) FROM explain_u;
ROLLBACK;
SELECT count(*) FROM explain_u;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM explain_u WHERE k > 7;
SELECT count(*) FROM explain_u;
-- options
EXPLAIN (TIMING) SELECT 1;
EXPLAIN (WAL) SELECT 1;
EXPLAIN (ANALYZE maybe) SELECT 1;
EXPLAIN (FORMAT bogus) SELECT 1;
EXPLAIN (BOGUS) SELECT 1;
EXPLAIN (ANALYZE off, COSTS off) SELECT 1;
EXPLAIN (ANALYZE 1, COSTS false, TIMING 0, SUMMARY off) SELECT 1;
EXPLAIN (FORMAT YAML, COSTS off) SELECT 1;
EXPLAIN (FORMAT XML, COSTS off) SELECT 1;
RESET max_parallel_workers_per_gather;
DROP TABLE explain_t, explain_u;
