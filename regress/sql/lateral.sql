-- LATERAL subqueries in FROM: each reads the FROM items to its left.
CREATE TABLE lat_grp (g int, name text);
INSERT INTO lat_grp VALUES (1, 'one'), (2, 'two'), (3, 'three'), (NULL, 'none'), (1, 'uno');
CREATE TABLE lat_item (g int, v int, label text);
INSERT INTO lat_item VALUES (1, 10, 'a'), (1, 12, 'b'), (1, 11, 'c'), (1, 12, 'd'),
  (2, 20, 'e'), (2, 21, 'f'), (4, 40, 'g'), (NULL, 99, 'h');
-- top-N per group
SELECT p.g, p.name, x.v, x.label
  FROM lat_grp p CROSS JOIN LATERAL
       (SELECT v, label FROM lat_item i WHERE i.g = p.g ORDER BY v DESC, label LIMIT 2) x
  ORDER BY p.name, x.v DESC, x.label;
SELECT p.name, x.* FROM lat_grp p, LATERAL (SELECT v FROM lat_item WHERE g = p.g ORDER BY v LIMIT 1) x
  ORDER BY 1;
-- LEFT JOIN LATERAL pads rows without subquery rows
SELECT p.name, x.v FROM lat_grp p LEFT JOIN LATERAL
  (SELECT v FROM lat_item i WHERE i.g = p.g ORDER BY v LIMIT 2) x ON true
  ORDER BY p.name, x.v;
-- with a condition reading both sides
SELECT p.name, x.v FROM lat_grp p LEFT JOIN LATERAL
  (SELECT v FROM lat_item i WHERE i.g = p.g) x ON x.v > 10 + coalesce(p.g, 0)
  ORDER BY p.name, x.v;
SELECT p.name, x.v FROM lat_grp p JOIN LATERAL
  (SELECT v FROM lat_item i WHERE i.g = p.g) x ON x.v % 2 = 0
  ORDER BY p.name, x.v;
-- aggregates: one row per outer row, also without matches
SELECT p.name, x.n, x.total, x.top FROM lat_grp p,
  LATERAL (SELECT count(*) AS n, sum(v) AS total, max(label) AS top FROM lat_item i WHERE i.g = p.g) x
  ORDER BY p.name;
SELECT p.name, x.* FROM lat_grp p,
  LATERAL (SELECT g, count(*) FROM lat_item i WHERE i.g = p.g GROUP BY g) x
  ORDER BY p.name;
-- correlations other than equality run per distinct outer row
SELECT p.name, x.* FROM lat_grp p CROSS JOIN LATERAL
  (SELECT v, label FROM lat_item i WHERE i.g < p.g ORDER BY v DESC, label LIMIT 2) x
  ORDER BY 1, 2 DESC, 3;
SELECT p.name, x.* FROM lat_grp p LEFT JOIN LATERAL
  (SELECT count(*) AS n, min(label) AS first FROM lat_item i WHERE i.g = p.g OR i.v = p.g * 20) x ON x.n > 1
  ORDER BY 1;
SELECT p.name, x.* FROM lat_grp p LEFT JOIN LATERAL
  (SELECT v, label FROM lat_item i WHERE i.g = p.g ORDER BY v, label OFFSET 1 LIMIT 2) x ON true
  ORDER BY 1, 2, 3;
SELECT p.name, x.* FROM lat_grp p,
  LATERAL (SELECT DISTINCT v FROM lat_item i WHERE i.g = p.g) x
  ORDER BY 1, 2;
-- LATERAL VALUES and set-returning functions
SELECT p.name, v.z FROM lat_grp p, LATERAL (VALUES (p.g), (p.g * 10)) v(z) ORDER BY 1, 2;
SELECT p.name, x.s FROM lat_grp p, LATERAL (SELECT generate_series(1, p.g) AS s) x ORDER BY 1, 2;
SELECT p.name, x.* FROM lat_grp p,
  LATERAL (SELECT s, s * p.g AS m FROM generate_series(1, p.g) s) x ORDER BY 1, 2;
-- nested LATERAL, and a LATERAL item reading an earlier LATERAL item
SELECT p.name, x.v, y.w FROM lat_grp p,
  LATERAL (SELECT v FROM lat_item i WHERE i.g = p.g) x,
  LATERAL (SELECT x.v + p.g AS w) y
  ORDER BY 1, 2, 3;
SELECT p.name, x.* FROM lat_grp p,
  LATERAL (SELECT i.label, y.c FROM lat_item i,
             LATERAL (SELECT count(*) AS c FROM lat_item j WHERE j.g = i.g AND j.v <= i.v) y
           WHERE i.g = p.g) x
  ORDER BY 1, 2;
-- a LATERAL subquery reading the enclosing query's row
SELECT p.name, (SELECT max(x.v) FROM lat_item i, LATERAL (SELECT i.v + p.g AS v) x WHERE i.g = p.g) AS m
  FROM lat_grp p ORDER BY 1;
