//! The service record the engine keeps (`ServiceDetail`), its scheduling
//! strategy, and the CreateService, DescribeServices, ListServices,
//! UpdateService and DeleteService shapes.

use crate::ecs::capacity_provider::CapacityProviderStrategyItem;
use crate::ecs::deployment::{
    Deployment, DeploymentConfiguration, DeploymentRecord, DeploymentSettings,
};
use crate::ecs::placement::{PlacementConstraint, PlacementStrategy};
use crate::ecs::run_task::NetworkConfiguration;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceDetail {
    pub name: String,
    pub task_definition_arn: String,
    pub desired_count: u32,
    pub network_configuration: Option<NetworkConfiguration>,
    pub placement_strategy: Vec<PlacementStrategy>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub created_at: SimTime,
    pub deployment_id: String,
    /// Newest first: (time, id, message). (A deque: a new event goes in
    /// front without moving the other 99.)
    pub events: std::collections::VecDeque<(SimTime, String, String)>,
    /// Consecutive tasks that stopped before RUNNING (F6.6).
    pub failures_in_a_row: usize,
    /// A reconcile is scheduled (throttled).
    pub retry_pending: bool,
    /// PRIMARY first, then ACTIVE ones (F6.2).
    pub deployments: Vec<DeploymentRecord>,
    pub deployment_configuration: DeploymentSettings,
    /// The last COMPLETED deployment (id, task definition): where a
    /// circuit-breaker rollback returns to (F6.3).
    pub last_completed: Option<(String, String)>,
    /// REPLICA or DAEMON (F5.7). A DAEMON service's `desired_count` is
    /// computed by its scheduler: the ACTIVE instances it should run on.
    pub scheduling_strategy: SchedulingStrategy,
    /// F6.4: seconds after a task reached RUNNING during which the
    /// scheduler ignores its health-check status. `None` when the request
    /// did not give it (same as 0, F6.4 default; MODEL: DescribeServices
    /// shows the member only when it was given).
    pub health_check_grace_period_seconds: Option<u32>,
    /// F9.6: the capacity provider strategy (given, or the cluster's
    /// default copied at creation); empty for a launch-type service.
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    /// Its target groups (F6.8; ecs/service/load_balancers.rs).
    pub load_balancers: Vec<crate::ecs::service::LoadBalancer>,
}

/// F5.7: how a service schedules its tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SchedulingStrategy {
    /// `desiredCount` tasks placed by the placement strategies (F6).
    #[default]
    Replica,
    /// One task per ACTIVE container instance that meets the placement
    /// constraints (F5.7, engine/src/ecs/daemon.rs).
    Daemon,
}

impl SchedulingStrategy {
    pub fn as_str(self) -> &'static str {
        match self {
            SchedulingStrategy::Replica => "REPLICA",
            SchedulingStrategy::Daemon => "DAEMON",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateServiceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub service_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancers: Option<Vec<crate::ecs::service::LoadBalancer>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_controller: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_registries: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: f64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_arn: String,
    pub service_name: String,
    pub cluster_arn: String,
    pub status: &'static str,
    pub desired_count: u32,
    pub running_count: u32,
    pub pending_count: u32,
    /// Absent for a service that uses a capacity provider strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub task_definition: String,
    /// MODEL: shown only when the service has load balancers (AWS shows
    /// `[]` otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<crate::ecs::service::LoadBalancer>,
    pub deployment_configuration: DeploymentSettings,
    pub deployments: Vec<Deployment>,
    pub events: Vec<ServiceEvent>,
    pub created_at: f64,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<u32>,
    pub scheduling_strategy: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateServiceResponse {
    pub service: Service,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeServicesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DescribeServicesResponse {
    pub services: Vec<Service>,
    pub failures: Vec<crate::ecs::cluster::Failure>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListServicesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListServicesResponse {
    pub service_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateServiceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_new_deployment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<i64>,
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancers: Option<Vec<crate::ecs::service::LoadBalancer>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateServiceResponse {
    pub service: Service,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteServiceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeleteServiceResponse {
    pub service: Service,
}
