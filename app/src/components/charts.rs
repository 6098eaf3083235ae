//! CloudWatch metrics as line charts: for a service its CPU and memory
//! utilisation, its desired and running tasks, and for each target group it
//! registers in the requests per target and the healthy hosts; for an Auto
//! Scaling group its CPU and its capacity provider's reservation; every
//! other metric (PutMetricData's, the load balancers' own) one chart each.
//! Alarm thresholds are drawn as dashed lines with the alarm's state, and
//! the hour's scaling activities as marks on the time axis.
//!
//! [`subjects`] and [`charts`] are pure functions of the [`View`] (its
//! `metrics`: the engine's last [`CHART_MINUTES`], tested natively); the
//! component draws them as hand-made SVG with a "view as table" toggle.
//! Nothing here keeps data of its own: the next view redraws the charts.

use leptos::prelude::*;
use stevedore_engine::base::time::elapsed;
use stevedore_engine::cloudwatch::view::{CHART_MINUTES, SeriesView};
use stevedore_engine::{SimTime, View};

/// What the learner can pick to chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// `service:<ARN>`, `asg:<name>` or `metrics`.
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    /// (time, value), oldest first.
    pub points: Vec<(SimTime, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The alarm's name.
    pub alarm: String,
    pub value: f64,
    /// `>`, `>=`, `<` or `<=`.
    pub operator: &'static str,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub at: SimTime,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique on the page (element ids).
    pub id: String,
    pub title: String,
    /// What the values are (`%`, `tasks`, `requests`, or CloudWatch's unit).
    pub unit: String,
    pub lines: Vec<Line>,
    pub thresholds: Vec<Threshold>,
    pub marks: Vec<Mark>,
    /// The time axis: the last hour up to now.
    pub from: SimTime,
    pub to: SimTime,
    /// The value axis: 0 to this.
    pub top: f64,
}

fn last_segment(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn cluster_name(cluster_arn: &str) -> &str {
    last_segment(cluster_arn)
}

/// The charts' subjects: each service still in the account, each Auto
/// Scaling group with a metric or an activity, and "other metrics" when
/// some metric belongs to neither.
pub fn subjects(view: &View) -> Vec<Subject> {
    let mut out: Vec<Subject> = view
        .services
        .iter()
        .filter(|s| s.status != "INACTIVE")
        .map(|s| Subject {
            key: format!("service:{}", s.arn),
            label: format!("Service {}/{}", cluster_name(&s.cluster_arn), s.name),
        })
        .collect();
    for g in &view.auto_scaling_groups {
        if !asg_charts(view, &g.name).is_empty() {
            out.push(Subject {
                key: format!("asg:{}", g.name),
                label: format!("Auto Scaling group {}", g.name),
            });
        }
    }
    for q in &view.queues {
        out.push(Subject {
            key: format!("queue:{}", q.name),
            label: format!("Queue {}", q.name),
        });
    }
    if !other_series(view).is_empty() {
        out.push(Subject {
            key: "metrics".to_owned(),
            label: "Other metrics".to_owned(),
        });
    }
    out
}

fn dim<'a>(s: &'a SeriesView, name: &str) -> Option<&'a str> {
    s.dimensions
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn operator(comparison: &str) -> &'static str {
    match comparison {
        "GreaterThanOrEqualToThreshold" => ">=",
        "GreaterThanThreshold" => ">",
        "LessThanThreshold" => "<",
        _ => "<=",
    }
}