-- a LATERAL subquery reading nothing to its left is an ordinary join
SELECT p.name, x.one FROM lat_grp p, LATERAL (SELECT 1 AS one) x ORDER BY 1;
SELECT count(*) FROM lat_grp p LEFT JOIN LATERAL (SELECT v FROM lat_item WHERE v > 30) x ON true;
-- a LATERAL subquery over a join
SELECT a.name, b.label, x.d FROM lat_grp a JOIN lat_item b ON a.g = b.g
  CROSS JOIN LATERAL (SELECT b.v - a.g AS d) x
  ORDER BY 1, 2;
-- outer filters go below the lateral join; the subquery runs for the remaining rows
SELECT p.name, x.v FROM lat_grp p, LATERAL (SELECT v FROM lat_item i WHERE i.g = p.g) x
  WHERE p.name LIKE 'o%' AND x.v > 10 ORDER BY 1, 2;
-- UNION ALL in a LATERAL subquery
SELECT p.name, x.* FROM lat_grp p,
  LATERAL (SELECT v FROM lat_item i WHERE i.g = p.g UNION ALL SELECT p.g * 100) x
  ORDER BY 1, 2;
-- a LATERAL subquery inside a join of the FROM list reads the items before the join too
SELECT p.name, i.label, x.s FROM lat_grp p, lat_item i JOIN LATERAL (SELECT p.g + i.v AS s) x ON true
  WHERE p.g = 1 ORDER BY 1, 2;
SELECT p.name, i.label, x.z FROM lat_grp p, lat_item i LEFT JOIN LATERAL (SELECT p.g AS z) x ON i.g = x.z
  WHERE p.g IS NOT NULL ORDER BY 1, 2, 3;
SELECT p.name, i.label FROM lat_grp p, lat_item i JOIN LATERAL (VALUES (p.g)) x(z) ON i.g = x.z
  ORDER BY 1, 2;
-- a whole-row reference to a join alias, and a scalar subquery with a LATERAL item
SELECT * FROM (lat_grp a CROSS JOIN (VALUES (7)) b(w)) x, LATERAL (SELECT x) y(r) ORDER BY 2;
SELECT p.name, (SELECT r FROM (SELECT p.g AS q) x, LATERAL (SELECT q * 2 AS r) y) FROM lat_grp p ORDER BY 1;
-- references LATERAL does not allow
SELECT * FROM lat_grp p, (SELECT p.g) x;
SELECT * FROM lat_grp p, (SELECT name AS n) x;
SELECT * FROM lat_grp p CROSS JOIN (SELECT p.g) x;
SELECT * FROM lat_grp p LEFT JOIN (SELECT g AS h) x ON true;
SELECT * FROM lat_grp p RIGHT JOIN LATERAL (SELECT p.g) x ON true;
SELECT * FROM lat_grp p FULL JOIN LATERAL (SELECT p.g AS h) x ON true;
SELECT p.name, g FROM lat_grp p RIGHT JOIN LATERAL generate_series(0, p.g) g ON true;
SELECT p.name, g FROM lat_grp p FULL JOIN LATERAL generate_series(0, p.g) g ON true;
-- functions on the right of outer joins: LEFT reads the left side, RIGHT and FULL do not
SELECT p.name, g FROM lat_grp p LEFT JOIN LATERAL generate_series(1, p.g) g ON true ORDER BY 1, 2;
SELECT p.name, g FROM lat_grp p LEFT JOIN generate_series(1, p.g) g ON g > 1 ORDER BY 1, 2;
SELECT p.name, g FROM lat_grp p RIGHT JOIN generate_series(1, 2) g ON g = p.g ORDER BY 1, 2;
SELECT p.name, g FROM lat_grp p FULL JOIN generate_series(2, 4) g ON g = p.g ORDER BY 1, 2;
-- RIGHT and FULL joins with a LATERAL subquery that reads nothing to its left
SELECT p.name, x.h FROM lat_grp p RIGHT JOIN LATERAL (SELECT 2 AS h) x ON p.g = x.h ORDER BY 1;
-- a lateral join per row is cancellable: statement_timeout ends it
SET statement_timeout = '200ms';
SELECT count(*) FROM generate_series(1, 1000000) g, LATERAL (SELECT count(*) FROM generate_series(1, g)) x;
RESET statement_timeout;
-- views
CREATE VIEW lat_top AS
  SELECT p.name, x.v FROM lat_grp p,
    LATERAL (SELECT v FROM lat_item i WHERE i.g = p.g ORDER BY v DESC LIMIT 1) x;
SELECT * FROM lat_top ORDER BY 1;
SELECT pg_get_viewdef('lat_top'::regclass);
CREATE VIEW lat_left AS
  SELECT p.name, x.n FROM lat_grp p LEFT JOIN LATERAL (SELECT count(*) AS n FROM lat_item i WHERE i.g = p.g) x ON true;
SELECT * FROM lat_left ORDER BY 1;
SELECT pg_get_viewdef('lat_left'::regclass);
DROP VIEW lat_top, lat_left;
DROP TABLE lat_grp, lat_item;
