//! Steady traffic through a load balancer (`sim traffic`), turned into
//! per-minute figures as simulated time passes: requests per target group
//! and per target, the targets' answers by class, the load balancer's own
//! 5XX, healthy and unhealthy hosts, response time, and the CPU the
//! requests cost the serving tasks. The auto scaling issue turns these
//! into CloudWatch metrics.
//!
//! Each minute boundary routes the minute's requests as a request does
//! (`route`): the listener (port 80, else the first), the rules (path,
//! Host = the DNS name), weights across target groups, then a split over
//! the healthy targets by the group's algorithm and slow start
//! (`split_requests`; every registered target when none is
//! healthy, F7.3, except behind a Classic load balancer, which answers
//! 503). One walk per target decides what its share gets: its page's
//! status, or the load balancer's 502/504; no registered target: 503
//! (F18.6).
//!
//! MODEL (section 13): a task's CPU is [`BASE_CPU_PERCENT`] + 100 ×
//! (requests per second × [`CPU_MS_PER_REQUEST`] / 1000) / vCPU, at most
//! 100; its response time [`SERVICE_TIME_MS`] / (1 − CPU/100); at 98 % or
//! more its requests time out (504).

use super::*;
use crate::reach::ProbeResult;
use crate::sim::{Sim, Timer};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// MODEL: CPU time one request costs a web container.
pub const CPU_MS_PER_REQUEST: f64 = 10.0;
/// MODEL: an idle web container's CPU.
pub const BASE_CPU_PERCENT: f64 = 2.0;
/// MODEL: a request's service time on an idle target.
pub const SERVICE_TIME_MS: f64 = 20.0;
/// MODEL: CPU at which requests time out instead of queueing (ρ ≥ 0.98).
pub const SATURATED_CPU_PERCENT: f64 = 98.0;
/// MODEL: minutes of figures kept per target group (3 hours; about 120
/// bytes a minute plus 40 a target).
pub const STATS_WINDOW_MINUTES: usize = 180;
/// The most requests per second `sim traffic` sends (MODEL bound).
pub const MAX_RATE: u32 = 100_000;

/// `sim traffic`: a steady rate to a load balancer (name or DNS name), or
/// `None` to stop it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Traffic {
    pub load_balancer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Traffic in force on a load balancer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafficRecord {
    pub rate: u32,
    pub path: String,
}

/// One target's share of a minute: (its registration's generation,
/// requests, its task's CPU).
type Share = (u64, u64, Option<f64>);

/// A target group's minute as [`Sim::minute_of`] hands it over: its ARN,
/// its figures and its targets' shares.
type GroupFigures = (String, MinuteStats, Vec<Share>);

/// A target group's figures for one minute [start, start + 60 s).
#[derive(Debug, Clone, PartialEq)]
pub struct MinuteStats {
    /// The minute's start (simulated time).
    pub start: crate::time::SimTime,
    pub requests: u64,
    /// Targets that got requests.
    pub targets: u32,
    /// MODEL: the serving tasks' average and highest CPU that minute.
    pub cpu_average: Option<f64>,
    pub cpu_max: Option<f64>,
    pub healthy_hosts: u32,
    pub unhealthy_hosts: u32,
    pub target_2xx: u64,
    pub target_3xx: u64,
    pub target_4xx: u64,
    pub target_5xx: u64,
    pub elb_5xx: u64,
    /// Average over the requests the targets answered, in seconds.
    pub response_time: Option<f64>,
}

/// What one minute of a target group read of one target: while these
/// (and the group's own inputs in [`GroupMinuteMemo`]) are the same, the
/// minute's figures are too.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TargetInputs {
    generation: u64,
    state: TargetState,
    parked: bool,
    last_status: Option<u16>,
    task_cpu: Option<u32>,
}

impl TargetInputs {
    fn of(t: &TargetRecord) -> Self {
        TargetInputs {
            generation: t.generation,
            state: t.state,
            parked: t.parked,
            last_status: t.last_status,
            task_cpu: t.task_cpu,
        }
    }
}

