//! Replays the inputs with which the fuzz targets made this crate panic (`fuzz/regressions/`,
//! see `fuzz/README.md`): each must now be read without a panic.
//!
//! - `fuzz/regressions/untc_page/*`: status pages, parsed and, when they parse, reconciled
//!   against an empty log (`treaty scrape` on an empty log).
//! - `fuzz/regressions/untc_terms/*`: inputs of the `untc_terms` target: the texts of a small
//!   page's end notes and section entries, cut at NUL characters, applied to the page of
//!   `fuzz/seeds/pages/` the first piece names, as `fuzz/fuzz_targets/untc_terms.rs` does.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use treaty_fold::History;
use treaty_model::{ParticipantId, Sha256};
use treaty_untc::{Page, Provenance};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `fuzz/regressions/<target>/`, sorted.
fn regressions(target: &str) -> Vec<PathBuf> {
    let dir = fuzz_dir().join("regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.map(|e| e.expect("read the directory").path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn reconcile_on_empty_log(page: &Page, bytes: &[u8]) {
    let provenance = Provenance {
        url: "https://treaties.un.org/Pages/ViewDetails.aspx".to_owned(),
        retrieved_at: None,
        sha256: Sha256::of(bytes),
    };
    let _ = treaty_untc::reconcile(page, &History::build(std::iter::empty(), None), &provenance, &|_| None);
}

/// Runs `f` on every file, and fails naming each file on which it panicked.
fn replay(target: &str, f: impl Fn(&[u8])) {
    let files = regressions(target);
    let mut panicked = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("read a regression input");
        if catch_unwind(AssertUnwindSafe(|| f(&bytes))).is_err() {
            panicked.push(path.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "{} of {} inputs still panic: {panicked:#?}", panicked.len(), files.len());
}

#[test]
fn untc_page_regressions_parse_and_reconcile_without_panicking() {
    replay("untc_page", |bytes| {
        let Ok(html) = std::str::from_utf8(bytes) else { return };
        if let Ok(page) = treaty_untc::parse(html) {
            reconcile_on_empty_log(&page, bytes);
        }
    });
}

/// Whitespace folded as `parse` folds it.
fn fold(text: &str) -> String {
    text.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn paragraphs(text: &str) -> String {
    text.split('\n').map(fold).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n")
}

/// The page an input of `untc_terms` stands for (see `fuzz/fuzz_targets/untc_terms.rs`).
fn terms_page(text: &str) -> Page {
    let mut pieces = text.split('\0');
    let name = pieces.next().unwrap_or("");
    let path = fuzz_dir().join("seeds/pages").join(format!("{name}.html"));
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut page = treaty_untc::parse(&html).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
    page
}

#[test]
fn untc_terms_regressions_reconcile_without_panicking() {
    // Build every page outside the replay, so that a missing seed page fails loudly here.
    let inputs: Vec<(PathBuf, Page, Vec<u8>)> = regressions("untc_terms")
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).expect("read a regression input");
            let text = String::from_utf8(bytes.clone()).ok()?;
            Some((path, terms_page(&text), bytes))
        })
        .collect();
    let mut panicked = Vec::new();
    for (path, page, bytes) in &inputs {
        if catch_unwind(AssertUnwindSafe(|| reconcile_on_empty_log(page, bytes))).is_err() {
            panicked.push(path.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "{} of {} inputs still panic: {panicked:#?}", panicked.len(), inputs.len());
}

/// The regression inputs are where the README says, so that the tests above do not pass by
/// finding nothing.
#[test]
fn the_regression_inputs_are_found() {
    assert!(!regressions("untc_page").is_empty(), "no files in fuzz/regressions/untc_page/");
    assert!(!regressions("untc_terms").is_empty(), "no files in fuzz/regressions/untc_terms/");
}
