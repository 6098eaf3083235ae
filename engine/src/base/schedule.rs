//! Schedules: when a scheduled action fires. Knows no service; the callers
//! wrap the messages in their own errors.
//!
//! | form | parsed by | used by |
//! |---|---|---|
//! | `at(yyyy-mm-ddThh:mm:ss)` | [`Schedule::parse`] | Application Auto Scaling (F8.6) |
//! | `rate(value unit)` (minute\|minutes\|hour\|hours\|day\|days) | [`Schedule::parse`] | Application Auto Scaling |
//! | `cron(Minutes Hours Day-of-month Month Day-of-week Year)` | [`Schedule::parse`] | Application Auto Scaling |
//! | `Minute Hour Day-of-month Month Day-of-week` (Unix cron) | [`Cron::parse_unix`] | EC2 Auto Scaling's `Recurrence` |
//!
//! The six-field cron is AWS's (EventBridge's) form: `*`, `,`, `-`, `/`
//! everywhere; `?` in day-of-month or day-of-week (exactly one of the two
//! must be `?`); `L`, `W` and `LW` in day-of-month (last day, nearest
//! weekday, last weekday); `L`, `nL` and `n#k` in day-of-week (Saturday, the
//! last weekday n, the k-th weekday n); months 1–12 or JAN–DEC, days of the
//! week 1–7 or SUN–SAT (1 is Sunday); years 1970–2199. The five-field Unix
//! form has days of the week 0–7 (0 and 7 are Sunday) and, as cron does,
//! matches a day when either day field matches if both are restricted.
//! A range may wrap (`FRI-MON`). The finest resolution is a minute.
//!
//! Time zones: the engine has no tz database, so [`zone`] knows a compact
//! table of common IANA zones with their standard offset and **current**
//! daylight-saving rule (MODEL: no history; United States, European Union,
//! south-eastern Australia, New Zealand, or none) and `Etc/GMT±N`. A local
//! time that a spring-forward skips is taken as the same wall time after
//! the shift (02:30 → 03:30); one that a fall-back repeats is the earlier of
//! the two (MODEL: java.time's `ZonedDateTime.of`, which AWS's Java services
//! use).

use crate::base::time::{civil_from_days, days_from_civil};

/// The last year a cron expression may name (AWS's year range).
pub const MAX_YEAR: i64 = 2199;
pub const MIN_YEAR: i64 = 1970;
const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

// ------------------------------------------------------------- zones ---

/// A daylight-saving rule (the current one; MODEL, no history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dst {
    /// Second Sunday of March 02:00 local to first Sunday of November 02:00.
    Us,
    /// Last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC.
    Eu,
    /// First Sunday of October 02:00 to first Sunday of April 03:00 (DST).
    Au,
    /// Last Sunday of September 02:00 to first Sunday of April 03:00 (DST).
    Nz,
}

/// A time zone: its standard offset from UTC and its daylight-saving rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    /// Seconds east of UTC outside daylight saving.
    pub std_offset: i64,
    dst: Option<Dst>,
}

/// MODEL: the IANA zones the simulator knows, with standard offsets in
/// minutes and their current daylight-saving rule.
const ZONES: &[(&str, i64, Option<Dst>)] = &[
    ("UTC", 0, None),
    ("Etc/UTC", 0, None),
    ("Etc/GMT", 0, None),
    ("GMT", 0, None),
    ("Europe/London", 0, Some(Dst::Eu)),
    ("Europe/Dublin", 0, Some(Dst::Eu)),
    ("Europe/Lisbon", 0, Some(Dst::Eu)),
    ("Europe/Paris", 60, Some(Dst::Eu)),
    ("Europe/Berlin", 60, Some(Dst::Eu)),
    ("Europe/Madrid", 60, Some(Dst::Eu)),
    ("Europe/Amsterdam", 60, Some(Dst::Eu)),
    ("Europe/Brussels", 60, Some(Dst::Eu)),
    ("Europe/Rome", 60, Some(Dst::Eu)),
    ("Europe/Vienna", 60, Some(Dst::Eu)),
    ("Europe/Zurich", 60, Some(Dst::Eu)),
    ("Europe/Stockholm", 60, Some(Dst::Eu)),
    ("Europe/Oslo", 60, Some(Dst::Eu)),
    ("Europe/Copenhagen", 60, Some(Dst::Eu)),
    ("Europe/Warsaw", 60, Some(Dst::Eu)),
    ("Europe/Prague", 60, Some(Dst::Eu)),
    ("Europe/Athens", 120, Some(Dst::Eu)),
    ("Europe/Helsinki", 120, Some(Dst::Eu)),
    ("Europe/Istanbul", 180, None),
    ("Europe/Moscow", 180, None),
    ("America/New_York", -300, Some(Dst::Us)),
    ("America/Toronto", -300, Some(Dst::Us)),
    ("America/Chicago", -360, Some(Dst::Us)),
    ("America/Denver", -420, Some(Dst::Us)),
    ("America/Phoenix", -420, None),
    ("America/Los_Angeles", -480, Some(Dst::Us)),
    ("America/Vancouver", -480, Some(Dst::Us)),
    ("America/Anchorage", -540, Some(Dst::Us)),
    ("Pacific/Honolulu", -600, None),
    ("America/Mexico_City", -360, None),
    ("America/Bogota", -300, None),
    ("America/Lima", -300, None),
    ("America/Sao_Paulo", -180, None),
    ("America/Argentina/Buenos_Aires", -180, None),
    ("Africa/Johannesburg", 120, None),
    ("Africa/Lagos", 60, None),
    ("Africa/Nairobi", 180, None),
    ("Asia/Dubai", 240, None),
    ("Asia/Kolkata", 330, None),
    ("Asia/Bangkok", 420, None),
    ("Asia/Jakarta", 420, None),
    ("Asia/Singapore", 480, None),
    ("Asia/Hong_Kong", 480, None),
    ("Asia/Shanghai", 480, None),
    ("Asia/Taipei", 480, None),
    ("Asia/Seoul", 540, None),
    ("Asia/Tokyo", 540, None),
    ("Australia/Perth", 480, None),
    ("Australia/Brisbane", 600, None),
    ("Australia/Adelaide", 570, Some(Dst::Au)),
    ("Australia/Sydney", 600, Some(Dst::Au)),
    ("Australia/Melbourne", 600, Some(Dst::Au)),
    ("Australia/Hobart", 600, Some(Dst::Au)),
    ("Pacific/Auckland", 720, Some(Dst::Nz)),
];

