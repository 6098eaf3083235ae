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

/// RunTask's `overrides` (BOTO-ECS:TaskOverride): `containerOverrides`
/// naming containers of the task definition, each with `command` and/or
/// `environment`, which the task keeps and DescribeTasks shows (the
/// simulated containers do not read them yet). Other members are refused as
/// not modelled; a container the definition does not have is AWS's
/// InvalidParameterException (F24.3).
pub(crate) fn check_overrides(
    overrides: &serde_json::Value,
    def: &crate::ecs::task_definition::TaskDefinitionRecord,
) -> Result<serde_json::Value, crate::error::ApiError> {
    use crate::error::ApiError;
    use serde_json::Value;
    let bad = |what: &str| ApiError::invalid_parameter(format!("overrides: {what}"));
    let Value::Object(members) = overrides else {
        return Err(bad("must be a TaskOverride object"));
    };
    for key in members.keys() {
        if key != "containerOverrides" {
            return Err(ApiError::unsupported(
                "RunTask",
                &format!("overrides.{key}"),
            ));
        }
    }
    let items = match members.get("containerOverrides") {
        None => return Ok(overrides.clone()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(bad("containerOverrides must be a list")),
    };
    for item in items {
        let Value::Object(o) = item else {
            return Err(bad("each containerOverrides item must be an object"));
        };
        let Some(Value::String(name)) = o.get("name") else {
            return Err(bad("each containerOverrides item needs a name"));
        };
        if !def.containers().iter().any(|c| &c.name == name) {
            return Err(ApiError::invalid_parameter(format!(
                "Override for container named {name} is not a container in the TaskDefinition."
            )));
        }
        for (key, value) in o {
            let ok = match key.as_str() {
                "name" => true,
                "command" => value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string)),
                "environment" => value.as_array().is_some_and(|a| {
                    a.iter().all(|kv| {
                        kv.as_object().is_some_and(|m| {
                            m.iter().all(|(k, v)| {
                                matches!(k.as_str(), "name" | "value") && v.is_string()
                            })
                        })
                    })
                }),
                other => {
                    return Err(ApiError::unsupported(
                        "RunTask",
                        &format!("overrides.containerOverrides.{other}"),
                    ));
                }
            };
            if !ok {
                return Err(bad(&format!(
                    "containerOverrides {key} of {name} must be a list of strings (command) or of name/value pairs (environment)"
                )));
            }
        }
    }
    Ok(overrides.clone())
}

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
