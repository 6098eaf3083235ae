//! A task's lifecycle: the record of it (`TaskLife`, `TaskContainer`),
//! PENDING (image pulls, container start), the timer that moves it on, and
//! StopTask.

use super::*;
use crate::error::ApiError;
use crate::event::EventKind;
use crate::images::{CONTAINER_START, PULL_FIXED, pull_duration};
use crate::sim::{Sim, Timer};
use crate::state::TaskStatus;
use crate::time::{SimDuration, SimTime};

/// The lifecycle detail of a task (kept on `TaskRecord::life`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskLife {
    pub task_definition_arn: String,
    /// ECS's task status words (`PROVISIONING`, `PENDING`, …): static, so
    /// that a state change allocates nothing.
    pub last_status: &'static str,
    pub desired_status: &'static str,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub stopping_at: Option<SimTime>,
    pub pull_started_at: Option<SimTime>,
    pub pull_stopped_at: Option<SimTime>,
    pub containers: Vec<TaskContainer>,
    pub availability_zone: String,
    pub subnet_id: Option<String>,
    pub private_ip: Option<u32>,
    /// Fargate with `assignPublicIp ENABLED`: the ENI's public IPv4 address
    /// (F2.3). awsvpc tasks on EC2 never get one (F3.5); bridge/host tasks
    /// are reached on their instance's addresses.
    pub public_ip: Option<u32>,
    /// awsvpc: the ENI's security groups (the VPC's `default` group when the
    /// networkConfiguration names none, F2.3).
    pub security_groups: Vec<String>,
    pub eni_id: Option<String>,
    pub started_by: Option<String>,
    /// RunTask's `overrides` (a TaskOverride), as checked by
    /// `check_overrides`: shown by DescribeTasks.
    pub overrides: Option<serde_json::Value>,
    /// Whether image pulls reach the registries (see `registry_reachable`
    /// in RunTask: the task's ENI on Fargate, the instance on EC2).
    pub registry_reachable: bool,
    pub execution_role: Option<String>,
    /// A pull failure found in PENDING, applied when PENDING ends.
    pub failure: Option<String>,
    /// Images pulled successfully (recorded in ECR when the pull completes).
    pub pulled: Vec<crate::images::PulledImage>,
    pub version: u64,
    /// The capacity provider the task was started on (F9.6), if any.
    pub capacity_provider_name: Option<String>,
    /// What the task's EventBridge events share (engine/src/eventbridge.rs),
    /// built at its first event.
    pub(crate) eventbridge: Option<std::sync::Arc<crate::eventbridge::TaskFixed>>,
    /// A service task's load balancer targets while it is registered:
    /// (target group ARN, target id, port) (ecs/service/load_balancers.rs).
    pub lb_targets: Vec<(String, String, u16)>,
    /// Whether all of `lb_targets` are healthy (kept when one changes).
    pub lb_targets_healthy: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskContainer {
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub last_status: &'static str,
    pub reason: Option<String>,
    /// The digest of the image pulled for it (PENDING resolves it; shown
    /// once the pulls completed); shared with its EventBridge snapshots.
    pub image_digest: Option<std::sync::Arc<str>>,
    /// (container port, host port, protocol `tcp` or `udp`).
    pub bindings: Vec<(i64, u16, &'static str)>,
    /// F1.11/F4.7: the container's health check, if its definition has one
    /// (engine/src/ecs/health.rs).
    pub health: Option<crate::ecs::health::ContainerHealth>,
    /// F1.9: the exit code once the container exited.
    pub exit_code: Option<i64>,
    /// What the container's process wrote (time, line), oldest first, at
    /// most `aws_cli::MAX_LOG_LINES` (engine/src/ecs/aws_cli.rs).
    pub logs: Vec<(SimTime, String)>,
    /// awslogs: the CloudWatch Logs (group, stream) the lines also go to
    /// (engine/src/logs.rs).
    pub log_stream: Option<(String, String)>,
}

impl TaskContainer {
    /// Its port bindings as DescribeTasks and the task's events show them.
    pub(crate) fn network_bindings(&self) -> Vec<NetworkBinding> {
        self.bindings
            .iter()
            .map(|&(container_port, host_port, protocol)| NetworkBinding {
                bind_ip: "0.0.0.0",
                container_port,
                host_port,
                protocol,
            })
            .collect()
    }
}

impl Sim {
    /// PENDING: the images are pulled (the ECR helper decides), then the
    /// containers start.
    pub(super) fn begin_pending(&mut self, arn: &str) {
        let Some(task) = self.state.tasks.get(arn) else {
            return;
        };
        let role = task.life.execution_role.as_deref();
        let mut longest = SimDuration::millis(0);
        let mut failure = None;
        // Per container: the pull's failure reason, or its image's digest.
        let mut outcomes = Vec::new();
        let mut pulled_images = Vec::new();
        for c in &task.life.containers {
            let role_can = |action: &str, resource: &str| {
                role.is_some_and(|r| {
                    matches!(
                        self.role_allows(r, action, resource),
                        crate::iam::Decision::Allowed(_)
                    )
                })
            };
            match self.resolve_image_pull(&c.image, role, &role_can, task.life.registry_reachable) {
                Ok(pulled) => {
                    longest = longest.max(pull_duration(pulled.size_bytes));
                    outcomes.push(Ok(pulled.digest.clone()));
                    pulled_images.push(pulled);
                }
                Err(f) => {
                    if c.essential && failure.is_none() {
                        failure = Some(f.stopped_reason.clone());
                    }
                    outcomes.push(Err(f.stopped_reason));
                }
            }
        }
        let now = self.now;
        self.state.set_live_status(arn, TaskStatus::Pending);
        if let Some(t) = self.state.tasks.get_mut(arn) {
            // A task created PENDING (not awsvpc) is at version 1 already;
            // PROVISIONING → PENDING is a change (F11.1: one per change).
            let changed = t.life.last_status != "PENDING";
            t.life.last_status = "PENDING";
            t.life.pull_started_at = Some(now);
            t.life.failure = failure.clone();
            t.life.pulled = pulled_images;
            for (c, outcome) in t.life.containers.iter_mut().zip(outcomes) {
                (c.image_digest, c.reason) = match outcome {
                    Ok(digest) => (Some(digest.into()), None),
                    Err(reason) => (None, Some(reason)),
                };
            }
            if changed {
                t.life.version += 1;
            }
        }
        self.emit(EventKind::TaskStateChanged {
            task_arn: arn.to_owned(),
            last_status: "PENDING",
            stopped_reason: None,
        });
        // MODEL: a failing pull is known after the fixed part of a pull.
        let after = if failure.is_some() {
            PULL_FIXED
        } else {
            SimDuration::millis(longest.as_millis() + CONTAINER_START.as_millis())
        };
        self.schedule(
            after,
            Timer::TaskAdvance {
                task_arn: arn.to_owned(),
                expect: "PENDING",
            },
        );
    }

    /// Timer: the task leaves `expect` for its next state.
    pub(crate) fn task_advance(&mut self, arn: &str, expect: &str) {
        let Some(task) = self.state.tasks.get(arn) else {
            return;
        };
        if task.life.last_status != expect {
            return; // stopped or moved on meanwhile
        }
        match expect {
            "PROVISIONING" => self.begin_pending(arn),
            "PENDING" => {
                if let Some(reason) = task.life.failure.clone() {
                    // F1.4: PENDING → (DEPROVISIONING) → STOPPED without RUNNING.
                    self.stop_task_now(arn, Some("TaskFailedToStart"), &reason);
                    return;
                }
                // The pulls completed: ECR records lastRecordedPullTime.
                for pulled in task.life.pulled.clone() {
                    self.record_image_pull(&pulled);
                }
                // F23.6: the EFS volumes are mounted before the containers
                // are created.
                if let Err(reason) = self.mount_efs_volumes(arn) {
                    self.stop_task_now(arn, Some("TaskFailedToStart"), &reason);
                    return;
                }
                // The containers are created: the awslogs driver starts.
                if let Err(reason) = self.start_awslogs(arn) {
                    self.stop_task_now(arn, Some("TaskFailedToStart"), &reason);
                    return;
                }
                let now = self.now;
                self.state.set_live_status(arn, TaskStatus::Running);
                if let Some(t) = self.state.tasks.get_mut(arn) {
                    t.life.last_status = "RUNNING";
                    t.life.started_at = Some(now);
                    t.life.pull_stopped_at = Some(now);
                    for c in &mut t.life.containers {
                        c.last_status = "RUNNING";
                    }
                    t.life.version += 1;
                }
                self.emit(EventKind::TaskStateChanged {
                    task_arn: arn.to_owned(),
                    last_status: "RUNNING",
                    stopped_reason: None,
                });
                self.start_health_checks(arn);
                self.start_container_processes(arn);
                self.start_sqs_workers(arn);
                self.start_efs_notes(arn);
                self.register_task_targets(arn);
                if let Some((group, cluster)) = self
                    .state
                    .tasks
                    .get(arn)
                    .map(|t| (t.group.clone(), t.cluster_arn.clone()))
                {
                    self.service_task_running(&group, &cluster);
                }
            }
            // F1.1/F1.2: STOPPING → DEPROVISIONING (awsvpc: the ENI is
            // detached and deleted) → STOPPED; other tasks have nothing
            // to deprovision (F1.4).
            "STOPPING" if task.uses_eni => {
                let reason = task.stopped_reason.clone();
                if let Some(t) = self.state.tasks.get_mut(arn) {
                    t.life.last_status = "DEPROVISIONING";
                    t.life.version += 1;
                    for c in &mut t.life.containers {
                        c.last_status = "STOPPED";
                    }
                }
                self.emit(EventKind::TaskStateChanged {
                    task_arn: arn.to_owned(),
                    last_status: "DEPROVISIONING",
                    stopped_reason: reason,
                });
                self.schedule(
                    super::AWSVPC_DEPROVISIONING,
                    Timer::TaskAdvance {
                        task_arn: arn.to_owned(),
                        expect: "DEPROVISIONING",
                    },
                );
            }
            "STOPPING" | "DEPROVISIONING" => {
                let reason = task.stopped_reason.clone().unwrap_or_default();
                let code = task.stop_code;
                self.stop_task_now(arn, code, &reason);
            }
            _ => {}
        }
    }

    pub(crate) fn stop_task(&mut self, req: StopTaskRequest) -> Result<StopTaskResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let arn = self
            .find_task(&cluster_arn, &req.task)
            .ok_or_else(|| ApiError::invalid_parameter("The referenced task was not found."))?;
        let reason = req.reason.unwrap_or_else(|| "Task stopped by user".into());
        if reason.len() > 255 {
            return Err(ApiError::invalid_parameter(
                "reason can have at most 255 characters.",
            ));
        }
        // F1.3: desiredStatus STOPPED at once; lastStatus walks the stop
        // path (once: a task already told to stop is left as it is).
        if self
            .state
            .tasks
            .get(&arn)
            .is_some_and(|t| t.life.desired_status != "STOPPED")
        {
            self.enter_stopping(&arn, "UserInitiated", &reason);
        }
        Ok(StopTaskResponse {
            task: self.task_shape(&self.state.tasks[&arn]),
        })
    }
}