/// UTC.
pub const UTC: Zone = Zone {
    std_offset: 0,
    dst: None,
};

/// The zone of an IANA name the simulator knows (see the module docs), or
/// `None`. `Etc/GMT+5` is five hours *behind* UTC, as IANA has it.
pub fn zone(name: &str) -> Option<Zone> {
    if let Some((_, minutes, dst)) = ZONES.iter().find(|(n, _, _)| *n == name) {
        return Some(Zone {
            std_offset: minutes * 60,
            dst: *dst,
        });
    }
    let rest = name.strip_prefix("Etc/GMT")?;
    let (sign, digits) = match rest.split_at_checked(1)? {
        ("+", d) => (-1, d),
        ("-", d) => (1, d),
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits.parse().ok()?;
    let ok = if sign < 0 { hours <= 12 } else { hours <= 14 };
    ok.then_some(Zone {
        std_offset: sign * hours * HOUR,
        dst: None,
    })
}

/// The names [`zone`] knows (without the `Etc/GMT±N` family), for messages
/// and docs.
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    ZONES.iter().map(|(n, _, _)| *n)
}

/// The day count of the `n`-th (1-based) `weekday` (0 = Sunday) of a month.
fn nth_weekday(y: i64, m: i64, weekday: i64, n: i64) -> i64 {
    let first = days_from_civil(y, m, 1);
    let first_wd = weekday_of(first);
    first + (weekday - first_wd).rem_euclid(7) + 7 * (n - 1)
}

/// The day count of the last `weekday` (0 = Sunday) of a month.
fn last_weekday(y: i64, m: i64, weekday: i64) -> i64 {
    let last = days_from_civil(y, m, 1) + days_in_month(y, m) - 1;
    last - (weekday_of(last) - weekday).rem_euclid(7)
}

/// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
fn weekday_of(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1)
}

impl Zone {
    /// Seconds east of UTC at the instant `utc` (epoch seconds).
    pub fn offset_at(&self, utc: i64) -> i64 {
        let std = self.std_offset;
        let Some(rule) = self.dst else {
            return std;
        };
        let (y, _, _) = civil_from_days((utc + std).div_euclid(DAY));
        let in_dst = match rule {
            Dst::Us => {
                let start = nth_weekday(y, 3, 0, 2) * DAY + 2 * HOUR - std;
                let end = nth_weekday(y, 11, 0, 1) * DAY + 2 * HOUR - (std + HOUR);
                start <= utc && utc < end
            }
            Dst::Eu => {
                let start = last_weekday(y, 3, 0) * DAY + HOUR;
                let end = last_weekday(y, 10, 0) * DAY + HOUR;
                start <= utc && utc < end
            }
            Dst::Au | Dst::Nz => {
                let start = if rule == Dst::Au {
                    nth_weekday(y, 10, 0, 1)
                } else {
                    last_weekday(y, 9, 0)
                } * DAY
                    + 2 * HOUR
                    - std;
                let end = nth_weekday(y, 4, 0, 1) * DAY + 3 * HOUR - (std + HOUR);
                utc < end || start <= utc
            }
        };
        if in_dst { std + HOUR } else { std }
    }