/// A nice round top for the value axis (at least `max`, at least 1).
pub fn nice_top(max: f64) -> f64 {
    if max <= 1.0 || !max.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= max {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

struct Builder<'a> {
    view: &'a View,
    from: SimTime,
}

impl<'a> Builder<'a> {
    fn new(view: &'a View) -> Self {
        Builder {
            view,
            from: SimTime(view.now.0.saturating_sub(CHART_MINUTES * 60_000)),
        }
    }

    /// A chart of `series` (with the alarms on them and the marks given).
    fn chart(
        &self,
        id: String,
        title: String,
        series: &[(&str, &SeriesView)],
        marks: Vec<Mark>,
    ) -> Chart {
        let lines: Vec<Line> = series
            .iter()
            .map(|(label, s)| Line {
                label: (*label).to_owned(),
                points: s.points.clone(),
            })
            .collect();
        let thresholds: Vec<Threshold> = self
            .view
            .metrics
            .alarms
            .iter()
            .filter(|a| {
                series.iter().any(|(_, s)| {
                    a.namespace == s.namespace
                        && a.metric_name == s.metric_name
                        && a.dimensions == s.dimensions
                })
            })
            .map(|a| Threshold {
                alarm: a.name.clone(),
                value: a.threshold,
                operator: operator(&a.comparison),
                state: a.state.clone(),
            })
            .collect();
        let percent = series.iter().all(|(_, s)| s.unit == "Percent");
        let unit = match series.first() {
            _ if percent => "%".to_owned(),
            Some((_, s)) => s.unit.clone(),
            None => String::new(),
        };
        let top = if percent {
            100.0
        } else {
            let max = lines
                .iter()
                .flat_map(|l| l.points.iter().map(|p| p.1))
                .chain(thresholds.iter().map(|t| t.value))
                .fold(0.0, f64::max);
            nice_top(max * 1.1)
        };
        Chart {
            id,
            title,
            unit,
            lines,
            thresholds,
            marks,
            from: self.from,
            to: self.view.now,
            top,
        }
    }

    fn marks(&self, resource: &str) -> Vec<Mark> {
        self.view
            .metrics
            .activities
            .iter()
            .filter(|a| a.resource == resource)
            .map(|a| Mark {
                at: a.at,
                label: format!("{} ({})", a.description, a.status),
            })
            .collect()
    }
}

/// The charts of a subject (see [`subjects`]); none for an unknown one.
pub fn charts(view: &View, subject: &str) -> Vec<Chart> {
    if let Some(arn) = subject.strip_prefix("service:") {
        service_charts(view, arn)
    } else if let Some(name) = subject.strip_prefix("asg:") {
        asg_charts(view, name)
    } else if let Some(name) = subject.strip_prefix("queue:") {
        queue_charts(view, name)
    } else if subject == "metrics" {
        let b = Builder::new(view);
        other_series(view)
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let dims: Vec<String> = s
                    .dimensions
                    .iter()
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect();
                let title = format!(
                    "{} {} ({}{}{})",
                    s.namespace,
                    s.metric_name,
                    s.statistic,
                    if dims.is_empty() { "" } else { ", " },
                    dims.join(", ")
                );
                b.chart(
                    format!("chart-metric-{i}"),
                    title,
                    &[(s.metric_name.as_str(), s)],
                    Vec::new(),
                )
            })
            .collect()
    } else {
        Vec::new()
    }
}

fn service_charts(view: &View, arn: &str) -> Vec<Chart> {
    let Some(service) = view.services.iter().find(|s| s.arn == arn) else {
        return Vec::new();
    };
    let b = Builder::new(view);
    let cluster = cluster_name(&service.cluster_arn);
    let resource = format!("service/{cluster}/{}", service.name);
    let marks = b.marks(&resource);
    let ecs = |name: &str| {
        view.metrics.series.iter().find(|s| {
            s.namespace == "AWS/ECS"
                && s.metric_name == name
                && s.dimensions.len() == 2
                && dim(s, "ClusterName") == Some(cluster)
                && dim(s, "ServiceName") == Some(service.name.as_str())
        })
    };
    let mut out = Vec::new();
    let utilisation: Vec<(&str, &SeriesView)> =
        [("CPU", "CPUUtilization"), ("Memory", "MemoryUtilization")]
            .into_iter()
            .filter_map(|(label, name)| ecs(name).map(|s| (label, s)))
            .collect();
    let mut cpu = b.chart(
        "chart-utilization".to_owned(),
        "CPU and memory utilization (AWS/ECS, Average)".to_owned(),
        &utilisation,
        marks.clone(),
    );
    if utilisation.is_empty() {
        // No running task yet: an empty chart says so.
        cpu.unit = "%".to_owned();
        cpu.top = 100.0;
    }
    out.push(cpu);
    let counts = view
        .metrics
        .task_counts
        .iter()
        .find(|c| c.service_arn == arn);
    let lines = vec![
        Line {
            label: "Desired".to_owned(),
            points: counts.map_or_else(Vec::new, |c| {
                c.points.iter().map(|p| (p.0, f64::from(p.1))).collect()
            }),
        },
        Line {
            label: "Running".to_owned(),
            points: counts.map_or_else(Vec::new, |c| {
                c.points.iter().map(|p| (p.0, f64::from(p.2))).collect()
            }),
        },
    ];
    let max = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .fold(f64::from(service.desired_count), f64::max);
    out.push(Chart {
        id: "chart-tasks".to_owned(),
        title: "Desired and running tasks".to_owned(),
        unit: "tasks".to_owned(),
        lines,
        thresholds: Vec::new(),
        marks: marks.clone(),
        from: b.from,
        to: view.now,
        top: nice_top(max + 1.0),
    });
    for (i, tg_arn) in service.target_group_arns.iter().enumerate() {
        // Dimension values are the ARN's tail (F16.2).
        let tail = tg_arn.rsplit(':').next().unwrap_or(tg_arn);
        let name = tail.split('/').nth(1).unwrap_or(tail);
        let of_group = |metric: &str, alone: bool| {
            view.metrics
                .series
                .iter()
                .filter(|s| {
                    s.namespace == "AWS/ApplicationELB"
                        && s.metric_name == metric
                        && dim(s, "TargetGroup") == Some(tail)
                        && (s.dimensions.len() == 1) == alone
                })
                .collect::<Vec<_>>()
        };
        // The series an alarm watches (a policy's ResourceLabel names the
        // load balancer too), else the target group's own.
        let mut per_target = of_group("RequestCountPerTarget", false);
        per_target.retain(|s| {
            view.metrics
                .alarms
                .iter()
                .any(|a| a.metric_name == s.metric_name && a.dimensions == s.dimensions)
        });
        per_target.truncate(1);
        if per_target.is_empty() {
            per_target = of_group("RequestCountPerTarget", true);
        }
        out.push(
            b.chart(
                format!("chart-requests-{i}"),
                format!("Requests per target, {name} (Sum per minute)"),
                &per_target
                    .iter()
                    .map(|s| ("Requests per target", *s))
                    .collect::<Vec<_>>(),
                marks.clone(),
            ),
        );
        let healthy = of_group("HealthyHostCount", false);
        let unhealthy = of_group("UnHealthyHostCount", false);
        let hosts: Vec<(&str, &SeriesView)> = healthy
            .iter()
            .map(|s| ("Healthy", *s))
            .chain(unhealthy.iter().map(|s| ("Unhealthy", *s)))
            .collect();
        out.push(b.chart(
            format!("chart-hosts-{i}"),
            format!("Healthy and unhealthy hosts, {name}"),
            &hosts,
            Vec::new(),
        ));
    }
    out
}

