--
-- CHECK constraints and column defaults print as PostgreSQL prints them
-- (pg_get_constraintdef, pg_get_expr, psql's \d): literals typed, implicit casts of
-- operands shown, IN lists and BETWEEN as PostgreSQL analyses them.
--
CREATE TABLE stored_exprs (a int, b text, c numeric, f varchar(10), d date, g int8,
  CONSTRAINT c1 CHECK (b <> 'bad'),
  CONSTRAINT c2 CHECK (a > 0 AND a < 100),
  CONSTRAINT c3 CHECK (a > 1.5),
  CONSTRAINT c4 CHECK (b IN ('x', 'y')),
  CONSTRAINT c5 CHECK (length(b) < 10),
  CONSTRAINT c6 CHECK (f <> ''),
  CONSTRAINT c7 CHECK (b ~ '^a' OR b IS NULL),
  CONSTRAINT c8 CHECK (d > '2020-01-01'),
  CONSTRAINT c9 CHECK (c BETWEEN 1 AND 10),
  CONSTRAINT c10 CHECK (g <> a),
  CONSTRAINT c11 CHECK (coalesce(a, 0) >= 0),
  CONSTRAINT c12 CHECK (NOT (a = 5)),
  CONSTRAINT c13 CHECK (c::int > 0),
  CONSTRAINT c14 CHECK (lower(b) = b AND upper(f) <> 'Q'),
  CONSTRAINT c15 CHECK (a IN (1, 2, 3)),
  CONSTRAINT c16 CHECK (CASE WHEN a > 1 THEN true ELSE false END),
  CONSTRAINT c17 CHECK (b LIKE 'a%'),
  CONSTRAINT c18 CHECK (a + 1 > g * 2)
);
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true),
       pg_get_expr(conbin, conrelid), pg_get_expr(conbin, conrelid, true)
FROM pg_constraint WHERE conrelid = 'stored_exprs'::regclass ORDER BY conname;
\d stored_exprs
DROP TABLE stored_exprs;
CREATE TABLE stored_defaults (a text DEFAULT 'x', b varchar(5) DEFAULT 'y', c int DEFAULT 1 + 2,
  d numeric DEFAULT 1.5, e timestamp DEFAULT now(), f int[] DEFAULT '{1,2}', g bool DEFAULT true,
  h date DEFAULT current_date, i int8 DEFAULT -1, j text DEFAULT 'a' || 'b', k text[] DEFAULT ARRAY['a'],
  l jsonb DEFAULT '{}', m int8 DEFAULT 2 * 3, n numeric(6,2) DEFAULT 0, o text DEFAULT upper('q'));
SELECT adnum, pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true)
FROM pg_attrdef WHERE adrelid = 'stored_defaults'::regclass ORDER BY adnum;
SELECT column_name, column_default FROM information_schema.columns
WHERE table_name = 'stored_defaults' ORDER BY ordinal_position;
\d stored_defaults
CREATE VIEW stored_consts AS SELECT '{1,2}'::int[] AS a, '{}'::jsonb AS b, ARRAY['x', 'y'] AS c;
SELECT pg_get_viewdef('stored_consts');
DROP VIEW stored_consts;
DROP TABLE stored_defaults;
CREATE DOMAIN stored_dpos AS int CHECK (VALUE > 0);
CREATE DOMAIN stored_dtxt AS text CHECK (VALUE <> 'bad' AND length(VALUE) < 5);
CREATE DOMAIN stored_dnum AS numeric(10,2) CHECK (VALUE BETWEEN 1 AND 10) CHECK (VALUE IN (1, 2.5, 7));
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint
WHERE contypid IN ('stored_dpos'::regtype, 'stored_dtxt'::regtype, 'stored_dnum'::regtype) ORDER BY 1;
\dD stored_*
DROP DOMAIN stored_dpos;
DROP DOMAIN stored_dtxt;
DROP DOMAIN stored_dnum;
