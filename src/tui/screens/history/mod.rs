//! A cell's history, the third tab of a cell: what the cell did in a year,
//! in views chosen by number — months × meeting kinds, attendance as a
//! chart, members × meetings, the year's quality, the task register, the
//! warnings the rules find — and `/` to search everything it recorded. No
//! view decides a rule: the figures and findings come from the engine
//! (`domain::engine::history`).

mod attendance;
mod matrix;
mod months;
mod quality;
mod search;
mod tasks;
mod warnings;

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Effect, Route};
use crate::assets;
use crate::domain::engine::Finding;
use crate::domain::engine::history::{self, CellHistory};
use crate::domain::{Cell, RowId};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::{fit_line, safe};

/// The views of the history, in the order of their keys (1–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Months,
    Attendance,
    Members,
    Quality,
    Tasks,
    Warnings,
    Search,
}

impl View {
    const NUMBERED: [(View, Action); 6] = [
        (View::Months, Action::ViewMonths),
        (View::Attendance, Action::ViewAttendance),
        (View::Members, Action::ViewMembers),
        (View::Quality, Action::ViewQuality),
        (View::Tasks, Action::ViewTasks),
        (View::Warnings, Action::ViewWarnings),
    ];
}

/// What every view reads: the cell's history for the year and the year
/// before, and what the engine says of it.
pub struct Data {
    pub cell: Cell,
    pub year: i32,
    pub today: NaiveDate,
    pub history: CellHistory,
    pub findings: Vec<Finding>,
}

pub struct HistoryScreen {
    data: Data,
    view: View,
    months: months::MonthsView,
    attendance: attendance::AttendanceView,
    matrix: matrix::MatrixView,
    quality: quality::QualityView,
    tasks: tasks::TasksView,
    warnings: warnings::WarningsView,
    search: search::SearchView,
}

impl HistoryScreen {
    pub fn load(store: &Store, ctx: &Ctx, cell_id: RowId) -> Result<HistoryScreen> {
        let today = ctx.clock.today();
        let data = Data::load(store, cell_id, today.year(), today)?;
        let mut screen = HistoryScreen {
            months: months::MonthsView::default(),
            attendance: attendance::AttendanceView::default(),
            matrix: matrix::MatrixView::default(),
            quality: quality::QualityView::default(),
            tasks: tasks::TasksView::default(),
            warnings: warnings::WarningsView::default(),
            search: search::SearchView::default(),
            view: View::Months,
            data,
        };
        screen.rebuild();
        Ok(screen)
    }

    pub fn reload(&mut self, store: &Store, _ctx: &Ctx) -> Result<()> {
        self.data = Data::load(store, self.data.cell.id, self.data.year, self.data.today)?;
        self.rebuild();
        self.search.refresh(store, self.data.cell.id)?;
        Ok(())
    }

    fn rebuild(&mut self) {
        self.months.rebuild(&self.data);
        self.matrix.rebuild(&self.data);
        self.quality.rebuild(&self.data);
        self.tasks.rebuild(&self.data);
        self.warnings.rebuild(&self.data);
    }

    pub fn cell_id(&self) -> RowId {
        self.data.cell.id
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!(
            "{} › {} {}",
            safe(&self.data.cell.name),
            ctx.t("history.title"),
            self.data.year
        )
    }

    pub fn is_typing(&self) -> bool {
        self.view == View::Search && self.search.is_typing()
    }

    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if self.search.typed(key) {
            vec![Effect::Search]
        } else {
            Vec::new()
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.search.paste(text);
    }

    /// The year changes: read again (the app runs `Effect::Reload`).
    fn move_year(&mut self, by: i32) -> Vec<Effect> {
        let year = self.data.year + by;
        // Nothing to see after the current year.
        if year > self.data.today.year() {
            return Vec::new();
        }
        self.data.year = year;
        vec![Effect::Reload]
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        if let Some((view, _)) = View::NUMBERED.iter().find(|(_, a)| *a == action) {
            self.view = *view;
            return Vec::new();
        }
        match action {
            Action::NextTab => return vec![Effect::SwitchTab(Route::Members(self.data.cell.id))],
            Action::PrevYear => return self.move_year(-1),
            Action::NextYear => return self.move_year(1),
            Action::Search => {
                self.view = View::Search;
                self.search.start();
                return Vec::new();
            }
            Action::Back if self.view == View::Search => {
                self.view = View::Months;
                return Vec::new();
            }
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        let opened = match self.view {
            View::Months => self.months.handle(action, &self.data),
            View::Attendance => self.attendance.handle(action, &self.data),
            View::Members => self.matrix.handle(action, &self.data),
            View::Quality => self.quality.handle(action, &self.data),
            View::Tasks => self.tasks.handle(action, &self.data),
            View::Warnings => self.warnings.handle(action, &self.data),
            View::Search => self.search.handle(action),
        };
        let _ = ctx;
        match opened {
            Some((meeting, item)) => vec![Effect::Open(Route::Meeting { meeting, item })],
            None => Vec::new(),
        }
    }

    /// The search's results follow the query as it is typed.
    pub fn after_typing(&mut self, store: &Store) -> Result<()> {
        self.search.refresh(store, self.data.cell.id)
    }

    /// The view line: each view's key and name, the current one marked,
    /// and the year.
    fn views_line(&self, ctx: &Ctx, width: u16) -> Line<'static> {
        let t = &ctx.theme;
        let mut spans = Vec::new();
        for (view, action) in View::NUMBERED {
            let key = ctx.keymap.keys_of(&["history"], action);
            let label = ctx.strings.get(&action.label_key()).to_string();
            if view == self.view {
                spans.push(Span::styled(format!("[{key} {label}]"), t.selected));
            } else {
                spans.push(Span::styled(format!(" {key} {label} "), t.muted));
            }
        }
        spans.push(Span::styled(format!("  ‹ {} ›", self.data.year), t.title));
        fit_line(Line::from(spans), usize::from(width))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        if area.height < 4 {
            return;
        }
        Paragraph::new(self.views_line(ctx, area.width))
            .render(Rect::new(area.x, area.y, area.width, 1), buf);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        match self.view {
            View::Months => self.months.render(body, buf, ctx, &self.data),
            View::Attendance => self.attendance.render(body, buf, ctx, &self.data),
            View::Members => self.matrix.render(body, buf, ctx, &self.data),
            View::Quality => self.quality.render(body, buf, ctx, &self.data),
            View::Tasks => self.tasks.render(body, buf, ctx, &self.data),
            View::Warnings => self.warnings.render(body, buf, ctx, &self.data),
            View::Search => self.search.render(body, buf, ctx),
        }
    }
}

impl Data {
    /// The year asked for and the one before (the rules that span years,
    /// the 24-month view), up to the year's end.
    fn load(store: &Store, cell_id: RowId, year: i32, today: NaiveDate) -> Result<Data> {
        let from = NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(today);
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
        let history = store.cell_history(cell_id, from, to)?;
        let findings = history::history_findings(&history, assets::rulebook()?, today);
        Ok(Data {
            cell: history.cell.clone(),
            year,
            today,
            history,
            findings,
        })
    }
}
