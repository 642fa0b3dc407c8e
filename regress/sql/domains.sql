--
-- Domains: CREATE/ALTER/DROP DOMAIN, constraints checked on casts, INSERT, UPDATE and COPY
--
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE DOMAIN shorttext varchar(5);
CREATE DOMAIN nn AS text NOT NULL DEFAULT 'x';
CREATE DOMAIN pn AS posint NOT NULL;
CREATE DOMAIN small AS int CONSTRAINT small CHECK (VALUE < 100);
CREATE DOMAIN money2 numeric(8,2) CHECK (VALUE >= 0.00) CHECK (VALUE <> 13.00);
CREATE DOMAIN posint AS int;
CREATE DOMAIN bad1 int NULL NOT NULL;
CREATE DOMAIN bad2 int DEFAULT 1 DEFAULT 2;
CREATE DOMAIN bad3 int UNIQUE;
CREATE DOMAIN bad4 int CHECK (1);
CREATE DOMAIN bad5 int CHECK (x > 0);
CREATE DOMAIN bad6 int CHECK ((SELECT 1) > 0);
CREATE DOMAIN bad7 int CHECK (sum(VALUE) > 0);
CREATE DOMAIN bad8 int DEFAULT 'abc';
CREATE DOMAIN bad9 int COLLATE "C";
CREATE DOMAIN bad10 AS nosuch;
-- casts check the constraints; operators work on the base type
SELECT 5::posint, -1::posint, 5::posint + 5::posint, cast('abcdefg' AS shorttext);
SELECT (-1)::posint;
SELECT NULL::nn;
SELECT 150::pn, 150::small;
SELECT 0::pn;
SELECT NULL::pn;
SELECT 100::small;
SELECT 13::money2, 12.345::money2;
SELECT 'y'::nn || 'z', length('abc'::shorttext);
-- tables of domains
CREATE TABLE dt (a posint, b nn, c pn DEFAULT 7, d shorttext, e money2, f small);
INSERT INTO dt VALUES (1, 'a', 2, 'short', 1.5, 99);
INSERT INTO dt (a, f) VALUES (1, 100);
INSERT INTO dt VALUES (-1, 'a', 2, 'short', 1.5);
INSERT INTO dt VALUES (1, 'a', 2, 'short text', 1.5);
INSERT INTO dt VALUES (1, 'a', 2, 'short', -1);
INSERT INTO dt (a) VALUES (3);
INSERT INTO dt (a, b) VALUES (3, NULL);
INSERT INTO dt (a, c) SELECT 4, NULL;
INSERT INTO dt (a, c) SELECT 4, 20;
SELECT * FROM dt ORDER BY a, c;
UPDATE dt SET a = -5;
UPDATE dt SET c = 0 WHERE a = 1;
UPDATE dt SET c = c + 1, e = 99.999 WHERE a = 1;
SELECT * FROM dt ORDER BY a, c;
SELECT a + c AS sum, b || d AS cat, e * 2 AS twice FROM dt ORDER BY 1;
SELECT a, count(*) FROM dt GROUP BY a ORDER BY a;
COPY dt FROM STDIN;
5	q	10	abc	2.00	1
-5	q	10	abc	2.00	1
\.
COPY dt (a, b) FROM STDIN (FORMAT csv);
6,
\.
COPY dt (a, d) FROM STDIN;
7	toolongvalue
\.
COPY dt (a, e) FROM STDIN (FORMAT csv);
8,1.005
\.
SELECT * FROM dt ORDER BY a, c;
COPY dt TO STDOUT;
-- expressions keep the domain's type until an operator or a mixed input reduces it
SELECT pg_typeof(a), pg_typeof(a + 1), pg_typeof(coalesce(a, 7)), pg_typeof(coalesce(a, 7::posint)),
  pg_typeof(CASE WHEN a > 3 THEN a ELSE c END), pg_typeof(d || 'x'), pg_typeof(max(a))
