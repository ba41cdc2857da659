"""Writes docs/DATA.md from outputs/datapackage.json and outputs/schemas/*.json (run from the repository root)."""
import json
order=["events","status","campaign","timeline","participants","treaties","reservations","objections","notifications","procedures","population","panel"]
dp=json.load(open('outputs/datapackage.json'))
out=["# The dataset","",
"What `treaty build` writes to `outputs/`, table by table and column by column. The same text is in",
"`outputs/datapackage.json` and its schemas (`outputs/schemas/<table>.json`), from which this page is",
"made by `python3 docs/gen_data_md.py` (run it after `treaty build` when a column changes); a test",
"checks that every column there is described here.","",
"## Files","",
"Each table is written three times, with the same rows in the same order and the same columns:","",
"- `<table>.csv`: RFC 4180 — UTF-8 without a byte-order mark, a header row, CRLF line ends, fields",
"  quoted where needed, ISO 8601 dates (`2013-05-05`) and times (`2026-11-22T12:17:41Z`, UTC), an",
"  empty field where a value is missing, `true`/`false`. **Formulas are neutralised**: a text cell",
"  that a spreadsheet would run as a formula — one that starts with `=`, `+`, `-`, `@`, a tab or a",
"  carriage return — is written with a leading apostrophe (`'=HYPERLINK(…)`). Dates, numbers and",
"  booleans are never changed, and the Parquet and JSON files keep the text as it is.",
"- `<table>.parquet`: typed columns — dates as `date32`, times as UTC timestamps (milliseconds),",
"  integers as `int64`, booleans, codes dictionary-encoded — zstd-compressed, with statistics, and",
"  key-value metadata `treaty:version`, `treaty:created` and `treaty:heads` (each stream's head hash).",
"- `<table>.json`: an array of objects, one per line, keys in column order, ISO dates and times as",
"  strings, `null` where a value is missing.","",
"Beside them: `datapackage.json` (Frictionless Data Package v2: version, created, licence, sources,",
"one schema per table shared by its three files, primary and foreign keys, the sha256 of every table",
"file and the bytes of every CSV file — frictionless measures the size of a CSV file but not of a",
"Parquet or JSON one, so those declare their hash only), `SHA256SUMS` (`sha256sum -c SHA256SUMS`, every file of the release), `CHANGELOG.md`",
"(what each release changed, in sentences) and `CITATION.cff`.","",
"And for people: `index.html`, the dataset's page (the OP-ICESCR's figures, the campaign map, a",
"timeline chart, a searchable table of States, every treaty's figures, every file with its size and",
"sha256, how to cite; one self-contained file that fetches nothing and opens from disk), and",
"`maps/<treaty>.svg`, a world map of each treaty's status on the release's as-of date (for the",
"OP-ICESCR the campaign's four categories; for the others party, signatory, neither). The page and",
"the maps are listed in `SHA256SUMS` but not in `datapackage.json`, which describes the tables.","",
"The eleven tables: `events` (the log), `status` and `campaign` (the fold on the release's date),",
"`timeline`, `participants` (codes, names in three languages, UN M49 regions, UN regional groups,",
"Correlates of War and Gleditsch-Ward codes), `treaties` (with `core`: the nine core treaties), the",
"terms on which each State is bound — `reservations`, `objections`, `notifications` (derogations",
"and others) and `procedures` (which complaint and inquiry procedures each participant accepts, on",
"what basis, since when) — and `population` (each State's population by year, to weight by).","",
"Codes are text, so that their leading zeros stay (`m49` \"004\" for Afghanistan, `iso_numeric`,",
"the `m49_*_code` columns). The Parquet and JSON files keep them as strings; from CSV, say so:","",
"```python",
"pd.read_csv('outputs/participants.csv', dtype={'iso_numeric': str, 'm49': str, 'm49_region_code': str,",
"            'm49_subregion_code': str, 'm49_intermediate_code': str}, keep_default_na=False, na_values=[''])",
"```","",
"```r",
"readr::read_csv('outputs/participants.csv', col_types = readr::cols(iso_numeric = 'c', m49 = 'c',",
"                m49_region_code = 'c', m49_subregion_code = 'c', m49_intermediate_code = 'c'))",
"```","",
"(`keep_default_na=False` keeps Namibia's alpha-2 code `NA` from being read as missing.)","",
"Dates of the terms of participation: an entry the record dates is `stated`; one the record says",
"was made \"upon ratification, accession or succession\" (in its heading, or in its section's",
"\"Unless otherwise indicated\" line) takes that instrument's date, `upon_consent`; \"upon",
"signature\", the signature's, `upon_signature`. An entry with no such basis is not in the tables:",
"`treaty scrape` lists it for a person to record.","",
"Load a table in one line:","",
"```python",
"pd.read_parquet('outputs/status.parquet')              # pandas",
"duckdb.sql(\"select * from 'outputs/status.parquet'\")   # DuckDB",
"```","",
"```r",
"arrow::read_parquet('outputs/status.parquet')          # R",
"```","",
"## Versions","",
"The version follows the Data Package version recipe: new events raise the minor version, a release",
"whose only new events are corrections or retractions raises the patch, and a change of the tables'",
"layout (a schema) raises the major version. `created` is the time of the latest recorded event, not",
"the time of the build, so the same log always gives the same files; the `status`, `campaign`,",
"`procedures` and terms tables are as of that day unless `treaty build --as-of` says otherwise.",
"That date is `treaty:as_of` in `datapackage.json`, not a column of every row: a release that adds",
"one event changes only the rows that depend on it (a test counts them: one ratification changes",
"about 30 lines of the CSV and JSON tables), the Parquet files of those tables (whose key-value",
"metadata names only the table and its layout, `treaty:table` and `treaty:schema_sha256`), the",
"release's metadata, and the pages and maps, which show the date.",""]
for name in order:
    res=[r for r in dp['resources'] if r['name']==name+'-csv'][0]
    schema=json.load(open('outputs/schemas/%s.json'%name))
    out+= ["## `%s`"%name,"",res['description'],"","Primary key: %s."%', '.join('`'+k+'`' for k in schema['primaryKey'])]
    for fk in schema.get('foreignKeys',[]):
        out.append("Foreign key: %s → `%s` (%s)."%(', '.join('`'+k+'`' for k in fk['fields']), fk['reference']['resource'].rsplit('-',1)[0], ', '.join('`'+k+'`' for k in fk['reference']['fields'])))
    out+=["","| column | type | required | meaning |","|---|---|---|---|"]
    for f in schema['fields']:
        req='yes' if f.get('constraints',{}).get('required') else ''
        out.append("| `%s` | %s | %s | %s |"%(f['name'],f['type'],req,f['description'].replace('|','\\|')))
    out.append("")
open('docs/DATA.md','w').write("\n".join(out))
