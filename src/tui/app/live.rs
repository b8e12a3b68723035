//! The app's side of the live meeting: every mark goes through one
//! transaction and reaches the screen only after it committed.

use chrono::{Datelike, NaiveDateTime};

use super::submit::Submitted;
use super::{App, Status};
use crate::domain::engine::{self, moments};
use crate::domain::{
    AttendanceMark, MarkKind, Meeting, MeetingStatus, Roster, RowId, Speaker, VoteKind,
};
use crate::store::{Error, Result, VoteInput};
use crate::tui::forms::{self, LiveForm, PlanningForm, Purpose};
use crate::tui::screens::live::{ItemTimes, LiveScreen, MarkChange};
use crate::tui::screens::{Effect, LiveEffect, Route, Screen};
use crate::tui::text::safe;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::reader::{Placement, Reader};
use crate::vi;
use ratatui::text::Line;

impl App {
    pub(super) fn live(&mut self) -> Option<&mut LiveScreen> {
        match self.stack.last_mut() {
            Some(Screen::Live(live)) => Some(live),
            _ => None,
        }
    }

    /// Opening a meeting dated more than a day ahead asks first.
    pub(super) fn ask_before_live(&mut self, meeting_id: RowId) {
        match self.store.meeting(meeting_id) {
            Ok(m)
                if m.status == MeetingStatus::Planned
                    && moments::far_ahead(&m, self.ctx.clock.now()) =>
            {
                let message = self.ctx.strings.fmt(
                    "live.confirm_far_ahead",
                    &[("date", &vi::date_time(m.planned_at))],
                );
                self.ask(message, Effect::OpenLive(meeting_id));
            }
            Ok(_) => self.open(Route::Live(meeting_id)),
            Err(e) => self.fail(&e),
        }
    }

    /// Opens the live screen. The meeting stays planned until its first
    /// record (a mark, the opening time): looking is not holding, and the
    /// copy of the file is made then (`backup::meeting_started`), not here.
    /// The status line tells what became of the background copies so far.
    pub(super) fn open_live(&mut self, meeting_id: RowId) -> Result<Screen> {
        let screen = LiveScreen::load(&self.store, &self.ctx, meeting_id)?;
        self.backup_news();
        Ok(Screen::Live(Box::new(screen)))
    }

    /// Who may speak: the members on the roster, then the guests.
    pub(super) fn speakers(&self, meeting_id: RowId) -> Result<Vec<(Speaker, String)>> {
        let meeting = self.store.meeting(meeting_id)?;
        let members = self.store.members(meeting.cell_id)?;
        let mut out: Vec<(Speaker, String)> = Roster::build(&members, meeting.date())
            .entries
            .into_iter()
            .map(|e| (Speaker::Member(e.member_id), e.full_name))
            .collect();
        out.extend(
            self.store
                .guests(meeting_id)?
                .into_iter()
                .map(|g| (Speaker::Guest(g.id), g.name)),
        );
        Ok(out)
    }

