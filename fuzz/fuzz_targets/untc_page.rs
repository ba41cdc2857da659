//! `treaty_untc::parse` on arbitrary UTF-8 (inputs that are not UTF-8 are skipped). Nothing may
//! panic, and a page that parses must have rows that add up to its own status line.
//!
//! With `TREATY_FUZZ_RECONCILE` set, a page that parses is also reconciled against an empty log
//! (as `treaty scrape --apply` did to build `events/`); that is slow (see README.md), and the
//! `untc_terms` target covers it faster. With `TREATY_FUZZ_DEBUG` set, each input's outcome is
//! printed to stderr: run the binary on files (`untc_page FILE…`) to see whether seeds parse.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use treaty_fold::History;
use treaty_model::Sha256;
use treaty_untc::Provenance;

fn flag(name: &str, cell: &'static OnceLock<bool>) -> bool {
    *cell.get_or_init(|| std::env::var_os(name).is_some())
}

fuzz_target!(|data: &[u8]| {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    static RECONCILE: OnceLock<bool> = OnceLock::new();
    let debug = flag("TREATY_FUZZ_DEBUG", &DEBUG);
    let Ok(html) = std::str::from_utf8(data) else { return };
    let page = match treaty_untc::parse(html) {
        Ok(page) => page,
        Err(e) => {
            if debug {
                eprintln!("untc_page: refused: {e}");
            }
            return;
        }
    };
    assert_eq!(page.counted(), (page.signatories, page.parties), "parse accepted a page that does not add up");
    assert!(!page.rows.is_empty(), "parse accepted a page without rows");
    if debug {
        eprintln!(
            "untc_page: parsed {} ({} rows, {} sections, {} notes)",
            page.treaty,
            page.rows.len(),
            page.sections.len(),
            page.notes.len()
        );
    }
    if flag("TREATY_FUZZ_RECONCILE", &RECONCILE) {
        let provenance = Provenance {
            url: "https://treaties.un.org/Pages/ViewDetails.aspx".to_owned(),
            retrieved_at: None,
            sha256: Sha256::of(data),
        };
        // The log is empty, so no recorded event has a source to look up.
        let r = treaty_untc::reconcile(&page, &History::build(std::iter::empty(), None), &provenance, &|_| None);
        if debug {
            eprintln!("untc_page: reconcile: {} proposals, {} reviews", r.proposals.len(), r.reviews.len());
        }
    }
});
