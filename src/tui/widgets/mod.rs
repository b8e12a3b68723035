//! Widgets shared by the screens.

pub mod filter;
pub mod form;
pub mod popup;
pub mod reader;
pub mod table;
