-- ON CONFLICT inference: columns, ON CONSTRAINT, expressions and WHERE (checked as
-- PostgreSQL's parser checks them; with no expression or partial index to match, the
-- planner's error), and DO UPDATE checked before the arbiter is looked for.
CREATE TABLE oci (key int, fruit text, n int);
CREATE UNIQUE INDEX oci_key ON oci (key);
INSERT INTO oci VALUES (1, 'Apple', 1);
INSERT INTO oci VALUES (1, 'Pear') ON CONFLICT (key) WHERE fruit LIKE '%ear' DO UPDATE SET fruit = excluded.fruit RETURNING *;
INSERT INTO oci AS t VALUES (1, 'Plum') ON CONFLICT (key) WHERE t.fruit <> 'x' DO NOTHING;
INSERT INTO oci VALUES (2, 'Fig') ON CONFLICT (key) WHERE n > 0 DO NOTHING RETURNING key;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (key) WHERE nosuch > 0 DO NOTHING;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (key) WHERE fruit DO NOTHING;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (lower(fruit)) DO NOTHING;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (key, lower(fruit)) DO UPDATE SET fruit = excluded.fruit;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (lower(nosuch)) DO NOTHING;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (fruit) DO UPDATE SET nosuch = 1;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (fruit) DO UPDATE SET fruit = excluded.ctid::text;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (fruit) DO UPDATE SET fruit = 'x';
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT (fruit) DO NOTHING;
INSERT INTO oci VALUES (3, 'Kiwi') ON CONFLICT ON CONSTRAINT oci_nosuch DO NOTHING;
ALTER TABLE oci ADD CONSTRAINT oci_pair UNIQUE (key, fruit);
INSERT INTO oci VALUES (1, 'Pear', 5) ON CONFLICT ON CONSTRAINT oci_pair DO UPDATE SET n = excluded.n RETURNING *;
INSERT INTO oci VALUES (1, 'Pear', 6) ON CONFLICT (fruit, key, fruit) DO UPDATE SET n = excluded.n RETURNING *;
SELECT * FROM oci ORDER BY key;
DROP TABLE oci;
