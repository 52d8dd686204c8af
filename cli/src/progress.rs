//! The progress line on standard error: carts done, carts per second and, when the input's size is known, the
//! time left (estimated from the bytes read so far). Shown only on a terminal and not with --quiet.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_millis(500);

pub struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    /// The input's size in bytes, when it is a file.
    total_bytes: Option<u64>,
}

impl Progress {
    pub fn new(quiet: bool, total_bytes: Option<u64>) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: now,
            last: now,
            total_bytes,
        }
    }

    /// Called after each batch written; redraws at most twice a second.
    pub fn update(&mut self, carts: u64, bytes: u64) {
        if !self.enabled || self.last.elapsed() < EVERY {
            return;
        }
        self.last = Instant::now();
        let line = status_line(carts, bytes, self.total_bytes, self.start.elapsed());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// Clears the line at the end.
    pub fn finish(&mut self) {
        if self.enabled {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

/// "1,234,567 carts  12,345 carts/s  ETA 1m05s".
pub fn status_line(carts: u64, bytes: u64, total: Option<u64>, elapsed: Duration) -> String {
    let ms = elapsed.as_millis().max(1) as u64;
    let rate = carts.saturating_mul(1000) / ms;
    let mut s = format!("{} carts  {} carts/s", thousands(carts), thousands(rate));
    if let Some(total) = total.filter(|&t| t > 0 && bytes > 0) {
        let left_ms = (total.saturating_sub(bytes) as u128 * ms as u128 / bytes as u128) as u64;
        s.push_str(&format!("  ETA {}", duration(left_ms / 1000)));
    }
    s
}

/// 1234567 -> "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 65 -> "1m05s", 3725 -> "1h02m05s", 7 -> "7s".
fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s:02}s"),
        _ => format!("{h}h{m:02}m{s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_done_rate_and_time_left() {
        // 20,000 carts in 2 s = 10,000/s; 1/4 of 4,000,000 bytes read in 2 s -> 6 s left.
        assert_eq!(
            status_line(20_000, 1_000_000, Some(4_000_000), Duration::from_secs(2)),
            "20,000 carts  10,000 carts/s  ETA 6s"
        );
        // Standard input: no size, no ETA. 1 of 3,600 bytes read in 2 s -> 3,599 x 2 s = 7,198 s left.
        assert_eq!(
            status_line(5, 10, None, Duration::from_secs(1)),
            "5 carts  5 carts/s"
        );
        assert_eq!(
            status_line(1, 1, Some(3_600), Duration::from_secs(2)),
            "1 carts  0 carts/s  ETA 1h59m58s"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(duration(65), "1m05s");
    }
}
