//! EC2 Auto Scaling scaling policies (ASUG; F9.7): PutScalingPolicy,
//! DescribePolicies, DeletePolicy, ExecutePolicy, and what a policy does
//! when CloudWatch invokes it ([`Sim::asg_alarm_action`], every minute its
//! alarm is in ALARM, F16.9).
//!
//! - **Target tracking** (`ASGAverageCPUUtilization`, or a customized
//!   metric): the policy owns an AlarmHigh (3 of 3 one-minute datapoints
//!   above the target) and an AlarmLow (15 of 15 below 0.9 × the target),
//!   as Application Auto Scaling's do (MODEL, F8.4). Scale-out to
//!   ceil(ready × metric / target), never below the desired capacity
//!   already asked for; scale-in to the same figure unless DisableScaleIn.
//! - **Instance warm-up** (ASUG ec2-auto-scaling-default-instance-warmup):
//!   an instance warms up from InService for the group's
//!   DefaultInstanceWarmup, else the EstimatedInstanceWarmup of the policy
//!   that scaled the group out, else the default cooldown (300 s). Until
//!   then it is left out of the group's CPU metric and of the "ready"
//!   capacity target tracking and step policies count; instances warming
//!   up count toward the desired capacity, so alarm minutes that ask for
//!   about the same capacity make one activity, not one each; and scale-in
//!   by these policies waits until every instance has warmed up.
//! - **Step scaling**: the learner's alarm invokes it; the breach (metric −
//!   the alarm's threshold) picks a step as F8.5 says (the same rules and
//!   rounding as Application Auto Scaling's steps).
//! - **Simple scaling**: one adjustment, then a cooldown (the policy's
//!   Cooldown, else the group's 300 s) during which its alarm does nothing.
//! - ECS cluster auto scaling's policy (`managed_by`) is a target tracking
//!   policy ECS owns: its decisions are the capacity provider's
//!   (engine/src/ecs/capacity_provider/managed.rs); it cannot be changed or
//!   deleted here, as AWS asks you to change the capacity provider instead.
//! - `AWS/EC2 CPUUtilization` per group (`AutoScalingGroupName`) is
//!   published every minute for groups that have a policy or that an alarm
//!   watches ([`Sim::ec2_minute`], MODEL for the figure).

use crate::applicationautoscaling::{StepAdjustment, StepScalingPolicyConfiguration};
use crate::cloudwatch::Dimension;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// F8.1-like bound: policies per group (AWS: 50 step and target tracking).
pub const MAX_POLICIES: usize = 50;
/// MODEL: EC2 CPU of an instance with nothing running (the OS and agent).
pub const IDLE_CPU_PERCENT: f64 = 2.0;

/// What a group policy does.
#[derive(Debug, Clone, PartialEq)]
pub enum AsgPolicyKind {
    /// On `namespace`/`metric_name`/`dimensions` (Average) of the record.
    TargetTracking {
        predefined: Option<(String, Option<String>)>,
        disable_scale_in: bool,
    },
    Step {
        config: StepScalingPolicyConfiguration,
        estimated_instance_warmup: Option<i64>,
    },
    Simple {
        adjustment_type: String,
        scaling_adjustment: i64,
        min_adjustment_magnitude: Option<i64>,
        cooldown: Option<i64>,
    },
}

/// A scaling policy of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct AsgPolicyRecord {
    pub group: String,
    pub name: String,
    pub arn: String,
    pub kind: AsgPolicyKind,
    /// Target tracking: the metric (Average, one-minute datapoints).
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<Dimension>,
    pub target_value: f64,
    /// The alarms it owns (target tracking): (name, ARN), AlarmHigh first.
    pub alarms: Vec<(String, String)>,
    /// The (cluster, capacity provider) whose managed scaling owns it.
    pub managed_by: Option<(String, String)>,
    /// Simple scaling: when it last changed the group (its cooldown).
    pub last_scaled: Option<SimTime>,
    /// Target tracking and step: the EstimatedInstanceWarmup of the
    /// instances it launches (else the group's DefaultInstanceWarmup, else
    /// its default cooldown).
    pub estimated_instance_warmup: Option<i64>,
}

