-- Interval field qualifiers and precision (the SQL standard's interval literals, as
-- TPC-H writes them): the range decides a bare number's unit, then truncates.
SELECT interval '90' day, interval '3' month, interval '1' year;
SELECT interval '1-2' year to month, interval '1 2:03:04.5678' day to second(2);
SELECT interval '1:2' minute to second, interval '1:2' hour to minute,
       interval '1:2:3' minute to second, interval '5' hour;
SELECT interval '1.5' year, interval '1.5' month, interval '1.5' day;
SELECT interval '1 day 3 hours' day, interval '1 day 3 hours 5 min' hour,
       interval '2 years 5 months' year;
SELECT interval(2) '1.23456', interval '1.23456' second(3), interval '-1.7' second(0);
SELECT interval '-90.5' minute, interval '1 day -3 hours' hour, interval '-1 2:03' day to minute;
SELECT interval '1 2' day to hour;
SELECT interval '1 2' hour to minute;
SELECT interval '1:75' minute to second;
SELECT '1'::"interval"(1000);
SELECT '1'::"interval"(4, 1, 2);
-- Casts apply the modifier after reading the value.
SELECT '1 day 02:03:04.56789'::interval(1), '13 months'::interval year,
       cast('1 year 2 months' as interval month);
SELECT ('90'::text)::interval day, ('90'::varchar)::interval day;
SELECT '12:34:56.789'::time::interval minute, '12:34:56.789'::time::interval(1);
SELECT interval '1 day 02:03:04' :: interval hour to minute;
-- TPC-H's date arithmetic.
SELECT date '1998-12-01' - interval '90' day, date '1993-07-01' + interval '3' month,
       date '1994-01-01' + interval '1' year;
-- Columns keep the modifier; input and assignment apply it.
CREATE TABLE ivf (a interval day, b interval(3), c interval year to month,
                  d interval minute to second(2));
SELECT format_type(atttypid, atttypmod), atttypmod FROM pg_attribute
 WHERE attrelid = 'ivf'::regclass AND attnum > 0 ORDER BY attnum;
COPY ivf (a, d) FROM stdin;
90	1:2.345
\.
INSERT INTO ivf VALUES ('91', '1.23456', '1-11', '5:06.789');
INSERT INTO ivf VALUES (interval '93 hours', interval '1.23456 seconds', interval '3 years 2 days', interval '1 hour');
SELECT * FROM ivf ORDER BY a;
UPDATE ivf SET a = a + interval '1 hour 30 minutes';
SELECT a FROM ivf ORDER BY a;
DROP TABLE ivf;
