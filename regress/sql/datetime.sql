--
-- Date and time: output and input styles, arithmetic, fields, zones
--
CREATE TABLE dt (id int, d date, ts timestamp, tz timestamptz, t time, iv interval);
INSERT INTO dt VALUES
  (1, '2001-02-16', '2001-02-16 20:38:40.5', '2001-02-16 20:38:40.5+00', '20:38:40.5', '1 year 2 mons 3 days 04:05:06.5'),
  (2, '0044-03-15 BC', '0044-03-15 12:00 BC', '2000-07-01 12:00+02', '00:00', '-1 day +02:03:04'),
  (3, 'infinity', '-infinity', 'infinity', '24:00', '-1 year -2 mons'),
  (4, NULL, NULL, NULL, NULL, NULL);

-- every DateStyle, with each field order
SET TIME ZONE 'America/New_York';
SET DateStyle = 'ISO, MDY';
SELECT id, d, ts, tz FROM dt ORDER BY id;
SET DateStyle = 'Postgres, MDY';
SHOW DateStyle;
SELECT id, d, ts, tz FROM dt ORDER BY id;
SET DateStyle = 'Postgres, DMY';
SELECT id, d, ts, tz FROM dt ORDER BY id;
SET DateStyle = 'SQL, DMY';
SELECT id, d, ts, tz FROM dt ORDER BY id;
SET DateStyle = 'SQL';
SHOW DateStyle;
SELECT id, d, ts, tz FROM dt ORDER BY id;
SET DateStyle = 'German';
SHOW DateStyle;
SELECT id, d, ts, tz FROM dt ORDER BY id;
SET DateStyle = 'European';
SHOW DateStyle;
SET DateStyle = 'ISO, YMD';
SELECT date '01-02-03', date '1999 Jan 08';
SET DateStyle = 'ISO, DMY';
SELECT date '01-02-03', date '1/8/1999', timestamp '8/1/1999 10:00';
SET DateStyle = 'ISO, MDY';
SELECT date '01-02-03', date '1/8/1999', timestamp '8/1/1999 10:00';
SET DateStyle = 'Postgres, ISO';
SET DateStyle = 'Nonsense';
SET DateStyle = 'ISO, DMY, MDY';
RESET DateStyle;
SHOW DateStyle;
-- a time needs a date when its zone has daylight-saving rules
SELECT '15:36:39 America/New_York'::time;
SELECT '15:36:39 UTC'::time;

-- every IntervalStyle
SET IntervalStyle = postgres_verbose;
SELECT id, iv FROM dt ORDER BY id;
SET IntervalStyle = sql_standard;
SELECT id, iv FROM dt ORDER BY id;
SELECT interval '1 year 2 mons', interval '-3 days -04:05:06', interval '0';
SET IntervalStyle = iso_8601;
SELECT id, iv FROM dt ORDER BY id;
SET IntervalStyle = Postgres;
SHOW IntervalStyle;
SET IntervalStyle = 'unknown';
RESET IntervalStyle;

-- time zones: names, abbreviations, offsets, POSIX rules
SET TIME ZONE 'UTC';
SELECT timestamp '2001-02-16 20:38:40' AT TIME ZONE 'America/New_York' AS ny,
       timestamptz '2001-02-16 20:38:40+00' AT TIME ZONE 'EST' AS est,
       timestamptz '2001-02-16 20:38:40+00' AT TIME ZONE '+05' AS posix_west,
       timestamptz '2001-02-16 20:38:40+00' AT TIME ZONE interval '05:30' AS east,
       timezone('Asia/Tokyo', timestamp '2001-02-16 20:38:40') AS tokyo;
SELECT timestamptz '2000-03-15 08:14:01 GMT+8', timestamptz '2000-03-15 02:14:05 MST+7:00';
SELECT timestamp '2001-02-16 20:38:40' AT TIME ZONE 'Mars/Olympus';
SET TIME ZONE 'FOO8BAR';
SHOW TIME ZONE;
SELECT timestamptz '2000-01-01 00:00+00', timestamptz '2000-07-01 00:00+00';
SET TIME ZONE -7;
SHOW TIME ZONE;
SELECT timestamptz '2000-01-01 00:00+00';
SET TIME ZONE '+02:00';
SELECT timestamptz '2000-01-01 00:00+00';
RESET TIME ZONE;

