-- READ ONLY transactions: BEGIN, SET TRANSACTION, SET SESSION CHARACTERISTICS and
-- default_transaction_read_only, as JDBC's setReadOnly, database/sql's ReadOnly and tools
-- that open read-only connections use them.
CREATE TABLE ro_t (a int);
CREATE TEMP TABLE ro_temp (a int);
INSERT INTO ro_t VALUES (1);

BEGIN READ ONLY;
SHOW transaction_read_only;
SELECT count(*) FROM ro_t;
INSERT INTO ro_t VALUES (2);
ROLLBACK;

BEGIN TRANSACTION READ ONLY;
INSERT INTO ro_temp VALUES (1);
UPDATE ro_temp SET a = 2;
SELECT * FROM ro_temp;
CREATE TEMP TABLE ro_never (a int);
ROLLBACK;

START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SHOW transaction_isolation;
SHOW transaction_read_only;
DELETE FROM ro_t;
ROLLBACK;

BEGIN;
SET TRANSACTION READ ONLY;
SHOW transaction_read_only;
UPDATE ro_t SET a = 3;
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
INSERT INTO ro_t VALUES (4);
CREATE TABLE ro_never (a int);
DROP TABLE ro_t;
TRUNCATE ro_t;
BEGIN READ WRITE;
INSERT INTO ro_t VALUES (6);
COMMIT;
SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE;

SET default_transaction_read_only = on;
SHOW transaction_read_only;
ALTER TABLE ro_t ADD COLUMN b int;
RESET default_transaction_read_only;
INSERT INTO ro_t VALUES (7);
SELECT * FROM ro_t ORDER BY a;
DROP TABLE ro_t;
