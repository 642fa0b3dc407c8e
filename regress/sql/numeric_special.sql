--
-- numeric NaN, Infinity and -Infinity
--
CREATE TABLE num_special (id int, v numeric);
INSERT INTO num_special VALUES (1, 'NaN'), (2, 'Infinity'), (3, '-Infinity'), (4, '1.50'),
  (5, '-2'), (6, '0'), (7, 'nan'), (8, '-inf'), (9, NULL), (10, '1.5');
SELECT id, v, -v AS neg, abs(v), sign(v), v::float8 AS f8, v::float4 AS f4
  FROM num_special ORDER BY id;
SELECT v FROM num_special ORDER BY v, id;
SELECT v FROM num_special ORDER BY v DESC, id;
SELECT v, count(*) FROM num_special GROUP BY v ORDER BY v;
SELECT DISTINCT v FROM num_special ORDER BY v;
SELECT a.id, b.id FROM num_special a JOIN num_special b ON a.v = b.v WHERE a.id < b.id ORDER BY 1, 2;
SELECT a.v AS a, b.v AS b, a.v = b.v AS eq, a.v < b.v AS lt, a.v > b.v AS gt
  FROM num_special a, num_special b
  WHERE a.id IN (1, 2, 3, 4) AND b.id IN (1, 2, 3, 4) ORDER BY a.id, b.id;
SELECT a.v AS a, b.v AS b, a.v + b.v AS sum, a.v - b.v AS diff, a.v * b.v AS prod
  FROM num_special a, num_special b
  WHERE a.id IN (1, 2, 3, 4, 6) AND b.id IN (1, 2, 3, 4, 6) ORDER BY a.id, b.id;
SELECT a.v AS a, b.v AS b, a.v / b.v AS quot, a.v % b.v AS rem
  FROM num_special a, num_special b
  WHERE a.id IN (1, 2, 3, 4) AND b.id IN (1, 2, 3, 5) ORDER BY a.id, b.id;
SELECT 'NaN'::numeric / 0 AS nan_div, 'NaN'::numeric % 0 AS nan_mod;
SELECT 'Infinity'::numeric / 0;
SELECT '-Infinity'::numeric % 0;
SELECT id, round(v), round(v, 1), trunc(v), trunc(v, 1), ceil(v), floor(v)
  FROM num_special ORDER BY id;
SELECT min(v), max(v), sum(v), avg(v), count(v) FROM num_special;
SELECT min(v), max(v), sum(v), avg(v) FROM num_special WHERE id IN (2, 4, 5);
SELECT min(v), max(v), sum(v), avg(v) FROM num_special WHERE id IN (3, 4, 8);
SELECT sum(v), avg(v) FROM num_special WHERE id IN (2, 3);
SELECT var_samp(v), stddev_pop(v) FROM num_special WHERE id IN (2, 4);
SELECT var_samp(v) FROM num_special WHERE id = 2;
-- text input spellings
SELECT x::numeric FROM (VALUES ('NaN'), ('nan'), (' NAN '), ('Infinity'), ('+Infinity'),
  ('-Infinity'), ('inf'), ('+inf'), ('-INF'), ('  -iNfInItY  ')) t(x);
SELECT '+NaN'::numeric;
SELECT 'infinit'::numeric;
-- casts
SELECT 'NaN'::float8::numeric, 'Infinity'::float8::numeric, '-Infinity'::float4::numeric;
SELECT 'NaN'::numeric(5,2);
SELECT 'Infinity'::numeric(5,2);
SELECT 'Infinity'::numeric::int4;
SELECT '-Infinity'::numeric::int8;
SELECT 'NaN'::numeric::int2;
SELECT 'NaN'::numeric::int4;
-- extract on infinite dates and timestamps
SELECT extract(year FROM 'infinity'::date), extract(epoch FROM '-infinity'::date),
  extract(century FROM 'infinity'::timestamp), extract(day FROM 'infinity'::timestamp);
SELECT date_part('year', '-infinity'::timestamptz), date_part('julian', 'infinity'::date);
-- to_char
SELECT id, to_char(v, '999.99') AS f1, to_char(v, 'S999') AS f2, to_char(v, '9.9EEEE') AS f3
  FROM num_special ORDER BY id;
SELECT to_char('Infinity'::numeric, 'RN');
SELECT to_char('NaN'::numeric, 'RN');
DROP TABLE num_special;
