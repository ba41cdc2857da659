#!/usr/bin/env python3
"""Generate participants.tsv: the registry of treaty participants.

    pip install pycountry==26.2.16 beautifulsoup4 lxml
    python3 participants.py PAGES_DIR > participants.tsv

PAGES_DIR holds the saved UN Treaty Collection (UNTC) status pages (*.html, the
2026-02-03 set of 18 chapter IV pages).  The script

  * takes alpha-2, numeric (= UN M49 for countries) and the ISO short and
    official names from pycountry (pinned below; its data is Debian iso-codes),
  * applies the explicit override tables below (UNTC labels, UN status,
    aliases, dated former names, each with its source),
  * reads every participant name from the pages' participants tables, and
  * checks that every such name resolves to exactly one row, that every UN
    member and observer State has a row, and that no name (label, alias or
    former name, compared case-insensitively) points at two rows.

On any failure it prints the failures to stderr, writes no TSV and exits 1.
Per-page row counts go to stderr.  With --names it prints the sorted distinct
participant names found on the pages instead of the TSV.
"""

import glob
import importlib.metadata
import os
import re
import sys

import pycountry
from bs4 import BeautifulSoup

# ---------------------------------------------------------------------------
# Pinned data version.  pycountry 26.2.16 (PyPI), whose databases/ folder is
# the Debian iso-codes ISO 3166-1 data.  A different version may rename or
# re-code entries: re-run, diff the TSV and review before bumping this.
# ---------------------------------------------------------------------------
PYCOUNTRY_VERSION = "26.2.16"
assert importlib.metadata.version("pycountry") == PYCOUNTRY_VERSION, (
    "participants.py is pinned to pycountry==%s, found %s"
    % (PYCOUNTRY_VERSION, importlib.metadata.version("pycountry")))

HEADER = ["code", "alpha2", "numeric", "m49", "untc_name", "kind",
          "un_status", "aliases", "former_names"]

