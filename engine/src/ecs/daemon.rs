//! DAEMON services (F5.7): one task per ACTIVE container instance of the
//! cluster that meets the service's placement constraints. The service has
//! no desiredCount of its own: its scheduler computes it (the instances it
//! should run on, shown as `desiredCount` by DescribeServices) and reports
//! a change with F11.5's SERVICE_DESIRED_COUNT_UPDATED ("scheduler-computed
//! only"). No placement strategy: each task is started on its instance
//! (as StartTask does), so an instance without the CPU, memory, ports or
//! ENI for the task is named in a service event with the reason, as a
//! REPLICA placement failure is (F6.5, F11.5 SERVICE_TASK_PLACEMENT_FAILURE).
//!
//! Tasks are the service's as for REPLICA ones (F6.1: `startedBy` the
//! deployment id, `group` `service:<name>`). The scheduler:
//! - stops the service's tasks on instances it should no longer run on
//!   (DRAINING, deregistered, terminated, or no longer meeting the
//!   constraints: "The service scheduler evaluates the task placement
//!   constraints for running tasks and will stop tasks that do not meet
//!   the placement constraints", ECSDG:ecs_services) and never replaces
//!   them elsewhere;
//! - rolls a new deployment instance by instance within the deployment
//!   configuration (F6.2 arithmetic on the computed desired count; F5.7
//!   defaults minimumHealthyPercent 0 %, maximumPercent 100 %): an old task
//!   is stopped while the healthy tasks stay above the floor (or at once
//!   when it is not healthy), and the new task starts on that instance
//!   once the old one has released it — or first, alongside it, when
//!   maximumPercent leaves room;
//! - starts nothing while throttled (F6.6) or when the PRIMARY deployment
//!   FAILED (F6.3).
//!
//! Invariant (`check_daemon_invariants`): at most one PENDING/RUNNING task
//! of a DAEMON service's PRIMARY deployment per container instance, and
//! every such task is on a container instance.

use super::container_instance::ContainerInstanceStatus;
use super::deployment::RolloutState;
use super::run_task::StartTaskRequest;
use super::service::SchedulingStrategy;
use crate::error::ApiError;
use crate::event::EventKind;
use crate::sim::Sim;
use crate::state::{ServiceStatus, TaskRecord};

/// What one reconcile of a DAEMON service does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DaemonPlan {
    /// The container instances the service should run on (F5.7), by ARN.
    pub targets: Vec<String>,
    /// Instances to start a PRIMARY task on.
    pub start_on: Vec<String>,
    /// Tasks to stop.
    pub stop: Vec<String>,
    /// Old tasks remain but the configuration allows neither a start nor a
    /// stop (F6.2 stall).
    pub stalled: bool,
}

impl Sim {
    /// F5.7: the ACTIVE container instances of the service's cluster that
    /// meet its placement constraints (none once it is deleted).
    pub(crate) fn daemon_targets(&self, arn: &str) -> Vec<String> {
        let Some(s) = self.state.services.get(arn) else {
            return Vec::new();
        };
        if s.status != ServiceStatus::Active {
            return Vec::new();
        }
        // Validated by CreateService; distinctInstance (None) always holds
        // for one task per instance.
        let parsed =
            super::placement::validate(&[], &s.detail.placement_constraints).unwrap_or_default();
        self.state
            .container_instances
            .values()
            .filter(|ci| {
                ci.cluster_arn == s.cluster_arn && ci.status == ContainerInstanceStatus::Active
            })
            .filter(|ci| {
                parsed
                    .iter()
                    .flatten()
                    .all(|e| e.matches(&self.query_subject(ci)))
            })
            .map(|ci| ci.arn.clone())
            .collect()
    }

