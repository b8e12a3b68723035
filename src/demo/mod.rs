//! The demo cell (`chibo demo`, and the welcome screen's offer): members from
//! `assets/demo/cell.toml` and 24 months of meetings up to the demo's today,
//! generated deterministically through the same store functions the app uses.
//! `committee` reuses the same meetings for a committee's whole file
//! (`chibo demo --scale committee`: 200 cells, ten years), written in bulk.

pub mod committee;
mod seed;
mod writer;

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Deserialize;

use crate::assets;
use crate::domain::agenda::StepKind;
use crate::domain::{
    AgendaItem, AttendanceMark, ItemDisposition, MarkKind, Meeting, MeetingKind, MeetingStatus,
    Member, RoleKind, Roster, RosterCategory, RowId, StatusEventKind, TaskOutcome, VoteKind,
};
use crate::store::{
    CellInput, Error, MeetingInput, MemberInput, Officer, RemarkInput, StatusEventInput, Store,
    TaskInput, VoteInput,
};
use crate::vi;
use writer::Writer;

/// How much the demo writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Scale {
    /// One cell, 26 members, 24 months (`assets/demo/cell.toml`).
    #[default]
    Cell,
    /// A committee's file: 200 cells, about 6,000 members, ten years.
    Committee,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DemoFile {
    cell: CellSpec,
    members: Vec<MemberSpec>,
    pools: Pools,
    texts: Texts,
}

