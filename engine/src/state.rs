//! Everything the simulated account holds. Ordered collections only
//! (`BTreeMap`), so iteration order, and with it every trace, is deterministic.
//!
//! Services, tasks and container instances are created by the task, service
//! and capacity actions; clusters count them and refuse deletion while any are
//! active.

use crate::autoscaling::group::AutoScalingGroupRecord;
use crate::ec2::instance::InstanceRecord;
use crate::ec2::launch_template::LaunchTemplateRecord;
use crate::ec2::security_group::SecurityGroupRecord;
use crate::ec2::vpc::{SubnetRecord, VpcRecord};
use crate::ecs::cluster::ClusterRecord;
pub use crate::ecs::container_instance::ContainerInstanceRecord;
use crate::ecs::task_definition::FamilyRecord;
use crate::iam::{InstanceProfileRecord, RoleRecord};
use crate::time::SimTime;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LaunchType {
    Ec2,
    Fargate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskStatus {
    Pending,
    Running,
    Stopping,
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ServiceStatus {
    Active,
    Draining,
    Inactive,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub launch_type: LaunchType,
    pub status: ServiceStatus,
    /// Everything else about the service (engine/src/ecs/service.rs).
    pub detail: crate::ecs::service::ServiceDetail,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub launch_type: LaunchType,
    pub status: TaskStatus,
    /// EC2 launch type: the container instance the task was placed on.
    pub container_instance_arn: Option<String>,
    /// CPU units and MiB the task reserves on its instance.
    pub cpu: u32,
    pub memory: u32,
    /// Host ports the task holds on its instance.
    pub host_ports: Vec<u16>,
    /// awsvpc: the task has its own ENI (F3.5).
    pub uses_eni: bool,
    /// `task:group` (`family:<name>` or `service:<name>`).
    pub group: String,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    pub stopped_at: Option<SimTime>,
    /// The task's lifecycle (engine/src/ecs/run_task.rs).
    pub life: crate::ecs::run_task::TaskLife,
}

impl TaskRecord {
    /// A task with no resources yet (tests and callers fill in the rest).
    pub fn new(arn: &str, cluster_arn: &str, launch_type: LaunchType, status: TaskStatus) -> Self {
        TaskRecord {
            arn: arn.to_owned(),
            cluster_arn: cluster_arn.to_owned(),
            launch_type,
            status,
            container_instance_arn: None,
            cpu: 0,
            memory: 0,
            host_ports: Vec::new(),
            uses_eni: false,
            group: String::new(),
            stop_code: None,
            stopped_reason: None,
            stopped_at: None,
            life: crate::ecs::run_task::TaskLife::default(),
        }
    }

    /// PENDING, RUNNING and STOPPING tasks hold their instance's resources.
    pub fn holds_resources(&self) -> bool {
        self.status != TaskStatus::Stopped
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// By cluster name.
    pub clusters: BTreeMap<String, ClusterRecord>,
    /// By ARN.
    pub services: BTreeMap<String, ServiceRecord>,
    pub tasks: BTreeMap<String, TaskRecord>,
    pub container_instances: BTreeMap<String, ContainerInstanceRecord>,
    /// EC2 and Auto Scaling, by id (groups by name).
    pub vpcs: BTreeMap<String, VpcRecord>,
    pub subnets: BTreeMap<String, SubnetRecord>,
    pub security_groups: BTreeMap<String, SecurityGroupRecord>,
    pub launch_templates: BTreeMap<String, LaunchTemplateRecord>,
    pub instances: BTreeMap<String, InstanceRecord>,
    pub auto_scaling_groups: BTreeMap<String, AutoScalingGroupRecord>,
    /// How the last RunTask/StartTask placed its tasks (F5.1), for
    /// explanations.
    pub last_placement: Vec<crate::ecs::placement::PlacementExplanation>,
    /// Counter behind EC2/ECS resource ids (see `ec2::Sim::new_ec2_id`).
    pub next_id: u64,
    /// Task definition families by family name (revisions inside).
    pub task_definitions: BTreeMap<String, FamilyRecord>,
    /// IAM roles by role name.
    pub roles: BTreeMap<String, RoleRecord>,
    /// IAM instance profiles by name.
    pub instance_profiles: BTreeMap<String, InstanceProfileRecord>,
    /// ECR repositories and images, and the learner's local Docker.
    pub ecr: crate::ecr::EcrState,
    /// Auto Scaling group capacity providers by name (FARGATE and
    /// FARGATE_SPOT are built in, not stored): engine/src/ecs/capacity_provider.rs.
    pub capacity_providers: BTreeMap<String, crate::ecs::capacity_provider::CapacityProviderRecord>,
    /// Faults injected by the learner or a benchmark (engine/src/faults.rs).
    pub faults: crate::faults::FaultState,
    /// ECS account settings (engine/src/ecs/account_settings.rs).
    pub account_settings: crate::ecs::account_settings::AccountSettings,
    /// CloudWatch Logs log groups by name (engine/src/logs.rs).
    pub log_groups: BTreeMap<String, crate::logs::LogGroupRecord>,
}
