//! The forms of the app: how each is laid out from a record, and how its text
//! is checked and turned into store input, with a message per field.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::Ctx;
use super::text;
use super::widgets::form::{Field, Form};
use crate::domain::text::{Problem, clean_line};
use crate::domain::{
    AgendaItem, Cell, Gender, MeetingKind, Member, PrepStep, PreparationStep, RoleKind, RowId,
    StatusEventKind, Task, TaskOutcome,
};
use crate::store::{
    AgendaItemInput, CellInput, MeetingInput, MemberInput, RemarkInput, StatusEventInput, TaskInput,
};
use crate::vi;

/// What a form is for: decides how it is built and saved. Each group is
/// matched exhaustively where it is built and saved, so a new form that
/// is not handled does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Registry(RegistryForm),
    Planning(PlanningForm),
    Live(LiveForm),
}

impl From<RegistryForm> for Purpose {
    fn from(form: RegistryForm) -> Purpose {
        Purpose::Registry(form)
    }
}

impl From<PlanningForm> for Purpose {
    fn from(form: PlanningForm) -> Purpose {
        Purpose::Planning(form)
    }
}

impl From<LiveForm> for Purpose {
    fn from(form: LiveForm) -> Purpose {
        Purpose::Live(form)
    }
}

impl Purpose {
    /// The key under which a long text being typed is kept as a draft.
    pub fn draft_key(&self) -> Option<String> {
        match self {
            Purpose::Live(form) => form.draft_key(),
            Purpose::Registry(_) | Purpose::Planning(_) => None,
        }
    }
}

impl LiveForm {
    /// The draft of a remark or a conclusion being typed (kept after each
    /// key, so a crash loses nothing).
    pub fn draft_key(&self) -> Option<String> {
        match self {
            LiveForm::Remark { meeting_id, .. } => Some(format!("remark:{meeting_id}")),
            LiveForm::Conclusion { item_id } => Some(format!("conclusion:{item_id}")),
            _ => None,
        }
    }
}

/// Forms of the register: cells, members, their events and roles, an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryForm {
    Cell {
        id: Option<RowId>,
    },
    Member {
        cell_id: RowId,
        id: Option<RowId>,
        /// The secretary saw the duplicate-name warning and saved again.
        duplicate_confirmed: bool,
    },
    StatusEvent {
        member_id: RowId,
    },
    Role {
        member_id: RowId,
    },
    ImportPath {
        cell_id: RowId,
    },
    /// The bundle file to merge (the committee overview).
    MergePath,
    /// Where to write a cell's bundle.
    BundlePath {
        cell_id: RowId,
    },
}

/// Forms of the meetings tab and the agenda builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanningForm {
    /// A new meeting (from its template, or with another meeting's agenda),
    /// or the details of an existing one.
    Meeting {
        cell_id: RowId,
        id: Option<RowId>,
        copy_from: Option<RowId>,
    },
    Postpone {
        meeting_id: RowId,
    },
    AgendaItem {
        meeting_id: RowId,
        id: Option<RowId>,
        /// A new item goes after this position (None: at the end).
        after: Option<i64>,
    },
    Guest {
        meeting_id: RowId,
    },
    Checklist {
        meeting_id: RowId,
    },
    TaskOutcome {
        task_id: RowId,
        meeting_id: RowId,
    },
    ExportAgenda {
        meeting_id: RowId,
    },
    /// The resolution, the notice and the roll to sign (`app/paperwork.rs`).
    Paperwork(PaperworkForm),
}

/// The documents of a meeting besides its agenda and minutes that are
/// edited in a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperworkForm {
    /// The resolution's text, edited and saved (drafted if none is stored).
    Resolution { meeting_id: RowId },
}

/// Forms of the live meeting (and of typing one up after the day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveForm {
    /// The reason of an excused absence.
    Reason {
        meeting_id: RowId,
        member_id: RowId,
    },
    /// The arrival or leaving time of a mark.
    MarkTime {
        meeting_id: RowId,
        member_id: RowId,
    },
    Remark {
        meeting_id: RowId,
        item_id: Option<RowId>,
    },
    Vote {
        meeting_id: RowId,
        item_id: Option<RowId>,
    },
    NewTask {
        meeting_id: RowId,
        item_id: Option<RowId>,
    },
    Conclusion {
        item_id: RowId,
    },
    /// The start (or end) time of the meeting.
    MeetingTime {
        meeting_id: RowId,
        end: bool,
    },
    /// The start and end times of an agenda item (typed for a meeting held
    /// on paper).
    ItemTimes {
        item_id: RowId,
    },
    /// The quality self-assessment.
    Quality {
        meeting_id: RowId,
    },
    /// A dated correction to a locked meeting.
    Addendum {
        meeting_id: RowId,
    },
    /// A late arrival or early leaving in a meeting typed up after the day:
    /// the time is asked, not guessed.
    TimedMark {
        meeting_id: RowId,
        member_id: RowId,
        kind: crate::domain::MarkKind,
    },
    /// Who chairs and who takes the minutes (a replacement for one absent).
    Officers {
        meeting_id: RowId,
    },
    /// An agenda item not held: skipped with a reason, or moved to the next
    /// meeting.
    SkipItem {
        item_id: RowId,
    },
    /// A remark corrected before the lock.
    EditRemark {
        remark_id: RowId,
    },
    /// A vote corrected before the lock.
    EditVote {
        vote_id: RowId,
    },
    /// A task corrected before the lock.
    EditTask {
        task_id: RowId,
    },
}

fn label(ctx: &Ctx, name: &str) -> String {
    ctx.strings.field(name)
}

