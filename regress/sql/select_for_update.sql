-- SELECT ... FOR UPDATE and its relatives in one session: the rows come back as without
-- the clause, LIMIT and OFFSET count locked rows, OF names the locked tables, and the
-- queries whose rows are not table rows are refused. (Sessions waiting for each other,
-- NOWAIT and SKIP LOCKED against another holder: the concurrency tests.)
CREATE TABLE jobs (id int PRIMARY KEY, state text, prio int);
CREATE TABLE owners (id int PRIMARY KEY, job int, name text);
INSERT INTO jobs VALUES (1, 'new', 3), (2, 'new', 1), (3, 'done', 2), (4, 'new', 5);
INSERT INTO owners VALUES (10, 1, 'ann'), (11, 2, 'bob'), (12, 4, 'cy');
SELECT * FROM jobs WHERE state = 'new' ORDER BY id FOR UPDATE;
SELECT id FROM jobs ORDER BY prio FOR NO KEY UPDATE;
SELECT id, prio FROM jobs ORDER BY prio DESC FOR SHARE;
SELECT id FROM jobs WHERE state = 'new' ORDER BY prio LIMIT 1 FOR UPDATE SKIP LOCKED;
SELECT id FROM jobs ORDER BY id LIMIT 2 OFFSET 1 FOR UPDATE NOWAIT;
SELECT id FROM jobs ORDER BY id OFFSET 3 FOR UPDATE;
SELECT id FROM jobs ORDER BY id LIMIT 0 FOR UPDATE;
SELECT id FROM jobs ORDER BY id LIMIT NULL FOR SHARE;
SELECT j.id, o.name FROM jobs j JOIN owners o ON o.job = j.id ORDER BY j.id FOR UPDATE OF j;
SELECT j.id, o.name FROM jobs j, owners o WHERE o.job = j.id ORDER BY o.name DESC FOR UPDATE OF o FOR SHARE OF j;
SELECT j.id, o.name FROM jobs j LEFT JOIN owners o ON o.job = j.id ORDER BY j.id FOR UPDATE OF j;
SELECT * FROM jobs JOIN owners USING (id) FOR UPDATE;
SELECT j.* FROM jobs j WHERE j.id IN (SELECT job FROM owners) ORDER BY 1 FOR UPDATE;
SELECT g, j.id FROM generate_series(1, 2) g, jobs j WHERE j.id = g ORDER BY g FOR UPDATE;
PREPARE next_job(int) AS SELECT id FROM jobs WHERE state = 'new' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED;
EXECUTE next_job(2);
DEALLOCATE next_job;
-- inside a transaction, then changed by the same transaction
BEGIN;
SELECT * FROM jobs WHERE id = 2 FOR UPDATE;
UPDATE jobs SET state = 'running' WHERE id = 2;
SELECT * FROM jobs WHERE id = 2 FOR UPDATE;
INSERT INTO jobs VALUES (5, 'new', 0);
SELECT * FROM jobs WHERE prio < 2 ORDER BY id FOR UPDATE;
COMMIT;
SELECT * FROM jobs ORDER BY id;
-- errors
SELECT state, count(*) FROM jobs GROUP BY state FOR UPDATE;
SELECT count(*) FROM jobs FOR UPDATE;
SELECT DISTINCT state FROM jobs FOR SHARE;
SELECT id FROM jobs HAVING true FOR KEY SHARE;
SELECT id, row_number() OVER () FROM jobs FOR NO KEY UPDATE;
SELECT id, generate_series(1, 2) FROM jobs FOR UPDATE;
SELECT id FROM jobs UNION SELECT id FROM owners FOR UPDATE;
VALUES (1) FOR UPDATE;
SELECT * FROM jobs FOR UPDATE OF nosuch;
SELECT * FROM jobs FOR UPDATE OF public.jobs;
SELECT * FROM jobs j FOR UPDATE OF jobs;
SELECT * FROM generate_series(1, 2) g FOR UPDATE OF g;
SELECT j.id FROM jobs j LEFT JOIN owners o ON o.job = j.id FOR UPDATE;
SELECT j.id FROM jobs j LEFT JOIN owners o ON o.job = j.id FOR UPDATE OF o;
SELECT nosuch FROM jobs FOR UPDATE;
BEGIN READ ONLY;
SELECT * FROM jobs FOR SHARE;
ROLLBACK;
BEGIN READ ONLY;
SELECT * FROM jobs j, owners o FOR KEY SHARE OF o FOR UPDATE OF j;
ROLLBACK;
DROP TABLE owners;
DROP TABLE jobs;
-- EXPLAIN shows the locking, under the LIMIT that counts locked rows
CREATE TABLE jobs2 (id int PRIMARY KEY, prio int);
EXPLAIN (COSTS OFF) SELECT * FROM jobs2 ORDER BY prio LIMIT 1 FOR UPDATE SKIP LOCKED;
EXPLAIN (COSTS OFF) SELECT * FROM jobs2 ORDER BY prio FOR SHARE;
DROP TABLE jobs2;
