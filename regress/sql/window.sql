--
-- Window functions: ranking, offsets, frame values, aggregates over frames, named windows,
-- window functions over grouped rows, and the errors PostgreSQL reports
--
CREATE TABLE win_emp (id int, dept text, salary int, bonus float8, hired date, note text);
INSERT INTO win_emp VALUES
  (1, 'sales', 5000, 100.5, '2020-01-10', 'a'),
  (2, 'sales', 4200, NULL, '2021-03-01', 'b'),
  (3, 'sales', 5000, 300.25, '2019-07-15', NULL),
  (4, 'dev', 6000, 50.125, '2018-02-01', 'c'),
  (5, 'dev', 5200, 75.5, '2022-05-20', 'd'),
  (6, 'dev', NULL, 0.1, '2023-01-01', 'e'),
  (7, 'ops', 3900, 0.2, '2020-11-11', 'f'),
  (8, NULL, 4500, 0.3, '2021-08-08', 'g'),
  (9, NULL, NULL, NULL, NULL, NULL),
  (10, 'dev', 6000, 12.75, '2017-09-30', 'h');

-- ranking functions with ties and a NULL partition key
SELECT id, dept, salary,
       row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn,
       rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS rnk,
       dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS drnk
FROM win_emp ORDER BY dept, rn;
SELECT id, salary, percent_rank() OVER (ORDER BY salary), cume_dist() OVER (ORDER BY salary)
FROM win_emp ORDER BY id;
SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (PARTITION BY dept ORDER BY id) FROM win_emp ORDER BY id;
SELECT id, ntile(20) OVER (ORDER BY id) FROM win_emp ORDER BY id;
SELECT id, ntile(NULL) OVER (ORDER BY id) FROM win_emp ORDER BY id LIMIT 3;

-- output follows the window's order when there is no ORDER BY
SELECT id, row_number() OVER (ORDER BY id DESC) FROM win_emp;
SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY id) FROM win_emp;

-- NULLs in ORDER BY keys are peers; NULLS FIRST and DESC
SELECT id, salary, rank() OVER (ORDER BY salary NULLS FIRST), sum(salary) OVER (ORDER BY salary NULLS FIRST)
FROM win_emp ORDER BY id;
SELECT id, salary, row_number() OVER (ORDER BY salary DESC NULLS LAST, id) FROM win_emp ORDER BY id;

-- lag and lead
SELECT id, salary, lag(salary) OVER w, lead(salary) OVER w, lag(salary, 2) OVER w, lead(salary, 3, -1) OVER w
FROM win_emp WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, lag(note, 1, 'none') OVER (PARTITION BY dept ORDER BY id), lead(hired) OVER (PARTITION BY dept ORDER BY id)
FROM win_emp ORDER BY id;
SELECT id, lag(id, -1) OVER (ORDER BY id), lead(id, 0) OVER (ORDER BY id), lag(id, NULL) OVER (ORDER BY id)
FROM win_emp ORDER BY id;
SELECT id, lag(salary, 1, 0.5) OVER (ORDER BY id) FROM win_emp ORDER BY id;
SELECT id, lag(bonus, 1, 0) OVER (ORDER BY id) FROM win_emp ORDER BY id;

-- first_value, last_value, nth_value and the default frame (up to the last peer)
SELECT id, salary, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 2) OVER w
FROM win_emp WINDOW w AS (ORDER BY salary, id) ORDER BY id;
-- last_value over the default frame is the last peer
SELECT id, salary, last_value(salary) OVER (ORDER BY salary) FROM win_emp ORDER BY id;
SELECT id, first_value(note) OVER w, last_value(note) OVER w, nth_value(note, 3) OVER w
FROM win_emp WINDOW w AS (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
ORDER BY id;
SELECT id, last_value(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING),
       first_value(id) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING)
FROM win_emp ORDER BY id;

-- aggregates over the whole partition and over the default running frame
SELECT id, dept, salary, sum(salary) OVER (PARTITION BY dept), count(*) OVER (PARTITION BY dept),
       count(salary) OVER (PARTITION BY dept), avg(salary) OVER (PARTITION BY dept)
FROM win_emp ORDER BY id;
SELECT id, salary, sum(salary) OVER (ORDER BY salary), count(*) OVER (ORDER BY salary),
       max(salary) OVER (ORDER BY salary), min(note) OVER (ORDER BY salary)
FROM win_emp ORDER BY id;
SELECT id, sum(salary) OVER (), avg(bonus) OVER (), max(hired) OVER (), count(note) OVER () FROM win_emp ORDER BY id;
SELECT id, bonus, sum(bonus) OVER (ORDER BY id), avg(bonus) OVER (ORDER BY id) FROM win_emp ORDER BY id;
SELECT id, salary::numeric / 3 AS s3, sum(salary::numeric / 3) OVER (ORDER BY id) FROM win_emp ORDER BY id;
SELECT id, string_agg(note, ',') OVER (PARTITION BY dept ORDER BY id) FROM win_emp ORDER BY id;
SELECT id, bool_and(salary > 4000) OVER (ORDER BY id), bool_or(salary > 5500) OVER (ORDER BY id)
FROM win_emp ORDER BY id;
SELECT id, stddev_samp(salary) OVER (PARTITION BY dept), variance(bonus) OVER (ORDER BY id) FROM win_emp ORDER BY id;