fn asg_charts(view: &View, group: &str) -> Vec<Chart> {
    let b = Builder::new(view);
    let marks = b.marks(group);
    let mut out = Vec::new();
    if let Some(cpu) = view.metrics.series.iter().find(|s| {
        s.namespace == "AWS/EC2"
            && s.metric_name == "CPUUtilization"
            && s.dimensions.len() == 1
            && dim(s, "AutoScalingGroupName") == Some(group)
    }) {
        out.push(b.chart(
            "chart-asg-cpu".to_owned(),
            "Instances' CPU utilization (AWS/EC2, Average)".to_owned(),
            &[("CPU", cpu)],
            marks.clone(),
        ));
    }
    let arn = view
        .auto_scaling_groups
        .iter()
        .find(|g| g.name == group)
        .map(|g| g.arn.as_str());
    for p in view
        .capacity_providers
        .iter()
        .filter(|p| Some(p.auto_scaling_group_arn.as_str()) == arn)
    {
        for (i, s) in view
            .metrics
            .series
            .iter()
            .filter(|s| {
                s.namespace == "AWS/ECS/ManagedScaling"
                    && dim(s, "CapacityProviderName") == Some(p.name.as_str())
            })
            .enumerate()
        {
            out.push(b.chart(
                format!("chart-reservation-{}-{i}", p.name),
                format!(
                    "Capacity provider {}: CapacityProviderReservation, cluster {}",
                    p.name,
                    dim(s, "ClusterName").unwrap_or("")
                ),
                &[("Reservation", s)],
                marks.clone(),
            ));
        }
    }
    if out.is_empty() && !marks.is_empty() {
        out.push(b.chart(
            "chart-asg-activities".to_owned(),
            "Scaling activities".to_owned(),
            &[],
            marks,
        ));
    }
    out
}

