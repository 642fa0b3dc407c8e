-- jsonb subscripting: reads follow a path like #>, subscripted UPDATE/INSERT targets
-- rewrite the value, creating what the path lacks.
CREATE TABLE js (id int, j jsonb);
INSERT INTO js VALUES (1, '{"a": {"b": [10, 20, {"c": "deep"}]}, "k": "v"}'), (2, '[1, "2", null]'), (3, NULL), (4, '7');
SELECT id, j['a'], j['a']['b'][1], j['a']['b'][-1]['c'], j[0], j['1'] FROM js ORDER BY id;
SELECT id, j['a']['b'][2]['c'] = '"deep"' AS deep, j[NULL] IS NULL AS null_sub FROM js ORDER BY id;
SELECT ('{"1": "one"}'::jsonb)[1], ('{"a": 1}'::jsonb)[('a')::varchar];
SELECT id FROM js WHERE j['k'] = '"v"';
SELECT j['a']['b'] AS b FROM js WHERE id = 1;
-- subscript types
SELECT ('[1, 2]'::jsonb)[1.0];
SELECT ('[1, 2]'::jsonb)[true];
SELECT ('[1, 2]'::jsonb)[1::int8];
SELECT ('[1, 2]'::jsonb)[1::int2];
SELECT ('[1, 2]'::jsonb)[1:2];
SELECT ('[1, 2]'::jsonb)[:];
SELECT ('[1, 2]'::jsonb)[0]['x'][1:];
SELECT (1)[1];
-- assignment
UPDATE js SET j['a']['b'][1] = '"twenty"' WHERE id = 1;
UPDATE js SET j['new'] = '{"x": [1]}', j['new']['x'][3] = 'true' WHERE id = 1;
UPDATE js SET j[5] = '5', j[-6] = '"first"' WHERE id = 2;
UPDATE js SET j['created'][2]['deep'] = '1' WHERE id = 3;
SELECT id, j FROM js ORDER BY id;
UPDATE js SET j[0] = '1' WHERE id = 4;
UPDATE js SET j['a']['b'][1]['x'] = '1' WHERE id = 1;
UPDATE js SET j[-20] = '1' WHERE id = 2;
UPDATE js SET j[NULL] = '1' WHERE id = 2;
UPDATE js SET j['a'] = 1 WHERE id = 1;
UPDATE js SET j['a'] = NULL WHERE id = 1;
UPDATE js SET j = NULL WHERE id = 3;
UPDATE js SET j[2] = '"from null"' WHERE id = 3;
INSERT INTO js (id, j['x'][1]) VALUES (5, '"inserted"');
SELECT id, j FROM js ORDER BY id;
-- the session works after the errors
SELECT count(*) FROM js WHERE j['a'] IS NOT NULL;
-- a plain function in FROM gives one row
SELECT * FROM repeat('ab', 3) s;
SELECT s, t FROM upper('x') s, lower(NULL) t;
SELECT g, r FROM generate_series(1, 3) g, LATERAL repeat('x', g) r ORDER BY g;
SELECT * FROM ROWS FROM (generate_series(1, 3), upper('a'), jsonb_each('{"a": 1, "b": 2}')) WITH ORDINALITY;
SELECT length(id::text), j[id::text] FROM (SELECT s AS id, jsonb_build_object(s, 'bar') AS j FROM repeat('xyzzy', 500) s) q;
DROP TABLE js;
