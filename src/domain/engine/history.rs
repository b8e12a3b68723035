//! The rules over a cell's history: what a committee reviewing a cell looks
//! at (months without a regular meeting, quarters without a thematic one,
//! short meetings and low attendance over the months, each member's
//! absences and dues over a year, probation and recognition, the size of
//! the cell, the next meeting's preparation, meetings left open), and the
//! views the review screens show (the month grid, the member × meeting
//! matrix, the year's summary, the open tasks).
//!
//! Pure: the store gathers a [`CellHistory`] in a handful of queries
//! (`Store::cell_history`); everything here is computed from it, with the
//! rule set in force on each date (`Rulebook::rules_on`), never a number
//! of its own.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::checks;
use super::{Finding, MeetingRecord, RuleId};
use crate::domain::rubric::Assessment;
use crate::domain::rulebook::Rulebook;
use crate::domain::{
    Cell, DuesPayment, MarkKind, Meeting, MeetingKind, MeetingStatus, Member, PartyStatus,
    PreparationStep, RosterCategory, RowId, Task, TaskOutcome, VoteKind,
};
use crate::vi;

use super::finding::MeetingRef;

/// Everything the review of a cell reads, for a window of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellHistory {
    pub cell: Cell,
    /// The window, both days included: the meetings and dues in it.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day of the cell's first meeting on record (before the window,
    /// perhaps): chibo knows nothing of the months before it, so it does
    /// not judge them.
    pub first_meeting: Option<NaiveDate>,
    /// Every member on the cell's roll, past and present, with their dated
    /// events, in roster order (given name).
    pub members: Vec<Member>,
    /// The meetings of the window, cancelled ones included, oldest first:
    /// each with its roster and figures (frozen once closed), marks,
    /// agenda, remarks, votes, tasks, quality points and preparation.
    pub meetings: Vec<MeetingRecord>,
    /// Meetings planned after the window, oldest first, with their
    /// preparation (the next meeting may lie beyond it).
    pub upcoming: Vec<Upcoming>,
    /// Dues recorded for the cell's members in the months of the window.
    pub dues: Vec<DuesPayment>,
    /// Tasks set by the window's meetings, and those set earlier that are
    /// still open, oldest first.
    pub tasks: Vec<CellTask>,
}

/// A meeting planned after the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upcoming {
    pub meeting: Meeting,
    pub preparation: Vec<PreparationStep>,
}

/// A task with the days that place it: when it was set, when its latest
/// outcome was reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellTask {
    /// Its outcome is the latest report (`outcome`, `outcome_note`).
    pub task: Task,
    pub set_on: NaiveDate,
    pub reported_on: Option<NaiveDate>,
}

/// A calendar month.
type Month = (i32, u32);

fn month_of(day: NaiveDate) -> Month {
    (day.year(), day.month())
}

fn next_month((y, m): Month) -> Month {
    if m >= 12 { (y + 1, 1) } else { (y, m + 1) }
}

fn month_start((y, m): Month) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

fn month_end(month: Month) -> Option<NaiveDate> {
    month_start(month)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

/// The quarter (1–4) of a month.
fn quarter_of(month: u32) -> u32 {
    month.div_ceil(3)
}

fn quarter_start(year: i32, quarter: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)
}

fn quarter_end(year: i32, quarter: u32) -> Option<NaiveDate> {
    month_end((year, quarter * 3))
}

/// The day `n` working days after `day` (Monday to Friday). chibo does
/// not know public holidays: they count as working days, so a deadline
/// it gives is never later than the true one.
pub fn add_working_days(day: NaiveDate, n: u32) -> NaiveDate {
    let mut current = day;
    let mut left = n;
    while left > 0 {
        let Some(next) = current.checked_add_days(Days::new(1)) else {
            break;
        };
        current = next;
        if !matches!(current.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    current
}

/// Whether `text` names `full_name` as whole words, accents and case
/// aside: "… cho đồng chí Nguyễn Văn An" names Nguyễn Văn An, but not
/// Nguyễn Văn Anh.
pub fn names(text: &str, full_name: &str) -> bool {
    let (text, name) = (vi::fold(text), vi::fold(full_name));
    if name.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&name).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + name.len()..].chars().next())
    })
}

fn meeting_ref(record: &MeetingRecord) -> MeetingRef {
    MeetingRef {
        id: record.meeting.id,
        date: record.meeting.date(),
    }
}

