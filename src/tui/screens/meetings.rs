//! A cell's meetings, newest first: kind, date, status, attendance when held.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TableCell, Paragraph, Widget};

use super::{AgendaEffect, Effect, Route};
use crate::domain::{Cell, Meeting, MeetingStatus, RowId};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::PlanningForm;
use crate::tui::text::safe;
use crate::tui::widgets::table::{ListTable, step};
use crate::vi;

struct Entry {
    meeting: Meeting,
    /// "87,0%" for a held meeting.
    attendance: Option<String>,
    /// The engine's verdict on its length: (minutes held, minimum).
    short: Option<(i64, u32)>,
}

pub struct Meetings {
    cell: Cell,
    entries: Vec<Entry>,
    selected: usize,
    offset: std::cell::Cell<usize>,
    today: NaiveDate,
}

impl Meetings {
    pub fn load(store: &Store, ctx: &Ctx, cell_id: RowId) -> Result<Meetings> {
        let mut screen = Meetings {
            cell: store.cell(cell_id)?,
            entries: Vec::new(),
            selected: 0,
            offset: std::cell::Cell::new(0),
            today: ctx.clock.today(),
        };
        screen.reload(store, ctx)?;
        // Open on the next meeting to prepare, else the latest.
        let next = screen
            .entries
            .iter()
            .rposition(|e| e.meeting.status == MeetingStatus::Planned);
        screen.selected = next.unwrap_or(0);
        Ok(screen)
    }

    pub fn cell_id(&self) -> RowId {
        self.cell.id
    }

    pub fn reload(&mut self, store: &Store, ctx: &Ctx) -> Result<()> {
        let keep = self.selected_id();
        self.cell = store.cell(self.cell.id)?;
        self.today = ctx.clock.today();
        let mut entries = Vec::new();
        for meeting in store.meetings(self.cell.id)? {
            let attendance = if meeting.status.is_held() {
                let f = store.figures(meeting.id)?;
                ctx.strings.percent(f.present, f.expected)
            } else {
                None
            };
            let rules = crate::assets::rules_on(meeting.date());
            let short = crate::domain::engine::too_short(&meeting, rules).map(|(h, m, _)| (h, m));
            entries.push(Entry {
                meeting,
                attendance,
                short,
            });
        }
        self.entries = entries;
        self.selected = self.selected.min(self.entries.len().saturating_sub(1));
        if let Some(id) = keep {
            self.select_id(id);
        }
        Ok(())
    }

    pub fn selected_id(&self) -> Option<RowId> {
        self.entries.get(self.selected).map(|e| e.meeting.id)
    }

    pub fn select_id(&mut self, id: RowId) {
        if let Some(pos) = self.entries.iter().position(|e| e.meeting.id == id) {
            self.selected = pos;
        }
    }

