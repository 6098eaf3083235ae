//! Everything the simulated account holds. Ordered collections only
//! (`BTreeMap`), so iteration order, and with it every trace, is deterministic.
//!
//! Services, tasks and container instances are created by the task, service
//! and capacity actions; clusters count them and refuse deletion while any are
//! active.

use crate::ecs::cluster::ClusterRecord;
use crate::ecs::task_definition::FamilyRecord;
use crate::iam::{InstanceProfileRecord, RoleRecord};
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub launch_type: LaunchType,
    pub status: TaskStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerInstanceRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub registered: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// By cluster name.
    pub clusters: BTreeMap<String, ClusterRecord>,
    /// By ARN.
    pub services: BTreeMap<String, ServiceRecord>,
    pub tasks: BTreeMap<String, TaskRecord>,
    pub container_instances: BTreeMap<String, ContainerInstanceRecord>,
    /// Task definition families by family name (revisions inside).
    pub task_definitions: BTreeMap<String, FamilyRecord>,
    /// IAM roles by role name.
    pub roles: BTreeMap<String, RoleRecord>,
    /// IAM instance profiles by name.
    pub instance_profiles: BTreeMap<String, InstanceProfileRecord>,
}
