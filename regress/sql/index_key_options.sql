-- Collations and operator classes on index keys: accepted where they keep the key's
-- equality, shown by pg_get_indexdef and \d, and matched by ON CONFLICT inference.
CREATE TABLE ikx (key int, fruit text, code char(3));
CREATE UNIQUE INDEX ikx_op ON ikx (key, fruit text_pattern_ops);
CREATE UNIQUE INDEX ikx_coll ON ikx (key, fruit COLLATE "C");
CREATE UNIQUE INDEX ikx_both ON ikx (key, fruit COLLATE "C" text_pattern_ops);
CREATE INDEX ikx_plain ON ikx (fruit text_ops, code bpchar_pattern_ops, key int4_ops);
CREATE INDEX ikx_posix ON ikx (fruit COLLATE "POSIX");
CREATE INDEX ikx_bad ON ikx (key text_pattern_ops);
CREATE INDEX ikx_bad ON ikx (key COLLATE "C");
CREATE INDEX ikx_bad ON ikx (fruit nosuch_ops);
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ikx' ORDER BY indexname;
\d ikx
INSERT INTO ikx VALUES (1, 'Apple', 'abc');
INSERT INTO ikx VALUES (1, 'Apple', 'xyz');
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (key, fruit) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (fruit, key, fruit, key) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (key, fruit text_pattern_ops) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (key, fruit COLLATE "C") DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (fruit COLLATE "C" text_pattern_ops, key) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (fruit, key, fruit text_pattern_ops, key) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO ikx VALUES (0, 'Crowberry') ON CONFLICT (key, fruit COLLATE "POSIX") DO NOTHING;
INSERT INTO ikx VALUES (1, 'Apple', 'new') ON CONFLICT (key, fruit COLLATE "C") DO UPDATE SET code = excluded.code RETURNING *;
DROP INDEX ikx_op, ikx_coll;
INSERT INTO ikx VALUES (1, 'Apple', 'two') ON CONFLICT (key, fruit text_pattern_ops) DO UPDATE SET code = excluded.code RETURNING *;
DROP TABLE ikx;
