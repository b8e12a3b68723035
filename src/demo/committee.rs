//! The committee demo (`chibo demo --scale committee`): a district
//! committee that keeps all of its cells in one file, for ten years. It is
//! the file the speed figures of BENCHMARKS.md are measured on.
//!
//! Each cell gets members with a history (admitted during the years and
//! recognized official a year later, exempt for age or illness, away to
//! study, transferred to another cell of the committee, attached from
//! outside, removed, deceased) and the demo cell's meetings (`Demo`): a
//! regular meeting every month and a thematic one every quarter, with roll
//! calls, remarks, votes, tasks and their outcomes, dues, the quality
//! self-assessment, closed and locked. Everything is drawn from a fixed
//! seed, so the file is the same on every machine (but for the UUIDs).
//!
//! The cells are written one transaction each, through `SeedWriter`.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;

use super::seed::SeedWriter;
use super::writer::Writer;
use super::{
    Demo, DemoFile, DemoSummary, MemberPlan, Rng, RollChange, months_after, months_before,
    weekday_on_or_after,
};
use crate::domain::{Gender, RoleKind, StatusEventKind};
use crate::store::{CellInput, Error, MemberInput, StatusEventInput, Store};

const COMMITTEE: &str = include_str!("../../assets/demo/committee.toml");

/// The seed of the committee's draws.
const SEED: u64 = 0xC0DE_2016_1201_0200;

/// SQLite's page cache while the file is written (the app keeps the default).
const BULK_CACHE_MB: u32 = 256;