fn problem(ctx: &Ctx, p: Problem) -> String {
    ctx.strings.problem(p).to_string()
}

/// Reads a required or optional one-line field, noting a problem on the form.
fn line(form: &mut Form, ctx: &Ctx, name: &'static str) -> Option<String> {
    let required = form.field(name).is_some_and(Field::is_required);
    match clean_line(&form.value(name), required) {
        Ok(v) => Some(v),
        Err(p) => {
            form.set_error(name, problem(ctx, p));
            None
        }
    }
}

/// Reads a date field (dd/mm/yyyy); empty is None.
fn date(form: &mut Form, ctx: &Ctx, name: &'static str) -> Result<Option<NaiveDate>, ()> {
    let text = form.value(name);
    let text = text.trim();
    let required = form.field(name).is_some_and(Field::is_required);
    if text.is_empty() {
        if required {
            form.set_error(name, ctx.t("form.required").to_string());
            return Err(());
        }
        return Ok(None);
    }
    match vi::parse_date(text) {
        Some(d) => Ok(Some(d)),
        None => {
            form.set_error(name, ctx.strings.fmt("form.bad_date", &[("value", &text)]));
            Err(())
        }
    }
}

fn choices<T: Copy>(
    ctx: &Ctx,
    items: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(&Ctx, T) -> String,
) -> Vec<(String, String)> {
    items
        .iter()
        .map(|&item| (code(item).to_string(), label(ctx, item)))
        .collect()
}

pub fn cell_form(ctx: &Ctx, cell: Option<&Cell>) -> Form {
    let v = |f: fn(&Cell) -> &str| cell.map(f).unwrap_or("").to_string();
    let title = if cell.is_some() {
        "form.edit_cell"
    } else {
        "form.new_cell"
    };
    Form::new(
        ctx.t(title).to_string(),
        vec![
            Field::text("name", label(ctx, "name"), &v(|c| &c.name), true),
            Field::text(
                "upper_unit",
                label(ctx, "upper_unit"),
                &v(|c| &c.upper_unit),
                false,
            ),
            Field::text(
                "place_name",
                label(ctx, "place_name"),
                &v(|c| &c.place_name),
                false,
            ),
            Field::text(
                "usual_venue",
                label(ctx, "usual_venue"),
                &v(|c| &c.usual_venue),
                false,
            ),
        ],
    )
}

pub fn parse_cell(form: &mut Form, ctx: &Ctx) -> Option<CellInput> {
    form.clear_errors();
    let name = line(form, ctx, "name");
    let upper_unit = line(form, ctx, "upper_unit");
    let place_name = line(form, ctx, "place_name");
    let usual_venue = line(form, ctx, "usual_venue");
    form.focus_first_error();
    Some(CellInput {
        name: name?,
        upper_unit: upper_unit?,
        place_name: place_name?,
        usual_venue: usual_venue?,
    })
}

pub fn member_form(ctx: &Ctx, member: Option<&Member>) -> Form {
    let d = |date: Option<NaiveDate>| date.map(vi::date).unwrap_or_default();
    let m = member;
    let gender = match m.and_then(|m| m.gender) {
        Some(g) => g.code(),
        None => "",
    };
    let mut genders = vec![(String::new(), ctx.t("gender.unknown").to_string())];
    genders.extend(choices(ctx, Gender::ALL, Gender::code, |c, g| {
        text::gender(c, Some(g)).to_string()
    }));
    let title = if m.is_some() {
        "form.edit_member"
    } else {
        "form.new_member"
    };
    Form::new(
        ctx.t(title).to_string(),
        vec![
            Field::text(
                "full_name",
                label(ctx, "full_name"),
                m.map_or("", |m| &m.full_name),
                true,
            ),
            Field::date(
                "birth_date",
                label(ctx, "birth_date"),
                &d(m.and_then(|m| m.birth_date)),
                false,
            ),
            Field::choice("gender", label(ctx, "gender"), genders, gender),
            Field::date(
                "admitted_on",
                label(ctx, "admitted_on"),
                &d(m.and_then(Member::admitted_on)),
                true,
            ),
            Field::date(
                "official_on",
                label(ctx, "official_on"),
                &d(m.and_then(Member::official_on)),
                false,
            ),
            Field::text(
                "card_number",
                label(ctx, "card_number"),
                m.and_then(Member::current_card).map_or("", |c| &c.number),
                false,
            ),
            Field::text(
                "phone",
                label(ctx, "phone"),
                m.map_or("", |m| &m.phone),
                false,
            ),
            Field::text(
                "national_id",
                label(ctx, "national_id"),
                m.map_or("", |m| &m.national_id),
                false,
            ),
            Field::text("note", label(ctx, "note"), m.map_or("", |m| &m.note), false),
        ],
    )
}

