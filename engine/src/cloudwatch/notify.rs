//! What an alarm sends to an SNS topic among its actions (F16.11): the
//! subject `ALARM: "<name>" in <region's long name>`, the JSON message
//! every protocol but email gets, and the text an email subscription
//! gets, as CloudWatch words them.
//!
//! An alarm on a metric math expression (`Metrics`) has no single metric:
//! its `Trigger` carries the alarm's `Metrics` queries instead of
//! `MetricName`, `Namespace`, `Statistic`, `Unit` and `Dimensions`, and the
//! email lists each query under "Monitored Metrics". UNCONFIRMED: F16.11
//! captured a single-metric alarm only; the `Trigger.Metrics` member is
//! what notification handlers for math alarms read, the email's wording
//! for them is MODEL.

use super::alarms::java_double;
use crate::sim::Sim;
use crate::time::SimTime;
use serde_json::json;

/// MODEL (F16.11 names a few): the Regions' long names as AWS writes them
/// in notifications; others are given by their code.
pub fn region_long_name(region: &str) -> String {
    match region {
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-1" => "US West (N. California)",
        "us-west-2" => "US West (Oregon)",
        "ca-central-1" => "Canada (Central)",
        "eu-west-1" => "EU (Ireland)",
        "eu-west-2" => "EU (London)",
        "eu-west-3" => "EU (Paris)",
        "eu-central-1" => "EU (Frankfurt)",
        "eu-north-1" => "EU (Stockholm)",
        "ap-south-1" => "Asia Pacific (Mumbai)",
        "ap-northeast-1" => "Asia Pacific (Tokyo)",
        "ap-northeast-2" => "Asia Pacific (Seoul)",
        "ap-southeast-1" => "Asia Pacific (Singapore)",
        "ap-southeast-2" => "Asia Pacific (Sydney)",
        "sa-east-1" => "South America (Sao Paulo)",
        other => other,
    }
    .to_owned()
}

