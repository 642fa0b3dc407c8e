-- Schemas: CREATE/ALTER/DROP SCHEMA, search_path resolution, qualified names.
CREATE SCHEMA app;
CREATE SCHEMA app;
CREATE SCHEMA IF NOT EXISTS app;
CREATE SCHEMA pg_mine;
CREATE SCHEMA AUTHORIZATION regress_schema_owner;
CREATE SCHEMA IF NOT EXISTS app CREATE TABLE x (a int);
SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'public') ORDER BY nspname;
SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'app';
SELECT 'app'::regnamespace::text, 'app'::regnamespace::oid = (SELECT oid FROM pg_namespace WHERE nspname = 'app');

-- qualified names everywhere
CREATE TABLE app.items (id int NOT NULL, name text);
CREATE TABLE public.items (id int, note text);
INSERT INTO app.items VALUES (1, 'one'), (2, 'two');
INSERT INTO items VALUES (10, 'public one');
UPDATE app.items SET name = 'TWO' WHERE id = 2;
DELETE FROM app.items WHERE id = 1;
SELECT * FROM app.items;
SELECT * FROM items;
SELECT i.id, p.note FROM app.items i, public.items p;
CREATE SEQUENCE app.seq START 5;
SELECT nextval('app.seq'), nextval('app.seq');
CREATE TYPE app.color AS ENUM ('red', 'green');
CREATE TABLE app.paint (c app.color, id serial);
INSERT INTO app.paint (c) VALUES ('green'), ('red');
SELECT * FROM app.paint ORDER BY c;
SELECT 'red'::app.color;
SELECT 'red'::color;
SELECT 1::nosuch.color;
CREATE TABLE nosuch.t (a int);
CREATE TABLE pg_catalog.t (a int);
SELECT relname, relnamespace::regnamespace FROM pg_class WHERE relname IN ('items', 'paint', 'seq') ORDER BY 2, 1;

-- the search path
SHOW search_path;
SELECT current_schema(), current_schemas(false), current_schemas(true);
SET search_path = app, public;
SELECT current_schema(), current_schemas(true);
SELECT * FROM items;
SELECT 'green'::color;
SELECT pg_table_is_visible('app.items'::regclass), pg_table_is_visible('public.items'::regclass);
CREATE TABLE created_here (a int);
CREATE VIEW app_view AS SELECT id, name FROM items;
SELECT relname, relnamespace::regnamespace FROM pg_class WHERE relname IN ('created_here', 'app_view');
\dt
SET search_path = missing, app;
SELECT current_schema(), current_schemas(false);
CREATE TABLE also_here (a int);
SELECT relnamespace::regnamespace FROM pg_class WHERE relname = 'also_here';
SET search_path = missing;
SELECT current_schema(), current_schemas(false);
CREATE TABLE nowhere (a int);
SELECT * FROM items;
RESET search_path;
-- a view keeps reading the relations it was created over
SELECT * FROM app.app_view;
SET search_path = "$user", public;
SELECT current_schemas(false);
RESET search_path;

-- renaming moves what the schema holds
ALTER SCHEMA app RENAME TO app2;
ALTER SCHEMA app RENAME TO app3;
ALTER SCHEMA app2 RENAME TO public;
SELECT * FROM app2.items;
SELECT * FROM app.items;
SELECT 'green'::app2.color;
\dn

-- dropping
DROP SCHEMA nosuch;
DROP SCHEMA IF EXISTS nosuch;
DROP SCHEMA public;
CREATE VIEW public.reads_app AS SELECT name FROM app2.items;
DROP SCHEMA app2;
DROP SCHEMA app2 RESTRICT;
CREATE SCHEMA empty_one;
DROP SCHEMA empty_one, app2 CASCADE;
SELECT count(*) FROM pg_class WHERE relname IN ('items', 'paint', 'reads_app', 'created_here');
SELECT count(*) FROM pg_type WHERE typname = 'color';
\dn
CREATE SCHEMA solo;
CREATE TABLE solo.t (a int);
DROP SCHEMA solo CASCADE;
BEGIN;
CREATE SCHEMA rolled_back;
CREATE TABLE rolled_back.t (a int);
ROLLBACK;
SELECT count(*) FROM pg_namespace WHERE nspname = 'rolled_back';
DROP TABLE items;

-- ALTER ... SET SCHEMA
CREATE SCHEMA mv;
CREATE TABLE movable (a int, b text);
INSERT INTO movable VALUES (1, 'x');
CREATE VIEW movable_v AS SELECT a FROM movable;
ALTER TABLE movable SET SCHEMA mv;
SELECT * FROM movable;
SELECT * FROM mv.movable;
ALTER TABLE mv.movable SET SCHEMA mv;
ALTER TABLE mv.movable SET SCHEMA nosuch;
ALTER TABLE IF EXISTS nosuch SET SCHEMA mv;
ALTER VIEW movable_v SET SCHEMA mv;
CREATE SEQUENCE sq;
ALTER SEQUENCE sq SET SCHEMA mv;
SELECT nextval('mv.sq');
CREATE TABLE mv.clash (a int);
CREATE TABLE clash (a int);
ALTER TABLE clash SET SCHEMA mv;
DROP TABLE clash;
ALTER TABLE mv.movable SET SCHEMA public;
SELECT * FROM movable;
DROP SCHEMA mv CASCADE;
DROP TABLE movable;

-- renaming a schema keeps views and serial defaults that name it working
CREATE SCHEMA rn;
CREATE TABLE rn.t (id serial, v text);
CREATE VIEW rn.v AS SELECT id, v FROM rn.t;
CREATE VIEW public.pv AS SELECT v FROM rn.t;
INSERT INTO rn.t (v) VALUES ('a');
ALTER SCHEMA rn RENAME TO rn2;
INSERT INTO rn2.t (v) VALUES ('b');
SELECT * FROM rn2.v ORDER BY id;
SELECT * FROM pv ORDER BY v;
SELECT nextval('rn2.t_id_seq');
DROP SCHEMA rn2 CASCADE;

-- set_config, as pg_dump scripts set the search path
SELECT pg_catalog.set_config('search_path', ' ', false);
SHOW search_path;
SELECT set_config('search_path', 'public', false), current_setting('search_path');
-- An empty name is a list of one name that matches no schema, not RESET; set_config's
-- empty string is the empty list.
SET search_path = '';
SHOW search_path;
SELECT current_schemas(false);
SET search_path = 'My Schema', public;
SHOW search_path;
SELECT set_config('search_path', '', false);
SHOW search_path;
SELECT current_schemas(false);
SET search_path = public;
BEGIN;
SELECT set_config('work_mem', '8MB', true);
SHOW work_mem;
COMMIT;
SHOW work_mem;
-- outside a block the local value lasts for the statement only
SELECT set_config('work_mem', '16MB', true), current_setting('work_mem');
SHOW work_mem;
SELECT set_config('nosuch', 'x', false);
SELECT set_config('DateStyle', 'SQL, DMY', false);
SELECT set_config('datestyle', NULL, false);
RESET ALL;
