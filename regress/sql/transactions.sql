--
-- Transactions: BEGIN/COMMIT/ROLLBACK, failed transaction blocks
--
CREATE TABLE tx_t (id int, note text);

-- committed changes are visible afterwards
BEGIN;
INSERT INTO tx_t VALUES (1, 'committed');
SELECT * FROM tx_t;
COMMIT;
SELECT * FROM tx_t ORDER BY id;

-- rolled back changes are gone
BEGIN;
INSERT INTO tx_t VALUES (2, 'rolled back');
INSERT INTO tx_t SELECT id + 10, note FROM tx_t;
SELECT * FROM tx_t ORDER BY id;
ROLLBACK;
SELECT * FROM tx_t ORDER BY id;

-- a failed statement aborts the block until ROLLBACK
BEGIN;
INSERT INTO tx_t VALUES (3, 'lost');
SELECT 1 / 0;
SELECT 1;
INSERT INTO tx_t VALUES (4, 'ignored');
ROLLBACK;
SELECT * FROM tx_t ORDER BY id;

-- COMMIT of a failed block rolls it back
BEGIN;
INSERT INTO tx_t VALUES (5, 'lost too');
SELECT * FROM nope;
COMMIT;
SELECT * FROM tx_t ORDER BY id;

-- errors outside a block affect only their statement
INSERT INTO tx_t VALUES (6, 'kept');
INSERT INTO tx_t VALUES ('x', 'bad');
SELECT * FROM tx_t ORDER BY id;

-- DDL is transactional
BEGIN;
CREATE TABLE tx_new (x int);
INSERT INTO tx_new VALUES (1);
SELECT * FROM tx_new;
ROLLBACK;
SELECT * FROM tx_new;
BEGIN;
DROP TABLE tx_t;
SELECT * FROM tx_t;
ROLLBACK;
SELECT count(*) FROM tx_t;
BEGIN;
CREATE TABLE tx_new AS SELECT * FROM tx_t;
COMMIT;
SELECT * FROM tx_new ORDER BY id;

-- other spellings
START TRANSACTION;
INSERT INTO tx_t VALUES (7, 'start');
END;
BEGIN WORK;
INSERT INTO tx_t VALUES (8, 'work');
ABORT;
BEGIN TRANSACTION;
INSERT INTO tx_t VALUES (9, 'transaction');
COMMIT WORK;
SELECT * FROM tx_t ORDER BY id;

-- misplaced transaction commands only warn
COMMIT;
ROLLBACK;
BEGIN;
BEGIN;
COMMIT;

DROP TABLE tx_t;
DROP TABLE tx_new;
