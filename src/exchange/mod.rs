//! What is moved in and out of chibo: JSON export/import (and, later, CSV).

pub mod json;
pub mod members_csv;
pub mod output;
