"""The SQL that dbt-postgres, Superset and Grafana send on connect, schema sync and model
builds, replayed over psycopg2 as those tools send it (dbt's macros run inside
transactions). Each case returns the rows the tool would read so that run.py can compare
them with PostgreSQL's."""


def check(got, want):
    assert got == want, "got %r, want %r" % (got, want)


def fetch(cur, sql, params=None):
    cur.execute(sql, params)
    return [tuple(r) for r in cur.fetchall()] if cur.description else None


# postgres__list_relations_without_caching
LIST_RELATIONS = """
select '%(db)s' as database, tablename as name, schemaname as schema, 'table' as type
from pg_tables where schemaname ilike '%(schema)s'
union all
select '%(db)s' as database, viewname as name, schemaname as schema, 'view' as type
from pg_views where schemaname ilike '%(schema)s'
union all
select '%(db)s' as database, matviewname as name, schemaname as schema, 'materialized_view' as type
from pg_matviews where schemaname ilike '%(schema)s'
"""

# postgres__get_columns_in_relation
COLUMNS_IN_RELATION = """
select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
from "%(db)s".information_schema."columns"
where table_name = '%(table)s' and table_schema = '%(schema)s'
order by ordinal_position
"""

# postgres__get_relations: which views read which relations (dbt names them the other way)
RELATION_DEPENDENCIES = """
with relation as (
    select pg_rewrite.ev_class as class, pg_rewrite.oid as id from pg_rewrite
),
class as (
    select oid as id, relname as name, relnamespace as schema, relkind as kind from pg_class
),
dependency as (
    select distinct pg_depend.objid as id, pg_depend.refobjid as ref from pg_depend
),
schema as (
    select pg_namespace.oid as id, pg_namespace.nspname as name from pg_namespace
    where nspname != 'information_schema' and nspname not like 'pg\\_%%'
),
referenced as (
    select relation.id AS id, referenced_class.name, referenced_class.schema, referenced_class.kind
    from relation join class as referenced_class on relation.class = referenced_class.id
    where referenced_class.kind in ('r', 'v', 'm')
),
relationships as (
    select referenced.name as referenced_name, referenced.schema as referenced_schema_id,
        dependent_class.name as dependent_name, dependent_class.schema as dependent_schema_id,
        referenced.kind as kind
    from referenced
    join dependency on referenced.id = dependency.id
    join class as dependent_class on dependency.ref = dependent_class.id
    where (referenced.name != dependent_class.name or referenced.schema != dependent_class.schema)
)
select referenced_schema.name as referenced_schema, relationships.referenced_name as referenced_name,
    dependent_schema.name as dependent_schema, relationships.dependent_name as dependent_name
from relationships
join schema as dependent_schema on relationships.dependent_schema_id = dependent_schema.id
join schema as referenced_schema on relationships.referenced_schema_id = referenced_schema.id
where referenced_schema.name = 'py_dbt'
group by referenced_schema, referenced_name, dependent_schema, dependent_name
order by referenced_schema, referenced_name, dependent_schema, dependent_name
"""


