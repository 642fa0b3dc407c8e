-- json(b)_populate_record(set), json(b)_to_record(set) and column definition lists of
-- functions returning record in FROM.
CREATE TYPE jp_rec AS (a text, b int, c timestamp, arr int[], sub jsonb);
CREATE TYPE jp_outer AS (r jp_rec, rs jp_rec[], n numeric(5,2));
SELECT * FROM json_populate_record(NULL::jp_rec, '{"a": "x", "b": 2, "c": "2020-01-02", "arr": [1, null, 3], "sub": {"k": [1]}, "zz": 1}');
SELECT * FROM jsonb_populate_record(NULL::jp_rec, '{"a": [1, 2], "b": "3", "arr": [[1, 2], [3, 4]], "sub": null}');
SELECT * FROM json_populate_record(ROW('base', 1, '2001-02-03', '{9}', '{"s": 1}')::jp_rec, '{"b": 5}');
SELECT jsonb_populate_record(ROW('base', 1, NULL, NULL, NULL)::jp_rec, '{"a": "new"}');
SELECT (json_populate_record(NULL::jp_rec, '{"a": "only"}')).a;
SELECT * FROM json_populate_record(NULL::jp_rec, NULL), json_populate_record(ROW('k', 1, NULL, NULL, NULL)::jp_rec, NULL) q;
SELECT * FROM jsonb_populate_record(NULL::jp_outer, '{"r": {"a": "in", "arr": [5]}, "rs": [{"b": 1}, null, "(s,2,,,)"], "n": 1.234}');
SELECT * FROM json_populate_recordset(NULL::jp_rec, '[{"a": "r1", "b": 1}, {"a": "r2", "arr": []}, {}]');
SELECT * FROM jsonb_populate_recordset(ROW('d', 0, NULL, NULL, NULL)::jp_rec, '[{"a": "r1"}, {"b": 9}]') ORDER BY b;
SELECT jsonb_populate_recordset(NULL::jp_rec, '[{"a": "r1"}, {"b": 9}]');
SELECT * FROM json_to_record('{"a": 1, "b": "two", "c": [1, 2], "d": {"x": 1}}') AS x(a int, b text, c int[], d json, e text);
SELECT * FROM jsonb_to_record('{"a": 1, "b": {"c": "d"}}') AS x(a numeric, b jsonb);
SELECT * FROM json_to_recordset('[{"a": 1, "b": "x"}, {"a": 2}, {"b": "z"}]') AS x(a int, b text) ORDER BY a;
SELECT * FROM jsonb_to_recordset('[{"t": "2020-01-01 10:00"}]') AS x(t timestamptz, missing int);
SELECT x.* FROM (VALUES ('{"a": 1}'::jsonb), ('{"a": 2}')) v(j), jsonb_to_record(v.j) AS x(a int) ORDER BY 1;
-- errors
SELECT * FROM json_populate_record(NULL::jp_rec, '{"arr": 1}');
SELECT * FROM json_populate_record(NULL::jp_rec, '{"arr": [[1], 2]}');
SELECT * FROM jsonb_populate_record(NULL::jp_rec, '{"arr": [[1, 2], [3]]}');
SELECT * FROM json_populate_record(NULL::jp_rec, '{"b": "x"}');
SELECT * FROM json_populate_record(NULL::jp_outer, '{"r": 1}');
SELECT * FROM json_populate_record(NULL::jp_outer, '{"r": [1]}');
SELECT * FROM json_populate_record(NULL::jp_rec, '[1]');
SELECT * FROM jsonb_populate_recordset(NULL::jp_rec, '{"a": 1}');
SELECT * FROM jsonb_populate_recordset(NULL::jp_rec, '[1]');
SELECT json_populate_record(NULL::record, '{"a": 1}');
SELECT * FROM json_to_record('{"a": 1}');
SELECT * FROM generate_series(1, 2) AS x(a int);
SELECT * FROM json_to_record('{"a": 1}') AS x(a int, a text);
DROP TYPE jp_outer;
DROP TYPE jp_rec;