/// Checks the member form: each field on its own, then the dates together.
pub fn parse_member(form: &mut Form, ctx: &Ctx, today: NaiveDate) -> Option<MemberInput> {
    form.clear_errors();
    let full_name = line(form, ctx, "full_name");
    let birth = date(form, ctx, "birth_date");
    let admitted = date(form, ctx, "admitted_on");
    let official = date(form, ctx, "official_on");
    let card = line(form, ctx, "card_number");
    let phone = line(form, ctx, "phone");
    let national_id = line(form, ctx, "national_id");
    let note = line(form, ctx, "note");
    if let Ok(Some(b)) = birth {
        let adult_year = today.year() - 16;
        if b.year() < 1900 || b.year() > adult_year {
            form.set_error("birth_date", ctx.t("form.birth_implausible").to_string());
        } else if let Ok(Some(a)) = admitted
            && a <= b
        {
            form.set_error(
                "birth_date",
                ctx.t("form.birth_after_admission").to_string(),
            );
        }
    }
    if let Ok(Some(a)) = admitted
        && a > today
    {
        form.set_error("admitted_on", ctx.t("form.in_future").to_string());
    }
    if let (Ok(Some(a)), Ok(Some(o))) = (admitted, official)
        && o < a
    {
        form.set_error(
            "official_on",
            ctx.t("form.official_before_admission").to_string(),
        );
    }
    if let Ok(Some(o)) = official
        && o > today
    {
        form.set_error("official_on", ctx.t("form.in_future").to_string());
    }
    form.focus_first_error();
    if form.has_errors() {
        return None;
    }
    Some(MemberInput {
        full_name: full_name?,
        birth_date: birth.ok()?,
        gender: Gender::from_code(&form.value("gender")),
        phone: phone?,
        national_id: national_id?,
        note: note?,
        admitted_on: admitted.ok()?,
        official_on: official.ok()?,
        card_number: card?,
    })
}

/// The status events the secretary records by hand (admission is the member
/// form's date).
const RECORDABLE: &[StatusEventKind] = &[
    StatusEventKind::RecognizedOfficial,
    StatusEventKind::Exempt,
    StatusEventKind::AttachedOut,
    StatusEventKind::AttachedIn,
    StatusEventKind::TransferredIn,
    StatusEventKind::TransferredOut,
    StatusEventKind::Suspended,
    StatusEventKind::Removed,
    StatusEventKind::Deceased,
];

pub fn status_event_form(ctx: &Ctx, today: NaiveDate) -> Form {
    let kinds = choices(ctx, RECORDABLE, StatusEventKind::code, |c, k| {
        text::event_kind(c, k).to_string()
    });
    Form::new(
        ctx.t("form.status_event").to_string(),
        vec![
            Field::choice("kind", label(ctx, "kind"), kinds, "exempt"),
            Field::date("date", label(ctx, "date"), &vi::date(today), true),
            Field::date("until", label(ctx, "until"), "", false),
            Field::text("decision", label(ctx, "decision"), "", false),
            Field::text("organisation", label(ctx, "organisation"), "", false),
            Field::text("note", label(ctx, "note"), "", false),
        ],
    )
}

pub fn parse_status_event(form: &mut Form, ctx: &Ctx) -> Option<StatusEventInput> {
    form.clear_errors();
    let kind = StatusEventKind::from_code(&form.value("kind"));
    let from = date(form, ctx, "date");
    let until = date(form, ctx, "until");
    let decision = line(form, ctx, "decision");
    let organisation = line(form, ctx, "organisation");
    let note = line(form, ctx, "note");
    let kind = kind?;
    if let Ok(Some(_)) = until
        && !kind.is_interval()
    {
        form.set_error("until", ctx.t("form.until_not_for_kind").to_string());
    }
    if let (Ok(Some(f)), Ok(Some(u))) = (from, until)
        && u < f
    {
        form.set_error("until", ctx.t("form.until_before_from").to_string());
    }
    form.focus_first_error();
    if form.has_errors() {
        return None;
    }
    Some(StatusEventInput {
        kind,
        date: from.ok()??,
        until: until.ok()?,
        decision: decision?,
        organisation: organisation?,
        note: note?,
    })
}

/// Giving an office, or ending one the member holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    Assign {
        kind: RoleKind,
        from: NaiveDate,
        until: Option<NaiveDate>,
    },
    /// thôi giữ chức vụ: the last day held.
    End { kind: RoleKind, on: NaiveDate },
}

pub fn role_form(ctx: &Ctx, today: NaiveDate) -> Form {
    let kinds = choices(ctx, RoleKind::ALL, RoleKind::code, |c, k| {
        text::role(c, k).to_string()
    });
    let changes = vec![
        ("assign".to_string(), ctx.t("form.role_assign").to_string()),
        ("end".to_string(), ctx.t("form.role_end").to_string()),
    ];
    Form::new(
        ctx.t("form.role").to_string(),
        vec![
            Field::choice("change", label(ctx, "change"), changes, "assign"),
            Field::choice("role", label(ctx, "role"), kinds, "committee_member"),
            Field::date("date", label(ctx, "date"), &vi::date(today), true),
            Field::date("until", label(ctx, "until"), "", false),
        ],
    )
}

pub fn parse_role(form: &mut Form, ctx: &Ctx) -> Option<RoleChange> {
    form.clear_errors();
    let kind = RoleKind::from_code(&form.value("role"))?;
    let ending = form.value("change") == "end";
    let from = date(form, ctx, "date");
    let until = date(form, ctx, "until");
    if ending && matches!(until, Ok(Some(_))) {
        form.set_error("until", ctx.t("form.role_end_uses_date").to_string());
    }
    if let (Ok(Some(f)), Ok(Some(u))) = (from, until)
        && u < f
    {
        form.set_error("until", ctx.t("form.until_before_from").to_string());
    }
    form.focus_first_error();
    if form.has_errors() {
        return None;
    }
    let from = from.ok()??;
    Some(if ending {
        RoleChange::End { kind, on: from }
    } else {
        RoleChange::Assign {
            kind,
            from,
            until: until.ok()?,
        }
    })
}

pub fn import_form(ctx: &Ctx) -> Form {
    Form::new(
        ctx.t("form.import").to_string(),
        vec![Field::text("file", label(ctx, "file"), "", true)],
    )
}

/// A file to merge, or to write a cell's bundle to.
pub fn bundle_form(ctx: &Ctx, title: &str, default: &str) -> Form {
    Form::new(
        title.to_string(),
        vec![Field::text("file", label(ctx, "file"), default, true)],
    )
}

