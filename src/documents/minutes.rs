//! The record of a meeting in minutes order: what the
//! secretary reads back before closing, and the draft of the biên bản.

use std::collections::HashMap;

use super::layout::{self, Format, centered, upper};
use crate::domain::rubric::Assessment;
use crate::domain::voting::{VoteResult, share};
use crate::domain::{
    Addendum, AgendaItem, Cell, Figures, Guest, ItemDisposition, Meeting, Remark, RowId, Speaker,
    Task, Vote,
};
use crate::i18n::Strings;
use crate::vi;

pub struct MinutesDoc<'a> {
    pub cell: &'a Cell,
    pub meeting: &'a Meeting,
    pub figures: &'a Figures,
    pub names: &'a HashMap<RowId, String>,
    pub guests: &'a [Guest],
    pub items: &'a [AgendaItem],
    pub remarks: &'a [Remark],
    pub votes: &'a [Vote],
    /// The engine's verdict on each vote, in the order of `votes` (None: no
    /// rule set for the meeting's date).
    pub verdicts: &'a [Option<VoteResult>],
    pub tasks: &'a [Task],
    /// The engine's assessment (the record's failed criteria applied).
    pub quality: Option<Assessment>,
    /// The minutes' approval: a passed vote on them (Some(true)), none or a
    /// failed one (Some(false)), or a vote no rule set can judge (None).
    pub approved: Option<bool>,
    pub addenda: &'a [Addendum],
}

fn clean(text: &str) -> String {
    vi::strip_controls(text)
}

/// A text typed in a multi-line editor (a remark, a conclusion, a task, an
/// addendum), its line breaks kept; one stored before the store cleaned
/// such texts is cleaned here the same way.
fn typed(text: &str) -> String {
    crate::domain::text::clean_text(text, false)
        .unwrap_or_else(|_| vi::strip_controls_keep_lines(text))
}

/// The lines of a text that may hold several: in plain text each line
/// wrapped on its own, the first after `first`, the rest after `rest` (the
/// hanging indent); in Markdown one line each, the caller joining them
/// with hard breaks.
fn block(text: &str, first: &str, rest: &str, format: Format) -> Vec<String> {
    match format {
        Format::Text => layout::wrap_lines(text, layout::WIDTH, first, rest),
        Format::Markdown => text
            .split('\n')
            .enumerate()
            .map(|(n, line)| match n {
                0 => format!("{first}{line}"),
                _ => format!("{rest}{}", layout::md_escape_start(line)),
            })
            .collect(),
    }
}

/// The lines of one Markdown paragraph keep their breaks; plain text is
/// already laid out.
fn paragraph(lines: Vec<String>, format: Format) -> Vec<String> {
    match format {
        Format::Text => lines,
        Format::Markdown => layout::md_hard_breaks(lines),
    }
}

/// The name of who made a remark: a member, or a guest of the meeting.
fn speaker_name(doc: &MinutesDoc, remark: &Remark) -> String {
    let name = match remark.speaker() {
        Some(Speaker::Member(id)) => doc.names.get(&id).cloned(),
        Some(Speaker::Guest(id)) => doc
            .guests
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.name.clone()),
        None => None,
    };
    name.map(|n| clean(&n)).unwrap_or_default()
}

