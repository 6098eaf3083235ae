//! Amazon CloudWatch metrics (botocore `cloudwatch`, F16): PutMetricData,
//! ListMetrics, GetMetricStatistics and GetMetricData over one-minute
//! datapoints.
//!
//! Where the datapoints come from:
//! - `AWS/ECS` `CPUUtilization` and `MemoryUtilization` per service
//!   (`ClusterName`, `ServiceName`; F8.3, F16.1), computed every simulated
//!   minute (`ecs_minute`) from the service's RUNNING tasks: an idle
//!   container's CPU and memory (MODEL), the CPU its load balancer traffic
//!   costs (`crate::elbv2::traffic`; each task at its target groups'
//!   average, MODEL), and the demand `sim load` sets
//!   ([`load`]). No running task, no datapoint.
//! - `AWS/ApplicationELB`, `AWS/NetworkELB` and `AWS/ELB` (Classic), read
//!   from the per-minute figures `sim traffic` keeps per target group
//!   ([`elb_series`]): only while requests flow (F16.3), counts that are 0
//!   left out except RequestCount and RequestCountPerTarget; dimension
//!   values are the ARN tails (F16.2).
//! - Custom namespaces through PutMetricData (F16.6).
//!
//! MODEL (section 13): CloudWatch keeps one-minute data for 15 days (F16.5);
//! the simulator keeps [`WINDOW_MINUTES`] of it, and a datapoint for the
//! minute [T, T+60 s) is there from T+60 s on. A datapoint is the minute's
//! statistic set (SampleCount, Sum, Minimum, Maximum); periods longer than
//! a minute combine them. Percentiles (ExtendedStatistics) are refused as
//! not modelled.
//! - `ECS/ContainerInsights` `RunningTaskCount` and `DesiredTaskCount` per
//!   service, for clusters with Container Insights on
//!   ([`Sim::container_insights_minute`]).
//!
//! Metric math ([`math`]): GetMetricData's Expression queries, and alarms
//! on `Metrics` (F16.7), which target tracking policies with a customized
//! metric's `Metrics` create (the backlog per task of F11.9).

pub mod alarms;
pub mod load;
pub mod math;
pub mod notify;
pub mod shapes;
pub mod view;

pub use alarms::*;
pub use load::{Load, LoadRecord};
pub use shapes::*;

use crate::base::paginate::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use std::collections::{BTreeMap, VecDeque};

/// MODEL: minutes of one-minute datapoints kept per metric (3 hours; the
/// same window as `sim traffic`'s figures).
pub const WINDOW_MINUTES: u64 = 180;
/// F16.4: datapoints one GetMetricStatistics call may return.
pub const MAX_DATAPOINTS: u64 = 1_440;
/// F16.5: datapoints per GetMetricData call.
pub const MAX_METRIC_DATA_POINTS: u64 = 100_800;
/// F16.5: queries per GetMetricData call.
pub const MAX_QUERIES: usize = 500;
/// F16.6: metrics per PutMetricData call, dimensions per metric.
pub const MAX_PUT_METRICS: usize = 1_000;
pub const MAX_DIMENSIONS: usize = 30;
/// ListMetrics pages hold 500 metrics (there is no page size to ask for).
const LIST_METRICS: Limits = Limits {
    operation: "ListMetrics",
    limit_member: "MaxRecords",
    token_member: "NextToken",
    min: 1,
    max: 500,
    default: Some(500),
    limit_error: ErrorCode::InvalidParameterValue,
    token_error: ErrorCode::InvalidNextToken,
};
/// MODEL: an idle web container's memory (its CPU is
/// `crate::elbv2::traffic::BASE_CPU_PERCENT`).
pub const BASE_MEMORY_PERCENT: f64 = 10.0;

const MINUTE_MS: u64 = 60_000;
pub(crate) const STATISTICS: [&str; 5] = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const UNITS: [&str; 27] = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// One minute's statistic set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    pub count: f64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

impl Stat {
    pub fn one(v: f64) -> Stat {
        Stat::repeated(v, 1.0)
    }

    /// `count` samples of `v`.
    pub fn repeated(v: f64, count: f64) -> Stat {
        Stat {
            count,
            sum: v * count,
            min: v,
            max: v,
        }
    }

    /// Merges into `acc`, or starts it.
    pub fn add_to(self, acc: &mut Option<Stat>) {
        match acc {
            Some(s) => s.merge(&self),
            None => *acc = Some(self),
        }
    }

    pub fn merge(&mut self, o: &Stat) {
        self.count += o.count;
        self.sum += o.sum;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// One of the five statistics.
    pub fn get(&self, statistic: &str) -> f64 {
        match statistic {
            "SampleCount" => self.count,
            "Sum" => self.sum,
            "Minimum" => self.min,
            "Maximum" => self.max,
            _ if self.count > 0.0 => self.sum / self.count,
            _ => 0.0,
        }
    }
}

/// A metric: namespace, name and dimensions (sorted by name; a metric is
/// all three, F16.4 "Dimensions must match exactly").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MetricKey {
    pub namespace: String,
    pub name: String,
    pub dimensions: Vec<Dimension>,
}

impl MetricKey {
    /// Its page key for ListMetrics: the same order as the key's own.
    fn page_key(&self) -> String {
        let mut key = format!("{}\u{1}{}", self.namespace, self.name);
        for d in &self.dimensions {
            key.push('\u{1}');
            key.push_str(&d.name);
            key.push('\u{2}');
            key.push_str(&d.value);
        }
        key
    }

    pub fn new(namespace: &str, name: &str, dims: &[(&str, &str)]) -> MetricKey {
        let mut dimensions: Vec<Dimension> = dims
            .iter()
            .map(|(n, v)| Dimension {
                name: (*n).to_owned(),
                value: (*v).to_owned(),
            })
            .collect();
        dimensions.sort();
        MetricKey {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            dimensions,
        }
    }
}

