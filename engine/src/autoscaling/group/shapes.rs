//! The Auto Scaling group and activity records the engine stores, and the
//! API shapes (botocore `autoscaling`, PascalCase members).

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchTemplateSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub id: String,
    pub description: String,
    pub cause: String,
    pub start_time: SimTime,
    pub end_time: Option<SimTime>,
    pub status_code: &'static str,
    pub instance_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AutoScalingGroupRecord {
    pub name: String,
    pub arn: String,
    pub launch_template_id: String,
    pub launch_template_version: String,
    pub min_size: u32,
    pub max_size: u32,
    pub desired_capacity: u32,
    pub subnets: Vec<String>,
    pub created_at: SimTime,
    pub deleting: bool,
    /// Oldest first.
    pub activities: Vec<ActivityRecord>,
    /// New instances start protected from scale-in (ASUG
    /// ec2-auto-scaling-instance-protection).
    pub new_instances_protected_from_scale_in: bool,
    /// DefaultInstanceWarmup, seconds (ASUG
    /// ec2-auto-scaling-default-instance-warmup).
    pub default_instance_warmup: Option<u32>,
    /// The EstimatedInstanceWarmup of the policy that last scaled the group
    /// out: the warm-up of the instances it launched when the group has no
    /// DefaultInstanceWarmup.
    pub policy_warmup: Option<u32>,
    /// Instances in service, and when their warm-up ends: until then they
    /// are left out of the group's aggregated metrics and of the capacity
    /// a dynamic policy counts as ready ([`crate::autoscaling::policy`]).
    pub warm_until: std::collections::BTreeMap<String, SimTime>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateSpecification>,
    pub min_size: i64,
    pub max_size: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<i64>,
    #[serde(
        default,
        rename = "VPCZoneIdentifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_zone_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zones: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mixed_instances_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(
        default,
        rename = "TargetGroupARNs",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_group_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_instances_protected_from_scale_in: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_instance_warmup: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_rebalance: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateAutoScalingGroupResponse {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<i64>,
    #[serde(
        default,
        rename = "VPCZoneIdentifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_zone_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_instances_protected_from_scale_in: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_instance_warmup: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateAutoScalingGroupResponse {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetDesiredCapacityRequest {
    pub auto_scaling_group_name: String,
    pub desired_capacity: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honor_cooldown: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetDesiredCapacityResponse {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetInstanceProtectionRequest {
    pub instance_ids: Vec<String>,
    pub auto_scaling_group_name: String,
    pub protected_from_scale_in: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetInstanceProtectionResponse {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAutoScalingGroupsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auto_scaling_group_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupInstance {
    pub instance_id: String,
    pub instance_type: String,
    pub availability_zone: String,
    pub lifecycle_state: &'static str,
    pub health_status: &'static str,
    pub launch_template: LaunchTemplateSpecification,
    pub protected_from_scale_in: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingGroup {
    pub auto_scaling_group_name: String,
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
    pub launch_template: LaunchTemplateSpecification,
    pub min_size: u32,
    pub max_size: u32,
    pub desired_capacity: u32,
    pub default_cooldown: u32,
    pub availability_zones: Vec<String>,
    pub load_balancer_names: Vec<String>,
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    pub health_check_type: &'static str,
    pub health_check_grace_period: u32,
    pub instances: Vec<GroupInstance>,
    pub created_time: String,
    pub suspended_processes: Vec<Value>,
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: String,
    pub enabled_metrics: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    pub tags: Vec<Value>,
    pub termination_policies: Vec<&'static str>,
    pub new_instances_protected_from_scale_in: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_instance_warmup: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingGroupsResponse {
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_delete: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeleteAutoScalingGroupResponse {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TerminateInstanceInAutoScalingGroupRequest {
    pub instance_id: String,
    pub should_decrement_desired_capacity: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Activity {
    pub activity_id: String,
    pub auto_scaling_group_name: String,
    pub description: String,
    pub cause: String,
    pub start_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    pub status_code: &'static str,
    pub progress: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstanceInAutoScalingGroupResponse {
    pub activity: Activity,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScalingActivitiesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_deleted_groups: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesResponse {
    pub activities: Vec<Activity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
