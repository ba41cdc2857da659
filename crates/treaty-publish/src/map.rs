//! World maps of a treaty's status on a date, as SVG: the OP-ICESCR campaign's four categories,
//! or party / signatory / neither for any other treaty. Every State of the registry is drawn,
//! as its Natural Earth 1:110m shape or, when it is too small for that scale, as a marked dot;
//! each shape and dot carries a `<title>` with the State's name, its category and the dates
//! behind it. The European Union, an organization, has no shape: a note names its status.

use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::NaiveDate;
use treaty_fold::{ParticipantStatus, Snapshot};
use treaty_model::{Action, ParticipantId, ParticipantKind, TreatyId};

use crate::geo::{self, Frame, WORLD};
use crate::i18n::{Lang, fill};
use crate::tables::{CAMPAIGN_CATEGORIES, campaign_category};

/// The fills of the ordered categories, lightest (least) to darkest (most): a sequential ramp
/// from pale yellow through green-blue to dark blue, after ColorBrewer's YlGnBu, which is
/// designed to stay readable for colour-blind readers. An ordered scale of one hue family whose
/// CIE L* lightness falls steadily (96, 74, 51, 21) keeps its order under deuteranopia,
/// protanopia and tritanopia, and even in greyscale, because lightness is what every form of
/// colour blindness keeps; the tests check the lightness steps and the colour differences
/// under simulated colour blindness (Machado, Oliveira & Fernandes 2009).
pub const RAMP: [&str; 4] = ["#fbf4d0", "#7fc4a8", "#2a7fb8", "#1b2a78"];

/// A category of the map with its fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Its name, as in the legend and the tables (in the map's language).
    pub label: &'static str,
    /// Its fill.
    pub colour: &'static str,
}

/// One State on the map.
#[derive(Debug, Clone)]
pub struct StateOnMap {
    /// The State.
    pub participant: ParticipantId,
    /// Index into [`TreatyMap::categories`].
    pub category: usize,
    /// The dates behind the category, in a sentence or two.
    pub detail: String,
}

/// A treaty's map on a date, ready to draw.
#[derive(Debug, Clone)]
pub struct TreatyMap {
    /// The treaty.
    pub treaty: TreatyId,
    /// The date mapped.
    pub as_of: NaiveDate,
    /// The language of its texts.
    pub lang: Lang,
    /// The latest "status as at" of the treaty's sources (the date UNTC was last read), shown
    /// beside the date mapped so that neither is taken for the other.
    pub source_as_at: Option<NaiveDate>,
    /// The headline.
    pub title: String,
    /// The categories, highest first (the legend's order).
    pub categories: Vec<Category>,
    /// Every State of the registry, in code order.
    pub states: Vec<StateOnMap>,
    /// Notes printed under the legend (the European Union's status, when it has one).
    pub notes: Vec<String>,
}

/// "5 February 2013".
#[must_use]
pub fn long_date(d: NaiveDate) -> String {
    Lang::En.long_date(d)
}

/// A State's standing in one treaty on the date, in words, in `lang`: "signed 24 September
/// 2009; ratified 5 February 2013, in force for it from 5 May 2013".
#[must_use]
pub fn status_words_in(lang: Lang, s: &ParticipantStatus) -> String {
    let t = lang.t();
    let date = |d: NaiveDate| lang.long_date(d);
    let mut parts = Vec::new();
    if let Some(d) = s.signature {
        let how =
            if s.signature_action == Some(Action::SuccessionToSignature) { t.w_signed_succession } else { t.w_signed };
        parts.push(fill(how, &[("date", &date(d))]));
    }
    if let Some(m) = &s.membership {
        let mut text = format!("{} {}", lang.consent(m.action), date(m.date));
        if m.denunciation.is_none() {
            let tense = if m.entry_into_force <= s.as_of { t.w_in_force_from } else { t.w_to_enter };
            write!(text, ", {}", fill(tense, &[("date", &date(m.entry_into_force))])).expect("string");
        }
        parts.push(text);
        if let Some(d) = m.denunciation {
            let mut text = fill(t.w_denounced, &[("date", &date(d))]);
            if let Some(e) = m.denunciation_effective {
                write!(text, ", {}", fill(t.w_effective, &[("date", &date(e))])).expect("string");
            }
            parts.push(text);
        }
    }
    if parts.is_empty() { t.w_no_action.to_owned() } else { parts.join("; ") }
}

