-- Records: ROW(...), whole-row references, field selection, comparison, and records as
-- json (row_to_json, to_json, json_agg).
CREATE TABLE rec_t (a int, b text, c jsonb, d numeric);
INSERT INTO rec_t VALUES (1, 'x', '{"k": [1, 2]}', 1.50), (2, NULL, NULL, NULL), (3, 'a "q" (b), c', '"s"', -0.1);
SELECT ROW(1, 'foo'), (1, 'a b', NULL), ROW(), ROW(ROW(1, 2), 'x');
SELECT rec_t FROM rec_t ORDER BY a;
SELECT rec_t.*, rec_t FROM rec_t WHERE a = 1;
SELECT row_to_json(rec_t), row_to_json(rec_t, true) FROM rec_t ORDER BY a;
SELECT row_to_json(ROW(1, 'foo')), to_json(ROW(1, 'a b', NULL)), to_jsonb(ROW(1, 'x', ROW(2, 'y')));
SELECT row_to_json(q) FROM (SELECT a, b AS "B c", ARRAY[a, a + 1] AS arr FROM rec_t) q ORDER BY a;
SELECT json_agg(q), jsonb_agg(q) FROM (SELECT a, b FROM rec_t ORDER BY a) q;
SELECT json_agg(ROW(x, x * 2)) FROM generate_series(1, 3) x;
SELECT array_agg(ROW(x, x::text)), to_json(array_agg(ROW(x, x::text))) FROM generate_series(1, 2) x;
SELECT row_to_json(q) FROM (SELECT $$a$$ || x AS b, y AS c,
    ARRAY[ROW(x.*, ARRAY[1, 2, 3]), ROW(y.*, ARRAY[4, 5, 6])] AS z
  FROM generate_series(1, 2) x, generate_series(4, 5) y) q;
SELECT json_build_object('r', ROW(1, 'two'), 'a', ARRAY[ROW(3)]), jsonb_build_array(ROW(true, NULL));
-- field selection
SELECT (rec_t).a, (rec_t).c, (ROW(1, 2)).f2 FROM rec_t ORDER BY 1;
SELECT (q).b, (q).a + 1 FROM (SELECT rec_t AS q FROM rec_t) s ORDER BY 2;
SELECT (jsonb_each('{"a": 1, "b": 2}')).key;
SELECT (jsonb_each('{"a": 1, "b": [2]}')).*;
SELECT (q).* FROM (SELECT rec_t AS q FROM rec_t WHERE a = 1) s;
SELECT (ROW(1, 2)).x;
SELECT (1).x;
SELECT (rec_t).nope FROM rec_t;
-- comparison
SELECT ROW(1, 2) = ROW(1, 2), (1, '2') = (1, 2), (1, 2) < (1, 3), (1, NULL) < (2, NULL), (1, NULL) < (1, 3),
  (1, 2, 3) <= (1, 2, 3), (2, 1) >= (1, 5), (1, 2) <> (1, NULL), (1, 2) = (1, NULL);
SELECT (1, NULL) IS DISTINCT FROM (1, NULL), (1, 2) IS NOT DISTINCT FROM (1, 3);
SELECT (1, 2) = (1, 2, 3);
SELECT a.rec_t = b.rec_t AS eq, a.rec_t < b.rec_t AS lt, a.a, b.a FROM rec_t a, rec_t b WHERE a.a <= 2 AND b.a <= 2 ORDER BY a.a, b.a;
SELECT r FROM (SELECT ROW(1, 'a'::text) r) s WHERE r = ROW(1, 'a'::text);
SELECT r FROM (SELECT ROW(1, 'a'::text) r) s WHERE r = ROW(1, 2);
SELECT r FROM (SELECT ROW(1, 'a'::text) r) s WHERE r = ROW(1);
-- grouping, DISTINCT and ordering by records
CREATE TABLE rec_g (a int, b text);
INSERT INTO rec_g VALUES (1, 'x'), (1, 'x'), (2, NULL), (2, NULL), (0, 'z');
SELECT rec_g, count(*) FROM rec_g GROUP BY rec_g ORDER BY rec_g;
SELECT DISTINCT ROW(a, b) FROM rec_g ORDER BY 1 DESC;
SELECT count(DISTINCT rec_g) FROM rec_g;
SELECT x FROM (SELECT ROW(1, 'a'::text) x UNION SELECT ROW(2, 'b'::text) UNION SELECT ROW(1, 'a'::text)) s ORDER BY x DESC;
-- records as text, and the record type
SELECT ROW(1, 'a b')::text, record_out(ROW(2, NULL)), pg_typeof(ROW(1, 2));
SELECT '(1,2)'::record;
SELECT record_in('(1,2)', 2249, -1);
CREATE TABLE rec_bad AS SELECT ROW(1, 2) r;
CREATE TABLE rec_bad (r record);
SELECT typname, typcategory, typtype, typinput, typoutput, typreceive, typsend, typelem, typarray
  FROM pg_type WHERE typname IN ('record', '_record', 'uuid', 'json', 'jsonb', 'jsonpath', '_jsonb') ORDER BY typname;
SELECT uuid_send('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), jsonb_send('{"a": 1}'), json_send('{"a":  1}'),
  jsonb_out('{"b":  2}'), uuid_in('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'), jsonpath_out('$.a  ? (@ > 1)');
SELECT count(*) FROM rec_t;
DROP TABLE rec_t, rec_g;
-- records of differing field types in one column meet in the common field types
SELECT r, r IS NULL AS isnull, r IS NOT NULL AS isnotnull
  FROM (VALUES (1, ROW(1, 2)), (1, ROW(NULL, NULL)), (1, NULL), (NULL, ROW(1, 2)), (NULL, NULL)) r(a, b);
SELECT * FROM (VALUES (ROW(1, 'a')), (ROW(NULL, NULL)), (ROW(2.5, 'b'))) v(x);
SELECT ROW(1, 2) UNION ALL SELECT ROW(NULL, NULL);
-- columns declared record in a column definition list take the returned records' shapes
SELECT q.a, q.b = ROW(2), q.c = ARRAY[ROW(3)], q.d = ROW(ROW(4)) FROM
  unnest(ARRAY[ROW(1, ROW(2), ARRAY[ROW(3)], ROW(ROW(4))), ROW(2, ROW(3), ARRAY[ROW(4)], ROW(ROW(5)))])
  AS q(a int, b record, c record[], d record);
SELECT * FROM unnest(ARRAY[ROW(1, ROW(2, 'x'))]) AS q(a int, b record);
