--
-- ORDER BY ... LIMIT: a top-N sort keeps only the rows it needs; the answers are a full
-- sort's, OFFSET, NULL and zero limits, parameters and ties across several keys included.
--
CREATE TABLE topn_t AS
SELECT g AS id, (g * 7919) % 1000 AS k, md5(g::text) AS m,
       CASE WHEN g % 13 = 0 THEN NULL ELSE g % 101 END AS n
FROM generate_series(1, 200000) g;
SELECT id, k FROM topn_t ORDER BY k, id LIMIT 5;
SELECT id, k FROM topn_t ORDER BY k DESC, id LIMIT 5 OFFSET 3;
SELECT m FROM topn_t ORDER BY m LIMIT 3;
SELECT id, n FROM topn_t ORDER BY n NULLS FIRST, id DESC LIMIT 4;
SELECT id, n FROM topn_t ORDER BY n DESC NULLS LAST, id LIMIT 4 OFFSET 10;
SELECT id FROM topn_t ORDER BY md5(id::text) DESC LIMIT 3;
SELECT id FROM topn_t WHERE k < 10 ORDER BY id DESC LIMIT 5;
SELECT count(*), sum(id) FROM (SELECT id FROM topn_t ORDER BY k, id LIMIT 150000) s;
SELECT id FROM topn_t ORDER BY k, id LIMIT 0;
SELECT id FROM topn_t ORDER BY k, id LIMIT NULL OFFSET 199998;
SELECT id FROM topn_t ORDER BY k, id LIMIT ALL OFFSET 199998;
SELECT id FROM topn_t ORDER BY k, id FETCH FIRST 2 ROWS ONLY;
PREPARE topn_p(int, int) AS SELECT id, m FROM topn_t ORDER BY m DESC LIMIT $1 OFFSET $2;
EXECUTE topn_p(3, 0);
EXECUTE topn_p(2, 199999);
DEALLOCATE topn_p;
SELECT k, (SELECT max(id) FROM (SELECT id FROM topn_t t2 WHERE t2.k = t1.k ORDER BY id DESC LIMIT 2) s)
FROM (SELECT DISTINCT k FROM topn_t WHERE k < 3) t1 ORDER BY k;
SELECT id FROM topn_t ORDER BY k, id LIMIT -1;
DROP TABLE topn_t;
