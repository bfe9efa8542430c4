//! `shared/`, the reference material kept beside the crate (the real-config
//! corpus, the runner's key inventory), and what a test does without it: a
//! clone of the repository alone has none, and its `cargo test` passes,
//! saying once per test binary which tests it skipped and why.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

/// `shared/<relative>` in the nearest directory above the crate that has
/// it (`../shared` beside the crate, or one level up from a worktree).
pub fn shared(relative: &str) -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared").join(relative))
        .find(|path| path.exists())
}

/// Whether a test that needs `shared/<relative>` (`what` it is) must be
/// skipped: `true` when it is absent, after saying so on standard error,
/// once per test binary and missing path. Written to the stream itself, so
/// the test harness's output capture does not swallow it.
pub fn skip_without(relative: &str, what: &str) -> bool {
    if shared(relative).is_some() {
        return false;
    }
    static SAID: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let first = SAID
        .lock()
        .map_or(true, |mut said| said.insert(relative.to_owned()));
    if first {
        let _ = writeln!(
            std::io::stderr(),
            "note: skipping the tests that need {what}: shared/{relative} is not beside \
             this crate (README, \"Development\", says what ../shared adds)"
        );
    }
    true
}
