-- GROUPING SETS, ROLLUP, CUBE and GROUPING(), compared with PostgreSQL's own answers.
CREATE TABLE gs_sales (region text, city text, year int, amount numeric, qty int);
INSERT INTO gs_sales VALUES
  ('east', 'boston', 2022, 10.50, 1), ('east', 'boston', 2023, 20.25, 2),
  ('east', 'nyc', 2022, 30.00, 3), ('east', 'nyc', 2023, 40.75, 4),
  ('west', 'sf', 2022, 50.00, 5), ('west', 'sf', 2023, 60.00, 6),
  ('west', 'la', 2023, 70.00, 7), ('west', NULL, 2023, 5.00, 1),
  (NULL, NULL, 2021, 1.00, 1);
CREATE TABLE gs_empty (a int, b int, v int);

-- ROLLUP: subtotals per region and a grand total; GROUPING tells them from NULL keys
SELECT region, city, grouping(region, city) AS g, sum(amount), count(*), max(qty)
  FROM gs_sales GROUP BY ROLLUP (region, city) ORDER BY g, region, city;
-- CUBE over two columns, grouping bits in either order
SELECT region, year, grouping(region), grouping(year), grouping(year, region), sum(qty)
  FROM gs_sales GROUP BY CUBE (region, year) ORDER BY 3, 4, 1, 2;
-- explicit GROUPING SETS with the empty set
SELECT region, year, sum(qty) FROM gs_sales
  GROUP BY GROUPING SETS ((region), (year), ()) ORDER BY region, year;
-- a plain key combined with a ROLLUP, and a composite ROLLUP element
SELECT year, region, city, sum(qty) FROM gs_sales
  GROUP BY year, ROLLUP (region, city) ORDER BY year, region, city;
SELECT region, city, year, sum(qty) FROM gs_sales
  GROUP BY ROLLUP (region, (city, year)) ORDER BY region, city, year;
-- nested grouping sets, and ROLLUP / CUBE inside GROUPING SETS
SELECT region, city, year, count(*) FROM gs_sales
  GROUP BY GROUPING SETS (region, GROUPING SETS (city, ()), ROLLUP (year))
  ORDER BY region, city, year, 4;
-- repeated sets are kept, unless GROUP BY DISTINCT drops them
SELECT region, year, count(*) FROM gs_sales
  GROUP BY ROLLUP (region, year), ROLLUP (region) ORDER BY region, year, 3;
SELECT region, year, count(*) FROM gs_sales
  GROUP BY DISTINCT ROLLUP (region, year), ROLLUP (region) ORDER BY region, year, 3;
SELECT count(*) FROM gs_sales GROUP BY GROUPING SETS ((), ());
-- output ordinals and names in grouping sets, expressions as keys
SELECT region AS r, year / 10 AS decade, sum(qty) FROM gs_sales
  GROUP BY ROLLUP (1, decade) ORDER BY 1, 2, 3;
SELECT upper(region), year + 1, sum(qty) FROM gs_sales
  GROUP BY CUBE (upper(region), year + 1) ORDER BY 1, 2, 3;
-- the empty set gives a row over no input; the other sets give none
SELECT a, b, count(*), sum(v) FROM gs_empty GROUP BY ROLLUP (a, b);
SELECT a, count(*) FROM gs_empty GROUP BY GROUPING SETS (a, b);
SELECT count(*) FROM gs_empty GROUP BY ();
SELECT 1 AS one FROM gs_sales GROUP BY ();
-- HAVING and ORDER BY over grouping results
SELECT region, city, sum(amount) FROM gs_sales GROUP BY ROLLUP (region, city)
  HAVING grouping(city) = 1 OR sum(amount) > 40 ORDER BY grouping(region, city) DESC, sum(amount);
-- aggregates with FILTER, DISTINCT and ORDER BY inside
SELECT region, count(DISTINCT year), sum(qty) FILTER (WHERE year = 2023),
       string_agg(coalesce(city, '-'), ',' ORDER BY city NULLS FIRST, qty),
       array_agg(DISTINCT year ORDER BY year DESC)
  FROM gs_sales GROUP BY ROLLUP (region) ORDER BY region;
-- window functions over the grouped rows
SELECT region, year, sum(qty) AS s,
       rank() OVER (PARTITION BY grouping(region, year) ORDER BY sum(qty) DESC, region, year),
       sum(sum(qty)) OVER (PARTITION BY grouping(region, year))
  FROM gs_sales GROUP BY CUBE (region, year) ORDER BY grouping(region, year), s DESC, region, year;
-- keys that are NULL in a set are NULL in expressions over them
SELECT region, region || '!' AS shout, coalesce(region, 'all') AS label, count(*)
  FROM gs_sales GROUP BY ROLLUP (region) ORDER BY region, count(*);
-- grouping sets in subqueries, CTEs and views
SELECT * FROM (SELECT region, year, sum(qty) AS s FROM gs_sales GROUP BY CUBE (region, year)) t
  WHERE region IS NULL ORDER BY year, s;
WITH totals AS (SELECT region, city, sum(qty) AS s, grouping(region, city) AS g FROM gs_sales
                GROUP BY ROLLUP (region, city))
SELECT g, count(*), sum(s) FROM totals GROUP BY g ORDER BY g;
SELECT region, (SELECT count(*) FROM gs_sales s2 WHERE s2.region = s1.region) AS n, sum(qty)
  FROM gs_sales s1 GROUP BY ROLLUP (region) ORDER BY region;
