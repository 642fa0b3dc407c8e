-- pg_locks shows advisory locks with their keys spread over classid, objid and objsubid,
-- and a transaction that locked rows holds its own transaction ID. (A session waiting for
-- another's row: pgx_rowlocks_test.go.)
SELECT pg_advisory_lock(1), pg_advisory_lock_shared(4294967298), pg_advisory_lock(3, 4);
SELECT locktype, database = (SELECT oid FROM pg_database WHERE datname = current_database()) AS this_db,
       classid, objid, objsubid, mode, granted, fastpath, waitstart
  FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() ORDER BY objsubid, classid, objid;
SELECT pg_advisory_unlock_all();
SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
CREATE TABLE lockt (id int PRIMARY KEY);
INSERT INTO lockt VALUES (1), (2);
BEGIN;
SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND pid = pg_backend_pid();
SELECT id FROM lockt WHERE id = 1 FOR UPDATE;
SELECT mode, granted, relation, classid, transactionid IS NOT NULL AS has_xid
  FROM pg_locks WHERE locktype = 'transactionid' AND pid = pg_backend_pid();
COMMIT;
SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND pid = pg_backend_pid();
DROP TABLE lockt;
