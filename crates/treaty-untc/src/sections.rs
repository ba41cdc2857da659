//! The sections below the participants table: "Declarations and Reservations", "Objections",
//! the declarations under specific articles, and "Notifications" (see
//! `tests/fixtures/untc/README.md`).
//!
//! Each section is a table of entries, one per participant: a heading `divParticipant` (the
//! name, with footnote numbers) and a text block (`divText`, or `divNotificationText` in the
//! notifications). Inside the text block, a right-aligned paragraph is a date (of receipt, of
//! the objection, ...), a left-aligned italic paragraph is a heading ("Reservations:", "Upon
//! signature:", "With regard to the reservations made by Pakistan upon ratification:",
//! "Article 10"), and the rest is the text. An entry is split into *parts* at each date and at
//! each heading that follows text, so that every part has at most one date.
//!
//! Every entry is kept, even one whose text block is empty (its text is in an end note):
//! nothing here decides what an entry means; `reconcile` does.

use chrono::NaiveDate;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};
use serde::Serialize;
use treaty_model::ParticipantId;

use crate::parse::{fold, footnotes, sel, text_without_sup};

/// A section below the participants table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// "Declarations and Reservations" (`dgDec`).
    Reservations,
    /// "Objections" (`dgObj`).
    Objections,
    /// Declarations under specific articles, whatever their heading (`dgDecUnderArticle`).
    ArticleDeclarations,
    /// "Notifications", shown or hidden (`dgNotifications`).
    Notifications,
    /// "Territorial Application": a table of participant, date of receipt and territories
    /// (`tblDec`).
    TerritorialApplications,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 5] = [
        Section::Reservations,
        Section::Objections,
        Section::ArticleDeclarations,
        Section::Notifications,
        Section::TerritorialApplications,
    ];

    /// The name used in sources and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Reservations => "reservations",
            Section::Objections => "objections",
            Section::ArticleDeclarations => "article_declarations",
            Section::Notifications => "notifications",
            Section::TerritorialApplications => "territorial_applications",
        }
    }

    /// The section a source names, e.g. `reservations`.
    #[must_use]
    pub fn parse(name: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The suffix of the section table's server control id.
    #[must_use]
    pub fn table_id_suffix(self) -> &'static str {
        match self {
            Section::Reservations => "_dgDec",
            Section::Objections => "_dgObj",
            Section::ArticleDeclarations => "_dgDecUnderArticle",
            Section::Notifications => "_dgNotifications",
            Section::TerritorialApplications => "_tblDec",
        }
    }

    fn selectors(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Section::Reservations => {
                (r#"table[id$="_dgDec"]"#, r#"div[id$="_divParentDecTitle"]"#, r#"div[id$="_divDecTilte"]"#)
            }
            Section::Objections => {
                (r#"table[id$="_dgObj"]"#, r#"div[id$="_divParentObjTitle"]"#, r#"div[id$="_divObjTitle"]"#)
            }
            Section::ArticleDeclarations => {
                (r#"table[id$="_dgDecUnderArticle"]"#, r#"div[id$="_divParentDecArt"]"#, r#"div[id$="_divDecArt"]"#)
            }
            Section::Notifications => {
                (r#"table[id$="_dgNotifications"]"#, r#"div[id$="_divParentNotification"]"#, r#"div[id$="_div2"]"#)
            }
            Section::TerritorialApplications => {
                (r#"table[id$="_tblDec"]"#, r#"div[id$="_divAppTitle"]"#, r#"div[id$="_divAppTitleNone"]"#)
            }
        }
    }
}

/// One section as the page has it.
#[derive(Debug, Clone, Serialize)]
pub struct SectionBlock {
    /// Which section.
    pub section: Section,
    /// Its heading, e.g. "Declarations made under articles 10 and 11" (empty when hidden).
    pub heading: String,
    /// The line under the heading, e.g. "(Unless otherwise indicated, the declarations were
    /// made upon ratification or accession.)".
    pub explanation: String,
    /// Is the heading shown (UNTC hides some, as on the OP-ICESCR's notifications)?
    pub heading_shown: bool,
    /// The entries, in page order.
    pub entries: Vec<Entry>,
}

/// One participant's entry in a section.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// 1 for the section's first entry.
    pub row: u32,
    /// The name as the entry's heading gives it (footnote numbers removed).
    pub name: String,
    /// The participant, when the name resolves.
    pub participant: Option<ParticipantId>,
    /// Footnote numbers after the name.
    pub footnotes: Vec<u32>,
    /// The entry's parts; none when its text block is empty.
    pub parts: Vec<Part>,
}

/// A part of an entry: at most one date, an optional heading, the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The date right-aligned above the part, when there is one.
    pub date: Option<NaiveDate>,
    /// The italic heading, without its closing colon.
    pub heading: Option<String>,
    /// Paragraphs separated by a line feed, whitespace folded.
    pub text: String,
}

impl Part {
    fn is_empty(&self) -> bool {
        self.heading.is_none() && self.text.trim().is_empty()
    }
}

/// Reads every section the page has (a section whose table is absent is left out).
pub(crate) fn sections(doc: &Html) -> Vec<SectionBlock> {
    Section::ALL.into_iter().filter_map(|s| section(doc, s)).collect()
}

fn section(doc: &Html, section: Section) -> Option<SectionBlock> {
    let (table_sel, parent_sel, explanation_sel) = section.selectors();
    let table = doc.select(&sel(table_sel)).next()?;
    let parent = doc.select(&sel(parent_sel)).next();
    let heading_shown = parent.is_some_and(|p| {
        !p.value().attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none"))
    });
    let explanation = doc.select(&sel(explanation_sel)).next().map(text_without_sup).unwrap_or_default();
    let whole = parent.map(text_without_sup).unwrap_or_default();
    let heading = whole.strip_suffix(explanation.as_str()).unwrap_or(&whole).trim().to_owned();
    let entries = if section == Section::TerritorialApplications { territories(table) } else { entries(table) };
    Some(SectionBlock { section, heading, explanation, heading_shown, entries })
}

/// The entries of a section table: one per `divParticipant`, whether or not it names anyone
/// (the notifications of ICCPR end with an entry whose name stands in bold in its text block).
fn entries(table: ElementRef<'_>) -> Vec<Entry> {
    let cells = sel("td");
    let who = sel(r#"div[id$="_divParticipant"]"#);
    let body = sel(r#"div[id$="_divText"], div[id$="_divNotificationText"]"#);
    let bold = sel("b");
    let mut entries = Vec::new();
    for cell in table.select(&cells) {
        let Some(w) = cell.select(&who).next() else { continue };
        let block = cell.select(&body).next();
        let mut name = text_without_sup(w);
        let mut notes = footnotes(w);
        if name.is_empty()
            && let Some(b) = block.and_then(|b| b.select(&bold).next())
        {
            name = text_without_sup(b);
            notes = footnotes(b);
        }
        let row = u32::try_from(entries.len() + 1).unwrap_or(u32::MAX);
        let parts = block.map(parts).unwrap_or_default();
        entries.push(Entry { row, participant: ParticipantId::resolve(&name).ok(), footnotes: notes, name, parts });
    }
    entries
}

/// "Territorial Application": participant, date of receipt of the notification, territories.
fn territories(table: ElementRef<'_>) -> Vec<Entry> {
    let tr = sel("tr");
    let td = sel("td");
    let mut entries: Vec<Entry> = Vec::new();
    for row in table.select(&tr).filter(|r| r.value().attr("class") != Some("thead-one")) {
        let cells: Vec<ElementRef<'_>> = row.select(&td).collect();
        let [who, date, what, ..] = cells[..] else { continue };
        let mut name = text_without_sup(who);
        // A row without a name continues the participant of the row above (CRC: the
        // Netherlands, for the Netherlands Antilles in 1997 and for Aruba in 2000).
        if name.is_empty()
            && let Some(above) = entries.last()
        {
            name.clone_from(&above.name);
        }
        let n = u32::try_from(entries.len() + 1).unwrap_or(u32::MAX);
        let part = Part { date: loose_date(&text_without_sup(date)), heading: None, text: text_without_sup(what) };
        entries.push(Entry {
            row: n,
            participant: ParticipantId::resolve(&name).ok(),
            footnotes: footnotes(who),
            name,
            parts: vec![part],
        });
    }
    entries
}

/// What a stretch of the text block is.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    Date(NodeId, String),
    Heading(NodeId, String),
    Text(String),
    Break,
}

/// The paragraph that gives a text node its role, if any: `p.invisible` (a hidden copy of the
/// participant's name), `p[align=right]` (a date), `p[align=left]` (a heading).
fn marker(node: ego_tree::NodeRef<'_, Node>, block: NodeId) -> Option<(NodeId, &'static str)> {
    node.ancestors().take_while(|a| a.id() != block).find_map(|a| {
        let e = a.value().as_element()?;
        if !e.name().eq_ignore_ascii_case("p") {
            return None;
        }
        if e.attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "invisible")) {
            return Some((a.id(), "invisible"));
        }
        match e.attr("align").map(str::to_ascii_lowercase).as_deref() {
            Some("right") => Some((a.id(), "right")),
            Some("left") => Some((a.id(), "left")),
            _ => None,
        }
    })
}