CREATE VIEW gs_view AS
  SELECT region, city, year, grouping(region, city) AS g, sum(qty) AS s
    FROM gs_sales
   GROUP BY ROLLUP (region, (city, year)), CUBE (year), GROUPING SETS ((), region, (region, year));
SELECT pg_get_viewdef('gs_view'::regclass, true);
SELECT g, count(*), sum(s) FROM gs_view GROUP BY g ORDER BY g;
CREATE VIEW gs_view2 AS
  SELECT region, year, count(*) FROM gs_sales GROUP BY DISTINCT region, (), GROUPING SETS ((), (year), (region, year));
SELECT pg_get_viewdef('gs_view2'::regclass, true);
SELECT * FROM gs_view2 ORDER BY 1, 2, 3;
-- grouping sets that come to one set are a plain GROUP BY, also in a view's definition
CREATE VIEW gs_view3 AS
  SELECT region, year, count(*) FROM gs_sales GROUP BY DISTINCT region, (), GROUPING SETS ((), (region)), year;
SELECT pg_get_viewdef('gs_view3'::regclass, true);
SELECT * FROM gs_view3 ORDER BY 1, 2, 3;
CREATE VIEW gs_view4 AS SELECT count(*) FROM gs_sales GROUP BY GROUPING SETS (());
SELECT pg_get_viewdef('gs_view4'::regclass, true);
SELECT * FROM gs_view4;
DROP VIEW gs_view, gs_view2, gs_view3, gs_view4;
-- GROUPING of an enclosing query's columns belongs to that query
SELECT region, (SELECT grouping(region) * 10) AS g10 FROM gs_sales
  GROUP BY ROLLUP (region) ORDER BY region, g10;
SELECT (SELECT (SELECT grouping(a, b) FROM (VALUES (1)) v2(c)) FROM (VALUES (1, 2)) v1(a, b) GROUP BY (a, b)) AS inner_g
  FROM (VALUES (6, 7)) v3(e, f) GROUP BY ROLLUP (e, f);
SELECT (SELECT (SELECT grouping(e, f) FROM (VALUES (1)) v2(c)) FROM (VALUES (1, 2)) v1(a, b) GROUP BY (a, b)) AS outer_g
  FROM (VALUES (6, 7)) v3(e, f) GROUP BY ROLLUP (e, f) ORDER BY 1;
-- a larger input, aggregated in parallel
CREATE TABLE gs_big AS SELECT i % 7 AS a, i % 11 AS b, i % 13 AS c, i AS v
  FROM generate_series(1, 100000) i;
SELECT a, b, count(*), sum(v), min(v), max(v), avg(v)::numeric(20,4) FROM gs_big
  GROUP BY ROLLUP (a, b) ORDER BY a, b;
SELECT g, count(*) AS groups, sum(n), sum(s), min(lo), max(hi)
  FROM (SELECT grouping(a, b, c) AS g, count(*) AS n, sum(v) AS s, min(v) AS lo, max(v) AS hi
          FROM gs_big GROUP BY CUBE (a, b, c)) t
  GROUP BY g ORDER BY g;
-- errors
SELECT region, city FROM gs_sales GROUP BY ROLLUP (region);
SELECT grouping(city) FROM gs_sales GROUP BY ROLLUP (region);
SELECT grouping(region) FROM gs_sales;
SELECT region FROM gs_sales WHERE grouping(region) = 0 GROUP BY region;
SELECT region FROM gs_sales s1 WHERE (SELECT grouping(s1.region)) = 0 GROUP BY region;
SELECT region FROM gs_sales GROUP BY ROLLUP (grouping(region));
SELECT region FROM gs_sales GROUP BY ROLLUP (sum(qty));
SELECT region FROM gs_sales GROUP BY CUBE (region, city, year, amount, qty, region, city, year, amount, qty, region, city, year);
SELECT region FROM gs_sales GROUP BY CUBE (region, city, year, amount, qty, region, city, year, amount, qty, region, city),
  ROLLUP (region), ROLLUP (city);
SELECT grouping(region, region, region, region, region, region, region, region, region, region, region, region,
                region, region, region, region, region, region, region, region, region, region, region, region,
                region, region, region, region, region, region, region, region)
  FROM gs_sales GROUP BY region;
-- the same errors by SQLSTATE
\set VERBOSITY sqlstate
SELECT region, city FROM gs_sales GROUP BY ROLLUP (region);
SELECT grouping(city) FROM gs_sales GROUP BY ROLLUP (region);
SELECT grouping(region) FROM gs_sales;
SELECT region FROM gs_sales WHERE grouping(region) = 0 GROUP BY region;
SELECT region FROM gs_sales s1 WHERE (SELECT grouping(s1.region)) = 0 GROUP BY region;
SELECT region FROM gs_sales GROUP BY ROLLUP (grouping(region));
SELECT region FROM gs_sales GROUP BY ROLLUP (sum(qty));
SELECT region FROM gs_sales GROUP BY CUBE (region, city, year, amount, qty, region, city, year, amount, qty, region, city, year);
SELECT region FROM gs_sales GROUP BY CUBE (region, city, year, amount, qty, region, city, year, amount, qty, region, city),
  ROLLUP (region), ROLLUP (city);
SELECT grouping(region, region, region, region, region, region, region, region, region, region, region, region,
                region, region, region, region, region, region, region, region, region, region, region, region,
                region, region, region, region, region, region, region, region)
  FROM gs_sales GROUP BY region;
\set VERBOSITY default
SELECT 1 AS still_alive;
DROP TABLE gs_sales, gs_empty, gs_big;
