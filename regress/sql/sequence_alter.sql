-- ALTER SEQUENCE changes a sequence's parameters over its current ones and RESTARTs it;
-- pg_sequence and information_schema.sequences show them.
CREATE SEQUENCE alt_s1 AS smallint INCREMENT -2 CYCLE;
CREATE SEQUENCE alt_s2 START 10 MAXVALUE 100;
CREATE SEQUENCE alt_s3 AS integer MAXVALUE 100000;
\d alt_s1
SELECT nextval('alt_s2'), nextval('alt_s2');
ALTER SEQUENCE alt_s2 RESTART WITH 50 INCREMENT 5;
SELECT nextval('alt_s2'), nextval('alt_s2');
ALTER SEQUENCE alt_s2 RESTART;
SELECT nextval('alt_s2');
ALTER SEQUENCE alt_s2 RESTART WITH 0;
ALTER SEQUENCE alt_s2 RESTART WITH 101;
ALTER SEQUENCE alt_s2 START WITH 200;
ALTER SEQUENCE alt_s2 AS int;
ALTER SEQUENCE alt_s2 NO MAXVALUE;
ALTER SEQUENCE alt_s1 AS integer;
ALTER SEQUENCE alt_s3 AS smallint;
ALTER SEQUENCE alt_s3 AS smallint MAXVALUE 20000;
ALTER SEQUENCE alt_s3 INCREMENT 0;
ALTER SEQUENCE alt_s3 MINVALUE 5 MAXVALUE 4;
ALTER SEQUENCE IF EXISTS no_such_seq RESTART;
ALTER SEQUENCE no_such_seq RESTART;
CREATE TABLE alt_t (a int);
ALTER SEQUENCE alt_t RESTART;
ALTER SEQUENCE alt_s3 OWNED BY alt_t.b;
ALTER SEQUENCE alt_s3 OWNED BY alt_t.a;
ALTER SEQUENCE alt_s3 OWNED BY nonsense;
SELECT seqrelid::regclass, seqtypid::regtype, seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle
  FROM pg_sequence WHERE seqrelid::regclass::text LIKE 'alt_%' ORDER BY seqrelid::regclass::text;
SELECT sequence_name, data_type, numeric_precision, start_value, minimum_value, maximum_value, increment, cycle_option
  FROM information_schema.sequences WHERE sequence_name LIKE 'alt_%' ORDER BY 1;
-- a sequence owned by a table goes with it
DROP TABLE alt_t;
SELECT count(*) FROM pg_class WHERE relname = 'alt_s3';
DROP SEQUENCE alt_s1, alt_s2;
