--
-- Databases: CREATE, ALTER, DROP DATABASE, their errors, pg_database and psql's \l
--
-- mask column: Size
CREATE DATABASE regress_db_one;
CREATE DATABASE regress_db_two TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' CONNECTION LIMIT 5 IS_TEMPLATE true;
\l
SELECT datname, pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS encoding,
       datistemplate, datallowconn, datconnlimit, datcollate, datctype, datacl
  FROM pg_database WHERE datname LIKE 'regress_db%' ORDER BY datname;
CREATE DATABASE regress_db_one;
CREATE DATABASE regress_db_x TEMPLATE regress_nosuch;
CREATE DATABASE regress_db_x WITH OWNER regress_nosuch;
CREATE DATABASE regress_db_x CONNECTION LIMIT -2;
CREATE DATABASE regress_db_x TEMPLATE template0 TEMPLATE template0;
DROP DATABASE regress_db_two;
DROP DATABASE regression;
DROP DATABASE regress_nosuch;
DROP DATABASE IF EXISTS regress_nosuch;
\c regress_db_one
SELECT current_database();
CREATE TABLE regress_db_t (x int);
\c regression
SELECT count(*) FROM pg_class WHERE relname = 'regress_db_t';
BEGIN;
CREATE DATABASE regress_db_x;
ROLLBACK;
BEGIN;
DROP DATABASE regress_db_one;
ROLLBACK;
ALTER DATABASE regress_db_two IS_TEMPLATE false;
ALTER DATABASE regress_db_two RENAME TO regress_db_three;
ALTER DATABASE regress_db_three RENAME TO regress_db_one;
ALTER DATABASE regression RENAME TO regress_db_x;
ALTER DATABASE regress_db_three ALLOW_CONNECTIONS false CONNECTION LIMIT 2;
COMMENT ON DATABASE regress_db_three IS 'the third';
SELECT datname, datallowconn, datconnlimit, shobj_description(oid, 'pg_database') AS description
  FROM pg_database WHERE datname LIKE 'regress_db%' ORDER BY datname;
COMMENT ON DATABASE regress_db_three IS NULL;
SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'regress_db_three';
SELECT pg_database_size('regress_db_one') >= 0 AS sized, pg_database_size(0) IS NULL AS missing_oid;
SELECT pg_database_size('regress_nosuch');
CREATE ROLE regress_db_owner CREATEDB;
CREATE ROLE regress_db_other;
ALTER DATABASE regress_db_one OWNER TO regress_db_owner;
SET ROLE regress_db_other;
CREATE DATABASE regress_db_x;
DROP DATABASE regress_db_one;
ALTER DATABASE regress_db_one RENAME TO regress_db_x;
ALTER DATABASE regress_db_one OWNER TO regress_db_other;
ALTER DATABASE regress_db_one SET work_mem = '8MB';
COMMENT ON DATABASE regress_db_one IS 'not mine';
RESET ROLE;
SET ROLE regress_db_owner;
CREATE DATABASE regress_db_x OWNER regress_db_other;
CREATE DATABASE regress_db_four;
ALTER DATABASE regress_db_four OWNER TO regress_db_other;
DROP DATABASE regress_db_four;
DROP DATABASE regress_db_one;
RESET ROLE;
SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname LIKE 'regress_db%' ORDER BY datname;
DROP DATABASE regress_db_three;
DROP ROLE regress_db_owner;
DROP ROLE regress_db_other;
SELECT current_database();
\l
-- Privileges on databases
CREATE DATABASE regress_db_acl;
CREATE ROLE regress_db_user;
SELECT has_database_privilege('regress_db_user', 'regress_db_acl', 'CONNECT') AS connect,
       has_database_privilege('regress_db_user', 'regress_db_acl', 'TEMP') AS temp,
       has_database_privilege('regress_db_user', 'regress_db_acl', 'CREATE') AS create,
       has_database_privilege('regress_db_user', 'template0', 'CONNECT') AS template_connect;
REVOKE CONNECT, TEMPORARY ON DATABASE regress_db_acl FROM PUBLIC;
GRANT CREATE ON DATABASE regress_db_acl TO regress_db_user WITH GRANT OPTION;
SELECT datacl FROM pg_database WHERE datname = 'regress_db_acl';
SELECT has_database_privilege('regress_db_user', 'regress_db_acl', 'CONNECT') AS connect,
       has_database_privilege('regress_db_user', 'regress_db_acl', 'CREATE WITH GRANT OPTION') AS create_option,
       has_database_privilege('regress_db_user', (SELECT oid FROM pg_database WHERE datname = 'regress_db_acl'), 'CREATE') AS by_oid,
       has_database_privilege('regress_db_user', 0::oid, 'CREATE') AS no_database;
SELECT has_database_privilege('regress_db_user', 'regress_nosuch', 'CONNECT');
SELECT has_database_privilege('regress_db_user', 'regress_db_acl', 'SELECT');
GRANT SELECT ON DATABASE regress_db_acl TO regress_db_user;
GRANT CONNECT ON DATABASE regress_nosuch TO regress_db_user;
REVOKE ALL ON DATABASE regress_db_acl FROM regress_db_user;
GRANT ALL ON DATABASE regress_db_acl TO PUBLIC;
SELECT datacl FROM pg_database WHERE datname = 'regress_db_acl';
SET ROLE regress_db_user;
GRANT CONNECT ON DATABASE regress_db_acl TO regress_db_user;
RESET ROLE;
\l regress_db_acl
COMMENT ON DATABASE regress_db_acl IS 'privileges';
\l+ regress_db_acl
GRANT CONNECT ON DATABASE regress_db_acl TO regress_db_user;
DROP ROLE regress_db_user;
ALTER DATABASE regress_db_acl OWNER TO regress_db_user;
DROP ROLE regress_db_user;
-- Per-database settings
ALTER DATABASE regress_db_acl SET work_mem = '8MB';
ALTER DATABASE regress_db_acl SET search_path = regress_a, public;
ALTER DATABASE regress_db_acl SET regress_nosuch_parameter = 1;
SELECT d.datname, s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
  WHERE d.datname = 'regress_db_acl';
\c regress_db_acl
SHOW work_mem;
SHOW search_path;
\c regression
ALTER DATABASE regress_db_acl RESET work_mem;
SELECT d.datname, s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
  WHERE d.datname = 'regress_db_acl';
ALTER DATABASE regress_db_acl RESET ALL;
SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
  WHERE d.datname = 'regress_db_acl';
DROP DATABASE regress_db_acl;
DROP ROLE regress_db_user;
