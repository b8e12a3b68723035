//! The demo cell (`chibo demo`, and the welcome screen's offer): members from
//! `assets/demo/cell.toml` and 24 months of meetings up to the demo's today,
//! generated deterministically through the same store functions the app uses.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Deserialize;

use crate::assets;
use crate::domain::{
    MarkKind, Meeting, MeetingKind, MeetingStatus, Member, RoleKind, Roster, RowId,
    StatusEventKind, TaskOutcome, VoteKind,
};
use crate::store::{
    CellInput, Error, MeetingInput, MemberInput, RemarkInput, StatusEventInput, Store, TaskInput,
    Tx, VoteInput,
};
use crate::vi;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    cell: CellSpec,
    members: Vec<MemberSpec>,
    pools: Pools,
    texts: Texts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    venue: String,
    guest_name: String,
    guest_title: String,
    conclusion: String,
    left_early_reason: String,
    vote_resolution: String,
    vote_thematic: String,
    vote_recognition: String,
    outcome_not_done: String,
    outcome_in_progress: String,
    drifting_member: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellSpec {
    name: String,
    upper_unit: String,
    place_name: String,
    usual_venue: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberSpec {
    name: String,
    gender: crate::domain::Gender,
    born: String,
    admitted: Option<String>,
    official: Option<String>,
    admitted_months_ago: Option<u32>,
    official_months_ago: Option<u32>,
    card: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    national_id: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    roles: Vec<RoleSpec>,
    #[serde(default)]
    events: Vec<EventSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    kind: RoleKind,
    from: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventSpec {
    kind: StatusEventKind,
    months_ago: u32,
    until_months_ahead: Option<u32>,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pools {
    absence_reasons: Vec<String>,
    thematic_topics: Vec<String>,
    remarks: Vec<String>,
    tasks: Vec<String>,
}

/// What the demo wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub cells: usize,
    pub members: usize,
    pub meetings: usize,
}

/// A small deterministic generator (xorshift64*), so the demo is the same on
/// every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

fn bad_asset(what: impl std::fmt::Display) -> Error {
    Error::Import(format!("assets/demo/cell.toml: {what}"))
}

fn fixed_date(text: &str) -> Result<NaiveDate, Error> {
    vi::parse_date(text).ok_or_else(|| bad_asset(format!("bad date {text:?}")))
}

fn months_before(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(today)
}

fn months_after(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_add_months(Months::new(months))
        .unwrap_or(today)
}

/// Moves a weekend day to the next Monday.
fn weekday_on_or_after(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Duration::days(2),
        Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
}

/// Writes the demo cell into an empty database, in one transaction.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<DemoSummary, Error> {
    let file: DemoFile = toml::from_str(assets::DEMO_CELL).map_err(bad_asset)?;
    if !store.is_empty()? {
        return Err(Error::NotEmpty);
    }
    store.write(|tx| {
        let mut demo = Demo {
            tx,
            today,
            rng: Rng(0x5EED_C41B_0D00_2018),
            pools: &file.pools,
            texts: &file.texts,
            cell_id: 0,
            members: Vec::new(),
            meetings: 0,
            open_tasks: Vec::new(),
        };
        demo.write_cell(&file.cell)?;
        demo.write_members(&file.members)?;
        demo.write_meetings()?;
        Ok(DemoSummary {
            cells: 1,
            members: demo.members.len(),
            meetings: demo.meetings,
        })
    })
}

struct Demo<'a, 't, 'c> {
    tx: &'a mut Tx<'c>,
    today: NaiveDate,
    rng: Rng,
    pools: &'t Pools,
    texts: &'t Texts,
    cell_id: RowId,
    members: Vec<Member>,
    meetings: usize,
    open_tasks: Vec<RowId>,
}

/// One meeting of the demo calendar.
struct Planned {
    kind: MeetingKind,
    day: NaiveDate,
}

