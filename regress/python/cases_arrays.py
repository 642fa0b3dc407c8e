"""psycopg2 and arrays: Python lists become ARRAY[...] parameters, array results become lists."""

import datetime
import decimal


def roundtrip(conn, sql_type, value):
    cur = conn.cursor()
    cur.execute("SELECT %s::" + sql_type, (value,))
    return cur.fetchone()[0]


def check(got, want):
    assert got == want, "got %r, want %r" % (got, want)


def case_int_list(conn):
    check(roundtrip(conn, "int[]", [1, -2, 2147483647]), [1, -2, 2147483647])


def case_nested_list(conn):
    check(roundtrip(conn, "int[]", [[1, 2, 3], [4, 5, 6]]), [[1, 2, 3], [4, 5, 6]])


def case_empty_list(conn):
    check(roundtrip(conn, "int[]", []), [])


def case_text_list_with_nulls(conn):
    value = ["a", None, "b c", "", "NULL", 'x"y\\', "{,}"]
    check(roundtrip(conn, "text[]", value), value)


def case_float_and_numeric_lists(conn):
    check(roundtrip(conn, "float8[]", [1.5, -0.25, 1e300]), [1.5, -0.25, 1e300])
    check(roundtrip(conn, "numeric[]", [decimal.Decimal("1.50"), decimal.Decimal("-2")]),
          [decimal.Decimal("1.50"), decimal.Decimal("-2")])


def case_date_list(conn):
    value = [datetime.date(2024, 2, 29), datetime.date(1999, 12, 31)]
    check(roundtrip(conn, "date[]", value), value)


def case_table_columns(conn):
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS py_arrays")
    cur.execute("CREATE TABLE py_arrays (id int, i int[], t text[], m int[])")
    rows = [(1, [1, 2, 3], ["x", None], [[1, 2], [3, 4]]), (2, [], [], None), (3, None, ["only"], [[5]])]
    cur.executemany("INSERT INTO py_arrays VALUES (%s, %s, %s, %s)", rows)
    cur.execute("SELECT id, i, t, m FROM py_arrays ORDER BY id")
    check([tuple(r) for r in cur.fetchall()], rows)
    cur.execute("SELECT id FROM py_arrays WHERE %s = ANY (i) ORDER BY id", (2,))
    check(cur.fetchall(), [(1,)])
    cur.execute("SELECT array_agg(id ORDER BY id DESC) FROM py_arrays")
    check(cur.fetchone()[0], [3, 2, 1])
    cur.execute("DROP TABLE py_arrays")


def case_malformed_literal(conn):
    import psycopg2
    cur = conn.cursor()
    try:
        cur.execute("SELECT '{1,2'::int[]")
    except psycopg2.Error as e:
        check(e.pgcode, "22P02")
        check(e.diag.message_detail, "Unexpected end of input.")
    else:
        raise AssertionError("malformed array literal accepted")
    cur.execute("SELECT 1")
    check(cur.fetchone()[0], 1)
