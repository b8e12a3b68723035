use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, Row, params};

use super::rows::{self, found, line, opt_line, ordered};
use super::{Result, Store, Tx};
use crate::domain::text::Problem;
use crate::domain::{
    CardNumber, Member, MemberInput, Role, RoleKind, RowId, StatusEvent, StatusEventInput,
    StatusEventKind,
};
use crate::vi;

/// The member as typed, checked and trimmed for storing.
fn cleaned(input: &MemberInput) -> Result<MemberInput> {
    if let (None, Some(_)) = (input.admitted_on, input.official_on) {
        return Err(super::Error::invalid("admitted_on", Problem::Empty));
    }
    if let Some(admitted) = input.admitted_on {
        ordered("official_on", &admitted, input.official_on.as_ref())?;
    }
    if let (Some(birth), Some(admitted)) = (input.birth_date, input.admitted_on)
        && birth >= admitted
    {
        return Err(super::Error::invalid("birth_date", Problem::OutOfRange));
    }
    Ok(MemberInput {
        full_name: line("full_name", &input.full_name)?,
        phone: opt_line("phone", &input.phone)?,
        national_id: opt_line("national_id", &input.national_id)?,
        note: rows::text("note", &input.note, false)?,
        card_number: opt_line("card_number", &input.card_number)?,
        ..input.clone()
    })
}

const COLUMNS: &str = "id, uuid, cell_id, full_name, birth_date, gender, phone, national_id, note";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        cell_id: r.get(2)?,
        full_name: r.get(3)?,
        birth_date: rows::opt_day(r, 4)?,
        gender: r.get(5)?,
        phone: r.get(6)?,
        national_id: r.get(7)?,
        note: r.get(8)?,
        events: Vec::new(),
        roles: Vec::new(),
        cards: Vec::new(),
    })
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<(RowId, StatusEvent)> {
    Ok((
        r.get(0)?,
        StatusEvent {
            id: r.get(1)?,
            uuid: rows::uuid(r, 2)?,
            kind: r.get(3)?,
            date: rows::day(r, 4)?,
            until: rows::opt_day(r, 5)?,
            decision: r.get(6)?,
            organisation: r.get(7)?,
            note: r.get(8)?,
        },
    ))
}

fn role_from_row(r: &Row<'_>) -> rusqlite::Result<(RowId, Role)> {
    Ok((
        r.get(0)?,
        Role {
            id: r.get(1)?,
            uuid: rows::uuid(r, 2)?,
            kind: r.get(3)?,
            from: rows::day(r, 4)?,
            until: rows::opt_day(r, 5)?,
            note: r.get(6)?,
        },
    ))
}

fn card_from_row(r: &Row<'_>) -> rusqlite::Result<(RowId, CardNumber)> {
    Ok((
        r.get(0)?,
        CardNumber {
            id: r.get(1)?,
            uuid: rows::uuid(r, 2)?,
            number: r.get(3)?,
            issued_on: r.get(4)?,
        },
    ))
}

/// Loads members selected by `filter` (a WHERE clause on `members` with one
/// parameter) with their events, roles and cards, in four queries.
fn load_where(conn: &Connection, filter: &str, param: RowId) -> Result<Vec<Member>> {
    // Cached: the same four statements run for every member an import adds.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM members WHERE {filter} ORDER BY id"
    ))?;
    let mut members = stmt
        .query_map([param], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<RowId, usize> = members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let member_filter = format!("member_id IN (SELECT id FROM members WHERE {filter})");

    let sql = format!(
        "SELECT member_id, id, uuid, kind, date, until, decision, organisation, note
         FROM status_events WHERE {member_filter} ORDER BY date, id"
    );
    for row in conn
        .prepare_cached(&sql)?
        .query_map([param], event_from_row)?
    {
        let (member_id, event) = row?;
        if let Some(&i) = index.get(&member_id) {
            members[i].events.push(event);
        }
    }
    let sql = format!(
        "SELECT member_id, id, uuid, kind, from_date, until_date, note
         FROM roles WHERE {member_filter} ORDER BY from_date, id"
    );
    for row in conn
        .prepare_cached(&sql)?
        .query_map([param], role_from_row)?
    {
        let (member_id, role) = row?;
        if let Some(&i) = index.get(&member_id) {
            members[i].roles.push(role);
        }
    }
    let sql = format!(
        "SELECT member_id, id, uuid, number, issued_on
         FROM party_cards WHERE {member_filter} ORDER BY id"
    );
    for row in conn
        .prepare_cached(&sql)?
        .query_map([param], card_from_row)?
    {
        let (member_id, card) = row?;
        if let Some(&i) = index.get(&member_id) {
            members[i].cards.push(card);
        }
    }
    Ok(members)
}

