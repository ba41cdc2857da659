#!/usr/bin/env python3
"""Verify the streams of a treaty event log, format v1, independently of the Rust code.

Written from docs/EVENT-FORMAT.md alone, as a check that the document is enough to verify a
stream in another language. Standard library only.

    python3 tests/interop/verify_chain.py events/

Prints `OK <n> streams <m> events` and exits 0 when every stream holds, or one
`FILE:LINE: problem` line per problem and exits 1. Exits 2 on a bad command line.

Checked (EVENT-FORMAT.md section in brackets): file names [Files]; torn tail [Torn tail];
UTF-8, JSON shape, key order, omitted-not-null, value formats and vocabularies [The line];
canonical form [Canonical form]; v; seq [Sequence numbers]; id derivation [Event id]; line hash
[Line hash]; prev chain [Chain]; duplicate ids; recorded_at order [recorded_at].
Not checked: the treaty rules (rule/*), and that participant codes exist in the registry (only
their form is checked).
"""

import datetime
import hashlib
import json
import os
import re
import sys

# [Files]: the 18 treaty keys.
TREATY_KEYS = [
    "icerd", "icescr", "op-icescr", "iccpr", "iccpr-op1", "cedaw", "op-cedaw", "cat", "op-cat",
    "crc", "op-crc-ac", "op-crc-sc", "op-crc-ic", "iccpr-op2", "icmw", "crpd", "op-crpd", "cped",
]

# [Actions], [Declaration effects], [Source kinds].
ACTIONS = {
    "signature", "succession_to_signature", "definitive_signature", "ratification", "accession",
    "succession", "acceptance", "approval", "formal_confirmation", "withdrawal_of_signature",
    "denunciation", "declaration", "declaration_withdrawal", "retraction",
    "reservation", "reservation_withdrawal", "objection", "notification",
}
DECLARATION_EFFECTS = {"opt_in", "opt_out", "statement"}
DATE_BASES = {"stated", "upon_consent", "upon_signature"}
SOURCE_KINDS = {"untc_status_page", "depositary_notification", "untc_record", "other"}

# [Keys, in order]: (key, required, kind of value).
LINE_KEYS = [
    ("v", True, "int"),
    ("seq", True, "int"),
    ("id", True, "hex32"),
    ("treaty", True, "treaty"),
    ("participant", True, "participant"),
    ("action", True, "action"),
    ("date", True, "date"),
    ("effective_date", False, "date"),
    ("article", False, "str"),
    ("declaration", False, "effect"),
    ("corrects", False, "hex32"),
    ("kind", False, "str"),
    ("counterpart", False, "participant"),
    ("date_basis", False, "basis"),
    ("text", False, "str"),
    ("recorded_at", True, "utc"),
    ("source", True, "source"),
    ("note", False, "str"),
    ("prev", True, "hex64"),
    ("hash", True, "hex64"),
]
SOURCE_KEYS = [
    ("kind", True, "kind"),
    ("url", False, "str"),
    ("retrieved_at", False, "utc"),
    ("sha256", False, "hex64"),
    ("status_as_at", False, "offset_time"),
    ("reference", False, "str"),
    ("cell", False, "str"),
    ("section", False, "str"),
    ("row", False, "str"),
]

ZERO = "0" * 64
HASH_SUFFIX_LEN = 75  # ,"hash":"<64 hex>"}
HASH_PREFIX = b',"hash":"'

HEX32 = re.compile(r"[0-9a-f]{32}\Z")
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
PARTICIPANT = re.compile(r"[A-Z]{3}\Z")
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}|\d{6}|\d{9}))?(Z|[+-]\d{2}:\d{2})\Z"
)


class Bad(Exception):
    """A line that is not of the format; ends the checks of that line."""


def hash_of_line(line):
    """[Line hash]: SHA-256 of the line with its last 75 bytes replaced by `}`; None if no hash."""
    if len(line) < HASH_SUFFIX_LEN + 1 or not line.endswith(b'"}'):
        return None
    cut = len(line) - HASH_SUFFIX_LEN
    if line[cut:cut + len(HASH_PREFIX)] != HASH_PREFIX:
        return None
    return hashlib.sha256(line[:cut] + b"}").hexdigest()


