-- Equalities implied by transitivity (a.k = b.k AND b.k = c.k gives a.k = c.k) let the join
-- order search join a and c first; the answers must not change, also when the same column
-- appears in two classes' joins, with NULL keys, and with four tables in a chain.
-- Semi and anti joins whose outer side is the small one hash it and stream the subquery's
-- rows past it: EXISTS, NOT EXISTS, IN, with residual conditions, duplicates and NULLs.
CREATE TABLE je_big (k int, s int, v int);
CREATE TABLE je_mid (k int, n int, w text);
CREATE TABLE je_small (n int, name text);
CREATE TABLE je_tiny (n int, r int);
INSERT INTO je_big SELECT g % 50, g % 7, g FROM generate_series(1, 2000) g;
INSERT INTO je_big VALUES (NULL, 1, -1), (3, NULL, -2);
INSERT INTO je_mid SELECT g, g % 5, 'm' || g FROM generate_series(0, 59) g;
INSERT INTO je_mid VALUES (NULL, 1, 'null k'), (7, NULL, 'null n');
INSERT INTO je_small SELECT g, 'n' || g FROM generate_series(0, 4) g;
INSERT INTO je_tiny VALUES (0, 0), (1, 1), (2, 0), (NULL, 0);
ANALYZE;
-- big.k = mid.k, mid.n = small.n, small.n = tiny.n: mid and tiny may meet directly.
SELECT s.name, count(*), sum(b.v)
  FROM je_big b, je_mid m, je_small s, je_tiny t
 WHERE b.k = m.k AND m.n = s.n AND s.n = t.n AND t.r = 0
 GROUP BY s.name ORDER BY 1;
-- One class over three tables, stated as a chain and as a star.
SELECT count(*), sum(b.v) FROM je_big b, je_mid m, je_small s WHERE b.s = m.n AND m.n = s.n;
SELECT count(*), sum(b.v) FROM je_big b, je_mid m, je_small s WHERE b.s = s.n AND m.n = s.n AND m.k < 10;
-- Two classes joining the same pair of tables.
SELECT count(*), min(b.v), max(b.v) FROM je_big b, je_mid m, je_mid m2
 WHERE b.k = m.k AND m.k = m2.k AND b.s = m.n AND m.n = m2.n;
-- Two columns of one table in one class.
SELECT count(*) FROM je_mid m, je_small s, je_tiny t WHERE m.k = s.n AND m.n = s.n AND s.n = t.n;
-- EXISTS and NOT EXISTS with a small outer side and a residual condition.
SELECT m.k, m.w FROM je_mid m
 WHERE m.k < 8 AND EXISTS (SELECT 1 FROM je_big b WHERE b.k = m.k AND b.s <> m.n)
 ORDER BY 1;
SELECT m.k, m.w FROM je_mid m
 WHERE m.k < 12 AND NOT EXISTS (SELECT 1 FROM je_big b WHERE b.k = m.k AND b.v > 1900)
 ORDER BY 1;
SELECT m.k, m.w FROM je_mid m
 WHERE (m.k < 6 OR m.k IS NULL) AND NOT EXISTS (SELECT 1 FROM je_big b WHERE b.k = m.k)
 ORDER BY 1;
SELECT t.n, t.r FROM je_tiny t WHERE t.n IN (SELECT b.s FROM je_big b) ORDER BY 1, 2;
SELECT t.n, t.r FROM je_tiny t WHERE EXISTS (SELECT 1 FROM je_big b WHERE b.s = t.n) ORDER BY 1, 2;
SELECT t.n, t.r FROM je_tiny t WHERE NOT EXISTS (SELECT 1 FROM je_big b WHERE b.s = t.n AND b.v < 0)
 ORDER BY 1, 2;
-- An empty outer side.
SELECT count(*) FROM je_mid m WHERE m.k > 1000 AND EXISTS (SELECT 1 FROM je_big b WHERE b.k = m.k);
SELECT count(*) FROM je_mid m WHERE m.k > 1000 AND NOT EXISTS (SELECT 1 FROM je_big b WHERE b.k = m.k);
DROP TABLE je_big, je_mid, je_small, je_tiny;
