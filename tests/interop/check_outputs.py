#!/usr/bin/env python3
"""Check an open-data release of treaty (`treaty build`) with independent readers.

    python3 tests/interop/check_outputs.py [RELEASE_DIR]        (default: outputs)

Run it through tests/interop/run.sh, which installs the readers (requirements.txt beside this
file) into a virtualenv outside the repository.

Checked:
  - `frictionless validate RELEASE_DIR/datapackage.json`, through its Python API: every error,
    with its resource, row and field;
  - pyarrow and duckdb (`read_parquet`) read every Parquet file, and pandas reads every CSV,
    JSON and Parquet file, with the columns of the table's schema and the same number of rows;
  - for each table, its CSV, JSON and Parquet files (the latter as pyarrow, duckdb and pandas
    read it) hold the same columns in the same order, the same number of rows and equal values
    row by row once types are normalised (dates to ISO strings, times to UTC ISO strings with
    `Z`, integers, booleans, empty or null to None); a CSV text cell that the writer
    neutralised against formulas (an apostrophe before = + - @ tab or CR, see
    crates/treaty-publish/src/csv_file.rs) is compared as it must be written, `'` + the text;
  - SHA256SUMS lists every file of the release and each digest matches;
  - each resource's `hash` in datapackage.json matches its file, and so do the `bytes` that only
    CSV resources declare (frictionless does not measure Parquet or JSON sizes);
  - each Parquet file's key-value metadata names its table (`treaty:table`) and the layout
    datapackage.json gives (`treaty:schema_sha256`).
  - openpyxl reads treaty.xlsx: an About sheet first, a Columns sheet, then one sheet per table
    (save those the About sheet says are left out) with the schema's columns as its header row,
    frozen, with filters; every cell equal to the Parquet file's once normalised, with dates as
    dates, times as times, booleans as booleans and codes as text (`m49` "004" for Afghanistan);
    its hash is the one datapackage.json gives (`treaty:workbook`);
  - feedparser reads feed.xml as Atom 1.0 without a problem (`version` atom10, `bozo` 0), with
    at most FEED_ENTRIES entries, unique ids, newest first by `updated`, and every entry with a
    title, id, updated time, link and summary.

Prints one `PASS what` or `FAIL what: why` line per check (details indented below), then
`N passed, M failed`. Exits 0 when nothing failed, 1 otherwise, 2 on a bad command line.
"""

import datetime
import hashlib
import json
import math
import os
import re
import sys

# A text cell starting with one of these is written to the CSV with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Mismatches shown per table and reader before "… and N more".
SHOW = 10
# Table Schema's default boolean values.
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}

UTC = datetime.timezone.utc
# The most entries feed.xml holds (FEED_ENTRIES in crates/treaty-publish/src/feed.rs).
FEED_ENTRIES = 100


class Checks:
    """Counts and prints the checks."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def result(self, ok, what, why="", details=()):
        if ok:
            self.passed += 1
            print(f"PASS {what}" + (f" ({why})" if why else ""))
        else:
            self.failed += 1
            print(f"FAIL {what}" + (f": {why}" if why else ""))
        for line in details:
            print(f"    {line}")
        sys.stdout.flush()

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


def short(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def more(lines, total):
    if total > len(lines):
        lines.append(f"… and {total - len(lines)} more")
    return lines


# --- normalising a cell -----------------------------------------------------------------------


class BadValue(Exception):
    """A cell that does not fit its column's type."""


def is_null(value):
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas' own missing values (pd.NA, pd.NaT) without importing pandas here.
    return type(value).__name__ in ("NAType", "NaTType")


def iso_time(value):
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadValue(f"a time without a time zone: {short(value)}")
    value = value.astimezone(UTC)
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if value.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return value.strftime(fmt)


