//! ECS services behind Elastic Load Balancing (F6.8, F18.7–F18.9).
//!
//! - CreateService `loadBalancers` is checked as F18.9 says (the target
//!   group exists and a load balancer uses it; its target type suits the
//!   network mode; the container and its port exist; at most 5).
//! - A service task that reaches RUNNING is registered in each target
//!   group: its private address and container port (awsvpc, `ip` targets)
//!   or its container instance and the host port mapped to the container
//!   port (bridge and host, `instance` targets; dynamic ports included).
//!   "(service s) registered 1 targets in (target-group arn)" (F18.7).
//! - The service counts the task healthy only when its targets are
//!   healthy, and reaches a steady state only then.
//! - A target that turns unhealthy after the task's grace period (F6.4)
//!   gets the task stopped: "(service s) (port p) is unhealthy in
//!   target-group t due to (reason r)." and stoppedReason "Task failed ELB
//!   health checks in (target-group arn)" (F18.7, F18.8).
//! - A service task that stops is DEACTIVATING first (F1.1): its targets
//!   are deregistered and drain for the groups' deregistration delay
//!   ("has begun draining connections on 1 tasks", "deregistered 1
//!   targets"), then it goes on to STOPPING.

use crate::ecs::task_definition::NetworkMode;
use crate::elbv2::TargetState;
use crate::error::ApiError;
use crate::sim::{Sim, Timer};
use crate::state::{ServiceStatus, TaskStatus};
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};

/// F6.7: target groups per service.
pub const MAX_SERVICE_TARGET_GROUPS: usize = 5;

/// `loadBalancers[]` of CreateService (BOTO-ECS:LoadBalancer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadBalancer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i64>,
}

/// A task's registration: (target group ARN, target id, port).
pub type Registration = (String, String, u16);

impl Sim {
    /// F18.9: checks a service's `loadBalancers` against its task
    /// definition.
    pub(crate) fn check_service_load_balancers(
        &self,
        lbs: &[LoadBalancer],
        task_definition_arn: &str,
    ) -> Result<(), ApiError> {
        if lbs.len() > MAX_SERVICE_TARGET_GROUPS {
            return Err(ApiError::invalid_parameter(format!(
                "A service can have at most {MAX_SERVICE_TARGET_GROUPS} target groups; {} were given.",
                lbs.len()
            )));
        }
        let def = self
            .task_definition_by_arn(task_definition_arn)
            .ok_or_else(|| ApiError::invalid_parameter("The task definition does not exist."))?;
        let mode = def.network_mode();
        let classic = lbs
            .iter()
            .filter(|l| l.load_balancer_name.is_some())
            .count();
        if classic > 0 && lbs.len() > 1 {
            // F6.7: one Classic Load Balancer per service, and not beside
            // target groups.
            return Err(ApiError::invalid_parameter(
                "A service with a Classic Load Balancer can have only that one load balancer.",
            ));
        }
        for lb in lbs {
            if let Some(name) = &lb.load_balancer_name {
                if lb.target_group_arn.is_some() {
                    return Err(ApiError::invalid_parameter(
                        "Give either a targetGroupArn (Application and Network Load Balancers) or a loadBalancerName (Classic Load Balancers), not both.",
                    ));
                }
                if mode == NetworkMode::Awsvpc {
                    // BOTO-ECS:CreateServiceRequest.loadBalancers (F18.9).
                    return Err(ApiError::invalid_parameter(
                        "Classic Load Balancers aren't supported for tasks that use the awsvpc network mode (including all Fargate tasks): use an Application or Network Load Balancer and a target group of type ip.",
                    ));
                }
                if self.classic_by_name(name).is_none() {
                    return Err(ApiError::invalid_parameter(format!(
                        "Unable to find load balancer {name}: there is no Classic Load Balancer of that name in this account and Region."
                    )));
                }
                self.check_lb_container(def, lb)?;
                continue;
            }
            let Some(tg_arn) = &lb.target_group_arn else {
                return Err(ApiError::invalid_parameter(
                    "Each load balancer needs a targetGroupArn (or a loadBalancerName for a Classic Load Balancer).",
                ));
            };
            let Some(tg) = self
                .state
                .elb
                .target_groups
                .get(tg_arn)
                .filter(|t| !t.classic)
            else {
                return Err(ApiError::invalid_parameter(format!(
                    "Unable to find target group {tg_arn}: it does not exist in this account and Region."
                )));
            };
            if self.state.elb.load_balancers_of(tg_arn).is_empty() {
                // F18.9 [3P].
                return Err(ApiError::invalid_parameter(format!(
                    "The target group with targetGroupArn {tg_arn} does not have an associated load balancer."
                )));
            }
            match (mode, tg.target_type) {
                (NetworkMode::Awsvpc, "instance") => {
                    return Err(ApiError::invalid_parameter(format!(
                        "The provided target group {tg_arn} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition."
                    )));
                }
                (NetworkMode::Bridge | NetworkMode::Host, "ip") => {
                    return Err(ApiError::invalid_parameter(format!(
                        "The provided target group {tg_arn} has target type ip, which is incompatible with the {} network mode specified in the task definition.",
                        mode.as_str()
                    )));
                }
                _ => {}
            }
            self.check_lb_container(def, lb)?;
        }
        Ok(())
    }

