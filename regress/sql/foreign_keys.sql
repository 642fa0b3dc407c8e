-- FOREIGN KEY constraints: definition, enforcement on both sides, referential actions,
-- deferral, catalog rows and psql's description.

CREATE TABLE pktable (ptest1 int PRIMARY KEY, ptest2 text);
CREATE TABLE fktable (ftest1 int REFERENCES pktable MATCH FULL ON DELETE CASCADE ON UPDATE CASCADE, ftest2 int);
INSERT INTO pktable VALUES (1, 'Test1'), (2, 'Test2'), (3, 'Test3'), (4, 'Test4'), (5, 'Test5');
INSERT INTO fktable VALUES (1, 2), (2, 3), (3, 4), (NULL, 1);
-- a key the referenced table lacks
INSERT INTO fktable VALUES (100, 2);
-- several rows: the first missing one is reported
INSERT INTO fktable VALUES (5, 1), (101, 2), (102, 3);
SELECT * FROM fktable ORDER BY 1, 2;
DELETE FROM pktable WHERE ptest1 = 1;
SELECT * FROM fktable ORDER BY 1, 2;
UPDATE pktable SET ptest1 = 1 WHERE ptest1 = 2;
SELECT * FROM fktable ORDER BY 1, 2;
-- an update that keeps the key acts on nothing
UPDATE pktable SET ptest2 = 'same key' WHERE ptest1 = 3;
SELECT * FROM fktable ORDER BY 1, 2;

-- NO ACTION and RESTRICT
CREATE TABLE fk_noaction (a int REFERENCES pktable, b int);
CREATE TABLE fk_restrict (a int REFERENCES pktable ON DELETE RESTRICT ON UPDATE RESTRICT);
INSERT INTO fk_noaction VALUES (3, 1);
INSERT INTO fk_restrict VALUES (4);
DELETE FROM pktable WHERE ptest1 = 3;
UPDATE pktable SET ptest1 = 30 WHERE ptest1 = 3;
UPDATE pktable SET ptest1 = 40 WHERE ptest1 = 4;
-- NO ACTION lets a key go when another row brings it back in the same statement
UPDATE pktable SET ptest1 = CASE ptest1 WHEN 3 THEN 6 ELSE 3 END WHERE ptest1 IN (3, 5);
SELECT * FROM pktable ORDER BY 1;
DROP TABLE fk_noaction, fk_restrict;

-- SET NULL and SET DEFAULT, with a column list
CREATE TABLE fk_set (a int DEFAULT 5, b int, c int DEFAULT 0,
  FOREIGN KEY (a) REFERENCES pktable ON DELETE SET NULL ON UPDATE SET DEFAULT);
INSERT INTO fk_set VALUES (4, 1, 1), (6, 2, 2), (3, 3, 3);
DELETE FROM pktable WHERE ptest1 = 4;
UPDATE pktable SET ptest1 = 60 WHERE ptest1 = 6;
SELECT * FROM fk_set ORDER BY b;
-- the default must be a key too
DELETE FROM pktable WHERE ptest1 = 5;
UPDATE pktable SET ptest1 = 33 WHERE ptest1 = 3;
SELECT * FROM fk_set ORDER BY b;
DROP TABLE fk_set;
CREATE TABLE pk2 (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE fk_cols (x int, y int NOT NULL, FOREIGN KEY (x, y) REFERENCES pk2 ON DELETE SET NULL (x));
INSERT INTO pk2 VALUES (1, 1), (2, 2);
INSERT INTO fk_cols VALUES (1, 1), (2, 2);
DELETE FROM pk2 WHERE a = 1;
SELECT * FROM fk_cols ORDER BY y;
-- SET NULL into a NOT NULL column fails the statement
CREATE TABLE fk_notnull (x int NOT NULL REFERENCES pktable ON DELETE SET NULL);
INSERT INTO fk_notnull VALUES (3);
DELETE FROM pktable WHERE ptest1 = 3;
DROP TABLE fk_notnull, fk_cols, pk2;

-- MATCH FULL and MATCH SIMPLE with NULLs
CREATE TABLE pk3 (a int, b int, UNIQUE (a, b));
INSERT INTO pk3 VALUES (1, 1);
CREATE TABLE fk_full (x int, y int, FOREIGN KEY (x, y) REFERENCES pk3 (a, b) MATCH FULL);
CREATE TABLE fk_simple (x int, y int, FOREIGN KEY (x, y) REFERENCES pk3 (a, b));
INSERT INTO fk_full VALUES (NULL, NULL), (1, 1);
INSERT INTO fk_full VALUES (1, NULL);
INSERT INTO fk_simple VALUES (1, NULL), (NULL, 7);
INSERT INTO fk_simple VALUES (2, 7);
DROP TABLE fk_full, fk_simple, pk3;

-- self reference, cascading down a tree
CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree ON DELETE CASCADE);
INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, 1), (6, 5);
DELETE FROM tree WHERE id = 2;
SELECT * FROM tree ORDER BY id;
-- rows referencing each other arrive in one statement
INSERT INTO tree VALUES (7, 8), (8, 1);
INSERT INTO tree VALUES (9, 10);
DROP TABLE tree;