/// Cells written per transaction: the pages of the indexes a cell touches
/// are written once for twenty cells instead of once per cell.
const CELLS_PER_TRANSACTION: usize = 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitteeFile {
    committee: CommitteeSpec,
    cells: Vec<CellKind>,
    names: Names,
    texts: HistoryTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitteeSpec {
    months: u32,
    members_min: usize,
    members_max: usize,
    admissions_min: usize,
    admissions_max: usize,
    upper_unit: String,
    place_name: String,
    communes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellKind {
    name: String,
    venue: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    family: Vec<String>,
    male_middle: Vec<String>,
    female_middle: Vec<String>,
    male_given: Vec<String>,
    female_given: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryTexts {
    decision: String,
    introduction: String,
    exempt_age: String,
    exempt_illness: String,
    study_organisation: String,
    study_note: String,
    attached_in_organisation: String,
    attached_in_note: String,
    removed_note: String,
}

fn bad_asset(what: impl std::fmt::Display) -> Error {
    Error::Import(format!("assets/demo/committee.toml: {what}"))
}

/// One cell of the plan: its members (each row of the roll) and the
/// changes to its roll, by day.
struct CellPlan {
    input: CellInput,
    plans: Vec<MemberPlan>,
    changes: Vec<(NaiveDate, RollChange)>,
}

/// Draws the committee's people and their histories.
struct Planner<'f> {
    rng: Rng,
    file: &'f CommitteeFile,
    today: NaiveDate,
    /// The first month of meetings.
    first: NaiveDate,
    /// The day the roll was entered into chibo, before the first meeting.
    start: NaiveDate,
    cards: u32,
    decisions: u32,
}

impl Planner<'_> {
    fn between(&mut self, min: usize, max: usize) -> usize {
        min + self.rng.below(max.saturating_sub(min) + 1)
    }

    /// A day in `from..=to` (`from` when the range is empty).
    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as usize;
        from + Duration::days(self.rng.below(span + 1) as i64)
    }

    fn pick(&mut self, items: &[String]) -> String {
        self.rng.pick(items).cloned().unwrap_or_default()
    }

    fn decision(&mut self) -> String {
        self.decisions += 1;
        self.file
            .texts
            .decision
            .replace("{n}", &format!("{:02}", self.decisions % 100 + 1))
    }

    fn introduction(&mut self) -> String {
        self.decisions += 1;
        self.file
            .texts
            .introduction
            .replace("{n}", &format!("{:02}", self.decisions % 100 + 1))
    }

    /// A person not yet in `taken` (a cell's names): born, admitted and
    /// perhaps official on the days given.
    fn person(
        &mut self,
        taken: &mut HashSet<String>,
        born: NaiveDate,
        admitted: NaiveDate,
        official: Option<NaiveDate>,
    ) -> MemberPlan {
        let gender = if self.rng.below(5) < 3 {
            Gender::Male
        } else {
            Gender::Female
        };
        let file = self.file;
        let names = &file.names;
        let (middle, given) = match gender {
            Gender::Male => (&names.male_middle, &names.male_given),
            Gender::Female => (&names.female_middle, &names.female_given),
        };
        let mut full_name = String::new();
        for _ in 0..20 {
            let family = self.pick(&names.family);
            let middle = self.pick(middle);
            let given = self.pick(given);
            full_name = format!("{family} {middle} {given}");
            if !taken.contains(&full_name) {
                break;
            }
        }
        taken.insert(full_name.clone());
        self.cards += 1;
        let phone = format!(
            "09{}{} {:03} {:03}",
            self.rng.below(10),
            self.rng.below(10),
            self.rng.below(1000),
            self.rng.below(1000)
        );
        let national_id = if self.rng.below(2) == 0 {
            format!(
                "082{}{:02}{:06}",
                match (gender, born.year() >= 2000) {
                    (Gender::Male, false) => 0,
                    (Gender::Female, false) => 1,
                    (Gender::Male, true) => 2,
                    (Gender::Female, true) => 3,
                },
                born.year() % 100,
                self.rng.below(1_000_000)
            )
        } else {
            String::new()
        };
        MemberPlan {
            input: MemberInput {
                full_name,
                birth_date: Some(born),
                gender: Some(gender),
                phone,
                national_id,
                note: String::new(),
                admitted_on: Some(admitted),
                official_on: official,
                card_number: format!("82.{:06}", 20_000 + self.cards),
            },
            roles: Vec::new(),
            events: Vec::new(),
        }
    }

    fn event(kind: StatusEventKind, date: NaiveDate) -> StatusEventInput {
        StatusEventInput::on(kind, date)
    }

    /// The regular meeting day of a month (the 5th, or the Monday after).
    fn meeting_day(month: NaiveDate) -> NaiveDate {
        weekday_on_or_after(month.with_day(5).unwrap_or(month))
    }

    fn plan(&mut self) -> Result<Vec<CellPlan>, Error> {
        let file = self.file;
        let spec = &file.committee;
        let mut cells: Vec<CellPlan> = Vec::new();
        for commune in &spec.communes {
            for kind in &file.cells {
                let fill = |text: &str| text.replace("{commune}", commune);
                cells.push(CellPlan {
                    input: CellInput {
                        name: fill(&kind.name),
                        upper_unit: fill(&spec.upper_unit),
                        place_name: fill(&spec.place_name),
                        usual_venue: fill(&kind.venue),
                    },
                    plans: Vec::new(),
                    changes: Vec::new(),
                });
            }
        }
        if cells.len() < 2 {
            return Err(bad_asset("a committee needs at least two cells"));
        }
        let term = NaiveDate::from_ymd_opt(self.first.year() - 1, 6, 15).unwrap_or(self.start);
        let last_quiet = self.today - Duration::days(60);
        let mut transfers: Vec<(usize, usize, NaiveDate)> = Vec::new();
        for (c, cell) in cells.iter_mut().enumerate() {
            let mut taken = HashSet::new();
            let count = self.between(spec.members_min, spec.members_max);
            for i in 0..count {
                let born_year = 1950 + self.rng.below(45) as i32;
                let born = NaiveDate::from_ymd_opt(born_year, 1 + self.rng.below(12) as u32, 1)
                    .map(|d| d + Duration::days(self.rng.below(28) as i64))
                    .unwrap_or(self.start);
                let earliest = born
                    .checked_add_months(chrono::Months::new(12 * 20))
                    .unwrap_or(born);
                let latest = self.start - Duration::days(400);
                let admitted = self.day_between(earliest.min(latest), latest);
                let official = admitted
                    .checked_add_months(chrono::Months::new(12))
                    .unwrap_or(admitted);
                let plan = self.person(&mut taken, born, admitted, Some(official));
                let row = cell.plans.len();
                cell.plans.push(plan);
                cell.changes.push((self.start, RollChange::Join(row)));
                // The chi ủy: bí thư, phó bí thư and two chi ủy viên, for
                // every term (they are kept out of the histories below, so
                // that every meeting has its chair and minute-taker).
                let office = match i {
                    0 => Some(RoleKind::Secretary),
                    1 => Some(RoleKind::DeputySecretary),
                    2 | 3 => Some(RoleKind::CommitteeMember),
                    _ => None,
                };
                if let Some(kind) = office {
                    cell.changes
                        .push((self.start, RollChange::Role(row, kind, term, None)));
                    continue;
                }
                let entered = |d: NaiveDate, start: NaiveDate| d.max(start);
                if born_year <= 1958 && self.rng.below(10) < 6 {
                    // Exempt for age, for good; some of the eldest die.
                    let from = self.day_between(self.first - Duration::days(600), last_quiet);
                    let mut exempt = Self::event(StatusEventKind::Exempt, from);
                    exempt.decision = self.decision();
                    exempt.note = self.file.texts.exempt_age.clone();
                    cell.changes
                        .push((entered(from, self.start), RollChange::Event(row, exempt)));
                    if born_year <= 1953 && self.rng.below(10) < 3 {
                        let died = self
                            .day_between(from.max(self.start) + Duration::days(180), last_quiet);
                        if died > from.max(self.start) {
                            cell.changes.push((
                                died,
                                RollChange::Event(
                                    row,
                                    Self::event(StatusEventKind::Deceased, died),
                                ),
                            ));
                        }
                    }
                    continue;
                }
                let roll = self.rng.below(100);
                let from = self.day_between(self.first + Duration::days(200), last_quiet);
                match roll {
                    0..=3 => transfers.push((c, row, from)),
                    4..=5 => {
                        let months = 6 + self.rng.below(4) as u32;
                        let until = months_after(from, months) - Duration::days(1);
                        let mut away = Self::event(StatusEventKind::AttachedOut, from);
                        away.until = Some(until);
                        away.decision = self.introduction();
                        away.organisation = self.file.texts.study_organisation.clone();
                        away.note = self.file.texts.study_note.clone();
                        cell.changes.push((from, RollChange::Event(row, away)));
                    }
                    6..=8 => {
                        let months = 3 + self.rng.below(4) as u32;
                        let until = months_after(from, months) - Duration::days(1);
                        let mut exempt = Self::event(StatusEventKind::Exempt, from);
                        exempt.until = Some(until);
                        exempt.decision = self.decision();
                        exempt.note = self.file.texts.exempt_illness.clone();
                        cell.changes.push((from, RollChange::Event(row, exempt)));
                    }
                    9 => {
                        let mut removed = Self::event(StatusEventKind::Removed, from);
                        removed.decision = self.decision();
                        removed.note = self.file.texts.removed_note.clone();
                        cell.changes.push((from, RollChange::Event(row, removed)));
                    }
                    _ => {}
                }
            }
            // Admitted over the years at a regular meeting, recognized
            // official at the regular meeting a year later (the demo's
            // recognition vote).
            let admissions = self.between(spec.admissions_min, spec.admissions_max);
            for _ in 0..admissions {
                let offset = 1 + self.rng.below(spec.months.saturating_sub(2) as usize) as u32;
                let month = months_after(self.first, offset);
                let admitted = Self::meeting_day(month);
                if admitted >= self.today {
                    continue;
                }
                let born = NaiveDate::from_ymd_opt(
                    admitted.year() - 20 - self.rng.below(12) as i32,
                    1 + self.rng.below(12) as u32,
                    1 + self.rng.below(28) as u32,
                )
                .unwrap_or(self.start);
                let plan = self.person(&mut taken, born, admitted, None);
                let row = cell.plans.len();
                cell.plans.push(plan);
                cell.changes.push((admitted, RollChange::Join(row)));
                let recognized = Self::meeting_day(months_after(month, 12));
                if recognized < self.today {
                    let mut event = Self::event(StatusEventKind::RecognizedOfficial, recognized);
                    event.decision = self.decision();
                    cell.changes
                        .push((recognized, RollChange::Event(row, event)));
                }
            }
            // Now and then a member of another organisation attends for a
            // while (sinh hoạt tạm thời).
            if self.rng.below(5) == 0 {
                let from = self.day_between(self.first + Duration::days(30), last_quiet);
                let born = NaiveDate::from_ymd_opt(1970 + self.rng.below(25) as i32, 6, 1)
                    .unwrap_or(self.start);
                let admitted = NaiveDate::from_ymd_opt(born.year() + 25, 3, 3).unwrap_or(born);
                let official = NaiveDate::from_ymd_opt(born.year() + 26, 3, 3);
                let plan = self.person(&mut taken, born, admitted, official);
                let row = cell.plans.len();
                cell.plans.push(plan);
                cell.changes.push((from, RollChange::Join(row)));
                let mut attached = Self::event(StatusEventKind::AttachedIn, from);
                attached.until = Some(months_after(from, 6 + self.rng.below(7) as u32));
                attached.decision = self.introduction();
                attached.organisation = self.file.texts.attached_in_organisation.clone();
                attached.note = self.file.texts.attached_in_note.clone();
                cell.changes.push((from, RollChange::Event(row, attached)));
            }
        }
        // Transfers between the committee's cells: the member leaves one
        // roll and joins another the same day, with the same card.
        for (from_cell, row, day) in transfers {
            let to_cell = (from_cell + 1 + self.rng.below(cells.len() - 1)) % cells.len();
            let decision = self.decision();
            let from_name = cells[from_cell].input.name.clone();
            let to_name = cells[to_cell].input.name.clone();
            let Some(person) = cells[from_cell].plans.get(row).cloned() else {
                continue;
            };
            let mut out = Self::event(StatusEventKind::TransferredOut, day);
            out.decision = decision.clone();
            out.organisation = to_name;
            cells[from_cell]
                .changes
                .push((day, RollChange::Event(row, out)));
            let target = &mut cells[to_cell];
            let new_row = target.plans.len();
            target.plans.push(person);
            target.changes.push((day, RollChange::Join(new_row)));
            let mut came = Self::event(StatusEventKind::TransferredIn, day);
            came.decision = decision;
            came.organisation = from_name;
            target.changes.push((day, RollChange::Event(new_row, came)));
        }
        Ok(cells)
    }
}

