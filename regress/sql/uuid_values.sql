-- uuid values: every input spelling uuid_in accepts, its errors, output, ordering,
-- hashing (GROUP BY, DISTINCT, joins, IN), casts, storage and COPY.
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid;
SELECT 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid;
SELECT 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid;
SELECT '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid;
SELECT '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'::uuid;
-- errors
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-'::uuid;
SELECT '-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eeb-c99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid;
SELECT ' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT ''::uuid;
SELECT 1::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid + 1;
-- the session goes on
SELECT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid;
-- casts
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text, 'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::text::uuid;
SELECT CAST('{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::varchar AS uuid);
SELECT length('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text);
SELECT pg_typeof('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid), pg_typeof(gen_random_uuid());
CREATE TABLE uuids (id int, u uuid, note text);
INSERT INTO uuids VALUES
  (1, '00000000-0000-0000-0000-000000000000', 'zero'),
  (2, 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'max'),
  (3, '7fffffff-ffff-ffff-ffff-ffffffffffff', 'mid'),
  (4, '80000000-0000-0000-0000-000000000000', 'high bit'),
  (5, NULL, 'null'),
  (6, '{7FFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF}', 'mid again'),
  (7, '00000000-0000-0000-0000-000000000001', 'one');
INSERT INTO uuids VALUES (8, 'not a uuid', 'bad');
INSERT INTO uuids (id, u) VALUES (9, '12345678123456781234567812345678');
UPDATE uuids SET note = 'updated' WHERE u = '12345678-1234-5678-1234-567812345678';
SELECT * FROM uuids ORDER BY u, id;
SELECT * FROM uuids ORDER BY u DESC NULLS LAST, id;
SELECT u, count(*), min(id) FROM uuids GROUP BY u ORDER BY u;
SELECT DISTINCT u FROM uuids ORDER BY 1;
SELECT count(DISTINCT u) FROM uuids;
SELECT a.id, b.id FROM uuids a JOIN uuids b ON a.u = b.u AND a.id < b.id ORDER BY 1, 2;
SELECT id FROM uuids WHERE u IN ('00000000-0000-0000-0000-000000000001', '7fffffff-ffff-ffff-ffff-ffffffffffff') ORDER BY 1;
SELECT id FROM uuids WHERE u IN (SELECT u FROM uuids WHERE id > 5) ORDER BY 1;
SELECT id, u < '80000000-0000-0000-0000-000000000000' AS lt, u >= '7fffffff-ffff-ffff-ffff-ffffffffffff' AS ge,
       u <> '00000000-0000-0000-0000-000000000000' AS ne FROM uuids ORDER BY id;
SELECT id, uuid_cmp(u, '7fffffff-ffff-ffff-ffff-ffffffffffff') FROM uuids ORDER BY id;
SELECT max(u::text), min(u::text) FROM uuids;
SELECT id, CASE WHEN id > 3 THEN u END AS u, coalesce(u, '11111111-1111-1111-1111-111111111111') AS c
  FROM uuids ORDER BY id;
SELECT u FROM uuids WHERE id < 3 UNION SELECT u FROM uuids WHERE id > 5 ORDER BY 1;
SELECT id, lag(u) OVER (ORDER BY id) FROM uuids ORDER BY id;
-- gen_random_uuid: version 4, variant 10, different every call
SELECT count(DISTINCT g), min(substr(g::text, 15, 1)), max(substr(g::text, 15, 1)),
       bool_and(substr(g::text, 20, 1) IN ('8', '9', 'a', 'b'))
  FROM (SELECT gen_random_uuid() AS g FROM generate_series(1, 1000)) s;
-- COPY in and out
COPY uuids TO STDOUT;
COPY uuids (id, u) TO STDOUT (FORMAT csv, HEADER);
CREATE TABLE uuids2 (id int, u uuid);
COPY uuids2 FROM STDIN;
1	{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}
2	A0EEBC999C0B4EF8BB6D6BB9BD380A12
3	\N
\.
COPY uuids2 FROM STDIN (FORMAT csv);
4,a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a14
5,
\.
COPY uuids2 FROM STDIN;
6	a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1x
\.
SELECT * FROM uuids2 ORDER BY id;
CREATE TABLE uuids3 AS SELECT u, count(*) AS n FROM uuids GROUP BY u;
SELECT * FROM uuids3 ORDER BY u;
DROP TABLE uuids, uuids2, uuids3;
