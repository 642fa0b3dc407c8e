-- A WITH inside a correlated subquery reads the row the subquery runs for, also when a
-- further nested subquery is what reads the CTE.
CREATE TABLE cte_corr_t (f1 int);
INSERT INTO cte_corr_t VALUES (0), (123456), (-123456), (2147483647), (-2147483647);
SELECT (WITH cte(foo) AS (VALUES (f1)) SELECT (SELECT foo FROM cte)) FROM cte_corr_t ORDER BY 1;
SELECT (WITH cte(foo) AS (VALUES (f1)) VALUES ((SELECT foo FROM cte))) FROM cte_corr_t ORDER BY 1;
-- the CTE read twice (so kept, not inlined), by a nested EXISTS and a nested IN
SELECT f1, (WITH c AS (SELECT f1 % 5 AS v)
            SELECT EXISTS (SELECT 1 FROM c WHERE v > 0) AND (SELECT v FROM c) IN (SELECT v FROM c)) AS pos
  FROM cte_corr_t ORDER BY f1;
-- a correlated CTE read from a nested subquery's WHERE
SELECT f1, (WITH c AS (SELECT f1 % 7 AS m)
            SELECT count(*) FROM generate_series(0, 6) g(i) WHERE i <= (SELECT m FROM c)) AS n
  FROM cte_corr_t ORDER BY f1;
-- an uncorrelated CTE is still read the same way
SELECT f1, (WITH c AS (SELECT 5 AS k) SELECT (SELECT k FROM c) + f1 % 3) AS k FROM cte_corr_t ORDER BY f1;
-- scalar subqueries are named after their first column (VALUES names it column1)
SELECT (SELECT 1 AS one), (VALUES (2)), (SELECT 3 UNION SELECT 3), (SELECT f1 FROM cte_corr_t LIMIT 1);
DROP TABLE cte_corr_t;