impl DemoFile {
    fn parse() -> Result<DemoFile, Error> {
        toml::from_str(assets::DEMO_CELL).map_err(bad_asset)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Texts {
    venue: String,
    guest_name: String,
    guest_title: String,
    guest_remark: String,
    conclusion: String,
    conclusion_thematic: String,
    left_early_reason: String,
    chair_absence_reason: String,
    vote_agenda: String,
    vote_resolution: String,
    vote_minutes: String,
    vote_minutes_thematic: String,
    vote_recognition: String,
    outcome_not_done: String,
    outcome_in_progress: String,
    drifting_member: String,
    addendum_remark: String,
    addendum: String,
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
pub(crate) struct Pools {
    absence_reasons: Vec<String>,
    thematic_topics: Vec<String>,
    remarks: Vec<String>,
    thematic_remarks: Vec<String>,
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
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in 0..n.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
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

pub(crate) fn months_before(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(today)
}

pub(crate) fn months_after(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_add_months(Months::new(months))
        .unwrap_or(today)
}

/// Moves a weekend day to the next Monday.
pub(crate) fn weekday_on_or_after(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Duration::days(2),
        Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

pub(crate) fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
}

/// Writes the demo at a scale into an empty database.
pub fn load_scale(store: &mut Store, today: NaiveDate, scale: Scale) -> Result<DemoSummary, Error> {
    match scale {
        Scale::Cell => load(store, today),
        Scale::Committee => committee::load(store, today),
    }
}

/// Writes the demo cell into an empty database, in one transaction.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<DemoSummary, Error> {
    let file = DemoFile::parse()?;
    if !store.is_empty()? {
        return Err(Error::NotEmpty);
    }
    store.write(|tx| {
        let mut demo = Demo::new(tx, today, 0x5EED_C41B_0D00_2018, &file.pools, &file.texts);
        demo.write_cell(&CellInput {
            name: file.cell.name.clone(),
            upper_unit: file.cell.upper_unit.clone(),
            place_name: file.cell.place_name.clone(),
            usual_venue: file.cell.usual_venue.clone(),
        })?;
        let plans = file
            .members
            .iter()
            .map(|spec| spec.plan(today))
            .collect::<Result<Vec<_>, Error>>()?;
        demo.write_members(&plans)?;
        demo.write_meetings(24)?;
        demo.write_addendum()?;
        Ok(DemoSummary {
            cells: 1,
            members: demo.members.len(),
            meetings: demo.meetings,
        })
    })
}

/// A member as the demo enters them: what the member form takes, the
/// offices and the dated status events.
#[derive(Debug, Clone)]
pub(crate) struct MemberPlan {
    pub(crate) input: MemberInput,
    pub(crate) roles: Vec<(RoleKind, NaiveDate, Option<NaiveDate>)>,
    pub(crate) events: Vec<StatusEventInput>,
}

impl MemberSpec {
    /// The member with the dates of `cell.toml` resolved against today.
    fn plan(&self, today: NaiveDate) -> Result<MemberPlan, Error> {
        let admitted = match (&self.admitted, self.admitted_months_ago) {
            (Some(d), _) => Some(fixed_date(d)?),
            (None, Some(n)) => Some(months_before(today, n)),
            (None, None) => None,
        };
        let official = match (&self.official, self.official_months_ago) {
            (Some(d), _) => Some(fixed_date(d)?),
            (None, Some(n)) => Some(months_before(today, n)),
            (None, None) => None,
        };
        Ok(MemberPlan {
            input: MemberInput {
                full_name: self.name.clone(),
                birth_date: Some(fixed_date(&self.born)?),
                gender: Some(self.gender),
                phone: self.phone.clone(),
                national_id: self.national_id.clone(),
                note: self.note.clone(),
                admitted_on: admitted,
                official_on: official,
                card_number: self.card.clone(),
            },
            roles: self
                .roles
                .iter()
                .map(|r| Ok((r.kind, fixed_date(&r.from)?, None)))
                .collect::<Result<_, Error>>()?,
            events: self
                .events
                .iter()
                .map(|e| StatusEventInput {
                    kind: e.kind,
                    date: months_before(today, e.months_ago),
                    until: e.until_months_ahead.map(|n| months_after(today, n)),
                    decision: e.decision.clone(),
                    organisation: e.organisation.clone(),
                    note: e.note.clone(),
                })
                .collect(),
        })
    }
}

/// A change to the roll that happens on a day of the calendar (a member
/// admitted or transferred in, a status event, an office), entered before
/// that day's meeting is held.
#[derive(Debug, Clone)]
pub(crate) enum RollChange {
    /// A new member row (the index of its plan, for the changes after it).
    Join(usize),
    Event(usize, StatusEventInput),
    Role(usize, RoleKind, NaiveDate, Option<NaiveDate>),
}

pub(crate) struct Demo<'a, 't, W: Writer> {
    tx: &'a mut W,
    today: NaiveDate,
    rng: Rng,
    pools: &'t Pools,
    texts: &'t Texts,
    cell_id: RowId,
    /// Where the cell's meetings are held.
    venue: String,
    members: Vec<Member>,
    meetings: usize,
    open_tasks: Vec<RowId>,
    /// Who made the remark the addendum corrects (while its meeting is held).
    addendum_speaker: Option<String>,
    /// The locked meeting that gets the demo's one addendum, and the member
    /// whose remark it corrects.
    addendum: Option<(RowId, String)>,
    /// Changes to the roll still to come, by day (oldest first), and the
    /// plans they refer to with the row each became.
    changes: Vec<(NaiveDate, RollChange)>,
    plans: Vec<MemberPlan>,
    rows: Vec<Option<RowId>>,
}

/// One meeting of the demo calendar.
struct Planned {
    kind: MeetingKind,
    day: NaiveDate,
    /// Runs 84–89 minutes, so the duration finding has something to show.
    short: bool,
    /// The bí thư is away with a reason and the phó bí thư chairs instead.
    chair_replaced: bool,
    /// Gets the addendum once locked (its first remark is the one corrected).
    addendum: bool,
}

/// An agenda item as the demo holds it: None when skipped, else its minutes.
struct Slot {
    item: AgendaItem,
    minutes: Option<i64>,
}

fn same_month(a: NaiveDate, b: NaiveDate) -> bool {
    a.year() == b.year() && a.month() == b.month()
}

/// Shortens (longest item first) or lengthens (the first discussion, else
/// the longest item) the held items until they add up to `target` minutes.
fn fit(slots: &mut [Slot], target: i64) {
    let total = |slots: &[Slot]| slots.iter().filter_map(|s| s.minutes).sum::<i64>();
    while total(slots) > target {
        let longest = slots
            .iter_mut()
            .filter(|s| s.minutes.is_some_and(|m| m > 1))
            .max_by_key(|s| s.minutes);
        match longest {
            Some(slot) => slot.minutes = slot.minutes.map(|m| m - 1),
            None => break,
        }
    }
    let deficit = target - total(slots);
    if deficit > 0 {
        let discussion = slots
            .iter()
            .position(|s| s.minutes.is_some() && s.item.kind == StepKind::Discussion);
        let longest = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.minutes.is_some())
            .max_by_key(|(_, s)| s.minutes)
            .map(|(i, _)| i);
        if let Some(i) = discussion.or(longest) {
            slots[i].minutes = slots[i].minutes.map(|m| m + deficit);
        }
    }
}

impl<'a, 't, W: Writer> Demo<'a, 't, W> {
    pub(crate) fn new(
        tx: &'a mut W,
        today: NaiveDate,
        seed: u64,
        pools: &'t Pools,
        texts: &'t Texts,
    ) -> Self {
        Demo {
            tx,
            today,
            rng: Rng(seed),
            pools,
            texts,
            cell_id: 0,
            venue: texts.venue.clone(),
            members: Vec::new(),
            meetings: 0,
            open_tasks: Vec::new(),
            addendum_speaker: None,
            addendum: None,
            changes: Vec::new(),
            plans: Vec::new(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn write_cell(&mut self, input: &CellInput) -> Result<(), Error> {
        let cell = self.tx.create_cell(input)?;
        self.cell_id = cell.id;
        if !input.usual_venue.is_empty() {
            self.venue = input.usual_venue.clone();
        }
        Ok(())
    }

    /// Enters members at once, each with their offices and events.
    pub(crate) fn write_members(&mut self, plans: &[MemberPlan]) -> Result<(), Error> {
        for plan in plans {
            let member = self.tx.add_member(self.cell_id, &plan.input)?;
            for &(kind, from, until) in &plan.roles {
                self.tx.add_role(member.id, kind, from, until)?;
            }
            for event in &plan.events {
                self.tx.add_status_event(member.id, event)?;
            }
        }
        self.members = self.tx.members(self.cell_id)?;
        Ok(())
    }

    /// Members whose changes come one by one as the calendar reaches their
    /// day: `write_meetings` enters each before the meeting of its day.
    pub(crate) fn plan_roll(
        &mut self,
        plans: Vec<MemberPlan>,
        changes: Vec<(NaiveDate, RollChange)>,
    ) {
        self.rows = vec![None; plans.len()];
        self.plans = plans;
        self.changes = changes;
        self.changes.sort_by_key(|(day, _)| *day);
    }

    /// Enters the changes to the roll dated up to `day` (in date order).
    fn roll_up_to(&mut self, day: NaiveDate) -> Result<(), Error> {
        let due = self.changes.partition_point(|(d, _)| *d <= day);
        if due == 0 {
            return Ok(());
        }
        let changes: Vec<(NaiveDate, RollChange)> = self.changes.drain(..due).collect();
        for (day, change) in changes {
            self.tx.at(at(day, 8, 0));
            match change {
                RollChange::Join(i) => {
                    if let Some(plan) = self.plans.get(i) {
                        let member = self.tx.add_member(self.cell_id, &plan.input)?;
                        self.rows[i] = Some(member.id);
                    }
                }
                RollChange::Event(i, event) => {
                    if let Some(Some(id)) = self.rows.get(i) {
                        self.tx.add_status_event(*id, &event)?;
                    }
                }
                RollChange::Role(i, kind, from, until) => {
                    if let Some(Some(id)) = self.rows.get(i) {
                        self.tx.add_role(*id, kind, from, until)?;
                    }
                }
            }
        }
        self.members = self.tx.members(self.cell_id)?;
        Ok(())
    }

    pub(crate) fn members_written(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn meetings_written(&self) -> usize {
        self.meetings
    }

    /// The calendar: a regular meeting on the 5th of each month (weekends
    /// moved to Monday), a thematic one on the 20th of each quarter's last
    /// month, and one quarter held as a combined session. The July regular
    /// meetings and the March and September thematic ones run short; the
    /// regular meeting seven months back is chaired by the phó bí thư; the
    /// one two months back gets an addendum.
    fn calendar(&self, months: u32) -> Vec<Planned> {
        let first = months_before(self.today, months.saturating_sub(1))
            .with_day(1)
            .unwrap_or(self.today);
        let replaced_month = months_before(self.today, 7);
        let addendum_month = months_before(self.today, 2);
        let mut combined_done = false;
        let mut planned = Vec::new();
        for offset in 0..=months {
            let month = months_after(first, offset);
            let quarter_end = month.month().is_multiple_of(3);
            let regular_day = weekday_on_or_after(month.with_day(5).unwrap_or(month));
            let kind = if quarter_end && offset >= 10 && !combined_done {
                combined_done = true;
                MeetingKind::Combined
            } else {
                MeetingKind::Regular
            };
            planned.push(Planned {
                kind,
                day: regular_day,
                short: kind == MeetingKind::Regular && month.month() == 7,
                chair_replaced: kind == MeetingKind::Regular && same_month(month, replaced_month),
                addendum: same_month(month, addendum_month),
            });
            if quarter_end && offset < months && kind == MeetingKind::Regular {
                planned.push(Planned {
                    kind: MeetingKind::Thematic,
                    day: weekday_on_or_after(month.with_day(20).unwrap_or(month)),
                    short: matches!(month.month(), 3 | 9),
                    chair_replaced: false,
                    addendum: false,
                });
            }
        }
        planned
    }

    /// The meetings of the last `months` months up to today, and the next
    /// month's regular meeting, planned.
    pub(crate) fn write_meetings(&mut self, months: u32) -> Result<(), Error> {
        for planned in self.calendar(months) {
            self.roll_up_to(planned.day.min(self.today))?;
            // Entered on the computer about twelve days before.
            self.tx.at(at(planned.day - Duration::days(12), 8, 30));
            let chair = crate::planning::default_chair(&self.members, planned.day);
            let minute_taker = self.minute_taker(planned.day, chair);
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
                    place: self.venue.clone(),
                    chair_id: chair,
                    minute_taker_id: minute_taker,
                },
            )?;
            self.meetings += 1;
            self.prepare(&meeting, &planned)?;
            if planned.day < self.today {
                self.hold(&meeting, &planned)?;
            }
        }
        self.roll_up_to(self.today)
    }

    /// The preparation checklist of a held (or imminent) meeting: the chi
    /// ủy met a week before, members were notified and the materials sent
    /// two days before — except once, sent the day of the meeting, so the
    /// late-materials warning has something to show.
    fn prepare(&mut self, meeting: &Meeting, planned: &Planned) -> Result<(), Error> {
        use crate::domain::PrepStep;
        let day = planned.day;
        if day > self.today + Duration::days(7) {
            return Ok(());
        }
        let late = day.month() == 5 && day.year() == self.today.year();
        let sent = if late { day } else { day - Duration::days(2) };
        for (step, done) in [
            (PrepStep::CommitteeMet, day - Duration::days(7)),
            (PrepStep::ContentAssigned, day - Duration::days(7)),
            (PrepStep::MembersNotified, day - Duration::days(3)),
            (PrepStep::MaterialsSent, sent),
        ] {
            if done <= self.today {
                self.tx.at(at(done, 16, 0));
                self.tx.set_preparation_step(meeting.id, step, done)?;
            }
        }
        Ok(())
    }

    fn holder_of(&self, kind: RoleKind, day: NaiveDate) -> Option<RowId> {
        crate::planning::holder_of(&self.members, kind, day)
    }

    /// Whether a member is called in the roll call of `day` as one of the
    /// cell's own official members (not exempt, away or suspended).
    fn called_official(&self, member_id: RowId, day: NaiveDate) -> bool {
        // `Roster::build(..).entry(id)` is Expected and official exactly
        // when this holds; the roster itself (sorted by name) is not needed.
        self.members.iter().any(|m| {
            if m.id != member_id {
                return false;
            }
            let s = m.standing_on(day);
            s.own
                && !s.suspended
                && !s.away
                && !s.exempt
                && s.party_status == Some(crate::domain::PartyStatus::Official)
        })
    }

    /// The minute-taker: a chi ủy viên called that day, else another official
    /// member called that day (never the chair).
    fn minute_taker(&self, day: NaiveDate, chair: Option<RowId>) -> Option<RowId> {
        let committee = self
            .members
            .iter()
            .filter(|m| m.roles_on(day).any(|r| r == RoleKind::CommitteeMember))
            .map(|m| m.id);
        let everyone = self.members.iter().map(|m| m.id);
        committee
            .chain(everyone)
            .find(|&id| Some(id) != chair && self.called_official(id, day))
    }

    /// Holds a past meeting: roll call, every agenda item held with its
    /// times or skipped, remarks, votes, tasks, outcomes of earlier tasks,
    /// dues, the quality self-assessment; closed, and locked unless it is in
    /// the current month.
    fn hold(&mut self, meeting: &Meeting, planned: &Planned) -> Result<(), Error> {
        let day = meeting.date();
        let start = at(day, 14, self.rng.below(6) as u32);
        self.tx.at(start);
        let roster = Roster::build(&self.members, day);
        self.tx.roster_known(meeting.id, &roster);
        self.tx
            .set_meeting_status(meeting.id, MeetingStatus::InProgress)?;
        let guest = if day.month() % 4 == 1 {
            Some(
                self.tx
                    .add_guest(meeting.id, &self.texts.guest_name, &self.texts.guest_title)?,
            )
        } else {
            None
        };

        // The officers are in the room; once, the bí thư is away and the
        // phó bí thư chairs in his place.
        let deputy = if planned.chair_replaced {
            self.holder_of(RoleKind::DeputySecretary, day)
                .filter(|&d| Some(d) != meeting.chair_id && self.called_official(d, day))
        } else {
            None
        };
        let away_chair = deputy.and(meeting.chair_id);
        let in_room: Vec<RowId> = [meeting.chair_id, meeting.minute_taker_id, deputy]
            .into_iter()
            .flatten()
            .filter(|&id| Some(id) != away_chair)
            .collect();
        self.roll_call(meeting, &roster, start, &in_room, away_chair)?;
        if deputy.is_some() {
            self.tx.set_officer(meeting.id, Officer::Chair, deputy)?;
        }
        let marks = self.tx.marks(meeting.id)?;

        // Probationary members whose recognition falls due this month.
        let recognitions: Vec<(RowId, String)> = if meeting.kind.is_regular() {
            self.members
                .iter()
                .filter(|m| m.official_on().is_some_and(|d| same_month(d, day)))
                .filter(|m| roster.entry(m.id).is_some())
                .map(|m| (m.id, m.full_name.clone()))
                .collect()
        } else {
            Vec::new()
        };

        // Which items are held, and for how long.
        let mut slots: Vec<Slot> = Vec::new();
        for item in self.tx.agenda(meeting.id)? {
            let held = !item.optional
                || match item.kind {
                    // "Ý kiến của đại biểu cấp trên (nếu có)"
                    StepKind::Discussion => guest.is_some(),
                    // "Công tác đảng viên (nếu có)"
                    StepKind::Vote => item.vote_kind.is_some() || !recognitions.is_empty(),
                    _ => false,
                };
            let minutes =
                held.then(|| (item.planned_minutes + self.rng.below(3) as i64 - 1).max(1));
            slots.push(Slot { item, minutes });
        }
        let min = assets::rules_on(day)
            .and_then(|r| r.min_minutes(meeting.kind))
            .map(|r| i64::from(r.value));
        if let Some(min) = min {
            let held: i64 = slots.iter().filter_map(|s| s.minutes).sum();
            if planned.short {
                fit(&mut slots, min - 6 + self.rng.below(6) as i64);
            } else if held < min + 2 {
                fit(&mut slots, min + 2 + self.rng.below(4) as i64);
            }
        }

        // The items, in order, with their times.
        let mut clock = start;
        let mut held: Vec<(AgendaItem, NaiveDateTime, NaiveDateTime)> = Vec::new();
        for slot in slots {
            let item = slot.item;
            let Some(minutes) = slot.minutes else {
                // An optional step with nothing to do: "không có".
                self.tx
                    .settle_item(item.id, Some(ItemDisposition::Skipped), "")?;
                continue;
            };
            let end = clock + Duration::minutes(minutes);
            let conclusion = match (item.kind, meeting.kind) {
                (StepKind::Conclusion, MeetingKind::Thematic) => {
                    self.texts.conclusion_thematic.clone()
                }
                (StepKind::Conclusion, _) => self.texts.conclusion.clone(),
                _ => String::new(),
            };
            self.tx
                .set_agenda_item_record(item.id, Some(clock), Some(end), &conclusion)?;
            held.push((item, clock, end));
            clock = end;
        }
        let end = clock;
        self.tx
            .set_meeting_times(meeting.id, Some(start), Some(end))?;

        // What was said and decided under each item.
        let mut discussions = 0;
        for (item, from, to) in &held {
            match item.kind {
                StepKind::Discussion if item.optional => {
                    if let Some(guest) = guest {
                        self.tx.add_remark(
                            meeting.id,
                            &RemarkInput {
                                agenda_item_id: Some(item.id),
                                speaker_member_id: None,
                                speaker_guest_id: Some(guest),
                                text: self.texts.guest_remark.clone(),
                                spoken_at: Some(*from + Duration::minutes(1)),
                            },
                        )?;
                    }
                }
                StepKind::Discussion => {
                    let thematic = meeting.kind == MeetingKind::Thematic
                        || (meeting.kind == MeetingKind::Combined && discussions > 0);
                    let corrected = planned.addendum && discussions == 0;
                    self.remarks(meeting, item, *from, *to, &marks, thematic, corrected)?;
                    discussions += 1;
                }
                StepKind::TaskReview => self.review_open_tasks(meeting)?,
                StepKind::Conclusion if meeting.kind.is_regular() => {
                    let present: Vec<RowId> = marks
                        .iter()
                        .filter(|m| m.kind.is_present())
                        .map(|m| m.member_id)
                        .collect();
                    self.set_tasks(meeting, item.id, &present)?;
                }
                StepKind::Dues => self.dues(meeting, &roster)?,
                StepKind::Vote if item.vote_kind.is_none() => {
                    self.recognition_votes(meeting, item, *from, *to, &recognitions)?;
                }
                _ => {}
            }
            if let Some(kind) = item.vote_kind {
                self.vote(meeting, item, kind, *from, *to)?;
            }
        }
        self.quality(meeting.id)?;
        self.tx.close_meeting(meeting.id)?;
        if !same_month(day, self.today) {
            self.tx.lock_meeting(meeting.id)?;
            if planned.addendum
                && let Some(name) = self.addendum_speaker.take()
            {
                self.addendum = Some((meeting.id, name));
            }
        }
        Ok(())
    }

    fn roll_call(
        &mut self,
        meeting: &Meeting,
        roster: &Roster,
        start: NaiveDateTime,
        in_room: &[RowId],
        away_chair: Option<RowId>,
    ) -> Result<(), Error> {
        use crate::domain::RosterCategory as C;
        let day = meeting.date();
        for entry in &roster.entries {
            let (kind, when, reason) = match entry.category {
                _ if in_room.contains(&entry.member_id) => (MarkKind::Present, None, String::new()),
                _ if away_chair == Some(entry.member_id) => (
                    MarkKind::AbsentExcused,
                    None,
                    self.texts.chair_absence_reason.clone(),
                ),
                C::Exempt => {
                    if self.rng.below(4) == 0 {
                        (MarkKind::Present, None, String::new())
                    } else {
                        continue;
                    }
                }
                C::Away | C::Suspended => continue,
                C::Expected | C::AttachedIn => {
                    // One member drifts away this year: absent without a
                    // reason from the regular meetings of March, July and
                    // August, three months, the removal ground (Điều lệ
                    // Điều 8), while their dues (below) stop at two months
                    // unpaid, the warning before it. (July's absence was
                    // the roll's before it was written here: the draws,
                    // and so the whole demo, are unchanged.)
                    let drifting = entry.full_name == self.texts.drifting_member
                        && day.year() == self.today.year()
                        && matches!(day.month(), 3 | 7 | 8)
                        && meeting.kind.is_regular();
                    let roll = self.rng.below(100);
                    if drifting || roll == 95 {
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

    /// Distinct members in the room at a moment, in a random order.
    fn in_room_at(&mut self, marks: &[AttendanceMark], when: NaiveDateTime) -> Vec<RowId> {
        let mut here: Vec<RowId> = marks
            .iter()
            .filter(|m| m.present_at(Some(when)))
            .map(|m| m.member_id)
            .collect();
        for i in (1..here.len()).rev() {
            let j = self.rng.below(i + 1);
            here.swap(i, j);
        }
        here
    }

    /// Members' remarks under a discussion item, each by someone in the
    /// room when they spoke. The addendum's meeting opens with the remark
    /// the addendum corrects.
    #[allow(clippy::too_many_arguments)]
    fn remarks(
        &mut self,
        meeting: &Meeting,
        item: &AgendaItem,
        from: NaiveDateTime,
        to: NaiveDateTime,
        marks: &[AttendanceMark],
        thematic: bool,
        corrected: bool,
    ) -> Result<(), Error> {
        let pools = self.pools;
        let pool = if thematic {
            &pools.thematic_remarks
        } else {
            &pools.remarks
        };
        if pool.is_empty() {
            return Ok(());
        }
        let count: i64 = if thematic { 4 } else { 3 };
        let step = ((to - from).num_minutes() / (count + 1)).max(1);
        let first = self.rng.below(pool.len());
        let mut spoken: Vec<RowId> = Vec::new();
        for n in 0..count {
            let when = (from + Duration::minutes(step * n + 1)).min(to);
            let speaker = self
                .in_room_at(marks, when)
                .into_iter()
                .find(|id| !spoken.contains(id));
            let Some(speaker) = speaker else {
                continue;
            };
            spoken.push(speaker);
            let text = if corrected && n == 0 {
                let name = self
                    .members
                    .iter()
                    .find(|m| m.id == speaker)
                    .map(|m| m.full_name.clone())
                    .unwrap_or_default();
                self.addendum_speaker = Some(name);
                self.texts.addendum_remark.clone()
            } else {
                pool[(first + 3 * n as usize) % pool.len()].clone()
            };
            self.tx.add_remark(
                meeting.id,
                &RemarkInput {
                    agenda_item_id: Some(item.id),
                    speaker_member_id: Some(speaker),
                    speaker_guest_id: None,
                    text,
                    spoken_at: Some(when),
                },
            )?;
        }
        Ok(())
    }

    /// What a vote of this kind is about.
    fn vote_subject(&self, meeting: &Meeting, item: &AgendaItem, kind: VoteKind) -> String {
        let day = meeting.date();
        let period = vi::month_period(day.year(), day.month());
        match kind {
            VoteKind::Agenda => self.texts.vote_agenda.clone(),
            VoteKind::Resolution => self.texts.vote_resolution.replace("{period}", &period),
            VoteKind::Minutes if meeting.kind == MeetingKind::Thematic => {
                self.texts.vote_minutes_thematic.clone()
            }
            VoteKind::Minutes => self.texts.vote_minutes.replace("{period}", &period),
            _ => item.title.clone(),
        }
    }

    /// The vote an item takes, at its last minute, with V at that moment:
    /// the agenda unanimously, the resolution and the minutes with now and
    /// then one "other opinion".
    fn vote(
        &mut self,
        meeting: &Meeting,
        item: &AgendaItem,
        kind: VoteKind,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<(), Error> {
        let when = (to - Duration::minutes(1)).max(from);
        let v = self.tx.voting_figures_at(meeting, when)?.eligible_present;
        let subject = self.vote_subject(meeting, item, kind);
        let other = match kind {
            VoteKind::Resolution => u32::from(self.rng.below(4) == 0 && v > 0),
            VoteKind::Minutes => u32::from(self.rng.below(5) == 0 && v > 0),
            _ => 0,
        };
        self.tx.record_vote(
            meeting.id,
            &VoteInput {
                agenda_item_id: Some(item.id),
                subject,
                kind,
                votes_for: v - other,
                votes_against: 0,
                votes_other: other,
                taken_at: Some(when),
            },
        )?;
        Ok(())
    }

    /// "Công tác đảng viên": the recognition of each probationary member
    /// whose year ends this month, one vote each.
    fn recognition_votes(
        &mut self,
        meeting: &Meeting,
        item: &AgendaItem,
        from: NaiveDateTime,
        to: NaiveDateTime,
        recognitions: &[(RowId, String)],
    ) -> Result<(), Error> {
        for (n, (_, name)) in recognitions.iter().enumerate() {
            let when = (from + Duration::minutes(1 + n as i64)).min(to);
            let v = self.tx.voting_figures_at(meeting, when)?.eligible_present;
            self.tx.record_vote(
                meeting.id,
                &VoteInput {
                    agenda_item_id: Some(item.id),
                    subject: self.texts.vote_recognition.replace("{name}", name),
                    kind: VoteKind::Recognition,
                    votes_for: v,
                    votes_against: 0,
                    votes_other: 0,
                    taken_at: Some(when),
                },
            )?;
        }
        Ok(())
    }

    /// The quality self-assessment: most meetings give themselves 92–100,
    /// some 74–93 (one in five); the engine zeroes the criteria the record fails.
    fn quality(&mut self, meeting_id: RowId) -> Result<(), Error> {
        let rubric = assets::rubric()?;
        let fair = self.rng.below(10) >= 8;
        let mut points = Vec::new();
        for c in &rubric.criteria {
            let max = c.max as usize;
            let cut = if c.mandatory {
                usize::from(fair && c.check.is_none() && self.rng.below(3) == 0)
            } else if fair {
                max / 10 + self.rng.below(max / 4 + 1)
            } else {
                self.rng.below(max / 8 + 1)
            };
            points.push((c.id.clone(), c.max.saturating_sub(cut as u32)));
        }
        self.tx.set_quality(meeting_id, &points)
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
        item: RowId,
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
                    agenda_item_id: Some(item),
                    text,
                    assignee_id: self.rng.pick(present).copied(),
                    due_on: Some(due),
                },
            )?;
            self.open_tasks.push(task);
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
            .filter(|e| e.category != RosterCategory::AttachedIn)
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

    /// The one dated correction of a locked meeting's minutes.
    pub(crate) fn write_addendum(&mut self) -> Result<(), Error> {
        if let Some((meeting_id, name)) = self.addendum.take() {
            self.tx.at(at(self.today, 9, 0));
            let text = self.texts.addendum.replace("{name}", &name);
            self.tx.add_addendum(meeting_id, &text)?;
        }
        Ok(())
    }
}
