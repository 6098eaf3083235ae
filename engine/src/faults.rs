//! Fault injection: things that go wrong in a real account, on demand, for
//! lessons (`sim fault …` in the sandbox), scenario tests (`fault …` steps)
//! and benchmarks. These are NOT AWS actions: a [`Fault`] goes in through
//! [`Sim::apply`] as [`Input::Fault`](crate::Input::Fault) and acts through
//! the same paths AWS's own failures take, so what follows (stopped tasks,
//! replacements, events) is the ordinary behaviour.
//!
//! | [`Fault`] (`sim fault …`) | what happens |
//! |---|---|
//! | `KillTask` (`kill-task`) | a container of a RUNNING task exits with a code (F1.9: essential → the task stops, stopCode `EssentialContainerExited`, F1.8; non-essential → only that container stops) |
//! | `Oom` (`oom`) | the same with exit code 137 and reason `OutOfMemoryError: Container killed due to memory usage` (F1.8) |
//! | `BreakHealth` / `FixHealth` | the container's health-check command starts failing / passes again (F1.11, F4.7) |
//! | `TerminateInstance` | the EC2 instance is terminated as by TerminateInstances: its tasks stop with `Host EC2 (instance <id>) stopped/terminated` (F1.8) and its Auto Scaling group replaces it |
//! | `RemoveTag` | the tag disappears (ECR: as BatchDeleteImage; Docker Hub / ECR Public: from the simulated catalogue), so the next pull fails with `CannotPullContainerError` (F1.10) |
//! | `LoseAz` / `RestoreAz` | the zone's instances are terminated, its Fargate tasks stop, and Fargate places no task there until it is restored |
//! | `HttpStatus` / `HttpHang` / `FixHttp` (`http-status`, `http-hang`, `fix-http`) | a task's (or every task of a service's) web server answers a status code (at one path, or all) / accepts connections and never answers / is itself again: clients and load balancer health checks see it (`Target.ResponseCodeMismatch`, `Target.Timeout`; 502/504 through an ALB) |
//! | `SpotInterruption` (in `ecs::capacity_provider`) | a FARGATE_SPOT task (or all) gets the two-minute notice (stopCode `TerminationNotice`, lastStatus RUNNING, desiredStatus STOPPED), then stops with `Your Spot Task was interrupted.` (F2.9, F1.8); its service replaces it |
//!
//! Every fault gives a sentence saying what happened (or an [`ApiError`]
//! naming what was wrong with the request) and emits
//! [`EventKind::FaultInjected`] plus the events of what followed.

use crate::base::arn::LastSegment;
use crate::ecs::health::{OOM_EXIT_CODE, OOM_REASON};
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::images::{ImageRef, Reference, RegistryHost};
use crate::sim::Sim;
use crate::state::{LaunchType, TaskStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// MODEL (AWS documents no text for it): the stoppedReason of a Fargate task
/// whose Availability Zone was lost.
pub const AZ_LOST_REASON: &str =
    "Task stopped because its Availability Zone became unavailable (simulated fault)";
/// F1.12 [OFFICIAL]: RunTask's failure when Fargate has no capacity.
pub const FARGATE_NO_CAPACITY: &str = "Capacity is unavailable at this time. Please try again later or in a different availability zone";

/// The faults in force.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultState {
    /// Broken health checks: (task ARN or service ARN, container name or
    /// every container).
    pub broken_checks: BTreeSet<(String, Option<String>)>,
    /// Availability Zones that are down.
    pub lost_azs: BTreeSet<String>,
    /// Canonical references (`docker.io/library/nginx:1.27`) removed from
    /// the public catalogue.
    pub removed_public_tags: BTreeSet<String>,
    /// Web servers that misbehave: task or service ARN → what they do.
    pub http: std::collections::BTreeMap<String, HttpFault>,
}

/// What a faulty web server does (`http-status`, `http-hang`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpFault {
    /// Answers this status code, at this path only or at every path.
    Status { code: u16, path: Option<String> },
    /// Accepts connections and never answers.
    Hang,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter(message)
}

