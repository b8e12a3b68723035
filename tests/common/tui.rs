//! Drives the app with semantic keys and reads the drawn buffer as text.

use chibo::clock::Clock;
use chibo::i18n::{Lang, Strings};
use chibo::store::Store;
use chibo::tui::keymap::Keymap;
use chibo::tui::theme::Theme;
use chibo::tui::{App, Ctx};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use ratatui::layout::Rect;

pub struct Harness {
    pub app: App,
    pub width: u16,
    pub height: u16,
}

pub fn ctx(lang: Lang, clock: Clock) -> Ctx {
    Ctx {
        strings: Strings::load(lang),
        theme: Theme::new(false),
        keymap: Keymap::load().unwrap(),
        clock,
    }
}

impl Harness {
    pub fn new(store: Store, lang: Lang, width: u16, height: u16) -> Harness {
        let clock = store.clock();
        let mut app = App::new(store, ctx(lang, clock));
        app.handle_event(&Event::Resize(width, height));
        Harness { app, width, height }
    }

    pub fn demo(lang: Lang, width: u16, height: u16) -> Harness {
        Harness::new(super::demo_memory(), lang, width, height)
    }

    pub fn empty(lang: Lang, width: u16, height: u16) -> Harness {
        Harness::new(
            Store::open_in_memory(super::clock()).unwrap(),
            lang,
            width,
            height,
        )
    }

    pub fn store(&self) -> &Store {
        self.app.store()
    }

    pub fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let event = KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        };
        self.app.handle_event(&Event::Key(event));
        self.app.run_pending();
    }

    /// Types keys: plain characters, and <enter> <esc> <tab> <backtab> <up>
    /// <down> <left> <right> <bs> <del> <ins> <home> <end> <space> <f1>…<f12>
    /// <c-x> for Ctrl-x.
    pub fn keys(&mut self, spec: &str) {
        let mut rest = spec;
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(end) = rest.find('>')
            {
                let token = &rest[1..end];
                if let Some((code, mods)) = token_key(token) {
                    self.key(code, mods);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.key(KeyCode::Char(c), mods);
            rest = &rest[c.len_utf8()..];
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.app.handle_event(&Event::Paste(text.to_string()));
    }

    /// The screen as lines of text, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        let area = Rect::new(0, 0, self.width, self.height);
        let mut buf = Buffer::empty(area);
        self.app.render(area, &mut buf);
        let mut out = String::new();
        for y in 0..self.height {
            let mut line = String::new();
            for x in 0..self.width {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        self.app.handle_event(&Event::Resize(width, height));
    }
}

fn token_key(token: &str) -> Option<(KeyCode, KeyModifiers)> {
    let none = KeyModifiers::NONE;
    if let Some(c) = token.strip_prefix("c-") {
        let ch = c.chars().next()?;
        return Some((KeyCode::Char(ch), KeyModifiers::CONTROL));
    }
    Some(match token {
        "enter" => (KeyCode::Enter, none),
        "esc" => (KeyCode::Esc, none),
        "tab" => (KeyCode::Tab, none),
        "backtab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "up" => (KeyCode::Up, none),
        "down" => (KeyCode::Down, none),
        "left" => (KeyCode::Left, none),
        "right" => (KeyCode::Right, none),
        "bs" => (KeyCode::Backspace, none),
        "del" => (KeyCode::Delete, none),
        "ins" => (KeyCode::Insert, none),
        "home" => (KeyCode::Home, none),
        "end" => (KeyCode::End, none),
        "space" => (KeyCode::Char(' '), none),
        f if f.starts_with('f') && f.len() > 1 => (KeyCode::F(f[1..].parse().ok()?), none),
        _ => return None,
    })
}
