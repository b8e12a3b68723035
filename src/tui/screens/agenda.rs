//! The agenda builder: a meeting's items with minutes and presenters, the
//! total against the minimum in force, earlier tasks carried into the review
//! item, guests, and the preparation checklist. Every change is saved as made.

use std::collections::HashMap;

use chrono::Duration;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{AgendaEffect, Effect};
use crate::assets;
use crate::domain::rules::RuleSet;
use crate::domain::{
    AgendaItem, Cell, Guest, Meeting, PrepStep, PreparationStep, RowId, Task, TaskOutcome,
};
use crate::paperwork::Paper;
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::PlanningForm;
use crate::tui::text::{fit, fit_line, safe};
use crate::tui::widgets::table::{step, window_start};
use crate::vi;

/// One line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowRef {
    Item(usize),
    Task(usize),
    GuestsHeading,
    Guest(usize),
}

/// An agenda item as it was before a change, for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemChange {
    Deleted(AgendaItem),
    Edited(AgendaItem),
}

pub struct AgendaScreen {
    cell: Cell,
    meeting: Meeting,
    items: Vec<AgendaItem>,
    carried: Vec<Task>,
    guests: Vec<Guest>,
    prep: Vec<PreparationStep>,
    names: HashMap<RowId, String>,
    rules: Option<&'static RuleSet>,
    /// The engine's findings about the planned meeting.
    findings: Vec<crate::domain::engine::Finding>,
    rows: Vec<RowRef>,
    selected: usize,
    offset: std::cell::Cell<usize>,
    /// Deleted or edited items as they were, newest last, for undo.
    undo: Vec<ItemChange>,
}

impl AgendaScreen {
    pub fn load(store: &Store, ctx: &Ctx, meeting_id: RowId) -> Result<AgendaScreen> {
        let meeting = store.meeting(meeting_id)?;
        let mut screen = AgendaScreen {
            cell: store.cell(meeting.cell_id)?,
            rules: assets::rules_on(meeting.date()),
            findings: Vec::new(),
            meeting,
            items: Vec::new(),
            carried: Vec::new(),
            guests: Vec::new(),
            prep: Vec::new(),
            names: HashMap::new(),
            rows: Vec::new(),
            selected: 0,
            offset: std::cell::Cell::new(0),
            undo: Vec::new(),
        };
        screen.reload(store, ctx)?;
        Ok(screen)
    }

    pub fn meeting_id(&self) -> RowId {
        self.meeting.id
    }

    pub fn cell_id(&self) -> RowId {
        self.cell.id
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        let keep = self
            .rows
            .get(self.selected)
            .copied()
            .map(|r| self.row_key(r));
        self.meeting = store.meeting(self.meeting.id)?;
        self.cell = store.cell(self.meeting.cell_id)?;
        self.rules = assets::rules_on(self.meeting.date());
        self.items = store.agenda(self.meeting.id)?;
        self.carried = store.carried_tasks(&self.meeting)?;
        self.guests = store.guests(self.meeting.id)?;
        self.prep = store.preparation(self.meeting.id)?;
        let others = store.meetings(self.cell.id)?;
        self.findings = crate::domain::engine::meeting_findings(
            &store.record(self.meeting.id)?,
            assets::rulebook()?,
            &others,
            ctx.clock.now(),
        );
        self.names = store
            .members(self.cell.id)?
            .into_iter()
            .map(|m| (m.id, m.full_name))
            .collect();
        self.rebuild_rows();
        if let Some(key) = keep
            && let Some(pos) = self.rows.iter().position(|r| self.row_key(*r) == key)
        {
            self.selected = pos;
        }
        Ok(())
    }

    /// A stable identity for a row across reloads.
    fn row_key(&self, row: RowRef) -> (u8, RowId) {
        match row {
            RowRef::Item(i) => (0, self.items.get(i).map_or(0, |x| x.id)),
            RowRef::Task(i) => (1, self.carried.get(i).map_or(0, |x| x.id)),
            RowRef::GuestsHeading => (2, 0),
            RowRef::Guest(i) => (3, self.guests.get(i).map_or(0, |x| x.id)),
        }
    }

