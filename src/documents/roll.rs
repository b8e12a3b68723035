//! The roll to sign (danh sách đảng viên dự sinh hoạt): a row for every
//! member the roster of the meeting's date expects, with room to sign;
//! exempt members apart (they sign if they come); away and suspended
//! members named, not called. The signed sheet is the paper proof of the
//! roll call.

use chrono::Datelike;

use super::layout::upper;
use super::page::{Block, Column, Header, Page, Run, Signature};
use crate::domain::{Cell, Meeting, PartyStatus, Roster, RosterCategory, RosterEntry};
use crate::i18n::Strings;
use crate::vi;

pub struct RollDoc<'a> {
    pub cell: &'a Cell,
    pub meeting: &'a Meeting,
    /// The roster on the meeting's date (frozen once it closed).
    pub roster: &'a Roster,
    pub signer: Option<String>,
}

fn clean(text: &str) -> String {
    vi::strip_controls(text)
}

fn status(s: &Strings, e: &RosterEntry) -> String {
    if e.category == RosterCategory::AttachedIn {
        return s.get("roll_doc.attached").to_string();
    }
    match e.party_status {
        PartyStatus::Official => s.get("roll_doc.official").to_string(),
        _ => s.get("roll_doc.probationary").to_string(),
    }
}

fn table(s: &Strings, entries: &[&RosterEntry]) -> Block {
    Block::Table {
        columns: vec![
            Column::new(s.get("roll_doc.col_no"), 2).centered(),
            Column::new(s.get("roll_doc.col_name"), 9),
            Column::new(s.get("roll_doc.col_status"), 5),
            Column::new(s.get("roll_doc.col_sign"), 7),
        ],
        rows: entries
            .iter()
            .enumerate()
            .map(|(n, e)| {
                vec![
                    (n + 1).to_string(),
                    clean(&e.full_name),
                    status(s, e),
                    String::new(),
                ]
            })
            .collect(),
    }
}

pub fn page(s: &Strings, doc: &RollDoc) -> Page {
    let m = doc.meeting;
    let at = m.started_at.unwrap_or(m.planned_at);
    let place = clean(&doc.cell.place_name);
    let date = vi::document_date(at.date());
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
    let kind = s.get(super::agenda::kind_key(m.kind));
    page.push(Block::title([
        upper(s.get("roll_doc.title")),
        s.fmt(
            "roll_doc.meeting",
            &[
                ("kind", &kind),
                ("period", &format!("tháng {}/{}", at.month(), at.year())),
            ],
        ),
    ]));
    let mut facts = vec![vec![Run::plain(
        s.fmt(
            "roll_doc.when",
            &[
                ("time", &vi::document_time(at.time())),
                (
                    "weekday",
                    &s.get(&format!("weekday.{}", at.weekday().num_days_from_monday()))
                        .to_lowercase(),
                ),
                ("date", &vi::document_date(at.date())),
            ],
        ),
    )]];
    if !m.place.trim().is_empty() {
        facts.push(vec![Run::plain(
            s.fmt("roll_doc.place", &[("place", &clean(&m.place))]),
        )]);
    }
    page.push(Block::bulleted(facts));
    let expected: Vec<&RosterEntry> = doc.roster.expected().collect();
    page.push(table(s, &expected));
    page.push(Block::text(
        s.fmt("roll_doc.expected", &[("n", &expected.len())]),
    ));
    let exempt: Vec<&RosterEntry> = doc
        .roster
        .entries
        .iter()
        .filter(|e| e.category == RosterCategory::Exempt)
        .collect();
    page.push(Block::heading(s.get("roll_doc.exempt")));
    if exempt.is_empty() {
        page.push(Block::text(s.get("roll_doc.nobody")));
    } else {
        page.push(table(s, &exempt));
    }
    let apart: Vec<Vec<Run>> = doc
        .roster
        .entries
        .iter()
        .filter_map(|e| {
            let why = match e.category {
                RosterCategory::Away => s.get("roll_doc.away_entry"),
                RosterCategory::Suspended => s.get("roll_doc.suspended_entry"),
                _ => return None,
            };
            Some(vec![Run::plain(format!("{} ({why})", clean(&e.full_name)))])
        })
        .collect();
    page.push(Block::heading(s.get("roll_doc.away")));
    if apart.is_empty() {
        page.push(Block::text(s.get("roll_doc.nobody")));
    } else {
        page.push(Block::bulleted(apart));
    }
    page.push(Block::Signatures {
        recipients: None,
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
