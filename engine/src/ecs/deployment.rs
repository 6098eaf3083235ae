//! ECS rolling deployments (the `ECS` deployment controller, F6.2, F6.3).
//!
//! A service has one PRIMARY deployment (the newest) and, while a rolling
//! update runs, ACTIVE ones (older, still holding tasks). Tasks belong to the
//! deployment named by their `startedBy` (F6.1). The scheduler
//! ([`Sim::deployment_plan`]) starts PRIMARY tasks while the service's
//! PENDING + RUNNING tasks stay ≤ floor(desired × maximumPercent / 100) and
//! stops old tasks only while the healthy tasks stay ≥
//! ceil(desired × minimumHealthyPercent / 100) (F6.2). A task counts as
//! healthy when HEALTHY if an essential container has a health check, else
//! 40 s after RUNNING (MODEL row "Service healthy counting without checks",
//! F6.2) — see [`Sim::task_counts_as_healthy`].
//!
//! The circuit breaker (F6.3) counts PRIMARY tasks that stop before RUNNING,
//! that fail a health check, or (MODEL) whose essential container exits
//! before they were ever healthy; at threshold = clamp(ceil(desired / 2), 3, 200)
//! (section 15 item 1: IMPLEMENT minimum 3) the deployment is FAILED, and
//! with rollback a new deployment of the last COMPLETED task definition
//! starts.
//!
//! Invariants (checked in `check_deployment_invariants`):
//! - every service has exactly one PRIMARY deployment, listed first; a
//!   COMPLETED PRIMARY is the only deployment;
//! - deployment ids are `ecs-svc/<19 digits>` and unique; PRIMARY's id and
//!   task definition are the service's;
//! - PENDING + RUNNING tasks ≤ max(floor(desired × maximumPercent / 100),
//!   desired) — the scheduler never starts past it and stops old (then
//!   newest) tasks to get back under it when desired shrinks.
//!
//! "healthy ≥ ceil(desired × minimumHealthyPercent / 100)" is NOT a state
//! invariant: tasks die on their own (instance terminated, StopTask, failed
//! health checks), new tasks may not be placeable, and desired can grow.
//! What holds exactly is the scheduler's rule: it never stops a healthy task
//! when that would leave fewer healthy tasks than the floor, except to get
//! back under maximumPercent or when the service is deleted. That rule is
//! enforced in [`Sim::deployment_plan`] and shown by the scenarios
//! services_deploy_*.scn.

use super::container_instance::ContainerInstanceStatus;
use super::run_task::NetworkConfiguration;
use crate::error::ApiError;
use crate::event::EventKind;
use crate::sim::Sim;
use crate::state::{ServiceStatus, TaskRecord, TaskStatus};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// MODEL (section 13 "Service healthy counting without checks", F6.2): with
/// no load balancer and no container health check a task counts as healthy
/// 40 s after RUNNING.
pub const HEALTHY_AFTER_RUNNING: SimDuration = SimDuration::seconds(40);
/// F6.3 / section 15 item 1: the circuit breaker's minimum threshold.
/// IMPLEMENT 3 (current API reference); the 2023 Developer Guide and many
/// exam-prep materials say 10.
pub const CIRCUIT_BREAKER_MIN_THRESHOLD: u32 = 3;
/// F6.3: the circuit breaker's maximum threshold.
pub const CIRCUIT_BREAKER_MAX_THRESHOLD: u32 = 200;
/// F6.2: REPLICA default minimumHealthyPercent.
pub const DEFAULT_MINIMUM_HEALTHY_PERCENT: u32 = 100;
/// F6.2: REPLICA default maximumPercent.
pub const DEFAULT_MAXIMUM_PERCENT: u32 = 200;
/// F5.7: DAEMON default minimumHealthyPercent (API/CLI; the console uses 50).
pub const DAEMON_MINIMUM_HEALTHY_PERCENT: u32 = 0;
/// F5.7 (BOTO-ECS:CreateService docs: "If you are using a daemon service
/// type, the maximumPercent should remain at 100%, which is the default
/// value."): DAEMON default maximumPercent.
pub const DAEMON_MAXIMUM_PERCENT: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RolloutState {
    #[default]
    InProgress,
    Completed,
    Failed,
}

impl RolloutState {
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Completed => "COMPLETED",
            RolloutState::Failed => "FAILED",
        }
    }
}

/// One deployment of a service (BOTO-ECS:Deployment).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeploymentRecord {
    /// `ecs-svc/<19 digits>`.
    pub id: String,
    pub task_definition_arn: String,
    pub rollout_state: RolloutState,
    pub rollout_state_reason: String,
    pub created_at: SimTime,
    pub updated_at: SimTime,
    /// Tasks of this deployment that failed (F6.3); reset when one of its
    /// tasks becomes healthy (resetOnHealthyTask, default true).
    pub failed_tasks: u32,
    /// F9.6: the service's capacity provider strategy when the deployment
    /// started (empty for a launch-type service).
    pub capacity_provider_strategy: Vec<super::capacity_provider::CapacityProviderStrategyItem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

/// The request shape (BOTO-ECS:DeploymentConfiguration).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_circuit_breaker: Option<DeploymentCircuitBreaker>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_percent: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_healthy_percent: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bake_time_in_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_hooks: Option<Value>,
}

/// A service's deployment settings, defaults filled in (the response shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSettings {
    pub deployment_circuit_breaker: DeploymentCircuitBreaker,
    pub maximum_percent: u32,
    pub minimum_healthy_percent: u32,
}

impl Default for DeploymentSettings {
    fn default() -> Self {
        DeploymentSettings {
            deployment_circuit_breaker: DeploymentCircuitBreaker::default(),
            maximum_percent: DEFAULT_MAXIMUM_PERCENT,
            minimum_healthy_percent: DEFAULT_MINIMUM_HEALTHY_PERCENT,
        }
    }
}

impl DeploymentSettings {
    /// F5.7: a DAEMON service's defaults (min 0 %, max 100 %).
    pub fn daemon() -> Self {
        DeploymentSettings {
            deployment_circuit_breaker: DeploymentCircuitBreaker::default(),
            maximum_percent: DAEMON_MAXIMUM_PERCENT,
            minimum_healthy_percent: DAEMON_MINIMUM_HEALTHY_PERCENT,
        }
    }

