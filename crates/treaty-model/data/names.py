#!/usr/bin/env python3
"""Generate names.tsv: Spanish and French names of the participants.

    pip install pycountry==26.2.16
    python3 names.py [participants.tsv] > names.tsv

Reads the codes of participants.tsv (default: next to this script) and writes
one row per participant, sorted by code, to stdout:

    code  name_es  name_fr  aliases_es  aliases_fr

UTF-8, LF, tab-separated, aliases `;`-separated.  The translations come from
the Debian iso-codes gettext catalogues shipped inside pycountry
(pycountry/locales/{es,fr}/LC_MESSAGES/iso3166-1.mo, domain "iso3166-1"),
looked up with the English pycountry names as msgids.

Rule for name_xx (first that applies):

  1. OVERRIDES[code][lang]: hand-listed, each entry commented with its
     source (the EU, which has no ISO entry; one reordered ISO name).
  2. COMMON_NAME codes: the translated pycountry common_name, where the UN
     label carries a qualifier ("Bolivia (Plurinational State of)", "Iran
     (Islamic Republic of)", "Republic of Moldova", "United Republic of
     Tanzania", "Venezuela (Bolivarian Republic of)") and the ISO short name
     is the inverted "X, qualifier" form.  Used only if the catalogue has a
     translation of the common_name; otherwise rule 3.
  3. The translated ISO 3166-1 short name (`name`), tidied:
       * an inverted "HEAD, TAIL" form is put back in reading order,
         "TAIL HEAD" ("Corea, República de" -> "República de Corea",
         "Russie, Fédération de" -> "Fédération de Russie"); no space after
         an elided "d'"; first letter capitalised;
       * a trailing parenthesised part is dropped ("Santa Sede (Ciudad
         Estado del Vaticano)" -> "Santa Sede": the participant is the Holy
         See, UNTC's label); the full form is kept as an alias.
  A participant whose chosen msgid has no translation in the catalogue (and
  no override) makes the script fail.

aliases_xx: the translated official_name (a leading French "L'" article
dropped, as participants.py drops "the "), the tidied short name and the
translated common_name when they differ from name_xx, and the full form of
a shortened name; deduplicated case-insensitively, never repeating name_xx.
Names missing from the catalogue are not aliased (counted on stderr).

Every string is whitespace-normalised, the typographic apostrophe U+2019 is
written as the ASCII apostrophe (as in participants.tsv), and the few
catalogue errors of FIXES are corrected.

Checks (exit 1, failures listed on stderr, no TSV written): every code of
participants.tsv has a pycountry entry or an override; every name has a
translation; no field contains a tab, CR/LF, ';' or '|'; within a language
no name or alias belongs to two participants; 198 unique sorted codes.
Counts per route go to stderr.
"""

import csv
import gettext
import importlib.metadata
import os
import re
import sys

import pycountry

# ---------------------------------------------------------------------------
# Pinned data version (same pin as participants.py).  The catalogues are the
# iso-codes translations bundled in this pycountry release: a different
# version may change translations, so re-run, diff and review before bumping.
# ---------------------------------------------------------------------------
PYCOUNTRY_VERSION = "26.2.16"
assert importlib.metadata.version("pycountry") == PYCOUNTRY_VERSION, (
    "names.py is pinned to pycountry==%s, found %s"
    % (PYCOUNTRY_VERSION, importlib.metadata.version("pycountry")))

LANGS = ("es", "fr")
DOMAIN = "iso3166-1"
HEADER = ["code", "name_es", "name_fr", "aliases_es", "aliases_fr"]

