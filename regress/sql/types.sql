--
-- Types of the spine: literals, input, output, casts, range and syntax errors
--

-- boolean
SELECT true, false, 't'::bool, 'yes'::bool, 'on'::bool, '1'::bool, 'FALSE'::bool, 'no'::bool, 'off'::bool, '0'::bool;
SELECT '  true  '::bool AS padded;
SELECT 'maybe'::bool;
SELECT true > false AS gt, true::int AS one, 0::bool AS zero;

-- smallint, integer, bigint
SELECT 32767::int2 AS max2, (-32768)::int2 AS min2, '  12 '::int2 AS padded;
SELECT 32768::int2;
SELECT '12abc'::int2;
SELECT 2147483647 AS max4, -2147483648 AS min4, '-0042'::int AS lead;
SELECT '2147483648'::int4;
SELECT 2147483647 + 1;
SELECT -2147483647 - 2;
SELECT 65536 * 65536;
SELECT 9223372036854775807 AS max8, -9223372036854775808 AS min8;
SELECT '9223372036854775808'::int8;
SELECT 9223372036854775807::int8 + 1;
SELECT 2147483648 AS literal_is_bigint, 9223372036854775808 AS literal_is_numeric;
SELECT 1::int2 + 1::int8 AS mixed, 7::int2 / 2::int2 AS div2, -7 / 2 AS trunc, -7 % 3 AS rem;
SELECT ''::int;
SELECT 'abc'::bigint;

-- real, double precision
SELECT 1.5::float4 AS f4, 0.1::float4 AS tenth4, 3.4e38::float4 AS big4, 1e-45::float4 AS tiny4;
SELECT 0.1::float8 + 0.2::float8 AS sum, 1.0e10::float8 AS e10, 1.0e16::float8 AS e16;
SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8, '-0'::float8;
SELECT '1e309'::float8;
SELECT 1e308::float8 * 10;
SELECT 'x1.5'::float8;
SELECT 5::float8 / 2 AS half, 1::float8 / 3 AS third, 2::float4 / 3 AS third4;
SELECT 'NaN'::float8 = 'NaN'::float8 AS nan_eq, 'NaN'::float8 > 1e308 AS nan_gt;

-- numeric
SELECT 123.456::numeric(5,2) AS rounded, 0.125::numeric(4,2) AS half_up, -0.125::numeric(4,2) AS half_down;
SELECT 1234.5::numeric(5,2);
SELECT 1.10 + 2.205 AS sum, 1.10 * 2.205 AS product, 10::numeric / 3 AS div, 1.000 AS zeros;
SELECT 2::numeric / 3 AS two_thirds, 1.5 - 2 AS neg, 100.00::numeric(10,1) AS rescaled;
SELECT '  3.50 '::numeric AS padded, 1e5::numeric AS exp;
SELECT '1.2.3'::numeric;
SELECT 12345678901234567890.123456789::numeric AS wide;
SELECT 1.5::numeric(3,1)::int AS to_int, 1.5::float8::numeric AS from_float, 7::numeric(5,2) AS from_int;
SELECT 0.1::numeric + 0.2::numeric = 0.3 AS exact;

-- text, varchar(n)
SELECT 'hello'::text AS t, 'it''s' AS quoted, '' AS empty, 'abcdef'::varchar(3) AS cut;
SELECT 'abc'::varchar(10) || 'def' AS concat, length('héllo') AS len, upper('abc') AS up, lower('ABC') AS low;
CREATE TABLE typ_vc (v varchar(3));
INSERT INTO typ_vc VALUES ('abc');
INSERT INTO typ_vc VALUES ('abcd');
INSERT INTO typ_vc VALUES ('ab   ');
SELECT v, length(v) FROM typ_vc ORDER BY v;
SELECT 'a' < 'b' AS lt, 'B' < 'a' AS upper_first, 'abc' = 'abc' AS eq;

-- date
SELECT '2024-02-29'::date AS leap, '1999-12-31'::date AS y2k, 'January 8, 1999'::date AS long_form;
SELECT '2023-02-29'::date;
SELECT 'garbage'::date;
SELECT '2024-03-01'::date - '2024-02-01'::date AS days, '2024-02-28'::date + 2 AS plus, '2024-03-01'::date - 1 AS minus;
SELECT '2024-01-15'::date < '2024-01-16'::date AS lt, '2024-01-15'::date::timestamp AS ts;
SELECT '0001-01-01'::date AS first, '9999-12-31'::date AS last;

-- timestamp, timestamptz (session time zone UTC)
SELECT '2024-01-15 10:30:00'::timestamp AS ts, '2024-01-15 10:30:00.123456'::timestamp AS micro, '2024-01-15'::timestamp AS midnight;
SELECT '2024-01-15 10:30:00.1234567'::timestamp AS rounded;
SELECT '2024-01-15 25:00:00'::timestamp;
SELECT 'not a time'::timestamp;
SELECT '2024-01-15 10:30:00+02'::timestamptz AS tz, '2024-01-15 10:30:00'::timestamptz AS utc, '2024-07-01 12:00:00-07:30'::timestamptz AS odd;
SELECT '2024-01-15 10:30:00+02'::timestamptz::timestamp AS local, '2024-01-15 10:30:00'::timestamp::timestamptz AS zoned;
SELECT '2024-01-15 23:59:59'::timestamp::date AS day, '2024-01-15 10:30:00'::timestamp < '2024-01-15 10:30:01'::timestamp AS lt;
SELECT '2024-01-15 10:30:00+00'::timestamptz = '2024-01-15 12:30:00+02'::timestamptz AS same_instant;

-- NULLs of every type
SELECT NULL::bool, NULL::int2, NULL::int4, NULL::int8, NULL::float4, NULL::float8, NULL::numeric, NULL::text, NULL::date, NULL::timestamp, NULL::timestamptz;

-- a table of every type: stored values come back unchanged
CREATE TABLE typ_all (b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(12,3), t text, v varchar(5), d date, ts timestamp, tz timestamptz);
INSERT INTO typ_all VALUES
  (true, 1, 100000, 10000000000, 1.25, 2.5, 123456789.123, 'text', 'vc', '2024-01-01', '2024-01-01 01:02:03', '2024-01-01 01:02:03+05'),
  (false, -32768, -2147483648, -9223372036854775808, -1e10, -1e-10, -0.001, '', '', '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM typ_all ORDER BY i2 NULLS LAST;
INSERT INTO typ_all (i2) VALUES (100000);
INSERT INTO typ_all (n) VALUES (1234567890.5);
INSERT INTO typ_all (d) VALUES ('2024-13-01');

DROP TABLE typ_vc;
DROP TABLE typ_all;
