-- INSERT ... ON CONFLICT DO UPDATE whose SET, WHERE and RETURNING subqueries read the
-- CTEs of the INSERT's WITH clause.
CREATE TABLE upsert_with (a INT PRIMARY KEY, b TEXT);
INSERT INTO upsert_with VALUES(1, 'Boo'), (3, 'Zoo');
WITH aaa AS (SELECT 1 AS a, 'Foo' AS b) INSERT INTO upsert_with
  VALUES (1, 'Bar') ON CONFLICT(a)
  DO UPDATE SET (b, a) = (SELECT b, a FROM aaa) RETURNING *;
WITH aaa AS (SELECT 1 AS ctea, ' Foo' AS cteb) INSERT INTO upsert_with
  VALUES (1, 'Bar'), (2, 'Baz') ON CONFLICT(a)
  DO UPDATE SET (b, a) = (SELECT upsert_with.b||cteb, upsert_with.a FROM aaa) RETURNING *;
WITH aaa AS (SELECT 3 AS k), bbb AS (SELECT k * 2 AS kk FROM aaa) INSERT INTO upsert_with
  SELECT k, 'x' FROM aaa ON CONFLICT(a)
  DO UPDATE SET b = (SELECT kk::text FROM bbb) WHERE upsert_with.a IN (SELECT k FROM aaa) RETURNING *, (SELECT count(*) FROM bbb);
SELECT * FROM upsert_with ORDER BY a;
DROP TABLE upsert_with;
