//! chibo (Sổ chi bộ): the notebook of a Party cell's secretary.

pub mod clock;
pub mod domain;
pub mod store;
pub mod vi;
