//! The rules, one function each, and the verdicts built on them.

use chrono::{Datelike, Duration, NaiveDateTime};

use super::{Finding, MeetingRecord, RuleId};
use crate::domain::agenda::StepKind;
use crate::domain::rubric::{Assessment, CriterionCheck};
use crate::domain::rulebook::Rulebook;
use crate::domain::rules::RuleSet;
use crate::domain::voting::{self, VoteResult, VotingFigures};
use crate::domain::{
    ItemDisposition, Meeting, MeetingStatus, PrepStep, RowId, Vote, VoteKind, VoteRule,
};

/// Whether a vote passed: its "for" count against the majority of its rule
/// in the rule set in force, with the D stored when it was taken. None when
/// no rule set is known for the meeting's date.
pub fn verdict(vote: &Vote, rules: Option<&RuleSet>) -> Option<VoteResult> {
    let majority = rules?.majority(vote.rule);
    let figures = VotingFigures {
        denominator: vote.denominator,
        eligible_present: vote.eligible_present,
    };
    voting::decide(
        majority,
        figures,
        vote.votes_for,
        vote.votes_against,
        vote.votes_other,
    )
    .ok()
}

/// Whether the minutes were approved: a vote on them (kind `minutes`, the
/// vote of the step the template marks as the minutes' approval) passed.
/// None when such a vote was recorded but no rule set can judge it (a
/// meeting before HD 12): the minutes then claim nothing either way.
pub fn minutes_approved(record: &MeetingRecord, rules: Option<&RuleSet>) -> Option<bool> {
    let mut votes = record.votes.iter().filter(|v| v.kind == VoteKind::Minutes);
    match votes.clone().next() {
        None => Some(false),
        Some(_) if rules.is_none() => None,
        Some(_) => Some(votes.any(|v| verdict(v, rules).is_some_and(|r| r.passed))),
    }
}

/// An officer (chair or minute-taker) named for the meeting who is marked
/// absent or left early: not one merely not yet marked.
pub fn officer_absent(record: &MeetingRecord, officer: Option<RowId>) -> bool {
    officer.is_some_and(|id| record.marked_away(id))
}

/// The officer replaced at the meeting, while the record still says they
/// were away (a mark corrected to present takes the replacement back out of
/// the minutes).
pub fn replaced_officer(record: &MeetingRecord, replaced: Option<RowId>) -> Option<RowId> {
    replaced.filter(|id| record.marked_away(*id))
}

fn finding(record: &MeetingRecord, rule: RuleId, basis: &str) -> Finding {
    Finding::new(rule, basis, record.meeting.id, record.meeting.date())
}

/// What stops a meeting from closing. Needs no rule set: these are the
/// conditions of a complete record.
pub fn close_blockers(record: &MeetingRecord, book: &Rulebook) -> Vec<Finding> {
    let m = &record.meeting;
    let basis = |rule| book.basis(rule).to_string();
    let mut out = Vec::new();
    let unmarked: Vec<String> = record
        .roster
        .expected()
        .filter(|e| !record.marks.iter().any(|mk| mk.member_id == e.member_id))
        .map(|e| e.full_name.clone())
        .collect();
    if !unmarked.is_empty() {
        let mut f =
            finding(record, RuleId::Unmarked, &basis(RuleId::Unmarked)).with("n", unmarked.len());
        f.members = unmarked;
        out.push(f);
    }
    if m.started_at.is_none() {
        out.push(finding(record, RuleId::NoStart, &basis(RuleId::NoStart)));
    }
    if m.ended_at.is_none() {
        out.push(finding(record, RuleId::NoEnd, &basis(RuleId::NoEnd)));
    }
    for (officer, missing, absent) in [
        (m.chair_id, RuleId::NoChair, RuleId::ChairAbsent),
        (
            m.minute_taker_id,
            RuleId::NoMinuteTaker,
            RuleId::MinuteTakerAbsent,
        ),
    ] {
        match officer {
            None => out.push(finding(record, missing, &basis(missing))),
            // An officer not yet marked is counted under "unmarked"; one
            // marked absent (or not on the roll at all) is absent.
            Some(id) if !record.present_at_close(id) && !record.awaiting_mark(id) => {
                let mut f = finding(record, absent, &basis(absent));
                f.members = vec![record.name(id)];
                out.push(f);
            }
            Some(_) => {}
        }
    }
    let not_held: Vec<String> = record
        .items
        .iter()
        .filter(|i| !i.is_settled() && i.kind != StepKind::Closing)
        .map(|i| i.title.clone())
        .collect();
    if !not_held.is_empty() {
        let mut f = finding(record, RuleId::ItemsNotHeld, &basis(RuleId::ItemsNotHeld))
            .with("n", not_held.len());
        f.items = not_held;
        out.push(f);
    }
    out
}