    /// The instant (epoch seconds) of a local wall time (seconds since
    /// 1970-01-01T00:00 local): a skipped time is shifted forward by the
    /// gap, a repeated one is the earlier instant (MODEL, module docs).
    pub fn to_utc(&self, local: i64) -> i64 {
        let std = self.std_offset;
        if self.dst.is_none() {
            return local - std;
        }
        let dst = std + HOUR;
        let earlier = local - dst;
        if self.offset_at(earlier) == dst {
            return earlier;
        }
        local - std
    }

    /// Local wall time (seconds since 1970-01-01T00:00 local) of an instant.
    pub fn to_local(&self, utc: i64) -> i64 {
        utc + self.offset_at(utc)
    }
}

// ----------------------------------------------------------- schedules ---

/// A parsed `Schedule` of Application Auto Scaling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// `at(…)`: a local wall time (seconds since 1970-01-01T00:00 local).
    At(i64),
    /// `rate(…)`: every so many seconds.
    Rate(i64),
    Cron(Box<Cron>),
}

/// A set of small numbers (0–255 above `lo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Set {
    lo: i64,
    bits: [u64; 4],
}

impl Set {
    fn empty(lo: i64) -> Set {
        Set { lo, bits: [0; 4] }
    }
    fn insert(&mut self, v: i64) {
        let i = (v - self.lo) as usize;
        self.bits[i / 64] |= 1 << (i % 64);
    }
    fn contains(&self, v: i64) -> bool {
        let i = v - self.lo;
        (0..256).contains(&i) && self.bits[i as usize / 64] & (1 << (i % 64)) != 0
    }
    fn values(&self, hi: i64) -> impl Iterator<Item = i64> + '_ {
        (self.lo..=hi).filter(|v| self.contains(*v))
    }
}

/// Day-of-month in the six-field form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dom {
    Set(Set),
    /// `L`.
    Last,
    /// `LW`.
    LastWeekday,
    /// `nW`.
    NearestWeekday(i64),
}

/// Day-of-week in the six-field form (1 = Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dow {
    Set(Set),
    /// `nL`: the last weekday n of the month (`L` alone is Saturday).
    Last(i64),
    /// `n#k`.
    Nth(i64, i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Days {
    /// Exactly one of the two is given, the other was `?`.
    Aws(Option<Dom>, Option<Dow>),
    /// Unix: the sets, and whether each was restricted (did not start
    /// with `*`); days of the week 0–6, 0 = Sunday.
    Unix {
        dom: Set,
        dom_restricted: bool,
        dow: Set,
        dow_restricted: bool,
    },
}

/// A cron expression, six-field (AWS) or five-field (Unix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cron {
    minutes: Set,
    hours: Set,
    months: Set,
    years: Option<Set>,
    days: Days,
}

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// One field's limits and names (the name of index i is `first + i`).
struct FieldSpec {
    what: &'static str,
    min: i64,
    max: i64,
    names: &'static [&'static str],
    first: i64,
}

const MINUTES: FieldSpec = FieldSpec {
    what: "Minutes",
    min: 0,
    max: 59,
    names: &[],
    first: 0,
};
const HOURS: FieldSpec = FieldSpec {
    what: "Hours",
    min: 0,
    max: 23,
    names: &[],
    first: 0,
};
const DAY_OF_MONTH: FieldSpec = FieldSpec {
    what: "Day-of-month",
    min: 1,
    max: 31,
    names: &[],
    first: 1,
};
const MONTH: FieldSpec = FieldSpec {
    what: "Month",
    min: 1,
    max: 12,
    names: &MONTH_NAMES,
    first: 1,
};
const DAY_OF_WEEK: FieldSpec = FieldSpec {
    what: "Day-of-week",
    min: 1,
    max: 7,
    names: &DAY_NAMES,
    first: 1,
};
const UNIX_DAY_OF_WEEK: FieldSpec = FieldSpec {
    what: "Day-of-week",
    min: 0,
    max: 7,
    names: &DAY_NAMES,
    first: 0,
};
const YEAR: FieldSpec = FieldSpec {
    what: "Year",
    min: MIN_YEAR,
    max: MAX_YEAR,
    names: &[],
    first: 0,
};

