-- jsonb values: input (normalized keys, duplicates, numbers, spacing), PostgreSQL's
-- errors with their DETAIL and CONTEXT, operators, ordering and hashing, casts, storage
-- and COPY.
SELECT '{"b": 1, "a": 2, "aa": [1, 2.50, {"z": null, "y": "x"}], "a": 3}'::jsonb;
SELECT '  [1e2, -0.0, 1.5E-3, 0.000e5, 123456789012345678901234567890.5]  '::jsonb;
SELECT '"\u00e9\ud83d\ude04\n\t\"\\\/"'::jsonb, '"é"'::jsonb::text;
SELECT 'true'::jsonb, 'null'::jsonb, '{}'::jsonb, '[]'::jsonb, '[[], {}]'::jsonb;
-- errors, and the session goes on after each
SELECT '{"abc"}'::jsonb;
SELECT '{"abc":1:2}'::jsonb;
SELECT '[1,2,]'::jsonb;
SELECT 'trues'::jsonb;
SELECT ''::jsonb;
SELECT '"\v"'::jsonb;
SELECT '"\u0000"'::jsonb;
SELECT '"\ud83d\ud83d"'::jsonb;
SELECT '1e-16384'::jsonb;
SELECT '{
  "one": 1,
  "two":,"two"
}'::jsonb;
SELECT '{"averyveryveryveryveryveryveryveryveryverylongfieldname":}'::jsonb;
SELECT 1 AS still_working;
-- field and element access
SELECT j -> 'a' AS a, j ->> 'a' AS a_text, j -> 'b' -> 1 AS b1, j -> 'b' ->> 1 AS b1_text,
       j -> 'b' -> -1 AS b_last, j -> 'b' -> 5 AS b5, j -> 'nope' AS nope, j ->> 'n' IS NULL AS n_null,
       j -> 'n' AS n_json
  FROM (SELECT '{"a": "x\ny", "b": [1, "two", {"c": 3}], "n": null}'::jsonb AS j) s;
SELECT '[1, 2]'::jsonb -> 'a', '{"a": 1}'::jsonb -> 0, '"s"'::jsonb -> 0, '"s"'::jsonb ->> -1, '"s"'::jsonb -> 1, '"s"'::jsonb ->> 'a';
SELECT '{"a": 1}'::jsonb -> NULL::text, '[1]'::jsonb -> NULL::int;
-- containment and existence
SELECT '{"a": 1, "b": [1, 2, {"c": 3}]}'::jsonb @> '{"b": [{"c": 3}]}',
       '{"a": 1}'::jsonb @> '{"a": 1.0}', '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}',
       '[1, 2, [3]]'::jsonb @> '[3]', '[1]'::jsonb @> '1', '1'::jsonb @> '[1]';
SELECT '{"a": 1}'::jsonb ? 'a', '["a", 1]'::jsonb ? 'a', '[["a"]]'::jsonb ? 'a', '"a"'::jsonb ? 'a';
-- building new values
SELECT '{"a": 1, "b": 2}'::jsonb || '{"b": 3, "c": 4}', '[1]'::jsonb || '[2, 3]', '1'::jsonb || '2',
       '{"a": 1}'::jsonb || '[2]', '[]'::jsonb || '{}';
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '["a", "b", "a"]'::jsonb - 'a', '[1, 2, 3]'::jsonb - -1, '[1, 2]'::jsonb - 9;
SELECT '1'::jsonb - 'a';
SELECT '{"a": 1}'::jsonb - 0;
SELECT jsonb_typeof('1'), jsonb_typeof('"x"'), jsonb_typeof('[]'), jsonb_typeof('{}'), jsonb_typeof('null'), jsonb_typeof('false');
SELECT jsonb_array_length('[1, [2, 3], {}]'), jsonb_array_length('[]');
SELECT jsonb_array_length('{}');
SELECT jsonb_array_length('5');
SELECT jsonb_strip_nulls('{"a": null, "b": [null, {"c": null, "d": 1}], "e": {}}');
SELECT jsonb_pretty('{"a": [1, {"b": []}], "c": {}, "d": "x"}');
-- casts
SELECT '{"a": 1}'::json::jsonb, '{"b":2,  "a":1}'::jsonb::json, '12.50'::jsonb::numeric, '12.5'::jsonb::int4,
       '1e2'::jsonb::float8, 'true'::jsonb::bool, '-7'::jsonb::int8, '3'::jsonb::int2, '2.5'::jsonb::float4;
