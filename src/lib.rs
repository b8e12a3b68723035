//! chibo (Sổ chi bộ): the notebook of a Party cell's secretary.

// Nothing a person or a file can influence may panic: no unwrap, expect or panic
// outside the tests (which may unwrap).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod assets;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod exchange;
pub mod i18n;
pub mod paperwork;
pub mod planning;
pub mod store;
pub mod tui;
pub mod vi;