impl FieldSpec {
    fn value(&self, text: &str) -> Result<i64, String> {
        let upper = text.to_ascii_uppercase();
        if let Some(i) = self.names.iter().position(|n| *n == upper) {
            return Ok(self.first + i as i64);
        }
        let v: i64 = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse().map_err(|_| self.bad(text))?
        } else {
            return Err(self.bad(text));
        };
        if v < self.min || v > self.max {
            return Err(format!(
                "{} value {v} is out of range: use {}-{}",
                self.what, self.min, self.max
            ));
        }
        Ok(v)
    }

    fn bad(&self, text: &str) -> String {
        let names = if self.names.is_empty() {
            String::new()
        } else {
            format!(" or {}-{}", self.names[0], self.names[self.names.len() - 1])
        };
        format!(
            "'{text}' is not a valid {} value: use {}-{}{names}",
            self.what, self.min, self.max
        )
    }

    /// `*`, `a`, `a-b`, `*/s`, `a/s`, `a-b/s`, and lists of them.
    fn set(&self, text: &str) -> Result<Set, String> {
        let mut set = Set::empty(self.min);
        for item in text.split(',') {
            let (range, step) = match item.split_once('/') {
                Some((r, s)) => {
                    let step: i64 = s.parse().ok().filter(|s| *s >= 1).ok_or_else(|| {
                        format!("'{s}' is not a valid increment in {}", self.what)
                    })?;
                    (r, step)
                }
                None => (item, 1),
            };
            let (a, b) = if range == "*" {
                (self.min, self.max)
            } else if let Some((a, b)) = range.split_once('-') {
                (self.value(a)?, self.value(b)?)
            } else {
                let a = self.value(range)?;
                (a, if item.contains('/') { self.max } else { a })
            };
            // Walk from a to b (wrapping past the maximum), every step.
            let span = self.max - self.min + 1;
            let count = (b - a).rem_euclid(span) + 1;
            let mut i = 0;
            while i < count {
                set.insert(self.min + (a - self.min + i).rem_euclid(span));
                i += step;
            }
        }
        Ok(set)
    }
}

impl Schedule {
    /// `at(…)`, `rate(…)` or `cron(…)` (F8.6).
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let inner = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix(')'))
                .map(str::trim)
        };
        if let Some(body) = inner("at(") {
            return parse_local_date_time(body)
                .map(Schedule::At)
                .ok_or_else(|| {
                    format!("'{text}' is not a valid at expression: use at(yyyy-mm-ddThh:mm:ss)")
                });
        }
        if let Some(body) = inner("rate(") {
            return parse_rate(body)
                .map(Schedule::Rate)
                .map_err(|e| format!("'{text}' is not a valid rate expression: {e}"));
        }
        if let Some(body) = inner("cron(") {
            return Cron::parse_aws(body)
                .map(|c| Schedule::Cron(Box::new(c)))
                .map_err(|e| format!("'{text}' is not a valid cron expression: {e}"));
        }
        Err(format!(
            "'{text}' is not a valid schedule: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)"
        ))
    }

    /// The first firing strictly after `after` (epoch seconds), in `zone`
    /// for `at` and `cron`; a rate fires at `anchor` (epoch seconds) and
    /// every interval after it.
    pub fn next_after(&self, after: i64, zone: &Zone, anchor: i64) -> Option<i64> {
        match self {
            Schedule::At(local) => {
                let t = zone.to_utc(*local);
                (t > after).then_some(t)
            }
            Schedule::Rate(every) => {
                if after < anchor {
                    return Some(anchor);
                }
                Some(anchor + ((after - anchor) / every + 1) * every)
            }
            Schedule::Cron(c) => c.next_after(after, zone),
        }
    }
}

/// `yyyy-mm-ddThh:mm:ss` → seconds since 1970-01-01T00:00 (no zone).
pub fn parse_local_date_time(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let num = |s: &str, len: usize| -> Option<i64> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?, 4)?, num(d.next()?, 2)?, num(d.next()?, 2)?);
    let mut t = time.split(':');
    let (h, min, s) = (num(t.next()?, 2)?, num(t.next()?, 2)?, num(t.next()?, 2)?);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&m)
        || day < 1
        || day > days_in_month(y, m)
        || h > 23
        || min > 59
        || s > 59
    {
        return None;
    }
    Some(days_from_civil(y, m, day) * DAY + h * HOUR + min * 60 + s)
}

fn parse_rate(body: &str) -> Result<i64, String> {
    let mut words = body.split_whitespace();
    let (Some(value), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err("use rate(value unit), e.g. rate(5 minutes)".to_owned());
    };
    let n: i64 = value
        .parse()
        .ok()
        .filter(|n| *n >= 1 && *n <= 10_000_000)
        .ok_or_else(|| format!("the value '{value}' must be a positive whole number"))?;
    let (seconds, singular) = match unit {
        "minute" => (60, true),
        "minutes" => (60, false),
        "hour" => (HOUR, true),
        "hours" => (HOUR, false),
        "day" => (DAY, true),
        "days" => (DAY, false),
        other => {
            return Err(format!(
                "the unit '{other}' is not valid: use minute, minutes, hour, hours, day or days"
            ));
        }
    };
    if singular != (n == 1) {
        return Err(if n == 1 {
            format!(
                "a value of 1 takes the singular unit ({})",
                unit.trim_end_matches('s')
            )
        } else {
            format!("a value above 1 takes the plural unit ({unit}s)")
        });
    }
    Ok(n * seconds)
}