/// "3, 8, 11": the months of a finding.
fn month_list(months: &[u32]) -> String {
    months
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl CellHistory {
    pub fn member(&self, id: RowId) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// The member's name (their id when they are not on the cell's roll).
    pub fn name(&self, id: RowId) -> String {
        self.member(id)
            .map(|m| m.full_name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    /// The meetings held (in progress, closed or locked), oldest first.
    pub fn held(&self) -> impl Iterator<Item = &MeetingRecord> {
        self.meetings.iter().filter(|r| r.meeting.status.is_held())
    }

    /// Whether a period is judged: it is over before `today`, lies inside
    /// the window, and does not start before the cell's first meeting's
    /// month (before it chibo holds nothing, which proves nothing).
    fn judged(&self, start: NaiveDate, end: NaiveDate, today: NaiveDate) -> bool {
        let Some(first) = self.first_meeting.and_then(|d| month_start(month_of(d))) else {
            return false;
        };
        start >= self.from && end <= self.to && end < today && start >= first
    }

    /// Whether the month's regular meeting is judged (see `judged`).
    pub fn month_judged(&self, year: i32, month: u32, today: NaiveDate) -> bool {
        match (month_start((year, month)), month_end((year, month))) {
            (Some(start), Some(end)) => self.judged(start, end, today),
            _ => false,
        }
    }

    /// Whether the quarter's thematic meeting is judged: as a month, and a
    /// rule set must be in force at its end (the once-a-quarter rule is a
    /// guideline's, not the charter's).
    pub fn quarter_judged(
        &self,
        book: &Rulebook,
        year: i32,
        quarter: u32,
        today: NaiveDate,
    ) -> bool {
        match (quarter_start(year, quarter), quarter_end(year, quarter)) {
            (Some(start), Some(end)) => {
                self.judged(start, end, today) && book.rules_on(end).is_some()
            }
            _ => false,
        }
    }

    /// A regular (or combined) meeting held in the month.
    pub fn regular_held(&self, year: i32, month: u32) -> bool {
        self.held()
            .any(|r| r.meeting.kind.is_regular() && month_of(r.meeting.date()) == (year, month))
    }

    /// A thematic (or combined) meeting held in the quarter.
    pub fn thematic_held(&self, year: i32, quarter: u32) -> bool {
        self.held().any(|r| {
            let d = r.meeting.date();
            r.meeting.kind.is_thematic() && d.year() == year && quarter_of(d.month()) == quarter
        })
    }

    /// The next meeting still planned on or after `today`, with its
    /// preparation.
    pub fn next_planned(&self, today: NaiveDate) -> Option<(&Meeting, &[PreparationStep])> {
        let in_window = self
            .meetings
            .iter()
            .map(|r| (&r.meeting, r.preparation.as_slice()));
        let after = self
            .upcoming
            .iter()
            .map(|u| (&u.meeting, u.preparation.as_slice()));
        in_window
            .chain(after)
            .filter(|(m, _)| m.status == MeetingStatus::Planned && m.date() >= today)
            .min_by_key(|(m, _)| (m.planned_at, m.id))
    }

    /// The cell's own official members on `day` (exempt, away and
    /// suspended ones included: they are still its members).
    pub fn official_members_on(&self, day: NaiveDate) -> u32 {
        self.members
            .iter()
            .filter(|m| {
                let s = m.standing_on(day);
                s.own && s.party_status == Some(PartyStatus::Official)
            })
            .count() as u32
    }

    /// The recognition votes that name the member in their subject (the
    /// only link a vote has to a member), oldest first.
    pub fn recognition_votes(&self, member: &Member) -> Vec<(MeetingRef, &crate::domain::Vote)> {
        self.held()
            .flat_map(|r| r.votes.iter().map(move |v| (meeting_ref(r), v)))
            .filter(|(_, v)| {
                v.kind == VoteKind::Recognition && names(&v.subject, &member.full_name)
            })
            .collect()
    }

    /// A member no longer on the roll today (transferred out, removed,
    /// deceased, attachment ended): nothing is asked of the cell about them.
    fn gone(&self, member: &Member, today: NaiveDate) -> bool {
        member.situation_on(today).is_former()
    }
}

/// Every finding over the cell's history, as of `today`, oldest first.
pub fn history_findings(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(missing_regular(history, book, today));
    out.extend(missing_thematic(history, book, today));
    out.extend(meeting_rules(history, book, today));
    out.extend(unexcused_by_member(history, book, today));
    out.extend(excused_in_a_row(history, book, today));
    out.extend(removal_grounds(history, book, today));
    out.extend(probation(history, book, today));
    out.extend(recognition(history, book, today));
    out.extend(too_few_officials(history, book, today));
    out.extend(preparation(history, book, today));
    out.extend(not_closed(history, book, today));
    // Stable: findings of one day keep the order of the rules above.
    out.sort_by_key(|f| f.date);
    out
}

/// The months of the window, first to last (the last one the window or
/// today reaches).
fn window_months(history: &CellHistory, today: NaiveDate) -> Vec<Month> {
    let last = month_of(history.to.min(today));
    let mut month = month_of(history.from);
    let mut out = Vec::new();
    while month <= last {
        out.push(month);
        month = next_month(month);
    }
    out
}

/// Rule 1: Each month judged with no regular (or combined) meeting held.
fn missing_regular(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    window_months(history, today)
        .into_iter()
        .filter(|&(y, m)| history.month_judged(y, m, today) && !history.regular_held(y, m))
        .filter_map(|month| {
            let start = month_start(month)?;
            Some(
                Finding::dated(
                    RuleId::NoRegularMeeting,
                    book.basis(RuleId::NoRegularMeeting),
                    start,
                )
                .with("month", start.format("%m/%Y")),
            )
        })
        .collect()
}

/// Rule 2: Each quarter judged with no thematic (or combined) meeting held.
fn missing_thematic(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for (year, month) in window_months(history, today) {
        // A quarter is looked at once, at its last month.
        if month % 3 != 0 {
            continue;
        }
        let quarter = quarter_of(month);
        if !history.quarter_judged(book, year, quarter, today)
            || history.thematic_held(year, quarter)
        {
            continue;
        }
        if let Some(start) = quarter_start(year, quarter) {
            out.push(
                Finding::dated(
                    RuleId::NoThematicMeeting,
                    book.basis(RuleId::NoThematicMeeting),
                    start,
                )
                .with("quarter", quarter)
                .with("year", year),
            );
        }
    }
    out
}

/// Rule 3: The per-meeting rules a review lists over the months: too short,
/// attendance not above the threshold or below the full-marks line, each
/// by the rule set in force on the meeting's date (the engine's own
/// functions, so the review and the meeting never disagree). Unexcused
/// absences are listed per member instead (rule 4).
fn meeting_rules(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for record in history.held().filter(|r| r.meeting.date() <= today) {
        let rules = book.rules_on(record.meeting.date());
        out.extend(checks::duration(record, rules));
        out.extend(
            checks::attendance(record, rules)
                .into_iter()
                .filter(|f| f.rule != RuleId::UnexcusedAbsence),
        );
    }
    out
}

/// The member's mark at a meeting, when they were on its roll call.
fn called_mark(record: &MeetingRecord, member_id: RowId) -> Option<Option<MarkKind>> {
    let on_roll = record
        .roster
        .entry(member_id)
        .is_some_and(|e| e.category.is_expected());
    on_roll.then(|| {
        record
            .marks
            .iter()
            .find(|m| m.member_id == member_id)
            .map(|m| m.kind)
    })
}

fn member_finding(rule: RuleId, basis: &str, date: NaiveDate, member: &Member) -> Finding {
    let mut f = Finding::dated(rule, basis, date);
    f.member_id = Some(member.id);
    f.members = vec![member.full_name.clone()];
    f
}

/// Rule 4: Each member's unexcused absences in each year, with the meetings.
fn unexcused_by_member(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for member in &history.members {
        let mut by_year: BTreeMap<i32, Vec<MeetingRef>> = BTreeMap::new();
        for record in history.held().filter(|r| r.meeting.date() <= today) {
            if called_mark(record, member.id) == Some(Some(MarkKind::AbsentUnexcused)) {
                by_year
                    .entry(record.meeting.date().year())
                    .or_default()
                    .push(meeting_ref(record));
            }
        }
        for (year, meetings) in by_year {
            let Some(last) = meetings.last().map(|m| m.date) else {
                continue;
            };
            let basis = book
                .rules_on(last)
                .map(|r| r.attendance.threshold_percent.basis.as_str())
                .unwrap_or_default();
            let mut f = member_finding(RuleId::MemberUnexcused, basis, last, member)
                .with("n", meetings.len())
                .with("year", year);
            f.meetings = meetings;
            out.push(f);
        }
    }
    out
}

/// Rule 5: A member absent with a reason at meetings in a row within a calendar
/// year, as many as the rule set allows (`max_excused_in_a_row`): a warning
/// to talk with them, never a removal ground. A meeting the member was not
/// called to (exempt, away) neither breaks nor extends the run; being in
/// the room, or an unexcused absence (listed by its own rules), breaks it.
fn excused_in_a_row(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for member in history.members.iter().filter(|m| !history.gone(m, today)) {
        let mut run: Vec<MeetingRef> = Vec::new();
        let mut runs: Vec<Vec<MeetingRef>> = Vec::new();
        for record in history.held().filter(|r| r.meeting.date() <= today) {
            let day = record.meeting.date();
            if run
                .last()
                .is_some_and(|last| last.date.year() != day.year())
            {
                runs.push(std::mem::take(&mut run));
            }
            match called_mark(record, member.id) {
                Some(Some(MarkKind::AbsentExcused)) => run.push(meeting_ref(record)),
                Some(Some(_)) => runs.push(std::mem::take(&mut run)),
                // not called, or not yet marked (a meeting in progress)
                Some(None) | None => {}
            }
        }
        runs.push(run);
        for run in runs {
            let Some(last) = run.last().map(|m| m.date) else {
                continue;
            };
            let Some(rule) = book
                .rules_on(last)
                .map(|r| &r.attendance.max_excused_in_a_row)
            else {
                continue;
            };
            if (run.len() as u64) < u64::from(rule.value) {
                continue;
            }
            let mut f = member_finding(RuleId::ExcusedInARow, &rule.basis, last, member)
                .with("n", run.len())
                .with("max", rule.value)
                .with("year", last.year());
            f.meetings = run;
            out.push(f);
        }
    }
    out
}

/// Rule 6: Removal grounds (Điều lệ Điều 8 khoản 2): in one calendar year, the
/// months with an unexcused absence from the regular meeting, and the
/// months of dues recorded unpaid, each against the rule set's number of
/// months, with a warning one month short of it. An absence with a reason
/// never counts. The dues table records no reason: an unpaid month is
/// reported, the cell judges whether the reason is valid.
fn removal_grounds(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for member in history.members.iter().filter(|m| !history.gone(m, today)) {
        // year → month → the regular meetings missed without a reason
        let mut absences: BTreeMap<i32, BTreeMap<u32, Vec<MeetingRef>>> = BTreeMap::new();
        for record in history
            .held()
            .filter(|r| r.meeting.kind.is_regular() && r.meeting.date() <= today)
        {
            if called_mark(record, member.id) == Some(Some(MarkKind::AbsentUnexcused)) {
                let day = record.meeting.date();
                absences
                    .entry(day.year())
                    .or_default()
                    .entry(day.month())
                    .or_default()
                    .push(meeting_ref(record));
            }
        }
        for (year, months) in absences {
            let list: Vec<u32> = months.keys().copied().collect();
            let meetings: Vec<MeetingRef> = months.into_values().flatten().collect();
            let Some(last) = meetings.last().map(|m| m.date) else {
                continue;
            };
            let rules = [
                RuleId::RemovalGroundAbsences,
                RuleId::AbsencesNearingRemoval,
            ];
            if let Some(mut f) = removal_finding(book, year, today, &list, rules, last, member) {
                f.meetings = meetings;
                out.push(f);
            }
        }
        let mut unpaid: BTreeMap<i32, Vec<u32>> = BTreeMap::new();
        for d in history
            .dues
            .iter()
            .filter(|d| d.member_id == member.id && !d.paid)
        {
            // A month not yet begun is not owed yet.
            if month_start((d.year, d.month)).is_some_and(|s| s <= today) {
                unpaid.entry(d.year).or_default().push(d.month);
            }
        }
        for (year, mut list) in unpaid {
            list.sort_unstable();
            list.dedup();
            let Some(last) = list.last().and_then(|&m| month_start((year, m))) else {
                continue;
            };
            let rules = [RuleId::RemovalGroundDues, RuleId::DuesNearingRemoval];
            out.extend(removal_finding(
                book, year, today, &list, rules, last, member,
            ));
        }
    }
    out
}

/// The ground (or the warning before it) for `months` of one year, by the
/// rule set in force at the year's end (or today, in the current year).
fn removal_finding(
    book: &Rulebook,
    year: i32,
    today: NaiveDate,
    months: &[u32],
    [ground, warning]: [RuleId; 2],
    date: NaiveDate,
    member: &Member,
) -> Option<Finding> {
    let judged_on = NaiveDate::from_ymd_opt(year, 12, 31)?.min(today);
    let rules = &book.rules_on(judged_on)?.membership;
    let n = months.len() as u64;
    let (rule, basis) = if n >= u64::from(rules.removal_months.value) {
        (ground, &rules.removal_months.basis)
    } else if n >= u64::from(rules.removal_warning_months.value) {
        (warning, &rules.removal_warning_months.basis)
    } else {
        return None;
    };
    Some(
        member_finding(rule, basis, date, member)
            .with("n", n)
            .with("year", year)
            .with("months", month_list(months))
            .with("limit", rules.removal_months.value),
    )
}

/// The day a member's probation ends (admission + the rule set's months,
/// the length in force today: it has been twelve months throughout).
fn probation_end(member: &Member, book: &Rulebook, today: NaiveDate) -> Option<NaiveDate> {
    let months = book.rules_on(today)?.membership.probation_months.value;
    member
        .admitted_on()?
        .checked_add_months(Months::new(months))
}

/// Rule 7: An own probationary member whose probation is over with no
/// recognition recorded.
fn probation(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let Some(rule) = book.rules_on(today).map(|r| &r.membership.probation_months) else {
        return Vec::new();
    };
    history
        .members
        .iter()
        .filter(|m| {
            let s = m.standing_on(today);
            s.own && s.party_status == Some(PartyStatus::Probationary)
        })
        .filter_map(|m| {
            let admitted = m.admitted_on()?;
            let end = probation_end(m, book, today)?;
            (end < today).then(|| {
                member_finding(RuleId::ProbationOverdue, &rule.basis, end, m)
                    .with("admitted", vi::date(admitted))
                    .with("ended", vi::date(end))
                    .with("months", rule.value)
                    .with("days", (today - end).num_days())
            })
        })
        .collect()
}

/// Rule 8: The cell's recognition vote later than the working days allowed
/// after probation. A vote is the member's when its subject names them;
/// without one, the recognition recorded on the member (its date) stands
/// for it, and with neither the vote is missing once the deadline passed.
/// Only probations that end inside the window, for members of the cell's
/// own roll then.
fn recognition(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for member in history.members.iter().filter(|m| !history.gone(m, today)) {
        let Some(end) = probation_end(member, book, today) else {
            continue;
        };
        let Some(rule) = book
            .rules_on(end)
            .map(|r| &r.membership.recognition_working_days)
        else {
            continue;
        };
        let deadline = add_working_days(end, rule.value);
        if end < history.from || end > history.to || deadline >= today {
            continue;
        }
        if !member.standing_on(end).own {
            continue;
        }
        let voted = history
            .recognition_votes(member)
            .first()
            .map(|(m, _)| m.date);
        let decided = member.official_on();
        let late = match (voted, decided) {
            (Some(day), _) => day > deadline,
            (None, Some(day)) => day > deadline,
            (None, None) => true,
        };
        if !late {
            continue;
        }
        let mut f = member_finding(RuleId::RecognitionLate, &rule.basis, deadline, member)
            .with("ended", vi::date(end))
            .with("deadline", vi::date(deadline))
            .with("days", rule.value);
        if let Some(day) = voted {
            f = f.with("voted", vi::date(day));
        } else if let Some(day) = decided {
            f = f.with("decided", vi::date(day));
        }
        out.push(f);
    }
    out
}

/// Rule 9: Fewer official members today than a cell needs.
fn too_few_officials(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let Some(rule) = book
        .rules_on(today)
        .map(|r| &r.membership.min_official_members)
    else {
        return Vec::new();
    };
    let n = history.official_members_on(today);
    if n >= rule.value {
        return Vec::new();
    }
    vec![
        Finding::dated(RuleId::TooFewOfficials, &rule.basis, today)
            .with("n", n)
            .with("min", rule.value),
    ]
}

/// Rule 10: The next planned meeting is a day away (or today) and its
/// preparation checklist is still empty.
fn preparation(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    let Some((meeting, steps)) = history.next_planned(today) else {
        return Vec::new();
    };
    let Some(rule) = book
        .rules_on(meeting.date())
        .map(|r| &r.preparation.checklist_days_before)
    else {
        return Vec::new();
    };
    let days_left = (meeting.date() - today).num_days();
    if !steps.is_empty() || days_left > i64::from(rule.value) {
        return Vec::new();
    }
    vec![
        Finding::new(
            RuleId::PreparationEmpty,
            &rule.basis,
            meeting.id,
            meeting.date(),
        )
        .with("day", vi::date(meeting.date()))
        .with("kind", meeting.kind.code()),
    ]
}

/// Rule 11: A meeting whose day has passed and that is still planned or in
/// progress: hold and close it, or postpone or cancel it.
fn not_closed(history: &CellHistory, book: &Rulebook, today: NaiveDate) -> Vec<Finding> {
    history
        .meetings
        .iter()
        .map(|r| &r.meeting)
        .filter(|m| {
            matches!(m.status, MeetingStatus::Planned | MeetingStatus::InProgress)
                && m.date() < today
        })
        .map(|m| {
            Finding::new(
                RuleId::NotClosed,
                book.basis(RuleId::NotClosed),
                m.id,
                m.date(),
            )
            .with("day", vi::date(m.date()))
            .with("kind", m.kind.code())
            .with("status", m.status.code())
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The views of the review screens.

/// One meeting in the month grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridMeeting {
    pub id: RowId,
    pub date: NaiveDate,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    /// In progress, closed or locked.
    pub held: bool,
    /// Minutes held, when both times are recorded.
    pub minutes: Option<i64>,
    /// Shorter than the minimum of its kind in force on its date.
    pub short: bool,
    /// P and E (frozen once closed): show them with `Strings::percent`.
    pub present: u32,
    pub expected: u32,
    /// Every expected member is marked.
    pub marked: bool,
    /// Attendance not above the threshold, or below the full-marks line,
    /// of the rule set in force on its date.
    pub attendance_below: bool,
}

/// One month of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    pub year: i32,
    pub month: u32,
    /// Regular and combined meetings of the month, cancelled ones left
    /// out, oldest first.
    pub regular: Vec<GridMeeting>,
    /// Thematic and combined meetings (a combined one is in both lists).
    pub thematic: Vec<GridMeeting>,
    /// The other kinds (extraordinary, admission, recognition, year-end
    /// review, congress).
    pub other: Vec<GridMeeting>,
    /// The month is judged: over, inside the window and the record.
    pub judged: bool,
    /// Judged, and no regular meeting held: what `no_regular_meeting` says.
    pub regular_missing: bool,
    /// The month closes a judged quarter with no thematic meeting held:
    /// what `no_thematic_meeting` says.
    pub thematic_missing: bool,
}

fn grid_meeting(record: &MeetingRecord, book: &Rulebook) -> GridMeeting {
    let m = &record.meeting;
    let rules = book.rules_on(m.date());
    let f = &record.figures;
    let marked = f.unmarked == 0 && f.expected > 0;
    GridMeeting {
        id: m.id,
        date: m.date(),
        kind: m.kind,
        status: m.status,
        held: m.status.is_held(),
        minutes: m.duration_minutes(),
        short: checks::too_short(m, rules).is_some(),
        present: f.present,
        expected: f.expected,
        marked,
        attendance_below: marked
            && checks::attendance(record, rules).iter().any(|x| {
                matches!(
                    x.rule,
                    RuleId::AttendanceLow | RuleId::AttendanceBelowFullMarks
                )
            }),
    }
}

/// The month grid: `months` months from the month of `from_month`, each
/// with its meetings and what is missing as of `today`.
pub fn month_grid(
    history: &CellHistory,
    book: &Rulebook,
    from_month: NaiveDate,
    months: usize,
    today: NaiveDate,
) -> Vec<MonthRow> {
    let mut out = Vec::with_capacity(months);
    let mut month = month_of(from_month);
    for _ in 0..months {
        let (year, m) = month;
        let of_month: Vec<&MeetingRecord> = history
            .meetings
            .iter()
            .filter(|r| {
                r.meeting.status != MeetingStatus::Cancelled && month_of(r.meeting.date()) == month
            })
            .collect();
        let list = |keep: &dyn Fn(MeetingKind) -> bool| -> Vec<GridMeeting> {
            of_month
                .iter()
                .filter(|r| keep(r.meeting.kind))
                .map(|r| grid_meeting(r, book))
                .collect()
        };
        let judged = history.month_judged(year, m, today);
        let quarter = quarter_of(m);
        out.push(MonthRow {
            year,
            month: m,
            regular: list(&|k| k.is_regular()),
            thematic: list(&|k| k.is_thematic()),
            other: list(&|k| !k.is_regular() && !k.is_thematic()),
            judged,
            regular_missing: judged && !history.regular_held(year, m),
            thematic_missing: m % 3 == 0
                && history.quarter_judged(book, year, quarter, today)
                && !history.thematic_held(year, quarter),
        });
        month = next_month(month);
    }
    out
}

/// How a member stood at one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixCell {
    Present,
    Late,
    LeftEarly,
    /// Absent with the reason given.
    Excused(String),
    Unexcused,
    /// miễn sinh hoạt: listed apart; `came` when they attended anyway.
    Exempt {
        came: bool,
    },
    /// On the roll call, not marked yet (a meeting in progress).
    Unmarked,
    /// Not called: not yet (or no longer) a member, away, suspended.
    NotExpected,
}

impl MatrixCell {
    /// The name of the state, as the strings key suffix of its words
    /// (`history.cell_*`): the matrix's status line and the attendance
    /// export say a state the same way.
    pub fn code(&self) -> &'static str {
        match self {
            MatrixCell::Present => "present",
            MatrixCell::Late => "late",
            MatrixCell::LeftEarly => "left_early",
            MatrixCell::Excused(_) => "excused",
            MatrixCell::Unexcused => "unexcused",
            MatrixCell::Exempt { came: true } => "exempt_came",
            MatrixCell::Exempt { came: false } => "exempt",
            MatrixCell::Unmarked => "unmarked",
            MatrixCell::NotExpected => "not_expected",
        }
    }
}

/// A member's counts over the matrix's meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemberTotals {
    /// Meetings the member was called to.
    pub expected: u32,
    /// On time and to the end.
    pub present: u32,
    pub late: u32,
    pub left_early: u32,
    pub excused: u32,
    pub unexcused: u32,
    /// Meetings at which the member was exempt.
    pub exempt: u32,
}

impl MemberTotals {
    /// The counts of a row of cells.
    pub fn of(cells: &[MatrixCell]) -> MemberTotals {
        let mut totals = MemberTotals::default();
        for cell in cells {
            match cell {
                MatrixCell::Present => totals.present += 1,
                MatrixCell::Late => totals.late += 1,
                MatrixCell::LeftEarly => totals.left_early += 1,
                MatrixCell::Excused(_) => totals.excused += 1,
                MatrixCell::Unexcused => totals.unexcused += 1,
                MatrixCell::Exempt { .. } => totals.exempt += 1,
                MatrixCell::Unmarked | MatrixCell::NotExpected => {}
            }
            if !matches!(cell, MatrixCell::Exempt { .. } | MatrixCell::NotExpected) {
                totals.expected += 1;
            }
        }
        totals
    }

    /// In the room: present, late or left early.
    pub fn attended(&self) -> u32 {
        self.present + self.late + self.left_early
    }
}

/// A column of the matrix: one meeting held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatrixColumn {
    pub id: RowId,
    pub date: NaiveDate,
    pub kind: MeetingKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub member_id: RowId,
    pub name: String,
    /// The row's place in roster order (for going back to it).
    pub position: usize,
    /// One per column.
    pub cells: Vec<MatrixCell>,
    pub totals: MemberTotals,
}