-- arithmetic: calendar months and days, across a daylight-saving change
SET TIME ZONE 'America/Los_Angeles';
SELECT timestamp '2001-01-31 10:00' + interval '1 month' AS clamped,
       date '2000-02-29' + interval '1 year' AS leap,
       date '2001-02-16' - interval '1 day 2 hours' AS date_minus,
       interval '2 days' + date '2001-02-16' AS commuted,
       7 + date '2001-02-16' AS int_plus_date;
SELECT timestamptz '2001-04-01 00:00' + interval '1 day' AS same_local_time,
       timestamptz '2001-04-01 00:00' + interval '24 hours' AS elapsed,
       timestamptz '2001-04-01 00:00' - interval '1 mon' AS month_back;
SELECT time '23:30' + interval '1 hour', time '01:00' - interval '2 hours', time '12:00' - time '10:30',
       date '2001-02-16' + time '10:00';
SELECT interval '1 day' * 1.5 AS mul, 0.5 * interval '1 mon' AS mul_left, interval '1 mon' / 7 AS div,
       interval '1 year' - interval '1 day' AS sub, - interval '1 day 2 hours' AS neg;
SELECT interval '1 day' / 0;
SELECT timestamp '2001-01-01' + interval '300000 years';
SELECT timestamp 'infinity' + interval '1 day', timestamp '2001-01-01' - timestamp '2000-01-01 12:00';

-- comparison: a month is 30 days
SELECT interval '1 mon' = interval '30 days' AS eq, interval '1 day' < interval '25 hours' AS lt,
       interval '-1 year' < interval '1 sec' AS neg_lt, time '10:00' > time '09:59:59.999999' AS gt;
SELECT id, iv FROM dt WHERE iv IS NOT NULL ORDER BY iv, id;
SELECT min(iv), max(iv), min(t), max(t) FROM dt;

-- justify and age
SELECT justify_hours(interval '1 day 49 hours'), justify_days(interval '1 year 65 days'),
       justify_interval(interval '1 mon -1 hour'), justify_interval(interval '-1 mon 1 hour');
SELECT age(timestamp '2001-04-10', timestamp '1957-06-13'), age(timestamp '1957-06-13', timestamp '2001-04-10'),
       age(timestamptz '2001-03-31 12:00', timestamptz '2001-02-28 13:00');

-- fields
SELECT f, pg_catalog.extract(f, timestamp '2020-05-26 13:30:25.575401') AS ts,
       date_part(f, timestamp '2020-05-26 13:30:25.575401') AS ts_float,
       pg_catalog.extract(f, timestamptz '2020-05-26 13:30:25.575401+03') AS tz,
       date_part(f, date '0044-03-15 BC') AS bc_date
  FROM (VALUES ('microseconds'), ('milliseconds'), ('second'), ('minute'), ('hour'), ('day'), ('week'),
               ('month'), ('quarter'), ('year'), ('decade'), ('century'), ('millennium'), ('julian'),
               ('isoyear'), ('dow'), ('isodow'), ('doy'), ('epoch')) AS u(f)
  ORDER BY f;
SELECT extract(second FROM time '13:30:25.5'), extract(epoch FROM time '01:00'),
       extract(epoch FROM interval '1 year 3 days 0.5 sec'), date_part('epoch', interval '1 mon'),
       extract(hour FROM interval '-26 hours'), extract(quarter FROM interval '7 mons');
SELECT extract(timezone FROM timestamptz '2001-07-01 00:00'), extract(timezone_hour FROM timestamptz '2001-07-01 00:00'),
       extract(timezone_minute FROM timestamptz '2001-07-01 00:00');
SELECT extract(day FROM date 'infinity'), date_part('year', timestamp 'infinity'), isfinite(date 'infinity'),
       isfinite(timestamp '2001-01-01'), isfinite(interval '1 day');
