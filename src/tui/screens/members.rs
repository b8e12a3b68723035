//! The roster of one cell, sorted by given name, filtered as you type
//! without accents; status in words; sensitive numbers masked.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TableCell, Paragraph, Widget};

use chrono::{Datelike, NaiveDate};

use super::{Effect, Route};
use crate::domain::{Cell, Member, PartyStatus, RowId, Situation};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::{self, date_or_blank, safe, sensitive};
use crate::tui::widgets::filter::{Filter, FilterKey};
use crate::tui::widgets::table::{ListTable, step};
use crate::vi;

/// One member as the list needs it; display text is built only for the
/// visible rows.
struct Entry {
    member: Member,
    folded: String,
    situation: Situation,
}

pub struct Members {
    cell: Cell,
    entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter and the former toggle.
    shown: Vec<usize>,
    selected: usize,
    offset: std::cell::Cell<usize>,
    show_former: bool,
    reveal: bool,
    filter: Filter,
    today: NaiveDate,
}

impl Members {
    pub fn load(store: &Store, ctx: &Ctx, cell_id: RowId) -> Result<Members> {
        let mut screen = Members {
            cell: store.cell(cell_id)?,
            entries: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            offset: std::cell::Cell::new(0),
            show_former: false,
            reveal: false,
            filter: Filter::default(),
            today: ctx.clock.today(),
        };
        screen.reload(store, ctx)?;
        Ok(screen)
    }

    /// Builds the screen from members already loaded (benchmarks, previews).
    pub fn from_members(cell: Cell, members: Vec<Member>, today: NaiveDate) -> Members {
        let mut screen = Members {
            cell,
            entries: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            offset: std::cell::Cell::new(0),
            show_former: false,
            reveal: false,
            filter: Filter::default(),
            today,
        };
        screen.set_members(members);
        screen
    }

    pub fn cell_id(&self) -> RowId {
        self.cell.id
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        self.cell = store.cell(self.cell.id)?;
        self.today = ctx.clock.today();
        let keep = self.selected_id();
        self.set_members(store.members(self.cell.id)?);
        if let Some(id) = keep {
            self.select_id(id);
        }
        Ok(())
    }

    fn set_members(&mut self, members: Vec<Member>) {
        let today = self.today;
        self.entries = members
            .into_iter()
            .map(|member| Entry {
                folded: vi::fold(&member.full_name),
                situation: member.situation_on(today),
                member,
            })
            .collect();
        self.refilter();
    }

