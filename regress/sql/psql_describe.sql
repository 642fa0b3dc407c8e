--
-- psql's describe commands, which read pg_catalog
--
CREATE TABLE describe_items (
    id integer NOT NULL,
    name text,
    code varchar(10),
    tag char(3),
    price numeric(10,2),
    qty smallint,
    big bigint,
    ratio double precision,
    small_ratio real,
    flag boolean NOT NULL,
    born date,
    at timestamp,
    atz timestamptz,
    during interval,
    clock time,
    raw bytea,
    anynum numeric
);
CREATE TABLE describe_other (a int, b text);
\d describe_items
\d describe_other
\d+ describe_other
\dtS pg_namespace
\d
\dt
\dt describe_*
\dv
\dn
\df abs
\df pg_catalog.now
\df jsonb_path_query
\df jsonb_each
SELECT proname, proargnames, proargmodes, proallargtypes, pronargdefaults, pg_get_function_arguments(oid), pg_get_function_result(oid)
  FROM pg_proc WHERE proname IN ('jsonb_path_query', 'jsonb_each', 'json_array_elements_text', 'jsonb_object_keys') ORDER BY oid;
\d nosuch
SELECT 'describe_items'::regclass, 'describe_items'::regclass::oid > 16383 AS user_oid;
SELECT 'pg_class'::regclass::oid, 'pg_catalog.pg_namespace'::regclass::oid;
SELECT 'integer'::regtype, 'int4'::regtype::oid, 'character varying'::regtype;
SELECT 'nosuch'::regclass;
SELECT format_type(1043, 14), format_type(1042, -1), format_type(1042, NULL), format_type(1700, 655366), format_type(NULL, 1);
SELECT relname, relkind, relnatts FROM pg_class WHERE relname LIKE 'describe%' ORDER BY relname;
SELECT attname, format_type(atttypid, atttypmod), attnum, attnotnull
  FROM pg_attribute WHERE attrelid = 'describe_other'::regclass AND attnum > 0 ORDER BY attnum;
SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_toast' ORDER BY nspname;
SELECT typname, typlen, typcategory FROM pg_type WHERE oid IN (16, 23, 25, 1043, 1700) ORDER BY oid;
SELECT proname, pronargs, prorettype::regtype, proargtypes FROM pg_proc WHERE oid IN (1397, 2079) ORDER BY oid;
SELECT oprname, oprleft::regtype, oprright::regtype, oprresult::regtype FROM pg_operator WHERE oid = 96;
SELECT pg_table_is_visible('describe_items'::regclass), pg_get_userbyid(10), pg_encoding_to_char(6);
SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name;
SELECT column_name, ordinal_position, is_nullable, data_type, character_maximum_length, numeric_precision, numeric_scale
  FROM information_schema.columns WHERE table_name = 'describe_items' ORDER BY ordinal_position;
SELECT schema_name FROM information_schema.schemata ORDER BY schema_name;
SELECT c.relname, (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0) AS ncols
  FROM pg_class c WHERE c.relname LIKE 'describe%' ORDER BY 1;
SELECT current_setting('DateStyle'), current_setting('nosuch', true);
SELECT c.relname, array(SELECT attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY attnum)
  FROM pg_class c WHERE c.relname LIKE 'describe%' ORDER BY 1;
SELECT x FROM unnest('{b,NULL,a}'::text[]) x;
SELECT 'r' = ANY ('{r,v}'::"char"[]), 1 = ANY ('{1,2}'::int[]), 3 <> ALL ('{1,2}'::int[]);
SELECT array_to_string('{a,NULL,c}'::text[], '-'), array_to_string('{a,NULL,c}'::text[], '-', '*');
-- correlated subqueries, which the catalog queries of psql use
INSERT INTO describe_other VALUES (1, 'x'), (2, 'y'), (3, NULL), (NULL, 'z');
SELECT o.a, o.b,
       (SELECT count(*) FROM describe_other i WHERE i.a <= o.a) AS le,
       EXISTS (SELECT 1 FROM describe_other i WHERE i.a = o.a + 1) AS has_next,
       o.a IN (SELECT i.a FROM describe_other i WHERE i.b <> o.b) AS in_other,
       ARRAY(SELECT i.b FROM describe_other i WHERE i.a < o.a ORDER BY i.a) AS before
  FROM describe_other o ORDER BY o.a;
SELECT o.a FROM describe_other o WHERE (SELECT max(i.a) FROM describe_other i WHERE i.b = o.b) = o.a ORDER BY 1;
DROP TABLE describe_items;
DROP TABLE describe_other;
-- \d of a composite type, and \dT, which lists it but not a table's row type
CREATE TYPE describe_comp AS (a int, b text);
CREATE TABLE describe_rowtype (x int);
\d describe_comp
\d+ describe_comp
\dT describe_*
SELECT 'describe_comp'::regclass, pg_table_is_visible('describe_comp'::regclass);
DROP TABLE describe_rowtype;
DROP TYPE describe_comp;
