//! Members × meetings of the year: one symbol a meeting, each member's
//! totals at the right; `o` sorts by unexcused absences; the arrows move a
//! cursor over the cells and Enter opens that meeting.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Data;
use crate::domain::RowId;
use crate::domain::engine::history::{MatrixCell, MatrixOrder, MemberMatrix, member_matrix};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::{fit, safe};
use crate::tui::widgets::table::{step, window_start};

/// Columns a meeting takes: its symbol and a space.
const COL: usize = 3;
const NAME: usize = 20;

#[derive(Default)]
pub struct MatrixView {
    matrix: Option<MemberMatrix>,
    order: MatrixOrder,
    row: usize,
    col: usize,
    /// The first row and column shown, kept between frames.
    top: std::cell::Cell<usize>,
    left: std::cell::Cell<usize>,
}

/// The symbol of a cell and its style key.
fn symbol(cell: &MatrixCell) -> (&'static str, &'static str) {
    match cell {
        MatrixCell::Present => ("x", "ok"),
        MatrixCell::Late => ("m", "ok"),
        MatrixCell::LeftEarly => ("s", "ok"),
        MatrixCell::Excused(_) => ("p", "warn"),
        MatrixCell::Unexcused => ("!", "error"),
        MatrixCell::Exempt { came: true } => ("X", "muted"),
        MatrixCell::Exempt { came: false } => ("-", "muted"),
        MatrixCell::Unmarked => ("?", "warn"),
        MatrixCell::NotExpected => ("·", "muted"),
    }
}

impl MatrixView {
    pub fn rebuild(&mut self, data: &Data) {
        // The history holds the year before too.
        let mut matrix = member_matrix(&data.history).of_year(data.year);
        matrix.sort(self.order);
        self.row = self.row.min(matrix.rows.len().saturating_sub(1));
        // The newest meeting under the cursor at first.
        self.col = matrix.columns.len().saturating_sub(1);
        self.matrix = Some(matrix);
    }