/// Writes the committee into an empty database, one transaction per cell.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<DemoSummary, Error> {
    load_part(store, today, usize::MAX, u32::MAX)
}

/// The first `communes` communes of the committee (ten cells each) over
/// its last `months` months at most: the same file in small, for tests.
pub fn load_part(
    store: &mut Store,
    today: NaiveDate,
    communes: usize,
    months: u32,
) -> Result<DemoSummary, Error> {
    let demo = DemoFile::parse()?;
    let mut file: CommitteeFile = toml::from_str(COMMITTEE).map_err(bad_asset)?;
    file.committee.communes.truncate(communes);
    file.committee.months = file.committee.months.min(months);
    if !store.is_empty()? {
        return Err(Error::NotEmpty);
    }
    let months = file.committee.months.max(1);
    let first = months_before(today, months - 1)
        .with_day(1)
        .unwrap_or(today);
    let mut planner = Planner {
        rng: Rng(SEED),
        file: &file,
        today,
        first,
        start: first - Duration::days(10),
        cards: 0,
        decisions: 0,
    };
    let cells = planner.plan()?;
    let triggers = store.begin_bulk(BULK_CACHE_MB)?;
    let written = write_cells(store, cells, today, months, &demo, planner.start);
    // The app's settings come back whatever happened. A failure midway
    // leaves a partial file (the demo then refuses it as not empty): it is
    // deleted and made again.
    let restored = store.end_bulk(triggers);
    let summary = written?;
    restored?;
    Ok(summary)
}

