-- Automatically updatable views: INSERT, UPDATE and DELETE through simple views write the
-- base table; other views are refused with the reason. WITH CHECK OPTION, view options,
-- information_schema and the privileges of the view owner.
CREATE TABLE uv_base (id int PRIMARY KEY, label text DEFAULT 'none', qty int);
INSERT INTO uv_base VALUES (1, 'one', 10), (2, 'two', 20), (3, 'three', 30);

-- views that are not automatically updatable, each for its reason
CREATE VIEW uv_distinct AS SELECT DISTINCT label FROM uv_base;
CREATE VIEW uv_grouped AS SELECT label, count(*) AS n FROM uv_base GROUP BY label;
CREATE VIEW uv_having AS SELECT 1 AS one FROM uv_base HAVING count(*) > 0;
CREATE VIEW uv_agg AS SELECT max(qty) AS m FROM uv_base;
CREATE VIEW uv_window AS SELECT id, row_number() OVER (ORDER BY id) AS rn FROM uv_base;
CREATE VIEW uv_union AS SELECT id FROM uv_base UNION SELECT qty FROM uv_base;
CREATE VIEW uv_with AS WITH w AS (SELECT id FROM uv_base) SELECT id FROM w;
CREATE VIEW uv_limit AS SELECT id FROM uv_base ORDER BY id LIMIT 2;
CREATE VIEW uv_offset AS SELECT id FROM uv_base OFFSET 1;
CREATE VIEW uv_srf AS SELECT id, generate_series(1, 2) AS g FROM uv_base;
CREATE VIEW uv_join AS SELECT a.id, b.label FROM uv_base a JOIN uv_base b USING (id);
CREATE VIEW uv_const AS SELECT 1 AS x;
CREATE VIEW uv_sub AS SELECT id FROM (SELECT id FROM uv_base) s;
CREATE VIEW uv_exprs AS SELECT id + 1 AS next, upper(label) AS up FROM uv_base;
INSERT INTO uv_distinct VALUES ('x');
UPDATE uv_grouped SET label = 'y';
DELETE FROM uv_having;
INSERT INTO uv_agg VALUES (1);
DELETE FROM uv_window;
UPDATE uv_union SET id = 1;
DELETE FROM uv_with;
DELETE FROM uv_limit;
DELETE FROM uv_offset;
INSERT INTO uv_srf (id) VALUES (9);
DELETE FROM uv_join;
UPDATE uv_const SET x = 2;
INSERT INTO uv_sub VALUES (9);
INSERT INTO uv_exprs (next) VALUES (9);
UPDATE uv_exprs SET next = 0;
-- a view whose columns are all computed still deletes
BEGIN;
DELETE FROM uv_exprs WHERE next = 2 RETURNING *;
ROLLBACK;
SELECT table_name, is_updatable, is_insertable_into, check_option
  FROM information_schema.views WHERE table_name LIKE 'uv\_%' ORDER BY table_name;
SELECT c.relname, pg_relation_is_updatable(c.oid, false)
  FROM pg_class c WHERE c.relname LIKE 'uv\_%' AND c.relkind IN ('r', 'v') ORDER BY c.relname;

-- a simple view with renamed, computed and repeated columns
CREATE VIEW uv_simple AS
  SELECT id AS key, label, qty * 2 AS double_qty, id AS key_again FROM uv_base WHERE coalesce(qty, 0) < 100;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
  WHERE table_name = 'uv_simple' ORDER BY ordinal_position;
SELECT pg_column_is_updatable('uv_simple'::regclass, 1::int2, false),
       pg_column_is_updatable('uv_simple'::regclass, 3::int2, false);
INSERT INTO uv_simple (key, label) VALUES (4, 'four');
INSERT INTO uv_simple (key) VALUES (5) RETURNING *;
INSERT INTO uv_simple VALUES (6, 'six');
INSERT INTO uv_simple VALUES (6, 'six', 12);
INSERT INTO uv_simple (key, key_again) VALUES (7, 7);
INSERT INTO uv_simple (label) VALUES ('no key');
INSERT INTO uv_simple (nosuch) VALUES (1);
UPDATE uv_simple SET label = label || '!' WHERE key >= 4 RETURNING key, label, double_qty;
UPDATE uv_simple SET double_qty = 1;
UPDATE uv_simple SET nosuch = 1;
UPDATE uv_simple SET key = 1, key_again = 2;
UPDATE uv_simple s SET label = 'via alias' WHERE s.key = 6 RETURNING s.label;
-- rows the view's WHERE hides are not touched
UPDATE uv_base SET qty = 500 WHERE id = 3;
UPDATE uv_simple SET label = 'hidden?' WHERE key = 3;
DELETE FROM uv_simple WHERE key = 3;
SELECT * FROM uv_base ORDER BY id;
DELETE FROM uv_simple WHERE key > 4 RETURNING key, double_qty;
SELECT * FROM uv_base ORDER BY id;
-- FROM and USING items beside the view
CREATE TABLE uv_other (id int, note text);
INSERT INTO uv_other VALUES (1, 'from other'), (2, 'second');
UPDATE uv_simple v SET label = o.note FROM uv_other o WHERE o.id = v.key RETURNING v.key, v.label, o.note;
DELETE FROM uv_simple v USING uv_other o WHERE o.id = v.key AND o.note = 'second';
SELECT * FROM uv_base ORDER BY id;
-- ON CONFLICT through the view
INSERT INTO uv_simple (key, label) VALUES (1, 'dup') ON CONFLICT DO NOTHING;
INSERT INTO uv_simple (key, label) VALUES (1, 'dup') ON CONFLICT (key) DO NOTHING;
INSERT INTO uv_simple (key, label) VALUES (1, 'upserted') ON CONFLICT (key)
  DO UPDATE SET label = excluded.label || ' from ' || uv_simple.label RETURNING key, label, double_qty;