// -------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDimension {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PredefinedMetricSpecification {
    pub predefined_metric_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomizedMetricSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<MetricDimension>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetricSpecification>,
    pub target_value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScalingPolicyRequest {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_step: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling_adjustment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_adjustments: Option<Vec<StepAdjustment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_instance_warmup: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predictive_scaling_configuration: Option<serde_json::Value>,
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
pub struct PutScalingPolicyResponse {
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub alarms: Vec<PolicyAlarm>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeletePolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    pub policy_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ExecutePolicyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    pub policy_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honor_cooldown: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_threshold: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyEmpty {}

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
pub struct ScalingPolicy {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub policy_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_adjustment: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    pub step_adjustments: Vec<StepAdjustment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_instance_warmup: Option<i64>,
    pub alarms: Vec<PolicyAlarm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
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

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationError, message)
}

fn group_not_found(name: &str) -> ApiError {
    validation(format!(
        "AutoScalingGroup name not found - AutoScalingGroup {name} not found"
    ))
}

impl AsgPolicyKind {
    fn type_name(&self) -> &'static str {
        match self {
            AsgPolicyKind::TargetTracking { .. } => "TargetTrackingScaling",
            AsgPolicyKind::Step { .. } => "StepScaling",
            AsgPolicyKind::Simple { .. } => "SimpleScaling",
        }
    }
}

impl Sim {
    fn scaling_policy_shape(p: &AsgPolicyRecord) -> ScalingPolicy {
        let mut out = ScalingPolicy {
            auto_scaling_group_name: p.group.clone(),
            policy_name: p.name.clone(),
            policy_arn: p.arn.clone(),
            policy_type: p.kind.type_name(),
            adjustment_type: None,
            min_adjustment_magnitude: None,
            scaling_adjustment: None,
            cooldown: None,
            step_adjustments: Vec::new(),
            metric_aggregation_type: None,
            estimated_instance_warmup: None,
            alarms: p
                .alarms
                .iter()
                .map(|(name, arn)| PolicyAlarm {
                    alarm_name: name.clone(),
                    alarm_arn: arn.clone(),
                })
                .collect(),
            target_tracking_configuration: None,
            enabled: true,
        };
        match &p.kind {
            AsgPolicyKind::TargetTracking {
                predefined,
                disable_scale_in,
            } => {
                out.target_tracking_configuration = Some(TargetTrackingConfiguration {
                    predefined_metric_specification: predefined.as_ref().map(|(t, label)| {
                        PredefinedMetricSpecification {
                            predefined_metric_type: t.clone(),
                            resource_label: label.clone(),
                        }
                    }),
                    customized_metric_specification: predefined.is_none().then(|| {
                        CustomizedMetricSpecification {
                            metric_name: Some(p.metric_name.clone()),
                            namespace: Some(p.namespace.clone()),
                            dimensions: Some(
                                p.dimensions
                                    .iter()
                                    .map(|d| MetricDimension {
                                        name: d.name.clone(),
                                        value: d.value.clone(),
                                    })
                                    .collect(),
                            ),
                            statistic: Some("Average".into()),
                            ..Default::default()
                        }
                    }),
                    target_value: p.target_value,
                    disable_scale_in: Some(*disable_scale_in),
                });
                out.estimated_instance_warmup = p.estimated_instance_warmup;
            }
            AsgPolicyKind::Step {
                config,
                estimated_instance_warmup,
            } => {
                out.adjustment_type = config.adjustment_type.clone();
                out.min_adjustment_magnitude = config.min_adjustment_magnitude;
                out.step_adjustments = config.step_adjustments.clone().unwrap_or_default();
                out.metric_aggregation_type = Some(
                    config
                        .metric_aggregation_type
                        .clone()
                        .unwrap_or_else(|| "Average".into()),
                );
                out.estimated_instance_warmup = *estimated_instance_warmup;
            }
            AsgPolicyKind::Simple {
                adjustment_type,
                scaling_adjustment,
                min_adjustment_magnitude,
                cooldown,
            } => {
                out.adjustment_type = Some(adjustment_type.clone());
                out.scaling_adjustment = Some(*scaling_adjustment);
                out.min_adjustment_magnitude = *min_adjustment_magnitude;
                out.cooldown = *cooldown;
            }
        }
        out
    }

