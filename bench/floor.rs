//! The parse-only floor of `bench/compare`: reads a file and parses it with
//! `toml::from_str` into a `toml::Table`, nothing else. Built from the
//! crate's own `toml`, with the same profile as `runner-config`, so the
//! ratio of `check` to it is what checking costs beyond reading the TOML.
//!
//! `cargo run --release --example toml-floor -- FILE`; exits 1 if the file
//! is not valid TOML.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: toml-floor FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            std::process::exit(2);
        }
    };
    match toml::from_str::<toml::Table>(&text) {
        Ok(table) => println!("{} top-level keys", table.len()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