def from_text(kind, text):
    """A cell written as text (CSV; dates and times in JSON) in its normal form."""
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise BadValue(f"not an integer: {short(text)}")
        return int(text)
    if kind == "boolean":
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise BadValue(f"not a boolean: {short(text)}")
    if kind == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise BadValue(f"not an ISO date: {short(text)}")
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError as e:
            raise BadValue(f"not a date: {short(text)} ({e})") from None
    if kind == "datetime":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})", text):
            raise BadValue(f"not an ISO date and time: {short(text)}")
        try:
            return iso_time(datetime.datetime.fromisoformat(text))
        except ValueError as e:
            raise BadValue(f"not a date and time: {short(text)} ({e})") from None
    return text


def from_value(kind, value, pandas=False):
    """A cell as a reader typed it (Parquet through pyarrow, duckdb or pandas; JSON) in its
    normal form. JSON gives dates and times as text. pandas gives an integer column with
    missing values as floats."""
    if is_null(value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas.Timestamp
        value = value.to_pydatetime()
    if pandas and kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "integer":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            raise BadValue(f"a boolean where an integer belongs: {short(value)}")
        if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
            return int(value)
        raise BadValue(f"not an integer: {short(value)} ({type(value).__name__})")
    if kind == "boolean":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return bool(value)
        raise BadValue(f"not a boolean: {short(value)} ({type(value).__name__})")
    if kind == "date":
        if isinstance(value, str):
            return from_text(kind, value)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        raise BadValue(f"not a date: {short(value)} ({type(value).__name__})")
    if kind == "datetime":
        if isinstance(value, str):
            return from_text(kind, value)
        if isinstance(value, datetime.datetime):
            return iso_time(value)
        raise BadValue(f"not a date and time: {short(value)} ({type(value).__name__})")
    if isinstance(value, str):
        return value
    raise BadValue(f"not text: {short(value)} ({type(value).__name__})")


# --- reading the files ------------------------------------------------------------------------


def read_csv_rows(path):
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    if not rows:
        raise ValueError("no header row")
    return rows[0], rows[1:]


class Pairs(list):
    """A JSON object as its key-value pairs in file order (duplicate keys kept)."""


def read_json_rows(path, names):
    with open(path, encoding="utf-8") as f:
        data = json.load(f, object_pairs_hook=Pairs)
    if not isinstance(data, list) or isinstance(data, Pairs):
        raise ValueError("not a JSON array")
    columns = names
    rows = []
    for i, obj in enumerate(data, start=1):
        if not isinstance(obj, Pairs):
            raise ValueError(f"item {i} is not an object")
        keys = [k for k, _ in obj]
        if i == 1:
            columns = keys
        elif keys != columns:
            raise ValueError(f"object {i} has the keys {keys}, object 1 {columns}")
        rows.append([v for _, v in obj])
    return columns, rows


def read_pyarrow(path):
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return table.column_names, [list(r) for r in zip(*columns)] if columns else []


def read_duckdb(path):
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        quoted = path.replace("'", "''")
        cur = con.execute(f"SELECT * FROM read_parquet('{quoted}')")
        names = [d[0] for d in cur.description]
        rows = [list(r) for r in cur.fetchall()]
    finally:
        con.close()
    return names, rows


def read_pandas_parquet(path):
    import pandas as pd

    df = pd.read_parquet(path)
    return [str(c) for c in df.columns], [list(r) for r in df.itertuples(index=False, name=None)]


# --- the checks -------------------------------------------------------------------------------


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_descriptor(checks, root):
    path = os.path.join(root, "datapackage.json")
    try:
        with open(path, encoding="utf-8") as f:
            package = json.load(f)
        resources = package["resources"]
        version = package["version"]
        tables = {}
        for r in resources:
            schema = r["schema"]
            if isinstance(schema, str):
                with open(os.path.join(root, schema), encoding="utf-8") as f:
                    schema = json.load(f)
            name, ext = os.path.splitext(r["path"])
            tables.setdefault(name, {})[ext.lstrip(".")] = (r, schema)
    except (OSError, ValueError, KeyError, TypeError) as e:
        checks.result(False, f"{path} is read", f"{type(e).__name__}: {e}")
        return None
    problems = []
    for name, formats in tables.items():
        # Every table as CSV and Parquet; JSON too, but for the panel (datapackage.json says so).
        missing = {"csv", "parquet"} - set(formats)
        if missing:
            problems.append(f"table {name}: no resource for {', '.join(sorted(missing))}")
        schemas = {json.dumps(s, sort_keys=True) for _, s in formats.values()}
        if len(schemas) > 1:
            problems.append(f"table {name}: its files do not share one schema")
    checks.result(
        not problems,
        f"{path} is read",
        f"version {version}, {len(resources)} resources, tables {', '.join(tables)}" if not problems else "",
        problems,
    )
    return package, tables


def check_frictionless(checks, root, package):
    path = os.path.join(root, "datapackage.json")
    try:
        import frictionless

        report = frictionless.validate(path)
    except Exception as e:  # frictionless raises its own exceptions and others
        checks.result(False, f"frictionless validate {path}", f"{type(e).__name__}: {e}")
        return
    checks.result(
        not report.errors,
        f"frictionless {frictionless.__version__} validate {path}: the descriptor",
        "" if not report.errors else f"{len(report.errors)} errors",
        [f"{e.type}: {e.message}" for e in report.errors] + [f"warning: {w}" for w in report.warnings],
    )
    validated = {task.name for task in report.tasks}
    for r in package["resources"]:
        if r["name"] not in validated:
            checks.result(False, f"frictionless: resource {r['name']} ({r['path']}) is valid", "it was not validated")
    for task in report.tasks:
        errors = []
        for e in task.errors:
            where = [f"resource {task.name}"]
            if getattr(e, "row_number", None) is not None:
                where.append(f"row {e.row_number}")
            if getattr(e, "field_name", None):
                where.append(f"field {e.field_name}")
            errors.append(f"{', '.join(where)}: {e.type}: {e.message}")
        rows = task.stats.get("rows") if isinstance(task.stats, dict) else None
        why = f"{rows} rows" if rows is not None else ""
        if errors:
            why = f"{len(errors)} errors"
        checks.result(
            not errors,
            f"frictionless: resource {task.name} ({task.place}) is valid",
            why,
            errors + [f"warning: {w}" for w in task.warnings],
        )


def check_readers(checks, root, tables):
    """Each reader reads each file; returns what was read, for the comparison."""
    read = {}
    for name, formats in tables.items():
        fields = [f["name"] for f in formats[next(iter(formats))][1]["fields"]]
        for fmt, (resource, _) in sorted(formats.items()):
            path = os.path.join(root, resource["path"])
            readers = []
            if fmt == "csv":
                readers = [("csv", read_csv_rows), ("pandas", None)]
            elif fmt == "json":
                readers = [("json", lambda p: read_json_rows(p, fields)), ("pandas", None)]
            elif fmt == "parquet":
                readers = [("pyarrow", read_pyarrow), ("duckdb", read_duckdb), ("pandas", read_pandas_parquet)]
            expected_rows = None
            for reader, fn in readers:
                label = f"{reader} reads {resource['path']}"
                try:
                    if fn is None:
                        columns, count = pandas_shape(fmt, path)
                        rows = None
                    else:
                        columns, rows = fn(path)
                        count = len(rows)
                except Exception as e:  # any failure to read is the finding
                    checks.result(False, label, f"{type(e).__name__}: {str(e)[:500]}")
                    continue
                if reader in ("csv", "json"):
                    # The standard library's reading is the raw material of the comparison,
                    # not a check of its own.
                    read[(name, f"{fmt}")] = (columns, rows)
                    expected_rows = count
                    continue
                problems = []
                if columns != fields:
                    problems.append(f"columns {columns}, the schema's {fields}")
                if expected_rows is not None and count != expected_rows:
                    problems.append(f"{count} rows, the file holds {expected_rows}")
                checks.result(
                    not problems, label, f"{count} rows, {len(columns)} columns" if not problems else "", problems
                )
                if rows is not None:
                    read[(name, f"{fmt}/{reader}")] = (columns, rows)
    return read


def pandas_shape(fmt, path):
    import pandas as pd

    df = pd.read_csv(path) if fmt == "csv" else pd.read_json(path)
    return [str(c) for c in df.columns], len(df)


def check_agreement(checks, tables, read):
    for name, formats in tables.items():
        schema = formats[next(iter(formats))][1]
        fields = [f["name"] for f in schema["fields"]]
        kinds = [f.get("type", "string") for f in schema["fields"]]
        key = [fields.index(k) for k in schema.get("primaryKey", []) if k in fields]
        sources = [s for s in ("parquet/pyarrow", "json", "csv", "parquet/duckdb", "parquet/pandas") if (name, s) in read]
        what = f"{name}: CSV, JSON and Parquet agree"
        if len(sources) < 2:
            checks.result(False, what, "fewer than two of its files could be read")
            continue
        problems = []
        normal = {}
        for s in sources:
            columns, rows = read[(name, s)]
            if columns != fields:
                problems.append(f"{s}: columns {columns}, the schema's {fields}")
                continue
            cells, bad = [], []
            for i, row in enumerate(rows, start=1):
                if len(row) != len(fields):
                    bad.append(f"{s} data row {i}: {len(row)} cells for {len(fields)} columns")
                    cells.append(None)
                    continue
                out = []
                for j, (kind, value) in enumerate(zip(kinds, row)):
                    try:
                        if s == "csv":
                            out.append(None if value == "" else from_text(kind, value))
                        else:
                            out.append(from_value(kind, value, pandas=s.endswith("/pandas")))
                    except BadValue as e:
                        bad.append(f"{s} data row {i}, field {fields[j]}: {e}")
                        out.append(BadValue)
                cells.append(out)
            problems += more(bad[:SHOW], len(bad))
            normal[s] = cells
        if not normal:
            checks.result(False, what, "no file has the schema's columns", problems)
            continue
        ref_name = next(iter(normal))
        ref = normal[ref_name]
        for s, cells in normal.items():
            if s == ref_name:
                continue
            if len(cells) != len(ref):
                problems.append(f"{s}: {len(cells)} rows, {ref_name}: {len(ref)}")
            diffs = []
            for i, (a, b) in enumerate(zip(ref, cells), start=1):
                if a is None or b is None:
                    continue  # a row already reported as malformed
                ident = ", ".join(f"{fields[k]}={a[k]}" for k in key)
                for j, kind in enumerate(kinds):
                    want = a[j]
                    if s == "csv" and kind == "string" and isinstance(want, str) and want.startswith(FORMULA_STARTS):
                        want = "'" + want
                    if want is BadValue or b[j] is BadValue:
                        continue  # reported above
                    if b[j] != want:
                        diffs.append(
                            f"data row {i} ({ident}), field {fields[j]}: {ref_name} {short(a[j])}, {s} {short(b[j])}"
                            + (" (neutralised as \"'\" + the text)" if want != a[j] else "")
                        )
            problems += more(diffs[:SHOW], len(diffs))
        neutralised = sum(
            1
            for row in ref
            if row is not None
            for kind, v in zip(kinds, row)
            if kind == "string" and isinstance(v, str) and v.startswith(FORMULA_STARTS)
        )
        summary = f"{len(fields)} columns, {len(ref)} rows, compared across {', '.join(sources)}" + (
            f"; {neutralised} CSV cells neutralised against formulas" if neutralised else ""
        )
        checks.result(not problems, what, summary if not problems else "they differ (data rows from 1)", problems)


def check_sums(checks, root):
    path = os.path.join(root, "SHA256SUMS")
    problems, listed = [], set()
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        checks.result(False, f"{path} matches every file", str(e))
        return
    for n, line in enumerate(lines, start=1):
        m = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
        if not m:
            problems.append(f"line {n}: not `DIGEST  FILE`: {short(line)}")
            continue
        digest, name = m.groups()
        listed.add(name)
        file = os.path.join(root, name)
        if not os.path.isfile(file):
            problems.append(f"{name}: listed, not in the release")
        elif sha256_of(file) != digest:
            problems.append(f"{name}: digest {sha256_of(file)}, SHA256SUMS says {digest}")
    present = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/")
            if rel != "SHA256SUMS":
                present.add(rel)
    for name in sorted(present - listed):
        problems.append(f"{name}: in the release, not in SHA256SUMS")
    checks.result(not problems, f"{path} matches every file", f"{len(listed)} files" if not problems else "", problems)


def check_sizes(checks, root, package):
    for r in package["resources"]:
        path = os.path.join(root, r["path"])
        problems = []
        if not os.path.isfile(path):
            checks.result(False, f"datapackage.json bytes and hash of {r['path']}", "no such file")
            continue
        size = os.path.getsize(path)
        # Only CSV declares its bytes: frictionless measures the size of a CSV file, but of a
        # Parquet or JSON one it reads past its byte counter, and a declared size would make the
        # stock validator report it INVALID. Every file's hash is declared, and checked here.
        if r["format"] == "csv" and r.get("bytes") is None:
            problems.append("no bytes")
        elif r["format"] != "csv" and "bytes" in r:
            problems.append("bytes declared for a format frictionless does not measure")
        elif "bytes" in r and r["bytes"] != size:
            problems.append(f"bytes {r['bytes']}, the file has {size}")
        declared = r.get("hash")
        if declared is None:
            problems.append("no hash")
        else:
            algorithm, _, digest = declared.rpartition(":")
            algorithm = algorithm or "md5"
            try:
                h = hashlib.new(algorithm)
            except ValueError:
                problems.append(f"unknown hash algorithm {algorithm}")
            else:
                with open(path, "rb") as f:
                    h.update(f.read())
                if h.hexdigest() != digest:
                    problems.append(f"hash {declared}, the file's {algorithm} is {h.hexdigest()}")
        checks.result(
            not problems,
            f"datapackage.json bytes and hash of {r['path']}",
            f"{size} bytes" if not problems else "",
            problems,
        )


def check_parquet_version(checks, root, package, tables):
    import pyarrow.parquet as pq

    schema = package.get("treaty:schema_sha256", "")
    for name, formats in tables.items():
        if "parquet" not in formats:
            continue
        path = os.path.join(root, formats["parquet"][0]["path"])
        what = f"{formats['parquet'][0]['path']}: metadata treaty:table is {name}, treaty:schema_sha256 datapackage.json's"
        try:
            metadata = pq.read_metadata(path).metadata or {}
        except Exception as e:  # an unreadable file is the finding
            checks.result(False, what, f"{type(e).__name__}: {e}")
            continue
        found = (metadata.get(b"treaty:table"), metadata.get(b"treaty:schema_sha256"))
        ok = found == (name.encode(), schema.encode())
        checks.result(ok, what, "" if ok else f"it is {found}")


def check_feed(checks, root):
    import feedparser

    path = os.path.join(root, "feed.xml")
    what = "feed.xml is an Atom 1.0 feed that feedparser reads without a problem"
    if not os.path.isfile(path):
        checks.result(False, what, "no such file")
        return
    try:
        with open(path, "rb") as f:
            d = feedparser.parse(f.read())
    except Exception as e:  # an unreadable feed is the finding
        checks.result(False, what, f"{type(e).__name__}: {e}")
        return
    problems = []
    if d.version != "atom10":
        problems.append(f"version {d.version!r}")
    if d.bozo:
        problems.append(f"bozo: {d.get('bozo_exception')!r}")
    checks.result(not problems, what, f"{len(d.entries)} entries" if not problems else "", problems)

    entries = d.entries
    checks.result(
        len(entries) <= FEED_ENTRIES,
        f"feed.xml holds at most {FEED_ENTRIES} entries",
        f"it holds {len(entries)}",
    )
    ids = [e.get("id") for e in entries]
    repeated = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    checks.result(
        not repeated,
        "feed.xml: every entry id is unique",
        "" if not repeated else f"{len(repeated)} repeated",
        more([short(i) for i in repeated[:SHOW]], len(repeated)),
    )
    missing = []
    for n, e in enumerate(entries, 1):
        absent = [k for k in ("title", "id", "updated", "link", "summary") if not e.get(k)]
        if absent:
            missing.append(f"entry {n} ({short(e.get('id'))}): no {', '.join(absent)}")
    checks.result(
        not missing,
        "feed.xml: every entry has a title, id, updated, link and summary",
        "" if not missing else f"{len(missing)} do not",
        more(missing[:SHOW], len(missing)),
    )
    times = [e.get("updated_parsed") for e in entries]
    unordered = [
        f"entry {n + 1} ({short(entries[n].get('updated'))}) before entry {n + 2} ({short(entries[n + 1].get('updated'))})"
        for n in range(len(times) - 1)
        if times[n] and times[n + 1] and times[n] < times[n + 1]
    ]
    checks.result(
        not unordered and all(times),
        "feed.xml: entries are newest first by updated",
        "" if not unordered and all(times) else "they are not (or an updated time does not parse)",
        more(unordered[:SHOW], len(unordered)),
    )
    feed_updated = d.feed.get("updated_parsed")
    newest = max(times, default=None) if all(times) else None
    checks.result(
        feed_updated is not None and (newest is None or feed_updated >= newest),
        "feed.xml: the feed's updated is no earlier than its newest entry",
        f"feed {d.feed.get('updated')!r}, newest entry {entries[0].get('updated')!r}" if entries else "",
    )


def check_workbook(checks, root, package, tables, read):
    import openpyxl

    path = os.path.join(root, "treaty.xlsx")
    what = "treaty.xlsx is read by openpyxl"
    listed = package.get("treaty:workbook") or {}
    if listed.get("hash") != "sha256:" + (sha256_of(path) if os.path.isfile(path) else ""):
        checks.result(False, "treaty.xlsx: its hash is datapackage.json's treaty:workbook", f"listed {listed!r}")
    else:
        checks.result(True, "treaty.xlsx: its hash is datapackage.json's treaty:workbook")
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as e:  # an unreadable workbook is the finding
        checks.result(False, what, f"{type(e).__name__}: {e}")
        return
    names = book.sheetnames
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row and row[0]}
    left_out = {n for n in tables if str(about.get(n, "")).startswith("Not in this workbook")}
    want = ["About", "Columns"] + [n for n in tables if n not in left_out]
    checks.result(
        names == want,
        f"{what}: sheets About, Columns and one per table",
        f"{len(names)} sheets" + (f"; left out, as the About sheet says: {', '.join(sorted(left_out))}" if left_out else "")
        if names == want
        else f"sheets {names}, expected {want}",
    )
    for name in want[2:]:
        schema = tables[name][next(iter(tables[name]))][1]
        fields = [f["name"] for f in schema["fields"]]
        kinds = [f.get("type", "string") for f in schema["fields"]]
        sheet = book[name]
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows, ()))
        problems = []
        if header != fields:
            problems.append(f"header {header}, the schema's {fields}")
        ref = read.get((name, "parquet/pyarrow"))
        ref_rows = ref[1] if ref else []
        count = 0
        diffs = []
        for i, row in enumerate(rows, start=1):
            count += 1
            if i > len(ref_rows):
                continue
            for j, (kind, value) in enumerate(zip(kinds, row)):
                want_value = from_value(kind, ref_rows[i - 1][j])
                got = workbook_value(kind, value)
                if got != want_value:
                    diffs.append(f"row {i}, {fields[j]}: {short(got)} ({type(value).__name__}), Parquet {short(want_value)}")
        if count != len(ref_rows):
            problems.append(f"{count} rows, the Parquet file {len(ref_rows)}")
        problems += more(diffs[:SHOW], len(diffs))
        checks.result(
            not problems,
            f"treaty.xlsx sheet {name}: the schema's header and the Parquet file's values, typed",
            f"{count} rows" if not problems else "they differ",
            problems,
        )
    # What openpyxl's read-only mode does not give (and its full mode would take minutes and
    # gigabytes to load for the panel): the frozen header and the filters, from the sheets' XML.
    unframed = [n for n, xml in sheet_xml(path).items() if n in want[1:] and not framed(xml)]
    checks.result(not unframed, "treaty.xlsx: every data sheet has a frozen header row and filters", ", ".join(unframed))
    rows = book["participants"].iter_rows(values_only=True)
    header = list(next(rows))
    afghanistan = [r for r in rows if r[header.index("code")] == "AFG"]
    value = afghanistan[0][header.index("m49")] if afghanistan else None
    checks.result(value == "004", 'treaty.xlsx: m49 of Afghanistan is the text "004"', f"it is {value!r}")