/// The checks of the record that decide rubric criteria whatever points are
/// given.
pub fn failed_checks(record: &MeetingRecord, rules: Option<&RuleSet>) -> Vec<CriterionCheck> {
    let mut failed = Vec::new();
    let f = &record.figures;
    // Below 85 % (HD 12), or under HD 42 below the 90 % of full marks.
    let threshold_missed = rules.is_some_and(|r| {
        let full_marks_missed = r
            .attendance
            .full_marks_percent
            .as_ref()
            .is_some_and(|full| {
                u64::from(f.present) * 100 < u64::from(full.value) * u64::from(f.expected)
            });
        f.expected > 0
            && (!f.attendance_above(r.attendance.threshold_percent.value) || full_marks_missed)
    });
    if f.unmarked == 0 && (!f.absent_unexcused.is_empty() || threshold_missed) {
        failed.push(CriterionCheck::Attendance);
    }
    if too_short(&record.meeting, rules).is_some() {
        failed.push(CriterionCheck::Duration);
    }
    if !record.remarks.iter().any(|r| r.speaker_member_id.is_some()) {
        failed.push(CriterionCheck::Participation);
    }
    if minutes_approved(record, rules) == Some(false) {
        failed.push(CriterionCheck::Minutes);
    }
    failed
}

/// The quality self-assessment as the record allows it: a criterion the
/// record fails scores 0, so an unexcused absence can never be "Tốt".
pub fn assess(record: &MeetingRecord, book: &Rulebook) -> Option<Assessment> {
    if record.quality.is_empty() {
        return None;
    }
    let rules = book.rules_on(record.meeting.date());
    book.rubric
        .assess_with(&record.quality, &failed_checks(record, rules))
}

/// (minutes held, minimum, basis) when the meeting ran shorter than the
/// minimum of its kind under the rule set in force.
pub fn too_short(meeting: &Meeting, rules: Option<&RuleSet>) -> Option<(i64, u32, String)> {
    let rule = rules?.min_minutes(meeting.kind)?;
    let held = meeting.duration_minutes()?;
    (held < i64::from(rule.value)).then(|| (held, rule.value, rule.basis.clone()))
}

/// Every finding about one meeting. `others` are the cell's other meetings
/// (for the rules that compare months); `now` decides what is late.
pub fn meeting_findings(
    record: &MeetingRecord,
    book: &Rulebook,
    others: &[Meeting],
    now: NaiveDateTime,
) -> Vec<Finding> {
    let m = &record.meeting;
    let rules = book.rules_on(m.date());
    let mut out = Vec::new();
    if rules.is_none() {
        out.push(finding(
            record,
            RuleId::NoRuleSet,
            book.basis(RuleId::NoRuleSet),
        ));
    }
    if m.status == MeetingStatus::Cancelled {
        return out;
    }
    out.extend(second_regular(record, book, others));
    out.extend(materials(record, rules, now));
    if m.status == MeetingStatus::Planned {
        out.extend(agenda_too_short(record, rules));
        return out;
    }
    // Once closed, what would have blocked closing is an inconsistency of
    // the record (left by data from before these checks), to be put right
    // by an addendum: a warning, no longer something to do before closing.
    let closed = matches!(m.status, MeetingStatus::Closed | MeetingStatus::Locked);
    out.extend(close_blockers(record, book).into_iter().map(|f| {
        if closed {
            Finding {
                severity: super::Severity::Warning,
                ..f
            }
            .with("recorded", "1")
        } else {
            f
        }
    }));
    if m.place.trim().is_empty() {
        out.push(finding(
            record,
            RuleId::NoPlace,
            book.basis(RuleId::NoPlace),
        ));
    }
    out.extend(attendance(record, rules));
    out.extend(duration(record, rules));
    out.extend(votes(record, rules));
    out.extend(conclusions(record, book));
    let ended = m.ended_at.is_some() || m.status != MeetingStatus::InProgress;
    if ended && minutes_approved(record, rules) == Some(false) {
        out.push(finding(
            record,
            RuleId::MinutesNotApproved,
            book.basis(RuleId::MinutesNotApproved),
        ));
    }
    out.extend(quality(record, book, rules, ended));
    out
}