    pub fn handle(&mut self, action: Action, _data: &Data) -> Option<(RowId, Option<RowId>)> {
        let matrix = self.matrix.as_mut()?;
        let (rows, cols) = (matrix.rows.len(), matrix.columns.len());
        match action {
            Action::Up => self.row = step(self.row, -1, rows),
            Action::Down => self.row = step(self.row, 1, rows),
            Action::PageUp => self.row = step(self.row, -10, rows),
            Action::PageDown => self.row = step(self.row, 10, rows),
            Action::Left => self.col = step(self.col, -1, cols),
            Action::Right => self.col = step(self.col, 1, cols),
            Action::Top => self.row = 0,
            Action::Bottom => self.row = rows.saturating_sub(1),
            Action::Sort => {
                self.order = match self.order {
                    MatrixOrder::Roster => MatrixOrder::Unexcused,
                    MatrixOrder::Unexcused => MatrixOrder::Roster,
                };
                matrix.sort(self.order);
                self.row = 0;
            }
            Action::Open => return matrix.columns.get(self.col).map(|c| (c.id, None)),
            _ => {}
        }
        None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, _data: &Data) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let Some(matrix) = &self.matrix else {
            return;
        };
        if matrix.rows.is_empty() || matrix.columns.is_empty() || area.height < 5 {
            Paragraph::new(Span::styled(ctx.t("history.nothing").to_string(), t.muted))
                .render(area, buf);
            return;
        }
        let style = |key: &str| -> Style {
            match key {
                "ok" => t.ok,
                "warn" => t.warn,
                "error" => t.error,
                _ => t.muted,
            }
        };
        // Totals at the right: present, excused, unexcused.
        let totals_header = s.get("history.matrix_totals").to_string();
        let totals_w = totals_header.width().max(12);
        let room = usize::from(area.width).saturating_sub(NAME + totals_w + 1);
        let visible_cols = (room / COL).max(1);
        let left = window_start(
            self.col,
            self.left.get(),
            visible_cols,
            matrix.columns.len(),
        );
        self.left.set(left);
        let height = usize::from(area.height).saturating_sub(4);
        let top = window_start(self.row, self.top.get(), height, matrix.rows.len());
        self.top.set(top);
        let cols = left..(left + visible_cols).min(matrix.columns.len());
        // Header: the order, the position, then the meetings' days.
        let order = s.get(match self.order {
            MatrixOrder::Roster => "history.order_roster",
            MatrixOrder::Unexcused => "history.order_unexcused",
        });
        let position = format!(
            "{}/{} · {}–{}/{}",
            self.row + 1,
            matrix.rows.len(),
            cols.start + 1,
            cols.end,
            matrix.columns.len()
        );
        let head = format!("{} · {order}   {position}", ctx.t("history.matrix_title"));
        Paragraph::new(Span::styled(
            fit(&head, usize::from(area.width)).into_owned(),
            t.header,
        ))
        .render(Rect::new(area.x, area.y, area.width, 1), buf);
        let mut days = vec![Span::raw(format!("{:<NAME$}", ""))];
        for c in cols.clone() {
            let d = matrix.columns[c].date;
            let text = format!("{:<COL$}", d.format("%d").to_string());
            let style = if c == self.col { t.selected } else { t.muted };
            days.push(Span::styled(text, style));
        }
        days.push(Span::styled(format!(" {totals_header}"), t.muted));
        let mut months = vec![Span::raw(format!("{:<NAME$}", ""))];
        for c in cols.clone() {
            let d = matrix.columns[c].date;
            months.push(Span::styled(
                format!("{:<COL$}", d.format("%m").to_string()),
                t.muted,
            ));
        }
        Paragraph::new(Line::from(months))
            .render(Rect::new(area.x, area.y + 1, area.width, 1), buf);
        Paragraph::new(Line::from(days)).render(Rect::new(area.x, area.y + 2, area.width, 1), buf);
        for (n, row) in matrix.rows.iter().skip(top).take(height).enumerate() {
            let index = top + n;
            let name = fit(&safe(&row.name), NAME - 1).into_owned();
            let pad = " ".repeat(NAME.saturating_sub(name.width()));
            let name_style = if index == self.row {
                t.selected
            } else {
                t.base
            };
            let mut spans = vec![Span::styled(format!("{name}{pad}"), name_style)];
            for c in cols.clone() {
                let (sym, key) = symbol(&row.cells[c]);
                let mut st = style(key);
                if index == self.row && c == self.col {
                    st = t.selected;
                }
                spans.push(Span::styled(sym.to_string(), st));
                spans.push(Span::raw(" ".repeat(COL - 1)));
            }
            let tt = &row.totals;
            spans.push(Span::raw(format!(
                " {:>3} {:>3} {:>3}",
                tt.attended(),
                tt.excused,
                tt.unexcused
            )));
            let y = area.y + 3 + n as u16;
            Paragraph::new(Line::from(spans)).render(Rect::new(area.x, y, area.width, 1), buf);
        }
        // The cell under the cursor in words (a reason shows here).
        if let (Some(row), Some(col)) = (matrix.rows.get(self.row), matrix.columns.get(self.col)) {
            let cell = &row.cells[self.col];
            let state = match cell {
                MatrixCell::Excused(reason) => {
                    format!("{}: {}", s.get("history.cell_excused"), safe(reason))
                }
                other => s.get(&format!("history.cell_{}", other.code())).to_string(),
            };
            let line = format!(
                "{} · {} · {state}",
                safe(&row.name),
                crate::vi::date(col.date)
            );
            let y = area.y + area.height - 1;
            if usize::from(area.height) >= height + 4 {
                Paragraph::new(Span::styled(
                    fit(&line, usize::from(area.width)).into_owned(),
                    t.muted,
                ))
                .render(Rect::new(area.x, y, area.width, 1), buf);
            }
        }
    }
}
