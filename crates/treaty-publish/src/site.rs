//! `index.html`, `es/index.html`, `fr/index.html`: the dataset's page in three languages, each
//! one self-contained file that works from `file://` and makes no request of its own (inline
//! CSS, inline script, the map and the chart as inline SVG, no fonts; a Content Security
//! Policy that forbids any fetch). Phones first: nothing is wider than a 320 px screen, the
//! map zooms to the regions where small States crowd, and a tap opens what a hover shows.
//!
//! It answers "Has your country ratified the OP-ICESCR?" for every State: a search by any of
//! its names (in the three languages, former names, ISO codes), and a view per State at
//! `index.html#CODE` with its status in each of the 18 treaties, the procedures it accepts, its
//! reservations, its campaign category, the next step the campaign asks of it and a message to
//! share. The views are plain HTML shown by the CSS `:target` rule, so a link opens one even
//! without the script. Then the OP-ICESCR's headline figures with the people covered, the map
//! of any treaty, a timeline, the table of States, every treaty's figures, how to embed, every
//! file of the release with its size and SHA-256, how to cite, and the sources.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use treaty_fold::{ParticipantStatus, Snapshot};
use treaty_model::{ParticipantId, ProcedureKind, Sha256, TreatyId};

use crate::i18n::{Lang, fill};
use crate::map::{
    RAMP, TreatyMap, categories_in, category_index, category_of, esc, map_title, regions, status_words_in,
};
use crate::table::{Published, Table, Value};

/// What the page is made from.
#[derive(Debug)]
pub struct Site<'a> {
    /// The page's language.
    pub lang: Lang,
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
    /// Reservations and declarations in effect, per participant and treaty (see
    /// [`reservation_counts`]).
    pub reservations: &'a BTreeMap<(String, String), usize>,
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

/// A JSON string literal that is safe inside a `<script>` element.
fn js(text: &str) -> String {
    serde_json::to_string(text).expect("json").replace("</", "<\\/")
}