def case_dbt_model_build(conn):
    cur = conn.cursor()
    db = fetch(cur, "select current_database()")[0][0]
    out = {}
    cur.execute('drop schema if exists "py_dbt" cascade')
    conn.autocommit = False
    try:
        # connect, then check and create the target schema
        out["schemas_before"] = fetch(cur, "select count(*) from pg_namespace where nspname = 'py_dbt'")
        cur.execute('create schema if not exists "py_dbt"')
        conn.commit()
        out["list_schemas"] = "py_dbt" in [r[0] for r in fetch(cur, "select distinct nspname from pg_namespace")]
        # a seed, then a table model and a view model built the way dbt builds them
        cur.execute('create table "%s"."py_dbt"."raw_orders" (id integer, customer text, amount numeric(10,2), placed date)' % db)
        cur.execute("insert into \"%s\".\"py_dbt\".\"raw_orders\" (id, customer, amount, placed) values "
                    "(%%s, %%s, %%s, %%s), (%%s, %%s, %%s, %%s), (%%s, %%s, %%s, %%s)" % db,
                    (1, "ann", "10.50", "2024-01-02", 2, "bob", "3.25", "2024-01-03", 3, "ann", "7.00", "2024-02-01"))
        conn.commit()
        for run in range(2):
            # table materialization: build __dbt_tmp, move the old one aside, swap, drop backup
            cur.execute('create  table "%s"."py_dbt"."customers__dbt_tmp" as ('
                        ' select customer, count(*) as orders, sum(amount) as total from "%s"."py_dbt"."raw_orders" group by customer );' % (db, db))
            out["tmp_columns_%d" % run] = fetch(cur, COLUMNS_IN_RELATION % {"db": db, "table": "customers__dbt_tmp", "schema": "py_dbt"})
            if run > 0:
                cur.execute('alter table "%s"."py_dbt"."customers" rename to "customers__dbt_backup"' % db)
            cur.execute('alter table "%s"."py_dbt"."customers__dbt_tmp" rename to "customers"' % db)
            cur.execute('drop table if exists "%s"."py_dbt"."customers__dbt_backup" cascade' % db)
            conn.commit()
            # view materialization
            cur.execute('create view "%s"."py_dbt"."big_customers__dbt_tmp" as ('
                        ' select customer, total from "%s"."py_dbt"."customers" where total > 10 );' % (db, db))
            # dbt renames the old view only if its relation cache says it exists: dropping
            # the table's backup above dropped it (the view read the renamed table).
            existing = [r[1] for r in fetch(cur, LIST_RELATIONS % {"db": db, "schema": "py_dbt"})]
            out["views_before_%d" % run] = [(n,) for n in sorted(existing)]
            if "big_customers" in existing:
                cur.execute('alter table "%s"."py_dbt"."big_customers" rename to "big_customers__dbt_backup"' % db)
            cur.execute('alter table "%s"."py_dbt"."big_customers__dbt_tmp" rename to "big_customers"' % db)
            cur.execute('drop view if exists "%s"."py_dbt"."big_customers__dbt_backup" cascade' % db)
            conn.commit()
            out["relations_%d" % run] = sorted(fetch(cur, LIST_RELATIONS % {"db": db, "schema": "py_dbt"}))
            conn.commit()
        out["view_rows"] = fetch(cur, 'select customer, total from "py_dbt"."big_customers" order by 1')
        out["columns"] = fetch(cur, COLUMNS_IN_RELATION % {"db": db, "table": "customers", "schema": "py_dbt"})
        out["dependencies"] = fetch(cur, RELATION_DEPENDENCIES)
        check([r[0] for r in out["view_rows"]], ["ann"])
        # dropping the table a view reads needs CASCADE, and takes the view with it
        cur.execute('drop table if exists "%s"."py_dbt"."customers" cascade' % db)
        out["after_cascade"] = sorted(fetch(cur, LIST_RELATIONS % {"db": db, "schema": "py_dbt"}))
        conn.rollback()
        out["after_rollback"] = sorted(fetch(cur, LIST_RELATIONS % {"db": db, "schema": "py_dbt"}))
        conn.commit()
        check(len(out["after_rollback"]), 3)
        check(len(out["after_cascade"]), 1)
        # the database's name is the server's own (PostgreSQL's reference may differ)
        return {k: [[str(x).replace(db, "<db>") for x in r] for r in v] if isinstance(v, list) else v
                for k, v in out.items()}
    finally:
        conn.rollback()
        conn.autocommit = True
        cur.execute('drop schema if exists "py_dbt" cascade')


def case_superset_and_grafana_sync(conn):
    cur = conn.cursor()
    cur.execute("drop schema if exists py_bi cascade")
    cur.execute("create schema py_bi")
    cur.execute("create table py_bi.metrics (time timestamptz, host text, value double precision)")
    cur.execute("create table public.py_bi_events (id int, at timestamptz)")
    try:
        out = {}
        # Superset's connection test and its dialect's first statements
        out["isolation"] = fetch(cur, "show transaction isolation level")
        out["scs"] = fetch(cur, "show standard_conforming_strings")
        out["schema"] = fetch(cur, "select current_schema()")
        out["version_ok"] = fetch(cur, "select version()")[0][0].startswith("PostgreSQL 15")
        # Grafana's PostgreSQL data source: version, TimescaleDB, tables on the search path, columns
        out["version_num"] = fetch(cur, "SELECT current_setting('server_version_num')::int/100")
        out["timescale"] = fetch(cur, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
        out["tables"] = sorted(fetch(cur, """
            select quote_ident(table_name) as "table" from information_schema.tables
            where quote_ident(table_schema) not in ('information_schema', 'pg_catalog', '_timescaledb_cache',
                '_timescaledb_catalog', '_timescaledb_internal', '_timescaledb_config', 'timescaledb_information',
                'timescaledb_experimental')
              and table_type = 'BASE TABLE' and table_name like 'py_bi%%'
              and quote_ident(table_schema) IN (
                select CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
                from generate_series(array_lower(string_to_array(current_setting('search_path'), ','), 1),
                                     array_upper(string_to_array(current_setting('search_path'), ','), 1)) as i,
                     string_to_array(current_setting('search_path'), ',') s)"""))
        out["columns"] = fetch(cur, """
            select quote_ident(column_name) as "column", data_type as "type" from information_schema.columns
            where quote_ident(table_schema) = 'py_bi' and quote_ident(table_name) = 'metrics' order by ordinal_position""")
        out["time_columns"] = fetch(cur, """
            select quote_ident(column_name) from information_schema.columns
            where table_schema = 'py_bi' and table_name = 'metrics'
              and data_type in ('timestamp without time zone', 'timestamp with time zone', 'date')""")
        check(out["tables"], [("py_bi_events",)])
        check(out["columns"], [('"time"', "timestamp with time zone"), ("host", "text"), ("value", "double precision")])
        return {k: [list(map(str, r)) for r in v] if isinstance(v, list) else v for k, v in out.items()}
    finally:
        cur.execute("drop schema py_bi cascade")
        cur.execute("drop table public.py_bi_events")
