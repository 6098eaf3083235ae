//! Load balancing goals: `load_balancer` and `target_group` (see the
//! vocabulary in the parent module).

use super::GoalCheck;
use crate::elbv2::{LbType, LoadBalancerRecord, TargetGroupRecord};
use crate::reach::{LAPTOP_IP, Probe, ProbeResult, ProbeSource};
use crate::sim::Sim;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerGoal {
    pub name: String,
    /// `application` or `network`.
    #[serde(default, rename = "type")]
    pub lb_type: Option<String>,
    #[serde(default)]
    pub scheme: Option<String>,
    /// At least this many Availability Zones.
    #[serde(default)]
    pub zones: Option<usize>,
    /// A security group (name or id) it has.
    #[serde(default)]
    pub security_group: Option<String>,
    /// A listener on this port, and the target group (name) its default
    /// action forwards to.
    #[serde(default)]
    pub listener_port: Option<u16>,
    #[serde(default)]
    pub forwards_to: Option<String>,
    /// A client on the internet gets this status from its DNS name
    /// (port `listener_port`, default 80, at `path`, default `/`).
    #[serde(default)]
    pub http_status: Option<u16>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub body_contains: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroupGoal {
    pub name: String,
    #[serde(default)]
    pub target_type: Option<String>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub health_check_path: Option<String>,
    /// A load balancer (name) uses it.
    #[serde(default)]
    pub load_balancer: Option<String>,
    /// At least this many healthy targets.
    #[serde(default)]
    pub healthy: Option<usize>,
    /// No target is unhealthy.
    #[serde(default)]
    pub none_unhealthy: Option<bool>,
}

impl LoadBalancerGoal {
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.lb_type {
            parts.push(format!("type {t}"));
        }
        if let Some(s) = &self.scheme {
            parts.push(s.clone());
        }
        if let Some(z) = self.zones {
            parts.push(format!("in at least {z} Availability Zones"));
        }
        if let Some(g) = &self.security_group {
            parts.push(format!("with security group {g}"));
        }
        if let Some(p) = self.listener_port {
            parts.push(format!("a listener on port {p}"));
        }
        if let Some(t) = &self.forwards_to {
            parts.push(format!("forwarding to target group {t}"));
        }
        let mut s = format!("Load balancer {} exists", self.name);
        if !parts.is_empty() {
            s += &format!(" ({})", parts.join(", "));
        }
        if let Some(status) = self.http_status {
            s += &format!(
                "; a client on the internet gets HTTP {status} from it at {}",
                self.path.as_deref().unwrap_or("/")
            );
            if let Some(h) = &self.host {
                s += &format!(" (Host: {h})");
            }
            if let Some(b) = &self.body_contains {
                s += &format!(", a page containing \"{b}\"");
            }
        }
        s + "."
    }
}

impl TargetGroupGoal {
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.target_type {
            parts.push(format!("target type {t}"));
        }
        if let Some(p) = &self.protocol {
            parts.push(p.clone());
        }
        if let Some(p) = self.port {
            parts.push(format!("port {p}"));
        }
        if let Some(p) = &self.health_check_path {
            parts.push(format!("health check path {p}"));
        }
        if let Some(l) = &self.load_balancer {
            parts.push(format!("used by load balancer {l}"));
        }
        let mut s = format!("Target group {} exists", self.name);
        if !parts.is_empty() {
            s += &format!(" ({})", parts.join(", "));
        }
        if let Some(n) = self.healthy {
            s += &format!(
                " with at least {n} healthy target{}",
                if n == 1 { "" } else { "s" }
            );
        }
        if self.none_unhealthy == Some(true) {
            s += ", none unhealthy";
        }
        s + "."
    }
}

impl Sim {
    fn lb_named(&self, name: &str) -> Result<&LoadBalancerRecord, String> {
        self.state
            .elb
            .load_balancers
            .values()
            .find(|l| l.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self
                    .state
                    .elb
                    .load_balancers
                    .values()
                    .map(|l| l.name.as_str())
                    .collect();
                format!(
                    "there is no load balancer {name} (load balancers: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                )
            })
    }