/// The minutes header's attendance lines, worded as the minutes write them.
pub fn attendance_lines(s: &Strings, f: &Figures) -> Vec<String> {
    let pct = f.percent_present().unwrap_or_else(|| "—".into());
    let mut lines = vec![
        s.fmt(
            "doc.m_total",
            &[
                ("total", &f.total),
                ("official", &f.official),
                ("probationary", &f.probationary),
                ("attached", &f.attached_in),
                ("exempt", &f.exempt),
                ("away", &f.away),
                ("suspended", &f.suspended),
            ],
        ),
        s.fmt(
            "doc.m_present",
            &[
                ("expected", &f.expected),
                ("present", &f.present),
                ("pct", &pct),
                ("exempt_present", &f.exempt_present),
            ],
        ),
    ];
    let excused: Vec<String> = f
        .absent_excused
        .iter()
        .map(|a| format!("{} – {}", clean(&a.name), clean(&a.reason)))
        .collect();
    let unexcused: Vec<String> = f.absent_unexcused.iter().map(|n| clean(n)).collect();
    // Members not yet marked are neither present nor absent: say how many,
    // never "Vắng: không".
    if f.unmarked > 0 {
        lines.push(s.fmt("doc.m_unmarked", &[("n", &f.unmarked)]));
    }
    if f.absent_excused.is_empty() && f.absent_unexcused.is_empty() {
        if f.unmarked == 0 {
            lines.push(s.get("doc.m_absent_none").to_string());
        }
        return lines;
    }
    // Only the parts that have names: never "không lý do 0: )".
    let mut parts = Vec::new();
    if !excused.is_empty() {
        parts.push(s.fmt(
            "doc.m_absent_excused",
            &[("n", &excused.len()), ("names", &excused.join("; "))],
        ));
    }
    if !unexcused.is_empty() {
        parts.push(s.fmt(
            "doc.m_absent_unexcused",
            &[("n", &unexcused.len()), ("names", &unexcused.join("; "))],
        ));
    }
    lines.push(s.fmt(
        "doc.m_absent",
        &[
            ("absent", &(excused.len() + unexcused.len())),
            ("parts", &parts.join("; ")),
        ],
    ));
    lines
}

