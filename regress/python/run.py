"""Runs pgfast's psycopg2 cases against one server.

usage: run.py DSN

Every module named cases_*.py in this directory holds cases: functions named case_*
taking an open psycopg2 connection (autocommit). A case raises AssertionError (or any
error) to fail. Each case gets its own connection, so one failing case cannot disturb
the next. The runner prints one line per case and exits non-zero when any failed.

To add cases for another area (json dicts, ...), add a cases_<area>.py beside this file.
"""

import importlib.util
import os
import sys
import traceback

import psycopg2


def load_cases(directory):
    cases = []
    for name in sorted(os.listdir(directory)):
        if not (name.startswith("cases_") and name.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(directory, name))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for attr in sorted(dir(module)):
            if attr.startswith("case_"):
                cases.append((name[:-3] + "." + attr, getattr(module, attr)))
    return cases


def main():
    dsn = sys.argv[1]
    cases = load_cases(os.path.dirname(os.path.abspath(__file__)))
    if not cases:
        print("no cases found")
        return 1
    failed = 0
    for name, fn in cases:
        conn = psycopg2.connect(dsn)
        conn.autocommit = True
        try:
            fn(conn)
            print("ok   " + name)
        except Exception:
            failed += 1
            print("FAIL " + name)
            traceback.print_exc(file=sys.stdout)
        finally:
            conn.close()
    print("%d of %d cases failed" % (failed, len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
