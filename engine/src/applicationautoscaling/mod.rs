//! Application Auto Scaling for ECS services (botocore
//! `application-autoscaling`, F8, F17): scalable targets, target tracking
//! and step scaling policies, scaling activities.
//!
//! - A scalable target is a service's desired count
//!   (`ecs:service:DesiredCount` of `service/<cluster>/<service>`) with a
//!   minimum and maximum; registering clamps the count into them (F17.1).
//! - A target tracking policy creates and owns two CloudWatch alarms
//!   (F8.4, F17.3): AlarmHigh, metric above the target for 3 of 3
//!   one-minute datapoints, and AlarmLow, below 0.9 × the target (MODEL)
//!   for 15 of 15 (none with DisableScaleIn). While an alarm is in ALARM
//!   CloudWatch invokes the policy every minute (F16.9): AlarmHigh scales
//!   out to ceil(capacity × metric / target), AlarmLow scales in to the
//!   same formula (MODEL, F8.4), within [min, max], after the cooldowns
//!   (300 s by default); scale-in waits while a deployment is in progress
//!   and happens only when every scale-in-enabled policy wants it.
//! - A step scaling policy is invoked by an alarm the learner creates; the
//!   breach (metric − threshold) picks a step, whose adjustment is applied
//!   as F8.5 says (its worked example is a unit test).
//! - Each change goes through UpdateService's own path (events,
//!   deployments and placement as usual) and is a scaling activity with
//!   AWS's description, cause and status message (F17.5).
//!
//! - Scheduled actions (`scheduled`, F8.6) set the minimum and maximum on
//!   an `at`, `rate` or `cron` schedule, in UTC or a time zone, and move
//!   the desired count into the new bounds.
//!
//! Predictive scaling is not simulated yet.

pub mod scheduled;
pub mod shapes;

pub use scheduled::*;
pub use shapes::*;

use crate::base::paginate::{Limits, STV1, page_at};
use crate::cloudwatch::Dimension;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::time::SimTime;
use std::collections::{BTreeMap, VecDeque};

/// F8.4: the cooldowns' default for ECS services.
pub const DEFAULT_COOLDOWN_SECONDS: i64 = 300;
/// MODEL (F8.4): AlarmLow's threshold as a share of the target.
pub const SCALE_IN_FACTOR: f64 = 0.9;
/// F8.4: AlarmHigh's and AlarmLow's datapoints.
pub const HIGH_DATAPOINTS: i64 = 3;
pub const LOW_DATAPOINTS: i64 = 15;
/// F8.1: policies per scalable target; F8.5 steps per policy.
pub const MAX_POLICIES: usize = 50;
pub const MAX_STEPS: usize = 20;
/// MODEL: activities kept (AWS keeps six weeks, F17.5).
pub const MAX_ACTIVITIES: usize = 1_000;

/// The Describe* calls' MaxResults, 1–50, and NextToken (BOTO-AAS).
const TARGETS: Limits = Limits {
    operation: "DescribeScalableTargets",
    limit_member: "MaxResults",
    token_member: "NextToken",
    min: 1,
    max: 50,
    default: Some(50),
    limit_error: ErrorCode::ValidationException,
    token_error: ErrorCode::InvalidNextToken,
};
const POLICIES: Limits = Limits {
    operation: "DescribeScalingPolicies",
    ..TARGETS
};
const ACTIVITIES: Limits = Limits {
    operation: "DescribeScalingActivities",
    ..TARGETS
};

const NAMESPACE: &str = "ecs";
const DIMENSION: &str = "ecs:service:DesiredCount";

/// A registered scalable target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRecord {
    pub resource_id: String,
    pub arn: String,
    pub min: u32,
    pub max: u32,
    pub role_arn: String,
    pub suspended: SuspendedState,
    pub created: SimTime,
}

/// What a policy does.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyKind {
    TargetTracking(TargetTrackingScalingPolicyConfiguration),
    Step(StepScalingPolicyConfiguration),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRecord {
    pub name: String,
    pub arn: String,
    pub resource_id: String,
    pub kind: PolicyKind,
    /// The alarms a target tracking policy owns: (name, ARN).
    pub alarms: Vec<(String, String)>,
    pub created: SimTime,
    /// Its last scale-out and scale-in: when, and the capacity before.
    pub last_out: Option<(SimTime, u32)>,
    pub last_in: Option<SimTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRecord {
    pub id: String,
    pub resource_id: String,
    pub description: String,
    pub cause: String,
    pub at: SimTime,
    pub status_code: &'static str,
    pub status_message: String,
    pub not_scaled: Vec<NotScaledReason>,
    /// The desired count before and after (a successful change).
    pub from: Option<u32>,
    pub to: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AasState {
    /// By resource id.
    pub targets: BTreeMap<String, TargetRecord>,
    /// By (resource id, policy name).
    pub policies: BTreeMap<(String, String), PolicyRecord>,
    pub activities: VecDeque<ActivityRecord>,
    /// By (resource id, scheduled action name).
    pub scheduled: BTreeMap<(String, String), ScheduledActionRecord>,
    /// The last generation given to a scheduled action (its timer's name).
    pub next_generation: u64,
}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationException, message)
}

fn no_target(resource_id: &str) -> ApiError {
    // F17.2 [3P, CAP] (the ECS analogue).
    ApiError::new(
        ErrorCode::ObjectNotFoundException,
        format!(
            "No scalable target registered for service namespace: ecs, resource ID: {resource_id}, scalable dimension: ecs:service:DesiredCount"
        ),
    )
}

fn check_namespace(namespace: &str, dimension: Option<&str>) -> Result<(), ApiError> {
    if namespace != NAMESPACE {
        return Err(ApiError::unsupported(
            "Application Auto Scaling",
            &format!("service namespace {namespace} (only ecs services are simulated)"),
        ));
    }
    if let Some(d) = dimension
        && d != DIMENSION
    {
        return Err(validation(format!(
            "Unsupported scalable dimension '{d}' for service namespace ecs: use ecs:service:DesiredCount"
        )));
    }
    Ok(())
}