/// Writes the planned cells, [`CELLS_PER_TRANSACTION`] at a time.
fn write_cells(
    store: &mut Store,
    cells: Vec<CellPlan>,
    today: NaiveDate,
    months: u32,
    demo: &DemoFile,
    start: NaiveDate,
) -> Result<DemoSummary, Error> {
    let mut summary = DemoSummary {
        cells: 0,
        members: 0,
        meetings: 0,
    };
    let mut cells: Vec<(usize, CellPlan)> = cells.into_iter().enumerate().collect();
    while !cells.is_empty() {
        let chunk: Vec<(usize, CellPlan)> = cells
            .drain(..CELLS_PER_TRANSACTION.min(cells.len()))
            .collect();
        let done = store.write(|tx| {
            let mut done = Vec::new();
            for (n, cell) in chunk {
                let seed = (SEED ^ (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1;
                let mut writer = SeedWriter::new(tx);
                let mut demo = Demo::new(&mut writer, today, seed, &demo.pools, &demo.texts);
                demo.tx.at(super::at(start, 8, 0));
                demo.write_cell(&cell.input)?;
                demo.plan_roll(cell.plans, cell.changes);
                demo.write_meetings(months)?;
                demo.write_addendum()?;
                done.push((demo.members_written(), demo.meetings_written()));
            }
            Ok(done)
        })?;
        for (members, meetings) in done {
            summary.cells += 1;
            summary.members += members;
            summary.meetings += meetings;
        }
    }
    Ok(summary)
}
