//! CloudWatch metric alarms (F16.7–F16.12): PutMetricAlarm,
//! DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState,
//! DescribeAlarmHistory, Enable/DisableAlarmActions, and their evaluation
//! every simulated minute.
//!
//! Evaluation (F16.9; MODEL where AWS does not say, section 13): each
//! minute, the last N + [`EXTRA_PERIODS`] periods of the metric (the
//! evaluation range), newest first. With at least N real datapoints in it,
//! the newest N decide: ALARM when at least M breach, else OK. With fewer,
//! TreatMissingData decides:
//! - `missing` (the default): no datapoint at all is INSUFFICIENT_DATA;
//!   otherwise ALARM when M real ones breach, or when a breaching one at
//!   least M periods old has no non-breaching one after it; OK when none
//!   breaches; else the state stays;
//! - `ignore`: as `missing`, except that no data, or a lone old breach,
//!   keeps the state;
//! - `breaching`: no datapoint at all is ALARM; otherwise as `missing`;
//! - `notBreaching`: the gaps in the last N periods count as not
//!   breaching.
//!
//! These give the official cases of F16.9. An alarm on `Metrics` (metric
//! math, F16.7; [`math`]) is evaluated the same way on its one query that
//! returns data, computed period by period: exactly one query returns data
//! ("Exactly one element of the metrics list should return data."), its
//! MetricStats share one period, which is the alarm's; DescribeAlarms shows
//! `Metrics` instead of MetricName, Namespace, Statistic and Period. A new alarm is INSUFFICIENT_DATA
//! ("Unchecked: Initial alarm creation", F16.8) until its first
//! evaluation; re-putting keeps the state. Transitions are written to the
//! history (F16.12) with the StateReason forms of F16.10. While an alarm is
//! in ALARM, its Application Auto Scaling policy actions run every minute
//! (`crate::applicationautoscaling`); SNS and EC2 Auto Scaling actions are
//! kept and shown but not simulated yet.

use super::*;
use crate::base::paginate::{STV1, page_at};
use serde::{Deserialize, Serialize};

/// What a target tracking policy's alarms watch ([`Sim::put_tracking_alarms`]).
pub(crate) struct TrackingAlarms<'a> {
    /// `TargetTracking-<resource>`.
    pub stem: &'a str,
    /// What the alarms invoke (the policy).
    pub action: &'a str,
    pub namespace: &'a str,
    pub metric: &'a str,
    pub statistic: &'a str,
    pub dimensions: &'a [Dimension],
    pub target: f64,
    pub high_points: i64,
    pub low_points: i64,
    pub low_factor: f64,
    pub scale_in: bool,
    /// A customized metric's `Metrics` (metric math): the alarms watch
    /// them instead of `namespace`, `metric`, `statistic`, `dimensions`.
    pub metrics: Option<&'a [MetricDataQuery]>,
}

/// F16.7: the queries an alarm's `Metrics` may hold.
pub const MAX_ALARM_METRICS: usize = 10;
/// MODEL: periods read beyond the N evaluated (the evaluation range).
pub const EXTRA_PERIODS: u64 = 2;
/// MODEL: history items kept (AWS keeps two weeks, F16.12).
pub const MAX_HISTORY: usize = 1_000;
/// DescribeAlarms' and DescribeAlarmHistory's MaxRecords, 1–100
/// (BOTO-CW:MaxRecords).
const DESCRIBE_ALARMS: Limits = Limits {
    operation: "DescribeAlarms",
    limit_member: "MaxRecords",
    token_member: "NextToken",
    min: 1,
    max: 100,
    default: Some(100),
    limit_error: ErrorCode::InvalidParameterValue,
    token_error: ErrorCode::InvalidNextToken,
};
const ALARM_HISTORY: Limits = Limits {
    operation: "DescribeAlarmHistory",
    ..DESCRIBE_ALARMS
};

const OPERATORS: [&str; 4] = [
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
];

/// A metric alarm as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRecord {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub actions_enabled: bool,
    pub ok_actions: Vec<String>,
    pub alarm_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    /// Empty (no namespace, no name) for an alarm on `Metrics`.
    pub metric: MetricKey,
    /// Empty for an alarm on `Metrics`.
    pub statistic: String,
    /// `Metrics` as given (ReturnData made explicit), and as read (in the
    /// same order); empty for an alarm on one metric.
    pub metrics: Vec<MetricDataQuery>,
    pub queries: Vec<(String, math::Query)>,
    /// Seconds.
    pub period: u64,
    pub unit: Option<String>,
    pub evaluation_periods: u64,
    pub datapoints_to_alarm: Option<u64>,
    pub threshold: f64,
    pub comparison: String,
    pub treat_missing_data: String,
    pub state: &'static str,
    pub state_reason: String,
    pub state_reason_data: Option<String>,
    pub state_updated: SimTime,
    pub configuration_updated: SimTime,
}

/// One DescribeAlarmHistory item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRecord {
    pub alarm_name: String,
    pub at: SimTime,
    pub kind: &'static str,
    pub summary: String,
    pub data: String,
}

