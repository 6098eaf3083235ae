//! A plain-data picture of the simulated account, for reading: the sandbox
//! draws it, tests compare it. Built fresh by [`crate::Sim::view`]; holds no
//! references into the engine.

use crate::ecs::cluster::ClusterStatus;
use crate::time::SimTime;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub now: SimTime,
    pub account_id: String,
    pub region: String,
    /// Every cluster the account can still describe (ACTIVE and INACTIVE),
    /// sorted by name.
    pub clusters: Vec<ClusterView>,
    /// Every describable task definition revision, by family then revision.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub task_definitions: Vec<TaskDefinitionView>,
    /// IAM roles, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleView>,
    /// ECR repositories, sorted by name (omitted from JSON when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repositories: Vec<crate::ecr::RepositoryView>,
    /// EC2 instances (not yet forgotten), by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<InstanceView>,
    /// Container instances (ACTIVE, DRAINING, INACTIVE), by ARN.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub container_instances: Vec<ContainerInstanceView>,
    /// Tasks (stopped ones until they are forgotten), by ARN.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskView>,
    /// Faults in force (engine/src/faults.rs), one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<String>,
    /// Services and their deployments (PRIMARY first), by ARN.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<crate::ecs::deployment::ServiceView>,
    /// ECS account settings set explicitly, by principal then name (the
    /// rest are the root user's, else AWS's defaults).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_settings: Vec<AccountSettingView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSettingView {
    pub name: String,
    /// `arn:aws:iam::<account>:root` for the account default.
    pub principal_arn: String,
    pub value: String,
    /// Whether the simulator models the setting's effect (awsvpcTrunking);
    /// the others are only stored and listed.
    pub simulated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionView {
    pub arn: String,
    pub family: String,
    pub revision: u32,
    /// ACTIVE, INACTIVE or DELETE_IN_PROGRESS.
    pub status: String,
    pub network_mode: String,
    /// Task-level cpu units and MiB, if given.
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub fargate_compatible: bool,
    /// (container name, image) pairs.
    pub containers: Vec<(String, String)>,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleView {
    pub name: String,
    pub arn: String,
    /// Service principals the trust policy names (`ecs-tasks.amazonaws.com`).
    pub trusted_services: Vec<String>,
    pub managed_policies: Vec<String>,
    pub inline_policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterView {
    pub name: String,
    pub arn: String,
    pub status: ClusterStatus,
    pub registered_container_instances: u32,
    pub running_tasks: u32,
    pub pending_tasks: u32,
    pub active_services: u32,
    pub tags: Vec<(String, String)>,
    pub created_at: SimTime,
    /// Capacity providers associated with the cluster (F9.6).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity_providers: Vec<String>,
    /// The default strategy: (capacity provider, weight, base).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_capacity_provider_strategy: Vec<(String, i64, i64)>,
}

impl View {
    pub fn active_clusters(&self) -> impl Iterator<Item = &ClusterView> {
        self.clusters
            .iter()
            .filter(|c| c.status == ClusterStatus::Active)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceView {
    pub id: String,
    pub instance_type: String,
    pub state: String,
    pub availability_zone: String,
    pub subnet_id: String,
    pub auto_scaling_group: Option<String>,
    /// Its public IPv4 address (default subnets map one on launch; released
    /// at shutdown): what `curl` from the internet reaches (engine::reach).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstanceView {
    pub arn: String,
    pub cluster_arn: String,
    pub ec2_instance_id: String,
    pub status: String,
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub remaining_cpu: u32,
    pub remaining_memory: u32,
    /// awsvpc task ENIs the instance can hold (F3.5: ENIs − 1, or the trunk
    /// limit when trunked) and holds now.
    pub eni_slots: u32,
    pub enis_used: u32,
    /// The trunk ENI's attachment id (`ecs.awsvpc-trunk-id`) when the
    /// instance registered with ENI trunking (F3.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trunk_id: Option<String>,
    pub running_tasks: u32,
    pub pending_tasks: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView {
    pub arn: String,
    pub cluster_arn: String,
    pub task_definition_arn: String,
    pub launch_type: String,
    pub last_status: String,
    pub desired_status: String,
    pub container_instance_arn: Option<String>,
    pub availability_zone: String,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    /// The capacity provider the task runs on (FARGATE, FARGATE_SPOT or an
    /// Auto Scaling group provider), if it was started with a strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider: Option<String>,
    /// F1.11: HEALTHY, UNHEALTHY or UNKNOWN, for tasks with a container
    /// health check (engine/src/ecs/health.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_status: Option<String>,
    /// Containers of a live task that exited (non-essential, F1.9).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stopped_containers: Vec<String>,
    /// What each container's process wrote (engine/src/ecs/aws_cli.rs),
    /// for containers that wrote anything.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub container_logs: Vec<ContainerLogView>,
    /// A live Fargate task's public IPv4 address (assignPublicIp ENABLED,
    /// F2.3): what `curl` from the internet reaches (engine::reach).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

/// One container's log lines, and where AWS would keep them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerLogView {
    pub container: String,
    /// The definition's `logConfiguration.logDriver` (`awslogs` sends the
    /// lines to CloudWatch Logs; without a log driver AWS keeps them only
    /// on the host), `None` when not set.
    pub log_driver: Option<String>,
    /// `awslogs-group` when the driver is awslogs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
    /// `(time, line)`, oldest first.
    pub lines: Vec<(SimTime, String)>,
    /// The container's exit code once it exited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
}
