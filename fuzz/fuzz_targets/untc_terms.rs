//! `treaty_untc::reconcile` of a parsed page whose texts the fuzzer writes: the end notes, and
//! each section entry's name, headings and text. This is where the readers of the
//! depositary's phrasing run (crates/treaty-untc/src/notes.rs and terms.rs), without the cost
//! of parsing HTML on every input.
//!
//! The pages are the 18 small pages of `seeds/pages/` (made by `seeds/make_seeds.py`), parsed
//! once. An input is UTF-8 text cut at NUL characters: the first piece names the page (its
//! file stem, e.g. `iccpr-small`; an unknown name picks a page by its length), the following
//! pieces replace, in order, the text of each end note, then for each section entry its name
//! and, for each of its parts, its heading (an empty piece: no heading) and its text. Pieces
//! beyond those are ignored. When the input ends before them, the remaining notes and part
//! texts are empty and the remaining names and headings are the page's own: a short input is a
//! page with little text, which reconciles fast. Each piece is folded as `parse` folds what it
//! reads (no-break spaces, runs of whitespace, empty paragraphs), so every input stands for a
//! page `parse` could return.
//!
//! With `TREATY_FUZZ_TERMS_SEEDS=DIR`, the first run writes the seeds of `corpus/untc_terms/`
//! to DIR: per page, the input that leaves it unchanged (`<page>`), and one input per note or
//! part text that keeps that text alone (`<page>-<n>`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use treaty_fold::History;
use treaty_model::{ParticipantId, Sha256};
use treaty_untc::{Page, Provenance};

macro_rules! pages {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../seeds/pages/", $name, ".html")))),*]
    };
}

const PAGES: [(&str, &str); 18] = pages![
    "cat-small",
    "cat_op-small",
    "ced-small",
    "cedaw-small",
    "cedaw_op-small",
    "cerd-small",
    "cmw-small",
    "crc-small",
    "crc_op_ac-small",
    "crc_op_ic-small",
    "crc_op_sc-small",
    "crpd-small",
    "crpd_op-small",
    "iccpr-small",
    "iccpr_op1-small",
    "iccpr_op2-small",
    "icescr-small",
    "icescr_op-small",
];

fn pages() -> &'static Vec<(&'static str, Page)> {
    static PARSED: OnceLock<Vec<(&'static str, Page)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let parsed: Vec<(&'static str, Page)> = PAGES
            .iter()
            .map(|(name, html)| (*name, treaty_untc::parse(html).unwrap_or_else(|e| panic!("seed page {name}: {e}"))))
            .collect();
        if let Some(dir) = std::env::var_os("TREATY_FUZZ_TERMS_SEEDS") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).expect("create the seed directory");
            for (name, page) in &parsed {
                let (pieces, texts) = identity(name, page);
                std::fs::write(dir.join(name), pieces.join("\0")).expect("write a seed");
                for (n, &k) in texts.iter().enumerate() {
                    if pieces[k].is_empty() {
                        continue;
                    }
                    // Every text before this one emptied, the input ends after it.
                    let focused: Vec<&str> =
                        (0..=k).map(|i| if texts.contains(&i) && i != k { "" } else { pieces[i].as_str() }).collect();
                    std::fs::write(dir.join(format!("{name}-{n}")), focused.join("\0")).expect("write a seed");
                }
            }
        }
        parsed
    })
}

/// The pieces of the input that leaves `page` as it is, and which of them are texts (of a note
/// or a part).
fn identity(name: &str, page: &Page) -> (Vec<String>, Vec<usize>) {
    let mut pieces: Vec<String> = vec![name.to_owned()];
    let mut texts = Vec::new();
    for note in page.notes.values() {
        texts.push(pieces.len());
        pieces.push(note.clone());
    }
    for block in &page.sections {
        for entry in &block.entries {
            pieces.push(entry.name.clone());
            for part in &entry.parts {
                pieces.push(part.heading.clone().unwrap_or_default());
                texts.push(pieces.len());
                pieces.push(part.text.clone());
            }
        }
    }
    (pieces, texts)
}

/// Whitespace folded as `parse` folds it.
fn fold(text: &str) -> String {
    text.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraphs (line feeds) kept, each folded, empty ones dropped, as `parse` reads a text.
fn paragraphs(text: &str) -> String {
    text.split('\n').map(fold).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n")
}

fuzz_target!(|data: &[u8]| {
    let pages = pages();
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut pieces = text.split('\0');
    let name = pieces.next().unwrap_or("");
    let (_, base) = pages.iter().find(|(n, _)| *n == name).unwrap_or(&pages[name.len() % pages.len()]);
    let mut page = base.clone();
    for note in page.notes.values_mut() {
        *note = pieces.next().map(paragraphs).unwrap_or_default();
    }
    for block in &mut page.sections {
        for entry in &mut block.entries {
            if let Some(p) = pieces.next() {
                entry.name = fold(p);
                entry.participant = ParticipantId::resolve(&entry.name).ok();
            }
            for part in &mut entry.parts {
                if let Some(h) = pieces.next() {
                    let h = fold(h);
                    let h = h.trim_end_matches(':').trim();
                    part.heading = (!h.is_empty()).then(|| h.to_owned());
                }
                part.text = pieces.next().map(paragraphs).unwrap_or_default();
            }
        }
    }
    let provenance = Provenance {
        url: "https://treaties.un.org/Pages/ViewDetails.aspx".to_owned(),
        retrieved_at: None,
        sha256: Sha256::of(data),
    };
    let _ = treaty_untc::reconcile(&page, &History::build(std::iter::empty(), None), &provenance, &|_| None);
});