impl Cron {
    /// The six fields of AWS's `cron(…)`: Minutes Hours Day-of-month Month
    /// Day-of-week Year.
    pub fn parse_aws(body: &str) -> Result<Cron, String> {
        let fields: Vec<&str> = body.split_whitespace().collect();
        let [minutes, hours, dom, month, dow, year] = fields[..] else {
            return Err(format!(
                "it has {} fields; use six: Minutes Hours Day-of-month Month Day-of-week Year",
                fields.len()
            ));
        };
        let days = match (dom == "?", dow == "?") {
            (true, true) | (false, false) => {
                return Err(
                    "give Day-of-month or Day-of-week, and ? in the other (not both, not neither)"
                        .to_owned(),
                );
            }
            (false, true) => Days::Aws(Some(parse_dom(dom)?), None),
            (true, false) => Days::Aws(None, Some(parse_dow(dow)?)),
        };
        Ok(Cron {
            minutes: MINUTES.set(minutes)?,
            hours: HOURS.set(hours)?,
            months: MONTH.set(month)?,
            years: if year == "*" {
                None
            } else {
                Some(YEAR.set(year)?)
            },
            days,
        })
    }

    /// The five fields of a Unix cron (EC2 Auto Scaling's `Recurrence`):
    /// Minute Hour Day-of-month Month Day-of-week.
    pub fn parse_unix(text: &str) -> Result<Cron, String> {
        let fields: Vec<&str> = text.split_whitespace().collect();
        let [minutes, hours, dom, month, dow] = fields[..] else {
            return Err(format!(
                "it has {} fields; use five: Minute Hour Day-of-month Month Day-of-week",
                fields.len()
            ));
        };
        let mut weekdays = Set::empty(0);
        let raw = UNIX_DAY_OF_WEEK.set(dow)?;
        for d in raw.values(7) {
            weekdays.insert(d % 7);
        }
        Ok(Cron {
            minutes: MINUTES.set(minutes)?,
            hours: HOURS.set(hours)?,
            months: MONTH.set(month)?,
            years: None,
            days: Days::Unix {
                dom: DAY_OF_MONTH.set(dom)?,
                dom_restricted: !dom.starts_with('*'),
                dow: weekdays,
                dow_restricted: !dow.starts_with('*'),
            },
        })
    }

    fn day_matches(&self, day: i64) -> bool {
        let (y, m, d) = civil_from_days(day);
        let wd = weekday_of(day);
        match self.days {
            Days::Aws(Some(dom), _) => {
                let last = days_in_month(y, m);
                match dom {
                    Dom::Set(s) => s.contains(d),
                    Dom::Last => d == last,
                    Dom::LastWeekday => {
                        let l = days_from_civil(y, m, last);
                        let back = match weekday_of(l) {
                            0 => 2,
                            6 => 1,
                            _ => 0,
                        };
                        d == last - back
                    }
                    Dom::NearestWeekday(n) => {
                        if n > last {
                            return false;
                        }
                        let target = match weekday_of(days_from_civil(y, m, n)) {
                            6 if n == 1 => 3,
                            6 => n - 1,
                            0 if n == last => n - 2,
                            0 => n + 1,
                            _ => n,
                        };
                        d == target
                    }
                }
            }
            Days::Aws(None, Some(dow)) => match dow {
                Dow::Set(s) => s.contains(wd + 1),
                Dow::Last(n) => day == last_weekday(y, m, n - 1),
                Dow::Nth(n, k) => {
                    let nth = nth_weekday(y, m, n - 1, k);
                    day == nth && civil_from_days(nth).1 == m
                }
            },
            Days::Aws(None, None) => false,
            Days::Unix {
                dom,
                dom_restricted,
                dow,
                dow_restricted,
            } => {
                let a = dom.contains(d);
                let b = dow.contains(wd);
                if dom_restricted && dow_restricted {
                    a || b
                } else {
                    a && b
                }
            }
        }
    }

    /// The first firing strictly after `after` (epoch seconds), the fields
    /// read as wall time in `zone`; `None` when there is none before the
    /// end of [`MAX_YEAR`].
    pub fn next_after(&self, after: i64, zone: &Zone) -> Option<i64> {
        // A day early, so a wall time a DST shift moves is still seen.
        let mut day = zone.to_local(after).div_euclid(DAY) - 1;
        let last_year = self
            .years
            .map_or(MAX_YEAR, |s| s.values(MAX_YEAR).last().unwrap_or(MIN_YEAR));
        loop {
            let (y, m, d) = civil_from_days(day);
            if y > last_year {
                return None;
            }
            if self.years.is_some_and(|s| !s.contains(y)) {
                day = days_from_civil(y + 1, 1, 1);
                continue;
            }
            if !self.months.contains(m) {
                day += days_in_month(y, m) - d + 1;
                continue;
            }
            if self.day_matches(day) {
                for h in self.hours.values(23) {
                    for min in self.minutes.values(59) {
                        let t = zone.to_utc(day * DAY + h * HOUR + min * 60);
                        if t > after {
                            return Some(t);
                        }
                    }
                }
            }
            day += 1;
        }
    }
}