    fn selected_meeting(&self) -> Option<&Meeting> {
        self.entries.get(self.selected).map(|e| &e.meeting)
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!("{} › {}", safe(&self.cell.name), ctx.t("meetings.title"))
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let len = self.entries.len();
        let cell_id = self.cell.id;
        match action {
            Action::Up => self.selected = step(self.selected, -1, len),
            Action::Down => self.selected = step(self.selected, 1, len),
            Action::PageUp => self.selected = step(self.selected, -10, len),
            Action::PageDown => self.selected = step(self.selected, 10, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::NextTab => return vec![Effect::SwitchTab(Route::Members(cell_id))],
            Action::Live => {
                if let Some(m) = self.selected_meeting() {
                    return vec![Effect::Open(Route::Live(m.id))];
                }
            }
            Action::Add => {
                return vec![Effect::form(PlanningForm::Meeting {
                    cell_id,
                    id: None,
                    copy_from: None,
                })];
            }
            Action::Duplicate => {
                if let Some(m) = self.selected_meeting() {
                    return vec![Effect::form(PlanningForm::Meeting {
                        cell_id,
                        id: None,
                        copy_from: Some(m.id),
                    })];
                }
            }
            Action::Open => {
                if let Some(m) = self.selected_meeting() {
                    return vec![Effect::Open(Route::Agenda(m.id))];
                }
            }
            Action::Edit => {
                if let Some(m) = self.selected_meeting() {
                    return vec![Effect::form(PlanningForm::Meeting {
                        cell_id,
                        id: Some(m.id),
                        copy_from: None,
                    })];
                }
            }
            Action::Postpone => {
                if let Some(m) = self.selected_meeting() {
                    // One opened by mistake (nothing recorded) goes back
                    // to planned; the store refuses one with records.
                    if matches!(m.status, MeetingStatus::Planned | MeetingStatus::InProgress) {
                        return vec![Effect::form(PlanningForm::Postpone { meeting_id: m.id })];
                    }
                    return vec![Effect::Refuse(ctx.t("meetings.only_planned").to_string())];
                }
            }
            Action::CancelMeeting => {
                if let Some(m) = self.selected_meeting() {
                    if !matches!(m.status, MeetingStatus::Planned | MeetingStatus::InProgress) {
                        return vec![Effect::Refuse(ctx.t("meetings.only_planned").to_string())];
                    }
                    let message = ctx.strings.fmt(
                        "meetings.confirm_cancel",
                        &[("when", &vi::date_time(m.planned_at))],
                    );
                    return vec![Effect::Confirm {
                        message,
                        then: Box::new(Effect::Agenda(AgendaEffect::CancelMeeting(m.id))),
                    }];
                }
            }
            Action::Delete => {
                if let Some(m) = self.selected_meeting() {
                    if !matches!(
                        m.status,
                        MeetingStatus::Planned
                            | MeetingStatus::Cancelled
                            | MeetingStatus::InProgress
                    ) {
                        return vec![Effect::Refuse(ctx.t("meetings.never_held").to_string())];
                    }
                    let message = ctx.strings.fmt(
                        "meetings.confirm_delete",
                        &[("when", &vi::date_time(m.planned_at))],
                    );
                    return vec![Effect::Confirm {
                        message,
                        then: Box::new(Effect::Agenda(AgendaEffect::DeleteMeeting(m.id))),
                    }];
                }
            }
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    /// "Tháng này: [x] thường kỳ · Quý IV: [ ] chuyên đề"
    fn compliance_line(&self, ctx: &Ctx) -> Line<'static> {
        let t = &ctx.theme;
        let today = self.today;
        let quarter = (today.month() - 1) / 3;
        let held = |pred: &dyn Fn(&Meeting) -> bool| {
            self.entries
                .iter()
                .any(|e| e.meeting.status.is_held() && pred(&e.meeting))
        };
        let month = held(&|m| {
            let d = m.date();
            m.kind.is_regular() && d.year() == today.year() && d.month() == today.month()
        });
        let thematic = held(&|m| {
            let d = m.date();
            m.kind.is_thematic() && d.year() == today.year() && (d.month() - 1) / 3 == quarter
        });
        let mark = |ok: bool| if ok { "[x]" } else { "[ ]" };
        let style = |ok: bool| if ok { t.ok } else { t.warn };
        Line::from(vec![
            Span::styled(
                format!("{} {}", ctx.t("meetings.month_regular"), mark(month)),
                style(month),
            ),
            Span::raw("  ·  "),
            Span::styled(
                format!("{} {}", ctx.t("meetings.quarter_thematic"), mark(thematic)),
                style(thematic),
            ),
            Span::styled(
                format!(
                    "   {}",
                    ctx.strings
                        .fmt("meetings.count", &[("n", &self.entries.len())])
                ),
                t.muted,
            ),
        ])
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        if area.height < 3 {
            return;
        }
        Paragraph::new(self.compliance_line(ctx))
            .render(Rect::new(area.x, area.y, area.width, 1), buf);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        if self.entries.is_empty() {
            Paragraph::new(Span::styled(ctx.t("meetings.empty"), t.muted))
                .render(Rect::new(body.x, body.y + 1, body.width, 1), buf);
            return;
        }
        let wide = area.width >= 110;
        let mut header = vec![
            ctx.t("meetings.col_when"),
            ctx.t("meetings.col_kind"),
            ctx.t("meetings.col_status"),
            ctx.t("meetings.col_present"),
        ];
        let mut widths = vec![
            Constraint::Length(16),
            Constraint::Length(21),
            Constraint::Length(12),
            Constraint::Length(7),
        ];
        if wide {
            header.push(ctx.t("meetings.col_duration"));
            widths.push(Constraint::Length(12));
        } else {
            header.push(ctx.t("meetings.col_flags"));
            widths.push(Constraint::Length(6));
        }
        header.push(ctx.t("meetings.col_topic"));
        widths.push(Constraint::Fill(1));
        let table = ListTable {
            header,
            widths,
            len: self.entries.len(),
            selected: self.selected,
        };
        table.render(body, buf, ctx, &self.offset, |position| {
            let e = &self.entries[position];
            let m = &e.meeting;
            let status_key = format!("meeting_status.{}", m.status.code());
            let status_style = match m.status {
                MeetingStatus::Planned => t.key,
                MeetingStatus::Cancelled => t.muted,
                MeetingStatus::InProgress => t.warn,
                _ => t.base,
            };
            let mut cells = vec![
                TableCell::from(vi::date_time(m.started_at.unwrap_or(m.planned_at))),
                TableCell::from(
                    ctx.strings
                        .get(&format!("kind.{}", m.kind.code()))
                        .to_string(),
                ),
                TableCell::from(Span::styled(
                    ctx.strings.get(&status_key).to_string(),
                    status_style,
                )),
                TableCell::from(e.attendance.clone().unwrap_or_default()),
            ];
            // A meeting shorter than its minimum is marked in words, not
            // by colour alone.
            let short = e.short.map(|_| ctx.t("meetings.short").to_string());
            if wide {
                let length = m
                    .duration_minutes()
                    .map(|d| ctx.strings.fmt("meetings.minutes", &[("n", &d)]))
                    .unwrap_or_default();
                let text = match &short {
                    Some(flag) => format!("{length} {flag}"),
                    None => length,
                };
                cells.push(TableCell::from(Span::styled(
                    text,
                    if short.is_some() { t.warn } else { t.base },
                )));
            } else {
                cells.push(TableCell::from(Span::styled(
                    short.unwrap_or_default(),
                    t.warn,
                )));
            }
            cells.push(TableCell::from(safe(&m.title).into_owned()));
            cells
        });
    }
}
