--
-- pg_depend rows of user functions, as pg_dump reads them: a function depends on its
-- schema, the user types it takes or returns and what an SQL-standard body names; a view
-- depends on the functions it calls.
--
CREATE SCHEMA fdep;
CREATE TYPE fdep.mood AS ENUM ('a', 'b');
CREATE TABLE fdep.t (a int);
CREATE FUNCTION fdep.f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';
CREATE FUNCTION fdep.g(m fdep.mood) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT m::text $$;
CREATE FUNCTION fdep.h(x int) RETURNS int LANGUAGE sql
  BEGIN ATOMIC SELECT x + (SELECT count(*) FROM fdep.t)::int + fdep.f(x); END;
CREATE FUNCTION public.fdep_pub() RETURNS fdep.mood LANGUAGE sql AS $$ SELECT 'a'::fdep.mood $$;
CREATE VIEW fdep.v AS SELECT fdep.f(a), fdep.g('a') FROM fdep.t;
SELECT classid::regclass,
       CASE WHEN classid = 'pg_proc'::regclass THEN objid::regprocedure::text
            WHEN classid = 'pg_rewrite'::regclass THEN (SELECT ev_class::regclass::text FROM pg_rewrite WHERE oid = objid)
            ELSE objid::text END AS obj,
       refclassid::regclass,
       CASE WHEN refclassid = 'pg_proc'::regclass THEN refobjid::regprocedure::text
            WHEN refclassid = 'pg_namespace'::regclass THEN refobjid::regnamespace::text
            WHEN refclassid = 'pg_type'::regclass THEN refobjid::regtype::text
            WHEN refclassid = 'pg_class'::regclass THEN refobjid::regclass::text
            ELSE refobjid::text END AS ref,
       refobjsubid, deptype
FROM pg_depend
WHERE (classid = 'pg_proc'::regclass AND objid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'fdep'::regnamespace OR oid = 'public.fdep_pub'::regproc))
   OR (refclassid = 'pg_proc'::regclass AND refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'fdep'::regnamespace OR oid = 'public.fdep_pub'::regproc))
ORDER BY 1, 2, 3, 4;
DROP VIEW fdep.v;
DROP FUNCTION fdep.h(int);
DROP FUNCTION fdep.f(int);
DROP FUNCTION fdep.g(fdep.mood);
DROP FUNCTION public.fdep_pub();
DROP TABLE fdep.t;
DROP TYPE fdep.mood;
DROP SCHEMA fdep;
