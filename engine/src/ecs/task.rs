//! ECS tasks on container instances: the part of the task lifecycle the
//! capacity layer drives (stopping the tasks of an instance that goes away,
//! F1.8), and the capacity invariants.

use super::container_instance::ContainerInstanceStatus;
use super::query::Subject;
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, TaskStatus};
use crate::time::SimDuration;

/// F1.6: stopped tasks stay visible for at least an hour (MODEL: exactly).
pub const STOPPED_TASK_RETENTION: SimDuration = SimDuration::hours(1);

impl Sim {
    /// Stops every task on a container instance at once, with `reason`
    /// (F1.8: "Host EC2 (instance <id>) stopped/terminated", "Container
    /// instance deregistration forced by user"; their stop code is
    /// UNCONFIRMED, MODEL: none).
    pub(crate) fn stop_tasks_on_instance(&mut self, container_instance_arn: &str, reason: &str) {
        let arns: Vec<String> = self
            .state
            .tasks_on_instance(container_instance_arn)
            .filter(|t| t.status != TaskStatus::Stopped)
            .map(|t| t.arn.clone())
            .collect();
        for arn in arns {
            self.stop_task_now(&arn, None, reason);
        }
        // F5.7: the instance's DAEMON services stop counting it.
        if let Some(cluster) = self
            .state
            .container_instances
            .get(container_instance_arn)
            .map(|ci| ci.cluster_arn.clone())
        {
            self.reconcile_daemon_services(&cluster);
        }
    }

    /// Marks a task STOPPED now and schedules its record's expiry (F1.6).
    pub(crate) fn stop_task_now(
        &mut self,
        task_arn: &str,
        stop_code: Option<&'static str>,
        reason: &str,
    ) {
        let now = self.now;
        // Read before the change: a service task leaving a DRAINING instance.
        let was_draining = self
            .state
            .tasks
            .get(task_arn)
            .is_some_and(|t| self.on_draining_instance(t));
        // Its targets drain without it (the task is gone at once).
        self.release_task_targets(task_arn);
        self.rearm_hand_registered();
        let Some(task) = self.state.tasks.get_mut(task_arn) else {
            return;
        };
        let released = task.container_instance_arn.clone();
        if task.holds_resources() {
            self.state.task_index.release(task);
        }
        task.status = TaskStatus::Stopped;
        task.life.last_status = "STOPPED";
        task.life.desired_status = "STOPPED";
        task.life.version += 1;
        for c in &mut task.life.containers {
            c.last_status = "STOPPED";
        }
        task.stop_code = stop_code;
        task.stopped_reason = Some(reason.to_owned());
        task.stopped_at = Some(now);
        self.emit(EventKind::TaskStateChanged {
            task_arn: task_arn.to_owned(),
            last_status: "STOPPED",
            stopped_reason: Some(reason.to_owned()),
        });
        if let Some(ci) = released {
            self.container_instance_resources_changed(&ci);
        }
        self.schedule(
            STOPPED_TASK_RETENTION,
            Timer::ForgetStoppedTask {
                task_arn: task_arn.to_owned(),
            },
        );
        // A service replaces its stopped tasks (F6.6 back-off if they never ran).
        if let Some(t) = self.state.tasks.get(task_arn) {
            let (group, cluster, ran) = (
                t.group.clone(),
                t.cluster_arn.clone(),
                t.life.started_at.is_some(),
            );
            if let Some(name) = group.strip_prefix("service:") {
                let arn = self.service_arn(&cluster, name);
                self.deployment_task_stopped(task_arn);
                self.service_task_stopped(&group, &cluster, ran);
                if was_draining {
                    self.steady_after_drain(&arn);
                }
                self.finish_draining(&arn);
            }
        }
    }

    /// Starts the stop path of a running task for a reason other than
    /// StopTask (F1.3: desiredStatus STOPPED at once; lastStatus walks
    /// STOPPING → STOPPED after [`super::run_task::TASK_STOPPING`]): an
    /// essential container exited (F1.9) or a service task failed its
    /// container health checks (F1.11). Returns false if it was already
    /// stopping.
    pub(crate) fn begin_task_stop(
        &mut self,
        task_arn: &str,
        stop_code: &'static str,
        reason: &str,
    ) -> bool {
        let Some(t) = self.state.tasks.get(task_arn) else {
            return false;
        };
        if t.status == TaskStatus::Stopped || t.status == TaskStatus::Stopping {
            return false;
        }
        self.enter_stopping(task_arn, stop_code, reason);
        true
    }

