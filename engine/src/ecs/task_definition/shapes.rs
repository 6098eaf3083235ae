//! The task definition API shapes: the enums and the container, volume and
//! task definition types AWS returns, and the request and response of each
//! action.

use crate::ecs::cluster::Failure;
use crate::ecs::tags::Tag;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    Bridge,
    Host,
    Awsvpc,
    None,
}

impl NetworkMode {
    pub(crate) fn as_str(self) -> &'static str {
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
    pub efs_volume_configuration: Option<EfsVolumeConfiguration>,
    /// Amazon S3 Files (F23.7): kept only to be refused with a clear
    /// message — an S3 bucket is not a task volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3files_volume_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fsx_windows_file_server_volume_configuration: Option<Value>,
}

/// BOTO-ECS:EFSVolumeConfiguration (F23.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EfsVolumeConfiguration {
    pub file_system_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_directory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_encryption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_encryption_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_config: Option<EfsAuthorizationConfig>,
}

impl EfsVolumeConfiguration {
    pub fn transit_encrypted(&self) -> bool {
        self.transit_encryption.as_deref() == Some("ENABLED")
    }

    pub fn access_point_id(&self) -> Option<&str> {
        self.authorization_config
            .as_ref()
            .and_then(|a| a.access_point_id.as_deref())
    }

    pub fn iam_enabled(&self) -> bool {
        self.authorization_config
            .as_ref()
            .is_some_and(|a| a.iam.as_deref() == Some("ENABLED"))
    }
}

/// BOTO-ECS:EFSAuthorizationConfig.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EfsAuthorizationConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_point_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<String>,
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
