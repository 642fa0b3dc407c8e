-- Sequences as column defaults and temporary sequences: nextval('name') is a regclass,
-- DROP SEQUENCE refuses while a default draws from it, pg_sequences lists the counters,
-- a read-only transaction advances only temporary sequences.
CREATE SEQUENCE sd_seq;
CREATE TEMP SEQUENCE sd_temp;
SELECT nextval('sd_temp'), nextval('pg_temp.sd_temp'), currval('sd_temp');
SELECT 'sd_temp'::regclass;
CREATE TEMP TABLE sd_t (
  f1 serial,
  f2 int DEFAULT nextval('sd_seq'),
  f3 int DEFAULT nextval('sd_temp'),
  f4 int DEFAULT nextval('sd_seq'::text)
);
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid)
FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE d.adrelid = 'sd_t'::regclass ORDER BY d.adnum;
INSERT INTO sd_t DEFAULT VALUES;
SELECT * FROM sd_t;
DROP SEQUENCE sd_t_f1_seq;
DROP SEQUENCE sd_seq;
DROP SEQUENCE sd_temp;
DROP TABLE sd_t;
DROP SEQUENCE sd_temp;

-- pg_sequences: the parameters and the last value, NULL before the first nextval and for
-- roles that may not read the sequence.
CREATE SEQUENCE sd_a INCREMENT 4 MINVALUE 5 MAXVALUE 36 START 32 CYCLE;
CREATE SEQUENCE sd_b AS smallint;
SELECT nextval('sd_a');
SELECT schemaname, sequencename, sequenceowner, data_type, start_value, min_value, max_value,
  increment_by, cycle, cache_size, last_value
FROM pg_sequences WHERE sequencename LIKE 'sd%' ORDER BY sequencename;
CREATE ROLE regress_sd_user;
SET ROLE regress_sd_user;
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename LIKE 'sd%' ORDER BY sequencename;
RESET ROLE;
SELECT * FROM pg_sequence_parameters('sd_a'::regclass);
-- lastval needs SELECT or USAGE on the sequence; ALTER SEQUENCE needs its owner.
GRANT UPDATE ON sd_b TO regress_sd_user;
SET ROLE regress_sd_user;
SELECT nextval('sd_b');
SELECT lastval();
ALTER SEQUENCE sd_b RESTART;
RESET ROLE;
GRANT USAGE ON sd_b TO regress_sd_user;
SET ROLE regress_sd_user;
SELECT lastval();
RESET ROLE;
REVOKE ALL ON sd_b FROM regress_sd_user;
DROP ROLE regress_sd_user;

-- A read-only transaction may not advance or set a sequence that is not temporary.
CREATE TEMPORARY SEQUENCE sd_temp2;
BEGIN READ ONLY;
SELECT nextval('sd_temp2');
SELECT setval('sd_temp2', 10);
SELECT nextval('sd_a');
ROLLBACK;
BEGIN READ ONLY;
SELECT setval('sd_a', 10);
ROLLBACK;
DROP SEQUENCE sd_a, sd_b, sd_seq, sd_temp2;
-- Renaming a serial column's sequence keeps the default drawing from it.
CREATE TABLE sd_ser (f1 text, f2 serial);
INSERT INTO sd_ser VALUES ('a');
ALTER TABLE sd_ser_f2_seq RENAME TO sd_ser_f2_foo;
ALTER SEQUENCE sd_ser_f2_foo RENAME TO "sd ser";
INSERT INTO sd_ser VALUES ('b');
SELECT * FROM sd_ser ORDER BY f2;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'sd_ser'::regclass;
DROP TABLE sd_ser;
