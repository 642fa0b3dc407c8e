-- UPDATE's multiple-column assignments: SET (a, b) = (...), ROW(...) with star items, and
-- sub-SELECTs, plain and correlated, in UPDATE and ON CONFLICT DO UPDATE.
CREATE TABLE ma_t (a int DEFAULT 10, b int, c text);
INSERT INTO ma_t VALUES (5, 10, 'foo'), (10, 15, NULL), (100, 20, NULL);
UPDATE ma_t SET (c, b, a) = ('bugle', b + 11, DEFAULT) WHERE c = 'foo';
UPDATE ma_t SET (c, b) = ('car', a + b), a = a + 1 WHERE a = 10 AND b = 15;
SELECT * FROM ma_t ORDER BY a, b;
-- an uncorrelated sub-select
UPDATE ma_t SET (b, a) = (SELECT a, b FROM ma_t WHERE c = 'bugle') WHERE a = 100;
SELECT * FROM ma_t ORDER BY a, b;
-- a correlated one
UPDATE ma_t o SET (b, a) = (SELECT a + 1, b FROM ma_t i WHERE i.a = o.a AND i.b = o.b AND i.c IS NOT DISTINCT FROM o.c);
SELECT * FROM ma_t ORDER BY a, b;
-- no row sets every column to NULL; more than one is an error
UPDATE ma_t SET (b, a) = (SELECT a + 1, b FROM ma_t WHERE a = 1000) WHERE c = 'car';
UPDATE ma_t SET (b, a) = (SELECT a + 1, b FROM ma_t);
SELECT * FROM ma_t ORDER BY a, b;
-- stars expand inside ROW(), not in a bare parenthesized reference
UPDATE ma_t SET (a, b) = ROW(v.*) FROM (VALUES (7, 700)) AS v(i, j) WHERE ma_t.c = 'bugle';
UPDATE ma_t SET (a, b) = (v.*) FROM (VALUES (7, 700)) AS v(i, j) WHERE ma_t.c = 'bugle';
UPDATE ma_t SET (a, b) = ROW(v.*, 1) FROM (VALUES (7, 700)) AS v(i, j) WHERE ma_t.c = 'bugle';
UPDATE ma_t SET (a, b) = (SELECT 1, 2, 3);
UPDATE ma_t SET (a, b) = (1, 2, 3);
UPDATE ma_t SET (a, b) = (1, 'x') WHERE false;
UPDATE ma_t SET (a, a) = (1, 2);
UPDATE ma_t SET (a, b) = (SELECT 'z', 1) RETURNING *;
UPDATE ma_t SET (c, a) = (SELECT c || '!', a * 2 FROM ma_t s WHERE s.a = ma_t.a) WHERE c IS NOT NULL RETURNING *;
SELECT * FROM ma_t ORDER BY a, b;
-- DEFAULT into part of a column is refused
CREATE TABLE ma_arr (f int[], g ma_t);
UPDATE ma_arr SET f[1] = DEFAULT;
UPDATE ma_arr SET g.a = DEFAULT;
INSERT INTO ma_arr (f[1], f[2]) VALUES (1, DEFAULT);
INSERT INTO ma_arr (g.a, g.b) VALUES (1, DEFAULT);
INSERT INTO ma_arr (f) VALUES (DEFAULT, DEFAULT);
-- ON CONFLICT DO UPDATE
CREATE TABLE ma_up (a int PRIMARY KEY, b text);
INSERT INTO ma_up VALUES (1, 'Boo'), (3, 'Zoo');
INSERT INTO ma_up VALUES (1, 'Baz'), (3, 'Zaz') ON CONFLICT (a)
  DO UPDATE SET (b, a) = (SELECT b || ', Correlated', a FROM ma_up i WHERE i.a = ma_up.a) RETURNING *;
INSERT INTO ma_up VALUES (1, 'Bat'), (3, 'Zot') ON CONFLICT (a)
  DO UPDATE SET (b, a) = (SELECT b || ', Excluded', a FROM ma_up i WHERE i.a = excluded.a) RETURNING *;
INSERT INTO ma_up VALUES (1, 'x') ON CONFLICT (a) DO UPDATE SET (b, a) = (excluded.b || '!', excluded.a) RETURNING *;
SELECT * FROM ma_up ORDER BY a;
DROP TABLE ma_t, ma_arr, ma_up;