# ---------------------------------------------------------------------------
# Overrides: name_xx set by hand.  Every entry needs a comment with its source.
# ---------------------------------------------------------------------------
OVERRIDES = {
    # The European Union has no ISO 3166-1 entry (code EUU, see
    # participants.py).  Its own name in its official languages Spanish and
    # French, as written in Article 1 of the Treaty on European Union
    # ("... una UNIÓN EUROPEA" / "... une UNION EUROPÉENNE") and used on the
    # Spanish and French versions of the EU's site (european-union.europa.eu).
    "EUU": {"es": "Unión Europea", "fr": "Union européenne"},
    # iso-codes fr has the inverted "Syrienne, République arabe"; reordering
    # it mechanically would give "République arabe Syrienne".  French writes
    # the adjective in lower case: "République arabe syrienne", the UN's
    # French name of the Syrian Arab Republic.  Spanish uses rule 3.
    "SYR": {"fr": "République arabe syrienne"},
}

# Codes whose name_xx is the translated common_name (rule 2, see docstring).
# KOR/PRK ("South/North Korea"), LAO ("Laos"), SYR ("Syria") and VNM
# ("Vietnam") also have a common_name but UNTC uses the formal name, which
# the reordered ISO short name matches: their common names are aliases only.
COMMON_NAME = {"BOL", "IRN", "MDA", "TZA", "VEN"}

# Errors in the iso-codes catalogues, corrected in every string of the
# language (applied after translation; counted as "fixed" on stderr).  In each
# case the other strings of the same catalogue have the right form:
#   es "Costa de Marfíl": Spanish writes "Marfil" without an accent (agudo
#      ending in -l); the catalogue's official name repeats the error.
#   es "Tunez": the official name reads "República de Túnez".
#   es "Surinám": the official name reads "República de Surinam".
#   es "Algeria" (msgstr left in English): official "... de Argelia".
#   es "Niger" (msgstr left in English): official "República del Níger".
FIXES = {
    "es": [(r"\bMarfíl\b", "Marfil"),
           (r"\bTunez\b", "Túnez"),
           (r"\bSurinám\b", "Surinam"),
           (r"\bAlgeria\b", "Argelia"),
           (r"\bNiger\b", "Níger")],
    "fr": [],
}

BAD_CHARS = "\t\r\n;|"


class Missing(gettext.NullTranslations):
    """Fallback catalogue that records msgids the real catalogue lacks."""

    def __init__(self):
        super().__init__()
        self.missed = set()

    def gettext(self, message):
        self.missed.add(message)
        return message


def load_catalogues():
    """{lang: (catalogue, Missing fallback)}; fails if a catalogue is absent."""
    cats = {}
    for lang in LANGS:
        t = gettext.translation(DOMAIN, pycountry.LOCALES_DIR,
                                languages=[lang], fallback=False)
        miss = Missing()
        t.add_fallback(miss)
        cats[lang] = (t, miss)
    return cats


def translate(cats, lang, msgid):
    """Translated string, or None when the catalogue has no entry."""
    t, miss = cats[lang]
    miss.missed.clear()
    out = t.gettext(msgid)
    return None if msgid in miss.missed else out


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def fold(text):
    return norm(text).casefold()


def clean(lang, text, stats):
    text = norm(text)
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
        stats["apostrophe normalised"] += 1
    for pattern, repl in FIXES[lang]:
        new = re.sub(pattern, repl, text)
        if new != text:
            stats["fixed"] += 1
            text = new
    return text


def uninvert(text):
    """'HEAD, TAIL' -> 'TAIL HEAD' (no space after an elided d'/l')."""
    if ", " not in text:
        return text
    head, tail = text.split(", ", 1)
    sep = "" if tail.endswith("'") else " "
    out = tail + sep + head
    return out[0].upper() + out[1:]


def drop_paren(text):
    return re.sub(r"\s*\([^()]*\)$", "", text)


def dedup(names, exclude):
    seen = {fold(n) for n in exclude}
    out = []
    for n in names:
        if n and fold(n) not in seen:
            seen.add(fold(n))
            out.append(n)
    return out


