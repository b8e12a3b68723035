//! The record of a meeting in minutes order (DOMAIN.md §4a): what the
//! secretary reads back before closing, and the draft of the biên bản.

use std::collections::HashMap;

use super::layout::{self, Format, centered, upper};
use crate::domain::rubric::Assessment;
use crate::domain::rules::RuleSet;
use crate::domain::voting::share;
use crate::domain::{AgendaItem, Cell, Figures, Guest, Meeting, Remark, RowId, Task, Vote};
use crate::i18n::Strings;
use crate::store::Addendum;
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
    pub tasks: &'a [Task],
    pub rules: Option<&'a RuleSet>,
    pub quality: Option<Assessment>,
    pub addenda: &'a [Addendum],
}

fn clean(text: &str) -> String {
    vi::strip_controls(text)
}

/// The minutes header's attendance lines, worded as DOMAIN.md §3.11 shows.
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
    if f.absent_excused.is_empty() && f.absent_unexcused.is_empty() {
        lines.push(s.get("doc.m_absent_none").to_string());
        return lines;
    }
    lines.push(s.fmt(
        "doc.m_absent",
        &[
            (
                "absent",
                &(f.absent_excused.len() + f.absent_unexcused.len()),
            ),
            ("excused", &f.absent_excused.len()),
            ("excused_names", &excused.join("; ")),
            ("unexcused", &f.absent_unexcused.len()),
            ("unexcused_names", &unexcused.join("; ")),
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
    if let Some(chair) = name(m.chair_id) {
        out.push(format!("- {}", s.fmt("doc.chair", &[("name", &chair)])));
    }
    if let Some(taker) = name(m.minute_taker_id) {
        out.push(format!(
            "- {}",
            s.fmt("doc.minute_taker", &[("name", &taker)])
        ));
    }

    out.push(String::new());
    out.push(upper(s.get("doc.m_content")));
    for (n, item) in doc.items.iter().enumerate() {
        out.push(format!("{:>2}. {}", n + 1, clean(&item.title)));
    }
    out.push(String::new());
    out.push(upper(s.get("doc.m_proceedings")));
    for (n, item) in doc.items.iter().enumerate() {
        let remarks: Vec<&Remark> = doc
            .remarks
            .iter()
            .filter(|r| r.agenda_item_id == Some(item.id))
            .collect();
        if remarks.is_empty() && item.conclusion.is_empty() {
            continue;
        }
        out.push(format!("{}. {}", n + 1, clean(&item.title)));
        for r in remarks {
            let speaker = r
                .speaker_member_id
                .and_then(|id| doc.names.get(&id))
                .or_else(|| r.speaker_guest_id.and_then(|id| doc.names.get(&-id)))
                .map(|n| clean(n))
                .unwrap_or_default();
            out.push(format!(
                "   {}",
                s.fmt(
                    "doc.m_remark",
                    &[("name", &speaker), ("text", &clean(&r.text))]
                )
            ));
        }
        if !item.conclusion.is_empty() {
            out.push(format!(
                "   {}",
                s.fmt("doc.m_conclusion", &[("text", &clean(&item.conclusion))])
            ));
        }
    }
    let loose: Vec<&Remark> = doc
        .remarks
        .iter()
        .filter(|r| r.agenda_item_id.is_none())
        .collect();
    for r in loose {
        let speaker = r
            .speaker_member_id
            .and_then(|id| doc.names.get(&id))
            .map(|n| clean(n))
            .unwrap_or_default();
        out.push(format!(
            "   {}",
            s.fmt(
                "doc.m_remark",
                &[("name", &speaker), ("text", &clean(&r.text))]
            )
        ));
    }
    out.push(String::new());
    out.push(upper(s.get("doc.m_votes")));
    for v in doc.votes {
        let verdict = doc
            .rules
            .map(|r| v.votes_for >= r.majority(v.rule).needed(v.denominator));
        let verdict = match verdict {
            Some(true) => s.get("doc.m_passed"),
            Some(false) => s.get("doc.m_failed"),
            None => "",
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
            let mut line = format!("- {}", clean(&t.text));
            if let Some(who) = name(t.assignee_id) {
                line.push_str(&format!(" — {}", s.fmt("doc.by", &[("name", &who)])));
            }
            if let Some(due) = t.due_on {
                line.push_str(&format!(
                    "; {}",
                    s.fmt("doc.due", &[("date", &vi::date(due))])
                ));
            }
            out.push(line);
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
    if let Some(end) = m.ended_at {
        out.push(s.fmt("doc.m_end", &[("time", &vi::document_time(end.time()))]));
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
        out.push(s.fmt(
            "doc.m_addendum",
            &[
                ("date", &vi::date_time(a.recorded_at)),
                ("text", &clean(&a.text)),
            ],
        ));
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
