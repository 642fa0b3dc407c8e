--
-- Point lookups through PRIMARY KEY and UNIQUE indexes
--
CREATE TABLE ix_acct (id int PRIMARY KEY, code text UNIQUE, grp int, bal int, UNIQUE (grp, bal));
INSERT INTO ix_acct SELECT g, 'c' || g, g % 100, g FROM generate_series(1, 5000) g;
ANALYZE ix_acct;

EXPLAIN (COSTS OFF) SELECT * FROM ix_acct WHERE id = 42;
SELECT * FROM ix_acct WHERE id = 42;
EXPLAIN (COSTS OFF) SELECT bal FROM ix_acct WHERE 42 = id AND bal > 10;
SELECT bal FROM ix_acct WHERE 42 = id AND bal > 10;
SELECT bal FROM ix_acct WHERE id = 42 AND bal > 100;
EXPLAIN (COSTS OFF) SELECT id FROM ix_acct WHERE code = 'c77';
SELECT id FROM ix_acct WHERE code = 'c77';
EXPLAIN (COSTS OFF) SELECT id FROM ix_acct WHERE grp = 7 AND bal = 207;
SELECT id FROM ix_acct WHERE grp = 7 AND bal = 207;
SELECT id FROM ix_acct WHERE grp = 7 AND bal = 208;
SELECT * FROM ix_acct WHERE id = NULL;
SELECT * FROM ix_acct WHERE id = 6000;

-- UPDATE and DELETE find their row through the index
EXPLAIN (COSTS OFF) UPDATE ix_acct SET bal = bal + 1 WHERE id = 42;
UPDATE ix_acct SET bal = bal + 1 WHERE id = 42 RETURNING *;
UPDATE ix_acct SET bal = bal + 1 WHERE id = 42 AND bal < 0;
EXPLAIN (COSTS OFF) DELETE FROM ix_acct WHERE code = 'c43';
DELETE FROM ix_acct WHERE code = 'c43' RETURNING id;
SELECT * FROM ix_acct WHERE code = 'c43';

-- inside a transaction: its own changes are found too
BEGIN;
INSERT INTO ix_acct VALUES (6001, 'new', 1, -1);
SELECT * FROM ix_acct WHERE id = 6001;
UPDATE ix_acct SET code = 'newer' WHERE id = 6001;
SELECT * FROM ix_acct WHERE code = 'newer';
SELECT * FROM ix_acct WHERE code = 'new';
DELETE FROM ix_acct WHERE id = 42;
SELECT * FROM ix_acct WHERE id = 42;
ROLLBACK;
SELECT * FROM ix_acct WHERE id = 42;
SELECT * FROM ix_acct WHERE id = 6001;

-- parameters
PREPARE ix_q(int) AS SELECT id, code FROM ix_acct WHERE id = $1;
EXECUTE ix_q(5);
EXECUTE ix_q(NULL);
DEALLOCATE ix_q;

-- a small table is scanned
CREATE TABLE ix_small (id int PRIMARY KEY, v text);
INSERT INTO ix_small VALUES (1, 'a'), (2, 'b');
ANALYZE ix_small;
EXPLAIN (COSTS OFF) SELECT v FROM ix_small WHERE id = 2;
SELECT v FROM ix_small WHERE id = 2;

DROP TABLE ix_acct, ix_small;
