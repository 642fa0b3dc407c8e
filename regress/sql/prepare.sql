--
-- SQL-level prepared statements: PREPARE, EXECUTE, DEALLOCATE
--
CREATE TABLE prep_t (id int, name text, amount numeric(10,2));
INSERT INTO prep_t VALUES (1, 'one', 1.50), (2, 'two', 2.25), (3, 'three', NULL);

-- declared parameter types, with argument coercion in assignment context
PREPARE q1(int, text) AS SELECT $1 + 1 AS a, $2 || 'x' AS b;
EXECUTE q1(1, 'a');
EXECUTE q1('2', 3);
EXECUTE q1(1.5, 'a');
EXECUTE q1(NULL, NULL);
EXECUTE q1(2 * 3, upper('k'));

-- inferred parameter types; unused declared ones
PREPARE q2 AS SELECT $1::int * 2 AS d;
EXECUTE q2('21');
PREPARE q3 AS SELECT $1 AS u;
EXECUTE q3(5);
PREPARE q4(int) AS SELECT 1 AS one;
EXECUTE q4(7);
PREPARE q5(numeric(5,1)) AS SELECT $1 AS n;
EXECUTE q5(1.2345);

-- queries over tables, run repeatedly
PREPARE sel(int) AS SELECT id, name, amount FROM prep_t WHERE id >= $1 ORDER BY id;
EXECUTE sel(2);
EXECUTE sel(0);
PREPARE ins(int, text, numeric) AS INSERT INTO prep_t VALUES ($1, $2, $3);
EXECUTE ins(4, 'four', 4.125);
EXECUTE ins(5, 'five', NULL);
PREPARE upd(numeric, int) AS UPDATE prep_t SET amount = $1 WHERE id = $2;
EXECUTE upd(9.99, 5);
PREPARE del(int) AS DELETE FROM prep_t WHERE id = $1;
EXECUTE del(1);
EXECUTE sel(0);

-- errors
EXECUTE q1(1);
EXECUTE q1(1, 'a', 'b');
EXECUTE q1(true, 'a');
EXECUTE q4('x');
PREPARE q1 AS SELECT 1;
EXECUTE nope;
EXECUTE nope(1);
DEALLOCATE nope;
PREPARE bad AS SELECT a FROM prep_nosuch;
EXECUTE bad;

-- prepared statements survive a rolled-back transaction block
BEGIN;
PREPARE intx AS SELECT 'kept' AS k;
ROLLBACK;
EXECUTE intx;

DEALLOCATE q1;
EXECUTE q1(1, 'a');
DEALLOCATE PREPARE q2;
EXECUTE q2('1');
DEALLOCATE ALL;
EXECUTE q3(1);
PREPARE q1 AS SELECT 'again' AS again;
EXECUTE q1;
DEALLOCATE q1;

DROP TABLE prep_t;
