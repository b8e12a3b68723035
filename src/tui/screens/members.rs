//! The roster of one cell, sorted by given name, filtered as you type
//! without accents; status in words; sensitive numbers masked.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use chrono::{Datelike, NaiveDate};

use super::{Effect, Route};
use crate::domain::{Cell, Gender, Member, PartyStatus, RowId, Situation};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::{self, date_or_blank, safe, sensitive};
use crate::tui::widgets::list_frame::{FilteredList, ListFrame, filtered_note};
use crate::tui::widgets::table::Column;
use crate::vi;

/// One member as the list needs it; display text is built only for the
/// visible rows.
struct Entry {
    member: Member,
    folded: String,
    situation: Situation,
}

/// The keymap sections of this screen, for the keys named in its hints.
const SECTIONS: &[&str] = &["members", "list", "global"];

pub struct Members {
    cell: Cell,
    entries: Vec<Entry>,
    /// Over `entries`: those that pass the filter and the former toggle.
    list: FilteredList,
    /// The situations found among the entries, which size the status
    /// column so that none is cut.
    situations: Vec<Situation>,
    show_former: bool,
    reveal: bool,
    today: NaiveDate,
}

impl Members {
    pub fn load(store: &Store, ctx: &Ctx, cell_id: RowId) -> Result<Members> {
        let mut screen = Members {
            cell: store.cell(cell_id)?,
            entries: Vec::new(),
            list: FilteredList::default(),
            situations: Vec::new(),
            show_former: false,
            reveal: false,
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
            list: FilteredList::default(),
            situations: Vec::new(),
            show_former: false,
            reveal: false,
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
        self.situations.clear();
        for e in &self.entries {
            if !self.situations.contains(&e.situation) {
                self.situations.push(e.situation);
            }
        }
        self.refilter();
    }

    fn refilter(&mut self) {
        let show_former = self.show_former;
        self.list.refilter(self.entries.iter().map(|e| {
            let current = !(e.situation.is_former() || e.situation == Situation::NotYet);
            (e.folded.as_str(), show_former || current)
        }));
    }

    pub fn selected_id(&self) -> Option<RowId> {
        self.list.selected().map(|i| self.entries[i].member.id)
    }

    pub fn select_id(&mut self, id: RowId) {
        let entries = &self.entries;
        self.list.select_where(|i| entries[i].member.id == id);
    }

    /// Names currently listed, in order (for tests and the benchmark).
    pub fn listed_names(&self) -> Vec<&str> {
        self.list
            .shown()
            .iter()
            .map(|&i| self.entries[i].member.full_name.as_str())
            .collect()
    }

    pub fn is_typing_filter(&self) -> bool {
        self.list.is_typing()
    }

    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if self.list.typed(key) {
            self.refilter();
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str) {
        self.list.paste(text);
        self.refilter();
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!("{} › {}", safe(&self.cell.name), ctx.t("members.title"))
    }

    pub fn handle(&mut self, action: Action, _ctx: &Ctx) -> Vec<Effect> {
        if self.list.apply(action) {
            return Vec::new();
        }
        match action {
            Action::Filter => self.list.start_filter(),
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
            Action::Back if self.list.is_filtered() => {
                self.list.clear_filter();
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

    /// The title line, fullest first: counts, filter, what is shown.
    fn titles(&self, ctx: &Ctx) -> Vec<Line<'static>> {
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
        let mut tail = filtered_note(ctx, self.list.filter());
        if !tail.is_empty() {
            let n = self.list.shown().len();
            tail.push_str(&ctx.strings.fmt("list.shown", &[("n", &n)]));
        }
        if self.show_former {
            tail.push_str(ctx.t("members.with_former"));
        }
        let full = ctx.strings.fmt(
            "members.count",
            &[
                ("total", &total),
                ("official", &official),
                ("probationary", &probationary),
            ],
        );
        let short = ctx.strings.fmt("members.count_short", &[("total", &total)]);
        [full, short]
            .into_iter()
            .map(|count| Line::from(Span::styled(count + &tail, ctx.theme.muted)))
            .collect()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let empty = if self.entries.is_empty() {
            let keys = |action| ctx.keymap.keys_of(SECTIONS, action);
            ctx.strings.fmt(
                "members.empty",
                &[
                    ("add", &keys(Action::Add)),
                    ("import", &keys(Action::Import)),
                ],
            )
        } else {
            ctx.t("list.no_match").to_string()
        };
        let situations: Vec<String> = self
            .situations
            .iter()
            .map(|&s| text::situation(ctx, s))
            .collect();
        let genders = [Gender::Male, Gender::Female].map(|g| text::gender(ctx, Some(g)));
        let frame = ListFrame {
            titles: self.titles(ctx),
            filter: Some(self.list.filter()),
            empty,
            columns: vec![
                Column::fill(ctx.t("members.col_name"), 18),
                Column::fixed(ctx.t("members.col_born"), 4).optional(2),
                Column::widest(ctx.t("members.col_gender"), genders).optional(4),
                Column::widest(
                    ctx.t("members.col_status"),
                    situations.iter().map(String::as_str),
                ),
                Column::fixed(ctx.t("members.col_roles"), 8).optional(1),
                Column::fixed(ctx.t("members.col_admitted"), 10).optional(3),
                Column::fixed(ctx.t("members.col_official"), 10).optional(5),
                Column::fixed(ctx.t("members.col_card"), 11).optional(6),
                Column::fixed(ctx.t("members.col_phone"), 13).optional(7),
            ],
            len: self.list.shown().len(),
        };
        let shown = self.list.shown();
        frame.render(area, buf, ctx, self.list.state(), |position| {
            let e = &self.entries[shown[position]];
            let m = &e.member;
            let roles: Vec<&str> = m
                .roles_on(self.today)
                .map(|r| text::role_short(ctx, r))
                .collect();
            vec![
                Span::raw(safe(&m.full_name).into_owned()),
                Span::raw(
                    m.birth_date
                        .map(|d| d.year().to_string())
                        .unwrap_or_default(),
                ),
                Span::raw(text::gender(ctx, m.gender).to_string()),
                Span::raw(text::situation(ctx, e.situation)),
                Span::raw(roles.join(", ")),
                Span::raw(date_or_blank(m.admitted_on())),
                Span::raw(date_or_blank(m.official_on())),
                Span::raw(text::card(m, self.reveal)),
                Span::raw(sensitive(&m.phone, self.reveal)),
            ]
        });
    }
}