def build(codes, cats):
    rows, errors = [], []
    routes = {lang: {"override": 0, "common_name": 0, "name": 0}
              for lang in LANGS}
    stats = {lang: {"short name reordered": 0, "parenthesis dropped": 0,
                    "fixed": 0, "apostrophe normalised": 0,
                    "alias msgid untranslated": 0} for lang in LANGS}
    for code in codes:
        c = pycountry.countries.get(alpha_3=code)
        row = {"code": code}
        for lang in LANGS:
            st = stats[lang]
            override = OVERRIDES.get(code, {}).get(lang)
            if c is None and override is None:
                errors.append("%s: no ISO 3166-1 entry in pycountry and no "
                              "%s override" % (code, lang))
                continue

            def tr(msgid):
                if not msgid:
                    return None
                out = translate(cats, lang, msgid)
                if out is None:
                    return None
                return clean(lang, out, st)

            short = reordered = official = common = None
            if c is not None:
                raw = tr(c.name)
                if raw is not None:
                    reordered = uninvert(raw)
                    if reordered != raw:
                        st["short name reordered"] += 1
                    short = drop_paren(reordered)
                    if short != reordered:
                        st["parenthesis dropped"] += 1
                off_id = getattr(c, "official_name", None)
                official = tr(off_id)
                if official is not None and lang == "fr":
                    official = re.sub(r"^[Ll]'", "", official)
                    official = official[0].upper() + official[1:]
                com_id = getattr(c, "common_name", None)
                common = tr(com_id)
                for msgid, val in ((off_id, official), (com_id, common)):
                    if msgid and val is None:
                        st["alias msgid untranslated"] += 1
            if override is not None:
                name = override
                routes[lang]["override"] += 1
            elif code in COMMON_NAME and common is not None:
                name = common
                routes[lang]["common_name"] += 1
            elif short is not None:
                name = short
                routes[lang]["name"] += 1
            else:
                errors.append("%s: no %s translation of ISO name %r and no "
                              "override" % (code, lang, c.name))
                continue
            aliases = dedup([official, short, reordered, common], [name])
            row["name_" + lang] = name
            row["aliases_" + lang] = aliases
        rows.append(row)
    return rows, errors, routes, stats


def check(rows, codes):
    errors = []
    if codes != sorted(set(codes)):
        errors.append("participants.tsv codes are not unique and sorted")
    for lang in LANGS:
        owner = {}
        for r in rows:
            if "name_" + lang not in r:
                continue
            for n in [r["name_" + lang]] + r["aliases_" + lang]:
                if not n or n != norm(n) or any(ch in n for ch in BAD_CHARS):
                    errors.append("%s: bad %s name %r" % (r["code"], lang, n))
                owner.setdefault(fold(n), set()).add(r["code"])
        for n, cs in sorted(owner.items()):
            if len(cs) > 1:
                errors.append("%s name %r belongs to %s"
                              % (lang, n, " ".join(sorted(cs))))
    return errors


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    src = argv[1] if len(argv) > 1 else os.path.join(here, "participants.tsv")
    with open(src, encoding="utf-8", newline="") as fh:
        codes = [r["code"] for r in csv.DictReader(fh, delimiter="\t",
                                                   quoting=csv.QUOTE_NONE)]
    cats = load_catalogues()
    rows, errors, routes, stats = build(codes, cats)
    errors += check(rows, codes)
    if errors:
        for e in errors:
            print("FAIL: " + e, file=sys.stderr)
        print("%d failure(s); no TSV written" % len(errors), file=sys.stderr)
        return 1
    for lang in LANGS:
        print("%s: name_%s from %s" % (
            lang, lang, ", ".join("%s %d" % kv for kv in routes[lang].items())),
            file=sys.stderr)
        print("%s: %s" % (lang, ", ".join("%s %d" % kv
                                         for kv in stats[lang].items())),
              file=sys.stderr)
    out = ["\t".join(HEADER)]
    for r in rows:
        out.append("\t".join([r["code"], r["name_es"], r["name_fr"],
                              ";".join(r["aliases_es"]),
                              ";".join(r["aliases_fr"])]))
    sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))
    print("%d rows written" % len(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