    /// F6.2: upper bound = floor(desired × maximumPercent / 100) tasks
    /// PENDING or RUNNING (never below desired: maximumPercent ≥ 100).
    pub fn max_tasks(&self, desired: u32) -> u32 {
        let bound = u64::from(desired) * u64::from(self.maximum_percent) / 100;
        u32::try_from(bound).unwrap_or(u32::MAX).max(desired)
    }

    /// F6.2: lower bound = ceil(desired × minimumHealthyPercent / 100)
    /// healthy tasks.
    pub fn min_healthy(&self, desired: u32) -> u32 {
        let bound = (u64::from(desired) * u64::from(self.minimum_healthy_percent)).div_ceil(100);
        u32::try_from(bound).unwrap_or(u32::MAX)
    }

    /// Applies a request's changes on top of `self` (UpdateService keeps
    /// what is not given; CreateService starts from the defaults).
    pub fn merged(&self, op: &str, req: &DeploymentConfiguration) -> Result<Self, ApiError> {
        for (given, what) in [
            (req.alarms.is_some(), "deploymentConfiguration.alarms"),
            (
                req.strategy.as_deref().is_some_and(|s| s != "ROLLING"),
                "deploymentConfiguration.strategy BLUE_GREEN",
            ),
            (
                req.bake_time_in_minutes.is_some(),
                "deploymentConfiguration.bakeTimeInMinutes",
            ),
            (
                req.lifecycle_hooks.is_some(),
                "deploymentConfiguration.lifecycleHooks",
            ),
        ] {
            if given {
                return Err(ApiError::unsupported(op, what));
            }
        }
        let mut out = *self;
        if let Some(cb) = req.deployment_circuit_breaker {
            out.deployment_circuit_breaker = cb;
        }
        // MODEL bounds (AWS validates but the reference gives no wording):
        // minimumHealthyPercent 0–100, maximumPercent 100–2000 for REPLICA.
        if let Some(m) = req.minimum_healthy_percent {
            out.minimum_healthy_percent =
                u32::try_from(m).ok().filter(|m| *m <= 100).ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "minimumHealthyPercent must be between 0 and 100; {m} was given."
                    ))
                })?;
        }
        if let Some(m) = req.maximum_percent {
            out.maximum_percent = u32::try_from(m)
                .ok()
                .filter(|m| (100..=2000).contains(m))
                .ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "maximumPercent must be between 100 and 2000 for a REPLICA service; {m} was given."
                    ))
                })?;
        }
        Ok(out)
    }

    /// F6.3: threshold = clamp(ceil(0.5 × desired), 3, 200).
    pub fn circuit_breaker_threshold(desired: u32) -> u32 {
        desired
            .div_ceil(2)
            .clamp(CIRCUIT_BREAKER_MIN_THRESHOLD, CIRCUIT_BREAKER_MAX_THRESHOLD)
    }
}

/// The response shape (BOTO-ECS:Deployment), in botocore's member order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub id: String,
    pub status: &'static str,
    pub task_definition: String,
    pub desired_count: u32,
    pub pending_count: u32,
    pub running_count: u32,
    pub failed_tasks: u32,
    pub created_at: f64,
    pub updated_at: f64,
    /// Absent for a deployment that uses a capacity provider strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity_provider_strategy: Vec<super::capacity_provider::CapacityProviderStrategyItem>,
    /// Fargate: the platform version the tasks run on (F2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    pub rollout_state: &'static str,
    pub rollout_state_reason: String,
}

/// A service as the sandbox draws it: counts and the rolling deployment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    pub arn: String,
    pub name: String,
    pub cluster_arn: String,
    #[serde(deserialize_with = "crate::base::intern::word")]
    pub status: crate::base::intern::Word,
    pub desired_count: u32,
    /// REPLICA or DAEMON (F5.7).
    #[serde(deserialize_with = "crate::base::intern::word")]
    pub scheduling_strategy: crate::base::intern::Word,
    /// F6.4 (0 when not set).
    pub health_check_grace_period_seconds: u32,
    pub minimum_healthy_percent: u32,
    pub maximum_percent: u32,
    /// F6.2 bounds now: floor(desired × max / 100) PENDING + RUNNING tasks,
    /// ceil(desired × min / 100) healthy ones.
    pub max_tasks: u32,
    pub min_healthy: u32,
    /// Tasks that count as healthy now ([`Sim::task_counts_as_healthy`]).
    pub healthy_count: u32,
    pub deployments: Vec<DeploymentView>,
    /// The target groups its tasks register in (`loadBalancers`), in the
    /// service's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_group_arns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentView {
    pub id: String,
    #[serde(deserialize_with = "crate::base::intern::word")]
    pub status: crate::base::intern::Word,
    pub task_definition_arn: String,
    #[serde(deserialize_with = "crate::base::intern::word")]
    pub rollout_state: crate::base::intern::Word,
    pub rollout_state_reason: String,
    pub failed_tasks: u32,
    /// Its PENDING and RUNNING tasks (desiredStatus RUNNING), by ARN.
    pub task_arns: Vec<String>,
}

/// What one reconcile does: start `start` PRIMARY tasks, stop `stop`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub start: u32,
    pub stop: Vec<String>,
    /// Neither a start nor a stop is allowed by the configuration while old
    /// tasks remain and nothing is in flight (F6.2 stall).
    pub stalled: bool,
}

impl super::service::ServiceDetail {
    /// A task is the service's when one of its deployments started it
    /// (startedBy, F6.1): a RunTask with `--group service:<name>` does not
    /// make a task part of the service. (Records built by hand in unit
    /// tests have no deployment: then the group decides.)
    pub fn owns(&self, t: &TaskRecord) -> bool {
        self.deployments.is_empty()
            || self
                .deployments
                .iter()
                .any(|d| t.life.started_by.as_deref() == Some(d.id.as_str()))
    }
}

