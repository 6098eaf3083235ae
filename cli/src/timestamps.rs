//! Timestamps as the AWS CLI v2 prints them. Services send epoch seconds
//! (JSON protocol: ECS, ECR) or ISO 8601 text (query protocol: IAM, EC2);
//! botocore parses both and the CLI prints them with Python's
//! `datetime.isoformat()`: `2026-01-01T00:00:00+00:00`, with `.ffffff`
//! microseconds only when they are not zero. The sandbox's clock is UTC.

use serde_json::Value;
use stevedore_engine::base::time::{days_from_civil, iso8601_python};

/// Response members that are timestamps in the botocore models of the
/// simulated services.
pub const TIMESTAMP_MEMBERS: &[&str] = &[
    // ECS
    "registeredAt",
    "deregisteredAt",
    "createdAt",
    "updatedAt",
    "startedAt",
    "stoppedAt",
    "stoppingAt",
    "executionStoppedAt",
    "pullStartedAt",
    "pullStoppedAt",
    "connectivityAt",
    "stabilityStatusAt",
    // ECR
    "imagePushedAt",
    "lastRecordedPullTime",
    "expiresAt",
    "imageScanCompletedAt",
    "vulnerabilitySourceUpdatedAt",
    "lastEvaluatedAt",
    "firstObservedAt",
    "lastObservedAt",
    // IAM
    "CreateDate",
    "LastUsedDate",
    // EC2 / Auto Scaling
    "LaunchTime",
    "CreatedTime",
    "Time",
    // SSM
    "LastModifiedDate",
    // CloudWatch
    "Timestamp",
    "AlarmConfigurationUpdatedTimestamp",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
    // Application Auto Scaling
    "CreationTime",
    "StartTime",
    "EndTime",
    // EventBridge Scheduler
    "CreationDate",
    "LastModificationDate",
    "StartDate",
    "EndDate",
    // S3 (CreationDate above)
    "LastModified",
];

/// Response members that are lists of timestamps (CloudWatch
/// GetMetricData).
pub const TIMESTAMP_LIST_MEMBERS: &[&str] = &["Timestamps"];

/// Rewrites every timestamp member of `value` in place.
pub fn format_timestamps(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if TIMESTAMP_MEMBERS.contains(&key.as_str())
                    && let Some(text) = to_iso(v)
                {
                    *v = Value::String(text);
                } else if TIMESTAMP_LIST_MEMBERS.contains(&key.as_str())
                    && let Value::Array(items) = v
                {
                    for item in items.iter_mut() {
                        if let Some(text) = to_iso(item) {
                            *item = Value::String(text);
                        }
                    }
                } else {
                    format_timestamps(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(format_timestamps),
        _ => {}
    }
}

fn to_iso(value: &Value) -> Option<String> {
    let micros: i64 = match value {
        Value::Number(n) => (n.as_f64()? * 1_000_000.0).round() as i64,
        Value::String(s) => parse_iso_utc(s)?,
        _ => return None,
    };
    Some(iso8601_python(micros))
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z` → microseconds since the epoch.
fn parse_iso_utc(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, sec) = (t.next()??, t.next()??, t.next()??);
    let frac_micros = if frac.is_empty() {
        0
    } else {
        let digits: String = frac.chars().chain("000000".chars()).take(6).collect();
        digits.parse::<i64>().ok()?
    };
    let days = days_from_civil(y, m, day);
    Some(((days * 86_400 + h * 3600 + min * 60 + sec) * 1_000_000) + frac_micros)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_and_iso_print_like_the_aws_cli() {
        let mut v = json!({
            "taskDefinition": {"registeredAt": 1767225600.0, "deregisteredAt": 1767225600.25, "revision": 1},
            "Role": {"CreateDate": "2026-01-01T00:00:00Z", "RoleName": "CreateDate"},
            "list": [{"createdAt": 951782400}],
            "name": "registeredAt"
        });
        format_timestamps(&mut v);
        assert_eq!(
            v["taskDefinition"]["registeredAt"],
            "2026-01-01T00:00:00+00:00"
        );
        assert_eq!(
            v["taskDefinition"]["deregisteredAt"],
            "2026-01-01T00:00:00.250000+00:00"
        );
        assert_eq!(v["taskDefinition"]["revision"], 1);
        assert_eq!(v["Role"]["CreateDate"], "2026-01-01T00:00:00+00:00");
        assert_eq!(v["Role"]["RoleName"], "CreateDate");
        assert_eq!(v["list"][0]["createdAt"], "2000-02-29T00:00:00+00:00");
        assert_eq!(v["name"], "registeredAt");
    }

    #[test]
    fn parses_iso_text() {
        assert_eq!(parse_iso_utc("1970-01-01T00:00:01.5Z"), Some(1_500_000));
        assert_eq!(parse_iso_utc("not a date"), None);
    }
}
