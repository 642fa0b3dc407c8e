-- Hints for a column that does not exist: the closest column names of the query's ranges,
-- as PostgreSQL suggests them.
CREATE TABLE fz (key int PRIMARY KEY, fruit text, fruits int);
SELECT keyy FROM fz;
SELECT fz.keyy FROM fz;
SELECT fy.key FROM fz;
SELECT fruit2 FROM fz;
SELECT frui FROM fz;
SELECT ab FROM fz;
SELECT t1.key1 FROM fz t1, fz t2;
SELECT key1 FROM fz t1, fz t2;
SELECT ke FROM fz t1 JOIN fz t2 USING (key);
SELECT (SELECT fruitz FROM fz f2) FROM fz;
INSERT INTO fz VALUES (1, 'Apple') ON CONFLICT (keyy) DO UPDATE SET fruit = excluded.fruit;
INSERT INTO fz VALUES (1, 'Apple') ON CONFLICT (key) DO UPDATE SET fruit = excluded.fruitt;
UPDATE fz SET fruit = frut;
DROP TABLE fz;