/// People to pick from (chair, minute-taker, presenter): "(none)" first.
pub fn people(ctx: &Ctx, roster: &[(RowId, String)]) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), ctx.t("form.nobody").to_string())];
    options.extend(
        roster
            .iter()
            .map(|(id, name)| (id.to_string(), text::safe(name).into_owned())),
    );
    options
}

fn person(form: &Form, name: &str) -> Option<RowId> {
    form.value(name).parse().ok()
}

/// What a new meeting's form starts with.
pub struct MeetingDefaults {
    pub kind: MeetingKind,
    pub when: NaiveDateTime,
    pub place: String,
    pub chair: Option<RowId>,
    pub minute_taker: Option<RowId>,
    pub title: String,
}

pub fn meeting_form(
    ctx: &Ctx,
    editing: bool,
    d: &MeetingDefaults,
    roster: &[(RowId, String)],
) -> Form {
    let kinds = choices(ctx, MeetingKind::ALL, MeetingKind::code, |c, k| {
        c.strings.get(&format!("kind.{}", k.code())).to_string()
    });
    let id = |p: Option<RowId>| p.map(|i| i.to_string()).unwrap_or_default();
    let title = if editing {
        "form.edit_meeting"
    } else {
        "form.new_meeting"
    };
    Form::new(
        ctx.t(title).to_string(),
        vec![
            Field::choice("kind", label(ctx, "meeting_kind"), kinds, d.kind.code()),
            Field::text("when", label(ctx, "when"), &vi::date_time(d.when), true),
            Field::text("place", label(ctx, "place"), &d.place, false),
            Field::choice(
                "chair",
                label(ctx, "chair"),
                people(ctx, roster),
                &id(d.chair),
            ),
            Field::choice(
                "minute_taker",
                label(ctx, "minute_taker"),
                people(ctx, roster),
                &id(d.minute_taker),
            ),
            Field::text("title", label(ctx, "topic"), &d.title, false),
        ],
    )
}

fn when(form: &mut Form, ctx: &Ctx, name: &'static str) -> Option<NaiveDateTime> {
    let text = form.value(name);
    let default_time = NaiveTime::from_hms_opt(14, 0, 0).unwrap_or_default();
    match vi::parse_when(&text, ctx.clock.today(), default_time) {
        Some(at) => Some(at),
        None => {
            form.set_error(
                name,
                ctx.strings.fmt("form.bad_when", &[("value", &text.trim())]),
            );
            None
        }
    }
}

/// The kind and time typed so far in a meeting form (no error marked).
pub fn meeting_when(form: &Form, ctx: &Ctx) -> Option<(MeetingKind, NaiveDateTime)> {
    let kind = MeetingKind::from_code(&form.value("kind"))?;
    let default_time = NaiveTime::from_hms_opt(14, 0, 0).unwrap_or_default();
    let at = vi::parse_when(&form.value("when"), ctx.clock.today(), default_time)?;
    Some((kind, at))
}

pub fn parse_meeting(form: &mut Form, ctx: &Ctx) -> Option<MeetingInput> {
    form.clear_errors();
    let kind = MeetingKind::from_code(&form.value("kind"))?;
    let planned_at = when(form, ctx, "when");
    let place = line(form, ctx, "place");
    let title = line(form, ctx, "title");
    let officers = officers(form, ctx);
    form.focus_first_error();
    let (chair_id, minute_taker_id) = officers?;
    Some(MeetingInput {
        kind,
        title: title?,
        planned_at: planned_at?,
        place: place?,
        chair_id,
        minute_taker_id,
    })
}

/// Who chairs and who takes the minutes: two people, as the minutes carry
/// both signatures (an error on the minute taker's field otherwise).
fn officers(form: &mut Form, ctx: &Ctx) -> Option<(Option<RowId>, Option<RowId>)> {
    let chair = person(form, "chair");
    let minute_taker = person(form, "minute_taker");
    if chair.is_some() && chair == minute_taker {
        form.set_error("minute_taker", ctx.t("form.same_officers").to_string());
        return None;
    }
    Some((chair, minute_taker))
}

pub fn postpone_form(ctx: &Ctx, current: NaiveDateTime) -> Form {
    Form::new(
        ctx.t("form.postpone").to_string(),
        vec![
            Field::text(
                "when",
                label(ctx, "new_when"),
                &vi::date_time(current),
                true,
            ),
            Field::text("reason", label(ctx, "reason"), "", false),
        ],
    )
}

/// A meeting moved to another time, and why.
pub struct Postponement {
    pub at: NaiveDateTime,
    pub reason: String,
}

pub fn parse_postpone(form: &mut Form, ctx: &Ctx) -> Option<Postponement> {
    form.clear_errors();
    let at = when(form, ctx, "when");
    let reason = line(form, ctx, "reason");
    form.focus_first_error();
    Some(Postponement {
        at: at?,
        reason: reason?,
    })
}

pub fn item_form(ctx: &Ctx, item: Option<&AgendaItem>, roster: &[(RowId, String)]) -> Form {
    let presenter = item
        .and_then(|i| i.presenter_id)
        .map(|i| i.to_string())
        .unwrap_or_default();
    let title = if item.is_some() {
        "form.edit_item"
    } else {
        "form.new_item"
    };
    Form::new(
        ctx.t(title).to_string(),
        vec![
            Field::text(
                "title",
                label(ctx, "item_title"),
                item.map_or("", |i| &i.title),
                true,
            ),
            Field::text(
                "planned_minutes",
                label(ctx, "planned_minutes"),
                &item.map_or(10, |i| i.planned_minutes).to_string(),
                true,
            ),
            Field::choice(
                "presenter",
                label(ctx, "presenter"),
                people(ctx, roster),
                &presenter,
            ),
            Field::text(
                "notes",
                label(ctx, "notes"),
                item.map_or("", |i| &i.notes),
                false,
            ),
        ],
    )
}

