//! Every cell with its counts, its last meeting and whether this month's
//! regular meeting is held.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TableCell, Paragraph, Widget};

use super::{Effect, Route};
use crate::domain::RowId;
use crate::domain::overview::{CellSummary, summarize};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::{date_or_blank, safe};
use crate::tui::widgets::filter::{Filter, FilterKey};
use crate::tui::widgets::table::{ListTable, step};
use crate::vi;

pub struct Cells {
    all: Vec<CellSummary>,
    folded: Vec<String>,
    /// Indices into `all` that pass the filter and the archive toggle.
    shown: Vec<usize>,
    selected: usize,
    offset: std::cell::Cell<usize>,
    show_archived: bool,
    filter: Filter,
}

impl Cells {
    pub fn load(store: &Store, ctx: &Ctx) -> Result<Cells> {
        let mut screen = Cells {
            all: Vec::new(),
            folded: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            offset: std::cell::Cell::new(0),
            show_archived: false,
            filter: Filter::default(),
        };
        screen.reload(store, ctx)?;
        Ok(screen)
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        let keep = self.selected_id();
        let today = ctx.clock.today();
        let mut all = Vec::new();
        for cell in store.cells()? {
            let members = store.members(cell.id)?;
            let meetings = store.meetings(cell.id)?;
            all.push(summarize(cell, &members, &meetings, today));
        }
        self.folded = all.iter().map(|s| vi::fold(&s.cell.name)).collect();
        self.all = all;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
        Ok(())
    }

    fn refilter(&mut self) {
        self.shown = (0..self.all.len())
            .filter(|&i| self.show_archived || !self.all[i].cell.is_archived())
            .filter(|&i| self.filter.matches(&self.folded[i]))
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    fn selected_summary(&self) -> Option<&CellSummary> {
        self.shown.get(self.selected).map(|&i| &self.all[i])
    }

    pub fn selected_id(&self) -> Option<RowId> {
        self.selected_summary().map(|s| s.cell.id)
    }

    pub fn select_id(&mut self, id: RowId) {
        if let Some(pos) = self.shown.iter().position(|&i| self.all[i].cell.id == id) {
            self.selected = pos;
        }
    }

    pub fn is_typing_filter(&self) -> bool {
        self.filter.is_typing()
    }

    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        match self.filter.handle_key(key) {
            FilterKey::Changed => {
                self.selected = 0;
                self.refilter();
            }
            FilterKey::Up => self.selected = step(self.selected, -1, self.shown.len()),
            FilterKey::Down => self.selected = step(self.selected, 1, self.shown.len()),
            FilterKey::Done | FilterKey::Ignored => {}
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str) {
        self.filter.paste(text);
        self.refilter();
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let len = self.shown.len();
        let page = 10;
        match action {
            Action::Up => self.selected = step(self.selected, -1, len),
            Action::Down => self.selected = step(self.selected, 1, len),
            Action::PageUp => self.selected = step(self.selected, -page, len),
            Action::PageDown => self.selected = step(self.selected, page, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Filter => self.filter.start(),
            Action::ToggleArchived => {
                self.show_archived = !self.show_archived;
                self.refilter();
            }
            Action::Open => {
                if let Some(id) = self.selected_id() {
                    return vec![Effect::Open(Route::Members(id))];
                }
            }
            Action::Add => return vec![Effect::form(RegistryForm::Cell { id: None })],
            Action::Edit => {
                if let Some(id) = self.selected_id() {
                    return vec![Effect::form(RegistryForm::Cell { id: Some(id) })];
                }
            }
            Action::Archive => {
                if let Some(s) = self.selected_summary() {
                    let archived = !s.cell.is_archived();
                    let key = if archived {
                        "cells.confirm_archive"
                    } else {
                        "cells.confirm_restore"
                    };
                    let message = ctx.strings.fmt(key, &[("name", &safe(&s.cell.name))]);
                    return vec![Effect::Confirm {
                        message,
                        then: Box::new(Effect::ArchiveCell {
                            id: s.cell.id,
                            archived,
                        }),
                    }];
                }
            }
            Action::Back if !self.filter.query().is_empty() => {
                self.filter.clear();
                self.refilter();
            }
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        if area.height < 3 {
            return;
        }
        // Summary line, or the filter being typed.
        let top = Rect::new(area.x, area.y, area.width, 1);
        if !self
            .filter
            .render_input(ctx.t("list.filter"), t.key, top, buf)
        {
            let mut text = ctx.strings.fmt("cells.count", &[("n", &self.shown.len())]);
            if !self.filter.shown().is_empty() {
                text.push_str(
                    &ctx.strings
                        .fmt("list.filtered", &[("query", &self.filter.shown())]),
                );
            }
            if self.show_archived {
                text.push_str(ctx.t("cells.with_archived"));
            }
            Paragraph::new(Span::styled(text, t.muted)).render(top, buf);
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        if self.shown.is_empty() {
            let key = if self.all.is_empty() {
                "cells.empty"
            } else {
                "list.no_match"
            };
            Paragraph::new(Line::from(Span::styled(ctx.t(key), t.muted)))
                .render(Rect::new(body.x, body.y + 1, body.width, 1), buf);
            return;
        }
        let wide = area.width >= 100;
        let mut header = vec![
            ctx.t("cells.col_name"),
            ctx.t("cells.col_official"),
            ctx.t("cells.col_probationary"),
            ctx.t("cells.col_exempt"),
            ctx.t("cells.col_last"),
            ctx.t("cells.col_month"),
        ];
        let mut widths = vec![
            Constraint::Fill(1),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(7),
            Constraint::Length(11),
            Constraint::Length(13),
        ];
        if wide {
            header.insert(1, ctx.t("cells.col_upper"));
            widths.insert(1, Constraint::Fill(1));
        }
        let table = ListTable {
            header,
            widths,
            len: self.shown.len(),
            selected: self.selected,
        };
        table.render(body, buf, ctx, &self.offset, |position| {
            let s = &self.all[self.shown[position]];
            let mut name = safe(&s.cell.name).into_owned();
            if s.cell.is_archived() {
                name.push_str(ctx.t("cells.archived_mark"));
            }
            let held = if s.month_regular_held {
                ctx.t("cells.held")
            } else {
                ctx.t("cells.not_held")
            };
            let mut cells = vec![
                TableCell::from(name),
                TableCell::from(s.official.to_string()),
                TableCell::from(s.probationary.to_string()),
                TableCell::from(s.exempt.to_string()),
                TableCell::from(date_or_blank(s.last_meeting)),
                TableCell::from(Span::styled(
                    held.to_string(),
                    if s.month_regular_held { t.ok } else { t.warn },
                )),
            ];
            if wide {
                cells.insert(1, TableCell::from(safe(&s.cell.upper_unit).into_owned()));
            }
            cells
        });
    }
}
