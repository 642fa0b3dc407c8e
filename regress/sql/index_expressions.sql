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
-- point lookups through expression and partial unique indexes
CREATE TABLE ie_lk (id int, email text, gone date);
INSERT INTO ie_lk SELECT g, 'u' || g || '@x', CASE WHEN g % 2 = 0 THEN date '2020-01-01' END FROM generate_series(1, 20000) g;
CREATE UNIQUE INDEX ie_lk_email ON ie_lk (lower(email));
CREATE UNIQUE INDEX ie_lk_live ON ie_lk (id) WHERE gone IS NULL;
ANALYZE ie_lk;
EXPLAIN (COSTS OFF) SELECT * FROM ie_lk WHERE lower(email) = 'u77@x';
SELECT * FROM ie_lk WHERE lower(email) = 'u77@x';
SELECT * FROM ie_lk WHERE lower(email) = 'U77@x';
EXPLAIN (COSTS OFF) SELECT * FROM ie_lk WHERE id = 77 AND gone IS NULL;
SELECT * FROM ie_lk WHERE id = 77 AND gone IS NULL;
SELECT * FROM ie_lk WHERE id = 78 AND gone IS NULL;
UPDATE ie_lk SET email = 'X' WHERE lower(email) = 'u9@x';
SELECT * FROM ie_lk WHERE lower(email) = 'x';
DELETE FROM ie_lk WHERE lower(email) = 'x';
SELECT count(*) FROM ie_lk;
DROP TABLE ie_lk;
-- expressions print as PostgreSQL prints them: with the casts binding adds and typed
-- constants, which inference sees through
CREATE TABLE ie_v (id int, email varchar(255), status text, a int, b int);
CREATE UNIQUE INDEX ie_v_email ON ie_v (lower(email));
CREATE UNIQUE INDEX ie_v_st ON ie_v (id) WHERE status = 'active';
CREATE INDEX ie_v_ab ON ie_v ((a * 100 + b)) WHERE a > 0 AND (b < 5 OR b IS NULL);
INSERT INTO ie_v VALUES (1, 'A@b', 'active');
INSERT INTO ie_v VALUES (2, 'a@B', 'active');
INSERT INTO ie_v VALUES (1, 'c@d', 'x') ON CONFLICT (id) WHERE status = 'active' DO NOTHING;
INSERT INTO ie_v VALUES (3, 'A@B') ON CONFLICT (lower(email)) DO UPDATE SET id = 9 RETURNING id, email;
INSERT INTO ie_v VALUES (3, 'A@B') ON CONFLICT (lower(email::text)) DO UPDATE SET id = 10 RETURNING id, email;
\d ie_v
SELECT indexdef FROM pg_indexes WHERE tablename = 'ie_v' ORDER BY 1;
ALTER TABLE ie_v RENAME COLUMN a TO aa;
SELECT indexdef FROM pg_indexes WHERE tablename = 'ie_v' ORDER BY 1;
SELECT pg_get_expr(indexprs, indrelid) FROM pg_index WHERE indrelid = 'ie_v'::regclass AND indexprs IS NOT NULL ORDER BY 1;
DROP TABLE ie_v;
-- key orderings describe an index (pg_index.indoption), uniqueness is the same
CREATE TABLE ie_od (id int, at timestamp, name text);
CREATE INDEX ie_od_at ON ie_od (at DESC);
CREATE INDEX ie_od_2 ON ie_od (id ASC NULLS FIRST, at DESC NULLS LAST, lower(name) DESC);
CREATE UNIQUE INDEX ie_od_3 ON ie_od (id DESC) WHERE name IS NOT NULL;
\d ie_od
\d ie_od_2
SELECT indexrelid::regclass, indoption FROM pg_index WHERE indrelid = 'ie_od'::regclass ORDER BY 1;
SELECT indexdef FROM pg_indexes WHERE tablename = 'ie_od' ORDER BY 1;
INSERT INTO ie_od VALUES (1, NULL, 'a'), (1, NULL, 'b');
DROP TABLE ie_od;
-- INCLUDE adds columns to an index that are not part of its key
CREATE TABLE ie_inc (id int, name text, v int, w text);
CREATE UNIQUE INDEX ie_inc_1 ON ie_inc (id) INCLUDE (name, v);
CREATE UNIQUE INDEX ie_inc_2 ON ie_inc (lower(name)) INCLUDE (id) NULLS NOT DISTINCT WHERE v > 0;
CREATE INDEX ie_inc_3 ON ie_inc (v) INCLUDE (lower);
CREATE INDEX ie_inc_3 ON ie_inc (v) INCLUDE ((v + 1));
\d ie_inc
\d ie_inc_1
SELECT indexrelid::regclass, indnatts, indnkeyatts, indkey FROM pg_index WHERE indrelid = 'ie_inc'::regclass ORDER BY 1;
SELECT indexdef FROM pg_indexes WHERE tablename = 'ie_inc' ORDER BY 1;
INSERT INTO ie_inc VALUES (1, 'a', 1), (1, 'b', 2);
INSERT INTO ie_inc VALUES (2, 'a', 1), (3, 'b', 1);
INSERT INTO ie_inc VALUES (4, 'a', 1);
ALTER TABLE ie_inc DROP COLUMN name;
\d ie_inc
DROP TABLE ie_inc;
-- ADD CONSTRAINT ... USING INDEX turns a unique index a constraint could have made into one
create table ie_cwi (a int, b text, c int);
insert into ie_cwi values (1, 'x', 1), (2, 'y', NULL);
create unique index ie_cwi_a on ie_cwi (a);
create unique index ie_cwi_b on ie_cwi (b desc);
create unique index ie_cwi_l on ie_cwi (lower(b));
create unique index ie_cwi_p on ie_cwi (a) where c > 0;
create index ie_cwi_n on ie_cwi (c);
create unique index ie_cwi_c on ie_cwi (c);
alter table ie_cwi add unique using index ie_cwi_b;
alter table ie_cwi add unique using index ie_cwi_l;
alter table ie_cwi add unique using index ie_cwi_p;
alter table ie_cwi add unique using index ie_cwi_n;
alter table ie_cwi add unique using index nosuch;
alter table ie_cwi add constraint ie_cwi_pk primary key using index ie_cwi_a;
alter table ie_cwi add primary key using index ie_cwi_c;
alter table ie_cwi add constraint ie_cwi_cu unique using index ie_cwi_c;
alter table ie_cwi add unique using index ie_cwi_cu;
\d ie_cwi
insert into ie_cwi values (NULL, 'z', 3);
insert into ie_cwi values (1, 'z', 3);
select conname, contype, conindid::regclass from pg_constraint where conrelid = 'ie_cwi'::regclass order by 1;
drop index ie_cwi_pk;
drop table ie_cwi;
