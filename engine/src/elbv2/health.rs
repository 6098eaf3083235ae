//! Target health checks as simulated time passes (F7.3, F7.4; the first
//! check at registration is MODEL, section 13).
//!
//! A check is the packet walk of `crate::reach` from the load balancer to
//! the target — from one of the load balancer's security groups (the
//! first that gets through), or from its node's address when an NLB has
//! none — so everything that stops a client stops a check: the target's
//! security groups (`Target.Timeout`), nothing listening
//! (`Target.FailedHealthChecks`), the page's status against the matcher
//! (`Target.ResponseCodeMismatch`).
//!
//! A check's result is a function of the account, so once a target is
//! healthy and passing (or unhealthy and failing, outside an ECS grace
//! period) the next checks would change nothing: its checks are *parked*
//! and start again, an interval later, when something they read changes —
//! security groups, the load balancer's groups or usage, the group's
//! health-check settings, an HTTP fault, a container exiting, an instance
//! going away ([`Sim::rearm_targets`]). Stopping tasks deregister their
//! targets anyway. Parking is not visible (the states and reasons are the
//! ones unparked checks would give); it keeps a fleet's health checks from
//! costing a timer per target per interval.

use super::target_group::{health_port, matcher_matches};
use super::*;
use crate::event::EventKind;
use crate::reach::{ProbeOutcome, ProbeResult, ProbeSource, TargetHint};
use crate::sim::{Sim, Timer};