-- ROWS frames with offsets
SELECT id, salary,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3,
       avg(salary) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS avg3,
       count(*) OVER (ORDER BY id ROWS 2 PRECEDING) AS c,
       max(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS mx
FROM win_emp ORDER BY id;
SELECT id, sum(bonus) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING),
       sum(id) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
       sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
       sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING)
FROM win_emp ORDER BY id;
SELECT id, sum(id) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)
FROM win_emp ORDER BY id;
SELECT id, count(*) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND 2 FOLLOWING) FROM win_emp ORDER BY id;

-- RANGE frames without offsets: CURRENT ROW includes the peers
SELECT id, salary, sum(id) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
       sum(id) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND CURRENT ROW),
       sum(id) OVER (ORDER BY salary RANGE UNBOUNDED PRECEDING)
FROM win_emp ORDER BY id;

-- GROUPS frames and EXCLUDE
SELECT id, salary, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
       count(*) OVER (ORDER BY salary GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING)
FROM win_emp ORDER BY id;
SELECT id, salary,
       sum(id) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) AS ex_cur,
       sum(id) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) AS ex_grp,
       sum(id) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) AS ex_ties,
       sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) AS no_others
FROM win_emp ORDER BY id;

-- named windows, references and overrides
SELECT id, sum(salary) OVER w, row_number() OVER (w ORDER BY id), count(*) OVER w
FROM win_emp WINDOW w AS (PARTITION BY dept) ORDER BY id;
SELECT id, sum(id) OVER w2 FROM win_emp
WINDOW w1 AS (PARTITION BY dept), w2 AS (w1 ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY id;
SELECT id, sum(id) OVER w FROM win_emp WINDOW w AS (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) ORDER BY id;

-- several windows with different orderings in one query
SELECT id, dept, salary,
       row_number() OVER (ORDER BY id DESC) AS by_id,
       rank() OVER (PARTITION BY dept ORDER BY salary) AS by_sal,
       sum(salary) OVER (ORDER BY hired NULLS FIRST) AS by_hired
FROM win_emp ORDER BY id;

-- window functions over grouped rows
SELECT dept, sum(salary) AS total, sum(sum(salary)) OVER () AS grand,
       rank() OVER (ORDER BY sum(salary) DESC NULLS LAST) AS pos,
       count(*) * 100 / sum(count(*)) OVER () AS pct
FROM win_emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*), lag(count(*)) OVER (ORDER BY dept) FROM win_emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept;

-- window results in expressions, ORDER BY, DISTINCT, subqueries and LIMIT
SELECT id, salary - avg(salary) OVER (PARTITION BY dept) AS diff FROM win_emp ORDER BY id;
SELECT id FROM win_emp ORDER BY row_number() OVER (ORDER BY salary DESC NULLS LAST, id) LIMIT 4;
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM win_emp ORDER BY 1;
SELECT * FROM (SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM win_emp) s
WHERE r = 1 ORDER BY id;
SELECT id, row_number() OVER (ORDER BY id) FROM win_emp ORDER BY id DESC LIMIT 3 OFFSET 2;

-- empty input and constant partitions
SELECT row_number() OVER (), sum(salary) OVER (), lag(id) OVER (ORDER BY id) FROM win_emp WHERE false;
SELECT id, rank() OVER (PARTITION BY 1 ORDER BY 1) FROM win_emp WHERE id < 4 ORDER BY id;
SELECT x, row_number() OVER (ORDER BY x), sum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)
FROM generate_series(1, 5) AS x ORDER BY x;

-- errors
SELECT id FROM win_emp WHERE row_number() OVER () > 1;
SELECT dept FROM win_emp GROUP BY dept HAVING rank() OVER () > 1;
SELECT count(*) FROM win_emp GROUP BY row_number() OVER ();
SELECT sum(row_number() OVER ()) FROM win_emp;
SELECT lag(row_number() OVER ()) OVER () FROM win_emp;
SELECT sum(id) OVER (ORDER BY row_number() OVER ()) FROM win_emp;
SELECT row_number() FROM win_emp;
SELECT abs(id) OVER () FROM win_emp;
SELECT sum(DISTINCT id) OVER () FROM win_emp;
SELECT rank() FILTER (WHERE id > 1) OVER () FROM win_emp;
SELECT sum(id) OVER nope FROM win_emp;
SELECT sum(id) OVER (w ORDER BY id) FROM win_emp WINDOW w AS (ORDER BY dept);
SELECT sum(id) OVER (w PARTITION BY id) FROM win_emp WINDOW w AS (PARTITION BY dept);
SELECT sum(id) OVER (w) FROM win_emp WINDOW w AS (ROWS 1 PRECEDING);
SELECT 1 FROM win_emp WINDOW w AS (), w AS ();
SELECT sum(id) OVER (GROUPS 1 PRECEDING) FROM win_emp;
SELECT sum(id) OVER (ORDER BY id ROWS -1 PRECEDING) FROM win_emp;
SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND NULL FOLLOWING) FROM win_emp;
SELECT ntile(0) OVER () FROM win_emp;
SELECT nth_value(id, 0) OVER () FROM win_emp;
SELECT salary, sum(salary) OVER () FROM win_emp GROUP BY dept;
SELECT 1 FROM win_emp a JOIN win_emp b ON row_number() OVER () = 1;

DROP TABLE win_emp;
