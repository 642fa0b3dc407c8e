--
-- Joins: inner, left, right, full, cross, USING, ON with extra conditions, self joins,
-- subqueries in FROM
--
CREATE TABLE j_dept (id int, name text, floor int);
CREATE TABLE j_emp (id int, name text, dept_id int, boss_id int, salary int);
INSERT INTO j_dept VALUES (1, 'eng', 3), (2, 'sales', 1), (3, 'ops', 2), (4, 'legal', NULL);
INSERT INTO j_emp VALUES
  (10, 'alice', 1, NULL, 200),
  (11, 'bob', 1, 10, 150),
  (12, 'carol', 2, 10, 120),
  (13, 'dave', 2, 12, 100),
  (14, 'erin', NULL, 10, 90),
  (15, 'frank', 9, 12, 80);

-- inner joins
SELECT e.name, d.name AS dept FROM j_emp e JOIN j_dept d ON e.dept_id = d.id ORDER BY e.name;
SELECT e.name, d.name AS dept FROM j_emp e INNER JOIN j_dept d ON d.id = e.dept_id WHERE d.floor > 1 ORDER BY e.name;
SELECT e.name, d.name AS dept FROM j_emp e, j_dept d WHERE e.dept_id = d.id AND e.salary > 100 ORDER BY e.name;
SELECT count(*) FROM j_emp e JOIN j_dept d ON e.dept_id = d.id;

-- outer joins
SELECT e.name, d.name AS dept FROM j_emp e LEFT JOIN j_dept d ON e.dept_id = d.id ORDER BY e.name;
SELECT e.name, d.name AS dept FROM j_emp e RIGHT JOIN j_dept d ON e.dept_id = d.id ORDER BY d.name, e.name;
SELECT e.name, d.name AS dept FROM j_emp e FULL JOIN j_dept d ON e.dept_id = d.id ORDER BY d.name NULLS FIRST, e.name NULLS FIRST;
SELECT d.name FROM j_dept d LEFT JOIN j_emp e ON e.dept_id = d.id WHERE e.id IS NULL ORDER BY d.name;
SELECT d.name, count(e.id) AS staff FROM j_dept d LEFT OUTER JOIN j_emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name;

-- extra conditions in ON keep outer rows; the same condition in WHERE removes them
SELECT d.name, e.name AS emp FROM j_dept d LEFT JOIN j_emp e ON e.dept_id = d.id AND e.salary > 110 ORDER BY d.name, e.name;
SELECT d.name, e.name AS emp FROM j_dept d LEFT JOIN j_emp e ON e.dept_id = d.id WHERE e.salary > 110 ORDER BY d.name, e.name;
SELECT d.name, e.name AS emp FROM j_dept d JOIN j_emp e ON e.dept_id = d.id AND d.floor = 1 ORDER BY e.name;

-- cross joins
SELECT d.name, f.n FROM j_dept d CROSS JOIN (VALUES (1), (2)) AS f(n) ORDER BY d.name, f.n;
SELECT count(*) FROM j_emp, j_dept;

-- USING and NATURAL merge the join columns
CREATE TABLE j_a (k int, a text);
CREATE TABLE j_b (k int, b text);
INSERT INTO j_a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'anull');
INSERT INTO j_b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'bnull');
SELECT * FROM j_a JOIN j_b USING (k) ORDER BY k;
SELECT * FROM j_a LEFT JOIN j_b USING (k) ORDER BY a;
SELECT * FROM j_a FULL JOIN j_b USING (k) ORDER BY k, a, b;
SELECT k, a, b FROM j_a NATURAL JOIN j_b;
SELECT * FROM j_a JOIN j_b ON j_a.k = j_b.k;

-- non-equi and multi-column conditions
SELECT x.n AS small, y.n AS big FROM (VALUES (1), (2), (3)) AS x(n) JOIN (VALUES (1), (2), (3)) AS y(n) ON x.n < y.n ORDER BY 1, 2;
SELECT l.a, r.c FROM (VALUES (1, 1), (1, 2), (2, 1)) AS l(a, b) JOIN (VALUES (1, 2, 'x'), (2, 1, 'y'), (2, 2, 'z')) AS r(a, b, c) ON l.a = r.a AND l.b = r.b ORDER BY l.a;

-- self joins
SELECT e.name, b.name AS boss FROM j_emp e JOIN j_emp b ON e.boss_id = b.id ORDER BY e.name;
SELECT e.name, b.name AS boss FROM j_emp e LEFT JOIN j_emp b ON e.boss_id = b.id ORDER BY e.name;
SELECT b.name, count(*) AS reports FROM j_emp e JOIN j_emp b ON e.boss_id = b.id GROUP BY b.name ORDER BY b.name;

-- three tables
SELECT e.name, b.name AS boss, d.name AS boss_dept
FROM j_emp e JOIN j_emp b ON e.boss_id = b.id JOIN j_dept d ON b.dept_id = d.id
ORDER BY e.name;

-- subqueries in FROM
SELECT d.name, s.total FROM j_dept d
JOIN (SELECT dept_id, sum(salary) AS total FROM j_emp GROUP BY dept_id) AS s ON s.dept_id = d.id
ORDER BY d.name;
SELECT t.name FROM (SELECT name, salary FROM j_emp WHERE salary >= 100) AS t ORDER BY t.salary DESC LIMIT 2;
SELECT * FROM (SELECT e.name, d.floor FROM j_emp e JOIN j_dept d ON e.dept_id = d.id) AS ed WHERE ed.floor = 3 ORDER BY name;

-- errors
SELECT id FROM j_emp JOIN j_dept ON j_emp.dept_id = j_dept.id;
SELECT * FROM j_emp JOIN j_dept ON j_emp.no_such_column = j_dept.id;
SELECT * FROM j_a JOIN j_b USING (nope);
SELECT * FROM j_emp e JOIN j_dept e ON true;

DROP TABLE j_dept;
DROP TABLE j_emp;
DROP TABLE j_a;
DROP TABLE j_b;
