use rusqlite::{Connection, Row, params};

use super::rows::{self, found, line, opt_line};
use super::{Result, Store, Tx};
use crate::domain::{Cell, RowId};
use crate::vi;

/// What the secretary types for a cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellInput {
    pub name: String,
    pub upper_unit: String,
    pub place_name: String,
    pub usual_venue: String,
}

impl CellInput {
    fn cleaned(&self) -> Result<CellInput> {
        Ok(CellInput {
            name: line("name", &self.name)?,
            upper_unit: opt_line("upper_unit", &self.upper_unit)?,
            place_name: opt_line("place_name", &self.place_name)?,
            usual_venue: opt_line("usual_venue", &self.usual_venue)?,
        })
    }
}

const COLUMNS: &str = "id, uuid, name, upper_unit, place_name, usual_venue, archived_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Cell> {
    Ok(Cell {
        id: r.get(0)?,
        uuid: rows::uuid(r, 1)?,
        name: r.get(2)?,
        upper_unit: r.get(3)?,
        place_name: r.get(4)?,
        usual_venue: r.get(5)?,
        archived_at: r.get(6)?,
    })
}

pub(crate) fn load(conn: &Connection, id: RowId) -> Result<Cell> {
    found(
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM cells WHERE id = ?1"),
            [id],
            from_row,
        ),
        "cell",
    )
}

impl Tx<'_> {
    pub fn create_cell(&mut self, input: &CellInput) -> Result<Cell> {
        let input = input.cleaned()?;
        self.execute(
            "INSERT INTO cells (uuid, name, upper_unit, place_name, usual_venue)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                rows::new_uuid(),
                input.name,
                input.upper_unit,
                input.place_name,
                input.usual_venue
            ],
        )?;
        let cell = load(self, self.last_insert_rowid())?;
        self.audit_insert("cell", cell.uuid, &cell)?;
        Ok(cell)
    }

    pub fn update_cell(&mut self, id: RowId, input: &CellInput) -> Result<Cell> {
        let input = input.cleaned()?;
        let before = load(self, id)?;
        self.execute(
            "UPDATE cells SET name = ?2, upper_unit = ?3, place_name = ?4, usual_venue = ?5
             WHERE id = ?1",
            params![
                id,
                input.name,
                input.upper_unit,
                input.place_name,
                input.usual_venue
            ],
        )?;
        let after = load(self, id)?;
        self.audit_update("cell", after.uuid, &before, &after)?;
        Ok(after)
    }

    /// Archives a cell (a cell with history is never deleted); `false` brings it back.
    pub fn set_cell_archived(&mut self, id: RowId, archived: bool) -> Result<Cell> {
        let before = load(self, id)?;
        let at = archived.then(|| self.now());
        self.execute(
            "UPDATE cells SET archived_at = ?2 WHERE id = ?1",
            params![id, at],
        )?;
        let after = load(self, id)?;
        self.audit_update("cell", after.uuid, &before, &after)?;
        Ok(after)
    }
}

impl Store {
    /// All cells, archived ones included, in Vietnamese alphabetical order.
    pub fn cells(&self) -> Result<Vec<Cell>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {COLUMNS} FROM cells"))?;
        let mut cells = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        cells.sort_by(|a, b| vi::collate(&a.name, &b.name));
        Ok(cells)
    }

    pub fn cell(&self, id: RowId) -> Result<Cell> {
        load(self.conn(), id)
    }

    /// Finds a cell by name: exactly, else ignoring case and accents, else
    /// by a part of the name that only one cell has.
    pub fn cell_by_name(&self, name: &str) -> Result<Option<Cell>> {
        let wanted = vi::nfc(name);
        let cells = self.cells()?;
        if let Some(cell) = cells.iter().find(|c| c.name == wanted) {
            return Ok(Some(cell.clone()));
        }
        let folded = vi::fold(&wanted);
        let unique = |hits: Vec<&Cell>| match hits.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        };
        if let Some(cell) = unique(
            cells
                .iter()
                .filter(|c| vi::fold(&c.name) == folded)
                .collect(),
        ) {
            return Ok(Some(cell));
        }
        Ok(unique(
            cells
                .iter()
                .filter(|c| vi::matches_folded(&vi::fold(&c.name), &folded))
                .collect(),
        ))
    }
}
