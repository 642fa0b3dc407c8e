--
-- Extensions: what PostgreSQL says of extensions that are not there, and the catalogs that
-- describe them. (pgfast's built-in extensions are not in PostgreSQL; their listing is
-- checked by TestPsqlExtensions.)
--
\set VERBOSITY terse
CREATE EXTENSION no_such_extension;
CREATE EXTENSION IF NOT EXISTS no_such_extension;
DROP EXTENSION no_such_extension;
DROP EXTENSION IF EXISTS no_such_extension;
DROP EXTENSION IF EXISTS no_such_extension, nor_this_one;
ALTER EXTENSION no_such_extension UPDATE;
\set VERBOSITY default
\dx no_such_extension
SELECT name, default_version, installed_version, comment
  FROM pg_available_extensions WHERE name = 'no_such_extension';
SELECT extname FROM pg_extension WHERE extname = 'no_such_extension';
SELECT count(*) FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND refobjid = 0;
SELECT pg_describe_object('pg_proc'::regclass, 'abs(int4)'::regprocedure, 0),
       pg_describe_object('pg_proc'::regclass, 'obj_description(oid,name)'::regprocedure, 0),
       pg_describe_object('pg_type'::regclass, 'int4'::regtype, 0),
       pg_describe_object('pg_class'::regclass, 'pg_class'::regclass, 0),
       pg_describe_object('pg_proc'::regclass, 0, 0) IS NULL AS unknown_is_null;
SELECT obj_description(0, 'pg_proc') IS NULL AS no_function,
       obj_description(0, 'pg_extension') IS NULL AS no_extension;
