//! The page's three languages: English, Spanish and French. Every text a reader sees on the
//! page, the maps' legends and titles, the treaties' titles, the State names (Debian iso-codes
//! translations, `treaty-model/data/names.tsv`) and the dates written out in each language.
//!
//! Texts are templates with named holes (`{date}`), filled by [`fill`], because word order
//! differs between the languages.

use chrono::{Datelike as _, NaiveDate};
use treaty_model::{Action, ParticipantId, TreatyId};

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English: `index.html`.
    En,
    /// Spanish: `es/index.html`.
    Es,
    /// French: `fr/index.html`.
    Fr,
}

impl Lang {
    /// The three, English first.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Fr];

    /// BCP 47 tag.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
        }
    }

    /// The directory of this language's page in the release, with a trailing slash ("" for
    /// English, at the top).
    #[must_use]
    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Es => "es/",
            Lang::Fr => "fr/",
        }
    }

    /// From this language's page to the release's top directory.
    #[must_use]
    pub fn up(self) -> &'static str {
        if self == Lang::En { "" } else { "../" }
    }

    /// The language's own name, for the language switch.
    #[must_use]
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Fr => "Français",
        }
    }

    /// The texts.
    #[must_use]
    pub fn t(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
            Lang::Fr => &FR,
        }
    }

    /// "5 February 2013", "5 de febrero de 2013", "5 février 2013" ("1er" in French).
    #[must_use]
    pub fn long_date(self, d: NaiveDate) -> String {
        let m = d.month0() as usize;
        match self {
            Lang::En => d.format("%-d %B %Y").to_string(),
            Lang::Es => format!("{} de {} de {}", d.day(), ES_MONTHS[m], d.year()),
            Lang::Fr => format!("{} {} {}", fr_day(d.day()), FR_MONTHS[m], d.year()),
        }
    }

    /// "5 Feb 2013", "5 feb 2013", "5 févr. 2013".
    #[must_use]
    pub fn short_date(self, d: NaiveDate) -> String {
        let m = d.month0() as usize;
        match self {
            Lang::En => d.format("%-d %b %Y").to_string(),
            Lang::Es => format!("{} {} {}", d.day(), ES_MON[m], d.year()),
            Lang::Fr => format!("{} {} {}", fr_day(d.day()), FR_MON[m], d.year()),
        }
    }

    /// A count with the language's thousands separator: "1,234", "1234" / "12 345" (es, fr:
    /// a thin space, and none in four-digit numbers in Spanish).
    #[must_use]
    pub fn number(self, n: usize) -> String {
        let s = n.to_string();
        let sep = match self {
            Lang::En => ",",
            Lang::Es if s.len() <= 4 => "",
            Lang::Es | Lang::Fr => "\u{202f}",
        };
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// "321 million", "321 millones", "321 millions"; "1.4 billion", "1400 millones",
    /// "1,4 milliard".
    #[must_use]
    pub fn millions(self, people: u64) -> String {
        #[allow(clippy::cast_precision_loss)]
        let m = people as f64 / 1e6;
        let decimal = |x: f64, digits: usize| {
            let s = format!("{x:.digits$}");
            if self == Lang::En { s } else { s.replace('.', ",") }
        };
        match self {
            Lang::En if m >= 1000.0 => format!("{} billion", decimal(m / 1000.0, 1)),
            Lang::Fr if m >= 1000.0 => {
                let b = m / 1000.0;
                format!("{} milliard{}", decimal(b, 1), if b >= 2.0 { "s" } else { "" })
            }
            _ => {
                let n = if m >= 10.0 { decimal(m, 0) } else { decimal(m, 1) };
                match self {
                    Lang::En => format!("{n} million"),
                    Lang::Es => format!("{n} millones"),
                    Lang::Fr => format!("{n} millions"),
                }
            }
        }
    }

    /// The participant's name in this language: UNTC's name in English; the iso-codes
    /// translation of its ISO name in Spanish and French.
    #[must_use]
    pub fn name(self, p: ParticipantId) -> &'static str {
        match self {
            Lang::En => p.name(),
            Lang::Es => p.names_in().map_or_else(|| p.name(), |n| n.es),
            Lang::Fr => p.names_in().map_or_else(|| p.name(), |n| n.fr),
        }
    }

    /// A treaty's full title in this language.
    #[must_use]
    pub fn treaty_title(self, t: TreatyId) -> &'static str {
        let i = TreatyId::all().position(|x| x == t).expect("catalogue");
        match self {
            Lang::En => t.treaty().title,
            Lang::Es => TREATY_TITLES[i].0,
            Lang::Fr => TREATY_TITLES[i].1,
        }
    }

    /// A procedure's name (as the catalogue has it in English) in this language.
    #[must_use]
    pub fn procedure(self, english: &'static str) -> &'static str {
        if self == Lang::En {
            return english;
        }
        PROCEDURES.iter().find(|p| p.0 == english).map_or(english, |p| if self == Lang::Es { p.1 } else { p.2 })
    }

    /// How a consent is said: "ratified", "ratificó", "a ratifié"...
    #[must_use]
    pub fn consent(self, a: Action) -> &'static str {
        let t = self.t();
        match a {
            Action::Ratification => t.w_ratified,
            Action::Accession => t.w_acceded,
            Action::Succession => t.w_succeeded,
            Action::Acceptance => t.w_accepted,
            Action::Approval => t.w_approved,
            Action::FormalConfirmation => t.w_formal_confirmation,
            Action::DefinitiveSignature => t.w_definitive_signature,
            _ => t.w_consent,
        }
    }
}

fn fr_day(d: u32) -> String {
    if d == 1 { "1er".to_owned() } else { d.to_string() }
}

const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const ES_MON: [&str; 12] = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const FR_MON: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

/// Fills a template's `{name}` holes.
#[must_use]
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The treaties' titles in Spanish and French, in catalogue order (the UN's official titles).
const TREATY_TITLES: [(&str, &str); 18] = [
    (
        "Convención Internacional sobre la Eliminación de todas las Formas de Discriminación Racial",
        "Convention internationale sur l'élimination de toutes les formes de discrimination raciale",
    ),
    (
        "Pacto Internacional de Derechos Económicos, Sociales y Culturales",
        "Pacte international relatif aux droits économiques, sociaux et culturels",
    ),
    (
        "Protocolo Facultativo del Pacto Internacional de Derechos Económicos, Sociales y Culturales",
        "Protocole facultatif se rapportant au Pacte international relatif aux droits économiques, sociaux et culturels",
    ),
    (
        "Pacto Internacional de Derechos Civiles y Políticos",
        "Pacte international relatif aux droits civils et politiques",
    ),
    (
        "Protocolo Facultativo del Pacto Internacional de Derechos Civiles y Políticos",
        "Protocole facultatif se rapportant au Pacte international relatif aux droits civils et politiques",
    ),
    (
        "Convención sobre la eliminación de todas las formas de discriminación contra la mujer",
        "Convention sur l'élimination de toutes les formes de discrimination à l'égard des femmes",
    ),
    (
        "Protocolo Facultativo de la Convención sobre la eliminación de todas las formas de discriminación contra la mujer",
        "Protocole facultatif à la Convention sur l'élimination de toutes les formes de discrimination à l'égard des femmes",
    ),
    (
        "Convención contra la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes",
        "Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants",
    ),
    (
        "Protocolo Facultativo de la Convención contra la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes",
        "Protocole facultatif se rapportant à la Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants",
    ),
    ("Convención sobre los Derechos del Niño", "Convention relative aux droits de l'enfant"),
    (
        "Protocolo facultativo de la Convención sobre los Derechos del Niño relativo a la participación de niños en los conflictos armados",
        "Protocole facultatif à la Convention relative aux droits de l'enfant, concernant l'implication d'enfants dans les conflits armés",
    ),
    (
        "Protocolo facultativo de la Convención sobre los Derechos del Niño relativo a la venta de niños, la prostitución infantil y la utilización de niños en la pornografía",
        "Protocole facultatif à la Convention relative aux droits de l'enfant, concernant la vente d'enfants, la prostitution des enfants et la pornographie mettant en scène des enfants",
    ),
    (
        "Protocolo facultativo de la Convención sobre los Derechos del Niño relativo a un procedimiento de comunicaciones",
        "Protocole facultatif à la Convention relative aux droits de l'enfant établissant une procédure de présentation de communications",
    ),
    (
        "Segundo Protocolo Facultativo del Pacto Internacional de Derechos Civiles y Políticos, destinado a abolir la pena de muerte",
        "Deuxième Protocole facultatif se rapportant au Pacte international relatif aux droits civils et politiques, visant à abolir la peine de mort",
    ),
    (
        "Convención Internacional sobre la protección de los derechos de todos los trabajadores migratorios y de sus familiares",
        "Convention internationale sur la protection des droits de tous les travailleurs migrants et des membres de leur famille",
    ),
    (
        "Convención sobre los derechos de las personas con discapacidad",
        "Convention relative aux droits des personnes handicapées",
    ),
    (
        "Protocolo Facultativo de la Convención sobre los derechos de las personas con discapacidad",
        "Protocole facultatif se rapportant à la Convention relative aux droits des personnes handicapées",
    ),
    (
        "Convención Internacional para la protección de todas las personas contra las desapariciones forzadas",
        "Convention internationale pour la protection de toutes les personnes contre les disparitions forcées",
    ),
];

