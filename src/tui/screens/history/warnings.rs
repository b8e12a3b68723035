//! What the rules find in the cell's history, most serious first: each
//! finding in words, and under the list the one selected with its legal
//! basis and the people and meetings it concerns. Enter opens its meeting.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Data;
use crate::domain::RowId;
use crate::domain::engine::Severity;
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::safe;
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::reader::wrap_line;
use crate::tui::widgets::table::Column;
use crate::vi;

#[derive(Default)]
pub struct WarningsView {
    /// Indices into the findings, newest first.
    order: Vec<usize>,
    list: ListState,
}

impl WarningsView {
    pub fn rebuild(&mut self, data: &Data) {
        let mut order: Vec<usize> = (0..data.findings.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(data.findings[i].date));
        self.order = order;
        self.list.clamp(self.order.len());
    }

    fn selected<'a>(&self, data: &'a Data) -> Option<&'a crate::domain::engine::Finding> {
        data.findings.get(*self.order.get(self.list.selected())?)
    }

    pub fn handle(&mut self, action: Action, data: &Data) -> Option<(RowId, Option<RowId>)> {
        if self.list.apply(action, self.order.len()) {
            return None;
        }
        match action {
            Action::Open => {
                let f = self.selected(data)?;
                f.meeting_id
                    .or_else(|| f.meetings.first().map(|m| m.id))
                    .map(|id| (id, None))
            }
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, data: &Data) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let texts: Vec<(String, String)> = self
            .order
            .iter()
            .map(|&i| {
                let f = &data.findings[i];
                (vi::date(f.date), s.finding(f))
            })
            .collect();
        // The selected finding's detail takes the bottom rows.
        let detail: Vec<Line> = match self.selected(data) {
            Some(f) => {
                let mut lines = vec![Line::from(Span::styled(
                    format!("{}: {}", s.get("history.basis"), safe(&f.basis)),
                    t.muted,
                ))];
                let people: Vec<String> = f.members.iter().map(|m| safe(m).into_owned()).collect();
                if !people.is_empty() {
                    lines.push(Line::from(format!(
                        "{}: {}",
                        s.get("history.concerns_members"),
                        people.join(", ")
                    )));
                }
                let meetings: Vec<String> = f.meetings.iter().map(|m| vi::date(m.date)).collect();
                if !meetings.is_empty() {
                    lines.push(Line::from(format!(
                        "{}: {}",
                        s.get("history.concerns_meetings"),
                        meetings.join(", ")
                    )));
                }
                lines
                    .iter()
                    .flat_map(|l| wrap_line(l, usize::from(area.width.max(1))))
                    .take(usize::from(area.height / 3))
                    .collect()
            }
            None => Vec::new(),
        };
        let list_h = area
            .height
            .saturating_sub(detail.len() as u16 + u16::from(!detail.is_empty()));
        let members = data
            .findings
            .iter()
            .filter(|f| f.member_id.is_some())
            .count();
        let title = Line::from(vec![
            Span::styled(ctx.t("history.warnings_title").to_string(), t.header),
            Span::styled(
                format!(
                    "  {}",
                    s.fmt(
                        "history.warnings_count",
                        &[("n", &data.findings.len()), ("members", &members)]
                    )
                ),
                if data.findings.is_empty() {
                    t.ok
                } else {
                    t.warn
                },
            ),
        ]);
        let frame = ListFrame {
            titles: vec![title],
            filter: None,
            empty: ctx.t("history.warnings_none").to_string(),
            columns: vec![
                Column::fixed(ctx.t("history.col_date"), 10),
                Column::fill(ctx.t("history.col_finding"), 20),
            ],
            len: texts.len(),
        };
        frame.render(
            Rect::new(area.x, area.y, area.width, list_h),
            buf,
            ctx,
            &self.list,
            |i| {
                let style = if data.findings[self.order[i]].severity == Severity::Warning {
                    t.warn
                } else {
                    t.error
                };
                vec![
                    Span::styled(texts[i].0.clone(), t.muted),
                    Span::styled(format!("⚠ {}", texts[i].1), style),
                ]
            },
        );
        for (n, line) in detail.into_iter().enumerate() {
            let y = area.y + list_h + 1 + n as u16;
            Paragraph::new(line).render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}
