//! `cargo run --release --example bench-fleet -- N [EVERY]` prints the
//! benchmark file of `N` runners, one in `EVERY` (20 unless given) with a
//! mistake (see `bench/fleet.rs`).

#[path = "fleet.rs"]
mod fleet;

fn main() {
    let runners = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let every = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(fleet::MISTAKE_EVERY);
    print!("{}", fleet::generate_with(runners, every));
}
