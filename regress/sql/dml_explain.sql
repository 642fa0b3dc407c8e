-- EXPLAIN of data-changing statements: the target's alias, ON CONFLICT's action, arbiter
-- indexes and filter, a single VALUES row as a Result, and the structured formats'
-- ModifyTable node.
CREATE TABLE dmlx (key int, fruit text, qty int);
CREATE UNIQUE INDEX dmlx_key ON dmlx (key);
CREATE UNIQUE INDEX dmlx_fruit ON dmlx (fruit);
ALTER TABLE dmlx ADD CONSTRAINT dmlx_pair UNIQUE (key, fruit);
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple', 2);
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple', 2), (2, 'Pear', 3);
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT (key) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT (fruit, key) DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT ON CONSTRAINT dmlx_pair DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT (key) DO UPDATE SET fruit = excluded.fruit;
EXPLAIN (COSTS OFF) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT (key) DO UPDATE SET fruit = excluded.fruit
  WHERE dmlx.fruit <> 'Lime';
EXPLAIN (COSTS OFF) INSERT INTO dmlx AS d VALUES (1, 'Apple') ON CONFLICT (key) DO UPDATE SET qty = d.qty + 1
  WHERE excluded.fruit <> 'Lime' AND d.qty < 10;
EXPLAIN (COSTS OFF) INSERT INTO dmlx AS d VALUES (1, 'Apple') ON CONFLICT (key) DO UPDATE SET qty = 0
  WHERE excluded.* IS NULL;
EXPLAIN (COSTS OFF, FORMAT JSON) INSERT INTO dmlx VALUES (1, 'Apple') ON CONFLICT (key)
  DO UPDATE SET fruit = excluded.fruit WHERE dmlx.fruit <> 'Lime' RETURNING *;
EXPLAIN (COSTS OFF, FORMAT YAML) INSERT INTO dmlx VALUES (1, 'Apple'), (2, 'Pear') ON CONFLICT DO NOTHING;
EXPLAIN (COSTS OFF) UPDATE dmlx SET qty = 1 WHERE qty = 3;
EXPLAIN (COSTS OFF) DELETE FROM dmlx WHERE qty > 3;
EXPLAIN (COSTS OFF, FORMAT JSON) DELETE FROM dmlx;
DROP TABLE dmlx;