# ---------------------------------------------------------------------------
# UN membership.  The 193 Member States of the United Nations (UN list of
# Member States, un.org/en/about-us/member-states), as ISO alpha-3 codes.
# Cross-check: every one of them is a participant on at least one of the 18
# pages of 2026-02-03 (the script reports any that is not).
# ---------------------------------------------------------------------------
UN_MEMBERS = set("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())
assert len(UN_MEMBERS) == 193

# Non-member observer States of the General Assembly.
UN_OBSERVERS = {"VAT", "PSE"}  # Holy See, State of Palestine

# States that take part in treaties but are not UN members (both appear on the
# 2026-02-03 pages, e.g. CEDAW, CRC, ICESCR).
NON_MEMBER_STATES = {"COK", "NIU"}  # Cook Islands, Niue

# Participants with no ISO 3166-1 code: declared code, UNTC name, alias list.
# EUU is the code the World Bank uses for the European Union.  The EU is a
# participant on the CRPD page (IV-15, formal confirmation "c").
ORGANIZATIONS = {
    "EUU": "European Union",
}

# ---------------------------------------------------------------------------
# UNTC labels.  The participant name exactly as UNTC writes it on the
# 2026-02-03 pages (after stripping footnote <SUP>s), where it differs from
# pycountry's ISO short name.  Rows not listed use the ISO short name, which
# then equals the UNTC label (checked against the pages below).  For a code on
# no page this table should hold the UN member-states list short name.
# ---------------------------------------------------------------------------
UNTC_NAME = {
    "BHS": "Bahamas (The)",
    "BOL": "Bolivia (Plurinational State of)",
    "CZE": "Czech Republic",           # ISO short name "Czechia": see ALIASES
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "IRN": "Iran (Islamic Republic of)",
    "KNA": "St. Kitts and Nevis",      # UNTC abbreviates "Saint"
    "KOR": "Republic of Korea",
    "LCA": "St. Lucia",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VCT": "St. Vincent and the Grenadines",
    "VEN": "Venezuela (Bolivarian Republic of)",
}

# ---------------------------------------------------------------------------
# Extra aliases: other current names a user may type (common English names,
# ASCII spellings).  The ISO short name and ISO official name from pycountry
# are added automatically when they differ from the UNTC label.  A name listed
# as a former name below is never repeated as an alias.
# ---------------------------------------------------------------------------
ALIASES = {
    "BHS": ["The Bahamas"],
    "BRN": ["Brunei"],
    "CIV": ["Cote d'Ivoire", "Ivory Coast"],
    "COD": ["DR Congo"],
    "CZE": ["Czechia"],  # ISO short name; Czech short name notified to the UN
                         # 17 May 2016 (TREATIES.md §5 [C S28]).  UNTC's label
                         # is still "Czech Republic", so it is not a former name.
    "FSM": ["Micronesia"],
    "GBR": ["United Kingdom", "UK", "Great Britain", "Britain"],
    "GMB": ["The Gambia"],
    "IRN": ["Iran"],
    "KOR": ["South Korea"],
    "LAO": ["Laos"],
    "MDA": ["Moldova"],
    "NLD": ["Holland"],  # the common English name of the whole country
    "PRK": ["North Korea"],
    "PSE": ["Palestine"],
    "RUS": ["Russia"],
    "STP": ["São Tomé and Príncipe"],
    "SYR": ["Syria"],
    "TLS": ["East Timor"],
    "TUR": ["Turkiye"],
    "TZA": ["Tanzania"],
    "USA": ["United States"],
    "VAT": ["Vatican", "Vatican City"],
    "VEN": ["Venezuela"],
    "VNM": ["Vietnam"],
}

# ---------------------------------------------------------------------------
# Former names: (name, from, to).  Dates are ISO YYYY-MM-DD or "" when no
# source gives them: no date here is guessed.  The end notes of the 18 pages
# of 2026-02-03 record successions, reservations and objections but state no
# name-change date (checked with a search of the notes for "formerly",
# "name", "changed" and every name below), so every date comes from
# /work/shared/design/TREATIES.md section 5 entries marked [C] (confirmed).
# TO is the changeover date as the source states it ("until D", new name "as
# from D" / "in effect D"); the new name applies from TO.
# ---------------------------------------------------------------------------
FORMER_NAMES = {
    # TREATIES.md §5: "Bahamas (The)" is the label on every 2026-02-03 page;
    # UNTC formerly wrote "Bahamas".  No source dates the relabelling.
    "BHS": [("Bahamas", "", "")],
    # TREATIES.md §5 [C S8]: "Bolivia (Plurinational State of) as from 9 Apr 2009".
    "BOL": [("Bolivia", "", "2009-04-09")],
    # TREATIES.md §5 [C S8]: "Belarus: Formerly Byelorussian SSR until 18 Sep 1991".
    # The long form is the same name spelled out (cat.html note 18).
    "BLR": [("Byelorussian SSR", "", "1991-09-18"),
            ("Byelorussian Soviet Socialist Republic", "", "1991-09-18")],
    # Undated: no source in reach gives the date.
    "BEN": [("Dahomey", "", "")],
    "BFA": [("Upper Volta", "", "")],
    # icescr.html notes 4-5 (on the Cambodia row): the signature "was effected
    # by Democratic Kampuchea".  Undated.
    "KHM": [("Democratic Kampuchea", "", "")],
    # TREATIES.md §5 [C S8]: "Cabo Verde: Formerly Cape Verde until 24 Oct 2013".
    "CPV": [("Cape Verde", "", "2013-10-24")],
    # icescr.html note 20: the Congo withdraws a reservation worded as "The
    # Government of the People's Republic of the Congo declares ...".  Undated.
    "COG": [("People's Republic of the Congo", "", "")],
    "COD": [("Zaire", "", "")],
    # cerd.html note 18 refers to "the declaration made by the Government of
    # the United Arab Republic upon signature" (Egypt's signature).  Undated.
    "EGY": [("United Arab Republic", "", "")],
    # EC replaced by the EU (Lisbon); UNTC lists the EU.  Undated here.
    "EUU": [("European Community", "", "")],
    "LBY": [("Libyan Arab Jamahiriya", "", ""),
            ("Libyan Arab Republic", "", "")],   # icescr.html note 22
    "LKA": [("Ceylon", "", "")],
    # TREATIES.md §5 [C S30]: new name in effect 12 Feb 2019.  The notes of
    # cat/cedaw/icescr/iccpr_op1 spell the old name "The Former Yugoslav
    # Republic of Macedonia"; the UN form below matches it case-insensitively.
    "MKD": [("The former Yugoslav Republic of Macedonia", "", "2019-02-12")],
    "MMR": [("Burma", "", "")],
    # TREATIES.md §5 (Also seen): UNTC label formerly "Netherlands".  Undated.
    "NLD": [("Netherlands", "", "")],
    # TREATIES.md §5 [C S27]: Russian Federation continues the USSR (letter of
    # 24 Dec 1991); the row carries USSR actions.  The letter date is not a
    # name-change date, so TO is left empty.
    "RUS": [("Union of Soviet Socialist Republics", "", ""),
            ("USSR", "", "")],
    # TREATIES.md §5 [C S29]: FRY renamed "Serbia and Montenegro" 4 Feb 2003;
    # Serbia continues the State Union after Montenegro's independence
    # (3 Jun 2006).  The sources do not state the date the name "Serbia"
    # replaced "Serbia and Montenegro", so that TO is empty.  FRY's own start
    # (27 Apr 1992) is [R] only, so FROM of "Yugoslavia" is empty.
    # "Yugoslavia" is UNTC's label for the FRY; the SFRY is "former Yugoslavia"
    # and is a predecessor, not a former name (crc.html note 56).
    "SRB": [("Yugoslavia", "", "2003-02-04"),
            ("Federal Republic of Yugoslavia", "", "2003-02-04"),
            ("Serbia and Montenegro", "2003-02-04", "")],
    # TREATIES.md §5: Swaziland -> Eswatini (2018) is [R] only: undated.
    "SWZ": [("Swaziland", "", "")],
    # TREATIES.md §5: Turkey -> Türkiye (2022) is [R] only: undated.
    "TUR": [("Turkey", "", "")],
    # Ukrainian SSR (icescr.html note 7; long form cat.html note 18).  Undated.
    "UKR": [("Ukrainian SSR", "", ""),
            ("Ukrainian Soviet Socialist Republic", "", "")],
    "WSM": [("Western Samoa", "", "")],
}

DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})?$")


