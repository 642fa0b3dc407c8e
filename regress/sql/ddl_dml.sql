--
-- DDL and DML: CREATE TABLE [AS], DROP TABLE, INSERT, and the errors of each
--

-- the acceptance statements
CREATE TABLE t AS SELECT * FROM (VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e')) AS v(id, val);
SELECT * FROM t WHERE id > 3;
CREATE TABLE df (x int, y text);
INSERT INTO df VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d');
SELECT * FROM df WHERE x > 3;

-- CREATE TABLE
CREATE TABLE dd_items (id int, name text, price numeric(6,2), added date);
CREATE TABLE dd_items (id int);
CREATE TABLE IF NOT EXISTS dd_items (id int);
CREATE TABLE dd_bad (id int, id text);
CREATE TABLE dd_bad (id nosuchtype);
SELECT * FROM dd_items;

-- INSERT: values, column lists, defaults to NULL, implicit casts
INSERT INTO dd_items VALUES (1, 'pen', 1.50, '2024-01-01');
INSERT INTO dd_items (id, name) VALUES (2, 'ink');
INSERT INTO dd_items (name, id) VALUES ('pad', 3), ('cap', 4);
INSERT INTO dd_items (id, price, added) VALUES ('5', '2.345', '2024-02-02');
INSERT INTO dd_items (id, price) VALUES (6.6, 3);
SELECT * FROM dd_items ORDER BY id;

-- INSERT ... SELECT
CREATE TABLE dd_copy (id int, name text);
INSERT INTO dd_copy SELECT id, name FROM dd_items WHERE id <= 3;
INSERT INTO dd_copy (name, id) SELECT name || '!', id + 100 FROM dd_items WHERE price IS NOT NULL;
SELECT * FROM dd_copy ORDER BY id;

-- CREATE TABLE AS
CREATE TABLE dd_summary AS SELECT count(*) AS n, sum(price) AS total FROM dd_items;
SELECT * FROM dd_summary;
CREATE TABLE dd_named (a, b) AS SELECT id, name FROM dd_items WHERE id < 3;
SELECT * FROM dd_named ORDER BY a;
CREATE TABLE dd_empty AS SELECT * FROM dd_items WHERE false;
SELECT count(*) FROM dd_empty;
INSERT INTO dd_empty SELECT * FROM dd_items;
SELECT count(*) FROM dd_empty;
CREATE TABLE dd_summary AS SELECT 1 AS x;

-- INSERT errors
INSERT INTO dd_items VALUES (1, 'x', 1, '2024-01-01', 'extra');
INSERT INTO dd_items (id, name) VALUES (1);
INSERT INTO dd_items (id, no_such_column) VALUES (1, 2);
INSERT INTO dd_items (id, id) VALUES (1, 2);
INSERT INTO dd_items (id) VALUES ('seven');
INSERT INTO dd_items (price) VALUES (12345.678);
INSERT INTO nope VALUES (1);
SELECT count(*) FROM dd_items;

-- unknown tables and columns
SELECT * FROM nope;
SELECT no_such_column FROM dd_items;
SELECT dd_items.no_such_column FROM dd_items;
SELECT x.id FROM dd_items;
SELECT id FROM dd_items WHERE no_such_column > 1;
SELECT id FROM dd_items ORDER BY no_such_column;

-- syntax errors
SELEC 1;
SELECT 1 +;
SELECT * FROM dd_items WHERE;
SELECT 1 2;
SELECT * FROM dd_items WHERE id = 1 ORDER;
CREATE TABLE (id int);

-- runtime errors
SELECT 1 / 0;
SELECT 1.0 / 0;
SELECT 5 % 0;
SELECT id / (id - 1) FROM dd_items ORDER BY id;
SELECT 'abc'::int;
SELECT '1.5'::int;
SELECT 'yes please'::boolean;
SELECT id + 'x' FROM dd_items;

-- operator and function errors
SELECT 'a' + 1;
SELECT 1 + true;
SELECT nosuchfunction(1);
SELECT length(1, 2);

-- DROP TABLE
DROP TABLE dd_items;
SELECT * FROM dd_items;
DROP TABLE dd_items;
DROP TABLE IF EXISTS dd_items;
DROP TABLE IF EXISTS dd_copy, dd_summary, dd_named, dd_empty;
DROP TABLE t;
DROP TABLE df;