pub fn parse_item(form: &mut Form, ctx: &Ctx, carry_over: bool) -> Option<AgendaItemInput> {
    form.clear_errors();
    let title = line(form, ctx, "title");
    let minutes = match form.value("planned_minutes").trim().parse::<i64>() {
        Ok(m) if (0..=600).contains(&m) => Some(m),
        _ => {
            form.set_error("planned_minutes", ctx.t("form.bad_minutes").to_string());
            None
        }
    };
    let notes = line(form, ctx, "notes");
    form.focus_first_error();
    Some(AgendaItemInput {
        title: title?,
        planned_minutes: minutes?,
        presenter_id: person(form, "presenter"),
        notes: notes?,
        carry_over,
        // An item typed by hand records a discussion; an edited template
        // step keeps its kind (the store does not change it on update).
        kind: crate::domain::agenda::StepKind::Other,
        vote_kind: None,
        optional: false,
    })
}

pub fn guest_form(ctx: &Ctx) -> Form {
    Form::new(
        ctx.t("form.guest").to_string(),
        vec![
            Field::text("guest_name", label(ctx, "guest_name"), "", true),
            Field::text("guest_title", label(ctx, "guest_title"), "", false),
        ],
    )
}

/// A guest of a meeting (đại biểu) and their title.
pub struct GuestInput {
    pub name: String,
    pub title: String,
}

pub fn parse_guest(form: &mut Form, ctx: &Ctx) -> Option<GuestInput> {
    form.clear_errors();
    let name = line(form, ctx, "guest_name");
    let title = line(form, ctx, "guest_title");
    form.focus_first_error();
    Some(GuestInput {
        name: name?,
        title: title?,
    })
}

fn step_field(step: PrepStep) -> &'static str {
    match step {
        PrepStep::CommitteeMet => "committee_met",
        PrepStep::ContentAssigned => "content_assigned",
        PrepStep::MembersNotified => "members_notified",
        PrepStep::UpperNotified => "upper_notified",
        PrepStep::MaterialsSent => "materials_sent",
    }
}

pub fn checklist_form(ctx: &Ctx, done: &[PreparationStep]) -> Form {
    let mut fields: Vec<Field> = PrepStep::ALL
        .iter()
        .map(|step| {
            let value = done
                .iter()
                .find(|d| d.step == *step)
                .map(|d| vi::date(d.done_on))
                .unwrap_or_default();
            Field::date(
                step_field(*step),
                label(ctx, step_field(*step)),
                &value,
                false,
            )
        })
        .collect();
    // What was sent to read beforehand: the notice lists it.
    let materials = done
        .iter()
        .find(|d| d.step == PrepStep::MaterialsSent)
        .map(|d| d.note.as_str())
        .unwrap_or_default();
    fields.push(Field::text(
        "materials",
        label(ctx, "materials"),
        materials,
        false,
    ));
    let mut form = Form::new(ctx.t("form.checklist").to_string(), fields);
    form.warning = Some(ctx.t("form.checklist_hint").to_string());
    form
}

/// The checklist as typed: each step's day (None: not done) and the
/// materials sent, the note of the "materials sent" step.
pub struct ChecklistInput {
    pub steps: Vec<(PrepStep, Option<NaiveDate>)>,
    pub materials: String,
}

pub fn parse_checklist(form: &mut Form, ctx: &Ctx) -> Option<ChecklistInput> {
    form.clear_errors();
    let today = ctx.clock.today();
    let mut out = Vec::new();
    for step in PrepStep::ALL {
        let name = step_field(*step);
        let text = form.value(name);
        if text.trim().is_empty() {
            out.push((*step, None));
            continue;
        }
        match vi::parse_day(&text, today) {
            Some(d) => out.push((*step, Some(d))),
            None => form.set_error(
                name,
                ctx.strings.fmt("form.bad_date", &[("value", &text.trim())]),
            ),
        }
    }
    let materials = vi::nfc(form.value("materials").trim());
    let sent = out
        .iter()
        .any(|(step, day)| *step == PrepStep::MaterialsSent && day.is_some());
    if !materials.is_empty() && !sent && !form.has_errors() {
        // Kept only with the step: a list without its day would be lost.
        form.set_error(
            "materials_sent",
            ctx.t("form.materials_need_day").to_string(),
        );
    }
    form.focus_first_error();
    if form.has_errors() {
        None
    } else {
        Some(ChecklistInput {
            steps: out,
            materials,
        })
    }
}

pub fn outcome_form(ctx: &Ctx, task: &Task) -> Form {
    let mut outcomes = vec![(String::new(), ctx.t("outcome.none").to_string())];
    outcomes.extend(choices(ctx, TaskOutcome::ALL, TaskOutcome::code, |c, o| {
        c.strings.get(&format!("outcome.{}", o.code())).to_string()
    }));
    let current = task.outcome.map(TaskOutcome::code).unwrap_or("");
    let mut form = Form::new(
        ctx.t("form.outcome").to_string(),
        vec![
            Field::choice("outcome", label(ctx, "outcome"), outcomes, current),
            Field::text(
                "outcome_note",
                label(ctx, "outcome_note"),
                &task.outcome_note,
                false,
            ),
        ],
    );
    form.warning = Some(text::safe(&task.text).into_owned());
    form
}

