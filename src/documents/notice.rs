//! The meeting notice (thông báo / giấy mời): a few lines to paste into
//! Zalo or an SMS, and a printable page. From the agenda as planned.

use chrono::{Datelike, NaiveDate};

use super::layout::upper;
use super::page::{Block, Header, Page, Recipients, Run, Signature};
use crate::domain::agenda::StepKind;
use crate::domain::{AgendaItem, Cell, Guest, Meeting, VoteKind};
use crate::i18n::Strings;
use crate::vi;

/// Everything the notice says, gathered by the caller.
pub struct NoticeDoc<'a> {
    pub cell: &'a Cell,
    pub meeting: &'a Meeting,
    pub items: &'a [AgendaItem],
    pub guests: &'a [Guest],
    /// What members should read before (the note of the preparation step
    /// "materials sent"), empty when none was recorded.
    pub materials: String,
    /// The bí thư who signs the printed notice.
    pub signer: Option<String>,
    /// The day the notice is issued.
    pub dated: NaiveDate,
}

fn clean(text: &str) -> String {
    vi::strip_controls(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The agenda's main items: what the meeting is about, leaving out the
/// steps every meeting has (opening, roll call, minute-taker, dues, the
/// procedural votes, the quality score, approving the minutes, closing).
pub fn main_items(items: &[AgendaItem]) -> Vec<String> {
    main(items)
        .map(|i| clean(&i.title))
        .filter(|t| !t.is_empty())
        .collect()
}

fn main(items: &[AgendaItem]) -> impl Iterator<Item = &AgendaItem> {
    items.iter().filter(|i| match i.kind {
        StepKind::Report | StepKind::TaskReview | StepKind::Discussion | StepKind::Other => true,
        StepKind::Vote => !matches!(
            i.vote_kind,
            None | Some(VoteKind::Agenda | VoteKind::Minutes | VoteKind::Resolution)
        ),
        _ => false,
    })
}

fn kind_phrase(s: &Strings, m: &Meeting) -> String {
    let full = s.get(super::agenda::kind_key(m.kind));
    let mut chars = full.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn period(s: &Strings, m: &Meeting) -> String {
    let d = m.date();
    s.fmt(
        "notice_doc.period",
        &[("month", &d.month()), ("year", &d.year())],
    )
}

fn weekday(s: &Strings, d: NaiveDate) -> String {
    s.get(&format!("weekday.{}", d.weekday().num_days_from_monday()))
        .to_lowercase()
}

fn guests(s: &Strings, doc: &NoticeDoc) -> Vec<String> {
    doc.guests
        .iter()
        .map(|g| {
            let name = clean(&g.name);
            let title = clean(&g.title);
            if title.is_empty() {
                s.fmt("notice_doc.guest", &[("name", &name)])
            } else {
                s.fmt(
                    "notice_doc.guest_title",
                    &[("name", &name), ("title", &title)],
                )
            }
        })
        .collect()
}

/// The few lines to paste into Zalo or an SMS.
pub fn short_text(s: &Strings, doc: &NoticeDoc) -> String {
    let m = doc.meeting;
    let at = m.planned_at;
    let mut lines = vec![
        s.fmt(
            "notice_doc.short_head",
            &[
                ("cell", &clean(&doc.cell.name)),
                ("kind", &kind_phrase(s, m)),
                ("period", &period(s, m)),
            ],
        ),
        s.fmt(
            "notice_doc.short_when",
            &[
                ("clock", &vi::clock(at.time())),
                ("weekday", &weekday(s, at.date())),
                ("date", &vi::date(at.date())),
            ],
        ),
    ];
    if !m.place.trim().is_empty() {
        lines.push(s.fmt("notice_doc.place", &[("place", &clean(&m.place))]));
    }
    if m.kind.is_thematic() && !m.title.trim().is_empty() {
        lines.push(s.fmt("notice_doc.topic", &[("topic", &clean(&m.title))]));
    }
    let items = main_items(doc.items);
    if !items.is_empty() {
        let numbered: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(n, t)| format!("{}) {t}", n + 1))
            .collect();
        lines.push(s.fmt(
            "notice_doc.short_content",
            &[("items", &numbered.join("; "))],
        ));
    }
    if !doc.materials.trim().is_empty() {
        lines.push(s.fmt(
            "notice_doc.materials",
            &[("materials", &clean(&doc.materials))],
        ));
    }
    let guests = guests(s, doc);
    if !guests.is_empty() {
        lines.push(s.fmt("notice_doc.guests", &[("guests", &guests.join("; "))]));
    }
    lines.push(s.get("notice_doc.short_request").to_string());
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The printable notice.
pub fn page(s: &Strings, doc: &NoticeDoc) -> Page {
    let m = doc.meeting;
    let at = m.planned_at;
    let place = clean(&doc.cell.place_name);
    let date = vi::document_date(doc.dated);
    let mut page = Page::new();
    page.push(Block::Header(Header {
        upper_unit: upper(&clean(&doc.cell.upper_unit)),
        issuer: upper(&clean(&doc.cell.name)),
        number: None,
        place_date: if place.is_empty() {
            date
        } else {
            format!("{place}, {date}")
        },
    }));
    page.push(Block::title([
        upper(s.get("notice_doc.title")),
        s.fmt(
            "notice_doc.subtitle",
            &[("kind", &kind_phrase(s, m)), ("period", &period(s, m))],
        ),
    ]));
    page.push(Block::text(s.fmt(
        "notice_doc.body",
        &[
            ("cell", &clean(&doc.cell.name)),
            ("kind", &kind_phrase(s, m)),
            ("period", &period(s, m)),
        ],
    )));
    let mut facts = vec![vec![Run::plain(s.fmt(
        "notice_doc.when",
        &[
            ("time", &vi::document_time(at.time())),
            ("weekday", &weekday(s, at.date())),
            ("date", &vi::document_date(at.date())),
        ],
    ))]];
    if !m.place.trim().is_empty() {
        facts.push(vec![Run::plain(
            s.fmt("notice_doc.place", &[("place", &clean(&m.place))]),
        )]);
    }
    if m.kind.is_thematic() && !m.title.trim().is_empty() {
        facts.push(vec![Run::plain(
            s.fmt("notice_doc.topic", &[("topic", &clean(&m.title))]),
        )]);
    }
    page.push(Block::bulleted(facts));
    // Each main item with its notes (what to read or bring), as the
    // agenda prints them.
    let items: Vec<Vec<Run>> = main(doc.items)
        .filter(|i| !clean(&i.title).is_empty())
        .map(|i| {
            let notes = clean(&i.notes);
            let mut runs = vec![Run::plain(clean(&i.title))];
            if !notes.is_empty() {
                runs.push(Run::italic(format!("\n{notes}")));
            }
            runs
        })
        .collect();
    if !items.is_empty() {
        page.push(Block::text(format!("{}:", s.get("notice_doc.content"))));
        page.push(Block::numbered(1, items));
    }
    let mut more = Vec::new();
    if !doc.materials.trim().is_empty() {
        more.push(vec![Run::plain(s.fmt(
            "notice_doc.materials",
            &[("materials", &clean(&doc.materials))],
        ))]);
    }
    let guests = guests(s, doc);
    if !guests.is_empty() {
        more.push(vec![Run::plain(
            s.fmt("notice_doc.guests", &[("guests", &guests.join("; "))]),
        )]);
    }
    if !more.is_empty() {
        page.push(Block::bulleted(more));
    }
    page.push(Block::text(s.get("notice_doc.request")));
    let mut recipients = vec![s.get("notice_doc.recipient_members").to_string()];
    if !doc.guests.is_empty() {
        recipients.push(s.get("notice_doc.recipient_guests").to_string());
    }
    recipients.push(s.get("notice_doc.recipient_file").to_string());
    page.push(Block::Signatures {
        recipients: Some(Recipients {
            heading: format!("{}:", s.get("resolution_doc.recipients")),
            lines: recipients,
        }),
        signers: vec![Signature::new(
            [
                s.get("resolution_doc.on_behalf"),
                s.get("resolution_doc.secretary"),
            ],
            &doc.signer.as_deref().map(clean).unwrap_or_default(),
        )],
    });
    page
}