impl Sim {
    /// The hook for "healthy" (F6.2): with a container health check on an
    /// essential container, when the task is HEALTHY (F1.11); without, 40 s
    /// after it reached RUNNING (MODEL); behind a load balancer, when its
    /// targets are healthy too (F6.8).
    pub(crate) fn task_counts_as_healthy(&self, task: &TaskRecord) -> bool {
        task.life.desired_status == "RUNNING" && self.task_is_healthy_for_service(task)
    }

    /// Whether the task is on a DRAINING container instance (ECSDG
    /// container-instance-draining: its service replaces it).
    pub(crate) fn on_draining_instance(&self, task: &TaskRecord) -> bool {
        task.container_instance_arn
            .as_deref()
            .and_then(|ci| self.state.container_instances.get(ci))
            .is_some_and(|ci| ci.status == ContainerInstanceStatus::Draining)
    }

    /// [`Sim::on_draining_instance`] for the tasks of one cluster, for a
    /// walk over many of them: while none of the cluster's instances is
    /// DRAINING (nearly always), no task needs the instance look-up.
    pub(crate) fn draining_test(&self, cluster_arn: &str) -> impl Fn(&TaskRecord) -> bool + '_ {
        let any = self.state.container_instances.values().any(|ci| {
            ci.status == ContainerInstanceStatus::Draining && ci.cluster_arn == cluster_arn
        });
        move |t| any && self.on_draining_instance(t)
    }

    /// The REPLICA services (by ARN, once each) with a live task of theirs
    /// on one of these container instances, read from the task index.
    pub(crate) fn replica_services_on(&self, container_instances: &[String]) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        for ci in container_instances {
            for t in self.state.tasks_on_instance(ci) {
                if t.status == TaskStatus::Stopped || t.life.desired_status != "RUNNING" {
                    continue;
                }
                let Some(name) = t.group.strip_prefix("service:") else {
                    continue;
                };
                let arn = self.service_arn(&t.cluster_arn, name);
                if self.state.services.get(&arn).is_some_and(|s| {
                    s.detail.scheduling_strategy == super::service::SchedulingStrategy::Replica
                        && s.detail.owns(t)
                }) {
                    out.insert(arn);
                }
            }
        }
        out.into_iter().collect()
    }

    /// A new deployment id: `ecs-svc/` and 19 digits (F6.1).
    pub(crate) fn new_deployment_id(&mut self) -> String {
        format!(
            "ecs-svc/{:019}",
            self.rng.next_u64() % 10_000_000_000_000_000_000
        )
    }

    /// The service's tasks that still hold a place: not STOPPED. Returns
    /// (live = PENDING/RUNNING with desiredStatus RUNNING, stopping).
    pub(crate) fn service_task_records(&self, arn: &str) -> (Vec<&TaskRecord>, Vec<&TaskRecord>) {
        let Some(s) = self.state.services.get(arn) else {
            return (Vec::new(), Vec::new());
        };
        let group = ["service:", &s.detail.name].concat();
        // Room for a deployment's worth (desired, as many again starting).
        let mut live = Vec::with_capacity(2 * s.detail.desired_count as usize);
        let mut stopping = Vec::new();
        for t in self.state.tasks_in_group(&group) {
            // Cheapest test first: about half the records are STOPPED ones
            // kept for an hour (F1.6), and every task shares the cluster ARN.
            if t.status == TaskStatus::Stopped
                || t.cluster_arn != s.cluster_arn
                || !s.detail.owns(t)
            {
                continue;
            }
            if t.life.desired_status == "RUNNING"
                && matches!(t.status, TaskStatus::Pending | TaskStatus::Running)
            {
                live.push(t);
            } else {
                stopping.push(t);
            }
        }
        (live, stopping)
    }

    /// F6.2: what the scheduler does now toward `desired`.
    pub(crate) fn deployment_plan(&self, arn: &str, desired: u32) -> Plan {
        let Some(s) = self.state.services.get(arn) else {
            return Plan::default();
        };
        let Some(primary) = s.detail.deployments.first() else {
            return Plan::default();
        };
        let settings = s.detail.deployment_configuration;
        let (live, stopping) = self.service_task_records(arn);
        let is_primary = |t: &TaskRecord| t.life.started_by.as_deref() == Some(primary.id.as_str());
        let mut plan = Plan::default();
        if s.status != ServiceStatus::Active {
            // Deleting: stop everything.
            plan.stop = live.iter().map(|t| t.arn.clone()).collect();
            return plan;
        }
        let max_tasks = settings.max_tasks(desired);
        let min_healthy = settings.min_healthy(desired);
        // Each live task with whether it counts as healthy, decided once:
        // the sorts and the counts below read it.
        type Rated<'t> = (&'t TaskRecord, bool);
        let rated: Vec<Rated<'_>> = live
            .iter()
            .map(|t| (*t, self.task_counts_as_healthy(t)))
            .collect();
        // Order: unhealthy before healthy, PENDING before RUNNING, newest first.
        fn key<'t>(r: &Rated<'t>) -> (bool, bool, std::cmp::Reverse<(SimTime, &'t str)>) {
            let (t, healthy) = *r;
            (
                healthy,
                t.status == TaskStatus::Running,
                std::cmp::Reverse((t.life.created_at, t.arn.as_str())),
            )
        }
        // Tasks to be replaced: those of older deployments, and (ECSDG
        // container-instance-draining) PRIMARY ones on a DRAINING instance —
        // replaced first within maximumPercent, stopped within
        // minimumHealthyPercent, like old-deployment tasks.
        let on_draining = self.draining_test(&s.cluster_arn);
        let kept = |t: &TaskRecord| is_primary(t) && !on_draining(t);
        let (mut new, mut old): (Vec<Rated<'_>>, Vec<Rated<'_>>) =
            rated.iter().copied().partition(|(t, _)| kept(t));
        new.sort_by(|a, b| key(a).cmp(&key(b)));
        old.sort_by(|a, b| key(a).cmp(&key(b)));
        let mut healthy = rated.iter().filter(|(_, h)| *h).count() as u32;
        let mut total = live.len() as u32;
        let mut new_kept = new.len() as u32;
        let stop = |r: &Rated<'_>, plan: &mut Plan, healthy: &mut u32, total: &mut u32| {
            if r.1 {
                *healthy -= 1;
            }
            *total -= 1;
            plan.stop.push(r.0.arn.clone());
        };
        // Scale in the PRIMARY past desired (UpdateService desiredCount).
        let mut new_iter = new.iter();
        while new_kept > desired {
            let Some(r) = new_iter.next() else { break };
            stop(r, &mut plan, &mut healthy, &mut total);
            new_kept -= 1;
        }
        let failed = primary.rollout_state == RolloutState::Failed;
        // Old tasks: unhealthy ones go at once; healthy ones while the
        // healthy count stays ≥ the floor (F6.2). A FAILED deployment
        // launches nothing, and then old tasks are kept (F6.2).
        let mut old_left: Vec<&Rated<'_>> = Vec::new();
        for r in &old {
            let may_stop = if failed {
                false
            } else if r.1 {
                healthy > min_healthy
            } else {
                true
            };
            if may_stop {
                stop(r, &mut plan, &mut healthy, &mut total);
            } else {
                old_left.push(r);
            }
        }
        // maximumPercent is a hard bound: after a desired decrease stop old
        // tasks, then the newest PRIMARY ones, to get back under it.
        let mut old_iter = old_left.iter();
        while total > max_tasks {
            let Some(r) = old_iter.next() else { break };
            stop(r, &mut plan, &mut healthy, &mut total);
        }
        while total > max_tasks {
            let Some(r) = new_iter.next() else { break };
            stop(r, &mut plan, &mut healthy, &mut total);
            new_kept -= 1;
        }
        // Start PRIMARY tasks up to desired, within maximumPercent; tasks
        // still STOPPING (and those stopped now) count too (MODEL: they
        // still hold their CPU, memory and ports until STOPPED, so a
        // stop-before-start waits for the stop, F6.2). Tasks DEACTIVATING
        // (draining from a load balancer, F1.1) do not: maximumPercent
        // bounds the RUNNING and PENDING tasks (BOTO-ECS
        // DeploymentConfiguration), and a drain lasts minutes.
        if !failed {
            let draining = stopping
                .iter()
                .filter(|t| t.life.last_status == "DEACTIVATING")
                .count() as u32;
            let in_place = total + stopping.len() as u32 - draining + plan.stop.len() as u32;
            plan.start = desired
                .saturating_sub(new_kept)
                .min(max_tasks.saturating_sub(in_place));
        }
        let old_remaining = old.len() > plan.stop.len();
        let in_flight = !stopping.is_empty()
            || rated
                .iter()
                .any(|(t, healthy)| !healthy && !plan.stop.contains(&t.arn));
        plan.stalled = !failed
            && plan.start == 0
            && plan.stop.is_empty()
            && old_remaining
            && !in_flight
            && new_kept < desired;
        plan
    }

    /// Whether the PRIMARY deployment finished: desired tasks of it healthy
    /// and no other task of the service left (F6.2, F6.5).
    pub(crate) fn deployment_progress(&mut self, arn: &str) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        if s.status != ServiceStatus::Active {
            return;
        }
        let Some(primary) = s.detail.deployments.first() else {
            return;
        };
        if primary.rollout_state != RolloutState::InProgress {
            return;
        }
        let desired = s.detail.desired_count;
        let id = primary.id.clone();
        let name = s.detail.name.clone();
        let (live, stopping) = self.service_task_records(arn);
        let mine = |t: &TaskRecord| t.life.started_by.as_deref() == Some(id.as_str());
        // A task on a DRAINING instance is still to be replaced.
        let healthy_new = {
            let on_draining = self.draining_test(&s.cluster_arn);
            live.iter()
                .filter(|t| mine(t) && !on_draining(t))
                .filter(|t| self.task_counts_as_healthy(t))
                .count() as u32
        };
        let others = live.iter().chain(stopping.iter()).any(|t| !mine(t));
        if healthy_new != desired || live.len() as u32 != desired || others {
            return;
        }
        let now = self.now;
        let td = primary.task_definition_arn.clone();
        let reason = format!("ECS deployment {id} completed.");
        if let Some(s) = self.state.services.get_mut(arn) {
            s.detail.deployments.truncate(1);
            if let Some(p) = s.detail.deployments.first_mut() {
                p.rollout_state = RolloutState::Completed;
                p.rollout_state_reason = reason.clone();
                p.updated_at = now;
            }
            s.detail.last_completed = Some((id.clone(), td));
        }
        self.emit_deployment_change(arn, &id, "SERVICE_DEPLOYMENT_COMPLETED", &reason);
        // F6.5 [3P]: "(service <svc>) (deployment ecs-svc/<n>) deployment completed."
        self.service_event(
            arn,
            format!("(service {name}) (deployment {id}) deployment completed."),
        );
        // Not suppressed as a duplicate: the deployment resolved the cause (F6.5).
        self.service_event_with(
            arn,
            format!("(service {name}) has reached a steady state."),
            false,
        );
        // F11.5: INFO SERVICE_STEADY_STATE for EventBridge.
        self.emit(EventKind::ServiceAction {
            service_arn: arn.to_owned(),
            event_name: "SERVICE_STEADY_STATE".into(),
            reason: None,
        });
    }

    pub(crate) fn emit_deployment_change(
        &mut self,
        service_arn: &str,
        deployment_id: &str,
        event_name: &str,
        reason: &str,
    ) {
        self.emit(EventKind::DeploymentStateChanged {
            service_arn: service_arn.to_owned(),
            deployment_id: deployment_id.to_owned(),
            event_name: event_name.to_owned(),
            reason: reason.to_owned(),
        });
    }

    /// Starts a new PRIMARY deployment of `task_definition_arn`; the old
    /// PRIMARY becomes ACTIVE (F6.2). Resets the throttle (F6.6: updating
    /// the service resets it immediately).
    pub(crate) fn start_deployment(
        &mut self,
        arn: &str,
        task_definition_arn: &str,
        reason: Option<String>,
    ) -> String {
        let id = self.new_deployment_id();
        let now = self.now;
        let reason = reason.unwrap_or_else(|| format!("ECS deployment {id} in progress."));
        if let Some(s) = self.state.services.get_mut(arn) {
            let capacity_provider_strategy = s.detail.capacity_provider_strategy.clone();
            s.detail.deployments.insert(
                0,
                DeploymentRecord {
                    id: id.clone(),
                    task_definition_arn: task_definition_arn.to_owned(),
                    rollout_state: RolloutState::InProgress,
                    rollout_state_reason: reason.clone(),
                    created_at: now,
                    updated_at: now,
                    failed_tasks: 0,
                    capacity_provider_strategy,
                },
            );
            s.detail.deployment_id = id.clone();
            s.detail.task_definition_arn = task_definition_arn.to_owned();
            s.detail.failures_in_a_row = 0;
            s.detail.retry_pending = false;
        }
        self.emit_deployment_change(arn, &id, "SERVICE_DEPLOYMENT_IN_PROGRESS", &reason);
        id
    }

    /// A service task stopped: F6.3 circuit breaker accounting. Called
    /// before the scheduler replaces it.
    pub(crate) fn deployment_task_stopped(&mut self, task_arn: &str) {
        let Some(t) = self.state.tasks.get(task_arn) else {
            return;
        };
        let Some(name) = t.group.strip_prefix("service:") else {
            return;
        };
        let arn = self.service_arn(&t.cluster_arn, name);
        let reached_running = t.life.started_at.is_some();
        // Stage 1: failed to reach RUNNING. Stage 2 (F6.3): failed a health
        // check (F1.8: stopCode ServiceSchedulerInitiated, stoppedReason
        // "Task failed container health checks" / "Task failed ELB health
        // checks in …"); MODEL: also an essential container that exited
        // before the task ever counted as healthy (a crash loop). Host
        // terminations, StopTask and scheduler stops do not count.
        let health_check_failure = t
            .stopped_reason
            .as_deref()
            .is_some_and(|r| r.starts_with("Task failed") && r.contains("health checks"));
        let was_healthy = t
            .life
            .started_at
            .zip(t.stopped_at.or(t.life.stopping_at))
            .is_some_and(|(run, stop)| stop.since(run) >= HEALTHY_AFTER_RUNNING);
        let crashed = t.stop_code == Some("EssentialContainerExited") && !was_healthy;
        let failed = !reached_running || health_check_failure || crashed;
        let started_by = t.life.started_by.clone();
        let Some(s) = self.state.services.get_mut(&arn) else {
            return;
        };
        let desired = s.detail.desired_count;
        let settings = s.detail.deployment_configuration;
        let Some(primary) = s.detail.deployments.first_mut() else {
            return;
        };
        if !failed
            || started_by.as_deref() != Some(primary.id.as_str())
            || primary.rollout_state != RolloutState::InProgress
        {
            return;
        }
        primary.failed_tasks += 1;
        primary.updated_at = self.now;
        let cb = settings.deployment_circuit_breaker;
        if !cb.enable
            || primary.failed_tasks < DeploymentSettings::circuit_breaker_threshold(desired)
        {
            return;
        }
        // F6.3: the circuit breaker trips.
        // MODEL wording for stage 2 (the reference quotes only stage 1's).
        let reason = if reached_running {
            "ECS deployment circuit breaker: tasks failed health checks."
        } else {
            "ECS deployment circuit breaker: task failed to start."
        };
        primary.rollout_state = RolloutState::Failed;
        primary.rollout_state_reason = reason.to_owned();
        let id = primary.id.clone();
        let svc = s.detail.name.clone();
        let back_to = s.detail.last_completed.clone();
        self.emit_deployment_change(&arn, &id, "SERVICE_DEPLOYMENT_FAILED", reason);
        // MODEL wording (the reference gives the event reasons only).
        self.service_event(
            &arn,
            format!("(service {svc}) (deployment {id}) deployment failed: {reason}"),
        );
        if cb.rollback
            && let Some((old_id, td)) = back_to
        {
            // F6.3: "ECS deployment circuit breaker: rolling back to
            // deploymentId <id>."
            let reason =
                format!("ECS deployment circuit breaker: rolling back to deploymentId {old_id}.");
            let new_id = self.start_deployment(&arn, &td, Some(reason.clone()));
            self.service_event(
                &arn,
                format!("(service {svc}) (deployment {new_id}) {reason}"),
            );
        }
    }

    /// Timer: a task of the service may have become healthy (40 s after
    /// RUNNING): the scheduler resets the breaker's count and lets the
    /// rollout move on, once this millisecond's changes are in.
    pub(crate) fn service_task_healthy(&mut self, arn: &str) {
        self.request_reconcile(arn, true);
    }

    /// resetOnHealthyTask (default true, F6.3): a healthy task of the
    /// PRIMARY deployment resets its failed-task count.
    pub(crate) fn reset_breaker_on_healthy_task(&mut self, arn: &str) {
        let healthy_primary = {
            let (live, _) = self.service_task_records(arn);
            let primary = self
                .state
                .services
                .get(arn)
                .and_then(|s| s.detail.deployments.first())
                .map(|d| d.id.clone());
            live.iter()
                .any(|t| t.life.started_by == primary && self.task_counts_as_healthy(t))
        };
        if healthy_primary
            && let Some(p) = self
                .state
                .services
                .get_mut(arn)
                .and_then(|s| s.detail.deployments.first_mut())
            && p.rollout_state == RolloutState::InProgress
        {
            p.failed_tasks = 0;
        }
    }

    /// DescribeServices' `deployments` (PRIMARY first).
    pub(crate) fn deployment_shapes(&self, arn: &str) -> Vec<Deployment> {
        let Some(s) = self.state.services.get(arn) else {
            return Vec::new();
        };
        let (live, _) = self.service_task_records(arn);
        s.detail
            .deployments
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mine: Vec<&&TaskRecord> = live
                    .iter()
                    .filter(|t| t.life.started_by.as_deref() == Some(d.id.as_str()))
                    .collect();
                let running = mine
                    .iter()
                    .filter(|t| t.status == TaskStatus::Running)
                    .count() as u32;
                let pending = mine.len() as u32 - running;
                Deployment {
                    id: d.id.clone(),
                    status: if i == 0 { "PRIMARY" } else { "ACTIVE" },
                    task_definition: d.task_definition_arn.clone(),
                    // An ACTIVE deployment is scaled down as it is replaced.
                    desired_count: if i == 0 {
                        s.detail.desired_count
                    } else {
                        mine.len() as u32
                    },
                    pending_count: pending,
                    running_count: running,
                    failed_tasks: d.failed_tasks,
                    created_at: self.epoch(d.created_at),
                    updated_at: self.epoch(d.updated_at),
                    launch_type: d
                        .capacity_provider_strategy
                        .is_empty()
                        .then_some(s.launch_type.as_str()),
                    capacity_provider_strategy: d.capacity_provider_strategy.clone(),
                    platform_version: s.launch_type.platform_version(),
                    network_configuration: s.detail.network_configuration.clone(),
                    rollout_state: d.rollout_state.as_str(),
                    rollout_state_reason: d.rollout_state_reason.clone(),
                }
            })
            .collect()
    }

    /// The services for [`crate::View`].
    pub(crate) fn service_views(&self) -> Vec<ServiceView> {
        self.state
            .services
            .values()
            .map(|s| {
                let (live, _) = self.service_task_records(&s.arn);
                let settings = s.detail.deployment_configuration;
                let desired = s.detail.desired_count;
                ServiceView {
                    arn: s.arn.clone(),
                    name: s.detail.name.clone(),
                    cluster_arn: s.cluster_arn.clone(),
                    status: match s.status {
                        ServiceStatus::Active => "ACTIVE",
                        ServiceStatus::Draining => "DRAINING",
                        ServiceStatus::Inactive => "INACTIVE",
                    },
                    desired_count: desired,
                    scheduling_strategy: s.detail.scheduling_strategy.as_str(),
                    health_check_grace_period_seconds: s
                        .detail
                        .health_check_grace_period_seconds
                        .unwrap_or(0),
                    minimum_healthy_percent: settings.minimum_healthy_percent,
                    maximum_percent: settings.maximum_percent,
                    max_tasks: settings.max_tasks(desired),
                    min_healthy: settings.min_healthy(desired),
                    healthy_count: live
                        .iter()
                        .filter(|t| self.task_counts_as_healthy(t))
                        .count() as u32,
                    deployments: s
                        .detail
                        .deployments
                        .iter()
                        .enumerate()
                        .map(|(i, d)| DeploymentView {
                            id: d.id.clone(),
                            status: if i == 0 { "PRIMARY" } else { "ACTIVE" },
                            task_definition_arn: d.task_definition_arn.clone(),
                            rollout_state: d.rollout_state.as_str(),
                            rollout_state_reason: d.rollout_state_reason.clone(),
                            failed_tasks: d.failed_tasks,
                            task_arns: live
                                .iter()
                                .filter(|t| t.life.started_by.as_deref() == Some(d.id.as_str()))
                                .map(|t| t.arn.clone())
                                .collect(),
                        })
                        .collect(),
                    target_group_arns: s
                        .detail
                        .load_balancers
                        .iter()
                        .filter_map(|lb| lb.target_group_arn.clone())
                        .collect(),
                }
            })
            .collect()
    }

    /// Deployment invariants (module docs).
    pub(crate) fn check_deployment_invariants(&self) -> Result<(), String> {
        for s in self.state.services.values() {
            let deps = &s.detail.deployments;
            // (Only records built by hand in unit tests have none.)
            let Some(primary) = deps.first() else {
                continue;
            };
            if primary.id != s.detail.deployment_id
                || primary.task_definition_arn != s.detail.task_definition_arn
            {
                return Err(format!("service {} PRIMARY out of sync", s.arn));
            }
            if primary.rollout_state == RolloutState::Completed && deps.len() > 1 {
                return Err(format!(
                    "service {} has a COMPLETED PRIMARY and {} other deployments",
                    s.arn,
                    deps.len() - 1
                ));
            }
            for d in deps {
                let digits = d.id.strip_prefix("ecs-svc/").unwrap_or_default();
                if digits.len() != 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("deployment id {} is not ecs-svc/<19 digits>", d.id));
                }
            }
            let mut ids: Vec<&str> = deps.iter().map(|d| d.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() != deps.len() {
                return Err(format!("service {} lists a deployment twice", s.arn));
            }
            let (live, _) = self.service_task_records(&s.arn);
            if s.status == ServiceStatus::Active {
                let bound = s
                    .detail
                    .deployment_configuration
                    .max_tasks(s.detail.desired_count);
                if live.len() as u32 > bound {
                    return Err(format!(
                        "service {} has {} PENDING/RUNNING tasks, above maximumPercent's {bound}",
                        s.arn,
                        live.len()
                    ));
                }
            }
        }
        self.check_daemon_invariants()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn settings(min: u32, max: u32) -> DeploymentSettings {
        DeploymentSettings {
            minimum_healthy_percent: min,
            maximum_percent: max,
            ..DeploymentSettings::default()
        }
    }

    #[test]
    fn bounds_round_as_f6_2_examples() {
        // min 50 %, desired 4 → 2 must stay; may stop 2.
        assert_eq!(settings(50, 200).min_healthy(4), 2);
        // min 75 %, desired 2 → ceil(1.5) = 2: cannot stop any.
        assert_eq!(settings(75, 200).min_healthy(2), 2);
        // max 200 %, desired 4 → 8.
        assert_eq!(settings(100, 200).max_tasks(4), 8);
        // max 125 %, desired 3 → floor(3.75) = 3: cannot start any.
        assert_eq!(settings(100, 125).max_tasks(3), 3);
        assert_eq!(settings(0, 100).min_healthy(5), 0);
    }

    #[test]
    fn circuit_breaker_threshold_is_clamped() {
        // F6.3 with minimum 3 (section 15 item 1).
        assert_eq!(DeploymentSettings::circuit_breaker_threshold(1), 3);
        assert_eq!(DeploymentSettings::circuit_breaker_threshold(4), 3);
        assert_eq!(DeploymentSettings::circuit_breaker_threshold(7), 4);
        assert_eq!(DeploymentSettings::circuit_breaker_threshold(25), 13);
        assert_eq!(DeploymentSettings::circuit_breaker_threshold(400), 200);
        assert_eq!(DeploymentSettings::circuit_breaker_threshold(800), 200);
    }

    #[test]
    fn merged_validates_and_keeps_what_is_not_given() {
        let base = settings(50, 150);
        let req = DeploymentConfiguration {
            maximum_percent: Some(300),
            ..DeploymentConfiguration::default()
        };
        let out = base.merged("UpdateService", &req).unwrap();
        assert_eq!(
            (out.minimum_healthy_percent, out.maximum_percent),
            (50, 300)
        );
        for bad in [
            DeploymentConfiguration {
                minimum_healthy_percent: Some(101),
                ..DeploymentConfiguration::default()
            },
            DeploymentConfiguration {
                minimum_healthy_percent: Some(-1),
                ..DeploymentConfiguration::default()
            },
            DeploymentConfiguration {
                maximum_percent: Some(99),
                ..DeploymentConfiguration::default()
            },
        ] {
            assert!(base.merged("UpdateService", &bad).is_err(), "{bad:?}");
        }
        let alarms = DeploymentConfiguration {
            alarms: Some(serde_json::json!({"alarmNames": []})),
            ..DeploymentConfiguration::default()
        };
        let err = base.merged("UpdateService", &alarms).unwrap_err();
        assert_eq!(err.code.as_str(), "UnsupportedFeatureException");
    }

    // Sim-level rules, through the API.
    use crate::config::SimConfig;
    use crate::time::SimDuration;
    use crate::{Command, Service};
    use serde_json::json;

    fn ecs(sim: &mut Sim, op: &str, input: Value) -> Result<Value, ApiError> {
        let cmd = Command::from_json(Service::Ecs, op, input)?;
        sim.execute(cmd).map(|r| r.to_json())
    }

    /// A Fargate service `web` of `desired` hello:1 tasks, settled.
    fn service(desired: u32, extra: Value) -> Sim {
        let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
        ecs(&mut sim, "CreateCluster", json!({"clusterName": "c"})).unwrap();
        for image in ["nginxdemos/hello", "nginxdemos/does-not-exist"] {
            ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "hello", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "hello", "image": image}]})).unwrap();
        }
        let mut req = json!({"cluster": "c", "serviceName": "web", "taskDefinition": "hello:1", "desiredCount": desired, "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0e06dd043328bd285"], "assignPublicIp": "ENABLED"}}});
        if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        ecs(&mut sim, "CreateService", req).unwrap();
        sim.advance(SimDuration::minutes(2));
        sim
    }

    fn describe(sim: &mut Sim) -> Value {
        ecs(
            sim,
            "DescribeServices",
            json!({"cluster": "c", "services": ["web"]}),
        )
        .unwrap()["services"][0]
            .clone()
    }

    fn rollout(svc: &Value) -> Vec<(String, String)> {
        svc["deployments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["taskDefinition"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_owned(),
                    d["rolloutState"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn the_scheduler_acts_once_on_the_changes_of_one_millisecond() {
        // minimumHealthyPercent 50, maximumPercent 100: the deployment stops
        // two old tasks first; both reach STOPPED in the same millisecond,
        // and one scheduler run then starts both replacements (one service
        // event), not one run per stopped task.
        let mut sim = service(
            4,
            json!({"deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 100}}),
        );
        ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "hello", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "hello", "image": "nginx"}]})).unwrap();
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "taskDefinition": "hello:3"}),
        )
        .unwrap();
        sim.advance(SimDuration::minutes(5));
        let svc = describe(&mut sim);
        let mut starts: Vec<String> = svc["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_owned())
            .filter(|m| m.contains("has started"))
            .map(|m| m.split(':').next().unwrap_or_default().to_owned())
            .collect();
        starts.reverse();
        assert_eq!(
            starts,
            [
                "(service web) has started 4 tasks",
                "(service web) has started 2 tasks",
                "(service web) has started 2 tasks"
            ]
        );
        assert_eq!(
            rollout(&svc),
            [("hello:3".to_owned(), "COMPLETED".to_owned())]
        );
        assert!(sim.check_invariants().is_ok());
    }

    #[test]
    fn same_task_definition_without_force_starts_no_deployment() {
        let mut sim = service(2, json!({}));
        let out = ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "taskDefinition": "hello:1"}),
        )
        .unwrap();
        assert_eq!(
            rollout(&out["service"]),
            [("hello:1".to_owned(), "COMPLETED".to_owned())]
        );
        let out = ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "forceNewDeployment": true}),
        )
        .unwrap();
        assert_eq!(out["service"]["deployments"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_refused_update_changes_nothing() {
        let mut sim = service(2, json!({}));
        let before = describe(&mut sim);
        let err = ecs(&mut sim, "UpdateService", json!({"cluster": "c", "service": "web", "taskDefinition": "nope:3", "desiredCount": 5})).unwrap_err();
        assert!(!err.message.is_empty());
        let err = ecs(&mut sim, "UpdateService", json!({"cluster": "c", "service": "web", "desiredCount": 5, "deploymentConfiguration": {"maximumPercent": 50}})).unwrap_err();
        assert!(err.message.contains("maximumPercent"), "{}", err.message);
        assert_eq!(describe(&mut sim), before);
    }

    #[test]
    fn scaling_in_mid_deployment_respects_maximum_percent() {
        // F6.2: floor(desired × max / 100) is an upper bound at every step.
        let mut sim = service(
            4,
            json!({"deploymentConfiguration": {"maximumPercent": 150}}),
        );
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "taskDefinition": "hello:2"}),
        )
        .unwrap();
        sim.advance(SimDuration::seconds(1));
        let svc = describe(&mut sim);
        assert_eq!(
            svc["runningCount"].as_u64().unwrap() + svc["pendingCount"].as_u64().unwrap(),
            6
        );
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "desiredCount": 2}),
        )
        .unwrap();
        let svc = describe(&mut sim);
        assert!(svc["runningCount"].as_u64().unwrap() + svc["pendingCount"].as_u64().unwrap() <= 3);
        sim.check_invariants().unwrap();
    }

    #[test]
    fn breaker_without_rollback_fails_and_launches_nothing_more() {
        // F6.3: 3 failed tasks (threshold clamp(ceil(4/2), 3, 200) = 3) → FAILED;
        // F6.2: a FAILED deployment launches no new tasks; old tasks stay.
        let mut sim = service(
            4,
            json!({"deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": false}}}),
        );
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "taskDefinition": "hello:2"}),
        )
        .unwrap();
        sim.advance(SimDuration::minutes(30));
        let svc = describe(&mut sim);
        assert_eq!(
            rollout(&svc),
            [
                ("hello:2".to_owned(), "FAILED".to_owned()),
                ("hello:1".to_owned(), "COMPLETED".to_owned())
            ]
        );
        assert_eq!(
            svc["deployments"][0]["rolloutStateReason"],
            "ECS deployment circuit breaker: task failed to start."
        );
        assert!(svc["deployments"][0]["failedTasks"].as_u64().unwrap() >= 3);
        assert_eq!(svc["runningCount"], 4);
        assert_eq!(svc["pendingCount"], 0);
    }

    #[test]
    fn breaker_disabled_keeps_trying() {
        // Without the breaker the deployment stays IN_PROGRESS (F6.6 back-off).
        let mut sim = service(4, json!({}));
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "taskDefinition": "hello:2"}),
        )
        .unwrap();
        sim.advance(SimDuration::minutes(30));
        let svc = describe(&mut sim);
        assert_eq!(
            rollout(&svc)[0],
            ("hello:2".to_owned(), "IN_PROGRESS".to_owned())
        );
        assert_eq!(svc["runningCount"], 4);
    }

    #[test]
    fn a_task_run_into_the_service_group_is_not_the_services() {
        let mut sim = service(1, json!({}));
        ecs(&mut sim, "RunTask", json!({"cluster": "c", "taskDefinition": "hello:1", "launchType": "FARGATE", "group": "service:web", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0e06dd043328bd285"], "assignPublicIp": "ENABLED"}}})).unwrap();
        sim.advance(SimDuration::minutes(1));
        let svc = describe(&mut sim);
        assert_eq!(svc["runningCount"], 1);
        sim.check_invariants().unwrap();
    }

    #[test]
    fn breaker_counts_health_check_failures_not_host_stops() {
        // F6.3 stage 2: RUNNING tasks that fail health checks count; a task
        // stopped with its host (no stop code, F1.8) does not.
        let mut sim = service(
            4,
            json!({"deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": false}}}),
        );
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "forceNewDeployment": true}),
        )
        .unwrap();
        sim.advance(SimDuration::seconds(30));
        let primary = describe(&mut sim)["deployments"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let new: Vec<String> = sim
            .state
            .tasks
            .values()
            .filter(|t| {
                t.life.started_by.as_deref() == Some(primary.as_str())
                    && t.status == TaskStatus::Running
            })
            .map(|t| t.arn.clone())
            .collect();
        assert_eq!(new.len(), 4);
        sim.stop_task_now(&new[0], None, "Host EC2 (instance i-0) stopped/terminated");
        sim.stop_task_now(
            &new[1],
            Some("ServiceSchedulerInitiated"),
            "Task failed container health checks",
        );
        sim.stop_task_now(
            &new[2],
            Some("ServiceSchedulerInitiated"),
            "Task failed container health checks",
        );
        let svc = describe(&mut sim);
        assert_eq!(svc["deployments"][0]["failedTasks"], 2);
        assert_eq!(svc["deployments"][0]["rolloutState"], "IN_PROGRESS");
        sim.stop_task_now(
            &new[3],
            Some("ServiceSchedulerInitiated"),
            "Task failed container health checks",
        );
        let svc = describe(&mut sim);
        assert_eq!(svc["deployments"][0]["rolloutState"], "FAILED");
        assert_eq!(
            svc["deployments"][0]["rolloutStateReason"],
            "ECS deployment circuit breaker: tasks failed health checks."
        );
        sim.check_invariants().unwrap();
    }

    #[test]
    fn a_revision_the_launch_type_cannot_run_is_refused_without_a_trace() {
        let mut sim = service(2, json!({}));
        ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "ec2only", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}]})).unwrap();
        let before = describe(&mut sim);
        sim.drain_events();
        let err = ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "taskDefinition": "ec2only:1"}),
        )
        .unwrap_err();
        assert!(err.message.contains("FARGATE"), "{}", err.message);
        assert_eq!(sim.drain_events(), Vec::new());
        assert_eq!(describe(&mut sim), before);
    }

    #[test]
    fn hourly_deployments_for_a_day_all_complete() {
        // The benchmark's pattern: every hour each service rolls to the other
        // revision; with 100/200, 50/100 and 0/100 each completes within the
        // hour and the invariants hold after every step.
        let mut sim = service(3, json!({}));
        ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "hello", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "hello", "image": "nginxdemos/hello:plain-text"}]})).unwrap();
        for (name, min, max) in [("half", 50, 100), ("zero", 0, 100)] {
            ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": name, "taskDefinition": "hello:1", "desiredCount": 5, "launchType": "FARGATE", "deploymentConfiguration": {"minimumHealthyPercent": min, "maximumPercent": max}, "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0e06dd043328bd285"], "assignPublicIp": "ENABLED"}}})).unwrap();
        }
        for hour in 0..24 {
            let td = if hour % 2 == 0 { "hello:3" } else { "hello:1" };
            for name in ["web", "half", "zero"] {
                ecs(
                    &mut sim,
                    "UpdateService",
                    json!({"cluster": "c", "service": name, "taskDefinition": td}),
                )
                .unwrap();
            }
            sim.advance(SimDuration::hours(1));
            sim.check_invariants().unwrap();
            let out = ecs(
                &mut sim,
                "DescribeServices",
                json!({"cluster": "c", "services": ["web", "half", "zero"]}),
            )
            .unwrap();
            for svc in out["services"].as_array().unwrap() {
                assert_eq!(
                    rollout(svc),
                    [(td.to_owned(), "COMPLETED".to_owned())],
                    "hour {hour}"
                );
                assert_eq!(svc["runningCount"], svc["desiredCount"]);
            }
        }
    }
}
