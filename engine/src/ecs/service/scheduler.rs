//! The service scheduler: it reconciles each service toward its desired
//! count, reacts to its tasks starting and stopping, backs off after
//! failed starts (F6.6), finishes draining, and writes the service events
//! (F6.5).

use super::*;
use crate::base::arn::LastSegment;
use crate::ecs::deployment::RolloutState;
use crate::ecs::run_task::RunTaskRequest;
use crate::error::ApiError;
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, ServiceStatus, TaskStatus};
use crate::time::SimTime;

impl Sim {
    /// A service event from another module (health checks, F6.5).
    pub(crate) fn add_service_event(&mut self, arn: &str, message: String) {
        self.service_event(arn, message);
    }

    /// Every service's events (as DescribeServices lists them, at most
    /// 100 a service), oldest first: (service ARN, time, event id,
    /// message). For readers that show what happened (`stevedore run
    /// --json --events` lists the ones a line added).
    pub fn service_events(&self) -> Vec<(&str, SimTime, &str, &str)> {
        let mut out: Vec<(&str, SimTime, &str, &str)> = self
            .state
            .services
            .values()
            .flat_map(|s| {
                s.detail
                    .events
                    .iter()
                    .rev()
                    .map(move |(t, id, m)| (s.arn.as_str(), *t, id.as_str(), m.as_str()))
            })
            .collect();
        // Stable: within a service and a millisecond, the order they came.
        out.sort_by_key(|(_, t, _, _)| *t);
        out
    }

    pub(crate) fn service_event(&mut self, arn: &str, message: String) {
        self.service_event_with(arn, message, true);
    }

    pub(crate) fn service_event_with(&mut self, arn: &str, message: String, suppress: bool) {
        // F6.5: a duplicate message is suppressed for 6 hours.
        let now = self.now;
        let duplicate = suppress
            && self.state.services.get(arn).is_some_and(|s| {
                s.detail
                    .events
                    .iter()
                    .any(|(t, _, m)| m == &message && now.since(*t) < SUPPRESS_DUPLICATES)
            });
        if duplicate {
            return;
        }
        let id = self.new_uuid();
        let now = self.now;
        if let Some(s) = self.state.services.get_mut(arn) {
            s.detail.events.push_front((now, id, message));
            s.detail.events.truncate(MAX_EVENTS);
        }
    }

    /// Starts or stops tasks toward desiredCount (unless throttled).
    pub(crate) fn reconcile_service(&mut self, arn: &str) -> Result<(), ApiError> {
        // A copy without its (up to 100) service events, which this does not
        // read: it runs after nearly every service task state change.
        let Some(s) = self.state.services.get_mut(arn).map(|s| {
            let events = std::mem::take(&mut s.detail.events);
            let copy = s.clone();
            s.detail.events = events;
            copy
        }) else {
            return Ok(());
        };
        if s.detail.scheduling_strategy == SchedulingStrategy::Daemon {
            return self.reconcile_daemon(arn);
        }
        // Throttled (F6.6): no starts until the retry, but stops (scale-in,
        // maximumPercent) still happen.
        let throttled = s.detail.retry_pending;
        let desired = if s.status == ServiceStatus::Active {
            s.detail.desired_count
        } else {
            0
        };
        let mut plan = self.deployment_plan(arn, desired);
        if throttled {
            plan.start = 0;
            plan.stalled = false;
        }
        let name = s.detail.name.clone();
        self.scheduler_stop_tasks(arn, &plan.stop);
        if plan.start > 0 {
            let mut started = Vec::new();
            let mut unplaced = None;
            let mut remaining = plan.start;
            while remaining > 0 {
                let count = remaining.min(10);
                remaining -= count;
                let out = self.run_service_tasks(RunTaskRequest {
                    cluster: Some(s.cluster_arn.clone()),
                    task_definition: s.detail.task_definition_arn.clone(),
                    count: Some(i64::from(count)),
                    // F9.6: the service's strategy, or its launch type.
                    launch_type: s.detail.capacity_provider_strategy.is_empty().then(|| {
                        if s.launch_type == LaunchType::Fargate {
                            "FARGATE"
                        } else {
                            "EC2"
                        }
                        .into()
                    }),
                    capacity_provider_strategy: (!s.detail.capacity_provider_strategy.is_empty())
                        .then(|| s.detail.capacity_provider_strategy.clone()),
                    network_configuration: s.detail.network_configuration.clone(),
                    placement_strategy: s.detail.placement_strategy.clone(),
                    placement_constraints: s.detail.placement_constraints.clone(),
                    started_by: Some(s.detail.deployment_id.clone()),
                    group: Some(format!("service:{name}")),
                    ..RunTaskRequest::default()
                });
                match out {
                    Ok((out, arns)) => {
                        started.extend(arns.iter().map(|a| a.last_segment().to_owned()));
                        if let Some(f) = out.failures.first() {
                            unplaced = Some((f.reason.clone(), f.arn.clone()));
                        }
                    }
                    Err(e) if e.message.contains("No Container Instances") => {
                        unplaced = Some(("no container instances".into(), None));
                    }
                    Err(e) => return Err(e),
                }
            }
            self.announce_started(arn, &started);
            if let Some((reason, closest)) = unplaced {
                let message = unplaced_message(&name, &reason, closest.as_deref());
                self.announce_unplaced(arn, message, reason);
            }
        }
        if plan.stalled {
            self.announce_stalled(arn);
        }
        self.deployment_progress(arn);
        Ok(())
    }

