--
-- Transaction isolation levels: READ COMMITTED by default, set per transaction or session
--
SHOW transaction_isolation;
SHOW default_transaction_isolation;
SELECT current_setting('transaction_isolation');

-- outside a block the level lasts for no transaction
SET transaction_isolation = 'serializable';
SHOW transaction_isolation;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SET transaction_isolation = 'sometimes';

-- in a block, before the first query
BEGIN;
SHOW transaction_isolation;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW transaction_isolation;
SELECT 1;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
ROLLBACK;
SHOW transaction_isolation;

BEGIN ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
SET transaction_isolation = 'read committed';
SHOW transaction_isolation;
COMMIT;

START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, READ WRITE;
SHOW transaction_isolation;
COMMIT;

-- the default for new transactions
SET default_transaction_isolation = 'repeatable read';
SHOW transaction_isolation;
BEGIN;
SHOW transaction_isolation;
COMMIT;
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SHOW default_transaction_isolation;
BEGIN;
SELECT current_setting('transaction_isolation');
SET transaction_isolation = 'read committed';
ROLLBACK;
RESET default_transaction_isolation;
SHOW default_transaction_isolation;

-- a READ COMMITTED block sees its own changes in every statement
CREATE TABLE iso_t (id int PRIMARY KEY, v int);
INSERT INTO iso_t VALUES (1, 10), (2, 20);
BEGIN;
UPDATE iso_t SET v = v + 1 WHERE id = 1;
SELECT * FROM iso_t ORDER BY id;
DELETE FROM iso_t WHERE id = 2;
UPDATE iso_t SET v = v + 1 WHERE id = 1;
SELECT * FROM iso_t ORDER BY id;
COMMIT;
SELECT * FROM iso_t ORDER BY id;
DROP TABLE iso_t;
