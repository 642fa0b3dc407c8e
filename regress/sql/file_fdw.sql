--
-- file_fdw: foreign tables over CSV and text files, their catalog rows and psql's
-- descriptions. File paths are built from PG_ABS_SRCDIR and never printed.
--
\getenv abs_srcdir PG_ABS_SRCDIR
\set people :abs_srcdir '/data/fdw_people.csv'
\set items :abs_srcdir '/data/fdw_items.txt'
\set bad :abs_srcdir '/data/fdw_bad.csv'
\set short :abs_srcdir '/data/fdw_short.csv'
CREATE EXTENSION file_fdw;
CREATE SERVER fdw_files FOREIGN DATA WRAPPER file_fdw;
CREATE SERVER fdw_files FOREIGN DATA WRAPPER file_fdw;
CREATE SERVER IF NOT EXISTS fdw_files FOREIGN DATA WRAPPER file_fdw;
CREATE SERVER fdw_other FOREIGN DATA WRAPPER no_such_fdw;
CREATE SERVER fdw_other FOREIGN DATA WRAPPER file_fdw OPTIONS (filename 'x');
CREATE FOREIGN TABLE fdw_people (id int, name text, city text, score numeric, joined date)
  SERVER fdw_files OPTIONS (filename :'people', format 'csv', header 'true');
SELECT * FROM fdw_people;
SELECT count(*), sum(score), min(joined), max(city) FROM fdw_people;
SELECT name FROM fdw_people WHERE score > 80 ORDER BY id;
SELECT id FROM fdw_people WHERE name IS NULL;
SELECT id, city = '' AS empty_city FROM fdw_people ORDER BY id LIMIT 2;
CREATE FOREIGN TABLE fdw_items (id int, label text, weight float8)
  SERVER fdw_files OPTIONS (filename :'items');
SELECT * FROM fdw_items;
-- Joins with an ordinary table.
CREATE TABLE fdw_native (id int, tag text);
INSERT INTO fdw_native VALUES (1, 'first'), (3, 'third'), (10, 'item');
SELECT p.name, n.tag FROM fdw_people p JOIN fdw_native n USING (id) ORDER BY id;
SELECT n.tag, i.label FROM fdw_native n LEFT JOIN fdw_items i ON i.id = n.id ORDER BY n.id;
-- Options are checked when the table is created and altered.
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (format 'csv');
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (filename 'x', bogus 'y');
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (filename 'x', format 'json');
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (filename 'x', header 'maybe');
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (filename 'x', delimiter 'ab');
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (filename 'x', quote '"');
CREATE FOREIGN TABLE fdw_x (id int) SERVER fdw_files OPTIONS (filename 'x', filename 'y');
CREATE FOREIGN TABLE fdw_x (id int) SERVER no_such_server OPTIONS (filename 'x');
-- A relative name, so that the descriptions below print no path of this machine.
CREATE FOREIGN TABLE fdw_rel (a int, b text) SERVER fdw_files
  OPTIONS (filename 'no_such_file.csv', format 'csv', delimiter ';', null 'NA');
SELECT * FROM fdw_rel;
ALTER FOREIGN TABLE fdw_rel OPTIONS (ADD header 'true', SET delimiter '|', DROP null);
ALTER FOREIGN TABLE fdw_rel OPTIONS (ADD header 'false');
ALTER FOREIGN TABLE fdw_rel OPTIONS (DROP quote);
ALTER FOREIGN TABLE fdw_rel OPTIONS (DROP filename);
\det
\des
\dew
\d fdw_rel
SELECT c.relname, c.relkind, s.srvname, t.ftoptions
  FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid JOIN pg_foreign_server s ON s.oid = t.ftserver
  WHERE c.relname = 'fdw_rel';
SELECT srvname, srvtype, srvversion, srvacl, srvoptions FROM pg_foreign_server ORDER BY 1;
SELECT w.fdwname, w.fdwhandler::regproc, w.fdwvalidator::regproc, w.fdwoptions
  FROM pg_foreign_data_wrapper w;
SELECT foreign_table_schema, foreign_table_name, foreign_server_name
  FROM information_schema.foreign_tables ORDER BY 2;
SELECT table_name, table_type, is_insertable_into FROM information_schema.tables
  WHERE table_name LIKE 'fdw%' ORDER BY 1;
SELECT * FROM pg_options_to_table('{filename=x,format=csv}');
ALTER FOREIGN TABLE fdw_rel RENAME TO fdw_renamed;
\det
-- Foreign tables are read-only.
INSERT INTO fdw_people VALUES (5, 'Eve');
UPDATE fdw_people SET score = 0;
DELETE FROM fdw_people;
TRUNCATE fdw_people;
COPY fdw_people TO STDOUT;
COPY (SELECT id FROM fdw_people ORDER BY id) TO STDOUT;
-- Bad rows are reported as COPY FROM reports them.
CREATE FOREIGN TABLE fdw_bad (id int, qty int) SERVER fdw_files OPTIONS (filename :'bad', format 'csv', header 'true');
SELECT * FROM fdw_bad;
SELECT id FROM fdw_bad;
CREATE FOREIGN TABLE fdw_short (id int, qty int) SERVER fdw_files OPTIONS (filename :'short', format 'csv', header 'true');
SELECT * FROM fdw_short;
-- Dropping.
DROP TABLE fdw_people;
DROP FOREIGN TABLE fdw_native;
DROP FOREIGN TABLE no_such_table;
DROP FOREIGN TABLE IF EXISTS no_such_table;
DROP SERVER fdw_files;
DROP SERVER no_such_server;
DROP SERVER IF EXISTS no_such_server;
DROP FOREIGN TABLE fdw_people, fdw_items, fdw_renamed, fdw_bad, fdw_short;
DROP TABLE fdw_native;
DROP SERVER fdw_files;
\det
