//! scaffold: generate real, runnable backend starter projects from one project spec.
//!
//! One straight line of values: [`cli`] turns the command line into a
//! [`generate::Request`]; [`generate`] resolves it into a [`generate::spec::Spec`], prepares a
//! [`generate::Prepared`] (template, target and the rendered plan, nothing written) and writes
//! it atomically. [`verify`] runs a written starter with its own toolchain and checks it with
//! the [`contract`] checker; [`process`] owns child processes and signals for both.

pub mod bench;
pub mod cli;
pub mod contract;
pub mod error;
pub mod generate;
pub mod process;
pub mod update;
pub mod verify;

pub use cli::run;
