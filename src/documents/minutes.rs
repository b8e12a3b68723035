//! The minutes (biên bản) as a [`Page`]: every element of the official form
//! in its order (header, title, time and place, attendance split as the
//! figures define it, guests, chair and minute-taker, the agenda, the
//! proceedings item by item with the review of earlier tasks and the dues,
//! the votes, the tasks set, the quality score, the closing and approval,
//! the signatures, and the addenda made after the lock). Every figure and
//! verdict comes in from the engine; this module only words them.

use std::collections::HashMap;

use super::page::{Block, Header, Page, Run, Signature};
use crate::domain::agenda::StepKind;
use crate::domain::engine::{AttendanceDetail, DuesStatus, TimedMark};
use crate::domain::rubric::Assessment;
use crate::domain::voting::{VoteResult, share};
use crate::domain::{
    Addendum, AgendaItem, Cell, Figures, Guest, ItemDisposition, Meeting, MeetingKind, Remark,
    RowId, Speaker, Task, TaskOutcome, Vote, VoteRule,
};
use crate::i18n::Strings;
use crate::vi;

/// Everything the minutes print, gathered by `planning::minutes_page`.
pub struct MinutesDoc<'a> {
    pub cell: &'a Cell,
    pub meeting: &'a Meeting,
    /// The figures (frozen once the meeting closed).
    pub figures: &'a Figures,
    /// The engine's split of P, the exempt present, the late and early.
    pub detail: &'a AttendanceDetail,
    pub names: &'a HashMap<RowId, String>,
    pub guests: &'a [Guest],
    pub items: &'a [AgendaItem],
    pub remarks: &'a [Remark],
    pub votes: &'a [Vote],
    /// The engine's verdict on each vote, in the order of `votes` (None: no
    /// rule set for the meeting's date).
    pub verdicts: &'a [Option<VoteResult>],
    /// Tasks set at this meeting.
    pub tasks: &'a [Task],
    /// Tasks of earlier meetings reviewed here, with their outcome.
    pub earlier_tasks: &'a [Task],
    /// The dues of the meeting's month.
    pub dues: &'a DuesStatus,
    /// The engine's assessment (the record's failed criteria applied).
    pub quality: Option<Assessment>,
    /// The minutes' approval: a passed vote on them (Some(true)), none or a
    /// failed one (Some(false)), or a vote no rule set can judge (None).
    pub approved: Option<bool>,
    pub addenda: &'a [Addendum],
}

fn clean(text: &str) -> String {
    vi::strip_controls(text).trim().to_string()
}

/// A text typed in a multi-line editor (a remark, a conclusion, a task, an
/// addendum), its line breaks kept; one stored before the store cleaned
/// such texts is cleaned here the same way.
fn typed(text: &str) -> String {
    crate::domain::text::clean_text(text, false)
        .unwrap_or_else(|_| vi::strip_controls_keep_lines(text))
        .trim()
        .to_string()
}

/// "Gò Công, ngày 05 tháng 10 năm 2026" (the date capitalised without a place).
pub fn place_date(cell: &Cell, day: chrono::NaiveDate) -> String {
    let place = clean(&cell.place_name);
    let date = vi::document_date(day);
    if place.is_empty() {
        let mut chars = date.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        format!("{place}, {date}")
    }
}

/// The official header of a document the cell issues.
pub fn header(cell: &Cell, day: chrono::NaiveDate, number: Option<String>) -> Header {
    Header {
        upper_unit: clean(&cell.upper_unit).to_uppercase(),
        issuer: clean(&cell.name).to_uppercase(),
        number,
        place_date: place_date(cell, day),
    }
}