    /// F5.7 with F6.2's bounds: what the daemon scheduler does now.
    pub(crate) fn daemon_plan(&self, arn: &str) -> DaemonPlan {
        let Some(s) = self.state.services.get(arn) else {
            return DaemonPlan::default();
        };
        let targets = self.daemon_targets(arn);
        let (live, stopping) = self.service_task_records(arn);
        let mut plan = DaemonPlan {
            targets,
            ..DaemonPlan::default()
        };
        let Some(primary) = s.detail.deployments.first() else {
            return plan;
        };
        let on = |t: &TaskRecord| t.container_instance_arn.clone().unwrap_or_default();
        // Off-target tasks (deleted service, drained/deregistered instance,
        // constraint no longer met) stop at once and are not replaced.
        let (here, off): (Vec<&TaskRecord>, Vec<&TaskRecord>) = live
            .iter()
            .copied()
            .partition(|t| plan.targets.contains(&on(t)));
        plan.stop.extend(off.iter().map(|t| t.arn.clone()));
        if s.status != ServiceStatus::Active {
            return plan;
        }
        let settings = s.detail.deployment_configuration;
        let desired = plan.targets.len() as u32;
        let max_tasks = settings.max_tasks(desired);
        let min_healthy = settings.min_healthy(desired);
        let failed = primary.rollout_state == RolloutState::Failed;
        let throttled = s.detail.retry_pending;
        let is_primary = |t: &TaskRecord| t.life.started_by.as_deref() == Some(primary.id.as_str());
        let mut healthy = here
            .iter()
            .filter(|t| self.task_counts_as_healthy(t))
            .count() as u32;
        // Tasks holding a place: live ones, STOPPING ones (they keep their
        // resources until STOPPED, MODEL as for REPLICA), and those stopped
        // now.
        let mut in_place = (live.len() + stopping.len()) as u32;
        let mut old_left = false;
        let mut in_flight = !stopping.is_empty();
        for ci in &plan.targets {
            let mut new: Vec<&TaskRecord> = here
                .iter()
                .copied()
                .filter(|t| &on(t) == ci && is_primary(t))
                .collect();
            new.sort_by_key(|t| (t.life.created_at, t.arn.clone()));
            let old: Vec<&TaskRecord> = here
                .iter()
                .copied()
                .filter(|t| &on(t) == ci && !is_primary(t))
                .collect();
            in_flight |= here
                .iter()
                .any(|t| &on(t) == ci && !self.task_counts_as_healthy(t));
            // Never more than one PRIMARY task per instance (the invariant);
            // extras (none expected) go, the oldest stays.
            for t in new.iter().skip(1) {
                if self.task_counts_as_healthy(t) {
                    healthy -= 1;
                }
                plan.stop.push(t.arn.clone());
            }
            let may_stop = |t: &TaskRecord, healthy: &mut u32| {
                let h = self.task_counts_as_healthy(t);
                if !h {
                    return true;
                }
                if *healthy > min_healthy {
                    *healthy -= 1;
                    return true;
                }
                false
            };
            if !new.is_empty() {
                // The new revision is here: old tasks give way while the
                // floor allows (a FAILED deployment keeps them, F6.2).
                for t in &old {
                    if !failed && may_stop(t, &mut healthy) {
                        plan.stop.push(t.arn.clone());
                    } else {
                        old_left = true;
                    }
                }
                continue;
            }
            if failed {
                // F6.2: a FAILED deployment launches nothing; old tasks stay.
                old_left |= !old.is_empty();
                continue;
            }
            let busy = stopping.iter().any(|t| &on(t) == ci);
            let room = in_place < max_tasks;
            if old.is_empty() {
                if !busy && room && !throttled {
                    plan.start_on.push(ci.clone());
                    in_place += 1;
                }
                continue;
            }
            // An old task here: start the new one beside it when
            // maximumPercent leaves room, else stop it first if the
            // floor allows.
            if room && !busy && !throttled {
                plan.start_on.push(ci.clone());
                in_place += 1;
                old_left = true;
                continue;
            }
            for t in &old {
                if may_stop(t, &mut healthy) {
                    plan.stop.push(t.arn.clone());
                } else {
                    old_left = true;
                }
            }
        }
        plan.stalled = !failed
            && !throttled
            && plan.start_on.is_empty()
            && plan.stop.is_empty()
            && old_left
            && !in_flight;
        plan
    }

