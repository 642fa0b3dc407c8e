-- ALTER TYPE ... ADD, DROP, ALTER and RENAME ATTRIBUTE of composite types.
CREATE TYPE test_type AS (a int);
ALTER TYPE nosuchtype ADD ATTRIBUTE b text; -- fails
ALTER TYPE test_type ADD ATTRIBUTE b text;
SELECT '(1,x)'::test_type, ROW(2, 'y')::test_type;
ALTER TYPE test_type ADD ATTRIBUTE b text; -- fails
ALTER TYPE test_type ALTER ATTRIBUTE b SET DATA TYPE varchar;
SELECT pg_typeof(('(1,x)'::test_type).b);
ALTER TYPE test_type ALTER ATTRIBUTE b SET DATA TYPE integer;
SELECT ('(1,7)'::test_type).b + 1;
ALTER TYPE test_type DROP ATTRIBUTE b;
SELECT '(1)'::test_type;
ALTER TYPE test_type DROP ATTRIBUTE c; -- fails
ALTER TYPE test_type DROP ATTRIBUTE IF EXISTS c;
ALTER TYPE test_type DROP ATTRIBUTE a, ADD ATTRIBUTE d boolean;
SELECT '(t)'::test_type;
ALTER TYPE test_type RENAME ATTRIBUTE a TO aa;
ALTER TYPE test_type RENAME ATTRIBUTE d TO dd;
SELECT ('(t)'::test_type).dd;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'test_type') AND NOT attisdropped ORDER BY attnum;
BEGIN;
ALTER TYPE test_type ADD ATTRIBUTE e int;
SELECT '(t,5)'::test_type;
ROLLBACK;
SELECT '(t)'::test_type;
SELECT '(t,5)'::test_type;
DROP TYPE test_type;
CREATE TYPE test_type1 AS (a int, b text);
CREATE TABLE test_tbl1 (x int, y test_type1);
ALTER TYPE test_type1 ALTER ATTRIBUTE b TYPE varchar; -- fails
DROP TABLE test_tbl1;
DROP TYPE test_type1;
CREATE TABLE notcomp (a int);
ALTER TYPE notcomp ADD ATTRIBUTE b int;
CREATE TYPE en AS ENUM ('a');
ALTER TYPE en ADD ATTRIBUTE b int;
ALTER TYPE en RENAME ATTRIBUTE b TO c;
ALTER TYPE int4 ADD ATTRIBUTE b int;
DROP TYPE en;
DROP TABLE notcomp;