/// A queue's backlog (what a backlog alarm or scaling policy watches),
/// its traffic and the age of its oldest message (AWS/SQS, F16.1).
fn queue_charts(view: &View, queue: &str) -> Vec<Chart> {
    if !view.queues.iter().any(|q| q.name == queue) {
        return Vec::new();
    }
    let b = Builder::new(view);
    let of_queue = |pairs: &[(&'static str, &'static str)]| -> Vec<(&'static str, &SeriesView)> {
        pairs
            .iter()
            .filter_map(|(label, metric)| {
                view.metrics
                    .series
                    .iter()
                    .find(|s| {
                        s.namespace == "AWS/SQS"
                            && s.metric_name == *metric
                            && dim(s, "QueueName") == Some(queue)
                    })
                    .map(|s| (*label, s))
            })
            .collect()
    };
    let mut backlog = b.chart(
        "chart-queue-backlog".to_owned(),
        format!("Backlog of {queue}: messages visible, in flight and delayed"),
        &of_queue(&[
            ("Visible", "ApproximateNumberOfMessagesVisible"),
            ("In flight", "ApproximateNumberOfMessagesNotVisible"),
            ("Delayed", "ApproximateNumberOfMessagesDelayed"),
        ]),
        Vec::new(),
    );
    // Before the first minute ends: an empty chart in messages.
    "Count".clone_into(&mut backlog.unit);
    let traffic = b.chart(
        "chart-queue-traffic".to_owned(),
        format!("Messages sent, received and deleted, {queue} (Sum per minute)"),
        &of_queue(&[
            ("Sent", "NumberOfMessagesSent"),
            ("Received", "NumberOfMessagesReceived"),
            ("Deleted", "NumberOfMessagesDeleted"),
        ]),
        Vec::new(),
    );
    let age = b.chart(
        "chart-queue-age".to_owned(),
        format!("Age of the oldest message, {queue}"),
        &of_queue(&[("Age", "ApproximateAgeOfOldestMessage")]),
        Vec::new(),
    );
    vec![backlog, traffic, age]
}

/// Metrics no service, group or queue chart shows.
fn other_series(view: &View) -> Vec<&SeriesView> {
    view.metrics
        .series
        .iter()
        .filter(|s| match s.namespace.as_str() {
            "AWS/ECS" => {
                s.dimensions.len() != 2
                    || !matches!(
                        s.metric_name.as_str(),
                        "CPUUtilization" | "MemoryUtilization"
                    )
            }
            "AWS/ApplicationELB" => !matches!(
                s.metric_name.as_str(),
                "RequestCountPerTarget" | "HealthyHostCount" | "UnHealthyHostCount"
            ),
            "AWS/EC2" => dim(s, "AutoScalingGroupName").is_none(),
            "AWS/ECS/ManagedScaling" => false,
            "AWS/SQS" => dim(s, "QueueName").is_none(),
            _ => true,
        })
        .collect()
}

/// A value as the charts print it.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        let text = if v.abs() >= 10.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.2}")
        };
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn clock(t: SimTime) -> String {
    elapsed(t.0, false)
}

/// One sentence for a screen reader: the latest values and the alarms.
pub fn summary(chart: &Chart) -> String {
    let mut parts: Vec<String> = chart
        .lines
        .iter()
        .map(|l| match l.points.last() {
            Some((at, v)) => format!(
                "{} {} {} at {}",
                l.label,
                number(*v),
                chart.unit,
                clock(*at)
            ),
            None => format!("{}: no data", l.label),
        })
        .collect();
    if chart.lines.is_empty() {
        parts.push("no data yet".to_owned());
    }
    for t in &chart.thresholds {
        parts.push(format!(
            "alarm {} ({} {}) is {}",
            t.alarm,
            t.operator,
            number(t.value),
            t.state
        ));
    }
    if !chart.marks.is_empty() {
        parts.push(format!("{} scaling activities", chart.marks.len()));
    }
    format!("{}: {}.", chart.title, parts.join("; "))
}

/// The rows of the table view: each time any line has a point, with each
/// line's value then (or none).
pub fn table_rows(chart: &Chart) -> Vec<(SimTime, Vec<Option<f64>>)> {
    let mut times: Vec<SimTime> = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .collect();
    times.sort();
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            let values = chart
                .lines
                .iter()
                .map(|l| l.points.iter().find(|p| p.0 == t).map(|p| p.1))
                .collect();
            (t, values)
        })
        .collect()
}

// ---------------------------------------------------------------- drawing

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// Maps a chart's time and value to SVG coordinates.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    from: f64,
    span: f64,
    top: f64,
}

impl Scale {
    pub fn of(chart: &Chart) -> Scale {
        Scale {
            from: chart.from.0 as f64,
            span: ((chart.to.0.saturating_sub(chart.from.0)) as f64).max(1.0),
            top: chart.top.max(f64::MIN_POSITIVE),
        }
    }

    pub fn x(&self, t: SimTime) -> f64 {
        let f = ((t.0 as f64 - self.from) / self.span).clamp(0.0, 1.0);
        LEFT + f * (WIDTH - LEFT - RIGHT)
    }

    pub fn y(&self, v: f64) -> f64 {
        let f = (v / self.top).clamp(0.0, 1.0);
        HEIGHT - BOTTOM - f * (HEIGHT - TOP - BOTTOM)
    }
}