    fn rebuild_rows(&mut self) {
        let mut rows = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            rows.push(RowRef::Item(i));
            if item.carry_over {
                rows.extend((0..self.carried.len()).map(RowRef::Task));
            }
        }
        rows.push(RowRef::GuestsHeading);
        rows.extend((0..self.guests.len()).map(RowRef::Guest));
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Selects an item by id (after adding or moving it).
    pub fn select_item(&mut self, item_id: RowId) {
        if let Some(pos) = self
            .rows
            .iter()
            .position(|r| matches!(r, RowRef::Item(i) if self.items[*i].id == item_id))
        {
            self.selected = pos;
        }
    }

    /// Remembers a deleted or edited item as it was, for undo.
    pub fn push_undo(&mut self, change: ItemChange) {
        self.undo.push(change);
    }

    pub fn pop_undo(&mut self) -> Option<ItemChange> {
        self.undo.pop()
    }

    fn selected_item(&self) -> Option<&AgendaItem> {
        match self.rows.get(self.selected) {
            Some(RowRef::Item(i)) => self.items.get(*i),
            _ => None,
        }
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!(
            "{} › {} › {}",
            safe(&self.cell.name),
            ctx.t("meetings.title"),
            vi::date(self.meeting.date())
        )
    }

    /// The planned total as the engine counts it (skipped items left out).
    pub fn total_minutes(&self) -> i64 {
        crate::domain::engine::planned_minutes(&self.items)
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let len = self.rows.len();
        let meeting_id = self.meeting.id;
        match action {
            Action::Up => self.selected = step(self.selected, -1, len),
            Action::Down => self.selected = step(self.selected, 1, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Add => {
                let after = self.selected_item().map(|i| i.position);
                return vec![Effect::form(PlanningForm::AgendaItem {
                    meeting_id,
                    id: None,
                    after,
                })];
            }
            Action::Open | Action::Edit | Action::Outcome => match self.rows.get(self.selected) {
                Some(RowRef::Item(i)) if action != Action::Outcome => {
                    let id = self.items[*i].id;
                    return vec![Effect::form(PlanningForm::AgendaItem {
                        meeting_id,
                        id: Some(id),
                        after: None,
                    })];
                }
                Some(RowRef::Task(i)) => {
                    return vec![Effect::form(PlanningForm::TaskOutcome {
                        task_id: self.carried[*i].id,
                        meeting_id,
                    })];
                }
                Some(RowRef::GuestsHeading) if action != Action::Outcome => {
                    return vec![Effect::form(PlanningForm::Guest { meeting_id })];
                }
                _ => {}
            },
            Action::Delete => match self.rows.get(self.selected) {
                Some(RowRef::Item(i)) => {
                    let item = &self.items[*i];
                    let message = ctx.strings.fmt(
                        "agenda.confirm_delete_item",
                        &[("title", &fit(&safe(&item.title), 50))],
                    );
                    return vec![Effect::Confirm {
                        message,
                        then: Box::new(Effect::Agenda(AgendaEffect::DeleteItem(item.id))),
                    }];
                }
                Some(RowRef::Guest(i)) => {
                    let guest = &self.guests[*i];
                    let message = ctx.strings.fmt(
                        "agenda.confirm_delete_guest",
                        &[("name", &safe(&guest.name))],
                    );
                    return vec![Effect::Confirm {
                        message,
                        then: Box::new(Effect::Agenda(AgendaEffect::DeleteGuest(guest.id))),
                    }];
                }
                _ => {}
            },
            Action::Undo => return vec![Effect::Agenda(AgendaEffect::UndoItemChange)],
            Action::MoveUp | Action::MoveDown => {
                if let Some(item) = self.selected_item() {
                    return vec![Effect::Agenda(AgendaEffect::MoveItem {
                        id: item.id,
                        up: action == Action::MoveUp,
                    })];
                }
            }
            Action::Guest => return vec![Effect::form(PlanningForm::Guest { meeting_id })],
            Action::Checklist => return vec![Effect::form(PlanningForm::Checklist { meeting_id })],
            Action::Export => return vec![Effect::form(PlanningForm::ExportAgenda { meeting_id })],
            Action::Notice => return vec![Effect::WritePaper(Paper::Notice, meeting_id)],
            Action::Roll => return vec![Effect::WritePaper(Paper::Roll, meeting_id)],
            Action::Live => return vec![Effect::Open(super::Route::Live(meeting_id))],
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    fn name(&self, id: Option<RowId>) -> String {
        id.and_then(|id| self.names.get(&id))
            .map(|n| safe(n).into_owned())
            .unwrap_or_default()
    }

    /// The engine's warnings about the preparation (agenda too short,
    /// materials late, a second regular meeting in the month).
    pub fn warnings(&self, ctx: &Ctx) -> Vec<String> {
        self.findings
            .iter()
            .filter(|f| f.severity != crate::domain::engine::Severity::Note)
            .map(|f| ctx.strings.finding(f))
            .collect()
    }

    fn header_lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let t = &ctx.theme;
        let m = &self.meeting;
        let kind = ctx
            .strings
            .get(&format!("kind.{}", m.kind.code()))
            .to_string();
        let status = ctx
            .strings
            .get(&format!("meeting_status.{}", m.status.code()))
            .to_string();
        let mut first = vec![
            Span::styled(kind, t.title),
            Span::raw(format!(" · {} · ", vi::date_time(m.planned_at))),
            Span::styled(status, t.key),
        ];
        if !m.place.is_empty() {
            first.push(Span::raw(format!(" · {}", safe(&m.place))));
        }
        let second = format!(
            "{}: {}  ·  {}: {}",
            ctx.strings.field("chair"),
            self.name(m.chair_id),
            ctx.strings.field("minute_taker"),
            self.name(m.minute_taker_id)
        );
        let total = self.total_minutes();
        let end = m.planned_at + Duration::minutes(total);
        let mut third = vec![Span::raw(ctx.strings.fmt(
            "agenda.total",
            &[("total", &total), ("end", &vi::clock(end.time()))],
        ))];
        if let Some((rules, min)) = self
            .rules
            .and_then(|r| Some((r, r.min_minutes(m.kind)?.value)))
        {
            // The engine's verdict on the length, not a comparison of our own.
            let ok = crate::domain::engine::agenda_short(&self.items, m.kind, self.rules).is_none();
            third.push(Span::styled(
                ctx.strings.fmt(
                    if ok {
                        "agenda.min_ok"
                    } else {
                        "agenda.min_short"
                    },
                    &[("min", &min), ("rules", &rules.short)],
                ),
                if ok { t.ok } else { t.warn },
            ));
        }
        vec![Line::from(first), Line::from(second), Line::from(third)]
    }

    fn outcome_label(ctx: &Ctx, outcome: Option<TaskOutcome>) -> String {
        match outcome {
            Some(TaskOutcome::Done) => format!("[x] {}", ctx.t("outcome.done")),
            Some(TaskOutcome::InProgress) => format!("[~] {}", ctx.t("outcome.in_progress")),
            Some(TaskOutcome::NotDone) => format!("[!] {}", ctx.t("outcome.not_done")),
            None => "[ ]".to_string(),
        }
    }

    fn row_line(&self, row: RowRef, width: usize, ctx: &Ctx) -> Line<'static> {
        let t = &ctx.theme;
        match row {
            RowRef::Item(i) => {
                let item = &self.items[i];
                let presenter = fit(&self.name(item.presenter_id), 22).into_owned();
                let pad = " ".repeat(22usize.saturating_sub(presenter.width()));
                let right = format!("{:>4}'  {presenter}{pad}", item.planned_minutes);
                let left = format!("{:>2}. {}", i + 1, safe(&item.title));
                let room = width.saturating_sub(right.width() + 1);
                Line::from(format!("{:<room$} {right}", fit(&left, room).into_owned()))
            }
            RowRef::Task(i) => {
                let task = &self.carried[i];
                let mut text = format!(
                    "     ↳ {} {}",
                    Self::outcome_label(ctx, task.outcome),
                    safe(&task.text)
                );
                let who = self.name(task.assignee_id);
                if !who.is_empty() {
                    text.push_str(&format!(" — {who}"));
                }
                if let Some(due) = task.due_on {
                    text.push_str(&ctx.strings.fmt("agenda.due", &[("date", &vi::date(due))]));
                }
                let style = if task.outcome == Some(TaskOutcome::Done) {
                    t.ok
                } else {
                    t.base
                };
                Line::from(Span::styled(fit(&text, width).into_owned(), style))
            }
            RowRef::GuestsHeading => {
                let keys = ctx.keymap.keys_of(&["agenda"], Action::Guest);
                Line::from(vec![
                    Span::styled(ctx.t("agenda.guests").to_string(), t.header),
                    Span::styled(
                        format!(
                            "  {}",
                            ctx.strings.fmt("agenda.add_guest", &[("keys", &keys)])
                        ),
                        t.muted,
                    ),
                ])
            }
            RowRef::Guest(i) => {
                let g = &self.guests[i];
                let mut text = format!("  • {}", safe(&g.name));
                if !g.title.is_empty() {
                    text.push_str(&format!(" — {}", safe(&g.title)));
                }
                Line::from(fit(&text, width).into_owned())
            }
        }
    }

    fn checklist_line(&self, ctx: &Ctx) -> Line<'static> {
        let t = &ctx.theme;
        let mut spans = vec![Span::styled(
            format!("{} ", ctx.t("agenda.preparation")),
            t.header,
        )];
        for step in PrepStep::ALL {
            let done = self.prep.iter().find(|p| p.step == *step);
            let label = ctx.t(&format!("prep_short.{}", step.code())).to_string();
            let text = match done {
                Some(d) => format!(
                    "[x] {label} {} ",
                    vi::date(d.done_on).get(..5).unwrap_or("")
                ),
                None => format!("[ ] {label} "),
            };
            spans.push(Span::styled(
                text,
                if done.is_some() { t.ok } else { t.muted },
            ));
        }
        Line::from(spans)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let width = usize::from(area.width);
        let header = self.header_lines(ctx);
        let warnings = self.warnings(ctx);
        let head_h = header.len() as u16;
        let checklist = self.checklist_line(ctx);
        let checklist_h: u16 = if checklist.width() > usize::from(area.width) {
            2
        } else {
            1
        };
        let foot_h = checklist_h + warnings.len() as u16;
        if area.height < head_h + foot_h + 3 {
            return;
        }
        for (n, line) in header.into_iter().enumerate() {
            let line = fit_line(line, usize::from(area.width));
            Paragraph::new(line).render(Rect::new(area.x, area.y + n as u16, area.width, 1), buf);
        }
        let list = Rect::new(
            area.x,
            area.y + head_h,
            area.width,
            area.height - head_h - foot_h,
        );
        let height = usize::from(list.height);
        let start = window_start(self.selected, self.offset.get(), height, self.rows.len());
        self.offset.set(start);
        for (n, row) in self.rows.iter().skip(start).take(height).enumerate() {
            let mut line = self.row_line(*row, width, ctx);
            if start + n == self.selected {
                line = line.patch_style(t.selected);
            }
            Paragraph::new(line).render(Rect::new(list.x, list.y + n as u16, list.width, 1), buf);
        }
        let mut y = list.y + list.height;
        Paragraph::new(checklist)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(Rect::new(area.x, y, area.width, checklist_h), buf);
        y += checklist_h - 1;
        for warning in warnings {
            y += 1;
            Paragraph::new(Span::styled(format!("⚠ {warning}"), t.warn))
                .render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}