// -------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutMetricAlarmInput {
    pub alarm_name: String,
    #[serde(default)]
    pub alarm_description: Option<String>,
    #[serde(default)]
    pub actions_enabled: Option<bool>,
    #[serde(default, rename = "OKActions")]
    pub ok_actions: Option<Vec<String>>,
    #[serde(default)]
    pub alarm_actions: Option<Vec<String>>,
    #[serde(default)]
    pub insufficient_data_actions: Option<Vec<String>>,
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub statistic: Option<String>,
    #[serde(default)]
    pub extended_statistic: Option<String>,
    #[serde(default)]
    pub dimensions: Option<Vec<Dimension>>,
    #[serde(default)]
    pub period: Option<i64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub evaluation_periods: Option<i64>,
    #[serde(default)]
    pub datapoints_to_alarm: Option<i64>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub comparison_operator: Option<String>,
    #[serde(default)]
    pub treat_missing_data: Option<String>,
    #[serde(default)]
    pub evaluate_low_sample_count_percentile: Option<String>,
    #[serde(default)]
    pub metrics: Option<Vec<MetricDataQuery>>,
    #[serde(default)]
    pub tags: Option<serde_json::Value>,
    #[serde(default)]
    pub threshold_metric_id: Option<String>,
    #[serde(default)]
    pub evaluation_window: Option<serde_json::Value>,
    #[serde(default)]
    pub evaluation_criteria: Option<serde_json::Value>,
    #[serde(default)]
    pub evaluation_interval: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm {
    pub alarm_name: String,
    pub alarm_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    /// Epoch seconds.
    pub alarm_configuration_updated_timestamp: f64,
    pub actions_enabled: bool,
    #[serde(rename = "OKActions")]
    pub ok_actions: Vec<String>,
    pub alarm_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub state_value: &'static str,
    pub state_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason_data: Option<String>,
    pub state_updated_timestamp: f64,
    pub state_transitioned_timestamp: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<String>,
    pub dimensions: Vec<Dimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub evaluation_periods: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u64>,
    pub threshold: f64,
    pub comparison_operator: String,
    pub treat_missing_data: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<MetricDataQuery>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmsInput {
    #[serde(default)]
    pub alarm_names: Option<Vec<String>>,
    #[serde(default)]
    pub alarm_name_prefix: Option<String>,
    #[serde(default)]
    pub alarm_types: Option<Vec<String>>,
    #[serde(default)]
    pub children_of_alarm_name: Option<String>,
    #[serde(default)]
    pub parents_of_alarm_name: Option<String>,
    #[serde(default)]
    pub state_value: Option<String>,
    #[serde(default)]
    pub action_prefix: Option<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsOutput {
    pub composite_alarms: Vec<serde_json::Value>,
    pub metric_alarms: Vec<MetricAlarm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmsForMetricInput {
    pub metric_name: String,
    pub namespace: String,
    #[serde(default)]
    pub statistic: Option<String>,
    #[serde(default)]
    pub extended_statistic: Option<String>,
    #[serde(default)]
    pub dimensions: Option<Vec<Dimension>>,
    #[serde(default)]
    pub period: Option<i64>,
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsForMetricOutput {
    pub metric_alarms: Vec<MetricAlarm>,
}

/// DeleteAlarms, EnableAlarmActions, DisableAlarmActions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AlarmNamesInput {
    pub alarm_names: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetAlarmStateInput {
    pub alarm_name: String,
    pub state_value: String,
    pub state_reason: String,
    #[serde(default)]
    pub state_reason_data: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmHistoryInput {
    #[serde(default)]
    pub alarm_name: Option<String>,
    #[serde(default)]
    pub alarm_contributor_id: Option<String>,
    #[serde(default)]
    pub alarm_types: Option<Vec<String>>,
    #[serde(default)]
    pub history_item_type: Option<String>,
    #[serde(default)]
    pub start_date: Option<serde_json::Value>,
    #[serde(default)]
    pub end_date: Option<serde_json::Value>,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub scan_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItem {
    pub alarm_name: String,
    pub alarm_type: &'static str,
    /// Epoch seconds.
    pub timestamp: f64,
    pub history_item_type: &'static str,
    pub history_summary: String,
    pub history_data: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryOutput {
    pub alarm_history_items: Vec<AlarmHistoryItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

// ------------------------------------------------------------ helpers ---

/// A number as CloudWatch's texts print it (Java's `Double.toString`:
/// `50.0`, `99.50160229693434`).
pub fn java_double(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e7 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

fn breaches(comparison: &str, value: f64, threshold: f64) -> bool {
    match comparison {
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "GreaterThanThreshold" => value > threshold,
        "LessThanThreshold" => value < threshold,
        _ => value <= threshold,
    }
}

fn operator_words(comparison: &str) -> &'static str {
    match comparison {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    }
}

fn not_found(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Alarm {name} does not exist."),
    )
}

/// What one evaluation decided: the new state (None: keep it), and the
/// datapoints behind it (period start in epoch ms, value), newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub state: Option<&'static str>,
    pub datapoints: Vec<(u64, f64)>,
    pub unknown: u64,
}

/// F16.9 as the module docs say: `slots` newest first (N + EXTRA), each
/// `Some((start, value))` or a gap.
pub fn evaluate(
    slots: &[(u64, Option<f64>)],
    n: usize,
    m: usize,
    comparison: &str,
    threshold: f64,
    treat_missing: &str,
) -> Verdict {
    let breach = |v: f64| breaches(comparison, v, threshold);
    let verdict = |state, datapoints: Vec<(u64, f64)>, unknown| Verdict {
        state,
        datapoints,
        unknown,
    };
    // The usual case (every minute of every alarm with data): the newest
    // N real datapoints decide, read straight from the slots.
    if slots.iter().filter(|(_, v)| v.is_some()).count() >= n {
        let mut newest: Vec<(u64, f64)> = Vec::with_capacity(n);
        newest.extend(slots.iter().filter_map(|(a, v)| v.map(|v| (*a, v))).take(n));
        let b = newest.iter().filter(|(_, v)| breach(*v)).count();
        let state = if b >= m { "ALARM" } else { "OK" };
        return verdict(Some(state), newest, 0);
    }
    let real: Vec<(usize, u64, f64)> = slots
        .iter()
        .enumerate()
        .filter_map(|(i, (at, v))| v.map(|v| (i, *at, v)))
        .collect();
    let window = &slots[..n.min(slots.len())];
    let gaps = window.iter().filter(|(_, v)| v.is_none()).count() as u64;
    if treat_missing == "notBreaching" {
        let b = window.iter().filter(|(_, v)| v.is_some_and(breach)).count();
        let points = window
            .iter()
            .filter_map(|(a, v)| v.map(|v| (*a, v)))
            .collect();
        let state = if b >= m { "ALARM" } else { "OK" };
        return verdict(Some(state), points, 0);
    }
    if real.is_empty() {
        let state = match treat_missing {
            "breaching" => Some("ALARM"),
            "ignore" => None,
            _ => Some("INSUFFICIENT_DATA"),
        };
        return verdict(state, Vec::new(), gaps);
    }
    let points: Vec<(u64, f64)> = real.iter().map(|(_, a, v)| (*a, *v)).collect();
    let b = real.iter().filter(|(_, _, v)| breach(*v)).count();
    if b >= m {
        return verdict(Some("ALARM"), points, 0);
    }
    // A breach at least M periods old with no good datapoint after it.
    let newest_good = real
        .iter()
        .find(|(_, _, v)| !breach(*v))
        .map(|(i, _, _)| *i);
    let old_breach = real
        .iter()
        .any(|(i, _, v)| breach(*v) && *i + 1 >= m && newest_good.is_none_or(|g| g > *i));
    if old_breach && treat_missing != "ignore" {
        return verdict(Some("ALARM"), points, 0);
    }
    if b == 0 {
        return verdict(Some("OK"), points, 0);
    }
    verdict(None, points, 0)
}

/// [`evaluate`]'s new state in its usual case (at least N real
/// datapoints in the range: the newest N decide), without the list of
/// datapoints it gives; `None` when another case decides (then
/// [`evaluate`] answers). An alarm evaluated every minute only needs its
/// verdict's datapoints when its state changes.
pub fn usual_state(
    slots: &[(u64, Option<f64>)],
    n: usize,
    m: usize,
    comparison: &str,
    threshold: f64,
) -> Option<&'static str> {
    let (mut real, mut b) = (0, 0);
    for v in slots.iter().filter_map(|(_, v)| *v) {
        if real < n && breaches(comparison, v, threshold) {
            b += 1;
        }
        real += 1;
    }
    (real >= n).then_some(if b >= m { "ALARM" } else { "OK" })
}

/// An alarm's `Metrics` read ([`Sim::checked_alarm_metrics`] without the
/// single-metric members; target tracking policies' customized metrics
/// are checked with it too).
#[allow(clippy::type_complexity)]
pub(crate) fn alarm_metrics(
    metrics: &[MetricDataQuery],
) -> Result<(i64, Vec<MetricDataQuery>, Vec<(String, math::Query)>), ApiError> {
    if metrics.is_empty() || metrics.len() > MAX_ALARM_METRICS {
        return Err(invalid(format!(
            "The collection Metrics must have 1 to {MAX_ALARM_METRICS} elements."
        )));
    }
    let queries = math::check_queries(metrics, "PutMetricAlarm", "Metrics")?;
    let returning: Vec<&MetricDataQuery> = metrics
        .iter()
        .filter(|q| q.return_data != Some(false))
        .collect();
    if returning.len() != 1 {
        return Err(ApiError::new(
            ErrorCode::ValidationError,
            "Exactly one element of the metrics list should return data.",
        ));
    }
    let returned = &returning[0].id;
    // What it is made of decides whether it is one series.
    let shape = math::evaluate_queries(&queries, |_| math::Points::new(), &[0])
        .map_err(|(id, e)| math::math_error("PutMetricAlarm", &id, e))?;
    if matches!(shape.get(returned), Some(math::Value::Array(_))) {
        return Err(math::math_error(
            "PutMetricAlarm",
            returned,
            math::MathError::Invalid("The expression must produce a single time series.".into()),
        ));
    }
    let mut periods: Vec<i64> = metrics
        .iter()
        .filter_map(|q| q.metric_stat.as_ref().map(|s| s.period))
        .collect();
    periods.sort_unstable();
    periods.dedup();
    let period = match periods.as_slice() {
        [] => metrics.iter().find_map(|q| q.period).unwrap_or(60),
        [p] => *p,
        _ => {
            return Err(ApiError::unsupported(
                "PutMetricAlarm",
                "Metrics whose MetricStats have different periods",
            ));
        }
    };
    let kept = metrics
        .iter()
        .map(|q| MetricDataQuery {
            return_data: Some(q.id == *returned),
            ..q.clone()
        })
        .collect();
    Ok((period, kept, queries))
}

impl Sim {
    fn alarm_shape(&self, a: &AlarmRecord) -> MetricAlarm {
        let secs = |t: SimTime| self.epoch_ms(t) as f64 / 1000.0;
        // Whether it watches one metric (not `Metrics`).
        let single = a.metrics.is_empty();
        MetricAlarm {
            alarm_name: a.name.clone(),
            alarm_arn: a.arn.clone(),
            alarm_description: a.description.clone(),
            alarm_configuration_updated_timestamp: secs(a.configuration_updated),
            actions_enabled: a.actions_enabled,
            ok_actions: a.ok_actions.clone(),
            alarm_actions: a.alarm_actions.clone(),
            insufficient_data_actions: a.insufficient_data_actions.clone(),
            state_value: a.state,
            state_reason: a.state_reason.clone(),
            state_reason_data: a.state_reason_data.clone(),
            state_updated_timestamp: secs(a.state_updated),
            state_transitioned_timestamp: secs(a.state_updated),
            metric_name: single.then(|| a.metric.name.clone()),
            namespace: single.then(|| a.metric.namespace.clone()),
            statistic: single.then(|| a.statistic.clone()),
            dimensions: a.metric.dimensions.clone(),
            period: single.then_some(a.period),
            unit: a.unit.clone(),
            evaluation_periods: a.evaluation_periods,
            datapoints_to_alarm: a.datapoints_to_alarm,
            threshold: a.threshold,
            comparison_operator: a.comparison.clone(),
            treat_missing_data: a.treat_missing_data.clone(),
            metrics: (!single).then(|| a.metrics.clone()),
        }
    }

    fn record_history(&mut self, alarm: &str, kind: &'static str, summary: String, data: String) {
        let h = &mut self.state.cloudwatch.history;
        h.push_back(HistoryRecord {
            alarm_name: alarm.to_owned(),
            at: self.now,
            kind,
            summary,
            data,
        });
        while h.len() > MAX_HISTORY {
            h.pop_front();
        }
    }

    /// A policy's alarms replaced: the `old` ones deleted, then `make`
    /// puts the new ones. When `make` fails the alarms and their history
    /// are put back as they were: a refused call changes nothing.
    pub(crate) fn replace_alarms(
        &mut self,
        old: &[(String, String)],
        make: impl FnOnce(&mut Sim) -> Result<Vec<(String, String)>, ApiError>,
    ) -> Result<Vec<(String, String)>, ApiError> {
        let alarms = self.state.cloudwatch.alarms.clone();
        let history = self.state.cloudwatch.history.clone();
        for (alarm, _) in old {
            self.state.cloudwatch.alarms.remove(alarm);
        }
        let out = make(self);
        if out.is_err() {
            self.state.cloudwatch.alarms = alarms;
            self.state.cloudwatch.history = history;
        }
        out
    }

    /// The alarm pair a target tracking policy owns (Application Auto
    /// Scaling's, EC2 Auto Scaling's and ECS cluster auto scaling's, F17.3,
    /// F9.1): `<stem>-AlarmHigh-<uuid>`, above the target for
    /// `high_points` one-minute datapoints, and unless `scale_in` is off
    /// `<stem>-AlarmLow-<uuid>`, below `low_factor` × the target for
    /// `low_points`; each invokes `action`. Returns (name, ARN) each.
    pub(crate) fn put_tracking_alarms(
        &mut self,
        t: &TrackingAlarms<'_>,
    ) -> Result<Vec<(String, String)>, ApiError> {
        let mut out = Vec::new();
        for high in [true, false] {
            if !high && !t.scale_in {
                continue;
            }
            let uuid = self.new_uuid();
            let name = format!(
                "{}-{}-{uuid}",
                t.stem,
                if high { "AlarmHigh" } else { "AlarmLow" }
            );
            let points = if high { t.high_points } else { t.low_points };
            self.put_metric_alarm(PutMetricAlarmInput {
                alarm_name: name.clone(),
                alarm_description: Some(format!(
                    "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {}.",
                    t.action
                )),
                alarm_actions: Some(vec![t.action.to_owned()]),
                metric_name: t.metrics.is_none().then(|| t.metric.to_owned()),
                namespace: t.metrics.is_none().then(|| t.namespace.to_owned()),
                statistic: t.metrics.is_none().then(|| t.statistic.to_owned()),
                dimensions: t.metrics.is_none().then(|| t.dimensions.to_vec()),
                period: t.metrics.is_none().then_some(60),
                metrics: t.metrics.map(<[MetricDataQuery]>::to_vec),
                evaluation_periods: Some(points),
                datapoints_to_alarm: Some(points),
                threshold: Some(if high {
                    t.target
                } else {
                    t.target * t.low_factor
                }),
                comparison_operator: Some(
                    if high {
                        "GreaterThanThreshold"
                    } else {
                        "LessThanThreshold"
                    }
                    .to_owned(),
                ),
                ..Default::default()
            })?;
            let arn = self
                .state
                .cloudwatch
                .alarms
                .get(&name)
                .map(|a| a.arn.clone())
                .unwrap_or_default();
            out.push((name, arn));
        }
        Ok(out)
    }

    /// An alarm's `Metrics` (metric math, F16.7): nothing of the single
    /// metric form beside them, 1 to [`MAX_ALARM_METRICS`] queries read as
    /// GetMetricData reads them, exactly one returning data, and that one a
    /// single time series; the MetricStats in one period, which is the
    /// alarm's (an expression's own Period, when no MetricStat gives one).
    /// Returns the period (seconds), the queries as kept and as read.
    #[allow(clippy::type_complexity)]
    fn checked_alarm_metrics(
        &self,
        req: &PutMetricAlarmInput,
        metrics: &[MetricDataQuery],
    ) -> Result<(i64, Vec<MetricDataQuery>, Vec<(String, math::Query)>), ApiError> {
        let single = [
            ("MetricName", req.metric_name.is_some()),
            ("Namespace", req.namespace.is_some()),
            ("Statistic", req.statistic.is_some()),
            ("ExtendedStatistic", req.extended_statistic.is_some()),
            ("Dimensions", req.dimensions.is_some()),
            ("Period", req.period.is_some()),
            ("Unit", req.unit.is_some()),
        ];
        if let Some((member, _)) = single.iter().find(|(_, given)| *given) {
            return Err(combination(format!(
                "The parameter {member} cannot be used with Metrics: an alarm watches either one metric or the Metrics list."
            )));
        }
        alarm_metrics(metrics)
    }

    pub(crate) fn put_metric_alarm(
        &mut self,
        req: PutMetricAlarmInput,
    ) -> Result<CloudWatchEmpty, ApiError> {
        let refuse = |what: &str| Err(ApiError::unsupported("PutMetricAlarm", what));
        if req.threshold_metric_id.is_some() {
            return refuse("ThresholdMetricId (anomaly detection alarms)");
        }
        if req.extended_statistic.is_some() || req.evaluate_low_sample_count_percentile.is_some() {
            return refuse("ExtendedStatistic (percentile alarms)");
        }
        if req.tags.is_some() {
            return refuse("Tags");
        }
        if req.evaluation_window.is_some()
            || req.evaluation_criteria.is_some()
            || req.evaluation_interval.is_some()
        {
            return refuse("EvaluationWindow, EvaluationCriteria and EvaluationInterval");
        }
        let name = req.alarm_name.clone();
        if name.is_empty() || name.len() > 255 {
            return Err(invalid(
                "The parameter AlarmName must be 1 to 255 characters long.",
            ));
        }
        if req
            .alarm_description
            .as_ref()
            .is_some_and(|d| d.len() > 1024)
        {
            return Err(invalid(
                "The parameter AlarmDescription must be at most 1024 characters long.",
            ));
        }
        let missing = |member: &str| {
            ApiError::new(
                ErrorCode::MissingParameter,
                format!("The parameter {member} is required."),
            )
        };
        let (namespace, metric_name, statistic, period, metrics, queries) = match &req.metrics {
            Some(metrics) => {
                let (period, metrics, queries) = self.checked_alarm_metrics(&req, metrics)?;
                (
                    String::new(),
                    String::new(),
                    String::new(),
                    period,
                    metrics,
                    queries,
                )
            }
            None => {
                let namespace = req.namespace.clone().ok_or_else(|| missing("Namespace"))?;
                let metric_name = req
                    .metric_name
                    .clone()
                    .ok_or_else(|| missing("MetricName"))?;
                let statistic = req.statistic.clone().ok_or_else(|| missing("Statistic"))?;
                if !STATISTICS.contains(&statistic.as_str()) {
                    return Err(invalid(format!(
                        "The parameter Statistic must be a value in the set [ {} ].",
                        STATISTICS.join(", ")
                    )));
                }
                let period = req.period.ok_or_else(|| missing("Period"))?;
                (
                    namespace,
                    metric_name,
                    statistic,
                    period,
                    Vec::new(),
                    Vec::new(),
                )
            }
        };
        let period_ok = matches!(period, 10 | 20 | 30) || (period >= 60 && period % 60 == 0);
        if !period_ok {
            return Err(invalid(format!(
                "The parameter Period must be 10, 20, 30 or a multiple of 60 (got {period})."
            )));
        }
        if period < 60 {
            return refuse("high-resolution alarms (Period 10, 20 or 30)");
        }
        let period = period as u64;
        let n = req
            .evaluation_periods
            .ok_or_else(|| missing("EvaluationPeriods"))?;
        if n < 1 {
            return Err(invalid(
                "The parameter EvaluationPeriods must be at least 1.",
            ));
        }
        let n = n as u64;
        if period.saturating_mul(n) > 86_400 {
            return Err(invalid(
                "The evaluation period (Period multiplied by EvaluationPeriods) must be at most one day (86,400 seconds).",
            ));
        }
        let m = match req.datapoints_to_alarm {
            None => None,
            Some(m) if m >= 1 && (m as u64) <= n => Some(m as u64),
            Some(m) => {
                return Err(invalid(format!(
                    "The parameter DatapointsToAlarm must be from 1 to EvaluationPeriods ({n}); got {m}."
                )));
            }
        };
        let threshold = req.threshold.ok_or_else(|| missing("Threshold"))?;
        if !threshold.is_finite() {
            return Err(invalid("The parameter Threshold must be a finite number."));
        }
        let comparison = req
            .comparison_operator
            .clone()
            .ok_or_else(|| missing("ComparisonOperator"))?;
        if !OPERATORS.contains(&comparison.as_str()) {
            if comparison.contains("Lower") || comparison.contains("Upper") {
                return refuse("anomaly detection comparison operators");
            }
            return Err(invalid(format!(
                "The parameter ComparisonOperator must be a value in the set [ {} ].",
                OPERATORS.join(", ")
            )));
        }
        let treat = req
            .treat_missing_data
            .clone()
            .unwrap_or_else(|| "missing".to_owned());
        if !["breaching", "notBreaching", "ignore", "missing"].contains(&treat.as_str()) {
            return Err(invalid(
                "The parameter TreatMissingData must be breaching, notBreaching, ignore or missing.",
            ));
        }
        if let Some(u) = &req.unit {
            check_unit(u)?;
        }
        let dims = req.dimensions.clone().unwrap_or_default();
        check_dimensions(&dims)?;
        let actions = |a: &Option<Vec<String>>, what: &str| -> Result<Vec<String>, ApiError> {
            let a = a.clone().unwrap_or_default();
            if a.len() > 5 {
                return Err(invalid(format!(
                    "The collection {what} must not have a size greater than 5."
                )));
            }
            if let Some(bad) = a.iter().find(|x| !x.starts_with("arn:")) {
                return Err(invalid(format!(
                    "Invalid arn syntax: {bad} ({what} are ARNs of SNS topics or scaling policies)."
                )));
            }
            Ok(a)
        };
        let ok_actions = actions(&req.ok_actions, "OKActions")?;
        let alarm_actions = actions(&req.alarm_actions, "AlarmActions")?;
        let insufficient = actions(&req.insufficient_data_actions, "InsufficientDataActions")?;
        let dims: Vec<(&str, &str)> = dims
            .iter()
            .map(|d| (d.name.as_str(), d.value.as_str()))
            .collect();
        let metric = MetricKey::new(&namespace, &metric_name, &dims);
        let existing = self.state.cloudwatch.alarms.get(&name);
        // F16.7: re-putting keeps the state and replaces the rest.
        let (state, reason, reason_data, state_updated) = match existing {
            Some(a) => (
                a.state,
                a.state_reason.clone(),
                a.state_reason_data.clone(),
                a.state_updated,
            ),
            None => (
                "INSUFFICIENT_DATA",
                "Unchecked: Initial alarm creation".to_owned(),
                None,
                self.now,
            ),
        };
        let created = existing.is_none();
        let record = AlarmRecord {
            name: name.clone(),
            arn: self.arns.arn("cloudwatch", &format!("alarm:{name}")),
            description: req.alarm_description.clone(),
            actions_enabled: req.actions_enabled.unwrap_or(true),
            ok_actions,
            alarm_actions,
            insufficient_data_actions: insufficient,
            metric,
            statistic,
            metrics,
            queries,
            period,
            unit: req.unit.clone(),
            evaluation_periods: n,
            datapoints_to_alarm: m,
            threshold,
            comparison,
            treat_missing_data: treat,
            state,
            state_reason: reason,
            state_reason_data: reason_data,
            state_updated,
            configuration_updated: self.now,
        };
        self.state.cloudwatch.alarms.insert(name.clone(), record);
        self.record_history(
            &name,
            "ConfigurationUpdate",
            format!("Alarm \"{name}\" {}", if created { "created" } else { "updated" }),
            serde_json::json!({"version": "1.0", "type": if created { "Create" } else { "Update" }})
                .to_string(),
        );
        self.ensure_minute_timer();
        Ok(CloudWatchEmpty {})
    }

    pub(crate) fn describe_alarms(
        &self,
        req: DescribeAlarmsInput,
    ) -> Result<DescribeAlarmsOutput, ApiError> {
        if req.children_of_alarm_name.is_some() || req.parents_of_alarm_name.is_some() {
            return Err(ApiError::unsupported(
                "DescribeAlarms",
                "ChildrenOfAlarmName and ParentsOfAlarmName (composite alarms)",
            ));
        }
        if req.alarm_names.is_some() && req.alarm_name_prefix.is_some() {
            return Err(combination(
                "AlarmNames and AlarmNamePrefix cannot be given together.",
            ));
        }
        let metric_alarms_asked = req
            .alarm_types
            .as_ref()
            .is_none_or(|t| t.is_empty() || t.iter().any(|x| x == "MetricAlarm"));
        if let Some(s) = &req.state_value
            && !["OK", "ALARM", "INSUFFICIENT_DATA"].contains(&s.as_str())
        {
            return Err(invalid(
                "The parameter StateValue must be OK, ALARM or INSUFFICIENT_DATA.",
            ));
        }
        let alarms: Vec<&AlarmRecord> = self
            .state
            .cloudwatch
            .alarms
            .values()
            .filter(|_| metric_alarms_asked)
            .filter(|a| req.alarm_names.as_ref().is_none_or(|n| n.contains(&a.name)))
            .filter(|a| {
                req.alarm_name_prefix
                    .as_ref()
                    .is_none_or(|p| a.name.starts_with(p.as_str()))
            })
            .filter(|a| req.state_value.as_ref().is_none_or(|s| s == a.state))
            .filter(|a| {
                req.action_prefix.as_ref().is_none_or(|p| {
                    a.alarm_actions
                        .iter()
                        .chain(&a.ok_actions)
                        .chain(&a.insufficient_data_actions)
                        .any(|x| x.starts_with(p.as_str()))
                })
            })
            .collect();
        // By name, as they are kept.
        let (metric_alarms, next_token) = DESCRIBE_ALARMS
            .request(req.max_records, req.next_token.as_deref())?
            .page_in_order(alarms.into_iter().map(|a| (&a.name, self.alarm_shape(a))));
        Ok(DescribeAlarmsOutput {
            composite_alarms: Vec::new(),
            metric_alarms,
            next_token,
        })
    }

    /// DescribeAlarmsForMetric: the alarms on exactly this metric. Like
    /// AWS, not alarms that use it only inside a math expression (API
    /// reference: "It does not return alarms based on math expressions that
    /// use the specified metric").
    pub(crate) fn describe_alarms_for_metric(
        &self,
        req: DescribeAlarmsForMetricInput,
    ) -> Result<DescribeAlarmsForMetricOutput, ApiError> {
        let dims = req.dimensions.clone().unwrap_or_default();
        let dims: Vec<(&str, &str)> = dims
            .iter()
            .map(|d| (d.name.as_str(), d.value.as_str()))
            .collect();
        let key = MetricKey::new(&req.namespace, &req.metric_name, &dims);
        let metric_alarms = self
            .state
            .cloudwatch
            .alarms
            .values()
            .filter(|a| a.metric == key)
            .filter(|a| req.statistic.as_ref().is_none_or(|s| *s == a.statistic))
            .filter(|a| req.period.is_none_or(|p| p as u64 == a.period))
            .filter(|a| req.unit.is_none() || req.unit == a.unit)
            .map(|a| self.alarm_shape(a))
            .collect();
        Ok(DescribeAlarmsForMetricOutput { metric_alarms })
    }

    pub(crate) fn delete_alarms(
        &mut self,
        req: AlarmNamesInput,
    ) -> Result<CloudWatchEmpty, ApiError> {
        if req.alarm_names.is_empty() || req.alarm_names.len() > 100 {
            return Err(invalid("DeleteAlarms takes 1 to 100 AlarmNames."));
        }
        if let Some(n) = req
            .alarm_names
            .iter()
            .find(|n| !self.state.cloudwatch.alarms.contains_key(*n))
        {
            return Err(not_found(n));
        }
        for n in &req.alarm_names {
            self.state.cloudwatch.alarms.remove(n);
            self.record_history(
                n,
                "ConfigurationUpdate",
                format!("Alarm \"{n}\" deleted"),
                serde_json::json!({"version": "1.0", "type": "Delete"}).to_string(),
            );
        }
        Ok(CloudWatchEmpty {})
    }

    fn set_actions_enabled(
        &mut self,
        names: &[String],
        on: bool,
    ) -> Result<CloudWatchEmpty, ApiError> {
        if names.is_empty() || names.len() > 100 {
            return Err(invalid("The call takes 1 to 100 AlarmNames."));
        }
        // Unknown names are ignored, as AWS does.
        for n in names {
            if let Some(a) = self.state.cloudwatch.alarms.get_mut(n) {
                a.actions_enabled = on;
            }
        }
        Ok(CloudWatchEmpty {})
    }

    pub(crate) fn enable_alarm_actions(
        &mut self,
        req: AlarmNamesInput,
    ) -> Result<CloudWatchEmpty, ApiError> {
        self.set_actions_enabled(&req.alarm_names, true)
    }

    pub(crate) fn disable_alarm_actions(
        &mut self,
        req: AlarmNamesInput,
    ) -> Result<CloudWatchEmpty, ApiError> {
        self.set_actions_enabled(&req.alarm_names, false)
    }

    /// F16.8: until the next evaluation.
    pub(crate) fn set_alarm_state(
        &mut self,
        req: SetAlarmStateInput,
    ) -> Result<CloudWatchEmpty, ApiError> {
        let state: &'static str = match req.state_value.as_str() {
            "OK" => "OK",
            "ALARM" => "ALARM",
            "INSUFFICIENT_DATA" => "INSUFFICIENT_DATA",
            _ => {
                return Err(invalid(
                    "The parameter StateValue must be OK, ALARM or INSUFFICIENT_DATA.",
                ));
            }
        };
        if !self.state.cloudwatch.alarms.contains_key(&req.alarm_name) {
            return Err(not_found(&req.alarm_name));
        }
        if req.state_reason.len() > 1023 {
            return Err(invalid(
                "The parameter StateReason must be at most 1023 characters long.",
            ));
        }
        let data = match req.state_reason_data {
            Some(d) => match serde_json::from_str::<serde_json::Value>(&d) {
                Ok(value) => Some((d, ReasonData::Value(value))),
                Err(_) => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidFormat,
                        "The parameter StateReasonData is not valid JSON.",
                    ));
                }
            },
            None => None,
        };
        self.transition(&req.alarm_name, state, req.state_reason, data);
        Ok(CloudWatchEmpty {})
    }

    /// Moves an alarm to `state` (a history item when it changes).
    /// `data`: the StateReasonData text with what the history item embeds
    /// of it ([`ReasonData`]), so the text is not parsed again.
    fn transition(
        &mut self,
        name: &str,
        state: &'static str,
        reason: String,
        data: Option<(String, ReasonData)>,
    ) {
        let (data, data_value) = data.unzip();
        let now = self.now;
        let Some(a) = self.state.cloudwatch.alarms.get_mut(name) else {
            return;
        };
        let old = a.state;
        let old_updated = a.state_updated;
        a.state = state;
        let old_reason = std::mem::replace(&mut a.state_reason, reason);
        let old_data = std::mem::replace(&mut a.state_reason_data, data);
        a.state_updated = now;
        if old != state {
            // The history item's text, as serde_json writes
            // {"version", "oldState": {…}, "newState": {…}} (the new
            // state's reason data embedded as its value).
            let mut j = JsonText::default();
            j.raw("{\"version\":\"1.0\",\"oldState\":{\"stateValue\":");
            j.value(old);
            j.raw(",\"stateReason\":");
            j.value(&old_reason);
            j.raw("},\"newState\":{\"stateValue\":");
            j.value(state);
            j.raw(",\"stateReason\":");
            j.value(&a.state_reason);
            j.raw(",\"stateReasonData\":");
            match (&data_value, &a.state_reason_data) {
                (Some(ReasonData::Text), Some(text)) => j.raw(text),
                (Some(ReasonData::Value(v)), _) => j.value(v),
                _ => j.raw("null"),
            }
            j.raw("}}");
            let history = j.text();
            debug_assert_eq!(
                history,
                serde_json::json!({
                    "version": "1.0",
                    "oldState": {"stateValue": old, "stateReason": old_reason},
                    "newState": {
                        "stateValue": state,
                        "stateReason": a.state_reason,
                        "stateReasonData": match (&data_value, &a.state_reason_data) {
                            (Some(ReasonData::Value(v)), _) => Some(v.clone()),
                            (Some(ReasonData::Text), Some(text)) =>
                                serde_json::from_str::<serde_json::Value>(text).ok(),
                            _ => None,
                        },
                    },
                })
                .to_string(),
                "an alarm's history text differs"
            );
            let reason = a.state_reason.clone();
            self.emit(crate::event::EventKind::AlarmStateChanged {
                alarm_name: name.to_owned(),
                old_state: old.to_owned(),
                new_state: state.to_owned(),
                reason,
                previous_reason: old_reason,
                previous_reason_data: old_data,
                previous_updated: old_updated,
            });
            let mut summary = String::with_capacity(30 + old.len() + state.len());
            summary.push_str("Alarm updated from ");
            summary.push_str(old);
            summary.push_str(" to ");
            summary.push_str(state);
            self.record_history(name, "StateUpdate", summary, history);
            // The actions of the new state run (F16.11): an Action item each
            // (MODEL text, section 13; Auto Scaling policies are then also
            // invoked every minute the alarm stays in ALARM, without one).
            let actions = self
                .state
                .cloudwatch
                .alarms
                .get(name)
                .filter(|a| a.actions_enabled)
                .map(|a| match state {
                    "ALARM" => a.alarm_actions.clone(),
                    "OK" => a.ok_actions.clone(),
                    _ => a.insufficient_data_actions.clone(),
                })
                .unwrap_or_default();
            for action in actions {
                // An SNS topic gets the notification (F16.11); Auto
                // Scaling policies are invoked by the minute's evaluation.
                if action.starts_with("arn:aws:sns:")
                    && let Some(topic) = self.sns_topic_by_arn(&action)
                    && let Some(n) = self.alarm_notification(name, old)
                {
                    self.publish_to_topic_with_email(
                        &topic,
                        &n.message,
                        Some(&n.email),
                        Some(&n.subject),
                    );
                }
                // {"actionState", "stateUpdateTimestamp",
                // "notificationResource"} as serde_json writes them.
                let mut j = JsonText::default();
                j.raw("{\"actionState\":\"Succeeded\",\"stateUpdateTimestamp\":");
                j.value(&self.epoch_ms(now));
                j.raw(",\"notificationResource\":");
                j.value(&action);
                j.raw("}");
                let data = j.text();
                debug_assert_eq!(
                    data,
                    serde_json::json!({
                        "actionState": "Succeeded",
                        "stateUpdateTimestamp": self.epoch_ms(now),
                        "notificationResource": action,
                    })
                    .to_string(),
                    "an action's history text differs"
                );
                let summary = ["Successfully executed action ", &action].concat();
                self.record_history(name, "Action", summary, data);
            }
        }
    }

    pub(crate) fn describe_alarm_history(
        &self,
        req: DescribeAlarmHistoryInput,
    ) -> Result<DescribeAlarmHistoryOutput, ApiError> {
        if req.alarm_contributor_id.is_some() {
            return Err(ApiError::unsupported(
                "DescribeAlarmHistory",
                "AlarmContributorId",
            ));
        }
        let kind = req.history_item_type.as_deref();
        if let Some(k) = kind
            && !["ConfigurationUpdate", "StateUpdate", "Action"].contains(&k)
        {
            return Err(invalid(
                "The parameter HistoryItemType must be ConfigurationUpdate, StateUpdate or Action.",
            ));
        }
        let from = match &req.start_date {
            Some(v) => Some(parse_timestamp(v, "StartDate")?),
            None => None,
        };
        let to = match &req.end_date {
            Some(v) => Some(parse_timestamp(v, "EndDate")?),
            None => None,
        };
        let ascending = match req.scan_by.as_deref() {
            None | Some("TimestampDescending") => false,
            Some("TimestampAscending") => true,
            Some(other) => {
                return Err(invalid(format!(
                    "The value {other} for parameter ScanBy is invalid: use TimestampDescending or TimestampAscending."
                )));
            }
        };
        let mut items: Vec<&HistoryRecord> = self
            .state
            .cloudwatch
            .history
            .iter()
            .filter(|h| req.alarm_name.as_ref().is_none_or(|n| *n == h.alarm_name))
            .filter(|h| kind.is_none_or(|k| k == h.kind))
            .filter(|h| from.is_none_or(|f| self.epoch_ms(h.at) >= f))
            .filter(|h| to.is_none_or(|t| self.epoch_ms(h.at) < t))
            .collect();
        if !ascending {
            items.reverse();
        }
        // By offset: history items have no key of their own.
        let max = ALARM_HISTORY.limit(req.max_records)?;
        let start = match &req.next_token {
            None => 0,
            Some(t) => STV1
                .decode_offset(t)
                .ok_or_else(|| ALARM_HISTORY.bad_token())?,
        };
        let (page, next) = page_at(items, start, max);
        Ok(DescribeAlarmHistoryOutput {
            alarm_history_items: page
                .iter()
                .map(|h| AlarmHistoryItem {
                    alarm_name: h.alarm_name.clone(),
                    alarm_type: "MetricAlarm",
                    timestamp: self.epoch_ms(h.at) as f64 / 1000.0,
                    history_item_type: h.kind,
                    history_summary: h.summary.clone(),
                    history_data: h.data.clone(),
                })
                .collect(),
            next_token: next.map(|n| STV1.encode_offset(n)),
        })
    }

    /// Every minute: each alarm evaluated (F16.9), its state moved.
    pub(crate) fn evaluate_alarms(&mut self) {
        if self.state.cloudwatch.alarms.is_empty() {
            return;
        }
        let now = self.epoch_ms(self.now);
        let end = now - now % MINUTE_MS;
        let names: Vec<String> = self.state.cloudwatch.alarms.keys().cloned().collect();
        // One list of slots for the minute's alarms.
        let mut slots: Vec<(u64, Option<f64>)> = Vec::new();
        for name in names {
            // Read in place (no copy of the alarm: its reason and data are
            // long texts); only a change of state is written.
            let Some(a) = self.state.cloudwatch.alarms.get(&name) else {
                continue;
            };
            let period = a.period * 1000;
            let slots_n = a.evaluation_periods + EXTRA_PERIODS;
            let start = end.saturating_sub(slots_n * period);
            if self.ecs_alarm_slots(a, start, end, period, slots_n, &mut slots) {
                debug_assert_eq!(
                    slots,
                    self.alarm_slots(a, start, end, period, slots_n),
                    "an alarm's AWS/ECS slots differ from its buckets'"
                );
            } else {
                slots = self.alarm_slots(a, start, end, period, slots_n);
            }
            let n = a.evaluation_periods as usize;
            let m = a.datapoints_to_alarm.unwrap_or(a.evaluation_periods) as usize;
            let verdict = || {
                evaluate(
                    &slots,
                    n,
                    m,
                    &a.comparison,
                    a.threshold,
                    &a.treat_missing_data,
                )
            };
            // The datapoints behind the verdict are listed only for a
            // transition's reason.
            let usual = usual_state(&slots, n, m, &a.comparison, a.threshold);
            debug_assert!(
                usual.is_none() || verdict().state == usual,
                "the usual case's state differs from evaluate's"
            );
            let change = usual
                .or_else(|| verdict().state)
                .filter(|state| {
                    *state != a.state || a.state_reason == "Unchecked: Initial alarm creation"
                })
                .map(|state| (state, self.reason_for(a, state, &verdict(), start, now)));
            let alarm = match change {
                None => a,
                Some((state, (reason, data))) => {
                    self.transition(&name, state, reason, Some(data));
                    let Some(alarm) = self.state.cloudwatch.alarms.get(&name) else {
                        continue;
                    };
                    alarm
                }
            };
            // F16.9: Auto Scaling actions run every minute the alarm is in
            // ALARM, on its newest datapoint.
            let newest = slots.iter().find_map(|(_, v)| *v);
            if alarm.state == "ALARM"
                && alarm.actions_enabled
                && let Some(value) = newest
            {
                // What the actions read of the alarm, as it is now.
                let (actions, threshold) = (alarm.alarm_actions.clone(), alarm.threshold);
                for action in &actions {
                    if action.contains(":autoScalingGroupName/") {
                        self.asg_alarm_action(&name, threshold, action, value);
                    } else if action.contains(":scalingPolicy:") {
                        self.alarm_action(&name, threshold, action, value);
                    }
                }
            }
        }
    }

    /// [`Sim::alarm_slots`] for an alarm on a service's `AWS/ECS` metric
    /// with a one-minute period (what target tracking's alarms watch),
    /// written into `out` straight from the service's window: each minute
    /// is its own slot, so no buckets are made. False (and `out` left as
    /// it may be) when the alarm is not one, or the window's minutes do
    /// not fall one to a slot: then [`Sim::alarm_slots`] answers.
    fn ecs_alarm_slots(
        &self,
        a: &AlarmRecord,
        start: u64,
        end: u64,
        period: u64,
        slots_n: u64,
        out: &mut Vec<(u64, Option<f64>)>,
    ) -> bool {
        let key = &a.metric;
        if period != MINUTE_MS
            || key.namespace != "AWS/ECS"
            || end < slots_n * period
            || !end.is_multiple_of(MINUTE_MS)
            || a.metrics.iter().any(|q| q.return_data == Some(true))
        {
            return false;
        }
        out.clear();
        out.extend((0..slots_n).map(|i| (end - (i + 1) * period, None)));
        // What `ecs_alarm_buckets` asks first: no series, or another
        // unit, is no datapoint.
        if a.unit.as_deref().is_some_and(|u| u != "Percent") {
            return true;
        }
        let Some((memory, window)) = self.ecs_service_window(key) else {
            return true;
        };
        // Newest first: each minute in [start, end) is the slot
        // (end − at) / period − 1. (A memory series with no measured minute
        // at all has no datapoint either way.)
        let mut newer = u64::MAX;
        for m in window.iter().rev() {
            let at = self.epoch_ms(m.start);
            if at >= newer || !at.is_multiple_of(MINUTE_MS) {
                // Not one minute to a slot: the buckets answer.
                return false;
            }
            newer = at;
            if at < start {
                break;
            }
            if at >= end {
                continue;
            }
            let stat = if memory { m.memory } else { Some(m.cpu) };
            if let Some(stat) = stat {
                let i = ((end - at) / period - 1) as usize;
                out[i].1 = Some(stat.get(&a.statistic));
            }
        }
        true
    }

    /// An alarm's last `slots_n` periods before `end`, newest first: each
    /// period's start and its statistic, if it has datapoints. A service's
    /// `AWS/ECS` metric is read from the service's own window, from its
    /// newest minute back to `start` ([`Sim::ecs_alarm_buckets`]), which
    /// is what 60 alarms evaluated every minute mostly ask for; any other
    /// through [`Sim::aggregate`]. Debug builds compare the two.
    fn alarm_slots(
        &self,
        a: &AlarmRecord,
        start: u64,
        end: u64,
        period: u64,
        slots_n: u64,
    ) -> Vec<(u64, Option<f64>)> {
        if let Some(returned) = a.metrics.iter().find(|q| q.return_data == Some(true)) {
            // Metric math: the returned query's points, period by period.
            let points = self
                .query_points(&a.queries, start, end, period)
                .ok()
                .and_then(|mut p| p.remove(&returned.id))
                .unwrap_or_default();
            return (0..slots_n)
                .map(|i| {
                    let at = end.saturating_sub((i + 1) * period);
                    (at, points.get(&at).copied())
                })
                .collect();
        }
        let aggregated = || -> Vec<(u64, Stat)> {
            self.aggregate(&a.metric, a.unit.as_deref(), start, end, period)
                .map(|(_, b)| b)
                .unwrap_or_default()
        };
        let buckets = match self.ecs_alarm_buckets(a, start, end, period) {
            Some(buckets) => {
                debug_assert_eq!(
                    buckets,
                    aggregated(),
                    "an alarm's AWS/ECS buckets differ from the aggregate's"
                );
                buckets
            }
            None => aggregated(),
        };
        // The slots go back in time and the buckets forward (each start
        // once), so one walk back through the buckets finds every slot's.
        let mut newer = buckets.len();
        (0..slots_n)
            .map(|i| {
                let at = end.saturating_sub((i + 1) * period);
                while newer > 0 && buckets[newer - 1].0 > at {
                    newer -= 1;
                }
                let stat = newer
                    .checked_sub(1)
                    .and_then(|k| buckets.get(k))
                    .filter(|(b, _)| *b == at);
                (at, stat.map(|(_, s)| s.get(&a.statistic)))
            })
            .collect()
    }

    /// [`Sim::aggregate`]'s buckets for an alarm on a service's `AWS/ECS`
    /// metric, in time order, read from the service's window (oldest
    /// first) back from its newest minute; `None` when the alarm's metric
    /// is not one (then the aggregate answers).
    fn ecs_alarm_buckets(
        &self,
        a: &AlarmRecord,
        start: u64,
        end: u64,
        period: u64,
    ) -> Option<Vec<(u64, Stat)>> {
        let key = &a.metric;
        if key.namespace != "AWS/ECS" || period == 0 {
            return None;
        }
        // What `ecs_series_of` and `aggregate` ask first: no series, or
        // another unit, is no bucket.
        if a.unit.as_deref().is_some_and(|u| u != "Percent") {
            return Some(Vec::new());
        }
        let Some((memory, window)) = self.ecs_service_window(key) else {
            return Some(Vec::new());
        };
        if memory && window.iter().all(|m| m.memory.is_none()) {
            return Some(Vec::new());
        }
        // The minutes in [start, end), newest first (the window is in time
        // order), then bucketed oldest first.
        // (At most a point a minute.)
        let room = usize::try_from((end.saturating_sub(start)) / MINUTE_MS + 1).unwrap_or(0);
        let mut points: Vec<(u64, Stat)> = Vec::with_capacity(room.min(window.len()));
        for m in window.iter().rev() {
            let at = self.epoch_ms(m.start);
            if at < start {
                break;
            }
            if at >= end {
                continue;
            }
            let stat = if memory { m.memory } else { Some(m.cpu) };
            if let Some(stat) = stat {
                points.push((at, stat));
            }
        }
        // Bucketed in place, oldest first: `kept` buckets made so far.
        points.reverse();
        let mut kept: usize = 0;
        for i in 0..points.len() {
            let (at, stat) = points[i];
            let bucket = start + (at - start) / period * period;
            match kept.checked_sub(1).map(|k| &mut points[k]) {
                Some((b, s)) if *b == bucket => s.merge(&stat),
                _ => {
                    points[kept] = (bucket, stat);
                    kept += 1;
                }
            }
        }
        points.truncate(kept);
        Some(points)
    }

    /// F16.10's StateReason and StateReasonData (the text with what the
    /// history item embeds of it).
    fn reason_for(
        &self,
        a: &AlarmRecord,
        state: &'static str,
        v: &Verdict,
        start: u64,
        now: u64,
    ) -> (String, (String, ReasonData)) {
        // The datapoints as `50.0 (01/01/26 00:05:00), …`.
        let list = |points: &mut dyn Iterator<Item = &(u64, f64)>| {
            let mut out = String::new();
            for (i, (at, val)) in points.enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_java_double(&mut out, *val);
                out.push_str(" (");
                push_reason_stamp(&mut out, *at);
                out.push(')');
            }
            out
        };
        let k = v.datapoints.len();
        let words = operator_words(&a.comparison);
        let t = java_double(a.threshold);
        let reason = if state == "INSUFFICIENT_DATA" {
            format!(
                "Insufficient Data: {} datapoint{} {} unknown.",
                v.unknown,
                if v.unknown == 1 { "" } else { "s" },
                if v.unknown == 1 { "was" } else { "were" }
            )
        } else {
            let not = if state == "OK" { "not " } else { "" };
            match a.datapoints_to_alarm {
                // F16.10: an OK transition lists the datapoints that do not
                // breach; it needs N − M + 1 of them (one, for M = N).
                Some(m) if state == "OK" => {
                    let mut good = v
                        .datapoints
                        .iter()
                        .filter(|(_, val)| !breaches(&a.comparison, *val, a.threshold));
                    let shown = good.clone().count();
                    let min = a.evaluation_periods.saturating_sub(m) + 1;
                    format!(
                        "Threshold Crossed: {shown} out of the last {} datapoints [{}] {} {not}{words} the threshold ({t}) (minimum {min} datapoint{} for ALARM -> OK transition).",
                        a.evaluation_periods,
                        list(&mut good),
                        if shown == 1 { "was" } else { "were" },
                        if min == 1 { "" } else { "s" },
                    )
                }
                Some(m) => {
                    let shown = m as usize;
                    format!(
                        "Threshold Crossed: {shown} out of the last {} datapoints [{}] {} {words} the threshold ({t}) (minimum {m} datapoint{} for OK -> ALARM transition).",
                        a.evaluation_periods,
                        list(&mut v.datapoints.iter()),
                        if shown == 1 { "was" } else { "were" },
                        if m == 1 { "" } else { "s" },
                    )
                }
                None => format!(
                    "Threshold Crossed: {k} datapoint{} [{}] {} {not}{words} the threshold ({t}).",
                    if k == 1 { "" } else { "s" },
                    list(&mut v.datapoints.iter()),
                    if k == 1 { "was" } else { "were" },
                ),
            }
        };
        let iso = |ms: u64| {
            crate::base::time::iso8601(ms, crate::base::time::Precision::Millis)
                .replace('Z', "+0000")
        };
        let value = || {
            let mut data = serde_json::json!({
                "version": "1.0",
                "queryDate": iso(now),
                "startDate": iso(start),
                "statistic": a.statistic,
                "period": a.period,
                "recentDatapoints": v.datapoints.iter().map(|(_, x)| *x).collect::<Vec<f64>>(),
                "threshold": a.threshold,
            });
            // An alarm on Metrics has no one statistic.
            if !a.metrics.is_empty()
                && let Some(o) = data.as_object_mut()
            {
                o.remove("statistic");
            }
            data
        };
        if !a.metrics.is_empty() {
            // The history item embeds the value (serde_json reads its own
            // text back to the same value).
            let data = value();
            return (reason, (data.to_string(), ReasonData::Value(data)));
        }
        // One metric: the text written as serde_json writes that value.
        let mut j = JsonText::default();
        j.raw("{\"version\":\"1.0\",\"queryDate\":\"");
        j.iso_millis(now);
        j.raw("\",\"startDate\":\"");
        j.iso_millis(start);
        j.raw("\",\"statistic\":");
        j.value(&a.statistic);
        j.raw(",\"period\":");
        j.value(&a.period);
        j.raw(",\"recentDatapoints\":[");
        for (i, (_, x)) in v.datapoints.iter().enumerate() {
            if i > 0 {
                j.raw(",");
            }
            j.value(x);
        }
        j.raw("],\"threshold\":");
        j.value(&a.threshold);
        j.raw("}");
        let text = j.text();
        debug_assert_eq!(text, value().to_string(), "a reason's data text differs");
        (reason, (text, ReasonData::Text))
    }
}