    /// A policy by name or ARN (in the group, when one is given).
    fn find_asg_policy(&self, group: Option<&str>, name: &str) -> Option<AsgPolicyRecord> {
        self.state
            .asg_policies
            .values()
            .find(|p| (p.name == name || p.arn == name) && group.is_none_or(|g| g == p.group))
            .cloned()
    }

    pub(crate) fn asg_put_scaling_policy(
        &mut self,
        req: PutScalingPolicyRequest,
    ) -> Result<PutScalingPolicyResponse, ApiError> {
        const OP: &str = "PutScalingPolicy";
        let group = req.auto_scaling_group_name.clone();
        if !self.state.auto_scaling_groups.contains_key(&group) {
            return Err(group_not_found(&group));
        }
        if req.policy_name.is_empty() || req.policy_name.len() > 255 {
            return Err(validation("PolicyName must be 1 to 255 characters long."));
        }
        for (given, what) in [
            (
                req.min_adjustment_step.is_some(),
                "MinAdjustmentStep (deprecated: use MinAdjustmentMagnitude)",
            ),
            (req.enabled == Some(false), "Enabled false"),
            (
                req.predictive_scaling_configuration.is_some(),
                "PredictiveScalingConfiguration",
            ),
        ] {
            if given {
                return Err(ApiError::unsupported(OP, what));
            }
        }
        let existing = self.find_asg_policy(Some(&group), &req.policy_name);
        if existing.as_ref().is_some_and(|p| p.managed_by.is_some()) {
            return Err(validation(format!(
                "The policy {} is managed by Amazon ECS (a capacity provider's managed scaling): change the capacity provider's managed scaling settings instead.",
                req.policy_name
            )));
        }
        let policy_type = req
            .policy_type
            .clone()
            .unwrap_or_else(|| "SimpleScaling".into());
        let only = |allowed: &[&str]| -> Result<(), ApiError> {
            for (given, member) in [
                (req.adjustment_type.is_some(), "AdjustmentType"),
                (req.scaling_adjustment.is_some(), "ScalingAdjustment"),
                (req.cooldown.is_some(), "Cooldown"),
                (
                    req.min_adjustment_magnitude.is_some(),
                    "MinAdjustmentMagnitude",
                ),
                (
                    req.metric_aggregation_type.is_some(),
                    "MetricAggregationType",
                ),
                (req.step_adjustments.is_some(), "StepAdjustments"),
                (
                    req.estimated_instance_warmup.is_some(),
                    "EstimatedInstanceWarmup",
                ),
                (
                    req.target_tracking_configuration.is_some(),
                    "TargetTrackingConfiguration",
                ),
            ] {
                if given && !allowed.contains(&member) {
                    return Err(validation(format!(
                        "{member} is not valid for a policy of type {policy_type}."
                    )));
                }
            }
            Ok(())
        };
        let adjustment_type = || -> Result<String, ApiError> {
            match req.adjustment_type.as_deref() {
                Some(t @ ("ChangeInCapacity" | "ExactCapacity" | "PercentChangeInCapacity")) => {
                    Ok(t.to_owned())
                }
                Some(other) => Err(validation(format!(
                    "Invalid adjustment type {other}: use ChangeInCapacity, ExactCapacity or PercentChangeInCapacity."
                ))),
                None => Err(validation(format!(
                    "AdjustmentType is required for a policy of type {policy_type}."
                ))),
            }
        };
        if req.min_adjustment_magnitude.is_some()
            && req.adjustment_type.as_deref() != Some("PercentChangeInCapacity")
        {
            return Err(validation(
                "MinAdjustmentMagnitude is only valid with the PercentChangeInCapacity adjustment type.",
            ));
        }
        for (value, what) in [
            (req.cooldown, "Cooldown"),
            (req.estimated_instance_warmup, "EstimatedInstanceWarmup"),
        ] {
            if value.is_some_and(|v| v < 0) {
                return Err(validation(format!("{what} must be 0 or more.")));
            }
        }
        let mut metric: Option<(String, String, Vec<Dimension>, f64)> = None;
        let kind = match policy_type.as_str() {
            "SimpleScaling" => {
                only(&[
                    "AdjustmentType",
                    "ScalingAdjustment",
                    "Cooldown",
                    "MinAdjustmentMagnitude",
                ])?;
                let adjustment_type = adjustment_type()?;
                let Some(scaling_adjustment) = req.scaling_adjustment else {
                    return Err(validation(
                        "ScalingAdjustment is required for a policy of type SimpleScaling.",
                    ));
                };
                AsgPolicyKind::Simple {
                    adjustment_type,
                    scaling_adjustment,
                    min_adjustment_magnitude: req.min_adjustment_magnitude,
                    cooldown: req.cooldown,
                }
            }
            "StepScaling" => {
                only(&[
                    "AdjustmentType",
                    "MinAdjustmentMagnitude",
                    "MetricAggregationType",
                    "StepAdjustments",
                    "EstimatedInstanceWarmup",
                ])?;
                let config = StepScalingPolicyConfiguration {
                    adjustment_type: Some(adjustment_type()?),
                    step_adjustments: req.step_adjustments.clone(),
                    min_adjustment_magnitude: req.min_adjustment_magnitude,
                    cooldown: None,
                    metric_aggregation_type: req.metric_aggregation_type.clone(),
                };
                // F8.5: the same rules as Application Auto Scaling's steps.
                crate::applicationautoscaling::check_steps(&config).map_err(|e| {
                    ApiError::new(ErrorCode::ValidationError, format!("{}.", e.message))
                })?;
                AsgPolicyKind::Step {
                    config,
                    estimated_instance_warmup: req.estimated_instance_warmup,
                }
            }
            "TargetTrackingScaling" => {
                only(&["TargetTrackingConfiguration", "EstimatedInstanceWarmup"])?;
                let Some(cfg) = &req.target_tracking_configuration else {
                    return Err(validation(
                        "TargetTrackingConfiguration is required for a policy of type TargetTrackingScaling.",
                    ));
                };
                if !cfg.target_value.is_finite() || cfg.target_value <= 0.0 {
                    return Err(validation("TargetValue must be a number greater than 0."));
                }
                let predefined = match (
                    &cfg.predefined_metric_specification,
                    &cfg.customized_metric_specification,
                ) {
                    (Some(p), None) => match p.predefined_metric_type.as_str() {
                        "ASGAverageCPUUtilization" => {
                            if p.resource_label.is_some() {
                                return Err(validation(
                                    "ResourceLabel is only valid with ALBRequestCountPerTarget.",
                                ));
                            }
                            metric = Some((
                                "AWS/EC2".into(),
                                "CPUUtilization".into(),
                                vec![Dimension {
                                    name: "AutoScalingGroupName".into(),
                                    value: group.clone(),
                                }],
                                cfg.target_value,
                            ));
                            Some((p.predefined_metric_type.clone(), None))
                        }
                        t @ ("ASGAverageNetworkIn"
                        | "ASGAverageNetworkOut"
                        | "ALBRequestCountPerTarget") => {
                            return Err(ApiError::unsupported(
                                OP,
                                &format!(
                                    "PredefinedMetricType {t} (ASGAverageCPUUtilization or a customized metric are simulated)"
                                ),
                            ));
                        }
                        other => {
                            return Err(validation(format!(
                                "Invalid predefined metric type {other}: use ASGAverageCPUUtilization, ASGAverageNetworkIn, ASGAverageNetworkOut or ALBRequestCountPerTarget."
                            )));
                        }
                    },
                    (None, Some(c)) => {
                        if c.metrics.is_some() {
                            return Err(ApiError::unsupported(
                                OP,
                                "CustomizedMetricSpecification.Metrics (metric math)",
                            ));
                        }
                        let (Some(name), Some(namespace)) = (&c.metric_name, &c.namespace) else {
                            return Err(validation(
                                "A CustomizedMetricSpecification needs MetricName, Namespace and Statistic.",
                            ));
                        };
                        match c.statistic.as_deref() {
                            Some("Average") => {}
                            Some(other) => {
                                return Err(ApiError::unsupported(
                                    OP,
                                    &format!(
                                        "CustomizedMetricSpecification.Statistic {other} (Average is simulated)"
                                    ),
                                ));
                            }
                            None => {
                                return Err(validation(
                                    "A CustomizedMetricSpecification needs MetricName, Namespace and Statistic.",
                                ));
                            }
                        }
                        metric = Some((
                            namespace.clone(),
                            name.clone(),
                            c.dimensions
                                .iter()
                                .flatten()
                                .map(|d| Dimension {
                                    name: d.name.clone(),
                                    value: d.value.clone(),
                                })
                                .collect(),
                            cfg.target_value,
                        ));
                        None
                    }
                    _ => {
                        return Err(validation(
                            "Give exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification.",
                        ));
                    }
                };
                AsgPolicyKind::TargetTracking {
                    predefined,
                    disable_scale_in: cfg.disable_scale_in == Some(true),
                }
            }
            "PredictiveScaling" => {
                return Err(ApiError::unsupported(OP, "PolicyType PredictiveScaling"));
            }
            other => {
                return Err(validation(format!(
                    "Invalid policy type {other}: use {}.",
                    TYPES.join(", ")
                )));
            }
        };
        let count = self
            .state
            .asg_policies
            .values()
            .filter(|p| p.group == group)
            .count();
        if existing.is_none() && count >= MAX_POLICIES {
            return Err(ApiError::new(
                ErrorCode::AutoScalingLimitExceeded,
                format!("The group {group} already has {MAX_POLICIES} scaling policies."),
            ));
        }
        let arn = match &existing {
            Some(p) => p.arn.clone(),
            None => {
                let uuid = self.new_uuid();
                self.arns.arn(
                    "autoscaling",
                    &format!(
                        "scalingPolicy:{uuid}:autoScalingGroupName/{group}:policyName/{}",
                        req.policy_name
                    ),
                )
            }
        };
        let (namespace, metric_name, dimensions, target_value) = metric.unwrap_or_default();
        // Re-putting replaces the alarms a target tracking policy owns.
        let old = existing.as_ref().map_or(&[][..], |p| &p.alarms[..]);
        let alarms = self.replace_alarms(old, |sim| {
            let AsgPolicyKind::TargetTracking {
                disable_scale_in, ..
            } = &kind
            else {
                return Ok(Vec::new());
            };
            sim.put_tracking_alarms(&crate::cloudwatch::TrackingAlarms {
                stem: &format!("TargetTracking-{group}"),
                action: &arn,
                namespace: &namespace,
                metric: &metric_name,
                statistic: "Average",
                dimensions: &dimensions,
                target: target_value,
                high_points: crate::applicationautoscaling::HIGH_DATAPOINTS,
                low_points: crate::applicationautoscaling::LOW_DATAPOINTS,
                low_factor: crate::applicationautoscaling::SCALE_IN_FACTOR,
                scale_in: !disable_scale_in,
                metrics: None,
            })
        })?;
        self.state.asg_policies.insert(
            (group.clone(), req.policy_name.clone()),
            AsgPolicyRecord {
                group,
                name: req.policy_name.clone(),
                arn: arn.clone(),
                kind,
                namespace,
                metric_name,
                dimensions,
                target_value,
                alarms: alarms.clone(),
                managed_by: None,
                last_scaled: existing.and_then(|p| p.last_scaled),
                estimated_instance_warmup: req.estimated_instance_warmup,
            },
        );
        self.ensure_minute_timer();
        Ok(PutScalingPolicyResponse {
            policy_arn: arn,
            alarms: alarms
                .into_iter()
                .map(|(alarm_name, alarm_arn)| PolicyAlarm {
                    alarm_name,
                    alarm_arn,
                })
                .collect(),
        })
    }