/// How the matrix's rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixOrder {
    /// Given name, as the store returns members.
    #[default]
    Roster,
    /// Most unexcused absences first (then roster order).
    Unexcused,
}

/// Members × meetings held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberMatrix {
    /// The meetings held in the window, oldest first.
    pub columns: Vec<MatrixColumn>,
    /// The members on the roster of at least one of them.
    pub rows: Vec<MatrixRow>,
}

impl MemberMatrix {
    /// The meetings of `year` only, each member's totals counted again;
    /// members called to none of them are left out.
    pub fn of_year(mut self, year: i32) -> MemberMatrix {
        let keep: Vec<bool> = self.columns.iter().map(|c| c.date.year() == year).collect();
        self.columns.retain(|c| c.date.year() == year);
        for row in &mut self.rows {
            let mut kept = keep.iter();
            row.cells.retain(|_| kept.next().copied().unwrap_or(false));
            row.totals = MemberTotals::of(&row.cells);
        }
        self.rows
            .retain(|r| r.totals.expected + r.totals.exempt > 0);
        for (position, row) in self.rows.iter_mut().enumerate() {
            row.position = position;
        }
        self
    }

    pub fn sort(&mut self, order: MatrixOrder) {
        match order {
            MatrixOrder::Roster => self.rows.sort_by_key(|r| r.position),
            MatrixOrder::Unexcused => self
                .rows
                .sort_by_key(|r| (std::cmp::Reverse(r.totals.unexcused), r.position)),
        }
    }
}

