//! First start: an empty database offers to create the first cell or to load
//! the demo.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Effect;
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::wrap_hanging;
use crate::tui::widgets::popup::centered;

#[derive(Debug, Default)]
pub struct Welcome {
    selected: usize,
}

impl Welcome {
    pub fn handle(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Up | Action::Down => {
                self.selected = 1 - self.selected;
                vec![]
            }
            Action::ChooseFirst => vec![Effect::form(RegistryForm::Cell { id: None })],
            Action::ChooseSecond => vec![Effect::LoadDemo],
            Action::Open if self.selected == 0 => {
                vec![Effect::form(RegistryForm::Cell { id: None })]
            }
            Action::Open => vec![Effect::LoadDemo],
            Action::Quit | Action::ForceQuit => vec![Effect::Quit],
            Action::Help => vec![Effect::Help],
            _ => vec![],
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let width = area.width.saturating_sub(4).min(70);
        let w = usize::from(width);
        let mut lines = Vec::new();
        let mut say = |text: &str, style| {
            lines.extend(wrap_hanging(Vec::new(), text, style, w));
        };
        say(ctx.t("welcome.heading"), t.title);
        say("", t.base);
        say(ctx.t("welcome.intro"), t.base);
        say("", t.base);
        for (n, key) in ["welcome.create", "welcome.demo"].into_iter().enumerate() {
            let chosen = self.selected == n;
            let marker = if chosen { "▶ " } else { "  " };
            let style = if chosen { t.selected } else { t.base };
            // The choice wraps under its own text, not under its number.
            let lead = vec![
                Span::styled(marker, t.key),
                Span::styled(format!("{}. ", n + 1), style),
            ];
            lines.extend(wrap_hanging(lead, ctx.t(key), style, w));
        }
        lines.push(Line::from(""));
        lines.extend(wrap_hanging(Vec::new(), ctx.t("welcome.hint"), t.muted, w));
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        Paragraph::new(lines).render(centered(area, width, height), buf);
    }
}
