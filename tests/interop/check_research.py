#!/usr/bin/env python3
"""The research questions of tests/research/, asked of a release's Parquet files with DuckDB.

    python3 tests/interop/check_research.py [RELEASE_DIR]        (default: outputs)

Each `N-name.sql` there runs in DuckDB, over one view per Parquet table of the release (named
as the table, as `treaty query` names them); its rows, as JSON values (dates as ISO text), must
equal `N-name.json` beside it, the answer `treaty query --format json` gives over the committed
release (crates/treaty-cli/tests/query.rs holds polars to the same file). So the same SQL gives
the same answer in both engines.

Prints one `PASS` or `FAIL` line per question, then `N passed, M failed`; exits 0 when nothing
failed, 1 otherwise, 2 on a bad command line.
"""

import datetime
import decimal
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
QUESTIONS = os.path.join(HERE, "..", "research")


def as_json(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal) and value == int(value):
        return int(value)
    return value


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    import duckdb

    root = argv[1] if len(argv) == 2 else "outputs"
    with open(os.path.join(root, "datapackage.json"), encoding="utf-8") as f:
        package = json.load(f)
    con = duckdb.connect()
    for r in package["resources"]:
        if r["format"] == "parquet":
            name = r["name"].removesuffix("-parquet").replace("-", "_")
            path = os.path.join(root, r["path"]).replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    passed = failed = 0
    files = sorted(glob.glob(os.path.join(QUESTIONS, "*.sql")))
    if not files:
        print(f"FAIL no questions in {QUESTIONS}")
        return 1
    for sql_path in files:
        name = os.path.basename(sql_path)[: -len(".sql")]
        with open(sql_path, encoding="utf-8") as f:
            sql = f.read()
        with open(sql_path[: -len(".sql")] + ".json", encoding="utf-8") as f:
            want = json.load(f)
        try:
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description]
            got = [dict(zip(columns, (as_json(v) for v in row))) for row in cur.fetchall()]
        except Exception as e:  # a query DuckDB cannot run is the finding
            print(f"FAIL {name}: DuckDB: {type(e).__name__}: {e}")
            failed += 1
            continue
        keys_ok = all(list(g) == list(w) for g, w in zip(got, want))
        if got == want and keys_ok:
            print(f"PASS {name}: DuckDB {duckdb.__version__} gives treaty query's answer ({len(got)} rows)")
            passed += 1
        else:
            print(f"FAIL {name}: DuckDB's answer differs from {name}.json")
            for i in range(max(len(got), len(want))):
                g = got[i] if i < len(got) else None
                w = want[i] if i < len(want) else None
                if g != w:
                    print(f"    row {i + 1}: DuckDB {g}, treaty query {w}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