/// F8.5's rounding of a percentage adjustment.
pub fn percent_adjustment(current: u32, percent: i64, min_magnitude: Option<i64>) -> i64 {
    let x = f64::from(current) * percent as f64 / 100.0;
    let mut n = if x >= 1.0 {
        x.floor() as i64
    } else if x > 0.0 {
        1
    } else if x > -1.0 && x < 0.0 {
        -1
    } else {
        x.ceil() as i64
    };
    if let Some(m) = min_magnitude
        && n.abs() < m
        && n != 0
    {
        n = m * n.signum();
    }
    n
}

/// F8.5: the step for a breach of `diff` (metric − threshold).
pub fn pick_step(steps: &[StepAdjustment], diff: f64) -> Option<&StepAdjustment> {
    steps.iter().find(|s| {
        let lo = s.metric_interval_lower_bound.unwrap_or(f64::NEG_INFINITY);
        let hi = s.metric_interval_upper_bound.unwrap_or(f64::INFINITY);
        if diff >= 0.0 {
            lo <= diff && diff < hi
        } else {
            lo < diff && diff <= hi
        }
    })
}

/// F8.5: the capacity a step policy asks for.
pub fn step_capacity(cfg: &StepScalingPolicyConfiguration, current: u32, diff: f64) -> Option<i64> {
    let step = pick_step(cfg.step_adjustments.as_deref().unwrap_or_default(), diff)?;
    let adj = step.scaling_adjustment;
    Some(match cfg.adjustment_type.as_deref() {
        Some("ExactCapacity") => adj,
        Some("PercentChangeInCapacity") => {
            i64::from(current) + percent_adjustment(current, adj, cfg.min_adjustment_magnitude)
        }
        _ => i64::from(current) + adj,
    })
}

/// F8.5: steps without gaps or overlaps, at most one open end each way.
pub(crate) fn check_steps(cfg: &StepScalingPolicyConfiguration) -> Result<(), ApiError> {
    match cfg.adjustment_type.as_deref() {
        Some("ChangeInCapacity" | "ExactCapacity" | "PercentChangeInCapacity") => {}
        Some(other) => {
            return Err(validation(format!(
                "AdjustmentType {other} is not valid: use ChangeInCapacity, ExactCapacity or PercentChangeInCapacity"
            )));
        }
        None => {
            return Err(validation(
                "AdjustmentType is required for a step scaling policy",
            ));
        }
    }
    if cfg.min_adjustment_magnitude.is_some()
        && cfg.adjustment_type.as_deref() != Some("PercentChangeInCapacity")
    {
        return Err(validation(
            "MinAdjustmentMagnitude is only valid with the PercentChangeInCapacity adjustment type",
        ));
    }
    match cfg.metric_aggregation_type.as_deref() {
        None | Some("Average" | "Minimum" | "Maximum") => {}
        Some(other) => {
            return Err(validation(format!(
                "MetricAggregationType {other} is not valid: use Average, Minimum or Maximum"
            )));
        }
    }
    let steps = cfg.step_adjustments.clone().unwrap_or_default();
    if steps.is_empty() {
        return Err(validation(
            "A step scaling policy needs at least one step adjustment",
        ));
    }
    if steps.len() > MAX_STEPS {
        return Err(ApiError::new(
            ErrorCode::LimitExceededException,
            format!("A step scaling policy can have at most {MAX_STEPS} step adjustments"),
        ));
    }
    if steps
        .iter()
        .any(|s| s.metric_interval_lower_bound.is_none() && s.metric_interval_upper_bound.is_none())
    {
        return Err(validation(
            "A step adjustment cannot have both its lower and upper bound null",
        ));
    }
    if steps
        .iter()
        .filter(|s| s.metric_interval_lower_bound.is_none())
        .count()
        > 1
        || steps
            .iter()
            .filter(|s| s.metric_interval_upper_bound.is_none())
            .count()
            > 1
    {
        return Err(validation(
            "Only one step adjustment can have a null lower bound, and only one a null upper bound",
        ));
    }
    let mut sorted = steps.clone();
    sorted.sort_by(|a, b| {
        a.metric_interval_lower_bound
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.metric_interval_lower_bound.unwrap_or(f64::NEG_INFINITY))
    });
    for s in &sorted {
        if let (Some(lo), Some(hi)) = (s.metric_interval_lower_bound, s.metric_interval_upper_bound)
            && lo >= hi
        {
            return Err(validation(format!(
                "The lower bound ({lo}) of a step adjustment must be below its upper bound ({hi})"
            )));
        }
    }
    for w in sorted.windows(2) {
        let hi = w[0].metric_interval_upper_bound.unwrap_or(f64::INFINITY);
        let lo = w[1]
            .metric_interval_lower_bound
            .unwrap_or(f64::NEG_INFINITY);
        if hi != lo {
            return Err(validation(if hi < lo {
                "There is a gap between the step adjustments' intervals"
            } else {
                "The step adjustments' intervals overlap"
            }));
        }
    }
    Ok(())
}

impl Sim {
    /// `service/<cluster>/<service>` → the ACTIVE service's ARN.
    fn scalable_service(&self, resource_id: &str) -> Result<String, ApiError> {
        self.scalable_service_record(resource_id)
            .map(|(arn, _)| arn)
    }