fn matrix_cell(record: &MeetingRecord, member_id: RowId) -> MatrixCell {
    let Some(entry) = record.roster.entry(member_id) else {
        return MatrixCell::NotExpected;
    };
    let mark = record.marks.iter().find(|m| m.member_id == member_id);
    match entry.category {
        RosterCategory::Exempt => MatrixCell::Exempt {
            came: mark.is_some_and(|m| m.kind.is_present()),
        },
        RosterCategory::Away | RosterCategory::Suspended => MatrixCell::NotExpected,
        RosterCategory::Expected | RosterCategory::AttachedIn => match mark {
            None => MatrixCell::Unmarked,
            Some(m) => match m.kind {
                MarkKind::Present => MatrixCell::Present,
                MarkKind::Late => MatrixCell::Late,
                MarkKind::LeftEarly => MatrixCell::LeftEarly,
                MarkKind::AbsentExcused => MatrixCell::Excused(m.reason.clone()),
                MarkKind::AbsentUnexcused => MatrixCell::Unexcused,
            },
        },
    }
}

/// The member × meeting matrix of the window's meetings held, in roster
/// order (`MemberMatrix::sort` reorders it).
pub fn member_matrix(history: &CellHistory) -> MemberMatrix {
    let held: Vec<&MeetingRecord> = history.held().collect();
    let columns = held
        .iter()
        .map(|r| MatrixColumn {
            id: r.meeting.id,
            date: r.meeting.date(),
            kind: r.meeting.kind,
        })
        .collect();
    let mut rows = Vec::new();
    for member in &history.members {
        if !held.iter().any(|r| r.roster.entry(member.id).is_some()) {
            continue;
        }
        let cells: Vec<MatrixCell> = held.iter().map(|r| matrix_cell(r, member.id)).collect();
        let totals = MemberTotals::of(&cells);
        rows.push(MatrixRow {
            member_id: member.id,
            name: member.full_name.clone(),
            position: rows.len(),
            cells,
            totals,
        });
    }
    MemberMatrix { columns, rows }
}

