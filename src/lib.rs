//! scaffold: generate real, runnable backend starter projects from one project spec.
//!
//! The pipeline is `cli` -> `spec` -> `render` (a plan in memory) -> `write`; `verify` runs
//! a written starter with its own toolchain and checks it against the HTTP contract.

pub mod bakeoff;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod context;
pub mod contract;
pub mod error;
pub mod escape;
pub mod generate;
pub mod git;
pub mod interrupt;
pub mod list;
pub mod manifest;
pub mod names;
pub mod process;
pub mod prompt;
pub mod render;
pub mod secrets;
pub mod spec;
pub mod verify;
pub mod write;