impl Sim {
    /// The ARN of a task given by ARN or id, in any cluster.
    fn fault_task(&self, task: &str) -> Result<String, ApiError> {
        // An ARN is looked up; only a bare id needs the walk.
        let found = if crate::base::arn::is_arn(task) {
            self.state.tasks.get(task)
        } else {
            self.state
                .tasks
                .values()
                .find(|t| t.arn.last_segment() == task)
        };
        found
            .map(|t| t.arn.clone())
            .ok_or_else(|| bad(format!("fault: no task '{task}' (give its ARN or id).")))
    }

    /// The index of the container to act on: the named one, or the first
    /// essential one; it must be RUNNING in a RUNNING task.
    fn fault_running_container(
        &self,
        task_arn: &str,
        container: Option<&str>,
    ) -> Result<usize, ApiError> {
        let t = &self.state.tasks[task_arn];
        if t.status != TaskStatus::Running {
            return Err(bad(format!(
                "fault: task {task_arn} is {}, not RUNNING.",
                t.life.last_status
            )));
        }
        let found = match container {
            Some(name) => t.life.containers.iter().position(|c| c.name == name),
            None => t.life.containers.iter().position(|c| c.essential),
        };
        let Some(i) = found else {
            let names: Vec<&str> = t.life.containers.iter().map(|c| c.name.as_str()).collect();
            return Err(bad(format!(
                "fault: task {task_arn} has no container '{}' (it has: {}).",
                container.unwrap_or_default(),
                names.join(", ")
            )));
        };
        let c = &t.life.containers[i];
        if c.last_status != "RUNNING" {
            return Err(bad(format!(
                "fault: container {} of task {task_arn} is {}, not RUNNING.",
                c.name, c.last_status
            )));
        }
        Ok(i)
    }

    fn fault_exit(
        &mut self,
        task: &str,
        container: Option<&str>,
        exit_code: i64,
        reason: Option<&str>,
        what: &str,
    ) -> Result<String, ApiError> {
        let arn = self.fault_task(task)?;
        let index = self.fault_running_container(&arn, container)?;
        let name = self.state.tasks[&arn].life.containers[index].name.clone();
        let description = format!("{what} container {name} of task {arn} (exit code {exit_code})");
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        let essential = self
            .container_exited(&arn, index, exit_code, reason)
            .unwrap_or(false);
        Ok(if essential {
            format!(
                "{description}: it is essential, so the task is stopping (stopCode EssentialContainerExited)."
            )
        } else {
            format!("{description}: it is not essential, so the task keeps running.")
        })
    }

    /// A container of a RUNNING task exits with `exit_code` (the first
    /// essential container if `container` is None). F1.9/F1.8.
    fn fault_kill_task_now(
        &mut self,
        task: &str,
        container: Option<&str>,
        exit_code: i64,
    ) -> Result<String, ApiError> {
        if !(0..=255).contains(&exit_code) {
            return Err(bad(format!(
                "fault: an exit code is 0 to 255; {exit_code} was given."
            )));
        }
        self.fault_exit(task, container, exit_code, None, "Killed")
    }

    /// A container runs out of memory: exit code 137, reason
    /// `OutOfMemoryError: Container killed due to memory usage` (F1.8).
    fn fault_oom_now(&mut self, task: &str, container: Option<&str>) -> Result<String, ApiError> {
        self.fault_exit(
            task,
            container,
            OOM_EXIT_CODE,
            Some(OOM_REASON),
            "Out of memory:",
        )
    }

