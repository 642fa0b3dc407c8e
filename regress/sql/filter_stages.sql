-- Filters whose predicate is an AND (evaluated conjunct by conjunct, the batch narrowed as
-- rows drop out) and numeric arithmetic and comparisons over columns of one scale.
CREATE TABLE fs (x int, p numeric(12,2), d numeric(4,2), s text, q numeric);
INSERT INTO fs
SELECT i, (i % 5000) * 1.25, (i % 11) / 100.0,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 'v' || (i % 17) END,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (i % 23) / 4.0 END
FROM generate_series(1, 20000) AS i;

-- the first conjunct drops most rows; later ones run on the survivors
SELECT count(*), sum(p) FROM fs WHERE x % 10 = 3 AND p > 100 AND d < 0.05;
-- a conjunct that would fail on the rows an earlier one rejected
SELECT count(*), sum(x) FROM fs WHERE x % 7 <> 0 AND 100 / (x % 7) > 30;
SELECT count(*) FROM fs WHERE x % 9 <> 0 AND x > 100 AND 1000 / (x % 9) < 200;
-- NULL conjuncts: NULL AND false is false, NULL AND true is NULL; both drop the row
SELECT count(*) FROM fs WHERE s > 'v3' AND q < 2;
SELECT count(*) FROM fs WHERE (x % 3 = 0 OR NULL) AND x < 5000;
SELECT count(*) FROM fs WHERE NOT (s = 'v1' AND q > 1);
SELECT count(*) FROM fs WHERE s IS NULL AND q IS NULL AND x > 0;
-- numerics of different scales compared and combined, with NULLs among them
SELECT count(*) FROM fs WHERE p >= 1 AND p < 24.5 AND p <> 3.10;
SELECT count(*) FROM fs WHERE q = 2.5 AND x < 10000;
SELECT count(*) FROM fs WHERE q > 0.125 AND q <= 3;
SELECT sum(p * (1 - d)), sum(p * (1 - d) * (1 + d)), sum(p - q), sum(q * 3), min(q + 0.001)
FROM fs WHERE x > 10;
SELECT x, p - d, p * d, q + p FROM fs WHERE x IN (1, 13, 19, 247, 19999) ORDER BY x;
-- IN lists of a few strings (matched by length, then by value) and of many
SELECT count(*) FROM fs WHERE s IN ('v1', 'v3', 'v10', 'v') AND x > 100;
SELECT count(*) FROM fs WHERE s NOT IN ('v1', 'v16');
SELECT count(*) FROM fs WHERE s::char(6) IN ('v1', 'v12  ', 'v5') AND q IN (1, 2.5);
SELECT count(*) FROM fs WHERE s IN ('v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9');
DROP TABLE fs;
