--
-- DISCARD: what connection poolers send between clients.
--
CREATE TEMP TABLE discard_tt (x int);
CREATE SEQUENCE discard_s;
SELECT nextval('discard_s');
PREPARE discard_p AS SELECT 1;
SET datestyle = 'SQL, DMY';
SHOW datestyle;
DISCARD ALL;
SHOW datestyle;
EXECUTE discard_p;
SELECT currval('discard_s');
SELECT * FROM discard_tt;
BEGIN;
DISCARD ALL;
ROLLBACK;
CREATE TEMP TABLE discard_tt (x int);
DISCARD TEMP;
SELECT * FROM discard_tt;
SELECT nextval('discard_s');
DISCARD SEQUENCES;
SELECT currval('discard_s');
DISCARD PLANS;
DROP SEQUENCE discard_s;
