//! `next_policy` allocates nothing, with a history that owns its texts:
//! the decision, its action and its log lines only borrow the plan and the
//! history. Counted with a global allocator, in a binary of its own so no
//! other test allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use runner_config::policy::{Failure, LocalImage, Outcome, PullPlan, PullPolicy, next_policy};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller's obligations are the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn deciding_from_an_owned_history_allocates_nothing() {
    let policies = [PullPolicy::Always, PullPolicy::IfNotPresent];
    let plan = PullPlan::new("app:1", &policies, Ok(LocalImage::new("sha256:local")));
    // What a Docker client hands over: owned strings.
    let mut history = Vec::new();
    let mut text = String::with_capacity(64 * 1024);
    let mut decided = 0;
    loop {
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        let decision = next_policy(&plan, &history);
        let action = decision.action();
        let known = decision.known_outcome();
        for line in decision.log_lines() {
            writeln!(text, "{}", line.prefixed()).expect("writing to a String");
        }
        let allocated = ALLOCATIONS.load(Ordering::SeqCst) - before;
        assert_eq!(allocated, 0, "decision {decided}: {action:?}");
        decided += 1;
        if decision.is_final() {
            break;
        }
        let outcome = known.unwrap_or_else(|| {
            Outcome::Failed(Failure::pull(format!(
                "dial tcp 10.0.0.1:443: i/o timeout (call {decided})"
            )))
        });
        history.extend(decision.attempt(outcome));
    }
    assert_eq!(decided, 5, "{text}");
    assert!(text.contains("WARNING: Failed to pull image with policy \"always\": dial tcp 10.0.0.1:443: i/o timeout (call 3)"), "{text}");
}
