"""psycopg2's named (server-side) cursors: DECLARE, FETCH FORWARD in itersize batches, CLOSE."""


def check(got, want):
    assert got == want, "got %r, want %r" % (got, want)


def case_named_cursor_iterates_in_batches(conn):
    conn.autocommit = False  # named cursors need a transaction block
    cur = conn.cursor("pgfast_named")
    cur.itersize = 7
    cur.execute("SELECT g, 'row ' || g FROM generate_series(1, 50) g ORDER BY g")
    rows = list(cur)
    check(len(rows), 50)
    check(rows[0], (1, "row 1"))
    check(rows[-1], (50, "row 50"))
    check(cur.description[0].name, "g")
    cur.close()
    conn.commit()


def case_named_cursor_fetchmany_and_scroll_forward(conn):
    conn.autocommit = False
    cur = conn.cursor("pgfast_many")
    cur.execute("SELECT g FROM generate_series(1, 20) g ORDER BY g")
    check(cur.fetchmany(3), [(1,), (2,), (3,)])
    cur.scroll(5)  # MOVE 5
    check(cur.fetchone(), (9,))
    check(len(cur.fetchall()), 11)
    check(cur.fetchone(), None)
    cur.close()
    conn.rollback()


def case_named_cursor_closes_with_the_transaction(conn):
    conn.autocommit = False
    cur = conn.cursor("pgfast_gone")
    cur.execute("SELECT 1")
    conn.commit()
    other = conn.cursor()
    other.execute("SELECT 1")
    try:
        other.execute('FETCH 1 FROM "pgfast_gone"')
    except Exception as e:
        check(getattr(e, "pgcode", None), "34000")
        conn.rollback()
    else:
        raise AssertionError("the cursor outlived its transaction")


def case_scrollable_named_cursor_goes_back(conn):
    conn.autocommit = False
    cur = conn.cursor("pgfast_scroll", scrollable=True)
    cur.execute("SELECT g FROM generate_series(1, 3000) g ORDER BY g")
    check(cur.fetchmany(3), [(1,), (2,), (3,)])
    cur.scroll(-2)  # MOVE -2: back to row 1
    check(cur.fetchone(), (2,))
    cur.scroll(2500, mode="absolute")  # MOVE ABSOLUTE 2500
    check(cur.fetchone(), (2501,))
    cur.scroll(0, mode="absolute")
    check(cur.fetchone(), (1,))
    cur.close()
    conn.rollback()


def case_withhold_cursor_outlives_commit(conn):
    conn.autocommit = False
    cur = conn.cursor("pgfast_hold", withhold=True)
    cur.itersize = 100
    cur.execute("SELECT g FROM generate_series(1, 1000) g ORDER BY g")
    check(cur.fetchone(), (1,))
    conn.commit()
    check(cur.fetchmany(2), [(2,), (3,)])
    check(len(cur.fetchall()), 997)
    other = conn.cursor()
    other.execute("SELECT name, is_holdable FROM pg_cursors")
    check(other.fetchall(), [("pgfast_hold", True)])
    cur.close()
    conn.commit()
