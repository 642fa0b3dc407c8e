-- Comparisons with uncorrelated scalar subqueries filter below joins like any other
-- predicate: inner, outer and anti joins, NULL results, a subquery returning no row, and
-- an error raised by one.
CREATE TABLE sp_cust (id int, region text, bal numeric(10,2));
CREATE TABLE sp_ord (cust int, amount numeric(10,2));
INSERT INTO sp_cust SELECT i, 'r' || (i % 5), CASE WHEN i % 23 = 0 THEN NULL ELSE (i * 31 % 997) - 100 END
FROM generate_series(1, 3000) AS i;
INSERT INTO sp_ord SELECT i * 7 % 3500, i % 300 FROM generate_series(1, 6000) AS i;

SELECT region, count(*), sum(bal) FROM sp_cust c
WHERE bal > (SELECT avg(bal) FROM sp_cust WHERE bal > 0)
  AND NOT EXISTS (SELECT 1 FROM sp_ord o WHERE o.cust = c.id)
GROUP BY region ORDER BY region;
SELECT count(*), sum(amount) FROM sp_ord o JOIN sp_cust c ON c.id = o.cust
WHERE c.bal >= (SELECT max(bal) - 50 FROM sp_cust) AND o.amount < (SELECT avg(amount) FROM sp_ord);
SELECT count(*), count(c.id) FROM sp_ord o LEFT JOIN sp_cust c ON c.id = o.cust
WHERE coalesce(c.bal, 0) < (SELECT min(bal) + 20 FROM sp_cust);
SELECT count(*) FROM sp_ord o LEFT JOIN sp_cust c ON c.id = o.cust
WHERE c.bal < (SELECT min(bal) + 20 FROM sp_cust);
SELECT count(*) FROM sp_ord o JOIN sp_cust c ON c.id = o.cust
WHERE c.bal > (SELECT bal FROM sp_cust WHERE id = -1);
SELECT count(*) FROM sp_ord o JOIN sp_cust c ON c.id = o.cust
WHERE c.bal > (SELECT bal FROM sp_cust WHERE id < 3);
DROP TABLE sp_cust, sp_ord;
