//! Application Auto Scaling shapes (botocore `application-autoscaling`,
//! PascalCase members).

use crate::cloudwatch::Dimension;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SuspendedState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_scaling_in_suspended: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_scaling_out_suspended: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_scaling_suspended: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RegisterScalableTargetRequest {
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    #[serde(default)]
    pub min_capacity: Option<i64>,
    #[serde(default)]
    pub max_capacity: Option<i64>,
    #[serde(default, rename = "RoleARN")]
    pub role_arn: Option<String>,
    #[serde(default)]
    pub suspended_state: Option<SuspendedState>,
    #[serde(default)]
    pub tags: Option<Value>,
    #[serde(default)]
    pub predicted_capacity: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegisterScalableTargetResponse {
    #[serde(rename = "ScalableTargetARN")]
    pub scalable_target_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScalableTargetsRequest {
    pub service_namespace: String,
    #[serde(default)]
    pub resource_ids: Option<Vec<String>>,
    #[serde(default)]
    pub scalable_dimension: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    pub min_capacity: u32,
    pub max_capacity: u32,
    #[serde(rename = "RoleARN")]
    pub role_arn: String,
    /// Epoch seconds.
    pub creation_time: f64,
    pub suspended_state: SuspendedState,
    #[serde(rename = "ScalableTargetARN")]
    pub scalable_target_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalableTargetsResponse {
    pub scalable_targets: Vec<ScalableTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// DeregisterScalableTarget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScalableTargetRequest {
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AasEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PredefinedMetricSpecification {
    pub predefined_metric_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomizedMetricSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<Dimension>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<TargetTrackingMetricDataQuery>>,
}

/// A customized metric's query (metric math, BOTO-AAS): as CloudWatch's
/// MetricDataQuery, without periods (one minute).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingMetricDataQuery {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<TargetTrackingMetricStat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_data: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingMetricStat {
    pub metric: TargetTrackingMetric,
    pub stat: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingMetric {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<Dimension>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl TargetTrackingMetricDataQuery {
    /// As CloudWatch reads it: a MetricStat's period is one minute (F17.3:
    /// the alarms' period).
    pub fn to_cloudwatch(&self) -> crate::cloudwatch::MetricDataQuery {
        crate::cloudwatch::MetricDataQuery {
            id: self.id.clone(),
            metric_stat: self
                .metric_stat
                .as_ref()
                .map(|s| crate::cloudwatch::MetricStat {
                    metric: crate::cloudwatch::Metric {
                        namespace: s.metric.namespace.clone(),
                        metric_name: s.metric.metric_name.clone(),
                        dimensions: s.metric.dimensions.clone().unwrap_or_default(),
                    },
                    period: 60,
                    stat: s.stat.clone(),
                    unit: s.unit.clone(),
                }),
            expression: self.expression.clone(),
            label: self.label.clone(),
            return_data: self.return_data,
            period: None,
            account_id: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingScalingPolicyConfiguration {
    pub target_value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetricSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_out_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_in_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StepAdjustment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    pub scaling_adjustment: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StepScalingPolicyConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_adjustments: Option<Vec<StepAdjustment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScalingPolicyRequest {
    pub policy_name: String,
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    #[serde(default)]
    pub policy_type: Option<String>,
    #[serde(default)]
    pub step_scaling_policy_configuration: Option<StepScalingPolicyConfiguration>,
    #[serde(default)]
    pub target_tracking_scaling_policy_configuration:
        Option<TargetTrackingScalingPolicyConfiguration>,
    #[serde(default)]
    pub predictive_scaling_policy_configuration: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyAlarm {
    pub alarm_name: String,
    #[serde(rename = "AlarmARN")]
    pub alarm_arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutScalingPolicyResponse {
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub alarms: Vec<PolicyAlarm>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScalingPoliciesRequest {
    pub service_namespace: String,
    #[serde(default)]
    pub policy_names: Option<Vec<String>>,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub scalable_dimension: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub policy_name: String,
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    pub policy_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_scaling_policy_configuration: Option<StepScalingPolicyConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_scaling_policy_configuration:
        Option<TargetTrackingScalingPolicyConfiguration>,
    pub alarms: Vec<PolicyAlarm>,
    /// Epoch seconds.
    pub creation_time: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingPoliciesResponse {
    pub scaling_policies: Vec<ScalingPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteScalingPolicyRequest {
    pub policy_name: String,
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScalingActivitiesRequest {
    pub service_namespace: String,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub scalable_dimension: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub include_not_scaled_activities: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NotScaledReason {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingActivity {
    pub activity_id: String,
    pub service_namespace: String,
    pub resource_id: String,
    pub scalable_dimension: String,
    pub description: String,
    pub cause: String,
    /// Epoch seconds.
    pub start_time: f64,
    pub end_time: f64,
    pub status_code: String,
    pub status_message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_scaled_reasons: Vec<NotScaledReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesResponse {
    pub scaling_activities: Vec<ScalingActivity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
