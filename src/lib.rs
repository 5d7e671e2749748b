//! scaffold: generate real, runnable backend starter projects from one project spec.
//!
//! One straight line of values: [`cli`] turns the command line into a
//! [`generate::Request`]; [`generate`] resolves it into a [`generate::spec::Spec`], prepares a
//! [`generate::Prepared`] (template, target and the rendered plan, nothing written) and writes
//! it atomically. [`verify`] runs a written starter with its own toolchain and checks it with
//! the [`contract`] checker; [`process`] owns child processes and signals for both.

pub mod bench;
pub(crate) mod cli;
pub(crate) mod contract;
pub(crate) mod error;
pub mod generate;
pub(crate) mod process;
pub(crate) mod update;
pub(crate) mod verify;

pub use cli::run;