    /// The target of a health-check fault: a task (ARN or id) or a service
    /// (ARN or name), with the container checked to have a health check.
    fn fault_check_target(
        &self,
        target: &str,
        container: Option<&str>,
    ) -> Result<(String, String), ApiError> {
        let has_check = |containers: &[crate::ecs::run_task::TaskContainer]| {
            containers
                .iter()
                .any(|c| c.health.is_some() && container.is_none_or(|n| n == c.name))
        };
        if let Ok(arn) = self.fault_task(target) {
            let t = &self.state.tasks[&arn];
            if !has_check(&t.life.containers) {
                return Err(bad(format!(
                    "fault: task {arn} has no container with a healthCheck{} (only health checks declared in the container definition run).",
                    container
                        .map(|c| format!(" named '{c}'"))
                        .unwrap_or_default()
                )));
            }
            return Ok((arn.clone(), format!("task {arn}")));
        }
        let service = self
            .state
            .services
            .values()
            .find(|s| s.arn == target || s.detail.name == target)
            .ok_or_else(|| {
                bad(format!(
                    "fault: no task or service '{target}' (give a task id or ARN, or a service name or ARN)."
                ))
            })?;
        let def = self
            .task_definition_by_arn(&service.detail.task_definition_arn)
            .map(|d| {
                d.containers()
                    .iter()
                    .any(|c| c.health_check.is_some() && container.is_none_or(|n| n == c.name))
            })
            .unwrap_or(false);
        if !def {
            return Err(bad(format!(
                "fault: the task definition of service {} has no container with a healthCheck{}.",
                service.detail.name,
                container
                    .map(|c| format!(" named '{c}'"))
                    .unwrap_or_default()
            )));
        }
        Ok((
            service.arn.clone(),
            format!("service {}", service.detail.name),
        ))
    }

    /// From now on the health check of the task's (or every task of the
    /// service's, present and future) containers fails: all checked
    /// containers, or the named one. F1.11: after `retries` failed probes
    /// the container is UNHEALTHY; a service replaces such tasks.
    fn fault_break_health_check_now(
        &mut self,
        target: &str,
        container: Option<&str>,
    ) -> Result<String, ApiError> {
        let (key, label) = self.fault_check_target(target, container)?;
        self.state
            .faults
            .broken_checks
            .insert((key, container.map(str::to_owned)));
        let description = format!(
            "Broke the health check of {}{label}: its probes fail from now on.",
            container
                .map(|c| format!("container {c} of "))
                .unwrap_or_default()
        );
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        Ok(description)
    }

    /// Undoes [`Fault::BreakHealth`] (same target and container):
    /// the next probe passes and the container is HEALTHY again.
    fn fault_fix_health_check_now(
        &mut self,
        target: &str,
        container: Option<&str>,
    ) -> Result<String, ApiError> {
        let (key, label) = self.fault_check_target(target, container)?;
        let removed = self
            .state
            .faults
            .broken_checks
            .remove(&(key, container.map(str::to_owned)));
        if !removed {
            return Err(bad(format!(
                "fault: the health check of {label} is not broken."
            )));
        }
        let description = format!(
            "Fixed the health check of {}{label}: its probes pass again.",
            container
                .map(|c| format!("container {c} of "))
                .unwrap_or_default()
        );
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        Ok(description)
    }

