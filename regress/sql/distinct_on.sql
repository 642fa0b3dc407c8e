-- SELECT DISTINCT ON: the first row of each group in ORDER BY order.
CREATE TABLE don (g int, k text, v int, w float8);
INSERT INTO don VALUES
  (1, 'a', 10, 1.5), (1, 'a', 20, 2.5), (1, 'b', 5, NULL), (2, 'a', 7, 0),
  (2, NULL, 3, 9), (2, NULL, 4, 8), (NULL, 'c', 1, 1), (NULL, 'c', 2, 2),
  (3, 'd', NULL, 4), (3, 'd', 6, 5);
SELECT DISTINCT ON (g) g, k, v FROM don ORDER BY g, v;
SELECT DISTINCT ON (g) g, k, v FROM don ORDER BY g, v DESC NULLS LAST;
SELECT DISTINCT ON (g) g, k, v FROM don ORDER BY g DESC, v;
SELECT DISTINCT ON (g, k) g, k, v FROM don ORDER BY k, g, v DESC;
SELECT DISTINCT ON (k, g) g, k, v FROM don ORDER BY g, k, v;
-- ON expressions ORDER BY leaves out sort after it
SELECT DISTINCT ON (g, k) g, k FROM don ORDER BY g;
-- no ORDER BY at all: sorted by the ON expressions
SELECT DISTINCT ON (k, g) k, g FROM don;
-- ordinals, output names, hidden expressions
SELECT DISTINCT ON (2) v, g AS grp FROM don ORDER BY 2, 1;
SELECT DISTINCT ON (grp) v, g AS grp FROM don ORDER BY grp, v DESC;
SELECT DISTINCT ON (g % 2) v FROM don ORDER BY g % 2, v;
SELECT DISTINCT ON (coalesce(k, 'z')) v FROM don ORDER BY coalesce(k, 'z'), w DESC;
SELECT DISTINCT ON (g) g, v FROM don WHERE v > 3 ORDER BY g, w NULLS FIRST;
-- with grouping and LIMIT/OFFSET
SELECT DISTINCT ON (g) g, k, sum(v) FROM don GROUP BY g, k ORDER BY g, sum(v) DESC, k;
SELECT DISTINCT ON (g) g, v FROM don ORDER BY g, v LIMIT 2 OFFSET 1;
SELECT count(*) FROM (SELECT DISTINCT ON (k) k, v FROM don ORDER BY k, v) s;
SELECT * FROM don WHERE v IN (SELECT DISTINCT ON (g) v FROM don ORDER BY g, v DESC) ORDER BY v;
-- ORDER BY ... USING
SELECT DISTINCT ON (k) k, v FROM don ORDER BY k USING >, v USING <;
SELECT g, v FROM don ORDER BY g USING <, v USING > LIMIT 4;
SELECT v, row_number() OVER (ORDER BY v USING >) FROM don ORDER BY v;
SELECT g, v FROM don ORDER BY g USING OPERATOR(pg_catalog.>) NULLS LAST, v LIMIT 3;
-- errors
SELECT DISTINCT ON (g) g, k, v FROM don ORDER BY v;
SELECT DISTINCT ON (g, k) g, k, v FROM don ORDER BY g, v, k;
SELECT DISTINCT ON (k) g FROM don ORDER BY g;
SELECT DISTINCT ON (4) g, k FROM don;
SELECT DISTINCT ON (nope) g FROM don;
SELECT g FROM don ORDER BY g USING =;
DROP TABLE don;
