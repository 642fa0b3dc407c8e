--
-- Read-only transactions: BEGIN READ ONLY, SET TRANSACTION READ ONLY,
-- default_transaction_read_only; writes fail with 25006, temporary tables stay writable
--
CREATE TABLE ro_t (id int PRIMARY KEY, v int);
INSERT INTO ro_t VALUES (1, 10), (2, 20);
CREATE TEMPORARY TABLE ro_temp (a int);

-- a read-only block reads, and refuses writes and DDL
BEGIN READ ONLY;
SHOW transaction_read_only;
SELECT * FROM ro_t ORDER BY id;
UPDATE ro_t SET v = v + 1 WHERE id = 1;
ROLLBACK;
START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SHOW transaction_isolation;
SHOW transaction_read_only;
INSERT INTO ro_t VALUES (3, 30);
ROLLBACK;
BEGIN READ ONLY;
DELETE FROM ro_t;
ROLLBACK;
BEGIN READ ONLY;
CREATE TABLE ro_new (a int);
ROLLBACK;
BEGIN READ ONLY;
DROP TABLE ro_t;
ROLLBACK;
BEGIN READ ONLY;
TRUNCATE ro_t;
ROLLBACK;
BEGIN READ ONLY;
ALTER TABLE ro_t ADD COLUMN w int;
ROLLBACK;
BEGIN READ ONLY;
CREATE TABLE ro_copy AS SELECT * FROM ro_t;
ROLLBACK;
BEGIN READ ONLY;
CREATE SCHEMA ro_schema;
ROLLBACK;
SELECT * FROM ro_t ORDER BY id;

-- temporary tables are the session's own: writable in a read-only block
BEGIN READ ONLY;
INSERT INTO ro_temp VALUES (1), (2);
UPDATE ro_temp SET a = a * 10;
DELETE FROM ro_temp WHERE a = 10;
SELECT * FROM ro_temp;
COMMIT;

-- SET TRANSACTION READ ONLY, and READ WRITE again before the first query
BEGIN;
SET TRANSACTION READ ONLY;
SET TRANSACTION READ WRITE;
SHOW transaction_read_only;
INSERT INTO ro_t VALUES (3, 30);
COMMIT;
BEGIN;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE;
SELECT count(*) FROM ro_t;
SET TRANSACTION READ WRITE;
COMMIT;
BEGIN;
SET TRANSACTION READ ONLY;
SELECT count(*) FROM ro_t;
SET TRANSACTION READ ONLY;
SAVEPOINT x;
SET TRANSACTION READ WRITE;
ROLLBACK;
-- SET transaction_read_only follows the same rules
BEGIN;
SET transaction_read_only = on;
SELECT count(*) FROM ro_t;
SET transaction_read_only = off;
SHOW transaction_read_only;
ROLLBACK;
BEGIN;
SET transaction_read_only TO true;
SET transaction_read_only = false;
INSERT INTO ro_t VALUES (8, 80);
ROLLBACK;
-- a read-write block may turn read-only at any time
BEGIN;
INSERT INTO ro_t VALUES (4, 40);
SET TRANSACTION READ ONLY;
INSERT INTO ro_t VALUES (5, 50);
ROLLBACK;
SELECT * FROM ro_t ORDER BY id;

-- outside a block SET TRANSACTION only warns
SET TRANSACTION READ ONLY;
INSERT INTO ro_t VALUES (6, 60);

-- the session's default
SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;
SHOW default_transaction_read_only;
INSERT INTO ro_t VALUES (7, 70);
PREPARE ro_upd AS UPDATE ro_t SET v = 0;
EXECUTE ro_upd;
SELECT * FROM ro_t ORDER BY id;
START TRANSACTION READ WRITE;
UPDATE ro_t SET v = v + 1 WHERE id = 6;
COMMIT;
BEGIN;
DELETE FROM ro_t WHERE id = 6;
ROLLBACK;
DEALLOCATE ro_upd;
SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE;
SET default_transaction_read_only = on;
DELETE FROM ro_t WHERE id = 6;
RESET default_transaction_read_only;
DELETE FROM ro_t WHERE id = 6;
SELECT * FROM ro_t ORDER BY id;

DROP TABLE ro_t, ro_temp;

-- the same rules on a second pair of tables, as first written for JDBC's setReadOnly
-- READ ONLY transactions: BEGIN, SET TRANSACTION, SET SESSION CHARACTERISTICS and
-- default_transaction_read_only, as JDBC's setReadOnly, database/sql's ReadOnly and tools
-- that open read-only connections use them.
CREATE TABLE ro2_t (a int);
CREATE TEMP TABLE ro2_temp (a int);
INSERT INTO ro2_t VALUES (1);

BEGIN READ ONLY;
SHOW transaction_read_only;
SELECT count(*) FROM ro2_t;
INSERT INTO ro2_t VALUES (2);
ROLLBACK;

BEGIN TRANSACTION READ ONLY;
INSERT INTO ro2_temp VALUES (1);
UPDATE ro2_temp SET a = 2;
SELECT * FROM ro2_temp;
CREATE TEMP TABLE ro2_never (a int);
ROLLBACK;

START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SHOW transaction_isolation;
SHOW transaction_read_only;
DELETE FROM ro2_t;
ROLLBACK;

BEGIN;
SET TRANSACTION READ ONLY;
SHOW transaction_read_only;
UPDATE ro2_t SET a = 3;
ROLLBACK;

BEGIN READ ONLY;
SELECT 1;
SET TRANSACTION READ WRITE;
ROLLBACK;

SET TRANSACTION READ ONLY;
SHOW transaction_read_only;

SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;
SHOW default_transaction_read_only;
SHOW transaction_read_only;
INSERT INTO ro2_t VALUES (4);
CREATE TABLE ro2_never (a int);
DROP TABLE ro2_t;
TRUNCATE ro2_t;
BEGIN READ WRITE;
INSERT INTO ro2_t VALUES (6);
COMMIT;
SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE;

SET default_transaction_read_only = on;
SHOW transaction_read_only;
ALTER TABLE ro2_t ADD COLUMN b int;
RESET default_transaction_read_only;
INSERT INTO ro2_t VALUES (7);
SELECT * FROM ro2_t ORDER BY a;
DROP TABLE ro2_t;
