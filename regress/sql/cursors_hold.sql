--
-- Cursors WITH HOLD: kept at COMMIT, closed by the ROLLBACK of their block.
--
CREATE TABLE cursors_hold_t (id int, v text);
INSERT INTO cursors_hold_t SELECT g, 'v' || g FROM generate_series(1, 2500) g;
BEGIN;
DECLARE h NO SCROLL CURSOR WITH HOLD FOR SELECT id, v FROM cursors_hold_t ORDER BY id;
DECLARE hs SCROLL CURSOR WITH HOLD FOR SELECT id FROM cursors_hold_t WHERE id % 250 = 0 ORDER BY id;
DECLARE w CURSOR FOR SELECT 1;
FETCH 2 FROM h;
FETCH 3 FROM hs;
SELECT name, is_holdable, is_scrollable FROM pg_cursors ORDER BY name;
COMMIT;
SELECT name, is_holdable, is_scrollable FROM pg_cursors ORDER BY name;
FETCH 2 FROM h;
FETCH ABSOLUTE 6 FROM h;
FETCH RELATIVE 2 FROM h;
MOVE 1020 IN h;
FETCH 2 FROM h;
FETCH PRIOR FROM hs;
FETCH LAST FROM hs;
FETCH ABSOLUTE 1 FROM hs;
FETCH w;
-- a held cursor survives a later block's rollback, and the rows are those of its snapshot
INSERT INTO cursors_hold_t VALUES (5000, 'late');
BEGIN;
FETCH 1 FROM h;
DELETE FROM cursors_hold_t WHERE id > 2000;
ROLLBACK;
FETCH FORWARD 3 FROM hs;
FETCH BACKWARD 2 FROM hs;
MOVE ALL IN h;
FETCH h;
FETCH PRIOR FROM h;
CLOSE h;
FETCH h;
-- the ROLLBACK of the declaring block closes it
BEGIN;
DECLARE r CURSOR WITH HOLD FOR SELECT id FROM cursors_hold_t WHERE id < 3 ORDER BY id;
FETCH r;
ROLLBACK;
FETCH r;
-- outside a block, WITH HOLD is allowed and reads its rows at once
DECLARE o CURSOR WITH HOLD FOR SELECT id FROM cursors_hold_t WHERE id < 4 ORDER BY id;
DECLARE o2 CURSOR FOR SELECT 1;
FETCH ALL FROM o;
FETCH o;
-- an error while reading the rows at COMMIT fails the COMMIT
BEGIN;
DECLARE e CURSOR WITH HOLD FOR SELECT 10 / (g - 90000) FROM generate_series(1, 100000) g;
FETCH 2 FROM e;
COMMIT;
FETCH e;
DECLARE e2 CURSOR WITH HOLD FOR SELECT 10 / (id - 2400) FROM cursors_hold_t;
FETCH e2;
SELECT name, statement, is_holdable FROM pg_cursors ORDER BY name;
CLOSE ALL;
SELECT count(*) FROM pg_cursors;
DROP TABLE cursors_hold_t;