/// What became of an earlier task (None: not reported yet).
pub struct OutcomeInput {
    pub outcome: Option<TaskOutcome>,
    pub note: String,
}

pub fn parse_outcome(form: &mut Form, ctx: &Ctx) -> Option<OutcomeInput> {
    form.clear_errors();
    let note = line(form, ctx, "outcome_note");
    form.focus_first_error();
    Some(OutcomeInput {
        outcome: TaskOutcome::from_code(&form.value("outcome")),
        note: note?,
    })
}

pub fn export_form(ctx: &Ctx, suggested: &str) -> Form {
    let formats = vec![
        ("md".to_string(), ctx.t("form.markdown").to_string()),
        ("txt".to_string(), ctx.t("form.plain_text").to_string()),
    ];
    Form::new(
        ctx.t("form.export").to_string(),
        vec![
            Field::text("file", label(ctx, "file"), suggested, true),
            Field::choice("format", label(ctx, "format"), formats, "md"),
        ],
    )
}

/// The quick picks of an absence reason, then the member's last reason.
pub fn reason_form(ctx: &Ctx, name: &str, last: Option<&str>) -> Form {
    let mut picks: Vec<(String, String)> = Vec::new();
    if let Some(last) = last {
        picks.push((
            last.to_string(),
            ctx.strings
                .fmt("live.last_reason", &[("reason", &text::safe(last))]),
        ));
    }
    for pick in ctx.t("live.reason_picks").split('|') {
        if Some(pick) != last {
            picks.push((pick.to_string(), pick.to_string()));
        }
    }
    let first = picks
        .first()
        .map(|(code, _)| code.clone())
        .unwrap_or_default();
    picks.push((String::new(), ctx.t("live.reason_other").to_string()));
    let mut form = Form::new(
        ctx.strings
            .fmt("live.reason_title", &[("name", &text::safe(name))]),
        vec![
            Field::choice("reason_pick", label(ctx, "reason"), picks, &first),
            Field::text("reason", label(ctx, "reason_other"), "", false),
        ],
    );
    form.warning = Some(ctx.t("live.reason_hint").to_string());
    form.enter_saves = true;
    form
}

pub fn parse_reason(form: &mut Form, ctx: &Ctx) -> Option<String> {
    form.clear_errors();
    let typed = line(form, ctx, "reason")?;
    let reason = if typed.is_empty() {
        form.value("reason_pick")
    } else {
        typed
    };
    if reason.is_empty() {
        form.set_error("reason", ctx.t("form.required").to_string());
        form.focus_first_error();
        return None;
    }
    Some(reason)
}

pub fn mark_time_form(ctx: &Ctx, at: Option<NaiveDateTime>) -> Form {
    let mut form = Form::new(
        ctx.t("live.time_title").to_string(),
        vec![Field::text(
            "time",
            label(ctx, "time"),
            &at.map(|t| vi::clock(t.time())).unwrap_or_default(),
            true,
        )],
    );
    form.enter_saves = true;
    form
}

pub fn parse_mark_time(form: &mut Form, ctx: &Ctx, day: NaiveDate) -> Option<NaiveDateTime> {
    form.clear_errors();
    let text = form.value("time");
    match vi::parse_time(&text) {
        Some(t) => Some(day.and_time(t)),
        None => {
            form.set_error(
                "time",
                ctx.strings.fmt("live.bad_time", &[("value", &text.trim())]),
            );
            form.focus_first_error();
            None
        }
    }
}

/// The chair and the minute-taker, chosen among the members on the roster.
pub fn officers_form(
    ctx: &Ctx,
    roster: &[(RowId, String)],
    chair: Option<RowId>,
    minute_taker: Option<RowId>,
) -> Form {
    let code = |id: Option<RowId>| id.map(|i| i.to_string()).unwrap_or_default();
    let mut form = Form::new(
        ctx.t("live.officers_title").to_string(),
        vec![
            Field::choice(
                "chair",
                label(ctx, "chair"),
                people(ctx, roster),
                &code(chair),
            ),
            Field::choice(
                "minute_taker",
                label(ctx, "minute_taker"),
                people(ctx, roster),
                &code(minute_taker),
            ),
        ],
    );
    form.warning = Some(ctx.t("live.officers_hint").to_string());
    form
}

/// Who chairs and who takes the minutes.
pub struct OfficersInput {
    pub chair: Option<RowId>,
    pub minute_taker: Option<RowId>,
}

pub fn parse_officers(form: &mut Form, ctx: &Ctx) -> Option<OfficersInput> {
    form.clear_errors();
    let officers = officers(form, ctx);
    form.focus_first_error();
    let (chair, minute_taker) = officers?;
    Some(OfficersInput {
        chair,
        minute_taker,
    })
}

/// Skip an item (with a reason) or move it to the next meeting.
pub fn skip_form(ctx: &Ctx, title: &str) -> Form {
    let choices = vec![
        (
            crate::domain::ItemDisposition::Skipped.code().to_string(),
            ctx.t("live.disposition.skipped").to_string(),
        ),
        (
            crate::domain::ItemDisposition::Moved.code().to_string(),
            ctx.t("live.disposition.moved").to_string(),
        ),
    ];
    let mut form = Form::new(
        ctx.t("live.skip_title").to_string(),
        vec![
            Field::choice("disposition", label(ctx, "disposition"), choices, "skipped"),
            Field::text("reason", label(ctx, "reason"), "", true),
        ],
    );
    form.warning = Some(text::safe(title).into_owned());
    form
}