    /// A deleted group's policies go with it, and the alarms they own.
    pub(crate) fn policies_of_deleted_group(&mut self, group: &str) {
        let gone: Vec<(String, String)> = self
            .state
            .asg_policies
            .keys()
            .filter(|(g, _)| g == group)
            .cloned()
            .collect();
        for key in gone {
            if let Some(p) = self.state.asg_policies.remove(&key) {
                for (alarm, _) in &p.alarms {
                    self.state.cloudwatch.alarms.remove(alarm);
                }
            }
        }
    }

    /// DeletePolicy's and ExecutePolicy's policy: the group (when given)
    /// must exist, and the policy (name or ARN) in it.
    fn named_policy(&self, group: Option<&str>, name: &str) -> Result<AsgPolicyRecord, ApiError> {
        if let Some(g) = group
            && !self.state.auto_scaling_groups.contains_key(g)
        {
            return Err(group_not_found(g));
        }
        self.find_asg_policy(group, name)
            .ok_or_else(|| validation(format!("Policy {name} not found.")))
    }

    pub(crate) fn delete_policy(
        &mut self,
        req: DeletePolicyRequest,
    ) -> Result<PolicyEmpty, ApiError> {
        let p = self.named_policy(req.auto_scaling_group_name.as_deref(), &req.policy_name)?;
        if p.managed_by.is_some() {
            return Err(validation(format!(
                "The policy {} is managed by Amazon ECS: turn off the capacity provider's managed scaling (or remove it from its cluster) instead.",
                p.name
            )));
        }
        self.state
            .asg_policies
            .remove(&(p.group.clone(), p.name.clone()));
        // A target tracking policy's alarms go with it; alarms a learner
        // made for a step or simple policy stay (ASUG).
        for (alarm, _) in &p.alarms {
            self.state.cloudwatch.alarms.remove(alarm);
        }
        Ok(PolicyEmpty {})
    }

