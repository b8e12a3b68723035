//! The proceedings pane: the agenda clock, and under each item what was
//! recorded in it (remarks, votes, tasks), each of which can be corrected
//! or deleted until the lock.

use chrono::{Duration, NaiveDateTime};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::view::MeetingView;
use crate::domain::engine::moments;
use crate::domain::{AgendaItem, RowId};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::{LiveForm, PlanningForm};
use crate::tui::screens::{Effect, Entry, LiveEffect};
use crate::tui::text::{fit, safe};
use crate::tui::widgets::table::window_start;
use crate::vi;

/// One line of the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Item(usize),
    Remark(usize),
    Vote(usize),
    Task(usize),
    /// The heading of what was recorded outside any item.
    General,
    ProjectedEnd,
    Guests,
    Quality,
    Addendum(usize),
}

impl Row {
    fn selectable(self) -> bool {
        matches!(
            self,
            Row::Item(_) | Row::Remark(_) | Row::Vote(_) | Row::Task(_)
        )
    }
}

/// The times of agenda items before a change of the agenda clock.
pub type ItemTimes = Vec<(RowId, Option<NaiveDateTime>, Option<NaiveDateTime>)>;

#[derive(Default)]
pub struct Proceedings {
    rows: Vec<Row>,
    selected: usize,
    /// The first row shown; kept by `layout`, never changed while drawing.
    offset: usize,
    /// Rows in view at the last layout (what a page key moves by).
    viewport: usize,
    /// Times before each advance of the agenda clock, for undo.
    undo: Vec<ItemTimes>,
    started: bool,
}

