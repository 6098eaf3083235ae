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

use crate::ecs::cluster::Failure;
use crate::ecs::tags::{self, Tag};
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

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

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    Bridge,
    Host,
    Awsvpc,
    None,
}

impl NetworkMode {
    fn as_str(self) -> &'static str {
        match self {
            NetworkMode::Bridge => "bridge",
            NetworkMode::Host => "host",
            NetworkMode::Awsvpc => "awsvpc",
            NetworkMode::None => "none",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskDefinitionStatus {
    Active,
    Inactive,
    DeleteInProgress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compatibility {
    Ec2,
    Fargate,
    External,
    ManagedInstances,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port_range: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyValuePair {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Secret {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value_from: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MountPoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_volume: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VolumeFrom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_container: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerDependency {
    pub container_name: String,
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostEntry {
    pub hostname: String,
    pub ip_address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ulimit {
    pub name: String,
    pub soft_limit: i64,
    pub hard_limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SystemControl {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogConfiguration {
    pub log_driver: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secret_options: Vec<Secret>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HealthCheck {
    #[serde(default)]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_period: Option<i64>,
}

/// The `ContainerDefinition` shape (botocore order). Docker settings with no
/// effect in the simulator are stored and returned as given; settings it
/// cannot honour are `Value`s refused when present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerDefinition {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub image: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_credentials: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_point: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default)]
    pub environment: Vec<KeyValuePair>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_files: Option<Value>,
    #[serde(default)]
    pub mount_points: Vec<MountPoint>,
    #[serde(default)]
    pub volumes_from: Vec<VolumeFrom>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux_parameters: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<Secret>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ContainerDependency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_consistency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_networking: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readonly_root_filesystem: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_search_domains: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_hosts: Vec<HostEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docker_security_options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudo_terminal: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ulimits: Vec<Ulimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    #[serde(default)]
    pub system_controls: Vec<SystemControl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_requirements: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firelens_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_specs: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostVolumeProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Volume {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<HostVolumeProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_at_launch: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_volume_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efs_volume_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fsx_windows_file_server_volume_configuration: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlacementConstraint {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EphemeralStorage {
    pub size_in_gi_b: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuntimePlatform {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_architecture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system_family: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    pub name: String,
}

/// The `TaskDefinition` shape, fields in botocore's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    pub task_definition_arn: String,
    pub container_definitions: Vec<ContainerDefinition>,
    pub family: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<NetworkMode>,
    pub revision: u32,
    pub volumes: Vec<Volume>,
    pub status: TaskDefinitionStatus,
    pub requires_attributes: Vec<Attribute>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub compatibilities: Vec<Compatibility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires_compatibilities: Vec<Compatibility>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipc_mode: Option<String>,
    /// Epoch seconds, as the ECS JSON protocol sends timestamps.
    pub registered_at: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deregistered_at: Option<f64>,
    pub registered_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterTaskDefinitionRequest {
    #[serde(default)]
    pub family: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    #[serde(default)]
    pub container_definitions: Vec<ContainerDefinition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_compatibilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipc_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_accelerators: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_fault_injection: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterTaskDefinitionResponse {
    pub task_definition: TaskDefinition,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskDefinitionField {
    Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeTaskDefinitionRequest {
    #[serde(default)]
    pub task_definition: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<TaskDefinitionField>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTaskDefinitionResponse {
    pub task_definition: TaskDefinition,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListTaskDefinitionsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskDefinitionStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionsResponse {
    pub task_definition_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FamilyStatus {
    Active,
    Inactive,
    All,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListTaskDefinitionFamiliesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FamilyStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionFamiliesResponse {
    pub families: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeregisterTaskDefinitionRequest {
    #[serde(default)]
    pub task_definition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterTaskDefinitionResponse {
    pub task_definition: TaskDefinition,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteTaskDefinitionsRequest {
    #[serde(default)]
    pub task_definitions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteTaskDefinitionsResponse {
    pub task_definitions: Vec<TaskDefinition>,
    pub failures: Vec<Failure>,
}

// ----------------------------------------------------------------- state ---

/// A task definition family: its revisions and the last number handed out
/// (F4.3: numbers are never reused, even after deregistration/deletion).
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyRecord {
    pub name: String,
    pub last_revision: u32,
    /// Shared: RunTask keeps the revision it runs while it changes the
    /// state (a count, not a copy of the definition).
    pub revisions: BTreeMap<u32, std::sync::Arc<TaskDefinitionRecord>>,
}

/// One registered revision, as the engine stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskDefinitionRecord {
    /// The normalised definition (defaults filled as AWS fills them).
    pub def: TaskDefinition,
    pub tags: Vec<Tag>,
    pub registered_at: SimTime,
    pub deregistered_at: Option<SimTime>,
}

/// A host port a task needs on an EC2 container instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HostPort {
    /// `None`: a dynamic port from the ephemeral range (bridge, hostPort 0
    /// or omitted, F3.7).
    pub port: Option<u16>,
    pub udp: bool,
}

/// Where an image comes from (F4.9, F10.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host, `None` for Docker Hub (`nginxdemos/hello`).
    pub registry: Option<String>,
    /// The repository path inside the registry (`nginxdemos/hello`).
    pub repository: String,
    /// `latest` when neither a tag nor a digest is given.
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// `(account, region)` for a private ECR registry
    /// (`<account>.dkr.ecr.<region>.amazonaws.com`).
    pub ecr: Option<(String, String)>,
}

impl ImageRef {
    /// The tag to pull: the given one, or `latest` when there is no digest.
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(t), _) => Some(t),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }
}

impl TaskDefinitionRecord {
    pub fn arn(&self) -> &str {
        &self.def.task_definition_arn
    }
    pub fn status(&self) -> TaskDefinitionStatus {
        self.def.status
    }
    pub fn containers(&self) -> &[ContainerDefinition] {
        &self.def.container_definitions
    }
    /// F3.6: the network mode in effect (`bridge` when not given).
    pub fn network_mode(&self) -> NetworkMode {
        self.def.network_mode.unwrap_or(NetworkMode::Bridge)
    }
    /// Task-level cpu (CPU units), if given.
    pub fn task_cpu(&self) -> Option<u32> {
        self.def.cpu.as_deref().and_then(|c| c.parse().ok())
    }
    /// Task-level memory (MiB), if given.
    pub fn task_memory(&self) -> Option<u32> {
        self.def.memory.as_deref().and_then(|m| m.parse().ok())
    }
    /// CPU units placement reserves on an EC2 container instance: the
    /// task-level cpu if given, else the sum of the containers' cpu (F3.1).
    pub fn ec2_cpu(&self) -> u32 {
        self.task_cpu().unwrap_or_else(|| {
            self.containers()
                .iter()
                .map(|c| clamp_u32(c.cpu.unwrap_or(0)))
                .fold(0u32, u32::saturating_add)
        })
    }
    /// MiB placement reserves on an EC2 container instance: the task-level
    /// memory if given, else per container its memoryReservation if set,
    /// else its memory (F4.5).
    pub fn ec2_memory(&self) -> u32 {
        self.task_memory().unwrap_or_else(|| {
            self.containers()
                .iter()
                .map(|c| clamp_u32(c.memory_reservation.or(c.memory).unwrap_or(0)))
                .fold(0u32, u32::saturating_add)
        })
    }
    /// `(cpu, memory)` of a Fargate task (F2.1), when the definition is
    /// Fargate-compatible.
    pub fn fargate_size(&self) -> Option<(u32, u32)> {
        if !self.is_fargate_compatible() {
            return None;
        }
        Some((self.task_cpu()?, self.task_memory()?))
    }
    /// Whether the definition passed the Fargate checks (its
    /// `compatibilities` include FARGATE).
    pub fn is_fargate_compatible(&self) -> bool {
        self.def.compatibilities.contains(&Compatibility::Fargate)
    }
    /// The host ports one task of this definition occupies on an EC2
    /// instance: awsvpc uses the task's own ENI (none on the host); host
    /// mode takes each containerPort; bridge takes fixed hostPorts and asks
    /// for a dynamic port where hostPort is 0 or omitted (F3.6, F3.7).
    pub fn host_ports(&self) -> Vec<HostPort> {
        let mode = self.network_mode();
        if matches!(mode, NetworkMode::Awsvpc | NetworkMode::None) {
            return Vec::new();
        }
        let mut ports = Vec::new();
        for c in self.containers() {
            for pm in &c.port_mappings {
                let udp = pm.protocol.as_deref() == Some("udp");
                let port = match mode {
                    NetworkMode::Host => pm.container_port,
                    _ => pm.host_port.filter(|p| *p != 0),
                };
                ports.push(HostPort {
                    port: port.and_then(|p| u16::try_from(p).ok()),
                    udp,
                });
            }
        }
        ports
    }
    /// Each container's name and parsed image.
    pub fn images(&self) -> Vec<(&str, ImageRef)> {
        self.containers()
            .iter()
            .filter_map(|c| Some((c.name.as_str(), parse_image(&c.image).ok()?)))
            .collect()
    }
    pub fn task_role_arn(&self) -> Option<&str> {
        self.def.task_role_arn.as_deref()
    }
    pub fn execution_role_arn(&self) -> Option<&str> {
        self.def.execution_role_arn.as_deref()
    }
}

// ----------------------------------------------------------------- rules ---

fn client(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ClientException, message)
}

fn unsupported(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedFeatureException,
        format!("RegisterTaskDefinition: the simulator does not model '{what}' yet."),
    )
}

/// F4.2: `^[A-Za-z0-9_-]{1,255}$` for families and container names.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// F2.2: task cpu as CPU units (`"1024"`) or vCPU (`"1 vCPU"`, `".25 vcpu"`).
pub fn parse_cpu(text: &str) -> Option<u32> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(num) = lower.strip_suffix("vcpu") {
        return scaled(num.trim(), 1024);
    }
    t.parse::<u32>().ok()
}

/// F2.2: task memory as MiB (`"2048"`) or GB (`"1 GB"`, `"0.5GB"`).
pub fn parse_memory(text: &str) -> Option<u32> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(num) = lower.strip_suffix("gb") {
        return scaled(num.trim(), 1024);
    }
    t.parse::<u32>().ok()
}

/// `num × factor` for a decimal `num`, if it comes out whole and positive.
fn scaled(num: &str, factor: u64) -> Option<u32> {
    let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 6
        || whole.len() > 6
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let denom = 10u64.pow(frac.len() as u32);
    let total = whole * factor * denom + frac_value * factor;
    if !total.is_multiple_of(denom) {
        return None;
    }
    u32::try_from(total / denom).ok().filter(|v| *v > 0)
}

fn vcpu(units: u32) -> String {
    let v = f64::from(units) / 1024.0;
    format!("{v} vCPU")
}

/// F2.1/F2.2: the Fargate size check, with AWS's first sentence and a
/// follow-up that says what would be valid.
fn check_fargate_size(cpu: u32, memory: u32) -> Result<(), ApiError> {
    let Some(valid) = fargate_memory_values(cpu) else {
        let fitting: Vec<String> = FARGATE_CPUS
            .iter()
            .filter(|c| fargate_memory_values(**c).is_some_and(|m| m.contains(&memory)))
            .map(|c| format!("{c} ({})", vcpu(*c)))
            .collect();
        let hint = if fitting.is_empty() {
            String::new()
        } else {
            format!(
                " With memory {memory} MiB, use cpu {}.",
                fitting.join(" or ")
            )
        };
        return Err(client(format!(
            "Invalid 'cpu' setting for task. Fargate supports task cpu values {} (0.25 to 16 vCPU); {cpu} ({}) is not one of them.{hint}",
            FARGATE_CPUS
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            vcpu(cpu),
        )));
    };
    if !valid.contains(&memory) {
        return Err(client(format!(
            "No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. With cpu {cpu} ({}), memory must be one of {} MiB.",
            vcpu(cpu),
            valid
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

fn valid_role_arn(arn: &str) -> bool {
    arn.strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.split_once(":role/"))
        .is_some_and(|(account, name)| {
            account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && !name.is_empty()
                && !name.ends_with('/')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-/".contains(&b))
        })
}

/// F4.9: `[registry/]repository[:tag]` or `[registry/]repository@sha256:<hex>`;
/// botocore allows up to 255 letters, numbers, hyphens, underscores,
/// colons, periods, forward slashes and number signs (plus `@` for digests).
pub fn parse_image(image: &str) -> Result<ImageRef, String> {
    if image.is_empty() {
        return Err("the image is empty".to_owned());
    }
    if image.len() > 255 {
        return Err("an image reference is at most 255 characters".to_owned());
    }
    if let Some(bad) = image
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_:./#@".contains(*c)))
    {
        return Err(format!("'{bad}' is not allowed in an image reference"));
    }
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => {
            let ok = digest
                .strip_prefix("sha256:")
                .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            if !ok {
                return Err(format!(
                    "the digest '{digest}' must be sha256: followed by 64 hex digits"
                ));
            }
            (name, Some(digest.to_owned()))
        }
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match name[last_slash..].rfind(':') {
        Some(i) => {
            let split = last_slash + i;
            (&name[..split], Some(name[split + 1..].to_owned()))
        }
        None => (name, None),
    };
    if let Some(t) = &tag
        && (t.is_empty() || t.len() > 128 || t.starts_with('.') || t.starts_with('-'))
    {
        return Err(format!("the tag '{t}' is not valid"));
    }
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err("an image path has no empty parts (check the slashes)".to_owned());
    }
    let registry = if parts.len() > 1
        && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
    {
        Some(parts.remove(0).to_owned())
    } else {
        None
    };
    let repository = parts.join("/");
    if repository.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!("the repository '{repository}' must be lowercase"));
    }
    let ecr = registry.as_deref().and_then(|host| {
        let rest = host.strip_suffix(".amazonaws.com")?;
        let (account, rest) = rest.split_once(".dkr.ecr.")?;
        (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty())
            .then(|| (account.to_owned(), rest.to_owned()))
    });
    Ok(ImageRef {
        registry,
        repository,
        tag,
        digest,
        ecr,
    })
}

fn check_range(what: &str, value: i64, (lo, hi): (i64, i64)) -> Result<(), ApiError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(client(format!(
            "Invalid {what}: {value}. It must be between {lo} and {hi}."
        )))
    }
}

/// What registration decided about the launch-type rules.
struct Checked {
    network_mode: Option<NetworkMode>,
    cpu: Option<u32>,
    memory: Option<u32>,
    requires: Vec<Compatibility>,
}

/// F2.2, F2.3, F2.1: the task-level Fargate requirements, checked before
/// the containers when FARGATE is required.
fn check_fargate_task(
    mode: Option<NetworkMode>,
    cpu: Option<u32>,
    memory: Option<u32>,
) -> Result<(), ApiError> {
    if mode != Some(NetworkMode::Awsvpc) {
        return Err(client("Fargate only supports network mode 'awsvpc'."));
    }
    let Some(cpu) = cpu else {
        return Err(client(
            "Fargate requires that 'cpu' be defined at the task level.",
        ));
    };
    let Some(memory) = memory else {
        return Err(client(
            "Fargate requires that 'memory' be defined at the task level.",
        ));
    };
    check_fargate_size(cpu, memory)
}

/// The rules that apply to every definition, whatever its launch type.
fn check_common(req: &RegisterTaskDefinitionRequest) -> Result<Checked, ApiError> {
    // F4.1, F4.2
    if req.family.is_empty() {
        return Err(client("Family cannot be blank."));
    }
    if !is_valid_name(&req.family) {
        return Err(client(format!(
            "Invalid family '{}'. A family name can have up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens.",
            req.family
        )));
    }
    for (what, value) in [
        ("proxyConfiguration", &req.proxy_configuration),
        ("inferenceAccelerators", &req.inference_accelerators),
        ("enableFaultInjection", &req.enable_fault_injection),
    ] {
        if value
            .as_ref()
            .is_some_and(|v| !v.is_null() && v != &Value::Bool(false))
        {
            return Err(unsupported(what));
        }
    }
    tags::validate(&req.tags)?;
    let mut requires = Vec::new();
    for r in &req.requires_compatibilities {
        let c = match r.as_str() {
            "EC2" => Compatibility::Ec2,
            "FARGATE" => Compatibility::Fargate,
            "EXTERNAL" | "MANAGED_INSTANCES" => {
                return Err(unsupported(&format!("requiresCompatibilities {r}")));
            }
            other => {
                return Err(client(format!(
                    "Invalid requiresCompatibilities value '{other}'. Use EC2 or FARGATE."
                )));
            }
        };
        if !requires.contains(&c) {
            requires.push(c);
        }
    }
    let network_mode = match req.network_mode.as_deref() {
        None => None,
        Some("bridge") => Some(NetworkMode::Bridge),
        Some("host") => Some(NetworkMode::Host),
        Some("awsvpc") => Some(NetworkMode::Awsvpc),
        Some("none") => Some(NetworkMode::None),
        Some(other) => {
            return Err(client(format!(
                "Invalid networkMode '{other}'. Use one of: bridge, host, awsvpc, none."
            )));
        }
    };
    let cpu = match &req.cpu {
        None => None,
        Some(text) => Some(parse_cpu(text).ok_or_else(|| {
            client(format!(
                "Invalid 'cpu' setting for task. '{text}' is neither CPU units (\"1024\") nor vCPU (\"1 vCPU\")."
            ))
        })?),
    };
    let memory = match &req.memory {
        None => None,
        Some(text) => Some(parse_memory(text).ok_or_else(|| {
            client(format!(
                "Invalid 'memory' setting for task. '{text}' is neither MiB (\"2048\") nor GB (\"2 GB\")."
            ))
        })?),
    };
    // F2.1: EC2 task cpu range (Fargate sizes are checked separately).
    if let Some(c) = cpu
        && !requires.contains(&Compatibility::Fargate)
        && !(EC2_TASK_CPU_RANGE.0..=EC2_TASK_CPU_RANGE.1).contains(&c)
    {
        return Err(client(format!(
            "Invalid 'cpu' setting for task. Task cpu must be between {} and {} CPU units (0.125 to 192 vCPU); {c} was given.",
            EC2_TASK_CPU_RANGE.0, EC2_TASK_CPU_RANGE.1
        )));
    }
    // F4.8: roles must be role ARNs; their existence is checked at task start.
    for (what, arn) in [
        ("taskRoleArn", &req.task_role_arn),
        ("executionRoleArn", &req.execution_role_arn),
    ] {
        if let Some(arn) = arn
            && !valid_role_arn(arn)
        {
            return Err(client(format!(
                "Invalid '{what}': '{arn}' is not an IAM role ARN. Use arn:aws:iam::<account-id>:role/<role-name>."
            )));
        }
    }
    if let Some(es) = &req.ephemeral_storage {
        check_range(
            "ephemeralStorage.sizeInGiB",
            es.size_in_gi_b,
            EPHEMERAL_STORAGE_RANGE,
        )?;
    }
    if let Some(rp) = &req.runtime_platform {
        if let Some(a) = &rp.cpu_architecture
            && a != "X86_64"
            && a != "ARM64"
        {
            return Err(client(format!(
                "Invalid runtimePlatform.cpuArchitecture '{a}'. Use X86_64 or ARM64."
            )));
        }
        if let Some(os) = &rp.operating_system_family
            && os != "LINUX"
        {
            return Err(unsupported(&format!("operatingSystemFamily {os}")));
        }
    }
    for (what, value) in [("pidMode", &req.pid_mode), ("ipcMode", &req.ipc_mode)] {
        if let Some(v) = value
            && !matches!(v.as_str(), "host" | "task" | "none")
        {
            return Err(client(format!(
                "Invalid {what} '{v}'. Use host, task or none."
            )));
        }
    }
    for pc in &req.placement_constraints {
        if pc.kind != "memberOf" {
            return Err(client(format!(
                "Invalid placement constraint type '{}'. A task definition accepts only memberOf constraints.",
                pc.kind
            )));
        }
        if pc.expression.as_deref().is_none_or(str::is_empty) {
            return Err(client(
                "A memberOf placement constraint needs an expression.",
            ));
        }
    }
    if requires.contains(&Compatibility::Fargate) {
        check_fargate_task(network_mode, cpu, memory)?;
    }
    check_volumes(&req.volumes)?;
    check_containers(req, network_mode, cpu, memory)?;
    Ok(Checked {
        network_mode,
        cpu,
        memory,
        requires,
    })
}

fn check_volumes(volumes: &[Volume]) -> Result<(), ApiError> {
    for (i, v) in volumes.iter().enumerate() {
        if !is_valid_name(&v.name) {
            return Err(client(format!(
                "Invalid volume name '{}'. Up to 255 letters, numbers, hyphens and underscores.",
                v.name
            )));
        }
        if volumes[..i].iter().any(|o| o.name == v.name) {
            return Err(client(format!("Duplicate volume name '{}'.", v.name)));
        }
        for (what, value) in [
            ("dockerVolumeConfiguration", &v.docker_volume_configuration),
            ("efsVolumeConfiguration", &v.efs_volume_configuration),
            (
                "fsxWindowsFileServerVolumeConfiguration",
                &v.fsx_windows_file_server_volume_configuration,
            ),
        ] {
            if value.is_some() {
                return Err(unsupported(&format!("volumes[].{what}")));
            }
        }
        if v.configured_at_launch == Some(true) {
            return Err(unsupported("volumes[].configuredAtLaunch"));
        }
    }
    Ok(())
}

fn check_containers(
    req: &RegisterTaskDefinitionRequest,
    mode: Option<NetworkMode>,
    task_cpu: Option<u32>,
    task_memory: Option<u32>,
) -> Result<(), ApiError> {
    let containers = &req.container_definitions;
    if containers.is_empty() {
        return Err(client(
            "Container list cannot be empty. A task definition needs at least one container definition.",
        ));
    }
    // F4.4
    if containers.len() > MAX_CONTAINERS {
        return Err(client(format!(
            "Too many containers: {}. A task definition can have at most {MAX_CONTAINERS} containers.",
            containers.len()
        )));
    }
    // F1.9
    if !containers.iter().any(|c| c.essential != Some(false)) {
        return Err(client(
            "Task definition does not have any essential container. All tasks must have at least one essential container.",
        ));
    }
    let effective_mode = mode.unwrap_or(NetworkMode::Bridge);
    let mut used_ports: Vec<(i64, bool, &str)> = Vec::new();
    let mut memory_sum: i64 = 0;
    for (i, c) in containers.iter().enumerate() {
        if c.name.is_empty() {
            return Err(client("Container.name should not be null or empty."));
        }
        if !is_valid_name(&c.name) {
            return Err(client(format!(
                "Invalid container name '{}'. Up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens.",
                c.name
            )));
        }
        if containers[..i].iter().any(|o| o.name == c.name) {
            return Err(client(format!(
                "Duplicate container name '{}'. Container names must be unique within a task definition.",
                c.name
            )));
        }
        if c.image.is_empty() {
            return Err(client("Container.image should not be null or empty."));
        }
        parse_image(&c.image).map_err(|why| {
            client(format!(
                "Invalid 'image' setting for container '{}': {why}. Use repository-url/image:tag or repository-url/image@digest.",
                c.name
            ))
        })?;
        for (what, value) in [
            ("repositoryCredentials", &c.repository_credentials),
            ("restartPolicy", &c.restart_policy),
            ("environmentFiles", &c.environment_files),
            ("linuxParameters", &c.linux_parameters),
            ("resourceRequirements", &c.resource_requirements),
            ("firelensConfiguration", &c.firelens_configuration),
            ("credentialSpecs", &c.credential_specs),
        ] {
            if value.is_some() {
                return Err(unsupported(&format!("containerDefinitions[].{what}")));
            }
        }
        if let Some(cpu) = c.cpu
            && !(0..=262_144).contains(&cpu)
        {
            return Err(client(format!(
                "Invalid 'cpu' setting for container '{}': {cpu}. Container cpu is 0 to 262144 CPU units.",
                c.name
            )));
        }
        // F4.5
        if c.memory.is_none() && c.memory_reservation.is_none() && task_memory.is_none() {
            return Err(client(format!(
                "Invalid setting for container '{}'. At least one of 'memory' or 'memoryReservation' must be specified.",
                c.name
            )));
        }
        for (what, value) in [
            ("memory", c.memory),
            ("memoryReservation", c.memory_reservation),
        ] {
            if let Some(v) = value
                && v < MIN_CONTAINER_MEMORY_MIB
            {
                return Err(client(format!(
                    "Invalid '{what}' setting for container '{}': {v} MiB. Docker reserves at least {MIN_CONTAINER_MEMORY_MIB} MiB, so specify at least {MIN_CONTAINER_MEMORY_MIB}.",
                    c.name
                )));
            }
        }
        if let (Some(hard), Some(soft)) = (c.memory, c.memory_reservation)
            && hard <= soft
        {
            return Err(client(format!(
                "Invalid setting for container '{}'. 'memory' ({hard} MiB, the hard limit) must be greater than 'memoryReservation' ({soft} MiB, the soft limit).",
                c.name
            )));
        }
        memory_sum = memory_sum.saturating_add(c.memory.or(c.memory_reservation).unwrap_or(0));
        // F4.6, F3.6
        if !c.port_mappings.is_empty() && effective_mode == NetworkMode::None {
            return Err(client(format!(
                "Container '{}' has port mappings, but networkMode 'none' has no external connectivity: remove them or use another network mode.",
                c.name
            )));
        }
        for pm in &c.port_mappings {
            if pm.container_port_range.is_some() {
                return Err(unsupported("portMappings[].containerPortRange"));
            }
            let Some(port) = pm.container_port else {
                return Err(client(format!(
                    "Container '{}': a port mapping needs a containerPort.",
                    c.name
                )));
            };
            check_range("containerPort", port, (1, 65535))?;
            let udp = match pm.protocol.as_deref() {
                None | Some("tcp") => false,
                Some("udp") => true,
                Some(other) => {
                    return Err(client(format!(
                        "Invalid protocol '{other}' in a port mapping of container '{}'. Use tcp or udp.",
                        c.name
                    )));
                }
            };
            if let Some(ap) = &pm.app_protocol
                && !matches!(ap.as_str(), "http" | "http2" | "grpc")
            {
                return Err(client(format!(
                    "Invalid appProtocol '{ap}'. Use http, http2 or grpc."
                )));
            }
            let host = match effective_mode {
                NetworkMode::Awsvpc | NetworkMode::Host => {
                    if let Some(h) = pm.host_port
                        && h != port
                    {
                        return Err(client(format!(
                            "When networkMode={}, the host ports and container ports in port mappings must match.",
                            effective_mode.as_str()
                        )));
                    }
                    port
                }
                _ => {
                    let h = pm.host_port.unwrap_or(0);
                    if h != 0 {
                        check_range("hostPort", h, (1, 65535))?;
                    }
                    h
                }
            };
            if host != 0 {
                if let Some((_, _, other)) =
                    used_ports.iter().find(|(p, u, _)| *p == host && *u == udp)
                {
                    return Err(client(format!(
                        "Host port {host}/{} is mapped twice (containers '{other}' and '{}'). Each host port can be used once per task.",
                        if udp { "udp" } else { "tcp" },
                        c.name
                    )));
                }
                used_ports.push((host, udp, &c.name));
            }
        }
        if !c.links.is_empty() && effective_mode != NetworkMode::Bridge {
            return Err(client(format!(
                "Container '{}' uses links, which work only with networkMode bridge.",
                c.name
            )));
        }
        for env in &c.environment {
            if env.name.is_empty() {
                return Err(client(format!(
                    "Container '{}': every environment variable needs a name.",
                    c.name
                )));
            }
        }
        for s in c.secrets.iter().chain(
            c.log_configuration
                .iter()
                .flat_map(|l| l.secret_options.iter()),
        ) {
            if s.name.is_empty() || s.value_from.is_empty() {
                return Err(client(format!(
                    "Container '{}': a secret needs both a name and valueFrom (a Secrets Manager or SSM Parameter Store ARN or name).",
                    c.name
                )));
            }
        }
        for mp in &c.mount_points {
            let source = mp.source_volume.as_deref().unwrap_or("");
            if !req.volumes.iter().any(|v| v.name == source) {
                return Err(client(format!(
                    "Invalid 'mountPoints' setting for container '{}': sourceVolume '{source}' is not a volume of this task definition.",
                    c.name
                )));
            }
            if mp.container_path.as_deref().is_none_or(str::is_empty) {
                return Err(client(format!(
                    "Invalid 'mountPoints' setting for container '{}': containerPath is required.",
                    c.name
                )));
            }
        }
        for vf in &c.volumes_from {
            let source = vf.source_container.as_deref().unwrap_or("");
            if source == c.name || !containers.iter().any(|o| o.name == source) {
                return Err(client(format!(
                    "Invalid 'volumesFrom' setting for container '{}': '{source}' is not another container of this task definition.",
                    c.name
                )));
            }
        }
        // F1.5: timeouts are never negative; the 2-120 s bounds are Fargate's (check_fargate)
        for (what, value) in [
            ("startTimeout", c.start_timeout),
            ("stopTimeout", c.stop_timeout),
        ] {
            if let Some(v) = value
                && v < 0
            {
                return Err(client(format!(
                    "Invalid '{what}' for container '{}': {v}. Timeouts are seconds, not negative.",
                    c.name
                )));
            }
        }
        if let Some(vc) = &c.version_consistency
            && vc != "enabled"
            && vc != "disabled"
        {
            return Err(client(format!(
                "Invalid versionConsistency '{vc}'. Use enabled or disabled."
            )));
        }
        if let Some(log) = &c.log_configuration
            && !LOG_DRIVERS.contains(&log.log_driver.as_str())
        {
            return Err(client(format!(
                "Invalid logDriver '{}' for container '{}'. Use one of: {}.",
                log.log_driver,
                c.name,
                LOG_DRIVERS.join(", ")
            )));
        }
        for u in &c.ulimits {
            if u.soft_limit > u.hard_limit {
                return Err(client(format!(
                    "Invalid ulimit '{}' for container '{}': softLimit {} is above hardLimit {}.",
                    u.name, c.name, u.soft_limit, u.hard_limit
                )));
            }
        }
        if let Some(hc) = &c.health_check {
            check_health(&c.name, hc)?;
        }
        check_dependencies(c, containers)?;
    }
    // F4.5: the containers' memory must fit in the task's.
    if let Some(tm) = task_memory
        && memory_sum > i64::from(tm)
    {
        return Err(client(format!(
            "Invalid 'memory' setting for task. The containers' memory adds up to {memory_sum} MiB, more than the task's {tm} MiB."
        )));
    }
    // BOTO-ECS:ContainerDefinition.cpu: the containers' cpu must fit in the
    // task's cpu when that is given.
    let cpu_sum: i64 = containers
        .iter()
        .map(|c| c.cpu.unwrap_or(0))
        .fold(0i64, i64::saturating_add);
    if let Some(tc) = task_cpu
        && cpu_sum > i64::from(tc)
    {
        return Err(client(format!(
            "Invalid 'cpu' setting for task. The containers' cpu adds up to {cpu_sum} units, more than the task's {tc}."
        )));
    }
    check_dependency_cycles(containers)?;
    Ok(())
}

/// F4.7
fn check_health(container: &str, hc: &HealthCheck) -> Result<(), ApiError> {
    match hc.command.first().map(String::as_str) {
        Some("CMD") | Some("CMD-SHELL") if hc.command.len() > 1 => {}
        _ => {
            return Err(client(format!(
                "Invalid healthCheck for container '{container}': the command must start with CMD or CMD-SHELL followed by the command, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]."
            )));
        }
    }
    let bounds = [
        (
            "healthCheck.interval",
            hc.interval,
            (health::INTERVAL.1, health::INTERVAL.2),
        ),
        (
            "healthCheck.timeout",
            hc.timeout,
            (health::TIMEOUT.1, health::TIMEOUT.2),
        ),
        (
            "healthCheck.retries",
            hc.retries,
            (health::RETRIES.1, health::RETRIES.2),
        ),
        (
            "healthCheck.startPeriod",
            hc.start_period,
            health::START_PERIOD,
        ),
    ];
    for (what, value, range) in bounds {
        if let Some(v) = value {
            check_range(&format!("{what} for container '{container}'"), v, range)?;
        }
    }
    Ok(())
}

/// BOTO-ECS:ContainerDependency.condition: START | COMPLETE | SUCCESS |
/// HEALTHY; COMPLETE and SUCCESS "can't be set on an essential container";
/// HEALTHY needs a health check on the target.
fn check_dependencies(
    c: &ContainerDefinition,
    all: &[ContainerDefinition],
) -> Result<(), ApiError> {
    for dep in &c.depends_on {
        let Some(target) = all.iter().find(|o| o.name == dep.container_name) else {
            return Err(client(format!(
                "Container '{}' depends on '{}', which is not a container of this task definition.",
                c.name, dep.container_name
            )));
        };
        if target.name == c.name {
            return Err(client(format!(
                "Container '{}' cannot depend on itself.",
                c.name
            )));
        }
        match dep.condition.as_str() {
            "START" => {}
            "COMPLETE" | "SUCCESS" => {
                if target.essential != Some(false) {
                    return Err(client(format!(
                        "Container '{}' depends on '{}' with condition {}, which can't be set on an essential container: mark '{}' essential=false.",
                        c.name, target.name, dep.condition, target.name
                    )));
                }
            }
            "HEALTHY" => {
                if target.health_check.is_none() {
                    return Err(client(format!(
                        "Container '{}' depends on '{}' being HEALTHY, but '{}' has no healthCheck.",
                        c.name, target.name, target.name
                    )));
                }
            }
            other => {
                return Err(client(format!(
                    "Invalid dependsOn condition '{other}'. Use START, COMPLETE, SUCCESS or HEALTHY."
                )));
            }
        }
    }
    Ok(())
}

fn check_dependency_cycles(all: &[ContainerDefinition]) -> Result<(), ApiError> {
    // Depth-first search with colours; at most 10 containers (F4.4).
    fn visit(i: usize, all: &[ContainerDefinition], colour: &mut [u8]) -> Option<usize> {
        colour[i] = 1;
        for dep in &all[i].depends_on {
            let Some(j) = all.iter().position(|o| o.name == dep.container_name) else {
                continue;
            };
            if colour[j] == 1 {
                return Some(j);
            }
            if colour[j] == 0
                && let Some(found) = visit(j, all, colour)
            {
                return Some(found);
            }
        }
        colour[i] = 2;
        None
    }
    let mut colour = vec![0u8; all.len()];
    for i in 0..all.len() {
        if colour[i] == 0
            && let Some(j) = visit(i, all, &mut colour)
        {
            return Err(client(format!(
                "Container dependencies form a cycle through '{}'.",
                all[j].name
            )));
        }
    }
    Ok(())
}

/// The Fargate rules (F2.1–F2.4, F1.5), applied when FARGATE is required
/// (F4.10: "even if EC2 is also specified") and, to fill `compatibilities`,
/// to every definition.
fn check_fargate(req: &RegisterTaskDefinitionRequest, checked: &Checked) -> Result<(), ApiError> {
    check_fargate_task(checked.network_mode, checked.cpu, checked.memory)?;
    let fargate_only = |what: &str| {
        client(format!(
            "The '{what}' parameter is not supported for tasks using the Fargate launch type. Remove it, or register for EC2 only."
        ))
    };
    if req.pid_mode.is_some() {
        return Err(fargate_only("pidMode"));
    }
    if req.ipc_mode.is_some() {
        return Err(fargate_only("ipcMode"));
    }
    if !req.placement_constraints.is_empty() {
        return Err(fargate_only("placementConstraints"));
    }
    for v in &req.volumes {
        if v.host.as_ref().is_some_and(|h| h.source_path.is_some()) {
            return Err(client(format!(
                "Volume '{}' sets host.sourcePath: Fargate supports only bind mounts without a host path.",
                v.name
            )));
        }
    }
    let uses_ecr = req
        .container_definitions
        .iter()
        .any(|c| parse_image(&c.image).is_ok_and(|i| i.ecr.is_some()));
    let uses_awslogs = req.container_definitions.iter().any(|c| {
        c.log_configuration
            .as_ref()
            .is_some_and(|l| l.log_driver == "awslogs")
    });
    if req.execution_role_arn.is_none() {
        // F4.8: the execution role pulls private ECR images and sends awslogs
        // logs. The messages are the ECS API's own, as captured in public
        // issues (virtual-kubelet#193, terraform-provider-aws#3051) [3P].
        if uses_awslogs {
            return Err(client(
                "Fargate requires task definition to have execution role ARN to support log driver awslogs.",
            ));
        }
        if uses_ecr {
            return Err(client(
                "Fargate requires task definition to have execution role ARN to support ECR images.",
            ));
        }
    }
    for c in &req.container_definitions {
        let flags: [(&str, bool); 8] = [
            ("disableNetworking", c.disable_networking.is_some()),
            ("dnsSearchDomains", !c.dns_search_domains.is_empty()),
            ("dnsServers", !c.dns_servers.is_empty()),
            (
                "dockerSecurityOptions",
                !c.docker_security_options.is_empty(),
            ),
            ("extraHosts", !c.extra_hosts.is_empty()),
            ("links", !c.links.is_empty()),
            ("privileged", c.privileged == Some(true)),
            ("systemControls", !c.system_controls.is_empty()),
        ];
        if let Some((what, _)) = flags.iter().find(|(_, set)| *set) {
            return Err(client(format!(
                "The '{what}' parameter is not supported for tasks using the Fargate launch type (container '{}'). Remove it, or register for EC2 only.",
                c.name
            )));
        }
        if let Some(log) = &c.log_configuration
            && !FARGATE_LOG_DRIVERS.contains(&log.log_driver.as_str())
        {
            return Err(client(format!(
                "Log driver '{}' (container '{}') is not supported on Fargate. Fargate supports awslogs, splunk and awsfirelens.",
                log.log_driver, c.name
            )));
        }
        for (what, value) in [
            ("startTimeout", c.start_timeout),
            ("stopTimeout", c.stop_timeout),
        ] {
            if let Some(v) = value {
                check_range(
                    &format!("'{what}' for container '{}'", c.name),
                    v,
                    TIMEOUT_RANGE,
                )?;
            }
        }
        for u in &c.ulimits {
            if u.name == "nofile" && u.hard_limit > FARGATE_MAX_NOFILE {
                return Err(client(format!(
                    "The nofile ulimit of container '{}' can be at most {FARGATE_MAX_NOFILE} on Fargate.",
                    c.name
                )));
            }
        }
    }
    Ok(())
}

/// Fills what AWS fills in the stored definition: `essential` true, `cpu`
/// 0, port mapping protocol tcp (and hostPort = containerPort in awsvpc and
/// host modes), health check interval/timeout/retries defaults (F4.7).
fn normalise(mut c: ContainerDefinition, mode: NetworkMode) -> ContainerDefinition {
    c.essential = Some(c.essential.unwrap_or(true));
    c.cpu = Some(c.cpu.unwrap_or(0));
    for pm in &mut c.port_mappings {
        if pm.protocol.is_none() {
            pm.protocol = Some("tcp".to_owned());
        }
        if matches!(mode, NetworkMode::Awsvpc | NetworkMode::Host) {
            pm.host_port = pm.container_port;
        }
    }
    if let Some(hc) = &mut c.health_check {
        hc.interval.get_or_insert(health::INTERVAL.0);
        hc.timeout.get_or_insert(health::TIMEOUT.0);
        hc.retries.get_or_insert(health::RETRIES.0);
    }
    c
}

/// Container-instance attributes a definition requires (the documented
/// `requiresAttributes` names, ECSDG:task-placement-constraints /
/// container-instance attributes). Only those the simulator can justify.
fn required_attributes(req: &RegisterTaskDefinitionRequest, mode: NetworkMode) -> Vec<Attribute> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |n: String| {
        if !names.contains(&n) {
            names.push(n);
        }
    };
    let ecr = req
        .container_definitions
        .iter()
        .any(|c| parse_image(&c.image).is_ok_and(|i| i.ecr.is_some()));
    if ecr {
        add("com.amazonaws.ecs.capability.ecr-auth".into());
    }
    if req.task_role_arn.is_some() {
        add("com.amazonaws.ecs.capability.task-iam-role".into());
    }
    if req.execution_role_arn.is_some() && ecr {
        add("ecs.capability.execution-role-ecr-pull".into());
    }
    for c in &req.container_definitions {
        if let Some(log) = &c.log_configuration {
            add(format!(
                "com.amazonaws.ecs.capability.logging-driver.{}",
                log.log_driver
            ));
            if log.log_driver == "awslogs" && req.execution_role_arn.is_some() {
                add("ecs.capability.execution-role-awslogs".into());
            }
        }
        if c.health_check.is_some() {
            add("ecs.capability.container-health-check".into());
        }
        if !c.depends_on.is_empty() {
            add("ecs.capability.container-ordering".into());
        }
    }
    if mode == NetworkMode::Awsvpc {
        add("ecs.capability.task-eni".into());
    }
    names.into_iter().map(|name| Attribute { name }).collect()
}

// ------------------------------------------------------------- handlers ---

const TOKEN_PREFIX: &str = "stv1-";

fn encode_token(last: &str) -> String {
    let hex: String = last.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

fn decode_token(token: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::invalid_parameter(
            "Invalid nextToken: pass back exactly the nextToken a previous call returned.",
        )
    };
    let hex = token.strip_prefix(TOKEN_PREFIX).ok_or_else(bad)?;
    if hex.is_empty() || !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return Err(bad());
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    String::from_utf8(bytes.ok_or_else(bad)?).map_err(|_| bad())
}

fn max_results(n: Option<i64>) -> Result<usize, ApiError> {
    match n {
        None => Ok(100),
        Some(n) if (1..=100).contains(&n) => Ok(n as usize),
        Some(n) => Err(ApiError::invalid_parameter(format!(
            "maxResults must be between 1 and 100; {n} was given."
        ))),
    }
}

fn not_found() -> ApiError {
    client("Unable to describe task definition.")
}

impl Sim {
    fn task_definition_arn(&self, family: &str, revision: u32) -> String {
        self.arns
            .arn("ecs", &format!("task-definition/{family}:{revision}"))
    }

    /// `(family, Some(revision))` from `family`, `family:revision` or an ARN
    /// of this account and region.
    fn split_reference<'a>(&self, reference: &'a str) -> Option<(&'a str, Option<u32>)> {
        let body = if reference.starts_with("arn:") {
            self.arns
                .resource("ecs", reference)?
                .strip_prefix("task-definition/")?
        } else {
            reference
        };
        match body.split_once(':') {
            Some((family, rev)) => {
                let rev: u32 = rev.parse().ok().filter(|r| *r > 0)?;
                is_valid_name(family).then_some((family, Some(rev)))
            }
            None => is_valid_name(body).then_some((body, None)),
        }
    }

    /// Any revision by reference, whatever its status; a bare family means
    /// its latest ACTIVE revision.
    fn lookup_task_definition(
        &self,
        reference: &str,
    ) -> Option<&std::sync::Arc<TaskDefinitionRecord>> {
        let (family, revision) = self.split_reference(reference)?;
        let fam = self.state.task_definitions.get(family)?;
        match revision {
            Some(r) => fam.revisions.get(&r),
            None => fam
                .revisions
                .values()
                .rev()
                .find(|r| r.status() == TaskDefinitionStatus::Active),
        }
    }

    /// For RunTask / StartTask / CreateService / UpdateService: a task
    /// definition that may be used for NEW tasks. `family` → latest ACTIVE
    /// revision; `family:revision` or ARN → that revision, which must be
    /// ACTIVE (AWS refuses INACTIVE ones for new tasks and services, F4.3).
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn resolve_task_definition(
        &self,
        reference: &str,
    ) -> Result<&std::sync::Arc<TaskDefinitionRecord>, ApiError> {
        let record = self
            .lookup_task_definition(reference)
            .ok_or_else(|| client("Unable to find task definition."))?;
        if record.status() != TaskDefinitionStatus::Active {
            return Err(client("TaskDefinition is inactive"));
        }
        Ok(record)
    }

    /// A revision by its full ARN, whatever its status: for tasks and
    /// services that already use it (they keep running after deregistration).
    #[allow(dead_code)] // internal API for the task and placement code
    pub(crate) fn task_definition_by_arn(&self, arn: &str) -> Option<&TaskDefinitionRecord> {
        // An ARN the engine made (a task's): no name checks, a name that
        // fails them is not stored anyway.
        let (family, revision) = self
            .arns
            .resource("ecs", arn)?
            .strip_prefix("task-definition/")?
            .split_once(':')?;
        self.state
            .task_definitions
            .get(family)?
            .revisions
            .get(&revision.parse().ok()?)
            .map(|r| &**r)
    }

    pub(crate) fn register_task_definition(
        &mut self,
        req: RegisterTaskDefinitionRequest,
    ) -> Result<RegisterTaskDefinitionResponse, ApiError> {
        let checked = check_common(&req)?;
        let fargate = check_fargate(&req, &checked);
        if checked.requires.contains(&Compatibility::Fargate) {
            fargate.clone()?;
        }
        let mode = checked.network_mode.unwrap_or(NetworkMode::Bridge);
        let mut compatibilities = vec![Compatibility::Ec2];
        if fargate.is_ok() {
            compatibilities.push(Compatibility::Fargate);
        }
        let family = req.family.clone();
        let revision = self
            .state
            .task_definitions
            .get(&family)
            .map_or(1, |f| f.last_revision + 1);
        let arn = self.task_definition_arn(&family, revision);
        let def = TaskDefinition {
            task_definition_arn: arn.clone(),
            requires_attributes: required_attributes(&req, mode),
            container_definitions: req
                .container_definitions
                .iter()
                .cloned()
                .map(|c| normalise(c, mode))
                .collect(),
            family: family.clone(),
            task_role_arn: req.task_role_arn.clone(),
            execution_role_arn: req.execution_role_arn.clone(),
            network_mode: checked.network_mode,
            revision,
            volumes: req.volumes.clone(),
            status: TaskDefinitionStatus::Active,
            placement_constraints: req.placement_constraints.clone(),
            compatibilities,
            runtime_platform: req.runtime_platform.clone(),
            requires_compatibilities: checked.requires.clone(),
            cpu: checked.cpu.map(|c| c.to_string()),
            memory: checked.memory.map(|m| m.to_string()),
            pid_mode: req.pid_mode.clone(),
            ipc_mode: req.ipc_mode.clone(),
            registered_at: self.now.epoch_seconds(self.config.start_epoch_ms),
            deregistered_at: None,
            registered_by: format!("arn:aws:iam::{}:{REGISTERED_BY}", self.config.account_id),
            ephemeral_storage: req.ephemeral_storage.clone(),
        };
        let record = TaskDefinitionRecord {
            def: def.clone(),
            tags: req.tags.clone(),
            registered_at: self.now,
            deregistered_at: None,
        };
        let fam = self
            .state
            .task_definitions
            .entry(family.clone())
            .or_insert_with(|| FamilyRecord {
                name: family,
                last_revision: 0,
                revisions: BTreeMap::new(),
            });
        fam.last_revision = revision;
        fam.revisions.insert(revision, std::sync::Arc::new(record));
        self.emit(EventKind::TaskDefinitionRegistered {
            task_definition_arn: arn,
        });
        Ok(RegisterTaskDefinitionResponse {
            task_definition: def,
            tags: req.tags,
        })
    }

    pub(crate) fn describe_task_definition(
        &self,
        req: DescribeTaskDefinitionRequest,
    ) -> Result<DescribeTaskDefinitionResponse, ApiError> {
        if req.task_definition.is_empty() {
            return Err(client("TaskDefinition cannot be empty."));
        }
        let record = self
            .lookup_task_definition(&req.task_definition)
            .ok_or_else(not_found)?;
        Ok(DescribeTaskDefinitionResponse {
            task_definition: record.def.clone(),
            tags: req
                .include
                .contains(&TaskDefinitionField::Tags)
                .then(|| record.tags.clone()),
        })
    }

    pub(crate) fn list_task_definitions(
        &self,
        req: ListTaskDefinitionsRequest,
    ) -> Result<ListTaskDefinitionsResponse, ApiError> {
        let max = max_results(req.max_results)?;
        let status = req.status.unwrap_or(TaskDefinitionStatus::Active);
        let desc = req.sort == Some(SortOrder::Desc);
        // Sort key: family, then revision (zero-padded so text order is numeric).
        let mut keyed: Vec<(String, &str)> = self
            .state
            .task_definitions
            .values()
            // BOTO-ECS:ListTaskDefinitionsRequest.familyPrefix is "the full
            // family name" here (unlike ListTaskDefinitionFamilies, a prefix).
            .filter(|f| req.family_prefix.as_deref().is_none_or(|p| f.name == p))
            .flat_map(|f| f.revisions.values())
            .filter(|r| r.status() == status)
            .map(|r| (format!("{}:{:010}", r.def.family, r.def.revision), r.arn()))
            .collect();
        keyed.sort();
        if desc {
            keyed.reverse();
        }
        let after = req.next_token.as_deref().map(decode_token).transpose()?;
        let rest: Vec<&(String, &str)> = keyed
            .iter()
            .filter(|(k, _)| match &after {
                None => true,
                Some(a) if desc => k < a,
                Some(a) => k > a,
            })
            .collect();
        let page: Vec<&(String, &str)> = rest.iter().take(max).copied().collect();
        let next_token = (rest.len() > max)
            .then(|| page.last().map(|(k, _)| encode_token(k)))
            .flatten();
        Ok(ListTaskDefinitionsResponse {
            task_definition_arns: page.iter().map(|(_, a)| (*a).to_owned()).collect(),
            next_token,
        })
    }

    pub(crate) fn list_task_definition_families(
        &self,
        req: ListTaskDefinitionFamiliesRequest,
    ) -> Result<ListTaskDefinitionFamiliesResponse, ApiError> {
        let max = max_results(req.max_results)?;
        let status = req.status.unwrap_or(FamilyStatus::Active);
        let after = req.next_token.as_deref().map(decode_token).transpose()?;
        let names: Vec<&str> = self
            .state
            .task_definitions
            .values()
            .filter(|f| {
                req.family_prefix
                    .as_deref()
                    .is_none_or(|p| f.name.starts_with(p))
            })
            .filter(|f| {
                let active = f
                    .revisions
                    .values()
                    .any(|r| r.status() == TaskDefinitionStatus::Active);
                match status {
                    FamilyStatus::Active => active,
                    FamilyStatus::Inactive => !active,
                    FamilyStatus::All => true,
                }
            })
            .map(|f| f.name.as_str())
            .filter(|n| after.as_deref().is_none_or(|a| *n > a))
            .collect();
        let page: Vec<String> = names.iter().take(max).map(|n| (*n).to_owned()).collect();
        let next_token = (names.len() > max)
            .then(|| page.last().map(|n| encode_token(n)))
            .flatten();
        Ok(ListTaskDefinitionFamiliesResponse {
            families: page,
            next_token,
        })
    }

    pub(crate) fn deregister_task_definition(
        &mut self,
        req: DeregisterTaskDefinitionRequest,
    ) -> Result<DeregisterTaskDefinitionResponse, ApiError> {
        let Some((family, revision)) = self.split_reference(&req.task_definition) else {
            return Err(client(format!(
                "Invalid task definition '{}'. Use family:revision or the full ARN.",
                req.task_definition
            )));
        };
        let Some(revision) = revision else {
            return Err(client(
                "The task definition must be given as family:revision or a full ARN (a revision number is required to deregister).",
            ));
        };
        let now = self.now;
        let epoch = now.epoch_seconds(self.config.start_epoch_ms);
        let record = self
            .state
            .task_definitions
            .get_mut(family)
            .and_then(|f| f.revisions.get_mut(&revision))
            .map(std::sync::Arc::make_mut)
            .ok_or_else(|| client("The specified task definition does not exist."))?;
        if record.def.status != TaskDefinitionStatus::Active {
            // Deregistering again changes nothing.
            return Ok(DeregisterTaskDefinitionResponse {
                task_definition: record.def.clone(),
            });
        }
        record.def.status = TaskDefinitionStatus::Inactive;
        record.def.deregistered_at = Some(epoch);
        record.deregistered_at = Some(now);
        let def = record.def.clone();
        self.emit(EventKind::TaskDefinitionDeregistered {
            task_definition_arn: def.task_definition_arn.clone(),
        });
        Ok(DeregisterTaskDefinitionResponse {
            task_definition: def,
        })
    }

    /// Only INACTIVE revisions can be deleted; they become
    /// DELETE_IN_PROGRESS (BOTO-ECS:DeleteTaskDefinitions). MODEL: the
    /// record stays describable in that status (AWS removes it once no task
    /// or service uses it; the task code can do that).
    pub(crate) fn delete_task_definitions(
        &mut self,
        req: DeleteTaskDefinitionsRequest,
    ) -> Result<DeleteTaskDefinitionsResponse, ApiError> {
        if req.task_definitions.is_empty() || req.task_definitions.len() > 10 {
            return Err(ApiError::invalid_parameter(
                "taskDefinitions must list 1 to 10 task definitions (family:revision or ARN).",
            ));
        }
        let mut deleted = Vec::new();
        let mut failures = Vec::new();
        for reference in &req.task_definitions {
            let found = self
                .split_reference(reference)
                .and_then(|(f, r)| Some((f.to_owned(), r?)));
            let Some((family, revision)) = found else {
                failures.push(Failure {
                    arn: reference.clone(),
                    reason: "The specified task definition identifier is invalid. Specify a valid name or ARN and try again.".into(),
                });
                continue;
            };
            let Some(record) = self
                .state
                .task_definitions
                .get_mut(&family)
                .and_then(|f| f.revisions.get_mut(&revision))
                .map(std::sync::Arc::make_mut)
            else {
                failures.push(Failure {
                    arn: reference.clone(),
                    reason: "The specified task definition does not exist. Specify a valid account, family, revision and try again.".into(),
                });
                continue;
            };
            match record.def.status {
                TaskDefinitionStatus::Active => failures.push(Failure {
                    arn: record.def.task_definition_arn.clone(),
                    reason: "The specified task definition is still in ACTIVE status. Please deregister the target and try again.".into(),
                }),
                TaskDefinitionStatus::Inactive => {
                    record.def.status = TaskDefinitionStatus::DeleteInProgress;
                    deleted.push(record.def.clone());
                }
                TaskDefinitionStatus::DeleteInProgress => deleted.push(record.def.clone()),
            }
        }
        for def in &deleted {
            self.emit(EventKind::TaskDefinitionDeleted {
                task_definition_arn: def.task_definition_arn.clone(),
            });
        }
        Ok(DeleteTaskDefinitionsResponse {
            task_definitions: deleted,
            failures,
        })
    }

    /// The task definitions part of [`Sim::view`].
    pub(crate) fn task_definition_views(&self) -> Vec<crate::view::TaskDefinitionView> {
        self.state
            .task_definitions
            .values()
            .flat_map(|f| f.revisions.values())
            .map(|r| crate::view::TaskDefinitionView {
                arn: r.arn().to_owned(),
                family: r.def.family.clone(),
                revision: r.def.revision,
                status: match r.status() {
                    TaskDefinitionStatus::Active => "ACTIVE",
                    TaskDefinitionStatus::Inactive => "INACTIVE",
                    TaskDefinitionStatus::DeleteInProgress => "DELETE_IN_PROGRESS",
                }
                .to_owned(),
                network_mode: r.network_mode().as_str().to_owned(),
                cpu: r.task_cpu(),
                memory: r.task_memory(),
                fargate_compatible: r.is_fargate_compatible(),
                containers: r
                    .containers()
                    .iter()
                    .map(|c| (c.name.clone(), c.image.clone()))
                    .collect(),
                task_role_arn: r.def.task_role_arn.clone(),
                execution_role_arn: r.def.execution_role_arn.clone(),
            })
            .collect()
    }

    /// Task definition invariants, called from [`Sim::check_invariants`].
    pub(crate) fn check_task_definition_invariants(&self) -> Result<(), String> {
        for (name, fam) in &self.state.task_definitions {
            if name != &fam.name || fam.revisions.is_empty() {
                return Err(format!("family '{name}' is misfiled or empty"));
            }
            if fam.revisions.keys().next_back() > Some(&fam.last_revision) {
                return Err(format!("family '{name}' has a revision above its counter"));
            }
            for (rev, r) in &fam.revisions {
                if r.def.revision != *rev
                    || r.def.family != *name
                    || r.def.task_definition_arn != self.task_definition_arn(name, *rev)
                {
                    return Err(format!("revision {name}:{rev} is misfiled"));
                }
                let inactive = r.def.status != TaskDefinitionStatus::Active;
                if inactive != r.deregistered_at.is_some() {
                    return Err(format!(
                        "revision {name}:{rev} status/deregisteredAt disagree"
                    ));
                }
                if r.def
                    .requires_compatibilities
                    .contains(&Compatibility::Fargate)
                    && !r.is_fargate_compatible()
                {
                    return Err(format!(
                        "revision {name}:{rev} requires FARGATE but is not compatible"
                    ));
                }
            }
        }
        Ok(())
    }
}

pub mod roles;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;

/// A container's cpu or memory as placement counts it: negative as 0, huge
/// values capped rather than wrapped.
fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}