    /// Terminates an EC2 instance as TerminateInstances does: shutting-down
    /// now, its container instance deregistered, its tasks stopped with
    /// `Host EC2 (instance <id>) stopped/terminated` (F1.8), and its Auto
    /// Scaling group launching a replacement.
    fn fault_terminate_instance_now(&mut self, instance_id: &str) -> Result<String, ApiError> {
        let live = self
            .state
            .instances
            .get(instance_id)
            .map(|i| i.is_live())
            .ok_or_else(|| crate::ec2::instance::instance_not_found(instance_id))?;
        if !live {
            return Err(bad(format!(
                "fault: instance {instance_id} is already shutting down or terminated."
            )));
        }
        let description = format!("Terminated EC2 instance {instance_id}.");
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        self.terminate_instances(crate::ec2::instance::TerminateInstancesRequest {
            instance_ids: vec![instance_id.to_owned()],
            dry_run: None,
        })?;
        let tasks = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.stopped_reason.as_deref()
                    == Some(&format!(
                        "Host EC2 (instance {instance_id}) stopped/terminated"
                    ))
                    && t.stopped_at == Some(self.now)
            })
            .count();
        Ok(format!(
            "{description} {tasks} task(s) on it stopped; an Auto Scaling group, if it has one, replaces it."
        ))
    }

    /// Removes an image tag so the next pull of it fails with
    /// CannotPullContainerError (F1.10). This account's ECR: the tag is
    /// deleted as by BatchDeleteImage (the image goes with its last tag);
    /// Docker Hub / ECR Public: the tag disappears from the simulated
    /// catalogue. Tasks already running keep their containers.
    fn fault_remove_image_tag_now(&mut self, image: &str) -> Result<String, ApiError> {
        let r = ImageRef::parse(image)
            .ok_or_else(|| bad(format!("fault: '{image}' is not an image reference.")))?;
        let Reference::Tag(tag) = r.reference.clone() else {
            return Err(bad(format!(
                "fault: give a tag (repo:tag), not a digest: '{image}'."
            )));
        };
        match &r.registry {
            RegistryHost::EcrPrivate { account, region }
                if account == &self.config.account_id && region == &self.config.region =>
            {
                let out = self.batch_delete_image(crate::ecr::images::BatchDeleteImageRequest {
                    registry_id: None,
                    repository_name: r.repository.clone(),
                    image_ids: vec![crate::ecr::ImageIdentifier {
                        image_digest: None,
                        image_tag: Some(tag.clone()),
                    }],
                })?;
                if let Some(f) = out.failures.first() {
                    return Err(ApiError::new(
                        ErrorCode::InvalidParameterException,
                        format!("fault: {}: {}", f.failure_code, f.failure_reason),
                    ));
                }
            }
            RegistryHost::DockerHub | RegistryHost::EcrPublic => {
                let known = self.resolve_image_pull(image, None, &|_, _| true, true);
                if known.is_err() {
                    return Err(bad(format!(
                        "fault: the public image {image} is not known (or already removed)."
                    )));
                }
                self.state.faults.removed_public_tags.insert(r.canonical());
            }
            _ => {
                return Err(bad(format!(
                    "fault: {image} is in neither this account's ECR nor the public catalogue."
                )));
            }
        }
        let description = format!(
            "Removed the tag {}: the next pull of it fails with CannotPullContainerError.",
            r.canonical()
        );
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        Ok(description)
    }

    /// The task or service an HTTP fault acts on: (ARN, label).
    fn fault_http_target(&self, target: &str) -> Result<(String, String), ApiError> {
        if let Ok(arn) = self.fault_task(target) {
            return Ok((arn.clone(), format!("task {}", arn.last_segment())));
        }
        self.state
            .services
            .values()
            .find(|s| s.arn == target || s.detail.name == target)
            .map(|s| (s.arn.clone(), format!("service {}", s.detail.name)))
            .ok_or_else(|| {
                bad(format!(
                    "fault: no task or service '{target}' (give a task id or ARN, or a service name or ARN)."
                ))
            })
    }

    fn fault_http_now(
        &mut self,
        target: &str,
        fault: Option<HttpFault>,
    ) -> Result<String, ApiError> {
        let (key, label) = self.fault_http_target(target)?;
        let description = match &fault {
            Some(HttpFault::Status { code, path }) => {
                if !(100..=599).contains(code) {
                    return Err(bad(format!(
                        "fault: an HTTP status code is 100 to 599; {code} was given."
                    )));
                }
                format!(
                    "The web server of {label} answers {code} {} from now on.",
                    path.as_deref()
                        .map_or("at every path".to_owned(), |p| format!("at {p}"))
                )
            }
            Some(HttpFault::Hang) => format!(
                "The web server of {label} accepts connections and never answers from now on."
            ),
            None => {
                if !self.state.faults.http.contains_key(&key) {
                    return Err(bad(format!(
                        "fault: the web server of {label} has no http-status or http-hang fault."
                    )));
                }
                format!("The web server of {label} answers normally again.")
            }
        };
        match fault {
            Some(f) => {
                self.state.faults.http.insert(key, f);
            }
            None => {
                self.state.faults.http.remove(&key);
            }
        }
        self.rearm_targets(None);
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        Ok(description)
    }

    /// The HTTP fault of a task (its own, else its service's).
    pub(crate) fn http_fault_of(&self, task: &crate::state::TaskRecord) -> Option<&HttpFault> {
        let f = &self.state.faults.http;
        if f.is_empty() {
            return None;
        }
        f.get(&task.arn).or_else(|| {
            let name = task.group.strip_prefix("service:")?;
            f.get(&self.service_arn(&task.cluster_arn, name))
        })
    }

    /// The faults in force, one sentence each, for the view.
    pub(crate) fn fault_views(&self) -> Vec<String> {
        let f = &self.state.faults;
        let mut out: Vec<String> = f
            .lost_azs
            .iter()
            .map(|az| format!("Availability Zone {az} is down"))
            .collect();
        out.extend(
            f.broken_checks
                .iter()
                .map(|(target, container)| match container {
                    Some(c) => format!("health check of container {c} of {target} fails"),
                    None => format!("health checks of {target} fail"),
                }),
        );
        out.extend(
            f.removed_public_tags
                .iter()
                .map(|r| format!("image tag {r} removed")),
        );
        out.extend(f.http.iter().map(|(target, fault)| match fault {
            HttpFault::Status { code, path } => format!(
                "web server of {target} answers {code}{}",
                path.as_deref().map(|p| format!(" at {p}")).unwrap_or_default()
            ),
            HttpFault::Hang => format!("web server of {target} never answers"),
        }));
        out
    }

    /// Whether a subnet is in a lost Availability Zone.
    pub(crate) fn subnet_in_lost_az(&self, subnet_id: &str) -> bool {
        self.state
            .subnets
            .get(subnet_id)
            .is_some_and(|s| self.state.faults.lost_azs.contains(&s.availability_zone))
    }

    fn known_az(&self, az: &str) -> Result<(), ApiError> {
        let zones = crate::config::availability_zones(&self.config.region).unwrap_or_default();
        if zones.iter().any(|z| z == az) {
            Ok(())
        } else {
            Err(bad(format!(
                "fault: '{az}' is not an Availability Zone of {} ({}).",
                self.config.region,
                zones.join(", ")
            )))
        }
    }

    /// An Availability Zone goes down: its running EC2 instances are
    /// terminated (their tasks stop, F1.8; Auto Scaling replaces them), its
    /// Fargate tasks stop ([`AZ_LOST_REASON`], MODEL) and Fargate places no
    /// new task in it until [`Fault::RestoreAz`] (RunTask reports F1.12's
    /// capacity failure when every subnet given is in a lost zone).
    fn fault_lose_az_now(&mut self, az: &str) -> Result<String, ApiError> {
        self.known_az(az)?;
        if !self.state.faults.lost_azs.insert(az.to_owned()) {
            return Err(bad(format!("fault: {az} is already lost.")));
        }
        let description = format!("Lost Availability Zone {az}.");
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        let instances: Vec<String> = self
            .state
            .instances
            .values()
            .filter(|i| i.availability_zone == az && i.is_live())
            .map(|i| i.id.clone())
            .collect();
        if !instances.is_empty() {
            self.terminate_instances(crate::ec2::instance::TerminateInstancesRequest {
                instance_ids: instances.clone(),
                dry_run: None,
            })?;
        }
        let fargate: Vec<String> = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.launch_type == LaunchType::Fargate
                    && t.status != TaskStatus::Stopped
                    && t.life.availability_zone == az
            })
            .map(|t| t.arn.clone())
            .collect();
        for arn in &fargate {
            self.stop_task_now(arn, None, AZ_LOST_REASON);
        }
        Ok(format!(
            "{description} {} instance(s) terminated, {} Fargate task(s) stopped; Fargate places no task there until 'restore-az'.",
            instances.len(),
            fargate.len()
        ))
    }

    /// The zone is back: Fargate places tasks there again. (Instances that
    /// were terminated stay terminated.)
    fn fault_restore_az_now(&mut self, az: &str) -> Result<String, ApiError> {
        self.known_az(az)?;
        if !self.state.faults.lost_azs.remove(az) {
            return Err(bad(format!("fault: {az} is not lost.")));
        }
        let description = format!("Restored Availability Zone {az}.");
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        // Auto Scaling groups short of capacity launch there again (MODEL
        // cause text), and services that could not place their tasks retry.
        let groups: Vec<String> = self.state.auto_scaling_groups.keys().cloned().collect();
        let at = self.iso8601(self.now, crate::base::time::Precision::Seconds);
        for g in groups {
            self.reconcile_group(
                &g,
                &format!("At {at} the Availability Zone {az} became available again."),
            );
        }
        let services: Vec<String> = self.state.services.keys().cloned().collect();
        for s in services {
            let _ = self.reconcile_service(&s);
        }
        Ok(description)
    }
}

