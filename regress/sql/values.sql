--
-- VALUES lists, subqueries in FROM, column aliases
--
VALUES (1, 'one'), (2, 'two'), (3, 'three');
VALUES (3), (1), (2) ORDER BY 1;
VALUES (3), (1), (2) ORDER BY column1 DESC LIMIT 2;
VALUES (1 + 1, 'a' || 'b', NULL);
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, val) ORDER BY id;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id) ORDER BY id;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v ORDER BY 1;
SELECT v.val, v.id * 10 AS tens FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, val) WHERE v.id > 1;
SELECT column1, column2 FROM (VALUES (true, 1.5)) AS v;

-- the column type is resolved over all rows
VALUES (1), (2.5);
VALUES (1), (NULL);
VALUES (NULL), ('x');
VALUES ('2024-01-01'::date), ('2024-01-02');
VALUES (1::int2), (100000);
VALUES (1), ('2');
VALUES (1, 'x'), ('y', 2);
VALUES (1, 2), (3);
VALUES (1), (true);

-- subqueries in FROM
SELECT * FROM (SELECT 1 AS a, 2 AS b) AS s;
SELECT s.a + s.b AS total FROM (SELECT 1 AS a, 2 AS b) AS s;
SELECT * FROM (SELECT * FROM (VALUES (1), (2), (3)) AS inner_v(x) WHERE x > 1) AS outer_v ORDER BY x;
SELECT y FROM (SELECT x * 2 AS y FROM (VALUES (1), (2), (3)) AS v(x)) AS s WHERE y > 2 ORDER BY y DESC;
SELECT count(*), sum(x) FROM (VALUES (1), (2), (3), (4)) AS v(x);
SELECT x, count(*) FROM (VALUES ('a'), ('b'), ('a')) AS v(x) GROUP BY x ORDER BY x;
SELECT * FROM (SELECT 1) AS s;
SELECT * FROM (SELECT 1 AS a, 2 AS a) AS s;
SELECT a FROM (SELECT 1 AS a, 2 AS a) AS s;
SELECT * FROM (VALUES (1)) AS v(a, b);

-- column aliases and output names
SELECT 1 AS "Mixed Case", 2 "no as", 3 AS lower_case, 4 AS "UPPER";
SELECT x AS y FROM (VALUES (1)) AS v(x);
SELECT v.x, x AS again FROM (VALUES (1)) AS v(x);
SELECT 'lit', 1.5, NULL, true, -1;
SELECT count(*) AS "count(*)", max(x) FROM (VALUES (1)) AS v(x);
SELECT CAST(x AS text), x::text, (x + 1)::text FROM (VALUES (1)) AS v(x);
SELECT s.* FROM (SELECT 1 AS a, 'b' AS b) AS s;

-- SELECT without FROM, and in INSERT and CREATE TABLE AS
SELECT 1 + 1 AS two, 'x' AS x;
CREATE TABLE val_t AS VALUES (1, 'a'), (2, 'b');
SELECT * FROM val_t ORDER BY column1;
INSERT INTO val_t VALUES (3, 'c'), (4, 'd');
INSERT INTO val_t (column2, column1) VALUES ('e', 5);
INSERT INTO val_t SELECT * FROM (VALUES (6, 'f')) AS v;
SELECT * FROM val_t ORDER BY column1;
DROP TABLE val_t;
