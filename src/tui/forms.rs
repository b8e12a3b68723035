//! The forms of the app: how each is laid out from a record, and how its text
//! is checked and turned into store input, with a message per field.

use chrono::{Datelike, NaiveDate};

use super::Ctx;
use super::text;
use super::widgets::form::{Field, Form};
use crate::domain::text::{Problem, clean_line};
use crate::domain::{Cell, Gender, Member, RoleKind, RowId, StatusEventKind};
use crate::store::{CellInput, MemberInput, StatusEventInput};
use crate::vi;

/// What a form is for: decides how it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
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
