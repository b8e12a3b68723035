//! A cell's meetings, newest first: kind, date, status, attendance when held.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{AgendaEffect, Effect, Route};
use crate::domain::{Cell, Meeting, MeetingStatus, RowId};
use crate::paperwork::Paper;
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::{PaperworkForm, PlanningForm};
use crate::tui::text::safe;
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::table::Column;
use crate::vi;

struct Entry {
    meeting: Meeting,
    /// "87,0%" for a held meeting.
    attendance: Option<String>,
    /// The engine's verdict on its length: (minutes held, minimum).
    short: Option<(i64, u32)>,
}

/// The keymap sections of this screen, for the keys named in its hints.
const SECTIONS: &[&str] = &["meetings", "list", "global"];

pub struct Meetings {
    cell: Cell,
    entries: Vec<Entry>,
    list: ListState,
    today: NaiveDate,
}

impl Meetings {
    pub fn load(store: &Store, ctx: &Ctx, cell_id: RowId) -> Result<Meetings> {
        let mut screen = Meetings {
            cell: store.cell(cell_id)?,
            entries: Vec::new(),
            list: ListState::default(),
            today: ctx.clock.today(),
        };
        screen.reload(store, ctx)?;
        // Open on the next meeting to prepare, else the latest.
        let next = screen
            .entries
            .iter()
            .rposition(|e| e.meeting.status == MeetingStatus::Planned);
        screen.list.select(next.unwrap_or(0));
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
        self.list.clamp(self.entries.len());
        if let Some(id) = keep {
            self.select_id(id);
        }
        Ok(())
    }

    pub fn selected_id(&self) -> Option<RowId> {
        self.entries.get(self.list.selected()).map(|e| e.meeting.id)
    }

    pub fn select_id(&mut self, id: RowId) {
        if let Some(pos) = self.entries.iter().position(|e| e.meeting.id == id) {
            self.list.select(pos);
        }
    }

    fn selected_meeting(&self) -> Option<&Meeting> {
        self.entries.get(self.list.selected()).map(|e| &e.meeting)
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!("{} › {}", safe(&self.cell.name), ctx.t("meetings.title"))
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        if self.list.apply(action, self.entries.len()) {
            return Vec::new();
        }
        let cell_id = self.cell.id;
        match action {
            Action::NextTab => return vec![Effect::SwitchTab(Route::History(cell_id))],
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
            Action::WriteMinutes => {
                if let Some(m) = self.selected_meeting() {
                    return vec![Effect::WriteMinutes(m.id)];
                }
            }
            Action::Resolution | Action::WriteResolution => {
                if let Some(m) = self.selected_meeting() {
                    if !crate::paperwork::resolution_allowed(m.status) {
                        return vec![Effect::Refuse(ctx.t("resolution.only_closed").to_string())];
                    }
                    let meeting_id = m.id;
                    if action == Action::WriteResolution {
                        return vec![Effect::WritePaper(Paper::Resolution, meeting_id)];
                    }
                    return vec![Effect::form(PlanningForm::Paperwork(
                        PaperworkForm::Resolution { meeting_id },
                    ))];
                }
            }
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    /// "Tháng này: thường kỳ [x] · Quý này: chuyên đề [ ] · 32 buổi", in
    /// forms from the most spaced to the shortest.
    fn titles(&self, ctx: &Ctx) -> Vec<Line<'static>> {
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
        let count = ctx
            .strings
            .fmt("meetings.count", &[("n", &self.entries.len())]);
        let line = |labels: [&str; 2], gap: &'static str, count: Option<&str>| {
            let [month_label, quarter_label] = labels.map(|key| ctx.t(key));
            let mut spans = vec![
                Span::styled(format!("{month_label} {}", mark(month)), style(month)),
                Span::raw(gap),
                Span::styled(
                    format!("{quarter_label} {}", mark(thematic)),
                    style(thematic),
                ),
            ];
            if let Some(count) = count {
                spans.push(Span::raw(gap));
                spans.push(Span::styled(count.to_string(), t.muted));
            }
            Line::from(spans)
        };
        let long = ["meetings.month_regular", "meetings.quarter_thematic"];
        let short = [
            "meetings.month_regular_short",
            "meetings.quarter_thematic_short",
        ];
        // The count goes first: the position at the right gives it too.
        vec![
            line(long, "  ·  ", Some(&count)),
            line(long, " · ", Some(&count)),
            line(long, " · ", None),
            line(short, " · ", None),
        ]
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let kind = |m: &Meeting| {
            ctx.strings
                .get(&format!("kind.{}", m.kind.code()))
                .to_string()
        };
        let status = |m: &Meeting| {
            ctx.strings
                .get(&format!("meeting_status.{}", m.status.code()))
                .to_string()
        };
        let length = |m: &Meeting| {
            m.duration_minutes()
                .map(|d| ctx.strings.fmt("meetings.minutes", &[("n", &d)]))
                .unwrap_or_default()
        };
        let meetings = || self.entries.iter().map(|e| &e.meeting);
        let lengths: Vec<String> = meetings().map(length).collect();
        let kinds: Vec<String> = meetings().map(kind).collect();
        let statuses: Vec<String> = meetings().map(status).collect();
        let add = ctx.keymap.keys_of(SECTIONS, Action::Add);
        let frame = ListFrame {
            titles: self.titles(ctx),
            filter: None,
            empty: ctx.strings.fmt("meetings.empty", &[("add", &add)]),
            columns: vec![
                Column::fixed(ctx.t("meetings.col_when"), 16),
                Column::widest(ctx.t("meetings.col_kind"), kinds.iter().map(String::as_str)),
                Column::widest(
                    ctx.t("meetings.col_status"),
                    statuses.iter().map(String::as_str),
                ),
                Column::fixed(ctx.t("meetings.col_present"), 6),
                Column::widest(
                    ctx.t("meetings.col_duration"),
                    lengths.iter().map(String::as_str),
                )
                .optional(3),
                Column::widest(ctx.t("meetings.col_flags"), [ctx.t("meetings.short")]).optional(1),
                Column::fill(ctx.t("meetings.col_topic"), 12).optional(2),
            ],
            len: self.entries.len(),
        };
        frame.render(area, buf, ctx, &self.list, |position| {
            let e = &self.entries[position];
            let m = &e.meeting;
            let status_style = match m.status {
                MeetingStatus::Planned => t.key,
                MeetingStatus::Cancelled => t.muted,
                MeetingStatus::InProgress => t.warn,
                _ => t.base,
            };
            // A meeting shorter than its minimum is marked in words, not
            // by colour alone.
            let (short, length_style) = match e.short {
                Some(_) => (ctx.t("meetings.short"), t.warn),
                None => ("", t.base),
            };
            vec![
                Span::raw(vi::date_time(m.started_at.unwrap_or(m.planned_at))),
                Span::raw(kinds[position].clone()),
                Span::styled(statuses[position].clone(), status_style),
                Span::raw(e.attendance.clone().unwrap_or_default()),
                Span::styled(lengths[position].clone(), length_style),
                Span::styled(short, t.warn),
                Span::raw(safe(&m.title).into_owned()),
            ]
        });
    }
}