/// The fault API: [`Input::Fault`](crate::Input::Fault) runs a [`Fault`]
/// through [`Sim::inject_fault`], as its `_now` function above says; then
/// [`Sim::apply`] lets the service schedulers act on what it changed
/// ([`Sim::run_scheduler`]), as after a command.
impl Sim {
    pub(crate) fn inject_fault(&mut self, fault: &Fault) -> Result<String, ApiError> {
        match fault {
            Fault::KillTask {
                task,
                container: c,
                exit_code,
            } => self.fault_kill_task_now(task, c.as_deref(), *exit_code),
            Fault::Oom { task, container: c } => self.fault_oom_now(task, c.as_deref()),
            Fault::BreakHealth {
                target,
                container: c,
            } => self.fault_break_health_check_now(target, c.as_deref()),
            Fault::FixHealth {
                target,
                container: c,
            } => self.fault_fix_health_check_now(target, c.as_deref()),
            Fault::TerminateInstance { instance_id } => {
                self.fault_terminate_instance_now(instance_id)
            }
            Fault::RemoveTag { image } => self.fault_remove_image_tag_now(image),
            Fault::LoseAz { az } => self.fault_lose_az_now(az),
            Fault::RestoreAz { az } => self.fault_restore_az_now(az),
            Fault::SpotInterruption { task } => self.fault_spot_interruption_now(task.as_deref()),
            Fault::HttpStatus { target, code, path } => self.fault_http_now(
                target,
                Some(HttpFault::Status {
                    code: *code,
                    path: path.clone(),
                }),
            ),
            Fault::HttpHang { target } => self.fault_http_now(target, Some(HttpFault::Hang)),
            Fault::FixHttp { target } => self.fault_http_now(target, None),
        }
    }
}