impl Demo<'_, '_, '_> {
    fn write_cell(&mut self, spec: &CellSpec) -> Result<(), Error> {
        let cell = self.tx.create_cell(&CellInput {
            name: spec.name.clone(),
            upper_unit: spec.upper_unit.clone(),
            place_name: spec.place_name.clone(),
            usual_venue: spec.usual_venue.clone(),
        })?;
        self.cell_id = cell.id;
        Ok(())
    }

    fn write_members(&mut self, specs: &[MemberSpec]) -> Result<(), Error> {
        for spec in specs {
            let admitted = match (&spec.admitted, spec.admitted_months_ago) {
                (Some(d), _) => Some(fixed_date(d)?),
                (None, Some(n)) => Some(months_before(self.today, n)),
                (None, None) => None,
            };
            let official = match (&spec.official, spec.official_months_ago) {
                (Some(d), _) => Some(fixed_date(d)?),
                (None, Some(n)) => Some(months_before(self.today, n)),
                (None, None) => None,
            };
            let member = self.tx.add_member(
                self.cell_id,
                &MemberInput {
                    full_name: spec.name.clone(),
                    birth_date: Some(fixed_date(&spec.born)?),
                    gender: Some(spec.gender),
                    phone: spec.phone.clone(),
                    national_id: spec.national_id.clone(),
                    note: spec.note.clone(),
                    admitted_on: admitted,
                    official_on: official,
                    card_number: spec.card.clone(),
                },
            )?;
            for role in &spec.roles {
                self.tx
                    .add_role(member.id, role.kind, fixed_date(&role.from)?, None)?;
            }
            for event in &spec.events {
                self.tx.add_status_event(
                    member.id,
                    &StatusEventInput {
                        kind: event.kind,
                        date: months_before(self.today, event.months_ago),
                        until: event
                            .until_months_ahead
                            .map(|n| months_after(self.today, n)),
                        decision: event.decision.clone(),
                        organisation: event.organisation.clone(),
                        note: event.note.clone(),
                    },
                )?;
            }
        }
        self.members = self.tx_members()?;
        Ok(())
    }

    fn tx_members(&self) -> Result<Vec<Member>, Error> {
        self.tx.members(self.cell_id)
    }

    /// The calendar: a regular meeting on the 5th of each month (weekends
    /// moved to Monday), a thematic one on the 20th of each quarter's last
    /// month, and one quarter held as a combined session.
    fn calendar(&self) -> Vec<Planned> {
        let first = months_before(self.today, 23)
            .with_day(1)
            .unwrap_or(self.today);
        let mut combined_done = false;
        let mut planned = Vec::new();
        for offset in 0..=24 {
            let month = months_after(first, offset);
            let quarter_end = month.month().is_multiple_of(3);
            let regular_day = weekday_on_or_after(month.with_day(5).unwrap_or(month));
            if quarter_end && offset >= 10 && !combined_done {
                combined_done = true;
                planned.push(Planned {
                    kind: MeetingKind::Combined,
                    day: regular_day,
                });
                continue;
            }
            planned.push(Planned {
                kind: MeetingKind::Regular,
                day: regular_day,
            });
            if quarter_end && offset < 24 {
                planned.push(Planned {
                    kind: MeetingKind::Thematic,
                    day: weekday_on_or_after(month.with_day(20).unwrap_or(month)),
                });
            }
        }
        planned
    }

    fn write_meetings(&mut self) -> Result<(), Error> {
        for planned in self.calendar() {
            let chair = self.holder_of(RoleKind::Secretary, planned.day);
            let minute_taker = self.holder_of(RoleKind::CommitteeMember, planned.day);
            let title = if planned.kind.is_thematic() {
                self.rng
                    .pick(&self.pools.thematic_topics)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let meeting = self.tx.create_meeting(
                self.cell_id,
                &MeetingInput {
                    kind: planned.kind,
                    title,
                    planned_at: at(planned.day, 14, 0),
                    place: self.texts.venue.clone(),
                    chair_id: chair,
                    minute_taker_id: minute_taker,
                },
            )?;
            self.meetings += 1;
            self.write_agenda(&meeting)?;
            if planned.day < self.today {
                self.hold(&meeting)?;
            }
        }
        Ok(())
    }

    fn holder_of(&self, kind: RoleKind, day: NaiveDate) -> Option<RowId> {
        crate::planning::holder_of(&self.members, kind, day)
    }

    fn write_agenda(&mut self, meeting: &Meeting) -> Result<(), Error> {
        crate::planning::add_template_agenda(self.tx, meeting)?;
        Ok(())
    }

    /// Holds a past meeting: roll call, agenda with times, remarks, votes,
    /// tasks, outcomes of earlier tasks, dues; closed, and locked unless it
    /// is in the current month.
    fn hold(&mut self, meeting: &Meeting) -> Result<(), Error> {
        let day = meeting.date();
        let start = at(day, 14, self.rng.below(6) as u32);
        let roster = Roster::build(&self.members, day);
        self.tx
            .set_meeting_status(meeting.id, MeetingStatus::InProgress)?;
        if day.month() % 4 == 1 {
            self.tx
                .add_guest(meeting.id, &self.texts.guest_name, &self.texts.guest_title)?;
        }
        self.roll_call(meeting, &roster, start)?;

        let items = self.tx.agenda(meeting.id)?;
        let mut clock = start;
        let mut discussion = None;
        let mut vote_item = None;
        let mut conclusion_item = None;
        for item in &items {
            let minutes = (item.planned_minutes + self.rng.below(3) as i64 - 1).max(1);
            // One meeting a year runs short, so the duration warning has something to show.
            let minutes = if day.month() == 7 && item.planned_minutes >= 15 {
                minutes / 2
            } else {
                minutes
            };
            let end = clock + Duration::minutes(minutes);
            let conclusion = if item.title.starts_with("Kết luận") {
                self.texts.conclusion.clone()
            } else {
                String::new()
            };
            self.tx
                .set_agenda_item_record(item.id, Some(clock), Some(end), &conclusion)?;
            if item.title.starts_with("Thảo luận") {
                discussion = Some((item.id, clock));
            }
            if item.title.starts_with("Biểu quyết") || item.title.starts_with("Thư ký đọc")
            {
                vote_item.get_or_insert((item.id, clock));
            }
            if item.title.starts_with("Kết luận") || item.title.starts_with("Bí thư kết luận")
            {
                conclusion_item = Some(item.id);
            }
            clock = end;
        }
        let end = clock;
        self.tx
            .set_meeting_times(meeting.id, Some(start), Some(end))?;

        let present: Vec<RowId> = self
            .tx
            .marks(meeting.id)?
            .into_iter()
            .filter(|m| m.kind.is_present())
            .map(|m| m.member_id)
            .collect();
        if let Some((item_id, from)) = discussion {
            let first = self.rng.below(self.pools.remarks.len());
            for n in 0..3 {
                let speaker = self.rng.pick(&present).copied();
                let text = self
                    .pools
                    .remarks
                    .get((first + 3 * n as usize) % self.pools.remarks.len().max(1))
                    .cloned()
                    .unwrap_or_default();
                self.tx.add_remark(
                    meeting.id,
                    &RemarkInput {
                        agenda_item_id: Some(item_id),
                        speaker_member_id: speaker,
                        speaker_guest_id: None,
                        text,
                        spoken_at: Some(from + Duration::minutes(4 * n + 1)),
                    },
                )?;
            }
        }
        self.review_open_tasks(meeting)?;
        if let Some((item_id, when)) = vote_item {
            self.votes(meeting, item_id, when)?;
        }
        if meeting.kind.is_regular() {
            self.set_tasks(meeting, conclusion_item, &present)?;
        }
        self.dues(meeting, &roster)?;
        self.tx.close_meeting(meeting.id)?;
        let this_month = day.year() == self.today.year() && day.month() == self.today.month();
        if !this_month {
            self.tx.lock_meeting(meeting.id)?;
        }
        Ok(())
    }

    fn roll_call(
        &mut self,
        meeting: &Meeting,
        roster: &Roster,
        start: NaiveDateTime,
    ) -> Result<(), Error> {
        use crate::domain::RosterCategory as C;
        let day = meeting.date();
        for entry in &roster.entries {
            let (kind, when, reason) = match entry.category {
                C::Exempt => {
                    if self.rng.below(4) == 0 {
                        (MarkKind::Present, None, String::new())
                    } else {
                        continue;
                    }
                }
                C::Away | C::Suspended => continue,
                C::Expected | C::AttachedIn => {
                    // One member drifts away this year: two unexcused absences.
                    let drifting = entry.full_name == self.texts.drifting_member
                        && day.year() == self.today.year()
                        && matches!(day.month(), 3 | 8)
                        && meeting.kind.is_regular();
                    let roll = self.rng.below(100);
                    if drifting || (93..96).contains(&roll) {
                        (MarkKind::AbsentUnexcused, None, String::new())
                    } else if roll < 80 {
                        (MarkKind::Present, None, String::new())
                    } else if roll < 86 {
                        let late = start + Duration::minutes(5 + self.rng.below(20) as i64);
                        (MarkKind::Late, Some(late), String::new())
                    } else if roll < 88 {
                        let left = start + Duration::minutes(60 + self.rng.below(20) as i64);
                        (
                            MarkKind::LeftEarly,
                            Some(left),
                            self.texts.left_early_reason.clone(),
                        )
                    } else {
                        let reason = self
                            .rng
                            .pick(&self.pools.absence_reasons)
                            .cloned()
                            .unwrap_or_default();
                        (MarkKind::AbsentExcused, None, reason)
                    }
                }
            };
            self.tx
                .set_mark(meeting.id, entry.member_id, kind, when, &reason)?;
        }
        Ok(())
    }

    fn votes(
        &mut self,
        meeting: &Meeting,
        item_id: RowId,
        when: NaiveDateTime,
    ) -> Result<(), Error> {
        let day = meeting.date();
        // Probe V at that moment with an empty tally, then vote with it.
        let figures = self.tx.voting_figures_at(meeting, when)?;
        let v = figures.eligible_present;
        let other = u32::from(self.rng.below(4) == 0 && v > 0);
        let subject = if meeting.kind.is_regular() {
            self.texts
                .vote_resolution
                .replace("{period}", &vi::month_period(day.year(), day.month()))
        } else {
            self.texts.vote_thematic.clone()
        };
        self.tx.record_vote(
            meeting.id,
            &VoteInput {
                agenda_item_id: Some(item_id),
                subject,
                kind: VoteKind::Resolution,
                votes_for: v - other,
                votes_against: 0,
                votes_other: other,
                taken_at: Some(when),
            },
        )?;
        // The recognition of a probationary member, in the month it fell due.
        for member in &self.members {
            let recognized = member
                .official_on()
                .is_some_and(|d| d.year() == day.year() && d.month() == day.month());
            if recognized && meeting.kind.is_regular() {
                self.tx.record_vote(
                    meeting.id,
                    &VoteInput {
                        agenda_item_id: Some(item_id),
                        subject: self
                            .texts
                            .vote_recognition
                            .replace("{name}", &member.full_name),
                        kind: VoteKind::Recognition,
                        votes_for: v,
                        votes_against: 0,
                        votes_other: 0,
                        taken_at: Some(when),
                    },
                )?;
            }
        }
        Ok(())
    }

    fn review_open_tasks(&mut self, meeting: &Meeting) -> Result<(), Error> {
        let open = std::mem::take(&mut self.open_tasks);
        for task_id in open {
            let roll = self.rng.below(10);
            let (outcome, note) = match roll {
                0 => (TaskOutcome::NotDone, self.texts.outcome_not_done.as_str()),
                1 | 2 => (
                    TaskOutcome::InProgress,
                    self.texts.outcome_in_progress.as_str(),
                ),
                _ => (TaskOutcome::Done, ""),
            };
            self.tx
                .set_task_outcome(task_id, Some(outcome), note, meeting.id)?;
            if outcome != TaskOutcome::Done {
                self.open_tasks.push(task_id);
            }
        }
        Ok(())
    }

    fn set_tasks(
        &mut self,
        meeting: &Meeting,
        item: Option<RowId>,
        present: &[RowId],
    ) -> Result<(), Error> {
        let day = meeting.date();
        let due = months_after(day.with_day(1).unwrap_or(day), 2) - Duration::days(1);
        // Two different tasks each month.
        let first = self.rng.below(self.pools.tasks.len());
        for n in 0..2 {
            let text = self
                .pools
                .tasks
                .get((first + 5 * n) % self.pools.tasks.len().max(1))
                .cloned()
                .unwrap_or_default();
            let task = self.tx.add_task(
                meeting.id,
                &TaskInput {
                    agenda_item_id: item,
                    text,
                    assignee_id: self.rng.pick(present).copied(),
                    due_on: Some(due),
                },
            )?;
            self.open_tasks.push(task.id);
        }
        Ok(())
    }

    fn dues(&mut self, meeting: &Meeting, roster: &Roster) -> Result<(), Error> {
        if !meeting.kind.is_regular() {
            return Ok(());
        }
        let day = meeting.date();
        for entry in roster
            .entries
            .iter()
            .filter(|e| e.category != crate::domain::RosterCategory::AttachedIn)
        {
            let late_payer = entry.full_name == self.texts.drifting_member
                && day.year() == self.today.year()
                && matches!(day.month(), 3 | 8);
            let amount = if entry.is_official() { 45_000 } else { 30_000 };
            self.tx.set_dues(
                entry.member_id,
                day.year(),
                day.month(),
                !late_payer,
                Some(amount),
            )?;
        }
        Ok(())
    }
}
