//! `index.html`: the dataset's page, one self-contained file that works from `file://` and
//! makes no request of its own (inline CSS, inline script, the map and the chart as inline
//! SVG, no fonts, no images; a Content Security Policy that forbids any fetch). It shows the
//! OP-ICESCR's headline figures, the campaign map, a timeline chart, a searchable and
//! sortable table of States, every treaty's figures with its map, every file of the release
//! with its size and SHA-256, how to cite, and the sources' status-as-at.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use treaty_fold::Snapshot;
use treaty_model::{Sha256, TreatyId};

use crate::map::{RAMP, TreatyMap, esc, long_date, status_words};
use crate::table::{Table, Value};

/// What the page is made from.
#[derive(Debug)]
pub struct Site<'a> {
    /// The release's version.
    pub version: &'a str,
    /// The release's `created` time (the latest recorded event).
    pub created: DateTime<Utc>,
    /// The date the status is for.
    pub as_of: NaiveDate,
    /// The fold.
    pub snapshot: &'a Snapshot,
    /// The `timeline` table.
    pub timeline: &'a Table,
    /// Each treaty's latest "status as at" of its sources.
    pub status_as_at: Vec<(TreatyId, Option<DateTime<FixedOffset>>)>,
    /// The files written before the page: name, size, digest, and what each holds.
    pub files: Vec<(String, u64, Sha256, String)>,
    /// The text of `CITATION.cff`.
    pub citation_cff: &'a str,
    /// The dataset's title.
    pub title: &'a str,
    /// Where the code and the data live.
    pub homepage: &'a str,
    /// The data's licence: (id, URL).
    pub license: (&'a str, &'a str),
}

fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// "321 million", "1.4 billion": how campaigners say it.
fn millions(people: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let m = people as f64 / 1e6;
    if m >= 1000.0 {
        format!("{:.1} billion", m / 1000.0)
    } else if m >= 10.0 {
        format!("{m:.0} million")
    } else {
        format!("{m:.1} million")
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn opt_date(d: Option<NaiveDate>) -> (String, String) {
    d.map_or_else(|| (String::new(), "—".to_owned()), |d| (d.to_string(), d.format("%-d %b %Y").to_string()))
}

const CSS: &str = r#"
:root{--ink:#111827;--muted:#4b5563;--line:#d1d5db;--bg:#ffffff;--soft:#f3f6f9;--accent:#1b2a78;--link:#1d4ed8}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
body{margin:0}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.site{background:var(--accent);color:#fff;padding:1.5rem 1rem 1.25rem}
header.site a{color:#fff}
.wrap{max-width:1100px;margin:0 auto;padding:0 1rem}
header.site h1{margin:0 0 .25rem;font-size:1.7rem;line-height:1.25}
header.site p{margin:.25rem 0;max-width:60rem}
header.site .meta{opacity:.9;font-size:.95rem}
main section{margin:2.25rem 0}
h2{font-size:1.4rem;margin:0 0 .75rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0;list-style:none}
.figures li{flex:1 1 12rem;background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem}
.figures .n{display:block;font-size:2.2rem;font-weight:700;line-height:1.1;color:var(--accent)}
.figures .l{color:var(--muted)}
figure{margin:1rem 0}
figure svg{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:.5rem;background:#fff}
figcaption{color:var(--muted);font-size:.95rem;margin-top:.4rem}
.treaty-map [data-code]{cursor:pointer}
.treaty-map [data-code]:hover{opacity:.8}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0;z-index:1}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.nowrap{white-space:nowrap}
th small{font-weight:400;color:var(--muted)}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;color:inherit;cursor:pointer;text-align:left}
th button .arrow{display:inline-block;width:1em;color:var(--muted)}
th[aria-sort=ascending] .arrow::after{content:"▲"}
th[aria-sort=descending] .arrow::after{content:"▼"}
th:not([aria-sort]) .arrow::after{content:"↕";opacity:.5}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #56606c;vertical-align:-.1em;margin-right:.4em}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.5rem 0 .75rem}
.controls label{display:block;font-weight:600;font-size:.9rem}
.controls input,.controls select{font:inherit;padding:.35rem .5rem;border:1px solid #6b7280;border-radius:.3rem;min-width:16rem}
.count{color:var(--muted)}
.scroll{max-height:36rem;overflow:auto;border:1px solid var(--line);border-radius:.5rem}
.scroll:focus-visible,.wide:focus-visible{outline:3px solid #f59e0b}
.wide{overflow-x:auto;border:1px solid var(--line);border-radius:.5rem}
code,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.85em}
.hash{word-break:break-all;color:var(--muted)}
pre{background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:.75rem;overflow:auto;font-size:.85rem}
blockquote{margin:.5rem 0;padding:.5rem 1rem;border-left:4px solid var(--accent);background:var(--soft)}
details{margin:.5rem 0}
summary{cursor:pointer;font-weight:600}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
footer{border-top:1px solid var(--line);color:var(--muted);padding:1rem 0 2rem;font-size:.9rem}
@media (max-width:640px){.figures .n{font-size:1.7rem}.controls input,.controls select{min-width:0;width:100%}}
"#;

const SCRIPT: &str = r#"
(function () {
  "use strict";
  var table = document.getElementById("states");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var search = document.getElementById("state-search");
  var category = document.getElementById("state-category");
  var count = document.getElementById("state-count");
  function norm(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function apply() {
    var q = norm(search.value.trim()), c = category.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || norm(r.getAttribute("data-name")).indexOf(q) >= 0 || r.getAttribute("data-code").toLowerCase() === q)
        && (!c || r.getAttribute("data-category") === c);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown + " of " + rows.length + " States shown";
  }
  search.addEventListener("input", apply);
  category.addEventListener("change", apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var col = th.cellIndex;
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
        if (x === y) { return a.getAttribute("data-name").localeCompare(b.getAttribute("data-name")); }
        if (x === "") { return 1; }
        if (y === "") { return -1; }
        var r = x < y ? -1 : 1;
        return ascending ? r : -r;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".treaty-map [data-code]"), function (el) {
    el.addEventListener("click", function () {
      var code = el.getAttribute("data-code");
      var row = rows.filter(function (r) { return r.getAttribute("data-code") === code; })[0];
      if (!row) { return; }
      search.value = row.getAttribute("data-name");
      category.value = "";
      apply();
      search.focus();
      table.scrollIntoView();
    });
  });
  apply();
})();
"#;

impl Site<'_> {
    /// The page.
    #[must_use]
    pub fn html(&self) -> String {
        let op = TreatyId::parse("op-icescr").expect("catalogue");
        let icescr = TreatyId::parse("icescr").expect("catalogue");
        let map = TreatyMap::new(self.snapshot, op, self.as_of);
        let summary = self.snapshot.summary(op, self.as_of);
        let latest_status = self.status_as_at.iter().filter_map(|(_, s)| *s).max();
        let mut o = String::with_capacity(400_000);
        let w = &mut o;
        w.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Nothing may be fetched: no scripts, styles, fonts, images or connections from anywhere.
        w.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n");
        w.push_str("<link rel=\"icon\" href=\"data:,\">\n");
        writeln!(
            w,
            "<title>Has your country ratified the OP-ICESCR? — {} {}</title>",
            esc(self.title),
            esc(self.version)
        )
        .expect("string");
        writeln!(w, "<meta name=\"description\" content=\"{}\">", esc(&map.description())).expect("string");
        writeln!(w, "<style>{CSS}</style>\n</head>\n<body>").expect("string");
        w.push_str("<a class=\"skip\" href=\"#states-section\">Skip to the table of States</a>\n");

        // Header.
        writeln!(
            w,
            "<header class=\"site\"><div class=\"wrap\"><h1>Has your country ratified the OP-ICESCR?</h1>\
<p>The status of every State in the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights, and in all 18 core UN human rights treaties, from a sourced, append-only ledger of treaty actions.</p>\
<p class=\"meta\">Release {} · status on {} · source: UN Treaty Collection, status as at {}</p></div></header>",
            esc(self.version),
            long_date(self.as_of),
            latest_status.map_or_else(|| "—".to_owned(), |s| long_date(s.date_naive()))
        )
        .expect("string");
        w.push_str("<main class=\"wrap\">\n");

        // Headline figures.
        let eif = summary.entry_into_force.unwrap_or(summary.entry_into_force_recorded);
        writeln!(
            w,
            "<section aria-labelledby=\"figures-h\"><h2 id=\"figures-h\">The Optional Protocol on {}</h2>\
<ul class=\"figures\">\
<li><span class=\"n\">{}</span> <span class=\"l\">signatories</span></li>\
<li><span class=\"n\">{}</span> <span class=\"l\">parties (ratifications and accessions), home to {} people{}</span></li>\
<li><span class=\"n\">{}</span> <span class=\"l\">parties for which it is in force</span></li>\
<li><span class=\"n\">{}</span> <span class=\"l\">of the {} States are parties to the Covenant</span></li>\
</ul><p>The Protocol was adopted on {}, opened for signature on {} and entered into force on {}, three months after the tenth ratification (art. 18).</p></section>",
            long_date(self.as_of),
            summary.signatories,
            summary.parties,
            millions(summary.population_parties),
            if summary.population_unknown.is_empty() {
                String::new()
            } else {
                format!(
                    " (without {}, for which the World Bank gives no figure)",
                    summary.population_unknown.iter().map(|p| esc(p.name())).collect::<Vec<_>>().join(", ")
                )
            },
            summary.in_force,
            map.states.iter().filter(|s| self.snapshot.status(icescr, s.participant, self.as_of).party).count(),
            map.states.len(),
            long_date(op.treaty().adopted),
            long_date(op.treaty().opened_for_signature),
            long_date(eif),
        )
        .expect("string");

        // The map.
        w.push_str("<section aria-labelledby=\"map-h\"><h2 id=\"map-h\">The campaign map</h2>\n<figure>\n");
        w.push_str(&map.svg(false));
        writeln!(
            w,
            "<figcaption>Every State, coloured by its category on {}. Hover over a State (or a dot, for a State too small to show) for its dates; click it to find it in the <a href=\"#states-section\">table of States</a>, which gives the same information as text. Map as a file: <a href=\"maps/op-icescr.svg\">maps/op-icescr.svg</a>; the other treaties' maps are listed <a href=\"#treaties-section\">below</a>.</figcaption>\n</figure></section>",
            long_date(self.as_of)
        )
        .expect("string");

        // The timeline.
        self.timeline_section(w, op, eif);

        // The procedures beyond individual complaints.
        self.procedures_section(w, op);

        // The table of States.
        self.states_section(w, &map, icescr, op);

        // Every treaty.
        self.treaties_section(w);

        // Downloads.
        w.push_str(
            "<section id=\"downloads\" aria-labelledby=\"downloads-h\"><h2 id=\"downloads-h\">Download the data</h2>\n",
        );
        w.push_str("<p>Every table comes as CSV, Parquet and JSON, with the same rows and columns, described column by column in <a href=\"datapackage.json\">datapackage.json</a> (a Frictionless Data Package). Check the files with <code>sha256sum -c SHA256SUMS</code>. In Python: <code>pandas.read_parquet(\"campaign.parquet\")</code>.</p>\n");
        w.push_str("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"downloads-h\"><table><caption class=\"visually-hidden\">Files of the release with their size and SHA-256</caption><thead><tr><th scope=\"col\">File</th><th scope=\"col\">What it holds</th><th scope=\"col\" class=\"num\">Size</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>\n");
        for (name, bytes, hash, what) in &self.files {
            writeln!(
                w,
                "<tr><td><a href=\"{0}\">{0}</a></td><td>{1}</td><td class=\"num\" title=\"{2} bytes\">{3}</td><td class=\"hash\">{4}</td></tr>",
                esc(name),
                esc(what),
                bytes,
                size(*bytes),
                hash
            )
            .expect("string");
        }
        w.push_str("<tr><td><a href=\"index.html\">index.html</a></td><td>This page</td><td class=\"num\">—</td><td class=\"hash\">in SHA256SUMS</td></tr>\n");
        w.push_str("<tr><td><a href=\"SHA256SUMS\">SHA256SUMS</a></td><td>The SHA-256 of every file, this page included</td><td class=\"num\">—</td><td class=\"hash\">—</td></tr>\n");
        w.push_str("</tbody></table></div></section>\n");

        // Citation.
        let year = self.created.format("%Y");
        writeln!(
            w,
            "<section aria-labelledby=\"cite-h\"><h2 id=\"cite-h\">How to cite</h2>\
<blockquote><p>treaty contributors ({year}). <cite>{}</cite> (version {}) [Data set]. {}. Source: United Nations Treaty Collection, status as at {}.</p></blockquote>\
<p>The data are published under the <a href=\"{}\">{}</a> licence: reuse them freely, with this citation. Cite the UN Treaty Collection as the official record. <a href=\"CITATION.cff\">CITATION.cff</a>:</p>\
<pre>{}</pre></section>",
            esc(self.title),
            esc(self.version),
            esc(self.homepage),
            latest_status.map_or_else(|| "—".to_owned(), |s| long_date(s.date_naive())),
            esc(self.license.1),
            esc(self.license.0),
            esc(self.citation_cff.trim_end())
        )
        .expect("string");

        // Sources.
        w.push_str("<section aria-labelledby=\"sources-h\"><h2 id=\"sources-h\">Sources</h2>\n");
        w.push_str("<p>Each action in the ledger carries its source: the UN Treaty Collection (UNTC) status page of its treaty, read on the date given, or a depositary notification. The official record is the UNTC. Each treaty's <em>status as at</em>, the time its UNTC page states it was current, is in the <a href=\"#treaties-section\">table of treaties</a>; every event's own source is in <a href=\"events.csv\">events.csv</a>. A State's category is computed from the dated actions by the treaty's own articles on entry into force and denunciation.</p></section>\n");

        w.push_str("</main>\n");
        writeln!(
            w,
            "<footer><div class=\"wrap\"><p>Built by <code>treaty build</code> from the event log, release {} (latest event recorded {}). This page loads nothing from the network: it works offline and from a file. Boundaries on the maps: Natural Earth 1:110m (public domain); they imply no position on the legal status of any territory.</p></div></footer>",
            esc(self.version),
            self.created.format("%Y-%m-%d %H:%M UTC")
        )
        .expect("string");
        writeln!(w, "<script>{SCRIPT}</script>\n</body>\n</html>").expect("string");
        o
    }

    fn timeline_section(&self, w: &mut String, treaty: TreatyId, eif: NaiveDate) {
        let rows: Vec<(NaiveDate, i64, i64, i64)> = self
            .timeline
            .rows
            .iter()
            .filter(|r| r[0] == Value::Text(treaty.key().to_owned()))
            .filter_map(|r| match (&r[1], &r[2], &r[3], &r[4]) {
                (Value::Date(d), Value::Integer(s), Value::Integer(p), Value::Integer(f)) => Some((*d, *s, *p, *f)),
                _ => None,
            })
            .collect();
        let t = treaty.treaty();
        let start = t.opened_for_signature.min(rows.first().map_or(self.as_of, |r| r.0));
        let end = self.as_of.max(rows.last().map_or(self.as_of, |r| r.0));
        let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(0).max(1);
        let top = ((max + 9) / 10 * 10) as f64;
        let (width, height, left, right, upper, lower) = (1000.0, 320.0, 48.0, 120.0, 16.0, 36.0);
        let days = (end - start).num_days().max(1) as f64;
        let x = |d: NaiveDate| left + (d - start).num_days() as f64 / days * (width - left - right);
        let y = |v: i64| upper + (1.0 - v as f64 / top) * (height - upper - lower);
        let step = |k: usize| {
            let mut d = format!("M{:.1},{:.1}", x(start), y(0));
            let mut last = 0;
            for r in &rows {
                let v = [r.1, r.2, r.3][k];
                write!(d, "H{:.1}V{:.1}", x(r.0), y(v)).expect("string");
                last = v;
            }
            write!(d, "H{:.1}", x(end)).expect("string");
            (d, last)
        };
        let (sig, sig_now) = step(0);
        let (par, par_now) = step(1);
        let at_eif = rows.iter().take_while(|r| r.0 <= eif).last().map_or(0, |r| r.2);
        let desc = format!(
            "Step chart of the {} from {} to {}: signatories rose to {} and parties to {}. It entered into force on {}, with {} parties.",
            t.short_title,
            long_date(start),
            long_date(end),
            sig_now,
            par_now,
            long_date(eif),
            at_eif
        );
        w.push_str("<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Signatories and parties over time</h2>\n<figure>\n");
        writeln!(
            w,
            "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" font-size=\"13\">\n<title id=\"chart-title\">{}: signatories and parties over time</title>\n<desc id=\"chart-desc\">{}</desc>",
            esc(t.short_title),
            esc(&desc)
        )
        .expect("string");
        // Grid and axes.
        let tick = if top > 100.0 {
            50
        } else if top > 40.0 {
            10
        } else {
            5
        };
        let mut v = 0;
        while v as f64 <= top {
            writeln!(
                w,
                "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#e5e7eb\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#4b5563\">{v}</text>",
                width - right,
                y(v),
                y(v),
                left - 6.0,
                y(v) + 4.0
            )
            .expect("string");
            v += tick;
        }
        use chrono::Datelike as _;
        for year in start.year() + 1..=end.year() {
            let d = NaiveDate::from_ymd_opt(year, 1, 1).expect("a date");
            writeln!(
                w,
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#9ca3af\"/><text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"middle\" fill=\"#4b5563\">{year}</text>",
                x(d),
                y(0),
                y(0) + 5.0,
                y(0) + 20.0
            )
            .expect("string");
        }
        writeln!(
            w,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{1:.1}\" y2=\"{1:.1}\" stroke=\"#6b7280\"/>",
            width - right,
            y(0)
        )
        .expect("string");
        // Entry into force.
        writeln!(
            w,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#b45309\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><text x=\"{3:.1}\" y=\"{4:.1}\" fill=\"#92400e\">Entry into force, {5}</text>",
            x(eif),
            y(0),
            upper,
            x(eif) + 6.0,
            upper + 12.0,
            long_date(eif)
        )
        .expect("string");
        // The two lines, told apart by dash as well as by colour.
        writeln!(
            w,
            "<path d=\"{sig}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"/>",
            RAMP[2]
        )
        .expect("string");
        writeln!(w, "<path d=\"{par}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/>", RAMP[3]).expect("string");
        let (ys, yp) = (y(sig_now), y(par_now));
        // Labels at the lines' ends, kept apart.
        let (ys, yp) = if (ys - yp).abs() < 16.0 {
            let mid = f64::midpoint(ys, yp);
            if sig_now >= par_now { (mid - 8.0, mid + 8.0) } else { (mid + 8.0, mid - 8.0) }
        } else {
            (ys, yp)
        };
        writeln!(
            w,
            "<text x=\"{0:.1}\" y=\"{1:.1}\" fill=\"{2}\" font-weight=\"700\">Signatories {3}</text><text x=\"{0:.1}\" y=\"{4:.1}\" fill=\"{5}\" font-weight=\"700\">Parties {6}</text>",
            width - right + 6.0,
            ys + 4.0,
            RAMP[2],
            sig_now,
            yp + 4.0,
            RAMP[3],
            par_now
        )
        .expect("string");
        w.push_str("</svg>\n");
        writeln!(
            w,
            "<figcaption>Signatories (dashed) and parties (solid) of the {} on each date, as the ledger folds them; the dotted line marks its entry into force. The same counts for all 18 treaties are in <a href=\"timeline.csv\">timeline.csv</a>.</figcaption>\n</figure>",
            esc(t.short_title)
        )
        .expect("string");
        w.push_str("<details><summary>The chart's data as a table</summary><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"The chart's data\"><table><caption class=\"visually-hidden\">Signatories, parties and parties in force on each date a count changed</caption><thead><tr><th scope=\"col\">Date</th><th scope=\"col\" class=\"num\">Signatories</th><th scope=\"col\" class=\"num\">Parties</th><th scope=\"col\" class=\"num\">In force</th></tr></thead><tbody>\n");
        for (d, s, p, f) in &rows {
            writeln!(
                w,
                "<tr><td>{}</td><td class=\"num\">{s}</td><td class=\"num\">{p}</td><td class=\"num\">{f}</td></tr>",
                long_date(*d)
            )
            .expect("string");
        }
        w.push_str("</tbody></table></div></details></section>\n");
    }

    fn states_section(&self, w: &mut String, map: &TreatyMap, icescr: TreatyId, op: TreatyId) {
        w.push_str(
            "<section id=\"states-section\" aria-labelledby=\"states-h\"><h2 id=\"states-h\">Every State</h2>\n",
        );
        w.push_str("<p>Find a State by name or code, or show one category. Sort by any column with its header button (Enter or Space from the keyboard).</p>\n");
        w.push_str("<div class=\"controls\"><div><label for=\"state-search\">Search States</label><input id=\"state-search\" type=\"search\" autocomplete=\"off\" placeholder=\"e.g. Ecuador or ECU\"></div>");
        w.push_str("<div><label for=\"state-category\">Category</label><select id=\"state-category\"><option value=\"\">All categories</option>");
        for c in &map.categories {
            write!(w, "<option value=\"{0}\">{0}</option>", esc(c.label)).expect("string");
        }
        w.push_str(
            "</select></div><p id=\"state-count\" class=\"count\" role=\"status\" aria-live=\"polite\"></p></div>\n",
        );
        w.push_str("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"states-h\"><table id=\"states\"><caption class=\"visually-hidden\">Every State's category on the OP-ICESCR campaign map and the dates behind it; column headers sort the table</caption><thead><tr>");
        for (i, (label, num)) in [
            ("State", false),
            ("Category", false),
            ("ICESCR: party since", false),
            ("OP-ICESCR: signed", false),
            ("OP-ICESCR: ratified or acceded", false),
            ("OP-ICESCR: in force for it", false),
            ("OP-ICESCR: arts. 10 and 11 accepted", false),
        ]
        .iter()
        .enumerate()
        {
            let sort = if i == 0 { " aria-sort=\"ascending\"" } else { "" };
            let class = if *num { " class=\"num\"" } else { "" };
            write!(w, "<th scope=\"col\"{sort}{class}><button type=\"button\">{label}<span class=\"arrow\" aria-hidden=\"true\"></span></button></th>")
                .expect("string");
        }
        w.push_str("</tr></thead><tbody>\n");
        let mut states: Vec<_> = map.states.iter().collect();
        states.sort_by(|a, b| a.participant.name().cmp(b.participant.name()));
        for s in states {
            let p = s.participant;
            let a = self.snapshot.status(icescr, p, self.as_of);
            let b = self.snapshot.status(op, p, self.as_of);
            let c = &map.categories[s.category];
            let icescr_since = a.membership.as_ref().filter(|_| a.party).map(|m| m.date);
            let (consent, in_force) = match b.membership.as_ref().filter(|_| b.party) {
                Some(m) => (Some((m.date, m.action)), Some(m.entry_into_force)),
                None => (None, None),
            };
            let (k1, t1) = opt_date(icescr_since);
            let (k2, t2) = opt_date(b.signature);
            let (k3, mut t3) = opt_date(consent.map(|c| c.0));
            if let Some((_, action)) = consent.filter(|c| c.1 != treaty_model::Action::Ratification) {
                write!(t3, " ({})", action.as_str().replace('_', " ")).expect("string");
            }
            let (k4, t4) = opt_date(in_force);
            let optional: Vec<String> = b
                .procedures
                .iter()
                .filter(|p| p.accepted && p.basis == "opt_in")
                .map(|p| format!("art. {} ({})", p.article, p.name))
                .collect();
            let t5 = if optional.is_empty() { "—".to_owned() } else { esc(&optional.join(", ")) };
            let k5 = optional.len();
            writeln!(
                w,
                "<tr data-code=\"{code}\" data-name=\"{name}\" data-category=\"{cat}\" title=\"{title}\"><th scope=\"row\" data-sort=\"{name}\">{name}</th><td data-sort=\"{rank}\"><span class=\"swatch\" style=\"background:{colour}\"></span>{cat}</td><td data-sort=\"{k1}\">{t1}</td><td data-sort=\"{k2}\">{t2}</td><td data-sort=\"{k3}\">{t3}</td><td data-sort=\"{k4}\">{t4}</td><td data-sort=\"{k5}\">{t5}</td></tr>",
                code = p.code(),
                name = esc(p.name()),
                cat = esc(c.label),
                title = esc(&format!("OP-ICESCR: {}. ICESCR: {}.", status_words(&b), status_words(&a))),
                rank = s.category,
                colour = c.colour,
            )
            .expect("string");
        }
        w.push_str("</tbody></table></div>\n");
        w.push_str("<p>Categories: <strong>Ratified</strong> — a party to the Protocol, by ratification or accession; <strong>Signed</strong> — signed it, not yet a party; <strong>Party to the ICESCR</strong> — a party to the Covenant that has not signed the Protocol; <strong>Not a party to the ICESCR</strong> — not bound by the Covenant, so it cannot join the Protocol (art. 17(2)) before it is. Full data: <a href=\"campaign.csv\">campaign.csv</a>.</p></section>\n");
    }

    /// The participants that accept the procedure of `article` of `treaty`, with since when.
    fn acceptors(&self, treaty: TreatyId, article: &str) -> Vec<(treaty_model::ParticipantId, Option<NaiveDate>)> {
        let mut out: Vec<_> = self
            .snapshot
            .statuses(treaty, self.as_of)
            .into_iter()
            .filter_map(|st| {
                let p = st.procedures.iter().find(|p| p.article == article && p.accepted)?;
                Some((st.participant, p.since))
            })
            .collect();
        out.sort_by(|a, b| a.0.name().cmp(b.0.name()));
        out
    }

    fn procedures_section(&self, w: &mut String, op: TreatyId) {
        w.push_str("<section id=\"procedures-section\" aria-labelledby=\"procedures-h\"><h2 id=\"procedures-h\">Inter-State complaints and inquiries</h2>\n");
        w.push_str("<p>Every party to the Optional Protocol accepts individual communications (art. 2). Two more procedures apply only to a party that declares it accepts them: complaints by one State that another is not fulfilling its obligations (art. 10), and inquiries by the Committee into grave or systematic violations (art. 11). The campaign asks States to accept them too.</p>\n");
        for p in op.treaty().procedures.iter().filter(|p| p.kind == treaty_model::ProcedureKind::OptIn) {
            let states = self.acceptors(op, p.article);
            writeln!(
                w,
                "<h3>Art. {} — {}: {} State{}</h3>",
                p.article,
                esc(p.name),
                states.len(),
                if states.len() == 1 { "" } else { "s" }
            )
            .expect("string");
            if states.is_empty() {
                w.push_str("<p>No State has declared that it accepts it.</p>\n");
                continue;
            }
            w.push_str("<ul>");
            for (state, since) in states {
                write!(
                    w,
                    "<li>{}{}</li>",
                    esc(state.name()),
                    since.map_or_else(String::new, |d| format!(" — since {}", long_date(d)))
                )
                .expect("string");
            }
            w.push_str("</ul>\n");
        }
        w.push_str("<p>Every procedure of every treaty, for every participant, with the text of the declaration behind it, is in <a href=\"procedures.csv\">procedures.csv</a>; each declaration's source is in <a href=\"events.csv\">events.csv</a>. A procedure operates for a State once the Protocol is in force for it.</p></section>\n");
    }

    fn treaties_section(&self, w: &mut String) {
        w.push_str("<section id=\"treaties-section\" aria-labelledby=\"treaties-h\"><h2 id=\"treaties-h\">All 18 treaties</h2>\n");
        writeln!(
            w,
            "<p>Counts on {}, as the ledger folds the UNTC's records, with each treaty's map.</p>",
            long_date(self.as_of)
        )
        .expect("string");
        w.push_str("<div class=\"wide\" tabindex=\"0\" role=\"region\" aria-labelledby=\"treaties-h\"><table><caption class=\"visually-hidden\">Signatories, parties and parties in force for each treaty, its entry into force, its map, and its source's status-as-at</caption><thead><tr><th scope=\"col\">Treaty</th><th scope=\"col\" class=\"num\">Signatories</th><th scope=\"col\" class=\"num\">Parties</th><th scope=\"col\" class=\"num\">In force</th><th scope=\"col\">Entered into force</th><th scope=\"col\">Optional procedures: parties accepting</th><th scope=\"col\">Map</th><th scope=\"col\">Source: UNTC status as at</th></tr></thead><tbody>\n");
        for (t, at) in &self.status_as_at {
            let s = self.snapshot.summary(*t, self.as_of);
            let tr = t.treaty();
            // Opt-in and opt-out procedures: how many parties accept each; for the OP-ICESCR,
            // which ones.
            let optional: Vec<String> = tr
                .procedures
                .iter()
                .filter(|p| matches!(p.kind, treaty_model::ProcedureKind::OptIn | treaty_model::ProcedureKind::OptOut))
                .map(|p| {
                    let states = self.acceptors(*t, p.article);
                    let names = if tr.key == "op-icescr" {
                        format!(" ({})", states.iter().map(|(s, _)| esc(s.name())).collect::<Vec<_>>().join(", "))
                    } else {
                        String::new()
                    };
                    format!("art. {} {}: {}{names}", p.article, esc(p.name), states.len())
                })
                .collect();
            writeln!(
                w,
                "<tr><th scope=\"row\">{}<br><small>{}</small></th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td>{}</td><td><a href=\"maps/{}.svg\">map<span class=\"visually-hidden\"> of the {}</span></a></td><td class=\"nowrap\"><a href=\"{}\">{}</a></td></tr>",
                esc(tr.short_title),
                esc(tr.title),
                thousands(s.signatories),
                thousands(s.parties),
                thousands(s.in_force),
                s.entry_into_force_recorded.format("%-d %b %Y"),
                if optional.is_empty() { "—".to_owned() } else { optional.join("<br>") },
                tr.key,
                esc(tr.short_title),
                esc(tr.untc_url),
                at.map_or_else(|| "—".to_owned(), |a| a.format("%-d %b %Y, %H:%M %:z").to_string())
            )
            .expect("string");
        }
        w.push_str("</tbody></table></div></section>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millions_read_as_campaigners_say_them() {
        assert_eq!(millions(321_128_895), "321 million");
        assert_eq!(millions(3_456_789), "3.5 million");
        assert_eq!(millions(1_412_000_000), "1.4 billion");
    }

    #[test]
    fn sizes_and_thousands_read_well() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(2048), "2.0 KB");
        assert_eq!(size(3 * 1024 * 1024 + 1), "3.0 MB");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