#[cfg(test)]
impl Sim {
    /// Tests: parses `words` as `sim fault` does and applies the fault.
    pub(crate) fn fault(&mut self, words: &[&str]) -> Result<String, ApiError> {
        let fault = Fault::parse(words).map_err(ApiError::invalid_parameter)?;
        self.apply(crate::Input::Fault(fault)).fault()
    }
}

/// A fault to inject: the one vocabulary of faults. The command line's
/// `sim fault …`, scenario steps `fault …`, the runner and the app all
/// parse their words into it with [`Fault::parse`]; [`Fault`]'s `Display`
/// writes those words back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "fault",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Fault {
    /// A container of a RUNNING task (ARN or id) exits with `exit_code`
    /// (the first essential container when `container` is `None`).
    KillTask {
        task: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
        exit_code: i64,
    },
    /// A container runs out of memory (exit code 137).
    Oom {
        task: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
    },
    /// The health checks of a task (ARN or id) or a service (name or ARN)
    /// fail from now on (all checked containers, or the named one).
    BreakHealth {
        target: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
    },
    /// Undoes [`Fault::BreakHealth`] (same target and container).
    FixHealth {
        target: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
    },
    TerminateInstance {
        instance_id: String,
    },
    /// An image tag disappears (this account's ECR, or the public catalogue).
    RemoveTag {
        image: String,
    },
    LoseAz {
        az: String,
    },
    RestoreAz {
        az: String,
    },
    /// A FARGATE_SPOT task (ARN or id), `all` of them, or (`None`) the
    /// first RUNNING one gets the two-minute interruption notice.
    SpotInterruption {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task: Option<String>,
    },
    /// A task's (or a service's tasks') web server answers `code` (at
    /// `path` only, or every path).
    HttpStatus {
        target: String,
        code: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
    },
    /// A task's (or a service's tasks') web server stops answering.
    HttpHang {
        target: String,
    },
    /// Undoes `http-status` or `http-hang`.
    FixHttp {
        target: String,
    },
}

