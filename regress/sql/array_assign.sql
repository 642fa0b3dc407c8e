--
-- ARRAY ASSIGNMENT: subscripted targets of INSERT and UPDATE, as array_set_element and
-- array_set_slice compute them, with their errors.
--
CREATE TABLE array_assign_t (id int, a int[], t text[], m int[]);
INSERT INTO array_assign_t (id, a[2:3], t[0], m[1:2][1:2]) VALUES (1, '{20,30}', 'zero', '{{1,2},{3,4}}');
INSERT INTO array_assign_t (id, a[1], a[3]) VALUES (2, 10, 30);
INSERT INTO array_assign_t (id) VALUES (3);
SELECT id, a, t, m, array_dims(a) FROM array_assign_t ORDER BY id;
-- grow one-dimensional arrays on either side, NULL-filling gaps
UPDATE array_assign_t SET a[5] = 50, t[2] = 'two' WHERE id = 1;
UPDATE array_assign_t SET a[-1] = -10 WHERE id = 1;
UPDATE array_assign_t SET a[1] = 1 WHERE id = 3;
SELECT id, a, t FROM array_assign_t ORDER BY id;
-- slices: replace, extend, read the source serially, ignore extra source elements
UPDATE array_assign_t SET a[1:2] = '{100,200,300}' WHERE id = 2;
UPDATE array_assign_t SET a[3:] = '{7,8,9,10}' WHERE id = 2;
UPDATE array_assign_t SET a[:1] = '{5}' WHERE id = 2;
UPDATE array_assign_t SET m[1:2][2] = '{{9},{8}}' WHERE id = 1;
UPDATE array_assign_t SET m[2][1] = 7 WHERE id = 1;
SELECT id, a, m FROM array_assign_t ORDER BY id;
-- a NULL source slice changes nothing; assignment to a NULL array starts from empty
UPDATE array_assign_t SET a[1:2] = NULL WHERE id = 2;
UPDATE array_assign_t SET t[3:4] = '{c,d}', m[0:1][0:0] = '{{1},{2}}' WHERE id = 3;
SELECT id, a, t, m FROM array_assign_t ORDER BY id;
-- several assignments to one column apply in order
UPDATE array_assign_t SET a[1] = 1, a[2] = 2, a[1] = 11 WHERE id = 3;
SELECT a FROM array_assign_t WHERE id = 3;
-- errors
UPDATE array_assign_t SET a[NULL] = 1;
UPDATE array_assign_t SET a[1:NULL] = '{1}';
UPDATE array_assign_t SET m[5][1] = 1 WHERE id = 1;
UPDATE array_assign_t SET m[1] = 1 WHERE id = 1;
UPDATE array_assign_t SET a[1][1] = 1 WHERE id = 2;
UPDATE array_assign_t SET a[2:1] = '{1}' WHERE id = 2;
UPDATE array_assign_t SET a[1:9] = '{1,2}' WHERE id = 2;
UPDATE array_assign_t SET t[:2] = '{x,y}' WHERE id = 2;
UPDATE array_assign_t SET a[1] = 'x';
UPDATE array_assign_t SET a[1] = now();
UPDATE array_assign_t SET a[1:2] = now();
UPDATE array_assign_t SET id[1] = 1;
UPDATE array_assign_t SET a = '{1}', a[1] = 2;
UPDATE array_assign_t SET a[1] = 2, a = '{1}';
INSERT INTO array_assign_t (id, id) VALUES (1, 2);
INSERT INTO array_assign_t (a[1:2]) VALUES ('{1}');
UPDATE array_assign_t SET a[2147483647] = 1 WHERE id = 1;
-- nothing was changed by the failed statements
SELECT id, a, t, m FROM array_assign_t ORDER BY id;
DROP TABLE array_assign_t;
