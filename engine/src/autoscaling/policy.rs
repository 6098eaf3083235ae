//! EC2 Auto Scaling scaling policies: the target tracking policy ECS
//! cluster auto scaling creates on a capacity provider's group (F9.1), as
//! DescribePolicies shows it, and what its alarms make it do
//! (`Sim::asg_alarm_action`; the decisions are the capacity provider's,
//! engine/src/ecs/capacity_provider/managed.rs).
//!
//! Policies a learner writes (PutScalingPolicy: target tracking on
//! ASGAverageCPUUtilization, step and simple scaling) are not simulated yet.

use crate::cloudwatch::Dimension;
use crate::error::ApiError;
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// A scaling policy of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct AsgPolicyRecord {
    pub group: String,
    pub name: String,
    pub arn: String,
    /// Target tracking on this metric (Average, one-minute datapoints).
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<Dimension>,
    pub target_value: f64,
    /// Its alarms: (name, ARN), AlarmHigh first.
    pub alarms: Vec<(String, String)>,
    /// The (cluster, capacity provider) whose managed scaling owns it.
    pub managed_by: Option<(String, String)>,
}

// -------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribePoliciesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyAlarm {
    pub alarm_name: String,
    #[serde(rename = "AlarmARN")]
    pub alarm_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDimension {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizedMetricSpecification {
    pub metric_name: String,
    pub namespace: String,
    pub dimensions: Vec<MetricDimension>,
    pub statistic: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTrackingConfiguration {
    pub customized_metric_specification: CustomizedMetricSpecification,
    pub target_value: f64,
    pub disable_scale_in: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub policy_type: &'static str,
    pub step_adjustments: Vec<serde_json::Value>,
    pub alarms: Vec<PolicyAlarm>,
    pub target_tracking_configuration: TargetTrackingConfiguration,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePoliciesResponse {
    pub scaling_policies: Vec<ScalingPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

const TYPES: [&str; 4] = [
    "SimpleScaling",
    "StepScaling",
    "TargetTrackingScaling",
    "PredictiveScaling",
];

impl Sim {
    fn scaling_policy_shape(p: &AsgPolicyRecord) -> ScalingPolicy {
        ScalingPolicy {
            auto_scaling_group_name: p.group.clone(),
            policy_name: p.name.clone(),
            policy_arn: p.arn.clone(),
            policy_type: "TargetTrackingScaling",
            step_adjustments: Vec::new(),
            alarms: p
                .alarms
                .iter()
                .map(|(name, arn)| PolicyAlarm {
                    alarm_name: name.clone(),
                    alarm_arn: arn.clone(),
                })
                .collect(),
            target_tracking_configuration: TargetTrackingConfiguration {
                customized_metric_specification: CustomizedMetricSpecification {
                    metric_name: p.metric_name.clone(),
                    namespace: p.namespace.clone(),
                    dimensions: p
                        .dimensions
                        .iter()
                        .map(|d| MetricDimension {
                            name: d.name.clone(),
                            value: d.value.clone(),
                        })
                        .collect(),
                    statistic: "Average",
                },
                target_value: p.target_value,
                disable_scale_in: false,
            },
            enabled: true,
        }
    }

    pub(crate) fn describe_policies(
        &self,
        req: DescribePoliciesRequest,
    ) -> Result<DescribePoliciesResponse, ApiError> {
        let paging = crate::autoscaling::paging("DescribePolicies", 50)
            .request(req.max_records, req.next_token.as_deref())?;
        if let Some(bad) = req
            .policy_types
            .iter()
            .find(|t| !TYPES.contains(&t.as_str()))
        {
            return Err(ApiError::new(
                crate::error::ErrorCode::ValidationError,
                format!(
                    "1 validation error detected: Value '{bad}' at 'policyTypes' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                    TYPES.join(", ")
                ),
            ));
        }
        if let Some(g) = &req.auto_scaling_group_name
            && !self.state.auto_scaling_groups.contains_key(g)
        {
            return Err(ApiError::new(
                crate::error::ErrorCode::ValidationError,
                format!("AutoScalingGroup name not found - AutoScalingGroup {g} not found"),
            ));
        }
        let policies: Vec<(String, ScalingPolicy)> = self
            .state
            .asg_policies
            .values()
            .filter(|p| {
                req.auto_scaling_group_name
                    .as_ref()
                    .is_none_or(|g| *g == p.group)
                    && (req.policy_names.is_empty()
                        || req.policy_names.contains(&p.name)
                        || req.policy_names.contains(&p.arn))
                    && (req.policy_types.is_empty()
                        || req
                            .policy_types
                            .iter()
                            .any(|t| t == "TargetTrackingScaling"))
            })
            .map(|p| {
                (
                    format!("{}/{}", p.group, p.name),
                    Self::scaling_policy_shape(p),
                )
            })
            .collect();
        let (scaling_policies, next_token) = paging.page(policies);
        Ok(DescribePoliciesResponse {
            scaling_policies,
            next_token,
        })
    }
}

impl Sim {
    /// A group policy's alarm is in ALARM (CloudWatch invokes it every
    /// minute, F16.9): the new desired capacity, then the group's launches
    /// or terminations, with AWS's activity cause.
    pub(crate) fn asg_alarm_action(
        &mut self,
        alarm: &crate::cloudwatch::AlarmRecord,
        action: &str,
    ) {
        let Some(policy) = self
            .state
            .asg_policies
            .values()
            .find(|p| p.arn == action)
            .cloned()
        else {
            return;
        };
        let high = alarm.name.contains("-AlarmHigh-");
        let Some(new) = self.managed_policy_decision(&policy, high) else {
            return;
        };
        let Some(group) = self.state.auto_scaling_groups.get_mut(&policy.group) else {
            return;
        };
        let from = group.desired_capacity;
        group.desired_capacity = new;
        let cause = format!(
            "At {} a monitor alarm {} in state ALARM triggered policy {} changing the desired capacity from {from} to {new}.",
            self.iso8601(self.now, crate::base::time::Precision::Seconds),
            alarm.name,
            policy.name
        );
        self.reconcile_group(&policy.group, &cause);
    }
}
