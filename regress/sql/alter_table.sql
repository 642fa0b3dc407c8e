--
-- ALTER TABLE: ADD/DROP/RENAME COLUMN, RENAME TO, SET/DROP NOT NULL, and their errors
--
CREATE TABLE at_t (id int NOT NULL, name text, price numeric(6,2));
INSERT INTO at_t VALUES (1, 'pen', 1.50), (2, 'ink', NULL), (3, NULL, 2.25);

-- ADD COLUMN: existing rows read NULL
ALTER TABLE at_t ADD COLUMN added date;
ALTER TABLE at_t ADD qty int, ADD COLUMN flag bool NULL;
SELECT * FROM at_t ORDER BY id;
INSERT INTO at_t VALUES (4, 'cap', 0.50, '2024-05-01', 7, true);
UPDATE at_t SET qty = id * 10 WHERE qty IS NULL;
SELECT * FROM at_t ORDER BY id;
ALTER TABLE at_t ADD COLUMN qty int;
ALTER TABLE at_t ADD COLUMN IF NOT EXISTS qty int;
ALTER TABLE at_t ADD COLUMN must int NOT NULL;
ALTER TABLE at_t ADD COLUMN bad nosuchtype;

-- DROP COLUMN
ALTER TABLE at_t DROP COLUMN flag;
ALTER TABLE at_t DROP price;
SELECT * FROM at_t ORDER BY id;
ALTER TABLE at_t DROP COLUMN flag;
ALTER TABLE at_t DROP COLUMN IF EXISTS flag;
SELECT price FROM at_t;
-- a re-added column starts out empty
ALTER TABLE at_t ADD COLUMN price numeric(6,2);
SELECT id, price FROM at_t ORDER BY id;

-- RENAME COLUMN and RENAME TO
ALTER TABLE at_t RENAME COLUMN name TO label;
ALTER TABLE at_t RENAME qty TO quantity;
SELECT * FROM at_t ORDER BY id;
SELECT name FROM at_t;
ALTER TABLE at_t RENAME COLUMN nope TO other;
ALTER TABLE at_t RENAME COLUMN label TO id;
CREATE TABLE at_other (x int);
ALTER TABLE at_t RENAME TO at_other;
ALTER TABLE at_t RENAME TO at_renamed;
SELECT * FROM at_t;
SELECT id, label FROM at_renamed ORDER BY id;
ALTER TABLE at_renamed RENAME TO at_t;

-- SET / DROP NOT NULL
ALTER TABLE at_t ALTER COLUMN label SET NOT NULL;
UPDATE at_t SET label = 'pad' WHERE label IS NULL;
ALTER TABLE at_t ALTER COLUMN label SET NOT NULL;
INSERT INTO at_t (id) VALUES (5);
UPDATE at_t SET label = NULL WHERE id = 1;
ALTER TABLE at_t ALTER COLUMN id DROP NOT NULL;
INSERT INTO at_t (id, label) VALUES (NULL, 'anon');
ALTER TABLE at_t ALTER COLUMN id SET NOT NULL;
ALTER TABLE at_t ALTER nope SET NOT NULL;
SELECT * FROM at_t ORDER BY id NULLS FIRST;

-- missing tables
ALTER TABLE at_nope ADD COLUMN x int;
ALTER TABLE IF EXISTS at_nope ADD COLUMN x int;
ALTER TABLE at_nope RENAME TO at_still_nope;
ALTER TABLE IF EXISTS at_nope RENAME COLUMN a TO b;

-- in transactions: visible at once, undone by ROLLBACK
BEGIN;
ALTER TABLE at_t ADD COLUMN note text;
UPDATE at_t SET note = 'n' || id::text;
ALTER TABLE at_t DROP COLUMN quantity;
ALTER TABLE at_t RENAME TO at_tx;
SELECT * FROM at_tx ORDER BY id NULLS FIRST;
ROLLBACK;
SELECT * FROM at_t ORDER BY id NULLS FIRST;
BEGIN;
ALTER TABLE at_t DROP COLUMN added;
ALTER TABLE at_t ADD COLUMN note text;
INSERT INTO at_t (id, label, note) VALUES (6, 'new', 'kept');
COMMIT;
SELECT * FROM at_t ORDER BY id NULLS FIRST;

-- a larger table altered between inserts
CREATE TABLE at_big AS SELECT g AS id, g % 7 AS grp FROM generate_series(1, 10000) g;
ALTER TABLE at_big ADD COLUMN tag text;
INSERT INTO at_big SELECT g, g % 7, 'late' FROM generate_series(10001, 10500) g;
ALTER TABLE at_big DROP COLUMN grp;
DELETE FROM at_big WHERE id % 2 = 0;
SELECT count(*), count(tag), sum(id) FROM at_big;
SELECT tag, count(*) FROM at_big GROUP BY tag ORDER BY tag;

DROP TABLE at_t, at_other, at_big;