SELECT extract(fortnight FROM timestamp '2001-01-01');
SELECT extract(timezone FROM timestamp '2001-01-01');
SELECT extract(day FROM time '10:00');
SELECT date_part('hour', date '2001-02-03');

-- truncation
SELECT u, date_trunc(u, timestamp '2004-02-29 15:44:17.71393') AS ts,
       date_trunc(u, timestamptz '2004-02-29 15:44:17.71393') AS tz,
       date_trunc(u, interval '1234 years 5 mons 6 days 07:08:09.123456') AS iv
  FROM (VALUES (1, 'microseconds'), (2, 'milliseconds'), (3, 'second'), (4, 'minute'), (5, 'hour'), (6, 'day'),
               (7, 'month'), (8, 'quarter'), (9, 'year'), (10, 'decade'), (11, 'century'), (12, 'millennium')) AS v(k, u)
  ORDER BY k;
SELECT date_trunc('week', timestamp '2005-01-02'), date_trunc('week', timestamp '2008-12-30'),
       date_trunc('day', timestamptz '2001-02-16 20:38:40+00', 'Australia/Sydney'),
       date_trunc('century', timestamp '0055-08-10 BC'), date_trunc('decade', date '0002-01-01 BC');
SELECT date_trunc('week', interval '1 day');
SELECT date_trunc('epoch', timestamp '2001-01-01');

-- constructors
SELECT make_date(2013, 7, 15), make_date(-44, 3, 15), make_time(8, 20, 0.5),
       make_timestamp(2014, 12, 28, 6, 30, 45.887), make_timestamptz(1973, 7, 15, 8, 15, 55.33, '+2'),
       make_timestamptz(2014, 12, 10, 0, 0, 0, 'Europe/Prague') AT TIME ZONE 'UTC',
       make_interval(1, 2, 3, 4, 5, 6, 7.5);
SELECT make_date(2013, 2, 30);
SELECT make_date(0, 7, 15);
SELECT make_time(24, 0, 2.1);
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '+16');
SELECT make_timestamptz(2014, 12, 10, 10, 10, 10, '2');
SELECT to_timestamp(0), to_timestamp(1284352323.5), to_timestamp(-1e10), to_timestamp('Infinity'::float8);
SELECT to_timestamp('NaN'::float8);

-- OVERLAPS, with NULL endpoints deciding only where they matter
SELECT (date '2001-02-16', date '2001-12-21') OVERLAPS (date '2001-10-30', date '2002-10-30') AS d,
       (timestamp '2001-02-16', interval '100 days') OVERLAPS (timestamp '2001-10-30', interval '1 day') AS ts_len,
       (time '10:00', time '12:00') OVERLAPS (time '11:00', NULL::time) AS null_end,
       (time '10:00', time '12:00') OVERLAPS (time '13:00', NULL::time) AS undecided;

-- series and bins
SELECT * FROM generate_series(timestamp '2000-01-31', timestamp '2000-06-01', interval '1 month');
SELECT * FROM generate_series(timestamptz '2001-04-03', timestamptz '2001-03-30', interval '-1 day 12 hours');
SELECT * FROM generate_series(timestamp '2000-01-01', timestamp '2000-01-02', interval '0');
SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01') AS past_origin,
       date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2030-01-01 00:02') AS future_origin;
SELECT date_bin('1 month', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01');

-- fractional-second precision of columns and casts
CREATE TABLE dt_prec (ts timestamp(0), tz timestamptz(2), t time(1));
INSERT INTO dt_prec VALUES ('1997-02-10 17:32:01.5', '1969-12-31 23:59:59.995', '11:59:59.95'),
                           ('1960-02-10 17:32:01.5', '2001-01-01 00:00:00.004', '10:00:00.04');
SELECT * FROM dt_prec ORDER BY ts;
SELECT '1999-12-31 23:59:59.5'::timestamp(0), '1970-01-01 00:00:00.5'::timestamp(0), '10:00:00.55'::time(1);
SELECT t + time '00:01' FROM dt_prec;
DROP TABLE dt_prec;
DROP TABLE dt;
