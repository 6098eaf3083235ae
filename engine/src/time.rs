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
}

/// UTC ISO 8601 of milliseconds since the Unix epoch, as AWS prints
/// timestamps: `2026-01-01T00:01:30Z`, or `2026-01-01T00:01:30.000Z` with
/// `millis` (the query-protocol services and EventBridge).
pub fn utc_iso8601(epoch_ms: u64, millis: bool) -> String {
    let secs = epoch_ms / 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    let (h, min, s) = (rem / 3600, (rem / 60) % 60, rem % 60);
    if millis {
        format!(
            "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{:03}Z",
            epoch_ms % 1000
        )
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
    }
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, proleptic Gregorian).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl fmt::Display for SimTime {
    /// `T+01:02:03.004`: elapsed simulated time, for traces and the UI.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0 % 1000;
        let s = self.0 / 1000;
        write!(
            f,
            "T+{:02}:{:02}:{:02}.{:03}",
            s / 3600,
            (s / 60) % 60,
            s % 60,
            ms
        )
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
    fn formats_utc_timestamps() {
        assert_eq!(utc_iso8601(0, false), "1970-01-01T00:00:00Z");
        assert_eq!(
            utc_iso8601(1_767_225_600_000, false),
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(
            utc_iso8601(951_782_400_000 + 3_661_007, true),
            "2000-02-29T01:01:01.007Z"
        );
        assert_eq!(
            utc_iso8601(1_709_164_799_999, false),
            "2024-02-28T23:59:59Z"
        );
    }

    #[test]
    fn displays_elapsed_time() {
        assert_eq!(SimTime(3_723_004).to_string(), "T+01:02:03.004");
    }
}
