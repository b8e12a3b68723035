//! The resolution (nghị quyết, DOMAIN §4b): a draft built from the record
//! and the engine's verdicts, and the page of a stored resolution. The
//! stored text is what prints; drafting again is the secretary's choice.

use std::collections::HashMap;

use chrono::Datelike;

use super::layout::upper;
use super::page::{Align, Block, Header, Page, Recipients, Run, Signature};
use crate::domain::agenda::StepKind;
use crate::domain::resolution::{Resolution, ResolutionText};
use crate::domain::rubric::Assessment;
use crate::domain::voting::{VoteResult, share};
use crate::domain::{
    AgendaItem, Cell, Figures, Meeting, MeetingKind, RowId, Task, TaskOutcome, Vote,
};
use crate::i18n::Strings;
use crate::vi;

/// The facts a draft is made of, gathered by the caller from the store and
/// the engine (no figure is counted here).
pub struct DraftFacts<'a> {
    pub cell: &'a Cell,
    pub meeting: &'a Meeting,
    /// The §3.11 figures of the record (frozen at the close).
    pub figures: &'a Figures,
    pub names: &'a HashMap<RowId, String>,
    pub items: &'a [AgendaItem],
    /// Earlier tasks this meeting reviewed, each with the outcome shown.
    pub reviewed: &'a [Task],
    /// The tasks this meeting set.
    pub tasks: &'a [Task],
    /// The engine's assessment of the meeting's quality.
    pub quality: Option<Assessment>,
    /// The vote on the resolution and the engine's verdict on it.
    pub vote: Option<(&'a Vote, Option<VoteResult>)>,
    /// The number proposed (the next free one of the cell's year).
    pub number: u32,
    /// The bí thư on the meeting's date, who signs.
    pub signer: Option<String>,
}

fn clean(text: &str) -> String {
    vi::strip_controls(text)
}

