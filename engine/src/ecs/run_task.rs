//! ECS tasks: RunTask, StartTask, StopTask, DescribeTasks, ListTasks, and
//! the lifecycle (F1.1–F1.4) with the MODEL timings of section 13:
//! `PROVISIONING` 10 s for awsvpc tasks (ENI), then `PENDING` while images
//! are pulled (the ECR helper's pull decision and duration, plus container
//! start: 20 s for a typical image), then `RUNNING`. A failed pull stops the
//! task before RUNNING with stopCode `TaskFailedToStart` and the
//! `CannotPullContainerError` reason (F1.8, F1.10). StopTask sets
//! desiredStatus STOPPED at once (F1.3) and the task walks STOPPING →
//! STOPPED (stopCode `UserInitiated`, reason as given or
//! `Task stopped by user`). Stopped tasks stay describable for an hour
//! (F1.6).
//!
//! Fargate: the definition must be Fargate-compatible (awsvpc, valid size,
//! F2), a networkConfiguration with subnets is required, each task gets an
//! ENI in one of them. A Fargate task pulls its images (Docker Hub, ECR)
//! through that ENI, so it needs a default-VPC subnet with `assignPublicIp
//! ENABLED` (MODEL: created VPCs have no internet gateway or NAT). On EC2
//! the instance's Docker daemon pulls through the instance's network in
//! every network mode; awsvpc task ENIs on EC2 get no public IP (F3.5).

mod describe;
mod launch;
mod lifecycle;
mod network;
mod shapes;

pub use lifecycle::*;
pub(crate) use network::*;
pub use shapes::*;

use crate::time::SimDuration;

/// MODEL (section 13): PROVISIONING lasts 10 s for awsvpc tasks, 0 s else.
pub const AWSVPC_PROVISIONING: SimDuration = SimDuration::seconds(10);
/// MODEL (not in section 13): STOPPING → STOPPED when the containers exit
/// promptly on SIGTERM (well within the 30 s stopTimeout, F1.5).
pub const TASK_STOPPING: SimDuration = SimDuration::seconds(5);
/// MODEL (not in section 13; as PROVISIONING): an awsvpc task's
/// DEPROVISIONING (its ENI detached and deleted, F1.1) lasts 10 s.
pub const AWSVPC_DEPROVISIONING: SimDuration = SimDuration::seconds(10);
/// F6.7: RunTask starts at most 10 tasks per call; StartTask takes at most
/// 10 container instances.
pub const MAX_COUNT: i64 = 10;
/// Fargate platform version reported for LATEST.
pub const FARGATE_PLATFORM: &str = "1.4.0";

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod free_ip_tests {
    use crate::Sim;
    use crate::base::ipv4::{Cidr, parse_ipv4};
    use crate::config::SimConfig;
    use crate::state::{LaunchType, TaskRecord, TaskStatus};

    /// A default subnet made a /28, holding live tasks at `taken`.
    fn subnet_with(taken: &[&str]) -> (Sim, String) {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let subnet = sim.state.subnets.values_mut().next().unwrap();
        subnet.cidr = Cidr::parse("10.0.0.0/28").unwrap();
        let id = subnet.id.clone();
        for (n, ip) in taken.iter().enumerate() {
            let mut t = TaskRecord::new(
                &format!("t{n}"),
                "c",
                LaunchType::Fargate,
                TaskStatus::Running,
            );
            t.life.subnet_id = Some(id.clone());
            t.life.private_ip = parse_ipv4(ip);
            sim.state.insert_task(t);
        }
        (sim, id)
    }

    #[test]
    fn the_lowest_address_after_the_reserved_four_not_taken() {
        let (sim, id) = subnet_with(&[]);
        assert_eq!(sim.free_ip(&id), parse_ipv4("10.0.0.4"));
        let (sim, id) = subnet_with(&["10.0.0.4", "10.0.0.5", "10.0.0.7", "10.0.1.9"]);
        assert_eq!(sim.free_ip(&id), parse_ipv4("10.0.0.6"));
    }

    #[test]
    fn a_full_subnet_has_none() {
        // A /28 has 16 addresses: AWS keeps the first four and the last.
        let all: Vec<String> = (4..=14).map(|i| format!("10.0.0.{i}")).collect();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let (sim, id) = subnet_with(&all);
        assert_eq!(sim.free_ip(&id), None);
        let (sim, id) = subnet_with(&all[1..]);
        assert_eq!(sim.free_ip(&id), parse_ipv4("10.0.0.4"));
    }
}
