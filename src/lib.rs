//! chibo (Sổ chi bộ): the notebook of a Party cell's secretary.

pub mod assets;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod exchange;
pub mod i18n;
pub mod planning;
pub mod store;
pub mod tui;
pub mod vi;
