-- SQL/JSON path evaluation: jsonb_path_query, _query_array, _query_first, _exists,
-- _match, and the @? and @@ operators, in lax and strict mode.
SELECT jsonb_path_query('{"a": [1, 2, 3, {"b": 4}]}', '$.a[*] ? (@ > 1)');
SELECT jsonb_path_query('{"a": [1, 2, 3, {"b": 4}]}', '$.a.b');
SELECT jsonb_path_query('{"a": [1, 2, 3, {"b": 4}]}', 'strict $.a.b');
SELECT jsonb_path_query('{"a": [1, 2, 3, {"b": 4}]}', 'strict $.a.b', silent => true);
SELECT jsonb_path_query('{"a": 1}', 'strict $.b');
SELECT jsonb_path_query('{"a": 1}', 'lax $.b');
SELECT jsonb_path_query('[1, 2]', 'strict $[5]');
SELECT jsonb_path_query('[1, 2]', 'lax $[5]');
SELECT jsonb_path_query('1', 'strict $[*]');
SELECT jsonb_path_query('1', 'lax $[*]'), jsonb_path_query('1', 'lax $[0]');
SELECT jsonb_path_query('{"a": 1}', 'strict $.*'), jsonb_path_query('[{"a": 1}, {"b": 2}]', 'lax $.*');
SELECT jsonb_path_query('[1, 2, 3, 4, 5]', '$[1 to 3, last]');
SELECT jsonb_path_query('[1, 2, 3, 4, 5]', '$[last - 1]');
SELECT jsonb_path_query('[1, 2, 3]', '$[$.size()]');
SELECT jsonb_path_query('[1, 2, 3]', '$["a"]');
SELECT jsonb_path_query('{"a": {"b": {"c": 1}}, "d": [2, {"c": 3}]}', '$.**.c');
SELECT jsonb_path_query('{"a": {"b": {"c": 1}}}', '$.**{1 to 2}');
SELECT jsonb_path_query('{"a": {"b": {"c": 1}}}', '$.**{last}');
SELECT jsonb_path_query('[1, "a", null, true, [2], {"k": 3}]', '$[*].type()');
SELECT jsonb_path_query('{"a": 1.5, "b": -1.5, "c": [1, 2, 3]}', '$.a.floor()'), jsonb_path_query('{"a": 1.5, "b": -1.5}', '$.b.abs()'),
       jsonb_path_query('{"a": 1.5, "b": -1.5}', '$.b.ceiling()'), jsonb_path_query('{"c": [1, 2, 3]}', '$.c.size()');
SELECT jsonb_path_query('"1.50"', '$.double()'), jsonb_path_query('2', '$.double()');
SELECT jsonb_path_query('"x"', '$.double()');
SELECT jsonb_path_query('"x"', '$.floor()');
SELECT jsonb_path_query('{"a": 2}', '$.a + 3'), jsonb_path_query('{"a": 2}', '$.a * 2.5 - 1'), jsonb_path_query('{"a": 7}', '$.a / 2'),
       jsonb_path_query('{"a": 7}', '$.a % 4'), jsonb_path_query('[1, 2]', '-$[*]');
SELECT jsonb_path_query('{"a": 2}', '$.a / 0');
SELECT jsonb_path_query('[1, 2]', '$[*] + 1');
SELECT jsonb_path_query('{"a": "x"}', '-$.a');
SELECT jsonb_path_query('{"a": [1, 2, 3]}', '$.a[*] ? (@ >= $min && @ <= $max)', '{"min": 2, "max": 3}');
SELECT jsonb_path_query('{"a": 1}', '$.a ? (@ == $nope)');
SELECT jsonb_path_query('{"a": 1}', '$ ? (@.a == $x)', '[1]');
SELECT jsonb_path_query('{"s": "hello"}', '$.s ? (@ starts with "he")'), jsonb_path_query('{"s": "hello"}', '$.s ? (@ like_regex "L+" flag "i")'),
       jsonb_path_query('{"s": "hello"}', '$ ? (@.s starts with $p)', '{"p": "hel"}');
