//! `chibo cells`, `chibo cells add`, and how every `--cell` is found: by
//! name or by UUID, never by a guess between two cells of the same name.

use std::path::Path;

use uuid::Uuid;

use super::{Failure, say};
use crate::clock::Clock;
use crate::domain::Cell;
use crate::i18n::Strings;
use crate::store::lock::WriterLock;
use crate::store::{self, CellInput, Store};
use crate::vi;

/// "Chi bộ Khoa Kinh tế (Đảng bộ Trường …)": a cell named with its upper
/// unit, which tells apart two cells of the same name.
fn named(cell: &Cell) -> String {
    let name = vi::strip_controls(&cell.name);
    if cell.upper_unit.is_empty() {
        name
    } else {
        format!("{name} ({})", vi::strip_controls(&cell.upper_unit))
    }
}

/// The cell `wanted` names: a UUID, an exact name, or (when no name is
/// exact) a name without accents that only one cell matches. Two cells of
/// the same name are refused, listed with their upper units and UUIDs.
pub(super) fn find(store: &Store, s: &Strings, wanted: &str) -> Result<Cell, Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let cells = store.cells().map_err(fail)?;
    if let Ok(uuid) = Uuid::parse_str(wanted.trim()) {
        return cells
            .into_iter()
            .find(|c| c.uuid == uuid)
            .ok_or_else(|| Failure(s.fmt("cli.no_such_cell_uuid", &[("uuid", &uuid)])));
    }
    let exact = vi::nfc(wanted.trim());
    let same: Vec<&Cell> = cells.iter().filter(|c| c.name == exact).collect();
    match same.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => {}
        many => {
            let list = many.iter().map(|c| format!("{}  {}", c.uuid, named(c)));
            return Err(ambiguous(s, "cli.ambiguous_cell", wanted, list));
        }
    }
    if let Some(cell) = store.cell_by_name(wanted).map_err(fail)? {
        return Ok(cell);
    }
    let names: Vec<String> = cells.iter().map(named).collect();
    Err(Failure(s.fmt(
        "cli.no_such_cell",
        &[
            ("name", &vi::strip_controls(wanted)),
            ("cells", &names.join(", ")),
        ],
    )))
}

/// `chibo cells`: every cell with its UUID, upper unit and member count.
pub(super) fn list(db: &Path, clock: Clock, s: &Strings) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let cells = store.cells().map_err(fail)?;
    if cells.is_empty() {
        say(s.get("cli.no_cells"));
        return Ok(());
    }
    let today = clock.today();
    for cell in cells {
        let members = store
            .members(cell.id)
            .map_err(fail)?
            .iter()
            .filter(|m| !m.situation_on(today).is_former())
            .count();
        let archived = if cell.archived_at.is_some() {
            format!("  [{}]", s.get("cli.archived"))
        } else {
            String::new()
        };
        say(&format!(
            "{}  {}  {}{archived}",
            cell.uuid,
            named(&cell),
            s.fmt("cli.cell_members", &[("n", &members)]),
        ));
    }
    Ok(())
}

/// `chibo cells add NAME [--upper UNIT]`: creates the cell, and the database
/// when there is none yet (so a member import can follow on a new file).
pub(super) fn add(
    db: &Path,
    clock: Clock,
    s: &Strings,
    name: &str,
    upper: Option<&str>,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let mut store = Store::open(db, clock).map_err(fail)?;
    let _writer = WriterLock::acquire(db).map_err(fail)?;
    let input = CellInput {
        name: name.to_string(),
        upper_unit: upper.unwrap_or_default().to_string(),
        ..Default::default()
    };
    // The same name under the same upper unit would be two cells nobody
    // can tell apart.
    let wanted = (
        vi::nfc(name.trim()),
        vi::nfc(upper.unwrap_or_default().trim()),
    );
    if let Some(twin) = store
        .cells()
        .map_err(fail)?
        .into_iter()
        .find(|c| (c.name.clone(), c.upper_unit.clone()) == wanted)
    {
        return Err(Failure(s.fmt(
            "cli.cell_exists",
            &[("name", &named(&twin)), ("uuid", &twin.uuid)],
        )));
    }
    let cell = store.write(|tx| tx.create_cell(&input)).map_err(fail)?;
    say(&s.fmt(
        "cli.cell_added",
        &[("name", &named(&cell)), ("uuid", &cell.uuid)],
    ));
    Ok(())
}

/// A name that matches several cells or members, refused with each one's
/// UUID on a line of its own (the UUID is what the command then takes).
pub(super) fn ambiguous(
    s: &Strings,
    key: &str,
    wanted: &str,
    lines: impl ExactSizeIterator<Item = String>,
) -> Failure {
    let n = lines.len();
    let list: Vec<String> = lines.map(|l| format!("  {l}")).collect();
    Failure(format!(
        "{}\n{}",
        s.fmt(key, &[("name", &vi::strip_controls(wanted)), ("n", &n)]),
        list.join("\n")
    ))
}
