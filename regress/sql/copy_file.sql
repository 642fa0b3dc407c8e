--
-- COPY from a file on the server, its path built from PG_ABS_SRCDIR as pg_regress does
--
\getenv abs_srcdir PG_ABS_SRCDIR
\set filename :abs_srcdir '/data/people.csv'
CREATE TABLE cf_people (id int, name text, born date, score numeric(5,2));
COPY cf_people FROM :'filename' WITH (FORMAT csv, HEADER);
SELECT * FROM cf_people ORDER BY id;
SELECT count(*), avg(score), min(born) FROM cf_people;
DROP TABLE cf_people;
