--
-- Enum types: what PostgreSQL's own enum file does not cover (it runs in TestPGRegress)
--
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood AS ENUM ('x');
CREATE TYPE empty AS ENUM ();
CREATE TYPE "Weather" AS ENUM ('sunny', 'rainy', 'with space', 'Quoted"');
CREATE TYPE nosuch.e AS ENUM ('a');
CREATE TABLE mood (a int);
SELECT 'happy'::mood, 'sad'::mood < 'happy', 'rainy'::"Weather", 'with space'::"Weather";
SELECT 'Happy'::mood;
SELECT 'ok'::text::mood, 'ok'::mood::text, cast('ok' as mood)::varchar(1);
SELECT 'ok'::mood = 'ok'::"Weather";
SELECT 'ok'::mood = 1;
SELECT enum_first('ok');
SELECT 1::mood;
SELECT 'ok'::mood::int;
-- the session keeps working after each error
SELECT enum_first(NULL::mood), enum_last(NULL::mood);
SELECT enum_first(NULL::empty);
SELECT enum_last(NULL::empty);
-- a table of enums: ordering follows the labels' declared order, not their names
CREATE TABLE person (name text, m mood, w "Weather");
INSERT INTO person VALUES ('ann', 'happy', 'sunny'), ('bob', 'sad', 'rainy'), ('cy', NULL, 'with space'),
  ('dee', 'ok', NULL), ('eve', 'happy', 'Quoted"'), ('fay', 'sad', 'sunny');
INSERT INTO person VALUES ('gus', 'grumpy', NULL);
INSERT INTO person (name, m) SELECT 'hal', 'ok'::text;
INSERT INTO person (name, m) SELECT 'hal', 'ok'::text::mood;
SELECT * FROM person ORDER BY m, name;
SELECT * FROM person ORDER BY m DESC NULLS LAST, name;
SELECT m, count(*), min(name) FROM person GROUP BY m ORDER BY m;
SELECT DISTINCT w FROM person ORDER BY w;
SELECT min(m), max(m), min(w), max(w) FROM person;
SELECT name FROM person WHERE m > 'sad' AND m <= 'happy' ORDER BY name;
SELECT name FROM person WHERE m IN ('ok', 'happy') ORDER BY name;
SELECT name FROM person WHERE m BETWEEN 'ok' AND 'happy' ORDER BY name;
SELECT name, m, rank() OVER (ORDER BY m) FROM person WHERE m IS NOT NULL ORDER BY 3, 1;
SELECT name, m, first_value(name) OVER (PARTITION BY m ORDER BY name) FROM person ORDER BY m, name;
SELECT p.name, q.name FROM person p JOIN person q ON p.m = q.m AND p.name < q.name ORDER BY 1, 2;
SELECT greatest('sad'::mood, 'happy', 'ok'), least('happy'::mood, 'ok'), coalesce(NULL, 'ok'::mood);
SELECT CASE WHEN m = 'happy' THEN 'yay' ELSE m::text END FROM person ORDER BY name;
SELECT enum_cmp('sad'::mood, 'ok'), enum_cmp('happy'::mood, 'ok'), enum_cmp('ok'::mood, 'ok');
SELECT enum_smaller('happy'::mood, 'ok'), enum_larger('happy'::mood, 'ok');
SELECT name, m FROM person ORDER BY m USING >, name;
SELECT name FROM person ORDER BY m, name LIMIT 2;
-- COPY in and out, in text and CSV
COPY person TO STDOUT;
COPY person TO STDOUT (FORMAT csv, HEADER);
CREATE TABLE person2 (name text, m mood, w "Weather");
COPY person2 FROM STDIN;
ann	happy	sunny
cy	\N	with space
\.
COPY person2 FROM STDIN (FORMAT csv);
eve,happy,"Quoted"""
dee,ok,
\.
COPY person2 FROM STDIN;
bad	meh	sunny
\.
SELECT * FROM person2 ORDER BY name;
UPDATE person2 SET m = 'sad' WHERE name = 'cy';
UPDATE person2 SET m = 'glum' WHERE name = 'cy';
SELECT * FROM person2 ORDER BY m;
-- adding and renaming values; the new order shows at once in committed data
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'happy';
ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';
ALTER TYPE mood ADD VALUE 'dead' BEFORE 'nosuch';
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
INSERT INTO person2 VALUES ('ivy', 'meh', NULL), ('jay', 'ecstatic', NULL);
SELECT * FROM person2 ORDER BY m, name;
SELECT enum_first(NULL::mood), enum_last(NULL::mood);
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
-- values added in a transaction cannot be used before it commits
BEGIN;
ALTER TYPE mood ADD VALUE 'new';
SELECT 'new'::mood;
ROLLBACK;
SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'new';
BEGIN;
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
SELECT 'fine'::mood, enum_range_ok FROM (SELECT 1 AS enum_range_ok) s;
SELECT * FROM person2 WHERE m = 'fine';
ROLLBACK;
SELECT * FROM person2 WHERE m = 'ok';
BEGIN;
CREATE TYPE txn_enum AS ENUM ('a', 'b');
SELECT 'b'::txn_enum, enum_last(NULL::txn_enum);
ROLLBACK;
SELECT 'a'::txn_enum;
-- renaming types
ALTER TYPE "Weather" RENAME TO weather;
ALTER TYPE weather RENAME TO mood;
ALTER TYPE nosuch RENAME TO x;
ALTER TYPE int4 ADD VALUE 'x';
SELECT w FROM person2 ORDER BY w;
SELECT 'sunny'::weather, pg_typeof('sunny'::weather);
-- arrays of enums, enum_range
SELECT enum_range(NULL::mood), enum_range('meh'::mood, 'happy'), enum_range(NULL, 'meh'::mood),
  enum_range('happy'::mood, NULL), enum_range('happy'::mood, 'meh');