SELECT '"12"'::jsonb::int4;
SELECT '[true]'::jsonb::bool;
SELECT '{}'::jsonb::numeric;
SELECT 'null'::jsonb::float8;
SELECT '1e10'::jsonb::int4;
-- comparison, ordering, hashing
CREATE TABLE jb (id int, v jsonb);
INSERT INTO jb VALUES (1, '{"a": 1}'), (2, '{"a": 1.0}'), (3, '[1, 2]'), (4, '1'), (5, '[]'), (6, 'null'),
  (7, '"str"'), (8, NULL), (9, '{"a": 1, "b": 2}'), (10, '[{}]'), (11, '1.00'), (12, 'true'), (13, '{}');
INSERT INTO jb VALUES (14, '{"a":');
SELECT * FROM jb ORDER BY v, id;
SELECT * FROM jb ORDER BY v DESC NULLS LAST, id;
SELECT v, count(*), min(id) FROM jb GROUP BY v ORDER BY v;
SELECT DISTINCT v FROM jb WHERE v IS NOT NULL ORDER BY v;
SELECT a.id, b.id FROM jb a JOIN jb b ON a.v = b.v AND a.id < b.id ORDER BY 1, 2;
SELECT id FROM jb WHERE v IN (SELECT '1'::jsonb UNION ALL SELECT '{"a": 1}'::jsonb) ORDER BY id;
SELECT a.v, b.v, a.v = b.v AS eq, a.v < b.v AS lt, a.v >= b.v AS ge, jsonb_cmp(a.v, b.v)
  FROM jb a, jb b WHERE a.id IN (1, 3, 4) AND b.id IN (2, 5, 11) ORDER BY a.id, b.id;