    fn refilter(&mut self) {
        self.shown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                self.show_former || !(e.situation.is_former() || e.situation == Situation::NotYet)
            })
            .filter(|(_, e)| self.filter.matches(&e.folded))
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    pub fn selected_id(&self) -> Option<RowId> {
        self.shown
            .get(self.selected)
            .map(|&i| self.entries[i].member.id)
    }

    pub fn select_id(&mut self, id: RowId) {
        if let Some(pos) = self
            .shown
            .iter()
            .position(|&i| self.entries[i].member.id == id)
        {
            self.selected = pos;
        }
    }

    /// Names currently listed, in order (for tests and the benchmark).
    pub fn listed_names(&self) -> Vec<&str> {
        self.shown
            .iter()
            .map(|&i| self.entries[i].member.full_name.as_str())
            .collect()
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

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!("{} › {}", safe(&self.cell.name), ctx.t("members.title"))
    }

    pub fn handle(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        let len = self.shown.len();
        match action {
            Action::Up => self.selected = step(self.selected, -1, len),
            Action::Down => self.selected = step(self.selected, 1, len),
            Action::PageUp => self.selected = step(self.selected, -10, len),
            Action::PageDown => self.selected = step(self.selected, 10, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Filter => self.filter.start(),
            Action::Reveal => self.reveal = !self.reveal,
            Action::ToggleFormer => {
                self.show_former = !self.show_former;
                self.refilter();
            }
            Action::Open => {
                if let Some(id) = self.selected_id() {
                    return vec![Effect::Open(Route::Member(id))];
                }
            }
            Action::Add => {
                return vec![Effect::form(RegistryForm::Member {
                    cell_id: self.cell.id,
                    id: None,
                    duplicate_confirmed: false,
                })];
            }
            Action::Edit => {
                if let Some(id) = self.selected_id() {
                    return vec![Effect::form(RegistryForm::Member {
                        cell_id: self.cell.id,
                        id: Some(id),
                        duplicate_confirmed: false,
                    })];
                }
            }
            Action::StatusEvent => {
                if let Some(member_id) = self.selected_id() {
                    return vec![Effect::form(RegistryForm::StatusEvent { member_id })];
                }
            }
            Action::Role => {
                if let Some(member_id) = self.selected_id() {
                    return vec![Effect::form(RegistryForm::Role { member_id })];
                }
            }
            Action::Import => {
                return vec![Effect::form(RegistryForm::ImportPath {
                    cell_id: self.cell.id,
                })];
            }
            Action::Back if !self.filter.query().is_empty() => {
                self.filter.clear();
                self.refilter();
            }
            Action::NextTab => return vec![Effect::SwitchTab(Route::Meetings(self.cell.id))],
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    fn counts_line(&self, ctx: &Ctx) -> String {
        let (mut official, mut probationary, mut total) = (0, 0, 0);
        for e in &self.entries {
            if let Situation::Own { status, .. } = e.situation {
                total += 1;
                match status {
                    PartyStatus::Official => official += 1,
                    PartyStatus::Probationary => probationary += 1,
                }
            }
        }
        let mut text = ctx.strings.fmt(
            "members.count",
            &[
                ("total", &total),
                ("official", &official),
                ("probationary", &probationary),
            ],
        );
        if !self.filter.shown().is_empty() {
            text.push_str(
                &ctx.strings
                    .fmt("list.filtered", &[("query", &self.filter.shown())]),
            );
            text.push_str(&ctx.strings.fmt("list.shown", &[("n", &self.shown.len())]));
        }
        if self.show_former {
            text.push_str(ctx.t("members.with_former"));
        }
        text
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        if area.height < 3 {
            return;
        }
        let top = Rect::new(area.x, area.y, area.width, 1);
        if !self
            .filter
            .render_input(ctx.t("list.filter"), t.key, top, buf)
        {
            Paragraph::new(Span::styled(self.counts_line(ctx), t.muted)).render(top, buf);
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        if self.shown.is_empty() {
            let key = if self.entries.is_empty() {
                "members.empty"
            } else {
                "list.no_match"
            };
            Paragraph::new(Line::from(Span::styled(ctx.t(key), t.muted)))
                .render(Rect::new(body.x, body.y + 1, body.width, 1), buf);
            return;
        }
        let wide = area.width >= 110;
        let mut header = vec![
            ctx.t("members.col_name"),
            ctx.t("members.col_born"),
            ctx.t("members.col_status"),
            ctx.t("members.col_roles"),
            ctx.t("members.col_admitted"),
        ];
        let mut widths = vec![
            Constraint::Fill(1),
            Constraint::Length(4),
            Constraint::Length(26),
            Constraint::Length(8),
            Constraint::Length(10),
        ];
        if wide {
            header.insert(2, ctx.t("members.col_gender"));
            widths.insert(2, Constraint::Length(4));
            header.extend([
                ctx.t("members.col_official"),
                ctx.t("members.col_card"),
                ctx.t("members.col_phone"),
            ]);
            widths.extend([
                Constraint::Length(10),
                Constraint::Length(11),
                Constraint::Length(13),
            ]);
        }
        let table = ListTable {
            header,
            widths,
            len: self.shown.len(),
            selected: self.selected,
        };
        table.render(body, buf, ctx, &self.offset, |position| {
            let i = self.shown[position];
            let e = &self.entries[i];
            let m = &e.member;
            let roles: Vec<&str> = m
                .roles_on(self.today)
                .map(|r| text::role_short(ctx, r))
                .collect();
            let mut cells = vec![
                TableCell::from(safe(&m.full_name).into_owned()),
                TableCell::from(
                    m.birth_date
                        .map(|d| d.year().to_string())
                        .unwrap_or_default(),
                ),
                TableCell::from(text::situation(ctx, e.situation)),
                TableCell::from(roles.join(", ")),
                TableCell::from(date_or_blank(m.admitted_on())),
            ];
            if wide {
                cells.insert(2, TableCell::from(text::gender(ctx, m.gender).to_string()));
                cells.push(TableCell::from(date_or_blank(m.official_on())));
                cells.push(TableCell::from(
                    m.current_card()
                        .map(|c| sensitive(&c.number, self.reveal))
                        .unwrap_or_default(),
                ));
                cells.push(TableCell::from(sensitive(&m.phone, self.reveal)));
            }
            cells
        });
    }
}
