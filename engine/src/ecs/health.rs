//! Container health checks (F1.11, F4.7) and container exits (F1.8, F1.9).
//!
//! A container whose definition has a `healthCheck` starts with
//! healthStatus `UNKNOWN`. MODEL (section 13, "Container health-check first
//! probe"): the first probe runs at RUNNING + `interval`, then every
//! `interval`. A probe passes unless a fault broke the check
//! (`Fault::BreakHealth`, engine/src/faults.rs) or its command fetches a
//! page of the container that fails (`curl -f http://localhost:8080/` when
//! the image serves port 80, a path that answers 404:
//! `Sim::health_command_passes`, MODEL): the simulated container is
//! deterministic. A pass makes the container HEALTHY and resets
//! the failure count; a failure outside `startPeriod` counts, and `retries`
//! consecutive counted failures make it UNHEALTHY (F4.7: failures during
//! startPeriod do not count, a success during it marks healthy). The probe
//! `timeout` does not change the outcome of a deterministic probe.
//!
//! The task's healthStatus is derived from its essential containers that
//! have a check, with the F1.11 priority UNHEALTHY > UNKNOWN > HEALTHY
//! (UNKNOWN when no essential container has one). A standalone task keeps
//! running when UNHEALTHY; a service task that becomes UNHEALTHY is stopped
//! by the scheduler (stopCode ServiceSchedulerInitiated, stoppedReason "Task
//! failed container health checks", F1.8; service event "(service <svc>)
//! (task <id>) failed container health checks.", F6.5) and replaced by its
//! service — but not during the service's healthCheckGracePeriodSeconds
//! after the task reached RUNNING (F6.4: the scheduler ignores the status
//! then, so the task is neither stopped nor counted by the circuit
//! breaker); a task still UNHEALTHY at the first probe after the period is
//! stopped then.

use crate::base::arn::LastSegment;
use crate::ecs::task_definition::HealthCheck;
use crate::ecs::task_definition::health as defaults;
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::{TaskRecord, TaskStatus};
use crate::time::SimDuration;

/// MODEL (section 13, F6.2 [OFFICIAL]): without container health checks a
/// service counts a task as healthy 40 s after it reached RUNNING.
pub const HEALTHY_WITHOUT_CHECKS: SimDuration = SimDuration::seconds(40);
/// F1.8 [3P]: the stoppedReason of a service task stopped for failing its
/// container health checks.
pub const FAILED_HEALTH_CHECKS: &str = "Task failed container health checks";
/// F1.8 [OFFICIAL]: the stoppedReason when an essential container exits.
pub const ESSENTIAL_CONTAINER_EXITED: &str = "Essential container in task exited";
/// F1.8 [OFFICIAL]: a container killed for exceeding its memory.
pub const OOM_REASON: &str = "OutOfMemoryError: Container killed due to memory usage";
/// F1.8: 137 = 128 + SIGKILL (9).
pub const OOM_EXIT_CODE: i64 = 137;

/// F1.11: a container's or task's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HealthStatus {
    Healthy,
    Unknown,
    Unhealthy,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "HEALTHY",
            HealthStatus::Unknown => "UNKNOWN",
            HealthStatus::Unhealthy => "UNHEALTHY",
        }
    }
}

/// The health-check state of one container (kept on `TaskContainer`).
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerHealth {
    pub status: HealthStatus,
    pub interval: SimDuration,
    pub retries: u32,
    pub start_period: SimDuration,
    /// Consecutive failed probes outside startPeriod.
    pub failures: u32,
}

impl ContainerHealth {
    /// The check as registered (defaults were filled at registration, F4.7;
    /// the fallbacks only matter for records made by hand in tests).
    pub fn from_check(hc: &HealthCheck) -> ContainerHealth {
        let secs = |v: Option<i64>, d: i64| SimDuration::seconds(v.unwrap_or(d).max(0) as u64);
        ContainerHealth {
            status: HealthStatus::Unknown,
            interval: secs(hc.interval, defaults::INTERVAL.0),
            retries: hc.retries.unwrap_or(defaults::RETRIES.0).max(1) as u32,
            start_period: secs(hc.start_period, 0),
            failures: 0,
        }
    }
}