impl Proceedings {
    /// The rows after a reload; the cursor stays on the same record.
    pub fn rebuild(&mut self, view: &MeetingView) {
        let before = self.rows.get(self.selected).copied();
        let key = before.map(|r| row_key(view, r));
        let old_key = key.clone();
        self.rows = rows(view);
        if !self.started {
            // The cursor starts on the running item, else the first one
            // still to hold: a vote or remark goes where the meeting is.
            self.started = true;
            let running = view
                .items
                .iter()
                .position(|i| i.started_at.is_some() && i.ended_at.is_none())
                .or_else(|| {
                    view.items
                        .iter()
                        .position(|i| i.started_at.is_none() && i.disposition.is_none())
                })
                .unwrap_or(0);
            self.selected = self
                .rows
                .iter()
                .position(|r| *r == Row::Item(running))
                .unwrap_or(0);
            return;
        }
        if let Some(key) = old_key
            && let Some(pos) = self.rows.iter().position(|r| row_key(view, *r) == key)
        {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        if !self.rows.get(self.selected).is_some_and(|r| r.selectable()) {
            self.selected = self.step(self.selected, -1);
        }
    }

    /// The item under the cursor, or the item of the record under it.
    pub fn current_item<'a>(&self, view: &'a MeetingView) -> Option<&'a AgendaItem> {
        let item_id = match self.rows.get(self.selected)? {
            Row::Item(i) => return view.items.get(*i),
            Row::Remark(i) => view.remarks.get(*i)?.agenda_item_id,
            Row::Vote(i) => view.votes.get(*i)?.agenda_item_id,
            Row::Task(i) => view.tasks.get(*i)?.agenda_item_id,
            _ => None,
        }?;
        view.items.iter().find(|i| i.id == item_id)
    }

    /// The item under the cursor itself (not one of its records).
    fn item_row<'a>(&self, view: &'a MeetingView) -> Option<&'a AgendaItem> {
        match self.rows.get(self.selected)? {
            Row::Item(i) => view.items.get(*i),
            _ => None,
        }
    }

    pub fn select_item(&mut self, view: &MeetingView, item_id: RowId) {
        if let Some(i) = view.items.iter().position(|x| x.id == item_id)
            && let Some(pos) = self.rows.iter().position(|r| *r == Row::Item(i))
        {
            self.selected = pos;
        }
    }

    /// Moves the cursor past `item_id` to the next item not yet held,
    /// skipped or moved (if any).
    pub fn select_next_to_hold(&mut self, view: &MeetingView, item_id: RowId) {
        let Some(from) = view.items.iter().position(|i| i.id == item_id) else {
            return;
        };
        if let Some(next) = view
            .items
            .iter()
            .skip(from + 1)
            .find(|i| i.started_at.is_none() && i.disposition.is_none())
        {
            self.select_item(view, next.id);
        }
    }

    /// An advance of the agenda clock committed: its earlier times kept.
    pub fn record_advance(&mut self, before: ItemTimes) {
        self.undo.push(before);
    }

    pub fn take_undo(&mut self) -> Option<ItemTimes> {
        self.undo.pop()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// The next selectable row `delta` steps away (clamped).
    fn step(&self, from: usize, delta: isize) -> usize {
        let mut at = from;
        let mut left = delta.unsigned_abs();
        let forward = delta > 0;
        let mut best = from;
        while left > 0 {
            let next = if forward {
                at + 1
            } else if at == 0 {
                break;
            } else {
                at - 1
            };
            if next >= self.rows.len() {
                break;
            }
            at = next;
            if self.rows[at].selectable() {
                best = at;
                left -= 1;
            }
        }
        if self.rows.get(best).is_some_and(|r| r.selectable()) {
            best
        } else {
            self.rows.iter().position(|r| r.selectable()).unwrap_or(0)
        }
    }

    pub fn handle(&mut self, action: Action, view: &MeetingView, ctx: &Ctx) -> Vec<Effect> {
        let meeting_id = view.meeting.id;
        let item_id = self.current_item(view).map(|i| i.id);
        let page = self.viewport.max(2) as isize - 1;
        match action {
            Action::Up => self.selected = self.step(self.selected, -1),
            Action::Down => self.selected = self.step(self.selected, 1),
            Action::PageUp => self.selected = self.step(self.selected, -page),
            Action::PageDown => self.selected = self.step(self.selected, page),
            Action::Top => self.selected = self.step(0, 0),
            Action::Bottom => self.selected = self.step(self.selected, isize::MAX),
            Action::NextItem => return self.enter(view),
            Action::Edit => return self.edit(view),
            Action::Delete => return self.delete(view, ctx),
            Action::Undo => return vec![Effect::Live(LiveEffect::UndoItemTimes)],
            Action::Remark => {
                return vec![Effect::form(LiveForm::Remark {
                    meeting_id,
                    item_id,
                })];
            }
            Action::Vote => {
                return vec![Effect::form(LiveForm::Vote {
                    meeting_id,
                    item_id,
                })];
            }
            Action::Task => {
                return vec![Effect::form(LiveForm::NewTask {
                    meeting_id,
                    item_id,
                })];
            }
            Action::Conclusion => {
                if let Some(item_id) = item_id {
                    return vec![Effect::form(LiveForm::Conclusion { item_id })];
                }
            }
            Action::Guest => return vec![Effect::form(PlanningForm::Guest { meeting_id })],
            Action::Score => return vec![Effect::form(LiveForm::Quality { meeting_id })],
            Action::Addendum => return vec![Effect::form(LiveForm::Addendum { meeting_id })],
            Action::Readback => return vec![Effect::Readback(meeting_id)],
            Action::ItemTimes => {
                if let Some(item_id) = item_id {
                    return vec![Effect::form(LiveForm::ItemTimes { item_id })];
                }
            }
            Action::SkipItem => {
                if let Some(item) = self.item_row(view) {
                    // An optional step ("nếu có") is skipped with one key; a
                    // skipped one is taken back the same way; any other
                    // step asks why.
                    return if item.disposition.is_some() || item.optional {
                        vec![Effect::Live(LiveEffect::SkipItem {
                            item_id: item.id,
                            skip: item.disposition.is_none(),
                        })]
                    } else {
                        vec![Effect::form(LiveForm::SkipItem { item_id: item.id })]
                    };
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Enter: on an item, the agenda clock (in the room) or its times
    /// (typed up after the day); on a record, its correction.
    fn enter(&self, view: &MeetingView) -> Vec<Effect> {
        let Some(item) = self.item_row(view) else {
            return self.edit(view);
        };
        if !moments::is_live(&view.meeting, view.clock.now()) {
            return vec![Effect::form(LiveForm::ItemTimes { item_id: item.id })];
        }
        vec![Effect::Live(LiveEffect::NextItem {
            meeting_id: view.meeting.id,
            item_id: item.id,
        })]
    }

    /// The correction form of the record under the cursor (an item's is
    /// its conclusion).
    fn edit(&self, view: &MeetingView) -> Vec<Effect> {
        let form = match self.rows.get(self.selected) {
            Some(Row::Item(i)) => view
                .items
                .get(*i)
                .map(|item| LiveForm::Conclusion { item_id: item.id }),
            Some(Row::Remark(i)) => view
                .remarks
                .get(*i)
                .map(|r| LiveForm::EditRemark { remark_id: r.id }),
            Some(Row::Vote(i)) => view
                .votes
                .get(*i)
                .map(|v| LiveForm::EditVote { vote_id: v.id }),
            Some(Row::Task(i)) => view
                .tasks
                .get(*i)
                .map(|t| LiveForm::EditTask { task_id: t.id }),
            _ => None,
        };
        form.map(Effect::form).into_iter().collect()
    }

    /// Deleting a remark, vote or task asks first.
    fn delete(&self, view: &MeetingView, ctx: &Ctx) -> Vec<Effect> {
        let s = &ctx.strings;
        let (entry, message) = match self.rows.get(self.selected) {
            Some(Row::Remark(i)) => {
                let Some(r) = view.remarks.get(*i) else {
                    return Vec::new();
                };
                let who = view.name_of(r.speaker());
                (
                    Entry::Remark(r.id),
                    s.fmt("live.confirm_delete_remark", &[("name", &who)]),
                )
            }
            Some(Row::Vote(i)) => {
                let Some(v) = view.votes.get(*i) else {
                    return Vec::new();
                };
                (
                    Entry::Vote(v.id),
                    s.fmt(
                        "live.confirm_delete_vote",
                        &[("subject", &fit(&safe(&v.subject), 40))],
                    ),
                )
            }
            Some(Row::Task(i)) => {
                let Some(t) = view.tasks.get(*i) else {
                    return Vec::new();
                };
                (
                    Entry::Task(t.id),
                    s.fmt(
                        "live.confirm_delete_task",
                        &[("text", &fit(&safe(&t.text), 40))],
                    ),
                )
            }
            _ => return vec![Effect::Refuse(ctx.t("live.delete_what").to_string())],
        };
        vec![Effect::Confirm {
            message,
            then: Box::new(Effect::Live(LiveEffect::DeleteEntry(entry))),
        }]
    }

    /// Keeps the cursor in view for `height` rows, moving the window as
    /// little as possible.
    pub fn layout(&mut self, height: u16) {
        self.viewport = usize::from(height);
        self.offset = self.start(self.viewport);
    }

    /// The first row shown in `h` rows: the cursor in view, and with it
    /// what was recorded under the item it is on (up to half the rows), so
    /// a remark just saved is seen.
    fn start(&self, h: usize) -> usize {
        let len = self.rows.len();
        let records = self
            .rows
            .iter()
            .skip(self.selected + 1)
            .take_while(|r| matches!(r, Row::Remark(_) | Row::Vote(_) | Row::Task(_)))
            .count()
            .min(h / 2);
        let start = window_start(self.selected + records, self.offset, h, len);
        start.min(self.selected)
    }

    /// "start–end/len" of the rows in view, when they do not all fit.
    pub fn window(&self, height: u16) -> Option<(usize, usize, usize)> {
        let h = usize::from(height);
        let len = self.rows.len();
        (len > h).then(|| {
            let start = self.start(h);
            (start + 1, (start + h).min(len), len)
        })
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, view: &MeetingView) {
        let h = usize::from(area.height);
        let start = self.start(h);
        let width = usize::from(area.width);
        let projected = projected_end(view, ctx.clock.now());
        for (n, row) in self.rows.iter().enumerate().skip(start).take(h) {
            let mut line = row_line(view, ctx, *row, width, projected);
            if n == self.selected {
                line = line.patch_style(ctx.theme.selected);
            }
            let y = area.y + (n - start) as u16;
            Paragraph::new(line).render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}

/// What stays the same about a row across a reload.
fn row_key(view: &MeetingView, row: Row) -> String {
    match row {
        Row::Item(i) => format!("i{}", view.items.get(i).map_or(0, |x| x.id)),
        Row::Remark(i) => format!("r{}", view.remarks.get(i).map_or(0, |x| x.id)),
        Row::Vote(i) => format!("v{}", view.votes.get(i).map_or(0, |x| x.id)),
        Row::Task(i) => format!("t{}", view.tasks.get(i).map_or(0, |x| x.id)),
        other => format!("{other:?}"),
    }
}

/// The pane's rows: each item followed by its records, then what was
/// recorded outside the items, then the meeting's other lines.
fn rows(view: &MeetingView) -> Vec<Row> {
    let of = |item: Option<RowId>, rows: &mut Vec<Row>| {
        for (i, r) in view.remarks.iter().enumerate() {
            if r.agenda_item_id == item {
                rows.push(Row::Remark(i));
            }
        }
        for (i, v) in view.votes.iter().enumerate() {
            if v.agenda_item_id == item {
                rows.push(Row::Vote(i));
            }
        }
        for (i, t) in view.tasks.iter().enumerate() {
            if t.agenda_item_id == item {
                rows.push(Row::Task(i));
            }
        }
    };
    let mut rows = Vec::new();
    for (i, item) in view.items.iter().enumerate() {
        rows.push(Row::Item(i));
        of(Some(item.id), &mut rows);
    }
    // Records whose item is gone or was never given.
    let known = |id: Option<RowId>| id.is_some_and(|id| view.items.iter().any(|i| i.id == id));
    let loose = view.remarks.iter().any(|r| !known(r.agenda_item_id))
        || view.votes.iter().any(|v| !known(v.agenda_item_id))
        || view.tasks.iter().any(|t| !known(t.agenda_item_id));
    if loose {
        rows.push(Row::General);
        for (i, r) in view.remarks.iter().enumerate() {
            if !known(r.agenda_item_id) {
                rows.push(Row::Remark(i));
            }
        }
        for (i, v) in view.votes.iter().enumerate() {
            if !known(v.agenda_item_id) {
                rows.push(Row::Vote(i));
            }
        }
        for (i, t) in view.tasks.iter().enumerate() {
            if !known(t.agenda_item_id) {
                rows.push(Row::Task(i));
            }
        }
    }
    rows.push(Row::ProjectedEnd);
    if !view.guests.is_empty() {
        rows.push(Row::Guests);
    }
    if view.assessment.is_some() {
        rows.push(Row::Quality);
    }
    rows.extend((0..view.addenda.len()).map(Row::Addendum));
    rows
}

/// When the meeting will end if the items still to hold take their planned
/// minutes.
fn projected_end(view: &MeetingView, now: NaiveDateTime) -> NaiveDateTime {
    let mut projected = view.meeting.started_at.unwrap_or(view.meeting.planned_at);
    for item in &view.items {
        match (item.disposition, item.started_at, item.ended_at) {
            (Some(_), _, _) => {}
            (None, Some(_), Some(e)) => projected = e,
            (None, Some(s), None) => {
                let used = (now - s).num_minutes().max(0);
                projected = s + Duration::minutes(used.max(item.planned_minutes));
            }
            (None, None, _) => projected += Duration::minutes(item.planned_minutes),
        }
    }
    projected
}

/// The state mark of an item and its minutes.
fn item_state(ctx: &Ctx, item: &AgendaItem, now: NaiveDateTime) -> (&'static str, String) {
    match (item.disposition, item.started_at, item.ended_at) {
        // Not held: skipped ("không có" for an optional step) or moved to
        // the next meeting, in words.
        (Some(d), _, _) => (
            "[-]",
            ctx.t(&format!("live.item_state.{}", d.code())).to_string(),
        ),
        (None, Some(s), Some(e)) => (
            "[x]",
            ctx.strings.fmt(
                "live.item_done",
                &[
                    ("used", &(e - s).num_minutes()),
                    ("planned", &item.planned_minutes),
                ],
            ),
        ),
        (None, Some(s), None) => {
            let used = (now - s).num_minutes().max(0);
            let over = used - item.planned_minutes;
            let key = if over > 0 {
                "live.item_over"
            } else {
                "live.item_running"
            };
            (
                "[>]",
                ctx.strings.fmt(
                    key,
                    &[
                        ("used", &used),
                        ("planned", &item.planned_minutes),
                        ("over", &over),
                    ],
                ),
            )
        }
        (None, None, _) => ("[ ]", format!("{}'", item.planned_minutes)),
    }
}

/// A text of several lines on one row: its lines joined by " / " (the
/// row is cut with "…" where it does not fit).
fn one_row(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(|l| safe(l).into_owned()).collect();
    lines.join(" / ")
}

fn row_line(
    view: &MeetingView,
    ctx: &Ctx,
    row: Row,
    width: usize,
    projected: NaiveDateTime,
) -> Line<'static> {
    let t = &ctx.theme;
    let plain = |text: String, style: Style| {
        Line::from(Span::styled(fit(&text, width).into_owned(), style))
    };
    match row {
        Row::Item(i) => {
            let Some(item) = view.items.get(i) else {
                return Line::from("");
            };
            let (mark, info) = item_state(ctx, item, ctx.clock.now());
            let head = format!("{mark} {:>2}. ", i + 1);
            // The title gives way to the figures, never the reverse.
            let room = width.saturating_sub(head.width() + info.width() + 2);
            let title = fit(&safe(&item.title), room).into_owned();
            let pad = width
                .saturating_sub(head.width() + title.width() + info.width())
                .max(2);
            let pad = " ".repeat(pad);
            let style = if item.disposition.is_some() {
                t.muted
            } else {
                t.base
            };
            Line::from(vec![
                Span::styled(head, style),
                Span::styled(title, style),
                Span::raw(pad),
                Span::styled(info, t.muted),
            ])
        }
        Row::Remark(i) => {
            let Some(r) = view.remarks.get(i) else {
                return Line::from("");
            };
            let who = view.name_of(r.speaker());
            let text = one_row(&r.text);
            let line = if who.is_empty() {
                format!("      • {text}")
            } else {
                format!("      • {who}: {text}")
            };
            plain(line, t.base)
        }
        Row::Vote(i) => {
            let Some(vote) = view.votes.get(i) else {
                return Line::from("");
            };
            let verdict = match crate::domain::engine::verdict(vote, view.rules) {
                Some(r) if r.passed => ctx.t("live.passed"),
                Some(_) => ctx.t("live.failed"),
                None => ctx.t("live.no_verdict"),
            };
            plain(
                format!(
                    "      ☑ {}: {} {} · {} {} · {} {} — {verdict}",
                    safe(&vote.subject),
                    ctx.t("live.for"),
                    ctx.strings.share(vote.votes_for, vote.denominator),
                    ctx.t("live.against"),
                    vote.votes_against,
                    ctx.t("live.other"),
                    vote.votes_other
                ),
                t.base,
            )
        }
        Row::Task(i) => {
            let Some(task) = view.tasks.get(i) else {
                return Line::from("");
            };
            let who = task
                .assignee_id
                .and_then(|id| view.names.get(&id))
                .map(|n| safe(n).into_owned())
                .unwrap_or_default();
            let due = task
                .due_on
                .map(|d| format!(" ({})", vi::date(d)))
                .unwrap_or_default();
            plain(format!("      → {} — {who}{due}", safe(&task.text)), t.base)
        }
        Row::General => plain(ctx.t("live.general").to_string(), t.header),
        Row::ProjectedEnd => plain(
            ctx.strings.fmt(
                "live.projected_end",
                &[("end", &vi::clock(projected.time()))],
            ),
            t.muted,
        ),
        Row::Guests => {
            let guests: Vec<String> = view
                .guests
                .iter()
                .map(|g| {
                    if g.title.is_empty() {
                        safe(&g.name).into_owned()
                    } else {
                        format!("{} ({})", safe(&g.name), safe(&g.title))
                    }
                })
                .collect();
            plain(
                format!("{}: {}", ctx.t("agenda.guests"), guests.join("; ")),
                t.base,
            )
        }
        Row::Quality => match &view.assessment {
            Some(a) => plain(
                ctx.strings.fmt(
                    "live.quality_line",
                    &[("total", &a.total), ("tier", &a.tier.name)],
                ),
                t.base,
            ),
            None => Line::from(""),
        },
        Row::Addendum(i) => match view.addenda.get(i) {
            Some(a) => plain(
                ctx.strings.fmt(
                    "live.addendum_line",
                    &[
                        ("date", &vi::date_time(a.recorded_at)),
                        ("text", &one_row(&a.text)),
                    ],
                ),
                t.warn,
            ),
            None => Line::from(""),
        },
    }
}
