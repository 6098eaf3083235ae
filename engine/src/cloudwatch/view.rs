//! What the sandbox's charts draw (issue 17), as plain data in the
//! [`crate::View`]: the last [`CHART_MINUTES`] of every metric with data
//! (each minute's datapoint as one statistic), the metric alarms with their
//! thresholds and states, the scaling activities of that window (Application
//! Auto Scaling and EC2 Auto Scaling), and each service's desired and
//! RUNNING task counts minute by minute.
//!
//! A series is read from the same sources GetMetricStatistics reads
//! ([`Sim::all_series`]), so a chart and the CLI never disagree.

use super::{MetricKey, Stat};
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// MODEL (the sandbox): minutes of data the charts show.
pub const CHART_MINUTES: u64 = 60;
const MINUTE_MS: u64 = 60_000;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsView {
    /// By namespace, metric name and dimensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SeriesView>,
    /// By name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarms: Vec<AlarmView>,
    /// Oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<ScalingActivityView>,
    /// By service ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub task_counts: Vec<TaskCountsView>,
}

impl MetricsView {
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
            && self.alarms.is_empty()
            && self.activities.is_empty()
            && self.task_counts.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesView {
    pub namespace: String,
    pub metric_name: String,
    /// (name, value), sorted by name.
    pub dimensions: Vec<(String, String)>,
    pub unit: String,
    /// The statistic of each point: the one the first alarm on the metric
    /// uses, else the one AWS's console charts the metric with (Sum for
    /// counts, Average for the rest).
    pub statistic: String,
    /// (the minute's start, the statistic over it), oldest first.
    pub points: Vec<(SimTime, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlarmView {
    pub name: String,
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub statistic: String,
    /// Seconds.
    pub period: u64,
    pub comparison: String,
    pub threshold: f64,
    /// OK, ALARM or INSUFFICIENT_DATA.
    pub state: String,
    pub state_reason: String,
    pub state_updated: SimTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingActivityView {
    pub at: SimTime,
    /// `service/<cluster>/<service>` (Application Auto Scaling's resource
    /// id) or an Auto Scaling group's name.
    pub resource: String,
    pub description: String,
    /// The activity's StatusCode.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskCountsView {
    pub service_arn: String,
    /// (when, desired, RUNNING), oldest first.
    pub points: Vec<(SimTime, u32, u32)>,
}

/// The statistic a chart shows a metric with when no alarm says.
pub fn default_statistic(metric_name: &str) -> &'static str {
    match metric_name {
        "RequestCount"
        | "RequestCountPerTarget"
        | "HTTPCode_Target_2XX_Count"
        | "HTTPCode_Target_3XX_Count"
        | "HTTPCode_Target_4XX_Count"
        | "HTTPCode_Target_5XX_Count"
        | "HTTPCode_ELB_5XX_Count"
        | "HTTPCode_ELB_4XX_Count"
        | "HTTPCode_ELB_3XX_Count"
        | "NewFlowCount"
        | "ProcessedBytes"
        | "ConsumedLCUs"
        | "NumberOfMessagesSent"
        | "NumberOfMessagesReceived"
        | "NumberOfMessagesDeleted"
        | "NumberOfEmptyReceives"
        | "Invocations"
        | "FailedInvocations"
        | "TriggeredRules"
        | "MatchedEvents" => "Sum",
        _ => "Average",
    }
}

fn pairs(key: &MetricKey) -> Vec<(String, String)> {
    key.dimensions
        .iter()
        .map(|d| (d.name.clone(), d.value.clone()))
        .collect()
}

impl Sim {
    /// The charts' data now (see the module's doc).
    pub fn metrics_view(&self) -> MetricsView {
        let cw = &self.state.cloudwatch;
        let now_epoch = self.epoch_ms(self.now);
        let from_epoch = now_epoch.saturating_sub(CHART_MINUTES * MINUTE_MS);
        let from = SimTime(self.now.0.saturating_sub(CHART_MINUTES * MINUTE_MS));
        let to_sim = |epoch: u64| SimTime(epoch.saturating_sub(self.config.start_epoch_ms));
        let mut series: Vec<SeriesView> = self
            .all_series()
            .into_iter()
            .filter_map(|(key, s)| {
                let statistic = cw
                    .alarms
                    .values()
                    .find(|a| a.metric == key)
                    .map_or(default_statistic(&key.name), |a| a.statistic.as_str())
                    .to_owned();
                let points: Vec<(SimTime, f64)> = s
                    .points
                    .range(from_epoch..)
                    .map(|(at, stat): (&u64, &Stat)| (to_sim(*at), stat.get(&statistic)))
                    .collect();
                (!points.is_empty()).then(|| SeriesView {
                    namespace: key.namespace.clone(),
                    metric_name: key.name.clone(),
                    dimensions: pairs(&key),
                    unit: s.unit,
                    statistic,
                    points,
                })
            })
            .collect();
        series.sort_by(|a, b| {
            (&a.namespace, &a.metric_name, &a.dimensions).cmp(&(
                &b.namespace,
                &b.metric_name,
                &b.dimensions,
            ))
        });
        let alarms = cw
            .alarms
            .values()
            .map(|a| AlarmView {
                name: a.name.clone(),
                namespace: a.metric.namespace.clone(),
                metric_name: a.metric.name.clone(),
                dimensions: pairs(&a.metric),
                statistic: a.statistic.clone(),
                period: a.period,
                comparison: a.comparison.clone(),
                threshold: a.threshold,
                state: a.state.to_owned(),
                state_reason: a.state_reason.clone(),
                state_updated: a.state_updated,
            })
            .collect();
        let mut activities: Vec<ScalingActivityView> = self
            .state
            .aas
            .activities
            .iter()
            .filter(|a| a.at >= from)
            .map(|a| ScalingActivityView {
                at: a.at,
                resource: a.resource_id.clone(),
                description: a.description.clone(),
                status: a.status_code.to_owned(),
            })
            .collect();
        for g in self.state.auto_scaling_groups.values() {
            activities.extend(
                g.activities
                    .iter()
                    .filter(|a| a.start_time >= from)
                    .map(|a| ScalingActivityView {
                        at: a.start_time,
                        resource: g.name.clone(),
                        description: a.description.clone(),
                        status: a.status_code.to_owned(),
                    }),
            );
        }
        // Stable: activities of one moment keep their order.
        activities.sort_by_key(|a| a.at);
        let task_counts = cw
            .counts
            .iter()
            .filter(|(arn, _)| self.state.services.contains_key(*arn))
            .map(|(arn, window)| TaskCountsView {
                service_arn: arn.clone(),
                points: window
                    .iter()
                    .filter(|c| c.at >= from)
                    .map(|c| (c.at, c.desired, c.running))
                    .collect(),
            })
            .filter(|c| !c.points.is_empty())
            .collect();
        MetricsView {
            series,
            alarms,
            activities,
            task_counts,
        }
    }
}