def event_id(obj):
    """[Event id]: first 16 bytes of SHA-256 of the nine-line text (thirteen lines when a terms
    field is present), lowercase hex."""
    fields = [
        "treaty-event/1",
        obj["treaty"],
        obj["participant"],
        obj["action"],
        obj["date"],
        obj.get("effective_date", ""),
        obj.get("article", ""),
        obj.get("declaration", ""),
        obj.get("corrects", ""),
    ]
    if any(k in obj for k in ("kind", "counterpart", "date_basis", "text")):
        fields += [
            obj.get("kind", ""),
            obj.get("counterpart", ""),
            obj.get("date_basis", ""),
            hashlib.sha256(obj["text"].encode("utf-8")).hexdigest() if "text" in obj else "",
        ]
    text = "".join(f + "\n" for f in fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def check_date(value, where):
    m = DATE.match(value)
    if not m:
        raise Bad(f"{where}: {value!r} is not a date YYYY-MM-DD")
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise Bad(f"{where}: {value!r} is not a calendar date") from None


def check_time(value, where, utc_only):
    """[Scalar formats]: returns a sortable key (for recorded_at order)."""
    m = TIME.match(value)
    if not m:
        raise Bad(f"{where}: {value!r} is not a time YYYY-MM-DDTHH:MM:SS[.fff]Z")
    y, mo, d, h, mi, s, frac, off = m.groups()
    try:
        datetime.date(int(y), int(mo), int(d))
    except ValueError:
        raise Bad(f"{where}: {value!r} has no such calendar date") from None
    if int(h) > 23 or int(mi) > 59 or int(s) > 60:
        raise Bad(f"{where}: {value!r} has no such time of day")
    if utc_only and off != "Z":
        raise Bad(f"{where}: {value!r} must be UTC, ending in Z")
    if off in ("+00:00", "-00:00"):
        raise Bad(f"{where}: {value!r}: a zero offset is written Z")
    if frac is not None:
        # Left out when zero; otherwise the fewest of 3, 6 or 9 digits that hold it exactly.
        if int(frac) == 0 or (len(frac) > 3 and frac.endswith("000")):
            raise Bad(f"{where}: {value!r}: fraction of a second not in its shortest form")
    nanos = int((frac or "").ljust(9, "0"))
    return (value[:19], nanos)


def check_value(kind, value, where):
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise Bad(f"{where}: expected a non-negative integer, found {value!r}")
    elif kind == "source":
        if not isinstance(value, dict):
            raise Bad(f"{where}: expected an object")
        check_object(value, SOURCE_KEYS, where + ".")
    else:
        if not isinstance(value, str):
            raise Bad(f"{where}: expected a string, found {value!r}")
        if kind == "hex32" and not HEX32.match(value):
            raise Bad(f"{where}: {value!r} is not 32 lowercase hex digits")
        if kind == "hex64" and not HEX64.match(value):
            raise Bad(f"{where}: {value!r} is not 64 lowercase hex digits")
        if kind == "treaty" and value not in TREATY_KEYS:
            raise Bad(f"{where}: unknown treaty key {value!r}")
        if kind == "participant" and not PARTICIPANT.match(value):
            raise Bad(f"{where}: {value!r} is not a participant code (three capital letters)")
        if kind == "action" and value not in ACTIONS:
            raise Bad(f"{where}: unknown action {value!r}")
        if kind == "basis" and value not in DATE_BASES:
            raise Bad(f"{where}: {value!r} is not a date basis")
        if kind == "effect" and value not in DECLARATION_EFFECTS:
            raise Bad(f"{where}: unknown declaration effect {value!r}")
        if kind == "kind" and value not in SOURCE_KINDS:
            raise Bad(f"{where}: unknown source kind {value!r}")
        if kind == "date":
            check_date(value, where)
        if kind == "utc":
            check_time(value, where, utc_only=True)
        if kind == "offset_time":
            check_time(value, where, utc_only=False)


def check_object(obj, spec, prefix=""):
    """Required keys present, no unknown keys, keys in the documented order, values well-formed."""
    order = [k for k, _, _ in spec]
    for key in obj:
        if key not in order:
            raise Bad(f"unknown key {prefix}{key!r}")
    for key, required, kind in spec:
        if key not in obj:
            if required:
                raise Bad(f"missing key {prefix}{key!r}")
            continue
        if obj[key] is None:
            raise Bad(f"{prefix}{key}: optional keys are omitted, never null")
        check_value(kind, obj[key], prefix + key)
    expected = [k for k in order if k in obj]
    if list(obj) != expected:
        raise Bad(f"keys of {prefix or 'the line'} out of order: {list(obj)} (expected {expected})")


def no_duplicate_keys(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise Bad(f"repeated key {k!r}")
        obj[k] = v
    return obj


def reject_float(text):
    raise Bad(f"number {text} is not an integer")


def reject_constant(text):
    raise Bad(f"{text} is not JSON")


def verify_stream(path, key, problems):
    """Checks one stream file; returns (complete or torn lines > 0, number of events decoded)."""
    with open(path, "rb") as f:
        data = f.read()

    def problem(line_no, text):
        problems.append(f"{path}:{line_no}: {text}")

    parts = data.split(b"\n")
    # After the last LF: empty for a complete file, else an incomplete (torn) last line.
    tail = parts.pop()
    complete = parts
    if key not in TREATY_KEYS:
        problem(0, "not the stream of any treaty: streams are named <treaty key>.ndjson")

    events = 0
    prev_hash = ZERO  # expected prev of the next line; None when the line before had no hash
    seen_ids = {}
    last_recorded = None
    for n, line in enumerate(complete, start=1):
        own_hash = hash_of_line(line)
        expected_prev = prev_hash
        prev_hash = own_hash
        try:
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as e:
                raise Bad(f"not UTF-8 ({e.reason} at byte {e.start})") from None
            try:
                obj = json.loads(
                    text,
                    object_pairs_hook=no_duplicate_keys,
                    parse_float=reject_float,
                    parse_constant=reject_constant,
                )
            except ValueError as e:
                raise Bad(f"not JSON: {e}") from None
            if not isinstance(obj, dict):
                raise Bad("not a JSON object")
            check_object(obj, LINE_KEYS)
            if obj["v"] != 1:
                raise Bad(f"format version {obj['v']} (this checker reads version 1)")
            try:
                canonical = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            except UnicodeEncodeError:
                raise Bad("a string holds a lone surrogate (\\uD800-\\uDFFF escape)") from None
            if canonical != line:
                raise Bad("not in canonical form (spacing or escapes differ)")
            if own_hash is None:
                raise Bad("the line does not end with ,\"hash\":\"<64 hex>\"}")
            if own_hash != obj["hash"]:
                raise Bad(f"hash {obj['hash']} is not the hash of the line ({own_hash})")
        except Bad as e:
            problem(n, str(e))
            continue

        events += 1
        if obj["treaty"] != key:
            problem(n, f"treaty {obj['treaty']!r} in the stream of {key!r}")
        if obj["seq"] != n:
            problem(n, f"seq {obj['seq']} where {n} was expected")
        if expected_prev is not None and obj["prev"] != expected_prev:
            problem(n, f"prev {obj['prev']} is not the hash of the line before ({expected_prev})")
        derived = event_id(obj)
        if obj["id"] != derived:
            problem(n, f"id {obj['id']} is not the id derived from the fact ({derived})")
        if obj["id"] in seen_ids:
            problem(n, f"id {obj['id']} already on line {seen_ids[obj['id']]} (the same fact twice)")
        else:
            seen_ids[obj["id"]] = n
        recorded = check_time(obj["recorded_at"], "recorded_at", utc_only=True)
        if last_recorded is not None and recorded < last_recorded:
            problem(n, f"recorded_at {obj['recorded_at']} is earlier than a line before it")
        last_recorded = recorded if last_recorded is None else max(last_recorded, recorded)

    if tail:
        problem(len(complete) + 1, f"torn tail: the last line has no LF ({len(tail)} bytes); "
                                   "`treaty verify --repair` removes it")
    return (len(complete) > 0 or bool(tail)), events


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: verify_chain.py EVENTS_DIR", file=sys.stderr)
        return 2
    directory = argv[1]
    if not os.path.isdir(directory):
        print(f"verify_chain.py: {directory}: not a directory", file=sys.stderr)
        return 2
    problems = []
    streams = 0
    events = 0
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".ndjson"):
            continue  # .lock, *.bak and other files are not part of the log
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        nonempty, n = verify_stream(path, name[: -len(".ndjson")], problems)
        streams += nonempty
        events += n
    if problems:
        for p in problems:
            print(p)
        return 1
    print(f"OK {streams} streams {events} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
