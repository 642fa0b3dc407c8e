"""Runs pgfast's Python client cases against one server.

usage: run.py [--only=MODULE,...] [--skip=MODULE,...] [--ref=DSN] DSN

Every module named cases_*.py in this directory holds cases: functions named case_*
taking an open psycopg2 connection (autocommit). A case raises AssertionError (or any
error) to fail. Each case gets its own connection, so one failing case cannot disturb
the next. The runner prints one line per case and exits non-zero when any failed.

A case may return a value built of lists, tuples, dicts, strings, numbers and None: what
the client saw (an inspector's columns, a catalog call's rows). With --ref naming a
PostgreSQL server, each such case runs there too and the two values must be equal, so
that what pgfast answers is PostgreSQL's answer. Cases clean up what they create, since
the reference server may be shared.

--only runs the named modules (without .py) alone, --skip all but them.

To add cases for another area (json dicts, ...), add a cases_<area>.py beside this file.
"""

import importlib.util
import os
import pprint
import sys
import traceback

import psycopg2


def load_cases(directory, only, skip):
    cases = []
    for name in sorted(os.listdir(directory)):
        if not (name.startswith("cases_") and name.endswith(".py")):
            continue
        if only and name[:-3] not in only or name[:-3] in skip:
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(directory, name))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for attr in sorted(dir(module)):
            if attr.startswith("case_"):
                cases.append((name[:-3] + "." + attr, getattr(module, attr)))
    return cases


def run_case(fn, dsn):
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        return fn(conn)
    finally:
        conn.close()


def main(argv):
    only, skip, ref, args = set(), set(), None, []
    for a in argv:
        if a.startswith("--only="):
            only = set(a[len("--only="):].split(","))
        elif a.startswith("--skip="):
            skip = set(a[len("--skip="):].split(","))
        elif a.startswith("--ref="):
            ref = a[len("--ref="):]
        else:
            args.append(a)
    dsn = args[0]
    cases = load_cases(os.path.dirname(os.path.abspath(__file__)), only, skip)
    if not cases:
        print("no cases found")
        return 1
    failed = 0
    for name, fn in cases:
        try:
            got = run_case(fn, dsn)
            if ref and got is not None:
                want = run_case(fn, ref)
                if got != want:
                    raise AssertionError("differs from PostgreSQL:\n%s\nPostgreSQL:\n%s" % (pprint.pformat(got), pprint.pformat(want)))
            print("ok   " + name)
        except Exception:
            failed += 1
            print("FAIL " + name)
            traceback.print_exc(file=sys.stdout)
    print("%d of %d cases failed" % (failed, len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
