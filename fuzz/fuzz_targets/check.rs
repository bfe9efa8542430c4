//! Any text: `check()` never panics, every span lies inside the text on
//! character boundaries, no finding repeats a token's value, and miette's
//! graphical renderer draws every finding. See `fuzz/oracle.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

// Shared by `check` and `round_trip`: each uses its own part.
#[allow(dead_code)]
#[path = "../oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        oracle::check_text(text);
    }
});
