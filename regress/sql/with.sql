-- WITH queries: non-recursive and recursive common table expressions.
CREATE TABLE w_emp (id int, name text, boss int, salary int);
INSERT INTO w_emp VALUES (1, 'ann', NULL, 300), (2, 'bob', 1, 200), (3, 'cy', 1, 150),
  (4, 'di', 2, 100), (5, 'ed', 2, 120), (6, 'flo', 5, 90), (7, 'gus', NULL, 80);

-- referenced once (inlined)
WITH rich AS (SELECT id, name FROM w_emp WHERE salary >= 150)
SELECT * FROM rich ORDER BY id;

-- column aliases, fewer than the columns
WITH r(a) AS (SELECT id, name FROM w_emp WHERE id < 3)
SELECT * FROM r ORDER BY a;

-- referenced twice (computed once), with aliases per reference
WITH s AS (SELECT boss, sum(salary) AS total FROM w_emp WHERE boss IS NOT NULL GROUP BY boss)
SELECT x.boss, x.total, y.total AS other
FROM s x JOIN s y ON x.boss < y.boss ORDER BY 1, 3;

-- later CTEs read earlier ones
WITH a AS (SELECT id, salary FROM w_emp),
     b AS (SELECT id FROM a WHERE salary > 100),
     c AS (SELECT count(*) AS n FROM b)
SELECT * FROM c;

-- MATERIALIZED / NOT MATERIALIZED are accepted
WITH m AS MATERIALIZED (SELECT id FROM w_emp WHERE id < 3)
SELECT * FROM m ORDER BY id;
WITH m AS NOT MATERIALIZED (SELECT id FROM w_emp WHERE id < 3)
SELECT m1.id, m2.id FROM m m1, m m2 ORDER BY 1, 2;

-- an unread CTE is not run
WITH unused AS (SELECT 1 / 0 AS boom)
SELECT count(*) FROM w_emp;

-- CTEs are visible in subqueries, in FROM and in expressions
WITH top AS (SELECT max(salary) AS m FROM w_emp)
SELECT name FROM w_emp WHERE salary = (SELECT m FROM top);
WITH lows AS (SELECT id FROM w_emp WHERE salary < 100)
SELECT name FROM w_emp WHERE id IN (SELECT id FROM lows) ORDER BY name;
WITH lows AS (SELECT id FROM w_emp WHERE salary < 100)
SELECT * FROM (SELECT l.id, e.name FROM lows l JOIN w_emp e ON e.id = l.id) sub ORDER BY 1;

-- shadowing: a CTE hides a table of the same name, an inner WITH hides an outer one
WITH w_emp AS (SELECT 42 AS id)
SELECT * FROM w_emp;
WITH x AS (SELECT 1 AS v)
SELECT (WITH x AS (SELECT 2 AS v) SELECT v FROM x) AS inner_v, v AS outer_v FROM x;
WITH x AS (SELECT 1 AS v), y AS (SELECT v + 1 AS v FROM x)
SELECT * FROM (WITH x AS (SELECT 10 AS v) SELECT x.v AS xv, y.v AS yv FROM x, y) s;

-- WITH on set operations, with ORDER BY and LIMIT
WITH a AS (SELECT id FROM w_emp WHERE id <= 3), b AS (SELECT id FROM w_emp WHERE id >= 3)
SELECT id FROM a UNION SELECT id FROM b ORDER BY id DESC LIMIT 4;

-- CTE in INSERT ... SELECT and CREATE TABLE AS
CREATE TABLE w_copy (id int, name text);
WITH src AS (SELECT id, name FROM w_emp WHERE boss = 2)
INSERT INTO w_copy SELECT * FROM src;
INSERT INTO w_copy WITH src AS (SELECT id, name FROM w_emp WHERE boss IS NULL) SELECT * FROM src;
SELECT * FROM w_copy ORDER BY id;
CREATE TABLE w_ctas AS WITH t AS (SELECT boss, count(*) AS n FROM w_emp GROUP BY boss) SELECT * FROM t WHERE boss IS NOT NULL;
SELECT * FROM w_ctas ORDER BY boss;

-- errors
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x;
WITH x(a, b) AS (SELECT 1) SELECT * FROM x;
WITH x AS (SELECT 1) SELECT * FROM nosuch;
WITH x AS (SELECT * FROM x) SELECT * FROM x;
SELECT * FROM (WITH inner_only AS (SELECT 1) SELECT * FROM inner_only) s, inner_only;

-- WITH RECURSIVE
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
SELECT sum(i), count(*) FROM n;

-- a tree walk
WITH RECURSIVE chain(id, name, depth) AS (
  SELECT id, name, 0 FROM w_emp WHERE boss IS NULL
  UNION ALL
  SELECT e.id, e.name, c.depth + 1 FROM w_emp e JOIN chain c ON e.boss = c.id
)
SELECT * FROM chain ORDER BY depth, id;

-- paths, with text growing each round
WITH RECURSIVE p(id, path) AS (
  SELECT id, name FROM w_emp WHERE id = 1
  UNION ALL
  SELECT e.id, p.path || '/' || e.name FROM w_emp e, p WHERE e.boss = p.id
)
SELECT path FROM p ORDER BY path;

-- UNION removes duplicates across rounds, so cycles terminate
CREATE TABLE w_edge (a int, b int);
INSERT INTO w_edge VALUES (1, 2), (2, 3), (3, 1), (3, 4), (5, 6);
WITH RECURSIVE reach(n) AS (
  SELECT 1
  UNION
  SELECT e.b FROM w_edge e JOIN reach r ON e.a = r.n
)
SELECT n FROM reach ORDER BY n;
WITH RECURSIVE r(x) AS (SELECT 1 UNION SELECT x FROM r) SELECT * FROM r;
WITH RECURSIVE r(x) AS (VALUES (1), (1), (2) UNION SELECT x + 1 FROM r WHERE x < 3) SELECT * FROM r ORDER BY x;
WITH RECURSIVE r(x) AS (VALUES (1), (1) UNION ALL SELECT x + 1 FROM r WHERE x < 3) SELECT * FROM r ORDER BY x;

-- a recursive CTE read twice, and a non-recursive one under RECURSIVE
WITH RECURSIVE nums(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM nums WHERE i < 4),
  plain AS (SELECT 100 AS k)
SELECT a.i, b.i, plain.k FROM nums a JOIN nums b ON b.i = a.i * 2, plain ORDER BY 1;

-- the recursive term's type decides nothing: the non-recursive term's does
WITH RECURSIVE f(n, fact) AS (
  SELECT 1, 1::bigint
  UNION ALL
  SELECT n + 1, fact * (n + 1) FROM f WHERE n < 20
)
SELECT n, fact FROM f WHERE n > 15 ORDER BY n;

-- recursion errors
WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1::bigint FROM r WHERE n < 3) SELECT * FROM r;
WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3 ORDER BY 1) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n FROM r LIMIT 3) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT n FROM r) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT n FROM r UNION ALL SELECT 1) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT (SELECT n FROM r)) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM r, r r2) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT count(*) FROM r) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT 1 FROM w_emp LEFT JOIN r ON true) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1, n FROM r) SELECT * FROM r;

DROP TABLE w_emp;
DROP TABLE w_copy;
DROP TABLE w_ctas;
DROP TABLE w_edge;