    pub(crate) fn execute_policy(
        &mut self,
        req: ExecutePolicyRequest,
    ) -> Result<PolicyEmpty, ApiError> {
        let p = self.named_policy(req.auto_scaling_group_name.as_deref(), &req.policy_name)?;
        let breach = match (&p.kind, req.metric_value, req.breach_threshold) {
            (AsgPolicyKind::TargetTracking { .. }, _, _) => {
                return Err(validation(
                    "ExecutePolicy is not supported for a policy of type TargetTrackingScaling: its alarms invoke it.",
                ));
            }
            (AsgPolicyKind::Step { .. }, Some(v), Some(t)) => Some(v - t),
            (AsgPolicyKind::Step { .. }, _, _) => {
                return Err(validation(
                    "MetricValue and BreachThreshold are required to execute a policy of type StepScaling.",
                ));
            }
            (AsgPolicyKind::Simple { .. }, None, None) => None,
            (AsgPolicyKind::Simple { .. }, _, _) => {
                return Err(validation(
                    "MetricValue and BreachThreshold are only valid for a policy of type StepScaling.",
                ));
            }
        };
        let Some(new) = self.policy_decision(&p, true, breach, req.honor_cooldown == Some(true))
        else {
            return Ok(PolicyEmpty {});
        };
        let cause = format!(
            "At {} a user request executed policy {}",
            self.iso8601(self.now, crate::base::time::Precision::Seconds),
            p.name
        );
        self.scale_group(&p, new, &cause);
        Ok(PolicyEmpty {})
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
            return Err(validation(format!(
                "1 validation error detected: Value '{bad}' at 'policyTypes' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                TYPES.join(", ")
            )));
        }
        if let Some(g) = &req.auto_scaling_group_name
            && !self.state.auto_scaling_groups.contains_key(g)
        {
            return Err(group_not_found(g));
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
                        || req.policy_types.iter().any(|t| t == p.kind.type_name()))
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

