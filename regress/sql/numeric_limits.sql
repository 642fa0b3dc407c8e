--
-- numeric beyond 35 significant digits.
-- pgfast holds numeric in 128 bits (35 digits of coefficient), so this file is not in the
-- schedule: it records where pgfast differs from PostgreSQL.
--
SELECT 1e300 * 1e-300 AS one;
SELECT 1e39::float4;
SELECT 'NaN'::numeric AS nan, 'Infinity'::numeric AS inf;
SELECT 12345678901234567890123456789012345678::numeric AS wide;
SELECT 2::numeric ^ 200 AS big_power;
