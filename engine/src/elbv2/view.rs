//! The load balancers and target groups in the `View`, and the invariants.

use super::*;
use crate::base::ipv4::format_ipv4;
use crate::sim::Sim;
use crate::view::{ListenerView, LoadBalancerView, TargetGroupView, TargetView};

fn action_words(action: &ActionRecord, names: &dyn Fn(&str) -> String) -> String {
    match action {
        ActionRecord::Forward(groups) if groups.len() == 1 => {
            format!("forward to {}", names(&groups[0].0))
        }
        ActionRecord::Forward(groups) => format!(
            "forward to {}",
            groups
                .iter()
                .map(|(g, w)| format!("{} (weight {w})", names(g)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ActionRecord::FixedResponse { status_code, .. } => format!("fixed response {status_code}"),
        ActionRecord::Redirect(cfg) => format!(
            "redirect ({})",
            if cfg.status_code == "HTTP_301" {
                301
            } else {
                302
            }
        ),
    }
}

impl Sim {
    pub(crate) fn load_balancer_views(&self) -> Vec<LoadBalancerView> {
        let elb = &self.state.elb;
        let names = |arn: &str| {
            elb.target_groups
                .get(arn)
                .map_or_else(|| arn.to_owned(), |g| g.name.clone())
        };
        elb.load_balancers
            .values()
            .map(|lb| {
                let mut listeners: Vec<ListenerView> = elb
                    .listeners
                    .values()
                    .filter(|l| l.load_balancer_arn == lb.arn)
                    .map(|l| {
                        let mut rules: Vec<&RuleRecord> = elb
                            .rules
                            .values()
                            .filter(|r| r.listener_arn == l.arn)
                            .collect();
                        rules.sort_by_key(|r| r.priority);
                        let mut out: Vec<(String, String, String)> = rules
                            .iter()
                            .map(|r| {
                                (
                                    r.priority.to_string(),
                                    r.conditions
                                        .iter()
                                        .map(|c| format!("{} {}", c.field, c.values.join(" or ")))
                                        .collect::<Vec<_>>()
                                        .join(" and "),
                                    action_words(&r.action, &names),
                                )
                            })
                            .collect();
                        out.push((
                            "default".to_owned(),
                            String::new(),
                            match &l.instance {
                                // Classic: straight to the instances' port.
                                Some((protocol, port)) => {
                                    format!("forward to the instances on {protocol} {port}")
                                }
                                None => action_words(&l.default_action, &names),
                            },
                        ));
                        ListenerView {
                            arn: l.arn.clone(),
                            protocol: l.protocol.clone(),
                            port: l.port,
                            rules: out,
                        }
                    })
                    .collect();
                listeners.sort_by_key(|l| l.port);
                LoadBalancerView {
                    arn: lb.arn.clone(),
                    name: lb.name.clone(),
                    lb_type: lb.lb_type.as_str().to_owned(),
                    scheme: lb.scheme.to_owned(),
                    state: if lb.is_active(self.now) {
                        "active"
                    } else {
                        "provisioning"
                    }
                    .to_owned(),
                    dns_name: lb.dns_name.clone(),
                    vpc_id: lb.vpc_id.clone(),
                    zones: lb
                        .zones
                        .iter()
                        .map(|z| {
                            (
                                z.zone.clone(),
                                z.subnet_id.clone(),
                                format_ipv4(z.public_ip.unwrap_or(z.private_ip)),
                            )
                        })
                        .collect(),
                    security_groups: lb.security_groups.clone(),
                    listeners,
                    traffic: elb.traffic.get(&lb.arn).map(|t| (t.rate, t.path.clone())),
                }
            })
            .collect()
    }

    pub(crate) fn target_group_views(&self) -> Vec<TargetGroupView> {
        self.state
            .elb
            .target_groups
            .values()
            .map(|tg| TargetGroupView {
                arn: tg.arn.clone(),
                name: tg.name.clone(),
                protocol: tg.protocol.clone(),
                port: tg.port,
                target_type: tg.target_type.to_owned(),
                vpc_id: tg.vpc_id.clone(),
                health_check: format!(
                    "{} {}{}",
                    tg.health.protocol,
                    tg.health.port,
                    tg.health
                        .path
                        .as_deref()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default()
                ),
                load_balancer_arns: self.state.elb.load_balancers_of(&tg.arn),
                targets: tg
                    .targets
                    .iter()
                    .map(|t| {
                        let (state, reason, description) = self.target_health_of(tg, t);
                        TargetView {
                            id: t.id.clone(),
                            port: t.port,
                            state: state.to_owned(),
                            reason: reason.map(str::to_owned),
                            description,
                        }
                    })
                    .collect(),
                requests_last_minute: self
                    .state
                    .elb
                    .minutes
                    .get(&tg.arn)
                    .and_then(|w| w.back())
                    .filter(|m| self.now.since(m.start).0 <= 120_000)
                    .map(|m| m.requests),
            })
            .collect()
    }

    /// Load balancing invariants: every listener's load balancer and every
    /// rule's listener exist; forward actions name existing groups; rule
    /// priorities are unique per listener; a group is used by at most one
    /// load balancer (F7.7); targets are unique per (id, port) in a group;
    /// a draining target has its end time; node addresses are unique.
    pub(crate) fn check_elb_invariants(&self) -> Result<(), String> {
        let elb = &self.state.elb;
        let groups_exist = |a: &ActionRecord| match a {
            ActionRecord::Forward(groups) => groups
                .iter()
                .all(|(g, _)| elb.target_groups.contains_key(g)),
            _ => true,
        };
        for l in elb.listeners.values() {
            if !elb.load_balancers.contains_key(&l.load_balancer_arn) {
                return Err(format!("listener {} outlives its load balancer", l.arn));
            }
            if !groups_exist(&l.default_action) {
                return Err(format!(
                    "listener {} forwards to a missing target group",
                    l.arn
                ));
            }
        }
        let mut priorities = std::collections::BTreeSet::new();
        for r in elb.rules.values() {
            if !elb.listeners.contains_key(&r.listener_arn) {
                return Err(format!("rule {} outlives its listener", r.arn));
            }
            if !groups_exist(&r.action) {
                return Err(format!("rule {} forwards to a missing target group", r.arn));
            }
            if !priorities.insert((r.listener_arn.clone(), r.priority)) {
                return Err(format!(
                    "priority {} twice on {}",
                    r.priority, r.listener_arn
                ));
            }
        }
        for tg in elb.target_groups.values() {
            if elb.load_balancers_of(&tg.arn).len() > 1 {
                return Err(format!(
                    "target group {} is used by two load balancers",
                    tg.name
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            for t in &tg.targets {
                if !seen.insert((t.id.clone(), t.port)) {
                    return Err(format!("target {}:{} twice in {}", t.id, t.port, tg.name));
                }
                if (t.state == TargetState::Draining) != t.drain_until.is_some() {
                    return Err(format!(
                        "target {}:{} draining without an end",
                        t.id, t.port
                    ));
                }
            }
        }
        let mut ips = std::collections::BTreeSet::new();
        for z in elb.load_balancers.values().flat_map(|lb| lb.zones.iter()) {
            if !ips.insert(z.private_ip) {
                return Err(format!("node address {} twice", format_ipv4(z.private_ip)));
            }
        }
        Ok(())
    }
}