/// A metric's datapoints, by the minute's start (ms since the Unix epoch,
/// as requests name times).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub unit: String,
    pub points: BTreeMap<u64, Stat>,
}

/// A service's minute: its tasks' CPU and memory utilisation.
#[derive(Debug, Clone, PartialEq)]
pub struct EcsMinute {
    pub start: SimTime,
    pub cpu: Stat,
    pub memory: Option<Stat>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CloudWatchState {
    /// PutMetricData's metrics.
    pub custom: BTreeMap<MetricKey, Series>,
    /// `AWS/ECS` per service, by service ARN.
    pub ecs: BTreeMap<String, VecDeque<EcsMinute>>,
    /// `sim load` in force, by service ARN.
    pub loads: BTreeMap<String, LoadRecord>,
    /// Metric alarms by name, and their history (`alarms`).
    pub alarms: BTreeMap<String, AlarmRecord>,
    pub history: VecDeque<HistoryRecord>,
    /// Each ACTIVE service's desired and RUNNING task counts at the end of
    /// every minute, by service ARN, the newest [`view::CHART_MINUTES`]:
    /// what the sandbox's charts draw beside the utilisation. (AWS has
    /// these as metrics only with Container Insights; here they are kept
    /// for the `View` alone, no API reads them.)
    pub counts: BTreeMap<String, VecDeque<TaskCounts>>,
}

/// A service's task counts at the end of a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskCounts {
    pub at: SimTime,
    pub desired: u32,
    pub running: u32,
}

pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameterValue, message)
}

fn combination(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameterCombination, message)
}

/// A timestamp as the AWS CLI sends it: ISO 8601 (`2026-01-01T00:05:00Z`,
/// `2026-01-01T00:05:00`, `2026-01-01`, with `+00:00`) or epoch seconds.
/// Epoch milliseconds.
pub fn parse_timestamp(value: &serde_json::Value, member: &str) -> Result<u64, ApiError> {
    let bad = || {
        invalid(format!(
            "The parameter {member} must be a timestamp: ISO 8601 such as 2026-01-01T00:05:00Z, or seconds since the epoch."
        ))
    };
    match value {
        serde_json::Value::Number(n) => {
            let secs = n.as_f64().ok_or_else(bad)?;
            if !secs.is_finite() || secs < 0.0 {
                return Err(bad());
            }
            Ok((secs * 1000.0).round() as u64)
        }
        serde_json::Value::String(s) => {
            let s = s.trim();
            if let Ok(secs) = s.parse::<f64>() {
                return parse_timestamp(&serde_json::json!(secs), member);
            }
            let s = s
                .strip_suffix('Z')
                .or_else(|| s.strip_suffix("+00:00"))
                .unwrap_or(s);
            let (date, time) = s.split_once(['T', ' ']).unwrap_or((s, "00:00:00"));
            let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
            let (Some(Some(y)), Some(Some(m)), Some(Some(day)), None) =
                (d.next(), d.next(), d.next(), d.next())
            else {
                return Err(bad());
            };
            let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
            let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
            let h = t.next().flatten().ok_or_else(bad)?;
            let min = t.next().flatten().unwrap_or(0);
            let sec = t.next().flatten().unwrap_or(0);
            if !(1..=12).contains(&m)
                || !(1..=31).contains(&day)
                || !(0..24).contains(&h)
                || !(0..60).contains(&min)
                || !(0..61).contains(&sec)
            {
                return Err(bad());
            }
            let ms_frac: i64 = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().chain("000".chars()).take(3).collect();
                digits.parse().map_err(|_| bad())?
            };
            let days = crate::base::time::days_from_civil(y, m, day);
            let ms = (days * 86_400 + h * 3600 + min * 60 + sec) * 1000 + ms_frac;
            u64::try_from(ms).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

pub(crate) fn check_unit(unit: &str) -> Result<(), ApiError> {
    if UNITS.contains(&unit) {
        Ok(())
    } else {
        Err(invalid(format!(
            "The parameter Unit must be a value in the set [ {} ].",
            UNITS.join(", ")
        )))
    }
}

pub(crate) fn check_dimensions(dims: &[Dimension]) -> Result<(), ApiError> {
    if dims.len() > MAX_DIMENSIONS {
        return Err(invalid(format!(
            "The collection Dimensions must not have a size greater than {MAX_DIMENSIONS}."
        )));
    }
    for d in dims {
        if d.name.is_empty() || d.name.len() > 255 || d.value.is_empty() || d.value.len() > 1024 {
            return Err(invalid(format!(
                "A dimension needs a Name (1-255 characters) and a Value (1-1024 characters); got '{}'='{}'.",
                d.name, d.value
            )));
        }
    }
    let mut names: Vec<&str> = dims.iter().map(|d| d.name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid(format!(
            "No metric may have duplicate dimension names: '{}' is given twice.",
            w[0]
        )));
    }
    Ok(())
}

/// The ARN tail a load balancer's and a target group's dimension values
/// are (F16.2): `app/<name>/<id>`, `targetgroup/<name>/<id>`.
fn arn_tail<'a>(arn: &'a str, after: &str) -> &'a str {
    arn.split_once(after).map_or(arn, |(_, t)| t)
}

impl Sim {
    /// Every metric with data, and its datapoints, read from its source.
    fn all_series(&self) -> Vec<(MetricKey, Series)> {
        let mut out: Vec<(MetricKey, Series)> = self
            .state
            .cloudwatch
            .custom
            .iter()
            .map(|(k, s)| (k.clone(), s.clone()))
            .collect();
        out.extend(self.ecs_series());
        out.extend(self.elb_series());
        out
    }

