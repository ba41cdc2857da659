#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets from the repository's real files.

    python3 fuzz/seeds/make_seeds.py     # from the repository root

rewrites fuzz/corpus/{untc_page,event_line,import_records,pipeline_spec}/ and fuzz/seeds/pages/. The seeds of
untc_terms are written by that target itself from fuzz/seeds/pages/ (README.md).

- untc_page (fuzz/corpus/untc_page/): each of the 18 saved UNTC status pages
  (tests/fixtures/untc/2026-02-03/*.html) cut down twice, so that the target runs fast:
  `<page>-tiny.html`, the page without the site's scripts, styles, menus and hidden form
  state, with the first two rows of the participants table, no sections and the end notes
  those rows cite; `<page>-mini.html`, the record alone (from the "status as at" line to the
  end notes, with only the attributes the parser reads), two rows and the shortest entry of
  each section. In every cut page the status line's counts are set to what the kept rows add
  up to, so that each still parses.
- fuzz/seeds/pages/<page>-small.html: larger cuts (six rows, three entries of each section,
  preferring rows whose end notes tell of a denunciation, an accession or a withdrawal, and
  entries with dates and headings). The untc_terms target embeds them, and they are a second,
  slower seed set for untc_page. The full pages are not copied (11 MB): pass
  tests/fixtures/untc/2026-02-03 as another corpus directory to use them (README.md).
- event_line: lines of events/*.ndjson and tests/fixtures/events/*.ndjson, one file a line
  without its newline, one line for each combination of treaty, action and keys present.
- import_records: `treaty import` files, NDJSON and CSV (LF and CRLF), of six records each,
  made from the same event lines (the fields of `treaty append`), and a minimal record of each.
- pipeline_spec: pipelines/*.toml, the example in crates/treaty-pipeline/src/spec.rs's
  documentation, and small variants (a directory source, a minimal spec).

Standard library only. The output is deterministic: the same inputs give the same files.
"""

import hashlib
import html
import json
import os
import re
import shutil
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PAGES = os.path.join(ROOT, "tests", "fixtures", "untc", "2026-02-03")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")

# Rows kept in the participants table of a small page, and entries of each section.
TABLE_ROWS = 6
SECTION_ROWS = 3
NOTES = 8

SECTION_IDS = ["dgDec", "dgObj", "dgDecUnderArticle", "dgNotifications", "tblDec"]


# --- balanced-element helpers ---------------------------------------------------------------

def element_end(text, start, tag):
    """Index just past the `</tag>` closing the element that opens at `start`."""
    open_re = re.compile(r"<%s\b" % tag, re.I)
    close_re = re.compile(r"</%s\s*>" % tag, re.I)
    depth = 0
    pos = start
    while True:
        o = open_re.search(text, pos)
        c = close_re.search(text, pos)
        if c is None:
            return len(text)
        if o is not None and o.start() < c.start():
            depth += 1
            pos = o.end()
        else:
            depth -= 1
            pos = c.end()
            if depth == 0:
                return pos


def remove_elements(text, tag, before=None, attrs=""):
    """Removes every `<tag …>…</tag>` (balanced) that starts before index `before`."""
    out = []
    pos = 0
    open_re = re.compile(r"<%s\b%s[^>]*>" % (tag, attrs), re.I)
    while True:
        m = open_re.search(text, pos)
        if m is None or (before is not None and m.start() >= before):
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:m.start()])
        pos = element_end(text, m.start(), tag)


def top_level_rows(table):
    """The `<tr>…</tr>` children of a table's markup (nested tables left inside their row)."""
    body_start = table.index(">") + 1
    rows = []
    pos = body_start
    tr = re.compile(r"<tr\b", re.I)
    while True:
        m = tr.search(table, pos)
        if m is None:
            break
        # Skip rows of nested tables: only rows at table depth 1 count.
        nested = len(re.findall(r"<table\b", table[body_start:m.start()], re.I)) - len(
            re.findall(r"</table\s*>", table[body_start:m.start()], re.I)
        )
        end = element_end(table, m.start(), "tr")
        if nested == 0:
            rows.append((m.start(), end))
        pos = end
    return rows


def find_table(text, suffix):
    m = re.search(r'<table\b[^>]*id="[^"]*_%s"[^>]*>' % suffix, text, re.I)
    if m is None:
        return None
    return m.start(), element_end(text, m.start(), "table")


def cells(row):
    return re.findall(r"<td\b[^>]*>(.*?)</td\s*>", row, re.I | re.S)


def plain(fragment):
    t = re.sub(r"<[^>]*>", "", fragment)
    t = html.unescape(t).replace("\u00a0", " ")
    return " ".join(t.split())


def plain_without_sup(fragment):
    return plain(re.sub(r"<sup\b.*?</sup\s*>", "", fragment, flags=re.I | re.S))


# --- pages ------------------------------------------------------------------------------------

def strip_chrome(text):
    status = text.find("_div3\"")
    for tag in ["script", "noscript", "style", "iframe", "select", "textarea"]:
        text = remove_elements(text, tag)
    text = re.sub(r"<(input|link|img)\b[^>]*>", "", text, flags=re.I)
    status = text.find("_div3\"")
    # Menus and the navigation bar stand before the record.
    text = remove_elements(text, "nav", before=status)
    status = text.find("_div3\"")
    text = remove_elements(text, "ul", before=status)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<head\b.*?</head\s*>", '<head><meta charset="utf-8"><title>UNTC</title></head>', text, count=1, flags=re.I | re.S)
    # Indentation: a line's leading blanks (blanks inside a line, as in date cells, are kept).
    text = re.sub(r"\n[ \t]*", "\n", text)
    text = re.sub(r"\n\n+", "\n", text)
    return text


def pick(rows, n, prefers):
    """The first two rows, then rows each of `prefers` likes in turn, up to n, in page order."""
    chosen = list(range(min(2, len(rows))))
    for prefer in list(prefers) + [lambda r: True]:
        for i, r in enumerate(rows):
            if len(chosen) >= n:
                break
            if i not in chosen and prefer(r):
                chosen.append(i)
    return sorted(chosen)


def cut_table(text, suffix, n, prefers, keep_header, shortest=False):
    found = find_table(text, suffix)
    if found is None:
        return text, []
    start, end = found
    table = text[start:end]
    rows = top_level_rows(table)
    header = [r for r in rows if keep_header and 'class="thead-one"' in table[r[0]:r[0] + 60]]
    data = [r for r in rows if r not in header]
    if shortest:
        chosen = sorted(sorted(data, key=lambda r: r[1] - r[0])[:n])
    else:
        chosen = [data[i] for i in pick([table[a:b] for a, b in data], n, prefers)]
    kept = sorted(header + chosen)
    body_start = table.index(">") + 1
    new = table[:body_start] + "\n" + "\n".join(table[a:b] for a, b in kept) + "\n</table>"
    return text[:start] + new + text[end:], [table[a:b] for a, b in chosen]


def counted(text):
    """Signatories and parties as parse counts them: unbracketed, non-empty date cells."""
    start, end = find_table(text, "tblgrid")
    table = text[start:end]
    rows = [table[a:b] for a, b in top_level_rows(table)]
    header = next(r for r in rows if 'class="thead-one"' in r[:60])
    heads = [plain_without_sup(c).lower() for c in cells(header)]
    sig = next(i for i, h in enumerate(heads) if h.startswith("signature"))
    con = next(i for i, h in enumerate(heads) if not h.startswith("signature") and not h.startswith("participant"))
    s = p = 0
    for r in rows:
        if r is header:
            continue
        cs = cells(r)
        for i, which in ((sig, "s"), (con, "p")):
            if i < len(cs):
                t = plain(cs[i])
                if t and not (t.startswith("[") and t.endswith("]")):
                    if which == "s":
                        s += 1
                    else:
                        p += 1
    return s, p


def set_counts(text, signatories, parties):
    m = re.search(r'(id="[^"]*_rptStatus_ctl00_tcText"[^>]*>)(.*?)(</div>|</td>)', text, re.S)
    inner = m.group(2)
    inner = re.sub(r"(Signatories\s*:\s*)\d+", lambda x: x.group(1) + str(signatories), inner)
    if re.search(r"Parties\s*:\s*\d+", inner):
        inner = re.sub(r"(Parties\s*:\s*)\d+", lambda x: x.group(1) + str(parties), inner)
    else:
        inner = inner.rstrip() + " Parties : %d." % parties
    return text[:m.start(2)] + inner + text[m.end(2):]


TELLING = ["denounc", "denunciation", "acceded", "withdr"]


def telling_notes(text):
    """Numbers of the end notes that tell of a denunciation, an accession or a withdrawal."""
    found = find_table(text, "dgNotesAll")
    if found is None:
        return set()
    table = text[found[0]:found[1]]
    out = set()
    for a, b in top_level_rows(table):
        r = table[a:b]
        m = re.search(r"<a name='(\d+)'>", r)
        if m and any(k in r.lower() for k in TELLING):
            out.add(int(m.group(1)))
    return out


def cut_notes(text, referenced):
    found = find_table(text, "dgNotesAll")
    if found is None:
        return text
    start, end = found
    table = text[start:end]
    rows = [table[a:b] for a, b in top_level_rows(table)]
    numbered = []
    for r in rows:
        m = re.search(r"<a name='(\d+)'>", r)
        numbered.append((int(m.group(1)) if m else None, r))
    keep = [r for n, r in numbered if n in referenced][:NOTES]
    if not keep:
        keep = [r for _, r in numbered[:2]]
    body_start = table.index(">") + 1
    new = table[:body_start] + "\n" + "\n".join(keep) + "\n</table>"
    return text[:start] + new + text[end:]


# The server control ids' prefix. Blocks are found by the suffix of their id (the prefix
# changed around 2016), so the tiny pages use a short one.
LONG_PREFIX = "ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_"


def small_page(text, table_rows, section_rows, short_ids=False, shortest=False):
    text = strip_chrome(text)
    if short_ids:
        text = text.replace(LONG_PREFIX, "c_")

    def interesting_row(r):
        t = plain(r)
        return "[" in t or "<sup" in r.lower() or re.search(r"\d{4} [a-zA-Z]\b", t) is not None

    # Rows whose end notes tell of a denunciation, a re-accession or a withdrawal (read by
    # crates/treaty-untc/src/notes.rs) come first, then rows with brackets, suffixes or notes.
    telling = telling_notes(text)

    def tells(r):
        return any(int(n) in telling for n in re.findall(r"href='#(\d+)'", r))

    text, grid = cut_table(text, "tblgrid", table_rows, [tells, interesting_row], keep_header=True)
    kept = list(grid)
    for suffix in SECTION_IDS:
        if section_rows == 0:
            found = find_table(text, suffix)
            if found:
                text = text[:found[0]] + text[found[1]:]
            continue
        text, entries = cut_table(
            text,
            suffix,
            section_rows,
            [tells, lambda r: "align=right" in r.lower() or "align=left" in r.lower()],
            keep_header=(suffix == "tblDec"),
            shortest=shortest,
        )
        kept += entries
    referenced = {int(n) for n in re.findall(r"href='#(\d+)'", "".join(kept))}
    text = cut_notes(text, referenced)
    s, p = counted(text)
    return set_counts(text, s, p)


def mini_page(text):
    """The record alone: from the status line to the end notes, two rows, the shortest entry
    of each section, short ids; the site's frame around it left out."""
    text = small_page(text, 2, 1, short_ids=True, shortest=True)
    start = text.index('<div id="c_div3"')
    notes = find_table(text, "dgNotesAll")
    end = notes[1] if notes else len(text)
    record = strip_attributes(text[start:end])
    return '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n%s\n</body></html>\n' % record


# The attributes the parser reads: ids (blocks), classes (`thead-one`, `invisible`), `align`
# (dates and headings in entries), `name` (end note numbers), `style` when it hides a heading.
KEPT_ATTRIBUTES = {"id", "class", "align", "name"}


def strip_attributes(text):
    attr = re.compile(r"""\s+([a-zA-Z-]+)(\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")

    def tag(m):
        name, rest = m.group(1), m.group(2)
        kept = []
        for a in attr.finditer(rest):
            key = a.group(1).lower()
            if key in KEPT_ATTRIBUTES or (key == "style" and "display" in (a.group(3) or "").lower()):
                kept.append(a.group(0))
        return "<%s%s%s>" % (name, "".join(kept), m.group(3))

    return re.sub(r"<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^>]*?)?)(\s*/?)>", tag, text)


