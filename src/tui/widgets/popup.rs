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

/// A yes/no question, with the keys of its keymap section (a discard
/// question takes Esc for yes).
pub fn render_confirm(area: Rect, buf: &mut Buffer, ctx: &Ctx, message: &str, sections: &[&str]) {
    let keys = |a| ctx.keymap.keys_of(sections, a);
    // A question of several lines (a merge's preview) keeps its lines.
    let widest = message.lines().map(|l| l.width()).max().unwrap_or(0);
    let width = (widest as u16 + 4).clamp(40, area.width.saturating_sub(4).max(20));
    let mut lines: Vec<Line> = message.lines().map(|l| Line::from(l.to_string())).collect();
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(keys(Action::Yes), ctx.theme.key),
        Span::raw(format!(" {}   ", ctx.t("confirm.yes"))),
        Span::styled(keys(Action::No), ctx.theme.key),
        Span::raw(format!(" {}", ctx.t("confirm.no"))),
    ]));
    boxed(area, buf, ctx, ctx.t("confirm.title"), lines, width);
}

/// The help of a screen, generated from its keymap sections: every key of
/// every action, the action in words.
pub fn help_lines(ctx: &Ctx, sections: &[&str]) -> Vec<Line<'static>> {
    let bindings = ctx.keymap.bindings(sections);
    let labels: Vec<String> = bindings
        .iter()
        .map(|(_, keys)| {
            keys.iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    let key_width = labels.iter().map(|k| k.width()).max().unwrap_or(4);
    bindings
        .iter()
        .zip(labels)
        .map(|((action, _), keys)| {
            let pad = " ".repeat(key_width.saturating_sub(keys.width()) + 2);
            Line::from(vec![
                Span::styled(keys, ctx.theme.key),
                Span::raw(pad),
                Span::raw(ctx.strings.get(&action.label_key()).to_string()),
            ])
        })
        .collect()
}

/// A message with a title (errors that stop a flow, import results).
pub fn render_message(area: Rect, buf: &mut Buffer, ctx: &Ctx, title: &str, lines: Vec<Line<'_>>) {
    let width = area.width.saturating_sub(6).min(74);
    boxed(area, buf, ctx, title, lines, width);
}
