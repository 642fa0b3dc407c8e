-- Privileges on schema public: PostgreSQL 15 gives PUBLIC only USAGE on it; GRANT and
-- REVOKE change that like any schema's.
CREATE ROLE regress_spa_user;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
BEGIN;
SET LOCAL ROLE regress_spa_user;
CREATE TABLE spa_t (a int);
ROLLBACK;
GRANT CREATE ON SCHEMA public TO regress_spa_user;
SELECT nspacl FROM pg_namespace WHERE nspname = 'public';
SELECT has_schema_privilege('regress_spa_user', 'public', 'CREATE');
BEGIN;
SET LOCAL ROLE regress_spa_user;
CREATE TABLE spa_t (a int);
ROLLBACK;
GRANT ALL ON SCHEMA public TO public;
\dn+ public
REVOKE CREATE ON SCHEMA public FROM public;
REVOKE ALL ON SCHEMA public FROM regress_spa_user;
\dn+ public
SELECT has_schema_privilege('regress_spa_user', 'public', 'CREATE');
DROP ROLE regress_spa_user;
SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'public';