/// What `sim help` says about faults: the syntax [`Fault::parse`] reads.
pub const FAULT_HELP: &str = "\
Faults (what goes wrong in a real account, on demand):

  sim fault kill-task TASK [--container NAME] [--exit-code N]
                         a container of a running task exits (default: the
                         first essential one, exit code 1); an essential one
                         stops the task (EssentialContainerExited)
  sim fault oom TASK [--container NAME]
                         a container runs out of memory (exit code 137)
  sim fault break-health TASK|SERVICE [--container NAME]
                         its container health checks fail from now on
  sim fault fix-health TASK|SERVICE [--container NAME]
                         its health checks pass again
  sim fault terminate-instance i-…
                         the EC2 instance is terminated (its tasks stop; an
                         Auto Scaling group replaces it)
  sim fault remove-tag IMAGE
                         the image tag disappears: the next pull fails
  sim fault lose-az AZ   the zone goes down: its instances terminate, its
                         Fargate tasks stop, Fargate avoids it
  sim fault restore-az AZ
                         the zone is back
  sim fault http-status TASK|SERVICE CODE [--path PATH]
                         its web server answers CODE (at PATH only, or every
                         path): curl and load balancer health checks see it
  sim fault http-hang TASK|SERVICE
                         its web server accepts connections and never
                         answers (health checks time out; an ALB gives 504)
  sim fault fix-http TASK|SERVICE
                         its web server answers normally again
  sim fault spot-interruption [TASK|all]
                         Fargate Spot reclaims the capacity of a FARGATE_SPOT
                         task (all of them; without TASK, the first running
                         one): two-minute notice (stopCode TerminationNotice),
                         then it stops
";

const FAULT_USAGE: &str = "Try 'sim help' for the fault commands.";

