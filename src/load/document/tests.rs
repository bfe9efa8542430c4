//! The builder against BurntSushi/toml v1.6.0's behaviour.
