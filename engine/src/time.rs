//! Simulated time. The engine owns it: it moves only when [`crate::Sim::advance`]
//! is called, never with the wall clock.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Milliseconds since the start of the simulation.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// A span of simulated time in milliseconds.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimDuration(pub u64);

impl SimDuration {
    pub const fn millis(ms: u64) -> Self {
        SimDuration(ms)
    }
    pub const fn seconds(s: u64) -> Self {
        SimDuration(s * 1000)
    }
    pub const fn minutes(m: u64) -> Self {
        SimDuration(m * 60_000)
    }
    pub const fn hours(h: u64) -> Self {
        SimDuration(h * 3_600_000)
    }
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Parses `90s`, `15m`, `2h`, `500ms`, `1d` or a bare number of seconds.
    pub fn parse(text: &str) -> Option<SimDuration> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, unit) = text.split_at(split);
        let n: u64 = digits.parse().ok()?;
        let ms_per_unit = match unit {
            "ms" => 1,
            "" | "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
        n.checked_mul(ms_per_unit).map(SimDuration)
    }

    /// The duration for people, largest unit first: `1h30m`, `90s` →
    /// `1m30s`, `250ms`, `0s`.
    pub fn label(self) -> String {
        let mut ms = self.0;
        let mut out = String::new();
        for (unit, size) in [
            ("d", 86_400_000),
            ("h", 3_600_000),
            ("m", 60_000),
            ("s", 1000),
        ] {
            if ms >= size {
                out.push_str(&format!("{}{unit}", ms / size));
                ms %= size;
            }
        }
        if ms > 0 || out.is_empty() {
            out.push_str(&if out.is_empty() && ms == 0 {
                "0s".to_owned()
            } else {
                format!("{ms}ms")
            });
        }
        out
    }
}

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn saturating_add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
    /// Seconds since the Unix epoch for AWS timestamps, given when the
    /// simulation started.
    pub fn epoch_seconds(self, start_epoch_ms: u64) -> f64 {
        (start_epoch_ms + self.0) as f64 / 1000.0
    }
    /// Milliseconds since the Unix epoch, given when the simulation
    /// started.
    pub fn epoch_ms(self, start_epoch_ms: u64) -> u64 {
        start_epoch_ms.saturating_add(self.0)
    }
}

impl fmt::Display for SimTime {
    /// `T+01:02:03.004`: elapsed simulated time, for traces and the UI.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::base::time::elapsed(self.0, true))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn labels_durations() {
        assert_eq!(SimDuration::seconds(90).label(), "1m30s");
        assert_eq!(SimDuration::hours(25).label(), "1d1h");
        assert_eq!(SimDuration::millis(1250).label(), "1s250ms");
        assert_eq!(SimDuration(0).label(), "0s");
        assert_eq!(SimDuration::millis(7).label(), "7ms");
    }

    #[test]
    fn parses_durations_with_units() {
        assert_eq!(SimDuration::parse("90s"), Some(SimDuration::seconds(90)));
        assert_eq!(SimDuration::parse("15m"), Some(SimDuration::minutes(15)));
        assert_eq!(SimDuration::parse("2h"), Some(SimDuration::hours(2)));
        assert_eq!(SimDuration::parse("250ms"), Some(SimDuration::millis(250)));
        assert_eq!(SimDuration::parse("1d"), Some(SimDuration::hours(24)));
        assert_eq!(SimDuration::parse("42"), Some(SimDuration::seconds(42)));
        assert_eq!(SimDuration::parse("1.5h"), None);
        assert_eq!(SimDuration::parse("h"), None);
        assert_eq!(SimDuration::parse("99999999999999999999d"), None);
    }

    #[test]
    fn displays_elapsed_time() {
        assert_eq!(SimTime(3_723_004).to_string(), "T+01:02:03.004");
    }
}