-- keys of different but comparable types
CREATE TABLE pk_int8 (a int8 PRIMARY KEY);
CREATE TABLE fk_int4 (a int4 REFERENCES pk_int8);
INSERT INTO pk_int8 VALUES (1), (5000000000);
INSERT INTO fk_int4 VALUES (1);
INSERT INTO fk_int4 VALUES (2);
CREATE TABLE pk_num (a numeric PRIMARY KEY);
CREATE TABLE fk_from_int (a int REFERENCES pk_num);
INSERT INTO pk_num VALUES (1.0);
INSERT INTO fk_from_int VALUES (1);
CREATE TABLE fk_from_text (a text REFERENCES pk_num);
CREATE TABLE fk_num_to_int (a numeric REFERENCES pk_int8);
DROP TABLE fk_from_int, pk_num, fk_int4, pk_int8;

-- bad definitions
CREATE TABLE fk_bad (a int REFERENCES pktable (ptest2));
CREATE TABLE fk_bad (a int REFERENCES nosuch);
CREATE TABLE fk_bad (a int, FOREIGN KEY (a, a) REFERENCES pktable);
CREATE TABLE fk_bad (a int, FOREIGN KEY (b) REFERENCES pktable);
CREATE TABLE fk_bad (a int, FOREIGN KEY (a) REFERENCES pktable (nope));
CREATE TABLE fk_bad (a int, b int, FOREIGN KEY (a) REFERENCES pktable ON DELETE SET NULL (b));
CREATE TABLE nopk (a int);
CREATE TABLE fk_bad (a int REFERENCES nopk);
DROP TABLE nopk;

-- ALTER TABLE ADD, VALIDATE, ALTER and DROP CONSTRAINT
CREATE TABLE fk_alter (x int, y int);
INSERT INTO fk_alter VALUES (1, 0), (99, 0);
ALTER TABLE fk_alter ADD CONSTRAINT fk_x FOREIGN KEY (x) REFERENCES pktable;
ALTER TABLE fk_alter ADD CONSTRAINT fk_x FOREIGN KEY (x) REFERENCES pktable NOT VALID;
INSERT INTO fk_alter VALUES (98, 0);
ALTER TABLE fk_alter VALIDATE CONSTRAINT fk_x;
DELETE FROM fk_alter WHERE x = 99;
ALTER TABLE fk_alter VALIDATE CONSTRAINT fk_x;
ALTER TABLE fk_alter ALTER CONSTRAINT fk_x DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE fk_alter ADD CONSTRAINT fk_x FOREIGN KEY (y) REFERENCES pktable;
SELECT conname, contype, condeferrable, condeferred, convalidated, confupdtype, confdeltype, confmatchtype,
       conkey, confkey, confrelid::regclass, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conrelid = 'fk_alter'::regclass;
ALTER TABLE fk_alter DROP CONSTRAINT fk_x;
ALTER TABLE fk_alter DROP CONSTRAINT fk_x;
ALTER TABLE fk_alter DROP CONSTRAINT IF EXISTS fk_x;
DROP TABLE fk_alter;

-- what a key relies on cannot go without CASCADE
CREATE TABLE fk_dep (a int CONSTRAINT dep_a REFERENCES pktable, b int);
ALTER TABLE pktable DROP CONSTRAINT pktable_pkey;
ALTER TABLE pktable DROP COLUMN ptest1;
DROP TABLE pktable;
TRUNCATE pktable;
TRUNCATE pktable, fktable, fk_dep;
-- dropping another column renumbers the referenced one
ALTER TABLE pktable ADD COLUMN extra int;
ALTER TABLE pktable DROP COLUMN ptest2;
INSERT INTO pktable VALUES (7, 0);
INSERT INTO fk_dep VALUES (7, 0);
INSERT INTO fk_dep VALUES (8, 0);
DROP TABLE fktable;
\d fk_dep
\d pktable
DROP TABLE pktable CASCADE;
INSERT INTO fk_dep VALUES (8, 0);
DROP TABLE fk_dep;

