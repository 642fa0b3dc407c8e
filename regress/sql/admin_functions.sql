--
-- Functions tools call on connect and while loading: current_setting,
-- pg_get_serial_sequence (pandas), parse_ident, pg_sleep.
--
SELECT current_setting('no_such_setting', true) IS NULL AS missing;
SELECT current_setting('no_such_setting');
-- pg_get_serial_sequence
CREATE SCHEMA admin_s;
CREATE SEQUENCE admin_s.loose;
CREATE TABLE admin_s."Serials" (id serial, big bigserial, "Mixed" serial, plain int DEFAULT 3,
  other int DEFAULT nextval('admin_s.loose'));
SELECT pg_get_serial_sequence('admin_s."Serials"', 'id'),
       pg_get_serial_sequence('admin_s."Serials"', 'big'),
       pg_get_serial_sequence('admin_s."Serials"', 'Mixed');
SELECT pg_get_serial_sequence('admin_s."Serials"', 'plain') IS NULL AS plain,
       pg_get_serial_sequence('admin_s."Serials"', 'other') IS NULL AS not_owned;
SELECT pg_get_serial_sequence('admin_s."Serials"', 'mixed');
SELECT pg_get_serial_sequence('admin_s.serials', 'id');
SELECT pg_get_serial_sequence(NULL, 'id') IS NULL AS null_arg;
SELECT nextval(pg_get_serial_sequence('admin_s."Serials"', 'id'));
DROP TABLE admin_s."Serials";
DROP SEQUENCE admin_s.loose;
DROP SCHEMA admin_s;
-- parse_ident
SELECT parse_ident('Schema.someTable');
SELECT parse_ident(' "Quoted"" name" . x$1 ');
SELECT parse_ident('a.b.c.d');
SELECT parse_ident('foo.boo[]', strict => false);
SELECT parse_ident('foo.boo[]', false);
SELECT parse_ident('foo.boo[]');
SELECT parse_ident('"unclosed');
SELECT parse_ident('""');
SELECT parse_ident('.x');
SELECT parse_ident('x.');
SELECT parse_ident('1x');
SELECT parse_ident('');
SELECT parse_ident(NULL) IS NULL AS null_arg;
-- pg_sleep
SELECT pg_sleep(0.01);
SELECT pg_sleep(0), pg_sleep(-1), pg_sleep(NULL);
SET statement_timeout = '50ms';
SELECT pg_sleep(10);
RESET statement_timeout;
