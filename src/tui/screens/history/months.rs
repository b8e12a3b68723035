//! Months × meeting kinds: for each month of the year (or of two years),
//! the regular meeting, the thematic one and any other, with what the rules
//! say of them — missing, short, poor attendance, not yet closed.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Data;
use crate::assets;
use crate::domain::RowId;
use crate::domain::engine::history::{GridMeeting, MonthRow, month_grid};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::table::Column;

#[derive(Default)]
pub struct MonthsView {
    rows: Vec<MonthRow>,
    list: ListState,
    /// Two years in view instead of one.
    wide: bool,
}

impl MonthsView {
    pub fn rebuild(&mut self, data: &Data) {
        let Ok(book) = assets::rulebook() else {
            self.rows.clear();
            return;
        };
        let (from, months) = if self.wide {
            (NaiveDate::from_ymd_opt(data.year - 1, 1, 1), 24)
        } else {
            (NaiveDate::from_ymd_opt(data.year, 1, 1), 12)
        };
        self.rows = match from {
            Some(from) => month_grid(&data.history, book, from, months, data.today),
            None => Vec::new(),
        };
        self.list.clamp(self.rows.len());
    }

    /// Enter opens the month's regular meeting (else its first meeting).
    pub fn handle(&mut self, action: Action, data: &Data) -> Option<(RowId, Option<RowId>)> {
        if self.list.apply(action, self.rows.len()) {
            return None;
        }
        match action {
            Action::Wide => {
                self.wide = !self.wide;
                self.rebuild(data);
                None
            }
            Action::Open => {
                let row = self.rows.get(self.list.selected())?;
                let meeting = row
                    .regular
                    .first()
                    .or(row.thematic.first())
                    .or(row.other.first())?;
                Some((meeting.id, None))
            }
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, data: &Data) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        // One meeting in words: "05/11 87,0% 93'" and its flags.
        let meeting = |m: &GridMeeting| -> String {
            let mut words = vec![m.date.format("%d/%m").to_string()];
            if m.held {
                if let Some(pct) = s.percent(m.present, m.expected) {
                    words.push(pct);
                }
                if let Some(minutes) = m.minutes {
                    words.push(format!("{minutes}'"));
                }
            } else {
                words.push(
                    s.get(&format!("meeting_status.{}", m.status.code()))
                        .to_string(),
                );
            }
            let mut flags = Vec::new();
            if m.short {
                flags.push(s.get("history.flag_short"));
            }
            if m.attendance_below {
                flags.push(s.get("history.flag_attendance"));
            }
            if !m.held && m.date < data.today {
                flags.push(s.get("history.flag_not_closed"));
            }
            if !flags.is_empty() {
                words.push(format!("⚠ {}", flags.join(", ")));
            }
            words.join(" ")
        };
        let cell = |list: &[GridMeeting], missing: bool, judged: bool| -> String {
            if list.is_empty() {
                if missing {
                    s.get("history.missing").to_string()
                } else if judged {
                    "—".to_string()
                } else {
                    String::new()
                }
            } else {
                list.iter().map(meeting).collect::<Vec<_>>().join("; ")
            }
        };
        let texts: Vec<[String; 4]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    format!("{:02}/{}", r.month, r.year),
                    cell(&r.regular, r.regular_missing, r.judged),
                    cell(&r.thematic, r.thematic_missing, false),
                    cell(&r.other, false, false),
                ]
            })
            .collect();
        let missing = self.rows.iter().filter(|r| r.regular_missing).count();
        let title = Line::from(vec![
            Span::styled(ctx.t("history.months_title").to_string(), t.header),
            Span::styled(
                format!("  {}", s.fmt("history.months_missing", &[("n", &missing)])),
                if missing > 0 { t.warn } else { t.ok },
            ),
        ]);
        // The column of other meetings only when there are some.
        let any_other = self.rows.iter().any(|r| !r.other.is_empty());
        let mut columns = vec![
            Column::fixed(ctx.t("history.col_month"), 7),
            Column::widest(
                ctx.t("history.col_regular"),
                texts.iter().map(|r| r[1].as_str()),
            ),
            Column::fill(ctx.t("history.col_thematic"), 14),
        ];
        if any_other {
            columns.push(Column::fill(ctx.t("history.col_other"), 10).optional(1));
        }
        let frame = ListFrame {
            titles: vec![title],
            filter: None,
            empty: ctx.t("history.nothing").to_string(),
            columns,
            len: self.rows.len(),
        };
        frame.render(area, buf, ctx, &self.list, |i| {
            let row = &self.rows[i];
            let [month, regular, thematic, other] = texts[i].clone();
            let warn = |bad: bool| if bad { t.warn } else { t.base };
            vec![
                Span::styled(month, t.muted),
                Span::styled(
                    regular,
                    warn(row.regular_missing || row.regular.iter().any(flagged)),
                ),
                Span::styled(
                    thematic,
                    warn(row.thematic_missing || row.thematic.iter().any(flagged)),
                ),
                Span::styled(other, t.base),
            ]
        });
    }
}

fn flagged(m: &GridMeeting) -> bool {
    m.short || m.attendance_below
}
