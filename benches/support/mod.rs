//! Shared by the bench binaries: run a closure several times, report median and minimum.

use std::time::{Duration, Instant};

/// Runs `f` `runs` times; returns (median, min, last result).
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (
        times[times.len() / 2],
        times[0],
        last.expect("at least one run"),
    )
}