/// A target group's minute worked out in full ([`Sim::group_minute`]),
/// with everything it read, so that the next minute takes its figures
/// (with its own start) instead of working them out again while none of
/// that changed: the even split (no least outstanding requests, no slow
/// start), and no target walked (each one answering took its parked
/// check's last answer). A function of what it holds, so one that no
/// longer matches is never used (nothing needs to drop it); kept on the
/// [`Sim`], outside the state and its fingerprint. Debug builds work
/// every reused minute out again and compare.
#[derive(Debug, Clone)]
pub(crate) struct GroupMinuteMemo {
    requests: u64,
    path: String,
    instance_port: Option<u16>,
    health_enabled: bool,
    classic: bool,
    checks_this_path: bool,
    targets: Vec<TargetInputs>,
    stats: MinuteStats,
    shares: Vec<Share>,
}

/// Whether the group's health checks ask for the traffic's path on the
/// traffic's port (then a parked target's last answer is the traffic's).
fn checks_this_path(tg: &TargetGroupRecord, path: &str, instance_port: Option<u16>) -> bool {
    instance_port.is_none()
        && tg.health.port == "traffic-port"
        && tg.health.path.as_deref() == Some(path)
}

/// The group's algorithm and slow start: (least outstanding requests,
/// slow start in milliseconds).
fn split_settings(tg: &TargetGroupRecord) -> (bool, u64) {
    let attribute = |k: &str| tg.attributes.get(k).map(String::as_str);
    let lor = attribute("load_balancing.algorithm.type") == Some("least_outstanding_requests");
    let slow_ms = attribute("slow_start.duration_seconds")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        * 1000;
    (lor, slow_ms)
}

impl GroupMinuteMemo {
    /// Whether the group's minute would read the same now.
    fn holds(
        &self,
        tg: &TargetGroupRecord,
        requests: u64,
        path: &str,
        instance_port: Option<u16>,
    ) -> bool {
        self.requests == requests
            && self.instance_port == instance_port
            && self.health_enabled == tg.health.enabled
            && self.classic == tg.classic
            && self.targets.len() == tg.targets.len()
            && self.path == path
            && self.checks_this_path == checks_this_path(tg, path, instance_port)
            && split_settings(tg) == (false, 0)
            && self
                .targets
                .iter()
                .zip(&tg.targets)
                .all(|(m, t)| *m == TargetInputs::of(t))
    }
}