INSERT INTO uv_simple AS s (key, label) VALUES (1, 'computed'), (4, 'skipped') ON CONFLICT (key)
  DO UPDATE SET label = excluded.label || ' ' || s.double_qty || ' ' || coalesce(excluded.double_qty, -1)
  WHERE s.double_qty > 0 RETURNING *;
SELECT * FROM uv_base ORDER BY id;

-- nested views
CREATE VIEW uv_nested AS SELECT key AS k, label AS l FROM uv_simple WHERE key > 0;
INSERT INTO uv_nested VALUES (8, 'eight') RETURNING *;
UPDATE uv_nested SET l = 'EIGHT' WHERE k = 8 RETURNING k, l;
DELETE FROM uv_nested WHERE k = 8 RETURNING *;
CREATE VIEW uv_nested_expr AS SELECT double_qty, key FROM uv_simple;
INSERT INTO uv_nested_expr (double_qty) VALUES (4);
INSERT INTO uv_nested_expr (key) VALUES (9) RETURNING *;
CREATE VIEW uv_on_distinct AS SELECT * FROM uv_distinct;
INSERT INTO uv_on_distinct VALUES ('x');
SELECT * FROM uv_base ORDER BY id;

-- view column defaults come before the base table's
ALTER VIEW uv_simple ALTER COLUMN label SET DEFAULT 'from view';
INSERT INTO uv_simple (key) VALUES (10) RETURNING key, label;
INSERT INTO uv_nested (k) VALUES (11) RETURNING *;
INSERT INTO uv_simple VALUES (13, DEFAULT) RETURNING key, label;
UPDATE uv_simple SET label = DEFAULT WHERE key = 1 RETURNING key, label;
ALTER VIEW uv_nested ALTER COLUMN l SET DEFAULT 'nested default';
INSERT INTO uv_nested (k) VALUES (14) RETURNING *;
INSERT INTO uv_nested VALUES (15, DEFAULT) RETURNING *;
ALTER VIEW uv_simple ALTER COLUMN label DROP DEFAULT;
INSERT INTO uv_simple VALUES (16, DEFAULT) RETURNING key, label;
UPDATE uv_simple SET label = DEFAULT WHERE key = 16 RETURNING key, label;
INSERT INTO uv_simple (key) VALUES (12) RETURNING key, label;
DELETE FROM uv_base WHERE id >= 9;

-- WITH CHECK OPTION
CREATE VIEW uv_pos AS SELECT id, qty FROM uv_base WHERE qty > 0 WITH LOCAL CHECK OPTION;
CREATE VIEW uv_small AS SELECT id, qty FROM uv_pos WHERE qty < 50;
CREATE VIEW uv_small_local AS SELECT id, qty FROM uv_pos WHERE qty < 50 WITH LOCAL CHECK OPTION;
CREATE VIEW uv_small_cascaded AS SELECT id, qty FROM uv_small WHERE id < 100 WITH CASCADED CHECK OPTION;
CREATE VIEW uv_opts WITH (check_option = local, security_barrier) AS SELECT id FROM uv_base WHERE id > 0;
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'uv\_%' AND reloptions IS NOT NULL ORDER BY relname;
SELECT table_name, check_option FROM information_schema.views
  WHERE table_name IN ('uv_pos', 'uv_small', 'uv_small_local', 'uv_small_cascaded', 'uv_opts') ORDER BY table_name;
