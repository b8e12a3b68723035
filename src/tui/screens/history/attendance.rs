//! Attendance as a chart: one bar per meeting held (the newest at the
//! right), the rule's line drawn across (85 %, and HD 42's 90 % for full
//! marks), and the meetings under it in figures.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Widget};

use super::Data;
use crate::assets;
use crate::domain::RowId;
use crate::domain::engine::MeetingRecord;
use crate::tui::Ctx;
use crate::tui::action::Action;

/// Columns a bar takes, its gap included.
const BAR: u16 = 6;

#[derive(Default)]
pub struct AttendanceView {
    /// The bar under the cursor, counted from the newest (0).
    back: usize,
}

/// The meetings with figures to chart, oldest first: held, the roll called.
fn charted(data: &Data) -> Vec<&MeetingRecord> {
    data.history
        .held()
        .filter(|r| r.meeting.date().year() <= data.year)
        .filter(|r| r.figures.expected > 0 && r.figures.unmarked == 0)
        .collect()
}

/// Tenths of a percent, for the bar's height.
fn permille(r: &MeetingRecord) -> u64 {
    let f = &r.figures;
    (u64::from(f.present) * 1000)
        .checked_div(u64::from(f.expected))
        .unwrap_or(0)
}

/// The chart's floor in percent: ten below the lowest bar, in tens, never
/// above 50 — differences of a few points stay visible, and the rule's
/// lines stay in the chart.
fn floor(shown: &[&MeetingRecord]) -> u64 {
    let lowest = shown.iter().map(|r| permille(r) / 10).min().unwrap_or(0);
    (lowest.saturating_sub(10) / 10 * 10).min(50)
}

impl AttendanceView {
    pub fn handle(&mut self, action: Action, data: &Data) -> Option<(RowId, Option<RowId>)> {
        let len = charted(data).len();
        match action {
            Action::Left | Action::Up => self.back = (self.back + 1).min(len.saturating_sub(1)),
            Action::Right | Action::Down => self.back = self.back.saturating_sub(1),
            Action::Top => self.back = len.saturating_sub(1),
            Action::Bottom => self.back = 0,
            Action::Open => {
                let meetings = charted(data);
                let at = meetings.len().checked_sub(self.back + 1)?;
                return Some((meetings.get(at)?.meeting.id, None));
            }
            _ => {}
        }
        None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, data: &Data) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let meetings = charted(data);
        if meetings.is_empty() || area.height < 8 {
            Paragraph::new(Span::styled(ctx.t("history.nothing").to_string(), t.muted))
                .render(area, buf);
            return;
        }
        // As many bars as fit, ending with the one under the cursor (or
        // the newest).
        let fit = usize::from(area.width.saturating_sub(6) / BAR).max(1);
        let end = meetings.len() - self.back.min(meetings.len() - 1);
        let start = end.saturating_sub(fit);
        let shown = &meetings[start..end];
        let selected = shown.len().saturating_sub(1);
        let floor = floor(shown);
        let bars: Vec<Bar> = shown
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let value = permille(r).saturating_sub(floor * 10);
                let text = s
                    .percent(r.figures.present, r.figures.expected)
                    .unwrap_or_default()
                    .trim_end_matches('%')
                    .to_string();
                let label = r.meeting.date().format("%m/%y").to_string();
                let style = if i == selected { t.selected } else { t.key };
                Bar::default()
                    .value(value)
                    .text_value(text)
                    .label(Line::from(label))
                    .style(style)
            })
            .collect();
        let chart_h = area.height.saturating_sub(5).max(5);
        let chart = Rect::new(
            area.x + 5,
            area.y + 1,
            area.width.saturating_sub(5),
            chart_h,
        );
        Paragraph::new(Span::styled(
            ctx.t("history.chart_title").to_string(),
            t.header,
        ))
        .render(Rect::new(area.x, area.y, area.width, 1), buf);
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(BAR - 1)
            .bar_gap(1)
            .max(1000 - floor * 10)
            .render(chart, buf);
        // The rule's lines, over the bars' empty cells: the threshold in
        // force at the newest meeting shown.
        let newest = shown[selected].meeting.date();
        if let Some(rules) = assets::rules_on(newest) {
            let a = &rules.attendance;
            let mut lines = vec![(a.threshold_percent.value, t.warn)];
            if let Some(full) = &a.full_marks_percent {
                lines.push((full.value, t.ok));
            }
            // Bars take the chart's height less the label and value rows.
            let bars_h = chart.height.saturating_sub(1);
            let floor = floor as u32;
            for (percent, style) in lines {
                let above = percent.saturating_sub(floor);
                let from_bottom = (u32::from(bars_h) * above).div_ceil(100 - floor.min(99)) as u16;
                let y = chart.y + bars_h.saturating_sub(from_bottom);
                rule_line(buf, area.x, chart, y, percent, style);
            }
        }
        // The meeting under the cursor, in figures.
        let r = shown[selected];
        let f = &r.figures;
        let detail = s.fmt(
            "history.chart_detail",
            &[
                ("date", &crate::vi::date(r.meeting.date())),
                ("kind", &s.get(&format!("kind.{}", r.meeting.kind.code()))),
                ("present", &f.present),
                ("expected", &f.expected),
                ("pct", &s.percent(f.present, f.expected).unwrap_or_default()),
                ("excused", &f.absent_excused.len()),
                ("unexcused", &f.absent_unexcused.len()),
            ],
        );
        let y = chart.y + chart.height + 1;
        if y < area.y + area.height {
            Paragraph::new(crate::tui::text::fit_line(
                Line::from(detail),
                usize::from(area.width),
            ))
            .render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}

/// "85 ┄┄┄" across the chart at row `y`, drawn only where no bar is.
fn rule_line(buf: &mut Buffer, x0: u16, chart: Rect, y: u16, percent: u32, style: Style) {
    if y < chart.y || y >= chart.y + chart.height {
        return;
    }
    let label = format!("{percent:>3}%");
    for (i, c) in label.chars().enumerate() {
        if let Some(cell) = buf.cell_mut((x0 + i as u16, y)) {
            cell.set_char(c).set_style(style);
        }
    }
    for x in chart.x..chart.x + chart.width {
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol() == " "
        {
            cell.set_char('┄').set_style(style);
        }
    }
}