const CSS: &str = r#"
:root{--ink:#111827;--muted:#4b5563;--line:#d1d5db;--bg:#ffffff;--soft:#f3f6f9;--accent:#1b2a78;--link:#1d4ed8}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5;-webkit-text-size-adjust:100%}
body{margin:0;overflow-wrap:break-word}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.site{background:var(--accent);color:#fff;padding:1rem 0 1.25rem}
header.site a{color:#fff}
.wrap{max-width:1100px;margin:0 auto;padding:0 1rem}
.langs ul{list-style:none;margin:0 0 .5rem;padding:0;display:flex;gap:1rem;flex-wrap:wrap;justify-content:flex-end}
.langs a[aria-current]{font-weight:700;text-decoration:none}
header.site h1{margin:0 0 .25rem;font-size:1.7rem;line-height:1.25}
header.site p{margin:.25rem 0;max-width:60rem}
header.site .meta{opacity:.95;font-size:.95rem}
main section{margin:2rem 0}
h2{font-size:1.4rem;margin:0 0 .75rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0;list-style:none}
.figures li{flex:1 1 12rem;background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem}
.figures .n{display:block;font-size:2.2rem;font-weight:700;line-height:1.1;color:var(--accent)}
.figures .l{color:var(--muted)}
figure{margin:1rem 0}
figure svg,.map-box svg{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:.5rem;background:#fff}
.map-box svg{aspect-ratio:1000/421}
.treaty-map path,.treaty-map circle,.treaty-map line{vector-effect:non-scaling-stroke}
figcaption,.note{color:var(--muted);font-size:.95rem;margin-top:.4rem}
.treaty-map [data-code]{cursor:pointer}
.treaty-map [data-code]:hover{opacity:.8}
.map-controls{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:end;margin:.5rem 0}
.map-controls label,.find label,.controls label{display:block;font-weight:600;font-size:.9rem}
.zoom{display:flex;flex-wrap:wrap;gap:.4rem;margin:0;padding:0;border:0}
.zoom legend{font-weight:600;font-size:.9rem;padding:0;margin-bottom:.2rem}
.zoom button,.copy{font:inherit;font-size:.95rem;padding:.4rem .7rem;min-height:44px;border:1px solid #6b7280;border-radius:.3rem;background:#fff;color:var(--ink);cursor:pointer}
.zoom button[aria-pressed=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
.map-dates{font-weight:600;margin:.25rem 0}
.legend{list-style:none;margin:.5rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.legend li{display:flex;align-items:center}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0;z-index:1}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th small{font-weight:400;color:var(--muted)}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;color:inherit;cursor:pointer;text-align:left}
th button .arrow{display:inline-block;width:1em;color:var(--muted)}
th[aria-sort=ascending] .arrow::after{content:"▲"}
th[aria-sort=descending] .arrow::after{content:"▼"}
th:not([aria-sort]) .arrow::after{content:"↕";opacity:.5}
.swatch{display:inline-block;flex:none;width:.9em;height:.9em;border:1px solid #56606c;vertical-align:-.1em;margin-right:.4em}
.swatch.dot{border-radius:50%;background:#fff;border-color:#1f2937}
.swatch.hatch{background:repeating-linear-gradient(45deg,#fff 0 2px,#9aa3ad 2px 3px)}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.5rem 0 .75rem}
.controls input,.controls select,.find input,.map-controls select{font:inherit;padding:.45rem .5rem;border:1px solid #6b7280;border-radius:.3rem;min-width:16rem;max-width:100%;background:#fff;color:var(--ink)}
.find{background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin-top:1.25rem}
.find h2{border:0;margin:0 0 .5rem;padding:0}
.find input{width:28rem;font-size:1.1rem}
.find .hint{color:var(--muted);font-size:.9rem;margin:.25rem 0}
#find-results{list-style:none;margin:.5rem 0 0;padding:0}
#find-results li{margin:.2rem 0}
#find-results a{display:inline-block;padding:.35rem 0;font-weight:600}
.count{color:var(--muted)}
.scroll{position:relative;max-height:36rem;overflow:auto;border:1px solid var(--line);border-radius:.5rem}
.wide{position:relative;overflow-x:auto;border:1px solid var(--line);border-radius:.5rem}
code,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.85em}
.hash{word-break:break-all;color:var(--muted)}
pre{background:var(--soft);border:1px solid var(--line);border-radius:.5rem;padding:.75rem;overflow:auto;font-size:.85rem;white-space:pre-wrap;word-break:break-all}
blockquote{margin:.5rem 0;padding:.5rem 1rem;border-left:4px solid var(--accent);background:var(--soft)}
details{margin:.5rem 0}
summary{cursor:pointer;font-weight:600}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.view{display:none;border:2px solid var(--accent);border-radius:.5rem;padding:1rem;margin:1.25rem 0;background:#fff}
.view:target{display:block}
.view h2{font-size:1.6rem;border:0;padding:0;margin:.25rem 0}
.view .answer{font-size:1.15rem;margin:.5rem 0}
.view .code{color:var(--muted);font-size:.9rem;margin:0}
.view textarea{width:100%;font:inherit;font-size:.95rem;padding:.5rem;border:1px solid #6b7280;border-radius:.3rem}
.view .next{background:var(--soft);border-left:4px solid #b45309;padding:.5rem .75rem}
.view ul{padding-left:1.25rem}
footer{border-top:1px solid var(--line);color:var(--muted);padding:1rem 0 2rem;font-size:.9rem}
@media (max-width:700px){
header.site h1{font-size:1.35rem}
.figures .n{font-size:1.7rem}
.controls input,.controls select,.find input,.map-controls select{min-width:0;width:100%}
.controls>div,.map-controls>div{width:100%}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:auto}
table.stack tr{border-bottom:1px solid var(--line);padding:.4rem 0}
table.stack th,table.stack td{border:0;padding:.1rem .5rem;text-align:left}
table.stack td.num{white-space:normal}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
.scroll{max-height:none}
}
"#;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("page-data").textContent);
  function norm(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim(); }
  // Every State with its names, normalised once: [code, name on this page, [names]].
  var people = T.names.map(function (n) { return [n[0], n[1], n[2].map(norm)]; });
  var nameOf = {};
  people.forEach(function (p) { nameOf[p[0]] = p[1]; });
  // Exact names or codes first; then names that start with the query; then a word that does;
  // then anywhere. "UK" finds the United Kingdom, not Ukraine.
  function find(q) {
    q = norm(q);
    if (!q) { return []; }
    var tiers = [[], [], [], []];
    people.forEach(function (p) {
      var best = 4;
      p[2].forEach(function (n) {
        var t = n === q ? 0 : n.indexOf(q) === 0 ? 1 : (" " + n).indexOf(" " + q) >= 0 ? 2 : n.indexOf(q) >= 0 ? 3 : 4;
        if (t < best) { best = t; }
      });
      if (best < 4) { tiers[best].push(p); }
    });
    for (var i = 0; i < tiers.length; i++) {
      if (tiers[i].length) { return tiers[i].sort(function (a, b) { return a[1].localeCompare(b[1]); }); }
    }
    return [];
  }
  var box = document.getElementById("find");
  var results = document.getElementById("find-results");
  var findStatus = document.getElementById("find-status");
  function showFound() {
    var found = find(box.value);
    results.textContent = "";
    found.slice(0, 10).forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + p[0];
      a.textContent = p[1];
      a.setAttribute("data-code", p[0]);
      li.appendChild(a);
      results.appendChild(li);
    });
    findStatus.textContent = box.value.trim() ? (found.length ? T.found.replace("{n}", found.length) : T.none) : "";
  }
  box.addEventListener("input", showFound);
  box.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var first = results.querySelector("a");
      if (first) { e.preventDefault(); location.hash = first.getAttribute("data-code"); }
    }
  });

  // A State's view: shown by :target; focus its heading so that readers land on it.
  function showView() {
    var id = decodeURIComponent(location.hash.slice(1));
    var view = id && document.getElementById(id);
    if (view && view.classList.contains("view")) {
      var h = view.querySelector("h2");
      if (h) { h.focus({ preventScroll: true }); }
      view.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", showView);
  if (location.hash) { showView(); }
  // The language switch keeps the State in view.
  Array.prototype.forEach.call(document.querySelectorAll(".langs a"), function (a) {
    a.addEventListener("click", function () { if (location.hash) { a.href = a.href.split("#")[0] + location.hash; } });
  });

  // The map: tap or click a State for its view; choose a treaty; zoom to a region.
  var svg = document.getElementById("map");
  svg.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-code]") : null;
    if (el) { location.hash = el.getAttribute("data-code"); }
  });
  var shapes = Array.prototype.slice.call(svg.querySelectorAll("[data-code]"));
  var firstTitles = shapes.map(function (el) { return el.querySelector("title").textContent; });
  var select = document.getElementById("map-treaty");
  var legend = document.getElementById("map-legend");
  var heading = document.getElementById("map-heading");
  function recolour() {
    var m = T.maps[select.value];
    var first = select.selectedIndex === 0;
    shapes.forEach(function (el, i) {
      var c = m.cats[+m.c.charAt(T.codes.indexOf(el.getAttribute("data-code")))];
      el.setAttribute("fill", c[1]);
      el.querySelector("title").textContent = first ? firstTitles[i] : nameOf[el.getAttribute("data-code")] + ": " + c[0];
    });
    heading.textContent = m.title;
    legend.textContent = "";
    m.cats.forEach(function (c) {
      var li = document.createElement("li");
      var sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = c[1];
      li.appendChild(sw);
      li.appendChild(document.createTextNode(c[0] + " (" + c[2] + ")"));
      legend.appendChild(li);
    });
    document.getElementById("map-title").textContent = m.title;
  }
  select.addEventListener("change", recolour);
  var zoom = Array.prototype.slice.call(document.querySelectorAll(".zoom button"));
  zoom.forEach(function (b) {
    b.addEventListener("click", function () {
      svg.setAttribute("viewBox", b.getAttribute("data-view"));
      zoom.forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
    });
  });

  // Copy a State's message.
  Array.prototype.forEach.call(document.querySelectorAll(".copy"), function (b) {
    b.addEventListener("click", function () {
      var area = document.getElementById(b.getAttribute("data-for"));
      area.select();
      var done = function () { b.textContent = T.copied; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand("copy"); done(); });
      } else { document.execCommand("copy"); done(); }
    });
  });

  // The table of States: filter, category, sort.
  var table = document.getElementById("states");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var filter = document.getElementById("state-search");
  var category = document.getElementById("state-category");
  var count = document.getElementById("state-count");
  function apply() {
    var q = filter.value.trim(), c = category.value, shown = 0;
    var hits = {};
    find(q).forEach(function (p) { hits[p[0]] = true; });
    rows.forEach(function (r) {
      var ok = (!q || hits[r.getAttribute("data-code")]) && (!c || r.getAttribute("data-category") === c);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = T.shown.replace("{shown}", shown).replace("{total}", rows.length);
  }
  filter.addEventListener("input", apply);
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
  apply();
})();
"##;

/// Where the campaign stands with one State, and what it asks next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Not bound by the Covenant: ratify it first.
    RatifyCovenant,
    /// A party to the Covenant that has not signed the Protocol.
    Sign,
    /// Signed the Protocol, not a party.
    Ratify,
    /// A party that does not accept one or both of arts. 10 and 11: the articles missing.
    Accept(&'static [&'static str]),
    /// A party that accepts both.
    Nothing,
}

/// The next step the campaign asks of a State, from its OP-ICESCR and ICESCR status.
#[must_use]
pub fn next_step(icescr: &ParticipantStatus, op: &ParticipantStatus) -> NextStep {
    if op.party {
        let accepts = |a: &str| op.procedures.iter().any(|p| p.article == a && p.accepted);
        match (accepts("10"), accepts("11")) {
            (true, true) => NextStep::Nothing,
            (false, false) => NextStep::Accept(&["10", "11"]),
            (false, true) => NextStep::Accept(&["10"]),
            (true, false) => NextStep::Accept(&["11"]),
        }
    } else if op.signatory {
        NextStep::Ratify
    } else if icescr.party {
        NextStep::Sign
    } else {
        NextStep::RatifyCovenant
    }
}

/// Reservations and declarations in effect and not withdrawn, per participant and treaty code,
/// from the `reservations` table.
#[must_use]
pub fn reservation_counts(reservations: &Published<'_>) -> BTreeMap<(String, String), usize> {
    let col = |name: &str| reservations.table.columns.iter().position(|c| c.name == name);
    let mut out = BTreeMap::new();
    if let (Some(tc), Some(pc), Some(wc)) = (col("treaty"), col("participant"), col("withdrawn_on")) {
        let counted = reservations.for_each_chunk(|rows| {
            for r in rows {
                if let (Value::Text(tr), Value::Text(p), Value::Null) = (&r[tc], &r[pc], &r[wc]) {
                    *out.entry((p.clone(), tr.clone())).or_insert(0) += 1;
                }
            }
            Ok::<(), std::convert::Infallible>(())
        });
        let Ok(()) = counted;
    }
    out
}

impl Site<'_> {
    fn t(&self) -> &'static crate::i18n::Texts {
        self.lang.t()
    }

    fn date(&self, d: NaiveDate) -> String {
        self.lang.long_date(d)
    }

    fn short(&self, d: Option<NaiveDate>) -> (String, String) {
        d.map_or_else(|| (String::new(), "—".to_owned()), |d| (d.to_string(), self.lang.short_date(d)))
    }

    /// A link to a file of the release from this page.
    fn file_link(&self, name: &str) -> String {
        format!("<a href=\"{}{}\">{}</a>", self.lang.up(), esc(name), esc(name))
    }

    /// The date UNTC was last read: the latest "status as at" of any source.
    fn source_as_at(&self) -> Option<NaiveDate> {
        self.status_as_at.iter().filter_map(|(_, s)| *s).max().map(|s| s.date_naive())
    }

    fn source_text(&self) -> String {
        self.source_as_at().map_or_else(|| "—".to_owned(), |d| self.date(d))
    }

    /// The page.
    #[must_use]
    pub fn html(&self) -> String {
        let t = self.t();
        let lang = self.lang;
        let op = TreatyId::parse("op-icescr").expect("catalogue");
        let icescr = TreatyId::parse("icescr").expect("catalogue");
        let map = TreatyMap::in_lang(self.snapshot, op, self.as_of, lang).with_source_as_at(self.source_as_at());
        let summary = self.snapshot.summary(op, self.as_of);
        let mut o = String::with_capacity(1_500_000);
        let w = &mut o;
        writeln!(w, "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">", lang.code())
            .expect("string");
        w.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Nothing may be fetched: no scripts, styles, fonts, images or connections from anywhere.
        w.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n");
        w.push_str("<link rel=\"icon\" href=\"data:,\">\n");
        for l in Lang::ALL {
            writeln!(
                w,
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}index.html\">",
                l.code(),
                lang.up(),
                l.dir()
            )
            .expect("string");
        }
        writeln!(
            w,
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"treaty\" href=\"{}feed.xml\">",
            lang.up()
        )
        .expect("string");
        writeln!(w, "<title>{} — {} {}</title>", esc(t.title), esc(self.title), esc(self.version)).expect("string");
        writeln!(w, "<meta name=\"description\" content=\"{}\">", esc(&map.description())).expect("string");
        writeln!(w, "<style>{CSS}</style>\n</head>\n<body>").expect("string");
        writeln!(w, "<a class=\"skip\" href=\"#find\">{}</a>", esc(t.skip)).expect("string");

        // Header, with both dates and which is which.
        writeln!(
            w,
            "<header class=\"site\"><div class=\"wrap\"><nav class=\"langs\" aria-label=\"{}\"><ul>",
            esc(t.languages)
        )
        .expect("string");
        for l in Lang::ALL {
            let current = if l == lang { " aria-current=\"page\"" } else { "" };
            writeln!(
                w,
                "<li><a href=\"{}{}index.html\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a></li>",
                lang.up(),
                l.dir(),
                l.code(),
                l.code(),
                l.endonym()
            )
            .expect("string");
        }
        writeln!(
            w,
            "</ul></nav><h1>{}</h1><p>{}</p><p class=\"meta\">{} · <strong>{}</strong> · {}</p></div></header>",
            esc(t.title),
            esc(t.intro),
            esc(&fill(t.release, &[("v", self.version)])),
            esc(&fill(t.status_on, &[("date", &self.date(self.as_of))])),
            esc(&fill(t.source_as_at, &[("date", &self.source_text())])),
        )
        .expect("string");
        w.push_str("<main class=\"wrap\">\n");

        // Find your country, and the States' views.
        writeln!(
            w,
            "<section class=\"find\" aria-labelledby=\"find-h\"><h2 id=\"find-h\">{}</h2><label for=\"find\">{}</label><input id=\"find\" type=\"search\" autocomplete=\"off\" placeholder=\"{}\" aria-describedby=\"find-hint\" aria-controls=\"find-results\"><p id=\"find-hint\" class=\"hint\">{}</p><p id=\"find-status\" class=\"count\" role=\"status\" aria-live=\"polite\"></p><ul id=\"find-results\"></ul></section>",
            esc(t.find_h),
            esc(t.find_label),
            esc(t.find_placeholder),
            esc(t.find_hint)
        )
        .expect("string");
        self.views(w, icescr, op, &summary);

        // Headline figures.
        let eif = summary.entry_into_force.unwrap_or(summary.entry_into_force_recorded);
        let unknown = if summary.population_unknown.is_empty() {
            String::new()
        } else {
            fill(
                t.fig_unknown,
                &[("names", &summary.population_unknown.iter().map(|p| lang.name(*p)).collect::<Vec<_>>().join(", "))],
            )
        };
        use chrono::Datelike as _;
        writeln!(
            w,
            "<section aria-labelledby=\"figures-h\"><h2 id=\"figures-h\">{}</h2><ul class=\"figures\">\
<li><span class=\"n\">{}</span> <span class=\"l\">{}</span></li>\
<li><span class=\"n\">{}</span> <span class=\"l\">{}{}</span></li>\
<li><span class=\"n\">{}</span> <span class=\"l\">{}</span></li>\
<li><span class=\"n\">{}</span> <span class=\"l\">{}</span></li>\
</ul><p>{}</p><p class=\"note\">{} {}</p></section>",
            esc(&fill(t.figures_h, &[("date", &self.date(self.as_of))])),
            summary.signatories,
            esc(t.fig_signatories),
            summary.parties,
            esc(&fill(t.fig_parties, &[("m", &lang.millions(summary.population_parties))])),
            esc(&unknown),
            summary.in_force,
            esc(t.fig_in_force),
            map.states.iter().filter(|s| self.snapshot.status(icescr, s.participant, self.as_of).party).count(),
            esc(&fill(t.fig_icescr, &[("n", &map.states.len().to_string())])),
            esc(&fill(
                t.fig_dates,
                &[
                    ("adopted", &self.date(op.treaty().adopted)),
                    ("opened", &self.date(op.treaty().opened_for_signature)),
                    ("eif", &self.date(eif)),
                ]
            )),
            esc(&fill(t.fig_population, &[("year", &self.as_of.year().to_string())])),
            esc(&fill(t.dates_explained, &[("date", &self.date(self.as_of)), ("source", &self.source_text())])),
        )
        .expect("string");

        self.map_section(w, &map);
        self.timeline_section(w, op, eif);
        self.procedures_section(w, op);
        self.states_section(w, &map, icescr, op);
        self.treaties_section(w);
        self.embed_section(w);

        // Downloads.
        writeln!(
            w,
            "<section id=\"downloads\" aria-labelledby=\"downloads-h\"><h2 id=\"downloads-h\">{}</h2><p>{}</p>",
            esc(t.downloads_h),
            fill(
                t.downloads_intro,
                &[("dp", &self.file_link("datapackage.json")), ("feed", &self.file_link("feed.xml"))]
            )
        )
        .expect("string");
        let cols = t.downloads_cols;
        writeln!(
            w,
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"downloads-h\"><table class=\"stack\"><caption class=\"visually-hidden\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            esc(t.downloads_caption),
            cols[0],
            cols[1],
            cols[2],
            cols[3]
        )
        .expect("string");
        for (name, bytes, hash, what) in &self.files {
            writeln!(
                w,
                "<tr><th scope=\"row\">{}</th><td data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\" title=\"{bytes} bytes\">{}</td><td class=\"hash\" data-label=\"{}\">{hash}</td></tr>",
                self.file_link(name),
                cols[1],
                esc(what),
                cols[2],
                size(*bytes),
                cols[3],
            )
            .expect("string");
        }
        for l in Lang::ALL {
            let what = if l == lang { t.this_page.to_owned() } else { fill(t.file_page, &[("language", l.endonym())]) };
            writeln!(
                w,
                "<tr><th scope=\"row\">{}</th><td data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">—</td><td class=\"hash\" data-label=\"{}\">{}</td></tr>",
                self.file_link(&format!("{}index.html", l.dir())),
                cols[1],
                esc(&what),
                cols[2],
                cols[3],
                esc(t.in_sums)
            )
            .expect("string");
        }
        writeln!(
            w,
            "<tr><th scope=\"row\">{}badges/</th><td data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">—</td><td class=\"hash\" data-label=\"{}\">{}</td></tr>",
            lang.dir(),
            cols[1],
            esc(t.file_badges),
            cols[2],
            cols[3],
            esc(t.in_sums)
        )
        .expect("string");
        writeln!(
            w,
            "<tr><th scope=\"row\">{}</th><td data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">—</td><td class=\"hash\" data-label=\"{}\">—</td></tr>",
            self.file_link("SHA256SUMS"),
            cols[1],
            esc(t.sums_row),
            cols[2],
            cols[3]
        )
        .expect("string");
        w.push_str("</tbody></table></div></section>\n");

        // Citation.
        let year = self.created.format("%Y");
        writeln!(
            w,
            "<section aria-labelledby=\"cite-h\"><h2 id=\"cite-h\">{}</h2>\
<blockquote><p>treaty contributors ({year}). <cite>{}</cite> (version {}) [Data set]. {}. Source: United Nations Treaty Collection, status as at {}.</p></blockquote>\
<p>{}</p><p>{}</p><pre>{}</pre></section>",
            esc(t.cite_h),
            esc(self.title),
            esc(self.version),
            esc(self.homepage),
            self.source_as_at().map_or_else(|| "—".to_owned(), |d| Lang::En.long_date(d)),
            fill(t.cite_licence, &[("licence", &format!("<a href=\"{}\">{}</a>", esc(self.license.1), esc(self.license.0)))]),
            self.file_link("CITATION.cff"),
            esc(self.citation_cff.trim_end())
        )
        .expect("string");

        // Sources.
        writeln!(
            w,
            "<section aria-labelledby=\"sources-h\"><h2 id=\"sources-h\">{}</h2><p>{}</p></section>",
            esc(t.sources_h),
            fill(t.sources_text, &[("file", &self.file_link("events.csv"))])
        )
        .expect("string");

        w.push_str("</main>\n");
        writeln!(
            w,
            "<footer><div class=\"wrap\"><p>{}</p></div></footer>",
            fill(
                t.footer,
                &[("v", &esc(self.version)), ("recorded", &self.created.format("%Y-%m-%d %H:%M UTC").to_string())]
            )
        )
        .expect("string");
        self.page_data(w);
        writeln!(w, "<script>{SCRIPT}</script>\n</body>\n</html>").expect("string");
        o
    }

    /// The data the script needs: the names to search, each treaty's map, the texts it writes.
    fn page_data(&self, w: &mut String) {
        let t = self.t();
        let lang = self.lang;
        let states: Vec<ParticipantId> = ParticipantId::all().collect();
        w.push_str("<script type=\"application/json\" id=\"page-data\">{\"names\":[");
        let mut names: Vec<(ParticipantId, &str)> = states.iter().map(|p| (*p, lang.name(*p))).collect();
        names.sort_by(|a, b| a.1.cmp(b.1));
        for (i, (p, shown)) in names.iter().enumerate() {
            let r = p.participant();
            let mut all: Vec<&str> = vec![p.code(), r.untc_name.as_str()];
            all.extend(r.alpha2.as_deref());
            all.extend(r.aliases.iter().map(String::as_str));
            all.extend(r.former_names.iter().map(|f| f.name.as_str()));
            if let Some(n) = p.names_in() {
                all.extend([n.es, n.fr]);
                all.extend(n.aliases_es.iter().chain(n.aliases_fr.iter()).copied());
            }
            all.dedup();
            write!(
                w,
                "{}[{},{},[{}]]",
                if i > 0 { "," } else { "" },
                js(p.code()),
                js(shown),
                all.iter().map(|n| js(n)).collect::<Vec<_>>().join(",")
            )
            .expect("string");
        }
        w.push_str("],\"codes\":[");
        let drawn: Vec<ParticipantId> =
            states.iter().copied().filter(|p| p.participant().kind == treaty_model::ParticipantKind::State).collect();
        w.push_str(&drawn.iter().map(|p| js(p.code())).collect::<Vec<_>>().join(","));
        w.push_str("],\"maps\":{");
        for (i, tr) in TreatyId::all().enumerate() {
            let cats = categories_in(tr, lang);
            let c: Vec<usize> = drawn.iter().map(|p| category_of(self.snapshot, tr, *p, self.as_of)).collect();
            let title = map_title(tr, lang);
            write!(
                w,
                "{}{}:{{\"title\":{},\"cats\":[{}],\"c\":\"{}\"}}",
                if i > 0 { "," } else { "" },
                js(tr.key()),
                js(&title),
                cats.iter()
                    .enumerate()
                    .map(|(k, cat)| format!(
                        "[{},{},{}]",
                        js(cat.label),
                        js(cat.colour),
                        c.iter().filter(|x| **x == k).count()
                    ))
                    .collect::<Vec<_>>()
                    .join(","),
                c.iter().map(ToString::to_string).collect::<String>()
            )
            .expect("string");
        }
        writeln!(
            w,
            "}},\"found\":{},\"none\":{},\"shown\":{},\"copied\":{}}}</script>",
            js(t.find_count),
            js(t.find_none),
            js(t.states_count),
            js(t.copied)
        )
        .expect("string");
    }

    /// One view per participant, at `#CODE`.
    fn views(&self, w: &mut String, icescr: TreatyId, op: TreatyId, summary: &treaty_fold::TreatySummary) {
        let t = self.t();
        let lang = self.lang;
        let reservations = self.reservations;
        let cats = categories_in(op, lang);
        let parties = summary.parties.to_string();
        let people = lang.millions(summary.population_parties);
        let general = summary.entry_into_force_recorded;
        w.push_str("<div id=\"views\">\n");
        for p in ParticipantId::all() {
            let code = p.code();
            let name = lang.name(p);
            let a = self.snapshot.status(icescr, p, self.as_of);
            let b = self.snapshot.status(op, p, self.as_of);
            let is_state = p.participant().kind == treaty_model::ParticipantKind::State;
            writeln!(
                w,
                "<section class=\"view\" id=\"{code}\" aria-labelledby=\"{code}-h\"><p><a href=\"#map-section\">{}</a></p><h2 id=\"{code}-h\" tabindex=\"-1\">{}</h2><p class=\"code\">{}{code}</p>",
                esc(t.view_back),
                esc(name),
                if name == p.name() { String::new() } else { format!("{} · ", esc(p.name())) },
            )
            .expect("string");
            // The campaign's answer and its next step.
            let category = cats[category_index(&b, Some(&a))];
            let (answer, next) = if is_state {
                let c = category;
                let next = match next_step(&a, &b) {
                    NextStep::RatifyCovenant => t.next_icescr.to_owned(),
                    NextStep::Sign => t.next_sign.to_owned(),
                    NextStep::Ratify => t.next_ratify.to_owned(),
                    NextStep::Accept([one]) => {
                        let proc_name = op
                            .treaty()
                            .procedures
                            .iter()
                            .find(|x| x.article == *one)
                            .map_or("", |x| lang.procedure(x.name));
                        fill(t.next_article, &[("name", proc_name), ("article", one)])
                    }
                    NextStep::Accept(_) => t.next_articles.to_owned(),
                    NextStep::Nothing => t.next_nothing.to_owned(),
                };
                (
                    format!(
                        "<p class=\"answer\"><span class=\"swatch\" style=\"background:{}\"></span><strong>{}</strong></p><p>OP-ICESCR: {}. ICESCR: {}.</p>",
                        c.colour,
                        esc(c.label),
                        esc(&status_words_in(lang, &b)),
                        esc(&status_words_in(lang, &a))
                    ),
                    next,
                )
            } else {
                (String::new(), fill(t.next_organization, &[("name", name)]))
            };
            writeln!(
                w,
                "<h3>{}</h3>{answer}<p class=\"next\"><strong>{}</strong> {}</p>",
                esc(t.view_campaign),
                esc(t.view_next),
                esc(&next)
            )
            .expect("string");
            // Key dates.
            write!(
                w,
                "<p>{}: {}; {}",
                esc(t.view_key_dates),
                esc(&fill(t.key_adopted, &[("date", &self.date(op.treaty().adopted))])),
                esc(&fill(t.key_eif, &[("date", &self.date(general))]))
            )
            .expect("string");
            if let Some(m) = b.membership.as_ref().filter(|_| b.party) {
                write!(w, "; {}", esc(&fill(t.key_state, &[("name", name), ("date", &self.date(m.entry_into_force))])))
                    .expect("string");
            }
            w.push_str(".</p>\n");
            // The 18 treaties.
            let cols = t.view_cols;
            writeln!(
                w,
                "<h3>{}</h3><table class=\"stack treaties-of\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
                esc(&fill(t.view_treaties, &[("date", &self.date(self.as_of))])),
                cols[0],
                cols[1],
                cols[2]
            )
            .expect("string");
            let mut procedures = Vec::new();
            let mut reserved = Vec::new();
            for tr in TreatyId::all() {
                let s = self.snapshot.status(tr, p, self.as_of);
                let state = if s.in_force {
                    t.st_party
                } else if s.party {
                    t.st_party_pending
                } else if s.membership.as_ref().is_some_and(|m| m.denunciation.is_some()) {
                    t.st_denounced
                } else if s.signatory {
                    t.st_signatory
                } else {
                    t.st_none
                };
                let words = if s.events.is_empty() { String::new() } else { esc(&status_words_in(lang, &s)) };
                writeln!(w, "<tr><th>{}</th><td>{}</td><td>{words}</td></tr>", tr.treaty().short_title, esc(state),)
                    .expect("string");
                for pr in s.procedures.iter().filter(|x| x.accepted && x.basis != "automatic") {
                    let since = pr
                        .since
                        .map_or_else(String::new, |d| format!(", {}", fill(t.since, &[("date", &self.date(d))])));
                    procedures.push(format!(
                        "{}: {} ({}){since}",
                        tr.treaty().short_title,
                        esc(lang.procedure(pr.name)),
                        fill(t.art, &[("article", pr.article)])
                    ));
                }
                if let Some(n) = reservations.get(&(code.to_owned(), tr.key().to_owned())) {
                    reserved.push(fill(
                        t.view_reservations_line,
                        &[("treaty", tr.treaty().short_title), ("n", &n.to_string())],
                    ));
                }
            }
            w.push_str("</tbody></table>\n");
            writeln!(w, "<h3>{}</h3>", esc(t.view_procedures)).expect("string");
            if procedures.is_empty() {
                writeln!(w, "<p>{}</p>", esc(t.view_procedures_none)).expect("string");
            } else {
                writeln!(w, "<ul>{}</ul>", procedures.iter().map(|x| format!("<li>{x}</li>")).collect::<String>())
                    .expect("string");
            }
            writeln!(w, "<h3>{}</h3>", esc(t.view_reservations)).expect("string");
            if reserved.is_empty() {
                writeln!(w, "<p>{}</p>", esc(t.view_reservations_none)).expect("string");
            } else {
                writeln!(
                    w,
                    "<p>{}. {}</p>",
                    esc(&reserved.join("; ")),
                    fill(t.view_reservations_more, &[("file", &self.file_link("reservations.csv"))])
                )
                .expect("string");
            }
            if is_state {
                let template = if b.party {
                    if matches!(next_step(&a, &b), NextStep::Nothing) { t.msg_done } else { t.msg_articles }
                } else if b.signatory {
                    t.msg_signed
                } else if a.party {
                    t.msg_party
                } else {
                    t.msg_not_party
                };
                let message = fill(
                    template,
                    &[
                        ("name", name),
                        ("n", &parties),
                        ("m", &people),
                        ("date", &b.signature.map_or_else(String::new, |d| self.date(d))),
                    ],
                );
                writeln!(
                    w,
                    "<h3>{}</h3><label for=\"{code}-msg\">{}</label><textarea id=\"{code}-msg\" readonly rows=\"5\">{}</textarea><p><button type=\"button\" class=\"copy\" data-for=\"{code}-msg\">{}</button></p>",
                    esc(t.view_share),
                    esc(t.view_share_label),
                    esc(&message),
                    esc(t.copy)
                )
                .expect("string");
                let alt = format!("{name}: {}", category.label);
                writeln!(
                    w,
                    "<h3>{}</h3><pre><code>{}</code></pre>",
                    esc(t.view_embed),
                    esc(&badge_snippet(lang, code, &alt))
                )
                .expect("string");
            }
            w.push_str("</section>\n");
        }
        w.push_str("</div>\n");
    }

    fn map_section(&self, w: &mut String, map: &TreatyMap) {
        let t = self.t();
        let lang = self.lang;
        writeln!(
            w,
            "<section id=\"map-section\" aria-labelledby=\"map-h\"><h2 id=\"map-h\">{}</h2><div class=\"map-controls\"><div><label for=\"map-treaty\">{}</label><select id=\"map-treaty\">",
            esc(t.map_h),
            esc(t.map_treaty)
        )
        .expect("string");
        // The campaign's map first, then the catalogue's order.
        let op = map.treaty;
        for tr in std::iter::once(op).chain(TreatyId::all().filter(|x| *x != op)) {
            writeln!(
                w,
                "<option value=\"{}\">{} — {}</option>",
                tr.key(),
                tr.treaty().short_title,
                esc(lang.treaty_title(tr))
            )
            .expect("string");
        }
        writeln!(w, "</select></div><fieldset class=\"zoom\"><legend>{}</legend>", esc(t.map_zoom)).expect("string");
        for (i, (view, label)) in regions().iter().zip(t.regions).enumerate() {
            writeln!(
                w,
                "<button type=\"button\" data-view=\"{view}\" aria-pressed=\"{}\">{}</button>",
                if i == 0 { "true" } else { "false" },
                esc(label)
            )
            .expect("string");
        }
        writeln!(
            w,
            "</fieldset></div><h3 id=\"map-heading\">{}</h3><p class=\"map-dates\">{}</p><figure><div class=\"map-box\">",
            esc(&map.title),
            esc(&map.dates_line())
        )
        .expect("string");
        w.push_str(&map.inline_svg());
        w.push_str("</div><ul class=\"legend\" id=\"map-legend\">");
        for (i, c) in map.categories.iter().enumerate() {
            write!(
                w,
                "<li><span class=\"swatch\" style=\"background:{}\"></span>{} ({})</li>",
                c.colour,
                esc(c.label),
                map.count(i)
            )
            .expect("string");
        }
        writeln!(
            w,
            "</ul><ul class=\"legend\"><li><span class=\"swatch dot\"></span>{}</li><li><span class=\"swatch hatch\"></span>{}</li></ul>",
            esc(t.map_dot),
            esc(t.map_hatch)
        )
        .expect("string");
        for note in &map.notes {
            writeln!(w, "<p class=\"note\">{}</p>", esc(note)).expect("string");
        }
        let links: Vec<String> = TreatyId::all().map(|tr| self.file_link(&format!("maps/{}.svg", tr.key()))).collect();
        writeln!(
            w,
            "<figcaption>{} {}</figcaption></figure></section>",
            esc(&fill(t.map_caption, &[("date", &self.date(self.as_of)), ("source", &self.source_text())])),
            fill(t.map_files, &[("links", &links.join(", "))])
        )
        .expect("string");
    }

    fn timeline_section(&self, w: &mut String, treaty: TreatyId, eif: NaiveDate) {
        let tx = self.t();
        let rows: Vec<(NaiveDate, i64, i64, i64)> = self
            .timeline
            .rows
            .iter()
            .filter(|r| r[0] == Value::Text(treaty.key().to_owned()))
            .filter_map(|r| match (&r[1], &r[2], &r[3], &r[5]) {
                (Value::Date(d), Value::Integer(s), Value::Integer(p), Value::Integer(f)) => Some((*d, *s, *p, *f)),
                _ => None,
            })
            .collect();
        let t = treaty.treaty();
        let start = t.opened_for_signature.min(rows.first().map_or(self.as_of, |r| r.0));
        let end = self.as_of.max(rows.last().map_or(self.as_of, |r| r.0));
        let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(0).max(1);
        let top = ((max + 9) / 10 * 10) as f64;
        let (width, height, left, right, upper, lower) = (1000.0, 320.0, 48.0, 140.0, 16.0, 36.0);
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
        let desc = fill(
            tx.chart_desc,
            &[
                ("treaty", t.short_title),
                ("from", &self.date(start)),
                ("to", &self.date(end)),
                ("s", &sig_now.to_string()),
                ("p", &par_now.to_string()),
                ("eif", &self.date(eif)),
                ("at", &at_eif.to_string()),
            ],
        );
        let title = fill(tx.chart_title, &[("treaty", t.short_title)]);
        writeln!(
            w,
            "<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">{}</h2>\n<figure>",
            esc(tx.timeline_h)
        )
        .expect("string");
        writeln!(
            w,
            "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" font-size=\"15\">\n<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>",
            esc(&title),
            esc(&desc)
        )
        .expect("string");
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
            // Every other year's label when they would crowd.
            let label = if end.year() - start.year() > 12 && year % 2 == 1 { String::new() } else { year.to_string() };
            writeln!(
                w,
                "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#9ca3af\"/><text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"middle\" fill=\"#4b5563\">{label}</text>",
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
        writeln!(
            w,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#b45309\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><text x=\"{3:.1}\" y=\"{4:.1}\" fill=\"#92400e\">{5}</text>",
            x(eif),
            y(0),
            upper,
            x(eif) + 6.0,
            upper + 12.0,
            esc(&fill(tx.chart_eif, &[("date", &self.date(eif))]))
        )
        .expect("string");
        writeln!(
            w,
            "<path d=\"{sig}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"/>",
            RAMP[2]
        )
        .expect("string");
        writeln!(w, "<path d=\"{par}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/>", RAMP[3]).expect("string");
        let (ys, yp) = (y(sig_now), y(par_now));
        let (ys, yp) = if (ys - yp).abs() < 18.0 {
            let mid = f64::midpoint(ys, yp);
            if sig_now >= par_now { (mid - 9.0, mid + 9.0) } else { (mid + 9.0, mid - 9.0) }
        } else {
            (ys, yp)
        };
        writeln!(
            w,
            "<text x=\"{0:.1}\" y=\"{1:.1}\" fill=\"{2}\" font-weight=\"700\">{3}</text><text x=\"{0:.1}\" y=\"{4:.1}\" fill=\"{5}\" font-weight=\"700\">{6}</text>",
            width - right + 6.0,
            ys + 4.0,
            RAMP[2],
            esc(&fill(tx.chart_signatories, &[("n", &sig_now.to_string())])),
            yp + 4.0,
            RAMP[3],
            esc(&fill(tx.chart_parties, &[("n", &par_now.to_string())]))
        )
        .expect("string");
        w.push_str("</svg>\n");
        writeln!(
            w,
            "<figcaption>{}</figcaption>\n</figure>",
            fill(tx.chart_caption, &[("treaty", &esc(t.short_title)), ("file", &self.file_link("timeline.csv"))])
        )
        .expect("string");
        writeln!(
            w,
            "<details><summary>{}</summary><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table><caption class=\"visually-hidden\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
            esc(tx.chart_table),
            esc(tx.chart_table),
            esc(tx.chart_table_caption),
            esc(tx.col_date),
            esc(tx.col_signatories),
            esc(tx.col_parties),
            esc(tx.col_in_force)
        )
        .expect("string");
        for (d, s, p, f) in &rows {
            writeln!(
                w,
                "<tr><td>{}</td><td class=\"num\">{s}</td><td class=\"num\">{p}</td><td class=\"num\">{f}</td></tr>",
                self.lang.short_date(*d)
            )
            .expect("string");
        }
        w.push_str("</tbody></table></div></details></section>\n");
    }

    fn states_section(&self, w: &mut String, map: &TreatyMap, icescr: TreatyId, op: TreatyId) {
        let t = self.t();
        let lang = self.lang;
        writeln!(
            w,
            "<section id=\"states-section\" aria-labelledby=\"states-h\"><h2 id=\"states-h\">{}</h2><p>{}</p>",
            esc(t.states_h),
            esc(t.states_intro)
        )
        .expect("string");
        writeln!(
            w,
            "<div class=\"controls\"><div><label for=\"state-search\">{}</label><input id=\"state-search\" type=\"search\" autocomplete=\"off\" placeholder=\"{}\"></div><div><label for=\"state-category\">{}</label><select id=\"state-category\"><option value=\"\">{}</option>",
            esc(t.states_filter),
            esc(t.find_placeholder),
            esc(t.states_category),
            esc(t.all_categories)
        )
        .expect("string");
        for (i, c) in map.categories.iter().enumerate() {
            write!(w, "<option value=\"{i}\">{}</option>", esc(c.label)).expect("string");
        }
        w.push_str(
            "</select></div><p id=\"state-count\" class=\"count\" role=\"status\" aria-live=\"polite\"></p></div>\n",
        );
        writeln!(
            w,
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"states-h\"><table id=\"states\" class=\"stack\"><caption class=\"visually-hidden\">{}</caption><thead><tr>",
            esc(t.states_caption)
        )
        .expect("string");
        for (i, label) in t.states_cols.iter().enumerate() {
            let sort = if i == 0 { " aria-sort=\"ascending\"" } else { "" };
            write!(
                w,
                "<th scope=\"col\"{sort}><button type=\"button\">{}<span class=\"arrow\" aria-hidden=\"true\"></span></button></th>",
                esc(label)
            )
            .expect("string");
        }
        w.push_str("</tr></thead><tbody>\n");
        let mut states: Vec<_> = map.states.iter().collect();
        states.sort_by(|a, b| lang.name(a.participant).cmp(lang.name(b.participant)));
        let cols = t.states_cols;
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
            let (k1, t1) = self.short(icescr_since);
            let (k2, t2) = self.short(b.signature);
            let (k3, mut t3) = self.short(consent.map(|c| c.0));
            if let Some((_, action)) = consent.filter(|c| c.1 != treaty_model::Action::Ratification) {
                write!(t3, " ({})", lang.consent(action).trim_end_matches([':', ' '])).expect("string");
            }
            let (k4, t4) = self.short(in_force);
            let optional: Vec<String> = b
                .procedures
                .iter()
                .filter(|p| p.accepted && p.basis == "opt_in")
                .map(|p| fill(t.art, &[("article", p.article)]))
                .collect();
            let t5 = if optional.is_empty() { "—".to_owned() } else { esc(&optional.join(", ")) };
            let k5 = optional.len();
            let name = lang.name(p);
            writeln!(
                w,
                "<tr data-code=\"{code}\" data-name=\"{n}\" data-category=\"{rank}\"><th scope=\"row\" data-sort=\"{n}\"><a href=\"#{code}\">{n}</a></th><td data-sort=\"{rank}\" data-label=\"{l1}\"><span class=\"swatch\" style=\"background:{colour}\"></span>{cat}</td><td data-sort=\"{k1}\" data-label=\"{l2}\">{t1}</td><td data-sort=\"{k2}\" data-label=\"{l3}\">{t2}</td><td data-sort=\"{k3}\" data-label=\"{l4}\">{t3}</td><td data-sort=\"{k4}\" data-label=\"{l5}\">{t4}</td><td data-sort=\"{k5}\" data-label=\"{l6}\">{t5}</td></tr>",
                code = p.code(),
                n = esc(name),
                cat = esc(c.label),
                rank = s.category,
                colour = c.colour,
                l1 = esc(cols[1]),
                l2 = esc(cols[2]),
                l3 = esc(cols[3]),
                l4 = esc(cols[4]),
                l5 = esc(cols[5]),
                l6 = esc(cols[6]),
            )
            .expect("string");
        }
        w.push_str("</tbody></table></div>\n");
        writeln!(w, "<p>{}</p></section>", fill(t.categories_explained, &[("file", &self.file_link("campaign.csv"))]))
            .expect("string");
    }

    /// The participants that accept the procedure of `article` of `treaty`, with since when.
    fn acceptors(&self, treaty: TreatyId, article: &str) -> Vec<(ParticipantId, Option<NaiveDate>)> {
        let mut out: Vec<_> = self
            .snapshot
            .statuses(treaty, self.as_of)
            .into_iter()
            .filter_map(|st| {
                let p = st.procedures.iter().find(|p| p.article == article && p.accepted)?;
                Some((st.participant, p.since))
            })
            .collect();
        out.sort_by(|a, b| self.lang.name(a.0).cmp(self.lang.name(b.0)));
        out
    }

    fn procedures_section(&self, w: &mut String, op: TreatyId) {
        let t = self.t();
        writeln!(
            w,
            "<section id=\"procedures-section\" aria-labelledby=\"procedures-h\"><h2 id=\"procedures-h\">{}</h2><p>{}</p>",
            esc(t.procedures_h),
            esc(t.procedures_intro)
        )
        .expect("string");
        for p in op.treaty().procedures.iter().filter(|p| p.kind == ProcedureKind::OptIn) {
            let states = self.acceptors(op, p.article);
            writeln!(
                w,
                "<h3>{}</h3>",
                esc(&fill(
                    t.procedure_h,
                    &[
                        ("article", p.article),
                        ("name", self.lang.procedure(p.name)),
                        ("n", &states.len().to_string()),
                        ("states", if states.len() == 1 { t.states_word.0 } else { t.states_word.1 }),
                    ]
                ))
            )
            .expect("string");
            if states.is_empty() {
                writeln!(w, "<p>{}</p>", esc(t.procedure_none)).expect("string");
                continue;
            }
            w.push_str("<ul>");
            for (state, since) in states {
                write!(
                    w,
                    "<li><a href=\"#{}\">{}</a>{}</li>",
                    state.code(),
                    esc(self.lang.name(state)),
                    since.map_or_else(String::new, |d| format!(
                        " — {}",
                        esc(&fill(t.since, &[("date", &self.date(d))]))
                    ))
                )
                .expect("string");
            }
            w.push_str("</ul>\n");
        }
        writeln!(w, "<p>{}</p></section>", fill(t.procedures_outro, &[("file", &self.file_link("procedures.csv"))]))
            .expect("string");
    }

    fn treaties_section(&self, w: &mut String) {
        let t = self.t();
        let lang = self.lang;
        writeln!(
            w,
            "<section id=\"treaties-section\" aria-labelledby=\"treaties-h\"><h2 id=\"treaties-h\">{}</h2><p>{}</p>",
            esc(t.treaties_h),
            esc(&fill(t.treaties_intro, &[("date", &self.date(self.as_of))]))
        )
        .expect("string");
        let cols = t.treaties_cols;
        write!(
            w,
            "<div class=\"wide\" tabindex=\"0\" role=\"region\" aria-labelledby=\"treaties-h\"><table class=\"stack\"><caption class=\"visually-hidden\">{}</caption><thead><tr>",
            esc(t.treaties_caption)
        )
        .expect("string");
        for (i, c) in cols.iter().enumerate() {
            let class = if (1..=3).contains(&i) { " class=\"num\"" } else { "" };
            write!(w, "<th scope=\"col\"{class}>{}</th>", esc(c)).expect("string");
        }
        w.push_str("</tr></thead><tbody>\n");
        for (tr, at) in &self.status_as_at {
            let s = self.snapshot.summary(*tr, self.as_of);
            let treaty = tr.treaty();
            let optional: Vec<String> = treaty
                .procedures
                .iter()
                .filter(|p| matches!(p.kind, ProcedureKind::OptIn | ProcedureKind::OptOut))
                .map(|p| {
                    let states = self.acceptors(*tr, p.article);
                    let names = if treaty.key == "op-icescr" {
                        format!(" ({})", states.iter().map(|(s, _)| esc(lang.name(*s))).collect::<Vec<_>>().join(", "))
                    } else {
                        String::new()
                    };
                    format!(
                        "{} {}: {}{names}",
                        fill(t.art, &[("article", p.article)]),
                        esc(lang.procedure(p.name)),
                        states.len()
                    )
                })
                .collect();
            writeln!(
                w,
                "<tr><th scope=\"row\">{}<br><small>{}</small></th><td class=\"num\" data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\"><a href=\"{}\">{}</a></td></tr>",
                esc(treaty.short_title),
                esc(lang.treaty_title(*tr)),
                esc(cols[1]),
                lang.number(s.signatories),
                esc(cols[2]),
                lang.number(s.parties),
                esc(cols[3]),
                lang.number(s.in_force),
                esc(cols[4]),
                lang.short_date(s.entry_into_force_recorded),
                esc(cols[5]),
                if optional.is_empty() { "—".to_owned() } else { optional.join("<br>") },
                esc(cols[6]),
                esc(treaty.untc_url),
                at.map_or_else(|| "—".to_owned(), |a| format!("{}, {}", lang.short_date(a.date_naive()), a.format("%H:%M %:z")))
            )
            .expect("string");
        }
        w.push_str("</tbody></table></div></section>\n");
    }

    fn embed_section(&self, w: &mut String) {
        let t = self.t();
        let lang = self.lang;
        let map = format!(
            "<a href=\"https://example.org/treaty/{0}index.html\"><img src=\"https://example.org/treaty/{0}maps/op-icescr.svg\" alt=\"{1}\" width=\"1000\" style=\"max-width:100%;height:auto\"></a>",
            lang.dir(),
            t.campaign_title
        );
        writeln!(
            w,
            "<section id=\"embed\" aria-labelledby=\"embed-h\"><h2 id=\"embed-h\">{}</h2><p>{}</p><p>{}</p><pre><code>{}</code></pre><p>{}</p><pre><code>{}</code></pre></section>",
            esc(t.embed_h),
            esc(t.embed_intro),
            esc(t.embed_badge),
            esc(&badge_snippet(lang, "ECU", "Ecuador")),
            esc(t.embed_map),
            esc(&map)
        )
        .expect("string");
    }
}

/// The code to embed a State's badge, linking to its view, for a release published at
/// `https://example.org/treaty/` (the reader replaces the address with theirs).
#[must_use]
pub fn badge_snippet(lang: Lang, code: &str, alt: &str) -> String {
    format!(
        "<a href=\"https://example.org/treaty/{0}index.html#{code}\"><img src=\"https://example.org/treaty/{0}badges/{code}.svg\" alt=\"{1}\" width=\"360\" height=\"64\"></a>",
        lang.dir(),
        esc(alt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(2048), "2.0 KB");
        assert_eq!(size(3 * 1024 * 1024 + 1), "3.0 MB");
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        assert_eq!(js("a</script>b"), "\"a<\\/script>b\"");
    }
}