/// The meeting ran shorter than the minimum of its kind (also listed over
/// a cell's history).
pub(super) fn duration(record: &MeetingRecord, rules: Option<&RuleSet>) -> Option<Finding> {
    let (held, min, basis) = too_short(&record.meeting, rules)?;
    Some(
        finding(record, RuleId::TooShort, &basis)
            .with("minutes", held)
            .with("min", min),
    )
}

/// The attendance lines of the rule set in force, and the unexcused
/// absences (also listed over a cell's history).
pub(super) fn attendance(record: &MeetingRecord, rules: Option<&RuleSet>) -> Vec<Finding> {
    let f = &record.figures;
    let mut out = Vec::new();
    // Until everyone is marked the figure is still moving.
    if f.unmarked > 0 || f.expected == 0 {
        return out;
    }
    let pct = f.percent_present().unwrap_or_default();
    if let Some(r) = rules {
        let low = &r.attendance.threshold_percent;
        if !f.attendance_above(low.value) {
            out.push(
                finding(record, RuleId::AttendanceLow, &low.basis)
                    .with("pct", &pct)
                    .with("threshold", low.value),
            );
        }
        if let Some(full) = &r.attendance.full_marks_percent
            && u64::from(f.present) * 100 < u64::from(full.value) * u64::from(f.expected)
        {
            out.push(
                finding(record, RuleId::AttendanceBelowFullMarks, &full.basis)
                    .with("pct", &pct)
                    .with("threshold", full.value),
            );
        }
    }
    if !f.absent_unexcused.is_empty() {
        let basis = rules
            .map(|r| r.attendance.threshold_percent.basis.clone())
            .unwrap_or_default();
        let mut x =
            finding(record, RuleId::UnexcusedAbsence, &basis).with("n", f.absent_unexcused.len());
        x.members = f.absent_unexcused.clone();
        out.push(x);
    }
    out
}

fn votes(record: &MeetingRecord, rules: Option<&RuleSet>) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(r) = rules else {
        return out;
    };
    // Now, in the room: can anything pass with those present?
    if record.meeting.status == MeetingStatus::InProgress && record.figures.unmarked == 0 {
        let now = record.figures.voting();
        let needed = now.needed(r.majority(VoteRule::SimpleMajority));
        if now.cannot_pass(r.majority(VoteRule::SimpleMajority)) {
            out.push(
                finding(record, RuleId::VoteCannotPass, &r.majority.simple.basis)
                    .with("needed", needed)
                    .with("v", now.eligible_present),
            );
        }
    }
    for v in &record.votes {
        let majority = r.majority(v.rule);
        let figures = VotingFigures {
            denominator: v.denominator,
            eligible_present: v.eligible_present,
        };
        let basis = r.vote_basis(v.kind).to_string();
        if figures.cannot_pass(majority) {
            let mut f = finding(record, RuleId::VoteCannotPass, &basis)
                .with("needed", figures.needed(majority))
                .with("v", v.eligible_present);
            f.votes = vec![v.subject.clone()];
            out.push(f);
        } else if verdict(v, rules).is_some_and(|x| !x.passed) {
            let mut f = finding(record, RuleId::VoteFailed, &basis)
                .with("needed", figures.needed(majority))
                .with("for", v.votes_for);
            f.votes = vec![v.subject.clone()];
            out.push(f);
        }
    }
    let missing: Vec<String> = record
        .items
        .iter()
        .filter(|i| i.started_at.is_some() && i.disposition.is_none())
        .filter(|i| i.vote_kind.is_some_and(|k| k != VoteKind::Minutes))
        .filter(|i| !record.votes.iter().any(|v| v.agenda_item_id == Some(i.id)))
        .map(|i| i.title.clone())
        .collect();
    if !missing.is_empty() {
        let mut f = finding(record, RuleId::VoteMissing, &r.majority.simple.basis);
        f.items = missing;
        out.push(f);
    }
    out
}

fn conclusions(record: &MeetingRecord, book: &Rulebook) -> Vec<Finding> {
    let steps: Vec<_> = record
        .items
        .iter()
        .filter(|i| i.kind == StepKind::Conclusion && i.disposition.is_none())
        .collect();
    let missing: Vec<String> = if steps.is_empty() {
        if record.items.iter().any(|i| !i.conclusion.trim().is_empty()) {
            Vec::new()
        } else {
            vec![String::new()]
        }
    } else {
        steps
            .iter()
            .filter(|i| i.conclusion.trim().is_empty())
            .map(|i| i.title.clone())
            .collect()
    };
    if missing.is_empty() || record.items.is_empty() {
        return Vec::new();
    }
    let mut f = finding(
        record,
        RuleId::NoConclusion,
        book.basis(RuleId::NoConclusion),
    );
    f.items = missing.into_iter().filter(|t| !t.is_empty()).collect();
    vec![f]
}

