//! The engine's findings as chibo prints them: one text layout for people,
//! one JSON shape for every report (`chibo findings`, and the reports that
//! reuse it).

use serde_json::{Value, json};

use crate::domain::engine::Finding;
use crate::domain::{Cell, Meeting};
use crate::i18n::Strings;
use crate::vi;

/// One finding as a JSON object: rule, severity, basis, message (in the UI
/// language), meeting_id (null for a finding about a month, a member or
/// the cell), date (ISO), member_id, members, meetings (id and ISO date),
/// items, votes.
pub fn json(s: &Strings, f: &Finding) -> Value {
    let iso = crate::vi::iso_date;
    json!({
        "rule": f.rule.code(),
        "severity": f.severity.code(),
        "basis": f.basis,
        "message": s.finding(f),
        "meeting_id": f.meeting_id,
        "date": iso(f.date),
        "member_id": f.member_id,
        "members": f.members,
        "meetings": f
            .meetings
            .iter()
            .map(|m| json!({ "id": m.id, "date": iso(m.date) }))
            .collect::<Vec<_>>(),
        "items": f.items,
        "votes": f.votes,
    })
}

/// The findings of one meeting as text: the meeting, then each finding
/// with its severity and basis, blocking ones first.
pub fn text(s: &Strings, meeting: &Meeting, findings: &[Finding]) -> String {
    let mut out = vec![format!(
        "{} — {} ({})",
        s.get(&format!("kind.{}", meeting.kind.code())),
        vi::date(meeting.date()),
        s.get(&format!("meeting_status.{}", meeting.status.code())),
    )];
    if findings.is_empty() {
        out.push(s.get("finding.label.none").to_string());
    }
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for f in sorted {
        out.push(format!(
            "[{}] {}",
            s.get(&format!("finding.severity.{}", f.severity.code())),
            s.finding(f)
        ));
        if !f.basis.is_empty() {
            out.push(format!(
                "    {}: {}",
                s.get("finding.label.basis"),
                vi::strip_controls(&f.basis)
            ));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The findings over a cell's history as text: the cell and the window,
/// then each finding dated, with its severity and basis, oldest first.
pub fn history_text(
    s: &Strings,
    cell: &Cell,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    findings: &[Finding],
) -> String {
    let mut out = vec![s.fmt(
        "finding.label.review",
        &[
            ("cell", &vi::strip_controls(&cell.name)),
            ("from", &vi::date(from)),
            ("to", &vi::date(to)),
        ],
    )];
    if findings.is_empty() {
        out.push(s.get("finding.label.none").to_string());
    }
    for f in findings {
        out.push(format!(
            "{} [{}] {}",
            vi::date(f.date),
            s.get(&format!("finding.severity.{}", f.severity.code())),
            s.finding(f)
        ));
        if !f.basis.is_empty() {
            out.push(format!(
                "    {}: {}",
                s.get("finding.label.basis"),
                vi::strip_controls(&f.basis)
            ));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}