# --- event lines ---------------------------------------------------------------------------

def event_lines():
    files = []
    for d in [os.path.join(ROOT, "events"), os.path.join(ROOT, "tests", "fixtures", "events")]:
        for name in sorted(os.listdir(d)):
            if name.endswith(".ndjson"):
                files.append(os.path.join(d, name))
    seen = set()
    out = []
    for path in files:
        with open(path, "rb") as f:
            for raw in f:
                line = raw.rstrip(b"\n")
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                source = obj.get("source", {})
                shape = (
                    obj.get("treaty"),
                    obj.get("action"),
                    tuple(obj.keys()),
                    tuple(source.keys()) if isinstance(source, dict) else (),
                    obj.get("declaration"),
                    obj.get("date_basis"),
                    obj.get("kind"),
                )
                if shape in seen:
                    continue
                seen.add(shape)
                out.append(line)
    return out


# --- import files ------------------------------------------------------------------------------

IMPORT_FIELDS = [
    "treaty", "participant", "action", "date", "effective_date", "article", "declaration",
    "corrects", "kind", "counterpart", "date_basis", "text", "source_url", "source_reference",
    "source_kind", "source_retrieved_at", "source_sha256", "source_status_as_at", "source_cell",
    "note",
]


def import_record(obj):
    """The `treaty import` record (the flags of `treaty append`) for a recorded event."""
    source = obj.get("source", {})
    rec = {}
    for k in ["treaty", "participant", "action", "date", "effective_date", "article", "declaration",
              "corrects", "kind", "counterpart", "date_basis", "text", "note"]:
        if k in obj:
            rec[k] = obj[k]
    for k in ["url", "reference", "kind", "retrieved_at", "sha256", "status_as_at", "cell"]:
        if k in source:
            rec["source_" + k] = source[k]
    return rec


