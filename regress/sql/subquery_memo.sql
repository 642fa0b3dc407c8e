-- Correlated subqueries that stay per-row evaluations share one evaluation between rows
-- that agree on the outer columns they read; the answers must be those of evaluating
-- every row.
CREATE TABLE memo_t (k int, g int, s text, f float8);
INSERT INTO memo_t SELECT i, i % 7, CASE WHEN i % 5 = 0 THEN NULL ELSE 's' || (i % 3) END, (i % 4) / 2.0
  FROM generate_series(1, 400) i;
-- an EXISTS whose inner NOT EXISTS reads the outermost row: neither becomes a join
SELECT count(*) FROM memo_t a, memo_t b
  WHERE a.g = b.g AND a.k < 60 AND b.k < 60
    AND EXISTS (SELECT 1 FROM memo_t c WHERE c.g = b.g AND c.k > b.k
                  AND NOT EXISTS (SELECT 1 FROM memo_t d WHERE d.k = a.k + c.k));
-- repeated keys, NULL keys, and text and float keys
SELECT s, f, count(*) AS n,
       sum((SELECT count(*) FROM memo_t i WHERE i.s = o.s AND i.f = o.f AND i.k < o.k LIMIT 1)) AS below
  FROM memo_t o GROUP BY s, f ORDER BY s, f;
SELECT g, (SELECT max(i.k) FROM memo_t i WHERE i.g = o.g AND i.s IS NOT DISTINCT FROM o.s LIMIT 5) AS m, s
  FROM memo_t o WHERE k BETWEEN 100 AND 114 ORDER BY k;
-- IN with a correlated set: the left operand is part of what rows must agree on
SELECT k, g, k % 3 IN (SELECT i.g FROM memo_t i WHERE i.k % 11 = o.g AND i.k < 30 OFFSET 0) AS in_set
  FROM memo_t o WHERE k <= 20 ORDER BY k;
-- a volatile call is evaluated for every row
SELECT count(DISTINCT v) > 1 AS varies
  FROM (SELECT (SELECT random() + i.k * 0 FROM memo_t i WHERE i.k = o.g LIMIT 1) AS v
          FROM memo_t o WHERE o.g = 3) x;
-- the memo does not outlive the statement
PREPARE memo_p(int) AS
  SELECT sum((SELECT count(*) FROM memo_t i WHERE i.g = o.g AND i.k > $1 LIMIT 1)) FROM memo_t o;
EXECUTE memo_p(100);
UPDATE memo_t SET g = 0 WHERE k > 300;
EXECUTE memo_p(100);
EXECUTE memo_p(390);
DEALLOCATE memo_p;
DROP TABLE memo_t;