-- deferred checks wait for commit
CREATE TABLE pk (a int PRIMARY KEY);
CREATE TABLE fk (a int CONSTRAINT fk_a REFERENCES pk DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE fk_now (a int CONSTRAINT fk_now_a REFERENCES pk);
BEGIN;
INSERT INTO fk VALUES (1);
INSERT INTO pk VALUES (1);
COMMIT;
BEGIN;
INSERT INTO fk VALUES (2);
COMMIT;
SELECT * FROM fk;
BEGIN;
SET CONSTRAINTS fk_a IMMEDIATE;
INSERT INTO fk VALUES (3);
ROLLBACK;
BEGIN;
INSERT INTO fk VALUES (3);
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK;
BEGIN;
SET CONSTRAINTS fk_now_a DEFERRED;
ROLLBACK;
BEGIN;
SET CONSTRAINTS no_such_constraint DEFERRED;
ROLLBACK;
SET CONSTRAINTS ALL DEFERRED;
-- a row gone by commit is not checked; one rolled back to a savepoint neither
BEGIN;
INSERT INTO fk VALUES (4);
DELETE FROM fk WHERE a = 4;
SAVEPOINT s;
INSERT INTO fk VALUES (5);
ROLLBACK TO s;
COMMIT;
-- a row updated without changing its key is still checked
BEGIN;
INSERT INTO fk VALUES (6);
UPDATE fk SET a = a WHERE a = 6;
COMMIT;
-- deleting a referenced key and putting it back before commit is fine
BEGIN;
DELETE FROM pk WHERE a = 1;
INSERT INTO pk VALUES (1);
COMMIT;
BEGIN;
DELETE FROM pk WHERE a = 1;
COMMIT;
SELECT * FROM fk;
DROP TABLE fk, fk_now, pk;

-- COPY and ON CONFLICT write through the same checks
CREATE TABLE pk (a int PRIMARY KEY, n int);
CREATE TABLE fk (a int PRIMARY KEY REFERENCES pk ON UPDATE CASCADE, v text);
INSERT INTO pk VALUES (1, 0), (2, 0);
COPY fk FROM stdin;
1	one
\.
COPY fk FROM stdin;
3	three
\.
INSERT INTO fk VALUES (1, 'uno') ON CONFLICT (a) DO UPDATE SET a = 5;
INSERT INTO pk VALUES (1, 1) ON CONFLICT (a) DO UPDATE SET a = 10;
SELECT * FROM fk;
SELECT constraint_name, unique_constraint_name, match_option, update_rule, delete_rule
  FROM information_schema.referential_constraints WHERE constraint_schema = 'public';
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
  FROM information_schema.key_column_usage WHERE table_name IN ('pk', 'fk') ORDER BY 1, 4;
DROP TABLE fk, pk;

-- ALTER TABLE ADD COLUMN ... REFERENCES checks the rows once the column has its values
CREATE TABLE p (id int PRIMARY KEY);
INSERT INTO p VALUES (1);
CREATE TABLE c (x int);
INSERT INTO c VALUES (10), (20);
ALTER TABLE c ADD COLUMN pid int REFERENCES p ON DELETE CASCADE;
ALTER TABLE c ADD COLUMN pid2 int DEFAULT 2 REFERENCES p;
ALTER TABLE c ADD COLUMN pid3 int DEFAULT 1 REFERENCES p DEFERRABLE INITIALLY DEFERRED;
\d c
UPDATE c SET pid = 1 WHERE x = 10;
ALTER TABLE c DROP COLUMN pid3;
DELETE FROM p;
SELECT * FROM c;
DROP TABLE c, p;

-- CREATE SCHEMA with elements runs them in PostgreSQL's order, in the schema
CREATE SCHEMA fk_elems
  CREATE TABLE child (id int REFERENCES parent)
  CREATE TABLE parent (id int PRIMARY KEY);
INSERT INTO fk_elems.child VALUES (1);
\d fk_elems.child
DROP SCHEMA fk_elems CASCADE;