    /// A metric's datapoints, if it has any.
    /// A metric's series, its points limited to the epoch ms in `range`.
    fn series_of(&self, key: &MetricKey, range: std::ops::Range<u64>) -> Option<Series> {
        match key.namespace.as_str() {
            "AWS/ECS" => return self.ecs_series_of(key, range),
            "AWS/ApplicationELB" | "AWS/NetworkELB" | "AWS/ELB" => {
                self.elb_series().into_iter().find(|(k, _)| k == key)
            }
            _ => {
                return self.state.cloudwatch.custom.get(key).map(|s| Series {
                    unit: s.unit.clone(),
                    points: s.points.range(range).map(|(k, v)| (*k, *v)).collect(),
                });
            }
        }
        .map(|(_, s)| s)
    }

    /// The window a service's `AWS/ECS` metric reads, and whether the
    /// metric is MemoryUtilization (else CPUUtilization): None for another
    /// metric name, dimensions other than exactly ClusterName and
    /// ServiceName, or a service with no window.
    pub(crate) fn ecs_service_window(
        &self,
        key: &MetricKey,
    ) -> Option<(bool, &VecDeque<EcsMinute>)> {
        let memory = match key.name.as_str() {
            "CPUUtilization" => false,
            "MemoryUtilization" => true,
            _ => return None,
        };
        let dim = |n: &str| {
            key.dimensions
                .iter()
                .find(|d| d.name == n)
                .map(|d| d.value.as_str())
        };
        let (Some(cluster), Some(service)) = (dim("ClusterName"), dim("ServiceName")) else {
            return None;
        };
        if key.dimensions.len() != 2 {
            return None;
        }
        let arn = self
            .arns
            .arn_of("ecs", &["service/", cluster, "/", service]);
        self.state.cloudwatch.ecs.get(&arn).map(|w| (memory, w))
    }