fn names_of(marks: &[TimedMark]) -> String {
    marks
        .iter()
        .map(|m| match m.at {
            Some(at) => format!("{} ({})", clean(&m.name), vi::document_time(at.time())),
            None => clean(&m.name),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The attendance facts, one list item each (an item may hold lines).
fn attendance(s: &Strings, doc: &MinutesDoc) -> Vec<String> {
    let f = doc.figures;
    let d = doc.detail;
    let mut total = s.fmt(
        "minutes_doc.total",
        &[
            ("total", &f.total),
            ("official", &f.official),
            ("probationary", &f.probationary),
            ("attached", &f.attached_in),
            ("exempt", &f.exempt),
            ("away", &f.away),
        ],
    );
    if f.suspended > 0 {
        total.push_str(&s.fmt("minutes_doc.suspended", &[("n", &f.suspended)]));
    }
    total.push('.');
    let mut out = vec![total];
    let pct = f.percent_present().unwrap_or_else(|| "—".into());
    let mut present = s.fmt(
        "minutes_doc.present",
        &[
            ("expected", &f.expected),
            ("present", &f.present),
            ("pct", &pct),
            ("official", &d.present.official),
            ("probationary", &d.present.probationary),
            ("attached", &d.present.attached_in),
        ],
    );
    if !d.exempt_present.is_empty() {
        let names: Vec<String> = d.exempt_present.iter().map(|n| clean(n)).collect();
        present.push('\n');
        present.push_str(&s.fmt(
            "minutes_doc.exempt_present",
            &[("n", &names.len()), ("names", &names.join("; "))],
        ));
    }
    out.push(present);
    if f.unmarked > 0 {
        out.push(s.fmt("minutes_doc.unmarked", &[("n", &f.unmarked)]));
    }
    let absent = f.absent_excused.len() + f.absent_unexcused.len();
    if absent == 0 {
        if f.unmarked == 0 {
            out.push(s.get("minutes_doc.absent_none").to_string());
        }
    } else {
        // Only the parts that have names: never "không lý do 0: )".
        let mut lines = vec![s.fmt("minutes_doc.absent", &[("n", &absent)])];
        if !f.absent_excused.is_empty() {
            let names: Vec<String> = f
                .absent_excused
                .iter()
                .map(|a| {
                    let reason = clean(&a.reason);
                    if reason.is_empty() {
                        clean(&a.name)
                    } else {
                        format!("{} – {reason}", clean(&a.name))
                    }
                })
                .collect();
            lines.push(s.fmt(
                "minutes_doc.absent_excused",
                &[("n", &names.len()), ("names", &names.join("; "))],
            ));
        }
        if !f.absent_unexcused.is_empty() {
            let names: Vec<String> = f.absent_unexcused.iter().map(|n| clean(n)).collect();
            lines.push(s.fmt(
                "minutes_doc.absent_unexcused",
                &[("n", &names.len()), ("names", &names.join("; "))],
            ));
        }
        out.push(lines.join("\n"));
    }
    if !d.late.is_empty() {
        out.push(s.fmt("minutes_doc.late", &[("names", &names_of(&d.late))]));
    }
    if !d.left_early.is_empty() {
        out.push(s.fmt(
            "minutes_doc.left_early",
            &[("names", &names_of(&d.left_early))],
        ));
    }
    out
}

/// The name of who made a remark, as the minutes write it: "Đồng chí X" for
/// a member, the guest's name and title for a guest.
fn speaker(s: &Strings, doc: &MinutesDoc, remark: &Remark) -> String {
    match remark.speaker() {
        Some(Speaker::Member(id)) => s.fmt(
            "minutes_doc.speaker",
            &[(
                "name",
                &doc.names.get(&id).map(|n| clean(n)).unwrap_or_default(),
            )],
        ),
        Some(Speaker::Guest(id)) => match doc.guests.iter().find(|g| g.id == id) {
            Some(g) if !clean(&g.title).is_empty() => s.fmt(
                "minutes_doc.guest_speaker",
                &[("name", &clean(&g.name)), ("title", &clean(&g.title))],
            ),
            Some(g) => s.fmt("minutes_doc.speaker", &[("name", &clean(&g.name))]),
            None => String::new(),
        },
        None => String::new(),
    }
}

fn remark_block(s: &Strings, doc: &MinutesDoc, remark: &Remark) -> Block {
    let who = speaker(s, doc, remark);
    let text = typed(&remark.text);
    if who.is_empty() {
        return Block::indented(1, vec![Run::plain(text)]);
    }
    Block::indented(
        1,
        vec![Run::bold(format!("{who}:")), Run::plain(format!(" {text}"))],
    )
}

fn outcome_text(s: &Strings, outcome: Option<TaskOutcome>) -> String {
    s.get(match outcome {
        Some(TaskOutcome::Done) => "outcome.done",
        Some(TaskOutcome::InProgress) => "outcome.in_progress",
        Some(TaskOutcome::NotDone) => "outcome.not_done",
        None => "outcome.none",
    })
    .to_string()
}

/// "text — đ/c X; hạn 30/11/2026"
fn task_line(s: &Strings, doc: &MinutesDoc, t: &Task) -> String {
    let mut text = typed(&t.text);
    let who = t
        .assignee_id
        .and_then(|id| doc.names.get(&id))
        .map(|n| clean(n));
    let mut parts = Vec::new();
    if let Some(who) = who {
        parts.push(s.fmt("minutes_doc.assignee", &[("name", &who)]));
    }
    if let Some(due) = t.due_on {
        parts.push(s.fmt("minutes_doc.due", &[("date", &vi::date(due))]));
    }
    if !parts.is_empty() {
        text.push_str(&format!(" ({})", parts.join("; ")));
    }
    text
}

/// The review of earlier tasks (step 8): each with its outcome.
fn earlier_tasks(s: &Strings, doc: &MinutesDoc) -> Vec<Block> {
    if doc.earlier_tasks.is_empty() {
        return vec![Block::indented(
            1,
            vec![Run::plain(s.get("minutes_doc.no_earlier_tasks"))],
        )];
    }
    let items = doc
        .earlier_tasks
        .iter()
        .map(|t| {
            let mut runs = vec![
                Run::plain(format!("{}: ", task_line(s, doc, t))),
                Run::italic(outcome_text(s, t.outcome)),
            ];
            let note = typed(&t.outcome_note);
            if !note.is_empty() {
                runs.push(Run::plain(format!(" – {note}")));
            }
            runs
        })
        .collect();
    vec![Block::bulleted(items)]
}

fn dues_block(s: &Strings, doc: &MinutesDoc) -> Block {
    let d = doc.dues;
    let day = doc.meeting.date();
    let mut text = s.fmt(
        "minutes_doc.dues",
        &[
            (
                "period",
                &vi::month_period(chrono::Datelike::year(&day), chrono::Datelike::month(&day)),
            ),
            ("paid", &d.paid),
            ("members", &d.members),
        ],
    );
    if !d.unpaid.is_empty() {
        let names: Vec<String> = d.unpaid.iter().map(|n| clean(n)).collect();
        text.push_str(&s.fmt(
            "minutes_doc.dues_unpaid",
            &[("n", &names.len()), ("names", &names.join("; "))],
        ));
    }
    if d.not_recorded > 0 {
        text.push_str(&s.fmt("minutes_doc.dues_not_recorded", &[("n", &d.not_recorded)]));
    }
    text.push('.');
    Block::indented(1, vec![Run::plain(text)])
}

/// One agenda item in the proceedings: its number and title, then what
/// became of it.
fn item_blocks(s: &Strings, doc: &MinutesDoc, n: usize, item: &AgendaItem) -> Vec<Block> {
    let number = u32::try_from(n + 1).unwrap_or(u32::MAX);
    let mut out = vec![Block::numbered(
        number,
        vec![vec![Run::bold(clean(&item.title))]],
    )];
    if let Some(d) = item.disposition {
        let reason = clean(&item.disposition_reason);
        let text = match (d, reason.is_empty()) {
            (ItemDisposition::Skipped, true) => s.get("doc.m_skipped_none").to_string(),
            (ItemDisposition::Skipped, false) => s.fmt("doc.m_skipped", &[("reason", &reason)]),
            (ItemDisposition::Moved, true) => s.get("doc.m_moved_no_reason").to_string(),
            (ItemDisposition::Moved, false) => s.fmt("doc.m_moved", &[("reason", &reason)]),
        };
        out.push(Block::indented(1, vec![Run::italic(text)]));
        return out;
    }
    if item.carry_over || item.kind == StepKind::TaskReview {
        out.extend(earlier_tasks(s, doc));
    }
    if item.kind == StepKind::Dues {
        out.push(dues_block(s, doc));
    }
    out.extend(
        doc.remarks
            .iter()
            .filter(|r| r.agenda_item_id == Some(item.id))
            .map(|r| remark_block(s, doc, r)),
    );
    let conclusion = typed(&item.conclusion);
    if !conclusion.is_empty() {
        out.push(Block::indented(
            1,
            vec![
                Run::bold(s.get("minutes_doc.conclusion")),
                Run::plain(format!(" {conclusion}")),
            ],
        ));
    }
    out
}

fn vote_runs(s: &Strings, v: &Vote, verdict: Option<VoteResult>) -> Vec<Run> {
    let tally = s.fmt(
        "minutes_doc.vote",
        &[
            ("subject", &clean(&v.subject)),
            ("for", &share(v.votes_for, v.denominator)),
            ("against", &share(v.votes_against, v.denominator)),
            ("other", &share(v.votes_other, v.denominator)),
        ],
    );
    let rule = s.get(match v.rule {
        VoteRule::SimpleMajority => "minutes_doc.rule_half",
        VoteRule::TwoThirds => "minutes_doc.rule_two_thirds",
    });
    let result = match verdict {
        Some(r) => s.fmt(
            "minutes_doc.verdict",
            &[
                (
                    "verdict",
                    &s.get(if r.passed {
                        "doc.m_passed"
                    } else {
                        "doc.m_failed"
                    }),
                ),
                ("rule", &rule),
                ("needed", &r.needed),
                ("denominator", &v.denominator),
            ],
        ),
        None => s.get("doc.m_no_verdict").to_string(),
    };
    vec![Run::plain(format!("{tally} ")), Run::bold(result)]
}

/// The minutes of one meeting as a page.
pub fn page(s: &Strings, doc: &MinutesDoc) -> Page {
    let m = doc.meeting;
    let name = |id: Option<RowId>| id.and_then(|i| doc.names.get(&i)).map(|n| clean(n));
    let mut page = Page::new();
    page.push(Block::Header(header(doc.cell, m.date(), None)));
    page.push(Block::title([
        s.get("doc.minutes_title").to_uppercase(),
        super::agenda::title(s, m),
    ]));
    let topic = clean(&m.title);
    if !topic.is_empty() && matches!(m.kind, MeetingKind::Thematic | MeetingKind::Combined) {
        page.push(Block::Paragraph {
            runs: vec![Run::bold(s.fmt("doc.topic", &[("topic", &topic)]))],
            align: super::page::Align::Center,
            indent: 0,
        });
    }

    let start = m.started_at.unwrap_or(m.planned_at);
    let mut facts = vec![s.fmt(
        "doc.m_time",
        &[
            ("time", &vi::document_time(start.time())),
            ("date", &vi::document_date(start.date())),
        ],
    )];
    if !clean(&m.place).is_empty() {
        facts.push(s.fmt("doc.place", &[("place", &clean(&m.place))]));
    }
    facts.extend(attendance(s, doc));
    if !doc.guests.is_empty() {
        let guests: Vec<String> = doc
            .guests
            .iter()
            .map(|g| match clean(&g.title) {
                t if t.is_empty() => clean(&g.name),
                t => format!("{} – {t}", clean(&g.name)),
            })
            .collect();
        facts.push(s.fmt("doc.guests", &[("guests", &guests.join("; "))]));
    }
    for (officer, replaced, plain, replacing) in [
        (
            m.chair_id,
            m.chair_replaces_id,
            "doc.chair",
            "doc.m_chair_replaces",
        ),
        (
            m.minute_taker_id,
            m.minute_taker_replaces_id,
            "doc.minute_taker",
            "doc.m_taker_replaces",
        ),
    ] {
        let Some(who) = name(officer) else {
            continue;
        };
        facts.push(match name(replaced) {
            Some(absent) => s.fmt(replacing, &[("name", &who), ("absent", &absent)]),
            None => s.fmt(plain, &[("name", &who)]),
        });
    }
    page.push(Block::bulleted(
        facts.into_iter().map(|f| vec![Run::plain(f)]).collect(),
    ));

    page.push(Block::heading(s.get("doc.m_content").to_uppercase()));
    page.push(Block::numbered(
        1,
        doc.items
            .iter()
            .map(|i| vec![Run::plain(clean(&i.title))])
            .collect(),
    ));

    page.push(Block::heading(s.get("doc.m_proceedings").to_uppercase()));
    for (n, item) in doc.items.iter().enumerate() {
        page.extend(item_blocks(s, doc, n, item));
    }
    let loose: Vec<&Remark> = doc
        .remarks
        .iter()
        .filter(|r| {
            r.agenda_item_id
                .is_none_or(|id| !doc.items.iter().any(|i| i.id == id))
        })
        .collect();
    if !loose.is_empty() {
        page.push(Block::para(vec![Run::bold(
            s.get("minutes_doc.other_remarks"),
        )]));
        page.extend(loose.into_iter().map(|r| remark_block(s, doc, r)));
    }

    page.push(Block::heading(s.get("doc.m_votes").to_uppercase()));
    if doc.votes.is_empty() {
        page.push(Block::text(s.get("minutes_doc.no_votes")));
    } else {
        page.push(Block::bulleted(
            doc.votes
                .iter()
                .enumerate()
                .map(|(i, v)| vote_runs(s, v, doc.verdicts.get(i).copied().flatten()))
                .collect(),
        ));
    }

    page.push(Block::heading(s.get("minutes_doc.tasks").to_uppercase()));
    if doc.tasks.is_empty() {
        page.push(Block::text(s.get("minutes_doc.no_tasks")));
    } else {
        page.push(Block::numbered(
            1,
            doc.tasks
                .iter()
                .map(|t| vec![Run::plain(task_line(s, doc, t))])
                .collect(),
        ));
    }

    page.push(Block::heading(s.get("minutes_doc.quality").to_uppercase()));
    page.push(Block::text(match &doc.quality {
        Some(q) => s.fmt(
            "doc.m_score",
            &[("total", &q.total), ("tier", &q.tier.name)],
        ),
        None => s.get("minutes_doc.no_quality").to_string(),
    }));

    // The approval sentence only when the approval was recorded.
    let key = match doc.approved {
        Some(true) => "doc.m_end",
        Some(false) => "doc.m_end_unapproved",
        None => "doc.m_end_unjudged",
    };
    match m.ended_at {
        Some(end) => page.push(Block::text(
            s.fmt(key, &[("time", &vi::document_time(end.time()))]),
        )),
        None if doc.approved == Some(false) => {
            page.push(Block::text(s.get("doc.m_unapproved")));
        }
        None => {}
    }

    page.push(Block::Signatures {
        recipients: None,
        signers: vec![
            Signature::new(
                [s.get("doc.m_chair_sign")],
                &name(m.chair_id).unwrap_or_default(),
            ),
            Signature::new(
                [s.get("doc.m_taker_sign")],
                &name(m.minute_taker_id).unwrap_or_default(),
            ),
        ],
    });

    if !doc.addenda.is_empty() {
        page.push(Block::heading(s.get("minutes_doc.addenda").to_uppercase()));
        for a in doc.addenda {
            let when = s.fmt(
                "minutes_doc.addendum_when",
                &[
                    ("date", &vi::document_date(a.recorded_at.date())),
                    ("time", &vi::document_time(a.recorded_at.time())),
                ],
            );
            page.push(Block::para(vec![
                Run::bold(format!("{when}:")),
                Run::plain(format!(" {}", typed(&a.text))),
            ]));
        }
    }
    page
}
