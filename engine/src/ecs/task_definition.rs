//! ECS task definitions: RegisterTaskDefinition, DescribeTaskDefinition,
//! ListTaskDefinitions, ListTaskDefinitionFamilies, DeregisterTaskDefinition,
//! DeleteTaskDefinitions.
//!
//! Facts (shared/aws-behaviour.md): required fields F4.1; names F4.2;
//! revisions and statuses F4.3 (a revision number is never reused, even after
//! deregistration or deletion); container limit F4.4; memory rules F4.5;
//! port mappings F4.6 and network modes F3.6; health checks F4.7; roles F4.8
//! (ARNs are shape-checked here, the roles themselves are checked when a
//! task starts); images F4.9; compatibilities F4.10; Fargate sizes F2.1,
//! units F2.2, networking F2.3, unsupported parameters and log drivers F2.4,
//! ephemeral storage F2.6; EC2 task cpu range F2.1; essential containers
//! F1.9; stop/start timeouts F1.5.
//!
//! # Internal API for the task and placement code
//!
//! - [`Sim::resolve_task_definition`]`(reference)`: what RunTask,
//!   StartTask and CreateService/UpdateService accept: `family` (latest
//!   ACTIVE revision), `family:revision` or a full ARN; an INACTIVE or
//!   DELETE_IN_PROGRESS revision is refused (`ClientException: TaskDefinition
//!   is inactive`), as AWS refuses new tasks and services on it.
//! - [`Sim::task_definition_by_arn`]`(arn)`: any status, for tasks and
//!   services that already use a revision (they keep running and a service
//!   keeps launching replacements after deregistration, F4.3).
//! - On [`TaskDefinitionRecord`]: [`ec2_cpu`](TaskDefinitionRecord::ec2_cpu),
//!   [`ec2_memory`](TaskDefinitionRecord::ec2_memory) (what placement
//!   subtracts from a container instance), [`fargate_size`](TaskDefinitionRecord::fargate_size),
//!   [`network_mode`](TaskDefinitionRecord::network_mode) (effective, `bridge` by default),
//!   [`host_ports`](TaskDefinitionRecord::host_ports), [`is_fargate_compatible`](TaskDefinitionRecord::is_fargate_compatible),
//!   [`images`](TaskDefinitionRecord::images), [`task_role_arn`](TaskDefinitionRecord::task_role_arn),
//!   [`execution_role_arn`](TaskDefinitionRecord::execution_role_arn),
//!   [`containers`](TaskDefinitionRecord::containers).
//! - In [`roles`]: [`Sim::check_task_roles`] (roles exist and trust
//!   `ecs-tasks.amazonaws.com`, else AWS's "ECS was unable to assume the
//!   role …") and [`Sim::execution_permission_gap`] (the first ECR-pull or
//!   awslogs permission the execution role lacks).
//!
//! [`Sim::resolve_task_definition`]: crate::Sim::resolve_task_definition
//! [`Sim::task_definition_by_arn`]: crate::Sim::task_definition_by_arn
//! [`Sim::check_task_roles`]: crate::Sim::check_task_roles
//! [`Sim::execution_permission_gap`]: crate::Sim::execution_permission_gap

mod container_validation;
mod handlers;
mod record;
pub mod roles;
mod shapes;
mod validation;

pub use record::*;
pub use shapes::*;
pub use validation::{is_valid_name, parse_cpu, parse_image, parse_memory};

/// F4.4: containers per task definition (not adjustable).
pub const MAX_CONTAINERS: usize = 10;
/// F2.1: task cpu on the EC2 launch type, in CPU units.
pub const EC2_TASK_CPU_RANGE: (u32, u32) = (128, 196_608);
/// F4.5: Docker reserves at least 6 MiB; a container limit below is refused.
pub const MIN_CONTAINER_MEMORY_MIB: i64 = 6;
/// F1.5: startTimeout / stopTimeout bounds (seconds) on Fargate.
pub const TIMEOUT_RANGE: (i64, i64) = (2, 120);
/// F2.6: ephemeralStorage.sizeInGiB.
pub const EPHEMERAL_STORAGE_RANGE: (i64, i64) = (21, 200);
/// F2.4: the `nofile` ulimit may be raised up to this on Fargate.
pub const FARGATE_MAX_NOFILE: i64 = 1_048_576;
/// F2.4: log drivers Fargate supports.
pub const FARGATE_LOG_DRIVERS: &[&str] = &["awslogs", "splunk", "awsfirelens"];
/// Log drivers the ECS API knows (BOTO-ECS:LogDriver).
pub const LOG_DRIVERS: &[&str] = &[
    "json-file",
    "syslog",
    "journald",
    "gelf",
    "fluentd",
    "awslogs",
    "splunk",
    "awsfirelens",
];
/// MODEL: the principal shown as `registeredBy` (the account's root user).
pub const REGISTERED_BY: &str = "root";

/// F4.7 health check defaults and bounds (seconds; retries a count).
/// (default, min, max). `timeout` is 2-60 s as F4.7 and the ECS API
/// reference say; `startPeriod` (0-300 s) is off unless given, so it is not
/// filled in.
pub mod health {
    pub const INTERVAL: (i64, i64, i64) = (30, 5, 300);
    pub const TIMEOUT: (i64, i64, i64) = (5, 2, 60);
    pub const RETRIES: (i64, i64, i64) = (3, 1, 10);
    pub const START_PERIOD: (i64, i64) = (0, 300);
}

/// F2.1: the valid Fargate memory values (MiB) for a task cpu, or `None`
/// if the cpu value is not a Fargate size.
pub fn fargate_memory_values(cpu: u32) -> Option<Vec<u32>> {
    let (from, to, step) = match cpu {
        256 => return Some(vec![512, 1024, 2048]),
        512 => (1024, 4096, 1024),
        1024 => (2048, 8192, 1024),
        2048 => (4096, 16384, 1024),
        4096 => (8192, 30720, 1024),
        8192 => (16384, 61440, 4096),
        16384 => (32768, 122_880, 8192),
        _ => return None,
    };
    Some((from..=to).step_by(step).collect())
}

/// F2.1: the Fargate cpu values.
pub const FARGATE_CPUS: &[u32] = &[256, 512, 1024, 2048, 4096, 8192, 16384];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