/// A meeting of the year with its attendance and quality score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingScore {
    pub id: RowId,
    pub date: NaiveDate,
    pub kind: MeetingKind,
    pub present: u32,
    pub expected: u32,
    /// The self-assessment as the record allows it (`engine::assess`):
    /// none when no points were given.
    pub assessment: Option<Assessment>,
}

/// A member's months of dues recorded unpaid in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpaidDues {
    pub member_id: RowId,
    pub name: String,
    pub months: Vec<u32>,
}

/// A year of the cell at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSummary {
    pub year: i32,
    /// Meetings held of every kind.
    pub meetings_held: u32,
    /// Regular (and combined) meetings held, against one a month.
    pub regular_held: u32,
    pub regular_required: u32,
    /// Thematic (and combined) meetings held, against one a quarter.
    pub thematic_held: u32,
    pub thematic_required: u32,
    /// Thematic (and combined) meetings held in each quarter.
    pub thematic_by_quarter: [u32; 4],
    /// Judged months without a regular meeting, quarters without a
    /// thematic one (as the findings say).
    pub months_missing: Vec<u32>,
    pub quarters_missing: Vec<u32>,
    /// ΣP and ΣE over the meetings held with every member marked: the
    /// year's attendance is ΣP/ΣE (`Strings::percent`).
    pub present: u32,
    pub expected: u32,
    /// Regular, thematic and combined meetings held, oldest first.
    pub scores: Vec<MeetingScore>,
    /// Members with months unpaid, in roster order.
    pub unpaid_dues: Vec<UnpaidDues>,
}

