--
-- Sorts larger than work_mem spill to temporary files and merge them back: the answers
-- must be the same as in memory.
--
SET work_mem = '64kB';
SELECT g, md5(g::text) FROM generate_series(1, 30000) g ORDER BY md5(g::text) OFFSET 29995;
SELECT g FROM generate_series(1, 30000) g ORDER BY md5(g::text) DESC, g LIMIT 5 OFFSET 100;
SELECT sum(pos * g) FROM (SELECT g, row_number() OVER () AS pos FROM (SELECT g FROM generate_series(1, 30000) g ORDER BY md5(g::text) DESC) s) t;
SELECT a, count(*) FROM (SELECT g % 7 AS a, g FROM generate_series(1, 30000) g ORDER BY g % 7, g DESC) s GROUP BY a ORDER BY a;
SELECT x, y FROM (SELECT CASE WHEN g % 5 = 0 THEN NULL ELSE g % 97 END AS x, g AS y FROM generate_series(1, 30000) g) s
ORDER BY x NULLS FIRST, y DESC OFFSET 5990 LIMIT 15;
RESET work_mem;
