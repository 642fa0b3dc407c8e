-- json(b)_build_object and json(b)_build_array called with VARIADIC arrays, and
-- pg_column_size.
SELECT json_build_object(VARIADIC NULL::text[]), json_build_object(VARIADIC '{}'::text[]);
SELECT json_build_object(VARIADIC ARRAY['a', NULL]::text[]), jsonb_build_object(VARIADIC '{1,2,3,4}'::int[]);
SELECT json_build_object(VARIADIC '{{1,4},{2,5},{3,6}}'::int[][]);
SELECT json_build_array(VARIADIC NULL::text[]), json_build_array(VARIADIC '{}'::text[]),
  jsonb_build_array(VARIADIC '{a,NULL,"b c"}'::text[]), json_build_array(VARIADIC '{{1,2},{3,4}}'::int[]);
SELECT json_build_array(VARIADIC a), jsonb_build_object(VARIADIC a)
  FROM (VALUES ('{x,1}'::text[]), (NULL), ('{y,2,z,3}')) v(a);
SELECT json_build_array(ARRAY[1, 2]), json_build_array(VARIADIC ARRAY[1, 2]);
-- errors
SELECT json_build_object(VARIADIC '{a,b,c}'::text[]);
SELECT jsonb_build_object(VARIADIC ARRAY[NULL, 'a']::text[]);
SELECT json_build_array(VARIADIC 1);
-- pg_column_size compares sizes
SELECT pg_column_size('{}'::jsonb || '{}'::jsonb) = pg_column_size('{}'::jsonb),
  pg_column_size('{"a": 1, "b": 2}'::jsonb - 'b') = pg_column_size('{"a": 1}'::jsonb),
  pg_column_size(1::int8), pg_column_size(1::int2), pg_column_size(NULL::int4);
