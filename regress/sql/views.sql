-- Views: CREATE [OR REPLACE] VIEW, use anywhere a table is, DROP VIEW.
CREATE TABLE vw_item (id int, name text, price numeric(8,2), cat int);
CREATE TABLE vw_cat (id int, label text);
INSERT INTO vw_item VALUES (1, 'pen', 1.50, 1), (2, 'ink', 7.25, 1), (3, 'desk', 120.00, 2),
  (4, 'lamp', 35.00, 2), (5, 'mystery', NULL, NULL);
INSERT INTO vw_cat VALUES (1, 'office'), (2, 'furniture'), (3, 'empty');

CREATE VIEW vw_cheap AS SELECT id, name, price FROM vw_item WHERE price < 50;
SELECT * FROM vw_cheap ORDER BY id;
SELECT name FROM vw_cheap WHERE price > 5 ORDER BY name;
SELECT count(*), sum(price) FROM vw_cheap;

-- column names given with the view
CREATE VIEW vw_named (item, cost) AS SELECT name, price * 2 FROM vw_item;
SELECT * FROM vw_named ORDER BY item;
SELECT cost FROM vw_named WHERE item = 'desk';

-- joins, aliases, subqueries, views over views
CREATE VIEW vw_by_cat AS
  SELECT c.label, count(i.id) AS items, max(i.price) AS top
  FROM vw_cat c LEFT JOIN vw_item i ON i.cat = c.id GROUP BY c.label;
SELECT * FROM vw_by_cat ORDER BY label;
SELECT v.label, v.items FROM vw_by_cat v JOIN vw_cat c ON c.label = v.label WHERE c.id < 3 ORDER BY 1;
SELECT name FROM vw_item WHERE price IN (SELECT top FROM vw_by_cat) ORDER BY name;
CREATE VIEW vw_top AS SELECT label FROM vw_by_cat WHERE items > 1;
SELECT * FROM vw_top ORDER BY label;
SELECT * FROM (SELECT label FROM vw_top) s ORDER BY 1;

-- a view with WITH and a set operation
CREATE VIEW vw_ids AS
  WITH small AS (SELECT id FROM vw_item WHERE id < 3)
  SELECT id FROM small UNION ALL SELECT id + 100 FROM vw_cat;
SELECT * FROM vw_ids ORDER BY id;
WITH vw_ids AS (SELECT 0 AS id) SELECT * FROM vw_ids;

-- views see rows inserted after they were created
INSERT INTO vw_item VALUES (6, 'clip', 0.10, 1);
SELECT * FROM vw_cheap ORDER BY id;

-- CREATE OR REPLACE may add columns at the end
CREATE OR REPLACE VIEW vw_cheap AS SELECT id, name, price, cat FROM vw_item WHERE price < 10;
SELECT * FROM vw_cheap ORDER BY id;
CREATE OR REPLACE VIEW vw_fresh AS SELECT 1 AS one;
SELECT * FROM vw_fresh;

-- CREATE TABLE AS and INSERT ... SELECT from a view
CREATE TABLE vw_snapshot AS SELECT * FROM vw_cheap;
INSERT INTO vw_snapshot SELECT * FROM vw_cheap WHERE id = 1;
SELECT * FROM vw_snapshot ORDER BY id;

-- errors
CREATE VIEW vw_cheap AS SELECT 1;
CREATE OR REPLACE VIEW vw_cheap AS SELECT id, name FROM vw_item;
CREATE OR REPLACE VIEW vw_cheap AS SELECT id, name AS title, price, cat FROM vw_item;
CREATE OR REPLACE VIEW vw_cheap AS SELECT id, name, price::float8, cat FROM vw_item;
CREATE OR REPLACE VIEW vw_item AS SELECT 1;
CREATE VIEW vw_bad (a, b) AS SELECT 1;
CREATE VIEW vw_bad AS SELECT 1 AS a, 2 AS a;
CREATE VIEW vw_bad AS SELECT * FROM nosuch;
SELECT nosuch FROM vw_cheap;
DROP TABLE vw_cheap;
DROP VIEW vw_item;
DROP VIEW nosuch;
DROP VIEW IF EXISTS nosuch, vw_fresh;
DROP TABLE vw_cat;
DROP VIEW vw_by_cat;
COPY vw_cheap TO STDOUT;

DROP VIEW vw_top;
DROP VIEW vw_by_cat, vw_ids;
DROP VIEW vw_named, vw_cheap;
DROP TABLE vw_snapshot;
DROP TABLE vw_item;
DROP TABLE vw_cat;
