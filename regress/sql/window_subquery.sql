-- Correlated aggregates over the table the outer query joins on the correlated column are
-- computed as window aggregates over that table (read once); where the shape does not
-- allow it they are grouped and joined back. The answers are the same either way: NULL
-- keys on both sides, several rows of the other side with one key, subquery filters the
-- outer query repeats or not.
CREATE TABLE ws_item (part int, qty numeric(10,2), price numeric(12,2), flag text);
CREATE TABLE ws_part (key int, brand text, size int);
INSERT INTO ws_item
SELECT CASE WHEN i % 89 = 0 THEN NULL ELSE i % 700 END, (i * 37 % 53) + 0.25, i % 1000 + 0.5,
       CASE WHEN i % 3 = 0 THEN 'A' ELSE 'B' END
FROM generate_series(1, 20000) AS i;
INSERT INTO ws_part SELECT CASE WHEN i % 41 = 0 THEN NULL ELSE i END, 'b' || (i % 25), i % 9
FROM generate_series(1, 700) AS i;
-- Part 7 twice: each of its items joins both rows.
INSERT INTO ws_part VALUES (7, 'b7', 3);
ANALYZE ws_item;
ANALYZE ws_part;

SELECT sum(price), count(*) FROM ws_item, ws_part
WHERE key = part AND brand = 'b7' AND qty < (SELECT 0.5 * avg(qty) FROM ws_item WHERE part = key);
SELECT part, qty, price FROM ws_item JOIN ws_part ON part = key
WHERE brand = 'b7' AND size = 3 AND qty > (SELECT avg(qty) + 20 FROM ws_item i2 WHERE i2.part = ws_part.key)
ORDER BY part, qty, price LIMIT 10;
-- Several aggregates, and the subquery filter repeated by the outer query.
SELECT count(*), sum(qty) FROM ws_item i, ws_part p
WHERE p.key = i.part AND p.size = 4 AND i.flag = 'A'
  AND i.price >= (SELECT max(price) - 2 * (sum(price) / count(*)) FROM ws_item i2 WHERE i2.flag = 'A' AND i2.part = p.key);
-- count over a window never sees an empty group; the outer query filters t further.
SELECT count(*) FROM ws_item i, ws_part p
WHERE i.part = p.key AND p.brand IN ('b3', 'b4') AND i.qty > 10
  AND (SELECT count(*) FROM ws_item i2 WHERE i2.part = p.key) > 28;
-- The subquery reads items the outer query drops: grouped and joined back.
SELECT count(*), sum(price) FROM ws_item i, ws_part p
WHERE i.part = p.key AND p.brand = 'b11' AND i.qty < (SELECT avg(qty) FROM ws_item i2 WHERE i2.part = p.key AND i2.flag = 'B');
-- No join on the correlated column.
SELECT count(*) FROM ws_item i, ws_part p
WHERE i.part = p.size AND p.brand = 'b2' AND i.qty < (SELECT avg(qty) FROM ws_item i2 WHERE i2.part = p.key);
-- Over joins the outer query repeats: the cheapest supply of each part among the
-- eastern vendors, ties kept; then a subquery over other vendors than the outer query's.
CREATE TABLE ws_vendor (vid int, region text);
CREATE TABLE ws_supply (part int, vid int, cost numeric(8,2));
INSERT INTO ws_vendor SELECT i, CASE WHEN i % 3 = 0 THEN 'east' ELSE 'west' END FROM generate_series(1, 60) AS i;
INSERT INTO ws_supply SELECT i % 700, i % 60 + 1, (i * 17 % 40) / 4.0 FROM generate_series(1, 9000) AS i;
ANALYZE ws_vendor;
ANALYZE ws_supply;
SELECT p.key, s.vid, s.cost FROM ws_part p, ws_supply s, ws_vendor v
WHERE p.key = s.part AND s.vid = v.vid AND v.region = 'east' AND p.size = 3
  AND s.cost = (SELECT min(cost) FROM ws_supply s2, ws_vendor v2
                WHERE s2.vid = v2.vid AND v2.region = 'east' AND s2.part = p.key)
ORDER BY 1, 2, 3 LIMIT 15;
SELECT count(*), sum(s.cost) FROM ws_part p, ws_supply s, ws_vendor v
WHERE p.key = s.part AND s.vid = v.vid AND v.region = 'east' AND p.size = 3
  AND s.cost < (SELECT avg(cost) FROM ws_supply s2, ws_vendor v2
                WHERE s2.vid = v2.vid AND v2.region = 'west' AND s2.part = p.key);
DROP TABLE ws_vendor, ws_supply;
DROP TABLE ws_item, ws_part;
