//! Widgets shared by the screens.

pub mod filter;
pub mod form;
pub mod list_frame;
pub mod popup;
pub mod reader;
pub mod table;
