-- References to a FROM item by a name this part of the query cannot use: the table's
-- name where it has an alias, excluded in RETURNING, a table called excluded.
CREATE TABLE fch (a int PRIMARY KEY, b text);
INSERT INTO fch VALUES (1, 'one');
SELECT fch.a FROM fch AS f;
SELECT fch.* FROM fch f;
SELECT ROW(fch.*) FROM fch f;
UPDATE fch AS t SET b = fch.b || 'x' WHERE t.a = 1;
DELETE FROM fch f WHERE fch.a > 25;
SELECT nosuch.a FROM fch;
INSERT INTO fch AS t DEFAULT VALUES RETURNING fch.*;
INSERT INTO fch VALUES (1, 'uno') ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING excluded.b;
INSERT INTO fch AS t VALUES (1, 'uno') ON CONFLICT (a) DO UPDATE SET b = fch.b;
INSERT INTO fch AS t VALUES (1, 'uno') ON CONFLICT (a) DO UPDATE SET b = t.b || excluded.b RETURNING t.*;
SELECT * FROM (fch JOIN fch AS g USING (a)) AS x WHERE fch.b = 'one';
CREATE TABLE excluded (key int PRIMARY KEY, data text);
INSERT INTO excluded VALUES (1, '1');
INSERT INTO excluded VALUES (1, '2') ON CONFLICT (key) DO UPDATE SET data = excluded.data RETURNING *;
INSERT INTO excluded AS target VALUES (1, '2') ON CONFLICT (key) DO UPDATE SET data = excluded.data RETURNING *;
INSERT INTO excluded AS target VALUES (1, '2') ON CONFLICT (key) DO UPDATE SET data = target.data || excluded.data RETURNING excluded.*;
DROP TABLE fch, excluded;
