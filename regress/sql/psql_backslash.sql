--
-- psql's describe and list commands over one set of objects: tables with keys, defaults,
-- CHECK constraints, a jsonb column, comments and a foreign key, an index, a view, a materialized view, sequences, an enum,
-- a schema, a role with privileges, an extension and the database itself. The + forms
-- print a Size, which cannot match PostgreSQL's heap pages byte for byte: the runner masks
-- that column (and only it) in both outputs.
--
-- mask column: Size in List of relations
-- mask column: Size in List of databases
CREATE SCHEMA bs;
CREATE TABLE bs.items (
    id integer PRIMARY KEY,
    name text NOT NULL DEFAULT 'x',
    code varchar(10) DEFAULT 'none',
    price numeric(10,2) DEFAULT 0,
    added date DEFAULT '2024-01-01',
    at timestamptz DEFAULT now(),
    meta jsonb DEFAULT '{}',
    CHECK (name <> '' AND code <> 'bad')
);
CREATE INDEX items_name_idx ON bs.items (name);
CREATE UNIQUE INDEX items_code_idx ON bs.items (code);
CREATE TABLE bs.orders (id serial PRIMARY KEY, item_id int REFERENCES bs.items (id), qty int CHECK (qty > 0));
COMMENT ON TABLE bs.items IS 'things sold';
COMMENT ON COLUMN bs.items.name IS 'display name';
INSERT INTO bs.items VALUES (1, 'pen', 'P1', 1.50), (2, 'ink', 'I1', 3.25);
INSERT INTO bs.orders (item_id, qty) VALUES (1, 2), (1, 3), (2, 1);
CREATE VIEW bs.item_names AS SELECT id, name FROM bs.items;
CREATE MATERIALIZED VIEW bs.item_totals AS SELECT item_id, sum(qty) AS total FROM bs.orders GROUP BY item_id;
CREATE UNIQUE INDEX item_totals_item ON bs.item_totals (item_id);
CREATE VIEW bs.order_lines AS SELECT o.id, i.name, o.qty * i.price AS amount,
  CASE WHEN o.qty > 2 THEN 'bulk' ELSE 'single' END AS kind
  FROM bs.orders o JOIN bs.items i ON i.id = o.item_id WHERE i.name <> 'none' AND o.qty BETWEEN 1 AND 10;
CREATE VIEW bs.item_codes AS SELECT * FROM bs.items WHERE code IN ('P1', 'I1') UNION ALL
  SELECT * FROM bs.items WHERE added > '2024-1-2';
CREATE MATERIALIZED VIEW bs.big_items AS SELECT id, upper(name) AS uname, price::int AS whole
  FROM bs.items WHERE price > 2 ORDER BY id;
CREATE SEQUENCE bs.counter START 5;
CREATE TYPE bs.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON MATERIALIZED VIEW bs.item_totals IS 'quantities per item';
COMMENT ON TYPE bs.mood IS 'how it went';
CREATE DOMAIN bs.positive AS int CHECK (VALUE > 0);
COMMENT ON DOMAIN bs.positive IS 'more than nothing';
COMMENT ON DOMAIN bs.mood IS 'not a domain';
CREATE ROLE regress_bs_reader;
GRANT USAGE ON SCHEMA bs TO regress_bs_reader;
GRANT SELECT ON bs.items TO regress_bs_reader;
GRANT SELECT, INSERT ON bs.orders TO regress_bs_reader;
-- pgfast has file_fdw built in; PostgreSQL gets it here and loses it at the end
SELECT NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'file_fdw') AS need_fdw \gset
\if :need_fdw
CREATE EXTENSION file_fdw SCHEMA pg_catalog;
\endif
SET search_path = bs, public;
\d
\d items
\d+ items
\d orders
\d+ orders
\d item_names
\d item_totals
\d+ item_names
\d+ item_totals
\d+ order_lines
\d+ item_codes
\d+ big_items
\d counter
\d orders_id_seq
\d items_name_idx
\d items_pkey
\dt
\dt+
\dv
\dv+
\dm
\dm+
SELECT obj_description('bs.item_totals'::regclass, 'pg_class');
\di
\di+
\ds
\ds+
\dn bs
\dn+ bs
\df abs
\df pg_catalog.now
CREATE FUNCTION bs.item_name(i int) RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM bs.items WHERE id = i $$;
CREATE FUNCTION bs.priced(min_price numeric DEFAULT 0) RETURNS TABLE(id int, name text) LANGUAGE sql
  AS $$ SELECT id, name FROM bs.items WHERE price >= min_price $$;
CREATE FUNCTION bs.twice(x int) RETURNS int LANGUAGE sql IMMUTABLE STRICT RETURN x * 2;
CREATE PROCEDURE bs.touch(i int) LANGUAGE sql AS $$ UPDATE bs.items SET price = price WHERE id = i $$;
COMMENT ON FUNCTION bs.twice(int) IS 'doubles';
\df
\df bs.*
\df+ twice
\dfp
\sf item_name
\sf+ bs.twice
\dT bs.*
\dT+ mood
\dD bs.*
SELECT obj_description('bs.mood'::regtype, 'pg_type'), obj_description('bs.positive'::regtype, 'pg_type');
\dx file_fdw
\l regression
\l+ regression
\du regress_*
\dp bs.*
\dp items
\z orders
SELECT * FROM item_totals ORDER BY item_id;
INSERT INTO orders (item_id, qty) VALUES (2, 4);
REFRESH MATERIALIZED VIEW item_totals;
SELECT * FROM item_totals ORDER BY item_id;
SELECT schemaname, matviewname, matviewowner, hasindexes, ispopulated FROM pg_matviews ORDER BY matviewname;
SELECT schemaname, viewname, viewowner FROM pg_views WHERE schemaname = 'bs' ORDER BY viewname;
RESET search_path;
\d+ bs.order_lines
SELECT definition FROM pg_matviews WHERE matviewname = 'big_items';
DROP VIEW bs.order_lines, bs.item_codes;
DROP MATERIALIZED VIEW bs.big_items;
REVOKE ALL ON bs.items FROM regress_bs_reader;
REVOKE ALL ON bs.orders FROM regress_bs_reader;
REVOKE ALL ON SCHEMA bs FROM regress_bs_reader;
DROP ROLE regress_bs_reader;
DROP SCHEMA bs CASCADE;
\if :need_fdw
DROP EXTENSION file_fdw;
\endif
\dn bs
