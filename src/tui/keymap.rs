//! Keys as data: `assets/keymap.toml` binds keys to actions per screen; the
//! footer and the help popup are generated from it, so they cannot drift from
//! what the keys do.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

const KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// A key with its modifiers, as written in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// Parses "a", "G", "/", "enter", "ctrl-s", "f2" …
    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            c => {
                let mut chars = c.chars();
                let ch = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(ch)
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key of a terminal event. Shift is carried by the character itself.
    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// How the key is shown in the footer and the help.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Insert => "Ins".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".to_string(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{}", base.to_uppercase()),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Bindings of one section, in the order of the actions.
pub type Section = BTreeMap<Action, Vec<Key>>;

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    sections: BTreeMap<String, Section>,
    /// Per section, the actions its footer offers, most important first.
    footers: BTreeMap<String, Vec<Action>>,
}

impl Keymap {
    /// The compiled-in keymap; an error names the bad entry (a build defect the
    /// tests catch).
    pub fn load() -> Result<Keymap, String> {
        Keymap::parse(KEYMAP)
    }

    pub fn parse(source: &str) -> Result<Keymap, String> {
        let mut raw: BTreeMap<String, BTreeMap<String, Vec<String>>> =
            toml::from_str(source).map_err(|e| e.to_string())?;
        let mut footers = BTreeMap::new();
        for (name, actions) in raw.remove("footer").unwrap_or_default() {
            let actions = actions
                .iter()
                .map(|a| {
                    a.parse()
                        .map_err(|_| format!("[footer] {name}: unknown action {a}"))
                })
                .collect::<Result<Vec<Action>, _>>()?;
            footers.insert(name, actions);
        }
        let mut sections = BTreeMap::new();
        for (name, bindings) in raw {
            let mut section = Section::new();
            for (action, keys) in bindings {
                let action: Action = action
                    .parse()
                    .map_err(|_| format!("[{name}] unknown action {action}"))?;
                let keys = keys
                    .iter()
                    .map(|k| Key::parse(k).ok_or_else(|| format!("[{name}] bad key {k:?}")))
                    .collect::<Result<Vec<_>, _>>()?;
                section.insert(action, keys);
            }
            sections.insert(name, section);
        }
        for (name, actions) in &footers {
            if !sections.contains_key(name) {
                return Err(format!("[footer] {name}: no such section"));
            }
            let bound = |a: &Action| sections.values().any(|s: &Section| s.contains_key(a));
            if let Some(a) = actions.iter().find(|a| !bound(a)) {
                return Err(format!("[footer] {name}: {} is bound nowhere", a.code()));
            }
        }
        Ok(Keymap { sections, footers })
    }

    /// The actions the footer of `section` offers, most important first.
    pub fn footer(&self, section: &str) -> &[Action] {
        self.footers.get(section).map_or(&[], Vec::as_slice)
    }

    /// The action of a key, looking through `sections` in order.
    pub fn action(&self, sections: &[&str], event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        sections.iter().find_map(|name| {
            self.sections.get(*name).and_then(|section| {
                section
                    .iter()
                    .find(|(_, keys)| keys.contains(&key))
                    .map(|(action, _)| *action)
            })
        })
    }

    /// Every binding visible through `sections`, each action once (the first
    /// section that binds it wins), in action order.
    pub fn bindings(&self, sections: &[&str]) -> Vec<(Action, Vec<Key>)> {
        let mut seen = BTreeMap::new();
        for name in sections {
            if let Some(section) = self.sections.get(*name) {
                for (action, keys) in section {
                    seen.entry(*action).or_insert_with(|| keys.clone());
                }
            }
        }
        seen.into_iter().collect()
    }

    /// The keys of an action, for hints written in prose.
    pub fn keys_of(&self, sections: &[&str], action: Action) -> String {
        self.bindings(sections)
            .into_iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| keys.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn compiled_keymap_parses() {
        let keymap = Keymap::load().unwrap();
        assert!(keymap.sections.contains_key("global"));
        assert!(keymap.sections.contains_key("members"));
    }

    #[test]
    fn screen_section_comes_before_global() {
        let keymap = Keymap::load().unwrap();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(&["members", "list", "global"], &q),
            Some(Action::Quit)
        );
        let a = press(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(&["members", "list", "global"], &a),
            Some(Action::Add)
        );
        let ins = press(KeyCode::Insert, KeyModifiers::NONE);
        assert_eq!(
            keymap.action(&["members", "list", "global"], &ins),
            Some(Action::Add)
        );
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(&["list"], &big_g), Some(Action::Bottom));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(&["global"], &ctrl_c), Some(Action::ForceQuit));
    }

    #[test]
    fn every_letter_action_has_a_non_letter_twin() {
        let keymap = Keymap::load().unwrap();
        for (name, section) in &keymap.sections {
            if name == "confirm" {
                continue; // y/n also answer to Enter/Esc
            }
            for (action, keys) in section {
                let letter_only = keys
                    .iter()
                    .all(|k| matches!(k.code, KeyCode::Char(c) if c.is_alphabetic()) && !k.ctrl);
                assert!(!letter_only, "[{name}] {action:?} has only letter keys");
            }
        }
    }

    /// The section chains the screens use: no key may mean two things.
    #[test]
    fn no_key_is_bound_twice_on_a_screen() {
        let keymap = Keymap::load().unwrap();
        let chains: &[&[&str]] = &[
            &["welcome", "global"],
            &["cells", "list", "global"],
            &["members", "list", "global"],
            &["meetings", "list", "global"],
            &["agenda", "global"],
            &["live", "global"],
            &["proceedings", "global"],
            &["member", "global"],
            &["form"],
            &["confirm"],
            &["import", "global"],
        ];
        for chain in chains {
            let mut seen: std::collections::HashMap<Key, Action> = std::collections::HashMap::new();
            for (action, keys) in keymap.bindings(chain) {
                for key in keys {
                    if let Some(other) = seen.insert(key, action) {
                        panic!(
                            "{chain:?}: {} is bound to {other:?} and {action:?}",
                            key.label()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn bad_entries_are_reported() {
        assert!(
            Keymap::parse("[x]\nfly = [\"a\"]")
                .unwrap_err()
                .contains("fly")
        );
        assert!(
            Keymap::parse("[x]\nquit = [\"nokey\"]")
                .unwrap_err()
                .contains("nokey")
        );
    }

    #[test]
    fn labels() {
        assert_eq!(Key::parse("ctrl-s").unwrap().label(), "Ctrl-S");
        assert_eq!(Key::parse("f2").unwrap().label(), "F2");
        assert_eq!(Key::parse("/").unwrap().label(), "/");
    }
}
