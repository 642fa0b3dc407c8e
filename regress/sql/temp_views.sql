-- Temporary views: CREATE TEMP VIEW, and views of temporary tables, which PostgreSQL makes
-- temporary themselves; both read and join like any view, also from UPDATE ... FROM.
CREATE TEMP TABLE tv_foo (f1 serial, f2 text, f3 int DEFAULT 42);
INSERT INTO tv_foo (f2) VALUES ('a'), ('b'), ('c');
CREATE TEMP VIEW tv_v AS SELECT f1, f2 FROM tv_foo;
SELECT * FROM tv_v ORDER BY f1;
CREATE VIEW tv_auto AS SELECT f1 * 10 AS f10 FROM tv_foo WHERE f1 > 1;
SELECT * FROM tv_auto ORDER BY 1;
SELECT pg_table_is_visible('tv_auto'::regclass), 'tv_auto'::regclass;
CREATE TEMP VIEW tv_off AS SELECT * FROM tv_foo OFFSET 0;
UPDATE tv_foo SET f2 = tv_off.f2 || '!' FROM tv_off WHERE tv_off.f1 = tv_foo.f1 AND tv_foo.f1 < 3
  RETURNING tv_off;
CREATE TABLE tv_perm (a int);
INSERT INTO tv_perm VALUES (1), (2);
CREATE TEMP VIEW tv_pv AS SELECT a + 1 AS b FROM tv_perm;
SELECT * FROM tv_pv ORDER BY b;
CREATE OR REPLACE TEMP VIEW tv_pv AS SELECT a + 2 AS b FROM tv_perm;
SELECT * FROM tv_pv ORDER BY b;
CREATE TEMP VIEW tv_join AS SELECT tv_foo.*, a FROM tv_foo JOIN tv_perm ON f1 = a;
SELECT * FROM tv_join ORDER BY f1;
DROP VIEW tv_join, tv_pv, tv_off, tv_auto, tv_v;
DROP TABLE tv_perm, tv_foo;