/// Whether the map for `treaty` is the OP-ICESCR campaign map.
fn is_campaign(treaty: TreatyId) -> bool {
    treaty.key() == "op-icescr"
}

/// The categories of a treaty's map in `lang`, highest first.
#[must_use]
pub fn categories_in(treaty: TreatyId, lang: Lang) -> Vec<Category> {
    let t = lang.t();
    if is_campaign(treaty) {
        t.campaign_categories.iter().zip(RAMP.iter().rev()).map(|(l, c)| Category { label: l, colour: c }).collect()
    } else {
        vec![
            Category { label: t.categories[0], colour: RAMP[3] },
            Category { label: t.categories[1], colour: RAMP[2] },
            Category { label: t.categories[2], colour: RAMP[0] },
        ]
    }
}

/// The category index of a State on `treaty`'s map (see [`categories_in`]).
#[must_use]
pub fn category_of(snapshot: &Snapshot, treaty: TreatyId, p: ParticipantId, as_of: NaiveDate) -> usize {
    let s = snapshot.status(treaty, p, as_of);
    let icescr = is_campaign(treaty).then(|| snapshot.status(TreatyId::parse("icescr").expect("catalogue"), p, as_of));
    category_index(&s, icescr.as_ref())
}

/// The category index from statuses already folded: the State's in the treaty and, for the
/// campaign map, in the ICESCR.
#[must_use]
pub fn category_index(s: &ParticipantStatus, icescr: Option<&ParticipantStatus>) -> usize {
    if let Some(a) = icescr.filter(|_| is_campaign(s.treaty)) {
        let label = campaign_category(a, s);
        CAMPAIGN_CATEGORIES.iter().position(|c| *c == label).expect("a category")
    } else if s.party {
        0
    } else if s.signatory {
        1
    } else {
        2
    }
}

/// A treaty map's headline in `lang`.
#[must_use]
pub fn map_title(treaty: TreatyId, lang: Lang) -> String {
    if is_campaign(treaty) {
        lang.t().campaign_title.to_owned()
    } else {
        fill(lang.t().other_title, &[("treaty", treaty.treaty().short_title)])
    }
}

impl TreatyMap {
    /// The map of `treaty` on `as_of`, in English.
    #[must_use]
    pub fn new(snapshot: &Snapshot, treaty: TreatyId, as_of: NaiveDate) -> TreatyMap {
        TreatyMap::in_lang(snapshot, treaty, as_of, Lang::En)
    }

    /// The map of `treaty` on `as_of`, in `lang`.
    #[must_use]
    pub fn in_lang(snapshot: &Snapshot, treaty: TreatyId, as_of: NaiveDate, lang: Lang) -> TreatyMap {
        let tx = lang.t();
        let categories = categories_in(treaty, lang);
        let t = treaty.treaty();
        let icescr = TreatyId::parse("icescr").expect("catalogue");
        let mut states = Vec::new();
        for p in ParticipantId::all().filter(|p| p.participant().kind == ParticipantKind::State) {
            let s = snapshot.status(treaty, p, as_of);
            let a = is_campaign(treaty).then(|| snapshot.status(icescr, p, as_of));
            let category = category_index(&s, a.as_ref());
            let detail = match &a {
                Some(a) => {
                    format!("OP-ICESCR: {}. ICESCR: {}.", status_words_in(lang, &s), status_words_in(lang, a))
                }
                None => format!("{}: {}.", t.short_title, status_words_in(lang, &s)),
            };
            states.push(StateOnMap { participant: p, category, detail });
        }
        let mut notes = Vec::new();
        for p in ParticipantId::all().filter(|p| p.participant().kind == ParticipantKind::Organization) {
            let s = snapshot.status(treaty, p, as_of);
            if !s.events.is_empty() {
                notes.push(fill(
                    tx.eu_note,
                    &[("name", lang.name(p)), ("treaty", t.short_title), ("status", &status_words_in(lang, &s))],
                ));
            }
        }
        let title = map_title(treaty, lang);
        TreatyMap { treaty, as_of, lang, source_as_at: None, title, categories, states, notes }
    }

    /// The same map, saying when its source was last read.
    #[must_use]
    pub fn with_source_as_at(mut self, at: Option<NaiveDate>) -> TreatyMap {
        self.source_as_at = at;
        self
    }