    /// [`Sim::scalable_service`] with the service's record, found once
    /// (alarm actions ask for it every minute an alarm is in ALARM).
    fn scalable_service_record(
        &self,
        resource_id: &str,
    ) -> Result<(String, &crate::state::ServiceRecord), ApiError> {
        let missing = || validation(format!("ECS service doesn't exist: {resource_id}"));
        let (cluster, service) = resource_id
            .strip_prefix("service/")
            .and_then(|r| r.split_once('/'))
            .ok_or_else(|| {
                validation(format!(
                    "Unsupported resource ID '{resource_id}' for ecs: use service/<cluster>/<service>"
                ))
            })?;
        // The cluster's name has no '/' (split above), so this is
        // `service_arn(cluster_arn(cluster), service)` without the
        // cluster's ARN made first.
        let arn = self
            .arns
            .arn_of("ecs", &["service/", cluster, "/", service]);
        let record = self
            .state
            .services
            .get(&arn)
            .filter(|s| s.status == crate::state::ServiceStatus::Active)
            .ok_or_else(missing)?;
        Ok((arn, record))
    }

    fn service_desired(&self, resource_id: &str) -> Option<u32> {
        self.scalable_service_record(resource_id)
            .ok()
            .map(|(_, s)| s.detail.desired_count)
    }

    /// Sets a service's desired count the way UpdateService does.
    fn set_desired(&mut self, resource_id: &str, count: u32) -> Result<(), ApiError> {
        let (cluster, service) = resource_id
            .strip_prefix("service/")
            .and_then(|r| r.split_once('/'))
            .ok_or_else(|| validation("not a service"))?;
        self.update_service_record(crate::ecs::service::UpdateServiceRequest {
            cluster: Some(cluster.to_owned()),
            service: service.to_owned(),
            desired_count: Some(i64::from(count)),
            ..Default::default()
        })
        .map(|_| ())
    }

    /// F17.5: the Successful activity of a desired count changed from
    /// `from` to `to` for `cause`.
    fn desired_count_set(&mut self, resource_id: &str, cause: String, from: u32, to: u32) {
        self.record_activity(ActivityRecord {
            id: String::new(),
            resource_id: resource_id.to_owned(),
            description: format!("Setting desired count to {to}."),
            cause,
            at: self.now,
            status_code: "Successful",
            status_message: format!(
                "Successfully set desired count to {to}. Change successfully fulfilled by ecs."
            ),
            not_scaled: Vec::new(),
            from: Some(from),
            to: Some(to),
        });
    }

    fn record_activity(&mut self, mut a: ActivityRecord) {
        a.id = self.new_uuid();
        if a.not_scaled.is_empty() {
            self.emit(crate::event::EventKind::ServiceScalingActivity {
                resource_id: a.resource_id.clone(),
                description: a.description.clone(),
                status: a.status_code.to_owned(),
            });
        }
        let list = &mut self.state.aas.activities;
        list.push_back(a);
        while list.len() > MAX_ACTIVITIES {
            list.pop_front();
        }
    }

    pub(crate) fn register_scalable_target(
        &mut self,
        req: RegisterScalableTargetRequest,
    ) -> Result<RegisterScalableTargetResponse, ApiError> {
        check_namespace(&req.service_namespace, Some(&req.scalable_dimension))?;
        if req.tags.is_some() || req.predicted_capacity.is_some() {
            return Err(ApiError::unsupported(
                "RegisterScalableTarget",
                "Tags and PredictedCapacity",
            ));
        }
        self.scalable_service(&req.resource_id)?;
        let existing = self.state.aas.targets.get(&req.resource_id).cloned();
        let capacity = |v: Option<i64>, what: &str| -> Result<Option<u32>, ApiError> {
            match v {
                None => Ok(None),
                Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
                Some(n) => Err(validation(format!("{what} must be 0 or more (got {n})"))),
            }
        };
        let min = capacity(req.min_capacity, "MinCapacity")?
            .or(existing.as_ref().map(|t| t.min))
            .ok_or_else(|| {
                validation("MinCapacity is required when registering a new scalable target")
            })?;
        let max = capacity(req.max_capacity, "MaxCapacity")?
            .or(existing.as_ref().map(|t| t.max))
            .ok_or_else(|| {
                validation("MaxCapacity is required when registering a new scalable target")
            })?;
        if min > max {
            return Err(validation(format!(
                "Minimum capacity ({min}) cannot be greater than maximum capacity ({max})"
            )));
        }
        let mut suspended = existing
            .as_ref()
            .map(|t| t.suspended.clone())
            .unwrap_or_default();
        if let Some(s) = &req.suspended_state {
            if s.dynamic_scaling_in_suspended.is_some() {
                suspended.dynamic_scaling_in_suspended = s.dynamic_scaling_in_suspended;
            }
            if s.dynamic_scaling_out_suspended.is_some() {
                suspended.dynamic_scaling_out_suspended = s.dynamic_scaling_out_suspended;
            }
            if s.scheduled_scaling_suspended.is_some() {
                suspended.scheduled_scaling_suspended = s.scheduled_scaling_suspended;
            }
        }
        let arn = match &existing {
            Some(t) => t.arn.clone(),
            None => {
                let id = self.new_hex_id();
                self.arns.arn(
                    "application-autoscaling",
                    &format!("scalable-target/0e{id}"),
                )
            }
        };
        let role_arn = req.role_arn.clone().unwrap_or_else(|| {
            format!(
                "arn:aws:iam::{}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
                self.config.account_id
            )
        });
        self.state.aas.targets.insert(
            req.resource_id.clone(),
            TargetRecord {
                resource_id: req.resource_id.clone(),
                arn: arn.clone(),
                min,
                max,
                role_arn,
                suspended: SuspendedState {
                    dynamic_scaling_in_suspended: Some(
                        suspended.dynamic_scaling_in_suspended.unwrap_or(false),
                    ),
                    dynamic_scaling_out_suspended: Some(
                        suspended.dynamic_scaling_out_suspended.unwrap_or(false),
                    ),
                    scheduled_scaling_suspended: Some(
                        suspended.scheduled_scaling_suspended.unwrap_or(false),
                    ),
                },
                created: existing.as_ref().map_or(self.now, |t| t.created),
            },
        );
        // F17.1: the count is clamped into [min, max] at once.
        self.clamp_desired(&req.resource_id, min, max)?;
        Ok(RegisterScalableTargetResponse {
            scalable_target_arn: arn,
        })
    }