INSERT INTO uv_pos VALUES (20, 5);
INSERT INTO uv_pos VALUES (21, -5);
INSERT INTO uv_pos VALUES (22, NULL);
UPDATE uv_pos SET qty = -1 WHERE id = 20;
INSERT INTO uv_small VALUES (23, 70);
INSERT INTO uv_small VALUES (24, -1);
INSERT INTO uv_small_local VALUES (25, 70);
INSERT INTO uv_small_local VALUES (26, -1);
INSERT INTO uv_small_cascaded VALUES (27, 70);
INSERT INTO uv_small_cascaded VALUES (270, 7);
INSERT INTO uv_small_cascaded VALUES (28, 7) RETURNING *;
UPDATE uv_small_cascaded SET qty = qty + 100 WHERE id = 28;
INSERT INTO uv_pos VALUES (20, -3) ON CONFLICT (id) DO UPDATE SET qty = excluded.qty;
SELECT * FROM uv_base WHERE id >= 20 ORDER BY id;
ALTER VIEW uv_small SET (check_option = cascaded);
INSERT INTO uv_small VALUES (29, 70);
ALTER VIEW uv_small RESET (check_option);
INSERT INTO uv_small VALUES (29, 70);
ALTER VIEW uv_small SET (check_option = sideways);
ALTER VIEW uv_small SET (no_such_option = 1);
ALTER VIEW uv_agg SET (check_option = local);
\d+ uv_small_cascaded
-- options that are refused
CREATE VIEW uv_bad1 WITH (check_option = sideways) AS SELECT id FROM uv_base;
CREATE VIEW uv_bad2 WITH (security_barrier = 7) AS SELECT id FROM uv_base;
CREATE VIEW uv_bad3 WITH (no_such_option) AS SELECT id FROM uv_base;
CREATE VIEW uv_bad4 WITH (check_option = local) AS SELECT id FROM uv_base WITH CASCADED CHECK OPTION;
CREATE VIEW uv_bad5 AS SELECT DISTINCT id FROM uv_base WITH CHECK OPTION;
CREATE VIEW uv_bad6 AS SELECT count(*) FROM uv_base WITH LOCAL CHECK OPTION;

-- privileges: the user needs them on the view, the view's owner on the base table
CREATE ROLE uv_owner;
CREATE ROLE uv_user;
CREATE TABLE uv_secret (id int, v text);
GRANT SELECT, INSERT, UPDATE, DELETE ON uv_secret TO uv_owner;
CREATE VIEW uv_by_owner AS SELECT id, v FROM uv_secret;
ALTER VIEW uv_by_owner OWNER TO uv_owner;
GRANT SELECT, INSERT, UPDATE ON uv_by_owner TO uv_user;
SET ROLE uv_user;
INSERT INTO uv_by_owner VALUES (1, 'through the view');
UPDATE uv_by_owner SET v = 'updated' WHERE id = 1;
DELETE FROM uv_by_owner;
INSERT INTO uv_secret VALUES (2, 'direct');
RESET ROLE;
REVOKE INSERT ON uv_secret FROM uv_owner;
SET ROLE uv_user;
INSERT INTO uv_by_owner VALUES (3, 'owner lost INSERT');
RESET ROLE;
SELECT * FROM uv_secret;
-- reads through the view need the owner's SELECT on every column the view reads
REVOKE SELECT ON uv_secret FROM uv_owner;
GRANT SELECT (id) ON uv_secret TO uv_owner;
SET ROLE uv_user;
UPDATE uv_by_owner SET v = 'blind update';
UPDATE uv_by_owner SET v = 'read id' WHERE id = 1;
INSERT INTO uv_by_owner VALUES (4, 'returning') RETURNING id;
SELECT id FROM uv_by_owner;
RESET ROLE;
GRANT SELECT (v) ON uv_secret TO uv_owner;
SET ROLE uv_user;
SELECT id FROM uv_by_owner;
UPDATE uv_by_owner SET v = 'read id' WHERE id = 1 RETURNING *;
RESET ROLE;
-- a security_invoker view checks the invoker's privileges instead
CREATE VIEW uv_invoker WITH (security_invoker) AS SELECT id, v FROM uv_secret;
GRANT SELECT, UPDATE ON uv_invoker TO uv_user;
SET ROLE uv_user;
SELECT * FROM uv_invoker;
UPDATE uv_invoker SET v = 'invoker';
RESET ROLE;
GRANT SELECT, UPDATE ON uv_secret TO uv_user;
SET ROLE uv_user;
UPDATE uv_invoker SET v = 'invoker' WHERE id = 1 RETURNING *;
RESET ROLE;
DROP VIEW uv_invoker;
DROP VIEW uv_by_owner;
DROP TABLE uv_secret;
DROP ROLE uv_owner;
DROP ROLE uv_user;

-- restrict_nonsystem_relation_kind refuses the database's own views, not the system's
SET restrict_nonsystem_relation_kind TO 'view';
SELECT * FROM uv_simple;
INSERT INTO uv_simple (key) VALUES (30);
DELETE FROM uv_nested;
SELECT count(*) FROM pg_views WHERE viewname = 'uv_simple';
SET restrict_nonsystem_relation_kind TO 'table';
SET restrict_nonsystem_relation_kind TO 'Foreign-Table, VIEW';
SHOW restrict_nonsystem_relation_kind;
RESET restrict_nonsystem_relation_kind;
SELECT count(*) FROM uv_simple;

DROP TABLE uv_base, uv_other CASCADE;
