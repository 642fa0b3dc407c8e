-- Transaction blocks as PostgreSQL runs them: AND CHAIN, the deferrable mode, the access
-- mode inside savepoints, cursors and ROLLBACK TO, and the implicit block of a simple query
-- of several statements.
CREATE TABLE tb (a int);

-- COMMIT AND CHAIN and ROLLBACK AND CHAIN start a block with the same modes.
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY, DEFERRABLE;
SHOW transaction_deferrable;
COMMIT AND CHAIN;
SHOW transaction_isolation;
SHOW transaction_read_only;
SHOW transaction_deferrable;
INSERT INTO tb VALUES (1);
ROLLBACK AND CHAIN;
SHOW transaction_isolation;
SHOW transaction_read_only;
SET TRANSACTION READ WRITE;
INSERT INTO tb VALUES (2);
COMMIT AND CHAIN;
SHOW transaction_read_only;
-- A failed block: AND CHAIN rolls it back and starts the next one.
INSERT INTO tb VALUES ('x');
COMMIT AND CHAIN;
SHOW transaction_isolation;
INSERT INTO tb VALUES (3);
COMMIT;
SELECT * FROM tb ORDER BY a;
-- Outside a block AND CHAIN is an error.
COMMIT AND CHAIN;
ROLLBACK AND CHAIN;

-- SET TRANSACTION [NOT] DEFERRABLE.
BEGIN;
SET TRANSACTION DEFERRABLE;
SHOW transaction_deferrable;
SELECT 1;
SET TRANSACTION NOT DEFERRABLE;
ROLLBACK;
SET TRANSACTION DEFERRABLE;
SET SESSION CHARACTERISTICS AS TRANSACTION DEFERRABLE;
SHOW default_transaction_deferrable;
BEGIN;
SHOW transaction_deferrable;
COMMIT;
RESET default_transaction_deferrable;

-- The access mode inside savepoints.
BEGIN;
SAVEPOINT s;
SET TRANSACTION READ ONLY;
SHOW transaction_read_only;
RELEASE SAVEPOINT s;
SHOW transaction_read_only;
SAVEPOINT s;
SET TRANSACTION READ ONLY;
ROLLBACK TO SAVEPOINT s;
SHOW transaction_read_only;
SET TRANSACTION READ ONLY;
SAVEPOINT t;
SET TRANSACTION READ WRITE;
COMMIT;
BEGIN READ ONLY;
CREATE TABLE tb2 AS SELECT 1 AS a;
ROLLBACK;

-- Cursors declared after a savepoint close at ROLLBACK TO; what FETCH did stays.
BEGIN;
DECLARE c1 CURSOR FOR SELECT a FROM tb ORDER BY a;
SAVEPOINT s;
FETCH 1 FROM c1;
DECLARE c2 CURSOR FOR SELECT a FROM tb ORDER BY a;
ROLLBACK TO SAVEPOINT s;
FETCH 1 FROM c1;
FETCH 1 FROM c2;
ROLLBACK;
-- A cursor whose query failed cannot run again.
BEGIN;
DECLARE c3 CURSOR FOR SELECT 1 / (a - 3) FROM tb ORDER BY a DESC;
SAVEPOINT s;
FETCH 1 FROM c3;
ROLLBACK TO SAVEPOINT s;
FETCH 1 FROM c3;
ROLLBACK;

-- The statements of one simple query share an implicit block: an error rolls back all.
INSERT INTO tb VALUES (10)\; INSERT INTO tb VALUES (11)\; SELECT 1 / 0;
SELECT * FROM tb ORDER BY a;
-- COMMIT and ROLLBACK inside it end the block so far, with a warning.
INSERT INTO tb VALUES (12)\; COMMIT\; INSERT INTO tb VALUES (13)\; SELECT 1 / 0;
INSERT INTO tb VALUES (14)\; ROLLBACK\; INSERT INTO tb VALUES (15);
SELECT * FROM tb ORDER BY a;
-- BEGIN turns it into an ordinary block that keeps the earlier statements.
INSERT INTO tb VALUES (16)\; BEGIN\; INSERT INTO tb VALUES (17);
SHOW transaction_isolation;
ROLLBACK;
SELECT * FROM tb ORDER BY a;
-- SAVEPOINT, AND CHAIN and VACUUM need an ordinary block or none.
SELECT 1\; SAVEPOINT sp;
SELECT 1\; COMMIT AND CHAIN;
SELECT 1\; VACUUM;
BEGIN;
VACUUM;
ROLLBACK;
-- SET TRANSACTION applies to the implicit block.
SET TRANSACTION READ ONLY\; INSERT INTO tb VALUES (18);
SHOW transaction_read_only;
-- A table created earlier in the query is visible to the statements after it.
CREATE TABLE tb3 (a int)\; INSERT INTO tb3 VALUES (1)\; SELECT * FROM tb3;
DROP TABLE tb3;
DROP TABLE tb;