def norm(text):
    """nbsp -> space, collapse whitespace runs, trim (entities are decoded
    by the HTML parser)."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def fold(name):
    return norm(name).casefold()


def read_pages(pages_dir):
    """Return {file: [participant name per data row]}."""
    files = sorted(glob.glob(os.path.join(pages_dir, "*.html")))
    if not files:
        sys.exit("no *.html in %s" % pages_dir)
    pages = {}
    for path in files:
        with open(path, encoding="utf-8") as fh:
            soup = BeautifulSoup(fh.read(), "lxml")
        tables = soup.select('table[id$="_tblgrid"]')
        if len(tables) != 1:
            sys.exit("%s: expected one participants table, found %d"
                     % (path, len(tables)))
        rows = tables[0].select("tr")
        if not rows or "thead-one" not in (rows[0].get("class") or []):
            sys.exit("%s: first row is not the tr.thead-one header" % path)
        names = []
        for tr in rows[1:]:
            cell = tr.find("td")
            for sup in cell.find_all("sup"):  # footnote numbers
                sup.decompose()
            names.append(norm(cell.get_text()))
        pages[os.path.basename(path)] = names
    return pages


def dedup(names, exclude):
    seen = {fold(n) for n in exclude}
    out = []
    for n in names:
        n = norm(n)
        if n and fold(n) not in seen:
            seen.add(fold(n))
            out.append(n)
    return out


def build_rows():
    codes = sorted(UN_MEMBERS | UN_OBSERVERS | NON_MEMBER_STATES
                   | set(ORGANIZATIONS))
    rows = []
    for code in codes:
        former = FORMER_NAMES.get(code, [])
        former_set = [f[0] for f in former]
        if code in ORGANIZATIONS:
            alpha2 = numeric = m49 = ""
            untc = ORGANIZATIONS[code]
            kind, status = "organization", "organization"
            iso_names = []
        else:
            c = pycountry.countries.get(alpha_3=code)
            if c is None:
                sys.exit("pycountry has no alpha-3 %s" % code)
            alpha2, numeric = c.alpha_2, c.numeric
            m49 = numeric  # UN M49 uses the ISO 3166-1 numeric code for countries
            untc = UNTC_NAME.get(code, c.name)
            kind = "state"
            status = ("member" if code in UN_MEMBERS else
                      "observer" if code in UN_OBSERVERS else "non_member")
            # iso-codes writes a few official names with a lowercase article
            # ("the State of Eritrea"); drop it.
            iso_names = [re.sub(r"^the ", "", n) for n in
                         (c.name, getattr(c, "official_name", ""),
                          getattr(c, "common_name", ""))]
        aliases = dedup(iso_names + ALIASES.get(code, []),
                        [untc] + former_set)
        rows.append({
            "code": code, "alpha2": alpha2, "numeric": numeric, "m49": m49,
            "untc_name": untc, "kind": kind, "un_status": status,
            "aliases": aliases, "former": former,
        })
    return rows


def check(rows, pages):
    errors = []
    by_name = {}  # folded name -> set of codes
    for r in rows:
        names = ([r["untc_name"]] + r["aliases"] + [f[0] for f in r["former"]])
        for n in names:
            if not n or any(ch in n for ch in ";|\t\r\n") or n != norm(n):
                errors.append("%s: bad name %r" % (r["code"], n))
            by_name.setdefault(fold(n), set()).add(r["code"])
        for name, start, end in r["former"]:
            if not DATE_RE.match(start) or not DATE_RE.match(end):
                errors.append("%s: bad date in former name %r" % (r["code"], name))
            if start and end and start > end:
                errors.append("%s: FROM after TO for %r" % (r["code"], name))
    for n, codes in sorted(by_name.items()):
        if len(codes) > 1:
            errors.append("name %r resolves to %d rows: %s"
                          % (n, len(codes), " ".join(sorted(codes))))
    untc = {}
    for r in rows:
        untc.setdefault(r["untc_name"], []).append(r["code"])
    on_pages = set()
    for page, names in pages.items():
        for n in names:
            hits = untc.get(n, [])
            if len(hits) != 1:
                errors.append("%s: participant %r matches %d rows by untc_name%s"
                              % (page, n, len(hits),
                                 (" (resolves by alias/former name to %s)"
                                  % " ".join(sorted(by_name[fold(n)])))
                                 if fold(n) in by_name else ""))
            else:
                on_pages.add(hits[0])
    have = {r["code"] for r in rows}
    for code in sorted((UN_MEMBERS | UN_OBSERVERS) - have):
        errors.append("UN member/observer %s has no row" % code)
    return errors, on_pages


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit("usage: participants.py [--names] PAGES_DIR > participants.tsv")
    pages = read_pages(args[0])
    total = 0
    for page, names in pages.items():
        print("%-16s %4d participant rows" % (page, len(names)), file=sys.stderr)
        total += len(names)
    distinct = sorted({n for names in pages.values() for n in names})
    print("total %d participant rows, %d distinct names, %d pages"
          % (total, len(distinct), len(pages)), file=sys.stderr)
    if "--names" in argv:
        sys.stdout.write("".join(n + "\n" for n in distinct))
        return 0
    rows = build_rows()
    errors, on_pages = check(rows, pages)
    if errors:
        for e in errors:
            print("FAIL: " + e, file=sys.stderr)
        print("%d failure(s); no TSV written" % len(errors), file=sys.stderr)
        return 1
    absent = [r["code"] for r in rows if r["code"] not in on_pages]
    if absent:
        print("rows on no page (untc_name is the UN short name): "
              + " ".join(absent), file=sys.stderr)
    out = ["\t".join(HEADER)]
    for r in rows:
        out.append("\t".join([
            r["code"], r["alpha2"], r["numeric"], r["m49"], r["untc_name"],
            r["kind"], r["un_status"], ";".join(r["aliases"]),
            ";".join("%s|%s|%s" % f for f in r["former"]),
        ]))
    sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))
    print("%d rows written" % len(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
