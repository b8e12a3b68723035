//! Read-only context every screen renders with.

use super::keymap::Keymap;
use super::theme::Theme;
use crate::clock::Clock;
use crate::i18n::Strings;

pub struct Ctx {
    pub strings: Strings,
    pub theme: Theme,
    pub keymap: Keymap,
    pub clock: Clock,
}

impl Ctx {
    /// Shorthand for a UI string.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key)
    }
}
