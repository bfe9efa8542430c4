//! Any TOML value as `pull_policy`: decoding never panics, and what decodes
//! serializes back to an equal list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use runner_config::policy::PullPolicyList;

#[derive(serde::Deserialize, serde::Serialize)]
struct Holder {
    pull_policy: PullPolicyList,
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(holder) = toml::from_str::<Holder>(text) {
        let back = toml::to_string(&holder).expect("a decoded list serializes");
        let again: Holder = toml::from_str(&back).expect("what we write, we read");
        assert_eq!(again.pull_policy, holder.pull_policy);
    }
});
