--
-- to_char of timestamp and timestamptz: every template keyword, FM and TH, quoted text, the
-- session's time zone for timestamptz.
--
set timezone = 'America/New_York';
select to_char(t, 'YYYY-MM-DD HH24:MI:SS'), to_char(t, 'Day DD Month YYYY'), to_char(t, 'FMDay FMDD FMMonth'),
  to_char(t, 'HH12:MI AM pm a.m.'), to_char(t, 'DDD D ID W WW IW Q J'), to_char(t, 'IYYY IYY IY I CC Y,YYY YYY YY Y'),
  to_char(t, 'Mon mon MON DY dy Dy'), to_char(t, 'MS US SSSS'), to_char(t, 'DDth FMDDTH "Quarter" Q \\"x'), to_char(t, 'RM rm'),
  to_char(t, 'AD bc')
from (values ('2024-01-02 03:04:05.678901'::timestamp), ('1999-12-31 23:59:59'::timestamp), ('2023-11-13 12:00:00'::timestamp), ('1960-03-01 00:00:00'::timestamp)) v(t);
select to_char(t, 'YYYY-MM-DD HH24:MI:SS TZ tz OF TZH:TZM'), to_char(t, 'HH:MI:SS PM')
from (values ('2024-01-02 03:04:05+00'::timestamptz), ('2024-07-04 18:30:00+00'::timestamptz)) v(t);
select to_char(now(), 'YYYY') = extract(year from now())::text;
select to_char(null::timestamp, 'YYYY'), to_char('2024-01-01'::timestamp, null);
select to_char('2024-01-01'::date, 'YYYY-MM-DD');
select to_char(t, 'yyyy-mm-dd hh24:mi:ss.ms'), to_char(t, 'FMYYYY FMMM FMHH24 FMMI'), to_char(t, 'Today is Day!'),
  to_char(t, 'YYYY"年"MM"月"'), to_char(t, 'TZ OF|'), to_char(t, 'FMDDth FMMMth hh12th'), to_char(t, 'SSSSS'), to_char(t, 'IDDD iw'),
  to_char(t, 'Y,YYY'), to_char(t, 'FXYYYY'), to_char(t, 'HH:MI:SS P.M.'), to_char(t, '')
from (values ('2024-01-02 03:04:05.678901'::timestamp), ('2021-01-03 15:04:05'::timestamp), ('2020-12-31 00:00:00'::timestamp)) v(t);
reset timezone;
