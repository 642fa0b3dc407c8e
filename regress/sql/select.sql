--
-- SELECT: expressions, WHERE, ORDER BY, LIMIT/OFFSET, DISTINCT, CASE, predicates, casts
--
CREATE TABLE sel_emp (id int, name text, dept text, salary numeric(10,2), hired date, active bool);
INSERT INTO sel_emp VALUES
  (1, 'alice', 'eng', 120000.00, '2019-03-01', true),
  (2, 'bob', 'eng', 95000.50, '2020-07-15', true),
  (3, 'carol', 'sales', 70000.00, '2018-01-20', false),
  (4, 'dave', NULL, 50000.00, '2021-11-30', true),
  (5, 'eve', 'sales', NULL, '2022-05-05', NULL),
  (6, 'Frank', 'ops', 65000.25, NULL, true),
  (7, 'grace', 'eng', 130000.00, '2017-09-09', true);

-- constant expressions and their column names
SELECT 1;
SELECT 1 + 2 * 3 AS expr, (1 + 2) * 3 AS paren, 7 / 2 AS intdiv, 7 % 3 AS modulo, -5 AS neg;
SELECT 7.0 / 2 AS numdiv, 'ab' || 'cd' AS concat, 1 < 2 AS lt, 'a' = 'b' AS eq;
SELECT id + 1, salary * 2, name FROM sel_emp WHERE id = 1;

-- WHERE
SELECT * FROM sel_emp ORDER BY id;
SELECT name, salary FROM sel_emp WHERE salary > 80000 ORDER BY salary DESC;
SELECT name FROM sel_emp WHERE dept = 'eng' AND salary < 125000 ORDER BY name;
SELECT name FROM sel_emp WHERE dept = 'ops' OR salary IS NULL ORDER BY name;
SELECT name FROM sel_emp WHERE NOT (dept = 'eng') ORDER BY name;
SELECT name FROM sel_emp WHERE active ORDER BY name;
SELECT name FROM sel_emp WHERE NOT active ORDER BY name;
SELECT name FROM sel_emp WHERE active IS NOT TRUE ORDER BY name;
SELECT name FROM sel_emp WHERE hired >= '2020-01-01' ORDER BY hired;
SELECT name FROM sel_emp WHERE false;

-- three-valued logic
SELECT NULL::bool AND false AS a, NULL::bool AND true AS b, NULL::bool OR true AS c,
       NULL::bool OR false AS d, NOT NULL::bool AS e;
SELECT 1 = NULL AS eq_null, NULL IS NULL AS is_null, 1 IS DISTINCT FROM NULL AS distinct_null,
       NULL IS NOT DISTINCT FROM NULL AS not_distinct;

-- ORDER BY: direction, NULL placement, ordinals, expressions, aliases
SELECT name, dept FROM sel_emp ORDER BY dept, name;
SELECT name, dept FROM sel_emp ORDER BY dept DESC, name;
SELECT name, dept FROM sel_emp ORDER BY dept NULLS FIRST, name;
SELECT name, dept FROM sel_emp ORDER BY dept DESC NULLS LAST, name DESC;
SELECT name, salary FROM sel_emp ORDER BY 2 DESC NULLS LAST, 1;
SELECT name, salary / 1000 AS k FROM sel_emp ORDER BY k NULLS FIRST;
SELECT name FROM sel_emp ORDER BY length(name), name;
SELECT name FROM sel_emp ORDER BY name;

-- LIMIT / OFFSET
SELECT id FROM sel_emp ORDER BY id LIMIT 3;
SELECT id FROM sel_emp ORDER BY id OFFSET 5;
SELECT id FROM sel_emp ORDER BY id LIMIT 2 OFFSET 2;
SELECT id FROM sel_emp ORDER BY id LIMIT 0;
SELECT id FROM sel_emp ORDER BY id LIMIT ALL OFFSET 6;
SELECT id FROM sel_emp ORDER BY id DESC FETCH FIRST 2 ROWS ONLY;
SELECT id FROM sel_emp ORDER BY id LIMIT -1;

-- DISTINCT
SELECT DISTINCT dept FROM sel_emp ORDER BY dept;
SELECT DISTINCT dept, active FROM sel_emp ORDER BY dept, active;
SELECT DISTINCT active FROM sel_emp ORDER BY active NULLS FIRST;

-- CASE
SELECT name,
       CASE WHEN salary >= 100000 THEN 'high' WHEN salary >= 60000 THEN 'mid' ELSE 'low' END AS band
FROM sel_emp ORDER BY id;
SELECT name, CASE dept WHEN 'eng' THEN 1 WHEN 'sales' THEN 2 END AS code FROM sel_emp ORDER BY id;
SELECT CASE WHEN 1 > 2 THEN 'no' END AS no_else;

-- IS [NOT] NULL, COALESCE, NULLIF
SELECT name FROM sel_emp WHERE dept IS NULL;
SELECT count(*) FROM sel_emp WHERE hired IS NOT NULL;
SELECT name, coalesce(dept, 'none') AS dept, coalesce(salary, 0) AS salary FROM sel_emp ORDER BY id;
SELECT nullif(1, 1) AS same, nullif(1, 2) AS different;

-- IN, BETWEEN
SELECT name FROM sel_emp WHERE id IN (1, 3, 5, 99) ORDER BY id;
SELECT name FROM sel_emp WHERE dept NOT IN ('eng', 'sales') ORDER BY id;
SELECT 1 IN (1, NULL) AS found, 2 IN (1, NULL) AS unknown, 2 NOT IN (1, NULL) AS not_unknown;
SELECT name FROM sel_emp WHERE salary BETWEEN 65000.25 AND 95000.50 ORDER BY salary;
SELECT name FROM sel_emp WHERE id NOT BETWEEN 2 AND 6 ORDER BY id;
SELECT name FROM sel_emp WHERE hired BETWEEN '2018-01-01' AND '2020-12-31' ORDER BY hired;

-- LIKE / ILIKE
SELECT name FROM sel_emp WHERE name LIKE '%a%' ORDER BY name;
SELECT name FROM sel_emp WHERE name LIKE '_ve' ORDER BY name;
SELECT name FROM sel_emp WHERE name NOT LIKE '%e%' ORDER BY name;
SELECT name FROM sel_emp WHERE name ILIKE 'f%' ORDER BY name;
SELECT name FROM sel_emp WHERE name LIKE 'F%' ORDER BY name;
SELECT 'a%c' LIKE 'a\%c' AS escaped, 'abc' LIKE 'a\%c' AS not_escaped, 'ABC' NOT ILIKE 'abc' AS not_ilike;

-- casts
SELECT '42'::int AS a, CAST('7' AS bigint) AS b, 3.7::int AS c, 2.5::int AS d, (-2.5)::int AS e;
SELECT 2.5::float8::int AS banker_even, 3.5::float8::int AS banker_odd;
SELECT 42::text AS t, 1.50::text AS n, true::text AS b, '2024-03-04'::date::text AS d;
SELECT id::float8 / 4 AS quarter FROM sel_emp WHERE id <= 2 ORDER BY id;
SELECT salary::int AS salary FROM sel_emp WHERE id = 2;

DROP TABLE sel_emp;