fn tokens(block: ElementRef<'_>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for node in block.descendants() {
        let m = marker(node, block.id());
        match node.value() {
            Node::Text(t) => match m {
                Some((_, "invisible")) => {}
                Some((id, "right")) => match out.last_mut() {
                    Some(Token::Date(last, s)) if *last == id => s.push_str(t),
                    _ => out.push(Token::Date(id, t.to_string())),
                },
                Some((id, _)) => match out.last_mut() {
                    Some(Token::Heading(last, s)) if *last == id => s.push_str(t),
                    _ => out.push(Token::Heading(id, t.to_string())),
                },
                None => match out.last_mut() {
                    Some(Token::Text(s)) => s.push_str(t),
                    _ => out.push(Token::Text(t.to_string())),
                },
            },
            Node::Element(e) if e.name().eq_ignore_ascii_case("br") && m.is_none() => out.push(Token::Break),
            _ => {}
        }
    }
    out
}

/// `20 August 1991*`, `4 Mar 1991`, and the page's own misspellings of a date it states:
/// `1 Decmeber 1999`, `4 Octobre 2002` (a month is known by its first three letters),
/// `8 August l989` (a letter l among the year's digits).
pub(crate) fn loose_date(text: &str) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let t = fold(text);
    let t = t.trim_matches(|c: char| c == '*' || c == '(' || c == ')' || c == ':' || c.is_whitespace());
    let words: Vec<&str> = t.split(' ').collect();
    let [day, month, year] = words[..] else { return None };
    let day: u32 = day.parse().ok()?;
    let month = month.to_lowercase();
    let m = MONTHS.iter().position(|name| month.starts_with(name))?;
    let year: String = year.chars().map(|c| if c == 'l' { '1' } else { c }).collect();
    if year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, u32::try_from(m).ok()? + 1, day)
}