    /// The first step of every stop path (StopTask, the scheduler, an
    /// essential exit, failed health checks): desiredStatus STOPPED,
    /// lastStatus STOPPING with the stop code and reason, its event, and
    /// the timer to STOPPED after [`super::run_task::TASK_STOPPING`] (F1.3).
    /// The callers decide whether the task may start stopping.
    pub(crate) fn enter_stopping(&mut self, task_arn: &str, stop_code: &'static str, reason: &str) {
        let now = self.now;
        let Some(t) = self.state.tasks.get_mut(task_arn) else {
            return;
        };
        t.life.desired_status = "STOPPED";
        t.stop_code = Some(stop_code);
        t.stopped_reason = Some(reason.to_owned());
        t.life.stopping_at = Some(now);
        self.state.set_live_status(task_arn, TaskStatus::Stopping);
        // F1.1: a task in target groups is DEACTIVATING while they drain
        // (ecs/service/load_balancers.rs), then goes on below.
        if self.deactivate_task(task_arn) {
            return;
        }
        self.begin_stopping_containers(task_arn, reason);
    }

    /// STOPPING: the containers get SIGTERM (the rest of
    /// [`Sim::enter_stopping`], after DEACTIVATING when there was one).
    pub(crate) fn begin_stopping_containers(&mut self, task_arn: &str, reason: &str) {
        let Some(t) = self.state.tasks.get_mut(task_arn) else {
            return;
        };
        t.life.last_status = "STOPPING";
        t.life.version += 1;
        self.emit(EventKind::TaskStateChanged {
            task_arn: task_arn.to_owned(),
            last_status: "STOPPING",
            stopped_reason: Some(reason.to_owned()),
        });
        // The containers exit on SIGTERM within TASK_STOPPING (MODEL); on
        // EC2 the agent kills them sooner when ECS_CONTAINER_STOP_TIMEOUT
        // is shorter (engine/src/ecs/agent_config.rs).
        let stopping = self
            .state
            .tasks
            .get(task_arn)
            .and_then(|t| t.container_instance_arn.as_deref())
            .and_then(|ci| self.state.container_instances.get(ci))
            .map_or(super::run_task::TASK_STOPPING, |ci| {
                ci.stop_timeout.min(super::run_task::TASK_STOPPING)
            });
        self.schedule(
            stopping,
            Timer::TaskAdvance {
                task_arn: task_arn.to_owned(),
                expect: "STOPPING",
            },
        );
    }

    /// Timer: a stopped task's record expires (F1.6).
    pub(crate) fn forget_stopped_task(&mut self, task_arn: &str) {
        if self
            .state
            .tasks
            .get(task_arn)
            .is_some_and(|t| t.status == TaskStatus::Stopped)
        {
            self.retire_task_cost(task_arn);
            self.state.remove_task(task_arn);
        }
    }

    /// What a cluster query expression sees of a container instance.
    pub(crate) fn query_subject(
        &self,
        ci: &super::container_instance::ContainerInstanceRecord,
    ) -> Subject {
        let used = self.container_instance_used(&ci.arn);
        // The instance's live tasks, from the task index (not a walk over
        // every task record for every candidate).
        let mut task_groups: Vec<String> = self
            .state
            .tasks_on_instance(&ci.arn)
            .map(|t| t.group.clone())
            .collect();
        task_groups.sort();
        task_groups.dedup();
        Subject {
            agent_connected: ci.agent_connected,
            ec2_instance_id: ci.ec2_instance_id.clone(),
            running_tasks_count: used.running,
            attributes: ci.attributes.clone(),
            task_groups,
        }
    }