/// What a transition's history item embeds of its StateReasonData.
pub(crate) enum ReasonData {
    /// The text itself: it is compact JSON as serde_json writes it.
    Text,
    /// The value the text was read as (SetAlarmState's, whose text may be
    /// written otherwise).
    Value(serde_json::Value),
}

/// Compact JSON written piece by piece, exactly as serde_json writes a
/// `Value` (its escapes and numbers: values go through its serializer),
/// without building the `Value`.
#[derive(Default)]
struct JsonText(Vec<u8>);

impl JsonText {
    /// Text that is JSON already.
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A string, number or value.
    fn value<T: Serialize + ?Sized>(&mut self, v: &T) {
        // Writing a string, a number or a `Value` into memory cannot fail.
        let _ = serde_json::to_writer(&mut self.0, v);
    }

    fn text(self) -> String {
        String::from_utf8(self.0).unwrap_or_default()
    }

    /// A time as the reason data writes it, `2026-01-01T00:05:00.000+0000`
    /// (ISO 8601 with milliseconds and `+0000` for `Z`), digit by digit
    /// for a four-digit year.
    fn iso_millis(&mut self, ms: u64) {
        let slow = || {
            crate::base::time::iso8601(ms, crate::base::time::Precision::Millis)
                .replace('Z', "+0000")
        };
        let secs = ms / 1000;
        let (y, mo, d) = crate::base::time::civil_from_days((secs / 86_400) as i64);
        if !(1000..=9999).contains(&y) {
            self.raw(&slow());
            return;
        }
        let start = self.0.len();
        let rem = secs % 86_400;
        fn digits(out: &mut Vec<u8>, n: u64, width: u32) {
            for k in (0..width).rev() {
                out.push(b'0' + (n / 10u64.pow(k) % 10) as u8);
            }
        }
        let out = &mut self.0;
        digits(out, y as u64, 4);
        out.push(b'-');
        digits(out, mo as u64, 2);
        out.push(b'-');
        digits(out, d as u64, 2);
        out.push(b'T');
        digits(out, rem / 3600, 2);
        out.push(b':');
        digits(out, rem / 60 % 60, 2);
        out.push(b':');
        digits(out, rem % 60, 2);
        out.push(b'.');
        digits(out, ms % 1000, 3);
        self.raw("+0000");
        debug_assert_eq!(
            &self.0[start..],
            slow().as_bytes(),
            "a reason data time differs"
        );
    }
}