    /// The new desired capacity a learner's policy asks for (`breach`:
    /// metric − threshold for a step policy; `high`: which target tracking
    /// alarm), within the group's bounds; none when nothing changes or a
    /// simple policy's cooldown holds (`honor_cooldown`, always for alarms).
    fn policy_decision(
        &self,
        p: &AsgPolicyRecord,
        high: bool,
        breach: Option<f64>,
        honor_cooldown: bool,
    ) -> Option<u32> {
        let group = self.state.auto_scaling_groups.get(&p.group)?;
        let current = group.desired_capacity;
        // Instance warm-up (target tracking and step): the capacity counted
        // is the instances in service and warmed up; while any asked-for
        // capacity is not, scale-out adds only what goes beyond the desired
        // capacity already asked for, and scale-in waits.
        let ready = self.asg_ready_capacity(&p.group).min(current);
        let warming = ready < current;
        let wanted: i64 = match &p.kind {
            AsgPolicyKind::TargetTracking {
                disable_scale_in, ..
            } => {
                let value = breach?;
                let want = (f64::from(ready) * value / p.target_value).ceil() as i64;
                if high {
                    want.max(i64::from(current))
                } else if *disable_scale_in || warming {
                    return None;
                } else {
                    want.min(i64::from(current))
                }
            }
            AsgPolicyKind::Step { config, .. } => {
                let want = crate::applicationautoscaling::step_capacity(config, ready, breach?)?;
                if want >= i64::from(current) {
                    want
                } else if warming {
                    return None;
                } else {
                    want
                }
            }
            AsgPolicyKind::Simple {
                adjustment_type,
                scaling_adjustment,
                min_adjustment_magnitude,
                cooldown,
            } => {
                let wait = cooldown.unwrap_or(i64::from(super::group::DEFAULT_COOLDOWN_SECONDS));
                if honor_cooldown
                    && p.last_scaled
                        .is_some_and(|at| self.now.0 < at.0 + wait.max(0) as u64 * 1000)
                {
                    return None;
                }
                let adj = *scaling_adjustment;
                match adjustment_type.as_str() {
                    "ExactCapacity" => adj,
                    "PercentChangeInCapacity" => {
                        i64::from(current)
                            + crate::applicationautoscaling::percent_adjustment(
                                current,
                                adj,
                                *min_adjustment_magnitude,
                            )
                    }
                    _ => i64::from(current) + adj,
                }
            }
        };
        let new = wanted.clamp(i64::from(group.min_size), i64::from(group.max_size)) as u32;
        (new != current).then_some(new)
    }

