//! The CLI test suite: one binary, one module per area.

mod helpers;

mod bench;
mod e2e;
mod manners;
mod new;
mod parse;
mod prompt;
mod safety;
mod template;
mod update;