    /// How many States are in category `i`.
    #[must_use]
    pub fn count(&self, i: usize) -> usize {
        self.states.iter().filter(|s| s.category == i).count()
    }

    /// The text of a State's `<title>`: name, category, dates.
    #[must_use]
    pub fn title_of(&self, s: &StateOnMap) -> String {
        format!("{}: {}. {}", self.lang.name(s.participant), self.categories[s.category].label, s.detail)
    }

    /// A text alternative to the map: each category with its count and its States.
    #[must_use]
    pub fn description(&self) -> String {
        let lang = self.lang;
        let mut out = fill(
            lang.t().map_description,
            &[("treaty", lang.treaty_title(self.treaty)), ("date", &lang.long_date(self.as_of))],
        );
        for (i, c) in self.categories.iter().enumerate() {
            let names: Vec<&str> =
                self.states.iter().filter(|s| s.category == i).map(|s| lang.name(s.participant)).collect();
            let list = if names.is_empty() { lang.t().none.to_owned() } else { names.join(", ") };
            write!(out, "{} ({}): {list}. ", c.label, names.len()).expect("string");
        }
        out.trim_end().to_owned()
    }

    /// "Status on 2 December 2026 · UNTC status as at 3 February 2026".
    #[must_use]
    pub fn dates_line(&self) -> String {
        let lang = self.lang;
        match self.source_as_at {
            Some(at) => fill(
                lang.t().map_status_line,
                &[("date", &lang.long_date(self.as_of)), ("source", &lang.long_date(at))],
            ),
            None => fill(lang.t().status_on, &[("date", &lang.long_date(self.as_of))]),
        }
    }

