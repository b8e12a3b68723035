//! A member's record over twelve months (the last twelve, or any year
//! moved to with `[` and `]`): each meeting attended or missed with its
//! reason, the counts, the tasks given and their outcomes, the dues. The
//! figures come from the engine's member matrix, never counted here.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::text::Span;

use crate::domain::engine::history::{
    CellHistory, MatrixCell, MemberTotals, member_matrix, open_tasks,
};
use crate::domain::{RowId, TaskOutcome};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::text::safe;
use crate::vi;

/// The member's meetings, tasks and dues in a window of twelve months.
pub struct MemberRecord {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Each meeting held in the window where the member was called.
    meetings: Vec<(NaiveDate, MatrixCell)>,
    totals: MemberTotals,
    /// Tasks given to the member: text, due, outcome in words.
    tasks: Vec<(String, Option<NaiveDate>, Option<TaskOutcome>, bool)>,
    dues_paid: usize,
    dues_unpaid: Vec<(i32, u32)>,
}

impl MemberRecord {
    /// The twelve months ending on `to`.
    pub fn load(
        store: &Store,
        cell_id: RowId,
        member_id: RowId,
        to: NaiveDate,
    ) -> Result<MemberRecord> {
        let from = to
            .checked_sub_months(Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(to);
        let history = store.cell_history(cell_id, from, to)?;
        Ok(MemberRecord::of(&history, member_id, from, to))
    }

    fn of(history: &CellHistory, member_id: RowId, from: NaiveDate, to: NaiveDate) -> MemberRecord {
        let matrix = member_matrix(history);
        let (meetings, totals) = match matrix.rows.iter().find(|r| r.member_id == member_id) {
            Some(row) => (
                matrix
                    .columns
                    .iter()
                    .zip(&row.cells)
                    .filter(|(_, cell)| !matches!(cell, MatrixCell::NotExpected))
                    .map(|(c, cell)| (c.date, cell.clone()))
                    .collect(),
                row.totals,
            ),
            None => (Vec::new(), MemberTotals::default()),
        };
        let open: Vec<RowId> = open_tasks(history, to)
            .iter()
            .filter(|t| t.overdue)
            .map(|t| t.task.id)
            .collect();
        let tasks = history
            .tasks
            .iter()
            .filter(|t| t.task.assignee_id == Some(member_id))
            .map(|t| {
                (
                    t.task.text.clone(),
                    t.task.due_on,
                    t.task.outcome,
                    open.contains(&t.task.id),
                )
            })
            .collect();
        let dues: Vec<_> = history
            .dues
            .iter()
            .filter(|d| d.member_id == member_id)
            .collect();
        let mut dues_unpaid: Vec<(i32, u32)> = dues
            .iter()
            .filter(|d| !d.paid)
            .map(|d| (d.year, d.month))
            .collect();
        dues_unpaid.sort_unstable();
        MemberRecord {
            from,
            to,
            meetings,
            totals,
            tasks,
            dues_paid: dues.iter().filter(|d| d.paid).count(),
            dues_unpaid,
        }
    }

    /// The record in lines, for the member screen.
    pub fn lines(&self, ctx: &Ctx) -> Vec<(Vec<Span<'static>>, String, ratatui::style::Style)> {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let mut out = Vec::new();
        let indent = || vec![Span::raw("  ")];
        out.push((
            Vec::new(),
            s.fmt(
                "member.record_title",
                &[("from", &vi::date(self.from)), ("to", &vi::date(self.to))],
            ),
            t.header,
        ));
        let tt = &self.totals;
        out.push((
            indent(),
            s.fmt(
                "member.record_counts",
                &[
                    ("called", &tt.expected),
                    ("attended", &tt.attended()),
                    ("late", &tt.late),
                    ("left_early", &tt.left_early),
                    ("excused", &tt.excused),
                    ("unexcused", &tt.unexcused),
                    ("exempt", &tt.exempt),
                ],
            ),
            if tt.unexcused > 0 { t.warn } else { t.base },
        ));
        if self.meetings.is_empty() {
            out.push((indent(), s.get("member.record_none").to_string(), t.muted));
        }
        for (date, cell) in &self.meetings {
            let (word, style) = match cell {
                MatrixCell::Present => (s.get("history.cell_present").to_string(), t.base),
                MatrixCell::Late => (s.get("history.cell_late").to_string(), t.base),
                MatrixCell::LeftEarly => (s.get("history.cell_left_early").to_string(), t.base),
                MatrixCell::Excused(reason) => (
                    format!("{}: {}", s.get("history.cell_excused"), safe(reason)),
                    t.warn,
                ),
                MatrixCell::Unexcused => (s.get("history.cell_unexcused").to_string(), t.error),
                MatrixCell::Exempt { came: true } => {
                    (s.get("history.cell_exempt_came").to_string(), t.muted)
                }
                MatrixCell::Exempt { came: false } => {
                    (s.get("history.cell_exempt").to_string(), t.muted)
                }
                MatrixCell::Unmarked => (s.get("history.cell_unmarked").to_string(), t.warn),
                MatrixCell::NotExpected => continue,
            };
            out.push((
                vec![Span::raw(format!("  {}  ", vi::date(*date)))],
                word,
                style,
            ));
        }
        out.push((Vec::new(), String::new(), t.base));
        out.push((
            Vec::new(),
            s.get("member.record_tasks").to_string(),
            t.header,
        ));
        if self.tasks.is_empty() {
            out.push((
                indent(),
                s.get("member.none").trim_start().to_string(),
                t.muted,
            ));
        }
        for (text, due, outcome, overdue) in &self.tasks {
            let state = match outcome {
                Some(o) => s.get(&format!("outcome.{}", o.code())).to_string(),
                None => s.get("history.task_no_report").to_string(),
            };
            let due = due
                .map(|d| format!(" · {} {}", s.get("history.col_due"), vi::date(d)))
                .unwrap_or_default();
            let style = if *overdue { t.error } else { t.base };
            out.push((indent(), format!("{} — {state}{due}", safe(text)), style));
        }
        out.push((Vec::new(), String::new(), t.base));
        let unpaid: Vec<String> = self
            .dues_unpaid
            .iter()
            .map(|(y, m)| format!("{m:02}/{y}"))
            .collect();
        let dues = if unpaid.is_empty() {
            s.fmt("member.record_dues_paid", &[("n", &self.dues_paid)])
        } else {
            s.fmt(
                "member.record_dues_unpaid",
                &[("n", &self.dues_paid), ("months", &unpaid.join(", "))],
            )
        };
        out.push((
            Vec::new(),
            dues,
            if unpaid.is_empty() { t.base } else { t.warn },
        ));
        out
    }

    /// The window a year earlier or later (never past today).
    pub fn moved(to: NaiveDate, years: i32, today: NaiveDate) -> NaiveDate {
        let moved = NaiveDate::from_ymd_opt(to.year() + years, to.month(), to.day())
            .or_else(|| NaiveDate::from_ymd_opt(to.year() + years, to.month(), 28))
            .unwrap_or(to);
        moved.min(today)
    }
}
