//! The live meeting: the roll call at one key per member with the figures of
//! the minutes header always in view, and the proceedings (agenda clock,
//! remarks, votes, tasks). A mark shows only once its transaction committed:
//! the app hands committed marks back through `apply_mark`.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Effect;
use crate::assets;
use crate::domain::engine::{Finding, MeetingRecord, RuleId, moments};
use crate::domain::rules::RuleSet;
use crate::domain::{
    AgendaItem, AttendanceMark, Cell, Figures, MarkKind, Meeting, Remark, Roster, RosterCategory,
    RowId, Task, Vote, VoteRule,
};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::Purpose;
use crate::tui::text::safe;
use crate::tui::widgets::filter::{Filter, FilterKey};
use crate::tui::widgets::table::{step, window_start};
use crate::vi;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Attendance,
    Proceedings,
}

/// One change of a mark, for undo and redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkChange {
    pub member_id: RowId,
    pub before: Option<AttendanceMark>,
    pub after: Option<AttendanceMark>,
}

pub struct LiveScreen {
    cell: Cell,
    meeting: Meeting,
    roster: Roster,
    marks: HashMap<RowId, AttendanceMark>,
    figures: Figures,
    dues: HashMap<RowId, bool>,
    last_reasons: HashMap<RowId, String>,
    /// Roster indices in display order: the roll call first, then the
    /// exempt members (who may come), then those not called.
    order: Vec<usize>,
    selected: usize,
    offset: std::cell::Cell<usize>,
    jump: Filter,
    folded: Vec<String>,
    undo: Vec<Vec<MarkChange>>,
    redo: Vec<Vec<MarkChange>>,
    pane: Pane,
    items: Vec<AgendaItem>,
    item_selected: usize,
    remarks: Vec<Remark>,
    votes: Vec<Vote>,
    tasks: Vec<Task>,
    rules: Option<&'static RuleSet>,
    /// The record as the engine reads it, kept in step with each mark.
    record: Option<MeetingRecord>,
    /// The cell's other meetings (for the rules that compare months).
    others: Vec<Meeting>,
    /// The engine's findings about the meeting as it stands.
    findings: Vec<Finding>,
    clock: crate::clock::Clock,
    names: HashMap<RowId, String>,
    guests: Vec<crate::domain::Guest>,
    assessment: Option<crate::domain::rubric::Assessment>,
    addenda: Vec<crate::domain::Addendum>,
}

fn category_rank(c: RosterCategory) -> u8 {
    match c {
        RosterCategory::Expected | RosterCategory::AttachedIn => 0,
        RosterCategory::Exempt => 1,
        RosterCategory::Away | RosterCategory::Suspended => 2,
    }
}

impl LiveScreen {
    pub fn load(store: &Store, ctx: &Ctx, meeting_id: RowId) -> Result<LiveScreen> {
        let meeting = store.meeting(meeting_id)?;
        let mut screen = LiveScreen {
            cell: store.cell(meeting.cell_id)?,
            rules: assets::rules_on(meeting.date()),
            record: None,
            others: Vec::new(),
            findings: Vec::new(),
            clock: ctx.clock,
            meeting,
            roster: Roster::default(),
            marks: HashMap::new(),
            figures: Figures::default(),
            dues: HashMap::new(),
            last_reasons: HashMap::new(),
            order: Vec::new(),
            selected: 0,
            offset: std::cell::Cell::new(0),
            jump: Filter::default(),
            folded: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            pane: Pane::Attendance,
            items: Vec::new(),
            item_selected: 0,
            remarks: Vec::new(),
            votes: Vec::new(),
            tasks: Vec::new(),
            names: HashMap::new(),
            guests: Vec::new(),
            assessment: None,
            addenda: Vec::new(),
        };
        screen.reload(store, ctx)?;
        screen.selected = screen.next_unmarked(0).unwrap_or(0);
        Ok(screen)
    }

