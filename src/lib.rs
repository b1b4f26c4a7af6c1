//! stagecraft: a terminal wizard and a scriptable CLI that write production-grade multi-stage Dockerfiles.
#![deny(clippy::unwrap_used)]

pub mod answers;
pub mod arena;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod compat;
pub mod compose;
pub mod detect;
pub mod dockerfile;
pub mod eol;
pub mod error;
pub mod field_error;
pub mod fields;
pub mod fsread;
pub mod output;
pub mod plan;
pub mod port;
pub mod probe;
pub mod project_files;
pub mod resolve;
pub mod template;
pub mod validate;
pub mod wizard;
pub mod write;