    /// Scheduler stops (F1.8 ServiceSchedulerInitiated) and their service
    /// event (F6.5 "has stopped N running tasks").
    pub(crate) fn scheduler_stop_tasks(&mut self, arn: &str, stop: &[String]) {
        if stop.is_empty() {
            return;
        }
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        let name = s.detail.name.clone();
        let deployment_id = s.detail.deployment_id.clone();
        let reason = format!("Scaling activity initiated by (deployment {deployment_id})");
        for a in stop {
            self.service_stop_task(a, &reason);
        }
        let ids = stop.iter().map(|a| a.last_segment());
        self.service_event(
            arn,
            format!(
                "(service {name}) has stopped {} running tasks: {}.",
                stop.len(),
                task_list(ids)
            ),
        );
    }

    /// F6.5: "(service <svc>) has started 2 tasks: (task …) (task …)."
    pub(crate) fn announce_started(&mut self, arn: &str, started: &[String]) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        if started.is_empty() {
            return;
        }
        let name = s.detail.name.clone();
        self.service_event(
            arn,
            format!(
                "(service {name}) has started {} tasks: {}.",
                started.len(),
                task_list(started.iter().map(String::as_str))
            ),
        );
    }

    /// A task the scheduler could not place: the service event and F11.5's
    /// ERROR SERVICE_TASK_PLACEMENT_FAILURE (reason e.g. RESOURCE:CPU).
    pub(crate) fn announce_unplaced(&mut self, arn: &str, message: String, reason: String) {
        self.service_event(arn, message);
        self.emit(crate::event::EventKind::ServiceAction {
            service_arn: arn.to_owned(),
            event_name: "SERVICE_TASK_PLACEMENT_FAILURE".into(),
            reason: Some(reason),
        });
    }

    /// F6.2: the configuration allows neither a start nor a stop.
    pub(crate) fn announce_stalled(&mut self, arn: &str) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        let name = s.detail.name.clone();
        self.service_event(arn, format!("(service {name}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."));
    }

    /// A scheduler stop (F1.8 ServiceSchedulerInitiated).
    pub(crate) fn service_stop_task(&mut self, task_arn: &str, reason: &str) {
        self.enter_stopping(task_arn, "ServiceSchedulerInitiated", reason);
    }

    /// A task stopped: if it belonged to a service, the scheduler replaces
    /// it, backing off after tasks that never reached RUNNING (F6.6).
    pub(crate) fn service_task_stopped(
        &mut self,
        group: &str,
        cluster_arn: &str,
        reached_running: bool,
    ) {
        let Some(name) = group.strip_prefix("service:") else {
            return;
        };
        let arn = self.service_arn(cluster_arn, name);
        let Some(s) = self.state.services.get_mut(&arn) else {
            return;
        };
        if reached_running {
            s.detail.failures_in_a_row = 0;
        } else {
            s.detail.failures_in_a_row += 1;
        }
        let n = s.detail.failures_in_a_row;
        if n == 0 || s.detail.retry_pending {
            self.request_reconcile(&arn, false);
            return;
        }
        let delay = THROTTLE_DELAYS[(n - 1).min(THROTTLE_DELAYS.len() - 1)];
        s.detail.retry_pending = true;
        if n >= 2 {
            let name = s.detail.name.clone();
            self.service_event(
                &arn,
                format!("(service {name}) is unable to consistently start tasks successfully."),
            );
            // F11.5: WARN SERVICE_TASK_START_IMPAIRED.
            self.emit(crate::event::EventKind::ServiceAction {
                service_arn: arn.clone(),
                event_name: "SERVICE_TASK_START_IMPAIRED".into(),
                reason: None,
            });
        }
        self.schedule(delay, Timer::ServiceRetry { service_arn: arn });
    }

    /// A task reached RUNNING: a service whose tasks are all running at
    /// its desired count has reached a steady state (F6.5).
    pub(crate) fn service_task_running(&mut self, group: &str, cluster_arn: &str) {
        let Some(name) = group.strip_prefix("service:") else {
            return;
        };
        let arn = self.service_arn(cluster_arn, name);
        let Some(s) = self.state.services.get_mut(&arn) else {
            return;
        };
        s.detail.failures_in_a_row = 0;
        let desired = s.detail.desired_count;
        // Behind a load balancer the steady state waits for healthy
        // targets (load_balancers.rs).
        let behind_lb = !s.detail.load_balancers.is_empty();
        let settled = !behind_lb
            && s.detail.deployments.len() == 1
            && s.detail
                .deployments
                .first()
                .is_some_and(|d| d.rollout_state == RolloutState::Completed);
        // F6.2: the task counts as healthy 40 s after RUNNING (MODEL).
        self.schedule(
            crate::ecs::deployment::HEALTHY_AFTER_RUNNING,
            Timer::ServiceTaskHealthy {
                service_arn: arn.clone(),
            },
        );
        // (The count only matters once the deployment is settled: no walk
        // of the service's tasks for each task a rollout starts.)
        if settled && self.service_tasks(&arn) == (desired, 0) {
            self.service_event(
                &arn,
                format!("(service {name}) has reached a steady state."),
            );
            // F11.5: INFO SERVICE_STEADY_STATE (not suppressed like the
            // service event message: AWS may send it more than once).
            self.emit(crate::event::EventKind::ServiceAction {
                service_arn: arn.clone(),
                event_name: "SERVICE_STEADY_STATE".into(),
                reason: None,
            });
        }
    }

    /// A task stopped on a DRAINING instance: once the service is back at
    /// its desired count with every task elsewhere and nothing stopping,
    /// it has reached a steady state again (F6.5; the service event is
    /// suppressed within 6 hours of the same message, F11.5's
    /// SERVICE_STEADY_STATE is not).
    pub(crate) fn steady_after_drain(&mut self, arn: &str) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        let settled = s.status == ServiceStatus::Active
            && s.detail.scheduling_strategy == SchedulingStrategy::Replica
            && s.detail.deployments.len() == 1
            && s.detail
                .deployments
                .first()
                .is_some_and(|d| d.rollout_state == RolloutState::Completed);
        if !settled {
            return;
        }
        let desired = s.detail.desired_count;
        let name = s.detail.name.clone();
        let (live, stopping) = self.service_task_records(arn);
        let steady = stopping.is_empty()
            && live.len() as u32 == desired
            && live
                .iter()
                .all(|t| t.status == TaskStatus::Running && !self.on_draining_instance(t));
        if !steady {
            return;
        }
        self.service_event(arn, format!("(service {name}) has reached a steady state."));
        self.emit(crate::event::EventKind::ServiceAction {
            service_arn: arn.to_owned(),
            event_name: "SERVICE_STEADY_STATE".into(),
            reason: None,
        });
    }

    /// Timer: a throttled service tries again.
    pub(crate) fn service_retry(&mut self, arn: &str) {
        if let Some(s) = self.state.services.get_mut(arn) {
            s.detail.retry_pending = false;
        }
        self.request_reconcile(arn, false);
    }

    /// Asks the service scheduler to act on `arn` once the current
    /// millisecond's task changes are all in (MODEL: like ECS's own
    /// scheduler, which reacts to task state changes in batches rather than
    /// one by one — its service events say "has started 10 tasks"). `healthy`:
    /// a task of it may have become healthy.
    pub(crate) fn request_reconcile(&mut self, arn: &str, healthy: bool) {
        *self.scheduler_queue.entry(arn.to_owned()).or_default() |= healthy;
    }

    /// Runs the waiting service schedulers, in service ARN order; a run that
    /// asks for another (a task that failed at once) is served too. Called
    /// after the last timer of each millisecond and around every command.
    pub(crate) fn run_scheduler(&mut self) {
        while let Some((arn, healthy)) = self.scheduler_queue.pop_first() {
            if healthy {
                self.reset_breaker_on_healthy_task(&arn);
            }
            let _ = self.reconcile_service(&arn);
        }
        // Events matched by EventBridge rules get their delivery timers
        // (engine/src/events/deliver.rs).
        self.flush_event_matches();
    }

    /// A DRAINING service with no tasks left becomes INACTIVE.
    pub(crate) fn finish_draining(&mut self, arn: &str) {
        // Only a DRAINING service can finish draining: no task scan for the
        // others (this runs after every stopped service task).
        if self
            .state
            .services
            .get(arn)
            .is_none_or(|s| s.status != ServiceStatus::Draining)
        {
            return;
        }
        let (running, pending) = self.service_tasks(arn);
        let stopping = self.state.services.get(arn).is_some_and(|s| {
            let group = format!("service:{}", s.detail.name);
            self.state.tasks_in_group(&group).any(|t| {
                t.cluster_arn == s.cluster_arn
                    && t.status == TaskStatus::Stopping
                    && s.detail.owns(t)
            })
        });
        if let Some(s) = self.state.services.get_mut(arn)
            && s.status == ServiceStatus::Draining
            && running + pending == 0
            && !stopping
        {
            s.status = ServiceStatus::Inactive;
        }
    }
}

