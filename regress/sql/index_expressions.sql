-- Expression and partial indexes: uniqueness on computed keys and among the rows a
-- predicate selects (INSERT, UPDATE, COPY, ON CONFLICT inference; COPY's violations are in
-- TestPgxIndexExpressions), PostgreSQL's checks of
-- the definition, and the catalog (psql's \d, pg_indexes, pg_index, pg_get_indexdef).
CREATE TABLE ie_users (id int, email text, deleted_at date, n int, a int, b int, active bool);
CREATE UNIQUE INDEX ON ie_users (lower(email));
CREATE UNIQUE INDEX ie_live ON ie_users (email) WHERE deleted_at IS NULL;
CREATE INDEX ON ie_users ((a + b));
CREATE UNIQUE INDEX ie_pos ON ie_users (coalesce(a, 0), b) WHERE n > 0;
INSERT INTO ie_users VALUES (1, 'Ann@x', NULL, 1, 1, 1, true);
INSERT INTO ie_users VALUES (2, 'ann@X', NULL, 0, 2, 2, true);
INSERT INTO ie_users VALUES (3, 'bob@x', NULL, 0, 3, 3, true), (4, 'BOB@x', '2020-01-01', 0, 4, 4, true);
INSERT INTO ie_users VALUES (5, 'cy@x', '2020-01-01', 1, 5, 5, true), (6, 'cy2@x', '2020-01-01', 1, 5, 5, true);
INSERT INTO ie_users VALUES (7, 'dee@x', NULL, 0, 1, 1, true), (8, 'eve@x', NULL, -1, 1, 1, true);
INSERT INTO ie_users VALUES (9, 'fay@x', NULL, 5, NULL, 1, true);
INSERT INTO ie_users VALUES (10, 'gus@x', NULL, 5, 0, 1, true);
SELECT id, email FROM ie_users ORDER BY id;
UPDATE ie_users SET email = 'ANN@x' WHERE id = 7;
UPDATE ie_users SET email = upper(email) WHERE id = 1;
UPDATE ie_users SET n = 1 WHERE id = 8;
UPDATE ie_users SET b = 2 WHERE id = 8;
UPDATE ie_users SET n = 1 WHERE id = 8;
COPY ie_users (id, email) FROM stdin;
11	hal@x
12	HAL@y
\.
SELECT count(*) FROM ie_users;
-- ON CONFLICT infers expression and partial indexes as PostgreSQL does
INSERT INTO ie_users VALUES (13, 'ann@x') ON CONFLICT (lower(email)) DO UPDATE SET n = 42 RETURNING id, email, n;
INSERT INTO ie_users VALUES (14, 'Bob@X') ON CONFLICT ((lower(email))) DO NOTHING RETURNING id;
INSERT INTO ie_users VALUES (15, 'ann@x') ON CONFLICT (upper(email)) DO NOTHING;
INSERT INTO ie_users VALUES (15, 'ann@x') ON CONFLICT (email) DO NOTHING;
INSERT INTO ie_users VALUES (15, 'ANN@X') ON CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE SET n = 7 RETURNING id, n;
INSERT INTO ie_users VALUES (15, 'ann@x') ON CONFLICT (email) WHERE deleted_at IS NULL AND n > 3 DO NOTHING;
INSERT INTO ie_users VALUES (15, 'ann@x') ON CONFLICT (email) WHERE deleted_at IS NULL OR n > 3 DO NOTHING;
INSERT INTO ie_users VALUES (16, 'ivy@x', NULL, 2, 1, 1) ON CONFLICT (coalesce(a, 0), b) WHERE n > 0 DO UPDATE SET n = 9 RETURNING id, n;
INSERT INTO ie_users VALUES (16, 'ivy@x', NULL, 2, 1, 1) ON CONFLICT (b, coalesce(a, 0)) WHERE n > 1 DO UPDATE SET n = 9 RETURNING id, n;
INSERT INTO ie_users VALUES (16, 'ivy@x', NULL, 2, 1, 1) ON CONFLICT (b, coalesce(a, 0)) WHERE n >= 0 DO NOTHING;
INSERT INTO ie_users VALUES (16, 'ivy@x', NULL, 2, 1, 1) ON CONFLICT (b) WHERE n > 0 DO NOTHING;
-- what CREATE INDEX refuses
CREATE INDEX ON ie_users (now());
CREATE INDEX ON ie_users ((email || now()::text));
CREATE INDEX ON ie_users (id) WHERE random() > 0.5;
CREATE INDEX ON ie_users ((deleted_at::text));
CREATE INDEX ON ie_users ((SELECT 1));
CREATE INDEX ON ie_users (id) WHERE id IN (SELECT 1);
CREATE INDEX ON ie_users (sum(id));
CREATE INDEX ON ie_users (id) WHERE n;
CREATE INDEX ON ie_users (lower(nosuch));
CREATE UNIQUE INDEX ie_dup ON ie_users ((a + b));
CREATE UNIQUE INDEX ie_dup ON ie_users ((id * 100)) WHERE active;
-- the catalog
\d ie_users
\d ie_users_lower_idx
\d ie_pos
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ie_users' ORDER BY 1;
SELECT c.relname, i.indkey, i.indnatts, pg_get_expr(i.indpred, i.indrelid, true) AS pred,
       pg_get_indexdef(i.indexrelid, 0, true) AS pretty, pg_get_indexdef(i.indexrelid, 1, true) AS first_key
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'ie_users'::regclass ORDER BY 1;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'ie_pos'::regclass ORDER BY attnum;
-- renaming a column renames it in the indexes; dropping one drops the indexes reading it
ALTER TABLE ie_users RENAME COLUMN email TO mail;
\d ie_users
INSERT INTO ie_users (id, mail) VALUES (20, 'ANN@X');
ALTER TABLE ie_users DROP COLUMN deleted_at;
ALTER TABLE ie_users DROP COLUMN b;
\d ie_users
DROP TABLE ie_users;
-- a transaction that creates the index and writes in the same block
CREATE TABLE ie_t (k text, v int);
BEGIN;
INSERT INTO ie_t VALUES ('a', 1), ('B', 2);
CREATE UNIQUE INDEX ie_t_k ON ie_t (upper(k)) WHERE v > 0;
INSERT INTO ie_t VALUES ('b', -1);
INSERT INTO ie_t VALUES ('A', 3);
ROLLBACK;
SELECT * FROM ie_t;
DROP TABLE ie_t;