/// The catalogue's procedure names in Spanish and French.
const PROCEDURES: [(&str, &str, &str); 10] = [
    ("individual communications", "comunicaciones individuales", "communications individuelles"),
    ("inquiry procedure", "procedimiento de investigación", "procédure d'enquête"),
    ("inter-State communications", "comunicaciones entre Estados", "communications interétatiques"),
    (
        "visits by the Subcommittee on Prevention",
        "visitas del Subcomité para la Prevención",
        "visites du Sous-Comité de la prévention",
    ),
    ("postponement of obligations", "aplazamiento de obligaciones", "report des obligations"),
    (
        "minimum age of voluntary recruitment",
        "edad mínima de reclutamiento voluntario",
        "âge minimum de l'engagement volontaire",
    ),
    ("urgent action", "acción urgente", "action urgente"),
    (
        "inter-State communications (ICCPR art. 41)",
        "comunicaciones entre Estados (art. 41 del ICCPR)",
        "communications interétatiques (art. 41 de l'ICCPR)",
    ),
    (
        "individual communications (first Optional Protocol)",
        "comunicaciones individuales (primer Protocolo Facultativo)",
        "communications individuelles (premier Protocole facultatif)",
    ),
    ("individual communications", "comunicaciones individuales", "communications individuelles"),
];

