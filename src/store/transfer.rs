//! Transfers (chuyển sinh hoạt đảng): the cell a member leaves records the
//! transfer out and writes a transfer file carrying the member's UUID and
//! history, as the paper giấy giới thiệu sinh hoạt đảng carries them; the
//! cell that receives the member reads it, so the person keeps one UUID and
//! a committee's file, merging both cells' bundles, sees one person.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::bundle::{
    Bundle, BundleKind, FORMAT_VERSION, Manifest, Refusal, TempFile, copy_rows, create_empty,
    with_attached, write_manifest,
};
use super::{Error, Result, StatusEventInput, Store, schema};
use crate::domain::{RowId, StatusEventKind};

/// The tables of a member's history that travel with them (their offices
/// and dues stay with the cell they held or paid them in).
const TRAVELS: &[&str] = &["status_events", "party_cards"];

impl Store {
    /// Records the transfer out of `member_id` on `date` (to `organisation`)
    /// unless that very event is already the member's latest, and returns the
    /// transfer file's bytes. Run again after a failed write, it writes the
    /// same file without a second event.
    pub fn transfer_out(
        &mut self,
        member_id: RowId,
        date: NaiveDate,
        organisation: &str,
    ) -> Result<Vec<u8>> {
        let member = self.member(member_id)?;
        let already = member
            .events
            .last()
            .is_some_and(|e| e.kind == StatusEventKind::TransferredOut && e.date == date);
        if !already {
            let mut input = StatusEventInput::on(StatusEventKind::TransferredOut, date);
            input.organisation = organisation.to_string();
            self.write(|tx| tx.add_status_event(member_id, &input).map(|_| ()))?;
        }
        let file = TempFile::new("transfer")?;
        drop(create_empty(file.path())?);
        let conn = self.conn();
        with_attached(conn, file.path(), || {
            conn.execute_batch("BEGIN")?;
            let done = fill_transfer(conn, member.cell_id, member_id, self.clock().now());
            conn.execute_batch(if done.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
            done
        })?;
        let mut bytes = std::fs::read(file.path()).map_err(|e| Error::io(file.path(), e))?;
        super::bundle::seal(&mut bytes)?;
        Ok(bytes)
    }

    /// Takes a member in from a transfer file into `cell_id`: same UUID,
    /// the history that came with them, and a transfer in on `date`.
    pub fn transfer_in(
        &mut self,
        bundle: &Bundle,
        cell_id: RowId,
        date: NaiveDate,
    ) -> Result<RowId> {
        let uuid = bundle
            .manifest
            .member_uuid
            .clone()
            .ok_or(Error::Bundle(Refusal::NotBundle))?;
        let path = bundle.copy_path();
        let text = path
            .to_str()
            .ok_or_else(|| Error::NotUtf8(path.to_path_buf()))?;
        let known: Option<String> = self
            .conn()
            .query_row(
                "SELECT full_name FROM members WHERE uuid = ?1",
                [&uuid],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = known {
            return Err(Error::Bundle(Refusal::MemberExists { name }));
        }
        self.conn().execute("ATTACH DATABASE ?1 AS b", [text])?;
        // The verified copy is chibo's own, in the temporary folder.
        self.conn()
            .execute_batch("PRAGMA b.journal_mode = MEMORY; PRAGMA b.synchronous = OFF;")?;
        let from = bundle.manifest.cell_name.clone();
        let out = self.write(|tx| {
            let conn: &Connection = tx;
            copy_rows(
                conn,
                ("b", "main"),
                "members",
                &[("cell_id", cell_id.to_string())],
                &["id"],
                "s.uuid = ?1",
                [&uuid],
            )?;
            let id: RowId = conn.query_row(
                "SELECT id FROM main.members WHERE uuid = ?1",
                [&uuid],
                |r| r.get(0),
            )?;
            for table in TRAVELS {
                copy_rows(
                    conn,
                    ("b", "main"),
                    table,
                    &[("member_id", id.to_string())],
                    &["id"],
                    "1",
                    [],
                )?;
            }
            let mut input = StatusEventInput::on(StatusEventKind::TransferredIn, date);
            input.organisation = from.clone();
            tx.add_status_event(id, &input)?;
            Ok(id)
        });
        let detached = self.conn().execute_batch("DETACH DATABASE b");
        let id = out?;
        detached?;
        Ok(id)
    }
}

/// The member, their history and the audit rows about them, into `b`.
fn fill_transfer(
    conn: &Connection,
    cell_id: RowId,
    member_id: RowId,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    let copy = |table: &str, filter: &str| -> Result<()> {
        copy_rows(
            conn,
            ("main", "b"),
            table,
            &[("merging", "1".into())],
            &[],
            filter,
            [],
        )?;
        Ok(())
    };
    copy("cells", &format!("s.id = {cell_id}"))?;
    copy("members", &format!("s.id = {member_id}"))?;
    for table in TRAVELS {
        copy(table, &format!("s.member_id = {member_id}"))?;
    }
    conn.execute(
        "INSERT INTO b.audit_log (at, entity, entity_uuid, action, before, after, uuid)
         SELECT at, entity, entity_uuid, action, before, after, uuid FROM main.audit_log
         WHERE entity_uuid = (SELECT uuid FROM main.members WHERE id = ?1)",
        [member_id],
    )?;
    conn.execute("UPDATE b.cells SET merging = 0", [])?;
    let (cell_uuid, cell_name, upper, revision, member_uuid): (
        String,
        String,
        String,
        i64,
        String,
    ) = conn.query_row(
        "SELECT c.uuid, c.name, c.upper_unit, c.revision, m.uuid
             FROM main.cells c JOIN main.members m ON m.cell_id = c.id WHERE m.id = ?1",
        params![member_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    write_manifest(
        conn,
        &Manifest {
            format: FORMAT_VERSION,
            kind: BundleKind::Transfer,
            schema_version: schema::LATEST_VERSION,
            cell_uuid,
            cell_name,
            upper_unit: upper,
            revision,
            made_at: now,
            private: true,
            members: 1,
            meetings: 0,
            member_uuid: Some(member_uuid),
        },
    )
}
