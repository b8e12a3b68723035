//! chibo (Sổ chi bộ): the notebook of a Party cell's secretary.

pub mod domain;
pub mod vi;