    fn tg_named(&self, name: &str) -> Result<&TargetGroupRecord, String> {
        self.state
            .elb
            .target_groups
            .values()
            .find(|t| t.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self
                    .state
                    .elb
                    .target_groups
                    .values()
                    .map(|t| t.name.as_str())
                    .collect();
                format!(
                    "there is no target group {name} (target groups: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                )
            })
    }

    pub(crate) fn check_load_balancer(&self, g: &LoadBalancerGoal) -> GoalCheck {
        let lb = match self.lb_named(&g.name) {
            Ok(l) => l,
            Err(why) => return GoalCheck::unmet(why),
        };
        if let Some(t) = &g.lb_type
            && lb.lb_type.as_str() != t
        {
            return GoalCheck::unmet(format!(
                "{} is an {} load balancer, not {t}",
                lb.name,
                lb.lb_type.as_str()
            ));
        }
        if let Some(s) = &g.scheme
            && lb.scheme != s
        {
            return GoalCheck::unmet(format!("{} is {}, not {s}", lb.name, lb.scheme));
        }
        if let Some(z) = g.zones
            && lb.zones.len() < z
        {
            return GoalCheck::unmet(format!(
                "{} is in {} zone(s), fewer than {z}",
                lb.name,
                lb.zones.len()
            ));
        }
        if let Some(sg) = &g.security_group {
            let has = lb.security_groups.iter().any(|id| {
                id == sg
                    || self
                        .state
                        .security_groups
                        .get(id)
                        .is_some_and(|s| s.name == *sg)
            });
            if !has {
                return GoalCheck::unmet(format!(
                    "{} has security groups [{}], not {sg}",
                    lb.name,
                    lb.security_groups.join(", ")
                ));
            }
        }
        let port = g.listener_port.unwrap_or(80);
        let listener = self
            .state
            .elb
            .listeners
            .values()
            .find(|l| l.load_balancer_arn == lb.arn && l.port == port);
        if g.listener_port.is_some() || g.forwards_to.is_some() {
            let Some(l) = listener else {
                return GoalCheck::unmet(format!("{} has no listener on port {port}", lb.name));
            };
            if let Some(tg) = &g.forwards_to {
                let forwards = match &l.default_action {
                    crate::elbv2::ActionRecord::Forward(groups) => groups.iter().any(|(arn, _)| {
                        self.state
                            .elb
                            .target_groups
                            .get(arn)
                            .is_some_and(|t| t.name == *tg)
                    }),
                    _ => false,
                };
                if !forwards {
                    return GoalCheck::unmet(format!(
                        "the listener on port {port} of {} does not forward to target group {tg}",
                        lb.name
                    ));
                }
            }
        }
        if let Some(status) = g.http_status {
            if !lb.is_active(self.now) {
                return GoalCheck::unmet(format!(
                    "{} is still provisioning: give it a minute",
                    lb.name
                ));
            }
            let Some(zone) = lb.zones.first() else {
                return GoalCheck::unmet(format!("{} has no zones", lb.name));
            };
            let path = g.path.clone().unwrap_or_else(|| "/".to_owned());
            let (outcome, _) = self.probe_request(&Probe {
                source: ProbeSource::Internet(LAPTOP_IP),
                destination: zone.public_ip.unwrap_or(zone.private_ip),
                port,
                path: path.clone(),
                host: Some(g.host.clone().unwrap_or_else(|| lb.dns_name.clone())),
                headers: Vec::new(),
            });
            let url = format!("http://{}:{port}{path}", lb.dns_name);
            return match &outcome.result {
                ProbeResult::Response(r)
                    if r.status == status
                        && g.body_contains
                            .as_ref()
                            .is_none_or(|b| r.body.contains(b.as_str())) =>
                {
                    GoalCheck::met(format!("{url} answers {} {}", r.status, r.reason))
                }
                ProbeResult::Response(r) if r.status != status => {
                    let why = outcome
                        .hops
                        .iter()
                        .rev()
                        .find(|h| !h.passed)
                        .map_or(String::new(), |h| format!(": {}", h.detail));
                    GoalCheck::unmet(format!(
                        "{url} answers {} {}, not {status}{why}",
                        r.status, r.reason
                    ))
                }
                ProbeResult::Response(_) => GoalCheck::unmet(format!(
                    "{url} answers, but not with a page containing \"{}\"",
                    g.body_contains.as_deref().unwrap_or_default()
                )),
                _ => {
                    let why = outcome
                        .hops
                        .iter()
                        .find(|h| !h.passed)
                        .map_or("no answer".to_owned(), |h| h.detail.clone());
                    GoalCheck::unmet(format!("{url} gets no answer: {why}"))
                }
            };
        }
        let kind = if lb.lb_type == LbType::Application {
            "ALB"
        } else {
            "NLB"
        };
        GoalCheck::met(format!(
            "{kind} {} is {} in {} zone(s)",
            lb.name,
            if lb.is_active(self.now) {
                "active"
            } else {
                "provisioning"
            },
            lb.zones.len()
        ))
    }

