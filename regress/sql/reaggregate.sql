-- HAVING subqueries that aggregate the grouped query's own FROM and WHERE are answered from
-- the groups (sum of the groups' sums, min of their minimums, ...), the input computed once.
-- NULL values and NULL groups, an empty input, intervals and text in min and max, and the
-- shapes that keep the subquery.
CREATE TABLE ra_stock (part int, supp int, qty int, cost numeric(12,2), wait interval, tag text);
CREATE TABLE ra_supp (key int, nation text);
INSERT INTO ra_stock
SELECT CASE WHEN i % 53 = 0 THEN NULL ELSE i % 400 END, i % 100, i % 77,
       CASE WHEN i % 29 = 0 THEN NULL ELSE (i * 13 % 1000) / 10.0 END,
       (i % 17) * interval '1 hour 30 minutes', 't' || (i * 7 % 31)
FROM generate_series(1, 8000) AS i;
INSERT INTO ra_supp SELECT i, CASE WHEN i % 4 = 0 THEN 'DE' ELSE 'FR' END FROM generate_series(0, 99) AS i;

SELECT part, sum(cost * qty) AS value FROM ra_stock, ra_supp
WHERE supp = key AND nation = 'DE'
GROUP BY part HAVING sum(cost * qty) > (
    SELECT sum(cost * qty) * 0.004 FROM ra_stock, ra_supp WHERE supp = key AND nation = 'DE')
ORDER BY value DESC, part LIMIT 12;
SELECT count(*) FROM (
    SELECT part FROM ra_stock GROUP BY part
    HAVING sum(cost) >= (SELECT sum(cost) / 450 FROM ra_stock)) s;
SELECT supp, max(tag), min(wait) FROM ra_stock WHERE qty > 40 GROUP BY supp
HAVING max(tag) = (SELECT max(tag) FROM ra_stock WHERE qty > 40)
   AND min(wait) > (SELECT min(wait) + interval '1 hour' FROM ra_stock WHERE qty > 40)
ORDER BY supp;
SELECT part % 7 AS k, sum(cost) FROM ra_stock WHERE part < 20 GROUP BY part % 7
HAVING sum(cost) * 7 > (SELECT sum(cost) FROM ra_stock WHERE part < 20) ORDER BY k;
-- No rows, and all values NULL: the totals are NULL.
SELECT part, sum(cost) FROM ra_stock WHERE qty > 100 GROUP BY part
HAVING sum(cost) > (SELECT sum(cost) * 0.1 FROM ra_stock WHERE qty > 100);
SELECT part, sum(cost) FROM ra_stock WHERE cost IS NULL GROUP BY part
HAVING sum(cost) IS NULL AND (SELECT sum(cost) FROM ra_stock WHERE cost IS NULL) IS NULL
ORDER BY part NULLS FIRST LIMIT 3;
-- Shapes the groups cannot answer: another WHERE, count, avg.
SELECT count(*) FROM (SELECT part FROM ra_stock WHERE qty > 5 GROUP BY part
    HAVING sum(cost) > (SELECT sum(cost) / 380 FROM ra_stock WHERE qty > 6)) s;
SELECT count(*) FROM (SELECT part FROM ra_stock GROUP BY part
    HAVING count(*) > (SELECT count(*) / 400 FROM ra_stock)) s;
SELECT count(*) FROM (SELECT part FROM ra_stock GROUP BY part
    HAVING avg(cost) > (SELECT avg(cost) FROM ra_stock)) s;
DROP TABLE ra_stock, ra_supp;