/// Where each threshold's label goes (its baseline): just above its line,
/// or just below when it would touch the label above it.
pub fn label_places(thresholds: &[Threshold], scale: Scale) -> Vec<f64> {
    let mut order: Vec<usize> = (0..thresholds.len()).collect();
    // Highest value first (smallest y).
    order.sort_by(|a, b| thresholds[*b].value.total_cmp(&thresholds[*a].value));
    let mut out = vec![0.0; thresholds.len()];
    let mut last_bottom = f64::NEG_INFINITY;
    for i in order {
        let line = scale.y(thresholds[i].value);
        let above = line - 3.0;
        let y = if above - 10.0 < last_bottom {
            line + 11.0
        } else {
            above
        };
        out[i] = y;
        last_bottom = y;
    }
    out
}

/// The SVG `points` of a line.
pub fn polyline(scale: Scale, points: &[(SimTime, f64)]) -> String {
    let mut out = String::new();
    for (t, v) in points {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("{:.1},{:.1}", scale.x(*t), scale.y(*v)));
    }
    out
}

/// The chart itself.
fn draw(chart: &Chart) -> impl IntoView + use<> {
    let scale = Scale::of(chart);
    let summary_text = summary(chart);
    let ticks = [0.0, chart.top / 2.0, chart.top];
    view! {
        <svg class="chart-svg" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary_text preserveAspectRatio="none">
            {ticks.into_iter().map(|v| {
                let y = scale.y(v);
                view! {
                    <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                    <text class="tick" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">{number(v)}</text>
                }
            }).collect_view()}
            <text class="tick" x=LEFT y=HEIGHT - 6.0>{clock(chart.from)}</text>
            <text class="tick" x=WIDTH - RIGHT y=HEIGHT - 6.0 text-anchor="end">{clock(chart.to)}</text>
            {chart.lines.iter().all(|l| l.points.is_empty()).then(|| view! {
                <text class="no-data" x=(LEFT + WIDTH - RIGHT) / 2.0 y=(TOP + HEIGHT - BOTTOM) / 2.0 text-anchor="middle">"No datapoints in the last hour"</text>
            })}
            {label_places(&chart.thresholds, scale).into_iter().zip(chart.thresholds.iter()).map(|(label_y, t)| {
                let y = scale.y(t.value);
                let class = format!("threshold state-{}", t.state.to_lowercase());
                let label = format!("{} {} {}", t.operator, number(t.value), t.state);
                view! {
                    <g class=class>
                        <title>{format!("Alarm {} {} {}: {}", t.alarm, t.operator, number(t.value), t.state)}</title>
                        <line x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                        <text x=WIDTH - RIGHT - 2.0 y=label_y text-anchor="end">{label}</text>
                    </g>
                }
            }).collect_view()}
            {chart.marks.iter().map(|m| {
                let x = scale.x(m.at);
                view! {
                    <g class="mark">
                        <title>{format!("{} {}", clock(m.at), m.label)}</title>
                        <line x1=x x2=x y1=TOP y2=HEIGHT - BOTTOM />
                        <path d=format!("M{:.1},{} l-4,7 h8 z", x, HEIGHT - BOTTOM - 7.0) />
                    </g>
                }
            }).collect_view()}
            {chart.lines.iter().enumerate().map(|(i, l)| {
                let class = format!("series series-{}", i % 4);
                let points = polyline(scale, &l.points);
                let last = l.points.last().map(|(t, v)| (scale.x(*t), scale.y(*v)));
                view! {
                    <polyline class=class.clone() points=points fill="none" />
                    {last.map(|(x, y)| view! { <circle class=class r="3" cx=x cy=y /> })}
                }
            }).collect_view()}
        </svg>
    }
}

