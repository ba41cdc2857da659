//! `feed.xml`: an Atom 1.0 feed (RFC 4287) of the latest recorded treaty actions, so that
//! campaigners can follow the ledger in a feed reader.
//!
//! The feed is a window on the log, not the log: its [`FEED_ENTRIES`] most recently recorded
//! events, newest first (the release's `events` table holds the whole history). Each entry's
//! id is `urn:treaty:event:<event id>`, and an event's id derives from its fact, so a reader
//! sees an action once however often the release is rebuilt. Like every file of the release it
//! is a function of the log: the feed's `<updated>` is the latest `recorded_at`, never the clock.
//!
//! Links are relative references (`index.html`, `index.html#AGO`, `feed.xml`), resolved against
//! wherever the release is served or opened from; the feed sets no `xml:base`, because the
//! release does not know its own address.

use std::cmp::Reverse;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use treaty_model::{Action, DeclarationEffect, Event, Fact, Source, SourceKind};

use crate::map::long_date;
use crate::release::{HOMEPAGE, LICENSE};
use crate::tables::{StreamInput, named, with_article};

/// The most entries the feed holds: the latest actions, so that the file stays small however
/// large the log grows. A reader that polls at least once per hundred new events misses none.
pub const FEED_ENTRIES: usize = 100;

/// The feed's id: stable across releases, so that readers keep one subscription.
pub const FEED_ID: &str = "urn:treaty:feed";

/// The feed's title.
pub const FEED_TITLE: &str = "treaty: new UN human rights treaty actions";