    /// Moves the service's desired count into [min, max], if it is outside,
    /// as an activity whose cause is the bound that moved it (F17.5).
    fn clamp_desired(&mut self, resource_id: &str, min: u32, max: u32) -> Result<(), ApiError> {
        let Some(current) = self.service_desired(resource_id) else {
            return Ok(());
        };
        let clamped = current.clamp(min, max);
        if clamped == current {
            return Ok(());
        }
        self.set_desired(resource_id, clamped)?;
        let why = if clamped > current {
            "minimum"
        } else {
            "maximum"
        };
        self.desired_count_set(
            resource_id,
            format!("{why} capacity was set to {clamped}"),
            current,
            clamped,
        );
        Ok(())
    }

    pub(crate) fn describe_scalable_targets(
        &self,
        req: DescribeScalableTargetsRequest,
    ) -> Result<DescribeScalableTargetsResponse, ApiError> {
        check_namespace(&req.service_namespace, req.scalable_dimension.as_deref())?;
        let targets: Vec<&TargetRecord> = self
            .state
            .aas
            .targets
            .values()
            .filter(|t| {
                req.resource_ids
                    .as_ref()
                    .is_none_or(|ids| ids.is_empty() || ids.contains(&t.resource_id))
            })
            .collect();
        let (page, next_token) = TARGETS
            .request(req.max_results, req.next_token.as_deref())?
            .page_in_order(targets.into_iter().map(|t| (t.resource_id.as_str(), t)));
        Ok(DescribeScalableTargetsResponse {
            scalable_targets: page
                .iter()
                .map(|t| ScalableTarget {
                    service_namespace: NAMESPACE.to_owned(),
                    resource_id: t.resource_id.clone(),
                    scalable_dimension: DIMENSION.to_owned(),
                    min_capacity: t.min,
                    max_capacity: t.max,
                    role_arn: t.role_arn.clone(),
                    creation_time: self.epoch_ms(t.created) as f64 / 1000.0,
                    suspended_state: t.suspended.clone(),
                    scalable_target_arn: t.arn.clone(),
                })
                .collect(),
            next_token,
        })
    }

    /// Deregistering deletes the target's policies (and their alarms) and
    /// its scheduled actions.
    pub(crate) fn deregister_scalable_target(
        &mut self,
        req: ScalableTargetRequest,
    ) -> Result<AasEmpty, ApiError> {
        check_namespace(&req.service_namespace, Some(&req.scalable_dimension))?;
        if !self.state.aas.targets.contains_key(&req.resource_id) {
            return Err(no_target(&req.resource_id));
        }
        let names: Vec<String> = self
            .state
            .aas
            .policies
            .keys()
            .filter(|(r, _)| *r == req.resource_id)
            .map(|(_, n)| n.clone())
            .collect();
        for n in names {
            self.remove_policy(&req.resource_id, &n);
        }
        // Its scheduled actions go with it (their timers become stale).
        self.state
            .aas
            .scheduled
            .retain(|(r, _), _| *r != req.resource_id);
        self.state.aas.targets.remove(&req.resource_id);
        Ok(AasEmpty {})
    }

    fn remove_policy(&mut self, resource_id: &str, name: &str) {
        if let Some(p) = self
            .state
            .aas
            .policies
            .remove(&(resource_id.to_owned(), name.to_owned()))
        {
            // F17.3: a target tracking policy's alarms go with it.
            for (alarm, _) in &p.alarms {
                self.state.cloudwatch.alarms.remove(alarm);
            }
        }
    }

