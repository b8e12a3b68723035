//! The year in figures: meetings held against those required, thematic
//! meetings per quarter, average attendance, each meeting's quality score
//! and tier, and the dues months unpaid.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Data;
use crate::assets;
use crate::domain::RowId;
use crate::domain::engine::history::{YearSummary, year_summary};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::safe;
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::table::Column;
use crate::vi;

#[derive(Default)]
pub struct QualityView {
    summary: Option<YearSummary>,
    list: ListState,
}

impl QualityView {
    pub fn rebuild(&mut self, data: &Data) {
        self.summary = assets::rulebook()
            .ok()
            .map(|book| year_summary(&data.history, book, data.year, data.today));
        let len = self.summary.as_ref().map_or(0, |s| s.scores.len());
        self.list.clamp(len);
    }

    pub fn handle(&mut self, action: Action, _data: &Data) -> Option<(RowId, Option<RowId>)> {
        let summary = self.summary.as_ref()?;
        if self.list.apply(action, summary.scores.len()) {
            return None;
        }
        match action {
            Action::Open => summary
                .scores
                .get(self.list.selected())
                .map(|m| (m.id, None)),
            _ => None,
        }
    }

    /// The summary in lines above the scores.
    fn summary_lines(&self, ctx: &Ctx, summary: &YearSummary) -> Vec<Line<'static>> {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let mut lines = Vec::new();
        let quarters: Vec<String> = summary
            .thematic_by_quarter
            .iter()
            .enumerate()
            .map(|(q, n)| format!("Q{} {n}", q + 1))
            .collect();
        lines.push(Line::from(s.fmt(
            "history.year_held",
            &[
                ("regular", &summary.regular_held),
                ("regular_required", &summary.regular_required),
                ("thematic", &summary.thematic_held),
                ("thematic_required", &summary.thematic_required),
                ("quarters", &quarters.join(" · ")),
            ],
        )));
        let average = s
            .percent(summary.present, summary.expected)
            .unwrap_or_else(|| "—".into());
        lines.push(Line::from(s.fmt(
            "history.year_attendance",
            &[
                ("pct", &average),
                ("present", &summary.present),
                ("expected", &summary.expected),
            ],
        )));
        if !summary.months_missing.is_empty() || !summary.quarters_missing.is_empty() {
            let months: Vec<String> = summary
                .months_missing
                .iter()
                .map(|m| format!("{m:02}"))
                .collect();
            let quarters: Vec<String> = summary
                .quarters_missing
                .iter()
                .map(|q| format!("Q{q}"))
                .collect();
            lines.push(Line::from(Span::styled(
                s.fmt(
                    "history.year_missing",
                    &[
                        ("months", &months.join(", ")),
                        ("quarters", &quarters.join(", ")),
                    ],
                ),
                t.warn,
            )));
        }
        if summary.unpaid_dues.is_empty() {
            lines.push(Line::from(Span::styled(
                s.get("history.dues_all_paid").to_string(),
                t.ok,
            )));
        } else {
            let who: Vec<String> = summary
                .unpaid_dues
                .iter()
                .map(|u| {
                    let months: Vec<String> = u.months.iter().map(|m| format!("{m:02}")).collect();
                    format!("{} ({})", safe(&u.name), months.join(", "))
                })
                .collect();
            lines.push(Line::from(Span::styled(
                s.fmt("history.dues_unpaid", &[("who", &who.join("; "))]),
                t.warn,
            )));
        }
        lines
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, _data: &Data) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let Some(summary) = &self.summary else {
            return;
        };
        let mut lines = Vec::new();
        for line in self.summary_lines(ctx, summary) {
            lines.extend(crate::tui::widgets::reader::wrap_line(
                &line,
                usize::from(area.width.max(1)),
            ));
        }
        let head = (lines.len() as u16).min(area.height / 2);
        for (n, line) in lines.into_iter().take(usize::from(head)).enumerate() {
            ratatui::widgets::Widget::render(
                ratatui::widgets::Paragraph::new(line),
                Rect::new(area.x, area.y + n as u16, area.width, 1),
                buf,
            );
        }
        let list = Rect::new(
            area.x,
            area.y + head,
            area.width,
            area.height.saturating_sub(head),
        );
        let rows: Vec<[String; 5]> = summary
            .scores
            .iter()
            .map(|m| {
                [
                    vi::date(m.date),
                    s.get(&format!("kind.{}", m.kind.code())).to_string(),
                    s.percent(m.present, m.expected).unwrap_or_default(),
                    m.assessment
                        .as_ref()
                        .map(|a| a.total.to_string())
                        .unwrap_or_else(|| "—".into()),
                    m.assessment
                        .as_ref()
                        .map(|a| a.tier.name.clone())
                        .unwrap_or_else(|| s.get("history.not_scored").to_string()),
                ]
            })
            .collect();
        let frame = ListFrame {
            titles: vec![Line::from(Span::styled(
                s.fmt("history.scores_title", &[("year", &summary.year)]),
                t.header,
            ))],
            filter: None,
            empty: ctx.t("history.nothing").to_string(),
            columns: vec![
                Column::fixed(ctx.t("history.col_date"), 10),
                Column::widest(
                    ctx.t("history.col_kind"),
                    rows.iter().map(|r| r[1].as_str()),
                ),
                Column::fixed(ctx.t("history.col_attendance"), 7),
                Column::fixed(ctx.t("history.col_score"), 5),
                Column::fill(ctx.t("history.col_tier"), 8),
            ],
            len: rows.len(),
        };
        frame.render(list, buf, ctx, &self.list, |i| {
            rows[i].iter().map(|c| Span::raw(c.clone())).collect()
        });
    }
}
