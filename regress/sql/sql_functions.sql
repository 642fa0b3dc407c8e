--
-- User-defined SQL functions and procedures: definitions, calls by position and by name,
-- defaults, STRICT, overloads, bodies reading tables, catalog rows and errors
--
CREATE TABLE sf_items (id int, name text, price numeric(10,2));
INSERT INTO sf_items VALUES (1, 'pen', 1.50), (2, 'ink', 3.25), (3, 'pad', 2.00);
CREATE FUNCTION sf_add1(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + 1 $$;
SELECT sf_add1(41), sf_add1(NULL), sf_add1('7');
CREATE FUNCTION sf_add(int, int) RETURNS int AS 'SELECT $1 + $2' LANGUAGE sql;
SELECT sf_add(2, 3), sf_add(sf_add1(1), 10);
CREATE FUNCTION sf_sq(x numeric) RETURNS numeric RETURN x * x;
SELECT sf_sq(3), sf_sq(1.5);
SELECT id, sf_add1(id), sf_sq(price) FROM sf_items ORDER BY id;
SELECT sum(sf_add(id, 1)) FROM sf_items WHERE sf_add1(id) > 2;
-- a body reading a table, called for every row
CREATE FUNCTION sf_name(i int) RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM sf_items WHERE id = i $$;
SELECT id, sf_name(id), sf_name(id + 1) FROM sf_items ORDER BY id;
SELECT sf_name(2), sf_name(99);
-- parameters referenced by the function's name, and columns shadowing parameters
CREATE FUNCTION sf_qual(id int) RETURNS text LANGUAGE sql AS $$ SELECT name FROM sf_items WHERE sf_items.id = sf_qual.id $$;
SELECT sf_qual(3);
-- defaults and named notation
CREATE FUNCTION sf_scale(a int, b int DEFAULT 10, c int DEFAULT 1) RETURNS int LANGUAGE sql RETURN a * b + c;
SELECT sf_scale(2), sf_scale(2, 3), sf_scale(2, 3, 4), sf_scale(a => 2, c => 5), sf_scale(2, c => 0);
-- STRICT: NULL in, NULL out, without running the body
CREATE FUNCTION sf_strict(a int) RETURNS int LANGUAGE sql STRICT RETURN coalesce(a, 99);
CREATE FUNCTION sf_lax(a int) RETURNS int LANGUAGE sql RETURN coalesce(a, 99);
SELECT sf_strict(NULL), sf_strict(1), sf_lax(NULL);
-- overloads resolved by argument types
CREATE FUNCTION sf_kind(int) RETURNS text LANGUAGE sql RETURN 'int';
CREATE FUNCTION sf_kind(text) RETURNS text LANGUAGE sql RETURN 'text';
CREATE FUNCTION sf_kind(numeric, numeric) RETURNS text LANGUAGE sql RETURN 'two numerics';
SELECT sf_kind(1), sf_kind('x'), sf_kind(1.5, 2), sf_kind(1, 2);
-- the result is coerced to the declared type
CREATE FUNCTION sf_half(n int) RETURNS int LANGUAGE sql AS $$ SELECT n / 2.0 $$;
SELECT sf_half(5);
-- VARIADIC
CREATE FUNCTION sf_total(VARIADIC xs int[]) RETURNS int LANGUAGE sql AS $$ SELECT sum(x)::int FROM unnest(xs) AS x $$;
SELECT sf_total(1, 2, 3), sf_total(4);
SELECT sf_total(VARIADIC ARRAY[4, 5]);
-- SQL-standard bodies
CREATE FUNCTION sf_atomic(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a * 3; END;
SELECT sf_atomic(4);
-- set-returning functions and functions in FROM
CREATE FUNCTION sf_upto(k int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT id FROM sf_items WHERE id <= k ORDER BY id $$;
SELECT * FROM sf_upto(2);
SELECT u.x FROM sf_upto(3) AS u(x) ORDER BY 1;
SELECT g.* FROM sf_upto(1) g;
CREATE FUNCTION sf_cheap(max_price numeric) RETURNS TABLE(item text, cost numeric) LANGUAGE sql AS $$ SELECT name, price FROM sf_items WHERE price <= max_price $$;
SELECT * FROM sf_cheap(2.00) ORDER BY item;
SELECT c.item FROM sf_cheap(5) c WHERE c.cost > 1.75 ORDER BY 1;
CREATE FUNCTION sf_one(k int, OUT item text, OUT cost numeric) LANGUAGE sql AS $$ SELECT name, price FROM sf_items WHERE id = k $$;
SELECT * FROM sf_one(2);
SELECT * FROM sf_add1(10);
SELECT i.id, a FROM sf_items i, sf_add1(i.id) a ORDER BY 1;
SELECT i.id, u FROM sf_items i, sf_upto(2) u WHERE i.id = 1 ORDER BY 2;
SELECT count(*) FROM sf_items WHERE id IN (SELECT * FROM sf_upto(2));
CREATE FUNCTION sf_all() RETURNS SETOF sf_items LANGUAGE sql STABLE AS $$ SELECT * FROM sf_items ORDER BY id $$;
SELECT * FROM sf_all();
SELECT name FROM sf_all() WHERE id = 2;
CREATE FUNCTION sf_row(i int) RETURNS sf_items LANGUAGE sql AS $$ SELECT * FROM sf_items WHERE id = i $$;
SELECT * FROM sf_row(1);
CREATE FUNCTION sf_bad() RETURNS SETOF sf_items LANGUAGE sql AS $$ SELECT id FROM sf_items $$;
DROP FUNCTION sf_all(), sf_row(int);
CREATE FUNCTION sf_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM sf_items $$;
SELECT sf_count(), (SELECT sf_count() + 1);
-- check_function_bodies off (as pg_dump sets it) defers the check of the body to the call
SET check_function_bodies = off;
CREATE FUNCTION sf_later() RETURNS int LANGUAGE sql AS $$ SELECT x FROM sf_not_yet $$;
RESET check_function_bodies;
SELECT sf_later();
CREATE TABLE sf_not_yet (x int);
INSERT INTO sf_not_yet VALUES (7);
SELECT sf_later();
DROP FUNCTION sf_later();
DROP TABLE sf_not_yet;
-- CREATE OR REPLACE, ALTER, COMMENT
CREATE OR REPLACE FUNCTION sf_add1(a int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + 100 $$;
SELECT sf_add1(1);
COMMENT ON FUNCTION sf_add1(int) IS 'adds a hundred';
SELECT obj_description('sf_add1'::regproc, 'pg_proc');
ALTER FUNCTION sf_sq(numeric) RENAME TO sf_square;
SELECT sf_square(4);
ALTER FUNCTION sf_square(numeric) STABLE STRICT;
CREATE SCHEMA sf_other;
ALTER FUNCTION sf_square(numeric) SET SCHEMA sf_other;
SELECT sf_other.sf_square(5);
-- procedures
CREATE PROCEDURE sf_put(i int, n text) LANGUAGE sql AS $$ INSERT INTO sf_items VALUES (i, n, 0) $$;
CALL sf_put(10, 'cup');
SELECT * FROM sf_items WHERE id = 10;
-- views calling a function depend on it
CREATE VIEW sf_view AS SELECT id, sf_add1(id) AS next FROM sf_items;
SELECT * FROM sf_view ORDER BY id;
CREATE FUNCTION sf_tenfold(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x * 10;
CREATE VIEW sf_view2 AS SELECT id, sf_tenfold(id) AS big FROM sf_items;
DROP FUNCTION sf_tenfold(int);
DROP FUNCTION sf_tenfold(int) CASCADE;
SELECT * FROM sf_view2;
-- EXECUTE privilege
CREATE ROLE regress_sf_user;
CREATE FUNCTION sf_secret() RETURNS int LANGUAGE sql RETURN 42;
REVOKE EXECUTE ON FUNCTION sf_secret() FROM PUBLIC;
SET ROLE regress_sf_user;
SELECT sf_secret();
RESET ROLE;
GRANT EXECUTE ON FUNCTION sf_secret() TO regress_sf_user;
SELECT proacl FROM pg_proc WHERE proname = 'sf_secret';
SET ROLE regress_sf_user;
SELECT sf_secret();
RESET ROLE;
DROP FUNCTION sf_secret();
DROP ROLE regress_sf_user;
-- catalog rows and psql
SELECT proname, prokind, provolatile, proisstrict, pronargs, pronargdefaults, prorettype::regtype, proargtypes::regtype[], proargnames, prosrc
FROM pg_proc WHERE proname LIKE 'sf\_%' ORDER BY proname, pronargs;
SELECT pg_get_function_arguments('sf_scale'::regproc), pg_get_function_identity_arguments('sf_scale'::regproc), pg_get_function_result('sf_scale'::regproc);
SELECT 'sf_add(int,int)'::regprocedure, 'sf_add(int,int)'::regprocedure::oid = (SELECT oid FROM pg_proc WHERE proname = 'sf_add');
SELECT pg_get_functiondef('sf_add1'::regproc);
SELECT pg_get_functiondef('sf_scale'::regproc);
SELECT pg_get_functiondef('sf_put'::regproc);
\df sf_*
\df+ sf_add1
\sf sf_add
-- errors
CREATE FUNCTION sf_add1(a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE OR REPLACE FUNCTION sf_add1(a int) RETURNS bigint LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION sf_bad() RETURNS int LANGUAGE sql AS $$ SELECT 'abc'::text $$;
CREATE FUNCTION sf_bad() RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$;
CREATE FUNCTION sf_bad() RETURNS int LANGUAGE sql AS $$ SELECT FROM sf_nosuch $$;
CREATE FUNCTION sf_bad() RETURNS int LANGUAGE nosuchlang AS $$ SELECT 1 $$;
CREATE FUNCTION sf_bad() RETURNS int AS $$ SELECT 1 $$;
CREATE FUNCTION sf_bad(a int DEFAULT 1, b int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION sf_bad(a int, a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION sf_bad() RETURNS int LANGUAGE sql AS $$ SELECT sf_bad() $$;
SELECT sf_nosuch(1);
SELECT sf_add('a', 'b');
SELECT sf_add(1);
SELECT sf_put(1, 'x');
CALL sf_add1(1);
DROP FUNCTION sf_kind;
DROP FUNCTION sf_kind(bigint);
DROP FUNCTION IF EXISTS sf_kind(bigint);
DROP FUNCTION sf_nosuch;
DROP FUNCTION sf_put(int, text);
DROP PROCEDURE sf_put(int, text);
DROP FUNCTION sf_kind(int), sf_kind(text);
SELECT sf_kind(1);
DROP FUNCTION sf_kind(numeric, numeric);
SELECT count(*) FROM pg_proc WHERE proname = 'sf_kind';
DROP FUNCTION sf_other.sf_square(numeric);
DROP SCHEMA sf_other;
DROP FUNCTION sf_upto, sf_cheap, sf_one, sf_count;
DROP FUNCTION sf_add1, sf_add, sf_name, sf_qual, sf_scale, sf_strict, sf_lax, sf_half, sf_total, sf_atomic;
DROP VIEW sf_view;
DROP FUNCTION sf_add1, sf_add, sf_name, sf_qual, sf_scale, sf_strict, sf_lax, sf_half, sf_total, sf_atomic;
DROP TABLE sf_items;
