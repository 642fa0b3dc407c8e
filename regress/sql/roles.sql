-- Roles and privileges: CREATE/ALTER/DROP ROLE, membership, GRANT/REVOKE on tables,
-- sequences and schemas, their enforcement, and psql's \du and \dp.
CREATE ROLE regress_r1;
CREATE ROLE regress_r2 LOGIN CREATEDB CONNECTION LIMIT 5;
CREATE USER regress_u1 IN ROLE regress_r1;
CREATE ROLE regress_admin CREATEROLE NOINHERIT;
CREATE ROLE regress_r1;
CREATE ROLE pg_mine;
CREATE ROLE regress_su SUPERUSER NOLOGIN;
GRANT regress_r2 TO regress_u1 WITH ADMIN OPTION;
GRANT regress_r2 TO regress_u1;
GRANT regress_u1 TO regress_r2;
\du regress_*
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolconnlimit, rolpassword
  FROM pg_roles WHERE rolname LIKE 'regress_%' ORDER BY rolname;
SELECT r.rolname AS role, m.rolname AS member, admin_option
  FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
  WHERE m.rolname LIKE 'regress_%' ORDER BY 1, 2;
SELECT usename, usecreatedb, usesuper FROM pg_user WHERE usename LIKE 'regress_%' ORDER BY 1;
ALTER ROLE regress_r2 NOLOGIN NOCREATEDB;
ALTER ROLE regress_r1 RENAME TO regress_r1b;
ALTER ROLE regress_nobody LOGIN;
\du regress_r*
SELECT pg_has_role('regress_u1', 'regress_r1b', 'MEMBER'), pg_has_role('regress_u1', 'regress_r2', 'USAGE'),
       pg_has_role('regress_r2', 'regress_r1b', 'MEMBER');

-- Privileges on relations and schemas.
CREATE SCHEMA regress_priv;
CREATE TABLE regress_priv.t (a int, b text);
INSERT INTO regress_priv.t VALUES (1, 'one');
CREATE SEQUENCE regress_priv.s;
CREATE VIEW regress_priv.v AS SELECT a FROM regress_priv.t;
\dp regress_priv.*
GRANT SELECT ON regress_priv.t TO regress_u1;
GRANT INSERT, UPDATE ON regress_priv.t TO regress_r1b WITH GRANT OPTION;
GRANT SELECT ON regress_priv.v TO PUBLIC;
GRANT USAGE ON SEQUENCE regress_priv.s TO regress_u1;
GRANT ALL ON regress_priv.s TO regress_r2;
GRANT USAGE ON SCHEMA regress_priv TO regress_u1;
GRANT EXECUTE ON TABLE regress_priv.t TO regress_u1;
GRANT SELECT ON regress_priv.nosuch TO regress_u1;
GRANT SELECT ON regress_priv.t TO regress_nobody;
\dp regress_priv.*
SELECT nspname, nspacl FROM pg_namespace WHERE nspname = 'regress_priv';
SELECT has_table_privilege('regress_u1', 'regress_priv.t', 'SELECT'),
       has_table_privilege('regress_u1', 'regress_priv.t', 'INSERT'),
       has_table_privilege('regress_u1', 'regress_priv.t', 'select, insert'),
       has_table_privilege('regress_r1b', 'regress_priv.t', 'UPDATE WITH GRANT OPTION'),
       has_sequence_privilege('regress_u1', 'regress_priv.s', 'USAGE'),
       has_schema_privilege('regress_u1', 'regress_priv', 'USAGE'),
       has_schema_privilege('regress_r2', 'regress_priv', 'USAGE');
SELECT has_table_privilege('regress_u1', 'regress_priv.t', 'FLY');

-- Enforcement: regress_u1 reads t and, through regress_r1b, inserts; nothing else.
SET ROLE regress_u1;
SELECT current_user;
SELECT * FROM regress_priv.t;
INSERT INTO regress_priv.t VALUES (2, 'two');
UPDATE regress_priv.t SET b = 'uno' WHERE a = 1;
DELETE FROM regress_priv.t;
TRUNCATE regress_priv.t;
SELECT * FROM regress_priv.v;
SELECT nextval('regress_priv.s');
SELECT setval('regress_priv.s', 10);
COPY regress_priv.t FROM '/etc/passwd';
COPY regress_priv.t TO '/tmp/regress_priv_t';
COPY regress_priv.t TO STDOUT;
CREATE TABLE regress_priv.u (a int);
CREATE TABLE public.u (a int);
DROP TABLE regress_priv.t;
ALTER TABLE regress_priv.t ADD COLUMN c int;
GRANT SELECT ON regress_priv.t TO regress_r2;
CREATE ROLE regress_r3;
SELECT * FROM pg_authid;
SET ROLE regress_r2;
RESET ROLE;
SET ROLE regress_nobody;
SELECT * FROM regress_priv.t ORDER BY a;

REVOKE SELECT ON regress_priv.t FROM regress_u1;
REVOKE GRANT OPTION FOR UPDATE ON regress_priv.t FROM regress_r1b;
REVOKE ALL ON regress_priv.s FROM regress_r2;
\dp regress_priv.*
SET ROLE regress_u1;
SELECT * FROM regress_priv.t;
RESET ROLE;

-- Dropping roles that own or hold privileges fails until those are gone.
DROP ROLE regress_u1;
REVOKE ALL ON regress_priv.s FROM regress_u1;
REVOKE ALL ON SCHEMA regress_priv FROM regress_u1;
DROP ROLE regress_u1;
DROP ROLE regress_nobody;
DROP ROLE IF EXISTS regress_nobody;
DROP ROLE pg_monitor;
-- CREATE OR REPLACE VIEW keeps the view's privileges and comment.
COMMENT ON VIEW regress_priv.v IS 'the view';
CREATE OR REPLACE VIEW regress_priv.v AS SELECT a, b FROM regress_priv.t;
\dp regress_priv.v
SELECT obj_description('regress_priv.v'::regclass, 'pg_class');
-- ALTER ... OWNER TO moves the owner's privileges.
ALTER TABLE regress_priv.t OWNER TO regress_r1b;
\dp regress_priv.t
DROP ROLE regress_r1b;
ALTER TABLE regress_priv.t OWNER TO postgres;
DROP VIEW regress_priv.v;
DROP TABLE regress_priv.t;
DROP SEQUENCE regress_priv.s;
DROP SCHEMA regress_priv;
DROP ROLE regress_r1b, regress_r2, regress_admin, regress_su;
\du regress_*
