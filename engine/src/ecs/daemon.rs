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
use crate::base::arn::LastSegment;
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
        // Check what StartTask will check before stopping anything, so a
        // refused CreateService/UpdateService changes nothing.
        if let Some(s) = self.state.services.get(arn)
            && s.status == ServiceStatus::Active
        {
            let awsvpc = self
                .task_definition_by_arn(&s.detail.task_definition_arn)
                .is_some_and(|d| d.network_mode() == super::task_definition::NetworkMode::Awsvpc);
            self.network(&s.detail.network_configuration, awsvpc)?;
        }
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
                    .map(|t| t.task_arn.last_segment().to_owned()),
            );
            for f in out.failures {
                let id = f
                    .arn
                    .as_deref()
                    .map(LastSegment::last_segment)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use crate::config::SimConfig;
    use crate::ecs::container_instance::insert_public_registered_instances;
    use crate::error::ApiError;
    use crate::sim::Sim;
    use crate::state::TaskStatus;
    use crate::time::SimDuration;
    use crate::{Command, Service};
    use serde_json::{Value, json};

    fn ecs(sim: &mut Sim, op: &str, input: Value) -> Result<Value, ApiError> {
        let cmd = Command::from_json(Service::Ecs, op, input)?;
        sim.execute(cmd).map(|r| r.to_json())
    }

    /// Cluster `c` with instances a, b, c (us-east-1a) and two revisions of
    /// a small `agent` task definition.
    fn cluster() -> (Sim, Vec<String>) {
        let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
        let out = ecs(&mut sim, "CreateCluster", json!({"clusterName": "c"})).unwrap();
        let arn = out["cluster"]["clusterArn"].as_str().unwrap().to_owned();
        let cis = insert_public_registered_instances(&mut sim, &arn, &["a", "b", "c"]);
        for image in ["busybox", "redis:7"] {
            ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "agent", "containerDefinitions": [{"name": "agent", "image": image, "memory": 64}]})).unwrap();
        }
        (sim, cis)
    }

    fn describe(sim: &mut Sim) -> Value {
        ecs(
            sim,
            "DescribeServices",
            json!({"cluster": "c", "services": ["agent"]}),
        )
        .unwrap()["services"][0]
            .clone()
    }

    /// Live tasks of the service per container instance, by revision.
    fn tasks_on(sim: &Sim, ci: &str) -> Vec<String> {
        let mut on: Vec<String> = sim
            .state
            .tasks
            .values()
            .filter(|t| {
                t.container_instance_arn.as_deref() == Some(ci)
                    && t.group == "service:agent"
                    && matches!(t.status, TaskStatus::Pending | TaskStatus::Running)
            })
            .map(|t| {
                t.life
                    .task_definition_arn
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        on.sort();
        on
    }

    #[test]
    fn one_task_per_instance_meeting_the_constraints() {
        // F5.7: only instances that meet the constraints count.
        let (mut sim, cis) = cluster();
        sim.state
            .container_instances
            .get_mut(&cis[1])
            .unwrap()
            .attributes
            .push(("role".into(), "edge".into()));
        let out = ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON", "placementConstraints": [{"type": "memberOf", "expression": "attribute:role != edge"}]})).unwrap();
        assert_eq!(out["service"]["desiredCount"], 2);
        assert_eq!(out["service"]["schedulingStrategy"], "DAEMON");
        assert_eq!(out["service"]["placementStrategy"], json!([]));
        assert_eq!(
            out["service"]["deploymentConfiguration"]["minimumHealthyPercent"],
            0
        );
        assert_eq!(
            out["service"]["deploymentConfiguration"]["maximumPercent"],
            100
        );
        assert_eq!(tasks_on(&sim, &cis[0]), ["agent:1"]);
        assert!(tasks_on(&sim, &cis[1]).is_empty());
        assert_eq!(tasks_on(&sim, &cis[2]), ["agent:1"]);
        // F6.1: startedBy the deployment, group service:<name>.
        let dep = out["service"]["deployments"][0]["id"].as_str().unwrap();
        assert!(
            sim.state
                .tasks
                .values()
                .all(|t| t.group == "service:agent" && t.life.started_by.as_deref() == Some(dep))
        );
    }

    #[test]
    fn draining_and_reactivating_an_instance() {
        let (mut sim, cis) = cluster();
        ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON"})).unwrap();
        sim.advance(SimDuration::minutes(1));
        ecs(
            &mut sim,
            "UpdateContainerInstancesState",
            json!({"cluster": "c", "containerInstances": [cis[0]], "status": "DRAINING"}),
        )
        .unwrap();
        sim.advance(SimDuration::minutes(1));
        assert!(tasks_on(&sim, &cis[0]).is_empty());
        let svc = describe(&mut sim);
        assert_eq!(
            (svc["desiredCount"].as_u64(), svc["runningCount"].as_u64()),
            (Some(2), Some(2))
        );
        ecs(
            &mut sim,
            "UpdateContainerInstancesState",
            json!({"cluster": "c", "containerInstances": [cis[0]], "status": "ACTIVE"}),
        )
        .unwrap();
        assert_eq!(tasks_on(&sim, &cis[0]), ["agent:1"]);
        assert_eq!(describe(&mut sim)["desiredCount"], 3);
        sim.check_invariants().unwrap();
    }

    #[test]
    fn maximum_percent_200_starts_beside_the_old_task_first() {
        // F6.2 on the computed desired count (3): max 200 % → up to 6 tasks,
        // so each instance gets its new task before the old one stops; never
        // two tasks of the PRIMARY deployment on one instance.
        let (mut sim, cis) = cluster();
        ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON", "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200}})).unwrap();
        sim.advance(SimDuration::minutes(2));
        ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "agent", "taskDefinition": "agent:2"}),
        )
        .unwrap();
        for ci in &cis {
            assert_eq!(tasks_on(&sim, ci), ["agent:1", "agent:2"]);
        }
        for _ in 0..20 {
            sim.advance(SimDuration::seconds(15));
            sim.check_invariants().unwrap();
        }
        for ci in &cis {
            assert_eq!(tasks_on(&sim, ci), ["agent:2"]);
        }
        let svc = describe(&mut sim);
        assert_eq!(svc["deployments"].as_array().unwrap().len(), 1);
        assert_eq!(svc["deployments"][0]["rolloutState"], "COMPLETED");
    }

    #[test]
    fn refusals_change_nothing() {
        let (mut sim, _) = cluster();
        ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON"})).unwrap();
        let before = describe(&mut sim);
        let err = ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "agent", "desiredCount": 1}),
        )
        .unwrap_err();
        assert_eq!(err.message, super::super::service::DAEMON_DESIRED_COUNT);
        assert_eq!(describe(&mut sim), before);
        // CODE_DEPLOY: AWS's DAEMON refusal, not "not modelled".
        let err = ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "cd", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON", "deploymentController": {"type": "CODE_DEPLOY"}})).unwrap_err();
        assert_eq!(err.code.as_str(), "InvalidParameterException");
        assert!(err.message.contains("DAEMON"), "{}", err.message);
        // A DAEMON service is deleted without --force.
        let out = ecs(
            &mut sim,
            "DeleteService",
            json!({"cluster": "c", "service": "agent"}),
        )
        .unwrap();
        assert_eq!(out["service"]["status"], "DRAINING");
        sim.advance(SimDuration::minutes(1));
        assert_eq!(describe(&mut sim)["status"], "INACTIVE");
    }

    #[test]
    fn a_revision_it_cannot_start_is_refused_before_any_stop() {
        // awsvpc needs networkConfiguration (StartTask's check), found before
        // the min 0 % deployment would stop every old task.
        let (mut sim, _) = cluster();
        ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "vpc", "networkMode": "awsvpc", "containerDefinitions": [{"name": "agent", "image": "busybox", "memory": 64}]})).unwrap();
        ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON"})).unwrap();
        sim.advance(SimDuration::minutes(1));
        sim.drain_events();
        let before = describe(&mut sim);
        let err = ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "agent", "taskDefinition": "vpc:1"}),
        )
        .unwrap_err();
        assert_eq!(err.code.as_str(), "InvalidParameterException");
        assert_eq!(sim.drain_events(), Vec::new());
        assert_eq!(describe(&mut sim), before);
        let err = ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "v", "taskDefinition": "vpc:1", "schedulingStrategy": "DAEMON"})).unwrap_err();
        assert_eq!(err.code.as_str(), "InvalidParameterException");
        assert!(!sim.state.services.keys().any(|k| k.ends_with("/v")));
    }

    #[test]
    fn the_invariant_catches_two_primary_tasks_on_one_instance() {
        let (mut sim, cis) = cluster();
        ecs(&mut sim, "CreateService", json!({"cluster": "c", "serviceName": "agent", "taskDefinition": "agent:1", "schedulingStrategy": "DAEMON"})).unwrap();
        sim.check_invariants().unwrap();
        let moved = sim
            .state
            .tasks
            .values_mut()
            .find(|t| t.container_instance_arn.as_deref() == Some(cis[1].as_str()))
            .unwrap();
        moved.container_instance_arn = Some(cis[0].clone());
        let err = sim.check_daemon_invariants().unwrap_err();
        assert!(err.contains("runs two tasks"), "{err}");
    }
}