fn paragraphs(raw: &str) -> String {
    raw.split('\n').map(fold).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n")
}

fn parts(block: ElementRef<'_>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut cur = Part::default();
    let mut raw = String::new();
    let flush_text = |cur: &mut Part, raw: &mut String| {
        let t = paragraphs(raw);
        if !t.is_empty() {
            if !cur.text.is_empty() {
                cur.text.push('\n');
            }
            cur.text.push_str(&t);
        }
        raw.clear();
    };
    for token in tokens(block) {
        match token {
            Token::Text(t) => raw.push_str(&t),
            Token::Break => raw.push('\n'),
            Token::Date(_, d) => {
                flush_text(&mut cur, &mut raw);
                match loose_date(&d) {
                    Some(date) => {
                        if !cur.is_empty() || cur.date.is_some() {
                            out.push(std::mem::take(&mut cur));
                        }
                        cur.date = Some(date);
                    }
                    // A right-aligned paragraph that is not a date is text.
                    None => raw.push_str(&d),
                }
            }
            Token::Heading(_, h) => {
                flush_text(&mut cur, &mut raw);
                let h = fold(&h);
                let h = h.trim_end_matches(':').trim().to_owned();
                if h.is_empty() {
                    continue;
                }
                if cur.text.is_empty() {
                    cur.heading = Some(match cur.heading.take() {
                        Some(before) => format!("{before} {h}"),
                        None => h,
                    });
                } else {
                    let date = cur.date;
                    out.push(std::mem::take(&mut cur));
                    cur.date = date;
                    cur.heading = Some(h);
                }
            }
        }
    }
    flush_text(&mut cur, &mut raw);
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_of(html: &str) -> Vec<Part> {
        let doc = Html::parse_fragment(&format!("<div id='x_divText'>{html}</div>"));
        let block = doc.select(&sel(r#"div[id$="_divText"]"#)).next().unwrap();
        parts(block)
    }

    #[test]
    fn dates_and_headings_split_an_entry_into_parts() {
        let p = parts_of(
            "<p class='invisible'>Austria</p><p align=right>24 June 2011</p></n><p align=left><i>With regard to the reservations made by Pakistan upon ratification:<br></n></i></p>&nbsp;&nbsp;First.<br></n></i></p>Second.<br></n><p class='boldText'></p><p align=right>31 January 2013</p></n><p align=left><i>With regard to X:<br></i></p>Third.<br>",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].date, NaiveDate::from_ymd_opt(2011, 6, 24));
        assert_eq!(p[0].heading.as_deref(), Some("With regard to the reservations made by Pakistan upon ratification"));
        assert_eq!(p[0].text, "First.\nSecond.");
        assert_eq!(p[1].date, NaiveDate::from_ymd_opt(2013, 1, 31));
        assert_eq!(p[1].text, "Third.");
    }

    #[test]
    fn headings_after_text_start_a_part_that_keeps_the_date() {
        let p = parts_of(
            "<p class='invisible'>El Salvador</p><p align=left><i>Article 10<br></n></i></p>Ten.<br></n><p align=left><i>Article 11<br></n></i></p>Eleven.<br></n><br>",
        );
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].heading.as_deref(), p[0].text.as_str()), (Some("Article 10"), "Ten."));
        assert_eq!((p[1].heading.as_deref(), p[1].text.as_str()), (Some("Article 11"), "Eleven."));
        assert!(p.iter().all(|p| p.date.is_none()));
    }

    #[test]
    fn an_empty_block_has_no_parts_and_a_starred_date_reads() {
        assert!(parts_of("<p class='invisible'>Afghanistan<superscript>14</superscript></p><br>").is_empty());
        assert_eq!(loose_date("20 August 1991*"), NaiveDate::from_ymd_opt(1991, 8, 20));
        assert_eq!(loose_date("1 Decmeber 1999"), NaiveDate::from_ymd_opt(1999, 12, 1));
        assert_eq!(loose_date("8 August l989"), NaiveDate::from_ymd_opt(1989, 8, 8));
        assert_eq!(loose_date("Article 10"), None);
    }
}