    /// One service's `AWS/ECS` series (what [`Sim::ecs_series`] lists for
    /// it), read from its own window only: alarms ask for one every minute.
    fn ecs_series_of(&self, key: &MetricKey, range: std::ops::Range<u64>) -> Option<Series> {
        let (memory, window) = self.ecs_service_window(key)?;
        // The listing has a memory series only when a minute measured it.
        if memory && window.iter().all(|m| m.memory.is_none()) {
            return None;
        }
        let points: BTreeMap<u64, Stat> = window
            .iter()
            .filter_map(|m| {
                let at = self.epoch_ms(m.start);
                let stat = if memory { m.memory? } else { m.cpu };
                range.contains(&at).then_some((at, stat))
            })
            .collect();
        debug_assert_eq!(
            self.ecs_series()
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, s)| s.points.range(range).map(|(k, v)| (*k, *v)).collect()),
            Some(points.clone()),
            "one service's series differs from the listing's"
        );
        Some(Series {
            unit: "Percent".to_owned(),
            points,
        })
    }

    fn ecs_series(&self) -> Vec<(MetricKey, Series)> {
        let mut out = Vec::new();
        for (arn, window) in &self.state.cloudwatch.ecs {
            // …:service/<cluster>/<service>
            let tail = arn.split_once(":service/").map_or(arn.as_str(), |(_, t)| t);
            let (cluster, service) = tail.split_once('/').unwrap_or((tail, ""));
            let dims = [("ClusterName", cluster), ("ServiceName", service)];
            let mut cpu = Series {
                unit: "Percent".to_owned(),
                points: BTreeMap::new(),
            };
            let mut memory = cpu.clone();
            for m in window {
                let at = self.epoch_ms(m.start);
                cpu.points.insert(at, m.cpu);
                if let Some(s) = m.memory {
                    memory.points.insert(at, s);
                }
            }
            out.push((MetricKey::new("AWS/ECS", "CPUUtilization", &dims), cpu));
            if !memory.points.is_empty() {
                out.push((
                    MetricKey::new("AWS/ECS", "MemoryUtilization", &dims),
                    memory,
                ));
            }
        }
        out
    }

    /// The load balancer metrics of `sim traffic`'s minutes (F16.1–F16.3).
    fn elb_series(&self) -> Vec<(MetricKey, Series)> {
        use crate::elbv2::LbType;
        let elb = &self.state.elb;
        let mut out: BTreeMap<MetricKey, Series> = BTreeMap::new();
        let mut add = |key: MetricKey, unit: &str, minute: u64, v: f64| {
            let series = out.entry(key).or_insert_with(|| Series {
                unit: unit.to_owned(),
                points: BTreeMap::new(),
            });
            series
                .points
                .entry(minute)
                .and_modify(|s| {
                    // Per load balancer: the groups' counts add up.
                    s.sum += v;
                    s.min = s.sum;
                    s.max = s.sum;
                })
                .or_insert_with(|| Stat::one(v));
        };
        for (tg_arn, window) in &elb.minutes {
            let Some(tg) = elb.target_groups.get(tg_arn) else {
                continue;
            };
            for lb_arn in elb.load_balancers_of(tg_arn) {
                let Some(lb) = elb.load_balancers.get(&lb_arn) else {
                    continue;
                };
                let lb_dim = arn_tail(&lb.arn, ":loadbalancer/");
                let tg_dim = tg.arn.rsplit(':').next().unwrap_or(&tg.arn);
                for s in window {
                    let at = self.epoch_ms(s.start);
                    let answered = s.requests.saturating_sub(s.elb_5xx);
                    match lb.lb_type {
                        LbType::Application => {
                            let ns = "AWS/ApplicationELB";
                            let both = [("LoadBalancer", lb_dim), ("TargetGroup", tg_dim)];
                            let one = [("LoadBalancer", lb_dim)];
                            let k =
                                |name: &str, dims: &[(&str, &str)]| MetricKey::new(ns, name, dims);
                            add(k("RequestCount", &both), "Count", at, s.requests as f64);
                            add(k("RequestCount", &one), "Count", at, s.requests as f64);
                            let targets = f64::from(s.targets.max(1));
                            add(
                                k("RequestCountPerTarget", &both),
                                "Count",
                                at,
                                s.requests as f64 / targets,
                            );
                            add(
                                k("HealthyHostCount", &both),
                                "Count",
                                at,
                                f64::from(s.healthy_hosts),
                            );
                            add(
                                k("UnHealthyHostCount", &both),
                                "Count",
                                at,
                                f64::from(s.unhealthy_hosts),
                            );
                            if let Some(rt) = s.response_time.filter(|_| answered > 0) {
                                add(k("TargetResponseTime", &both), "Seconds", at, rt);
                            }
                            for (name, n) in [
                                ("HTTPCode_Target_2XX_Count", s.target_2xx),
                                ("HTTPCode_Target_3XX_Count", s.target_3xx),
                                ("HTTPCode_Target_4XX_Count", s.target_4xx),
                                ("HTTPCode_Target_5XX_Count", s.target_5xx),
                            ] {
                                if n > 0 {
                                    add(k(name, &both), "Count", at, n as f64);
                                }
                            }
                            if s.elb_5xx > 0 {
                                add(
                                    k("HTTPCode_ELB_5XX_Count", &one),
                                    "Count",
                                    at,
                                    s.elb_5xx as f64,
                                );
                            }
                        }
                        LbType::Network => {
                            let ns = "AWS/NetworkELB";
                            let both = [("LoadBalancer", lb_dim), ("TargetGroup", tg_dim)];
                            let k =
                                |name: &str, dims: &[(&str, &str)]| MetricKey::new(ns, name, dims);
                            add(
                                k("HealthyHostCount", &both),
                                "Count",
                                at,
                                f64::from(s.healthy_hosts),
                            );
                            add(
                                k("UnHealthyHostCount", &both),
                                "Count",
                                at,
                                f64::from(s.unhealthy_hosts),
                            );
                            // MODEL: every request a new flow.
                            add(
                                k("NewFlowCount", &[("LoadBalancer", lb_dim)]),
                                "Count",
                                at,
                                s.requests as f64,
                            );
                        }
                        LbType::Classic => {
                            let ns = "AWS/ELB";
                            let one = [("LoadBalancerName", lb.name.as_str())];
                            let k = |name: &str| MetricKey::new(ns, name, &one);
                            add(k("RequestCount"), "Count", at, s.requests as f64);
                            add(
                                k("HealthyHostCount"),
                                "Count",
                                at,
                                f64::from(s.healthy_hosts),
                            );
                            add(
                                k("UnHealthyHostCount"),
                                "Count",
                                at,
                                f64::from(s.unhealthy_hosts),
                            );
                            if let Some(rt) = s.response_time.filter(|_| answered > 0) {
                                add(k("Latency"), "Seconds", at, rt);
                            }
                            if s.elb_5xx > 0 {
                                add(k("HTTPCode_ELB_5XX"), "Count", at, s.elb_5xx as f64);
                            }
                        }
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    // ------------------------------------------------------------ API ---

    pub(crate) fn put_metric_data(
        &mut self,
        req: PutMetricDataInput,
    ) -> Result<CloudWatchEmpty, ApiError> {
        if req.namespace.is_empty() || req.namespace.len() > 255 {
            return Err(invalid(
                "The parameter Namespace must be 1 to 255 characters long.",
            ));
        }
        if req.namespace.starts_with("AWS/") {
            // F16.6: the AWS/ namespaces are AWS's own.
            return Err(invalid(format!(
                "The value {} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved for AWS services.",
                req.namespace
            )));
        }
        if req.entity_metric_data.is_some() {
            return Err(ApiError::unsupported("PutMetricData", "EntityMetricData"));
        }
        let data = req.metric_data.unwrap_or_default();
        if data.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The parameter MetricData is required.",
            ));
        }
        if data.len() > MAX_PUT_METRICS {
            return Err(invalid(format!(
                "The collection MetricData must not have a size greater than {MAX_PUT_METRICS}."
            )));
        }
        let now = self.epoch_ms(self.now);
        let oldest = now.saturating_sub(14 * 86_400_000);
        let newest = now + 2 * 3_600_000;
        let mut checked: Vec<(MetricKey, String, u64, Stat)> = Vec::new();
        for d in &data {
            if d.metric_name.is_empty() || d.metric_name.len() > 255 {
                return Err(invalid(
                    "The parameter MetricName must be 1 to 255 characters long.",
                ));
            }
            let dims = d.dimensions.clone().unwrap_or_default();
            check_dimensions(&dims)?;
            let unit = d.unit.clone().unwrap_or_else(|| "None".to_owned());
            check_unit(&unit)?;
            if let Some(r) = d.storage_resolution
                && r != 1
                && r != 60
            {
                return Err(invalid("The parameter StorageResolution must be 1 or 60."));
            }
            let at = match &d.timestamp {
                Some(t) => parse_timestamp(t, "Timestamp")?,
                None => now,
            };
            if at < oldest || at > newest {
                return Err(invalid(format!(
                    "The parameter MetricData.member.Timestamp must be within the last two weeks and at most two hours ahead of now ({}).",
                    self.iso8601(self.now, crate::base::time::Precision::Seconds)
                )));
            }
            let given = [
                d.value.is_some(),
                d.statistic_values.is_some(),
                d.values.is_some(),
            ]
            .iter()
            .filter(|g| **g)
            .count();
            if given > 1 {
                return Err(combination(
                    "The parameters MetricData.member.Value, MetricData.member.StatisticValues and MetricData.member.Values are mutually exclusive.",
                ));
            }
            let finite = |v: f64| {
                if v.is_finite() && v.abs() <= 2f64.powi(360) {
                    Ok(v)
                } else {
                    Err(invalid(format!(
                        "The value {v} for parameter MetricData.member.Value is invalid: it must be a finite number of magnitude at most 2^360."
                    )))
                }
            };
            let stat = if let Some(v) = d.value {
                Stat::one(finite(v)?)
            } else if let Some(s) = &d.statistic_values {
                for v in [s.sample_count, s.sum, s.minimum, s.maximum] {
                    finite(v)?;
                }
                if s.sample_count <= 0.0 || s.minimum > s.maximum {
                    return Err(invalid(
                        "StatisticValues need a positive SampleCount and a Minimum no greater than the Maximum.",
                    ));
                }
                Stat {
                    count: s.sample_count,
                    sum: s.sum,
                    min: s.minimum,
                    max: s.maximum,
                }
            } else if let Some(values) = &d.values {
                let counts = d.counts.clone().unwrap_or_else(|| vec![1.0; values.len()]);
                if values.is_empty() || counts.len() != values.len() {
                    return Err(invalid(
                        "Values needs at least one value, and Counts (if given) one count for each value.",
                    ));
                }
                let mut s: Option<Stat> = None;
                for (v, c) in values.iter().zip(&counts) {
                    Stat::repeated(finite(*v)?, *c).add_to(&mut s);
                }
                s.unwrap_or(Stat::one(0.0))
            } else {
                return Err(ApiError::new(
                    ErrorCode::MissingParameter,
                    "Each MetricData member needs a Value, StatisticValues or Values.",
                ));
            };
            let dims: Vec<(&str, &str)> = dims
                .iter()
                .map(|d| (d.name.as_str(), d.value.as_str()))
                .collect();
            let key = MetricKey::new(&req.namespace, &d.metric_name, &dims);
            checked.push((key, unit, at - at % MINUTE_MS, stat));
        }
        for (key, unit, minute, stat) in checked {
            self.add_point(key, unit, minute, stat);
        }
        Ok(CloudWatchEmpty {})
    }

    /// A datapoint into a stored series (PutMetricData's, or a metric the
    /// simulator publishes itself), merged with the minute's others; the
    /// window (MODEL) drops older minutes.
    fn add_point(&mut self, key: MetricKey, unit: String, minute: u64, stat: Stat) {
        let keep_from = self
            .epoch_ms(self.now)
            .saturating_sub(WINDOW_MINUTES * MINUTE_MS);
        let series = self.state.cloudwatch.custom.entry(key).or_default();
        series.unit = unit;
        series
            .points
            .entry(minute)
            .and_modify(|s| s.merge(&stat))
            .or_insert(stat);
        while series
            .points
            .first_key_value()
            .is_some_and(|(m, _)| *m < keep_from)
        {
            series.points.pop_first();
        }
    }

    /// One value of an AWS metric for the minute starting at `minute`
    /// (epoch ms).
    pub(crate) fn publish_point(&mut self, key: MetricKey, unit: &str, minute: u64, value: f64) {
        self.add_point(
            key,
            unit.to_owned(),
            minute - minute % MINUTE_MS,
            Stat::one(value),
        );
    }

    pub(crate) fn list_metrics(
        &self,
        req: ListMetricsInput,
    ) -> Result<ListMetricsOutput, ApiError> {
        if req.include_linked_accounts == Some(true) || req.owning_account.is_some() {
            return Err(ApiError::unsupported(
                "ListMetrics",
                "IncludeLinkedAccounts and OwningAccount (cross-account observability)",
            ));
        }
        match req.recently_active.as_deref() {
            None | Some("PT3H") => {}
            Some(other) => {
                return Err(invalid(format!(
                    "The value {other} for parameter RecentlyActive is invalid: use PT3H."
                )));
            }
        }
        let filters = req.dimensions.clone().unwrap_or_default();
        if filters.len() > 10 {
            return Err(invalid(
                "The collection Dimensions must not have a size greater than 10.",
            ));
        }
        let mut keys: Vec<MetricKey> = self
            .all_series()
            .into_iter()
            .filter(|(_, s)| !s.points.is_empty())
            .map(|(k, _)| k)
            .filter(|k| req.namespace.as_ref().is_none_or(|n| *n == k.namespace))
            .filter(|k| req.metric_name.as_ref().is_none_or(|n| *n == k.name))
            .filter(|k| {
                filters.iter().all(|f| {
                    k.dimensions
                        .iter()
                        .any(|d| d.name == f.name && f.value.as_ref().is_none_or(|v| *v == d.value))
                })
            })
            .collect();
        keys.sort();
        keys.dedup();
        let page = LIST_METRICS.request(None, req.next_token.as_deref())?;
        let (metrics, next_token) = page.page_in_order(keys.into_iter().map(|k| {
            (
                k.page_key(),
                Metric {
                    namespace: Some(k.namespace),
                    metric_name: Some(k.name),
                    dimensions: k.dimensions,
                },
            )
        }));
        Ok(ListMetricsOutput {
            metrics,
            next_token,
        })
    }

    /// F16.4: the window [start, end) in periods; each period's statistic
    /// set, for the periods with data (at most `limit` periods asked).
    pub(crate) fn aggregate(
        &self,
        key: &MetricKey,
        unit: Option<&str>,
        start: u64,
        end: u64,
        period: u64,
    ) -> Option<(String, Vec<(u64, Stat)>)> {
        let series = self.series_of(key, start..end)?;
        if unit.is_some_and(|u| u != series.unit) {
            return None;
        }
        let mut buckets: BTreeMap<u64, Stat> = BTreeMap::new();
        // AWS's own datapoints are written once their minute is over;
        // PutMetricData's are there at once.
        for (minute, stat) in series.points.range(start..end) {
            let bucket = start + (minute - start) / period * period;
            buckets
                .entry(bucket)
                .and_modify(|s| s.merge(stat))
                .or_insert(*stat);
        }
        Some((series.unit, buckets.into_iter().collect()))
    }

    fn checked_window(
        &self,
        start: &serde_json::Value,
        end: &serde_json::Value,
    ) -> Result<(u64, u64), ApiError> {
        let start = parse_timestamp(start, "StartTime")?;
        let end = parse_timestamp(end, "EndTime")?;
        if start >= end {
            return Err(invalid(
                "The parameter StartTime must be less than the parameter EndTime.",
            ));
        }
        // F16.4: the start rounds down to the minute.
        Ok((start - start % MINUTE_MS, end))
    }

    pub(crate) fn get_metric_statistics(
        &self,
        req: GetMetricStatisticsInput,
    ) -> Result<GetMetricStatisticsOutput, ApiError> {
        if req
            .extended_statistics
            .as_ref()
            .is_some_and(|e| !e.is_empty())
        {
            return Err(ApiError::unsupported(
                "GetMetricStatistics",
                "ExtendedStatistics (percentiles)",
            ));
        }
        let statistics = req.statistics.clone().unwrap_or_default();
        if statistics.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "Either Statistics or ExtendedStatistics must be specified.",
            ));
        }
        if statistics.len() > 5 {
            return Err(invalid(
                "The collection Statistics must not have a size greater than 5.",
            ));
        }
        if let Some(s) = statistics
            .iter()
            .find(|s| !STATISTICS.contains(&s.as_str()))
        {
            return Err(invalid(format!(
                "The parameter Statistics.member.1 must be a value in the set [ {} ] (got {s}).",
                STATISTICS.join(", ")
            )));
        }
        if let Some(u) = &req.unit {
            check_unit(u)?;
        }
        let period = self.checked_period(req.period)?;
        let (start, end) = self.checked_window(&req.start_time, &req.end_time)?;
        let asked = (end - start).div_ceil(period);
        if asked > MAX_DATAPOINTS {
            // F16.4 [3P, CAP].
            return Err(combination(format!(
                "You have requested up to {} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
                thousands(asked)
            )));
        }
        let dims = req.dimensions.clone().unwrap_or_default();
        check_dimensions(&dims)?;
        let dims: Vec<(&str, &str)> = dims
            .iter()
            .map(|d| (d.name.as_str(), d.value.as_str()))
            .collect();
        let key = MetricKey::new(&req.namespace, &req.metric_name, &dims);
        let datapoints = match self.aggregate(&key, req.unit.as_deref(), start, end, period) {
            None => Vec::new(),
            Some((unit, buckets)) => buckets
                .into_iter()
                .map(|(at, s)| {
                    let pick =
                        |name: &str| statistics.iter().any(|x| x == name).then(|| s.get(name));
                    Datapoint {
                        timestamp: at as f64 / 1000.0,
                        sample_count: pick("SampleCount"),
                        average: pick("Average"),
                        sum: pick("Sum"),
                        minimum: pick("Minimum"),
                        maximum: pick("Maximum"),
                        unit: unit.clone(),
                    }
                })
                .collect(),
        };
        Ok(GetMetricStatisticsOutput {
            label: req.metric_name,
            datapoints,
        })
    }

    /// F16.4: 1, 5, 10, 30 or a multiple of 60 seconds; the simulated data
    /// is one-minute data, so below 60 a period still holds a minute.
    fn checked_period(&self, period: i64) -> Result<u64, ApiError> {
        math::checked_period(period)
    }

    pub(crate) fn get_metric_data(
        &self,
        req: GetMetricDataInput,
    ) -> Result<GetMetricDataOutput, ApiError> {
        if req.metric_data_queries.is_empty() || req.metric_data_queries.len() > MAX_QUERIES {
            return Err(invalid(format!(
                "GetMetricData takes 1 to {MAX_QUERIES} MetricDataQueries."
            )));
        }
        if req.next_token.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidNextToken,
                "The NextToken is not valid.",
            ));
        }
        let ascending = match req.scan_by.as_deref() {
            None | Some("TimestampDescending") => false,
            Some("TimestampAscending") => true,
            Some(other) => {
                return Err(invalid(format!(
                    "The value {other} for parameter ScanBy is invalid: use TimestampDescending or TimestampAscending."
                )));
            }
        };
        let (start, end) = self.checked_window(&req.start_time, &req.end_time)?;
        let queries = math::check_queries(
            &req.metric_data_queries,
            "GetMetricData",
            "MetricDataQueries",
        )?;
        // MODEL: expressions are computed over the shortest period of the
        // request's MetricStats (one minute when there are none).
        let period = queries
            .iter()
            .filter_map(|(_, q)| match q {
                math::Query::Stat { period, .. } => Some(*period),
                math::Query::Expr(_) => None,
            })
            .min()
            .unwrap_or(MINUTE_MS);
        // F16.5: at most 100,800 datapoints a call. MODEL: a request with
        // expressions is refused beyond that (their periods are computed
        // one by one; AWS would page), one without is read as before.
        let has_expression = queries
            .iter()
            .any(|(_, q)| matches!(q, math::Query::Expr(_)));
        let asked = (end - start).div_ceil(period);
        if has_expression && asked > MAX_METRIC_DATA_POINTS {
            return Err(combination(format!(
                "You have requested up to {} datapoints per expression, which exceeds the limit of 100,800. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
                thousands(asked)
            )));
        }
        let points = self
            .query_points(&queries, start, end, period)
            .map_err(|(id, e)| math::math_error("GetMetricData", &id, e))?;
        let mut results = Vec::new();
        for (q, (id, query)) in req.metric_data_queries.iter().zip(&queries) {
            if q.return_data == Some(false) {
                continue;
            }
            let Some(series) = points.get(id) else {
                return Err(math::math_error(
                    "GetMetricData",
                    id,
                    math::MathError::Invalid(
                        "The expression must produce a single time series.".into(),
                    ),
                ));
            };
            let mut buckets: Vec<(u64, f64)> = series.iter().map(|(t, v)| (*t, *v)).collect();
            if !ascending {
                buckets.reverse();
            }
            let label = match (&q.label, query) {
                (Some(l), _) => l.clone(),
                (None, math::Query::Stat { key, .. }) => key.name.clone(),
                (None, math::Query::Expr(_)) => id.clone(),
            };
            results.push(MetricDataResult {
                id: id.clone(),
                label,
                timestamps: buckets.iter().map(|(t, _)| *t as f64 / 1000.0).collect(),
                values: buckets.iter().map(|(_, v)| *v).collect(),
                status_code: "Complete",
            });
        }
        Ok(GetMetricDataOutput {
            metric_data_results: results,
            messages: Vec::new(),
        })
    }

    // ------------------------------------------------------- ECS minute ---

    /// The account's minute timer (`Timer::TrafficMinute`): `sim
    /// traffic`'s minute, then this module's, at every whole simulated
    /// minute while something needs it ([`Sim::minute_needed`]).
    pub(crate) fn ensure_minute_timer(&mut self) {
        if !self.state.elb.minute_timer {
            self.state.elb.minute_timer = true;
            let into = self.now.0 % MINUTE_MS;
            self.schedule(
                crate::time::SimDuration(MINUTE_MS - into),
                crate::sim::Timer::TrafficMinute,
            );
        }
    }

    /// Traffic flows, a service is ACTIVE, a load is set, or a queue
    /// exists.
    pub(crate) fn minute_needed(&self) -> bool {
        !self.state.elb.traffic.is_empty()
            || !self.state.sqs.queues.is_empty()
            || !self.state.cloudwatch.loads.is_empty()
            || !self.state.capacity_waits.is_empty()
            || !self.state.cloudwatch.alarms.is_empty()
            || self
                .state
                .services
                .values()
                .any(|s| s.status == crate::state::ServiceStatus::Active)
    }

    /// Every minute while a service is ACTIVE: each service's CPU and
    /// memory utilisation over the minute that ended (F8.3; MODEL for the
    /// figures themselves, see [`load`]).
    pub(crate) fn ecs_minute(&mut self) {
        let start = SimTime(self.now.0.saturating_sub(MINUTE_MS));
        let mut computed: Vec<(String, EcsMinute)> = Vec::new();
        let mut group = String::new();
        for (arn, service) in &self.state.services {
            if service.status != crate::state::ServiceStatus::Active {
                continue;
            }
            group.clear();
            group.push_str("service:");
            group.push_str(&service.detail.name);
            // The RUNNING tasks, counted by size (all one size but during
            // a deployment that changes it): (CPU units, MiB, how many),
            // from the task index. In the order of the group's first task
            // of each size: the index's order serves for one or two sizes
            // (merging two statistics is the same either way round); more
            // are counted by walking the tasks.
            let mut sizes: Vec<(u32, u32, u32)> = self
                .state
                .running_sizes(&group)
                .iter()
                .filter(|s| s.cluster_arn == service.cluster_arn)
                .map(|s| (s.cpu, s.memory, s.count))
                .collect();
            let walk = sizes.len() > 2;
            if walk {
                sizes.clear();
            }
            for t in self.state.tasks_in_group(&group).filter(|_| walk) {
                if t.status != crate::state::TaskStatus::Running
                    || t.cluster_arn != service.cluster_arn
                {
                    continue;
                }
                match sizes
                    .iter_mut()
                    .find(|(c, m, _)| *c == t.cpu && *m == t.memory)
                {
                    Some(s) => s.2 += 1,
                    None => sizes.push((t.cpu, t.memory, 1)),
                }
            }
            let n: u32 = sizes.iter().map(|s| s.2).sum();
            if n == 0 {
                continue;
            }
            let load = self.state.cloudwatch.loads.get(arn);
            let factor = load.map_or(0.0, |l| l.factor(self.now, self.config.start_epoch_ms));
            let traffic = if service.detail.load_balancers.is_empty() {
                None
            } else {
                self.service_traffic_cpu(service, start)
            };
            // Queue workers: busy CPU as they processed (engine/src/sqs/worker.rs).
            let worker_cpu = self
                .sqs_service_busy(&group, &service.cluster_arn)
                .map_or(0.0, |b| b * crate::sqs::worker::WORKER_BUSY_CPU_PERCENT);
            let base_cpu =
                crate::elbv2::traffic::BASE_CPU_PERCENT + traffic.map_or(0.0, |t| t.0) + worker_cpu;
            let mut cpu: Option<Stat> = None;
            let mut memory: Option<Stat> = None;
            for &(units, mib, count) in &sizes {
                let mut c = base_cpu;
                if let Some(l) = load
                    && units > 0
                {
                    c += l.cpu_units * factor / f64::from(n) / f64::from(units) * 100.0;
                }
                Stat::repeated(c.min(100.0), f64::from(count)).add_to(&mut cpu);
                if mib > 0 {
                    let mut m = BASE_MEMORY_PERCENT;
                    if let Some(l) = load {
                        m += l.memory_mib * factor / f64::from(n) / f64::from(mib) * 100.0;
                    }
                    Stat::repeated(m.min(100.0), f64::from(count)).add_to(&mut memory);
                }
            }
            // The busiest target's traffic CPU is the highest.
            if let (Some(c), Some((avg, max))) = (&mut cpu, traffic) {
                c.max = (c.max + max - avg).min(100.0);
            }
            if let Some(cpu) = cpu {
                computed.push((arn.clone(), EcsMinute { start, cpu, memory }));
            }
        }
        for (arn, minute) in computed {
            let window = self.state.cloudwatch.ecs.entry(arn).or_default();
            if window.len() as u64 >= WINDOW_MINUTES {
                window.pop_front();
            }
            window.push_back(minute);
        }
    }

    /// Every minute, before the alarms: Container Insights' per-service
    /// task counts for the minute that ended, `ECS/ContainerInsights`
    /// `RunningTaskCount` and `DesiredTaskCount` (`ClusterName`,
    /// `ServiceName`; Count), for the services of clusters whose
    /// `containerInsights` setting is `enabled` or `enhanced`: AWS publishes
    /// them only then (they are not in `AWS/ECS`, F16.1), so a backlog per
    /// task alarm (F11.9, "for ECS … with running task count") needs the
    /// setting on. MODEL: the count at the minute's end.
    pub(crate) fn container_insights_minute(&mut self) {
        let minute = self.epoch_ms(self.now).saturating_sub(MINUTE_MS);
        let mut figures: Vec<(String, String, u32, u32)> = Vec::new();
        let mut group = String::new();
        for service in self.state.services.values() {
            if service.status != crate::state::ServiceStatus::Active {
                continue;
            }
            // Clusters are kept by name: `…:cluster/<name>`.
            let name = service
                .cluster_arn
                .rsplit_once(":cluster/")
                .map_or(service.cluster_arn.as_str(), |(_, n)| n);
            let Some(cluster) = self.state.clusters.get(name) else {
                continue;
            };
            let insights = cluster.settings.iter().any(|s| {
                s.name == crate::ecs::cluster::ClusterSettingName::ContainerInsights
                    && (s.value == "enabled" || s.value == "enhanced")
            });
            if !insights {
                continue;
            }
            group.clear();
            group.push_str("service:");
            group.push_str(&service.detail.name);
            let running: u32 = self
                .state
                .running_sizes(&group)
                .iter()
                .filter(|s| s.cluster_arn == service.cluster_arn)
                .map(|s| s.count)
                .sum();
            figures.push((
                cluster.name.clone(),
                service.detail.name.clone(),
                running,
                service.detail.desired_count,
            ));
        }
        for (cluster, service, running, desired) in figures {
            let dims = [
                ("ClusterName", cluster.as_str()),
                ("ServiceName", service.as_str()),
            ];
            for (metric, value) in [("RunningTaskCount", running), ("DesiredTaskCount", desired)] {
                self.publish_point(
                    MetricKey::new("ECS/ContainerInsights", metric, &dims),
                    "Count",
                    minute,
                    f64::from(value),
                );
            }
        }
    }

    /// Every minute, after the alarms acted: each ACTIVE service's desired
    /// and RUNNING counts, for the charts (`CloudWatchState::counts`).
    pub(crate) fn record_task_counts(&mut self) {
        let mut counted: Vec<(String, TaskCounts)> = Vec::new();
        let mut group = String::new();
        for (arn, service) in &self.state.services {
            if service.status != crate::state::ServiceStatus::Active {
                continue;
            }
            group.clear();
            group.push_str("service:");
            group.push_str(&service.detail.name);
            let running = self
                .state
                .running_sizes(&group)
                .iter()
                .filter(|s| s.cluster_arn == service.cluster_arn)
                .map(|s| s.count)
                .sum();
            counted.push((
                arn.clone(),
                TaskCounts {
                    at: self.now,
                    desired: service.detail.desired_count,
                    running,
                },
            ));
        }
        for (arn, counts) in counted {
            let window = self.state.cloudwatch.counts.entry(arn).or_default();
            if window.len() as u64 >= view::CHART_MINUTES {
                window.pop_front();
            }
            window.push_back(counts);
        }
    }

    /// The CPU the service's load balancer traffic cost its tasks in the
    /// minute that starts at `start`, above an idle task's: the average
    /// and the highest over the targets of each target group it registers
    /// in (`sim traffic`'s minute), added up over its groups. MODEL: each
    /// task of the service is taken at its groups' average.
    fn service_traffic_cpu(
        &self,
        service: &crate::state::ServiceRecord,
        start: SimTime,
    ) -> Option<(f64, f64)> {
        let base = crate::elbv2::traffic::BASE_CPU_PERCENT;
        let mut out: Option<(f64, f64)> = None;
        for lb in &service.detail.load_balancers {
            let tg: &str = match (&lb.target_group_arn, &lb.load_balancer_name) {
                (Some(tg), _) => tg,
                (None, Some(name)) => match self.classic_by_name(name) {
                    Some(c) => &c.arn,
                    None => continue,
                },
                _ => continue,
            };
            let Some(m) = self
                .state
                .elb
                .minutes
                .get(tg)
                .and_then(|w| w.back())
                .filter(|m| m.start == start)
            else {
                continue;
            };
            if let (Some(avg), Some(max)) = (m.cpu_average, m.cpu_max) {
                let o = out.get_or_insert((0.0, 0.0));
                o.0 += (avg - base).max(0.0);
                o.1 += (max - base).max(0.0);
            }
        }
        out
    }
}

