-- Composite types: CREATE TYPE name AS (...), their values (literals, ROW casts, field
-- selection, arrays of them, table columns), catalog rows, DROP TYPE, and the row types of
-- tables.
CREATE TYPE comp_pair AS (a int, b text);
CREATE TYPE comp_nest AS (id int, p comp_pair, ps comp_pair[], ts timestamp);
SELECT '(1,abc)'::comp_pair, '(,)'::comp_pair, '( 2 ,"x y")'::comp_pair, '(3,"")'::comp_pair;
SELECT ('(1,abc)'::comp_pair).a, ('(1,"q""uote\\d")'::comp_pair).b;
SELECT (ROW(7, 'seven')::comp_pair).*;
SELECT ROW(1, ROW(2, 'two'), ARRAY[ROW(3, 'three')::comp_pair, NULL], '2020-01-02 03:04:05')::comp_nest;
SELECT '(1,"(2,two)","{""(3,three)""}",)'::comp_nest;
SELECT CAST(ROW(1, 2) AS comp_pair), ROW('4', 5)::comp_pair;
SELECT NULL::comp_pair IS NULL, ROW(NULL, NULL)::comp_pair IS NULL;
SELECT pg_typeof('(1,a)'::comp_pair), pg_typeof(ARRAY['(1,a)'::comp_pair]);
SELECT '(1,a)'::comp_pair::text, '{"(1,a)","(2,b)"}'::comp_pair[];
SELECT to_json('(1,a)'::comp_pair), row_to_json(ROW(1, 'x')::comp_pair), to_jsonb(ARRAY['(1,a)'::comp_pair]);
SELECT '(1,a)'::comp_pair = '(1,a)'::comp_pair, '(1,a)'::comp_pair < '(1,b)'::comp_pair;
-- errors
SELECT 'x'::comp_pair;
SELECT '(1,a,b)'::comp_pair;
SELECT '(1)'::comp_pair;
SELECT '(1,a) x'::comp_pair;
SELECT '(1,"a'::comp_pair;
SELECT '(x,a)'::comp_pair;
SELECT ROW(1, 'a', 3)::comp_pair;
SELECT ROW(1)::comp_pair;
SELECT ('(1,a)'::comp_pair).c;
CREATE TYPE comp_pair AS (z int);
CREATE TYPE comp_dup AS (a int, a text);
-- table columns
CREATE TABLE comp_t (k int, p comp_pair, ps comp_pair[]);
INSERT INTO comp_t VALUES (1, ROW(1, 'one'), ARRAY[ROW(10, 'ten')::comp_pair]),
  (2, '(2,two)', '{"(20,twenty)",NULL}'), (3, NULL, NULL), (4, ROW(NULL, NULL), '{}');
SELECT * FROM comp_t ORDER BY k;
SELECT k, (p).a, (p).b, ps[1], (ps[1]).b FROM comp_t ORDER BY p, k;
SELECT p, count(*) FROM comp_t GROUP BY p ORDER BY p;
UPDATE comp_t SET p = ROW((p).a + 100, upper((p).b)) WHERE k <= 2;
SELECT * FROM comp_t ORDER BY k;
-- catalogs
SELECT t.typname, t.typtype, t.typcategory, c.relkind IS NULL AS no_class, e.typname AS elem
  FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid LEFT JOIN pg_type e ON e.oid = t.typelem
  WHERE t.typname IN ('comp_pair', '_comp_pair') ORDER BY 1;
SELECT format_type('comp_pair'::regtype, NULL), format_type('comp_pair[]'::regtype, NULL);
-- dependencies
DROP TYPE comp_pair;
DROP TABLE comp_t;
DROP TYPE comp_pair;
DROP TYPE comp_nest, comp_pair;
-- row types of tables
CREATE TABLE comp_rowtype (x int, y text);
SELECT NULL::comp_rowtype, ROW(1, 'a')::comp_rowtype;
SELECT (ROW(1, 'a')::comp_rowtype).y;
DROP TABLE comp_rowtype;
-- arrays of records
SELECT array_agg(x) || array_agg(x) FROM (VALUES (ROW(1, 2)), (ROW(3, 4))) v(x);
SELECT ROW(1, 2) || array_agg(x) FROM (VALUES (ROW(3, 4)), (ROW(5, 6))) v(x);
-- a type may take the name of another's array type
CREATE TYPE comp_arr AS (f1 int);
CREATE TYPE _comp_arr AS ENUM ('fooey');
SELECT '{"(1)"}'::comp_arr[], 'fooey'::_comp_arr;
DROP TYPE _comp_arr;
DROP TYPE comp_arr;
