//! The capacity provider API shapes (requests, responses, the
//! CapacityProvider and strategy item types) and the record the engine
//! stores for an Auto Scaling group provider.

use crate::ecs::tags::Tag;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `CapacityProviderStrategyItem` (F9.6): weight and base default to 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub base: i64,
}

/// `ManagedScaling` (F9.3), defaults filled in as AWS reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedScaling {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_scaling_step_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_scaling_step_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_warmup_period: Option<i64>,
}

impl ManagedScaling {
    /// F9.3's defaults: DISABLED (this simulator's default when the
    /// request leaves it out), target 100 %, steps 1 to 10,000, warm-up
    /// 300 s.
    pub fn defaults() -> ManagedScaling {
        ManagedScaling {
            status: Some("DISABLED".into()),
            target_capacity: Some(100),
            minimum_scaling_step_size: Some(1),
            maximum_scaling_step_size: Some(10_000),
            instance_warmup_period: Some(300),
        }
    }

    /// These settings with the ones `given` sets replacing them.
    pub fn merged(&self, given: Option<&ManagedScaling>) -> ManagedScaling {
        let Some(g) = given else {
            return self.clone();
        };
        ManagedScaling {
            status: g.status.clone().or_else(|| self.status.clone()),
            target_capacity: g.target_capacity.or(self.target_capacity),
            minimum_scaling_step_size: g
                .minimum_scaling_step_size
                .or(self.minimum_scaling_step_size),
            maximum_scaling_step_size: g
                .maximum_scaling_step_size
                .or(self.maximum_scaling_step_size),
            instance_warmup_period: g.instance_warmup_period.or(self.instance_warmup_period),
        }
    }

    pub fn enabled(&self) -> bool {
        self.status.as_deref() == Some("ENABLED")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoScalingGroupProvider {
    pub auto_scaling_group_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_scaling: Option<ManagedScaling>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_termination_protection: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_draining: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoScalingGroupProviderUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_scaling: Option<ManagedScaling>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_termination_protection: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_draining: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCapacityProviderRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_provider: Option<AutoScalingGroupProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_instances_provider: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// The `CapacityProvider` shape, fields in botocore's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProvider {
    pub capacity_provider_arn: String,
    pub name: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_provider: Option<AutoScalingGroupProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_status_reason: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCapacityProviderResponse {
    pub capacity_provider: CapacityProvider,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeCapacityProvidersRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_providers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeCapacityProvidersResponse {
    pub capacity_providers: Vec<CapacityProvider>,
    pub failures: Vec<crate::ecs::cluster::Failure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteCapacityProviderRequest {
    pub capacity_provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteCapacityProviderResponse {
    pub capacity_provider: CapacityProvider,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCapacityProviderRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_provider: Option<AutoScalingGroupProviderUpdate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_instances_provider: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCapacityProviderResponse {
    pub capacity_provider: CapacityProvider,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutClusterCapacityProvidersRequest {
    pub cluster: String,
    pub capacity_providers: Vec<String>,
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PutClusterCapacityProvidersResponse {
    pub cluster: crate::ecs::cluster::Cluster,
}

/// An Auto Scaling group capacity provider as the engine stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityProviderRecord {
    pub name: String,
    pub arn: String,
    /// The group's name and ARN at creation.
    pub asg_name: String,
    pub asg_arn: String,
    /// Cluster auto scaling's settings (F9.3), every field filled.
    pub managed_scaling: ManagedScaling,
    pub managed_termination_protection: String,
    pub managed_draining: Option<String>,
    /// ACTIVE or INACTIVE (deleted).
    pub active: bool,
    pub update_status: Option<&'static str>,
    pub update_status_reason: Option<String>,
    pub tags: Vec<Tag>,
}
