//! A badge per State: a small SVG image with the State's name and its OP-ICESCR campaign
//! category, for campaigners to put on their own sites (`badges/CODE.svg`, in each language's
//! directory). It draws with the reader's own fonts and needs nothing else. It names no release
//! date, so that a release changes only the badges of the States whose answer changed.

use std::fmt::Write as _;

use chrono::NaiveDate;
use treaty_fold::Snapshot;
use treaty_model::{ParticipantId, TreatyId};

use crate::i18n::Lang;
use crate::map::{categories_in, category_of, esc};

/// Width of a badge.
pub const WIDTH: u32 = 360;
/// Height of a badge.
pub const HEIGHT: u32 = 64;

/// The badge of State `p` on `as_of`, in `lang`.
#[must_use]
pub fn badge(snapshot: &Snapshot, p: ParticipantId, as_of: NaiveDate, lang: Lang) -> String {
    let op = TreatyId::parse("op-icescr").expect("catalogue");
    let k = category_of(snapshot, op, p, as_of);
    let category = categories_in(op, lang)[k];
    let s = snapshot.status(op, p, as_of);
    // The date behind the category: the consent of a party, the signature of a signatory.
    let date = match k {
        0 => s.membership.as_ref().map(|m| m.date),
        1 => s.signature,
        _ => None,
    };
    let name = lang.name(p);
    let second = match date {
        Some(d) => format!("{} · {}", category.label, lang.short_date(d)),
        None => category.label.to_owned(),
    };
    let mut o = String::with_capacity(1200);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"t\" xml:lang=\"{}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\">",
        lang.code()
    )
    .expect("string");
    writeln!(o, "<title id=\"t\">{}: {}</title>", esc(name), esc(&second)).expect("string");
    writeln!(
        o,
        "<rect x=\".5\" y=\".5\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#ffffff\" stroke=\"#1b2a78\"/>",
        WIDTH - 1,
        HEIGHT - 1
    )
    .expect("string");
    writeln!(
        o,
        "<rect x=\"6\" y=\"6\" width=\"16\" height=\"{}\" rx=\"3\" fill=\"{}\" stroke=\"#56606c\" stroke-width=\".6\"/>",
        HEIGHT - 12,
        category.colour
    )
    .expect("string");
    // Text that would run past the edge is fitted to it (width estimated from its length).
    let fit = |text: &str, size: f64| {
        let room = f64::from(WIDTH) - 40.0;
        #[allow(clippy::cast_precision_loss)]
        let guess = text.chars().count() as f64 * size * 0.56;
        if guess > room { format!(" textLength=\"{room}\" lengthAdjust=\"spacingAndGlyphs\"") } else { String::new() }
    };
    writeln!(
        o,
        "<text x=\"30\" y=\"27\" font-size=\"17\" font-weight=\"700\" fill=\"#111827\"{}>{}</text>",
        fit(name, 17.0),
        esc(name)
    )
    .expect("string");
    writeln!(
        o,
        "<text x=\"30\" y=\"49\" font-size=\"14\" fill=\"#374151\"{}>{}</text>",
        fit(&second, 14.0),
        esc(&second)
    )
    .expect("string");
    o.push_str("</svg>\n");
    o
}