    /// F18.9: the container and its port exist in the task definition.
    fn check_lb_container(
        &self,
        def: &crate::ecs::task_definition::TaskDefinitionRecord,
        lb: &LoadBalancer,
    ) -> Result<(), ApiError> {
        let Some(name) = lb.container_name.as_deref().filter(|n| !n.is_empty()) else {
            return Err(ApiError::invalid_parameter(
                "Container Name can not be blank.",
            ));
        };
        let Some(container) = def.containers().iter().find(|c| c.name == name) else {
            return Err(ApiError::invalid_parameter(format!(
                "The container {name} does not exist in the task definition."
            )));
        };
        let port = lb.container_port.unwrap_or(0);
        if !container
            .port_mappings
            .iter()
            .any(|m| m.container_port == Some(port))
        {
            return Err(ApiError::invalid_parameter(format!(
                "The container {name} did not have a container port {port} defined."
            )));
        }
        Ok(())
    }

    /// How a service's events name what it registers in a group: "targets
    /// in (target-group arn)", or "instances in (elb name)" for a Classic
    /// load balancer (ECSDG:service-event-messages): (what, the group's
    /// opening words, its ARN or name).
    fn registration_parts<'a>(&'a self, tg_arn: &'a str) -> [&'a str; 3] {
        match self.state.elb.target_groups.get(tg_arn) {
            Some(g) if g.classic => ["instances", "(elb ", &g.name],
            _ => ["targets", "(target-group ", tg_arn],
        }
    }

    /// "(target-group arn)", or "(elb name)" for a Classic load balancer.
    pub(crate) fn registration_group(&self, tg_arn: &str) -> String {
        let [_, open, name] = self.registration_parts(tg_arn);
        [open, name, ")"].concat()
    }

    /// "(service s) registered 1 targets in (target-group arn)" (`verb`
    /// "registered" or "deregistered"; F18.7), built in one allocation.
    fn registration_event(&self, service_name: &str, verb: &str, tg_arn: &str) -> String {
        let [what, open, name] = self.registration_parts(tg_arn);
        [
            "(service ",
            service_name,
            ") ",
            verb,
            " 1 ",
            what,
            " in ",
            open,
            name,
            ")",
        ]
        .concat()
    }

    /// A service task reached RUNNING: register it in its service's target
    /// groups.
    pub(crate) fn register_task_targets(&mut self, task_arn: &str) {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return;
        };
        let Some(name) = task.group.strip_prefix("service:") else {
            return;
        };
        let service_arn = self.service_arn(&task.cluster_arn, name);
        let Some(service) = self.state.services.get(&service_arn) else {
            return;
        };
        if service.detail.load_balancers.is_empty() {
            return;
        }
        let mut registrations: Vec<Registration> = Vec::new();
        for lb in &service.detail.load_balancers {
            let (Some(container), Some(port)) = (&lb.container_name, lb.container_port) else {
                continue;
            };
            // A Classic load balancer registers the container instance
            // itself (BOTO-ECS:CreateServiceRequest.loadBalancers), at its
            // hidden group's port (`crate::elb`).
            if let Some(name) = &lb.load_balancer_name {
                let classic = self
                    .classic_by_name(name)
                    .and_then(|c| self.state.elb.target_groups.get(&c.arn));
                let instance = task
                    .container_instance_arn
                    .as_deref()
                    .and_then(|ci| self.state.container_instances.get(ci))
                    .map(|ci| ci.ec2_instance_id.clone());
                if let (Some(g), Some(id)) = (classic, instance) {
                    registrations.push((g.arn.clone(), id, g.port));
                }
                continue;
            }
            let Some(tg) = &lb.target_group_arn else {
                continue;
            };
            let target = if task.uses_eni {
                task.life
                    .private_ip
                    .map(|ip| (crate::base::ipv4::format_ipv4(ip), port as u16))
            } else {
                let instance = task
                    .container_instance_arn
                    .as_deref()
                    .and_then(|ci| self.state.container_instances.get(ci))
                    .map(|ci| ci.ec2_instance_id.clone());
                let host_port = task
                    .life
                    .containers
                    .iter()
                    .find(|c| c.name == *container)
                    .and_then(|c| c.bindings.iter().find(|b| b.0 == port))
                    .map(|b| b.1);
                instance.zip(host_port)
            };
            if let Some((id, port)) = target {
                registrations.push((tg.clone(), id, port));
            }
        }
        let svc_name = name.to_owned();
        for (tg, id, port) in &registrations {
            self.register_target(tg, id, *port, Some(task_arn));
            // Not suppressed as a duplicate: each task's own registration.
            let message = self.registration_event(&svc_name, "registered", tg);
            self.service_event_with(&service_arn, message, false);
        }
        if let Some(t) = self.state.tasks.get_mut(task_arn) {
            t.life.lb_targets = registrations;
            t.life.lb_targets_healthy = false;
        }
    }

    /// Whether every target of a registered task is healthy (`None`: the
    /// task has no targets).
    pub(crate) fn task_targets_healthy(&self, task: &crate::state::TaskRecord) -> Option<bool> {
        if task.life.lb_targets.is_empty() {
            return None;
        }
        Some(task.life.lb_targets_healthy)
    }

    /// Whether every target of a task is healthy now (its checks' own
    /// states), kept on the task when one of them changes.
    fn refresh_targets_healthy(&mut self, task_arn: &str) {
        let Some(slot) = self.state.tasks.find_slot(task_arn) else {
            return;
        };
        let Some(task) = self.state.tasks.slot(slot) else {
            return;
        };
        let healthy = task.life.lb_targets.iter().all(|(tg, id, port)| {
            self.state.elb.target_groups.get(tg).is_some_and(|g| {
                g.targets
                    .iter()
                    // Ids of one group share most of their bytes (the
                    // addresses of one subnet): the last one first.
                    .find(|t| t.port == *port && crate::base::id::same_id(&t.id, id))
                    .is_some_and(|t| t.state == TargetState::Healthy)
            })
        });
        if let Some(t) = self.state.tasks.slot_mut(slot) {
            t.life.lb_targets_healthy = healthy;
        }
    }

    /// A target's health changed (or it failed another check while
    /// unhealthy): the service of the task it belongs to acts.
    pub(crate) fn ecs_target_health(
        &mut self,
        task_arn: &str,
        tg_arn: &str,
        id: &str,
        port: u16,
        state: TargetState,
        reason: Option<&str>,
    ) {
        let Some(task) = self.state.tasks.get(task_arn).filter(|t| {
            t.status == TaskStatus::Running
                && t.life
                    .lb_targets
                    .iter()
                    .any(|(g, i, p)| g == tg_arn && i == id && *p == port)
        }) else {
            return;
        };
        let task_arn = task.arn.clone();
        let Some(name) = task.group.strip_prefix("service:").map(str::to_owned) else {
            return;
        };
        let cluster_arn = task.cluster_arn.clone();
        self.refresh_targets_healthy(&task_arn);
        let service_arn = self.service_arn(&cluster_arn, &name);
        if !self.state.services.contains_key(&service_arn) {
            return;
        }
        match state {
            TargetState::Healthy => {
                self.service_task_healthy(&service_arn);
                self.steady_with_targets(&service_arn);
            }
            TargetState::Unhealthy if !self.in_grace_period(&service_arn, &task_arn) => {
                let (tg_name, classic) = self
                    .state
                    .elb
                    .target_groups
                    .get(tg_arn)
                    .map(|g| (g.name.clone(), g.classic))
                    .unwrap_or_default();
                let reason = reason.unwrap_or("Health checks failed");
                // F18.7 [3P]; the Classic form [OFFICIAL]
                // ECSDG:service-event-messages.
                let message = if classic {
                    format!(
                        "(service {name}) (instance {id}) is unhealthy in (elb {tg_name}) due to (reason Instance has failed at least the UnhealthyThreshold number of health checks consecutively.)"
                    )
                } else {
                    format!(
                        "(service {name}) (port {port}) is unhealthy in target-group {tg_name} due to (reason {reason})."
                    )
                };
                self.service_event_with(&service_arn, message, false);
                // F18.8: stoppedReason as F1.8, the full ARN, no period
                // (the Classic form names the load balancer, F1.8).
                let group = self.registration_group(tg_arn);
                self.begin_task_stop(
                    &task_arn,
                    "ServiceSchedulerInitiated",
                    &format!("Task failed ELB health checks in {group}"),
                );
            }
            _ => {}
        }
    }

    /// With load balancers, a service reaches a steady state once its
    /// desired tasks run and every one's targets are healthy (F6.5).
    fn steady_with_targets(&mut self, service_arn: &str) {
        let Some(s) = self.state.services.get(service_arn) else {
            return;
        };
        if s.status != ServiceStatus::Active
            || s.detail.deployments.len() != 1
            || s.detail
                .deployments
                .first()
                .is_none_or(|d| d.rollout_state != crate::ecs::deployment::RolloutState::Completed)
        {
            return;
        }
        let desired = s.detail.desired_count;
        let name = s.detail.name.clone();
        let (live, stopping) = self.service_task_records(service_arn);
        let steady = stopping.is_empty()
            && live.len() as u32 == desired
            && live.iter().all(|t| {
                t.status == TaskStatus::Running && self.task_targets_healthy(t) != Some(false)
            });
        if steady {
            self.service_event(
                service_arn,
                format!("(service {name}) has reached a steady state."),
            );
            self.emit(crate::event::EventKind::ServiceAction {
                service_arn: service_arn.to_owned(),
                event_name: "SERVICE_STEADY_STATE".into(),
                reason: None,
            });
        }
    }

    /// F1.1: a stopping task with targets is DEACTIVATING while they drain.
    /// Returns true when the stop waits for that (`task_deactivated` goes
    /// on to STOPPING).
    pub(crate) fn deactivate_task(&mut self, task_arn: &str) -> bool {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return false;
        };
        if task.life.lb_targets.is_empty() || task.life.last_status != "RUNNING" {
            return false;
        }
        let registrations = task.life.lb_targets.clone();
        let group = task.group.clone();
        let cluster = task.cluster_arn.clone();
        let started_by = task.life.started_by.clone().unwrap_or_default();
        let mut longest = SimDuration(0);
        for (tg, id, port) in &registrations {
            longest = longest.max(self.deregister_target(tg, id, *port));
        }
        if let Some(name) = group.strip_prefix("service:") {
            let service_arn = self.service_arn(&cluster, name);
            // F18.7 [3P, CAP].
            let draining = [
                "(service ",
                name,
                ", taskSet ",
                &started_by,
                ") has begun draining connections on 1 tasks.",
            ]
            .concat();
            self.service_event_with(&service_arn, draining, false);
            // The scheduler replaces it now, not when it has stopped.
            self.request_reconcile(&service_arn, false);
            for (tg, _, _) in &registrations {
                let message = self.registration_event(name, "deregistered", tg);
                self.service_event_with(&service_arn, message, false);
            }
        }
        if let Some(t) = self.state.tasks.get_mut(task_arn) {
            t.life.lb_targets.clear();
            t.life.last_status = "DEACTIVATING";
            t.life.version += 1;
        }
        self.emit(crate::event::EventKind::TaskStateChanged {
            task_arn: task_arn.to_owned(),
            last_status: "DEACTIVATING",
            stopped_reason: self
                .state
                .tasks
                .get(task_arn)
                .and_then(|t| t.stopped_reason.clone()),
        });
        self.schedule(
            longest,
            Timer::TaskDeactivated {
                task_arn: task_arn.to_owned(),
            },
        );
        true
    }

    /// Timer: a DEACTIVATING task's targets have drained.
    pub(crate) fn task_deactivated(&mut self, task_arn: &str) {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return;
        };
        if task.life.last_status != "DEACTIVATING" {
            return;
        }
        let reason = task.stopped_reason.clone().unwrap_or_default();
        self.begin_stopping_containers(task_arn, &reason);
    }

    /// A task that stops at once (its host went away) leaves its targets:
    /// they drain without it.
    pub(crate) fn release_task_targets(&mut self, task_arn: &str) {
        let Some(task) = self.state.tasks.get_mut(task_arn) else {
            return;
        };
        let registrations = std::mem::take(&mut task.life.lb_targets);
        for (tg, id, port) in registrations {
            self.deregister_target(&tg, &id, port);
        }
    }
}