SELECT jsonb_path_query('[1, "a", null, true, [1], {}]', '$[*] ? (@ == null)'), jsonb_path_query('[1, "a", null]', '$[*] ? (@ != null)');
SELECT jsonb_path_query('[1, "a", 2]', 'strict $[*] ? (@ > 0)'), jsonb_path_query('[1, "a", 2]', 'lax $[*] ? ((@ > 1) is unknown)');
SELECT jsonb_path_query('[{"a": [1, 5]}, {"a": [2]}]', '$[*] ? (@.a[*] > 4)');
SELECT jsonb_path_query('[{"a": [1, 5]}, {"a": [2]}]', '$[*] ? (exists(@.a ? (@ == 2)))');
SELECT jsonb_path_query('[{"a": 1}, {"b": 2}]', '$[*] ? (!exists(@.a))');
SELECT jsonb_path_query('{"a": 1}', '$.a == 1'), jsonb_path_query('{"a": 1}', '$.a == "x"'), jsonb_path_query('{"a": 1}', '$.b == 1');
SELECT jsonb_path_query_array('{"a": [1, 2, 3]}', '$.a[*] + 10'), jsonb_path_query_array('{"a": [1, 2, 3]}', '$.b'),
       jsonb_path_query_first('{"a": [1, 2, 3]}', '$.a[last]'), jsonb_path_query_first('{"a": [1, 2, 3]}', '$.b') IS NULL AS none;
SELECT jsonb_path_exists('{"a": [1, 2, 3]}', '$.a[*] ? (@ == 2)'), jsonb_path_exists('{"a": 1}', '$.b'),
       jsonb_path_exists('{"a": 1}', 'strict $.b', silent => true) IS NULL AS silent_null;
SELECT jsonb_path_exists('{"a": 1}', 'strict $.b');
SELECT jsonb_path_match('{"a": [1, 2, 3]}', 'exists($.a[*] ? (@ == 2))'), jsonb_path_match('{"a": 1}', '$.a > 0'),
       jsonb_path_match('{"a": "x"}', '$.a > 0') IS NULL AS unknown;
SELECT jsonb_path_match('1', '$');
SELECT jsonb_path_match('1', '$', silent => true) IS NULL AS silent_null;
SELECT '{"a": 1}'::jsonb @? '$.a', '{"a": 1}'::jsonb @? '$.b', '{"a": 1}'::jsonb @@ '$.a == 1', '{"a": 1}'::jsonb @@ '$.a' IS NULL AS not_bool;
SELECT * FROM jsonb_path_query('{"a": [{"b": 1}, {"b": 2}]}', '$.a[*].b') q;
SELECT jsonb_path_query('[1, 2]', '$[*]', vars => '{}', silent => false);
-- a column of documents
CREATE TABLE jp (id int, j jsonb);
INSERT INTO jp VALUES (1, '{"wait": null, "age": 25, "tags": ["x", "bar"]}'), (2, '{"wait": "CC", "public": true, "age": 25.0}'),
  (3, '{"age": 31, "tags": []}'), (4, '[1, 2]'), (5, NULL);
SELECT id FROM jp WHERE j @@ '$.wait == null' ORDER BY id;
SELECT id FROM jp WHERE j @@ '$.age == 25' ORDER BY id;
SELECT id FROM jp WHERE j @? '$.tags[*] ? (@ == "bar")' ORDER BY id;
SELECT id FROM jp WHERE j @@ 'exists($.public) || exists($.tags)' ORDER BY id;
SELECT id, jsonb_path_query_array(j, '$.tags[*]') FROM jp ORDER BY id;
SELECT id, jsonb_path_query(j, '$.age') FROM jp ORDER BY id;
DROP TABLE jp;
-- jsonpath values
SELECT '$.a ? (@ > 1 && @ < 5)'::jsonpath, 'strict $[*]'::jsonpath::text, '$.a'::jsonpath = '$.a'::jsonpath;