    pub(super) fn live_form(&self, purpose: &LiveForm) -> Result<Form> {
        let ctx = &self.ctx;
        match purpose {
            LiveForm::Reason { member_id, .. } => {
                let member = self.store.member(*member_id)?;
                let last = match self.stack.last() {
                    Some(Screen::Live(live)) => live.last_reason(*member_id).map(str::to_string),
                    _ => None,
                };
                Ok(forms::reason_form(ctx, &member.full_name, last.as_deref()))
            }
            LiveForm::MarkTime {
                meeting_id,
                member_id,
            } => {
                let mark = self
                    .store
                    .marks(*meeting_id)?
                    .into_iter()
                    .find(|m| m.member_id == *member_id);
                let at = mark.and_then(|m| match m.kind {
                    MarkKind::LeftEarly => m.left_at,
                    _ => m.arrived_at,
                });
                Ok(forms::mark_time_form(ctx, at))
            }
            LiveForm::Remark { meeting_id, .. } => {
                let draft = purpose
                    .draft_key()
                    .map(|k| self.store.draft(&k))
                    .transpose()?
                    .flatten()
                    .unwrap_or_default();
                Ok(forms::remark_form(
                    ctx,
                    &self.speakers(*meeting_id)?,
                    &draft,
                ))
            }
            LiveForm::Vote {
                meeting_id,
                item_id,
            } => {
                let meeting = self.store.meeting(*meeting_id)?;
                let item = match item_id {
                    Some(id) => self.find_item(*id).ok(),
                    None => None,
                };
                let marks = self.store.marks(*meeting_id)?;
                let at = moments::vote_time(&meeting, &marks, item.as_ref(), ctx.clock.now());
                let kind = item
                    .as_ref()
                    .and_then(|i| i.vote_kind)
                    .unwrap_or(VoteKind::General);
                let line = self.vote_line(&meeting, at, kind)?;
                // An item's title is the vote's subject only on a step that
                // takes a vote; elsewhere the subject is typed.
                let subject = item
                    .filter(|i| i.vote_kind.is_some())
                    .map(|i| i.title)
                    .unwrap_or_default();
                Ok(forms::vote_form(ctx, &subject, kind, line, at))
            }
            LiveForm::NewTask { meeting_id, .. } => {
                let meeting = self.store.meeting(*meeting_id)?;
                let people = self.people(meeting.cell_id, meeting.date())?;
                Ok(forms::task_form(ctx, &people))
            }
            LiveForm::Conclusion { item_id } => {
                let item = self.find_item(*item_id)?;
                let draft = purpose
                    .draft_key()
                    .map(|k| self.store.draft(&k))
                    .transpose()?
                    .flatten();
                Ok(forms::conclusion_form(
                    ctx,
                    &item.title,
                    draft.as_deref().unwrap_or(&item.conclusion),
                ))
            }
            LiveForm::MeetingTime { meeting_id, end } => {
                let m = self.store.meeting(*meeting_id)?;
                let now = self.ctx.clock.now();
                // In the room: now; typed up later: the planned time, or the
                // end of the last item.
                let at = if *end {
                    moments::default_end(&m, &self.store.agenda(m.id)?, now)
                } else {
                    moments::default_start(&m, now)
                };
                let title = if *end {
                    "live.end_title"
                } else {
                    "live.start_title"
                };
                let mut form = forms::mark_time_form(ctx, Some(at));
                form.title = ctx.t(title).to_string();
                Ok(form)
            }
            LiveForm::ItemTimes { item_id } => {
                let item = self.find_item(*item_id)?;
                let meeting = self.store.meeting(item.meeting_id)?;
                let now = ctx.clock.now();
                // Typed up after the day: each item is offered from the end
                // of the one before, for its planned minutes.
                let proposed = (!moments::is_live(&meeting, now)).then(|| {
                    let items = self.store.agenda(meeting.id).unwrap_or_default();
                    moments::item_times(&meeting, &items, &item, now)
                });
                Ok(forms::item_times_form(ctx, &item, proposed))
            }
            LiveForm::Quality { meeting_id } => {
                let record = self.store.record(*meeting_id)?;
                let rules = crate::assets::rules_on(record.meeting.date());
                Ok(forms::quality_form(
                    ctx,
                    crate::assets::rubric()?,
                    &record.quality,
                    &engine::failed_checks(&record, rules),
                ))
            }
            LiveForm::Addendum { meeting_id } => {
                let m = self.store.meeting(*meeting_id)?;
                if m.status != MeetingStatus::Locked {
                    return Err(Error::invalid(
                        "status",
                        crate::domain::text::Problem::Malformed,
                    ));
                }
                Ok(forms::addendum_form(ctx))
            }
            LiveForm::TimedMark {
                meeting_id, kind, ..
            } => {
                // Nothing offered: any time chibo guessed (the opening, the
                // planned time) would be saved by a hasty Enter as the truth.
                self.store.meeting(*meeting_id)?;
                let mut form = forms::mark_time_form(ctx, None);
                form.title = ctx
                    .t(if *kind == MarkKind::LeftEarly {
                        "live.leaving_title"
                    } else {
                        "live.arrival_title"
                    })
                    .to_string();
                Ok(form)
            }
            LiveForm::Officers { meeting_id } => {
                let m = self.store.meeting(*meeting_id)?;
                let people: Vec<(RowId, String)> = self
                    .store
                    .roster(&m)?
                    .entries
                    .into_iter()
                    .map(|e| (e.member_id, e.full_name))
                    .collect();
                Ok(forms::officers_form(
                    ctx,
                    &people,
                    m.chair_id,
                    m.minute_taker_id,
                ))
            }
            LiveForm::SkipItem { item_id } => {
                Ok(forms::skip_form(ctx, &self.find_item(*item_id)?.title))
            }
            LiveForm::EditRemark { remark_id } => self.remark_correction_form(*remark_id),
            LiveForm::EditVote { vote_id } => self.vote_correction_form(*vote_id),
            LiveForm::EditTask { task_id } => self.task_correction_form(*task_id),
        }
    }