pub fn render(s: &Strings, doc: &MinutesDoc, format: Format) -> String {
    let m = doc.meeting;
    let name = |id: Option<RowId>| id.and_then(|i| doc.names.get(&i)).map(|n| clean(n));
    let mut out = layout::header(s, doc.cell, m.date(), format);
    out.push(String::new());
    let heading = upper(s.get("doc.minutes_title"));
    let title = super::agenda::title(s, m);
    match format {
        Format::Text => {
            out.push(centered(&heading));
            out.push(centered(&title));
        }
        Format::Markdown => {
            out.push(format!("## {heading}"));
            out.push(format!("### {title}"));
        }
    }
    out.push(String::new());
    let start = m.started_at.unwrap_or(m.planned_at);
    out.push(format!(
        "- {}",
        s.fmt(
            "doc.m_time",
            &[
                ("time", &vi::document_time(start.time())),
                ("date", &vi::document_date(start.date())),
            ],
        )
    ));
    if !m.place.is_empty() {
        out.push(format!(
            "- {}",
            s.fmt("doc.place", &[("place", &clean(&m.place))])
        ));
    }
    for line in attendance_lines(s, doc.figures) {
        out.push(format!("- {line}"));
    }
    if !doc.guests.is_empty() {
        let guests: Vec<String> = doc
            .guests
            .iter()
            .map(|g| format!("{} ({})", clean(&g.name), clean(&g.title)))
            .collect();
        out.push(format!(
            "- {}",
            s.fmt("doc.guests", &[("guests", &guests.join("; "))])
        ));
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
        let line = match name(replaced) {
            Some(absent) => s.fmt(replacing, &[("name", &who), ("absent", &absent)]),
            None => s.fmt(plain, &[("name", &who)]),
        };
        out.push(format!("- {line}"));
    }

    out.push(String::new());
    out.push(upper(s.get("doc.m_content")));
    for (n, item) in doc.items.iter().enumerate() {
        out.push(format!("{:>2}. {}", n + 1, clean(&item.title)));
    }
    out.push(String::new());
    let remark = |r: &Remark| {
        let speaker = speaker_name(doc, r);
        let text = s.fmt(
            "doc.m_remark",
            &[("name", &speaker), ("text", &typed(&r.text))],
        );
        block(&text, "   ", "     ", format)
    };
    // In Markdown the proceedings are one paragraph whose every line ends
    // in a hard break: an item's number stays as printed (a Markdown list
    // would renumber the items that were left out) and a remark's lines
    // stay lines.
    let mut lines = vec![upper(s.get("doc.m_proceedings"))];
    for (n, item) in doc.items.iter().enumerate() {
        let remarks: Vec<&Remark> = doc
            .remarks
            .iter()
            .filter(|r| r.agenda_item_id == Some(item.id))
            .collect();
        let settled = item.disposition.map(|d| {
            let reason = clean(&item.disposition_reason);
            match (d, reason.is_empty()) {
                (ItemDisposition::Skipped, true) => s.get("doc.m_skipped_none").to_string(),
                (ItemDisposition::Skipped, false) => s.fmt("doc.m_skipped", &[("reason", &reason)]),
                (ItemDisposition::Moved, true) => s.get("doc.m_moved_no_reason").to_string(),
                (ItemDisposition::Moved, false) => s.fmt("doc.m_moved", &[("reason", &reason)]),
            }
        });
        let conclusion = typed(&item.conclusion);
        if remarks.is_empty() && conclusion.is_empty() && settled.is_none() {
            continue;
        }
        let title = format!("{}. {}", n + 1, clean(&item.title));
        lines.push(match format {
            Format::Text => title,
            Format::Markdown => layout::md_escape_start(&title),
        });
        if let Some(line) = settled {
            lines.push(format!("   {line}"));
        }
        for r in remarks {
            lines.extend(remark(r));
        }
        if !conclusion.is_empty() {
            let text = s.fmt("doc.m_conclusion", &[("text", &conclusion)]);
            lines.extend(block(&text, "   ", "     ", format));
        }
    }
    lines.extend(
        doc.remarks
            .iter()
            .filter(|r| r.agenda_item_id.is_none())
            .flat_map(remark),
    );
    out.extend(paragraph(lines, format));
    out.push(String::new());
    out.push(upper(s.get("doc.m_votes")));
    for (i, v) in doc.votes.iter().enumerate() {
        let verdict = match doc.verdicts.get(i).copied().flatten() {
            Some(r) if r.passed => s.get("doc.m_passed"),
            Some(_) => s.get("doc.m_failed"),
            None => s.get("doc.m_no_verdict"),
        };
        out.push(format!(
            "- {}",
            s.fmt(
                "doc.m_vote",
                &[
                    ("subject", &clean(&v.subject)),
                    ("for", &share(v.votes_for, v.denominator)),
                    ("against", &v.votes_against),
                    ("other", &v.votes_other),
                    ("verdict", &verdict),
                ],
            )
        ));
    }
    if !doc.tasks.is_empty() {
        out.push(String::new());
        out.push(upper(s.get("doc.m_tasks")));
        for t in doc.tasks {
            let mut text = format!("- {}", typed(&t.text));
            if let Some(who) = name(t.assignee_id) {
                text.push_str(&format!(" — {}", s.fmt("doc.by", &[("name", &who)])));
            }
            if let Some(due) = t.due_on {
                text.push_str(&format!(
                    "; {}",
                    s.fmt("doc.due", &[("date", &vi::date(due))])
                ));
            }
            out.extend(paragraph(block(&text, "", "  ", format), format));
        }
    }
    if let Some(q) = &doc.quality {
        out.push(String::new());
        out.push(upper(s.get("doc.m_quality")));
        out.push(s.fmt(
            "doc.m_score",
            &[("total", &q.total), ("tier", &q.tier.name)],
        ));
    }
    out.push(String::new());
    // The approval sentence only when the approval was recorded.
    let key = match doc.approved {
        Some(true) => "doc.m_end",
        Some(false) => "doc.m_end_unapproved",
        None => "doc.m_end_unjudged",
    };
    match m.ended_at {
        Some(end) => out.push(s.fmt(key, &[("time", &vi::document_time(end.time()))])),
        None if doc.approved == Some(false) => out.push(s.get("doc.m_unapproved").to_string()),
        None => {}
    }
    let chair = name(m.chair_id).unwrap_or_default();
    let taker = name(m.minute_taker_id).unwrap_or_default();
    let signatures = format!(
        "{:<40}{}",
        s.get("doc.m_chair_sign"),
        s.get("doc.m_taker_sign")
    );
    out.push(String::new());
    out.push(signatures);
    out.push(format!("{chair:<40}{taker}"));
    for a in doc.addenda {
        out.push(String::new());
        let text = s.fmt(
            "doc.m_addendum",
            &[
                ("date", &vi::date_time(a.recorded_at)),
                ("text", &typed(&a.text)),
            ],
        );
        out.extend(paragraph(block(&text, "", "  ", format), format));
    }
    let mut text = match format {
        Format::Text => out
            .iter()
            .flat_map(|l| {
                if unicode_width::UnicodeWidthStr::width(l.as_str()) <= layout::WIDTH {
                    return vec![l.clone()];
                }
                let indent: String = l.chars().take_while(|c| *c == ' ').collect();
                let hang = format!("{indent}  ");
                layout::wrap(l.trim_start(), layout::WIDTH, &indent, &hang)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => out.join("\n"),
    };
    text.push('\n');
    text
}