/// An item not held: skipped or moved, and why.
pub struct SkipInput {
    pub disposition: crate::domain::ItemDisposition,
    pub reason: String,
}

pub fn parse_skip(form: &mut Form, ctx: &Ctx) -> Option<SkipInput> {
    form.clear_errors();
    let reason = line(form, ctx, "reason");
    form.focus_first_error();
    let disposition = crate::domain::ItemDisposition::from_code(&form.value("disposition"))?;
    Some(SkipInput {
        disposition,
        reason: reason?,
    })
}

/// Speakers: members of the roster, then guests (as negative ids).
pub fn remark_form(ctx: &Ctx, speakers: &[(crate::domain::Speaker, String)], draft: &str) -> Form {
    let mut options = vec![(String::new(), ctx.t("form.nobody").to_string())];
    options.extend(
        speakers
            .iter()
            .map(|(who, n)| (who.code(), text::safe(n).into_owned())),
    );
    Form::new(
        ctx.t("live.remark_title").to_string(),
        vec![
            Field::choice("speaker", label(ctx, "speaker"), options, ""),
            Field::multiline("text", label(ctx, "text"), draft, true),
        ],
    )
}

/// The remark as typed, for the item `item_id` (None: the meeting as a
/// whole).
pub fn parse_remark(form: &mut Form, ctx: &Ctx, item_id: Option<RowId>) -> Option<RemarkInput> {
    form.clear_errors();
    let text = match crate::domain::text::clean_text(&form.value("text"), true) {
        Ok(t) => t,
        Err(p) => {
            form.set_error("text", problem(ctx, p));
            form.focus_first_error();
            return None;
        }
    };
    let speaker = crate::domain::Speaker::from_code(&form.value("speaker"));
    Some(RemarkInput {
        agenda_item_id: item_id,
        speaker_member_id: match speaker {
            Some(crate::domain::Speaker::Member(id)) => Some(id),
            _ => None,
        },
        speaker_guest_id: match speaker {
            Some(crate::domain::Speaker::Guest(id)) => Some(id),
            _ => None,
        },
        text,
        spoken_at: None,
    })
}

/// `at`: the moment the vote is taken (now in the room; after every arrival
/// for a meeting typed up afterwards); D and V are taken then. `kind` is
/// preset by the item's template step; it decides the majority rule.
pub fn vote_form(
    ctx: &Ctx,
    subject: &str,
    kind: crate::domain::VoteKind,
    figures_line: String,
    at: NaiveDateTime,
) -> Form {
    let kinds = crate::domain::VoteKind::ALL
        .iter()
        .map(|k| {
            let rule = match k.rule() {
                crate::domain::VoteRule::SimpleMajority => ctx.t("live.rule_simple"),
                crate::domain::VoteRule::TwoThirds => ctx.t("live.rule_two_thirds"),
            };
            (
                k.code().to_string(),
                format!("{} ({rule})", ctx.t(&format!("vote_kind.{}", k.code()))),
            )
        })
        .collect();
    let mut form = Form::new(
        ctx.t("live.vote_title").to_string(),
        vec![
            Field::text("subject", label(ctx, "subject"), subject, true),
            Field::choice("vote_kind", label(ctx, "vote_kind"), kinds, kind.code()),
            Field::text("votes_for", label(ctx, "votes_for"), "", true),
            Field::text("votes_against", label(ctx, "votes_against"), "0", true),
            Field::text("votes_other", label(ctx, "votes_other"), "0", true),
            Field::text("time", label(ctx, "time"), &vi::clock(at.time()), true),
        ],
    );
    form.warning = Some(figures_line);
    form
}

pub struct VoteEntry {
    /// The time of day the vote was taken.
    pub at: NaiveTime,
    pub subject: String,
    pub kind: crate::domain::VoteKind,
    pub votes_for: u32,
    pub votes_against: u32,
    pub votes_other: u32,
}

/// The time typed in a vote form, if it reads as a time.
pub fn vote_time(form: &Form) -> Option<NaiveTime> {
    vi::parse_time(&form.value("time"))
}

/// The kind chosen in a vote form.
pub fn vote_kind(form: &Form) -> crate::domain::VoteKind {
    crate::domain::VoteKind::from_code(&form.value("vote_kind"))
        .unwrap_or(crate::domain::VoteKind::General)
}

pub fn parse_vote(form: &mut Form, ctx: &Ctx) -> Option<VoteEntry> {
    form.clear_errors();
    let subject = line(form, ctx, "subject");
    let mut count = |name: &'static str| match form.value(name).trim().parse::<u32>() {
        Ok(n) if n <= 10_000 => Some(n),
        _ => {
            form.set_error(name, ctx.t("live.bad_count").to_string());
            None
        }
    };
    let votes_for = count("votes_for");
    let votes_against = count("votes_against");
    let votes_other = count("votes_other");
    let time = form.value("time");
    let at = vi::parse_time(&time);
    if at.is_none() {
        form.set_error(
            "time",
            ctx.strings.fmt("live.bad_time", &[("value", &time.trim())]),
        );
    }
    form.focus_first_error();
    Some(VoteEntry {
        at: at?,
        subject: subject?,
        kind: vote_kind(form),
        votes_for: votes_for?,
        votes_against: votes_against?,
        votes_other: votes_other?,
    })
}

pub fn task_form(ctx: &Ctx, people_list: &[(RowId, String)]) -> Form {
    Form::new(
        ctx.t("live.task_title").to_string(),
        vec![
            Field::text("text", label(ctx, "task_text"), "", true),
            Field::choice(
                "assignee",
                label(ctx, "assignee"),
                people(ctx, people_list),
                "",
            ),
            Field::date("due", label(ctx, "due"), "", false),
        ],
    )
}

