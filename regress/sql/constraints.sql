-- PRIMARY KEY and UNIQUE constraints, enforced by unique indexes
CREATE TABLE pk (id int PRIMARY KEY, code text UNIQUE, a int, b int, UNIQUE (a, b));
INSERT INTO pk VALUES (1, 'one', 1, 1);
INSERT INTO pk VALUES (1, 'uno', 2, 2);
INSERT INTO pk VALUES (2, 'one', 2, 2);
INSERT INTO pk VALUES (3, 'three', 1, 1);
INSERT INTO pk VALUES (4, NULL, NULL, 1), (5, NULL, NULL, 1);
INSERT INTO pk VALUES (6, 'six', 6, 6), (6, 'six again', 7, 7);
INSERT INTO pk VALUES (NULL, 'null id', 8, 8);
UPDATE pk SET code = 'ONE' WHERE id = 1;
UPDATE pk SET id = 2 WHERE id = 1;
UPDATE pk SET id = id + 100;
SELECT * FROM pk ORDER BY id;
BEGIN;
INSERT INTO pk VALUES (7, 'seven', 70, 70);
DELETE FROM pk WHERE id = 7;
INSERT INTO pk VALUES (7, 'seven again', 71, 71);
INSERT INTO pk VALUES (7, 'seven thrice', 72, 72);
ROLLBACK;
BEGIN;
DELETE FROM pk WHERE id = 101;
INSERT INTO pk VALUES (101, 'back', 1, 1);
COMMIT;
SELECT * FROM pk ORDER BY id;
CREATE TABLE pk2 (a text, b date, PRIMARY KEY (a, b));
INSERT INTO pk2 VALUES ('x', '2020-01-01'), ('x', '2020-01-02');
INSERT INTO pk2 VALUES ('x', '2020-01-01');
CREATE TABLE nnd (a int, b int, UNIQUE NULLS NOT DISTINCT (a, b));
INSERT INTO nnd VALUES (1, NULL);
INSERT INTO nnd VALUES (1, NULL);
CREATE TABLE twopk (a int PRIMARY KEY, b int PRIMARY KEY);
CREATE TABLE badkey (a int, PRIMARY KEY (nosuch));
CREATE TABLE dedup (a int PRIMARY KEY UNIQUE, b int UNIQUE, c int, UNIQUE (b), UNIQUE (c), UNIQUE (b, c), CONSTRAINT named UNIQUE (c));
INSERT INTO dedup VALUES (1, 1, 1), (2, 2, 1);
INSERT INTO dedup VALUES (3, 1, 3);
CREATE TABLE pk_pkey (x int);
CREATE TABLE pk3 (id int CONSTRAINT pk_pkey PRIMARY KEY);
COPY pk FROM STDIN;
500	copy	500	500
501	copy2	501	501
\.
ALTER TABLE pk RENAME COLUMN id TO ident;
INSERT INTO pk VALUES (102, 'dup after rename', 9, 9);
ALTER TABLE pk DROP COLUMN code;
INSERT INTO pk VALUES (200, 1, 1);
INSERT INTO pk VALUES (102, 1, 1);
DROP TABLE pk_pkey;
DROP TABLE pk, pk2, nnd, dedup;
