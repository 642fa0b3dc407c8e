-- Set-returning functions in the SELECT list (evaluated in lockstep after grouping) and in
-- FROM with arguments reading earlier FROM items (implicitly LATERAL).
SELECT generate_series(1, 3);
SELECT x, generate_series(1, x) AS g FROM generate_series(1, 3) x ORDER BY x, g;
SELECT generate_series(1, 2) AS a, generate_series(1, 4) AS b;
SELECT generate_series(1, 0) AS none, 7 AS seven;
SELECT x, generate_series(x, 2) AS g FROM generate_series(1, 3) x ORDER BY 1, 2;
SELECT count(*) AS n, generate_series(1, count(*)::int) AS g FROM generate_series(1, 3);
SELECT x % 2 AS parity, generate_series(1, sum(x)::int) AS g FROM generate_series(1, 4) x GROUP BY 1 ORDER BY 1, 2;
SELECT generate_series(1, 3) + 10 AS plus, -generate_series(1, 2) AS neg;
SELECT DISTINCT generate_series(1, 3) % 2 AS m ORDER BY 1;
SELECT generate_series(1, 5) AS g ORDER BY g DESC LIMIT 2;
SELECT generate_series(1, NULL::int);
SELECT g, h FROM generate_series(1, 3) g, generate_series(1, g) h ORDER BY g, h;
SELECT g, h FROM generate_series(1, 2) g, generate_series(10, 11) h ORDER BY g, h;
SELECT * FROM generate_series(1, 2) AS g(x), generate_series(x, 3) AS h(y) ORDER BY x, y;
-- errors
SELECT 1 WHERE generate_series(1, 2) > 1;
SELECT sum(generate_series(1, 3));
SELECT 'still working' AS s;
-- json sets
SELECT jsonb_each('{"a": "x y", "b": null, "c": [1, "("]}');
SELECT jsonb_each_text('{"a": "x y", "b": null, "c": [1, "("]}');
SELECT json_each('{"a": "x y", "b": null, "c": [1, "("]}');
SELECT json_each_text('{"a": "x y", "b": null, "c": [1, "("]}');
SELECT * FROM jsonb_each('{"b": [2], "a": 1}') q;
SELECT * FROM jsonb_each_text('{"b": [2], "a": 1, "n": null}') AS q(k, v);
SELECT * FROM json_each('{"b": [ 2 ], "a": 1, "b": "dup"}') q;
SELECT * FROM json_each_text('{"b": [ 2 ], "a": "\u00e9", "n": null}');
SELECT * FROM jsonb_array_elements('[1, "a", {"b": [2]}, null]');
SELECT * FROM jsonb_array_elements_text('[1, "a", {"b": [2]}, null]') q;
SELECT jsonb_array_elements_text('[1, "a", {"b": [2]}, null]') IS NULL AS is_null;
SELECT * FROM json_array_elements(' [ 1 , "a" , {"b" : [2]} , null ] ');
SELECT * FROM json_array_elements_text('[1, "a\n", {"b": [2]}, null]');
SELECT jsonb_object_keys('{"bb": 1, "a": 2, "ccc": {"x": 1}}');
SELECT json_object_keys('{"bb": 1, "a": 2, "bb": 3}');
SELECT * FROM jsonb_each('[1]');
SELECT * FROM jsonb_array_elements('{"a": 1}');
SELECT * FROM jsonb_array_elements('1');
SELECT jsonb_object_keys('[1]');
SELECT jsonb_object_keys('1');
SELECT * FROM json_each('[1]');
SELECT * FROM json_each('1');
SELECT * FROM json_array_elements('{}');
SELECT * FROM json_array_elements('1');
SELECT json_object_keys('[]');
SELECT json_object_keys('"x"');
-- over a table, in the SELECT list and in FROM
CREATE TABLE docs (id int, d jsonb);
INSERT INTO docs VALUES (1, '{"a": 1, "b": [1, 2]}'), (2, '{"c": {"x": true}}'), (3, NULL), (4, '{}');
SELECT id, jsonb_object_keys(d) AS k FROM docs ORDER BY id, k;
SELECT id, k, v, jsonb_typeof(v) FROM docs, jsonb_each(docs.d) AS e(k, v) ORDER BY id, k;
SELECT id, e.key, elem FROM docs, jsonb_each(d) e, jsonb_array_elements(e.value) elem WHERE jsonb_typeof(e.value) = 'array' ORDER BY 1, 2, 3;
SELECT k, count(*) FROM docs, jsonb_object_keys(d) k GROUP BY k ORDER BY k;
DROP TABLE docs;