/// `1608` → `1,608`, as the F16.4 message writes it.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timestamps_read_as_the_cli_sends_them() {
        let at = 1_767_225_600_000; // 2026-01-01T00:00:00Z
        for v in [
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:00+00:00"),
            json!("2026-01-01T00:00:00"),
            json!("2026-01-01"),
            json!(1_767_225_600),
            json!("1767225600"),
        ] {
            assert_eq!(parse_timestamp(&v, "StartTime").unwrap(), at, "{v}");
        }
        assert_eq!(
            parse_timestamp(&json!("2026-01-01T00:05:30.5Z"), "x").unwrap(),
            at + 330_500
        );
        for bad in [
            json!("yesterday"),
            json!("2026-13-01"),
            json!(true),
            json!(-5),
        ] {
            assert_eq!(
                parse_timestamp(&bad, "StartTime").unwrap_err().code,
                ErrorCode::InvalidParameterValue,
                "{bad}"
            );
        }
    }

    #[test]
    fn statistics_of_a_set() {
        let mut s = Stat::one(10.0);
        s.merge(&Stat::one(30.0));
        assert_eq!(s.get("Average"), 20.0);
        assert_eq!(s.get("Sum"), 40.0);
        assert_eq!(s.get("Minimum"), 10.0);
        assert_eq!(s.get("Maximum"), 30.0);
        assert_eq!(s.get("SampleCount"), 2.0);
        assert_eq!(thousands(1608), "1,608");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
