"""SQLAlchemy's inspector and pandas' read_sql, read_sql_table and to_sql, as ORMs and
dataframe code use them: every call reads pg_catalog and information_schema. Each case
returns what the client saw so that run.py can compare it with PostgreSQL's answer."""

import decimal

import pandas
import psycopg2
import sqlalchemy


def check(got, want):
    assert got == want, "got %r, want %r" % (got, want)


def engine_for(conn):
    dsn = conn.dsn
    return sqlalchemy.create_engine("postgresql+psycopg2://", creator=lambda: psycopg2.connect(dsn))


def plain(v):
    """A value as a comparable plain one: types and defaults as their text."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in sorted(v.items())}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


SCHEMA_DDL = [
    "DROP SCHEMA IF EXISTS py_sqla CASCADE",
    "CREATE SCHEMA py_sqla",
    "CREATE TABLE py_sqla.parent (id integer PRIMARY KEY, name varchar(20) NOT NULL, note text DEFAULT 'n', score double precision)",
    "CREATE UNIQUE INDEX parent_name_key ON py_sqla.parent (name)",
    "CREATE TABLE py_sqla.child (id bigserial PRIMARY KEY, parent_id integer REFERENCES py_sqla.parent (id) ON DELETE CASCADE,"
    " qty numeric(8,2) NOT NULL DEFAULT 0, at timestamptz, tags text[], flag boolean)",
    "CREATE INDEX child_parent_idx ON py_sqla.child (parent_id, qty)",
    "CREATE VIEW py_sqla.parent_names AS SELECT id, name FROM py_sqla.parent",
    "CREATE TYPE py_sqla.mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE TABLE py_sqla.moods (id integer CONSTRAINT moods_id_positive CHECK (id > 0), mood py_sqla.mood)",
    "COMMENT ON TABLE py_sqla.moods IS 'how it went'",
    "CREATE SEQUENCE py_sqla.counter",
    "CREATE MATERIALIZED VIEW py_sqla.mood_counts AS SELECT mood, count(*) AS n FROM py_sqla.moods GROUP BY mood",
]


def case_sqlalchemy_inspector(conn):
    cur = conn.cursor()
    for sql in SCHEMA_DDL:
        cur.execute(sql)
    engine = engine_for(conn)
    try:
        insp = sqlalchemy.inspect(engine)
        schemas = insp.get_schema_names()
        assert "py_sqla" in schemas and "public" in schemas, schemas
        tables = sorted(insp.get_table_names(schema="py_sqla"))
        check(tables, ["child", "moods", "parent"])
        views = sorted(insp.get_view_names(schema="py_sqla"))
        check(views, ["mood_counts", "parent_names"])  # plain and materialized
        columns = insp.get_columns("child", schema="py_sqla")
        check([c["name"] for c in columns], ["id", "parent_id", "qty", "at", "tags", "flag"])
        check([c["nullable"] for c in columns], [False, True, False, True, True, True])
        pk = insp.get_pk_constraint("child", schema="py_sqla")
        check(pk["constrained_columns"], ["id"])
        fks = insp.get_foreign_keys("child", schema="py_sqla")
        check([(f["constrained_columns"], f["referred_table"], f["referred_columns"]) for f in fks],
              [(["parent_id"], "parent", ["id"])])
        indexes = sorted(insp.get_indexes("child", schema="py_sqla"), key=lambda i: i["name"])
        check([(i["name"], i["column_names"], i["unique"]) for i in indexes], [("child_parent_idx", ["parent_id", "qty"], False)])
        parent_ix = insp.get_indexes("parent", schema="py_sqla")
        check([(i["name"], i["column_names"], i["unique"]) for i in parent_ix], [("parent_name_key", ["name"], True)])
        view_cols = [c["name"] for c in insp.get_columns("parent_names", schema="py_sqla")]
        check(view_cols, ["id", "name"])
        return plain({
            "tables": tables,
            "views": views,
            "columns": {t: insp.get_columns(t, schema="py_sqla") for t in tables + views},
            "pk": {t: insp.get_pk_constraint(t, schema="py_sqla") for t in tables},
            "fks": {t: insp.get_foreign_keys(t, schema="py_sqla") for t in tables},
            "indexes": {t: sorted(insp.get_indexes(t, schema="py_sqla"), key=lambda i: i["name"]) for t in tables},
            "unique": {t: insp.get_unique_constraints(t, schema="py_sqla") for t in tables},
            "has_table": [insp.has_table("parent", schema="py_sqla"), insp.has_table("nosuch", schema="py_sqla")],
            "view_definition": insp.get_view_definition("parent_names", schema="py_sqla") is not None,
            "enums": insp.get_enums(schema="py_sqla"),
            "comment": insp.get_table_comment("moods", schema="py_sqla"),
            "checks": insp.get_check_constraints("moods", schema="py_sqla"),
            "sequences": insp.get_sequence_names(schema="py_sqla"),
            "matviews": insp.get_view_names(schema="py_sqla", include=("materialized",)),
        })
    finally:
        engine.dispose()
        cur.execute("DROP SCHEMA py_sqla CASCADE")


def case_pandas_to_sql_and_read_back(conn):
    cur = conn.cursor()
    cur.execute("DROP SCHEMA IF EXISTS py_pandas CASCADE")
    cur.execute("CREATE SCHEMA py_pandas")
    engine = engine_for(conn)
    try:
        frame = pandas.DataFrame(
            {"a": [1, 2, 3], "b": ["x", "y", None], "c": [1.5, None, -2.25],
             "d": pandas.to_datetime(["2024-01-01 10:00", "2024-02-29 00:00:01", None]),
             "e": [True, False, True]},
            index=pandas.Index([10, 11, 12], name="k"))
        check(frame.to_sql("frame", engine, schema="py_pandas", index=True), 3)
        # to_sql makes an index on the frame's index, named as SQLAlchemy names it.
        insp = sqlalchemy.inspect(engine)
        indexes = [(i["name"], i["column_names"]) for i in insp.get_indexes("frame", schema="py_pandas")]
        check(indexes, [("ix_py_pandas_frame_k", ["k"])])
        columns = [(c["name"], str(c["type"])) for c in insp.get_columns("frame", schema="py_pandas")]
        check([n for n, _ in columns], ["k", "a", "b", "c", "d", "e"])
        back = pandas.read_sql_table("frame", engine, schema="py_pandas", index_col="k")
        check(back["a"].tolist(), [1, 2, 3])
        check(back["b"].tolist(), ["x", "y", None])
        check(str(back["d"].iloc[1]), "2024-02-29 00:00:01")
        check(back.index.tolist(), [10, 11, 12])
        # appending and replacing go through has_table and DROP TABLE
        frame.iloc[:1].to_sql("frame", engine, schema="py_pandas", index=True, if_exists="append")
        queried = pandas.read_sql("SELECT k, a, b FROM py_pandas.frame ORDER BY k, a", engine)
        check(queried.values.tolist(), [[10, 1, "x"], [10, 1, "x"], [11, 2, "y"], [12, 3, None]])
        frame.to_sql("frame", engine, schema="py_pandas", index=True, if_exists="replace")
        params = pandas.read_sql("SELECT count(*) AS n FROM py_pandas.frame WHERE a > %(lo)s", engine, params={"lo": 1})
        check(params["n"].tolist(), [2])
        with engine.connect() as c:
            dec = pandas.read_sql(sqlalchemy.text("SELECT 1.25::numeric AS n, 'é'::text AS s"), c)
        check((dec["n"][0], dec["s"][0]), (decimal.Decimal("1.25"), "é"))
        return plain({"columns": columns, "indexes": indexes,
                      "read_back": back.reset_index().astype(object).where(back.reset_index().notna(), None).values.tolist(),
                      "queried": queried.astype(object).where(queried.notna(), None).values.tolist()})
    finally:
        engine.dispose()
        cur.execute("DROP SCHEMA py_pandas CASCADE")