    pub fn reload(&mut self, store: &Store, _ctx: &Ctx) -> Result<()> {
        self.meeting = store.meeting(self.meeting.id)?;
        self.roster = store.roster(&self.meeting)?;
        self.marks = store
            .marks(self.meeting.id)?
            .into_iter()
            .map(|m| (m.member_id, m))
            .collect();
        let d = self.meeting.date();
        use chrono::Datelike;
        self.dues = store
            .dues_of_month(self.cell.id, d.year(), d.month())?
            .into_iter()
            .map(|(id, p)| (id, p.paid))
            .collect();
        self.last_reasons = store.last_reasons(&self.meeting)?;
        let mut order: Vec<usize> = (0..self.roster.entries.len()).collect();
        order.sort_by_key(|&i| category_rank(self.roster.entries[i].category));
        self.order = order;
        self.folded = self
            .roster
            .entries
            .iter()
            .map(|e| vi::fold(&e.full_name))
            .collect();
        self.items = store.agenda(self.meeting.id)?;
        self.remarks = store.remarks(self.meeting.id)?;
        self.votes = store.votes(self.meeting.id)?;
        self.tasks = store.tasks(self.meeting.id)?;
        self.names = store
            .members(self.cell.id)?
            .into_iter()
            .map(|m| (m.id, m.full_name))
            .collect();
        self.guests = store.guests(self.meeting.id)?;
        let record = store.record(self.meeting.id)?;
        self.assessment = crate::domain::engine::assess(&record, assets::rulebook()?);
        self.record = Some(record);
        self.others = store.meetings(self.cell.id)?;
        self.addenda = store.addenda(self.meeting.id)?;
        self.item_selected = self.item_selected.min(self.items.len().saturating_sub(1));
        self.refigure();
        Ok(())
    }

    /// Figures and findings after a change of marks (no store read: the
    /// marks shown are the ones committed).
    fn refigure(&mut self) {
        let marks: Vec<AttendanceMark> = self.marks.values().cloned().collect();
        self.figures = Figures::compute(&self.roster, &marks, None);
        let Ok(book) = assets::rulebook() else {
            return;
        };
        if let Some(record) = &mut self.record {
            record.meeting = self.meeting.clone();
            record.marks = marks;
            record.figures = self.figures.clone();
            self.findings = crate::domain::engine::meeting_findings(
                record,
                book,
                &self.others,
                self.clock.now(),
            );
        }
    }