    /// Capacity invariants: no container instance over-committed (CPU,
    /// memory, ports, ENIs); tasks holding resources on EC2 sit on a
    /// registered (ACTIVE or DRAINING) instance of their cluster, Fargate
    /// tasks on none; registered instances belong to a live EC2 instance.
    /// (remaining = registered − used holds by construction: remaining is
    /// computed from it.)
    pub(crate) fn check_capacity_invariants(&self) -> Result<(), String> {
        for ci in self.state.container_instances.values() {
            let used = self.container_instance_used(&ci.arn);
            if used.cpu > ci.registered_cpu || used.memory > ci.registered_memory {
                return Err(format!(
                    "container instance {} over-committed: cpu {}/{}, memory {}/{}",
                    ci.arn, used.cpu, ci.registered_cpu, used.memory, ci.registered_memory
                ));
            }
            if used.enis > ci.eni_slots {
                return Err(format!(
                    "container instance {} has {} task ENIs for {} slots",
                    ci.arn, used.enis, ci.eni_slots
                ));
            }
            self.check_trunk_invariants(ci, &used)?;
            let mut ports = used.ports.clone();
            ports.extend(&ci.reserved_ports);
            let n = ports.len();
            ports.sort_unstable();
            ports.dedup();
            if ports.len() != n {
                return Err(format!(
                    "container instance {} has a host port held twice",
                    ci.arn
                ));
            }
            if ci.is_registered() {
                let live = self
                    .state
                    .instances
                    .get(&ci.ec2_instance_id)
                    .is_some_and(|i| i.state == crate::ec2::instance::InstanceState::Running);
                if !live {
                    return Err(format!(
                        "container instance {} is {} but EC2 instance {} is not running",
                        ci.arn,
                        ci.status.as_str(),
                        ci.ec2_instance_id
                    ));
                }
            }
        }
        for task in self.state.tasks.values() {
            if !task.holds_resources() {
                continue;
            }
            match (task.launch_type, &task.container_instance_arn) {
                (LaunchType::Fargate, None) => {}
                // Waiting for cluster auto scaling in PROVISIONING
                // (capacity_provider::managed), listed as waiting.
                (LaunchType::Ec2, None) if self.never_placed(task) => {}
                (LaunchType::Ec2, Some(arn)) => {
                    let ok = self.state.container_instances.get(arn).is_some_and(|ci| {
                        ci.cluster_arn == task.cluster_arn
                            && matches!(
                                ci.status,
                                ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                            )
                    });
                    if !ok {
                        return Err(format!(
                            "task {} is {:?} on {arn}, which is not a registered instance of its cluster",
                            task.arn, task.status
                        ));
                    }
                }
                (launch_type, placed) => {
                    return Err(format!(
                        "task {} ({launch_type:?}) placed on {placed:?}",
                        task.arn
                    ));
                }
            }
        }
        // Auto Scaling groups stay within their bounds.
        for g in self.state.auto_scaling_groups.values() {
            if g.min_size > g.max_size
                || g.desired_capacity < g.min_size
                || g.desired_capacity > g.max_size
            {
                return Err(format!(
                    "auto scaling group {} has min {} desired {} max {}",
                    g.name, g.min_size, g.desired_capacity, g.max_size
                ));
            }
        }
        Ok(())
    }
}

impl Sim {
    pub(crate) fn instance_views(&self) -> Vec<crate::view::InstanceView> {
        self.state
            .instances
            .values()
            .map(|i| crate::view::InstanceView {
                id: i.id.clone(),
                instance_type: i.instance_type.clone(),
                state: i.state.name().to_owned(),
                availability_zone: i.availability_zone.clone(),
                subnet_id: i.subnet_id.clone(),
                auto_scaling_group: i.auto_scaling_group.clone(),
                public_ip: i.public_ip.map(crate::base::ipv4::format_ipv4),
            })
            .collect()
    }

    pub(crate) fn container_instance_views(&self) -> Vec<crate::view::ContainerInstanceView> {
        self.state
            .container_instances
            .values()
            .map(|ci| {
                let used = self.container_instance_used(&ci.arn);
                crate::view::ContainerInstanceView {
                    arn: ci.arn.clone(),
                    cluster_arn: ci.cluster_arn.clone(),
                    ec2_instance_id: ci.ec2_instance_id.clone(),
                    status: ci.status.as_str().to_owned(),
                    registered_cpu: ci.registered_cpu,
                    registered_memory: ci.registered_memory,
                    remaining_cpu: ci.registered_cpu.saturating_sub(used.cpu),
                    remaining_memory: ci.registered_memory.saturating_sub(used.memory),
                    eni_slots: ci.eni_slots,
                    trunk_id: ci.trunk.as_ref().map(|t| t.attachment_id.clone()),
                    enis_used: used.enis,
                    running_tasks: used.running,
                    pending_tasks: used.pending,
                }
            })
            .collect()
    }

    pub(crate) fn task_views(&self) -> Vec<crate::view::TaskView> {
        self.state
            .tasks
            .values()
            .map(|t| crate::view::TaskView {
                arn: t.arn.clone(),
                cluster_arn: t.cluster_arn.clone(),
                task_definition_arn: t.life.task_definition_arn.clone(),
                launch_type: if t.launch_type == LaunchType::Fargate {
                    "FARGATE"
                } else {
                    "EC2"
                }
                .to_owned(),
                last_status: t.life.last_status.to_owned(),
                desired_status: t.life.desired_status.to_owned(),
                container_instance_arn: t.container_instance_arn.clone(),
                availability_zone: t.life.availability_zone.clone(),
                stop_code: t.stop_code.map(str::to_owned),
                stopped_reason: t.stopped_reason.clone(),
                capacity_provider: t.life.capacity_provider_name.clone(),
                health_status: super::health::task_health(t).map(|h| h.as_str().to_owned()),
                stopped_containers: if t.status == TaskStatus::Stopped {
                    Vec::new()
                } else {
                    t.life
                        .containers
                        .iter()
                        .filter(|c| c.last_status == "STOPPED")
                        .map(|c| c.name.clone())
                        .collect()
                },
                container_logs: self.container_log_views(t),
                public_ip: t
                    .life
                    .public_ip
                    .filter(|_| t.holds_resources())
                    .map(crate::base::ipv4::format_ipv4),
            })
            .collect()
    }
}