/// The year's summary, as of `today`.
pub fn year_summary(
    history: &CellHistory,
    book: &Rulebook,
    year: i32,
    today: NaiveDate,
) -> YearSummary {
    let held: Vec<&MeetingRecord> = history
        .held()
        .filter(|r| r.meeting.date().year() == year)
        .collect();
    let mut thematic_by_quarter = [0u32; 4];
    for r in held.iter().filter(|r| r.meeting.kind.is_thematic()) {
        let q = quarter_of(r.meeting.date().month()) as usize;
        if let Some(n) = thematic_by_quarter.get_mut(q.saturating_sub(1)) {
            *n += 1;
        }
    }
    let marked = held
        .iter()
        .filter(|r| r.figures.unmarked == 0 && r.figures.expected > 0);
    let scores = held
        .iter()
        .filter(|r| r.meeting.kind.is_regular() || r.meeting.kind.is_thematic())
        .map(|r| MeetingScore {
            id: r.meeting.id,
            date: r.meeting.date(),
            kind: r.meeting.kind,
            present: r.figures.present,
            expected: r.figures.expected,
            assessment: super::assess(r, book),
        })
        .collect();
    let unpaid_dues = history
        .members
        .iter()
        .filter_map(|m| {
            let mut months: Vec<u32> = history
                .dues
                .iter()
                .filter(|d| d.member_id == m.id && d.year == year && !d.paid)
                .map(|d| d.month)
                .collect();
            months.sort_unstable();
            months.dedup();
            (!months.is_empty()).then(|| UnpaidDues {
                member_id: m.id,
                name: m.full_name.clone(),
                months,
            })
        })
        .collect();
    // Counted against the rule set in force at the year's end (today, in
    // the current year); a year before any guideline is counted against
    // the oldest set (the charter's monthly meeting is older than them).
    let judged_on = NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |d| d.min(today));
    let frequency = book
        .rules_on(judged_on)
        .or_else(|| book.rule_sets.iter().min_by_key(|s| s.from()))
        .map(|r| &r.frequency);
    YearSummary {
        year,
        meetings_held: held.len() as u32,
        regular_held: held.iter().filter(|r| r.meeting.kind.is_regular()).count() as u32,
        regular_required: frequency.map_or(0, |f| f.regular_per_year.value),
        thematic_held: thematic_by_quarter.iter().sum(),
        thematic_required: frequency.map_or(0, |f| f.thematic_per_year.value),
        thematic_by_quarter,
        months_missing: (1..=12)
            .filter(|&m| history.month_judged(year, m, today) && !history.regular_held(year, m))
            .collect(),
        quarters_missing: (1..=4)
            .filter(|&q| {
                history.quarter_judged(book, year, q, today) && !history.thematic_held(year, q)
            })
            .collect(),
        present: marked.clone().map(|r| r.figures.present).sum(),
        expected: marked.map(|r| r.figures.expected).sum(),
        scores,
        unpaid_dues,
    }
}

/// A task not yet done, as the review lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTask {
    /// With its latest outcome (`outcome`, `outcome_note`) and due date.
    pub task: Task,
    pub set_on: NaiveDate,
    pub assignee: Option<String>,
    /// The day of the meeting that heard the latest outcome.
    pub reported_on: Option<NaiveDate>,
    /// Its due date has passed.
    pub overdue: bool,
}

