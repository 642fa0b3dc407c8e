--
-- ARRAY VALUES: literals, text I/O, constructors, subscripts, op ANY/ALL, casts and
-- storage, with the errors PostgreSQL reports for malformed input.
--
-- text input and output
SELECT '{1,2,3}'::int[], '{}'::int[], '{ }'::text[], '{NULL,null,"NULL",""}'::text[];
SELECT '{"a b","x\"y","\\",{,"}'::text[] AS quoted;
SELECT '[0:2]={1,2,3}'::int[], '[1:2][3:4]={{1,2},{3,4}}'::int[], '[5]={1,2,3,4,5}'::int[];
SELECT '  {1, 2 , 3}  '::int[], '{a b , c }'::text[], '{"a"  ,  b\ }'::text[];
SELECT '{{1},{{2}}}'::int[] AS odd_but_accepted, '{{{1}},{2}}'::int[] AS odd_and_empty;
SELECT '{0 second  ,0 second}'::interval[], '{2024-01-05,infinity}'::date[];
SELECT '{1.50,2}'::numeric(5,2)[], '{abc}'::varchar(2)[], '{t,f,NULL}'::bool[];
SELECT '1 2 3'::int2vector, '23 25'::oidvector;
-- malformed literals: each is 22P02 with PostgreSQL's detail
SELECT '{1,2'::int[];
SELECT '{1,2}x'::int[];
SELECT '{{1,2},{3}}'::int[];
SELECT '{1,{2}}'::int[];
SELECT '{{1},2}'::int[];
SELECT '{1,,2}'::int[];
SELECT 'x'::int[];
SELECT '[1:2]{1,2}'::int[];
SELECT '[1:3]={1,2}'::int[];
SELECT '[a:2]={1,2}'::int[];
SELECT '[1:]={1,2}'::int[];
SELECT '[1:2]=x'::int[];
SELECT '{"a}'::text[];
SELECT '{1,a}'::int[];
SELECT '[2:1]={}'::int[];
SELECT '{{{{{{{1}}}}}}}'::int[];
SELECT '[2147483647:2147483647]={1}'::int[];
-- the session goes on after errors
SELECT ARRAY[1,2,3] AS still_working;
-- constructors
SELECT ARRAY[1,2,NULL], ARRAY['a','b c'], ARRAY[1,2.5], ARRAY[[1,2],[3,4]];
SELECT ARRAY[ARRAY[1,2],ARRAY[3,4]], ARRAY[[[1]],[[2]]], ARRAY[]::int[], ARRAY[]::text[][];
SELECT ARRAY['1','2']::int[], ARRAY[1,2]::text[], ARRAY[[1.5,2],[3,4]]::int[];
SELECT ARRAY[ARRAY[1,2],NULL];
SELECT ARRAY[ARRAY[1,2],ARRAY[3]];
SELECT ARRAY[];
SELECT ARRAY[1,'a'];
SELECT ARRAY(SELECT g FROM generate_series(1,4) g), ARRAY(SELECT g FROM generate_series(1,0) g);
SELECT ARRAY(SELECT ARRAY[g, g * 10] FROM generate_series(1,3) g);
SELECT ARRAY(SELECT NULL::int[] FROM generate_series(1,2));
SELECT pg_typeof(ARRAY[1]), pg_typeof(ARRAY[1.5]), pg_typeof(ARRAY[[1]]), pg_typeof('{x}'::varchar(3)[]);
-- subscripts and slices
SELECT (ARRAY[10,20,30])[2], (ARRAY[10,20,30])[4], (ARRAY[10,20,30])[NULL], (ARRAY[[1,2],[3,4]])[2][1];
SELECT ('[0:2]={1,2,3}'::int[])[0], ('[0:2]={1,2,3}'::int[])[0:1], ('{1,2,3,4}'::int[])[2:];
SELECT ('{1,2,3,4}'::int[])[:2], ('{1,2,3,4}'::int[])[:], ('{1,2,3,4}'::int[])[3:2];
SELECT ('{{1,2,3},{4,5,6},{7,8,9}}'::int[])[1:2][2], ('{{1,2,3},{4,5,6},{7,8,9}}'::int[])[2:3][2:3];
SELECT ('{1,2,3}'::int[])[1][1], ('{1,2,3}'::int[])[1:2][1:2], ('{}'::int[])[1], ('{1,2}'::int[])[1:NULL];
SELECT ('1 2 3'::int2vector)[0], ('1 2 3'::int2vector)[2];
SELECT ('{}'::int[])[1][2][3][4][5][6][7];
SELECT (now())[1];
SELECT ('{1,2}'::int[])['a'];
-- op ANY/ALL
SELECT 2 = ANY (ARRAY[1,2,3]), 5 = ANY ('{1,2,3}'), 1 < ALL ('{2,3}'), 3 < ALL ('{2,3}');
SELECT NULL::int = ANY ('{1}'), 1 = ANY ('{NULL,1}'), 2 = ANY ('{NULL,1}'), 1 = ALL ('{}'::int[]);
SELECT 1 = ANY (NULL::int[]), 33.4 = ANY (ARRAY[1,2,3]), 'b' = ANY (ARRAY['a','b']);
SELECT 'foo' LIKE ANY (ARRAY['%a', '%o']), 'foo' NOT LIKE ALL (ARRAY['%a', '%o']);
SELECT 33 * ANY ('{1,2,3}');
SELECT 33 = ANY (44);
-- comparison and concatenation
SELECT ARRAY[1,2] = ARRAY[1,2], ARRAY[1,2] <> '{1,2,3}', ARRAY[1,2] < ARRAY[1,3], '[0:1]={1,2}'::int[] = '{1,2}';
SELECT ARRAY[1,2] || ARRAY[3,4], ARRAY[[1,2]] || ARRAY[3,4], ARRAY[1,2] || NULL::int[], '{}'::int[] || ARRAY[5];
SELECT ARRAY[[1,2],[3,4]] || ARRAY[[5,6]], ARRAY[1] || ARRAY[[1,2]];
-- dimension functions
SELECT array_dims('[0:2][1:2]={{1,2},{3,4},{5,6}}'::int[]), array_ndims(ARRAY[[1]]), array_ndims('{}'::int[]);
SELECT array_lower('[0:2]={1,2,3}'::int[], 1), array_upper('[0:2]={1,2,3}'::int[], 1), array_upper(ARRAY[1], 2);
SELECT array_length(ARRAY[[1,2,3],[4,5,6]], 2), cardinality(ARRAY[[1,2],[3,4]]), cardinality('{}'::int[]);
SELECT array_to_string(ARRAY[1,NULL,3], ','), array_to_string(ARRAY[1,NULL,3], ',', '*');
-- casts
SELECT ARRAY[1,2,3]::text[]::int[]::float8[], NULL::text[]::int[], '{1.7,2.2}'::float8[]::int[];
SELECT ARRAY['abc','de']::varchar(2)[], ARRAY[1,2]::text, '{1,2}'::text::int[];
SELECT '{a}'::text[]::int[];
-- storage
CREATE TABLE array_values_t (id int, i int[], t text[], f float8[], iv interval[]);
INSERT INTO array_values_t VALUES
  (1, '{1,2,3}', '{a,"b c"}', '{1.5}', '{"1 day"}'),
  (2, '[0:1]={4,NULL}', NULL, '{}', '{}'),
  (3, '{{1,2},{3,4}}', '{{x},{y}}', '{NaN,-Infinity}', NULL),
  (4, NULL, '{NULL}', NULL, '{"-1 mons 02:00:00"}');
SELECT * FROM array_values_t ORDER BY id;
SELECT id, i[1], t[1], array_dims(i) FROM array_values_t WHERE 3 = ANY (i) OR i IS NULL ORDER BY id;
INSERT INTO array_values_t (id, i) VALUES (5, '{1,x}');
SELECT count(*) FROM array_values_t;
DROP TABLE array_values_t;