def import_files(lines):
    """NDJSON and CSV import files of a few records each, from recorded events."""
    import csv
    import io

    records = [import_record(json.loads(l)) for l in lines]
    out = {}
    for i in range(0, min(len(records), 60), 6):
        chunk = records[i:i + 6]
        out["events-%02d.ndjson" % (i // 6)] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=IMPORT_FIELDS, lineterminator="\r\n" if i % 12 else "\n")
        w.writeheader()
        for r in chunk:
            w.writerow(r)
        out["events-%02d.csv" % (i // 6)] = buf.getvalue()
    # The minimal record: the required fields and a source.
    out["minimal.ndjson"] = json.dumps({
        "treaty": "op-icescr", "participant": "Ecuador", "action": "ratification", "date": "2010-06-11",
        "source_url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3-a&chapter=4",
    }) + "\n"
    out["minimal.csv"] = "treaty,participant,action,date,source_reference\nicescr,ECU,signature,1967-09-29,C.N.1.1967\n"
    return out


# --- pipeline specs ----------------------------------------------------------------------------

def specs():
    out = {}
    pdir = os.path.join(ROOT, "pipelines")
    for name in sorted(os.listdir(pdir)):
        if name.endswith(".toml"):
            with open(os.path.join(pdir, name), "rb") as f:
                out[name] = f.read()
    with open(os.path.join(ROOT, "crates", "treaty-pipeline", "src", "spec.rs"), encoding="utf-8") as f:
        doc = [l[4:] if l.startswith("//! ") else l[3:] for l in f.read().splitlines() if l.startswith("//!")]
    try:
        a = doc.index("```toml")
        b = doc.index("```", a + 1)
        example = "\n".join(doc[a + 1:b]) + "\n"
        out["doc-example.toml"] = example.encode()
        out["doc-example-directory.toml"] = re.sub(
            r'kind = "live".*', 'kind = "directory"\ndirectory = "tests/fixtures/untc/2026-02-03"', example
        ).encode()
    except ValueError:
        pass
    out["minimal.toml"] = b'name = "x"\ntreaties = ["icescr"]\noutput = "outputs"\n\n[source]\nkind = "live"\n'
    return out


# The names of the files this script writes, by corpus: only those are removed before it writes
# them again, so seeds added by hand (e.g. corpus/import_records/csv-crlf) stay.
MADE = {
    "untc_page": r".*-(tiny|mini)\.html",
    "event_line": r"[a-z0-9-]+-\d+-[0-9a-f]{8}",
    "import_records": r"(events-\d+|minimal)\.(csv|ndjson)",
    "pipeline_spec": r"[a-z0-9-]+\.toml",
}


def reset(target):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):
        if re.fullmatch(MADE[target], name):
            os.remove(os.path.join(d, name))
    return d


def main():
    d = reset("untc_page")
    pages = os.path.join(ROOT, "fuzz", "seeds", "pages")
    if os.path.isdir(pages):
        shutil.rmtree(pages)
    os.makedirs(pages)
    for name in sorted(os.listdir(PAGES)):
        if not name.endswith(".html"):
            continue
        with open(os.path.join(PAGES, name), encoding="utf-8") as f:
            text = f.read()
        stem = name[:-5]
        for kind in ["small", "tiny", "mini"]:
            if kind == "small":
                # The pages the untc_terms target reconciles (embedded at build time), and a
                # larger seed set for untc_page (README.md).
                path = os.path.join(pages, "%s-small.html" % stem)
                page = small_page(text, TABLE_ROWS, SECTION_ROWS)
            elif kind == "tiny":
                path = os.path.join(d, "%s-tiny.html" % stem)
                page = small_page(text, 1, 0, short_ids=True)
            else:
                path = os.path.join(d, "%s-mini.html" % stem)
                page = mini_page(text)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(page)

    d = reset("event_line")
    for line in event_lines():
        obj = json.loads(line)
        name = "%s-%s-%s" % (obj.get("treaty"), obj.get("seq"), hashlib.sha256(line).hexdigest()[:8])
        with open(os.path.join(d, name), "wb") as f:
            f.write(line)

    d = reset("import_records")
    # Events of every shape, the hand-entered ones first (they name sources as people do).
    lines = sorted(event_lines(), key=lambda l: (b"Entered by hand" not in l, hashlib.sha256(l).digest()))
    for name, text in import_files(lines).items():
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)

    d = reset("pipeline_spec")
    for name, data in specs().items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    for target in ["untc_page", "event_line", "import_records", "pipeline_spec"]:
        files = os.listdir(os.path.join(CORPUS, target))
        size = sum(os.path.getsize(os.path.join(CORPUS, target, n)) for n in files)
        print("%-14s %4d files, %8d bytes" % (target, len(files), size))


if __name__ == "__main__":
    sys.exit(main())
