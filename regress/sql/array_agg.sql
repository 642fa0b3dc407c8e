--
-- ARRAY AGGREGATION AND HASHING: arrays as GROUP BY, DISTINCT, set operation, join and IN
-- keys; array_agg of values and of arrays; ORDER BY, DISTINCT and FILTER inside aggregates.
--
create table ha (id int, a int[], n numeric[], t text[]);
insert into ha values (1, '{1,2}', '{1.0}', '{a}'), (2, '{1,2}', '{1.00}', '{a}'), (3, '[0:1]={1,2}', '{1}', '{a,NULL}'), (4, NULL, NULL, NULL), (5, '{}', '{}', '{}'), (6, '{1,NULL}', '{NaN}', '{a,NULL}'), (7, '{1,NULL}', '{NaN}', '{"a b"}'), (8, '{{1,2}}', '{2}', NULL);
select a, count(*) from ha group by a order by a;
select n, count(*) from ha group by n order by n;
select distinct t from ha order by t;
select a from ha union select array[9] order by 1;
select a from ha intersect select '{1,2}'::int[];
select x.id, y.id from ha x join ha y on x.a = y.a where x.id < y.id order by 1, 2;
select id from ha where a in (select a from ha where id in (1, 6)) order by id;
select id from ha where a not in (select a from ha where id = 3) order by id;
select id, a from ha order by a desc nulls last, id;
select array_agg(id order by id) from ha;
select count(distinct a) from ha;
drop table ha;
create table ag (g int, x int, s text, a int[]);
insert into ag values (1, 3, 'c', '{1,2}'), (1, 1, 'a', '{3,4}'), (2, NULL, 'b', '{5,6}'), (1, 2, NULL, '{7,8}'), (2, 5, 'e', NULL), (3, 9, 'z', '{9,9}');
select g, array_agg(x) from ag group by g order by g;
select g, array_agg(x order by x) , array_agg(x order by x desc), array_agg(x order by x desc nulls last) from ag group by g order by g;
select g, array_agg(s order by x desc), string_agg(s, ',' order by s desc), string_agg(s, '-' order by x) from ag group by g order by g;
select array_agg(distinct x order by x desc) from ag;
select array_agg(distinct g) from ag;
select array_agg(x) filter (where x > 1) from ag;
select g, array_agg(a order by x) from ag where a is not null group by g order by g;
select array_agg(a) from ag;
select array_agg(x) from ag where false;
select array_agg(distinct x order by s) from ag;
select sum(x order by s), count(*), max(x order by x) from ag;
select array_agg(ar) from (values ('{1,2}'::int[]), ('{3,4}'::int[])) v(ar);
select array_agg(distinct ar order by ar desc) from (select array[i / 2] from generate_series(1,10) a(i)) b(ar);
select array_agg(ar) from (select array_agg(array[i, i+1, i-1]) from generate_series(1,2) a(i)) b(ar);
select array_agg(array[i+1.2, i+1.3, i+1.4]) from generate_series(1,3) g(i);
select array_agg(array['Hello', i::text]) from generate_series(9,11) g(i);
select array_agg(array[i, nullif(i, 3), i+1]) from generate_series(1,4) g(i);
select array_agg('{}'::int[]) from generate_series(1,2);
select array_agg(null::int[]) from generate_series(1,2);
select array_agg(ar) from (values ('{1,2}'::int[]), ('{3}'::int[])) v(ar);
select array_agg(x) || array_agg(x) from ag;
select array(select array[i,i/2] from generate_series(1,5) i);
select max(f1), min(f1) from (values ('{1,2,3,4}'::int[]), ('{1,2,3}'), ('{}')) v(f1);
drop table ag;