/// The Atom feed of `streams`: the latest [`FEED_ENTRIES`] events by `recorded_at`, newest
/// first. `created` is the release's time (the latest `recorded_at`) and `version` its version.
///
/// The same log gives the same bytes: the order is total (recorded time descending, then legal
/// date descending, then the treaty's catalogue order, the participant's code and the event
/// id) and nothing depends on the clock.
#[must_use]
pub fn atom(streams: &[StreamInput<'_>], created: DateTime<Utc>, version: &str) -> String {
    let mut events: Vec<&Event> = streams.iter().flat_map(|s| s.entries.iter().map(|e| e.event)).collect();
    events.sort_by_key(|e| {
        (Reverse(e.recorded_at), Reverse(e.fact.date), e.fact.treaty, e.fact.participant.code(), e.id)
    });
    events.truncate(FEED_ENTRIES);

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n");
    element(&mut out, 1, "id", FEED_ID);
    element(&mut out, 1, "title", FEED_TITLE);
    element(
        &mut out,
        1,
        "subtitle",
        &format!(
            "The latest actions recorded by the treaty ledger on the 18 core UN human rights treaties \
(signatures, ratifications, accessions, successions, denunciations, reservations, objections, \
declarations and notifications), newest first, at most {FEED_ENTRIES}. Release {version} of the dataset."
        ),
    );
    element(&mut out, 1, "updated", &time(created));
    out.push_str("  <author><name>treaty contributors</name></author>\n");
    out.push_str("  <link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n");
    out.push_str("  <link rel=\"self\" type=\"application/atom+xml\" href=\"feed.xml\"/>\n");
    let (licence, licence_url, _) = LICENSE;
    element(
        &mut out,
        1,
        "rights",
        &format!(
            "Data: {licence} ({licence_url}), treaty contributors. Source: the United Nations Treaty Collection (https://treaties.un.org)."
        ),
    );
    let _ = writeln!(out, "  <generator uri=\"{HOMEPAGE}\">treaty</generator>");
    for e in events {
        entry(&mut out, e);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, e: &Event) {
    let f = &e.fact;
    let at = time(e.recorded_at);
    out.push_str("  <entry>\n");
    element(out, 2, "id", &format!("urn:treaty:event:{}", e.id));
    element(out, 2, "title", &title(f));
    element(out, 2, "updated", &at);
    element(out, 2, "published", &at);
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"index.html#{}\"/>",
        text(f.participant.code())
    );
    let _ = writeln!(out, "    <category term=\"{}\"/>", text(f.action.as_str()));
    let _ = writeln!(out, "    <category term=\"{}\"/>", text(f.treaty.key()));
    element(out, 2, "summary", &summary(e));
    out.push_str("  </entry>\n");
}

/// `<name>text</name>` on a line of its own, indented by `depth` levels.
fn element(out: &mut String, depth: usize, name: &str, content: &str) {
    let _ = writeln!(out, "{:indent$}<{name}>{}</{name}>", "", text(content), indent = depth * 2);
}

/// Text as XML character data: markup escaped, runs of white space (a record's line feeds)
/// made one space, and the characters XML 1.0 forbids (C0 controls other than white space,
/// U+FFFE, U+FFFF) dropped, so that no field of the log can make the feed ill-formed.
fn text(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
        .collect();
    crate::map::esc(&allowed.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// RFC 3339 in UTC, whole seconds, with `Z`.
fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The entry's title: "Angola ratified the OP-ICESCR", with the treaty's short title.
fn title(f: &Fact) -> String {
    let what = action(f, f.treaty.treaty().short_title);
    let when = match f.effective_date.filter(|d| *d != f.date) {
        Some(d) if f.action == Action::Succession => format!(" (date of succession {})", long_date(d)),
        Some(d) => format!(" (taking effect on {})", long_date(d)),
        None => String::new(),
    };
    if f.is_correction() { format!("Correction: {what}{when}") } else { format!("{what}{when}") }
}

/// The entry's summary: the action with the treaty's full title and the legal date, the date it
/// takes effect when that differs, and the source.
fn summary(e: &Event) -> String {
    let f = &e.fact;
    let mut s = String::new();
    if f.is_correction()
        && let Some(c) = f.corrects
    {
        let _ = write!(s, "A correction of the earlier record {c}: ");
    }
    let what = action(f, f.treaty.treaty().title);
    if f.action == Action::Retraction {
        let earlier = f.corrects.map_or_else(String::new, |c| format!(" ({c})"));
        let _ = write!(s, "{what}{earlier} on {}: it should not have been recorded.", long_date(f.date));
    } else {
        let _ = write!(s, "{what} on {}.", long_date(f.date));
    }
    if let Some(d) = f.effective_date.filter(|d| *d != f.date) {
        if f.action == Action::Succession {
            let _ = write!(s, " The succession counts from the date of succession, {}.", long_date(d));
        } else {
            let _ = write!(s, " It takes effect on {}.", long_date(d));
        }
    }
    let source = source(&e.source);
    let _ = write!(s, " Source: {source}{}", if source.ends_with('.') { "" } else { "." });
    s
}

/// Who did what to the treaty called `treaty`, in words: every action has its own, and a new
/// action does not compile until it has.
fn action(f: &Fact, treaty: &str) -> String {
    let who = f.participant.name();
    let article = f.article.as_deref().unwrap_or("?");
    match f.action {
        Action::Signature => format!("{who} signed the {treaty}"),
        Action::SuccessionToSignature => format!("{who} succeeded to the signature of the {treaty}"),
        Action::DefinitiveSignature => format!("{who} signed the {treaty}, binding itself"),
        Action::Ratification => format!("{who} ratified the {treaty}"),
        Action::Accession => format!("{who} acceded to the {treaty}"),
        Action::Succession => format!("{who} succeeded to the {treaty}"),
        Action::Acceptance => format!("{who} accepted the {treaty}"),
        Action::Approval => format!("{who} approved the {treaty}"),
        Action::FormalConfirmation => format!("{who} formally confirmed the {treaty}"),
        Action::WithdrawalOfSignature => format!("{who} withdrew its signature of the {treaty}"),
        Action::Denunciation => format!("{who} denounced the {treaty}"),
        Action::Declaration => match f.declaration {
            Some(DeclarationEffect::OptOut) => {
                format!("{who} declared that it does not accept the procedure of article {article} of the {treaty}")
            }
            Some(DeclarationEffect::Statement) => {
                format!("{who} made the declaration provided for in article {article} of the {treaty}")
            }
            Some(DeclarationEffect::OptIn) | None => {
                format!("{who} accepted the procedure of article {article} of the {treaty}")
            }
        },
        Action::DeclarationWithdrawal => {
            format!("{who} withdrew its declaration under article {article} of the {treaty}")
        }
        Action::Retraction => format!("The ledger retracted an earlier record about {who} and the {treaty}"),
        Action::Reservation => format!("{who} made {} to the {treaty}", with_article(named(f.kind.as_deref()))),
        Action::ReservationWithdrawal => {
            let kind = f.kind.as_deref();
            match kind.and_then(|k| k.strip_prefix("partial withdrawal of ")) {
                Some(part) => format!("{who} withdrew part of its {part} to the {treaty}"),
                None => format!("{who} withdrew {} to the {treaty}", with_article(named(kind))),
            }
        }
        Action::Objection => format!(
            "{who} objected to a reservation or declaration by {} to the {treaty}",
            f.counterpart.map_or("another participant", treaty_model::ParticipantId::name)
        ),
        Action::Notification => match f.kind.as_deref() {
            None | Some("notification" | "other" | "unspecified") => {
                format!("{who} made a notification under the {treaty}")
            }
            Some(kind) => format!("{who} notified {} under the {treaty}", with_article(kind)),
        },
    }
}

/// Where the event came from, in words: a status page by its "status as at" date (New York
/// time, as the page states it), other records by their reference or URL.
fn source(s: &Source) -> String {
    let named = s.reference.as_deref().or(s.url.as_deref()).unwrap_or("no reference given");
    match s.kind {
        SourceKind::UntcStatusPage => match s.status_as_at {
            Some(at) => {
                let day: NaiveDate = at.date_naive();
                format!("UN Treaty Collection status page, status as at {}", long_date(day))
            }
            None => format!("UN Treaty Collection status page, {named}"),
        },
        SourceKind::DepositaryNotification => format!("depositary notification {named}"),
        SourceKind::UntcRecord if s.reference.is_some() => named.to_owned(),
        SourceKind::UntcRecord => format!("UN Treaty Collection record, {named}"),
        SourceKind::Other => named.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use treaty_model::{ParticipantId, Sha256, TreatyId};

    use super::*;
    use crate::tables::EntryInput;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    fn fact(treaty: &str, code: &str, action: Action, date: NaiveDate) -> Fact {
        Fact::new(TreatyId::parse(treaty).unwrap(), ParticipantId::from_code(code).unwrap(), action, date)
    }

    fn status_page(treaty: &str) -> Source {
        let mut s = Source::url(SourceKind::UntcStatusPage, TreatyId::parse(treaty).unwrap().treaty().untc_url);
        s.status_as_at = Some(chrono::DateTime::parse_from_rfc3339("2026-02-03T10:16:18-04:00").unwrap());
        s
    }

    fn event(f: Fact, recorded: DateTime<Utc>) -> Event {
        let source = status_page(f.treaty.key());
        Event::new(f, recorded, source, None)
    }

    /// The events as streams, each treaty's in the given order.
    fn streams(events: &[Event]) -> Vec<StreamInput<'_>> {
        TreatyId::all()
            .map(|t| StreamInput {
                treaty: t,
                head: Sha256::of(t.key().as_bytes()),
                entries: events
                    .iter()
                    .filter(|e| e.fact.treaty == t)
                    .enumerate()
                    .map(|(i, e)| EntryInput {
                        seq: i as u64 + 1,
                        event: e,
                        hash: Sha256::of(e.id.to_hex().as_bytes()),
                    })
                    .collect(),
            })
            .filter(|s| !s.entries.is_empty())
            .collect()
    }

    fn entries(xml: &str) -> Vec<&str> {
        xml.split("<entry>").skip(1).map(|b| b.split("</entry>").next().unwrap()).collect()
    }

    fn field<'a>(entry: &'a str, name: &str) -> &'a str {
        let open = format!("<{name}>");
        let start = entry.find(&open).unwrap() + open.len();
        &entry[start..start + entry[start..].find(&format!("</{name}>")).unwrap()]
    }

    #[test]
    fn entries_are_newest_first_with_a_total_order() {
        let events = vec![
            event(fact("icescr", "DEU", Action::Ratification, day(1973, 12, 17)), at(1, 0)),
            // Same recorded time: the later legal date first.
            event(fact("op-icescr", "AGO", Action::Signature, day(2013, 9, 24)), at(2, 0)),
            event(fact("op-icescr", "ECU", Action::Signature, day(2009, 9, 24)), at(2, 0)),
            // Same recorded time and date: catalogue order (ICESCR before OP-ICESCR), then code.
            event(fact("op-icescr", "CHL", Action::Signature, day(2009, 9, 24)), at(2, 0)),
            event(fact("icescr", "URY", Action::Ratification, day(2009, 9, 24)), at(2, 0)),
            event(fact("op-icescr", "ALB", Action::Accession, day(2025, 2, 19)), at(3, 0)),
        ];
        let created = at(3, 0);
        let xml = atom(&streams(&events), created, "1.2.0");
        let titles: Vec<&str> = entries(&xml).iter().map(|e| field(e, "title")).collect();
        assert_eq!(
            titles,
            [
                "Albania acceded to the OP-ICESCR",
                "Angola signed the OP-ICESCR",
                "Uruguay ratified the ICESCR",
                "Chile signed the OP-ICESCR",
                "Ecuador signed the OP-ICESCR",
                "Germany ratified the ICESCR",
            ]
        );
        assert!(xml.contains("\n  <updated>2026-03-03T00:00:00Z</updated>\n"), "{xml}");
        // The input's order does not matter.
        let mut reversed = events.clone();
        reversed.reverse();
        assert_eq!(atom(&streams(&reversed), created, "1.2.0"), xml);
    }

    #[test]
    fn an_entry_has_its_id_words_dates_link_categories_and_source() {
        let e = event(fact("op-icescr", "AGO", Action::Ratification, day(2025, 2, 19)), at(4, 9));
        let xml = atom(&streams(std::slice::from_ref(&e)), e.recorded_at, "1.0.0");
        let entry = entries(&xml)[0];
        assert_eq!(field(entry, "id"), format!("urn:treaty:event:{}", e.id));
        assert_eq!(field(entry, "title"), "Angola ratified the OP-ICESCR");
        assert_eq!(field(entry, "updated"), "2026-03-04T09:00:00Z");
        assert_eq!(field(entry, "published"), "2026-03-04T09:00:00Z");
        assert_eq!(
            field(entry, "summary"),
            "Angola ratified the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights on 19 February 2025. Source: UN Treaty Collection status page, status as at 3 February 2026."
        );
        assert!(entry.contains("<link rel=\"alternate\" type=\"text/html\" href=\"index.html#AGO\"/>"), "{entry}");
        assert!(entry.contains("<category term=\"ratification\"/>"), "{entry}");
        assert!(entry.contains("<category term=\"op-icescr\"/>"), "{entry}");
        for head in [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">",
            "<id>urn:treaty:feed</id>",
            "<title>treaty: new UN human rights treaty actions</title>",
            "<author><name>treaty contributors</name></author>",
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"feed.xml\"/>",
            "Release 1.0.0 of the dataset.",
        ] {
            assert!(xml.contains(head), "{head}\n{xml}");
        }
        assert!(xml.ends_with("</feed>\n"));
    }

    #[test]
    fn the_feed_holds_at_most_feed_entries_the_latest() {
        let codes: Vec<&str> =
            ParticipantId::all().map(ParticipantId::code).filter(|c| *c != "EUU").take(FEED_ENTRIES + 20).collect();
        assert_eq!(codes.len(), FEED_ENTRIES + 20);
        let events: Vec<Event> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let recorded = at(1, 0) + chrono::Duration::minutes(i64::try_from(i).unwrap());
                event(fact("icescr", c, Action::Accession, day(2000, 1, 1)), recorded)
            })
            .collect();
        let created = events.last().unwrap().recorded_at;
        let xml = atom(&streams(&events), created, "1.0.0");
        let ids: Vec<&str> = entries(&xml).iter().map(|e| field(e, "id")).collect();
        assert_eq!(ids.len(), FEED_ENTRIES);
        let want: Vec<String> =
            events.iter().rev().take(FEED_ENTRIES).map(|e| format!("urn:treaty:event:{}", e.id)).collect();
        assert_eq!(ids, want);
    }

    #[test]
    fn text_is_escaped_and_controls_dropped() {
        let mut f = fact("iccpr", "CIV", Action::Reservation, day(1992, 3, 26));
        f.kind = Some("<reservation> & \"other\"\u{1}".into());
        let mut e = event(f, at(1, 0));
        e.source = Source::url(SourceKind::Other, "https://example.org/?a=1&b=<2>");
        let xml = atom(&streams(std::slice::from_ref(&e)), e.recorded_at, "1.0.0");
        let entry = entries(&xml)[0];
        assert_eq!(
            field(entry, "title"),
            "Côte d&#39;Ivoire made a &lt;reservation&gt; &amp; &quot;other&quot; to the ICCPR"
        );
        assert!(field(entry, "summary").ends_with("Source: https://example.org/?a=1&amp;b=&lt;2&gt;."), "{entry}");
        assert!(!xml.contains('\u{1}'));
        assert!(!xml.contains("<reservation>"));
    }

    #[test]
    fn every_action_has_words() {
        let mut seen = std::collections::BTreeSet::new();
        for a in Action::ALL {
            let mut f = fact("iccpr", "DEU", a, day(2001, 2, 3));
            f.article = Some("41".into());
            let words = title(&f);
            assert!(words.contains("Germany") && words.contains("ICCPR"), "{a}: {words}");
            assert!(!words.contains('?') && !words.contains('_'), "{a}: {words}");
            assert!(seen.insert(words.clone()), "{a}: {words} is another action's words");
            let s = summary(&event(f, at(1, 0)));
            assert!(s.contains("International Covenant on Civil and Political Rights"), "{a}: {s}");
            assert!(s.contains("3 February 2001"), "{a}: {s}");
        }
    }

    #[test]
    fn terms_corrections_and_effective_dates_read_as_sentences() {
        let mut objection = fact("cedaw", "DEU", Action::Objection, day(2010, 5, 6));
        objection.kind = Some("objection".into());
        objection.counterpart = Some(ParticipantId::from_code("QAT").unwrap());
        assert_eq!(title(&objection), "Germany objected to a reservation or declaration by Qatar to the CEDAW");

        let mut reservation = fact("iccpr", "CHL", Action::Reservation, day(1972, 2, 10));
        reservation.kind = Some("reservation".into());
        assert_eq!(title(&reservation), "Chile made a reservation to the ICCPR");
        reservation.kind = Some("interpretative declaration".into());
        assert_eq!(title(&reservation), "Chile made an interpretative declaration to the ICCPR");

        let mut withdrawal = fact("cedaw", "PER", Action::ReservationWithdrawal, day(2000, 1, 1));
        withdrawal.kind = Some("partial withdrawal of reservation".into());
        assert_eq!(title(&withdrawal), "Peru withdrew part of its reservation to the CEDAW");
        withdrawal.kind = Some("reservation".into());
        assert_eq!(title(&withdrawal), "Peru withdrew a reservation to the CEDAW");

        let mut derogation = fact("iccpr", "FRA", Action::Notification, day(2015, 11, 24));
        derogation.kind = Some("derogation".into());
        assert_eq!(title(&derogation), "France notified a derogation under the ICCPR");

        let mut denunciation = fact("iccpr-op1", "TTO", Action::Denunciation, day(2000, 3, 27));
        denunciation.effective_date = Some(day(2000, 6, 27));
        assert_eq!(title(&denunciation), "Trinidad and Tobago denounced the ICCPR-OP1 (taking effect on 27 June 2000)");

        let mut succession = fact("icerd", "HRV", Action::Succession, day(1992, 10, 12));
        succession.effective_date = Some(day(1991, 10, 8));
        let earlier = fact("icerd", "HRV", Action::Succession, day(1992, 10, 12)).id();
        succession.corrects = Some(earlier);
        assert_eq!(
            title(&succession),
            "Correction: Croatia succeeded to the ICERD (date of succession 8 October 1991)"
        );
        let mut e = event(succession, at(1, 0));
        e.source.kind = SourceKind::DepositaryNotification;
        e.source.reference = Some("C.N.1.1992.TREATIES-1".into());
        assert_eq!(
            summary(&e),
            format!(
                "A correction of the earlier record {earlier}: Croatia succeeded to the International Convention on the Elimination of All Forms of Racial Discrimination on 12 October 1992. The succession counts from the date of succession, 8 October 1991. Source: depositary notification C.N.1.1992.TREATIES-1."
            )
        );
    }

    #[test]
    fn the_same_log_gives_the_same_bytes() {
        let events = vec![
            event(fact("op-icescr", "AGO", Action::Signature, day(2013, 9, 24)), at(2, 0)),
            event(fact("op-icescr", "ECU", Action::Signature, day(2009, 9, 24)), at(2, 0)),
        ];
        let a = atom(&streams(&events), at(2, 0), "1.0.0");
        let b = atom(&streams(&events.clone()), at(2, 0), "1.0.0");
        assert_eq!(a, b);
        assert_eq!(atom(&[], at(2, 0), "1.0.0").matches("<entry>").count(), 0);
    }
}