SELECT enum_range(NULL::empty);
SELECT (enum_range(NULL::mood))[2], array_length(enum_range(NULL::mood), 1), pg_typeof(enum_range(NULL::mood));
CREATE TABLE moods (id int, ms mood[]);
INSERT INTO moods VALUES (1, '{happy,blue}'), (2, ARRAY['meh', 'ok']::mood[]), (3, '{}'), (4, NULL),
  (5, '{blue,NULL}'), (6, enum_range('ok'::mood, NULL)), (7, '{happy}');
INSERT INTO moods VALUES (8, '{happy,nope}');
SELECT * FROM moods ORDER BY ms, id;
SELECT id, ms FROM moods WHERE ms > '{meh}' ORDER BY id;
SELECT id FROM moods WHERE 'blue' = ANY (ms) ORDER BY id;
SELECT m, count(*) FROM moods, unnest(ms) AS m GROUP BY m ORDER BY m;
SELECT array_agg(m ORDER BY m), string_agg(m::text, ',' ORDER BY m DESC) FROM unnest(enum_range(NULL::mood)) m;
SELECT DISTINCT ON (m) m FROM unnest(ARRAY['ok', 'blue', 'meh', 'ok']::mood[]) m ORDER BY m;
SELECT m, row_number() OVER (ORDER BY m) FROM unnest(enum_range(NULL::mood)) m ORDER BY m DESC;
SELECT format('%s %L', 'ok'::mood, 'meh'::mood), concat('<', 'ok'::mood, '>'), concat_ws('-', 'meh'::mood, 'ok'::mood),
  'ok'::mood || '!', to_json('meh'::mood), to_jsonb(enum_range(NULL::mood));
COPY moods TO STDOUT;
BEGIN;
ALTER TYPE mood ADD VALUE 'newer' AFTER 'blue';
SELECT enum_range('ok'::mood, NULL);
SELECT enum_range(NULL::mood);
ROLLBACK;
SELECT column_name, data_type, udt_schema, udt_name FROM information_schema.columns WHERE table_name = 'moods' ORDER BY 1;
DROP TABLE moods;
-- catalogs: pg_type, format_type, regtype, information_schema, psql's \dT and \d
SELECT typname, typtype, typcategory, typlen, typbyval, typalign, typstorage, typinput, typoutput,
  typelem = 'mood'::regtype AS elem_is_mood, typarray = '_mood'::regtype AS has_array,
  typnamespace::regnamespace, typbasetype, typtypmod, typndims, typcollation
FROM pg_type WHERE typname IN ('mood', '_mood', 'weather', '_weather', 'empty') ORDER BY typname;
SELECT typname, typreceive, typsend, typarray::regtype FROM pg_type WHERE typtype = 'e' ORDER BY typname;
SELECT format_type('mood'::regtype, -1), format_type('_mood'::regtype, NULL), 'mood[]'::regtype, '_weather'::regtype,
  'public.mood'::regtype;
SELECT 'nosuch'::regtype;
SELECT table_name, column_name, data_type, udt_schema, udt_name FROM information_schema.columns
WHERE table_name = 'person2' ORDER BY ordinal_position;
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attlen, a.attbyval, a.attalign
FROM pg_attribute a WHERE a.attrelid = 'person2'::regclass AND a.attnum > 0 ORDER BY a.attnum;
\dT
\dT+
\dT+ mood
\d person2
-- dependencies keep a type while something uses it
DROP TYPE mood;
DROP TYPE weather, mood;
DROP TYPE IF EXISTS nosuch, other;
DROP TYPE int4;
DROP TYPE nosuch;
DROP TABLE person;
DROP TYPE weather;
DROP TABLE person2, mood;
DROP TYPE mood, weather, empty;
SELECT count(*) FROM pg_type WHERE typname IN ('mood', '_mood', 'weather', 'empty');
SELECT count(*) FROM pg_enum e WHERE NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.oid = e.enumtypid);
-- CASCADE when nothing depends on the type, as migrations write it
CREATE TYPE scratch AS ENUM ('x');
DROP TYPE IF EXISTS scratch CASCADE;
DROP TYPE IF EXISTS scratch CASCADE;