fn parse_dom(text: &str) -> Result<Dom, String> {
    match text.to_ascii_uppercase().as_str() {
        "L" => return Ok(Dom::Last),
        "LW" => return Ok(Dom::LastWeekday),
        _ => {}
    }
    if let Some(n) = text.strip_suffix(['W', 'w']) {
        return DAY_OF_MONTH.value(n).map(Dom::NearestWeekday);
    }
    DAY_OF_MONTH.set(text).map(Dom::Set)
}

fn parse_dow(text: &str) -> Result<Dow, String> {
    if text.eq_ignore_ascii_case("L") {
        let mut s = Set::empty(1);
        s.insert(7);
        return Ok(Dow::Set(s));
    }
    if let Some((d, k)) = text.split_once('#') {
        let d = DAY_OF_WEEK.value(d)?;
        let k: i64 = k
            .parse()
            .ok()
            .filter(|k| (1..=5).contains(k))
            .ok_or_else(|| format!("'{text}': the number after # must be 1-5"))?;
        return Ok(Dow::Nth(d, k));
    }
    if let Some(d) = text.strip_suffix(['L', 'l']) {
        return DAY_OF_WEEK.value(d).map(Dow::Last);
    }
    DAY_OF_WEEK.set(text).map(Dow::Set)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// `yyyy-mm-ddThh:mm` (UTC) → epoch seconds.
    fn t(text: &str) -> i64 {
        parse_local_date_time(&format!("{text}:00")).unwrap()
    }

    fn iso(secs: i64) -> String {
        crate::base::time::iso8601(secs as u64 * 1000, crate::base::time::Precision::Seconds)
    }

    #[test]
    fn schedule_parse_errors() {
        for (text, wanted) in [
            ("every day", "not a valid schedule"),
            ("at(2026-13-01T00:00:00)", "at expression"),
            ("at(2026-02-30T00:00:00)", "at expression"),
            ("at(2026-01-01 00:00:00)", "at expression"),
            ("rate(0 minutes)", "positive whole number"),
            ("rate(1 minutes)", "singular"),
            ("rate(5 minute)", "plural"),
            ("rate(5 weeks)", "unit 'weeks'"),
            ("rate(5)", "rate(value unit)"),
            ("cron(0 9 * * MON-FRI *)", "not both"),
            ("cron(0 9 ? * ? *)", "not both"),
            ("cron(0 9 * * ?)", "5 fields"),
            ("cron(60 9 * * ? *)", "Minutes value 60"),
            ("cron(0 24 * * ? *)", "Hours value 24"),
            ("cron(0 9 32 * ? *)", "Day-of-month value 32"),
            ("cron(0 9 ? FOO MON *)", "not a valid Month"),
            ("cron(0 9 ? * 8 *)", "Day-of-week value 8"),
            ("cron(0 9 ? * MON#6 *)", "1-5"),
            ("cron(0 9 1 * ? 1969)", "Year value 1969"),
            ("cron(0/0 9 1 * ? *)", "increment"),
            ("cron(0 9 x * ? *)", "not a valid Day-of-month"),
        ] {
            let e = Schedule::parse(text).unwrap_err();
            assert!(e.contains(wanted), "{text}: {e}");
        }
        for (text, wanted) in [
            ("0 9 * *", "4 fields"),
            ("0 9 * * 8", "Day-of-week value 8"),
            ("0 9 ? * 1", "not a valid Day-of-month"),
        ] {
            let e = Cron::parse_unix(text).unwrap_err();
            assert!(e.contains(wanted), "{text}: {e}");
        }
    }

    #[test]
    fn next_firings() {
        // (schedule, zone, after (UTC), next firing (UTC)).
        for (schedule, zone_name, after, next) in [
            // Weekdays at 09:00 UTC: 2026-01-02 is a Friday.
            (
                "cron(0 9 ? * MON-FRI *)",
                "UTC",
                "2026-01-02T09:00",
                "2026-01-05T09:00",
            ),
            (
                "cron(0 9 ? * MON-FRI *)",
                "UTC",
                "2026-01-02T08:59",
                "2026-01-02T09:00",
            ),
            (
                "cron(0 9 ? * 2-6 *)",
                "UTC",
                "2026-01-03T00:00",
                "2026-01-05T09:00",
            ),
            // A wrapping range: Friday to Monday.
            (
                "cron(0 9 ? * FRI-MON *)",
                "UTC",
                "2026-01-05T10:00",
                "2026-01-09T09:00",
            ),
            // Every 15 minutes, and lists.
            (
                "cron(0/15 * * * ? *)",
                "UTC",
                "2026-01-01T00:07",
                "2026-01-01T00:15",
            ),
            (
                "cron(5,50 8-9 * * ? *)",
                "UTC",
                "2026-01-01T09:05",
                "2026-01-01T09:50",
            ),
            (
                "cron(5,50 8-9 * * ? *)",
                "UTC",
                "2026-01-01T09:50",
                "2026-01-02T08:05",
            ),
            // Last day, last weekday, nearest weekday, nth and last weekday.
            (
                "cron(0 0 L * ? *)",
                "UTC",
                "2026-02-01T00:00",
                "2026-02-28T00:00",
            ),
            (
                "cron(0 0 L * ? *)",
                "UTC",
                "2028-02-01T00:00",
                "2028-02-29T00:00",
            ),
            (
                "cron(0 0 LW * ? *)",
                "UTC",
                "2026-05-01T00:00",
                "2026-05-29T00:00",
            ),
            (
                "cron(0 0 15W * ? *)",
                "UTC",
                "2026-08-01T00:00",
                "2026-08-14T00:00",
            ),
            (
                "cron(0 0 1W * ? *)",
                "UTC",
                "2026-07-31T00:00",
                "2026-08-03T00:00",
            ),
            (
                "cron(0 0 ? * 6L *)",
                "UTC",
                "2026-01-01T00:00",
                "2026-01-30T00:00",
            ),
            (
                "cron(0 0 ? * 3#2 *)",
                "UTC",
                "2026-01-01T00:00",
                "2026-01-13T00:00",
            ),
            (
                "cron(0 0 ? * MON#5 *)",
                "UTC",
                "2026-01-01T00:00",
                "2026-03-30T00:00",
            ),
            (
                "cron(0 0 ? * L *)",
                "UTC",
                "2026-01-01T00:00",
                "2026-01-03T00:00",
            ),
            // Months and years.
            (
                "cron(30 12 1 JUN,DEC ? *)",
                "UTC",
                "2026-06-01T12:30",
                "2026-12-01T12:30",
            ),
            (
                "cron(0 0 29 2 ? *)",
                "UTC",
                "2026-01-01T00:00",
                "2028-02-29T00:00",
            ),
            (
                "cron(0 0 1 1 ? 2030-2031)",
                "UTC",
                "2026-01-01T00:00",
                "2030-01-01T00:00",
            ),
            // In a zone: 09:00 Paris is 08:00 UTC in winter, 07:00 in summer.
            (
                "cron(0 9 ? * MON-FRI *)",
                "Europe/Paris",
                "2026-01-01T00:00",
                "2026-01-01T08:00",
            ),
            (
                "cron(0 9 ? * MON-FRI *)",
                "Europe/Paris",
                "2026-06-01T00:00",
                "2026-06-01T07:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "America/New_York",
                "2026-01-01T00:00",
                "2026-01-01T14:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "America/New_York",
                "2026-07-01T00:00",
                "2026-07-01T13:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Asia/Kolkata",
                "2026-01-01T00:00",
                "2026-01-01T03:30",
            ),
            (
                "cron(0 9 * * ? *)",
                "Australia/Sydney",
                "2026-01-01T00:00",
                "2026-01-01T22:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Australia/Sydney",
                "2026-06-01T00:00",
                "2026-06-01T23:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Etc/GMT+9",
                "2026-01-01T00:00",
                "2026-01-01T18:00",
            ),
            // US spring forward (2026-03-08): 02:30 does not exist, it is 03:30 EDT.
            (
                "cron(30 2 * * ? *)",
                "America/New_York",
                "2026-03-07T08:00",
                "2026-03-08T07:30",
            ),
            (
                "cron(30 2 * * ? *)",
                "America/New_York",
                "2026-03-08T07:30",
                "2026-03-09T06:30",
            ),
            // US fall back (2026-11-01): 01:30 happens twice; the first.
            (
                "cron(30 1 * * ? *)",
                "America/New_York",
                "2026-11-01T00:00",
                "2026-11-01T05:30",
            ),
            (
                "cron(30 1 * * ? *)",
                "America/New_York",
                "2026-11-01T05:30",
                "2026-11-02T06:30",
            ),
            // EU: clocks go forward 2026-03-29 01:00 UTC, back 2026-10-25.
            (
                "cron(0 9 * * ? *)",
                "Europe/London",
                "2026-03-28T09:00",
                "2026-03-29T08:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Europe/London",
                "2026-10-24T08:00",
                "2026-10-25T09:00",
            ),
            // AU: DST ends 2026-04-05, starts 2026-10-04.
            (
                "cron(0 9 * * ? *)",
                "Australia/Sydney",
                "2026-04-03T00:00",
                "2026-04-03T22:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Australia/Sydney",
                "2026-04-03T22:00",
                "2026-04-04T23:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Australia/Sydney",
                "2026-10-02T00:00",
                "2026-10-02T23:00",
            ),
            (
                "cron(0 9 * * ? *)",
                "Australia/Sydney",
                "2026-10-02T23:00",
                "2026-10-03T22:00",
            ),
            // at(): in a zone, once.
            (
                "at(2026-03-01T10:00:00)",
                "UTC",
                "2026-01-01T00:00",
                "2026-03-01T10:00",
            ),
            (
                "at(2026-07-01T10:00:00)",
                "America/Los_Angeles",
                "2026-01-01T00:00",
                "2026-07-01T17:00",
            ),
        ] {
            let z = zone(zone_name).unwrap();
            let s = Schedule::parse(schedule).unwrap();
            let got = s.next_after(t(after), &z, 0).map(iso);
            assert_eq!(
                got.as_deref(),
                Some(format!("{next}:00Z").as_str()),
                "{schedule} in {zone_name} after {after}"
            );
        }
    }

    #[test]
    fn never_again() {
        let z = UTC;
        let at = Schedule::parse("at(2026-01-01T00:00:00)").unwrap();
        assert_eq!(at.next_after(t("2026-01-01T00:00"), &z, 0), None);
        let feb30 = Schedule::parse("cron(0 0 30 2 ? *)").unwrap();
        assert_eq!(feb30.next_after(t("2026-01-01T00:00"), &z, 0), None);
        let past = Schedule::parse("cron(0 0 1 1 ? 2020)").unwrap();
        assert_eq!(past.next_after(t("2026-01-01T00:00"), &z, 0), None);
    }

    #[test]
    fn rates_from_their_anchor() {
        let r = Schedule::parse("rate(5 minutes)").unwrap();
        let anchor = t("2026-01-01T00:00");
        assert_eq!(r.next_after(anchor - 60, &UTC, anchor), Some(anchor));
        assert_eq!(r.next_after(anchor, &UTC, anchor), Some(anchor + 300));
        assert_eq!(r.next_after(anchor + 300, &UTC, anchor), Some(anchor + 600));
        assert_eq!(r.next_after(anchor + 301, &UTC, anchor), Some(anchor + 600));
        assert_eq!(
            Schedule::parse("rate(1 day)").unwrap(),
            Schedule::Rate(86_400)
        );
        assert_eq!(
            Schedule::parse("rate(2 hours)").unwrap(),
            Schedule::Rate(7_200)
        );
    }

    #[test]
    fn unix_recurrence() {
        // Weekdays at 09:00 (0 and 7 are Sunday).
        let c = Cron::parse_unix("0 9 * * 1-5").unwrap();
        assert_eq!(
            c.next_after(t("2026-01-02T09:00"), &UTC).map(iso).unwrap(),
            "2026-01-05T09:00:00Z"
        );
        let sun = Cron::parse_unix("0 0 * * 7").unwrap();
        assert_eq!(
            sun.next_after(t("2026-01-01T00:00"), &UTC)
                .map(iso)
                .unwrap(),
            "2026-01-04T00:00:00Z"
        );
        // Both day fields restricted: either matches (the 13th, or a Friday).
        let either = Cron::parse_unix("0 0 13 * 5").unwrap();
        assert_eq!(
            either
                .next_after(t("2026-01-01T00:00"), &UTC)
                .map(iso)
                .unwrap(),
            "2026-01-02T00:00:00Z"
        );
        assert_eq!(
            either
                .next_after(t("2026-01-12T00:00"), &UTC)
                .map(iso)
                .unwrap(),
            "2026-01-13T00:00:00Z"
        );
        // Day-of-month with a starred weekday: both must match (all days).
        let first = Cron::parse_unix("30 18 1 */3 *").unwrap();
        assert_eq!(
            first
                .next_after(t("2026-01-01T19:00"), &UTC)
                .map(iso)
                .unwrap(),
            "2026-04-01T18:30:00Z"
        );
        let tokyo = zone("Asia/Tokyo").unwrap();
        assert_eq!(
            c.next_after(t("2026-01-05T00:00"), &tokyo)
                .map(iso)
                .unwrap(),
            "2026-01-06T00:00:00Z"
        );
    }

    #[test]
    fn zones_known_and_unknown() {
        assert!(zone("Europe/Paris").is_some());
        assert_eq!(zone("Etc/GMT-14").unwrap().std_offset, 14 * HOUR);
        assert_eq!(zone("Etc/GMT+12").unwrap().std_offset, -12 * HOUR);
        for bad in [
            "Mars/Olympus",
            "Etc/GMT+13",
            "Etc/GMT-15",
            "Etc/GMT+",
            "utc",
            "",
        ] {
            assert!(zone(bad).is_none(), "{bad}");
        }
        assert!(zone_names().any(|n| n == "Asia/Singapore"));
        // Offsets at a few instants.
        let ny = zone("America/New_York").unwrap();
        assert_eq!(ny.offset_at(t("2026-03-08T06:59")), -5 * HOUR);
        assert_eq!(ny.offset_at(t("2026-03-08T07:00")), -4 * HOUR);
        assert_eq!(ny.offset_at(t("2026-11-01T05:59")), -4 * HOUR);
        assert_eq!(ny.offset_at(t("2026-11-01T06:00")), -5 * HOUR);
        let nz = zone("Pacific/Auckland").unwrap();
        assert_eq!(nz.offset_at(t("2026-01-01T00:00")), 13 * HOUR);
        assert_eq!(nz.offset_at(t("2026-07-01T00:00")), 12 * HOUR);
    }
}
