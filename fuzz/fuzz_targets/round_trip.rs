//! Any text the loader accepts, written back from its model with `toml`,
//! loads again to an equal model, with no error and no warning about its
//! TOML. See `round_trip_text` in `fuzz/oracle.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

// Shared by `check` and `round_trip`: each uses its own part.
#[allow(dead_code)]
#[path = "../oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        oracle::round_trip_text(text);
    }
});