def sheet_xml(path):
    """Each sheet's XML by sheet name, read from the workbook's parts."""
    import zipfile
    from xml.etree import ElementTree

    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    with zipfile.ZipFile(path) as z:
        targets = {
            rel.get("Id"): rel.get("Target")
            for rel in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", ns)
        }
        out = {}
        for sheet in ElementTree.fromstring(z.read("xl/workbook.xml")).find("m:sheets", ns):
            target = targets[sheet.get(f"{{{ns['r']}}}id")].lstrip("/")
            name = target if target.startswith("xl/") else "xl/" + target
            out[sheet.get("name")] = z.read(name)
        return out


def framed(xml):
    """The sheet's first row is frozen and it has filters (the start of the XML holds both
    the pane, in sheetViews, and is followed by autoFilter after the data)."""
    return b'topLeftCell="A2"' in xml[:4000] and b'state="frozen"' in xml[:4000] and b"<autoFilter ref=" in xml


def workbook_value(kind, value):
    """A workbook cell as openpyxl gives it, in the normal form of from_value."""
    if value is None:
        return None
    if kind == "date":
        if isinstance(value, datetime.datetime) and value.time() == datetime.time():
            return value.date().isoformat()
        return f"not a date: {value!r}"
    if kind == "datetime":
        if isinstance(value, datetime.datetime):
            # Excel keeps times as fractions of a day: round to the millisecond written.
            micro = round(value.microsecond / 1000) * 1000
            value = value.replace(microsecond=0) + datetime.timedelta(microseconds=micro)
            return iso_time(value.replace(tzinfo=UTC))
        return f"not a time: {value!r}"
    if kind == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else f"not an integer: {value!r}"
    if kind == "boolean":
        return value if isinstance(value, bool) else f"not a boolean: {value!r}"
    return value if isinstance(value, str) else f"not text: {value!r}"


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else "outputs"
    if not os.path.isdir(root):
        print(f"check_outputs.py: {root}: not a directory", file=sys.stderr)
        return 2
    checks = Checks()
    loaded = load_descriptor(checks, root)
    if loaded is None:
        return checks.summary()
    package, tables = loaded
    check_frictionless(checks, root, package)
    read = check_readers(checks, root, tables)
    check_agreement(checks, tables, read)
    check_sums(checks, root)
    check_sizes(checks, root, package)
    check_parquet_version(checks, root, package, tables)
    check_feed(checks, root)
    check_workbook(checks, root, package, tables, read)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
