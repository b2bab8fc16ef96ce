//! Headless subcommands of the `faultline` binary.

pub mod build_maps;
pub mod check;
pub mod export;
pub mod render;
