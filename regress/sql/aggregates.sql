--
-- Aggregates: count/sum/avg/min/max, GROUP BY, HAVING, empty input, NULLs
--
CREATE TABLE agg_sales (region text, product text, qty int, price numeric(8,2), weight float8, sold date);
INSERT INTO agg_sales VALUES
  ('north', 'apple', 10, 1.25, 0.5, '2024-01-02'),
  ('north', 'pear', 5, 2.10, 0.75, '2024-01-03'),
  ('north', 'apple', NULL, 1.30, NULL, '2024-02-01'),
  ('south', 'apple', 7, 1.20, 0.25, '2024-01-15'),
  ('south', 'plum', 12, 0.80, 1.5, NULL),
  ('east', 'pear', 3, NULL, 2.0, '2024-03-01'),
  (NULL, 'plum', 1, 0.90, 0.1, '2024-03-05');

-- whole-table aggregates
SELECT count(*), count(qty), count(region), sum(qty), avg(qty), min(qty), max(qty) FROM agg_sales;
SELECT sum(price), avg(price), min(price), max(price) FROM agg_sales;
SELECT sum(weight), avg(weight), min(weight), max(weight) FROM agg_sales;
SELECT min(product), max(product), min(sold), max(sold) FROM agg_sales;
SELECT count(DISTINCT product) AS products, count(DISTINCT region) AS regions FROM agg_sales;
SELECT sum(qty * price) AS revenue, max(qty) - min(qty) AS spread, sum(qty) / count(qty) AS intavg
FROM agg_sales;
SELECT count(*) FROM agg_sales WHERE qty > 5;

-- result types: sum(int4) is bigint, sum(int8) numeric, avg(int) numeric
SELECT sum(x), avg(x) FROM (VALUES (2147483647), (2147483647)) AS v(x);
SELECT sum(x), avg(x) FROM (VALUES (9223372036854775807::bigint), (1::bigint)) AS v(x);
SELECT avg(x) FROM (VALUES (1), (2)) AS v(x);
SELECT sum(x) FROM (VALUES (9223372036854775807::bigint), (9223372036854775807::bigint)) AS v(x);

-- GROUP BY
SELECT region, count(*), sum(qty) FROM agg_sales GROUP BY region ORDER BY region;
SELECT product, sum(qty) AS total, avg(price) AS avg_price FROM agg_sales GROUP BY product ORDER BY product;
SELECT region, product, count(*) FROM agg_sales GROUP BY region, product ORDER BY region, product;
SELECT region, count(*) FROM agg_sales GROUP BY 1 ORDER BY 1 NULLS FIRST;
SELECT qty > 5 AS big, count(*) FROM agg_sales GROUP BY qty > 5 ORDER BY big;
SELECT product FROM agg_sales GROUP BY product ORDER BY product;
SELECT product, max(sold) FROM agg_sales GROUP BY product ORDER BY max(sold) DESC;
SELECT count(*) AS n, region FROM agg_sales GROUP BY region ORDER BY n DESC, region;

-- HAVING
SELECT product, sum(qty) FROM agg_sales GROUP BY product HAVING sum(qty) > 10 ORDER BY product;
SELECT region, count(*) FROM agg_sales GROUP BY region HAVING count(*) > 1 AND region <> 'south' ORDER BY region;
SELECT product FROM agg_sales GROUP BY product HAVING min(price) < 1 ORDER BY product;
SELECT count(*) FROM agg_sales HAVING count(*) > 100;
SELECT count(*) FROM agg_sales HAVING count(*) > 1;

-- empty input: one row without GROUP BY, none with it
SELECT count(*), count(qty), sum(qty), avg(qty), min(qty), max(product) FROM agg_sales WHERE false;
SELECT region, count(*) FROM agg_sales WHERE false GROUP BY region;
CREATE TABLE agg_empty (x int);
SELECT count(*), sum(x), max(x) FROM agg_empty;
SELECT x, count(*) FROM agg_empty GROUP BY x;

-- NULLs: ignored by aggregates, one group of their own in GROUP BY
SELECT count(*), count(x), sum(x) FROM (VALUES (NULL::int), (NULL), (3)) AS v(x);
SELECT x, count(*) FROM (VALUES (1), (NULL), (1), (NULL), (2)) AS v(x) GROUP BY x ORDER BY x;
SELECT sum(x), avg(x), min(x) FROM (VALUES (NULL::int), (NULL::int)) AS v(x);

-- aggregates over a derived table
SELECT avg(total) FROM (SELECT region, sum(qty) AS total FROM agg_sales GROUP BY region) AS t;
SELECT max(c) FROM (SELECT product, count(*) AS c FROM agg_sales GROUP BY product) AS t;

-- errors
SELECT region, product FROM agg_sales GROUP BY region;
SELECT sum(product) FROM agg_sales;
SELECT region FROM agg_sales WHERE count(*) > 1 GROUP BY region;

DROP TABLE agg_sales;
DROP TABLE agg_empty;
