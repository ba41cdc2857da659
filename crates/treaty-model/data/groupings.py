#!/usr/bin/env python3
"""Generate groupings.tsv: the groupings and codes researchers merge and group by.

    python3 -m venv /tmp/ccvenv && /tmp/ccvenv/bin/pip install countrycode==0.6.0
    /tmp/ccvenv/bin/python groupings.py > groupings.tsv

For every participant of participants.tsv (same order, by code):

  * UN M49 region, sub-region and intermediate region (codes and English names),
    Correlates of War (COW) and Gleditsch-Ward (GW) numeric codes: from the
    `countrycode` package (PyPI, version pinned below; Vincent Arel-Bundock's
    country code list, GPL-3.0-or-later, whose M49 columns transcribe the UN
    Statistics Division's "Standard country or area codes for statistical use",
    and whose COW and GW columns the COW State System Membership list and
    Gleditsch & Ward's list of independent states);
  * the UN regional group: the UN Department for General Assembly and
    Conference Management's list "Regional groups of Member States",
    transcribed below as REGIONAL_GROUPS with its special cases.

A code the source lacks is left empty and the reason is listed in NO_CODE; any
other gap makes the script fail (exit 1, the gaps on stderr, no TSV written).
"""

import importlib.metadata
import math
import os
import pickle
import sys

import countrycode

COUNTRYCODE_VERSION = "0.6.0"
assert importlib.metadata.version("countrycode") == COUNTRYCODE_VERSION, (
    "groupings.py is pinned to countrycode==%s, found %s"
    % (COUNTRYCODE_VERSION, importlib.metadata.version("countrycode")))

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["code", "m49_region_code", "m49_region", "m49_subregion_code",
          "m49_subregion", "m49_intermediate_code", "m49_intermediate",
          "un_regional_group", "cow_code", "gw_code"]

# ---------------------------------------------------------------------------
# UN regional groups: "Regional groups of Member States", UN Department for
# General Assembly and Conference Management (un.org/dgacm/en/content/
# regional-groups), as ISO alpha-3 codes. Special cases, as the page and the
# UN's own answer page (ask.un.org/faq/14521) state them:
#   * Türkiye participates fully in both the Asia-Pacific and the Western
#     European and other States groups, and for electoral purposes is counted
#     in the latter: WEOG here.
#   * The United States is in no group; it attends the Western European and
#     other States group as an observer and is counted in it for electoral
#     purposes: WEOG here.
#   * Israel: a full member of WEOG (temporarily from May 2000, permanently
#     from 2004).
#   * Kiribati: listed in the Asia-Pacific group.
# Non-member States (Holy See, State of Palestine, Cook Islands, Niue) are in
# no group of Member States: left empty.
# ---------------------------------------------------------------------------
REGIONAL_GROUPS = {
    "African": """
DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG CIV COD DJI EGY GNQ ERI SWZ ETH
GAB GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA
STP SEN SYC SLE SOM ZAF SSD SDN TGO TUN UGA TZA ZMB ZWE""",
    "Asia-Pacific": """
AFG BHR BGD BTN BRN KHM CHN CYP PRK FJI IND IDN IRN IRQ JPN JOR KAZ KIR KWT KGZ
LAO LBN MYS MDV MHL FSM MNG MMR NRU NPL OMN PAK PLW PNG PHL QAT KOR WSM SAU SGP
SLB LKA SYR TJK THA TLS TON TKM TUV ARE UZB VUT VNM YEM""",
    "Eastern European": """
ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN LVA LTU MNE MKD POL MDA ROU RUS SRB
SVK SVN UKR""",
    "Latin American and Caribbean": """
ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND
JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN""",
    "Western European and others": """
AND AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ISR ITA LIE LUX MLT MCO NLD NZL
NOR PRT SMR ESP SWE CHE TUR GBR USA""",
}
EXPECTED_SIZES = {"African": 54, "Asia-Pacific": 54, "Eastern European": 23,
                  "Latin American and Caribbean": 33,
                  "Western European and others": 29}

# Codes the source has no value for, with the reason (shown in README.md).
NO_CODE = {
    "cow_code": {
        "COK": "not a state of the COW system",
        "NIU": "not a state of the COW system",
        "PSE": "not a state of the COW system",
        "SRB": "countrycode gives none: COW codes Yugoslavia (345), which Serbia continues",
    },
    "gw_code": {c: "microstate or not in Gleditsch & Ward's list, as countrycode gives it"
                for c in "AND ATG COK DMA FSM GRD KIR KNA LCA LIE MCO MHL NIU NRU PLW PSE "
                         "SMR STP SYC TON TUV VCT VUT WSM YEM".split()},
}


def value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def m49(v):
    v = value(v)
    return v.zfill(3) if v else ""


def main():
    with open(os.path.join(os.path.dirname(countrycode.__file__), "data", "codelist.pickle"), "rb") as f:
        data = pickle.load(f)
    keys = ["iso3c", "un.region.code", "un.region.name", "un.regionsub.code",
            "un.regionsub.name", "un.regionintermediate.code",
            "un.regionintermediate.name", "cown", "gwn"]
    by_code = {}
    for row in zip(*[data[k] for k in keys]):
        if row[0]:
            by_code[row[0]] = row

    group_of = {}
    failures = []
    for group, codes in REGIONAL_GROUPS.items():
        codes = codes.split()
        if len(codes) != EXPECTED_SIZES[group]:
            failures.append("%s: %d codes, expected %d" % (group, len(codes), EXPECTED_SIZES[group]))
        for c in codes:
            if c in group_of:
                failures.append("%s in two groups" % c)
            group_of[c] = group

    with open(os.path.join(HERE, "participants.tsv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = lines[0].split("\t")
    participants = [dict(zip(head, l.split("\t"))) for l in lines[1:]]
    members = {p["code"] for p in participants if p["un_status"] == "member"}
    if set(group_of) != members:
        failures.append("groups vs UN members: missing %s, extra %s"
                        % (sorted(members - set(group_of)), sorted(set(group_of) - members)))

    out = ["\t".join(HEADER)]
    for p in participants:
        code = p["code"]
        if p["kind"] == "organization":
            out.append("\t".join([code] + [""] * (len(HEADER) - 1)))
            continue
        row = by_code.get(code)
        if row is None:
            failures.append("%s: not in countrycode" % code)
            continue
        fields = {
            "m49_region_code": m49(row[1]), "m49_region": value(row[2]),
            "m49_subregion_code": m49(row[3]), "m49_subregion": value(row[4]),
            "m49_intermediate_code": m49(row[5]), "m49_intermediate": value(row[6]),
            "un_regional_group": group_of.get(code, ""),
            "cow_code": value(row[7]), "gw_code": value(row[8]),
        }
        for col in ["m49_region_code", "m49_region", "m49_subregion_code", "m49_subregion"]:
            if not fields[col]:
                failures.append("%s: no %s" % (code, col))
        for col, known in NO_CODE.items():
            if not fields[col] and code not in known:
                failures.append("%s: no %s and no reason listed" % (code, col))
            if fields[col] and code in known:
                failures.append("%s: has %s %s, but NO_CODE lists it" % (code, col, fields[col]))
        out.append("\t".join([code] + [fields[h] for h in HEADER[1:]]))

    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    sys.stdout.write("\n".join(out) + "\n")
    print("%d rows" % (len(out) - 1), file=sys.stderr)


if __name__ == "__main__":
    main()
