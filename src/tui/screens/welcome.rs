//! First start: an empty database offers to create the first cell or to load
//! the demo.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::Effect;
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
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
        let option = |n: usize, key: &str| {
            let marker = if self.selected == n { "▶ " } else { "  " };
            let style = if self.selected == n {
                t.selected
            } else {
                t.base
            };
            Line::from(vec![
                Span::styled(marker, t.key),
                Span::styled(format!("{}. {}", n + 1, ctx.t(key)), style),
            ])
        };
        let lines = vec![
            Line::from(Span::styled(ctx.t("welcome.heading"), t.title)),
            Line::from(""),
            Line::from(ctx.t("welcome.intro")),
            Line::from(""),
            option(0, "welcome.create"),
            option(1, "welcome.demo"),
            Line::from(""),
            Line::from(Span::styled(ctx.t("welcome.hint"), t.muted)),
        ];
        let width = area.width.saturating_sub(4).min(70);
        let box_area = centered(area, width, 12);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(box_area, buf);
    }
}
