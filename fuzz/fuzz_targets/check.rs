//! Any text: checking it must never panic, and every span must lie inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let report = runner_config::check::check("fuzz.toml", text);
        for d in &report.diagnostics {
            if let Some(span) = d.span() {
                assert!(span.start <= span.end && span.end <= text.len());
            }
        }
    }
});