impl Sim {
    fn lb_by_name_or_dns(&self, name: &str) -> Result<&LoadBalancerRecord, ApiError> {
        self.state
            .elb
            .load_balancers
            .values()
            .find(|lb| lb.name == name || lb.dns_name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "sim traffic: no load balancer '{name}' (give its name or DNS name: aws elbv2 describe-load-balancers)."
                ))
            })
    }

    /// Starts, changes or stops steady traffic (through
    /// [`Input::Traffic`](crate::Input::Traffic)).
    pub(crate) fn set_traffic(&mut self, t: &Traffic) -> Result<String, ApiError> {
        let lb = self.lb_by_name_or_dns(&t.load_balancer)?;
        let (arn, name) = (lb.arn.clone(), lb.name.clone());
        let Some(rate) = t.rate else {
            if self.state.elb.traffic.remove(&arn).is_none() {
                return Err(ApiError::invalid_parameter(format!(
                    "sim traffic: {name} has no traffic to stop."
                )));
            }
            return Ok(format!("Stopped the traffic to {name}."));
        };
        if rate == 0 || rate > MAX_RATE {
            return Err(ApiError::invalid_parameter(format!(
                "sim traffic: a rate is 1 to {MAX_RATE} requests per second; {rate} was given."
            )));
        }
        let path = t.path.clone().unwrap_or_else(|| "/".to_owned());
        if !path.starts_with('/') {
            return Err(ApiError::invalid_parameter(format!(
                "sim traffic: a path starts with '/'; '{path}' was given."
            )));
        }
        self.state.elb.traffic.insert(
            arn,
            TrafficRecord {
                rate,
                path: path.clone(),
            },
        );
        self.ensure_minute_timer();
        Ok(format!(
            "Sending {rate} requests per second to {name} at {path}: each minute's requests and what they got are kept per target group (sim traffic shows the last minute)."
        ))
    }

    /// Timer: the minute that just ended, for every load balancer with
    /// traffic; then the next minute, while any has traffic.
    pub(crate) fn traffic_minute(&mut self) {
        let start = crate::time::SimTime(self.now.0.saturating_sub(60_000));
        let flows: Vec<(String, TrafficRecord)> = self
            .state
            .elb
            .traffic
            .iter()
            .map(|(a, t)| (a.clone(), t.clone()))
            .collect();
        for (arn, flow) in flows {
            // What the minute's requests cost the load balancer
            // (`crate::cost::usage_of_minute`): every request a listener
            // took, whatever the action (no listener, or not active: none).
            let (listening, stats, memos) = self.minute_of(&arn, &flow, start);
            for (tg, memo) in memos {
                self.group_minute_memos.insert(tg, memo);
            }
            let requests = if listening {
                u64::from(flow.rate) * 60
            } else {
                0
            };
            if let Some(lb) = self.state.elb.load_balancers.get_mut(&arn) {
                let nanos = crate::cost::usage_of_minute(lb.lb_type, requests);
                lb.usage_nanos += nanos;
                // An hour at this minute's rate.
                lb.usage_per_hour_nanos = crate::cost::usage_of_minute(lb.lb_type, requests * 60);
            }
            for (tg, s, shares) in stats {
                if let Some(group) = self.state.elb.target_groups.get_mut(&tg) {
                    // The shares follow the targets' order (a subsequence).
                    let mut next = shares.iter().peekable();
                    for t in &mut group.targets {
                        t.last_minute = match next.peek() {
                            Some((g, n, c)) if *g == t.generation => {
                                next.next();
                                Some((*n, *c))
                            }
                            _ => None,
                        };
                    }
                }
                let window = self.state.elb.minutes.entry(tg).or_default();
                window.push_back(s);
                while window.len() > STATS_WINDOW_MINUTES {
                    window.pop_front();
                }
            }
        }
        // Then the minute's CloudWatch figures (engine/src/cloudwatch).
        self.ecs_minute();
        self.ec2_minute();
        self.managed_scaling_minute();
        self.sqs_minute();
        self.container_insights_minute();
        self.evaluate_alarms();
        self.record_task_counts();
        if self.minute_needed() {
            self.schedule(SimDuration(60_000), Timer::TrafficMinute);
        } else {
            self.state.elb.minute_timer = false;
        }
    }

    /// The figures of one minute of `flow` through a load balancer, per
    /// target group it reached, and whether the load balancer took the
    /// requests (it is active and has a listener).
    fn minute_of(
        &self,
        lb_arn: &str,
        flow: &TrafficRecord,
        start: crate::time::SimTime,
    ) -> (bool, Vec<GroupFigures>, Vec<(String, GroupMinuteMemo)>) {
        let Some(lb) = self.state.elb.load_balancers.get(lb_arn) else {
            return (false, Vec::new(), Vec::new());
        };
        if !lb.is_active(self.now) {
            return (false, Vec::new(), Vec::new());
        }
        // Port 80's listener, else the first.
        let mut first: Option<&ListenerRecord> = None;
        let mut port_80: Option<&ListenerRecord> = None;
        for l in self.state.elb.listeners.values() {
            if super::same_arn(&l.load_balancer_arn, &lb.arn) {
                first.get_or_insert(l);
                if l.port == 80 {
                    port_80 = Some(l);
                    break;
                }
            }
        }
        let Some(listener) = port_80.or(first) else {
            return (false, Vec::new(), Vec::new());
        };
        let (path, query) = flow
            .path
            .split_once('?')
            .unwrap_or((flow.path.as_str(), ""));
        let request = super::RequestInfo {
            host: lb.dns_name.clone(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            client_ip: Some(crate::reach::LAPTOP_IP),
        };
        let action = if lb.lb_type == LbType::Application {
            let mut rules: Vec<&RuleRecord> = self
                .state
                .elb
                .rules
                .values()
                .filter(|r| super::same_arn(&r.listener_arn, &listener.arn))
                .collect();
            rules.sort_by_key(|r| r.priority);
            rules
                .iter()
                .find(|r| {
                    r.conditions
                        .iter()
                        .all(|c| super::route::condition_matches(c, path, query, &request))
                })
                .map_or(&listener.default_action, |r| &r.action)
        } else {
            &listener.default_action
        };
        let ActionRecord::Forward(groups) = action else {
            return (true, Vec::new(), Vec::new());
        };
        let total = u64::from(flow.rate) * 60;
        let weight_sum: u64 = groups.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut out = Vec::new();
        let mut memos = Vec::new();
        let mut left = total;
        for (i, (tg_arn, w)) in groups.iter().enumerate() {
            let share = if weight_sum == 0 {
                0
            } else if i + 1 == groups.len() {
                left
            } else {
                total * u64::from(*w) / weight_sum
            };
            left = left.saturating_sub(share);
            if let Some(tg) = self.state.elb.target_groups.get(tg_arn) {
                let port = listener.instance.as_ref().map(|i| i.1);
                let (stats, shares, memo) =
                    self.group_minute(lb, tg, share, &flow.path, port, start);
                if let Some(memo) = memo {
                    memos.push((tg_arn.clone(), memo));
                }
                out.push((tg_arn.clone(), stats, shares));
            }
        }
        (true, out, memos)
    }

    /// A target group's figures for the minute: the last minute's
    /// ([`GroupMinuteMemo`]) while what they were worked out from is the
    /// same, else worked out ([`Sim::group_minute_fresh`]), with a new
    /// memo when it can be kept.
    fn group_minute(
        &self,
        lb: &LoadBalancerRecord,
        tg: &TargetGroupRecord,
        requests: u64,
        path: &str,
        instance_port: Option<u16>,
        start: crate::time::SimTime,
    ) -> (MinuteStats, Vec<Share>, Option<GroupMinuteMemo>) {
        if let Some(memo) = self.group_minute_memos.get(&tg.arn)
            && memo.holds(tg, requests, path, instance_port)
        {
            let stats = MinuteStats {
                start,
                ..memo.stats.clone()
            };
            if cfg!(debug_assertions) {
                let (fresh, shares, _) =
                    self.group_minute_fresh(lb, tg, requests, path, instance_port, start);
                debug_assert!(
                    fresh == stats && shares == memo.shares,
                    "a target group's reused minute differs from a fresh one:\n{stats:?}\n{:?}\nfresh:\n{fresh:?}\n{shares:?}",
                    memo.shares
                );
            }
            return (stats, memo.shares.clone(), None);
        }
        let (stats, shares, keep) =
            self.group_minute_fresh(lb, tg, requests, path, instance_port, start);
        let memo = keep.then(|| GroupMinuteMemo {
            requests,
            path: path.to_owned(),
            instance_port,
            health_enabled: tg.health.enabled,
            classic: tg.classic,
            checks_this_path: checks_this_path(tg, path, instance_port),
            targets: tg.targets.iter().map(TargetInputs::of).collect(),
            stats: stats.clone(),
            shares: shares.clone(),
        });
        (stats, shares, memo)
    }

    /// A target group's figures for the minute, worked out, and whether
    /// they can be kept for the next minutes (the even split, no target
    /// walked: see [`GroupMinuteMemo`]).
    fn group_minute_fresh(
        &self,
        lb: &LoadBalancerRecord,
        tg: &TargetGroupRecord,
        requests: u64,
        path: &str,
        instance_port: Option<u16>,
        start: crate::time::SimTime,
    ) -> (MinuteStats, Vec<Share>, bool) {
        let mut shares: Vec<Share> = Vec::with_capacity(tg.targets.len());
        let mut s = MinuteStats {
            start,
            requests,
            targets: 0,
            cpu_average: None,
            cpu_max: None,
            healthy_hosts: 0,
            unhealthy_hosts: 0,
            target_2xx: 0,
            target_3xx: 0,
            target_4xx: 0,
            target_5xx: 0,
            elb_5xx: 0,
            response_time: None,
        };
        // The load balancer uses the group (the traffic came through it):
        // the checks' own states (MODEL: cross-zone, every zone counts);
        // "unavailable" (neither) when checks are off. One pass: the
        // registered (not draining) targets and how many are healthy.
        let mut registered: Vec<&TargetRecord> = Vec::with_capacity(tg.targets.len());
        for t in &tg.targets {
            match t.state {
                TargetState::Draining => continue,
                TargetState::Healthy if tg.health.enabled => s.healthy_hosts += 1,
                TargetState::Unhealthy if tg.health.enabled => s.unhealthy_hosts += 1,
                _ => {}
            }
            registered.push(t);
        }
        // No target, or (Classic, which does not fail open) none healthy:
        // the load balancer answers 503.
        if registered.is_empty() || tg.classic && s.healthy_hosts == 0 {
            s.elb_5xx = requests;
            return (s, shares, true);
        }
        // The healthy ones, or every registered one when none is (F7.3).
        let pool: Vec<&TargetRecord> = if s.healthy_hosts == 0 {
            registered
        } else {
            registered.retain(|t| t.state == TargetState::Healthy);
            registered
        };
        // `None`: the even split, worked out below without a list.
        let weighted = self.split_requests(tg, &pool, requests, start);
        let mut walked = false;
        let n = pool.len() as u64;
        let mut weighted_time = 0.0;
        let mut answered = 0u64;
        // The serving tasks' CPU: sum, count and highest, in pool order.
        let mut cpu_sum = -0.0;
        let mut cpu_count = 0usize;
        let mut cpu_max: Option<f64> = None;
        // (The group's part of `checked_here`, read once.)
        let checks_this_path = checks_this_path(tg, path, instance_port);
        for (i, t) in pool.iter().enumerate() {
            let share = match &weighted {
                Some(split) => split[i],
                None => requests / n + u64::from((i as u64) < requests % n),
            };
            let cpu = t.task_cpu.map(|units| {
                let vcpu = (f64::from(units.max(1)) / 1024.0).max(0.125);
                let rps = share as f64 / 60.0;
                (BASE_CPU_PERCENT + 100.0 * (rps * CPU_MS_PER_REQUEST / 1000.0) / vcpu).min(100.0)
            });
            shares.push((t.generation, share, cpu));
            if let Some(c) = cpu {
                cpu_sum += c;
                cpu_count += 1;
                cpu_max = Some(cpu_max.map_or(c, |m: f64| m.max(c)));
            }
            if share == 0 {
                continue;
            }
            s.targets += 1;
            if cpu.is_some_and(|c| c >= SATURATED_CPU_PERCENT) {
                s.elb_5xx += share;
                continue;
            }
            // A parked target's last check still holds: traffic to the
            // path it checks gets the same answer without a walk.
            let checked_here = t.parked && checks_this_path;
            let status = match t.last_status.filter(|_| checked_here) {
                Some(status) => Some(status),
                None => {
                    // (What a walk reads is not among a memo's inputs.)
                    walked = true;
                    match self.target_ip(tg, &t.id) {
                        Some(ip) => {
                            let port = instance_port.unwrap_or(t.port);
                            match self
                                .lb_probe(lb, Self::target_hint(tg, t), ip, port, path, true)
                                .result
                            {
                                ProbeResult::Response(r) => Some(r.status),
                                ProbeResult::EmptyReply if lb.lb_type == LbType::Network => {
                                    s.target_2xx += share;
                                    answered += share;
                                    continue;
                                }
                                _ => None,
                            }
                        }
                        None => None,
                    }
                }
            };
            match status {
                Some(status) => {
                    match status / 100 {
                        2 => s.target_2xx += share,
                        3 => s.target_3xx += share,
                        4 => s.target_4xx += share,
                        _ => s.target_5xx += share,
                    }
                    let rho = cpu.unwrap_or(BASE_CPU_PERCENT) / 100.0;
                    weighted_time += share as f64 * SERVICE_TIME_MS / (1.0 - rho) / 1000.0;
                    answered += share;
                }
                None => s.elb_5xx += share,
            }
        }
        if answered > 0 {
            s.response_time = Some(weighted_time / answered as f64);
        }
        if cpu_count > 0 {
            s.cpu_average = Some(cpu_sum / cpu_count as f64);
            s.cpu_max = cpu_max;
        }
        let keep = weighted.is_none() && !walked;
        (s, shares, keep)
    }

    /// How a minute's requests split over the targets that take them, by
    /// the group's algorithm and slow start (F7.6; MODEL, section 13):
    /// - round robin (and weighted random, whose shares are even): evenly;
    /// - least outstanding requests: in proportion to each task's vCPU (a
    ///   faster target finishes requests sooner, so it has fewer
    ///   outstanding), and nothing to a target that holds every request
    ///   (http-hang) while another answers;
    /// - slow start: a target that became healthy less than the duration
    ///   ago gets its share scaled by the time since over the duration, as
    ///   long as a target not in slow start takes the rest.
    ///
    /// Whole requests, the remainder to the largest fractions (the first
    /// targets on ties): equal weights give the even split.
    fn split_requests(
        &self,
        tg: &TargetGroupRecord,
        pool: &[&TargetRecord],
        requests: u64,
        start: crate::time::SimTime,
    ) -> Option<Vec<u64>> {
        let (lor, slow_ms) = split_settings(tg);
        // Round robin without slow start: the even split, no weights
        // (`None`: the caller gives target i requests / n, plus one while
        // i < requests % n).
        if !lor && slow_ms == 0 {
            return None;
        }
        // The middle of the minute.
        let at = start.0 + 30_000;
        let ramp = |t: &TargetRecord| -> Option<f64> {
            let since = t.healthy_since?;
            let elapsed = at.saturating_sub(since.0);
            (slow_ms > 0 && t.state == TargetState::Healthy && elapsed < slow_ms)
                .then(|| elapsed as f64 / slow_ms as f64)
        };
        let any_full = pool.iter().any(|t| ramp(t).is_none());
        let mut weights: Vec<f64> = pool
            .iter()
            .map(|t| {
                let mut w = 1.0;
                if lor {
                    w = if self.target_hangs(t) {
                        0.0
                    } else {
                        t.task_cpu.map_or(1.0, |u| f64::from(u.max(128)) / 1024.0)
                    };
                }
                if any_full && let Some(r) = ramp(t) {
                    w *= r;
                }
                w
            })
            .collect();
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            weights = vec![1.0; pool.len()];
        }
        let total: f64 = weights.iter().sum();
        let exact: Vec<f64> = weights
            .iter()
            .map(|w| requests as f64 * w / total)
            .collect();
        let mut out: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
        let mut left = requests.saturating_sub(out.iter().sum());
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by(|a, b| {
            let fa = exact[*a] - exact[*a].floor();
            let fb = exact[*b] - exact[*b].floor();
            fb.total_cmp(&fa).then(a.cmp(b))
        });
        for i in order {
            if left == 0 {
                break;
            }
            out[i] += 1;
            left -= 1;
        }
        Some(out)
    }

    /// `sim traffic`: the traffic in force and each target group's last
    /// minute.
    pub fn traffic_report(&self) -> String {
        let elb = &self.state.elb;
        if elb.traffic.is_empty() && elb.minutes.is_empty() {
            return "No traffic. Start some: sim traffic <load balancer name or DNS name> <N>/s [PATH]\n".to_owned();
        }
        let mut out = String::new();
        for (arn, t) in &elb.traffic {
            let name = elb
                .load_balancers
                .get(arn)
                .map_or(arn.as_str(), |l| l.name.as_str());
            out.push_str(&format!("{name}: {} requests/s to {}\n", t.rate, t.path));
        }
        for (tg_arn, window) in &elb.minutes {
            let Some(s) = window.back() else { continue };
            let name = elb
                .target_groups
                .get(tg_arn)
                .map_or(tg_arn.as_str(), |g| g.name.as_str());
            out.push_str(&format!(
                "target group {name}, minute from {}: {} requests; healthy {}, unhealthy {}; target 2XX {}, 3XX {}, 4XX {}, 5XX {}; load balancer 5XX {}{}\n",
                crate::base::time::elapsed(s.start.0, false),
                s.requests,
                s.healthy_hosts,
                s.unhealthy_hosts,
                s.target_2xx,
                s.target_3xx,
                s.target_4xx,
                s.target_5xx,
                s.elb_5xx,
                s.response_time
                    .map(|r| format!("; response time {:.3} s", r))
                    .unwrap_or_default()
            ));
            if let Some(tg) = elb.target_groups.get(tg_arn) {
                for t in &tg.targets {
                    if let Some((n, cpu)) = t.last_minute {
                        out.push_str(&format!(
                            "  {}:{}: {n} requests{}\n",
                            t.id,
                            t.port,
                            cpu.map(|c| format!(", CPU {c:.1} %")).unwrap_or_default()
                        ));
                    }
                }
            }
        }
        out
    }

    /// The figures kept for a target group, oldest first.
    pub fn target_group_minutes(&self, target_group_arn: &str) -> Vec<MinuteStats> {
        self.state
            .elb
            .minutes
            .get(target_group_arn)
            .map(|w| w.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// For the record's `minutes`: a window per target group.
pub type MinuteWindow = VecDeque<MinuteStats>;