    /// D and V at the vote's moment, and the votes needed for its kind.
    pub(super) fn vote_line(
        &self,
        meeting: &Meeting,
        at: chrono::NaiveDateTime,
        kind: VoteKind,
    ) -> Result<String> {
        let figures = self.store.voting_figures_at(meeting, at)?;
        let line = match crate::assets::rules_on(meeting.date()) {
            Some(rules) => self.ctx.strings.fmt(
                "live.vote_figures",
                &[
                    ("d", &figures.denominator),
                    ("v", &figures.eligible_present),
                    ("needed", &figures.needed(rules.majority(kind.rule()))),
                    ("time", &vi::clock(at.time())),
                ],
            ),
            None => self.ctx.strings.fmt(
                "live.vote_figures_no_rules",
                &[
                    ("d", &figures.denominator),
                    ("v", &figures.eligible_present),
                    ("time", &vi::clock(at.time())),
                ],
            ),
        };
        Ok(line)
    }

    /// The date being typed in a meeting form, read back with its weekday,
    /// and the engine's warning when the month already has a regular
    /// meeting.
    fn meeting_preview(&self, form: &Form, cell_id: RowId, id: Option<RowId>) -> Option<String> {
        use chrono::Datelike;
        let (kind, at) = forms::meeting_when(form, &self.ctx)?;
        let s = &self.ctx.strings;
        let weekday = s
            .get(&format!("weekday.{}", at.weekday().num_days_from_monday()))
            .to_string();
        let mut line = s.fmt(
            "form.when_preview",
            &[
                ("weekday", &weekday),
                ("date", &vi::date(at.date())),
                ("time", &vi::clock(at.time())),
            ],
        );
        let others = self.store.meetings(cell_id).unwrap_or_default();
        let draft = Meeting::draft(id.unwrap_or(0), cell_id, kind, at);
        if let Some(other) = engine::same_month_regular(&draft, &others) {
            line.push_str(" — ");
            line.push_str(&s.fmt(
                "finding.second_regular_in_month",
                &[("other", &vi::date(other.date()))],
            ));
        }
        Some(line)
    }

    /// The warning a form shows as it is typed (None: leave it as it is):
    /// the meeting's date read back with its weekday; the vote form's D, V
    /// and votes needed, which follow the time and the kind.
    pub(super) fn form_warning(&self, form: &Form, purpose: &Purpose) -> Option<Option<String>> {
        if let Purpose::Planning(PlanningForm::Meeting {
            cell_id,
            id,
            copy_from,
        }) = purpose
        {
            let mut lines: Vec<String> = self
                .meeting_preview(form, *cell_id, *id)
                .into_iter()
                .collect();
            if let Some(src) = copy_from.and_then(|src| self.store.meeting(src).ok()) {
                lines.push(
                    self.ctx
                        .strings
                        .fmt("form.copy_from", &[("date", &vi::date(src.date()))]),
                );
            }
            return Some((!lines.is_empty()).then(|| lines.join(" · ")));
        }
        if let Purpose::Live(LiveForm::Vote { meeting_id, .. }) = purpose
            && let Some(time) = forms::vote_time(form)
            && let Ok(meeting) = self.store.meeting(*meeting_id)
            && let Ok(line) = self.vote_line(
                &meeting,
                meeting.date().and_time(time),
                forms::vote_kind(form),
            )
        {
            return Some(Some(line));
        }
        None
    }

