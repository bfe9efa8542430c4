//! The typed `config.toml`: one module per section.

#[macro_use]
pub mod shape;
