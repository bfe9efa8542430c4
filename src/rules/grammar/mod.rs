//! Small, pure ports of the value grammars GitLab Runner (and the Go
//! libraries it calls) apply to `config.toml` settings when it uses them.
//!
//! Each parser answers exactly what the runner's code answers for the
//! strings it judges; where reproducing a library exactly is out of
//! reach, it declines to judge (`None`) rather than risk a false error.

pub(crate) mod docker_gpus;
pub(crate) mod docker_volume;
pub(crate) mod go_float;
pub(crate) mod go_net;
pub(crate) mod go_rat;
pub(crate) mod go_units;
pub(crate) mod k8s_names;
pub(crate) mod quantity;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn parsers_never_panic(s in "(?s).{0,24}", ascii in "[ -~]{0,24}") {
            for input in [s.as_str(), ascii.as_str()] {
                let _ = super::go_float::parse_float(input);
                let _ = super::go_units::ram_in_bytes(input);
                let _ = super::go_rat::rat_set_string(input);
                let _ = super::quantity::parse_quantity(input);
                let _ = super::docker_volume::parse_linux_volume(input);
                let _ = super::docker_gpus::check_gpus(input);
                let _ = super::go_net::split_host_port(input);
                let _ = super::go_net::classify_port(input);
                let _ = super::go_net::parse_mac(input);
                let _ = super::go_net::parse_ip(input);
                let _ = super::k8s_names::is_dns1123_subdomain(input);
            }
        }
    }
}