    fn find_item(&self, item_id: RowId) -> Result<crate::domain::AgendaItem> {
        let Some(Screen::Live(live)) = self.stack.last() else {
            return Err(Error::NotFound("agenda item"));
        };
        self.store
            .agenda(live.meeting().id)?
            .into_iter()
            .find(|i| i.id == item_id)
            .ok_or(Error::NotFound("agenda item"))
    }

    pub(super) fn save_live_form(
        &mut self,
        form: &mut Form,
        purpose: &mut LiveForm,
    ) -> Result<Submitted> {
        let ctx = &self.ctx;
        match *purpose {
            LiveForm::Reason {
                meeting_id,
                member_id,
            } => {
                let Some(reason) = forms::parse_reason(form, ctx) else {
                    return Ok(Submitted::Fix);
                };
                let marked = self.mark(meeting_id, member_id, MarkKind::AbsentExcused, &reason)?;
                Ok(Submitted::Saved(marked))
            }
            LiveForm::MarkTime {
                meeting_id,
                member_id,
            } => {
                let day = self.store.meeting(meeting_id)?.date();
                let Some(at) = forms::parse_mark_time(form, ctx, day) else {
                    return Ok(Submitted::Fix);
                };
                let Some(before) = self
                    .store
                    .marks(meeting_id)?
                    .into_iter()
                    .find(|m| m.member_id == member_id)
                else {
                    return Err(Error::NotFound("mark"));
                };
                let (arrived, left) = match before.kind {
                    MarkKind::LeftEarly => (before.arrived_at, Some(at)),
                    _ => (Some(at), before.left_at),
                };
                let after = self.store.write(|tx| {
                    tx.put_mark(
                        meeting_id,
                        member_id,
                        before.kind,
                        arrived,
                        left,
                        &before.reason,
                    )
                })?;
                if let Some(live) = self.live() {
                    live.record_change(vec![MarkChange {
                        member_id,
                        before: Some(before),
                        after: Some(after.clone()),
                    }]);
                    live.apply_mark(member_id, Some(after), false);
                }
                Ok(self.done("status.saved"))
            }
            LiveForm::MeetingTime { meeting_id, end } => {
                let m = self.store.meeting(meeting_id)?;
                let Some(at) = forms::parse_mark_time(form, ctx, m.date()) else {
                    return Ok(Submitted::Fix);
                };
                let (start, finish) = if end {
                    (m.started_at, Some(at))
                } else {
                    (Some(at), m.ended_at)
                };
                self.store
                    .write(|tx| tx.set_meeting_times(meeting_id, start, finish))?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::Remark {
                meeting_id,
                item_id,
            } => {
                let Some(input) = forms::parse_remark(form, ctx, item_id) else {
                    return Ok(Submitted::Fix);
                };
                let key = purpose.draft_key().unwrap_or_default();
                self.store.write(|tx| {
                    tx.add_remark(meeting_id, &input)?;
                    tx.delete_draft(&key)
                })?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::Vote {
                meeting_id,
                item_id,
            } => {
                let Some(entry) = forms::parse_vote(form, ctx) else {
                    return Ok(Submitted::Fix);
                };
                let day = self.store.meeting(meeting_id)?.date();
                let input = VoteInput {
                    taken_at: Some(day.and_time(entry.at)),
                    agenda_item_id: item_id,
                    subject: entry.subject,
                    kind: entry.kind,
                    votes_for: entry.votes_for,
                    votes_against: entry.votes_against,
                    votes_other: entry.votes_other,
                };
                let vote = self.store.write(|tx| tx.record_vote(meeting_id, &input))?;
                self.reload_top();
                let meeting = self.store.meeting(meeting_id)?;
                let verdict = match engine::verdict(&vote, crate::assets::rules_on(meeting.date()))
                {
                    Some(r) if r.passed => self.ctx.t("live.passed"),
                    Some(_) => self.ctx.t("live.failed"),
                    None => self.ctx.t("live.no_verdict"),
                };
                Ok(Submitted::Saved(self.ctx.strings.fmt(
                    "live.vote_saved",
                    &[
                        (
                            "share",
                            &self.ctx.strings.share(vote.votes_for, vote.denominator),
                        ),
                        ("verdict", &verdict),
                    ],
                )))
            }
            LiveForm::NewTask {
                meeting_id,
                item_id,
            } => {
                let Some(input) = forms::parse_task(form, ctx, item_id) else {
                    return Ok(Submitted::Fix);
                };
                self.store.write(|tx| tx.add_task(meeting_id, &input))?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::Conclusion { item_id } => {
                let item = self.find_item(item_id)?;
                let text = form.value("text");
                let key = purpose.draft_key().unwrap_or_default();
                self.store.write(|tx| {
                    tx.set_agenda_item_record(item_id, item.started_at, item.ended_at, &text)?;
                    tx.delete_draft(&key)
                })?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::Quality { meeting_id } => {
                let rubric = crate::assets::rubric()?;
                let Some(points) = forms::parse_quality(form, ctx, rubric) else {
                    return Ok(Submitted::Fix);
                };
                self.store.write(|tx| tx.set_quality(meeting_id, &points))?;
                let record = self.store.record(meeting_id)?;
                self.reload_top();
                Ok(match engine::assess(&record, crate::assets::rulebook()?) {
                    Some(a) => Submitted::Saved(self.ctx.strings.fmt(
                        "live.quality_saved",
                        &[("total", &a.total), ("tier", &a.tier.name)],
                    )),
                    None => self.done("status.saved"),
                })
            }
            LiveForm::ItemTimes { item_id } => {
                let item = self.find_item(item_id)?;
                let day = self.store.meeting(item.meeting_id)?.date();
                let Some(forms::ItemTimesInput { start, end }) =
                    forms::parse_item_times(form, ctx, day)
                else {
                    return Ok(Submitted::Fix);
                };
                let typed_up =
                    !moments::is_live(&self.store.meeting(item.meeting_id)?, ctx.clock.now());
                self.store
                    .write(|tx| tx.set_agenda_item_record(item_id, start, end, &item.conclusion))?;
                self.reload_top();
                // Typed up after the day: on to the next item still to
                // hold, so that Enter, Enter… types up an agenda.
                if typed_up && let Some(live) = self.live() {
                    live.select_next_to_hold(item_id);
                }
                Ok(self.done("status.saved"))
            }
            LiveForm::Addendum { meeting_id } => {
                let text = form.value("text");
                self.store.write(|tx| tx.add_addendum(meeting_id, &text))?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::TimedMark {
                meeting_id,
                member_id,
                kind,
            } => {
                let day = self.store.meeting(meeting_id)?.date();
                let Some(at) = forms::parse_mark_time(form, ctx, day) else {
                    return Ok(Submitted::Fix);
                };
                let marked = self.mark_at(meeting_id, member_id, kind, Some(at), "")?;
                Ok(Submitted::Saved(marked))
            }
            LiveForm::Officers { meeting_id } => {
                let Some(officers) = forms::parse_officers(form, ctx) else {
                    return Ok(Submitted::Fix);
                };
                self.store.write(|tx| {
                    tx.set_officers(meeting_id, officers.chair, officers.minute_taker)
                })?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::SkipItem { item_id } => {
                let Some(forms::SkipInput {
                    disposition,
                    reason,
                }) = forms::parse_skip(form, ctx)
                else {
                    return Ok(Submitted::Fix);
                };
                self.store
                    .write(|tx| tx.settle_item(item_id, Some(disposition), &reason))?;
                self.reload_top();
                Ok(self.done("status.saved"))
            }
            LiveForm::EditRemark { remark_id } => self.save_remark_correction(form, remark_id),
            LiveForm::EditVote { vote_id } => self.save_vote_correction(form, vote_id),
            LiveForm::EditTask { task_id } => self.save_task_correction(form, task_id),
        }
    }

    /// Writes one mark and shows it once committed; the cursor moves on.
    fn mark(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        reason: &str,
    ) -> Result<String> {
        self.mark_at(meeting_id, member_id, kind, None, reason)
    }

    /// A mark with the time it happened (None: the store stamps now).
    /// Returns what the status line says.
    fn mark_at(
        &mut self,
        meeting_id: RowId,
        member_id: RowId,
        kind: MarkKind,
        at: Option<chrono::NaiveDateTime>,
        reason: &str,
    ) -> Result<String> {
        let before = self.live().and_then(|l| l.mark_of(member_id).cloned());
        let after = self
            .store
            .write(|tx| tx.set_mark(meeting_id, member_id, kind, at, reason))?;
        let started = self
            .live()
            .is_some_and(|l| l.meeting().status == MeetingStatus::Planned);
        let name = self
            .store
            .member(member_id)
            .map(|m| m.full_name)
            .unwrap_or_default();
        if let Some(live) = self.live() {
            live.record_change(vec![MarkChange {
                member_id,
                before,
                after: Some(after.clone()),
            }]);
            live.apply_mark(member_id, Some(after), true);
        }
        // The first mark makes the meeting in progress: show it.
        if started {
            self.reload_top();
        }
        let label = self
            .ctx
            .t(&format!("live.mark.{}", kind.code()))
            .to_string();
        Ok(self
            .ctx
            .strings
            .fmt("live.marked", &[("name", &safe(&name)), ("mark", &label)]))
    }

    /// Writes marks exactly (undo/redo) and shows them.
    fn restore_marks(
        &mut self,
        meeting_id: RowId,
        marks: Vec<(RowId, Option<AttendanceMark>)>,
    ) -> Result<()> {
        self.store.write(|tx| {
            for (member_id, mark) in &marks {
                match mark {
                    Some(m) => {
                        tx.put_mark(
                            meeting_id,
                            *member_id,
                            m.kind,
                            m.arrived_at,
                            m.left_at,
                            &m.reason,
                        )?;
                    }
                    None => tx.clear_mark(meeting_id, *member_id)?,
                }
            }
            Ok(())
        })?;
        let stored = self.store.marks(meeting_id)?;
        if let Some(live) = self.live() {
            for (member_id, _) in &marks {
                let now = stored.iter().find(|m| m.member_id == *member_id).cloned();
                live.apply_mark(*member_id, now, false);
            }
        }
        self.saved("status.saved");
        Ok(())
    }

    /// The engine's verdict before closing: what blocks it, and the
    /// warnings the secretary confirms.
    fn completeness(&self, meeting_id: RowId) -> Result<(Vec<String>, Vec<String>)> {
        let record = self.store.record(meeting_id)?;
        let others = self.store.meetings(record.meeting.cell_id)?;
        let findings = engine::meeting_findings(
            &record,
            crate::assets::rulebook()?,
            &others,
            self.ctx.clock.now(),
        );
        let s = &self.ctx.strings;
        // A meeting not yet started has only planning findings: what stops
        // it from closing is asked of the engine all the same.
        let blocking = engine::close_blockers(&record, crate::assets::rulebook()?)
            .iter()
            .map(|f| s.finding(f))
            .collect();
        let warnings = findings
            .iter()
            .filter(|f| f.severity == engine::Severity::Warning)
            .map(|f| s.finding(f))
            .collect();
        Ok((blocking, warnings))
    }

    pub(super) fn run_live_effect(&mut self, effect: LiveEffect) {
        let result: Result<()> = match effect {
            LiveEffect::Mark {
                meeting_id,
                member_id,
                kind,
                reason,
            } => self
                .mark(meeting_id, member_id, kind, &reason)
                .map(|marked| self.status = Some(Status::Saved(marked))),
            LiveEffect::ClearMark {
                meeting_id,
                member_id,
            } => {
                let before = self.live().and_then(|l| l.mark_of(member_id).cloned());
                match self.store.write(|tx| tx.clear_mark(meeting_id, member_id)) {
                    Ok(()) => {
                        if let Some(live) = self.live() {
                            live.record_change(vec![MarkChange {
                                member_id,
                                before,
                                after: None,
                            }]);
                            live.apply_mark(member_id, None, false);
                        }
                        self.saved("status.saved");
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            LiveEffect::MarkAllPresent(meeting_id) => {
                let rest = self.live().map(|l| l.unmarked()).unwrap_or_default();
                let written = self.store.write(|tx| {
                    rest.iter()
                        .map(|id| tx.set_mark(meeting_id, *id, MarkKind::Present, None, ""))
                        .collect::<Result<Vec<_>>>()
                });
                match written {
                    Ok(marks) => {
                        let n = marks.len();
                        if let Some(live) = self.live() {
                            live.record_change(
                                marks
                                    .iter()
                                    .map(|m| MarkChange {
                                        member_id: m.member_id,
                                        before: None,
                                        after: Some(m.clone()),
                                    })
                                    .collect(),
                            );
                            for m in marks {
                                live.apply_mark(m.member_id, Some(m), false);
                            }
                        }
                        self.status = Some(Status::Saved(
                            self.ctx.strings.fmt("live.all_marked", &[("n", &n)]),
                        ));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            LiveEffect::UndoMark | LiveEffect::RedoMark => {
                let undo = effect == LiveEffect::UndoMark;
                let Some(meeting_id) = self.live().map(|l| l.meeting().id) else {
                    return;
                };
                let changes = self
                    .live()
                    .and_then(|l| if undo { l.peek_undo() } else { l.peek_redo() });
                match changes {
                    None => {
                        self.status = Some(Status::Failed(
                            self.ctx.t("agenda.nothing_to_undo").to_string(),
                        ));
                        Ok(())
                    }
                    Some(changes) => {
                        let marks = changes
                            .into_iter()
                            .map(|c| (c.member_id, if undo { c.before } else { c.after }))
                            .collect();
                        let done = self.restore_marks(meeting_id, marks);
                        if done.is_ok()
                            && let Some(live) = self.live()
                        {
                            live.commit_undo(undo);
                        }
                        done
                    }
                }
            }
            LiveEffect::SetDues { member_id, paid } => {
                let Some(day) = self.live().map(|l| l.meeting().date()) else {
                    return;
                };
                match self
                    .store
                    .write(|tx| tx.set_dues(member_id, day.year(), day.month(), paid, None))
                {
                    Ok(_) => {
                        if let Some(live) = self.live() {
                            live.apply_dues(member_id, paid);
                        }
                        self.saved("status.saved");
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            LiveEffect::NextItem {
                meeting_id: _,
                item_id,
            } => self.next_item(item_id),
            LiveEffect::UndoItemTimes => self.undo_item_times(),
            LiveEffect::DeleteEntry(entry) => self.delete_entry(entry),
            LiveEffect::SkipItem { item_id, skip } => {
                let disposition = skip.then_some(crate::domain::ItemDisposition::Skipped);
                match self
                    .store
                    .write(|tx| tx.settle_item(item_id, disposition, ""))
                {
                    Ok(_) => {
                        self.reload_top();
                        self.saved(if skip {
                            "live.skipped_none"
                        } else {
                            "status.saved"
                        });
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            LiveEffect::CloseMeeting(meeting_id) => {
                let (blocking, missing) = match self.completeness(meeting_id) {
                    Ok(found) => found,
                    Err(e) => {
                        self.fail(&e);
                        return;
                    }
                };
                let s = &self.ctx.strings;
                if !blocking.is_empty() {
                    let mut lines = vec![s.get("live.cannot_close").to_string()];
                    lines.extend(blocking.iter().map(|b| format!("• {b}")));
                    lines.extend(missing.iter().map(|b| format!("• {b}")));
                    let reader = Reader::new(
                        s.get("live.completeness").to_string(),
                        lines.into_iter().map(Line::from).collect(),
                        Placement::Centered,
                    );
                    self.show(reader);
                } else {
                    let message = if missing.is_empty() {
                        s.get("live.confirm_close").to_string()
                    } else {
                        s.fmt(
                            "live.confirm_close_missing",
                            &[("missing", &missing.join(" "))],
                        )
                    };
                    self.ask(message, Effect::FinishClose(meeting_id));
                }
                Ok(())
            }
            LiveEffect::LockMeeting(meeting_id) => {
                let status = self.store.meeting(meeting_id).map(|m| m.status);
                match status {
                    Ok(MeetingStatus::Closed) => {
                        self.ask(
                            self.ctx.t("live.confirm_lock").to_string(),
                            Effect::FinishLock(meeting_id),
                        );
                        Ok(())
                    }
                    Ok(_) => {
                        self.status = Some(Status::Failed(
                            self.ctx.t("live.lock_needs_close").to_string(),
                        ));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
        };
        if let Err(e) = result {
            self.fail(&e);
        }
    }

    /// Enter on an agenda item: the domain says which times change (the
    /// running item ends, the next one to hold starts); one transaction.
    fn next_item(&mut self, item_id: RowId) -> Result<()> {
        let Some(meeting_id) = self.live().map(|l| l.meeting().id) else {
            return Ok(());
        };
        let items = self.store.agenda(meeting_id)?;
        let now: NaiveDateTime = self.ctx.clock.now();
        let Some(advance) = crate::domain::agenda::advance(&items, item_id, now) else {
            return Ok(());
        };
        let before: ItemTimes = advance
            .changes
            .iter()
            .filter_map(|(id, _, _)| items.iter().find(|i| i.id == *id))
            .map(|i| (i.id, i.started_at, i.ended_at))
            .collect();
        self.set_item_times(&items, &advance.changes)?;
        self.reload_top();
        if let Some(live) = self.live() {
            live.record_advance(before);
            live.select_item(advance.selected);
        }
        self.saved("status.saved");
        Ok(())
    }

    /// Writes the times of agenda items (their conclusions kept), in one
    /// transaction.
    pub(super) fn set_item_times(
        &mut self,
        items: &[crate::domain::AgendaItem],
        times: &ItemTimes,
    ) -> Result<()> {
        self.store.write(|tx| {
            for (id, start, end) in times {
                let conclusion = items
                    .iter()
                    .find(|i| i.id == *id)
                    .map(|i| i.conclusion.clone())
                    .unwrap_or_default();
                tx.set_agenda_item_record(*id, *start, *end, &conclusion)?;
            }
            Ok(())
        })
    }

    /// Closes a meeting after the question: roster and figures frozen.
    pub(super) fn finish_close(&mut self, meeting_id: RowId) {
        match self.store.write(|tx| tx.close_meeting(meeting_id)) {
            Ok(_) => {
                self.reload_top();
                self.saved("live.closed");
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Locks a closed meeting after the question.
    pub(super) fn finish_lock(&mut self, meeting_id: RowId) {
        match self.store.write(|tx| tx.lock_meeting(meeting_id)) {
            Ok(_) => {
                self.reload_top();
                self.saved("live.locked");
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Reopens a meeting left in progress, with the cell's meetings under it.
    pub(super) fn resume(&mut self, meeting_id: RowId) {
        match self.store.meeting(meeting_id) {
            Ok(m) => {
                self.open(Route::Meetings(m.cell_id));
                self.open(Route::Live(m.id));
                self.status = Some(Status::Saved(
                    self.ctx
                        .strings
                        .fmt("live.resumed", &[("date", &vi::date(m.date()))]),
                ));
            }
            Err(e) => self.fail(&e),
        }
    }
}
