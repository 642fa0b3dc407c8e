-- LISTEN, UNLISTEN, NOTIFY and pg_notify as one session sees them. Delivery between
-- sessions is tested with two clients (pgx_notify_test.go); this session stops listening
-- before it notifies, so no notification (with its varying process id) is printed.
SELECT * FROM pg_listening_channels();
LISTEN foo;
LISTEN "Bar Baz";
LISTEN foo;
SELECT * FROM pg_listening_channels();
-- A LISTEN in a block that rolls back never happened; one that commits counts at COMMIT.
BEGIN;
LISTEN rolled_back;
SELECT count(*) FROM pg_listening_channels();
ROLLBACK;
BEGIN;
LISTEN committed;
UNLISTEN foo;
COMMIT;
SELECT c FROM pg_listening_channels() c ORDER BY c;
UNLISTEN not_listening;
UNLISTEN foo;
SELECT c FROM pg_listening_channels() c ORDER BY c;
UNLISTEN *;
SELECT count(*) FROM pg_listening_channels();
NOTIFY foo;
NOTIFY foo, 'a payload';
NOTIFY foo, '';
SELECT pg_notify('foo', 'x');
SELECT pg_notify('foo', NULL);
SELECT pg_notify('foo', repeat('x', 7999));
SELECT pg_notify(c, 'p') FROM (VALUES ('a'), ('b'), ('a')) v(c);
-- Errors: an empty or too long channel name, a payload of 8000 bytes or more.
SELECT pg_notify(NULL, 'x');
SELECT pg_notify('', 'x');
SELECT pg_notify(repeat('c', 63), 'x');
SELECT pg_notify(repeat('c', 64), 'x');
SELECT pg_notify('foo', repeat('x', 8000));
NOTIFY foo, 'é';
SELECT pg_notify('foo', repeat('é', 4000));
-- A failed NOTIFY aborts its block, as any error does.
BEGIN;
NOTIFY foo, 'kept until commit';
SELECT pg_notify('foo', repeat('x', 9000));
NOTIFY foo;
ROLLBACK;
SELECT pg_typeof(pg_notify('foo', 'typed'));
-- LISTEN after a savepoint that is rolled back to never happened.
BEGIN;
LISTEN before_savepoint;
SAVEPOINT s;
LISTEN after_savepoint;
ROLLBACK TO s;
COMMIT;
SELECT * FROM pg_listening_channels();
-- DISCARD ALL unlistens.
DISCARD ALL;
SELECT count(*) FROM pg_listening_channels();
