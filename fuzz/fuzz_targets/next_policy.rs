//! Any policy list, local image and sequence of registry answers: the
//! Docker fallback loop (`next_policy`, then `simulate::docker_pull`) and
//! the Kubernetes cursor and pod loop end in bounded steps, never panic,
//! and end consistently with their history. See `fuzz/policy_oracle.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../policy_oracle.rs"]
mod policy_oracle;

fuzz_target!(|data: &[u8]| {
    policy_oracle::check_bytes(data);
});
