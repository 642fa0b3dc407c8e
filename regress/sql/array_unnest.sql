--
-- UNNEST: arrays as rows, in the SELECT list and in FROM (several arrays, ROWS FROM,
-- WITH ORDINALITY, LATERAL).
--
select unnest(array[1,2,3]);
select * from unnest(array[1,2,3]);
select unnest(array[1,2,3,4.5]::float8[]);
select unnest(array[1,2,3,null,4,null,null,5,6]::text[]);
select abs(unnest(array[1,2,null,-3]));
select unnest(array[1,2]), unnest(array['a','b','c']);
select unnest(a), a from (values ('{1,2}'::int[]), (NULL), ('{}'), ('{{3,4},{5,6}}')) v(a);
select * from unnest(array['a','b']) with ordinality as t;
select * from unnest(array[1,2], array['a','b','c']) as x;
select * from rows from (unnest(array[1,2]), generate_series(5,7)) with ordinality;
select * from unnest(array[1,2], array['a']) with ordinality t(a,b,c);
select * from unnest(array[1,2], array['a']) t(a);
select x.* from unnest(array[1,2]) x;
select t.id, u.* from (values (1, '{a,b}'::text[]), (2, '{c}')) t(id, arr), unnest(t.arr) with ordinality u(v, n);
select unnest(array(select '11 22 33'::int2vector from generate_series(1,5)));
select pg_typeof(unnest(array['11 22 33'::int2vector]));
select unnest('11 22 33'::int2vector);
select pg_typeof(unnest('11 22 33'::oidvector));
select unnest(array[1,2]) + unnest(array[10,20,30]);