pub(crate) fn load(conn: &Connection, id: RowId) -> Result<Member> {
    found(
        load_where(conn, "id = ?1", id)?
            .into_iter()
            .next()
            .ok_or(rusqlite::Error::QueryReturnedNoRows),
        "member",
    )
}

/// Every member on a cell's roll (own or attached in, past and present), in
/// roster order.
/// Every member of the file, with their events, roles and cards, by id.
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<Member>> {
    load_where(conn, "id > ?1", 0)
}

pub(crate) fn load_cell(conn: &Connection, cell_id: RowId) -> Result<Vec<Member>> {
    let mut members = load_where(conn, "cell_id = ?1", cell_id)?;
    members.sort_by(|a, b| vi::roster_order(&a.full_name, &b.full_name));
    Ok(members)
}

impl Tx<'_> {
    pub fn add_member(&mut self, cell_id: RowId, input: &MemberInput) -> Result<Member> {
        let input = cleaned(input)?;
        super::cells::load(self, cell_id)?;
        self.prepare_cached(
            "INSERT INTO members (uuid, cell_id, full_name, birth_date, gender, phone, national_id, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
                rows::new_uuid(),
                cell_id,
                input.full_name,
                input.birth_date,
                input.gender,
                input.phone,
                input.national_id,
                input.note
            ])?;
        let id = self.last_insert_rowid();
        self.sync_identity_events(id, &input)?;
        let member = load(self, id)?;
        self.audit_insert("member", member.uuid, &member)?;
        Ok(member)
    }

    pub fn update_member(&mut self, id: RowId, input: &MemberInput) -> Result<Member> {
        let input = cleaned(input)?;
        let before = load(self, id)?;
        self.execute(
            "UPDATE members SET full_name = ?2, birth_date = ?3, gender = ?4, phone = ?5,
             national_id = ?6, note = ?7 WHERE id = ?1",
            params![
                id,
                input.full_name,
                input.birth_date,
                input.gender,
                input.phone,
                input.national_id,
                input.note
            ],
        )?;
        self.sync_identity_events(id, &input)?;
        let after = load(self, id)?;
        self.audit_update("member", after.uuid, &before, &after)?;
        Ok(after)
    }

    /// Admission and recognition dates live as status events; the card number
    /// as card history (a changed number is a new card, the old one is kept).
    fn sync_identity_events(&mut self, member_id: RowId, input: &MemberInput) -> Result<()> {
        for (kind, date) in [
            (StatusEventKind::Admitted, input.admitted_on),
            (StatusEventKind::RecognizedOfficial, input.official_on),
        ] {
            let existing: Option<RowId> = self
                .prepare_cached(
                    "SELECT id FROM status_events WHERE member_id = ?1 AND kind = ?2 ORDER BY date, id LIMIT 1",
                )?
                .query_row(params![member_id, kind], |r| r.get(0))
                .ok();
            match (existing, date) {
                (Some(event_id), Some(date)) => {
                    self.execute(
                        "UPDATE status_events SET date = ?2 WHERE id = ?1",
                        params![event_id, date],
                    )?;
                }
                (Some(event_id), None) => {
                    self.execute("DELETE FROM status_events WHERE id = ?1", [event_id])?;
                }
                (None, Some(date)) => {
                    insert_event(self, member_id, &StatusEventInput::on(kind, date))?;
                }
                (None, None) => {}
            }
        }
        let current: Option<String> = self
            .prepare_cached(
                "SELECT number FROM party_cards WHERE member_id = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([member_id], |r| r.get(0))
            .ok();
        if !input.card_number.is_empty() && current.as_deref() != Some(input.card_number.as_str()) {
            self.prepare_cached(
                "INSERT INTO party_cards (uuid, member_id, number, issued_on) VALUES (?1, ?2, ?3, NULL)",
            )?
            .execute(params![rows::new_uuid(), member_id, input.card_number])?;
        }
        Ok(())
    }

    /// Records a dated status event (exempt, attached, transferred, removed …).
    pub fn add_status_event(
        &mut self,
        member_id: RowId,
        input: &StatusEventInput,
    ) -> Result<StatusEvent> {
        let before = load(self, member_id)?;
        let event_id = insert_event(self, member_id, input)?;
        let after = load(self, member_id)?;
        self.audit_update("member", after.uuid, &before, &after)?;
        after
            .events
            .into_iter()
            .find(|e| e.id == event_id)
            .ok_or(super::Error::NotFound("status event"))
    }

    pub fn delete_status_event(&mut self, member_id: RowId, event_id: RowId) -> Result<()> {
        let before = load(self, member_id)?;
        let n = self.execute(
            "DELETE FROM status_events WHERE id = ?1 AND member_id = ?2",
            params![event_id, member_id],
        )?;
        if n == 0 {
            return Err(super::Error::NotFound("status event"));
        }
        let after = load(self, member_id)?;
        self.audit_update("member", after.uuid, &before, &after)
    }

    /// Gives a member an office from a date (until a date, inclusive).
    pub fn add_role(
        &mut self,
        member_id: RowId,
        kind: RoleKind,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Result<Member> {
        ordered("until", &from, until.as_ref())?;
        let before = load(self, member_id)?;
        self.execute(
            "INSERT INTO roles (uuid, member_id, kind, from_date, until_date) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![rows::new_uuid(), member_id, kind, from, until],
        )?;
        let after = load(self, member_id)?;
        self.audit_update("member", after.uuid, &before, &after)?;
        Ok(after)
    }

    /// Ends an office on a date (inclusive).
    pub fn end_role(
        &mut self,
        member_id: RowId,
        role_id: RowId,
        until: NaiveDate,
    ) -> Result<Member> {
        let before = load(self, member_id)?;
        let role = before
            .roles
            .iter()
            .find(|r| r.id == role_id)
            .ok_or(super::Error::NotFound("role"))?;
        ordered("until", &role.from, Some(&until))?;
        self.execute(
            "UPDATE roles SET until_date = ?2 WHERE id = ?1",
            params![role_id, until],
        )?;
        let after = load(self, member_id)?;
        self.audit_update("member", after.uuid, &before, &after)?;
        Ok(after)
    }

    /// Adds a reissued party card; the earlier numbers stay in the history.
    pub fn add_card(
        &mut self,
        member_id: RowId,
        number: &str,
        issued_on: Option<NaiveDate>,
    ) -> Result<Member> {
        let number = line("card_number", number)?;
        let before = load(self, member_id)?;
        self.execute(
            "INSERT INTO party_cards (uuid, member_id, number, issued_on) VALUES (?1, ?2, ?3, ?4)",
            params![rows::new_uuid(), member_id, number, issued_on],
        )?;
        let after = load(self, member_id)?;
        self.audit_update("member", after.uuid, &before, &after)?;
        Ok(after)
    }
}

fn insert_event(conn: &Connection, member_id: RowId, input: &StatusEventInput) -> Result<RowId> {
    if input.until.is_some() && !input.kind.is_interval() {
        return Err(super::Error::invalid("until", Problem::Malformed));
    }
    ordered("until", &input.date, input.until.as_ref())?;
    conn.prepare_cached(
        "INSERT INTO status_events (uuid, member_id, kind, date, until, decision, organisation, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
            rows::new_uuid(),
            member_id,
            input.kind,
            input.date,
            input.until,
            opt_line("decision", &input.decision)?,
            opt_line("organisation", &input.organisation)?,
            rows::text("note", &input.note, false)?
        ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Every member on a cell's roll, past and present, in roster order.
    pub fn members(&self, cell_id: RowId) -> Result<Vec<Member>> {
        load_cell(self.conn(), cell_id)
    }

    pub fn member(&self, id: RowId) -> Result<Member> {
        load(self.conn(), id)
    }
}