/// The table view of a chart: a row per minute, newest first.
fn table(chart: &Chart) -> impl IntoView + use<> {
    let unit = chart.unit.clone();
    let headers: Vec<String> = chart.lines.iter().map(|l| l.label.clone()).collect();
    let rows = table_rows(chart);
    view! {
        <div class="chart-table" tabindex="0" role="region" aria-label=format!("{} as a table", chart.title)>
            <table>
                <thead><tr><th scope="col">"Minute"</th>{headers.into_iter().map(|h| view! { <th scope="col">{format!("{h} ({unit})")}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().rev().map(|(t, values)| view! {
                        <tr><th scope="row">{clock(t)}</th>{values.into_iter().map(|v| view! { <td>{v.map(number).unwrap_or_else(|| "–".to_owned())}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One chart, kept while its id is shown (so "view as table" stays as the
/// learner set it) and redrawn from each new view.
#[component]
fn ChartFigure(id: String, chart: Signal<Option<Chart>>) -> impl IntoView {
    let table_on = RwSignal::new(false);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let with = move |f: fn(&Chart) -> AnyView| chart.with(|c| c.as_ref().map(f));
    view! {
        <figure class="chart" aria-labelledby=labelled_by data-testid=id>
            <figcaption id=title_id>
                <span class="chart-title">{move || chart.with(|c| c.as_ref().map(|c| c.title.clone()))}</span>
                <button type="button" class="link-button" aria-pressed=move || table_on.get().to_string() on:click=move |_| table_on.update(|t| *t = !*t)>
                    {move || if table_on.get() { "View as chart" } else { "View as table" }}
                </button>
            </figcaption>
            {move || if table_on.get() { with(|c| table(c).into_any()) } else { with(|c| draw(c).into_any()) }}
            {move || with(|c| legend(c).into_any())}
        </figure>
    }
}

/// What the lines, dashes and triangles are, and the activities as text.
fn legend(chart: &Chart) -> impl IntoView + use<> {
    let keys: Vec<(usize, String)> = chart
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.label.clone()))
        .collect();
    let thresholds = !chart.thresholds.is_empty();
    let marks: Vec<(SimTime, String)> = chart
        .marks
        .iter()
        .map(|m| (m.at, m.label.clone()))
        .collect();
    view! {
        <p class="chart-legend">
            {keys.into_iter().map(|(i, label)| view! { <span class=format!("key series-{}", i % 4)>{label}</span> }).collect_view()}
            {thresholds.then(|| view! { <span class="key threshold-key">"Alarm threshold"</span> })}
            {(!marks.is_empty()).then(|| view! { <span class="key mark-key">"Scaling activity"</span> })}
        </p>
        {(!marks.is_empty()).then(|| view! {
            <details class="chart-marks">
                <summary>{format!("Scaling activities ({})", marks.len())}</summary>
                <ul>{marks.into_iter().map(|(at, label)| view! { <li><code>{clock(at)}</code>" "{label}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

/// The charts panel: pick a service, group or "other metrics".
#[component]
pub fn Charts() -> impl IntoView {
    let sim = crate::sim_state::SimHandle::expect();
    let view_signal = sim.view();
    let options = Memo::new(move |_| view_signal.with(subjects));
    let chosen = RwSignal::new(String::new());
    // The subject shown: the one chosen while it exists, else the first.
    let subject = Memo::new(move |_| {
        let list = options.get();
        let want = chosen.get();
        list.iter()
            .find(|s| s.key == want)
            .or_else(|| list.first())
            .map(|s| s.key.clone())
    });
    let drawn = Memo::new(move |_| {
        subject
            .get()
            .map(|key| view_signal.with(|v| charts(v, &key)))
            .unwrap_or_default()
    });
    view! {
        <div class="charts" data-testid="charts">
            <Show when=move || !options.with(Vec::is_empty) fallback=|| view! {
                <p class="empty">"No metrics yet. A service's CPU and memory appear a minute after its first task runs; "<code>"sim load"</code>" and "<code>"sim traffic"</code>" make them move."</p>
            }>
                <label class="chart-pick">
                    "Show "
                    <select on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || subject.get().unwrap_or_default()>
                        {move || options.get().into_iter().map(|s| view! { <option value=s.key.clone()>{s.label.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <p class="hint">"The last hour, a point a minute (CloudWatch's one-minute datapoints). Dashed lines are alarm thresholds; triangles are scaling activities."</p>
                <For each=move || drawn.with(|d| d.iter().map(|c| c.id.clone()).collect::<Vec<_>>()) key=|id| id.clone() let:id>
                    {
                        let mine = id.clone();
                        let chart = Signal::derive(move || drawn.with(|d| d.iter().find(|c| c.id == mine).cloned()));
                        view! { <ChartFigure id=id chart=chart /> }
                    }
                </For>
            </Show>
        </div>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn tops_are_round() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(3.2), 5.0);
        assert_eq!(nice_top(11.0), 20.0);
        assert_eq!(nice_top(240.0), 250.0);
        assert_eq!(nice_top(1_000.0), 1_000.0);
        assert_eq!(nice_top(f64::NAN), 1.0);
    }

    #[test]
    fn the_scale_maps_the_hour_and_the_values_into_the_plot() {
        let chart = Chart {
            id: "c".into(),
            title: "t".into(),
            unit: "%".into(),
            lines: Vec::new(),
            thresholds: Vec::new(),
            marks: Vec::new(),
            from: SimTime(0),
            to: SimTime(3_600_000),
            top: 100.0,
        };
        let s = Scale::of(&chart);
        assert_eq!(s.x(SimTime(0)), LEFT);
        assert_eq!(s.x(SimTime(3_600_000)), WIDTH - RIGHT);
        assert_eq!(s.x(SimTime(9_000_000)), WIDTH - RIGHT, "clamped");
        assert_eq!(s.y(0.0), HEIGHT - BOTTOM);
        assert_eq!(s.y(100.0), TOP);
        assert_eq!(s.y(250.0), TOP, "clamped");
        assert_eq!(
            polyline(s, &[(SimTime(0), 0.0), (SimTime(1_800_000), 50.0)]),
            format!(
                "{LEFT:.1},{:.1} {:.1},{:.1}",
                HEIGHT - BOTTOM,
                LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
                (HEIGHT - BOTTOM + TOP) / 2.0
            )
        );
    }

    #[test]
    fn close_thresholds_keep_their_labels_apart() {
        let t = |value: f64| Threshold {
            alarm: "a".into(),
            value,
            operator: ">",
            state: "OK".into(),
        };
        let chart = Chart {
            id: "c".into(),
            title: "t".into(),
            unit: "requests".into(),
            lines: Vec::new(),
            thresholds: Vec::new(),
            marks: Vec::new(),
            from: SimTime(0),
            to: SimTime(60_000),
            top: 1_000.0,
        };
        let s = Scale::of(&chart);
        // 540 is listed first but drawn below 600; its label goes under
        // its line, 600's above.
        let places = label_places(&[t(540.0), t(600.0)], s);
        assert_eq!(places[1], s.y(600.0) - 3.0);
        assert_eq!(places[0], s.y(540.0) + 11.0);
        // Far apart: both above.
        let places = label_places(&[t(100.0), t(900.0)], s);
        assert_eq!(places, [s.y(100.0) - 3.0, s.y(900.0) - 3.0]);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(4.0), "4");
        assert_eq!(number(77.04), "77");
        assert_eq!(number(77.25), "77.2");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(2.25), "2.25");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod projection_tests {
    use super::*;
    use stevedore_engine::Sim;

    fn run(sim: &mut Sim, shell: &mut stevedore_cli::shell::Shell, line: &str) {
        let out = shell.run(sim, line);
        assert!(out.is_ok(), "{line}: {}{}", out.stdout, out.stderr);
    }

    /// Lab 14's account after its solution: a service behind an ALB with
    /// a target tracking policy on requests per target, traffic that
    /// scaled it out and, quieter, back in.
    fn request_scaling() -> Sim {
        let lab = stevedore_lessons::course()
            .labs
            .iter()
            .find(|l| l.id == "alb-request-scaling")
            .cloned()
            .unwrap();
        let started = stevedore_cli::labs::start(&lab).unwrap();
        let (mut sim, mut shell) = (started.sim, started.shell);
        for step in &lab.steps {
            for line in step.solution.text.lines().filter(|l| !l.trim().is_empty()) {
                run(&mut sim, &mut shell, line);
            }
        }
        sim
    }

    #[test]
    fn a_service_behind_a_load_balancer_has_four_charts() {
        let view = request_scaling().view();
        let list = subjects(&view);
        let shop = list
            .iter()
            .find(|s| s.label == "Service DemoCluster/shop")
            .unwrap_or_else(|| panic!("{list:?}"));
        let drawn = charts(&view, &shop.key);
        let titles: Vec<&str> = drawn.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "CPU and memory utilization (AWS/ECS, Average)",
                "Desired and running tasks",
                "Requests per target, shop-tg (Sum per minute)",
                "Healthy and unhealthy hosts, shop-tg",
            ]
        );
        let [cpu, tasks, requests, hosts] = &drawn[..] else {
            unreachable!()
        };
        assert_eq!((cpu.unit.as_str(), cpu.top), ("%", 100.0));
        assert_eq!(cpu.lines[0].label, "CPU");
        assert!(!cpu.lines[0].points.is_empty());
        // Requests per target: the policy's two alarms on this very series,
        // drawn as thresholds, the value axis high enough for them.
        let values: Vec<f64> = requests.thresholds.iter().map(|t| t.value).collect();
        assert_eq!(requests.thresholds.len(), 2, "{:?}", requests.thresholds);
        assert!(values.contains(&600.0), "{values:?}");
        assert!(requests.top >= 600.0);
        assert!(
            requests.lines[0].points.iter().any(|p| p.1 > 600.0),
            "the 40/s minutes"
        );
        // The scale-out and scale-in as marks, and the counts following.
        assert!(tasks.marks.len() >= 2, "{:?}", tasks.marks);
        assert!(
            tasks
                .marks
                .iter()
                .any(|m| m.label.contains("Setting desired count"))
        );
        let desired: Vec<f64> = tasks.lines[0].points.iter().map(|p| p.1).collect();
        assert!(desired.iter().any(|d| *d > 1.0), "{desired:?}");
        assert_eq!(hosts.lines[0].label, "Healthy");
        assert!(hosts.lines[0].points.last().unwrap().1 >= 1.0);
        // The summary a screen reader hears names the latest values and
        // the alarms.
        let said = summary(requests);
        assert!(
            said.contains("alarm TargetTracking-service/DemoCluster/shop-AlarmHigh"),
            "{said}"
        );
        assert!(said.contains("scaling activities"), "{said}");
        // The table has a row per minute with a value for each line.
        let rows = table_rows(tasks);
        assert_eq!(rows.len(), tasks.lines[0].points.len());
        assert!(
            rows.iter()
                .all(|(_, v)| v.len() == 2 && v.iter().all(Option::is_some))
        );
    }

    #[test]
    fn other_metrics_are_charted_one_each_and_unknown_subjects_have_none() {
        let mut sim = request_scaling();
        let mut shell = stevedore_cli::shell::Shell::new();
        run(
            &mut sim,
            &mut shell,
            "aws cloudwatch put-metric-data --namespace Shop --metric-name Orders --value 12",
        );
        run(&mut sim, &mut shell, "sim advance 1m");
        let view = sim.view();
        let list = subjects(&view);
        assert_eq!(list.last().map(|s| s.key.as_str()), Some("metrics"));
        let others = charts(&view, "metrics");
        let orders = others
            .iter()
            .find(|c| c.title.starts_with("Shop Orders"))
            .unwrap_or_else(|| panic!("{:?}", others.iter().map(|c| &c.title).collect::<Vec<_>>()));
        assert_eq!(orders.lines[0].points.len(), 1);
        assert_eq!(orders.top, nice_top(12.0 * 1.1));
        // The service's own series are not repeated there.
        assert!(
            others
                .iter()
                .all(|c| !c.title.contains("RequestCountPerTarget (Sum, TargetGroup"))
        );
        assert!(charts(&view, "service:nope").is_empty());
        assert!(charts(&view, "bogus").is_empty());
    }

    #[test]
    fn a_queue_charts_its_backlog_with_the_alarm_on_it() {
        let mut sim = Sim::new(stevedore_engine::SimConfig::default()).unwrap();
        let mut shell = stevedore_cli::shell::Shell::new();
        let sends: Vec<String> = (1..=8)
            .map(|i| format!("aws sqs send-message --queue-url $Q --message-body job-{i}"))
            .collect();
        for line in [
            "Q=$(aws sqs create-queue --queue-name jobs --attributes VisibilityTimeout=300 --query QueueUrl --output text)",
            "aws cloudwatch put-metric-alarm --alarm-name backlog --namespace AWS/SQS --metric-name ApproximateNumberOfMessagesVisible --dimensions Name=QueueName,Value=jobs --statistic Average --period 60 --evaluation-periods 1 --threshold 5 --comparison-operator GreaterThanThreshold",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain(sends)
        .chain(
            [
            "sim advance 1m",
            "aws sqs receive-message --queue-url $Q --max-number-of-messages 2 > /dev/null",
            "sim advance 1m",
            ]
            .map(str::to_owned),
        ) {
            run(&mut sim, &mut shell, &line);
        }
        let view = sim.view();
        let list = subjects(&view);
        assert!(
            list.iter()
                .any(|s| s.key == "queue:jobs" && s.label == "Queue jobs"),
            "{list:?}"
        );
        let drawn = charts(&view, "queue:jobs");
        let [backlog, traffic, age] = &drawn[..] else {
            panic!("{:?}", drawn.iter().map(|c| &c.title).collect::<Vec<_>>())
        };
        let last = |c: &Chart, label: &str| {
            c.lines
                .iter()
                .find(|l| l.label == label)
                .and_then(|l| l.points.last())
                .map(|p| p.1)
        };
        assert_eq!(last(backlog, "Visible"), Some(6.0));
        assert_eq!(last(backlog, "In flight"), Some(2.0));
        assert_eq!(backlog.thresholds.len(), 1);
        assert_eq!(
            (
                backlog.thresholds[0].value,
                backlog.thresholds[0].state.as_str()
            ),
            (5.0, "ALARM")
        );
        assert_eq!(last(traffic, "Received"), Some(2.0));
        // Counts are charted as each minute's sum: 8 sent in the first.
        let sent = traffic.lines.iter().find(|l| l.label == "Sent").unwrap();
        assert_eq!(sent.points.first().map(|p| p.1), Some(8.0));
        assert!(last(age, "Age").unwrap() >= 60.0);
        // Its series are the queue's, not "other metrics".
        assert!(
            charts(&view, "metrics")
                .iter()
                .all(|c| !c.title.starts_with("AWS/SQS"))
        );
        assert!(charts(&view, "queue:nope").is_empty());
    }
}