FROM dt GROUP BY a, c, d ORDER BY a LIMIT 1;
CREATE TABLE dt_copy AS SELECT a, b, a + 1 AS a1 FROM dt;
CREATE VIEW dt_view AS SELECT a, d FROM dt;
\d dt_copy
\d dt_view
SELECT * FROM dt_view ORDER BY a LIMIT 2;
DROP VIEW dt_view;
DROP TABLE dt_copy;
SELECT a FROM dt UNION SELECT 3::posint ORDER BY 1;
SELECT pg_typeof(x) FROM (SELECT a AS x FROM dt UNION SELECT 3) s LIMIT 1;
-- domains over enums
CREATE TYPE color AS ENUM ('red', 'green', 'blue', 'black');
CREATE DOMAIN bright AS color CHECK (VALUE <> 'black'::color);
SELECT 'red'::bright, 'black'::bright;
CREATE TABLE paint (c bright);
INSERT INTO paint VALUES ('blue'), ('red'), ('green');
INSERT INTO paint VALUES ('black');
SELECT * FROM paint ORDER BY c;
-- ALTER DOMAIN
ALTER DOMAIN posint ADD CONSTRAINT big CHECK (VALUE > 1);
ALTER DOMAIN posint ADD CONSTRAINT posint_check CHECK (VALUE > 1);
ALTER DOMAIN posint ADD CHECK (VALUE < 1000);
ALTER DOMAIN posint ADD CONSTRAINT later CHECK (VALUE > 100) NOT VALID;
SELECT 50::posint;
ALTER DOMAIN posint VALIDATE CONSTRAINT later;
ALTER DOMAIN posint DROP CONSTRAINT later;
ALTER DOMAIN posint DROP CONSTRAINT nosuch;
ALTER DOMAIN posint DROP CONSTRAINT IF EXISTS nosuch;
INSERT INTO dt (a) VALUES (2000);
ALTER DOMAIN nn DROP NOT NULL;
INSERT INTO dt (a, b) VALUES (9, NULL);
ALTER DOMAIN nn SET NOT NULL;
DELETE FROM dt WHERE b IS NULL;
ALTER DOMAIN nn SET NOT NULL;
ALTER DOMAIN nn SET DEFAULT 'z';
INSERT INTO dt (a) VALUES (10);
ALTER DOMAIN nn DROP DEFAULT;
INSERT INTO dt (a) VALUES (11);
ALTER DOMAIN color ADD CHECK (true);
ALTER DOMAIN nosuch SET NOT NULL;
ALTER DOMAIN posint OWNER TO postgres;
ALTER TYPE color OWNER TO postgres;
ALTER DOMAIN shorttext RENAME TO tinytext;
SELECT 'abcdef'::tinytext;
-- transactional DDL
BEGIN;
CREATE DOMAIN txn_dom AS int CHECK (VALUE < 0);
SELECT (-1)::txn_dom;
ALTER DOMAIN posint ADD CONSTRAINT tiny CHECK (VALUE < 50);
ROLLBACK;
SELECT 1::txn_dom;
SELECT 60::posint;
-- catalogs
SELECT typname, typtype, typbasetype::regtype, typtypmod, typnotnull, typdefault, typlen, typcategory
FROM pg_type WHERE typtype = 'd' AND typnamespace = 'public'::regnamespace ORDER BY typname;
SELECT conname, contype, contypid::regtype, convalidated, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname;
SELECT column_name, data_type, domain_name, udt_name, character_maximum_length, numeric_precision
FROM information_schema.columns WHERE table_name = 'dt' ORDER BY ordinal_position;
SELECT domain_name, data_type, character_maximum_length, numeric_precision, numeric_scale, domain_default, udt_name
FROM information_schema.domains WHERE domain_schema = 'public' ORDER BY domain_name;
SELECT constraint_name, domain_name, is_deferrable FROM information_schema.domain_constraints
WHERE domain_schema = 'public' ORDER BY constraint_name;
\dD
\d dt
ALTER DOMAIN posint RENAME CONSTRAINT posint_check TO positive;
ALTER DOMAIN posint RENAME CONSTRAINT nosuch TO x;
ALTER DOMAIN posint RENAME CONSTRAINT positive TO posint_check1;
SELECT conname FROM pg_constraint WHERE contypid = 'posint'::regtype ORDER BY 1;
-- dependencies
DROP DOMAIN posint;
DROP DOMAIN color;
DROP TYPE bright;
DROP DOMAIN nosuch;
DROP DOMAIN IF EXISTS nosuch;
DROP TABLE dt, paint;
DROP DOMAIN posint, nn, pn, tinytext, money2, bright, small;
DROP TYPE color;
SELECT count(*) FROM pg_type WHERE typtype = 'd' AND typnamespace = 'public'::regnamespace;
-- a domain over an array type is an element of ARRAY[...], not a dimension
CREATE DOMAIN dom_posint AS int CHECK (VALUE > 0);
CREATE DOMAIN dom_posinta AS dom_posint[];
CREATE TABLE dom_posinta_t (f1 dom_posinta[]);
INSERT INTO dom_posinta_t VALUES (ARRAY[ARRAY[42]::dom_posinta]);
SELECT f1, f1[1], (f1[1])[1], pg_typeof(f1), pg_typeof(f1[1]) FROM dom_posinta_t;
SELECT ARRAY[ARRAY[1]::dom_posinta, ARRAY[2, 3]::dom_posinta], pg_typeof(ARRAY[ARRAY[1]::dom_posinta]);
DROP TABLE dom_posinta_t;
DROP DOMAIN dom_posinta;
DROP DOMAIN dom_posint;