/// Every text of the page in one language.
#[allow(missing_docs)]
#[derive(Debug)]
pub struct Texts {
    pub title: &'static str,
    pub intro: &'static str,
    pub skip: &'static str,
    pub languages: &'static str,
    pub release: &'static str,
    pub status_on: &'static str,
    pub source_as_at: &'static str,
    pub dates_explained: &'static str,
    pub find_h: &'static str,
    pub find_label: &'static str,
    pub find_placeholder: &'static str,
    pub find_hint: &'static str,
    pub find_none: &'static str,
    pub find_count: &'static str,
    pub figures_h: &'static str,
    pub fig_signatories: &'static str,
    pub fig_parties: &'static str,
    pub fig_unknown: &'static str,
    pub fig_in_force: &'static str,
    pub fig_icescr: &'static str,
    pub fig_dates: &'static str,
    pub fig_population: &'static str,
    pub map_h: &'static str,
    pub map_treaty: &'static str,
    pub map_zoom: &'static str,
    pub regions: [&'static str; 8],
    pub map_caption: &'static str,
    pub map_dot: &'static str,
    pub map_hatch: &'static str,
    pub map_files: &'static str,
    pub map_no_status: &'static str,
    pub campaign_title: &'static str,
    pub other_title: &'static str,
    pub campaign_categories: [&'static str; 4],
    pub categories: [&'static str; 3],
    pub eu_note: &'static str,
    pub map_source: &'static str,
    pub map_boundaries: &'static str,
    pub map_status_line: &'static str,
    pub map_description: &'static str,
    pub none: &'static str,
    pub timeline_h: &'static str,
    pub chart_title: &'static str,
    pub chart_desc: &'static str,
    pub chart_eif: &'static str,
    pub chart_signatories: &'static str,
    pub chart_parties: &'static str,
    pub chart_caption: &'static str,
    pub chart_table: &'static str,
    pub chart_table_caption: &'static str,
    pub col_date: &'static str,
    pub col_signatories: &'static str,
    pub col_parties: &'static str,
    pub col_in_force: &'static str,
    pub procedures_h: &'static str,
    pub procedures_intro: &'static str,
    pub procedure_h: &'static str,
    pub procedure_none: &'static str,
    pub since: &'static str,
    pub procedures_outro: &'static str,
    pub states_word: (&'static str, &'static str),
    pub states_h: &'static str,
    pub states_intro: &'static str,
    pub states_filter: &'static str,
    pub states_category: &'static str,
    pub all_categories: &'static str,
    pub states_count: &'static str,
    pub states_caption: &'static str,
    pub states_cols: [&'static str; 7],
    pub categories_explained: &'static str,
    pub treaties_h: &'static str,
    pub treaties_intro: &'static str,
    pub treaties_caption: &'static str,
    pub treaties_cols: [&'static str; 7],
    pub treaty_map_link: &'static str,
    pub embed_h: &'static str,
    pub embed_intro: &'static str,
    pub embed_badge: &'static str,
    pub embed_map: &'static str,
    pub downloads_h: &'static str,
    pub downloads_intro: &'static str,
    pub downloads_caption: &'static str,
    pub downloads_cols: [&'static str; 4],
    pub this_page: &'static str,
    pub sums_row: &'static str,
    pub in_sums: &'static str,
    pub feed_row: &'static str,
    pub cite_h: &'static str,
    pub cite_licence: &'static str,
    pub sources_h: &'static str,
    pub sources_text: &'static str,
    pub footer: &'static str,
    pub view_back: &'static str,
    pub view_campaign: &'static str,
    pub view_next: &'static str,
    pub next_icescr: &'static str,
    pub next_sign: &'static str,
    pub next_ratify: &'static str,
    pub next_articles: &'static str,
    pub next_article: &'static str,
    pub next_nothing: &'static str,
    pub next_organization: &'static str,
    pub view_key_dates: &'static str,
    pub key_adopted: &'static str,
    pub key_eif: &'static str,
    pub key_state: &'static str,
    pub view_treaties: &'static str,
    pub view_cols: [&'static str; 3],
    pub st_party: &'static str,
    pub st_party_pending: &'static str,
    pub st_signatory: &'static str,
    pub st_denounced: &'static str,
    pub st_none: &'static str,
    pub view_procedures: &'static str,
    pub view_procedures_none: &'static str,
    pub view_reservations: &'static str,
    pub view_reservations_none: &'static str,
    pub view_reservations_line: &'static str,
    pub view_reservations_more: &'static str,
    pub view_share: &'static str,
    pub view_share_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub view_embed: &'static str,
    pub msg_done: &'static str,
    pub msg_articles: &'static str,
    pub msg_signed: &'static str,
    pub msg_party: &'static str,
    pub msg_not_party: &'static str,
    pub w_signed: &'static str,
    pub w_signed_succession: &'static str,
    pub w_ratified: &'static str,
    pub w_acceded: &'static str,
    pub w_succeeded: &'static str,
    pub w_accepted: &'static str,
    pub w_approved: &'static str,
    pub w_formal_confirmation: &'static str,
    pub w_definitive_signature: &'static str,
    pub w_consent: &'static str,
    pub w_in_force_from: &'static str,
    pub w_to_enter: &'static str,
    pub w_denounced: &'static str,
    pub w_effective: &'static str,
    pub w_no_action: &'static str,
    pub art: &'static str,
    pub tables: [(&'static str, &'static str); 12],
    pub file_map: &'static str,
    pub file_page: &'static str,
    pub file_badges: &'static str,
    pub file_other: &'static str,
}

const EN: Texts = Texts {
    title: "Has your country ratified the OP-ICESCR?",
    intro: "The status of every State in the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights, and in all 18 core UN human rights treaties, from a sourced, append-only ledger of treaty actions.",
    skip: "Skip to the search",
    languages: "Language",
    release: "Release {v}",
    status_on: "Status shown: on {date}",
    source_as_at: "Source: UN Treaty Collection, status as at {date}",
    dates_explained: "Two dates: the status shown is the one in effect on {date}, the day of the ledger's latest recorded action; the ledger's source, the UN Treaty Collection, was last read when its pages stated their status as at {source}. An action taken after that reading shows here once it is recorded.",
    find_h: "Find your country",
    find_label: "Name or code of a State",
    find_placeholder: "e.g. Ecuador, UK, ECU",
    find_hint: "Any name in English, Spanish or French, a former name, or an ISO code.",
    find_none: "No State found.",
    find_count: "{n} found",
    figures_h: "The Optional Protocol on {date}",
    fig_signatories: "signatories",
    fig_parties: "States parties, home to {m} people",
    fig_unknown: " (without {names}, for which the World Bank gives no figure)",
    fig_in_force: "parties for which it is in force",
    fig_icescr: "of the {n} States are parties to the Covenant",
    fig_dates: "The Protocol was adopted on {adopted}, opened for signature on {opened} and entered into force on {eif}, three months after the tenth ratification (art. 18).",
    fig_population: "People: World Bank, total population (SP.POP.TOTL), latest figure for each State up to {year}.",
    map_h: "The map",
    map_treaty: "Treaty",
    map_zoom: "Zoom",
    regions: ["World", "Africa", "Americas", "Caribbean", "Europe", "Asia", "Pacific (west)", "Pacific (east)"],
    map_caption: "Status on {date}. Source: UN Treaty Collection, status as at {source}. Tap or click a State, or its dot for a State too small to show, for its answer. The table of States below gives the same information as text.",
    map_dot: "A State too small to show at this scale",
    map_hatch: "An area with no status of its own",
    map_files: "Each treaty's map as a file (SVG): {links}.",
    map_no_status: "no status of its own in the UN Treaty Collection's records",
    campaign_title: "Has your country ratified the OP-ICESCR?",
    other_title: "{treaty}: parties and signatories",
    campaign_categories: [
        "Ratified the OP-ICESCR",
        "Signed the OP-ICESCR",
        "Party to the ICESCR",
        "Not a party to the ICESCR",
    ],
    categories: ["Party", "Signatory, not a party", "Neither signatory nor party"],
    eu_note: "The {name}, an organization and not a State, is not drawn. {treaty}: {status}.",
    map_source: "Source: UN Treaty Collection status pages, through the treaty ledger (CC BY 4.0). Each State's category follows from the dated actions in its title.",
    map_boundaries: "Boundaries: Natural Earth 1:110m (public domain), Equal Earth projection. They imply no position on the legal status of any territory.",
    map_status_line: "Status on {date} · UNTC status as at {source}",
    map_description: "World map of the {treaty} on {date}, each State coloured by its category. ",
    none: "none",
    timeline_h: "Signatories and parties over time",
    chart_title: "{treaty}: signatories and parties over time",
    chart_desc: "Step chart of the {treaty} from {from} to {to}: signatories rose to {s} and parties to {p}. It entered into force on {eif}, with {at} parties.",
    chart_eif: "Entry into force, {date}",
    chart_signatories: "Signatories {n}",
    chart_parties: "Parties {n}",
    chart_caption: "Signatories (dashed) and parties (solid) of the {treaty} on each date, as the ledger folds them; the dotted line marks its entry into force. The same counts for all 18 treaties are in {file}.",
    chart_table: "The chart's data as a table",
    chart_table_caption: "Signatories, parties and parties in force on each date a count changed",
    col_date: "Date",
    col_signatories: "Signatories",
    col_parties: "Parties",
    col_in_force: "In force",
    procedures_h: "Inter-State complaints and inquiries",
    procedures_intro: "Every party to the Optional Protocol accepts individual communications (art. 2). Two more procedures apply only to a party that declares it accepts them: complaints by one State that another is not fulfilling its obligations (art. 10), and inquiries by the Committee into grave or systematic violations (art. 11). The campaign asks States to accept them too.",
    procedure_h: "Art. {article} — {name}: {n} {states}",
    procedure_none: "No State has declared that it accepts it.",
    since: "since {date}",
    procedures_outro: "Every procedure of every treaty, for every participant, with the text of the declaration behind it, is in {file}. A procedure operates for a State once the Protocol is in force for it.",
    states_word: ("State", "States"),
    states_h: "Every State",
    states_intro: "Filter by name or code, or show one category; a State's name opens its answer. Sort by any column with its header button (Enter or Space from the keyboard).",
    states_filter: "Filter States",
    states_category: "Category",
    all_categories: "All categories",
    states_count: "{shown} of {total} States shown",
    states_caption: "Every State's category on the OP-ICESCR campaign map and the dates behind it; column headers sort the table",
    states_cols: [
        "State",
        "Category",
        "ICESCR: party since",
        "OP-ICESCR: signed",
        "OP-ICESCR: ratified or acceded",
        "OP-ICESCR: in force for it",
        "OP-ICESCR: arts. 10 and 11 accepted",
    ],
    categories_explained: "Categories: <strong>Ratified</strong> — a party to the Protocol, by ratification or accession; <strong>Signed</strong> — signed it, not yet a party; <strong>Party to the ICESCR</strong> — a party to the Covenant that has not signed the Protocol; <strong>Not a party to the ICESCR</strong> — not bound by the Covenant, so it cannot join the Protocol (art. 17(2)) before it is. Full data: {file}.",
    treaties_h: "All 18 treaties",
    treaties_intro: "Counts on {date}, as the ledger folds the UNTC's records. Choose a treaty above the map to see its map.",
    treaties_caption: "Signatories, parties and parties in force for each treaty, its entry into force, its optional procedures, its map, and its source's status-as-at",
    treaties_cols: [
        "Treaty",
        "Signatories",
        "Parties",
        "In force",
        "Entered into force",
        "Optional procedures: parties accepting",
        "Source: UNTC status as at",
    ],
    treaty_map_link: "map",
    embed_h: "Embed the map or a State's answer",
    embed_intro: "Every State has a badge, a small SVG image that needs nothing else to show: put it on your site with the code below (replace ECU with the State's three-letter code, shown in its answer). The map is a file of its own too. Both are updated with each release; copy them to your site, or link to where this release is published.",
    embed_badge: "A State's badge:",
    embed_map: "The map:",
    downloads_h: "Download the data",
    downloads_intro: "Every table comes as CSV, Parquet and JSON, with the same rows and columns, described column by column in {dp} (a Frictionless Data Package). Check the files with <code>sha256sum -c SHA256SUMS</code>. In Python: <code>pandas.read_parquet(\"campaign.parquet\")</code>. New actions as a feed: {feed}.",
    downloads_caption: "Files of the release with their size and SHA-256",
    downloads_cols: ["File", "What it holds", "Size", "SHA-256"],
    this_page: "This page",
    sums_row: "The SHA-256 of every file, this page included",
    in_sums: "in SHA256SUMS",
    feed_row: "An Atom feed of the latest recorded actions",
    cite_h: "How to cite",
    cite_licence: "The data are published under the {licence} licence: reuse them freely, with this citation. Cite the UN Treaty Collection as the official record.",
    sources_h: "Sources",
    sources_text: "Each action in the ledger carries its source: the UN Treaty Collection (UNTC) status page of its treaty, read on the date given, or a depositary notification. The official record is the UNTC. Each treaty's <em>status as at</em>, the time its UNTC page states it was current, is in the table of treaties; every event's own source is in {file}. A State's category is computed from the dated actions by the treaty's own articles on entry into force and denunciation.",
    footer: "Built by <code>treaty build</code> from the event log, release {v} (latest action recorded {recorded}). This page loads nothing from the network: it works offline and from a file. Boundaries on the maps: Natural Earth 1:110m (public domain); they imply no position on the legal status of any territory.",
    view_back: "Back to the map",
    view_campaign: "OP-ICESCR campaign",
    view_next: "Next step:",
    next_icescr: "Ratify the International Covenant on Economic, Social and Cultural Rights, then sign and ratify its Optional Protocol.",
    next_sign: "Sign and ratify the Optional Protocol (or accede to it).",
    next_ratify: "Ratify the Optional Protocol it has signed.",
    next_articles: "Accept the inter-State procedure (art. 10) and the inquiry procedure (art. 11).",
    next_article: "Accept the {name} (art. {article}).",
    next_nothing: "Nothing left: it is a party and accepts arts. 10 and 11.",
    next_organization: "The {name} is an organization: the Optional Protocol is open to States only.",
    view_key_dates: "Key dates of the Optional Protocol",
    key_adopted: "Adopted by the UN General Assembly: {date}",
    key_eif: "Entered into force: {date}",
    key_state: "In force for {name}: {date}",
    view_treaties: "In the 18 core treaties, on {date}",
    view_cols: ["Treaty", "Status", "Actions"],
    st_party: "Party, in force",
    st_party_pending: "Party, not yet in force",
    st_signatory: "Signatory",
    st_denounced: "Denounced",
    st_none: "No action",
    view_procedures: "Procedures it accepts beyond the automatic ones",
    view_procedures_none: "None.",
    view_reservations: "Reservations and declarations in effect",
    view_reservations_none: "None recorded.",
    view_reservations_line: "{treaty}: {n}",
    view_reservations_more: "Their texts and dates: {file}.",
    view_share: "Share",
    view_share_label: "A message to copy",
    copy: "Copy the message",
    copied: "Copied",
    view_embed: "Embed this answer",
    msg_done: "{name} is one of {n} States, home to {m} people, where anyone whose rights to housing, food, water, health, education or work are violated can take their case to the UN. It accepts every procedure of the Protocol. #OPICESCR",
    msg_articles: "{name} is one of {n} States, home to {m} people, where anyone whose rights to housing, food, water, health, education or work are violated can go to the UN. Next: accept the inquiry and inter-State procedures. #OPICESCR",
    msg_signed: "{name} signed the OP-ICESCR on {date}, not yet ratified. In {n} States, home to {m} people, anyone whose rights to housing, food, water, health, education or work are violated can go to the UN. Ratify it! #OPICESCR",
    msg_party: "{name} has not joined the OP-ICESCR. In {n} States, home to {m} people, anyone whose rights to housing, food, water, health, education or work are violated can go to the UN. Sign and ratify it! #OPICESCR",
    msg_not_party: "{name} is not yet party to the ICESCR. In {n} States, home to {m} people, anyone whose rights to housing, food, water, health, education or work are violated can go to the UN. Ratify the Covenant and its Protocol! #OPICESCR",
    w_signed: "signed {date}",
    w_signed_succession: "signed (by succession) {date}",
    w_ratified: "ratified",
    w_acceded: "acceded",
    w_succeeded: "succeeded",
    w_accepted: "accepted",
    w_approved: "approved",
    w_formal_confirmation: "formal confirmation",
    w_definitive_signature: "definitive signature",
    w_consent: "consent",
    w_in_force_from: "in force for it from {date}",
    w_to_enter: "to enter into force for it on {date}",
    w_denounced: "denounced {date}",
    w_effective: "effective {date}",
    w_no_action: "no action",
    art: "art. {article}",
    tables: [
        ("events", "Every treaty action in the ledger, with its source"),
        ("status", "Each participant's status in each treaty"),
        ("campaign", "The OP-ICESCR campaign category of every State"),
        ("timeline", "Signatories and parties of each treaty over time"),
        ("participants", "The participants, with their codes and names"),
        ("treaties", "The 18 treaties and their rules"),
        ("reservations", "Reservations and declarations, with their texts"),
        ("objections", "Objections to reservations"),
        ("notifications", "Notifications: derogations, territorial applications, others"),
        ("procedures", "Who accepts each complaint and inquiry procedure"),
        ("population", "Population of each State by year (World Bank)"),
        ("panel", "Country-year panel: each participant's status in each treaty on 31 December"),
    ],
    file_map: "Map of the {treaty} on {date} (SVG)",
    file_page: "This page in {language}",
    file_badges: "A badge per State (SVG)",
    file_other: "Part of the release",
};

const ES: Texts = Texts {
    title: "¿Ha ratificado tu país el Protocolo Facultativo del PIDESC?",
    intro: "La situación de cada Estado respecto al Protocolo Facultativo del Pacto Internacional de Derechos Económicos, Sociales y Culturales y a los 18 tratados fundamentales de derechos humanos de la ONU, a partir de un registro de actos convencionales con fuentes, al que solo se añaden datos.",
    skip: "Ir a la búsqueda",
    languages: "Idioma",
    release: "Versión {v}",
    status_on: "Situación mostrada: al {date}",
    source_as_at: "Fuente: Colección de Tratados de la ONU, situación al {date}",
    dates_explained: "Dos fechas: la situación mostrada es la vigente el {date}, día del último acto registrado en el registro; su fuente, la Colección de Tratados de las Naciones Unidas, se leyó por última vez cuando sus páginas indicaban su situación al {source}. Un acto posterior a esa lectura aparece aquí en cuanto se registra.",
    find_h: "Busca tu país",
    find_label: "Nombre o código de un Estado",
    find_placeholder: "p. ej. Ecuador, España, ECU",
    find_hint: "Cualquier nombre en español, inglés o francés, un nombre anterior o un código ISO.",
    find_none: "No se encontró ningún Estado.",
    find_count: "{n} encontrados",
    figures_h: "El Protocolo Facultativo al {date}",
    fig_signatories: "signatarios",
    fig_parties: "Estados partes, donde viven {m} de personas",
    fig_unknown: " (sin contar {names}, para los que el Banco Mundial no da cifra)",
    fig_in_force: "partes para las que está en vigor",
    fig_icescr: "de los {n} Estados son partes en el Pacto",
    fig_dates: "El Protocolo fue adoptado el {adopted}, abierto a la firma el {opened} y entró en vigor el {eif}, tres meses después de la décima ratificación (art. 18).",
    fig_population: "Población: Banco Mundial, población total (SP.POP.TOTL), última cifra de cada Estado hasta {year}.",
    map_h: "El mapa",
    map_treaty: "Tratado",
    map_zoom: "Ampliar",
    regions: ["Mundo", "África", "Américas", "Caribe", "Europa", "Asia", "Pacífico (oeste)", "Pacífico (este)"],
    map_caption: "Situación al {date}. Fuente: Colección de Tratados de la ONU, situación al {source}. Toca o haz clic en un Estado, o en su punto si es demasiado pequeño para verse, para ver su respuesta. La tabla de Estados más abajo da la misma información en texto.",
    map_dot: "Un Estado demasiado pequeño para verse a esta escala",
    map_hatch: "Una zona sin situación propia",
    map_files: "El mapa de cada tratado como archivo (SVG, en inglés): {links}.",
    map_no_status: "sin situación propia en los registros de la Colección de Tratados de la ONU",
    campaign_title: "¿Ha ratificado tu país el Protocolo Facultativo del PIDESC?",
    other_title: "{treaty}: partes y signatarios",
    campaign_categories: [
        "Ratificó el Protocolo Facultativo",
        "Firmó el Protocolo Facultativo",
        "Parte en el PIDESC",
        "No es parte en el PIDESC",
    ],
    categories: ["Parte", "Signatario, no es parte", "Ni signatario ni parte"],
    eu_note: "La {name}, una organización y no un Estado, no se dibuja. {treaty}: {status}.",
    map_source: "Fuente: páginas de situación de la Colección de Tratados de la ONU, a través del registro treaty (CC BY 4.0). La categoría de cada Estado resulta de los actos fechados de su título.",
    map_boundaries: "Fronteras: Natural Earth 1:110m (dominio público), proyección Equal Earth. No implican posición alguna sobre la condición jurídica de ningún territorio.",
    map_status_line: "Situación al {date} · situación de la UNTC al {source}",
    map_description: "Mapa del mundo del {treaty} al {date}, con cada Estado coloreado según su categoría. ",
    none: "ninguno",
    timeline_h: "Signatarios y partes a lo largo del tiempo",
    chart_title: "{treaty}: signatarios y partes a lo largo del tiempo",
    chart_desc: "Gráfico escalonado del {treaty} del {from} al {to}: los signatarios llegaron a {s} y las partes a {p}. Entró en vigor el {eif}, con {at} partes.",
    chart_eif: "Entrada en vigor, {date}",
    chart_signatories: "Signatarios {n}",
    chart_parties: "Partes {n}",
    chart_caption: "Signatarios (línea discontinua) y partes (línea continua) del {treaty} en cada fecha, según el registro; la línea de puntos marca su entrada en vigor. Los mismos recuentos de los 18 tratados están en {file}.",
    chart_table: "Los datos del gráfico en una tabla",
    chart_table_caption: "Signatarios, partes y partes para las que está en vigor en cada fecha en que cambió un recuento",
    col_date: "Fecha",
    col_signatories: "Signatarios",
    col_parties: "Partes",
    col_in_force: "En vigor",
    procedures_h: "Denuncias entre Estados e investigaciones",
    procedures_intro: "Todo Estado parte en el Protocolo Facultativo acepta las comunicaciones individuales (art. 2). Otros dos procedimientos solo se aplican a un Estado parte que declare aceptarlos: las denuncias de un Estado de que otro no cumple sus obligaciones (art. 10) y las investigaciones del Comité sobre violaciones graves o sistemáticas (art. 11). La campaña pide a los Estados que también los acepten.",
    procedure_h: "Art. {article}: {name}, {n} {states}",
    procedure_none: "Ningún Estado ha declarado aceptarlo.",
    since: "desde el {date}",
    procedures_outro: "Todos los procedimientos de cada tratado, para cada participante, con el texto de la declaración correspondiente, están en {file}. Un procedimiento se aplica a un Estado cuando el Protocolo entra en vigor para él.",
    states_word: ("Estado", "Estados"),
    states_h: "Todos los Estados",
    states_intro: "Filtra por nombre o código, o muestra una categoría; el nombre de un Estado abre su respuesta. Ordena por cualquier columna con el botón de su encabezado (Intro o Espacio desde el teclado).",
    states_filter: "Filtrar Estados",
    states_category: "Categoría",
    all_categories: "Todas las categorías",
    states_count: "{shown} de {total} Estados mostrados",
    states_caption: "La categoría de cada Estado en el mapa de la campaña del Protocolo Facultativo del PIDESC y las fechas en que se basa; los encabezados ordenan la tabla",
    states_cols: [
        "Estado",
        "Categoría",
        "PIDESC: parte desde",
        "Protocolo: firma",
        "Protocolo: ratificación o adhesión",
        "Protocolo: en vigor para el Estado",
        "Protocolo: arts. 10 y 11 aceptados",
    ],
    categories_explained: "Categorías: <strong>Ratificó</strong>: parte en el Protocolo, por ratificación o adhesión; <strong>Firmó</strong>: lo firmó, pero aún no es parte; <strong>Parte en el PIDESC</strong>: parte en el Pacto que no ha firmado el Protocolo; <strong>No es parte en el PIDESC</strong>: no está obligado por el Pacto, por lo que no puede adherirse al Protocolo (art. 17(2)) antes de serlo. Datos completos: {file}.",
    treaties_h: "Los 18 tratados",
    treaties_intro: "Recuentos al {date}, según el registro de los datos de la UNTC. Elige un tratado sobre el mapa para ver su mapa.",
    treaties_caption: "Signatarios, partes y partes para las que está en vigor de cada tratado, su entrada en vigor, sus procedimientos facultativos y la fecha de situación de su fuente",
    treaties_cols: [
        "Tratado",
        "Signatarios",
        "Partes",
        "En vigor",
        "Entrada en vigor",
        "Procedimientos facultativos: partes que los aceptan",
        "Fuente: situación de la UNTC al",
    ],
    treaty_map_link: "mapa",
    embed_h: "Insertar el mapa o la respuesta de un Estado",
    embed_intro: "Cada Estado tiene una insignia, una pequeña imagen SVG que no necesita nada más para mostrarse: ponla en tu sitio con el código siguiente (sustituye ECU por el código de tres letras del Estado, que aparece en su respuesta). El mapa también es un archivo propio. Ambos se actualizan con cada versión; cópialos en tu sitio o enlaza a donde se publique esta versión.",
    embed_badge: "La insignia de un Estado:",
    embed_map: "El mapa:",
    downloads_h: "Descargar los datos",
    downloads_intro: "Cada tabla está en CSV, Parquet y JSON, con las mismas filas y columnas, descritas columna por columna en {dp} (un Frictionless Data Package, en inglés). Comprueba los archivos con <code>sha256sum -c SHA256SUMS</code>. En Python: <code>pandas.read_parquet(\"campaign.parquet\")</code>. Los nuevos actos como canal: {feed}.",
    downloads_caption: "Archivos de la versión con su tamaño y su SHA-256",
    downloads_cols: ["Archivo", "Contenido", "Tamaño", "SHA-256"],
    this_page: "Esta página",
    sums_row: "El SHA-256 de cada archivo, incluida esta página",
    in_sums: "en SHA256SUMS",
    feed_row: "Un canal Atom de los últimos actos registrados (en inglés)",
    cite_h: "Cómo citar",
    cite_licence: "Los datos se publican bajo la licencia {licence}: reutilízalos libremente, con esta cita. Cita la Colección de Tratados de la ONU como registro oficial.",
    sources_h: "Fuentes",
    sources_text: "Cada acto del registro lleva su fuente: la página de situación de su tratado en la Colección de Tratados de las Naciones Unidas (UNTC), leída en la fecha indicada, o una notificación del depositario. El registro oficial es la UNTC. La <em>situación al</em> de cada tratado, el momento en que su página de la UNTC declara estar al día, está en la tabla de tratados; la fuente de cada acto está en {file}. La categoría de un Estado se calcula a partir de los actos fechados según los artículos del propio tratado sobre la entrada en vigor y la denuncia.",
    footer: "Generada por <code>treaty build</code> a partir del registro de actos, versión {v} (último acto registrado el {recorded}). Esta página no carga nada de la red: funciona sin conexión y desde un archivo. Fronteras de los mapas: Natural Earth 1:110m (dominio público); no implican posición alguna sobre la condición jurídica de ningún territorio.",
    view_back: "Volver al mapa",
    view_campaign: "Campaña por el Protocolo Facultativo del PIDESC",
    view_next: "Próximo paso:",
    next_icescr: "Ratificar el Pacto Internacional de Derechos Económicos, Sociales y Culturales y, después, firmar y ratificar su Protocolo Facultativo.",
    next_sign: "Firmar y ratificar el Protocolo Facultativo (o adherirse a él).",
    next_ratify: "Ratificar el Protocolo Facultativo que ya firmó.",
    next_articles: "Aceptar el procedimiento entre Estados (art. 10) y el procedimiento de investigación (art. 11).",
    next_article: "Aceptar el {name} (art. {article}).",
    next_nothing: "Nada más: es parte y acepta los arts. 10 y 11.",
    next_organization: "La {name} es una organización: el Protocolo Facultativo solo está abierto a los Estados.",
    view_key_dates: "Fechas clave del Protocolo Facultativo",
    key_adopted: "Aprobado por la Asamblea General de la ONU: {date}",
    key_eif: "Entrada en vigor: {date}",
    key_state: "En vigor para {name}: {date}",
    view_treaties: "En los 18 tratados fundamentales, al {date}",
    view_cols: ["Tratado", "Situación", "Actos"],
    st_party: "Parte, en vigor",
    st_party_pending: "Parte, aún no en vigor",
    st_signatory: "Signatario",
    st_denounced: "Denunciado",
    st_none: "Ningún acto",
    view_procedures: "Procedimientos que acepta además de los automáticos",
    view_procedures_none: "Ninguno.",
    view_reservations: "Reservas y declaraciones en vigor",
    view_reservations_none: "No se ha registrado ninguna.",
    view_reservations_line: "{treaty}: {n}",
    view_reservations_more: "Sus textos y fechas: {file}.",
    view_share: "Compartir",
    view_share_label: "Un mensaje para copiar",
    copy: "Copiar el mensaje",
    copied: "Copiado",
    view_embed: "Insertar esta respuesta",
    msg_done: "{name} es uno de los {n} Estados, con {m} de habitantes, donde quien vea vulnerados sus derechos a la vivienda, la alimentación, el agua, la salud, la educación o el trabajo puede acudir a la ONU. Acepta todo el Protocolo. #OPICESCR",
    msg_articles: "{name} es uno de los {n} Estados, con {m} de habitantes, donde quien vea vulnerados sus derechos a la vivienda, la alimentación, el agua, la salud, la educación o el trabajo puede acudir a la ONU. Falta: arts. 10 y 11. #OPICESCR",
    msg_signed: "{name} firmó el PF-PIDESC el {date} sin ratificarlo. En {n} Estados ({m} de habitantes), quien vea vulnerados sus derechos a la vivienda, la salud, la educación o el trabajo puede acudir a la ONU. ¡A ratificar! #OPICESCR",
    msg_party: "{name} no se ha unido al PF-PIDESC. En {n} Estados ({m} de habitantes), quien vea vulnerados sus derechos a la vivienda, la alimentación, la salud, la educación o el trabajo puede acudir a la ONU. ¡A firmar y ratificar! #OPICESCR",
    msg_not_party: "{name} no es parte en el PIDESC. En {n} Estados ({m} de habitantes), quien vea vulnerados sus derechos a la vivienda, la salud, la educación o el trabajo puede acudir a la ONU. ¡A ratificar el Pacto y su Protocolo! #OPICESCR",
    w_signed: "firma: {date}",
    w_signed_succession: "firma (por sucesión): {date}",
    w_ratified: "ratificación:",
    w_acceded: "adhesión:",
    w_succeeded: "sucesión:",
    w_accepted: "aceptación:",
    w_approved: "aprobación:",
    w_formal_confirmation: "confirmación formal:",
    w_definitive_signature: "firma definitiva:",
    w_consent: "consentimiento:",
    w_in_force_from: "en vigor para el Estado desde el {date}",
    w_to_enter: "entrará en vigor para el Estado el {date}",
    w_denounced: "denuncia: {date}",
    w_effective: "efectiva el {date}",
    w_no_action: "ningún acto",
    art: "art. {article}",
    tables: [
        ("events", "Todos los actos convencionales del registro, con su fuente"),
        ("status", "La situación de cada participante en cada tratado"),
        ("campaign", "La categoría de cada Estado en la campaña del Protocolo del PIDESC"),
        ("timeline", "Signatarios y partes de cada tratado a lo largo del tiempo"),
        ("participants", "Los participantes, con sus códigos y nombres"),
        ("treaties", "Los 18 tratados y sus reglas"),
        ("reservations", "Reservas y declaraciones, con sus textos"),
        ("objections", "Objeciones a las reservas"),
        ("notifications", "Notificaciones: suspensiones, aplicación territorial, otras"),
        ("procedures", "Quién acepta cada procedimiento de denuncia e investigación"),
        ("population", "Población de cada Estado por año (Banco Mundial)"),
        ("panel", "Panel país-año: la situación de cada participante en cada tratado al 31 de diciembre"),
    ],
    file_map: "Mapa del {treaty} al {date} (SVG)",
    file_page: "Esta página en {language}",
    file_badges: "Una insignia por Estado (SVG)",
    file_other: "Parte de la versión",
};

const FR: Texts = Texts {
    title: "Votre pays a-t-il ratifié le Protocole facultatif au PIDESC ?",
    intro: "La situation de chaque État à l'égard du Protocole facultatif se rapportant au Pacte international relatif aux droits économiques, sociaux et culturels et des 18 principaux traités des Nations Unies relatifs aux droits de l'homme, tirée d'un registre sourcé des actes conventionnels, auquel on ne fait qu'ajouter.",
    skip: "Aller à la recherche",
    languages: "Langue",
    release: "Version {v}",
    status_on: "Situation présentée : au {date}",
    source_as_at: "Source : Collection des traités des Nations Unies, état au {date}",
    dates_explained: "Deux dates : la situation présentée est celle en vigueur le {date}, jour du dernier acte enregistré au registre ; sa source, la Collection des traités des Nations Unies, a été lue pour la dernière fois quand ses pages indiquaient leur état au {source}. Un acte postérieur à cette lecture apparaît ici dès qu'il est enregistré.",
    find_h: "Trouvez votre pays",
    find_label: "Nom ou code d'un État",
    find_placeholder: "p. ex. Équateur, France, ECU",
    find_hint: "Tout nom en français, anglais ou espagnol, un ancien nom ou un code ISO.",
    find_none: "Aucun État trouvé.",
    find_count: "{n} trouvés",
    figures_h: "Le Protocole facultatif au {date}",
    fig_signatories: "signataires",
    fig_parties: "États parties, où vivent {m} de personnes",
    fig_unknown: " (sans {names}, pour lesquels la Banque mondiale ne donne pas de chiffre)",
    fig_in_force: "parties à l'égard desquelles il est en vigueur",
    fig_icescr: "des {n} États sont parties au Pacte",
    fig_dates: "Le Protocole a été adopté le {adopted}, ouvert à la signature le {opened} et il est entré en vigueur le {eif}, trois mois après la dixième ratification (art. 18).",
    fig_population: "Population : Banque mondiale, population totale (SP.POP.TOTL), dernier chiffre de chaque État jusqu'en {year}.",
    map_h: "La carte",
    map_treaty: "Traité",
    map_zoom: "Zoom",
    regions: ["Monde", "Afrique", "Amériques", "Caraïbes", "Europe", "Asie", "Pacifique (ouest)", "Pacifique (est)"],
    map_caption: "Situation au {date}. Source : Collection des traités des Nations Unies, état au {source}. Touchez ou cliquez sur un État, ou sur son point pour un État trop petit pour être visible, pour voir sa réponse. Le tableau des États plus bas donne la même information sous forme de texte.",
    map_dot: "Un État trop petit pour être visible à cette échelle",
    map_hatch: "Une zone sans statut propre",
    map_files: "La carte de chaque traité en fichier (SVG, en anglais) : {links}.",
    map_no_status: "aucun statut propre dans les registres de la Collection des traités des Nations Unies",
    campaign_title: "Votre pays a-t-il ratifié le Protocole facultatif au PIDESC ?",
    other_title: "{treaty} : parties et signataires",
    campaign_categories: [
        "A ratifié le Protocole facultatif",
        "A signé le Protocole facultatif",
        "Partie au PIDESC",
        "Non partie au PIDESC",
    ],
    categories: ["Partie", "Signataire, non partie", "Ni signataire ni partie"],
    eu_note: "L'{name}, une organisation et non un État, n'est pas dessinée. {treaty} : {status}.",
    map_source: "Source : pages d'état de la Collection des traités des Nations Unies, par le registre treaty (CC BY 4.0). La catégorie de chaque État découle des actes datés de son titre.",
    map_boundaries: "Frontières : Natural Earth 1:110m (domaine public), projection Equal Earth. Elles n'impliquent aucune position sur le statut juridique d'un territoire.",
    map_status_line: "Situation au {date} · état de l'UNTC au {source}",
    map_description: "Carte du monde du {treaty} au {date}, chaque État coloré selon sa catégorie. ",
    none: "aucun",
    timeline_h: "Signataires et parties au fil du temps",
    chart_title: "{treaty} : signataires et parties au fil du temps",
    chart_desc: "Graphique en escalier du {treaty} du {from} au {to} : les signataires sont passés à {s} et les parties à {p}. Il est entré en vigueur le {eif}, avec {at} parties.",
    chart_eif: "Entrée en vigueur, {date}",
    chart_signatories: "Signataires {n}",
    chart_parties: "Parties {n}",
    chart_caption: "Signataires (tirets) et parties (trait plein) du {treaty} à chaque date, selon le registre ; la ligne pointillée marque son entrée en vigueur. Les mêmes décomptes pour les 18 traités sont dans {file}.",
    chart_table: "Les données du graphique sous forme de tableau",
    chart_table_caption: "Signataires, parties et parties à l'égard desquelles il est en vigueur, à chaque date où un décompte a changé",
    col_date: "Date",
    col_signatories: "Signataires",
    col_parties: "Parties",
    col_in_force: "En vigueur",
    procedures_h: "Plaintes interétatiques et enquêtes",
    procedures_intro: "Tout État partie au Protocole facultatif accepte les communications individuelles (art. 2). Deux autres procédures ne s'appliquent qu'à un État partie qui déclare les accepter : les plaintes d'un État selon lesquelles un autre ne s'acquitte pas de ses obligations (art. 10) et les enquêtes du Comité sur des violations graves ou systématiques (art. 11). La campagne demande aussi aux États de les accepter.",
    procedure_h: "Art. {article} : {name}, {n} {states}",
    procedure_none: "Aucun État n'a déclaré l'accepter.",
    since: "depuis le {date}",
    procedures_outro: "Chaque procédure de chaque traité, pour chaque participant, avec le texte de la déclaration correspondante, est dans {file}. Une procédure s'applique à un État dès que le Protocole est en vigueur à son égard.",
    states_word: ("État", "États"),
    states_h: "Tous les États",
    states_intro: "Filtrez par nom ou code, ou affichez une catégorie ; le nom d'un État ouvre sa réponse. Triez par n'importe quelle colonne avec le bouton de son en-tête (Entrée ou Espace au clavier).",
    states_filter: "Filtrer les États",
    states_category: "Catégorie",
    all_categories: "Toutes les catégories",
    states_count: "{shown} États affichés sur {total}",
    states_caption: "La catégorie de chaque État sur la carte de la campagne pour le Protocole facultatif au PIDESC et les dates sur lesquelles elle repose ; les en-têtes trient le tableau",
    states_cols: [
        "État",
        "Catégorie",
        "PIDESC : partie depuis",
        "Protocole : signature",
        "Protocole : ratification ou adhésion",
        "Protocole : en vigueur à son égard",
        "Protocole : art. 10 et 11 acceptés",
    ],
    categories_explained: "Catégories : <strong>A ratifié</strong> : partie au Protocole, par ratification ou adhésion ; <strong>A signé</strong> : l'a signé sans être encore partie ; <strong>Partie au PIDESC</strong> : partie au Pacte qui n'a pas signé le Protocole ; <strong>Non partie au PIDESC</strong> : non liée par le Pacte, elle ne peut donc pas adhérer au Protocole (art. 17, par. 2) avant de l'être. Données complètes : {file}.",
    treaties_h: "Les 18 traités",
    treaties_intro: "Décomptes au {date}, selon le registre des données de l'UNTC. Choisissez un traité au-dessus de la carte pour voir sa carte.",
    treaties_caption: "Signataires, parties et parties à l'égard desquelles il est en vigueur pour chaque traité, son entrée en vigueur, ses procédures facultatives et l'état de sa source",
    treaties_cols: [
        "Traité",
        "Signataires",
        "Parties",
        "En vigueur",
        "Entrée en vigueur",
        "Procédures facultatives : parties qui les acceptent",
        "Source : état de l'UNTC au",
    ],
    treaty_map_link: "carte",
    embed_h: "Intégrer la carte ou la réponse d'un État",
    embed_intro: "Chaque État a un badge, une petite image SVG qui n'a besoin de rien d'autre pour s'afficher : placez-le sur votre site avec le code ci-dessous (remplacez ECU par le code à trois lettres de l'État, indiqué dans sa réponse). La carte est aussi un fichier à part entière. Les deux sont mis à jour à chaque version ; copiez-les sur votre site ou faites un lien vers l'endroit où cette version est publiée.",
    embed_badge: "Le badge d'un État :",
    embed_map: "La carte :",
    downloads_h: "Télécharger les données",
    downloads_intro: "Chaque tableau existe en CSV, Parquet et JSON, avec les mêmes lignes et colonnes, décrites colonne par colonne dans {dp} (un Frictionless Data Package, en anglais). Vérifiez les fichiers avec <code>sha256sum -c SHA256SUMS</code>. En Python : <code>pandas.read_parquet(\"campaign.parquet\")</code>. Les nouveaux actes en flux : {feed}.",
    downloads_caption: "Fichiers de la version avec leur taille et leur SHA-256",
    downloads_cols: ["Fichier", "Contenu", "Taille", "SHA-256"],
    this_page: "Cette page",
    sums_row: "Le SHA-256 de chaque fichier, y compris cette page",
    in_sums: "dans SHA256SUMS",
    feed_row: "Un flux Atom des derniers actes enregistrés (en anglais)",
    cite_h: "Comment citer",
    cite_licence: "Les données sont publiées sous la licence {licence} : réutilisez-les librement, avec cette citation. Citez la Collection des traités des Nations Unies comme registre officiel.",
    sources_h: "Sources",
    sources_text: "Chaque acte du registre porte sa source : la page d'état de son traité dans la Collection des traités des Nations Unies (UNTC), lue à la date indiquée, ou une notification dépositaire. Le registre officiel est l'UNTC. L'<em>état au</em> de chaque traité, le moment où sa page de l'UNTC se déclare à jour, figure dans le tableau des traités ; la source de chaque acte est dans {file}. La catégorie d'un État est calculée à partir des actes datés selon les articles du traité lui-même sur l'entrée en vigueur et la dénonciation.",
    footer: "Produite par <code>treaty build</code> à partir du registre des actes, version {v} (dernier acte enregistré le {recorded}). Cette page ne charge rien depuis le réseau : elle fonctionne hors ligne et depuis un fichier. Frontières des cartes : Natural Earth 1:110m (domaine public) ; elles n'impliquent aucune position sur le statut juridique d'un territoire.",
    view_back: "Retour à la carte",
    view_campaign: "Campagne pour le Protocole facultatif au PIDESC",
    view_next: "Prochaine étape :",
    next_icescr: "Ratifier le Pacte international relatif aux droits économiques, sociaux et culturels, puis signer et ratifier son Protocole facultatif.",
    next_sign: "Signer et ratifier le Protocole facultatif (ou y adhérer).",
    next_ratify: "Ratifier le Protocole facultatif qu'il a signé.",
    next_articles: "Accepter la procédure interétatique (art. 10) et la procédure d'enquête (art. 11).",
    next_article: "Accepter la {name} (art. {article}).",
    next_nothing: "Plus rien : il est partie et accepte les art. 10 et 11.",
    next_organization: "L'{name} est une organisation : le Protocole facultatif n'est ouvert qu'aux États.",
    view_key_dates: "Dates clés du Protocole facultatif",
    key_adopted: "Adopté par l'Assemblée générale des Nations Unies : {date}",
    key_eif: "Entré en vigueur : {date}",
    key_state: "En vigueur à l'égard de {name} : {date}",
    view_treaties: "Dans les 18 principaux traités, au {date}",
    view_cols: ["Traité", "Situation", "Actes"],
    st_party: "Partie, en vigueur",
    st_party_pending: "Partie, pas encore en vigueur",
    st_signatory: "Signataire",
    st_denounced: "Dénoncé",
    st_none: "Aucun acte",
    view_procedures: "Procédures acceptées au-delà des procédures automatiques",
    view_procedures_none: "Aucune.",
    view_reservations: "Réserves et déclarations en vigueur",
    view_reservations_none: "Aucune enregistrée.",
    view_reservations_line: "{treaty} : {n}",
    view_reservations_more: "Leurs textes et dates : {file}.",
    view_share: "Partager",
    view_share_label: "Un message à copier",
    copy: "Copier le message",
    copied: "Copié",
    view_embed: "Intégrer cette réponse",
    msg_done: "{name} est l'un des {n} États ({m} de personnes) où toute atteinte aux droits au logement, à l'alimentation, à l'eau, à la santé, à l'éducation ou au travail peut être portée devant l'ONU, et il accepte tout le Protocole. #OPICESCR",
    msg_articles: "{name} est l'un des {n} États ({m} de personnes) où toute atteinte aux droits au logement, à l'alimentation, à l'eau, à la santé, à l'éducation ou au travail peut être portée devant l'ONU. Reste à accepter les art. 10 et 11. #OPICESCR",
    msg_signed: "{name} a signé le PF-PIDESC le {date} sans le ratifier. Dans {n} États ({m} d'habitants), toute atteinte aux droits au logement, à la santé, à l'éducation ou au travail peut être portée devant l'ONU. Ratifiez ! #OPICESCR",
    msg_party: "{name} n'a pas rejoint le PF-PIDESC. Dans {n} États ({m} de personnes), toute atteinte aux droits au logement, à l'alimentation, à la santé, à l'éducation ou au travail peut être portée devant l'ONU. Signez et ratifiez ! #OPICESCR",
    msg_not_party: "{name} n'est pas partie au PIDESC. Dans {n} États ({m} de personnes), toute atteinte aux droits au logement, à la santé, à l'éducation ou au travail peut être portée devant l'ONU. Ratifiez le Pacte et son Protocole ! #OPICESCR",
    w_signed: "signature : {date}",
    w_signed_succession: "signature (par succession) : {date}",
    w_ratified: "ratification :",
    w_acceded: "adhésion :",
    w_succeeded: "succession :",
    w_accepted: "acceptation :",
    w_approved: "approbation :",
    w_formal_confirmation: "confirmation formelle :",
    w_definitive_signature: "signature définitive :",
    w_consent: "consentement :",
    w_in_force_from: "en vigueur à son égard depuis le {date}",
    w_to_enter: "entrera en vigueur à son égard le {date}",
    w_denounced: "dénonciation : {date}",
    w_effective: "effective le {date}",
    w_no_action: "aucun acte",
    art: "art. {article}",
    tables: [
        ("events", "Tous les actes conventionnels du registre, avec leur source"),
        ("status", "La situation de chaque participant dans chaque traité"),
        ("campaign", "La catégorie de chaque État dans la campagne pour le Protocole au PIDESC"),
        ("timeline", "Signataires et parties de chaque traité au fil du temps"),
        ("participants", "Les participants, avec leurs codes et leurs noms"),
        ("treaties", "Les 18 traités et leurs règles"),
        ("reservations", "Réserves et déclarations, avec leurs textes"),
        ("objections", "Objections aux réserves"),
        ("notifications", "Notifications : dérogations, application territoriale, autres"),
        ("procedures", "Qui accepte chaque procédure de plainte et d'enquête"),
        ("population", "Population de chaque État par année (Banque mondiale)"),
        ("panel", "Panel pays-année : la situation de chaque participant dans chaque traité au 31 décembre"),
    ],
    file_map: "Carte du {treaty} au {date} (SVG)",
    file_page: "Cette page en {language}",
    file_badges: "Un badge par État (SVG)",
    file_other: "Partie de la version",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(Lang::En.long_date(d(2013, 5, 5)), "5 May 2013");
        assert_eq!(Lang::Es.long_date(d(2008, 12, 10)), "10 de diciembre de 2008");
        assert_eq!(Lang::Fr.long_date(d(2013, 2, 1)), "1er février 2013");
        assert_eq!(Lang::Fr.short_date(d(2013, 2, 5)), "5 févr. 2013");
        assert_eq!(Lang::Es.short_date(d(2013, 9, 5)), "5 sept 2013");
    }

    #[test]
    fn numbers_and_millions_read_as_each_language_writes_them() {
        assert_eq!(Lang::En.number(1234), "1,234");
        assert_eq!(Lang::Es.number(1234), "1234");
        assert_eq!(Lang::Fr.number(12345), "12\u{202f}345");
        assert_eq!(Lang::En.millions(321_128_895), "321 million");
        assert_eq!(Lang::Es.millions(3_456_789), "3,5 millones");
        assert_eq!(Lang::Fr.millions(1_412_000_000), "1,4 milliard");
        assert_eq!(Lang::En.millions(1_412_000_000), "1.4 billion");
        assert_eq!(Lang::Es.millions(1_412_000_000), "1412 millones");
    }

    #[test]
    fn every_treaty_and_procedure_has_its_translation() {
        for t in TreatyId::all() {
            for l in Lang::ALL {
                assert!(!l.treaty_title(t).is_empty());
            }
            for p in t.treaty().procedures {
                assert_ne!(Lang::Es.procedure(p.name), p.name, "{}", p.name);
                assert_ne!(Lang::Fr.procedure(p.name), p.name, "{}", p.name);
            }
        }
    }

    #[test]
    fn templates_are_filled_by_name() {
        assert_eq!(fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]), "x and y, x");
        for l in Lang::ALL {
            assert!(l.t().fig_parties.contains("{m}"));
            for m in [l.t().msg_done, l.t().msg_articles, l.t().msg_party, l.t().msg_not_party, l.t().msg_signed] {
                assert!(m.contains("{name}") && m.contains("{n}") && m.contains("{m}"), "{m}");
            }
        }
    }
}
