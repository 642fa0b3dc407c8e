--
-- Column privileges: GRANT and REVOKE of SELECT, INSERT, UPDATE and REFERENCES on some
-- columns of a table, enforced per column, shown in pg_attribute.attacl,
-- information_schema.column_privileges, psql's \dp and has_column_privilege
--
CREATE ROLE regress_colpriv_reader;
CREATE ROLE regress_colpriv_writer;
CREATE SCHEMA colpriv;
GRANT USAGE ON SCHEMA colpriv TO regress_colpriv_reader, regress_colpriv_writer;
CREATE TABLE colpriv.t (id int, name text, secret text, n int);
INSERT INTO colpriv.t VALUES (1, 'one', 's1', 10), (2, 'two', 's2', 20);
GRANT SELECT (id, name) ON colpriv.t TO regress_colpriv_reader;
GRANT SELECT (id), INSERT (id, name), UPDATE (n), REFERENCES (id) ON colpriv.t TO regress_colpriv_writer;
GRANT UPDATE (name) ON colpriv.t TO regress_colpriv_writer WITH GRANT OPTION;
GRANT DELETE (id) ON colpriv.t TO regress_colpriv_reader;
GRANT SELECT (nosuch) ON colpriv.t TO regress_colpriv_reader;
GRANT SELECT (id) ON SEQUENCE colpriv.t TO regress_colpriv_reader;
\dp colpriv.t
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'colpriv.t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT grantor, grantee, table_name, column_name, privilege_type, is_grantable
  FROM information_schema.column_privileges WHERE table_schema = 'colpriv' ORDER BY grantee, column_name, privilege_type;
SELECT has_column_privilege('regress_colpriv_reader', 'colpriv.t', 'name', 'SELECT'),
       has_column_privilege('regress_colpriv_reader', 'colpriv.t', 'secret', 'SELECT'),
       has_column_privilege('regress_colpriv_reader', 'colpriv.t'::regclass, 'id', 'SELECT'),
       has_column_privilege('regress_colpriv_reader', 'colpriv.t', 2::int2, 'SELECT'),
       has_column_privilege('regress_colpriv_reader', 'colpriv.t'::regclass, 3::int2, 'SELECT'),
       has_column_privilege('regress_colpriv_writer', 'colpriv.t', 'name', 'UPDATE WITH GRANT OPTION'),
       has_column_privilege('regress_colpriv_writer', 'colpriv.t', 'n', 'UPDATE WITH GRANT OPTION'),
       has_column_privilege('regress_colpriv_writer', 'colpriv.t', 'id', 'INSERT, UPDATE');
SELECT has_column_privilege(r.oid, 'colpriv.t', 'n', 'UPDATE'), has_column_privilege(r.oid, 'colpriv.t', 4::int2, 'UPDATE'),
       has_column_privilege(r.oid, 'colpriv.t'::regclass, 'n', 'REFERENCES'), has_column_privilege(r.oid, 'colpriv.t'::regclass, 1::int2, 'REFERENCES')
  FROM pg_roles r WHERE rolname = 'regress_colpriv_writer';
SELECT has_column_privilege('colpriv.t', 'secret', 'SELECT'), has_column_privilege('colpriv.t', 3::int2, 'SELECT'),
       has_column_privilege('colpriv.t'::regclass, 'secret', 'SELECT'), has_column_privilege('colpriv.t'::regclass, 3::int2, 'SELECT');
SELECT has_column_privilege('colpriv.t', 'nosuch', 'SELECT');
SELECT has_column_privilege('colpriv.t', 99::int2, 'SELECT');
SELECT has_column_privilege('colpriv.t', 'id', 'DELETE');
SELECT has_any_column_privilege('regress_colpriv_reader', 'colpriv.t', 'SELECT'),
       has_any_column_privilege('regress_colpriv_reader', 'colpriv.t', 'UPDATE'),
       has_table_privilege('regress_colpriv_reader', 'colpriv.t', 'SELECT');

-- Enforcement: each column read or written needs its privilege, or the table's.
SET ROLE regress_colpriv_reader;
SELECT id, name FROM colpriv.t ORDER BY id;
SELECT name FROM colpriv.t WHERE id = 2;
SELECT count(*) FROM colpriv.t;
SELECT * FROM colpriv.t;
SELECT secret FROM colpriv.t;
SELECT id FROM colpriv.t WHERE secret = 's1';
SELECT id FROM colpriv.t ORDER BY n;
SELECT t FROM colpriv.t t;
SELECT x.id FROM (SELECT id FROM colpriv.t) x ORDER BY 1;
SELECT id FROM colpriv.t WHERE id IN (SELECT id FROM colpriv.t WHERE n > 0);
SELECT a.name FROM colpriv.t a JOIN colpriv.t b USING (id) ORDER BY 1;
SELECT a.name FROM colpriv.t a JOIN colpriv.t b USING (id) WHERE b.n > 0;
EXPLAIN (COSTS OFF) SELECT secret FROM colpriv.t;
UPDATE colpriv.t SET name = 'x';
RESET ROLE;
SET ROLE regress_colpriv_writer;
INSERT INTO colpriv.t (id, name) VALUES (3, 'three');
INSERT INTO colpriv.t (id, secret) VALUES (4, 'no');
INSERT INTO colpriv.t VALUES (5);
UPDATE colpriv.t SET n = n + 1 WHERE id = 3;
UPDATE colpriv.t SET n = 5 WHERE id = 3;
UPDATE colpriv.t SET name = 'tres', n = 7 WHERE id = 3;
UPDATE colpriv.t SET secret = 'x' WHERE id = 3;
UPDATE colpriv.t SET n = 8 WHERE id = 3 RETURNING id;
UPDATE colpriv.t SET n = 8 WHERE id = 3 RETURNING secret;
INSERT INTO colpriv.t (id) VALUES (6) RETURNING id;
DELETE FROM colpriv.t WHERE id = 3;
COPY colpriv.t (id) TO STDOUT;
COPY colpriv.t TO STDOUT;
RESET ROLE;
SELECT * FROM colpriv.t ORDER BY id;

-- A table-level REVOKE takes the column privileges of the same kind too.
REVOKE SELECT ON colpriv.t FROM regress_colpriv_writer;
REVOKE UPDATE (name) ON colpriv.t FROM regress_colpriv_writer;
REVOKE ALL (name) ON colpriv.t FROM regress_colpriv_reader;
\dp colpriv.t
GRANT ALL (secret) ON colpriv.t TO regress_colpriv_reader;
GRANT SELECT ON colpriv.t TO regress_colpriv_reader;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'colpriv.t'::regclass AND attnum > 0 ORDER BY attnum;
SET ROLE regress_colpriv_reader;
SELECT * FROM colpriv.t ORDER BY id;
RESET ROLE;

-- Columns keep their privileges through ALTER TABLE; dropping a role that holds some fails.
ALTER TABLE colpriv.t RENAME COLUMN name TO label;
ALTER TABLE colpriv.t ADD COLUMN extra int;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'colpriv.t'::regclass AND attnum > 0 ORDER BY attnum;
DROP ROLE regress_colpriv_writer;
REVOKE ALL ON colpriv.t FROM regress_colpriv_reader, regress_colpriv_writer;
\dp colpriv.t
DROP TABLE colpriv.t;
DROP SCHEMA colpriv;
DROP ROLE regress_colpriv_reader, regress_colpriv_writer;
