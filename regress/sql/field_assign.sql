-- Assignment to fields of composite columns, of their array elements and of nested records
-- (INSERT column lists and UPDATE SET targets such as c.a, cs[2].b, n.ps[1].b).
create type fpair as (a int, b text);
create type fnest as (p fpair, ps fpair[], n int);
create table fa (id int, c fpair, cs fpair[], n fnest, i int, j jsonb);
insert into fa (id, c.a) values (1, 10);
insert into fa (id, c.a, c.b) values (2, 20, 'x');
insert into fa (id, cs[2].b, cs[1].a) values (3, 'y', 5);
insert into fa (id, n.p.a, n.ps[1].b, n.n) values (4, 7, 'z', 9);
select * from fa order by id;
update fa set c.b = 'upd', n.p.b = 'nb' where id = 1;
update fa set cs[1].b = 'q', cs[3] = row(1,'w') where id = 3;
update fa set c = row(0, 'zero'), c.a = 1 where id = 2;
select * from fa order by id;
update fa set i.x = 1;
update fa set c.zz = 1;
update fa set c.a = 'notint';
update fa set i[1] = 1;
update fa set c.a = 1, c.a = 2 where id = 1;
update fa set c.a = c.a + 1 where id = 1 returning c;
insert into fa (id, c.a) values (5, 'x');
-- an array of a table's row type, as in PostgreSQL's arrays test
CREATE TEMP TABLE fa_rows (f1 fa[]);
INSERT INTO fa_rows (f1[5].id) VALUES (42);
UPDATE fa_rows SET f1[5].c.b = 'deep';
SELECT * FROM fa_rows;
DROP TABLE fa_rows;
drop table fa;
drop type fnest;
drop type fpair;