    /// The findings worth showing while the meeting runs: the attendance
    /// and voting rules, and an officer who is absent.
    pub fn live_warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| {
            matches!(
                f.rule,
                RuleId::AttendanceLow
                    | RuleId::AttendanceBelowFullMarks
                    | RuleId::UnexcusedAbsence
                    | RuleId::VoteCannotPass
                    | RuleId::ChairAbsent
                    | RuleId::MinuteTakerAbsent
                    | RuleId::TooShort
            ) && (self.figures.unmarked == 0
                || !matches!(f.rule, RuleId::ChairAbsent | RuleId::MinuteTakerAbsent))
        })
    }

    /// The live warnings wrapped to `width`, at most four rows: whatever
    /// does not fit is counted, never cut off silently.
    fn warning_rows(&self, ctx: &Ctx, width: usize) -> Vec<String> {
        const MAX_ROWS: usize = 4;
        let texts: Vec<String> = self
            .live_warnings()
            .map(|f| ctx.strings.finding(f))
            .collect();
        let mut rows = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            let wrapped = crate::documents::layout::wrap(text, width.max(20), "⚠ ", "  ");
            // Keep a row for the count while more warnings follow.
            let budget = if n + 1 < texts.len() {
                MAX_ROWS - 1
            } else {
                MAX_ROWS
            };
            if rows.len() + wrapped.len() > budget {
                rows.push(
                    ctx.strings
                        .fmt("live.more_warnings", &[("n", &(texts.len() - n))]),
                );
                break;
            }
            rows.extend(wrapped);
        }
        rows
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }

    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    pub fn pane(&self) -> Pane {
        self.pane
    }

    pub fn cell_id(&self) -> RowId {
        self.cell.id
    }

    pub fn mark_of(&self, member_id: RowId) -> Option<&AttendanceMark> {
        self.marks.get(&member_id)
    }

    /// The member under the cursor, when it can be marked.
    pub fn selected_member(&self) -> Option<RowId> {
        let entry = &self.roster.entries[*self.order.get(self.selected)?];
        matches!(
            entry.category,
            RosterCategory::Expected | RosterCategory::AttachedIn | RosterCategory::Exempt
        )
        .then_some(entry.member_id)
    }

    fn markable(&self, position: usize) -> bool {
        self.order.get(position).is_some_and(|&i| {
            let e = &self.roster.entries[i];
            e.category.is_expected() && !self.marks.contains_key(&e.member_id)
        })
    }

    /// The next member of the roll call without a mark, from `from` on
    /// (wrapping), if any.
    fn next_unmarked(&self, from: usize) -> Option<usize> {
        let n = self.order.len();
        (0..n).map(|k| (from + k) % n).find(|&p| self.markable(p))
    }

    /// A committed mark (or its removal) reaches the screen here.
    pub fn apply_mark(&mut self, member_id: RowId, mark: Option<AttendanceMark>, advance: bool) {
        match mark {
            Some(m) => {
                self.marks.insert(member_id, m);
            }
            None => {
                self.marks.remove(&member_id);
            }
        }
        self.refigure();
        if advance {
            let from = self.selected + 1;
            if let Some(next) = self.next_unmarked(from.min(self.order.len().saturating_sub(1))) {
                self.selected = next;
            } else if self.selected + 1 < self.order.len() {
                self.selected += 1;
            }
        }
    }

    pub fn apply_dues(&mut self, member_id: RowId, paid: bool) {
        self.dues.insert(member_id, paid);
    }

    /// Remembers one keystroke's changes (one mark, or all the rest) for undo.
    pub fn record_change(&mut self, changes: Vec<MarkChange>) {
        self.undo.push(changes);
        self.redo.clear();
    }

    /// The changes the next undo would revert (moved only once it committed).
    pub fn peek_undo(&self) -> Option<Vec<MarkChange>> {
        self.undo.last().cloned()
    }

    pub fn peek_redo(&self) -> Option<Vec<MarkChange>> {
        self.redo.last().cloned()
    }

    /// An undo (or redo) committed: its entry moves to the other stack.
    pub fn commit_undo(&mut self, undo: bool) {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        if let Some(changes) = from.pop() {
            to.push(changes);
        }
    }

    /// Members of the roll call still unmarked.
    pub fn unmarked(&self) -> Vec<RowId> {
        self.roster
            .expected()
            .filter(|e| !self.marks.contains_key(&e.member_id))
            .map(|e| e.member_id)
            .collect()
    }

    pub fn last_reason(&self, member_id: RowId) -> Option<&str> {
        self.last_reasons.get(&member_id).map(String::as_str)
    }

    pub fn selected_item(&self) -> Option<&AgendaItem> {
        self.items.get(self.item_selected)
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!(
            "{} › {} {}",
            safe(&self.cell.name),
            ctx.t("live.title"),
            vi::date(self.meeting.date())
        )
    }

    pub fn is_typing(&self) -> bool {
        self.jump.is_typing()
    }

    /// `/` then part of a name without accents jumps to it.
    pub fn handle_text(&mut self, key: &KeyEvent) -> Vec<Effect> {
        match self.jump.handle_key(key) {
            FilterKey::Changed => {
                if !self.jump.query().is_empty()
                    && let Some(pos) = self
                        .order
                        .iter()
                        .position(|&i| self.jump.matches(&self.folded[i]))
                {
                    self.selected = pos;
                }
            }
            FilterKey::Done => self.jump.clear(),
            FilterKey::Up => self.selected = step(self.selected, -1, self.order.len()),
            FilterKey::Down => self.selected = step(self.selected, 1, self.order.len()),
            FilterKey::Ignored => {}
        }
        Vec::new()
    }

    pub fn sections(&self) -> &'static [&'static str] {
        match self.pane {
            Pane::Attendance => &["live", "global"],
            Pane::Proceedings => &["proceedings", "global"],
        }
    }

    pub fn handle(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let meeting_id = self.meeting.id;
        // Keys common to both panes.
        match action {
            Action::NextTab => {
                self.pane = match self.pane {
                    Pane::Attendance => Pane::Proceedings,
                    Pane::Proceedings => Pane::Attendance,
                };
                return Vec::new();
            }
            Action::Start => {
                return vec![Effect::Form(Purpose::MeetingTime {
                    meeting_id,
                    end: false,
                })];
            }
            Action::Finish => {
                return vec![Effect::Form(Purpose::MeetingTime {
                    meeting_id,
                    end: true,
                })];
            }
            Action::CloseMeeting => return vec![Effect::CloseMeeting(meeting_id)],
            Action::Lock => return vec![Effect::LockMeeting(meeting_id)],
            Action::Officers => return vec![Effect::Form(Purpose::Officers { meeting_id })],
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        match self.pane {
            Pane::Attendance => self.handle_attendance(action, ctx),
            Pane::Proceedings => self.handle_proceedings(action),
        }
    }

    fn handle_attendance(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let meeting_id = self.meeting.id;
        let len = self.order.len();
        let kind = match action {
            Action::Present => Some(MarkKind::Present),
            Action::Late => Some(MarkKind::Late),
            Action::Unexcused => Some(MarkKind::AbsentUnexcused),
            Action::LeftEarly => Some(MarkKind::LeftEarly),
            _ => None,
        };
        if let Some(kind) = kind {
            let timed = matches!(kind, MarkKind::Late | MarkKind::LeftEarly);
            let typed_up = moments::mark_time(&self.meeting, ctx.clock.now()).is_none();
            return match self.selected_member() {
                // Typed up after the day: the arrival (or leaving) time is
                // asked, never taken from the clock or the planned time.
                Some(member_id) if timed && typed_up => {
                    vec![Effect::Form(Purpose::TimedMark {
                        meeting_id,
                        member_id,
                        kind,
                    })]
                }
                Some(member_id) => vec![Effect::Mark {
                    meeting_id,
                    member_id,
                    kind,
                    reason: String::new(),
                }],
                None => vec![Effect::Refuse(ctx.t("live.not_called").to_string())],
            };
        }
        match action {
            Action::Up => self.selected = step(self.selected, -1, len),
            Action::Down => self.selected = step(self.selected, 1, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Filter => self.jump.start(),
            Action::Excused => {
                if let Some(member_id) = self.selected_member() {
                    return vec![Effect::Form(Purpose::Reason {
                        meeting_id,
                        member_id,
                    })];
                }
            }
            Action::ClearMark => {
                if let Some(member_id) = self.selected_member()
                    && self.marks.contains_key(&member_id)
                {
                    return vec![Effect::ClearMark {
                        meeting_id,
                        member_id,
                    }];
                }
            }
            Action::EditTime => {
                if let Some(member_id) = self.selected_member()
                    && self
                        .marks
                        .get(&member_id)
                        .is_some_and(|m| matches!(m.kind, MarkKind::Late | MarkKind::LeftEarly))
                {
                    return vec![Effect::Form(Purpose::MarkTime {
                        meeting_id,
                        member_id,
                    })];
                }
            }
            Action::AllPresent => {
                let rest = self.unmarked();
                if !rest.is_empty() {
                    return vec![Effect::Confirm {
                        message: ctx.strings.fmt("live.confirm_all", &[("n", &rest.len())]),
                        then: Box::new(Effect::MarkAllPresent(meeting_id)),
                    }];
                }
            }
            Action::Undo => return vec![Effect::UndoMark],
            Action::Redo => return vec![Effect::RedoMark],
            Action::Dues => {
                if let Some(member_id) = self.selected_member() {
                    let paid = self.dues.get(&member_id).copied().unwrap_or(false);
                    return vec![Effect::SetDues {
                        member_id,
                        paid: !paid,
                    }];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn handle_proceedings(&mut self, action: Action) -> Vec<Effect> {
        let meeting_id = self.meeting.id;
        let item_id = self.selected_item().map(|i| i.id);
        match action {
            Action::Up => self.item_selected = step(self.item_selected, -1, self.items.len()),
            Action::Down => self.item_selected = step(self.item_selected, 1, self.items.len()),
            Action::NextItem => {
                // In the room Enter runs the agenda clock; typed up after
                // the day it asks the item's times, offering the next slot.
                if let Some(item_id) = item_id {
                    if !moments::is_live(&self.meeting, self.clock.now()) {
                        return vec![Effect::Form(Purpose::ItemTimes { item_id })];
                    }
                    return vec![Effect::NextItem {
                        meeting_id,
                        item_id,
                    }];
                }
            }
            Action::Remark => {
                return vec![Effect::Form(Purpose::Remark {
                    meeting_id,
                    item_id,
                })];
            }
            Action::Vote => {
                return vec![Effect::Form(Purpose::Vote {
                    meeting_id,
                    item_id,
                })];
            }
            Action::Task => {
                return vec![Effect::Form(Purpose::NewTask {
                    meeting_id,
                    item_id,
                })];
            }
            Action::Conclusion => {
                if let Some(item_id) = item_id {
                    return vec![Effect::Form(Purpose::Conclusion { item_id })];
                }
            }
            Action::Guest => return vec![Effect::Form(Purpose::Guest { meeting_id })],
            Action::Score => return vec![Effect::Form(Purpose::Quality { meeting_id })],
            Action::Addendum => return vec![Effect::Form(Purpose::Addendum { meeting_id })],
            Action::Readback => return vec![Effect::Readback(meeting_id)],
            Action::ItemTimes => {
                if let Some(item_id) = item_id {
                    return vec![Effect::Form(Purpose::ItemTimes { item_id })];
                }
            }
            Action::SkipItem => {
                if let Some(item) = self.selected_item() {
                    // An optional step ("nếu có") is skipped with one key; a
                    // skipped one is taken back the same way; any other
                    // step asks why.
                    return if item.disposition.is_some() || item.optional {
                        vec![Effect::SkipItem {
                            item_id: item.id,
                            skip: item.disposition.is_none(),
                        }]
                    } else {
                        vec![Effect::Form(Purpose::SkipItem { item_id: item.id })]
                    };
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Moves the proceedings cursor past `item_id` to the next item not yet
    /// held, skipped or moved (if any).
    pub fn select_next_to_hold(&mut self, item_id: RowId) {
        let Some(at) = self.items.iter().position(|i| i.id == item_id) else {
            return;
        };
        if let Some(next) = self.items[at + 1..].iter().position(|i| !i.is_settled()) {
            self.item_selected = at + 1 + next;
        }
    }

    /// Moves the proceedings cursor to an item (after starting it).
    pub fn select_item(&mut self, item_id: RowId) {
        if let Some(i) = self.items.iter().position(|x| x.id == item_id) {
            self.item_selected = i;
        }
    }

    fn mark_label(&self, ctx: &Ctx, member_id: RowId, category: RosterCategory) -> (String, bool) {
        let Some(m) = self.marks.get(&member_id) else {
            return match category {
                RosterCategory::Away => (ctx.t("live.away").to_string(), false),
                RosterCategory::Suspended => (ctx.t("live.suspended").to_string(), false),
                RosterCategory::Exempt => (format!("[ ] {}", ctx.t("live.exempt")), false),
                _ => ("[ ]".to_string(), false),
            };
        };
        let time = |t: Option<NaiveDateTime>| t.map(|t| vi::clock(t.time())).unwrap_or_default();
        let text = match m.kind {
            MarkKind::Present => format!("[x] {}", ctx.t("live.present")),
            MarkKind::Late => format!("[x] {} {}", ctx.t("live.late"), time(m.arrived_at)),
            MarkKind::LeftEarly => format!("[x] {} {}", ctx.t("live.left_early"), time(m.left_at)),
            MarkKind::AbsentExcused => {
                format!("[-] {}: {}", ctx.t("live.excused"), safe(&m.reason))
            }
            MarkKind::AbsentUnexcused => format!("[!] {}", ctx.t("live.unexcused")),
        };
        (text, true)
    }

    /// The figures in words, compact (80 columns) or one per line.
    pub fn figure_lines(&self, ctx: &Ctx, compact: bool) -> Vec<Line<'static>> {
        let f = &self.figures;
        let t = &ctx.theme;
        let s = &ctx.strings;
        let pct = s.percent(f.present, f.expected).unwrap_or("—".into());
        let mut lines = Vec::new();
        let roll = s.fmt(
            "live.fig_roll",
            &[
                ("total", &f.total),
                ("official", &f.official),
                ("probationary", &f.probationary),
                ("attached", &f.attached_in),
                ("exempt", &f.exempt),
                ("exempt_present", &f.exempt_present),
                ("away", &f.away),
                ("suspended", &f.suspended),
            ],
        );
        let presence = s.fmt(
            "live.fig_presence",
            &[
                ("expected", &f.expected),
                ("present", &f.present),
                ("pct", &pct),
                ("excused", &f.absent_excused.len()),
                ("unexcused", &f.absent_unexcused.len()),
                ("unmarked", &f.unmarked),
            ],
        );
        let mut voting = Vec::new();
        if let Some(rules) = &self.rules {
            let v = f.voting();
            let simple = v.needed(rules.majority(VoteRule::SimpleMajority));
            let two = v.needed(rules.majority(VoteRule::TwoThirds));
            voting.push(Span::raw(s.fmt(
                "live.fig_voting",
                &[
                    ("d", &f.denominator),
                    ("v", &f.eligible_present),
                    ("simple", &simple),
                    ("two_thirds", &two),
                ],
            )));
        }
        if compact {
            lines.push(Line::from(roll));
            let presence_style = if f.unmarked > 0 { t.base } else { t.ok };
            lines.push(Line::from(Span::styled(presence, presence_style)));
            lines.push(Line::from(voting));
        } else {
            // One figure a line, as the minutes header lists them.
            let row = |key: &str, value: String| {
                Line::from(vec![
                    Span::styled(format!("{:<24}", s.get(key)), t.muted),
                    Span::raw(value),
                ])
            };
            lines.push(Line::from(Span::styled(
                s.get("live.figures").to_string(),
                t.header,
            )));
            lines.push(row(
                "live.f_total",
                format!("{} ({} / {})", f.total, f.official, f.probationary),
            ));
            lines.push(row("live.f_attached", f.attached_in.to_string()));
            lines.push(row(
                "live.f_exempt",
                format!("{} ({})", f.exempt, f.exempt_present),
            ));
            lines.push(row("live.f_away", format!("{} / {}", f.away, f.suspended)));
            lines.push(row("live.f_expected", f.expected.to_string()));
            lines.push(row("live.f_present", format!("{} ({pct})", f.present)));
            lines.push(row("live.f_excused", f.absent_excused.len().to_string()));
            lines.push(row(
                "live.f_unexcused",
                f.absent_unexcused.len().to_string(),
            ));
            lines.push(row("live.f_unmarked", f.unmarked.to_string()));
            lines.push(row(
                "live.f_dv",
                format!("{} / {}", f.denominator, f.eligible_present),
            ));
            if let Some(rules) = &self.rules {
                let v = f.voting();
                lines.push(row(
                    "live.f_needed",
                    format!(
                        "{} / {}",
                        v.needed(rules.majority(VoteRule::SimpleMajority)),
                        v.needed(rules.majority(VoteRule::TwoThirds))
                    ),
                ));
            }
        }
        // The engine's warnings: beside the figures when wide; on narrow
        // screens `render` wraps them under the figures.
        if !compact {
            for f in self.live_warnings() {
                lines.push(Line::from(Span::styled(
                    format!("⚠ {}", s.finding(f)),
                    t.warn,
                )));
            }
        }
        if !compact {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                ctx.t("live.absent_excused").to_string(),
                t.header,
            )));
            for a in &f.absent_excused {
                lines.push(Line::from(format!(
                    "  {} — {}",
                    safe(&a.name),
                    safe(&a.reason)
                )));
            }
            lines.push(Line::from(Span::styled(
                ctx.t("live.absent_unexcused").to_string(),
                t.header,
            )));
            for name in &f.absent_unexcused {
                lines.push(Line::from(format!("  {}", safe(name))));
            }
        }
        lines
    }

    fn header_line(&self, ctx: &Ctx) -> Line<'static> {
        let t = &ctx.theme;
        let m = &self.meeting;
        let now = ctx.clock.now();
        let mut spans = vec![
            Span::styled(
                ctx.strings
                    .get(&format!("kind.{}", m.kind.code()))
                    .to_string(),
                t.title,
            ),
            Span::raw(format!(" · {} · ", vi::date(m.date()))),
        ];
        match (m.started_at, m.ended_at) {
            (Some(s), Some(e)) => spans.push(Span::raw(ctx.strings.fmt(
                "live.held_from_to",
                &[
                    ("start", &vi::clock(s.time())),
                    ("end", &vi::clock(e.time())),
                ],
            ))),
            // Typed up after the day: the clock says nothing of its length.
            (Some(s), None) if !moments::is_live(m, now) => spans.push(Span::raw(
                ctx.strings
                    .fmt("live.opened_at", &[("start", &vi::clock(s.time()))]),
            )),
            (Some(s), None) => spans.push(Span::styled(
                ctx.strings.fmt(
                    "live.running",
                    &[
                        ("start", &vi::clock(s.time())),
                        ("minutes", &(now - s).num_minutes().max(0)),
                    ],
                ),
                t.ok,
            )),
            _ => spans.push(Span::styled(ctx.t("live.not_started").to_string(), t.warn)),
        }
        let status = ctx
            .strings
            .get(&format!("meeting_status.{}", m.status.code()))
            .to_string();
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(status, t.key));
        Line::from(spans)
    }

    fn pane_tabs(&self, ctx: &Ctx) -> Line<'static> {
        let t = &ctx.theme;
        let tab = |label: &str, on: bool| {
            if on {
                Span::styled(format!("[ {label} ]"), t.selected)
            } else {
                Span::styled(format!("  {label}  "), t.muted)
            }
        };
        Line::from(vec![
            tab(ctx.t("live.tab_attendance"), self.pane == Pane::Attendance),
            Span::raw(" "),
            tab(
                ctx.t("live.tab_proceedings"),
                self.pane == Pane::Proceedings,
            ),
        ])
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        if area.height < 8 {
            return;
        }
        Paragraph::new(self.header_line(ctx)).render(Rect::new(area.x, area.y, area.width, 1), buf);
        let wide = area.width >= 110;
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        let (main, side) = if wide {
            let side_w = 46.min(body.width / 2);
            (
                Rect::new(body.x, body.y, body.width - side_w - 1, body.height),
                Some(Rect::new(
                    body.x + body.width - side_w,
                    body.y,
                    side_w,
                    body.height,
                )),
            )
        } else {
            (body, None)
        };
        let mut y = main.y;
        let mut remaining = main.height;
        if side.is_none() {
            let mut lines = self.figure_lines(ctx, true);
            lines.extend(
                self.warning_rows(ctx, usize::from(main.width))
                    .into_iter()
                    .map(|row| Line::from(Span::styled(row, ctx.theme.warn))),
            );
            for line in lines {
                if remaining <= 3 {
                    break;
                }
                Paragraph::new(line).render(Rect::new(main.x, y, main.width, 1), buf);
                y += 1;
                remaining -= 1;
            }
        }
        Paragraph::new(self.pane_tabs(ctx)).render(Rect::new(main.x, y, main.width, 1), buf);
        let list = Rect::new(main.x, y + 1, main.width, remaining.saturating_sub(1));
        match self.pane {
            Pane::Attendance => self.render_roll(list, buf, ctx),
            Pane::Proceedings => self.render_proceedings(list, buf, ctx),
        }
        if let Some(side) = side {
            let lines = self.figure_lines(ctx, false);
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .render(side, buf);
        }
    }

    fn render_roll(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let mut top = area.y;
        let mut height = area.height;
        if self.jump.render_input(
            ctx.t("live.jump"),
            t.key,
            Rect::new(area.x, top, area.width, 1),
            buf,
        ) {
            top += 1;
            height = height.saturating_sub(1);
        }
        let h = usize::from(height);
        let start = window_start(self.selected, self.offset.get(), h, self.order.len());
        self.offset.set(start);
        let name_w = 26usize.min(usize::from(area.width) / 2);
        for (n, &i) in self.order.iter().skip(start).take(h).enumerate() {
            let e = &self.roster.entries[i];
            let (label, marked) = self.mark_label(ctx, e.member_id, e.category);
            let status = if e.is_official() {
                ctx.t("live.official_short")
            } else {
                ctx.t("live.probationary_short")
            };
            let dues =
                if e.category == RosterCategory::Away || e.category == RosterCategory::Suspended {
                    String::new()
                } else if self.dues.get(&e.member_id).copied().unwrap_or(false) {
                    ctx.t("live.dues_paid").to_string()
                } else {
                    ctx.t("live.dues_unpaid").to_string()
                };
            let name = safe(&e.full_name).into_owned();
            let name_pad = " ".repeat(name_w.saturating_sub(name.width()));
            let mut text = format!("{name}{name_pad} {status:<3} {label}");
            let room = usize::from(area.width).saturating_sub(dues.width() + 1);
            if text.width() > room {
                text = text.chars().take(room.saturating_sub(1)).collect();
            }
            let pad = " ".repeat(room.saturating_sub(text.width()));
            let mut style = if marked { t.base } else { t.muted };
            if e.category.is_expected() && !marked {
                style = t.base;
            }
            let mut line = Line::from(vec![
                Span::styled(format!("{text}{pad} "), style),
                Span::styled(dues, t.muted),
            ]);
            if start + n == self.selected {
                line = line.patch_style(t.selected);
            }
            Paragraph::new(line).render(Rect::new(area.x, top + n as u16, area.width, 1), buf);
        }
    }

    fn render_proceedings(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let now = ctx.clock.now();
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_line = 0;
        let mut projected = self.meeting.started_at.unwrap_or(self.meeting.planned_at);
        for (i, item) in self.items.iter().enumerate() {
            let (mark, info) = match (item.disposition, item.started_at, item.ended_at) {
                // Not held: skipped ("không có" for an optional step) or
                // moved to the next meeting, in words.
                (Some(d), _, _) => (
                    "[-]",
                    ctx.t(&format!("live.item_state.{}", d.code())).to_string(),
                ),
                (None, Some(s), Some(e)) => {
                    let used = (e - s).num_minutes();
                    projected = e;
                    (
                        "[x]",
                        ctx.strings.fmt(
                            "live.item_done",
                            &[("used", &used), ("planned", &item.planned_minutes)],
                        ),
                    )
                }
                (None, Some(s), None) => {
                    let used = (now - s).num_minutes().max(0);
                    let over = used - item.planned_minutes;
                    projected = s + Duration::minutes(used.max(item.planned_minutes));
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
                _ => {
                    projected += Duration::minutes(item.planned_minutes);
                    ("[ ]", format!("{}'", item.planned_minutes))
                }
            };
            let counts = {
                let r = self
                    .remarks
                    .iter()
                    .filter(|x| x.agenda_item_id == Some(item.id))
                    .count();
                let v = self
                    .votes
                    .iter()
                    .filter(|x| x.agenda_item_id == Some(item.id))
                    .count();
                let mut c = String::new();
                if r > 0 {
                    c.push_str(&ctx.strings.fmt("live.n_remarks", &[("n", &r)]));
                }
                if v > 0 {
                    c.push_str(&ctx.strings.fmt("live.n_votes", &[("n", &v)]));
                }
                c
            };
            if i == self.item_selected {
                selected_line = lines.len();
            }
            let mut line = Line::from(format!(
                "{mark} {:>2}. {}  {info}{counts}",
                i + 1,
                safe(&item.title)
            ));
            if i == self.item_selected {
                line = line.patch_style(t.selected);
            }
            lines.push(line);
        }
        lines.push(Line::from(Span::styled(
            ctx.strings.fmt(
                "live.projected_end",
                &[("end", &vi::clock(projected.time()))],
            ),
            t.muted,
        )));
        for vote in &self.votes {
            let verdict = match crate::domain::engine::verdict(vote, self.rules) {
                Some(r) if r.passed => ctx.t("live.passed"),
                Some(_) => ctx.t("live.failed"),
                None => ctx.t("live.no_verdict"),
            };
            lines.push(Line::from(format!(
                "☑ {}: {} {} · {} {} · {} {} — {verdict}",
                safe(&vote.subject),
                ctx.t("live.for"),
                ctx.strings.share(vote.votes_for, vote.denominator),
                ctx.t("live.against"),
                vote.votes_against,
                ctx.t("live.other"),
                vote.votes_other
            )));
        }
        if !self.guests.is_empty() {
            let guests: Vec<String> = self
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
            lines.push(Line::from(format!(
                "{}: {}",
                ctx.t("agenda.guests"),
                guests.join("; ")
            )));
        }
        if let Some(a) = &self.assessment {
            lines.push(Line::from(ctx.strings.fmt(
                "live.quality_line",
                &[("total", &a.total), ("tier", &a.tier.name)],
            )));
        }
        for a in &self.addenda {
            lines.push(Line::from(Span::styled(
                ctx.strings.fmt(
                    "live.addendum_line",
                    &[
                        ("date", &vi::date_time(a.recorded_at)),
                        ("text", &safe(&a.text)),
                    ],
                ),
                t.warn,
            )));
        }
        for task in &self.tasks {
            let who = task
                .assignee_id
                .and_then(|id| self.names.get(&id))
                .map(|n| safe(n).into_owned())
                .unwrap_or_default();
            lines.push(Line::from(format!("→ {} — {who}", safe(&task.text))));
        }
        let h = usize::from(area.height);
        let start = selected_line.saturating_sub(h.saturating_sub(2));
        Paragraph::new(lines.into_iter().skip(start).take(h).collect::<Vec<_>>()).render(area, buf);
    }
}
