//! The 16 named colours on the terminal's own background; with NO_COLOR only
//! bold, reverse and underline. State is never shown by colour alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub header: Style,
    pub selected: Style,
    pub muted: Style,
    pub key: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub focus: Style,
    pub border: Style,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        if !color {
            return Theme {
                base: Style::default(),
                title: Style::default().add_modifier(Modifier::BOLD),
                header: Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                muted: Style::default(),
                key: Style::default().add_modifier(Modifier::BOLD),
                ok: Style::default(),
                warn: Style::default().add_modifier(Modifier::BOLD),
                error: Style::default().add_modifier(Modifier::BOLD),
                focus: Style::default().add_modifier(Modifier::UNDERLINED),
                border: Style::default(),
            };
        }
        Theme {
            base: Style::default(),
            title: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            header: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            muted: Style::default().fg(Color::DarkGray),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
            warn: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            focus: Style::default().fg(Color::Cyan),
            border: Style::default().fg(Color::Gray),
        }
    }

    /// Colour unless NO_COLOR is set (to anything).
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_none())
    }
}
