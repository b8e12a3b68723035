//! The committee's view: every cell of the file side by side for the year —
//! regular meetings held, thematic meetings per quarter, average
//! attendance, the warnings of the rules, the last meeting. Enter opens the
//! cell's history.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Effect, Route};
use crate::assets;
use crate::domain::engine::history::{history_findings, year_summary};
use crate::domain::{Cell, RowId};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::safe;
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::table::Column;
use crate::vi;

/// One cell's year.
struct Row {
    cell: Cell,
    regular_held: u32,
    regular_due: u32,
    thematic_by_quarter: [u32; 4],
    present: u32,
    expected: u32,
    warnings: usize,
    last_meeting: Option<NaiveDate>,
    /// For a cell merged from a bundle (read-only here): when the bundle
    /// it came in was made.
    bundle_made: Option<NaiveDate>,
}

pub struct Overview {
    year: i32,
    rows: Vec<Row>,
    list: ListState,
}

impl Overview {
    pub fn load(store: &Store, ctx: &Ctx) -> Result<Overview> {
        let mut overview = Overview {
            year: ctx.clock.today().year(),
            rows: Vec::new(),
            list: ListState::default(),
        };
        overview.reload(store, ctx)?;
        Ok(overview)
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        let today = ctx.clock.today();
        let book = assets::rulebook()?;
        // The year alone: every rule the overview counts is judged within
        // a calendar year (the cell's history tab reads two).
        let from = NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or(today);
        let to = NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(today);
        let mut rows = Vec::new();
        let syncs = store.cell_syncs()?;
        // Every cell at once, reading only what the rules and these counts
        // read (`Store::rule_histories`).
        for history in store.rule_histories(from, to)? {
            let summary = year_summary(&history, book, self.year, today);
            let findings = history_findings(&history, book, today);
            let last_meeting = history
                .held()
                .map(|r| r.meeting.date())
                .filter(|d| *d <= today)
                .max();
            // Due: the months the engine judged (held or found missing);
            // the current month counts once its meeting is held.
            let regular_due = summary.regular_held + summary.months_missing.len() as u32;
            let bundle_made = syncs
                .get(&history.cell.id)
                .filter(|sync| sync.merged)
                .and_then(|sync| sync.bundle_made_at.map(|t| t.date()));
            rows.push(Row {
                bundle_made,
                regular_held: summary.regular_held,
                regular_due,
                thematic_by_quarter: summary.thematic_by_quarter,
                present: summary.present,
                expected: summary.expected,
                warnings: findings
                    .iter()
                    .filter(|f| f.date.year() == self.year)
                    .count(),
                last_meeting,
                cell: history.cell,
            });
        }
        self.rows = rows;
        self.list.clamp(self.rows.len());
        Ok(())
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!("{} {}", ctx.t("overview.title"), self.year)
    }

    pub fn handle(&mut self, action: Action) -> Vec<Effect> {
        if self.list.apply(action, self.rows.len()) {
            return Vec::new();
        }
        match action {
            Action::Open => {
                if let Some(row) = self.rows.get(self.list.selected()) {
                    return vec![Effect::Open(Route::History(row.cell.id))];
                }
            }
            Action::PrevYear => {
                self.year -= 1;
                return vec![Effect::Reload];
            }
            Action::NextYear => {
                self.year += 1;
                return vec![Effect::Reload];
            }
            Action::MergeBundle => {
                return vec![Effect::form(crate::tui::forms::RegistryForm::MergePath)];
            }
            Action::WriteBundle => {
                if let Some(row) = self.rows.get(self.list.selected()) {
                    return vec![Effect::form(crate::tui::forms::RegistryForm::BundlePath {
                        cell_id: row.cell.id,
                    })];
                }
            }
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    pub fn cell_id(&self) -> Option<RowId> {
        self.rows.get(self.list.selected()).map(|r| r.cell.id)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let texts: Vec<[String; 6]> = self
            .rows
            .iter()
            .map(|r| {
                let mut name = if r.cell.upper_unit.is_empty() {
                    safe(&r.cell.name).into_owned()
                } else {
                    format!("{} ({})", safe(&r.cell.name), safe(&r.cell.upper_unit))
                };
                // First, where a narrow terminal does not cut it off.
                if let Some(made) = r.bundle_made {
                    name.insert_str(
                        0,
                        &s.fmt("bundle.tui.merged_mark", &[("date", &vi::date(made))]),
                    );
                }
                let quarters: Vec<String> = r
                    .thematic_by_quarter
                    .iter()
                    .map(|n| n.to_string())
                    .collect();
                [
                    name,
                    format!("{}/{}", r.regular_held, r.regular_due),
                    quarters.join(" "),
                    s.percent(r.present, r.expected)
                        .unwrap_or_else(|| "—".into()),
                    r.warnings.to_string(),
                    r.last_meeting.map(vi::date).unwrap_or_default(),
                ]
            })
            .collect();
        let title = Line::from(Span::styled(
            s.fmt(
                "overview.heading",
                &[("year", &self.year), ("n", &self.rows.len())],
            ),
            t.header,
        ));
        let frame = ListFrame {
            titles: vec![title],
            filter: None,
            empty: ctx.t("overview.empty").to_string(),
            columns: vec![
                Column::fill(ctx.t("overview.col_cell"), 18),
                Column::fixed(ctx.t("overview.col_regular"), 5),
                Column::fixed(ctx.t("overview.col_thematic"), 7),
                Column::fixed(ctx.t("overview.col_attendance"), 6),
                Column::fixed(ctx.t("overview.col_warnings"), 5),
                Column::fixed(ctx.t("overview.col_last"), 10).optional(1),
            ],
            len: texts.len(),
        };
        frame.render(area, buf, ctx, &self.list, |i| {
            let row = &self.rows[i];
            let behind = row.regular_held < row.regular_due;
            texts[i]
                .iter()
                .enumerate()
                .map(|(c, text)| {
                    let style = match c {
                        1 if behind => t.warn,
                        4 if row.warnings > 0 => t.warn,
                        _ => t.base,
                    };
                    Span::styled(text.clone(), style)
                })
                .collect()
        });
    }
}