/// [`java_double`] written into `out`.
fn push_java_double(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    let _ = if v.fract() == 0.0 && v.abs() < 1e7 {
        write!(out, "{v:.1}")
    } else {
        write!(out, "{v}")
    };
}

/// A StateReason's time: `2026-01-01T00:05:00Z` as `01/01/26 00:05:00`
/// (day, month, the year without its first two digits).
fn push_reason_stamp(out: &mut String, ms: u64) {
    let secs = ms / 1000;
    let (y, mo, d) = crate::base::time::civil_from_days((secs / 86_400) as i64);
    let rem = (secs % 86_400) as i64;
    let two = |out: &mut String, n: i64| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let start = out.len();
    if (1000..=9999).contains(&y) {
        two(out, d);
        out.push('/');
        two(out, mo);
        out.push('/');
        two(out, y % 100);
        out.push(' ');
        two(out, rem / 3600);
        out.push(':');
        two(out, rem / 60 % 60);
        out.push(':');
        two(out, rem % 60);
    } else {
        out.push_str(&reason_stamp_of_iso(ms));
    }
    debug_assert_eq!(
        &out[start..],
        reason_stamp_of_iso(ms),
        "a reason's time differs"
    );
}

/// [`push_reason_stamp`] from the ISO 8601 text (any year).
fn reason_stamp_of_iso(ms: u64) -> String {
    let iso = crate::base::time::iso8601(ms, crate::base::time::Precision::Seconds);
    // 2026-01-01T00:05:00Z → 01/01/26 00:05:00
    let (date, time) = iso
        .trim_end_matches('Z')
        .split_once('T')
        .unwrap_or((&iso, ""));
    let mut d = date.split('-');
    let (y, mo, da) = (
        d.next().unwrap_or(""),
        d.next().unwrap_or(""),
        d.next().unwrap_or(""),
    );
    format!("{da}/{mo}/{} {time}", y.get(2..).unwrap_or(y))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// F16.9's official cases, N = M = 3, written oldest first as the
    /// user guide does ("-" a gap, "0" good, "X" breaching).
    fn case(pattern: &str, treat: &str) -> Option<&'static str> {
        let mut slots: Vec<(u64, Option<f64>)> = pattern
            .split(' ')
            .enumerate()
            .map(|(i, c)| {
                let v = match c {
                    "0" => Some(0.0),
                    "X" => Some(100.0),
                    _ => None,
                };
                (i as u64 * 60_000, v)
            })
            .collect();
        slots.reverse();
        evaluate(&slots, 3, 3, "GreaterThanThreshold", 50.0, treat).state
    }

    #[test]
    fn the_user_guides_missing_data_cases() {
        for (pattern, want) in [
            (
                "- - - - -",
                [Some("INSUFFICIENT_DATA"), None, Some("ALARM"), Some("OK")],
            ),
            (
                "0 - - - -",
                [Some("OK"), Some("OK"), Some("OK"), Some("OK")],
            ),
            (
                "- - X - -",
                [Some("ALARM"), None, Some("ALARM"), Some("OK")],
            ),
        ] {
            for (treat, want) in ["missing", "ignore", "breaching", "notBreaching"]
                .iter()
                .zip(want)
            {
                assert_eq!(case(pattern, treat), want, "{pattern} {treat}");
            }
        }
        // The newest datapoint breaching alone: no alarm yet.
        assert_ne!(case("- - - - X", "missing"), Some("ALARM"));
        // Enough real datapoints: the newest three decide.
        assert_eq!(case("0 X X X", "missing"), Some("ALARM"));
        assert_eq!(case("X X X 0", "missing"), Some("OK"));
    }

    #[test]
    fn numbers_print_like_java() {
        assert_eq!(java_double(50.0), "50.0");
        assert_eq!(java_double(99.50160229693434), "99.50160229693434");
        assert_eq!(java_double(0.5), "0.5");
        for v in [50.0, 99.50160229693434, 0.5, 1e7, 12_345_678.0, -3.0, 1e-9] {
            let mut out = String::new();
            push_java_double(&mut out, v);
            assert_eq!(out, java_double(v));
        }
    }

    #[test]
    fn reason_times_and_json_texts_are_the_slow_forms() {
        // 2026-01-01T00:05:00Z, a leap day, a year's last second, 1970.
        for ms in [1_767_225_900_000, 1_835_481_599_000, 1_798_761_599_999, 0] {
            let mut out = String::from("x");
            push_reason_stamp(&mut out, ms);
            assert_eq!(out[1..], reason_stamp_of_iso(ms));
            let mut j = JsonText::default();
            j.iso_millis(ms);
            let slow = crate::base::time::iso8601(ms, crate::base::time::Precision::Millis)
                .replace('Z', "+0000");
            assert_eq!(j.text(), slow);
        }
        let mut out = String::new();
        push_reason_stamp(&mut out, 1_767_225_900_000);
        assert_eq!(out, "01/01/26 00:05:00");
        // Strings with escapes and numbers, as serde_json writes a Value.
        let tricky = "a \"quoted\" \\ line\nwith\ttabs, \u{1} and é";
        let mut j = JsonText::default();
        j.raw("{\"s\":");
        j.value(tricky);
        j.raw(",\"n\":[");
        for (i, x) in [50.0, 0.1, 1e21, 12.5, f64::NAN].iter().enumerate() {
            if i > 0 {
                j.raw(",");
            }
            j.value(x);
        }
        j.raw("],\"u\":");
        j.value(&60u64);
        j.raw("}");
        assert_eq!(
            j.text(),
            serde_json::json!({
                "s": tricky,
                "n": [50.0, 0.1, 1e21, 12.5, f64::NAN],
                "u": 60u64,
            })
            .to_string()
        );
    }
}