/// What one check found: a pass, or the reason code and description.
pub(crate) type CheckResult = Result<(), (&'static str, String)>;

impl Sim {
    /// The sources a load balancer's traffic comes from: its security
    /// groups, or its first node's address (an NLB without groups).
    pub(crate) fn lb_sources(&self, lb: &LoadBalancerRecord) -> Vec<ProbeSource> {
        if lb.security_groups.is_empty() {
            lb.zones
                .first()
                .map(|z| vec![ProbeSource::Node(z.private_ip)])
                .unwrap_or_default()
        } else {
            lb.security_groups
                .iter()
                .map(|g| ProbeSource::Group(g.clone()))
                .collect()
        }
    }

    /// A request from the load balancer to `ip:port` at `path`: the first
    /// of its sources that gets an answer, else the first's outcome.
    pub(crate) fn lb_probe(
        &self,
        lb: &LoadBalancerRecord,
        hint: TargetHint<'_>,
        ip: u32,
        port: u16,
        path: &str,
        quiet: bool,
    ) -> ProbeOutcome {
        let mut first: Option<ProbeOutcome> = None;
        for source in self.lb_sources(lb) {
            let outcome = self.probe_hinted(&source, hint, ip, port, path, quiet);
            if !matches!(outcome.result, ProbeResult::Timeout) {
                return outcome;
            }
            first.get_or_insert(outcome);
        }
        first.unwrap_or_else(|| {
            self.probe_hinted(&ProbeSource::Node(0), hint, ip, port, path, quiet)
        })
    }

    /// Whose address a target is, as far as its group knows.
    pub(crate) fn target_hint<'a>(
        tg: &'a TargetGroupRecord,
        t: &'a TargetRecord,
    ) -> TargetHint<'a> {
        if tg.target_type == "instance" {
            TargetHint::Instance(&t.id)
        } else {
            t.task.as_deref().map_or(TargetHint::None, TargetHint::Task)
        }
    }

    /// One health check of one target, as the group is configured.
    pub(crate) fn check_target(
        &self,
        tg: &TargetGroupRecord,
        lb: &LoadBalancerRecord,
        t: &TargetRecord,
    ) -> (CheckResult, Option<u16>) {
        let Some(ip) = self.target_ip(tg, &t.id) else {
            return (
                Err(("Target.Timeout", "Request timed out".to_owned())),
                None,
            );
        };
        let port: u16 = health_port(tg, t.port).parse().unwrap_or(t.port);
        let path = tg.health.path.clone().unwrap_or_else(|| "/".to_owned());
        let outcome = self.lb_probe(lb, Self::target_hint(tg, t), ip, port, &path, true);
        let http = tg.health.protocol == "HTTP" || tg.health.protocol == "HTTPS";
        let status = match &outcome.result {
            ProbeResult::Response(r) => Some(r.status),
            _ => None,
        };
        let result = match outcome.result {
            ProbeResult::Timeout => Err(("Target.Timeout", "Request timed out".to_owned())),
            ProbeResult::Refused | ProbeResult::Reset => Err((
                "Target.FailedHealthChecks",
                "Health checks failed".to_owned(),
            )),
            ProbeResult::EmptyReply if http => Err((
                "Target.FailedHealthChecks",
                "Health checks failed".to_owned(),
            )),
            ProbeResult::EmptyReply => Ok(()),
            ProbeResult::Response(_) if !http => Ok(()),
            ProbeResult::Response(r) => {
                let matcher = tg.health.matcher.as_deref().unwrap_or("200");
                if matcher_matches(matcher, r.status) {
                    Ok(())
                } else {
                    Err((
                        "Target.ResponseCodeMismatch",
                        format!("Health checks failed with these codes: [{}]", r.status),
                    ))
                }
            }
        };
        (result, status)
    }

    /// Timer: one health check of one target, then the next one an
    /// interval later.
    pub(crate) fn target_health_check(
        &mut self,
        tg_arn: &str,
        id: &str,
        port: u16,
        generation: u64,
    ) {
        let Some(tg) = self.state.elb.target_groups.get(tg_arn) else {
            return;
        };
        // (A group holds one registration of an id and port: found once,
        // by its generation first.)
        let Some(pos) = tg
            .targets
            .iter()
            .position(|t| t.generation == generation && t.port == port && t.id == id)
        else {
            return;
        };
        let t = &tg.targets[pos];
        if t.state == TargetState::Draining {
            return;
        }
        let interval = SimDuration::seconds(u64::from(tg.health.interval_seconds));
        // Checked only while a load balancer uses the group, with checks on,
        // from a load balancer that has a node in the target's zone.
        let lb = self
            .state
            .elb
            .load_balancers_using(tg_arn)
            .iter()
            .filter_map(|a| self.state.elb.load_balancers.get(a))
            .find(|lb| {
                self.target_zone(tg, id)
                    .is_none_or(|z| lb.zones.iter().any(|n| n.zone == z))
            });
        let (Some(lb), true) = (lb, tg.health.enabled) else {
            // Nothing to check until a load balancer uses the group (or
            // checks are on again): parked.
            self.park_target_at(tg_arn, pos);
            return;
        };
        let (result, status) = self.check_target(tg, lb, t);
        let passed = result.is_ok();
        let (healthy_needed, unhealthy_needed) =
            (tg.health.healthy_threshold, tg.health.unhealthy_threshold);
        let Some(t) = self
            .state
            .elb
            .target_groups
            .get_mut(tg_arn)
            .and_then(|tg| tg.targets.get_mut(pos))
        else {
            return;
        };
        let before = t.state;
        t.last_status = status;
        match result {
            Ok(()) => {
                t.passes += 1;
                t.failures = 0;
                // F7.3: one pass makes a new target healthy; an unhealthy
                // one needs the healthy threshold.
                if before == TargetState::Initial
                    || before == TargetState::Unhealthy && t.passes >= healthy_needed
                {
                    t.state = TargetState::Healthy;
                    t.healthy_since = Some(self.now);
                    t.reason = None;
                }
            }
            Err((code, description)) => {
                t.failures += 1;
                t.passes = 0;
                if t.failures >= unhealthy_needed {
                    t.state = TargetState::Unhealthy;
                    t.reason = Some((code, description));
                } else if before == TargetState::Initial {
                    t.reason = Some((
                        "Elb.InitialHealthChecking",
                        "Initial health checks in progress".to_owned(),
                    ));
                } else if before == TargetState::Unhealthy {
                    t.reason = Some((code, description));
                }
            }
        }
        let after = t.state;
        let reason = t.reason.as_ref().map(|r| r.1.clone());
        let task = t.task.clone();
        // Steady (healthy and passing, or unhealthy and failing where no
        // grace period is about to end): the next checks would change
        // nothing, so they wait for a change.
        let in_grace = || {
            task.as_deref().is_some_and(|task| {
                self.state
                    .tasks
                    .get(task)
                    .and_then(|t| crate::ecs::health::service_of(self, t))
                    .is_some_and(|svc| self.in_grace_period(&svc, task))
            })
        };
        let steady = (after == TargetState::Healthy && passed)
            || (after == TargetState::Unhealthy && !passed && !in_grace());
        if steady {
            self.park_target_at(tg_arn, pos);
        } else {
            self.schedule(
                interval,
                Timer::TargetHealthCheck {
                    target_group_arn: tg_arn.to_owned(),
                    id: id.to_owned(),
                    port,
                    generation,
                },
            );
        }
        if after != before {
            self.emit(EventKind::TargetHealthChanged {
                target_group_arn: tg_arn.to_owned(),
                target: format!("{id}:{port}"),
                state: after.as_str().to_owned(),
                reason: reason.clone(),
            });
        }
        // ECS acts on every failing check of an unhealthy target (after
        // the grace period) and on a target becoming healthy.
        if (after == TargetState::Unhealthy || after != before)
            && let Some(task) = task.as_deref()
        {
            self.ecs_target_health(task, tg_arn, id, port, after, reason.as_deref());
        }
    }

    /// Parks the target at `pos` in the group's targets.
    fn park_target_at(&mut self, tg_arn: &str, pos: usize) {
        if let Some(t) = self
            .state
            .elb
            .target_groups
            .get_mut(tg_arn)
            .and_then(|tg| tg.targets.get_mut(pos))
        {
            t.parked = true;
        }
    }

    /// Something a check reads changed: the parked targets (of one group,
    /// or all) are checked again an interval from now.
    pub(crate) fn rearm_targets(&mut self, only: Option<&str>) {
        let mut wake = Vec::new();
        for tg in self.state.elb.target_groups.values_mut() {
            if only.is_some_and(|o| o != tg.arn) {
                continue;
            }
            let interval = SimDuration::seconds(u64::from(tg.health.interval_seconds));
            for t in tg.targets.iter_mut().filter(|t| t.parked) {
                t.parked = false;
                if t.state != TargetState::Draining {
                    wake.push((interval, tg.arn.clone(), t.id.clone(), t.port, t.generation));
                }
            }
        }
        for (interval, tg, id, port, generation) in wake {
            self.schedule(
                interval,
                Timer::TargetHealthCheck {
                    target_group_arn: tg,
                    id,
                    port,
                    generation,
                },
            );
        }
    }

    /// A running task changed what it serves: its targets' checks start
    /// again.
    pub(crate) fn rearm_task_targets(&mut self, task_arn: &str) {
        let Some(regs) = self
            .state
            .tasks
            .get(task_arn)
            .map(|t| t.life.lb_targets.clone())
        else {
            return;
        };
        for (tg_arn, id, port) in regs {
            let Some(tg) = self.state.elb.target_groups.get_mut(&tg_arn) else {
                continue;
            };
            let interval = SimDuration::seconds(u64::from(tg.health.interval_seconds));
            let Some(t) = tg
                .targets
                .iter_mut()
                .find(|t| t.id == id && t.port == port && t.parked)
            else {
                continue;
            };
            t.parked = false;
            let generation = t.generation;
            self.schedule(
                interval,
                Timer::TargetHealthCheck {
                    target_group_arn: tg_arn,
                    id,
                    port,
                    generation,
                },
            );
        }
    }

    /// A task stopped: targets registered by hand (without the task known)
    /// may have been its address, so their checks start again.
    pub(crate) fn rearm_hand_registered(&mut self) {
        if !self.state.elb.hand_registered {
            return;
        }
        let any = self
            .state
            .elb
            .target_groups
            .values()
            .any(|tg| tg.targets.iter().any(|t| t.parked && t.task.is_none()));
        if any {
            self.rearm_targets(None);
        }
    }

    /// A listener, rule or load balancer changed which target groups are
    /// in use: the targets of a group no one uses any more start over
    /// (`unused` now, `initial` when used again).
    pub(crate) fn elb_usage_changed(&mut self) {
        let mut users = BTreeMap::new();
        let mut unused: Vec<String> = Vec::new();
        for arn in self.state.elb.target_groups.keys() {
            let lbs = self.state.elb.load_balancers_of(arn);
            if lbs.is_empty() {
                unused.push(arn.clone());
            } else {
                users.insert(arn.clone(), lbs);
            }
        }
        self.state.elb.users = users;
        for arn in unused {
            if let Some(tg) = self.state.elb.target_groups.get_mut(&arn) {
                for t in tg
                    .targets
                    .iter_mut()
                    .filter(|t| t.state != TargetState::Draining)
                {
                    t.state = TargetState::Initial;
                    t.reason = Some((
                        "Elb.RegistrationInProgress",
                        "Target registration is in progress".to_owned(),
                    ));
                    t.passes = 0;
                    t.failures = 0;
                }
            }
        }
        self.rearm_targets(None);
    }
}