    pub(crate) fn put_scaling_policy(
        &mut self,
        req: PutScalingPolicyRequest,
    ) -> Result<PutScalingPolicyResponse, ApiError> {
        check_namespace(&req.service_namespace, Some(&req.scalable_dimension))?;
        if req.policy_name.is_empty()
            || req.policy_name.len() > 256
            || req.policy_name.contains([':', '/', '|'])
        {
            return Err(validation(
                "PolicyName must be 1 to 256 characters without ':', '/' or '|'",
            ));
        }
        if !self.state.aas.targets.contains_key(&req.resource_id) {
            return Err(no_target(&req.resource_id));
        }
        let kind = match (
            req.policy_type.as_deref(),
            &req.target_tracking_scaling_policy_configuration,
            &req.step_scaling_policy_configuration,
        ) {
            (Some("PredictiveScaling"), _, _) => {
                return Err(ApiError::unsupported(
                    "PutScalingPolicy",
                    "PredictiveScaling",
                ));
            }
            (Some("TargetTrackingScaling"), Some(cfg), None) => {
                PolicyKind::TargetTracking(self.checked_tracking(&req.resource_id, cfg)?)
            }
            (None | Some("StepScaling"), None, Some(cfg)) => {
                check_steps(cfg)?;
                if cfg.cooldown.is_some_and(|c| c < 0) {
                    return Err(validation("Cooldown must be 0 or more"));
                }
                PolicyKind::Step(cfg.clone())
            }
            (Some("TargetTrackingScaling"), None, _) => {
                return Err(validation(
                    "TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy",
                ));
            }
            (None | Some("StepScaling"), _, None) => {
                return Err(validation(
                    "StepScalingPolicyConfiguration is required for a StepScaling policy",
                ));
            }
            (Some(other), _, _) if other != "StepScaling" && other != "TargetTrackingScaling" => {
                return Err(validation(format!(
                    "PolicyType {other} is not valid: use TargetTrackingScaling or StepScaling"
                )));
            }
            _ => {
                return Err(validation(
                    "Give the configuration that matches the PolicyType, and only that one",
                ));
            }
        };
        let key = (req.resource_id.clone(), req.policy_name.clone());
        let count = self
            .state
            .aas
            .policies
            .keys()
            .filter(|(r, _)| *r == req.resource_id)
            .count();
        let existing = self.state.aas.policies.get(&key).cloned();
        if existing.is_none() && count >= MAX_POLICIES {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!("A scalable target can have at most {MAX_POLICIES} scaling policies"),
            ));
        }
        let arn = match &existing {
            Some(p) => p.arn.clone(),
            None => {
                let uuid = self.new_uuid();
                self.arns.arn(
                    "autoscaling",
                    &format!(
                        "scalingPolicy:{uuid}:resource/ecs/{}:policyName/{}",
                        req.resource_id, req.policy_name
                    ),
                )
            }
        };
        // Re-putting replaces the alarms a target tracking policy owns.
        let old = existing.as_ref().map_or(&[][..], |p| &p.alarms[..]);
        let alarms = self.replace_alarms(old, |sim| match &kind {
            PolicyKind::TargetTracking(cfg) => sim.tracking_alarms(&req.resource_id, &arn, cfg),
            PolicyKind::Step(_) => Ok(Vec::new()),
        })?;
        self.state.aas.policies.insert(
            key,
            PolicyRecord {
                name: req.policy_name.clone(),
                arn: arn.clone(),
                resource_id: req.resource_id.clone(),
                kind,
                alarms: alarms.clone(),
                created: existing.as_ref().map_or(self.now, |p| p.created),
                last_out: existing.as_ref().and_then(|p| p.last_out),
                last_in: existing.as_ref().and_then(|p| p.last_in),
            },
        );
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

    fn checked_tracking(
        &self,
        resource_id: &str,
        cfg: &TargetTrackingScalingPolicyConfiguration,
    ) -> Result<TargetTrackingScalingPolicyConfiguration, ApiError> {
        if !cfg.target_value.is_finite() || cfg.target_value <= 0.0 {
            return Err(validation("TargetValue must be a number greater than 0"));
        }
        for (c, what) in [
            (cfg.scale_in_cooldown, "ScaleInCooldown"),
            (cfg.scale_out_cooldown, "ScaleOutCooldown"),
        ] {
            if c.is_some_and(|c| c < 0) {
                return Err(validation(format!("{what} must be 0 or more")));
            }
        }
        match (
            &cfg.predefined_metric_specification,
            &cfg.customized_metric_specification,
        ) {
            (Some(p), None) => match p.predefined_metric_type.as_str() {
                "ECSServiceAverageCPUUtilization" | "ECSServiceAverageMemoryUtilization" => {
                    if p.resource_label.is_some() {
                        return Err(validation(format!(
                            "ResourceLabel is only valid with ALBRequestCountPerTarget, not {}",
                            p.predefined_metric_type
                        )));
                    }
                }
                "ALBRequestCountPerTarget" => {
                    let label = p.resource_label.as_deref().unwrap_or_default();
                    // F8.2: app/<lb>/<id>/targetgroup/<tg>/<id>, a group the
                    // service is registered in.
                    let tg = label.split_once("/targetgroup/").map(|(_, t)| t);
                    let known = tg.is_some_and(|t| {
                        self.state
                            .elb
                            .target_groups
                            .values()
                            .any(|g| g.arn.ends_with(&format!(":targetgroup/{t}")))
                    });
                    if !label.starts_with("app/") || !known {
                        let _ = resource_id;
                        return Err(validation(format!(
                            "ResourceLabel '{label}' is not valid for ALBRequestCountPerTarget: use app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id> of an Application Load Balancer's target group"
                        )));
                    }
                }
                other if other.ends_with("HighResolution") => {
                    return Err(ApiError::unsupported(
                        "PutScalingPolicy",
                        &format!("{other} (high-resolution metrics)"),
                    ));
                }
                other => {
                    return Err(validation(format!(
                        "PredefinedMetricType {other} is not valid for ecs: use ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget"
                    )));
                }
            },
            (None, Some(c)) => {
                if let Some(metrics) = &c.metrics {
                    let given = [
                        ("MetricName", c.metric_name.is_some()),
                        ("Namespace", c.namespace.is_some()),
                        ("Dimensions", c.dimensions.is_some()),
                        ("Statistic", c.statistic.is_some()),
                        ("Unit", c.unit.is_some()),
                    ];
                    if let Some((member, _)) = given.iter().find(|(_, g)| *g) {
                        return Err(validation(format!(
                            "CustomizedMetricSpecification.{member} cannot be used with CustomizedMetricSpecification.Metrics"
                        )));
                    }
                    let queries: Vec<_> = metrics.iter().map(|q| q.to_cloudwatch()).collect();
                    // CloudWatch's own checks, answered as this service's
                    // ValidationException (what is not simulated stays so).
                    crate::cloudwatch::alarm_metrics(&queries).map_err(|e| {
                        if e.code == ErrorCode::UnsupportedFeatureException {
                            e
                        } else {
                            validation(e.message)
                        }
                    })?;
                    return Ok(cfg.clone());
                }
                if c.metric_name.is_none() || c.namespace.is_none() || c.statistic.is_none() {
                    return Err(validation(
                        "A CustomizedMetricSpecification needs MetricName, Namespace and Statistic",
                    ));
                }
            }
            _ => {
                return Err(validation(
                    "Give exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification",
                ));
            }
        }
        Ok(cfg.clone())
    }

    /// F17.3: AlarmHigh and (unless DisableScaleIn) AlarmLow.
    fn tracking_alarms(
        &mut self,
        resource_id: &str,
        policy_arn: &str,
        cfg: &TargetTrackingScalingPolicyConfiguration,
    ) -> Result<Vec<(String, String)>, ApiError> {
        let (namespace, metric, statistic, dims): (String, String, String, Vec<Dimension>) = match (
            &cfg.predefined_metric_specification,
            &cfg.customized_metric_specification,
        ) {
            (Some(p), _) => {
                let (cluster, service) = resource_id
                    .strip_prefix("service/")
                    .and_then(|r| r.split_once('/'))
                    .unwrap_or_default();
                let ecs = |m: &str| {
                    (
                        "AWS/ECS".to_owned(),
                        m.to_owned(),
                        "Average".to_owned(),
                        vec![
                            Dimension {
                                name: "ClusterName".into(),
                                value: cluster.into(),
                            },
                            Dimension {
                                name: "ServiceName".into(),
                                value: service.into(),
                            },
                        ],
                    )
                };
                match p.predefined_metric_type.as_str() {
                    "ECSServiceAverageMemoryUtilization" => ecs("MemoryUtilization"),
                    "ALBRequestCountPerTarget" => {
                        let label = p.resource_label.clone().unwrap_or_default();
                        let (lb, tg) = label.split_once("/targetgroup/").unwrap_or_default();
                        (
                            "AWS/ApplicationELB".to_owned(),
                            "RequestCountPerTarget".to_owned(),
                            "Sum".to_owned(),
                            vec![
                                Dimension {
                                    name: "LoadBalancer".into(),
                                    value: lb.into(),
                                },
                                Dimension {
                                    name: "TargetGroup".into(),
                                    value: format!("targetgroup/{tg}"),
                                },
                            ],
                        )
                    }
                    _ => ecs("CPUUtilization"),
                }
            }
            (None, Some(c)) => (
                c.namespace.clone().unwrap_or_default(),
                c.metric_name.clone().unwrap_or_default(),
                c.statistic.clone().unwrap_or_default(),
                c.dimensions.clone().unwrap_or_default(),
            ),
            (None, None) => return Ok(Vec::new()),
        };
        let uuid = self.new_uuid();
        let action = format!("{policy_arn}:createdBy/{uuid}");
        let metrics: Option<Vec<crate::cloudwatch::MetricDataQuery>> = cfg
            .customized_metric_specification
            .as_ref()
            .and_then(|c| c.metrics.as_ref())
            .map(|m| m.iter().map(|q| q.to_cloudwatch()).collect());
        self.put_tracking_alarms(&crate::cloudwatch::TrackingAlarms {
            stem: &format!("TargetTracking-{resource_id}"),
            action: &action,
            namespace: &namespace,
            metric: &metric,
            statistic: &statistic,
            dimensions: &dims,
            target: cfg.target_value,
            high_points: HIGH_DATAPOINTS,
            low_points: LOW_DATAPOINTS,
            low_factor: SCALE_IN_FACTOR,
            scale_in: cfg.disable_scale_in != Some(true),
            metrics: metrics.as_deref(),
        })
    }

    pub(crate) fn describe_scaling_policies(
        &self,
        req: DescribeScalingPoliciesRequest,
    ) -> Result<DescribeScalingPoliciesResponse, ApiError> {
        check_namespace(&req.service_namespace, req.scalable_dimension.as_deref())?;
        let policies: Vec<&PolicyRecord> = self
            .state
            .aas
            .policies
            .values()
            .filter(|p| req.resource_id.as_ref().is_none_or(|r| *r == p.resource_id))
            .filter(|p| {
                req.policy_names
                    .as_ref()
                    .is_none_or(|n| n.is_empty() || n.contains(&p.name))
            })
            .collect();
        // In (resource, name) order, as they are kept.
        let (page, next_token) = POLICIES
            .request(req.max_results, req.next_token.as_deref())?
            .page_in_order(
                policies
                    .into_iter()
                    .map(|p| (format!("{}\u{1}{}", p.resource_id, p.name), p)),
            );
        Ok(DescribeScalingPoliciesResponse {
            scaling_policies: page
                .iter()
                .map(|p| ScalingPolicy {
                    policy_arn: p.arn.clone(),
                    policy_name: p.name.clone(),
                    service_namespace: NAMESPACE.to_owned(),
                    resource_id: p.resource_id.clone(),
                    scalable_dimension: DIMENSION.to_owned(),
                    policy_type: match p.kind {
                        PolicyKind::TargetTracking(_) => "TargetTrackingScaling",
                        PolicyKind::Step(_) => "StepScaling",
                    }
                    .to_owned(),
                    step_scaling_policy_configuration: match &p.kind {
                        PolicyKind::Step(c) => Some(c.clone()),
                        PolicyKind::TargetTracking(_) => None,
                    },
                    target_tracking_scaling_policy_configuration: match &p.kind {
                        PolicyKind::TargetTracking(c) => Some(c.clone()),
                        PolicyKind::Step(_) => None,
                    },
                    alarms: p
                        .alarms
                        .iter()
                        .map(|(n, a)| PolicyAlarm {
                            alarm_name: n.clone(),
                            alarm_arn: a.clone(),
                        })
                        .collect(),
                    creation_time: self.epoch_ms(p.created) as f64 / 1000.0,
                })
                .collect(),
            next_token,
        })
    }

    pub(crate) fn delete_scaling_policy(
        &mut self,
        req: DeleteScalingPolicyRequest,
    ) -> Result<AasEmpty, ApiError> {
        check_namespace(&req.service_namespace, Some(&req.scalable_dimension))?;
        let key = (req.resource_id.clone(), req.policy_name.clone());
        if !self.state.aas.policies.contains_key(&key) {
            return Err(ApiError::new(
                ErrorCode::ObjectNotFoundException,
                format!(
                    "No scaling policy found for service namespace: ecs, resource ID: {}, scalable dimension: ecs:service:DesiredCount, policy name: {}",
                    req.resource_id, req.policy_name
                ),
            ));
        }
        self.remove_policy(&req.resource_id, &req.policy_name);
        Ok(AasEmpty {})
    }

    pub(crate) fn aas_describe_scaling_activities(
        &self,
        req: DescribeScalingActivitiesRequest,
    ) -> Result<DescribeScalingActivitiesResponse, ApiError> {
        check_namespace(&req.service_namespace, req.scalable_dimension.as_deref())?;
        let with_not_scaled = req.include_not_scaled_activities == Some(true);
        let list: Vec<&ActivityRecord> = self
            .state
            .aas
            .activities
            .iter()
            .rev()
            .filter(|a| req.resource_id.as_ref().is_none_or(|r| *r == a.resource_id))
            .filter(|a| with_not_scaled || a.not_scaled.is_empty())
            .collect();
        // By offset, newest first: activities have no key in that order.
        let max = ACTIVITIES.limit(req.max_results)?;
        let start = match &req.next_token {
            None => 0,
            Some(t) => STV1
                .decode_offset(t)
                .ok_or_else(|| ACTIVITIES.bad_token())?,
        };
        let (page, next) = page_at(list, start, max);
        let next_token = next.map(|n| STV1.encode_offset(n));
        Ok(DescribeScalingActivitiesResponse {
            scaling_activities: page
                .iter()
                .map(|a| {
                    let at = self.epoch_ms(a.at) as f64 / 1000.0;
                    ScalingActivity {
                        activity_id: a.id.clone(),
                        service_namespace: NAMESPACE.to_owned(),
                        resource_id: a.resource_id.clone(),
                        scalable_dimension: DIMENSION.to_owned(),
                        description: a.description.clone(),
                        cause: a.cause.clone(),
                        start_time: at,
                        end_time: at,
                        status_code: a.status_code.to_owned(),
                        status_message: a.status_message.clone(),
                        not_scaled_reasons: a.not_scaled.clone(),
                    }
                })
                .collect(),
            next_token,
        })
    }

    // ------------------------------------------------------- scaling ---

    /// CloudWatch invokes an alarm's action while the alarm is in ALARM
    /// (every minute, F16.9): the scaling policy it names acts on the
    /// alarm's newest datapoint.
    pub(crate) fn alarm_action(
        &mut self,
        alarm_name: &str,
        threshold: f64,
        action: &str,
        value: f64,
    ) {
        let policy_arn = action.split(":createdBy/").next().unwrap_or(action);
        // Read in place (the alarm invokes this every minute it is in
        // ALARM, mostly to find nothing to do): the policy's key is copied
        // only when something is written.
        let Some(policy) = self
            .state
            .aas
            .policies
            .values()
            .find(|p| p.arn == policy_arn)
        else {
            return;
        };
        let Some(target) = self.state.aas.targets.get(&policy.resource_id) else {
            return;
        };
        // The service, found once for its desired count and (for a scale
        // in) its deployments.
        let Ok((_, service)) = self.scalable_service_record(&policy.resource_id) else {
            return;
        };
        let current = service.detail.desired_count;
        let now = self.now;
        let within = |since: SimTime, secs: i64| now.0 < since.0 + secs.max(0) as u64 * 1000;
        let flag = |f: Option<bool>| f == Some(true);
        let (wanted, out) = match &policy.kind {
            PolicyKind::TargetTracking(cfg) => {
                let high = alarm_name.contains("-AlarmHigh-");
                if high {
                    let cooldown = cfg.scale_out_cooldown.unwrap_or(DEFAULT_COOLDOWN_SECONDS);
                    // F8.4: within the scale-out cooldown only a larger
                    // scale-out than the last one's.
                    let base = match policy.last_out {
                        Some((at, before)) if within(at, cooldown) => before,
                        _ => current,
                    };
                    let want = (f64::from(base) * value / cfg.target_value).ceil() as i64;
                    (want, true)
                } else {
                    if cfg.disable_scale_in == Some(true) {
                        return;
                    }
                    let cooldown = cfg.scale_in_cooldown.unwrap_or(DEFAULT_COOLDOWN_SECONDS);
                    if policy.last_in.is_some_and(|at| within(at, cooldown)) {
                        return;
                    }
                    // F8.4: scale in only when every scale-in-enabled
                    // target tracking policy of the target wants to.
                    let all_low = self.state.aas.policies.values().all(|p| {
                        p.resource_id != policy.resource_id
                            || p.arn == policy.arn
                            || match &p.kind {
                                PolicyKind::TargetTracking(c)
                                    if c.disable_scale_in != Some(true) =>
                                {
                                    p.alarms.iter().any(|(n, _)| {
                                        n.contains("-AlarmLow-")
                                            && self
                                                .state
                                                .cloudwatch
                                                .alarms
                                                .get(n)
                                                .is_some_and(|a| a.state == "ALARM")
                                    })
                                }
                                _ => true,
                            }
                    });
                    if !all_low {
                        return;
                    }
                    let want = (f64::from(current) * value / cfg.target_value).ceil() as i64;
                    (want.max(0), false)
                }
            }
            PolicyKind::Step(cfg) => {
                let cooldown = cfg.cooldown.unwrap_or(DEFAULT_COOLDOWN_SECONDS);
                let last = match (policy.last_out, policy.last_in) {
                    (Some((a, _)), Some(b)) => Some(a.max(b)),
                    (Some((a, _)), None) => Some(a),
                    (None, b) => b,
                };
                if last.is_some_and(|at| within(at, cooldown)) {
                    return;
                }
                let Some(want) = step_capacity(cfg, current, value - threshold) else {
                    return;
                };
                (want.max(0), want > i64::from(current))
            }
        };
        let clamped = (wanted.clamp(i64::from(target.min), i64::from(target.max))) as u32;
        let (min, max) = (target.min, target.max);
        let cause = || {
            [
                "monitor alarm ",
                alarm_name,
                " in state ALARM triggered policy ",
                &policy.name,
            ]
            .concat()
        };
        let suspended = if out {
            flag(target.suspended.dynamic_scaling_out_suspended)
        } else {
            flag(target.suspended.dynamic_scaling_in_suspended) || deployment_in_progress(service)
        };
        if clamped == current || suspended {
            // Not scaled: at a bound (or nothing to do), or suspended.
            let code = if suspended {
                None
            } else if out && wanted > i64::from(max) {
                Some(("AlreadyAtMaxCapacity", Some(max), None))
            } else if !out && wanted < i64::from(min) {
                Some(("AlreadyAtMinCapacity", None, Some(min)))
            } else {
                Some(("AlreadyAtDesiredCapacity", None, None))
            };
            if let Some((code, max, min)) = code {
                let last_same = self.state.aas.activities.back().is_some_and(|a| {
                    a.resource_id == policy.resource_id
                        && a.not_scaled.first().is_some_and(|r| r.code == code)
                });
                if !last_same {
                    let (resource_id, cause) = (policy.resource_id.clone(), cause());
                    self.record_activity(ActivityRecord {
                        id: String::new(),
                        resource_id,
                        description: "Attempting to scale due to alarm triggered".to_owned(),
                        cause,
                        at: now,
                        status_code: "Failed",
                        status_message: ["Failed to set desired count: ", code, "."].concat(),
                        not_scaled: vec![NotScaledReason {
                            code: code.to_owned(),
                            max_capacity: max,
                            min_capacity: min,
                            current_capacity: Some(current),
                        }],
                        from: None,
                        to: None,
                    });
                }
            }
            return;
        }
        if (out && clamped < current) || (!out && clamped > current) {
            return;
        }
        let cause = cause();
        // The policy's key: (resource id, name).
        let key = (policy.resource_id.clone(), policy.name.clone());
        let resource_id = key.0.as_str();
        if self.set_desired(resource_id, clamped).is_err() {
            return;
        }
        if let Some(p) = self.state.aas.policies.get_mut(&key) {
            if out {
                p.last_out = Some((now, current));
            } else {
                p.last_in = Some(now);
            }
        }
        // F8.4: a scale-out cancels the target's scale-in cooldowns.
        if out {
            for p in self.state.aas.policies.values_mut() {
                if p.resource_id == resource_id {
                    p.last_in = None;
                }
            }
        }
        self.desired_count_set(resource_id, cause, current, clamped);
    }
}

