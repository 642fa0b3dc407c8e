--
-- DELETE, UPDATE and TRUNCATE: row selection, RETURNING, FROM/USING, assignment casts,
-- NOT NULL, transactions, and tables of many batches
--
CREATE TABLE ud_items (id int NOT NULL, name varchar(8), price numeric(6,2), qty int, added date, flag bool);
INSERT INTO ud_items VALUES
  (1, 'pen', 1.50, 10, '2024-01-01', true),
  (2, 'ink', 3.25, NULL, '2024-01-02', false),
  (3, 'pad', 2.00, 5, NULL, NULL),
  (4, 'cap', NULL, 0, '2024-02-01', true),
  (5, 'nib', 0.75, 100, '2024-03-01', false);

-- DELETE
DELETE FROM ud_items WHERE id = 99;
DELETE FROM ud_items WHERE qty = 0;
SELECT * FROM ud_items ORDER BY id;
DELETE FROM ud_items WHERE price > 3 RETURNING id, name, price * 2 AS doubled;
DELETE FROM ud_items WHERE added IS NULL RETURNING *;
SELECT * FROM ud_items ORDER BY id;

-- UPDATE: expressions over the old row, several columns, NULL, DEFAULT
UPDATE ud_items SET qty = qty + 1;
UPDATE ud_items SET price = price * 2, name = upper(name) WHERE id = 1;
UPDATE ud_items SET flag = NULL, added = added + 30 WHERE NOT flag RETURNING id, flag, added;
UPDATE ud_items SET qty = DEFAULT WHERE id = 5;
UPDATE ud_items SET (name, qty) = ('quill', 7) WHERE id = 5 RETURNING *;
UPDATE ud_items SET qty = 1 WHERE false;
SELECT * FROM ud_items ORDER BY id;

-- assignment casts and their errors
UPDATE ud_items SET qty = '42' WHERE id = 1;
UPDATE ud_items SET qty = 2.6 WHERE id = 1;
UPDATE ud_items SET price = '9.999' WHERE id = 1;
SELECT id, qty, price FROM ud_items ORDER BY id;
UPDATE ud_items SET qty = 'many';
UPDATE ud_items SET qty = 'many'::text;
UPDATE ud_items SET added = 5;
UPDATE ud_items SET price = 123456;
UPDATE ud_items SET name = 'much too long';
UPDATE ud_items SET qty = 2147483647 + id;

-- NOT NULL and unknown columns
UPDATE ud_items SET id = NULL WHERE id = 5;
UPDATE ud_items SET id = CASE WHEN id = 1 THEN NULL ELSE id END;
UPDATE ud_items SET nope = 1;
UPDATE ud_items SET qty = 1, qty = 2;
UPDATE ud_items SET qty = no_such_column;
UPDATE ud_items SET qty = count(*);
DELETE FROM ud_items WHERE no_such_column = 1;
DELETE FROM ud_items RETURNING count(*);
DELETE FROM ud_nope;
UPDATE ud_nope SET a = 1;
SELECT * FROM ud_items ORDER BY id;

-- subqueries read the statement's snapshot, not its own changes
UPDATE ud_items SET qty = (SELECT max(qty) FROM ud_items) + 1 WHERE id = 1;
DELETE FROM ud_items WHERE qty < (SELECT avg(qty) FROM ud_items) RETURNING id;
UPDATE ud_items SET id = id + 10 WHERE id IN (SELECT id FROM ud_items) RETURNING id;
SELECT * FROM ud_items ORDER BY id;

-- UPDATE ... FROM and DELETE ... USING
CREATE TABLE ud_prices (item int, new_price numeric(6,2));
INSERT INTO ud_prices VALUES (11, 4.00), (15, 8.50), (99, 1.00);
UPDATE ud_items i SET price = p.new_price FROM ud_prices p WHERE p.item = i.id RETURNING i.id, i.price, p.item;
UPDATE ud_items SET price = price + 1 FROM ud_prices WHERE ud_prices.item = ud_items.id AND ud_prices.new_price > 5;
SELECT id, price FROM ud_items ORDER BY id;
DELETE FROM ud_items USING ud_prices WHERE ud_prices.item = ud_items.id AND ud_prices.new_price < 5 RETURNING ud_items.id, ud_prices.new_price;
SELECT id, price FROM ud_items ORDER BY id;
UPDATE ud_items SET qty = 0 FROM ud_items;
DELETE FROM ud_prices p WHERE p.item > 50;
SELECT * FROM ud_prices ORDER BY item;

-- in a transaction: own changes are visible, and ROLLBACK undoes them
BEGIN;
DELETE FROM ud_prices;
SELECT count(*) FROM ud_prices;
INSERT INTO ud_prices VALUES (1, 1.00), (2, 2.00);
UPDATE ud_prices SET new_price = new_price * 10 WHERE item = 2;
DELETE FROM ud_prices WHERE item = 1;
SELECT * FROM ud_prices ORDER BY item;
ROLLBACK;
SELECT * FROM ud_prices ORDER BY item;
BEGIN;
UPDATE ud_prices SET new_price = 0;
UPDATE ud_prices SET new_price = new_price / 0;
UPDATE ud_prices SET new_price = 1;
ROLLBACK;
BEGIN;
UPDATE ud_prices SET new_price = new_price + 1 RETURNING *;
UPDATE ud_prices SET new_price = new_price + 1 RETURNING *;
COMMIT;
SELECT * FROM ud_prices ORDER BY item;

-- many batches: deletes and updates spread over a large table
CREATE TABLE ud_big AS SELECT g AS id, g % 10 AS grp, 'row ' || g::text AS label FROM generate_series(1, 20000) g;
DELETE FROM ud_big WHERE id % 3 = 0;
SELECT count(*), sum(id), min(id), max(id) FROM ud_big;
UPDATE ud_big SET grp = grp + 100, label = label || '!' WHERE id % 7 = 0;
SELECT grp, count(*), sum(id) FROM ud_big GROUP BY grp ORDER BY grp;
DELETE FROM ud_big WHERE grp >= 100;
SELECT count(*), sum(id) FROM ud_big;
SELECT * FROM ud_big WHERE id BETWEEN 9995 AND 10005 ORDER BY id;
UPDATE ud_big SET id = -id WHERE id > 19990 RETURNING id, label;
DELETE FROM ud_big WHERE id < 0 RETURNING *;
SELECT count(*) FROM ud_big;

-- TRUNCATE
TRUNCATE ud_big;
SELECT count(*) FROM ud_big;
INSERT INTO ud_big VALUES (1, 1, 'again');
BEGIN;
TRUNCATE TABLE ud_big, ud_prices;
SELECT count(*) FROM ud_big;
ROLLBACK;
SELECT * FROM ud_big;
SELECT count(*) FROM ud_prices;
TRUNCATE ud_nope;
TRUNCATE ud_big, ud_prices;
SELECT count(*) FROM ud_big;
SELECT count(*) FROM ud_prices;

DROP TABLE ud_items, ud_prices, ud_big;