impl Fault {
    /// Every fault's name, as [`Fault::parse`] reads it, sorted.
    pub const NAMES: &'static [&'static str] = &[
        "break-health",
        "fix-health",
        "fix-http",
        "http-hang",
        "http-status",
        "kill-task",
        "lose-az",
        "oom",
        "remove-tag",
        "restore-az",
        "spot-interruption",
        "terminate-instance",
    ];

    /// Parses the words after `sim fault` (or a scenario's `fault`): the
    /// fault's name, what it acts on, then `--container NAME` and
    /// `--exit-code N` where the fault takes them. The error says what is
    /// wrong in the command line's words.
    pub fn parse(words: &[&str]) -> Result<Fault, String> {
        let Some((&kind, rest)) = words.split_first() else {
            return Err(format!("sim fault: which fault? {FAULT_USAGE}"));
        };
        let allowed: &[&str] = match kind {
            "kill-task" => &["--container", "--exit-code"],
            "oom" | "break-health" | "fix-health" => &["--container"],
            "http-status" => &["--path"],
            "terminate-instance" | "remove-tag" | "lose-az" | "restore-az"
            | "spot-interruption" | "http-hang" | "fix-http" => &[],
            other => {
                return Err(format!(
                    "sim fault: '{other}' is not a fault. {FAULT_USAGE}"
                ));
            }
        };
        // One positional argument (optional for spot-interruption), then
        // `--name value` options.
        let (target, mut options) = match rest.split_first() {
            Some((&first, after)) if !first.starts_with("--") => (Some(first), after),
            Some((&first, _)) if kind != "spot-interruption" => {
                return Err(format!(
                    "sim fault {kind}: name what it acts on before '{first}'. {FAULT_USAGE}"
                ));
            }
            None if kind != "spot-interruption" => {
                return Err(format!(
                    "sim fault {kind}: what should it act on? {FAULT_USAGE}"
                ));
            }
            _ => (None, rest),
        };
        // http-status: the code follows what it acts on.
        let mut code: u16 = 0;
        if kind == "http-status" {
            let Some((&word, after)) = options.split_first() else {
                return Err(format!(
                    "sim fault http-status: which status code? (sim fault http-status TASK|SERVICE CODE) {FAULT_USAGE}"
                ));
            };
            code = word.parse::<u16>().ok().filter(|c| (100..=599).contains(c)).ok_or_else(|| {
                format!("sim fault http-status: the status code is a number from 100 to 599; '{word}' was given.")
            })?;
            options = after;
        }
        let mut container = None;
        let mut path = None;
        let mut exit_code = 1;
        while let Some((&name, after)) = options.split_first() {
            if !allowed.contains(&name) {
                return Err(format!(
                    "sim fault {kind}: unknown option or extra word '{name}'. {FAULT_USAGE}"
                ));
            }
            let Some((&value, after)) = after.split_first() else {
                return Err(format!("sim fault {kind}: {name} needs a value."));
            };
            match name {
                "--container" => container = Some(value.to_owned()),
                "--path" => {
                    if !value.starts_with('/') {
                        return Err(format!(
                            "sim fault {kind}: --path takes a path starting with '/'; '{value}' was given."
                        ));
                    }
                    path = Some(value.to_owned());
                }
                _ => {
                    exit_code = value.parse::<i64>().ok().filter(|n| (0..=255).contains(n)).ok_or_else(|| {
                        format!("sim fault {kind}: --exit-code takes a whole number from 0 to 255; '{value}' was given.")
                    })?;
                }
            }
            options = after;
        }
        let target = target.map(str::to_owned);
        let named = || target.clone().unwrap_or_default();
        Ok(match kind {
            "kill-task" => Fault::KillTask {
                task: named(),
                container,
                exit_code,
            },
            "oom" => Fault::Oom {
                task: named(),
                container,
            },
            "break-health" => Fault::BreakHealth {
                target: named(),
                container,
            },
            "fix-health" => Fault::FixHealth {
                target: named(),
                container,
            },
            "terminate-instance" => Fault::TerminateInstance {
                instance_id: named(),
            },
            "remove-tag" => Fault::RemoveTag { image: named() },
            "lose-az" => Fault::LoseAz { az: named() },
            "restore-az" => Fault::RestoreAz { az: named() },
            "http-status" => Fault::HttpStatus {
                target: named(),
                code,
                path,
            },
            "http-hang" => Fault::HttpHang { target: named() },
            "fix-http" => Fault::FixHttp { target: named() },
            _ => Fault::SpotInterruption { task: target },
        })
    }

    /// The fault's name (`kill-task`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Fault::KillTask { .. } => "kill-task",
            Fault::Oom { .. } => "oom",
            Fault::BreakHealth { .. } => "break-health",
            Fault::FixHealth { .. } => "fix-health",
            Fault::TerminateInstance { .. } => "terminate-instance",
            Fault::RemoveTag { .. } => "remove-tag",
            Fault::LoseAz { .. } => "lose-az",
            Fault::RestoreAz { .. } => "restore-az",
            Fault::SpotInterruption { .. } => "spot-interruption",
            Fault::HttpStatus { .. } => "http-status",
            Fault::HttpHang { .. } => "http-hang",
            Fault::FixHttp { .. } => "fix-http",
        }
    }

    /// The words [`Fault::parse`] reads back into this fault (without the
    /// leading `sim fault`).
    pub fn words(&self) -> Vec<String> {
        let mut words = vec![self.name().to_owned()];
        let container = |words: &mut Vec<String>, c: &Option<String>| {
            if let Some(c) = c {
                words.extend(["--container".to_owned(), c.clone()]);
            }
        };
        match self {
            Fault::KillTask {
                task,
                container: c,
                exit_code,
            } => {
                words.push(task.clone());
                container(&mut words, c);
                if *exit_code != 1 {
                    words.extend(["--exit-code".to_owned(), exit_code.to_string()]);
                }
            }
            Fault::Oom {
                task: t,
                container: c,
            }
            | Fault::BreakHealth {
                target: t,
                container: c,
            }
            | Fault::FixHealth {
                target: t,
                container: c,
            } => {
                words.push(t.clone());
                container(&mut words, c);
            }
            Fault::TerminateInstance { instance_id: w }
            | Fault::RemoveTag { image: w }
            | Fault::LoseAz { az: w }
            | Fault::RestoreAz { az: w } => words.push(w.clone()),
            Fault::SpotInterruption { task } => words.extend(task.clone()),
            Fault::HttpStatus { target, code, path } => {
                words.extend([target.clone(), code.to_string()]);
                if let Some(p) = path {
                    words.extend(["--path".to_owned(), p.clone()]);
                }
            }
            Fault::HttpHang { target } | Fault::FixHttp { target } => words.push(target.clone()),
        }
        words
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words().join(" "))
    }
}
