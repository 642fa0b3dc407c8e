--
-- numeric sqrt, exp, ln, log, power, ^ and div: values, display scales, special values, errors
--
SELECT sqrt(2::numeric), sqrt(2.0000::numeric), sqrt(0::numeric), sqrt(1e-10::numeric), sqrt(12345678901234567890::numeric);
SELECT sqrt(0.0004::numeric), sqrt(100::numeric), sqrt(1.21), sqrt('Infinity'::numeric), sqrt('NaN'::numeric);
SELECT sqrt(-1::numeric);
SELECT exp(1::numeric), exp(0::numeric), exp(1.000000::numeric), exp(-1::numeric), exp(10::numeric);
SELECT exp(50::numeric), exp(-20::numeric), exp(0.5), exp(-0.0001), exp(2.30258509299404568401799145468);
SELECT exp('Infinity'::numeric), exp('-Infinity'::numeric), exp('NaN'::numeric);
SELECT ln(2::numeric), ln(10::numeric), ln(1::numeric), ln(1.0001), ln(0.5), ln(1e-20::numeric), ln(123456789012345::numeric);
SELECT ln(0.9), ln(1.1), ln(0.99999), ln('Infinity'::numeric), ln('NaN'::numeric);
SELECT ln(0::numeric);
SELECT ln(-1::numeric);
SELECT ln('-Infinity'::numeric);
SELECT log(100::numeric), log(2::numeric), log(0.001), log(2::numeric, 8::numeric), log(2.0, 64), log(3, 100.5);
SELECT log(10::numeric, 1e-5::numeric), log(0.5, 0.25), log10(1000::numeric), log(1000.000), log(2, 10::numeric);
SELECT log('Infinity'::numeric, 2::numeric), log(2::numeric, 'Infinity'::numeric), log('Infinity'::numeric, 'Infinity'::numeric), log('NaN'::numeric, 2::numeric);
SELECT log(1::numeric, 10::numeric);
SELECT log(0::numeric);
SELECT log(-2::numeric, 10::numeric);
SELECT power(2::numeric, 10::numeric), power(2::numeric, -2::numeric), power(2.5, 2), power(-2::numeric, 3::numeric), power(0::numeric, 0::numeric);
SELECT power(2::numeric, 0.5), power(10::numeric, -10::numeric), power(1.0001, 10000), power(-3::numeric, 2.000), power(0.0::numeric, 2.5);
SELECT 2::numeric ^ 3::numeric, 1.5 ^ 2.5, 4.0 ^ 0.5, (-8)::numeric ^ 3, 10::numeric ^ 15::numeric, 0.1 ^ 10;
SELECT power(2::numeric, 1::numeric), power(3.75, 1), power(7::numeric, -1::numeric), power(1.1::numeric, 2::numeric), power(5::numeric, 0.000);
SELECT power('NaN'::numeric, 0::numeric), power(1::numeric, 'NaN'::numeric), power('NaN'::numeric, 1::numeric);
SELECT power('Infinity'::numeric, 2::numeric), power('Infinity'::numeric, -2::numeric), power('Infinity'::numeric, 0::numeric);
SELECT power('-Infinity'::numeric, 3::numeric), power('-Infinity'::numeric, 2::numeric), power('-Infinity'::numeric, -3::numeric);
SELECT power(0.5::numeric, 'Infinity'::numeric), power(2::numeric, 'Infinity'::numeric), power(2::numeric, '-Infinity'::numeric), power(-1::numeric, 'Infinity'::numeric);
SELECT power(0::numeric, -1::numeric);
SELECT power(-2::numeric, 0.5);
SELECT power(0::numeric, '-Infinity'::numeric);
SELECT div(7::numeric, 2::numeric), div(-7.5, 2), div(7.9, -2.5), div(1e20::numeric, 3::numeric), div(0.5, 3);
SELECT div('Infinity'::numeric, 2::numeric), div('-Infinity'::numeric, 2::numeric), div(5::numeric, 'Infinity'::numeric), div('NaN'::numeric, 1::numeric), div('Infinity'::numeric, 'Infinity'::numeric);
SELECT div(1::numeric, 0::numeric);
SELECT div('Infinity'::numeric, 0::numeric);
-- over a column, with NULLs
CREATE TABLE nt_vals (x numeric);
INSERT INTO nt_vals VALUES (1), (2.5), (50), (0.01), (NULL);
SELECT x, sqrt(x), ln(x), exp(x), log(x), power(x, 2), x ^ 0.5, div(x * 10, 3) FROM nt_vals ORDER BY x;
DROP TABLE nt_vals;