/// `Wednesday 15 September, 2021 18:32:31 UTC` (the alarm email's times).
pub fn email_date(epoch_ms: u64) -> String {
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = (epoch_ms / 86_400_000) as i64;
    let (y, m, d) = crate::base::time::civil_from_days(days);
    let secs = (epoch_ms / 1000) % 86_400;
    format!(
        "{} {d} {}, {y} {:02}:{:02}:{:02} UTC",
        DAYS[(days % 7) as usize],
        MONTHS[(m - 1).clamp(0, 11) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// What an alarm's SNS action sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub subject: String,
    /// The JSON message (email-json, SQS, …).
    pub message: String,
    /// The text an `email` subscription gets.
    pub email: String,
}

impl Sim {
    /// The notification of alarm `name` having just moved from `old_state`
    /// to its state now; `None` for an alarm that is gone.
    pub(crate) fn alarm_notification(&self, name: &str, old_state: &str) -> Option<Notification> {
        let a = self.state.cloudwatch.alarms.get(name)?;
        let region = region_long_name(&self.config.region);
        let stamp = |t: SimTime| {
            let iso =
                crate::base::time::iso8601(self.epoch_ms(t), crate::base::time::Precision::Millis);
            format!("{}+0000", iso.trim_end_matches('Z'))
        };
        let dims: Vec<serde_json::Value> = a
            .metric
            .dimensions
            .iter()
            .map(|d| json!({"value": d.value, "name": d.name}))
            .collect();
        // The single metric's members, or none for a math alarm; then the
        // evaluation's; then a math alarm's queries (module docs).
        let mut trigger = if a.metrics.is_empty() {
            json!({
                "MetricName": a.metric.name,
                "Namespace": a.metric.namespace,
                "StatisticType": "Statistic",
                "Statistic": a.statistic.to_uppercase(),
                "Unit": a.unit,
                "Dimensions": dims,
            })
        } else {
            json!({})
        };
        if let Some(t) = trigger.as_object_mut() {
            let evaluation = json!({
                "Period": a.period,
                "EvaluationPeriods": a.evaluation_periods,
                "DatapointsToAlarm": a.datapoints_to_alarm.unwrap_or(a.evaluation_periods),
                "ComparisonOperator": a.comparison,
                "Threshold": a.threshold,
                "TreatMissingData": a.treat_missing_data,
                "EvaluateLowSampleCountPercentile": "",
            });
            if let Some(e) = evaluation.as_object() {
                t.extend(e.clone());
            }
            if !a.metrics.is_empty() {
                t.insert("Metrics".to_owned(), json!(a.metrics));
            }
        }
        let message = json!({
            "AlarmName": a.name,
            "AlarmDescription": a.description,
            "AWSAccountId": self.config.account_id,
            "AlarmConfigurationUpdatedTimestamp": stamp(a.configuration_updated),
            "NewStateValue": a.state,
            "NewStateReason": a.state_reason,
            "StateChangeTime": stamp(a.state_updated),
            "Region": region,
            "AlarmArn": a.arn,
            "OldStateValue": old_state,
            "OKActions": a.ok_actions,
            "AlarmActions": a.alarm_actions,
            "InsufficientDataActions": a.insufficient_data_actions,
            "Trigger": trigger,
        })
        .to_string();
        let when = email_date(self.epoch_ms(a.state_updated));
        let list = |v: &[String]| {
            if v.is_empty() {
                String::new()
            } else {
                format!("[{}]", v.join(", "))
            }
        };
        let dimensions: String = a
            .metric
            .dimensions
            .iter()
            .map(|d| format!("[{} = {}]", d.name, d.value))
            .collect::<Vec<_>>()
            .join(" ");
        let r = &self.config.region;
        let email = format!(
            "You are receiving this email because your Amazon CloudWatch Alarm \"{name}\" in the {region} region has entered the {state} state, because \"{reason}\" at \"{when}\".\n\n\
             View this alarm in the AWS Management Console:\n\
             https://{r}.console.aws.amazon.com/cloudwatch/deeplink.js?region={r}#alarmsV2:alarm/{name}\n\n\
             Alarm Details:\n\
             - Name:                       {name}\n\
             - Description:                {description}\n\
             - State Change:               {old_state} -> {state}\n\
             - Reason for State Change:    {reason}\n\
             - Timestamp:                  {when}\n\
             - AWS Account:                {account}\n\
             - Alarm Arn:                  {arn}\n\n\
             Threshold:\n\
             - The alarm is in the ALARM state when the metric is {comparison} {threshold} for {seconds} seconds.\n\n\
             {monitored}\
             - TreatMissingData:                    {missing}\n\n\
             State Change Actions:\n\
             - OK: {ok}\n\
             - ALARM: {alarm}\n\
             - INSUFFICIENT_DATA: {insufficient}\n",
            name = a.name,
            state = a.state,
            reason = a.state_reason,
            description = a.description.as_deref().unwrap_or(""),
            account = self.config.account_id,
            arn = a.arn,
            comparison = a.comparison,
            threshold = java_double(a.threshold),
            seconds = a.period * a.datapoints_to_alarm.unwrap_or(a.evaluation_periods),
            monitored = if a.metrics.is_empty() {
                format!(
                    "Monitored Metric:\n\
                     - MetricNamespace:                     {}\n\
                     - MetricName:                          {}\n\
                     - Dimensions:                          {dimensions}\n\
                     - Period:                              {} seconds\n\
                     - Statistic:                           {}\n\
                     - Unit:                                {}\n",
                    a.metric.namespace,
                    a.metric.name,
                    a.period,
                    a.statistic,
                    a.unit.as_deref().unwrap_or("not specified"),
                )
            } else {
                monitored_metrics(&a.metrics)
            },
            missing = a.treat_missing_data,
            ok = list(&a.ok_actions),
            alarm = list(&a.alarm_actions),
            insufficient = list(&a.insufficient_data_actions),
        );
        Some(Notification {
            subject: format!("{}: \"{}\" in {region}", a.state, a.name),
            message,
            email,
        })
    }
}

/// The email's "Monitored Metrics" for a metric math alarm (MODEL wording,
/// module docs): each query on a line, the one the alarm watches marked.
fn monitored_metrics(queries: &[super::shapes::MetricDataQuery]) -> String {
    let mut out = String::from("Monitored Metrics:\n");
    for q in queries {
        let what = match (&q.expression, &q.metric_stat) {
            (Some(e), _) => format!("expression {e}"),
            (None, Some(stat)) => {
                let dims: Vec<String> = stat
                    .metric
                    .dimensions
                    .iter()
                    .map(|d| format!("[{} = {}]", d.name, d.value))
                    .collect();
                format!(
                    "{} {}{}{}, {} over {} seconds",
                    stat.metric.namespace.as_deref().unwrap_or(""),
                    stat.metric.metric_name.as_deref().unwrap_or(""),
                    if dims.is_empty() { "" } else { " " },
                    dims.join(" "),
                    stat.stat,
                    stat.period
                )
            }
            (None, None) => String::new(),
        };
        let watched = if q.return_data != Some(false) {
            " (the alarm's value)"
        } else {
            ""
        };
        out += &format!("- {}: {what}{watched}\n", q.id);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_math_alarm_email_lists_its_queries_and_marks_the_watched_one() {
        let queries: Vec<super::super::shapes::MetricDataQuery> = serde_json::from_value(json!([
            {"Id": "m1", "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible", "Dimensions": [{"Name": "QueueName", "Value": "work"}]}, "Period": 60, "Stat": "Average"}, "ReturnData": false},
            {"Id": "m2", "MetricStat": {"Metric": {"Namespace": "Shop", "MetricName": "Tasks"}, "Period": 60, "Stat": "Maximum"}, "ReturnData": false},
            {"Id": "e1", "Expression": "m1 / m2"}
        ]))
        .unwrap();
        assert_eq!(
            monitored_metrics(&queries),
            "Monitored Metrics:\n\
             - m1: AWS/SQS ApproximateNumberOfMessagesVisible [QueueName = work], Average over 60 seconds\n\
             - m2: Shop Tasks, Maximum over 60 seconds\n\
             - e1: expression m1 / m2 (the alarm's value)\n"
        );
    }

    #[test]
    fn dates_and_regions_as_the_email_writes_them() {
        // 2021-09-15T18:32:31Z, F16.11's captured email.
        assert_eq!(
            email_date(1_631_730_751_000),
            "Wednesday 15 September, 2021 18:32:31 UTC"
        );
        assert_eq!(
            email_date(1_767_225_600_000),
            "Thursday 1 January, 2026 00:00:00 UTC"
        );
        assert_eq!(region_long_name("us-east-1"), "US East (N. Virginia)");
        assert_eq!(region_long_name("ca-central-1"), "Canada (Central)");
        assert_eq!(region_long_name("xx-test-1"), "xx-test-1");
    }
}
