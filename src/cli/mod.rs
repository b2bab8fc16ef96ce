//! Headless subcommands of the `faultline` binary.

pub mod build_maps;
pub mod check;
pub mod draft;
pub mod export;
pub mod import;
pub mod render;