    /// The map as SVG: with an XML declaration when `standalone` (a file of its own), without
    /// when it goes inline into a page.
    #[must_use]
    pub fn svg(&self, standalone: bool) -> String {
        let tx = self.lang.t();
        let layout = &*LAYOUT;
        let legend_top = MAP_TOP + layout.height + 26.0;
        let (w, h) = (WIDTH, legend_top + 24.0 + 20.0 * (self.notes.len() as f64 + 2.0) + 14.0);
        let mut o = String::with_capacity(200_000);
        if standalone {
            o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        writeln!(
            o,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"map-title map-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\" class=\"treaty-map\" xml:lang=\"{}\">",
            self.lang.code(),
            h = h.round()
        )
        .expect("string");
        writeln!(
            o,
            "<title id=\"map-title\">{}: {}, {}</title>",
            esc(&self.title),
            esc(self.treaty.treaty().short_title),
            esc(&self.dates_line())
        )
        .expect("string");
        writeln!(o, "<desc id=\"map-desc\">{}</desc>", esc(&self.description())).expect("string");
        o.push_str(HATCH);
        o.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        // Title and dates.
        writeln!(
            o,
            "<text x=\"{M}\" y=\"30\" font-size=\"22\" font-weight=\"700\" fill=\"#111827\">{}</text>",
            esc(&self.title)
        )
        .expect("string");
        writeln!(
            o,
            "<text x=\"{}\" y=\"30\" font-size=\"14\" font-weight=\"700\" fill=\"#111827\" text-anchor=\"end\">{}</text>",
            WIDTH - M,
            esc(&self.dates_line())
        )
        .expect("string");
        writeln!(
            o,
            "<text x=\"{M}\" y=\"50\" font-size=\"13\" fill=\"#374151\">{}</text>",
            esc(self.lang.treaty_title(self.treaty))
        )
        .expect("string");
        self.world(&mut o);
        // Legend.
        let mut y = legend_top;
        let col = (WIDTH - 2.0 * M) / 4.0;
        o.push_str("<g font-size=\"13\" fill=\"#111827\">\n");
        for (i, c) in self.categories.iter().enumerate() {
            let x = M + col * i as f64;
            writeln!(
                o,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"18\" height=\"13\" fill=\"{}\" stroke=\"#56606c\" stroke-width=\".6\"/><text x=\"{:.1}\" y=\"{:.1}\">{} ({})</text>",
                y - 11.0,
                c.colour,
                x + 24.0,
                y,
                esc(c.label),
                self.count(i)
            )
            .expect("string");
        }
        y += 24.0;
        writeln!(
            o,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{DOT_R}\" fill=\"#ffffff\" stroke=\"#1f2937\" stroke-width=\".8\"/><text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
            M + 9.0,
            y - 4.5,
            M + 24.0,
            esc(tx.map_dot)
        )
        .expect("string");
        writeln!(
            o,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"18\" height=\"13\" fill=\"url(#map-hatch)\" stroke=\"#56606c\" stroke-width=\".6\"/><text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
            M + 2.0 * col,
            y - 11.0,
            M + 2.0 * col + 24.0,
            esc(tx.map_hatch)
        )
        .expect("string");
        o.push_str("</g>\n<g font-size=\"11\" fill=\"#4b5563\">\n");
        for note in self.notes.iter().map(String::as_str).chain([tx.map_source, tx.map_boundaries]) {
            y += 20.0;
            writeln!(o, "<text x=\"{M}\" y=\"{y:.1}\">{}</text>", esc(note)).expect("string");
        }
        o.push_str("</g>\n</svg>\n");
        o
    }

    /// The map alone, for a page: the world without title or legend (the page gives them as
    /// text, readable on a phone), its `viewBox` the world's, to be zoomed by the page to a
    /// region of [`regions`]. Shapes and dots carry `data-code` for the page's script.
    #[must_use]
    pub fn inline_svg(&self) -> String {
        let mut o = String::with_capacity(200_000);
        writeln!(
            o,
            "<svg id=\"map\" viewBox=\"{}\" role=\"img\" aria-labelledby=\"map-title map-desc\" class=\"treaty-map\">",
            world_view()
        )
        .expect("string");
        writeln!(o, "<title id=\"map-title\">{}: {}</title>", esc(&self.title), esc(&self.dates_line()))
            .expect("string");
        writeln!(o, "<desc id=\"map-desc\">{}</desc>", esc(&self.description())).expect("string");
        o.push_str(HATCH);
        self.world(&mut o);
        o.push_str("</svg>\n");
        o
    }

    /// The sea, the shapes and the dots.
    fn world(&self, o: &mut String) {
        let layout = &*LAYOUT;
        // The sea: the projected world's outline between the latitudes drawn.
        writeln!(o, "<path d=\"{}\" fill=\"#e8f1f7\"/>", layout.sea).expect("string");
        // Shapes.
        o.push_str("<g stroke=\"#8a95a1\" stroke-width=\".45\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
        for (code, d) in &layout.shapes {
            let s = self.state(*code);
            writeln!(
                o,
                "<path data-code=\"{}\" fill=\"{}\" d=\"{d}\"><title>{}</title></path>",
                code.code(),
                self.categories[s.category].colour,
                esc(&self.title_of(s))
            )
            .expect("string");
        }
        for (name, d) in &layout.others {
            writeln!(
                o,
                "<path fill=\"url(#map-hatch)\" d=\"{d}\"><title>{}: {}</title></path>",
                esc(name),
                esc(self.lang.t().map_no_status)
            )
            .expect("string");
        }
        o.push_str("</g>\n");
        // Dots, with a leader line where they had to move apart.
        o.push_str("<g stroke=\"#1f2937\" stroke-width=\".8\">\n");
        for dot in &layout.dots {
            if (dot.at.0 - dot.anchor.0).hypot(dot.at.1 - dot.anchor.1) > 2.0 {
                writeln!(
                    o,
                    "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke-width=\".5\"/>",
                    dot.anchor.0, dot.anchor.1, dot.at.0, dot.at.1
                )
                .expect("string");
            }
        }
        for dot in &layout.dots {
            let s = self.state(dot.state);
            writeln!(
                o,
                "<circle data-code=\"{}\" class=\"dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{DOT_R}\" fill=\"{}\"><title>{}</title></circle>",
                dot.state.code(),
                dot.at.0,
                dot.at.1,
                self.categories[s.category].colour,
                esc(&self.title_of(s))
            )
            .expect("string");
        }
        o.push_str("</g>\n");
    }

    fn state(&self, p: ParticipantId) -> &StateOnMap {
        self.states.iter().find(|s| s.participant == p).expect("every State is on the map")
    }
}

const HATCH: &str = "<defs><pattern id=\"map-hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#9aa3ad\" stroke-width=\"1.2\"/></pattern></defs>\n";

/// The `viewBox` of the whole world on the inline map.
#[must_use]
pub fn world_view() -> String {
    format!("0 {MAP_TOP} {WIDTH} {:.1}", LAYOUT.height)
}

/// The regions a reader can zoom the inline map to, as (`viewBox`, index into the texts'
/// `regions`): boxes of longitude and latitude, projected, widened to the world's aspect so
/// that the map never letterboxes. The Pacific is split at the antimeridian, where the
/// projection splits it.
#[must_use]
pub fn regions() -> Vec<String> {
    let frame = Frame::new(WIDTH, M, MAP_TOP);
    let aspect = WIDTH / LAYOUT.height;
    // (west, south, east, north)
    let boxes: [(f64, f64, f64, f64); 7] = [
        (-20.0, -36.0, 53.0, 38.0),    // Africa
        (-135.0, -56.0, -32.0, 62.0),  // the Americas
        (-90.0, 9.0, -58.0, 27.0),     // the Caribbean
        (-25.0, 34.0, 45.0, 71.0),     // Europe
        (25.0, -11.0, 150.0, 56.0),    // Asia
        (110.0, -48.0, 180.0, 22.0),   // the Pacific, west of the antimeridian
        (-180.0, -30.0, -150.0, 12.0), // the Pacific, east of it
    ];
    let mut out = vec![world_view()];
    for (w, s, e, n) in boxes {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for lat in [s, (s + n) / 2.0, n] {
            for lon in [w, e] {
                let (x, y) = frame.project(lon, lat);
                xs.push(x);
                ys.push(y);
            }
        }
        let (x0, x1) = (xs.iter().copied().fold(f64::MAX, f64::min), xs.iter().copied().fold(f64::MIN, f64::max));
        let (y0, y1) = (ys.iter().copied().fold(f64::MAX, f64::min), ys.iter().copied().fold(f64::MIN, f64::max));
        let (mut bw, mut bh) = (x1 - x0 + 10.0, y1 - y0 + 10.0);
        if bw / bh < aspect {
            bw = bh * aspect;
        } else {
            bh = bw / aspect;
        }
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        out.push(format!("{:.1} {:.1} {:.1} {:.1}", cx - bw / 2.0, cy - bh / 2.0, bw, bh));
    }
    out
}

/// Width of the SVG in pixels.
const WIDTH: f64 = 1000.0;
/// Side margin.
const M: f64 = 16.0;
/// Where the map starts.
const MAP_TOP: f64 = 72.0;
/// Radius of a dot.
const DOT_R: f64 = 3.5;
/// A State whose largest island covers less than this many square pixels also gets a dot:
/// its shape alone would be a speck (Luxembourg is about one square pixel).
const MIN_AREA: f64 = 12.0;

#[derive(Debug)]
struct Dot {
    state: ParticipantId,
    anchor: (f64, f64),
    at: (f64, f64),
}

/// What every map shares: the projected shapes, the sea and the dots' places.
#[derive(Debug)]
struct Layout {
    height: f64,
    sea: String,
    shapes: Vec<(ParticipantId, String)>,
    others: Vec<(&'static str, String)>,
    dots: Vec<Dot>,
}

static LAYOUT: LazyLock<Layout> = LazyLock::new(|| {
    let frame = Frame::new(WIDTH, M, MAP_TOP);
    // The sea: along the meridian -180 up, the parallel NORTH east, the meridian 180 down.
    let mut ring = Vec::new();
    let steps = 60;
    for i in 0..=steps {
        ring.push((-180.0, geo::SOUTH + (geo::NORTH - geo::SOUTH) * f64::from(i) / f64::from(steps)));
    }
    for i in 0..=steps {
        ring.push((180.0, geo::NORTH - (geo::NORTH - geo::SOUTH) * f64::from(i) / f64::from(steps)));
    }
    ring.push(ring[0]);
    let sea = geo::path_data(&frame, &[vec![ring]]);

    let mut shapes: Vec<(ParticipantId, String)> = Vec::new();
    let mut others = Vec::new();
    let mut anchors: Vec<(ParticipantId, (f64, f64))> = Vec::new();
    for s in &WORLD.shapes {
        let d = geo::path_data(&frame, &s.polygons);
        match s.state {
            Some(p) => {
                let (area, centre) = geo::largest_polygon(&frame, &s.polygons);
                if area < MIN_AREA {
                    anchors.push((p, centre));
                }
                shapes.push((p, d));
            }
            None => others.push((s.name, d)),
        }
    }
    for (p, (lon, lat)) in &WORLD.points {
        anchors.push((*p, frame.project(*lon, *lat)));
    }
    anchors.sort_by_key(|(p, _)| *p);
    let spread = geo::spread(&anchors.iter().map(|(_, a)| *a).collect::<Vec<_>>(), DOT_R);
    let dots = anchors.into_iter().zip(spread).map(|((state, anchor), at)| Dot { state, anchor, at }).collect();
    Layout { height: frame.height(), sea, shapes, others, dots }
});

/// The States drawn as dots (all those without a shape, and those whose shape is a speck).
#[must_use]
pub fn dotted_states() -> Vec<ParticipantId> {
    LAYOUT.dots.iter().map(|d| d.state).collect()
}

/// Escapes text for XML and HTML.
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(hex: &str) -> [f64; 3] {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        [c(1), c(3), c(5)]
    }

    /// CIE L*a*b* (D65) of linear sRGB.
    fn lab(rgb: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = rgb;
        let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
        let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
        let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
        let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    /// Machado, Oliveira & Fernandes (2009) simulation matrices, severity 1, on linear RGB.
    const SIMULATIONS: [(&str, [[f64; 3]; 3]); 3] = [
        (
            "protanopia",
            [
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ],
        ),
        (
            "deuteranopia",
            [[0.367_322, 0.860_646, -0.227_968], [0.280_085, 0.672_501, 0.047_413], [-0.011_820, 0.042_940, 0.968_881]],
        ),
        (
            "tritanopia",
            [
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ],
        ),
    ];

    fn simulate(m: &[[f64; 3]; 3], c: [f64; 3]) -> [f64; 3] {
        let row = |r: &[f64; 3]| (r[0] * c[0] + r[1] * c[1] + r[2] * c[2]).clamp(0.0, 1.0);
        [row(&m[0]), row(&m[1]), row(&m[2])]
    }

    #[test]
    fn the_ramp_steps_down_in_lightness_by_at_least_20() {
        let l: Vec<f64> = RAMP.iter().map(|c| lab(linear(c))[0]).collect();
        for w in l.windows(2) {
            assert!(w[0] - w[1] >= 20.0, "L* {l:?}");
        }
    }

    #[test]
    fn the_ramp_stays_distinguishable_under_colour_blindness() {
        for (name, m) in &SIMULATIONS {
            let seen: Vec<[f64; 3]> = RAMP.iter().map(|c| lab(simulate(m, linear(c)))).collect();
            for i in 0..seen.len() {
                for j in i + 1..seen.len() {
                    let d = ((seen[i][0] - seen[j][0]).powi(2)
                        + (seen[i][1] - seen[j][1]).powi(2)
                        + (seen[i][2] - seen[j][2]).powi(2))
                    .sqrt();
                    assert!(d >= 15.0, "{name}: {} and {} differ by ΔE {d:.1}", RAMP[i], RAMP[j]);
                }
                // The order survives: lightness still falls along the ramp.
                if i > 0 {
                    assert!(seen[i][0] < seen[i - 1][0], "{name}: the order is lost at {}", RAMP[i]);
                }
            }
        }
    }

    #[test]
    fn campaign_categories_take_the_ramp_darkest_first() {
        let op = TreatyId::parse("op-icescr").unwrap();
        let c = categories_in(op, Lang::En);
        assert_eq!(c.iter().map(|c| c.label).collect::<Vec<_>>(), CAMPAIGN_CATEGORIES);
        assert_eq!(c[0].colour, RAMP[3]);
        assert_eq!(c[3].colour, RAMP[0]);
        assert_eq!(categories_in(TreatyId::parse("crpd").unwrap(), Lang::En).len(), 3);
    }

    #[test]
    fn the_small_states_of_the_issue_are_dots() {
        let dots = dotted_states();
        for code in ["SMR", "LUX", "MDV", "CPV", "MCO", "LIE", "VAT", "TUV", "NRU"] {
            assert!(dots.contains(&ParticipantId::from_code(code).unwrap()), "{code} has no dot");
        }
        for code in ["FRA", "BRA", "CHN"] {
            assert!(!dots.contains(&ParticipantId::from_code(code).unwrap()), "{code} is a dot");
        }
    }

    #[test]
    fn esc_escapes_markup() {
        assert_eq!(esc("Côte d'Ivoire <&>\""), "Côte d&#39;Ivoire &lt;&amp;&gt;&quot;");
    }
}
