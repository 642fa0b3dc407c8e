"""ODBC catalog calls through psqlODBC (Debian's odbc-postgresql) and pyodbc, as BI tools
and spreadsheets connected over ODBC make them: SQLTables, SQLColumns, SQLPrimaryKeys,
SQLStatistics and SQLForeignKeys, then a parameterized query. Each case returns the rows
the driver gave so that run.py can compare them with PostgreSQL's."""

import pyodbc


def check(got, want):
    assert got == want, "got %r, want %r" % (got, want)


def odbc_connect(conn):
    p = conn.get_dsn_parameters()
    return pyodbc.connect(
        "DRIVER={PostgreSQL Unicode};SERVER=%s;PORT=%s;DATABASE=%s;UID=%s;SSLmode=disable"
        % (p.get("host", "127.0.0.1"), p.get("port", "5432"), p["dbname"], p["user"]),
        autocommit=True)


def rows(cursor, *fields):
    return [tuple(getattr(r, f) for f in fields) for r in cursor]


def case_odbc_catalog_calls(conn):
    cur = conn.cursor()
    cur.execute("DROP SCHEMA IF EXISTS py_odbc CASCADE")
    cur.execute("CREATE SCHEMA py_odbc")
    cur.execute("CREATE TABLE py_odbc.items (id integer PRIMARY KEY, name varchar(30) NOT NULL, price numeric(10,2),"
                " added date DEFAULT '2024-01-01', note text)")
    cur.execute("CREATE TABLE py_odbc.sales (id bigint, item_id integer REFERENCES py_odbc.items (id), qty smallint,"
                " PRIMARY KEY (id, item_id))")
    cur.execute("CREATE UNIQUE INDEX items_name_idx ON py_odbc.items (name)")
    cur.execute("CREATE INDEX sales_qty_idx ON py_odbc.sales (qty)")
    cur.execute("CREATE VIEW py_odbc.cheap AS SELECT id, name FROM py_odbc.items WHERE price < 10")
    cur.execute("INSERT INTO py_odbc.items VALUES (1, 'pen', 1.50, '2024-03-01', NULL), (2, 'ink', 12.00, DEFAULT, 'blue')")
    odbc = odbc_connect(conn)
    try:
        c = odbc.cursor()
        tables = sorted(rows(c.tables(schema="py_odbc"), "table_schem", "table_name", "table_type"))
        check(tables, [("py_odbc", "cheap", "VIEW"), ("py_odbc", "items", "TABLE"), ("py_odbc", "sales", "TABLE")])
        columns = rows(c.columns(table="items", schema="py_odbc"),
                       "column_name", "data_type", "type_name", "column_size", "decimal_digits", "nullable", "column_def",
                       "ordinal_position", "is_nullable")
        check([col[0] for col in columns], ["id", "name", "price", "added", "note"])
        check([col[5] for col in columns], [0, 0, 1, 1, 1])
        pks = rows(c.primaryKeys("sales", schema="py_odbc"), "column_name", "key_seq", "pk_name")
        check(pks, [("id", 1, "sales_pkey"), ("item_id", 2, "sales_pkey")])
        stats = [r for r in rows(c.statistics("items", schema="py_odbc"), "index_name", "non_unique", "column_name",
                                 "ordinal_position", "type") if r[0] is not None]
        check(sorted((r[0], r[2]) for r in stats), [("items_name_idx", "name"), ("items_pkey", "id")])
        fks = rows(c.foreignKeys(foreignTable="sales", foreignSchema="py_odbc"),
                   "pktable_name", "pkcolumn_name", "fktable_name", "fkcolumn_name", "key_seq", "fk_name")
        check(fks, [("items", "id", "sales", "item_id", 1, "sales_item_id_fkey")])
        c.execute("SELECT id, name, price, added FROM py_odbc.items WHERE price > ? ORDER BY id", 1)
        data = [(r[0], r[1], str(r[2]), str(r[3])) for r in c.fetchall()]
        check(data, [(1, "pen", "1.50", "2024-03-01"), (2, "ink", "12.00", "2024-01-01")])
        return {"tables": tables, "columns": columns, "primary_keys": pks, "statistics": sorted(stats),
                "foreign_keys": fks, "data": data}
    finally:
        odbc.close()
        cur.execute("DROP SCHEMA py_odbc CASCADE")
