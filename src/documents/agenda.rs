//! The meeting's agenda (chương trình) for distribution before the meeting.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::layout::{self, Format, centered, upper};
use crate::domain::{AgendaItem, Cell, Guest, Meeting, MeetingKind, RowId};
use crate::i18n::Strings;
use crate::vi;

/// An open task carried into the review item.
pub struct CarriedTask {
    pub text: String,
    pub assignee: Option<String>,
    pub due: Option<NaiveDate>,
    /// The date of the meeting that set it.
    pub set_on: NaiveDate,
}

/// Everything the agenda prints, gathered by the caller.
pub struct AgendaDoc<'a> {
    pub cell: &'a Cell,
    pub meeting: &'a Meeting,
    pub items: &'a [AgendaItem],
    pub guests: &'a [Guest],
    /// Member names by id (chair, minute-taker, presenters).
    pub names: &'a HashMap<RowId, String>,
    /// The document's date.
    pub dated: NaiveDate,
    /// The minimum duration in force and the guideline that sets it.
    /// The minimum of the kind under the rule set in force, where one applies.
    pub min_minutes: Option<u32>,
    pub rules_name: Option<&'a str>,
    /// Open tasks of earlier meetings, listed under the review item.
    pub carried: &'a [CarriedTask],
}

pub(crate) fn kind_key(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Regular => "doc.kind.regular",
        MeetingKind::Thematic => "doc.kind.thematic",
        MeetingKind::Combined => "doc.kind.combined",
        MeetingKind::Extraordinary => "doc.kind.extraordinary",
        MeetingKind::Admission => "doc.kind.admission",
        MeetingKind::Recognition => "doc.kind.recognition",
        MeetingKind::YearEndReview => "doc.kind.year_end_review",
        MeetingKind::Congress => "doc.kind.congress",
    }
}

/// "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 12 NĂM 2026"
pub fn title(s: &Strings, meeting: &Meeting) -> String {
    let d = meeting.date();
    let month = s.fmt(
        "doc.month_year",
        &[("month", &d.month()), ("year", &d.year())],
    );
    upper(&format!("{} {month}", s.get(kind_key(meeting.kind))))
}

/// Text lines wrap at the page width; Markdown leaves wrapping to the reader.
fn push_wrapped(out: &mut Vec<String>, format: Format, line: &str, rest: &str) {
    match format {
        Format::Markdown => out.push(line.to_string()),
        Format::Text => {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let marker_len = line[indent.len()..].find(' ').map_or(0, |i| i + 1);
            let first = &line[..indent.len() + marker_len];
            let hang = " ".repeat(first.chars().count().max(rest.chars().count()));
            out.extend(layout::wrap(
                &line[first.len()..],
                layout::WIDTH,
                first,
                &hang,
            ));
        }
    }
}

pub fn render(s: &Strings, doc: &AgendaDoc, format: Format) -> String {
    let m = doc.meeting;
    let name = |id: Option<RowId>| -> Option<String> {
        id.and_then(|id| doc.names.get(&id))
            .map(|n| vi::strip_controls(n))
    };
    let mut out: Vec<String> = layout::header(s, doc.cell, doc.dated, format);
    out.push(String::new());
    let heading = upper(s.get("doc.agenda"));
    let title = title(s, m);
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
    if !m.title.is_empty() {
        let topic = s.fmt("doc.topic", &[("topic", &vi::strip_controls(&m.title))]);
        out.push(match format {
            Format::Text => centered(&topic),
            Format::Markdown => format!("*{topic}*"),
        });
    }
    out.push(String::new());
    let at = m.planned_at;
    let mut facts = vec![s.fmt(
        "doc.time",
        &[
            ("time", &vi::document_time(at.time())),
            ("date", &vi::document_date(at.date())),
        ],
    )];
    if !m.place.is_empty() {
        facts.push(s.fmt("doc.place", &[("place", &vi::strip_controls(&m.place))]));
    }
    if let Some(chair) = name(m.chair_id) {
        facts.push(s.fmt("doc.chair", &[("name", &chair)]));
    }
    if let Some(taker) = name(m.minute_taker_id) {
        facts.push(s.fmt("doc.minute_taker", &[("name", &taker)]));
    }
    if !doc.guests.is_empty() {
        let guests: Vec<String> = doc
            .guests
            .iter()
            .map(|g| {
                let mut text = s.fmt("doc.comrade", &[("name", &vi::strip_controls(&g.name))]);
                if !g.title.is_empty() {
                    text.push_str(", ");
                    text.push_str(&vi::strip_controls(&g.title));
                }
                text
            })
            .collect();
        facts.push(s.fmt("doc.guests", &[("guests", &guests.join("; "))]));
    }
    for fact in facts {
        out.push(format!("- {fact}"));
    }
    out.push(String::new());
    let content = upper(s.get("doc.content"));
    out.push(match format {
        Format::Text => content,
        Format::Markdown => format!("#### {content}"),
    });
    let total: i64 = doc.items.iter().map(|i| i.planned_minutes).sum();
    for (n, item) in doc.items.iter().enumerate() {
        let mut line = format!(
            "{:>2}. {} ({})",
            n + 1,
            vi::strip_controls(&item.title),
            s.fmt("doc.minutes", &[("n", &item.planned_minutes)])
        );
        if let Some(presenter) = name(item.presenter_id) {
            line.push_str(" — ");
            line.push_str(&s.fmt("doc.by", &[("name", &presenter)]));
        }
        push_wrapped(&mut out, format, &line, "    ");
        if !item.notes.is_empty() {
            let notes = format!("    {}", vi::strip_controls(&item.notes));
            push_wrapped(&mut out, format, &notes, "    ");
        }
        if item.carry_over {
            for task in doc.carried {
                let mut line = format!("    - {}", vi::strip_controls(&task.text));
                let mut facts = Vec::new();
                if let Some(who) = &task.assignee {
                    facts.push(s.fmt("doc.by", &[("name", &vi::strip_controls(who))]));
                }
                if let Some(due) = task.due {
                    facts.push(s.fmt("doc.due", &[("date", &vi::date(due))]));
                }
                facts.push(s.fmt("doc.set_on", &[("date", &vi::date(task.set_on))]));
                line.push_str(&format!(" ({})", facts.join("; ")));
                push_wrapped(&mut out, format, &line, "      ");
            }
        }
    }
    out.push(String::new());
    let total_line = match (doc.min_minutes, doc.rules_name) {
        (Some(min), Some(rules)) => s.fmt(
            "doc.total",
            &[("total", &total), ("min", &min), ("rules", &rules)],
        ),
        _ => s.fmt("doc.total_no_min", &[("total", &total)]),
    };
    match format {
        Format::Text => out.extend(layout::wrap(&total_line, layout::WIDTH, "", "")),
        Format::Markdown => out.push(total_line),
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}
