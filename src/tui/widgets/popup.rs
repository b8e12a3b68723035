//! Popups: centred boxes for a question, the help, a message.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::Ctx;
use crate::tui::action::Action;

/// A rectangle of at most `width` × `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

fn boxed(area: Rect, buf: &mut Buffer, ctx: &Ctx, title: &str, lines: Vec<Line<'_>>, width: u16) {
    let inner = usize::from(width.saturating_sub(2).max(1));
    let wrapped: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let height = (wrapped as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ctx.theme.border)
        .title(Span::styled(format!(" {title} "), ctx.theme.title));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .render(popup, buf);
}

/// A yes/no question.
pub fn render_confirm(area: Rect, buf: &mut Buffer, ctx: &Ctx, message: &str) {
    let keys = |a| ctx.keymap.keys_of(&["confirm"], a);
    let width = (message.width() as u16 + 4).clamp(40, area.width.saturating_sub(4).max(20));
    let mut lines: Vec<Line> = vec![Line::from(message.to_string()), Line::from("")];
    lines.push(Line::from(vec![
        Span::styled(keys(Action::Yes), ctx.theme.key),
        Span::raw(format!(" {}   ", ctx.t("confirm.yes"))),
        Span::styled(keys(Action::No), ctx.theme.key),
        Span::raw(format!(" {}", ctx.t("confirm.no"))),
    ]));
    boxed(area, buf, ctx, ctx.t("confirm.title"), lines, width);
}

/// The help of the current screen, generated from the keymap.
pub fn render_help(area: Rect, buf: &mut Buffer, ctx: &Ctx, sections: &[&str], title: &str) {
    let bindings = ctx.keymap.bindings(sections);
    let key_width = bindings
        .iter()
        .map(|(_, keys)| {
            keys.iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ")
                .width()
        })
        .max()
        .unwrap_or(4);
    let mut lines: Vec<Line> = bindings
        .iter()
        .map(|(action, keys)| {
            let keys = keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ");
            let pad = " ".repeat(key_width.saturating_sub(keys.width()) + 2);
            Line::from(vec![
                Span::styled(keys, ctx.theme.key),
                Span::raw(pad),
                Span::raw(ctx.strings.get(&action.label_key()).to_string()),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        ctx.t("help.close"),
        ctx.theme.muted,
    )));
    let width = (key_width as u16 + 40).min(area.width.saturating_sub(2));
    boxed(area, buf, ctx, title, lines, width);
}

/// A message with a title (errors that stop a flow, import results).
pub fn render_message(area: Rect, buf: &mut Buffer, ctx: &Ctx, title: &str, lines: Vec<Line<'_>>) {
    let width = area.width.saturating_sub(6).min(74);
    boxed(area, buf, ctx, title, lines, width);
}
