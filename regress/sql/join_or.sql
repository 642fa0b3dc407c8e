-- OR of ANDs in join conditions: a key shared by every arm becomes the join key, and
-- each input is filtered by what the OR implies for it. NULLs in keys and in the arms.
CREATE TABLE jo_l (k int, q int, s text);
CREATE TABLE jo_r (k int, b text, z int);
INSERT INTO jo_l VALUES (1, 5, 'air'), (1, 15, 'air'), (2, 25, 'ship'), (2, 5, NULL),
  (3, NULL, 'air'), (NULL, 5, 'air'), (4, 12, 'air'), (5, 22, 'rail');
INSERT INTO jo_r VALUES (1, 'a', 3), (2, 'b', 8), (3, 'a', 1), (4, 'b', 11), (5, 'c', 14),
  (NULL, 'a', 1), (2, NULL, 2);
SELECT l.k, l.q, r.b FROM jo_l l, jo_r r
 WHERE (l.k = r.k AND r.b = 'a' AND l.q BETWEEN 1 AND 10 AND l.s = 'air')
    OR (r.k = l.k AND r.b = 'b' AND l.q BETWEEN 10 AND 20 AND l.s = 'air')
    OR (l.k = r.k AND r.b = 'c' AND l.q BETWEEN 20 AND 30)
 ORDER BY 1, 2, 3;
SELECT count(*) FROM jo_l l JOIN jo_r r ON (l.k = r.k AND r.z < 5) OR (l.k = r.k AND l.q > 10);
SELECT l.k, r.k FROM jo_l l LEFT JOIN jo_r r ON (l.k = r.k AND r.b = 'a') OR (l.k = r.k AND r.b IS NULL)
 ORDER BY 1, 2;
SELECT l.k, r.k FROM jo_l l, jo_r r WHERE (l.k = r.k AND l.q = 5) OR l.s IS NULL ORDER BY 1, 2;
SELECT count(*) FROM jo_l l, jo_r r WHERE l.k = r.k AND (l.q = 5 OR (l.q = 25 AND l.k = r.k));
DROP TABLE jo_l, jo_r;
