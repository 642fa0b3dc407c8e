-- pg_get_viewdef prints a view's query as PostgreSQL's ruleutils does: columns
-- qualified, literals typed, implicit casts shown, clauses on lines of their own.
CREATE TABLE vd_t (a int, b text, n numeric, d date, c varchar(10), f float8, big bigint);
CREATE TABLE vd_u (a int, x int);
CREATE VIEW vd_star AS SELECT * FROM vd_t WHERE a > 1;
CREATE VIEW vd_exprs AS SELECT a, b || 'x' AS bx, 'lit' AS l, 1.5 AS f1, -1 AS m,
  n > 1 AS g, d > '2020-1-1' AS dd, c = 'q' AS cq, a::bigint AS ab, '5'::int AS five,
  cast(a AS text) AS at, 10000000000 AS bg, a + 1 - 2 * 3 AS ar, (a + 1) * 2 AS ar2, -a AS neg,
  NOT (a > 1) AS nt, a > 1.5 AS af, n::numeric(5,2) AS nn, 'x'::varchar(3) AS vc, NULL AS nu,
  true AS tr, 'it''s' AS q, a::int AS same, upper(b) AS up, round(n, 2) AS r
  FROM vd_t;
CREATE VIEW vd_join AS SELECT vd_t.a, vd_u.x FROM vd_t JOIN vd_u ON vd_t.a = vd_u.a
  LEFT JOIN vd_u u2 USING (x)
  WHERE vd_t.b LIKE 'a%' AND (vd_t.a IN (1, 2) OR vd_t.b IS NULL);
CREATE VIEW vd_joins2 AS SELECT t.a, u.x FROM vd_t t RIGHT JOIN vd_u u ON t.a = u.a
  FULL JOIN vd_u u3 ON u3.x = u.x CROSS JOIN vd_u u4, vd_u u5;
CREATE VIEW vd_agg AS SELECT a, count(*), sum(n), max(b) AS mb FROM vd_t
  GROUP BY a HAVING count(*) > 1 ORDER BY 2 DESC, a LIMIT 5 OFFSET 1;
CREATE VIEW vd_case AS SELECT CASE WHEN a > 1 THEN 'big' WHEN a < 0 THEN 'neg' END AS c,
  CASE a WHEN 1 THEN 'one' ELSE 'other' END AS c2,
  coalesce(b, 'z'), nullif(a, 0) AS nz, greatest(a, 3) AS gr,
  EXISTS (SELECT 1 FROM vd_u WHERE vd_u.a = vd_t.a) AS e
  FROM vd_t WHERE a IN (SELECT a FROM vd_u) AND a = (SELECT max(a) FROM vd_u);
CREATE VIEW vd_union AS SELECT a FROM vd_t UNION SELECT a FROM vd_u UNION ALL SELECT x FROM vd_u;
CREATE VIEW vd_except AS SELECT a FROM vd_t EXCEPT SELECT a FROM vd_u ORDER BY 1;
CREATE VIEW vd_cte AS WITH w AS (SELECT a FROM vd_t) SELECT * FROM w;
CREATE VIEW vd_distinct AS SELECT DISTINCT ON (a) a, b FROM vd_t ORDER BY a, b DESC;
CREATE VIEW vd_distinct2 AS SELECT DISTINCT b FROM vd_t;
CREATE VIEW vd_window AS SELECT a, row_number() OVER (PARTITION BY b ORDER BY a) AS rn,
  sum(a) OVER (ORDER BY a DESC) AS s FROM vd_t;
CREATE VIEW vd_sub AS SELECT s.a FROM (SELECT a FROM vd_t WHERE a > 0) s;
CREATE VIEW vd_values AS VALUES (1, 'a'), (2, 'b');
CREATE VIEW vd_tests AS SELECT a BETWEEN 1 AND 3 AS bt, a NOT BETWEEN 1 AND 3 AS nbt,
  a IS DISTINCT FROM 2 AS df, b IS NOT NULL AS nn, (a > 1) IS TRUE AS it, b ILIKE 'x%' AS il,
  b NOT LIKE 'y' AS nl, a NOT IN (1, 2, 3) AS ni, a IN (4) AS i1
  FROM vd_t;
CREATE VIEW vd_cols(p, q) AS SELECT a, b FROM vd_t;
CREATE TABLE vd_w (a int, x int, y text);
CREATE VIEW vd_using AS SELECT a, x FROM vd_u JOIN vd_w USING (a, x);
CREATE VIEW vd_using2 AS SELECT a, vd_u.x, y, b FROM vd_u LEFT JOIN vd_w USING (a) RIGHT JOIN vd_t USING (a);
CREATE VIEW vd_using3 AS SELECT a, y FROM vd_u FULL JOIN vd_w USING (a);
CREATE VIEW vd_natural AS SELECT * FROM vd_u NATURAL JOIN vd_w;
CREATE VIEW vd_rename AS SELECT * FROM vd_u WHERE EXISTS (SELECT 1 FROM vd_u u WHERE u.a = vd_u.x)
  AND EXISTS (SELECT 1 FROM vd_u WHERE vd_u.a = 1) AND a IN (SELECT s.a FROM (SELECT vd_u.a FROM vd_u) s, vd_u);
CREATE VIEW vd_arrays AS SELECT 'foo'::text = ANY (ARRAY['abc', 'def']::text[]) AS c1, ARRAY[a, 2] AS arr,
  b = ANY (ARRAY['x', 'y']) AS c2 FROM vd_t;
CREATE VIEW vd_alias AS SELECT t.a AS aa, t.b FROM vd_t t WHERE t.a <> 0 OR t.b = 'z' AND t.a > 2;
SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c WHERE c.relname LIKE 'vd\_%' AND c.relkind = 'v' ORDER BY c.relname;
SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c WHERE c.relname LIKE 'vd\_%' AND c.relkind = 'v' ORDER BY c.relname;
SELECT pg_get_viewdef('vd_alias'::regclass, 30);
SELECT pg_get_viewdef('vd_alias');
SELECT pg_get_viewdef('vd_alias', true);
SELECT viewname, definition FROM pg_views WHERE viewname IN ('vd_star', 'vd_join') ORDER BY 1;
DROP VIEW vd_star, vd_exprs, vd_join, vd_joins2, vd_agg, vd_case, vd_union, vd_except, vd_cte,
  vd_distinct, vd_distinct2, vd_window, vd_sub, vd_values, vd_tests, vd_cols, vd_alias,
  vd_using, vd_using2, vd_using3, vd_natural, vd_rename, vd_arrays;
DROP TABLE vd_t, vd_u, vd_w;
