--
-- IN (subquery) where it is evaluated as a set (under OR, in the select list) for types
-- beyond numbers and text: oid, "char", time, interval, uuid, bytea and arrays.
--
create table q1(k int, a oid, c "char", t time, i interval, u uuid, y bytea, ia int[]);
insert into q1 values (1, 1, 'a', '10:00', '1 day', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x01', '{1}'),
 (2, 2, 'b', '11:00', '2 days', 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x02', '{2}'), (3, null, null, null, null, null, null, null);
create table q2(a oid, c "char", t time, i interval, u uuid, y bytea, ia int[]);
insert into q2 values (1, 'a', '10:00', '1 day', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x01', '{1}');
select k from q1 where a in (select a from q2) or k = 3 order by 1;
select k from q1 where c in (select c from q2) or k = 3 order by 1;
select k from q1 where t in (select t from q2) or k = 3 order by 1;
select k from q1 where i in (select i from q2) or k = 3 order by 1;
select k from q1 where u in (select u from q2) or k = 3 order by 1;
select k from q1 where y in (select y from q2) or k = 3 order by 1;
select k from q1 where ia in (select ia from q2) or k = 3 order by 1;
select k, a not in (select a from q2), u in (select u from q2), i in (select i from q2) from q1 order by 1;
drop table q1, q2;
