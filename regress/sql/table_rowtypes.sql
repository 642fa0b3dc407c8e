-- Row types of tables and views: every table and view has a composite type of its name,
-- whose attributes are its columns (pg_class.reltype, pg_type.typrelid).
CREATE TABLE rowt (q1 int8, q2 text);
INSERT INTO rowt VALUES (1, 'one'), (2, 'two');
SELECT pg_typeof(r), r FROM rowt r ORDER BY q1;
SELECT pg_typeof(rowt), rowt FROM rowt ORDER BY rowt;
SELECT pg_typeof(s), s FROM (SELECT q1 FROM rowt) s ORDER BY 2;
SELECT pg_typeof(r), r FROM rowt r(a, b) WHERE a = 1;
SELECT ROW(3, 'three')::rowt, pg_typeof(ROW(3, 'three')::rowt), NULL::rowt IS NULL;
SELECT r = ROW(1, 'one')::rowt AS eq, r < ROW(2, 'a')::rowt AS lt FROM rowt r ORDER BY q1;
SELECT array_agg(r ORDER BY q1), pg_typeof(array_agg(r)) FROM rowt r;
SELECT (r).q2, (r).* FROM rowt r WHERE r = ROW(2, 'two')::rowt;
-- columns of a table's row type and its array type
CREATE TABLE rowt_use (k int, r rowt, rs rowt[]);
INSERT INTO rowt_use SELECT q1, t, ARRAY[t, NULL] FROM rowt t;
INSERT INTO rowt_use VALUES (3, ROW(3, 'three'), '{"(4,four)"}');
SELECT * FROM rowt_use ORDER BY r DESC;
SELECT k, (r).q2, (rs[1]).q2 FROM rowt_use ORDER BY k;
SELECT pg_typeof(r), pg_typeof(rs) FROM rowt_use LIMIT 1;
-- catalogs
SELECT t.typname, t.typtype, t.typcategory, t.typrelid = 'rowt'::regclass AS of_rowt, e.typname AS elem
  FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem
  WHERE t.typname IN ('rowt', '_rowt') ORDER BY 1;
SELECT c.relname, t.typname FROM pg_class c JOIN pg_type t ON t.oid = c.reltype
  WHERE c.relname IN ('rowt', 'rowt_use') ORDER BY 1;
SELECT format_type('rowt'::regtype, NULL), format_type('rowt[]'::regtype, NULL);
-- what a table's row type refuses
DROP TYPE rowt;
ALTER TYPE rowt RENAME TO rowt2;
DROP TABLE rowt;
ALTER TABLE rowt ADD COLUMN q3 float8 DEFAULT random();
CREATE TYPE rowt AS (a int);
CREATE TABLE rowt (a int);
-- renaming the table renames its type; changing columns changes the type
DROP TABLE rowt_use;
ALTER TABLE rowt RENAME TO rowt_renamed;
SELECT NULL::rowt_renamed, pg_typeof(r) FROM rowt_renamed r LIMIT 1;
SELECT NULL::rowt;
ALTER TABLE rowt_renamed ADD COLUMN q3 bool;
SELECT r FROM rowt_renamed r ORDER BY q1;
SELECT ROW(1, 'x', true)::rowt_renamed;
ALTER TABLE rowt_renamed DROP COLUMN q2;
SELECT r, ROW(5, false)::rowt_renamed FROM rowt_renamed r ORDER BY q1;
BEGIN;
ALTER TABLE rowt_renamed RENAME COLUMN q3 TO flag;
SELECT (r).flag FROM rowt_renamed r ORDER BY q1;
ROLLBACK;
SELECT (r).q3 FROM rowt_renamed r ORDER BY q1;
SELECT (r).flag FROM rowt_renamed r ORDER BY q1;
-- views have row types too
CREATE VIEW rowt_view AS SELECT q1, q1 * 2 AS doubled FROM rowt_renamed;
SELECT pg_typeof(v), v FROM rowt_view v ORDER BY q1;
SELECT ROW(1, 2)::rowt_view;
DROP VIEW rowt_view;
DROP TABLE rowt_renamed;
SELECT NULL::rowt_renamed;
SELECT count(*) FROM pg_type WHERE typname LIKE '%rowt%';
