-- CHECK constraints of tables
CREATE TABLE ck (id int PRIMARY KEY, qty int CHECK (qty >= 0), lo int, hi int, name text CONSTRAINT name_not_empty CHECK (length(name) > 0), CHECK (lo <= hi));
INSERT INTO ck VALUES (1, 5, 1, 2, 'a');
INSERT INTO ck VALUES (2, -1, 1, 2, 'b');
INSERT INTO ck VALUES (3, 1, 3, 2, 'c');
INSERT INTO ck VALUES (4, 1, 1, 2, '');
INSERT INTO ck VALUES (5, NULL, NULL, 2, NULL);
UPDATE ck SET qty = qty - 10 WHERE id = 1;
UPDATE ck SET lo = 7 WHERE id = 1;
COPY ck FROM STDIN;
6	1	1	1	x
\.
INSERT INTO ck VALUES (1, 0, 0, 0, 'z') ON CONFLICT (id) DO UPDATE SET qty = -5;
\d ck
SELECT conname, contype, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'ck'::regclass ORDER BY conname;
SELECT relchecks FROM pg_class WHERE relname = 'ck';
ALTER TABLE ck ADD CONSTRAINT qty_small CHECK (qty < 3);
ALTER TABLE ck ADD CONSTRAINT qty_small CHECK (qty < 100);
ALTER TABLE ck ADD CHECK (id > 0);
INSERT INTO ck VALUES (0, 1, 1, 1, 'zero');
ALTER TABLE ck DROP CONSTRAINT ck_id_check;
INSERT INTO ck VALUES (0, 1, 1, 1, 'zero');
ALTER TABLE ck RENAME COLUMN qty TO quantity;
INSERT INTO ck VALUES (7, -1, 1, 1, 'neg');
ALTER TABLE ck DROP COLUMN lo;
INSERT INTO ck VALUES (8, 1, 0, 'ok');
\d ck
CREATE TABLE bad (a int CHECK (a));
CREATE TABLE bad (a int CHECK (a > 0), CONSTRAINT c1 CHECK (a < 10), CONSTRAINT c1 CHECK (a < 5));
SELECT * FROM ck ORDER BY id;
DROP TABLE ck;
