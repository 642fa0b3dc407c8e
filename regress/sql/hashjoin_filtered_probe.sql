--
-- Hash joins whose probe side is a filtered scan, and whose build side is large enough
-- for the join to screen probes with a bloom filter: every join type must still see the
-- filter (rows it rejects never appear, matched or not) and every key the build holds.
--
CREATE TABLE hj_build (k int, v int);
INSERT INTO hj_build SELECT g * 3, g % 7 FROM generate_series(1, 40000) g;
INSERT INTO hj_build VALUES (NULL, 1);
CREATE TABLE hj_probe (k int, f int, s text);
INSERT INTO hj_probe SELECT g, g % 10, 'row ' || g FROM generate_series(1, 150000) g;
INSERT INTO hj_probe SELECT NULL, g % 10, 'null ' || g FROM generate_series(1, 50) g;
ANALYZE hj_build;
ANALYZE hj_probe;

-- inner: one match in three among the rows the filter keeps
SELECT count(*), sum(p.k), sum(b.v), min(p.s), max(p.s)
FROM hj_probe p JOIN hj_build b ON p.k = b.k WHERE p.f < 4;

-- a selective filter: few probe rows, most of them absent from the build
SELECT count(*), sum(p.k), sum(b.v)
FROM hj_probe p JOIN hj_build b ON p.k = b.k WHERE p.f = 7 AND p.k > 100000;

-- left: unmatched rows come only from those the filter keeps, NULL keys included
SELECT count(*), count(b.k), sum(p.k), count(*) FILTER (WHERE p.k IS NULL)
FROM hj_probe p LEFT JOIN hj_build b ON p.k = b.k WHERE p.f IN (2, 5);

-- right and full: every build row, matched or not
SELECT count(*), count(p.k), count(b.k), sum(b.v)
FROM (SELECT * FROM hj_probe WHERE f = 3) p RIGHT JOIN hj_build b ON p.k = b.k;
SELECT count(*), count(p.k), count(b.k), count(*) FILTER (WHERE p.k IS NULL AND b.k IS NULL)
FROM (SELECT * FROM hj_probe WHERE f = 3) p FULL JOIN hj_build b ON p.k = b.k;

-- semi and anti
SELECT count(*), sum(k) FROM hj_probe p
WHERE f >= 8 AND EXISTS (SELECT 1 FROM hj_build b WHERE b.k = p.k);
SELECT count(*), sum(k), count(*) FILTER (WHERE k IS NULL) FROM hj_probe p
WHERE f >= 8 AND NOT EXISTS (SELECT 1 FROM hj_build b WHERE b.k = p.k);

-- with a condition beside the key
SELECT count(*), sum(p.k)
FROM hj_probe p JOIN hj_build b ON p.k = b.k AND b.v < p.f WHERE p.f > 1;
SELECT count(*), count(b.k)
FROM hj_probe p LEFT JOIN hj_build b ON p.k = b.k AND b.v < p.f WHERE p.f > 1;
SELECT count(*) FROM hj_probe p
WHERE p.f > 1 AND NOT EXISTS (SELECT 1 FROM hj_build b WHERE b.k = p.k AND b.v < p.f);

-- rows out, not just counts
SELECT p.k, p.s, b.v FROM hj_probe p JOIN hj_build b ON p.k = b.k
WHERE p.f = 9 AND p.k < 200 ORDER BY p.k;
SELECT p.k, p.s, b.v FROM hj_probe p LEFT JOIN hj_build b ON p.k = b.k
WHERE p.f = 1 AND p.k < 60 ORDER BY p.k;

DROP TABLE hj_build;
DROP TABLE hj_probe;
