--
-- ARRAY TYPES IN THE CATALOGS: pg_type rows of array types, vectors and the polymorphic
-- pseudo-types, columns of array type in pg_attribute and information_schema, format_type,
-- and the catalogs' own array columns.
--
CREATE TABLE array_catalog_t (id int, a int[], b varchar(5)[], c numeric(10,2)[], d text[]);
SELECT typname, typlen, typbyval, typtype, typcategory, typispreferred, typdelim, typelem::regtype, typarray::regtype,
       typinput, typoutput, typreceive, typsend, typanalyze, typsubscript, typalign, typstorage
  FROM pg_type
 WHERE typname IN ('_int4', '_text', '_float8', '_bool', '_numeric', '_interval', 'int2vector', 'oidvector',
                   '_varchar', '_name', '_date', '_timestamptz', '_bytea', '_char', '_int2vector', '_oidvector',
                   'anyarray', 'anyelement', 'anycompatiblearray', 'anynonarray', 'anycompatible', 'internal')
 ORDER BY typname;
SELECT count(*) FROM pg_type t
 WHERE t.typcategory = 'A' AND t.typname NOT IN ('int2vector', 'oidvector')
   AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid);
SELECT attname, atttypid::regtype, attndims, atttypmod, attlen, attalign, attstorage, format_type(atttypid, atttypmod)
  FROM pg_attribute WHERE attrelid = 'array_catalog_t'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type, udt_name, character_maximum_length, numeric_precision, dtd_identifier
  FROM information_schema.columns WHERE table_name = 'array_catalog_t' ORDER BY ordinal_position;
SELECT format_type('int4[]'::regtype, -1), format_type(1015, 9), format_type(1231, 655366), '_int4'::regtype,
       'integer[]'::regtype, 'int[]'::regtype::oid, 'character varying(3)[]'::regtype, pg_typeof('{1}'::int2vector);
\d array_catalog_t
SELECT proname, proargtypes, pg_get_function_arguments(oid), pg_get_function_result(oid)
  FROM pg_proc WHERE proname IN ('array_append', 'array_cat', 'array_agg', 'string_to_array', 'array_fill') ORDER BY oid;
-- the catalogs' array columns are arrays
SELECT proargtypes[0]::regtype, array_length(proargtypes, 1), pg_typeof(proargtypes) FROM pg_proc WHERE oid = 'array_fill(anyelement, integer[], integer[])'::regprocedure;
SELECT nspname, array_to_string(nspacl, ';') FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public') ORDER BY 1;
SELECT datacl IS NULL, pg_typeof(datacl) FROM pg_database WHERE datname = 'template0';
SELECT current_schemas(true), current_schemas(false), pg_typeof(current_schemas(true));
SELECT 'array_fill'::regproc, 'array_fill(anyelement, integer[])'::regprocedure::oid;
DROP TABLE array_catalog_t;