    /// The group's instances in service whose warm-up has ended.
    pub(crate) fn asg_ready_capacity(&self, group: &str) -> u32 {
        let Some(g) = self.state.auto_scaling_groups.get(group) else {
            return 0;
        };
        g.warm_until
            .iter()
            .filter(|(id, until)| {
                self.now >= **until
                    && self
                        .state
                        .instances
                        .get(id.as_str())
                        .is_some_and(|i| i.state == crate::ec2::instance::InstanceState::Running)
            })
            .count() as u32
    }

    /// The group's desired capacity set by a policy, then its launches or
    /// terminations, with `cause` at the front of their activities' causes.
    fn scale_group(&mut self, p: &AsgPolicyRecord, new: u32, cause_head: &str) {
        let Some(group) = self.state.auto_scaling_groups.get_mut(&p.group) else {
            return;
        };
        let from = group.desired_capacity;
        group.desired_capacity = new;
        if new > from {
            group.policy_warmup = p
                .estimated_instance_warmup
                .map(|s| s.clamp(0, super::group::MAX_WARMUP_SECONDS) as u32);
        }
        if let Some(rec) = self
            .state
            .asg_policies
            .get_mut(&(p.group.clone(), p.name.clone()))
        {
            rec.last_scaled = Some(self.now);
        }
        let cause = format!("{cause_head} changing the desired capacity from {from} to {new}.");
        self.reconcile_group(&p.group, &cause);
    }