    /// The DAEMON form of `reconcile_service` (F5.7).
    pub(crate) fn reconcile_daemon(&mut self, arn: &str) -> Result<(), ApiError> {
        let plan = self.daemon_plan(arn);
        let Some(s) = self.state.services.get_mut(arn) else {
            return Ok(());
        };
        let desired = plan.targets.len() as u32;
        let changed = s.status == ServiceStatus::Active && s.detail.desired_count != desired;
        if changed {
            s.detail.desired_count = desired;
        }
        let s = s.clone();
        if changed {
            // F11.5: INFO SERVICE_DESIRED_COUNT_UPDATED (scheduler-computed).
            self.emit(EventKind::ServiceAction {
                service_arn: arn.to_owned(),
                event_name: "SERVICE_DESIRED_COUNT_UPDATED".into(),
                reason: None,
            });
        }
        self.scheduler_stop_tasks(arn, &plan.stop);
        let name = s.detail.name.clone();
        let mut started = Vec::new();
        for batch in plan.start_on.chunks(10) {
            let out = self.start_task(StartTaskRequest {
                cluster: Some(s.cluster_arn.clone()),
                task_definition: s.detail.task_definition_arn.clone(),
                container_instances: batch.to_vec(),
                network_configuration: s.detail.network_configuration.clone(),
                started_by: Some(s.detail.deployment_id.clone()),
                group: Some(format!("service:{name}")),
                ..StartTaskRequest::default()
            })?;
            started.extend(
                out.tasks
                    .iter()
                    .map(|t| t.task_arn.rsplit('/').next().unwrap_or_default().to_owned()),
            );
            for f in out.failures {
                let id = f
                    .arn
                    .as_deref()
                    .and_then(|a| a.rsplit('/').next())
                    .unwrap_or_default()
                    .to_owned();
                // MODEL wording after F6.5's REPLICA message, naming the
                // instance the daemon task could not run on.
                self.announce_unplaced(
                    arn,
                    format!("(service {name}) was unable to place a task on (container-instance {id}) because it did not meet all of the task's requirements. Reason: {}.", f.reason),
                    f.reason,
                );
            }
        }
        self.announce_started(arn, &started);
        if plan.stalled {
            self.announce_stalled(arn);
        }
        self.deployment_progress(arn);
        Ok(())
    }

    /// The instances of a cluster changed (registered, DRAINING/ACTIVE,
    /// deregistered, terminated): its DAEMON services follow (F5.7).
    pub(crate) fn reconcile_daemon_services(&mut self, cluster_arn: &str) {
        let daemons: Vec<String> = self
            .state
            .services
            .values()
            .filter(|s| {
                s.cluster_arn == cluster_arn
                    && s.status == ServiceStatus::Active
                    && s.detail.scheduling_strategy == SchedulingStrategy::Daemon
            })
            .map(|s| s.arn.clone())
            .collect();
        for arn in daemons {
            let _ = self.reconcile_daemon(&arn);
        }
    }

    /// Module invariant (see the module docs).
    pub(crate) fn check_daemon_invariants(&self) -> Result<(), String> {
        for s in self.state.services.values() {
            if s.detail.scheduling_strategy != SchedulingStrategy::Daemon {
                continue;
            }
            let Some(primary) = s.detail.deployments.first() else {
                continue;
            };
            let (live, _) = self.service_task_records(&s.arn);
            let mut on: Vec<&str> = Vec::new();
            for t in live
                .iter()
                .filter(|t| t.life.started_by.as_deref() == Some(primary.id.as_str()))
            {
                let Some(ci) = t.container_instance_arn.as_deref() else {
                    return Err(format!(
                        "DAEMON service {} has task {} on no container instance",
                        s.arn, t.arn
                    ));
                };
                if on.contains(&ci) {
                    return Err(format!(
                        "DAEMON service {} runs two tasks of {} on {ci}",
                        s.arn, primary.id
                    ));
                }
                on.push(ci);
            }
        }
        Ok(())
    }
}
