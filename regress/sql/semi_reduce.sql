-- Semi and anti joins of a few filtered rows against a big table, whose build side is
-- first reduced to the rows that can match; NULL keys on either side.
CREATE TABLE sr_big (k int, v int, tag text);
CREATE TABLE sr_small (k int, name text);
INSERT INTO sr_big SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE i % 5000 END, i, 't' || (i % 7)
FROM generate_series(1, 30000) AS i;
INSERT INTO sr_small SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i * 3 END, 'n' || i
FROM generate_series(1, 2000) AS i;
ANALYZE sr_big;
ANALYZE sr_small;

SELECT count(*), sum(k) FROM sr_small s
WHERE name < 'n2' AND EXISTS (SELECT 1 FROM sr_big b WHERE b.k = s.k AND b.v > 100);
SELECT count(*), sum(k) FROM sr_small s
WHERE name < 'n2' AND NOT EXISTS (SELECT 1 FROM sr_big b WHERE b.k = s.k AND b.tag <> 't3');
SELECT count(*) FROM sr_small s WHERE name < 'n3' AND k IN (SELECT k FROM sr_big WHERE v % 3 = 0);
SELECT count(*) FROM sr_small s WHERE name < 'n3' AND k NOT IN (SELECT k FROM sr_big WHERE v < 20000);
SELECT count(*) FROM sr_small s
WHERE name < 'n3' AND k NOT IN (SELECT k FROM sr_big WHERE v < 20000 AND k IS NOT NULL);
SELECT k, name FROM sr_small s
WHERE name LIKE 'n1%' AND NOT EXISTS (SELECT 1 FROM sr_big b WHERE b.k = s.k AND b.v <> s.k)
ORDER BY k NULLS FIRST, name LIMIT 12;
DROP TABLE sr_big, sr_small;
