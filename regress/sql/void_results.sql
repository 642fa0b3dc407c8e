--
-- Functions returning void give a value, not NULL: an empty string in text output and
-- COPY, IS NULL false, and a cast to text by its output function.
--
copy (select pg_sleep(0), 1) to stdout;
copy (select pg_sleep(0), 1) to stdout (format csv);
select x is null, x is not null, count(x), count(*) from (select pg_sleep(0) as x) s group by 1, 2;
select pg_sleep(0)::text = '' as empty_text;
select coalesce(pg_sleep(0)::text, 'null');
select array_agg(pg_sleep(0)) is null;
select row(pg_sleep(0));
select pg_typeof(pg_sleep(0)), pg_sleep(0) is null as sleep_null, pg_notify('void_results', 'x') is not null as notify_value;
create table void_results (a text); insert into void_results select pg_sleep(0); select a = '' as empty, a is null from void_results; drop table void_results;