/// F1.11: the task's healthStatus from its essential containers' checks;
/// `None` when no container of the task has a health check.
pub fn task_health(task: &TaskRecord) -> Option<HealthStatus> {
    let containers = &task.life.containers;
    if containers.iter().all(|c| c.health.is_none()) {
        return None;
    }
    let essential: Vec<HealthStatus> = containers
        .iter()
        .filter(|c| c.essential)
        .filter_map(|c| c.health.as_ref().map(|h| h.status))
        .collect();
    Some(essential.into_iter().max().unwrap_or(HealthStatus::Unknown))
}

/// The service ARN a task belongs to (group `service:<name>`), if any.
pub(crate) fn service_of(sim: &Sim, task: &TaskRecord) -> Option<String> {
    let name = task.group.strip_prefix("service:")?;
    Some(sim.service_arn(&task.cluster_arn, name))
}

impl Sim {
    /// A task reached RUNNING: its containers' first probes are due after
    /// one interval (MODEL, section 13).
    pub(crate) fn start_health_checks(&mut self, task_arn: &str) {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return;
        };
        let due: Vec<(usize, SimDuration)> = task
            .life
            .containers
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.health.as_ref().map(|h| (i, h.interval)))
            .collect();
        for (container, interval) in due {
            self.schedule(
                interval,
                Timer::HealthProbe {
                    task_arn: task_arn.to_owned(),
                    container,
                },
            );
        }
    }

    /// Whether a probe of this container passes: it does unless a fault
    /// broke the check of the task or of its service (all containers, or
    /// the named one).
    fn probe_passes(&self, task: &TaskRecord, container: &str) -> bool {
        let service = service_of(self, task);
        let broken = self.state.faults.broken_checks.iter().any(|(target, c)| {
            (target == &task.arn || Some(target) == service.as_ref())
                && c.as_deref().is_none_or(|c| c == container)
        });
        !broken && self.health_command_passes(task, container)
    }

    /// MODEL (F4.7: the command's exit status decides): a check command
    /// that fetches a page from the container itself — `curl -f URL` or
    /// `wget -q --spider URL` (`wget -q -O - URL`) with `URL`
    /// `http://localhost[:PORT][/PATH]` (or `127.0.0.1`), in a `CMD-SHELL`
    /// string or as `CMD` words — passes when the container's image serves
    /// that port and the page answers below 400 (curl -f and wget fail on
    /// 4xx and 5xx, and on a refused connection). Any other command, and
    /// an image whose server the simulator does not know, passes: the
    /// simulated container is healthy.
    pub(crate) fn health_command_passes(&self, task: &TaskRecord, container: &str) -> bool {
        let Some(c) = task.life.containers.iter().find(|c| c.name == container) else {
            return true;
        };
        let command = self
            .task_definition_by_arn(&task.life.task_definition_arn)
            .and_then(|td| {
                td.containers()
                    .iter()
                    .find(|d| d.name == container)
                    .cloned()
            })
            .and_then(|d| d.health_check)
            .map(|h| h.command)
            .unwrap_or_default();
        let Some((port, path)) = health_check_url(&command) else {
            return true;
        };
        let Some((served, _)) = self.container_serves(task, &c.image) else {
            return true;
        };
        if served.port != port {
            return false; // connection refused
        }
        self.render_page(served.page, "127.0.0.1", "localhost", &path)
            .is_some_and(|r| r.status < 400)
    }

    /// Timer: one health-check probe of one container.
    pub(crate) fn health_probe(&mut self, task_arn: &str, index: usize) {
        let Some(task) = self.state.tasks.get(task_arn) else {
            return;
        };
        if task.status != TaskStatus::Running {
            return; // the task is stopping or stopped: no more probes
        }
        let Some(c) = task.life.containers.get(index) else {
            return;
        };
        if c.last_status != "RUNNING" || c.health.is_none() {
            return;
        }
        let passes = self.probe_passes(task, &c.name);
        let before = task_health(task);
        let in_start_period = match (task.life.started_at, &c.health) {
            (Some(started), Some(h)) => self.now.since(started) < h.start_period,
            _ => false,
        };
        let service = service_of(self, task);
        let Some(t) = self.state.tasks.get_mut(task_arn) else {
            return;
        };
        let Some(c) = t.life.containers.get_mut(index) else {
            return;
        };
        let name = c.name.clone();
        let Some(h) = c.health.as_mut() else {
            return;
        };
        let old = h.status;
        if passes {
            h.failures = 0;
            h.status = HealthStatus::Healthy;
        } else if !in_start_period {
            h.failures += 1;
            if h.failures >= h.retries {
                h.status = HealthStatus::Unhealthy;
            }
        }
        let (new, interval) = (h.status, h.interval);
        if new != old {
            t.life.version += 1;
        }
        let after = task_health(t);
        if new != old {
            self.emit(EventKind::ContainerHealthChanged {
                task_arn: task_arn.to_owned(),
                container: name,
                health_status: new.as_str().to_owned(),
            });
        }
        // A service task became HEALTHY: it now counts for the rolling
        // deployment (F6.2) and resets the circuit breaker (F6.3).
        if after == Some(HealthStatus::Healthy)
            && before != after
            && let Some(service) = service.as_deref()
            && self.state.services.contains_key(service)
        {
            self.service_task_healthy(service);
        }
        // F1.11: a service replaces a task that reports UNHEALTHY — once
        // its healthCheckGracePeriodSeconds after RUNNING are over (F6.4:
        // during them the scheduler ignores the status; MODEL: it acts on
        // the first report after the period, so a task still UNHEALTHY
        // then is stopped at that probe).
        if after == Some(HealthStatus::Unhealthy)
            && let Some(service) = service
            && self.state.services.contains_key(&service)
            && !self.in_grace_period(&service, task_arn)
        {
            // F6.5 [3P]: "(service <svc>) (task <id>) failed container health checks."
            let name = service.last_segment().to_owned();
            let id = task_arn.last_segment().to_owned();
            self.add_service_event(
                &service,
                format!("(service {name}) (task {id}) failed container health checks."),
            );
            self.begin_task_stop(task_arn, "ServiceSchedulerInitiated", FAILED_HEALTH_CHECKS);
            return;
        }
        self.schedule(
            interval,
            Timer::HealthProbe {
                task_arn: task_arn.to_owned(),
                container: index,
            },
        );
    }

    /// F6.4: is the task within its service's health-check grace period
    /// (seconds since it reached RUNNING)?
    pub(crate) fn in_grace_period(&self, service_arn: &str, task_arn: &str) -> bool {
        let grace = self
            .state
            .services
            .get(service_arn)
            .and_then(|s| s.detail.health_check_grace_period_seconds)
            .unwrap_or(0);
        let started = self
            .state
            .tasks
            .get(task_arn)
            .and_then(|t| t.life.started_at);
        started.is_some_and(|t| self.now.since(t) < SimDuration::seconds(u64::from(grace)))
    }

    /// For the deployment code: does a service count this task as healthy?
    /// With container health checks on an essential container: the task is
    /// HEALTHY (F1.11); without: it has been RUNNING for 40 s (MODEL, F6.2).
    pub(crate) fn task_is_healthy_for_service(&self, task: &TaskRecord) -> bool {
        if task.status != TaskStatus::Running {
            return false;
        }
        let checked = task
            .life
            .containers
            .iter()
            .any(|c| c.essential && c.health.is_some());
        // F6.8: behind a load balancer, once its targets are healthy (and
        // its containers, when they have checks); before it is registered,
        // not yet.
        match self.task_targets_healthy(task) {
            Some(false) => return false,
            Some(true) if !checked => return true,
            Some(true) => {}
            None => {
                let behind_lb = service_of(self, task)
                    .and_then(|s| self.state.services.get(&s))
                    .is_some_and(|s| !s.detail.load_balancers.is_empty());
                if behind_lb {
                    return false;
                }
            }
        }
        if checked {
            return task_health(task) == Some(HealthStatus::Healthy);
        }
        task.life
            .started_at
            .is_some_and(|s| self.now.since(s) >= HEALTHY_WITHOUT_CHECKS)
    }

    /// A running container exits with `exit_code` (and a container
    /// `reason`, e.g. OOM). F1.9: an essential container stops the task
    /// (stopCode EssentialContainerExited, F1.8); a non-essential one stops
    /// alone and the task keeps running.
    pub(crate) fn container_exited(
        &mut self,
        task_arn: &str,
        index: usize,
        exit_code: i64,
        reason: Option<&str>,
    ) -> Option<bool> {
        let t = self.state.tasks.get_mut(task_arn)?;
        let c = t.life.containers.get_mut(index)?;
        c.last_status = "STOPPED";
        c.exit_code = Some(exit_code);
        c.reason = reason.map(str::to_owned);
        let (essential, name) = (c.essential, c.name.clone());
        t.life.version += 1;
        // What the task serves changed: its load balancer checks look again
        // (an essential container stops the task, which deregisters it).
        if !essential {
            self.rearm_task_targets(task_arn);
        }
        self.emit(EventKind::ContainerExited {
            task_arn: task_arn.to_owned(),
            container: name,
            exit_code,
            reason: reason.map(str::to_owned),
        });
        if essential {
            self.begin_task_stop(
                task_arn,
                "EssentialContainerExited",
                ESSENTIAL_CONTAINER_EXITED,
            );
        }
        Some(essential)
    }

    /// Health and exit invariants: a STOPPED task has no running container;
    /// a RUNNING task has all its essential containers running; an exit
    /// code belongs to a stopped container; a container is only judged
    /// (HEALTHY/UNHEALTHY) after its task started, and UNHEALTHY only after
    /// `retries` failures. (The task's health is derived from its essential
    /// containers, `task_health`, so it cannot disagree with them.)
    pub(crate) fn check_health_invariants(&self) -> Result<(), String> {
        for t in self.state.tasks.values() {
            for c in &t.life.containers {
                if t.status == TaskStatus::Stopped && c.last_status != "STOPPED" {
                    return Err(format!(
                        "task {} is STOPPED but container {} is {}",
                        t.arn, c.name, c.last_status
                    ));
                }
                if t.status == TaskStatus::Running && c.essential && c.last_status != "RUNNING" {
                    return Err(format!(
                        "task {} is RUNNING but essential container {} is {}",
                        t.arn, c.name, c.last_status
                    ));
                }
                if c.exit_code.is_some() && c.last_status != "STOPPED" {
                    return Err(format!(
                        "container {} of {} has an exit code but is {}",
                        c.name, t.arn, c.last_status
                    ));
                }
                if let Some(h) = &c.health {
                    if h.status != HealthStatus::Unknown && t.life.started_at.is_none() {
                        return Err(format!(
                            "container {} of {} is {} before its task started",
                            c.name,
                            t.arn,
                            h.status.as_str()
                        ));
                    }
                    if h.status == HealthStatus::Unhealthy && h.failures < h.retries {
                        return Err(format!(
                            "container {} of {} is UNHEALTHY after {} of {} failures",
                            c.name, t.arn, h.failures, h.retries
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The local URL a health-check command fetches with `curl -f` or `wget`
/// (see [`Sim::health_command_passes`]): `(port, path)`, or `None` when
/// the command is something else.
pub(crate) fn health_check_url(command: &[String]) -> Option<(u16, String)> {
    let words: Vec<&str> = match command.first().map(String::as_str) {
        Some("CMD-SHELL") => command.get(1)?.split_whitespace().collect(),
        Some("CMD") => command[1..].iter().map(String::as_str).collect(),
        _ => return None,
    };
    let tool = words.first()?.rsplit('/').next()?;
    let fails_on_errors = match tool {
        "curl" => words.iter().any(|w| {
            *w == "--fail" || (w.starts_with('-') && !w.starts_with("--") && w.contains('f'))
        }),
        "wget" => true,
        _ => return None,
    };
    if !fails_on_errors {
        return None; // curl without -f exits 0 on any HTTP answer
    }
    let url = words.iter().find_map(|w| {
        let w = w.trim_matches(|c| c == '"' || c == '\'');
        w.strip_prefix("http://")
    })?;
    let (host, path) = match url.find('/') {
        Some(i) => (&url[..i], url[i..].to_owned()),
        None => (url, "/".to_owned()),
    };
    let (name, port) = match host.split_once(':') {
        Some((n, p)) => (n, p.parse().ok()?),
        None => (host, 80),
    };
    matches!(name, "localhost" | "127.0.0.1").then_some((port, path))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::command::{Command, Service};
    use crate::config::SimConfig;
    use crate::ecs::run_task::TaskContainer;
    use crate::state::LaunchType;

    fn container(name: &str, essential: bool, health: Option<HealthStatus>) -> TaskContainer {
        TaskContainer {
            name: name.into(),
            image: "nginx".into(),
            essential,
            last_status: "RUNNING",
            reason: None,
            image_digest: None,
            bindings: Vec::new(),
            health: health.map(|status| ContainerHealth {
                status,
                interval: SimDuration::seconds(30),
                retries: 3,
                start_period: SimDuration::seconds(0),
                failures: if status == HealthStatus::Unhealthy {
                    3
                } else {
                    0
                },
            }),
            exit_code: None,
            logs: Vec::new(),
            log_stream: None,
        }
    }

    fn task(containers: Vec<TaskContainer>) -> TaskRecord {
        let mut t = TaskRecord::new("arn:t", "arn:c", LaunchType::Fargate, TaskStatus::Running);
        t.life.containers = containers;
        t
    }

    #[test]
    fn task_health_follows_the_f1_11_priority_over_essential_containers() {
        use HealthStatus::*;
        let h = |cs: Vec<TaskContainer>| task_health(&task(cs));
        // No check anywhere: None here; the API shows UNKNOWN (F1.11).
        assert_eq!(h(vec![container("a", true, None)]), None);
        // UNHEALTHY > UNKNOWN > HEALTHY.
        assert_eq!(
            h(vec![
                container("a", true, Some(Healthy)),
                container("b", true, Some(Unknown)),
                container("c", true, Some(Unhealthy)),
            ]),
            Some(Unhealthy)
        );
        assert_eq!(
            h(vec![
                container("a", true, Some(Healthy)),
                container("b", true, Some(Unknown)),
            ]),
            Some(Unknown)
        );
        assert_eq!(
            h(vec![
                container("a", true, Some(Healthy)),
                container("b", true, Some(Healthy)),
            ]),
            Some(Healthy)
        );
        // Non-essential containers and essential ones without a check do not count.
        assert_eq!(
            h(vec![
                container("a", true, Some(Healthy)),
                container("b", false, Some(Unhealthy)),
                container("c", true, None),
            ]),
            Some(Healthy)
        );
        // Only a non-essential container has a check: UNKNOWN (F1.11).
        assert_eq!(
            h(vec![
                container("a", true, None),
                container("b", false, Some(Healthy)),
            ]),
            Some(Unknown)
        );
    }

    fn run(sim: &mut Sim, op: &str, json: &str) {
        let command =
            Command::from_json(Service::Ecs, op, serde_json::from_str(json).unwrap()).unwrap();
        sim.execute(command).unwrap();
    }

    fn fargate_task(sim: &mut Sim, health: &str) -> String {
        let subnet = sim
            .state
            .subnets
            .values()
            .find(|s| s.availability_zone == "us-east-1a")
            .unwrap()
            .id
            .clone();
        run(sim, "CreateCluster", r#"{"clusterName": "c"}"#);
        run(
            sim,
            "RegisterTaskDefinition",
            &format!(
                r#"{{"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{{"name": "web", "image": "nginx"{health}}}]}}"#
            ),
        );
        run(
            sim,
            "RunTask",
            &format!(
                r#"{{"cluster": "c", "taskDefinition": "f", "launchType": "FARGATE", "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["{subnet}"], "assignPublicIp": "ENABLED"}}}}}}"#
            ),
        );
        sim.state.tasks.keys().next().unwrap().clone()
    }

    #[test]
    fn grace_period_holds_back_the_stop_until_it_ends() {
        // F6.4: during healthCheckGracePeriodSeconds after RUNNING an
        // UNHEALTHY service task is not stopped; the first probe after it
        // stops the task (MODEL). Probes every 10 s, 3 retries.
        let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
        let subnet = sim.state.subnets.values().next().unwrap().id.clone();
        run(&mut sim, "CreateCluster", r#"{"clusterName": "c"}"#);
        run(
            &mut sim,
            "RegisterTaskDefinition",
            r#"{"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web", "image": "nginx", "healthCheck": {"command": ["CMD", "true"], "interval": 10, "retries": 3}}]}"#,
        );
        run(
            &mut sim,
            "CreateService",
            &format!(
                r#"{{"cluster": "c", "serviceName": "s", "taskDefinition": "f", "desiredCount": 1, "launchType": "FARGATE", "healthCheckGracePeriodSeconds": 45, "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["{subnet}"], "assignPublicIp": "ENABLED"}}}}}}"#
            ),
        );
        let arn = sim.state.tasks.keys().next().unwrap().clone();
        let service = sim.state.services.keys().next().unwrap().clone();
        sim.fault(&["break-health", &service]).unwrap();
        while sim.state.tasks[&arn].life.started_at.is_none() {
            sim.advance(SimDuration::seconds(1));
        }
        let run_at = started(&sim, &arn);
        assert!(sim.in_grace_period(&service, &arn));
        // UNHEALTHY at RUNNING + 30 s, still RUNNING at + 44 s.
        sim.advance(SimDuration::millis(
            44_000 - sim.now.since(run_at).as_millis(),
        ));
        assert_eq!(
            task_health(&sim.state.tasks[&arn]),
            Some(HealthStatus::Unhealthy)
        );
        assert_eq!(sim.state.tasks[&arn].status, TaskStatus::Running);
        assert!(sim.in_grace_period(&service, &arn));
        sim.advance(SimDuration::seconds(1));
        assert!(!sim.in_grace_period(&service, &arn));
        // The probe at RUNNING + 50 s stops it.
        sim.advance(SimDuration::seconds(4));
        assert_eq!(sim.state.tasks[&arn].status, TaskStatus::Running);
        sim.advance(SimDuration::seconds(1));
        let t = &sim.state.tasks[&arn];
        assert_ne!(t.status, TaskStatus::Running);
        assert_eq!(t.stopped_reason.as_deref(), Some(FAILED_HEALTH_CHECKS));
        sim.check_invariants().unwrap();
    }

    fn started(sim: &Sim, arn: &str) -> crate::time::SimTime {
        sim.state.tasks[arn].life.started_at.unwrap()
    }

    #[test]
    fn without_checks_a_task_counts_as_healthy_40_s_after_running() {
        let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
        let arn = fargate_task(&mut sim, "");
        sim.advance(SimDuration::minutes(1));
        let at = started(&sim, &arn);
        let until = at.saturating_add(HEALTHY_WITHOUT_CHECKS).since(sim.now());
        // Just before 40 s after RUNNING: not yet; at 40 s: yes (MODEL, F6.2).
        sim.advance(SimDuration::millis(until.as_millis() - 1));
        assert!(!sim.task_is_healthy_for_service(&sim.state.tasks[&arn]));
        sim.advance(SimDuration::millis(1));
        assert!(sim.task_is_healthy_for_service(&sim.state.tasks[&arn]));
    }

    #[test]
    fn with_checks_a_task_counts_as_healthy_only_when_healthy() {
        let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
        let arn = fargate_task(
            &mut sim,
            r#", "healthCheck": {"command": ["CMD", "true"], "interval": 20, "retries": 2, "startPeriod": 60}"#,
        );
        sim.fault(&["break-health", &arn]).unwrap();
        sim.advance(SimDuration::minutes(1));
        let at = started(&sim, &arn);
        // Broken from the start: failures within the 60 s startPeriod do not
        // count (F4.7), so it is still UNKNOWN (and not healthy) long after 40 s.
        let probe = |k: u64| at.saturating_add(SimDuration::seconds(20 * k));
        sim.advance(probe(2).since(sim.now()));
        let status = |sim: &Sim| {
            sim.state.tasks[&arn].life.containers[0]
                .health
                .clone()
                .unwrap()
        };
        assert_eq!(status(&sim).status, HealthStatus::Unknown);
        assert_eq!(status(&sim).failures, 0);
        assert!(!sim.task_is_healthy_for_service(&sim.state.tasks[&arn]));
        // Probe 3 is at 60 s (counts: 1), probe 4 makes it UNHEALTHY (retries 2).
        sim.advance(probe(3).since(sim.now()));
        assert_eq!(status(&sim).failures, 1);
        assert_eq!(status(&sim).status, HealthStatus::Unknown);
        sim.advance(probe(4).since(sim.now()));
        assert_eq!(status(&sim).status, HealthStatus::Unhealthy);
        // A standalone task keeps running (F1.11).
        assert_eq!(sim.state.tasks[&arn].status, TaskStatus::Running);
        // Fixed: the next probe passes.
        sim.fault(&["fix-health", &arn]).unwrap();
        sim.advance(probe(5).since(sim.now()));
        assert_eq!(status(&sim).status, HealthStatus::Healthy);
        assert_eq!(status(&sim).failures, 0);
        assert!(sim.task_is_healthy_for_service(&sim.state.tasks[&arn]));
    }

    #[test]
    fn a_success_during_the_start_period_marks_healthy() {
        let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
        let arn = fargate_task(
            &mut sim,
            r#", "healthCheck": {"command": ["CMD", "true"], "interval": 5, "startPeriod": 300}"#,
        );
        sim.advance(SimDuration::minutes(1));
        let at = started(&sim, &arn);
        sim.advance(at.saturating_add(SimDuration::seconds(5)).since(sim.now()));
        let h = sim.state.tasks[&arn].life.containers[0]
            .health
            .clone()
            .unwrap();
        assert_eq!(h.status, HealthStatus::Healthy);
        // Defaults filled at registration (F4.7): retries 3.
        assert_eq!(h.retries, 3);
    }

    #[test]
    fn an_exited_container_leaves_no_running_container_in_a_stopped_task() {
        let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
        let arn = fargate_task(&mut sim, "");
        sim.advance(SimDuration::minutes(1));
        sim.fault(&["kill-task", &arn, "--exit-code", "0"]).unwrap();
        sim.advance(SimDuration::minutes(1));
        let t = &sim.state.tasks[&arn];
        assert_eq!(t.status, TaskStatus::Stopped);
        assert_eq!(t.stop_code, Some("EssentialContainerExited"));
        assert_eq!(t.life.containers[0].exit_code, Some(0));
        sim.check_invariants().unwrap();
        // The invariant catches a running container in a stopped task.
        sim.state.tasks.get_mut(&arn).unwrap().life.containers[0].last_status = "RUNNING";
        assert!(sim.check_health_invariants().is_err());
    }

    #[test]
    fn reads_the_url_a_health_check_fetches() {
        let cmd = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            health_check_url(&cmd(&["CMD-SHELL", "curl -f http://localhost/ || exit 1"])),
            Some((80, "/".to_owned()))
        );
        assert_eq!(
            health_check_url(&cmd(&[
                "CMD-SHELL",
                "curl -fsS http://127.0.0.1:8080/health || exit 1"
            ])),
            Some((8080, "/health".to_owned()))
        );
        assert_eq!(
            health_check_url(&cmd(&[
                "CMD",
                "wget",
                "-q",
                "--spider",
                "http://localhost/status"
            ])),
            Some((80, "/status".to_owned()))
        );
        // curl without -f succeeds on any answer; other commands and hosts
        // are not read.
        assert_eq!(
            health_check_url(&cmd(&["CMD-SHELL", "curl http://localhost/x"])),
            None
        );
        assert_eq!(health_check_url(&cmd(&["CMD", "true"])), None);
        assert_eq!(
            health_check_url(&cmd(&["CMD-SHELL", "curl -f http://example.com/"])),
            None
        );
        assert_eq!(
            health_check_url(&cmd(&["curl", "-f", "http://localhost/"])),
            None
        );
    }
}
