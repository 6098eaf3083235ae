//! Timestamps as AWS and its tools print them, from milliseconds (or, for
//! the AWS CLI's form, microseconds) since the Unix epoch, in UTC. One
//! formatter writes the date and time of day; the forms differ only in
//! what follows:
//!
//! | form | example | printed by |
//! |---|---|---|
//! | [`Precision::Seconds`] | `2026-01-01T00:01:30Z` | IAM, the EventBridge envelope's `time`, activity causes |
//! | [`Precision::Millis`] | `2026-01-01T00:01:30.000Z` | query-protocol services, EventBridge details |
//! | [`iso8601_python`] | `2026-01-01T00:01:30+00:00`, `…30.250000+00:00` | the AWS CLI (Python's `isoformat`) |
//! | [`http_date`] | `Thu, 01 Jan 2026 00:01:30 GMT` | HTTP `Date` headers |
//! | [`common_log`] | `01/Jan/2026:00:01:30 +0000` | nginx's `$time_local` |
//! | [`elapsed`] | `T+01:02:03`, `T+01:02:03.004` | simulated time since the start |
//!
//! The calendar is proleptic Gregorian ([`civil_from_days`],
//! [`days_from_civil`]: Howard Hinnant's algorithms).

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How much of the second an ISO 8601 timestamp ending in `Z` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `2026-01-01T00:01:30Z`.
    Seconds,
    /// `2026-01-01T00:01:30.000Z`.
    Millis,
}

/// UTC ISO 8601 of milliseconds since the Unix epoch, ending in `Z`.
pub fn iso8601(epoch_ms: u64, precision: Precision) -> String {
    let mut out = date_time((epoch_ms / 1000) as i64);
    if precision == Precision::Millis {
        out.push_str(&format!(".{:03}", epoch_ms % 1000));
    }
    out.push('Z');
    out
}

/// UTC ISO 8601 of microseconds since the Unix epoch (before it too) as
/// Python's `datetime.isoformat()` prints an aware UTC time, and so the
/// AWS CLI: `+00:00`, and six fraction digits only when there is a
/// fraction.
pub fn iso8601_python(epoch_micros: i64) -> String {
    let mut out = date_time(epoch_micros.div_euclid(1_000_000));
    let frac = epoch_micros.rem_euclid(1_000_000);
    if frac != 0 {
        out.push_str(&format!(".{frac:06}"));
    }
    out.push_str("+00:00");
    out
}

/// `Thu, 01 Jan 2026 00:01:30 GMT` (RFC 9110's IMF-fixdate).
pub fn http_date(epoch_ms: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let (y, m, d, time) = parts((epoch_ms / 1000) as i64);
    let weekday = DAYS[((epoch_ms / 86_400_000) % 7) as usize];
    format!("{weekday}, {d:02} {} {y:04} {time} GMT", month_name(m))
}

/// `01/Jan/2026:00:01:30 +0000`: the Common Log Format's time, as nginx
/// prints `$time_local` in a UTC container.
pub fn common_log(epoch_ms: u64) -> String {
    let (y, m, d, time) = parts((epoch_ms / 1000) as i64);
    format!("{d:02}/{}/{y:04}:{time} +0000", month_name(m))
}

/// `T+hh:mm:ss` of a span of milliseconds, with `.mmm` when `millis`
/// (hours are not folded into days).
pub fn elapsed(ms: u64, millis: bool) -> String {
    let s = ms / 1000;
    let clock = format!("T+{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
    if millis {
        format!("{clock}.{:03}", ms % 1000)
    } else {
        clock
    }
}

/// `YYYY-MM-DDThh:mm:ss` of seconds since the Unix epoch.
fn date_time(secs: i64) -> String {
    let (y, m, d, time) = parts(secs);
    format!("{y:04}-{m:02}-{d:02}T{time}")
}

/// Year, month, day and `hh:mm:ss` of seconds since the Unix epoch.
fn parts(secs: i64) -> (i64, i64, i64, String) {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let time = format!("{:02}:{:02}:{:02}", rem / 3600, (rem / 60) % 60, rem % 60);
    (y, m, d, time)
}

fn month_name(m: i64) -> &'static str {
    MONTHS[(m - 1).clamp(0, 11) as usize]
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

/// Days since 1970-01-01 of a (year, month, day): the inverse of
/// [`civil_from_days`].
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// 2000-02-29T00:00:00Z and 2026-01-01T00:00:00Z.
    const LEAP_DAY: u64 = 951_782_400_000;
    const NEW_YEAR_2026: u64 = 1_767_225_600_000;

    #[test]
    fn iso8601_of_known_dates() {
        use Precision::{Millis, Seconds};
        assert_eq!(iso8601(0, Seconds), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(0, Millis), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(NEW_YEAR_2026, Seconds), "2026-01-01T00:00:00Z");
        assert_eq!(
            iso8601(NEW_YEAR_2026 + 90_000, Millis),
            "2026-01-01T00:01:30.000Z"
        );
        assert_eq!(iso8601(LEAP_DAY, Seconds), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(LEAP_DAY, Millis), "2000-02-29T00:00:00.000Z");
        assert_eq!(
            iso8601(LEAP_DAY + 3_661_007, Millis),
            "2000-02-29T01:01:01.007Z"
        );
        // Seconds are cut, not rounded.
        assert_eq!(
            iso8601(LEAP_DAY + 3_661_999, Seconds),
            "2000-02-29T01:01:01Z"
        );
        assert_eq!(iso8601(1_709_164_799_999, Seconds), "2024-02-28T23:59:59Z");
        assert_eq!(iso8601(LEAP_DAY - 1, Millis), "2000-02-28T23:59:59.999Z");
    }

    #[test]
    fn python_form_as_the_aws_cli_prints() {
        assert_eq!(iso8601_python(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            iso8601_python(NEW_YEAR_2026 as i64 * 1000 + 250_000),
            "2026-01-01T00:00:00.250000+00:00"
        );
        assert_eq!(
            iso8601_python(LEAP_DAY as i64 * 1000),
            "2000-02-29T00:00:00+00:00"
        );
        assert_eq!(iso8601_python(-1), "1969-12-31T23:59:59.999999+00:00");
    }

    #[test]
    fn http_and_log_dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            http_date(NEW_YEAR_2026 + 90_000),
            "Thu, 01 Jan 2026 00:01:30 GMT"
        );
        assert_eq!(http_date(LEAP_DAY), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(
            common_log(NEW_YEAR_2026 + 90_000),
            "01/Jan/2026:00:01:30 +0000"
        );
        assert_eq!(
            common_log(LEAP_DAY + 86_399_000),
            "29/Feb/2000:23:59:59 +0000"
        );
        assert_eq!(common_log(1_772_694_489_000), "05/Mar/2026:07:08:09 +0000");
    }

    #[test]
    fn elapsed_clocks() {
        assert_eq!(elapsed(3_723_004, true), "T+01:02:03.004");
        assert_eq!(elapsed(3_723_004, false), "T+01:02:03");
        assert_eq!(elapsed(0, true), "T+00:00:00.000");
        assert_eq!(elapsed(100 * 3_600_000, false), "T+100:00:00");
    }

    #[test]
    fn calendar_round_trips() {
        for days in [-1, 0, 59, 60, 365, 10_957, 11_016, 20_454, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