UPDATE jb SET v = v || '{"updated": true}' WHERE jsonb_typeof(v) = 'object';
SELECT id, v FROM jb WHERE v ? 'updated' ORDER BY id;
DELETE FROM jb WHERE v @> '{"a": 1}';
SELECT id, v FROM jb ORDER BY id;
-- COPY in and out
COPY jb TO STDOUT;
COPY jb TO STDOUT (FORMAT csv);
CREATE TABLE jb2 (id int, v jsonb);
COPY jb2 FROM STDIN;
1	{"x": [1, 2, "tab\\there"], "x": 0}
2	\N
3	"\\u00e9"
\.
COPY jb2 FROM STDIN (FORMAT csv);
4,"{""k"": ""v""}"
5,
\.
COPY jb2 FROM STDIN;
6	{"broken"
\.
SELECT * FROM jb2 ORDER BY id;
CREATE TABLE jb3 AS SELECT v -> 'x' AS x, v ->> 'k' AS k FROM jb2;
SELECT * FROM jb3 ORDER BY x, k;
DROP TABLE jb, jb2, jb3;
-- paths and key lists (text[])
SELECT '{"a": [1, {"b": 2}]}'::jsonb #> '{a,1,b}', '{"a": [1, {"b": 2}]}'::jsonb #>> '{a,1}', '[1,2,3]'::jsonb #> '{-1}',
       '42'::jsonb #> '{0}', '42'::jsonb #> '{}', '"foo"'::jsonb #>> '{}', 'null'::jsonb #>> '{}' IS NULL AS json_null,
       '{"a": 1}'::jsonb #> ARRAY['a', NULL] IS NULL AS null_elem, '[1,2]'::jsonb #> '{+1}', '{"a": [1]}'::jsonb #> '{a,x}' IS NULL AS bad_index;
SELECT jsonb_extract_path('{"f2": {"f3": 1}, "f4": {"f5": 99, "f6": "stringy"}}', 'f4', 'f6'),
       jsonb_extract_path_text('{"f2": ["f3", 1]}', 'f2', 1::text), jsonb_extract_path('{"a": 1}') AS whole;
SELECT '{"a": 1, "b": 2}'::jsonb ?| '{b,c}', '{"a": 1, "b": 2}'::jsonb ?& '{a,c}', '["a"]'::jsonb ?| '{a}',
       '{"a": 1}'::jsonb ?& '{}'::text[], '{"a": 1}'::jsonb ?| '{}'::text[], '{"a": 1}'::jsonb ?& ARRAY['a', NULL];
SELECT '{"a": 1, "b": 2, "c": 3}'::jsonb - '{a,c}'::text[], '["a", "b", "a"]'::jsonb - '{a}'::text[],
       jsonb_delete('{"a": 1, "b": 2}', 'a'), jsonb_delete('{"a": 1, "b": 2, "c": 3}', 'a', 'b');
SELECT '{"a": [1, 2]}'::jsonb #- '{a,0}', '{"a": [1, 2]}'::jsonb #- '{a,-1}', '{"a": [1, 2]}'::jsonb #- '{b}',
       '[1]'::jsonb #- '{}', '[]'::jsonb #- '{a}', '{}'::jsonb #- '{a,b}';
SELECT '[1]'::jsonb #- '{x}';
SELECT '1'::jsonb #- '{x}';
SELECT jsonb_set('[1, 2, 3]', '{5}', '9'), jsonb_set('[1, 2, 3]', '{-5}', '9'), jsonb_set('[1, 2, 3]', '{-1}', '9'),
       jsonb_set('[1, 2, 3]', '{5}', '9', false), jsonb_set('{"a": {"b": 1}}', '{a,c}', '9'), jsonb_set('{"a": {"b": 1}}', '{x,c}', '9'),
       jsonb_set('{"a": 1}', '{}', '9'), jsonb_set('{"a": [1, {"b": 2}]}', '{a,1,b}', '[3]'), jsonb_set('[]', '{3}', '1');
SELECT jsonb_set('1', '{a}', '9');
SELECT jsonb_set('[1]', '{a}', '9');
SELECT jsonb_set('{"a": 1}', '{NULL}', '9');
SELECT jsonb_set(jsonb_in => '{"a": 1}', path => '{b}', replacement => '2', create_if_missing => false),
       jsonb_set('{"a": 1}', replacement => '2', path => '{b}', jsonb_in => '{}');
SELECT jsonb_insert('[1, 2, 3]', '{1}', '9'), jsonb_insert('[1, 2, 3]', '{1}', '9', true), jsonb_insert('[1, 2, 3]', '{-1}', '9', true),
       jsonb_insert('[1, 2, 3]', '{10}', '9'), jsonb_insert('{"a": [1]}', '{b}', '9'), jsonb_insert('{"a": [1]}', '{a,0}', '"x"');
SELECT jsonb_insert('{"a": 1}', '{a}', '9');
SELECT jsonb_set_lax('{"a": 1}', '{a}', NULL, true, 'delete_key'), jsonb_set_lax('{"a": 1}', '{a}', NULL),
       jsonb_set_lax('{"a": 1}', '{a}', NULL, true, 'return_target'), jsonb_set_lax('{"a": 1}', '{a}', '5'),
       jsonb_set_lax(NULL, '{a}', '5') IS NULL AS null_target;
SELECT jsonb_set_lax('{"a": 1}', '{a}', NULL, true, 'raise_exception');
SELECT jsonb_set_lax('{"a": 1}', '{a}', NULL, true, 'bogus');
SELECT jsonb_object('{a,1,b,2,3,NULL,"d e f","a b c"}'), jsonb_object('{{a,1},{b,2}}'), jsonb_object('{a,b}', '{1,2}'), jsonb_object('{}');
SELECT jsonb_object('{a,b,c}');
SELECT jsonb_object('{{a},{b}}');
SELECT jsonb_object('{a,NULL}', '{1,2}');
SELECT jsonb_object('{a,b}', '{1}');
SELECT to_jsonb('{{1,2},{3,NULL}}'::int[]), to_jsonb('{}'::text[]), jsonb_build_object('tags', '{x,y}'::text[]),
       to_jsonb(ARRAY['2024-01-02'::date, NULL]), to_jsonb(ARRAY['{"a":1}'::json]);