/// The task as typed, for the item `item_id` (None: the meeting as a
/// whole).
pub fn parse_task(form: &mut Form, ctx: &Ctx, item_id: Option<RowId>) -> Option<TaskInput> {
    form.clear_errors();
    let text = line(form, ctx, "text");
    let due = form.value("due");
    let due = if due.trim().is_empty() {
        Ok(None)
    } else {
        match vi::parse_day(&due, ctx.clock.today()) {
            Some(d) => Ok(Some(d)),
            None => {
                form.set_error(
                    "due",
                    ctx.strings.fmt("form.bad_date", &[("value", &due.trim())]),
                );
                Err(())
            }
        }
    };
    form.focus_first_error();
    Some(TaskInput {
        agenda_item_id: item_id,
        text: text?,
        assignee_id: person(form, "assignee"),
        due_on: due.ok()?,
    })
}

pub fn conclusion_form(ctx: &Ctx, title: &str, current: &str) -> Form {
    let mut form = Form::new(
        ctx.t("live.conclusion_title").to_string(),
        vec![Field::multiline(
            "text",
            label(ctx, "conclusion"),
            current,
            false,
        )],
    );
    form.warning = Some(text::safe(title).into_owned());
    form
}

/// One field per criterion of the rubric, its maximum in the label; a
/// criterion the record fails (the engine's verdict) says so and scores 0.
pub fn quality_form(
    ctx: &Ctx,
    rubric: &'static crate::domain::rubric::Rubric,
    current: &[(String, u32)],
    failed: &[crate::domain::rubric::CriterionCheck],
) -> Form {
    let fields = rubric
        .criteria
        .iter()
        .map(|c| {
            let value = current
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, p)| p.to_string())
                .unwrap_or_default();
            // The maximum first: long criterion names are cut at the
            // label column, the figures never are.
            let star = if c.mandatory { "*" } else { "" };
            let label = format!("/{}{star} {}", c.max, text::safe(&c.name));
            let mut field = Field::text(c.id.as_str(), label, &value, false);
            // A criterion the record fails says so under its field.
            field.error = c.check.filter(|k| failed.contains(k)).map(|k| {
                ctx.t(&format!("live.check_failed.{}", k.code()))
                    .to_string()
            });
            field
        })
        .collect();
    let mut form = Form::new(text::safe(&rubric.name).into_owned(), fields);
    form.warning = Some(ctx.t("live.score_hint").to_string());
    form
}

pub fn parse_quality(
    form: &mut Form,
    ctx: &Ctx,
    rubric: &'static crate::domain::rubric::Rubric,
) -> Option<Vec<(String, u32)>> {
    form.clear_errors();
    let mut out = Vec::new();
    for c in &rubric.criteria {
        let name = c.id.as_str();
        let text = form.value(name);
        if text.trim().is_empty() {
            continue;
        }
        match text.trim().parse::<u32>() {
            Ok(p) if p <= c.max => out.push((c.id.clone(), p)),
            _ => form.set_error(name, ctx.strings.fmt("live.bad_points", &[("max", &c.max)])),
        }
    }
    form.focus_first_error();
    if form.has_errors() { None } else { Some(out) }
}

pub fn addendum_form(ctx: &Ctx) -> Form {
    let mut form = Form::new(
        ctx.t("live.addendum_title").to_string(),
        vec![Field::multiline("text", label(ctx, "text"), "", true)],
    );
    form.warning = Some(ctx.t("live.addendum_hint").to_string());
    form
}

/// `proposed`: the times to offer when the item has none yet (a meeting
/// typed up after the day).
pub fn item_times_form(
    ctx: &Ctx,
    item: &AgendaItem,
    proposed: Option<(NaiveDateTime, NaiveDateTime)>,
) -> Form {
    let clock = |t: Option<NaiveDateTime>| t.map(|t| vi::clock(t.time())).unwrap_or_default();
    let started = item.started_at.or(proposed.map(|p| p.0));
    let ended = item.ended_at.or(proposed.map(|p| p.1));
    let mut form = Form::new(
        ctx.t("live.item_times_title").to_string(),
        vec![
            Field::text("start", label(ctx, "item_start"), &clock(started), false),
            Field::text("end", label(ctx, "item_end"), &clock(ended), false),
        ],
    );
    form.warning = Some(text::safe(&item.title).into_owned());
    // Offered times are accepted with Enter: Enter, Enter… types up an agenda.
    form.enter_saves = proposed.is_some();
    form
}

/// The times an item was held (None: not typed).
pub struct ItemTimesInput {
    pub start: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
}

/// Both times as typed (empty: none), on the meeting's day.
pub fn parse_item_times(form: &mut Form, ctx: &Ctx, day: NaiveDate) -> Option<ItemTimesInput> {
    form.clear_errors();
    let mut read = |name: &'static str| {
        let text = form.value(name);
        if text.trim().is_empty() {
            return Some(None);
        }
        match vi::parse_time(&text) {
            Some(t) => Some(Some(day.and_time(t))),
            None => {
                form.set_error(
                    name,
                    ctx.strings.fmt("live.bad_time", &[("value", &text.trim())]),
                );
                None
            }
        }
    };
    let start = read("start");
    let end = read("end");
    if let (Some(Some(s)), Some(Some(e))) = (start, end)
        && e < s
    {
        form.set_error("end", ctx.t("form.until_before_from").to_string());
    }
    form.focus_first_error();
    if form.has_errors() {
        return None;
    }
    Some(ItemTimesInput {
        start: start?,
        end: end?,
    })
}