fn quality(
    record: &MeetingRecord,
    book: &Rulebook,
    rules: Option<&RuleSet>,
    ended: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let scored_kind = record.meeting.kind.is_regular() || record.meeting.kind.is_thematic();
    if record.quality.is_empty() {
        if ended && scored_kind {
            out.push(finding(
                record,
                RuleId::NoQualityScore,
                book.basis(RuleId::NoQualityScore),
            ));
        }
        return out;
    }
    let failed = failed_checks(record, rules);
    for c in &book.rubric.criteria {
        if c.check.is_some_and(|k| failed.contains(&k)) {
            out.push(
                finding(record, RuleId::CriterionFailed, &book.rubric.basis)
                    .with("criterion", &c.name)
                    .with("check", c.check.map(|k| k.code()).unwrap_or_default()),
            );
        }
    }
    out
}

/// Another regular (or combined) meeting of the cell in the same month,
/// not cancelled: a cell meets for its regular meeting once a month.
pub fn same_month_regular<'a>(meeting: &Meeting, others: &'a [Meeting]) -> Option<&'a Meeting> {
    if !meeting.kind.is_regular() {
        return None;
    }
    let day = meeting.date();
    others.iter().find(|o| {
        o.id != meeting.id
            && o.cell_id == meeting.cell_id
            && o.kind.is_regular()
            && o.status != MeetingStatus::Cancelled
            && o.date().year() == day.year()
            && o.date().month() == day.month()
    })
}

fn second_regular(record: &MeetingRecord, book: &Rulebook, others: &[Meeting]) -> Option<Finding> {
    let other = same_month_regular(&record.meeting, others)?;
    Some(
        finding(
            record,
            RuleId::SecondRegularInMonth,
            book.basis(RuleId::SecondRegularInMonth),
        )
        .with("other", crate::vi::date(other.date())),
    )
}

fn materials(
    record: &MeetingRecord,
    rules: Option<&RuleSet>,
    now: NaiveDateTime,
) -> Option<Finding> {
    let m = &record.meeting;
    if !(m.kind.is_regular() || m.kind.is_thematic()) {
        return None;
    }
    let rule = &rules?.preparation.materials_days_before;
    let deadline = m.planned_at.date() - Duration::days(i64::from(rule.value));
    let sent = record
        .preparation
        .iter()
        .find(|p| p.step == PrepStep::MaterialsSent)
        .map(|p| p.done_on);
    let late = match sent {
        Some(day) => day > deadline,
        None => now.date() > deadline,
    };
    late.then(|| {
        let f = finding(record, RuleId::MaterialsLate, &rule.basis)
            .with("deadline", crate::vi::date(deadline));
        match sent {
            Some(day) => f.with("sent", crate::vi::date(day)),
            None => f,
        }
    })
}

/// The minutes an agenda plans: items skipped are not held.
pub fn planned_minutes(items: &[crate::domain::AgendaItem]) -> i64 {
    items
        .iter()
        .filter(|i| i.disposition != Some(ItemDisposition::Skipped))
        .map(|i| i.planned_minutes.clamp(0, 600))
        .sum()
}

/// (planned, minimum) when an agenda plans less than the minimum of its
/// meeting's kind under the rule set in force.
pub fn agenda_short(
    items: &[crate::domain::AgendaItem],
    kind: crate::domain::MeetingKind,
    rules: Option<&RuleSet>,
) -> Option<(i64, u32)> {
    let rule = rules?.min_minutes(kind)?;
    let planned = planned_minutes(items);
    (planned < i64::from(rule.value)).then_some((planned, rule.value))
}

fn agenda_too_short(record: &MeetingRecord, rules: Option<&RuleSet>) -> Option<Finding> {
    let (planned, min) = agenda_short(&record.items, record.meeting.kind, rules)?;
    let basis = rules?.min_minutes(record.meeting.kind)?.basis.clone();
    Some(
        finding(record, RuleId::AgendaTooShort, &basis)
            .with("minutes", planned)
            .with("min", min),
    )
}