/// The cell's tasks not marked done, oldest first.
pub fn open_tasks(history: &CellHistory, today: NaiveDate) -> Vec<OpenTask> {
    history
        .tasks
        .iter()
        .filter(|t| t.task.outcome != Some(TaskOutcome::Done))
        .map(|t| OpenTask {
            task: t.task.clone(),
            set_on: t.set_on,
            assignee: t.task.assignee_id.map(|id| history.name(id)),
            reported_on: t.reported_on,
            overdue: t.task.due_on.is_some_and(|due| due < today),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;
    use uuid::Uuid;

    use super::*;
    use crate::domain::member::tests::{day, event, member};
    use crate::domain::{AttendanceMark, Figures, Roster, StatusEventKind as K};

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        day(y, m, d).and_hms_opt(h, min, 0).unwrap()
    }

    fn official(id: RowId, name: &str) -> Member {
        member(
            id,
            name,
            vec![
                event(K::Admitted, day(2000, 1, 1), None),
                event(K::RecognizedOfficial, day(2001, 1, 1), None),
            ],
        )
    }

    /// An, Bình, Cường official; Dung official and exempt from 01/01/2026;
    /// Em admitted (probationary) on 01/03/2026. Roster order.
    fn members() -> Vec<Member> {
        let mut dung = official(4, "Phạm Thị Dung");
        dung.events.push(event(K::Exempt, day(2026, 1, 1), None));
        vec![
            official(1, "Nguyễn Văn An"),
            official(2, "Trần Thị Bình"),
            official(3, "Lê Văn Cường"),
            dung,
            member(
                5,
                "Hoàng Văn Em",
                vec![event(K::Admitted, day(2026, 3, 1), None)],
            ),
        ]
    }

    fn mark(meeting_id: RowId, member_id: RowId, kind: MarkKind, reason: &str) -> AttendanceMark {
        AttendanceMark {
            id: 0,
            uuid: Uuid::nil(),
            meeting_id,
            member_id,
            kind,
            arrived_at: None,
            left_at: None,
            reason: reason.into(),
        }
    }

    /// A meeting from `start` for `minutes` (None: not held), with marks.
    fn record(
        members: &[Member],
        id: RowId,
        kind: MeetingKind,
        status: MeetingStatus,
        start: NaiveDateTime,
        minutes: Option<i64>,
        marks: &[(RowId, MarkKind)],
    ) -> MeetingRecord {
        let mut meeting = Meeting::draft(id, 1, kind, start);
        meeting.status = status;
        if let Some(minutes) = minutes {
            meeting.started_at = Some(start);
            meeting.ended_at = Some(start + chrono::Duration::minutes(minutes));
        }
        let roster = Roster::build(members, meeting.date());
        let marks: Vec<AttendanceMark> = marks
            .iter()
            .map(|&(who, kind)| {
                let reason = if kind == MarkKind::AbsentExcused {
                    "ốm"
                } else {
                    ""
                };
                mark(id, who, kind, reason)
            })
            .collect();
        let figures = Figures::compute(&roster, &marks, None);
        MeetingRecord {
            meeting,
            roster,
            marks,
            figures,
            items: vec![],
            remarks: vec![],
            votes: vec![],
            tasks: vec![],
            quality: vec![],
            preparation: vec![],
        }
    }

    fn task(id: RowId, meeting_id: RowId, due: NaiveDate, outcome: Option<TaskOutcome>) -> Task {
        Task {
            id,
            uuid: Uuid::nil(),
            meeting_id,
            agenda_item_id: None,
            text: format!("Việc {id}"),
            assignee_id: Some(2),
            due_on: Some(due),
            outcome,
            outcome_note: String::new(),
            outcome_meeting_id: None,
        }
    }

    fn dues(member_id: RowId, year: i32, month: u32, paid: bool) -> DuesPayment {
        DuesPayment {
            id: 0,
            uuid: Uuid::nil(),
            member_id,
            year,
            month,
            paid,
            amount: None,
            paid_on: None,
        }
    }

    /// January to mid-May 2026 (today 15/05/2026):
    /// 1. regular 07/01, 100 min: An present, Bình late, Cường excused.
    ///    E = 3 (Dung exempt, Em not yet admitted), P = 2: 66,7 %.
    /// 2. thematic 18/02, 80 min (short: 90 under HD 42): everyone, and
    ///    Dung (exempt) came. E = 3, P = 3.
    /// 3. regular 04/03, cancelled.
    /// 4. combined 08/04, 130 min: An present, Bình unexcused, Cường left
    ///    early, Em present. E = 4, P = 3: 75 %.
    /// 5. regular 06/05, still planned.
    fn history() -> CellHistory {
        use MarkKind as M;
        let members = members();
        let mut first = record(
            &members,
            1,
            MeetingKind::Regular,
            MeetingStatus::Closed,
            at(2026, 1, 7, 14, 0),
            Some(100),
            &[(1, M::Present), (2, M::Late), (3, M::AbsentExcused)],
        );
        let book = crate::assets::load().unwrap();
        first.quality = book
            .rubric
            .criteria
            .iter()
            .map(|c| (c.id.clone(), c.max))
            .collect();
        let meetings = vec![
            first,
            record(
                &members,
                2,
                MeetingKind::Thematic,
                MeetingStatus::Locked,
                at(2026, 2, 18, 14, 0),
                Some(80),
                &[
                    (1, M::Present),
                    (2, M::Present),
                    (3, M::Present),
                    (4, M::Present),
                ],
            ),
            record(
                &members,
                3,
                MeetingKind::Regular,
                MeetingStatus::Cancelled,
                at(2026, 3, 4, 14, 0),
                None,
                &[],
            ),
            record(
                &members,
                4,
                MeetingKind::Combined,
                MeetingStatus::Closed,
                at(2026, 4, 8, 14, 0),
                Some(130),
                &[
                    (1, M::Present),
                    (2, M::AbsentUnexcused),
                    (3, M::LeftEarly),
                    (5, M::Present),
                ],
            ),
            record(
                &members,
                5,
                MeetingKind::Regular,
                MeetingStatus::Planned,
                at(2026, 5, 6, 14, 0),
                None,
                &[],
            ),
        ];
        CellHistory {
            cell: crate::domain::Cell {
                id: 1,
                uuid: Uuid::nil(),
                name: "Chi bộ".into(),
                upper_unit: String::new(),
                place_name: String::new(),
                usual_venue: String::new(),
                archived_at: None,
            },
            from: day(2026, 1, 1),
            to: day(2026, 5, 15),
            first_meeting: Some(day(2026, 1, 7)),
            members,
            meetings,
            upcoming: vec![],
            dues: vec![
                dues(1, 2026, 1, true),
                dues(2, 2026, 1, false),
                dues(2, 2026, 3, false),
                dues(3, 2025, 12, false),
            ],
            tasks: vec![
                CellTask {
                    task: task(1, 1, day(2026, 3, 31), None),
                    set_on: day(2026, 1, 7),
                    reported_on: None,
                },
                CellTask {
                    task: task(2, 1, day(2026, 6, 30), Some(TaskOutcome::InProgress)),
                    set_on: day(2026, 1, 7),
                    reported_on: Some(day(2026, 4, 8)),
                },
                CellTask {
                    task: task(3, 4, day(2026, 4, 30), Some(TaskOutcome::Done)),
                    set_on: day(2026, 4, 8),
                    reported_on: Some(day(2026, 4, 8)),
                },
            ],
        }
    }

    fn today() -> NaiveDate {
        day(2026, 5, 15)
    }

    #[test]
    fn a_vote_names_a_member_by_whole_words() {
        let subject = "Đề nghị công nhận đảng viên chính thức cho đồng chí Nguyễn Văn Anh";
        assert!(names(subject, "Nguyễn Văn Anh"));
        assert!(names(subject, "nguyen van anh"));
        assert!(!names(subject, "Nguyễn Văn An"));
        assert!(!names("Văn Anh, Văn Bình", "Anh Văn"));
        assert!(names("Công nhận: Lê Thị Út.", "Lê Thị Út"));
        assert!(!names(subject, ""));
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday 06/03/2026 + 1 → Monday 09/03; Saturday 07/03 + 1 → Monday.
        assert_eq!(add_working_days(day(2026, 3, 6), 1), day(2026, 3, 9));
        assert_eq!(add_working_days(day(2026, 3, 7), 1), day(2026, 3, 9));
        assert_eq!(add_working_days(day(2026, 3, 7), 0), day(2026, 3, 7));
        // Monday 02/03 + 5 → Monday 09/03
        assert_eq!(add_working_days(day(2026, 3, 2), 5), day(2026, 3, 9));
    }

    #[test]
    fn the_month_grid_shows_each_month_and_what_is_missing() {
        let h = history();
        let book = crate::assets::load().unwrap();
        let grid = month_grid(&h, book, day(2026, 1, 20), 5, today());
        let months: Vec<(i32, u32)> = grid.iter().map(|r| (r.year, r.month)).collect();
        assert_eq!(
            months,
            [(2026, 1), (2026, 2), (2026, 3), (2026, 4), (2026, 5)]
        );
        let jan = &grid[0];
        assert_eq!(jan.regular.len(), 1);
        let m = &jan.regular[0];
        assert_eq!(
            (m.id, m.minutes, m.short, m.held),
            (1, Some(100), false, true)
        );
        // 2 of 3: not above 85 %
        assert_eq!((m.present, m.expected, m.marked), (2, 3, true));
        assert!(m.attendance_below);
        assert!(jan.judged && !jan.regular_missing && !jan.thematic_missing);
        // February: only the thematic meeting, 80 minutes (short), 3 of 3.
        let feb = &grid[1];
        assert!(feb.regular.is_empty() && feb.regular_missing);
        assert_eq!(feb.thematic.len(), 1);
        assert!(feb.thematic[0].short && !feb.thematic[0].attendance_below);
        // March: the cancelled meeting is left out; Q1 had its thematic one.
        let mar = &grid[2];
        assert!(mar.regular.is_empty() && mar.regular_missing);
        assert!(!mar.thematic_missing);
        // April: the combined meeting is in both lists; 3 of 4 is below.
        let apr = &grid[3];
        assert_eq!(apr.regular.len(), 1);
        assert_eq!(apr.thematic.len(), 1);
        assert_eq!((apr.regular[0].present, apr.regular[0].expected), (3, 4));
        assert!(apr.regular[0].attendance_below && !apr.regular[0].short);
        assert!(!apr.regular_missing);
        // May is not over: the planned meeting is shown, nothing missing.
        let may = &grid[4];
        assert_eq!(may.regular.len(), 1);
        assert!(!may.regular[0].held && !may.regular[0].marked);
        assert!(!may.judged && !may.regular_missing);
        // The grid and the findings agree.
        let missing: Vec<String> = history_findings(&h, book, today())
            .into_iter()
            .filter(|f| f.rule == RuleId::NoRegularMeeting)
            .map(|f| f.values["month"].clone())
            .collect();
        assert_eq!(missing, ["02/2026", "03/2026"]);
    }

    #[test]
    fn the_member_matrix_has_a_cell_per_member_and_meeting_held() {
        use MatrixCell as C;
        let h = history();
        let mut matrix = member_matrix(&h);
        let columns: Vec<RowId> = matrix.columns.iter().map(|c| c.id).collect();
        assert_eq!(columns, [1, 2, 4]);
        let names: Vec<&str> = matrix.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Nguyễn Văn An",
                "Trần Thị Bình",
                "Lê Văn Cường",
                "Phạm Thị Dung",
                "Hoàng Văn Em"
            ]
        );
        let row = |m: &MemberMatrix, id: RowId| m.rows.iter().find(|r| r.member_id == id).cloned();
        let binh = row(&matrix, 2).unwrap();
        assert_eq!(binh.cells, [C::Late, C::Present, C::Unexcused]);
        assert_eq!(
            binh.totals,
            MemberTotals {
                expected: 3,
                present: 1,
                late: 1,
                unexcused: 1,
                ..MemberTotals::default()
            }
        );
        assert_eq!(binh.totals.attended(), 2);
        let cuong = row(&matrix, 3).unwrap();
        assert_eq!(
            cuong.cells,
            [C::Excused("ốm".into()), C::Present, C::LeftEarly]
        );
        // Dung is exempt all year and came once; never counted as expected.
        let dung = row(&matrix, 4).unwrap();
        assert_eq!(
            dung.cells,
            [
                C::Exempt { came: false },
                C::Exempt { came: true },
                C::Exempt { came: false }
            ]
        );
        assert_eq!((dung.totals.exempt, dung.totals.expected), (3, 0));
        // Em was admitted on 01/03: not expected before.
        let em = row(&matrix, 5).unwrap();
        assert_eq!(em.cells, [C::NotExpected, C::NotExpected, C::Present]);
        assert_eq!((em.totals.present, em.totals.expected), (1, 1));
        // Most unexcused first, then roster order; and back.
        matrix.sort(MatrixOrder::Unexcused);
        assert_eq!(matrix.rows[0].member_id, 2);
        assert_eq!(matrix.rows[1].member_id, 1);
        matrix.sort(MatrixOrder::Roster);
        assert_eq!(matrix.rows[1].member_id, 2);
    }

    #[test]
    fn the_year_summary_counts_meetings_attendance_scores_and_dues() {
        let h = history();
        let book = crate::assets::load().unwrap();
        let y = year_summary(&h, book, 2026, today());
        assert_eq!(y.meetings_held, 3);
        // regular: 07/01 and the combined 08/04; thematic: 18/02 and 08/04
        assert_eq!((y.regular_held, y.regular_required), (2, 12));
        assert_eq!((y.thematic_held, y.thematic_required), (2, 4));
        assert_eq!(y.thematic_by_quarter, [1, 1, 0, 0]);
        // February and March judged without a regular meeting; Q2 not over.
        assert_eq!(y.months_missing, [2, 3]);
        assert!(y.quarters_missing.is_empty());
        // ΣP/ΣE = (2 + 3 + 3)/(3 + 3 + 4) = 8/10
        assert_eq!((y.present, y.expected), (8, 10));
        assert_eq!(y.scores.len(), 3);
        // 07/01 gave itself 100, but the record fails attendance (66,7 %),
        // participation (no remark) and the minutes (no approval vote):
        // 100 − 5 − 5 − 5 = 85, "Khá".
        let first = y.scores[0].assessment.as_ref().unwrap();
        assert_eq!((first.total, first.tier.name.as_str()), (85, "Khá"));
        assert_eq!(first.failed, ["attendance", "participation", "closing"]);
        assert!(y.scores[1].assessment.is_none());
        // Bình: January and March unpaid; Cường's December 2025 is another year.
        assert_eq!(
            y.unpaid_dues,
            [UnpaidDues {
                member_id: 2,
                name: "Trần Thị Bình".into(),
                months: vec![1, 3],
            }]
        );
    }

    #[test]
    fn open_tasks_with_their_assignee_and_whether_they_are_overdue() {
        let h = history();
        let open = open_tasks(&h, today());
        let ids: Vec<RowId> = open.iter().map(|t| t.task.id).collect();
        // the done one is left out
        assert_eq!(ids, [1, 2]);
        assert_eq!(open[0].assignee.as_deref(), Some("Trần Thị Bình"));
        // due 31/03, nothing reported: overdue on 15/05
        assert!(open[0].overdue && open[0].reported_on.is_none());
        // due 30/06, in progress as reported on 08/04
        assert!(!open[1].overdue);
        assert_eq!(open[1].reported_on, Some(day(2026, 4, 8)));
        assert_eq!(open[1].task.outcome, Some(TaskOutcome::InProgress));
    }

    #[test]
    fn nothing_is_judged_before_the_first_meeting_on_record() {
        let mut h = history();
        h.from = day(2025, 1, 1);
        let book = crate::assets::load().unwrap();
        let found = history_findings(&h, book, today());
        assert!(
            !found
                .iter()
                .any(|f| f.rule == RuleId::NoRegularMeeting && f.date.year() == 2025)
        );
        h.first_meeting = None;
        let found = history_findings(&h, book, today());
        assert!(!found.iter().any(|f| f.rule == RuleId::NoRegularMeeting));
    }
}
