-- Errors for references PostgreSQL rejects: a table named by its real name where an alias
-- hides it, and count() without the star.
CREATE TABLE refer_t (a int, b text);
INSERT INTO refer_t VALUES (1, 'x'), (30, 'y');
DELETE FROM refer_t rt WHERE refer_t.a > 25;
SELECT refer_t.a FROM refer_t rt;
UPDATE refer_t AS u SET b = 'z' WHERE refer_t.a = 1;
SELECT rt.a, refer_t.b FROM refer_t rt JOIN refer_t r2 USING (a);
SELECT nosuch.a FROM refer_t rt;
-- the alias works
DELETE FROM refer_t rt WHERE rt.a > 25;
SELECT rt.a, rt.b FROM refer_t rt;
-- count() is count(*)'s entry, but only the star calls it
SELECT count() FROM refer_t;
SELECT count() OVER () FROM refer_t;
SELECT pg_catalog.count() FROM refer_t;
SELECT count(*), count(*) OVER () FROM refer_t;
SELECT sum() FROM refer_t;
DROP TABLE refer_t;