/// F6.5's task list in a service event: `(task a) (task b)`.
fn task_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for id in ids {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str("(task ");
        out.push_str(id);
        out.push(')');
    }
    out
}

/// F6.5: "(service web) was unable to place a task because no container
/// instance met all of its requirements." and what the closest matching
/// container instance lacks (ECSDG service-event-messages; the ENI and
/// DRAINING wordings are MODEL, in the same form).
pub(crate) fn unplaced_message(service: &str, reason: &str, closest: Option<&str>) -> String {
    let head = format!(
        "(service {service}) was unable to place a task because no container instance met all of its requirements."
    );
    if reason == "no container instances" {
        return format!("{head} Reason: No Container Instances were found in your cluster.");
    }
    let lacks = match reason {
        "RESOURCE:CPU" => "has insufficient CPU units available.",
        "RESOURCE:MEMORY" => "has insufficient memory available.",
        "RESOURCE:PORTS" => "is already using a port required by your task.",
        "RESOURCE:ENI" => "has insufficient network interface (ENI) attachment points available.",
        "ATTRIBUTE" => "is missing an attribute required by your task.",
        "AGENT" => "encountered error \"AGENT\".",
        "DRAINING" => "is DRAINING.",
        other => return format!("{head} Reason: {other}."),
    };
    match closest {
        Some(arn) => format!(
            "{head} The closest matching container-instance {} {lacks}",
            crate::base::arn::LastSegment::last_segment(arn)
        ),
        None => format!("{head} Reason: {reason}."),
    }
}
