"""Makes population.csv from the World Bank series SP.POP.TOTL as repackaged by the
datasets/population project (see README.md, "Population"): the rows of the registry's States,
as code,year,value, sorted. Run from the repository root with the source CSV as argument:

    python3 crates/treaty-model/data/population.py ../shared/data/population/population.csv
"""
import csv
import sys

here = "crates/treaty-model/data/"
states = set()
with open(here + "participants.tsv", encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row["kind"] == "state":  # the EU is an organization: never summed with its members
            states.add(row["code"])

rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["Country Code"] in states and row["Value"]:
            rows.append((row["Country Code"], int(row["Year"]), int(float(row["Value"]))))
rows.sort()
with open(here + "population.csv", "w", encoding="utf-8", newline="\n") as f:
    f.write("code,year,population\n")
    for code, year, value in rows:
        f.write(f"{code},{year},{value}\n")
missing = sorted(states - {r[0] for r in rows})
print(f"{len(rows)} rows, {len({r[0] for r in rows})} States; no figures for: {', '.join(missing)}")
