-- json values: the text is kept as written (spacing, key order, duplicate keys), input is
-- checked with PostgreSQL's errors, and the processing functions work on the text.
SELECT '{"b": 1,   "a" : [1,2.50], "a": null}'::json, '  "x\u00e9"  '::json, '1e2'::json;
SELECT '"\u0000"'::json, '"\ud83d\ud83d"'::json;
SELECT '{"abc"}'::json;
SELECT '[1,2'::json;
SELECT $$''$$::json;
SELECT '"abc
def"'::json;
SELECT '{
		"one": 1,
		"two":"two",
		"averyveryveryveryveryveryveryveryveryverylongfieldname":}'::json;
SELECT 'still working' AS s;
-- field and element access returns the text as written; duplicate keys find the last
SELECT j -> 'a' AS a, j ->> 'a' AS a_text, j -> 'b' AS b, j -> 'b' -> 1 AS b1, j -> 'b' ->> 1 AS b1_text,
       j -> 'b' -> -1 AS b_last, j -> 'c' AS c, j ->> 'c' IS NULL AS c_null, j -> 'zz' AS zz
  FROM (SELECT '{"a": "x\n", "b": [ 1 , "two" , {"c" : 3} ], "c": null, "a": "last\u00e9"}'::json AS j) s;
SELECT '[1, 2]'::json -> 'a', '{"a": 1}'::json -> 0, '"s"'::json -> 0, '"s"'::json ->> 'a';
SELECT json '{ "a":  "\ud83d\ud83d" }' -> 'a';
SELECT json '{ "a":  "null \u0000 escape" }' ->> 'a';
SELECT json '{ "a":  "null \\u0000 escape" }' ->> 'a';
SELECT json_typeof('123.4'), json_typeof(' "x" '), json_typeof('[]'), json_typeof('{}'), json_typeof('null'), json_typeof('true');
SELECT json_array_length(' [1, [2, 3], {} ] '), json_array_length('[]');
SELECT json_array_length('{}');
SELECT json_strip_nulls('{"a":1, "b":null,"c":[2,null, 3],"d":{"e":4,"f":null}, "g": "\u00e9\n"}');
-- json has no equality or ordering
SELECT DISTINCT j FROM (VALUES ('{}'::json)) v(j);
SELECT j FROM (VALUES ('{}'::json)) v(j) ORDER BY j;
SELECT j, count(*) FROM (VALUES ('{}'::json)) v(j) GROUP BY j;
SELECT '{}'::json = '{}'::json;
-- constructors
SELECT to_json(1), to_json(1.50), to_json('NaN'::float8), to_json('a"b'::text), to_json(true),
       to_json(date '2014-05-28'), to_json(timestamp '2014-05-28 12:22:35.614298'),
       to_json(timestamptz '2014-05-28 12:22:35-04'), to_json(interval '1 day'), to_json('{"a" : 1}'::json),
       to_json('{"a" : 1}'::jsonb), to_json(NULL::int), to_json(date 'infinity');
SELECT to_jsonb(1.50), to_jsonb('Infinity'::float8), to_jsonb(1e100::float8), to_jsonb('{"b":1, "a" : 2}'::json),
       to_jsonb('x'::text), to_jsonb(timestamp '0044-03-15 12:00 BC');
SELECT json_build_object('a', 1, 'b', 1.2, 'c', true, 'd', null, 'e', json '{"x": 3, "y": [1,2,3]}'),
       json_build_object(1.5, 2, true, 'x', date '2020-01-01', 3), json_build_object();
SELECT json_build_array('a', 1, 'b', 1.2, 'c', true, 'd', null), json_build_array();
SELECT jsonb_build_object('a', 1, 'b', 1.2, 'c', true, 'd', null, 'e', json '{"x": 3, "y": [1,2,3]}', 'a', 9),
       jsonb_build_array('a', 1, '{"b": 1}'::json, null), jsonb_build_object(), jsonb_build_array();
SELECT json_build_object('a', 'b', 'c');
SELECT jsonb_build_object('a', 'b', 'c');
SELECT json_build_object(NULL, 'a');
SELECT jsonb_build_object(NULL, 'a');
SELECT json_build_object(json '{"a":1}', 3);
SELECT jsonb_build_object(jsonb '{"a":1}', 3);
-- aggregates
CREATE TABLE jagg (g int, k text, v int, j jsonb);
INSERT INTO jagg VALUES (1, 'a', 1, '{"x": 1}'), (1, 'b', 2, NULL), (2, 'a', 3, '[1]'), (2, 'a', 4, '"s"'), (3, 'c', NULL, 'null');
SELECT g, json_agg(v ORDER BY v), jsonb_agg(v ORDER BY v), json_agg(j ORDER BY v), jsonb_agg(j ORDER BY v)
  FROM jagg GROUP BY g ORDER BY g;
SELECT g, json_object_agg(k, v ORDER BY v), jsonb_object_agg(k, v ORDER BY v), jsonb_object_agg(k, j ORDER BY v)
  FROM jagg GROUP BY g ORDER BY g;
SELECT json_agg(v) FROM jagg WHERE g > 9;
SELECT json_object_agg(v, k) FROM jagg;
SELECT jsonb_object_agg(v, k) FROM jagg;
SELECT json_agg(x), jsonb_agg(x), json_object_agg(x, x * 2), jsonb_object_agg(x, x * 2) FROM generate_series(1, 3) x;
DROP TABLE jagg;
-- storage and casts
CREATE TABLE jt (id int, j json);
INSERT INTO jt VALUES (1, '{"a" : 1, "a": 2}'), (2, ' [ 1 ] '), (3, NULL);
INSERT INTO jt VALUES (4, '{');
SELECT id, j, j::jsonb, j::text, length(j::text) FROM jt ORDER BY id;
COPY jt TO STDOUT;
DROP TABLE jt;
-- paths, arrays and json_object
SELECT '{"a": [1, {"b" : 2}]}'::json #> '{a,1}', '{"a": [1, {"b": 2}]}'::json #>> '{a,1,b}', '[1,2,3]'::json #> '{-1}',
       '"foo"'::json #>> '{}', 'null'::json #>> '{}' IS NULL AS json_null, '{"a":1,"a":2}'::json #> '{a}', '42'::json #> '{0}' IS NULL AS scalar;
SELECT json_extract_path('{"f2": ["f3", 1]}', 'f2', '0'), json_extract_path_text('{"f2": ["f3", 1]}', 'f2', '0');
SELECT array_to_json('{{1,5},{99,100}}'::int[]), array_to_json('{a,NULL,"b c"}'::text[], true), to_json('{1,2}'::int[]),
       to_json('{}'::int[]), json_build_object('a', '{1,2}'::int[]), json_build_array('{x,y}'::text[], 1);
SELECT json_object('{a,1,b,2,3,NULL,"d e f","a b c"}'), json_object('{{a,1},{b,2}}'), json_object('{a,b}', '{1,2}'), json_object('{}'),
       json_object('{}', '{}'), json_object('{a,b,"",c}', '{1,2,3,4}');
SELECT json_object('{a,b,c}');
SELECT json_object('{{a,b,c},{b,c,d}}');
SELECT json_object('{{{a,b},{c,d}},{{b,c},{d,e}}}');
SELECT json_object('{a,b,NULL}', '{1,2,3}');
SELECT json_object('{a,b}', '{1,2,3}');
