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
