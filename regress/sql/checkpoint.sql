--
-- CHECKPOINT: small commits go to the write-ahead log; a checkpoint folds them into the
-- stored tables, inside a transaction block too, and the rows read the same before and after
--
CREATE TABLE ckpt (id int PRIMARY KEY, note text);
INSERT INTO ckpt VALUES (1, 'one'), (2, 'two');
UPDATE ckpt SET note = 'deux' WHERE id = 2;
SELECT * FROM ckpt ORDER BY id;
CHECKPOINT;
SELECT * FROM ckpt ORDER BY id;
INSERT INTO ckpt VALUES (3, 'three');
DELETE FROM ckpt WHERE id = 1;
BEGIN;
INSERT INTO ckpt VALUES (4, 'four');
CHECKPOINT;
SELECT * FROM ckpt ORDER BY id;
ROLLBACK;
CHECKPOINT;
INSERT INTO ckpt VALUES (3, 'again');
SELECT * FROM ckpt ORDER BY id;
DROP TABLE ckpt;