/// F8.4: whether the service has a deployment in progress.
fn deployment_in_progress(s: &crate::state::ServiceRecord) -> bool {
    s.detail.deployments.len() > 1
        || s.detail
            .deployments
            .iter()
            .any(|d| d.rollout_state == crate::ecs::deployment::RolloutState::InProgress)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn step(lo: Option<f64>, hi: Option<f64>, adj: i64) -> StepAdjustment {
        StepAdjustment {
            metric_interval_lower_bound: lo,
            metric_interval_upper_bound: hi,
            scaling_adjustment: adj,
        }
    }

    #[test]
    fn the_user_guides_step_scaling_example() {
        // F8.5: capacity 10, threshold 50 %; out [0,10) 0, [10,20) +10 %,
        // [20,∞) +30 %; in (−10,0] 0, (−20,−10] −10 %, (−∞,−20] −30 %.
        let out = StepScalingPolicyConfiguration {
            adjustment_type: Some("PercentChangeInCapacity".into()),
            step_adjustments: Some(vec![
                step(Some(0.0), Some(10.0), 0),
                step(Some(10.0), Some(20.0), 10),
                step(Some(20.0), None, 30),
            ]),
            ..Default::default()
        };
        let scale_in = StepScalingPolicyConfiguration {
            adjustment_type: Some("PercentChangeInCapacity".into()),
            step_adjustments: Some(vec![
                step(Some(-10.0), Some(0.0), 0),
                step(Some(-20.0), Some(-10.0), -10),
                step(None, Some(-20.0), -30),
            ]),
            ..Default::default()
        };
        assert!(check_steps(&out).is_ok());
        assert!(check_steps(&scale_in).is_ok());
        let threshold = 50.0;
        assert_eq!(step_capacity(&out, 10, 60.0 - threshold), Some(11));
        assert_eq!(step_capacity(&out, 11, 70.0 - threshold), Some(14));
        assert_eq!(step_capacity(&scale_in, 14, 40.0 - threshold), Some(13));
        assert_eq!(step_capacity(&scale_in, 13, 30.0 - threshold), Some(10));
    }

    #[test]
    fn percentages_round_as_f8_5_says() {
        assert_eq!(percent_adjustment(100, 127, None), 127);
        assert_eq!(percent_adjustment(10, 127, None), 12); // 12.7 → 12
        assert_eq!(percent_adjustment(2, 10, None), 1); // 0.2 → 1
        assert_eq!(percent_adjustment(2, -10, None), -1); // −0.2 → −1
        assert_eq!(percent_adjustment(15, -44, None), -6); // −6.6 → −6
        assert_eq!(percent_adjustment(4, 25, Some(2)), 2); // 1, at least 2
    }

    #[test]
    fn steps_without_gaps_or_overlaps() {
        let cfg = |steps: Vec<StepAdjustment>| StepScalingPolicyConfiguration {
            adjustment_type: Some("ChangeInCapacity".into()),
            step_adjustments: Some(steps),
            ..Default::default()
        };
        let gap = cfg(vec![
            step(Some(0.0), Some(10.0), 1),
            step(Some(20.0), None, 2),
        ]);
        assert!(check_steps(&gap).unwrap_err().message.contains("gap"));
        let overlap = cfg(vec![
            step(Some(0.0), Some(20.0), 1),
            step(Some(10.0), None, 2),
        ]);
        assert!(
            check_steps(&overlap)
                .unwrap_err()
                .message
                .contains("overlap")
        );
        let open = cfg(vec![step(None, None, 1)]);
        assert!(check_steps(&open).is_err());
        let two_open = cfg(vec![step(None, Some(0.0), -1), step(None, Some(5.0), 1)]);
        assert!(check_steps(&two_open).is_err());
    }
}
