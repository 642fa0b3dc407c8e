-- SAVEPOINT, RELEASE and ROLLBACK TO with PostgreSQL's semantics.
CREATE TABLE sp (id int PRIMARY KEY, v text);

-- Outside a transaction block.
SAVEPOINT a;
RELEASE SAVEPOINT a;
ROLLBACK TO SAVEPOINT a;

-- ROLLBACK TO undoes inserts, updates and deletes made after the savepoint.
BEGIN;
INSERT INTO sp VALUES (1, 'one'), (2, 'two');
SAVEPOINT a;
INSERT INTO sp VALUES (3, 'three');
UPDATE sp SET v = 'uno' WHERE id = 1;
DELETE FROM sp WHERE id = 2;
SELECT * FROM sp ORDER BY id;
ROLLBACK TO SAVEPOINT a;
SELECT * FROM sp ORDER BY id;
-- The savepoint survives ROLLBACK TO: it can be used again.
INSERT INTO sp VALUES (4, 'four');
ROLLBACK TO a;
SELECT * FROM sp ORDER BY id;
COMMIT;
SELECT * FROM sp ORDER BY id;

-- An error aborts the block; ROLLBACK TO recovers it.
BEGIN;
SAVEPOINT s1;
INSERT INTO sp VALUES (5, 'five');
INSERT INTO sp VALUES (1, 'dup');
SELECT 1;
SAVEPOINT s2;
RELEASE s1;
ROLLBACK TO SAVEPOINT s1;
SELECT * FROM sp ORDER BY id;
INSERT INTO sp VALUES (6, 'six');
COMMIT;
SELECT * FROM sp ORDER BY id;

-- A unique key freed by ROLLBACK TO can be taken again.
BEGIN;
SAVEPOINT k;
INSERT INTO sp VALUES (7, 'seven');
ROLLBACK TO k;
INSERT INTO sp VALUES (7, 'again');
COMMIT;
SELECT * FROM sp WHERE id = 7;

-- Nested and same-named savepoints: the latest of a name wins, and releasing or rolling
-- back to an outer one discards the inner ones.
BEGIN;
SAVEPOINT x;
INSERT INTO sp VALUES (10, 'x1');
SAVEPOINT x;
INSERT INTO sp VALUES (11, 'x2');
SAVEPOINT y;
INSERT INTO sp VALUES (12, 'y');
ROLLBACK TO x;
SELECT id FROM sp WHERE id >= 10 ORDER BY id;
ROLLBACK TO y;
ROLLBACK TO x;
RELEASE x;
SELECT id FROM sp WHERE id >= 10 ORDER BY id;
ROLLBACK TO x;
SELECT id FROM sp WHERE id >= 10 ORDER BY id;
SAVEPOINT z;
SAVEPOINT w;
RELEASE z;
RELEASE w;
ROLLBACK;
SELECT id FROM sp WHERE id >= 10 ORDER BY id;

-- An unknown savepoint is an error that aborts the block.
BEGIN;
INSERT INTO sp VALUES (20, 'lost');
RELEASE nosuch;
SELECT 1;
ROLLBACK TO nosuch;
COMMIT;
SELECT count(*) FROM sp WHERE id = 20;

-- DDL is rolled back too.
BEGIN;
SAVEPOINT d;
CREATE TABLE sp_gone (a int);
ALTER TABLE sp ADD COLUMN extra int;
DROP TABLE sp_gone;
CREATE TABLE sp_gone (b text);
ROLLBACK TO d;
SELECT * FROM sp_gone;
ROLLBACK TO d;
SELECT * FROM sp ORDER BY id;
COMMIT;

-- Sequences are not rolled back.
CREATE SEQUENCE sp_seq;
BEGIN;
SAVEPOINT q;
SELECT nextval('sp_seq');
ROLLBACK TO q;
SELECT nextval('sp_seq');
COMMIT;
DROP SEQUENCE sp_seq;

-- Released savepoints leave the writes in the transaction.
BEGIN;
SAVEPOINT r;
DELETE FROM sp WHERE id = 6;
RELEASE SAVEPOINT r;
ROLLBACK TO r;
ROLLBACK;
BEGIN;
SAVEPOINT r;
DELETE FROM sp WHERE id = 6;
RELEASE SAVEPOINT r;
COMMIT;
SELECT * FROM sp ORDER BY id;

DROP TABLE sp;
