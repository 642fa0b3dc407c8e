-- Join reordering and outer-join reduction must not change answers: inner joins written
-- in any order, cross joins, predicates over three tables, and outer joins whose NULL rows
-- a WHERE clause rejects (or does not).
CREATE TABLE jr_a (id int, b_id int, x text);
CREATE TABLE jr_b (id int, c_id int, y int);
CREATE TABLE jr_c (id int, z text);
INSERT INTO jr_a SELECT g, g % 7, 'a' || g FROM generate_series(1, 60) g;
INSERT INTO jr_a VALUES (61, NULL, 'null b');
INSERT INTO jr_b SELECT g, g % 3, g * 10 FROM generate_series(0, 9) g;
INSERT INTO jr_c VALUES (0, 'zero'), (1, 'one'), (2, NULL);
ANALYZE jr_a;
ANALYZE;
SELECT count(*), sum(a.id), min(c.z) FROM jr_c c, jr_a a, jr_b b WHERE a.b_id = b.id AND b.c_id = c.id;
SELECT a.id, b.y, c.z FROM jr_a a JOIN jr_b b ON a.b_id = b.id JOIN jr_c c ON c.id = b.c_id
 WHERE a.id < 12 AND (c.z = 'one' OR a.x = 'a7') ORDER BY 1, 2;
SELECT count(*) FROM jr_a a, jr_b b, jr_c c WHERE a.b_id = b.id AND a.id + b.y + c.id = 53;
SELECT count(*) FROM jr_a a, jr_c c WHERE a.id < 5;
-- The WHERE clause rejects b's NULLs: an inner join.
SELECT a.id, b.y FROM jr_a a LEFT JOIN jr_b b ON a.b_id = b.id WHERE b.y > 40 ORDER BY 1;
-- IS NULL and COALESCE keep them: still outer joins.
SELECT a.id FROM jr_a a LEFT JOIN jr_b b ON a.b_id = b.id WHERE b.y IS NULL ORDER BY 1;
SELECT count(*) FROM jr_a a LEFT JOIN jr_b b ON a.b_id = b.id WHERE coalesce(b.y, 0) = 0;
SELECT count(*) FROM jr_a a LEFT JOIN jr_b b ON a.b_id = b.id WHERE b.y > 40 OR a.id = 61;
SELECT count(*) FROM jr_a a LEFT JOIN jr_b b ON a.b_id = b.id WHERE b.y > 40 OR b.y < 20;
-- Full joins become one-sided or inner.
SELECT a.id, c.id FROM jr_a a FULL JOIN jr_c c ON a.b_id = c.id WHERE c.z = 'one' ORDER BY 1;
SELECT count(*), count(a.id), count(c.id) FROM jr_a a FULL JOIN jr_c c ON a.id = c.id + 59 WHERE a.x IS NOT NULL;
SELECT count(*) FROM jr_a a FULL JOIN jr_c c ON a.id = c.id WHERE a.id > 0 AND c.id >= 0;
-- Outer joins inside a region of inner joins.
SELECT count(*) FROM jr_c c JOIN jr_b b ON b.c_id = c.id LEFT JOIN jr_a a ON a.b_id = b.id AND a.id > 50;
-- A correlated scalar subquery whose comparison rejects the empty groups.
SELECT a.id FROM jr_a a WHERE a.id > (SELECT max(b.y) FROM jr_b b WHERE b.id = a.b_id) ORDER BY 1;
SELECT a.id FROM jr_a a WHERE 3 > (SELECT count(*) FROM jr_b b WHERE b.id = a.b_id AND b.y > 80) ORDER BY 1 LIMIT 5;
-- Uncorrelated IN subqueries become semi joins, pushed onto the joined table they test.
SELECT count(*) FROM jr_a a JOIN jr_b b ON a.b_id = b.id WHERE a.b_id IN (SELECT c.id FROM jr_c c WHERE c.z IS NOT NULL);
SELECT a.id FROM jr_a a WHERE a.b_id IN (SELECT b.c_id FROM jr_b b UNION ALL SELECT NULL::int) AND a.id < 10 ORDER BY 1;
SELECT a.id FROM jr_a a WHERE a.b_id NOT IN (SELECT b.c_id FROM jr_b b WHERE b.c_id IS NOT NULL) AND a.id < 10 ORDER BY 1;
SELECT count(*) FROM jr_a a WHERE a.b_id IN (SELECT b.id FROM jr_b b WHERE b.y > 50) OR a.id = 1;
-- An aggregate joined on its group key is computed only for the groups that can match.
SELECT b.id, s.total FROM jr_b b JOIN (SELECT b_id, sum(id) AS total FROM jr_a GROUP BY b_id) s ON s.b_id = b.id
 WHERE b.y BETWEEN 20 AND 40 ORDER BY 1;
SELECT a.id FROM jr_a a WHERE a.id > 55 AND a.id > (SELECT avg(a2.id) FROM jr_a a2 WHERE a2.b_id = a.b_id) ORDER BY 1;
-- A condition on no column of the joined tables (a stable call, or only the outer row of
-- a correlated subquery) still filters the join's rows.
SELECT count(*) FROM jr_a a JOIN jr_b b ON a.b_id = b.id WHERE now() < '2000-01-01';
SELECT c.id, (SELECT count(*) FROM jr_a a JOIN jr_b b ON a.b_id = b.id WHERE c.id > 0) AS n FROM jr_c c ORDER BY 1;
SELECT c.id, EXISTS (SELECT 1 FROM jr_a a, jr_b b WHERE a.b_id = b.id AND c.id > 1) AS e FROM jr_c c ORDER BY 1;
DROP TABLE jr_a, jr_b, jr_c;
