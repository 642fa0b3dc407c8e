-- Advisory locks in one session: holds are counted per mode, the bigint and two-integer
-- keys are separate, transaction-level holds end with the transaction, unlocking what is
-- not held warns. (Sessions waiting for each other: pgx_locks_test.go.)
SELECT pg_advisory_lock(1), pg_advisory_lock(1), pg_try_advisory_lock(1);
SELECT pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1);
SELECT pg_advisory_unlock(1);
SELECT pg_advisory_lock_shared(0, 1), pg_try_advisory_lock_shared(0, 1);
SELECT pg_advisory_unlock(0, 1);
SELECT pg_advisory_unlock_shared(0, 1), pg_advisory_unlock_shared(0, 1), pg_advisory_unlock_shared(0, 1);
SELECT pg_advisory_unlock_shared(1);
SELECT pg_try_advisory_lock(-9223372036854775808), pg_try_advisory_lock(-2147483648, 2147483647);
SELECT pg_advisory_unlock(-9223372036854775808), pg_advisory_unlock(-2147483648, 2147483647);
SELECT pg_advisory_lock(NULL), pg_try_advisory_lock(NULL, 1), pg_advisory_unlock(NULL::bigint);
SELECT pg_try_advisory_lock(g) FROM generate_series(1, 3) g;
SELECT pg_advisory_unlock_all();
SELECT pg_advisory_unlock(g) FROM generate_series(1, 3) g;
BEGIN;
SELECT pg_advisory_xact_lock(7), pg_try_advisory_xact_lock(7), pg_advisory_xact_lock_shared(7), pg_try_advisory_xact_lock_shared(8, 8);
SELECT pg_advisory_unlock(7);
COMMIT;
SELECT pg_advisory_xact_lock(7);
SELECT pg_advisory_unlock(7);
-- DISCARD ALL releases session-level locks
SELECT pg_advisory_lock(3);
DISCARD ALL;
SELECT pg_advisory_unlock(3);