    /// A group policy's alarm is in ALARM (CloudWatch invokes it every
    /// minute, F16.9, with the alarm's newest datapoint `value`).
    pub(crate) fn asg_alarm_action(
        &mut self,
        alarm_name: &str,
        threshold: f64,
        action: &str,
        value: f64,
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
        let high = alarm_name.contains("-AlarmHigh-");
        let new = if policy.managed_by.is_some() {
            self.managed_policy_decision(&policy, high)
        } else {
            let breach = match policy.kind {
                AsgPolicyKind::TargetTracking { .. } => value,
                _ => value - threshold,
            };
            self.policy_decision(&policy, high, Some(breach), true)
        };
        let Some(new) = new else {
            return;
        };
        let cause = format!(
            "At {} a monitor alarm {} in state ALARM triggered policy {}",
            self.iso8601(self.now, crate::base::time::Precision::Seconds),
            alarm_name,
            policy.name
        );
        self.scale_group(&policy, new, &cause);
    }

    /// Every minute: `AWS/EC2 CPUUtilization` per group (dimension
    /// `AutoScalingGroupName`) for groups with a learner's policy or an
    /// alarm on the namespace. MODEL: an instance's CPU is
    /// [`IDLE_CPU_PERCENT`] plus what its RUNNING tasks use (a service
    /// task at its service's CPU utilisation of the minute, F8.3; any other
    /// task at the idle figure) over the instance's CPU units; the group's
    /// figure averages its running instances.
    pub(crate) fn ec2_minute(&mut self) {
        let watched: Vec<String> = self
            .state
            .auto_scaling_groups
            .keys()
            .filter(|g| {
                self.state
                    .asg_policies
                    .values()
                    .any(|p| p.group == **g && p.managed_by.is_none())
                    || self.state.cloudwatch.alarms.values().any(|a| {
                        a.metric.namespace == "AWS/EC2"
                            && a.metric.dimensions.iter().any(|d| d.value == **g)
                    })
            })
            .cloned()
            .collect();
        if watched.is_empty() {
            return;
        }
        let minute = self.epoch_ms(self.now).saturating_sub(60_000);
        for g in watched {
            let mut figures = Vec::new();
            let warm_until = self
                .state
                .auto_scaling_groups
                .get(&g)
                .map(|r| r.warm_until.clone())
                .unwrap_or_default();
            for i in self.state.instances.values() {
                // An instance warming up does not count yet (ASUG
                // ec2-auto-scaling-default-instance-warmup).
                if i.auto_scaling_group.as_deref() != Some(g.as_str())
                    || i.state != crate::ec2::instance::InstanceState::Running
                    || warm_until.get(&i.id).is_none_or(|t| self.now < *t)
                {
                    continue;
                }
                let units = crate::ec2::instance_types::instance_type(&i.instance_type)
                    .map_or(1024, |t| t.ecs_cpu_units());
                let mut used = 0.0;
                for ci in self.state.container_instances_on(&i.id) {
                    for t in self.state.tasks_on_instance(&ci.arn) {
                        if t.status != crate::state::TaskStatus::Running {
                            continue;
                        }
                        let percent = t
                            .group
                            .strip_prefix("service:")
                            .map(|name| self.service_arn(&t.cluster_arn, name))
                            .and_then(|arn| self.state.cloudwatch.ecs.get(&arn))
                            .and_then(|w| w.back())
                            .map_or(crate::elbv2::traffic::BASE_CPU_PERCENT, |m| {
                                m.cpu.sum / m.cpu.count.max(1.0)
                            });
                        used += f64::from(t.cpu) * percent / 100.0;
                    }
                }
                figures.push((IDLE_CPU_PERCENT + used / f64::from(units) * 100.0).min(100.0));
            }
            if figures.is_empty() {
                continue;
            }
            let average = figures.iter().sum::<f64>() / figures.len() as f64;
            let key = crate::cloudwatch::MetricKey::new(
                "AWS/EC2",
                "CPUUtilization",
                &[("AutoScalingGroupName", g.as_str())],
            );
            self.publish_point(key, "Percent", minute, average);
        }
    }
}