    pub(crate) fn check_target_group(&self, g: &TargetGroupGoal) -> GoalCheck {
        let tg = match self.tg_named(&g.name) {
            Ok(t) => t,
            Err(why) => return GoalCheck::unmet(why),
        };
        if let Some(t) = &g.target_type
            && tg.target_type != t
        {
            return GoalCheck::unmet(format!(
                "{} has target type {}, not {t}",
                tg.name, tg.target_type
            ));
        }
        if let Some(p) = &g.protocol
            && tg.protocol != *p
        {
            return GoalCheck::unmet(format!("{} uses {}, not {p}", tg.name, tg.protocol));
        }
        if let Some(p) = g.port
            && tg.port != p
        {
            return GoalCheck::unmet(format!("{} is on port {}, not {p}", tg.name, tg.port));
        }
        if let Some(p) = &g.health_check_path
            && tg.health.path.as_deref() != Some(p.as_str())
        {
            return GoalCheck::unmet(format!(
                "{} checks {}, not {p}",
                tg.name,
                tg.health.path.as_deref().unwrap_or("no path (TCP)")
            ));
        }
        let lbs = self.state.elb.load_balancers_of(&tg.arn);
        if let Some(l) = &g.load_balancer
            && !lbs.iter().any(|a| {
                self.state
                    .elb
                    .load_balancers
                    .get(a)
                    .is_some_and(|lb| lb.name == *l)
            })
        {
            return GoalCheck::unmet(format!(
                "no listener or rule of load balancer {l} forwards to {}",
                tg.name
            ));
        }
        let states: Vec<(String, &'static str, Option<String>)> = tg
            .targets
            .iter()
            .map(|t| {
                let (state, _, description) = self.target_health_of(tg, t);
                (format!("{}:{}", t.id, t.port), state, description)
            })
            .collect();
        let summary = if states.is_empty() {
            "no registered targets".to_owned()
        } else {
            states
                .iter()
                .map(|(t, s, d)| match d {
                    Some(d) if *s != "healthy" => format!("{t} {s} ({d})"),
                    _ => format!("{t} {s}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let healthy = states.iter().filter(|(_, s, _)| *s == "healthy").count();
        if let Some(n) = g.healthy
            && healthy < n
        {
            return GoalCheck::unmet(format!(
                "{} has {healthy} healthy target(s), fewer than {n}: {summary}",
                tg.name
            ));
        }
        if g.none_unhealthy == Some(true) && states.iter().any(|(_, s, _)| *s == "unhealthy") {
            return GoalCheck::unmet(format!("{} has unhealthy targets: {summary}", tg.name));
        }
        GoalCheck::met(format!("{}: {summary}", tg.name))
    }
}