/// A typed multi-line text on one line (a task inside a list line).
fn one_line(text: &str) -> String {
    vi::strip_controls(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn kind_phrase(s: &Strings, kind: MeetingKind) -> String {
    let full = s.get(super::agenda::kind_key(kind));
    // "Sinh hoạt chi bộ thường kỳ" reads "sinh hoạt chi bộ thường kỳ" inside
    // a sentence.
    let mut chars = full.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn period(meeting: &Meeting) -> String {
    let d = meeting.date();
    format!("tháng {}/{}", d.month(), d.year())
}

/// The draft of a meeting's resolution.
pub fn draft(s: &Strings, f: &DraftFacts) -> ResolutionText {
    let m = f.meeting;
    let name = |id: Option<RowId>| {
        id.and_then(|i| f.names.get(&i))
            .map(|n| clean(n))
            .unwrap_or_default()
    };
    let subject = if m.kind.is_regular() {
        s.fmt("resolution_doc.subject", &[("period", &period(m))])
    } else {
        let kind = s.get(super::agenda::kind_key(m.kind));
        s.fmt(
            "resolution_doc.subject_other",
            &[("kind", &kind), ("period", &period(m))],
        )
    };

    // The opening paragraph: when and where, attendance, length, officers.
    let start = m.started_at.unwrap_or(m.planned_at);
    let cell_name = clean(&f.cell.name);
    let mut opening = vec![s.fmt(
        if m.place.trim().is_empty() {
            "resolution_doc.opening_no_place"
        } else {
            "resolution_doc.opening"
        },
        &[
            ("time", &vi::document_time(start.time())),
            ("date", &vi::document_date(start.date())),
            ("place", &clean(&m.place)),
            ("cell", &cell_name),
            ("kind", &kind_phrase(s, m.kind)),
            ("period", &period(m)),
        ],
    )];
    let fig = f.figures;
    opening.push(s.fmt(
        "resolution_doc.attendance",
        &[
            ("total", &fig.total),
            ("expected", &fig.expected),
            ("present", &fig.present),
            ("pct", &fig.percent_present().unwrap_or_else(|| "—".into())),
        ],
    ));
    if fig.exempt_present > 0 {
        opening.push(s.fmt(
            "resolution_doc.exempt_present",
            &[("n", &fig.exempt_present)],
        ));
    }
    opening.push(absence_line(s, fig));
    if let (Some(begin), Some(end)) = (m.started_at, m.ended_at) {
        opening.push(s.fmt(
            "resolution_doc.length",
            &[
                ("minutes", &(end - begin).num_minutes().max(0)),
                ("start", &vi::document_time(begin.time())),
                ("end", &vi::document_time(end.time())),
            ],
        ));
    }
    opening.push(s.fmt(
        "resolution_doc.officers",
        &[
            ("chair", &name(m.chair_id)),
            ("taker", &name(m.minute_taker_id)),
        ],
    ));
    opening.push(s.get("resolution_doc.resolves").to_string());

    ResolutionText {
        number: f.number,
        subject,
        opening: opening.join(" "),
        results: results(s, f, &name),
        tasks: next_tasks(s, f),
        assignments: assignments(s, f, &name),
        quality: match &f.quality {
            Some(q) => s.fmt(
                "resolution_doc.score",
                &[("total", &q.total), ("tier", &q.tier.name)],
            ),
            None => s.get("resolution_doc.no_score").to_string(),
        },
        vote: vote_line(s, f.vote),
        recipients: recipients(s, f.cell),
        signer: f.signer.clone().map(|n| clean(&n)).unwrap_or_default(),
    }
}

fn absence_line(s: &Strings, f: &Figures) -> String {
    if f.absent_excused.is_empty() && f.absent_unexcused.is_empty() {
        return s.get("resolution_doc.absent_none").to_string();
    }
    let mut parts = Vec::new();
    if !f.absent_excused.is_empty() {
        let names: Vec<String> = f
            .absent_excused
            .iter()
            .map(|a| format!("{} – {}", clean(&a.name), clean(&a.reason)))
            .collect();
        parts.push(s.fmt(
            "resolution_doc.absent_excused",
            &[("n", &names.len()), ("names", &names.join("; "))],
        ));
    }
    if !f.absent_unexcused.is_empty() {
        let names: Vec<String> = f.absent_unexcused.iter().map(|n| clean(n)).collect();
        parts.push(s.fmt(
            "resolution_doc.absent_unexcused",
            &[("n", &names.len()), ("names", &names.join("; "))],
        ));
    }
    s.fmt(
        "resolution_doc.absent",
        &[
            (
                "absent",
                &(f.absent_excused.len() + f.absent_unexcused.len()),
            ),
            ("parts", &parts.join("; ")),
        ],
    )
}

/// The conclusions of the items of one kind, each as typed.
fn conclusions(items: &[AgendaItem], kind: StepKind) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| crate::domain::text::clean_text(&i.conclusion, false).unwrap_or_default())
        .filter(|c| !c.trim().is_empty())
        .collect()
}

fn results(s: &Strings, f: &DraftFacts, name: &dyn Fn(Option<RowId>) -> String) -> String {
    let mut lines = conclusions(f.items, StepKind::TaskReview);
    for t in f.reviewed {
        let outcome = match t.outcome {
            Some(TaskOutcome::Done) => s.get("resolution_doc.outcome_done"),
            Some(TaskOutcome::InProgress) => s.get("resolution_doc.outcome_in_progress"),
            Some(TaskOutcome::NotDone) => s.get("resolution_doc.outcome_not_done"),
            None => s.get("resolution_doc.outcome_none"),
        };
        let who = match t.assignee_id {
            Some(_) => s.fmt("resolution_doc.assignee", &[("name", &name(t.assignee_id))]),
            None => s.get("resolution_doc.the_cell").to_string(),
        };
        // The note goes in brackets before the sentence's own full stop.
        let note = one_line(&t.outcome_note)
            .trim_end_matches(['.', ';', ',', ' '])
            .to_string();
        let key = if note.is_empty() {
            "resolution_doc.reviewed"
        } else {
            "resolution_doc.reviewed_note"
        };
        lines.push(s.fmt(
            key,
            &[
                ("text", &one_line(&t.text)),
                ("who", &who),
                ("outcome", &outcome),
                ("note", &note),
            ],
        ));
    }
    if lines.is_empty() {
        return s.get("resolution_doc.no_results").to_string();
    }
    lines.join("\n")
}

fn next_tasks(s: &Strings, f: &DraftFacts) -> String {
    let mut lines = conclusions(f.items, StepKind::Conclusion);
    for t in f.tasks {
        lines.push(s.fmt("resolution_doc.task", &[("text", &one_line(&t.text))]));
    }
    if lines.is_empty() {
        return s.get("resolution_doc.no_tasks").to_string();
    }
    lines.join("\n")
}

fn assignments(s: &Strings, f: &DraftFacts, name: &dyn Fn(Option<RowId>) -> String) -> String {
    let lines: Vec<String> = f
        .tasks
        .iter()
        .map(|t| {
            let due = t
                .due_on
                .map(|d| s.fmt("resolution_doc.due", &[("date", &vi::date(d))]))
                .unwrap_or_default();
            let text = one_line(&t.text);
            let text = text.trim_end_matches('.');
            match t.assignee_id {
                Some(_) => s.fmt(
                    "resolution_doc.assignment",
                    &[
                        ("name", &name(t.assignee_id)),
                        ("text", &text),
                        ("due", &due),
                    ],
                ),
                None => s.fmt(
                    "resolution_doc.assignment_cell",
                    &[("text", &text), ("due", &due)],
                ),
            }
        })
        .collect();
    if lines.is_empty() {
        return s.get("resolution_doc.no_tasks").to_string();
    }
    lines.join("\n")
}

fn vote_line(s: &Strings, vote: Option<(&Vote, Option<VoteResult>)>) -> String {
    let Some((v, verdict)) = vote else {
        return s.get("resolution_doc.no_vote").to_string();
    };
    let verdict = match verdict {
        Some(r) if r.passed => s.get("resolution_doc.passed"),
        Some(_) => s.get("resolution_doc.failed"),
        None => s.get("resolution_doc.unjudged"),
    };
    s.fmt(
        "resolution_doc.vote",
        &[
            ("for", &share(v.votes_for, v.denominator)),
            ("against", &v.votes_against),
            ("other", &v.votes_other),
            ("verdict", &verdict),
        ],
    )
}

/// Nơi nhận: the upper committee (đảng ủy of the upper đảng bộ), the
/// members, the cell's file.
fn recipients(s: &Strings, cell: &Cell) -> String {
    let unit = clean(&cell.upper_unit);
    let mut lines = Vec::new();
    if !unit.trim().is_empty() {
        let committee = match unit.strip_prefix("Đảng bộ ") {
            Some(rest) => format!("Đảng ủy {rest}"),
            None => unit,
        };
        lines.push(s.fmt("resolution_doc.recipient_upper", &[("unit", &committee)]));
    }
    lines.push(s.get("resolution_doc.recipient_members").to_string());
    lines.push(s.get("resolution_doc.recipient_file").to_string());
    lines.join("\n")
}

/// The page of a stored resolution: its header as issued, its text as
/// stored. Nothing is recomputed, so it prints the same every time.
pub fn page(s: &Strings, r: &Resolution) -> Page {
    let h = &r.header;
    let place = clean(&h.place_name);
    let date = vi::document_date(h.issued_on);
    let place_date = if place.trim().is_empty() {
        capitalize(&date)
    } else {
        format!("{place}, {date}")
    };
    let t = &r.text;
    let mut page = Page::new();
    page.push(Block::Header(Header {
        upper_unit: upper(&clean(&h.upper_unit)),
        issuer: upper(&clean(&h.cell_name)),
        number: Some(r.number_label()),
        place_date,
    }));
    page.push(Block::title([
        upper(s.get("resolution_doc.title")),
        clean(&t.subject.replace('\n', " ")),
    ]));
    push_text(&mut page, &t.opening);
    for (heading, text) in [
        ("resolution_doc.results", &t.results),
        ("resolution_doc.tasks", &t.tasks),
        ("resolution_doc.assignments", &t.assignments),
        ("resolution_doc.quality", &t.quality),
    ] {
        page.push(Block::heading(upper(s.get(heading))));
        push_text(&mut page, text);
    }
    push_text(&mut page, &t.vote);
    let recipients: Vec<String> = t
        .recipients
        .split('\n')
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
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
            &clean(&t.signer),
        )],
    });
    page
}

/// A stored section on the page: lines that start with "- " make a
/// bulleted list, the other lines paragraphs (their line breaks kept).
fn push_text(page: &mut Page, text: &str) {
    let text = typed(text);
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<Run>> = Vec::new();
    let flush_para = |page: &mut Page, para: &mut Vec<&str>| {
        if !para.is_empty() {
            page.push(Block::Paragraph {
                runs: vec![Run::plain(para.join("\n"))],
                align: Align::Justify,
                indent: 0,
            });
            para.clear();
        }
    };
    let flush_items = |page: &mut Page, items: &mut Vec<Vec<Run>>| {
        if !items.is_empty() {
            page.push(Block::bulleted(std::mem::take(items)));
        }
    };
    for line in text.split('\n') {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            flush_para(page, &mut para);
            items.push(vec![Run::plain(item.trim())]);
        } else if line.trim().is_empty() {
            flush_para(page, &mut para);
            flush_items(page, &mut items);
        } else {
            flush_items(page, &mut items);
            para.push(line);
        }
    }
    flush_para(page, &mut para);
    flush_items(page, &mut items);
}

fn typed(text: &str) -> String {
    crate::domain::text::clean_text(text, false)
        .unwrap_or_else(|_| vi::strip_controls_keep_lines(text))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
