//! The CLI test suite: one binary, one module per area.

mod helpers;

mod new;
mod parse;
mod safety;
