//! The lints, and the catalogue of every diagnostic code the crate emits.

use crate::Rule;

pub mod file_mode;

/// Every rule, loader diagnostics first, each code once.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    crate::load::codes::RULES
        .iter()
        .copied()
        .chain([&file_mode::CONFIG_FILE_PERMISSIONS])
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.code == code)
}
