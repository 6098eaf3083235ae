//! ECS capacity providers (section 9 of aws-behaviour.md), without managed
//! scaling: CreateCapacityProvider, DescribeCapacityProviders,
//! UpdateCapacityProvider, DeleteCapacityProvider,
//! PutClusterCapacityProviders, and the capacity provider strategies of
//! RunTask, CreateService and UpdateService (F9.6).
//!
//! - `FARGATE` and `FARGATE_SPOT` exist in every account, cannot be created
//!   or deleted, and are usable once associated with a cluster (F2.9).
//! - An Auto Scaling group provider names one group; a group can back only
//!   one ACTIVE provider (AWS's ClientException, containers-roadmap#632).
//!   Managed scaling (F9.1–F9.4) is not modelled: `managedScaling.status`
//!   ENABLED is refused with UnsupportedFeatureException, so managed
//!   termination protection, which requires it (F9.5), is refused with
//!   InvalidParameterException. Managed draining ENABLED is not modelled
//!   either (refused); DISABLED is kept and shown.
//! - A cluster has at most 20 providers (F6.7); PutClusterCapacityProviders
//!   replaces the list and the default strategy, and refuses to remove a
//!   provider that tasks or services use (ResourceInUseException, AWS's
//!   text).
//! - Strategies (F9.6): items `{capacityProvider, weight 0–1000, base
//!   0–100000}`, at most 20, one provider per item, at most one with a base,
//!   Fargate and Auto Scaling group providers not mixed (F2.9), every
//!   provider associated with the cluster; at least one weight above zero;
//!   `launchType` and a strategy are mutually exclusive; neither given → the
//!   cluster's default strategy, or launch type EC2 when it has none
//!   (RunTask/CreateService API reference, aws/aws-sdk#761). DAEMON services
//!   cannot use a strategy (the simulator has no DAEMON services yet).
//! - Which provider each task goes to: [`assign`] (MODEL, below).
//! - Fargate Spot interruption (F2.9, F1.8): [`Sim::fault_spot_interruption`]
//!   gives a FARGATE_SPOT task the two-minute notice (stopCode
//!   `TerminationNotice`, lastStatus RUNNING, desiredStatus STOPPED), then it
//!   stops with `Your Spot Task was interrupted.`; its service replaces it
//!   per its strategy at the notice.

use super::tags::{self, Tag};
use crate::config::LastSegment;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, ServiceStatus, TaskStatus};
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const FARGATE: &str = "FARGATE";
pub const FARGATE_SPOT: &str = "FARGATE_SPOT";
/// F6.7: capacity providers per cluster (current developer guide; section
/// 15 item 3: older guides say 10).
pub const MAX_PER_CLUSTER: usize = 20;
/// F9.6: items per capacity provider strategy.
pub const MAX_STRATEGY_ITEMS: usize = 20;
/// F9.6: weight 0–1,000 and base 0–100,000.
pub const MAX_WEIGHT: i64 = 1_000;
pub const MAX_BASE: i64 = 100_000;
/// F2.9: Fargate Spot interruptions come with a two-minute warning.
pub const SPOT_NOTICE: SimDuration = SimDuration::minutes(2);
/// F1.8 [OFFICIAL]: the stoppedReason of an interrupted Fargate Spot task.
pub const SPOT_INTERRUPTED: &str = "Your Spot Task was interrupted.";
/// F1.7/F1.8: its stop code.
pub const SPOT_STOP_CODE: &str = "TerminationNotice";
/// RunTask's failure reason when an Auto Scaling group provider has no
/// container instance in the cluster. UNCONFIRMED: recalled from AWS's
/// service event "… Reason: No Container Instances were found in your
/// capacity provider."; not in aws-behaviour.md.
pub const NO_PROVIDER_INSTANCES: &str =
    "No Container Instances were found in your capacity provider";
/// MODEL (AWS gives no duration): DeleteCapacityProvider's DELETE_IN_PROGRESS
/// lasts this long before DELETE_COMPLETE.
pub const DELETION_TIME: SimDuration = SimDuration::seconds(30);

// ---------------------------------------------------------------- shapes ---

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
    pub failures: Vec<super::cluster::Failure>,
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
    pub cluster: super::cluster::Cluster,
}

// ----------------------------------------------------------------- state ---

/// An Auto Scaling group capacity provider as the engine stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityProviderRecord {
    pub name: String,
    pub arn: String,
    /// The group's name and ARN at creation.
    pub asg_name: String,
    pub asg_arn: String,
    pub managed_termination_protection: String,
    pub managed_draining: Option<String>,
    /// ACTIVE or INACTIVE (deleted).
    pub active: bool,
    pub update_status: Option<&'static str>,
    pub update_status_reason: Option<String>,
    pub tags: Vec<Tag>,
}

/// The kind of a strategy: its providers are all Fargate ones, or all Auto
/// Scaling group ones (F2.9: never both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fargate,
    AutoScalingGroup,
}

impl Kind {
    pub fn of(provider: &str) -> Kind {
        if is_fargate(provider) {
            Kind::Fargate
        } else {
            Kind::AutoScalingGroup
        }
    }
    pub fn launch_type(self) -> LaunchType {
        match self {
            Kind::Fargate => LaunchType::Fargate,
            Kind::AutoScalingGroup => LaunchType::Ec2,
        }
    }
}

pub fn is_fargate(provider: &str) -> bool {
    provider == FARGATE || provider == FARGATE_SPOT
}

/// How the tasks of a RunTask/CreateService get their capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capacity {
    /// A launch type (given, or EC2 when neither a launch type nor a
    /// strategy applies).
    LaunchType(Option<String>),
    /// A validated strategy (given, or the cluster's default).
    Strategy(Vec<CapacityProviderStrategyItem>, Kind),
}

/// MODEL (F9.6 gives the rule, not the rounding): which provider each of
/// `n` new tasks goes to, given the tasks each provider already has
/// (`existing`: the service's live tasks; empty for RunTask, whose calls are
/// independent). First the provider with a base gets tasks until it has
/// `base`; after that every task goes to the weighted provider whose count
/// beyond its base, plus one, divided by its weight is lowest (the D'Hondt
/// rule: the one furthest below its share), ties to the earlier item.
/// Weight-0 providers get nothing beyond their base. Example (tested):
/// 10 tasks, FARGATE base 2 weight 1 + FARGATE_SPOT weight 3 → FARGATE 2+2,
/// FARGATE_SPOT 6.
pub fn assign(
    strategy: &[CapacityProviderStrategyItem],
    existing: &BTreeMap<String, u32>,
    n: usize,
) -> Vec<String> {
    let mut counts: Vec<i64> = strategy
        .iter()
        .map(|i| i64::from(existing.get(&i.capacity_provider).copied().unwrap_or(0)))
        .collect();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let base_short = strategy
            .iter()
            .enumerate()
            .find(|(k, i)| i.base > 0 && counts[*k] < i.base)
            .map(|(k, _)| k);
        let pick = base_short.or_else(|| {
            let mut best: Option<usize> = None;
            for (k, item) in strategy.iter().enumerate() {
                if item.weight <= 0 {
                    continue;
                }
                let beyond = counts[k] - item.base.min(counts[k]);
                best = match best {
                    None => Some(k),
                    Some(b) => {
                        let other = &strategy[b];
                        let b_beyond = counts[b] - other.base.min(counts[b]);
                        // (beyond+1)/weight < (b_beyond+1)/b_weight, in integers.
                        if (beyond + 1) * other.weight < (b_beyond + 1) * item.weight {
                            Some(k)
                        } else {
                            Some(b)
                        }
                    }
                };
            }
            best
        });
        let Some(k) = pick else { break };
        counts[k] += 1;
        out.push(strategy[k].capacity_provider.clone());
    }
    out
}

fn strategy_not_associated() -> ApiError {
    // AWS's text (dask/dask-cloudprovider#328, RunTask).
    ApiError::invalid_parameter(
        "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.",
    )
}

fn not_found() -> ApiError {
    // AWS's text (terraform-aws-modules/terraform-aws-ecs#53).
    ApiError::invalid_parameter(
        "The specified capacity provider was not found. Specify a valid capacity provider and try again.",
    )
}

fn unsupported(op: &str, what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedFeatureException,
        format!("{op}: the simulator does not model '{what}' yet."),
    )
}

/// Checks a strategy's items on their own and against the providers
/// associated with the cluster (F9.6, F2.9). `default` says it is a
/// cluster's default strategy being set, whose weights may all be 0 (AWS
/// refuses that only when the default strategy is used).
pub fn validate_strategy(
    items: &[CapacityProviderStrategyItem],
    associated: &[String],
    default: bool,
) -> Result<Option<Kind>, ApiError> {
    if items.len() > MAX_STRATEGY_ITEMS {
        return Err(ApiError::invalid_parameter(format!(
            "A capacity provider strategy can have at most {MAX_STRATEGY_ITEMS} capacity providers; {} were given.",
            items.len()
        )));
    }
    let mut kind = None;
    for (k, item) in items.iter().enumerate() {
        if !associated.contains(&item.capacity_provider) {
            return Err(strategy_not_associated());
        }
        if items[..k]
            .iter()
            .any(|o| o.capacity_provider == item.capacity_provider)
        {
            return Err(ApiError::invalid_parameter(format!(
                "The capacity provider {} appears more than once in the capacity provider strategy.",
                item.capacity_provider
            )));
        }
        if !(0..=MAX_WEIGHT).contains(&item.weight) {
            return Err(ApiError::invalid_parameter(format!(
                "The weight of capacity provider {} must be between 0 and {MAX_WEIGHT}; {} was given.",
                item.capacity_provider, item.weight
            )));
        }
        if !(0..=MAX_BASE).contains(&item.base) {
            return Err(ApiError::invalid_parameter(format!(
                "The base of capacity provider {} must be between 0 and {MAX_BASE}; {} was given.",
                item.capacity_provider, item.base
            )));
        }
        let this = Kind::of(&item.capacity_provider);
        if kind.is_some_and(|k| k != this) {
            // AWS's text (terraform-aws-modules/terraform-aws-ecs#68).
            return Err(ApiError::invalid_parameter(
                "A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.",
            ));
        }
        kind = Some(this);
    }
    if items.iter().filter(|i| i.base > 0).count() > 1 {
        return Err(ApiError::invalid_parameter(
            "Only one capacity provider in a capacity provider strategy can have a base defined.",
        ));
    }
    if !default && !items.is_empty() && items.iter().all(|i| i.weight == 0) {
        // AWS's wording for the default strategy (below), adapted.
        return Err(ApiError::invalid_parameter(
            "There are no capacity providers with a weight value greater than zero defined in the capacity provider strategy. At least one capacity provider must have a weight value greater than zero specified. Specify a valid capacity provider strategy and try again.",
        ));
    }
    Ok(kind)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Sim {
    fn capacity_provider_arn(&self, name: &str) -> String {
        self.arns.arn("ecs", &format!("capacity-provider/{name}"))
    }

    /// The name a provider identifier (name or ARN) refers to.
    fn capacity_provider_name<'a>(&self, identifier: &'a str) -> &'a str {
        if identifier.starts_with("arn:") {
            self.arns
                .resource("ecs", identifier)
                .and_then(|r| r.strip_prefix("capacity-provider/"))
                .unwrap_or(identifier)
        } else {
            identifier
        }
    }

    /// Whether a provider exists and can be associated: the Fargate ones,
    /// or an ACTIVE Auto Scaling group provider.
    pub(crate) fn capacity_provider_usable(&self, name: &str) -> bool {
        is_fargate(name)
            || self
                .state
                .capacity_providers
                .get(name)
                .is_some_and(|p| p.active)
    }

    fn capacity_provider_shape(&self, name: &str, with_tags: bool) -> Option<CapacityProvider> {
        if is_fargate(name) {
            return Some(CapacityProvider {
                capacity_provider_arn: self.capacity_provider_arn(name),
                name: name.to_owned(),
                status: "ACTIVE",
                auto_scaling_group_provider: None,
                update_status: None,
                update_status_reason: None,
                tags: Vec::new(),
            });
        }
        let p = self.state.capacity_providers.get(name)?;
        Some(CapacityProvider {
            capacity_provider_arn: p.arn.clone(),
            name: p.name.clone(),
            status: if p.active { "ACTIVE" } else { "INACTIVE" },
            auto_scaling_group_provider: Some(AutoScalingGroupProvider {
                auto_scaling_group_arn: p.asg_arn.clone(),
                // F9.3 defaults; managed scaling is always DISABLED here.
                managed_scaling: Some(ManagedScaling {
                    status: Some("DISABLED".into()),
                    target_capacity: Some(100),
                    minimum_scaling_step_size: Some(1),
                    maximum_scaling_step_size: Some(10_000),
                    instance_warmup_period: Some(300),
                }),
                managed_termination_protection: Some(p.managed_termination_protection.clone()),
                managed_draining: p.managed_draining.clone(),
            }),
            update_status: p.update_status,
            update_status_reason: p.update_status_reason.clone(),
            tags: if with_tags {
                p.tags.clone()
            } else {
                Vec::new()
            },
        })
    }

    /// Managed scaling, termination protection and draining as this
    /// simulator takes them (see the module doc). Returns the termination
    /// protection and draining values to store.
    fn check_managed(
        op: &str,
        scaling: Option<&ManagedScaling>,
        termination: Option<&str>,
        draining: Option<&str>,
    ) -> Result<(), ApiError> {
        if let Some(s) = scaling {
            match s.status.as_deref() {
                None | Some("DISABLED") => {}
                Some("ENABLED") => {
                    return Err(ApiError::new(
                        ErrorCode::UnsupportedFeatureException,
                        format!(
                            "{op}: the simulator does not model managed scaling yet (managedScaling status ENABLED: cluster auto scaling). Use status DISABLED and set the Auto Scaling group's desired capacity yourself."
                        ),
                    ));
                }
                Some(other) => {
                    return Err(ApiError::invalid_parameter(format!(
                        "managedScaling.status must be ENABLED or DISABLED; '{other}' was given."
                    )));
                }
            }
            if let Some(t) = s.target_capacity
                && !(1..=100).contains(&t)
            {
                return Err(ApiError::invalid_parameter(format!(
                    "managedScaling.targetCapacity must be greater than 0 and at most 100; {t} was given."
                )));
            }
            for (value, what) in [
                (s.minimum_scaling_step_size, "minimumScalingStepSize"),
                (s.maximum_scaling_step_size, "maximumScalingStepSize"),
            ] {
                if let Some(v) = value
                    && !(1..=10_000).contains(&v)
                {
                    return Err(ApiError::invalid_parameter(format!(
                        "managedScaling.{what} must be between 1 and 10000; {v} was given."
                    )));
                }
            }
            if let Some(v) = s.instance_warmup_period
                && !(0..=10_000).contains(&v)
            {
                return Err(ApiError::invalid_parameter(format!(
                    "managedScaling.instanceWarmupPeriod must be between 0 and 10000; {v} was given."
                )));
            }
        }
        match termination {
            None | Some("DISABLED") => {}
            Some("ENABLED") => {
                // F9.5: managed termination protection requires managed
                // scaling (AWS's opening sentence,
                // aws/containers-roadmap#653; the reason is F9.5's).
                return Err(ApiError::invalid_parameter(
                    "The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must be enabled (and the Auto Scaling group must have instance protection from scale in enabled).",
                ));
            }
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "managedTerminationProtection must be ENABLED or DISABLED; '{other}' was given."
                )));
            }
        }
        match draining {
            None | Some("DISABLED") => Ok(()),
            Some("ENABLED") => Err(unsupported(
                op,
                "managedDraining ENABLED (draining instances the group scales in)",
            )),
            Some(other) => Err(ApiError::invalid_parameter(format!(
                "managedDraining must be ENABLED or DISABLED; '{other}' was given."
            ))),
        }
    }

    pub(crate) fn create_capacity_provider(
        &mut self,
        req: CreateCapacityProviderRequest,
    ) -> Result<CreateCapacityProviderResponse, ApiError> {
        const OP: &str = "CreateCapacityProvider";
        if req.cluster.is_some() || req.managed_instances_provider.is_some() {
            return Err(unsupported(
                OP,
                "managedInstancesProvider (ECS Managed Instances, cluster-scoped providers)",
            ));
        }
        let name = req.name;
        if !valid_name(&name) {
            return Err(ApiError::invalid_parameter(
                "A capacity provider name can have up to 255 characters: letters (uppercase and lowercase), numbers, underscores and hyphens.",
            ));
        }
        let lower = name.to_ascii_lowercase();
        if ["aws", "ecs", "fargate"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            // The rule is in the API reference (CreateCapacityProvider.name).
            return Err(ApiError::invalid_parameter(format!(
                "The capacity provider name '{name}' is not valid: a name can't begin with \"aws\", \"ecs\" or \"fargate\"."
            )));
        }
        let Some(asg) = req.auto_scaling_group_provider else {
            return Err(ApiError::invalid_parameter(
                "autoScalingGroupProvider is required: the Auto Scaling group whose instances the capacity provider uses.",
            ));
        };
        Self::check_managed(
            OP,
            asg.managed_scaling.as_ref(),
            asg.managed_termination_protection.as_deref(),
            asg.managed_draining.as_deref(),
        )?;
        tags::validate(&req.tags)?;
        // The group, by ARN (or by name, as AWS now also accepts).
        let group = self
            .state
            .auto_scaling_groups
            .values()
            .find(|g| {
                (g.arn == asg.auto_scaling_group_arn || g.name == asg.auto_scaling_group_arn)
                    && !g.deleting
            })
            .map(|g| (g.name.clone(), g.arn.clone()));
        let Some((asg_name, asg_arn)) = group else {
            return Err(ApiError::new(
                ErrorCode::ClientException,
                format!(
                    "The specified Auto Scaling group '{}' was not found. Give the ARN of an Auto Scaling group of this account and Region.",
                    asg.auto_scaling_group_arn
                ),
            ));
        };
        if self
            .state
            .capacity_providers
            .get(&name)
            .is_some_and(|p| p.active)
        {
            return Err(ApiError::invalid_parameter(format!(
                "A capacity provider named {name} already exists. Choose another name."
            )));
        }
        if self
            .state
            .capacity_providers
            .values()
            .any(|p| p.active && p.asg_name == asg_name)
        {
            // AWS's text (aws/containers-roadmap#632).
            return Err(ApiError::new(
                ErrorCode::ClientException,
                "The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.",
            ));
        }
        let record = CapacityProviderRecord {
            arn: self.capacity_provider_arn(&name),
            name: name.clone(),
            asg_name,
            asg_arn,
            managed_termination_protection: "DISABLED".into(),
            managed_draining: asg.managed_draining.clone(),
            active: true,
            update_status: None,
            update_status_reason: None,
            tags: req.tags,
        };
        self.state.capacity_providers.insert(name.clone(), record);
        self.emit(EventKind::CapacityProviderChanged {
            name: name.clone(),
            status: "ACTIVE".into(),
            update_status: None,
        });
        let capacity_provider = self
            .capacity_provider_shape(&name, true)
            .ok_or_else(not_found)?;
        Ok(CreateCapacityProviderResponse { capacity_provider })
    }

    pub(crate) fn describe_capacity_providers(
        &self,
        req: DescribeCapacityProvidersRequest,
    ) -> Result<DescribeCapacityProvidersResponse, ApiError> {
        const OP: &str = "DescribeCapacityProviders";
        if req.cluster.is_some() {
            return Err(unsupported(OP, "cluster (cluster-scoped providers)"));
        }
        if req.next_token.is_some() {
            return Err(unsupported(OP, "nextToken"));
        }
        let with_tags = match req.include.as_slice() {
            [] => false,
            [t] if t == "TAGS" => true,
            _ => {
                return Err(ApiError::invalid_parameter("include accepts only TAGS."));
            }
        };
        if let Some(n) = req.max_results
            && !(1..=10).contains(&n)
        {
            return Err(ApiError::invalid_parameter(
                "maxResults must be between 1 and 10.",
            ));
        }
        let mut out = DescribeCapacityProvidersResponse {
            capacity_providers: Vec::new(),
            failures: Vec::new(),
        };
        if req.capacity_providers.is_empty() {
            // Every provider: the Fargate ones first, then the account's.
            let mut names = vec![FARGATE.to_owned(), FARGATE_SPOT.to_owned()];
            names.extend(self.state.capacity_providers.keys().cloned());
            for name in names {
                if let Some(shape) = self.capacity_provider_shape(&name, with_tags) {
                    out.capacity_providers.push(shape);
                }
            }
        } else {
            for identifier in &req.capacity_providers {
                let name = self.capacity_provider_name(identifier);
                match self.capacity_provider_shape(name, with_tags) {
                    Some(shape) => out.capacity_providers.push(shape),
                    None => out.failures.push(super::cluster::Failure {
                        arn: if identifier.starts_with("arn:") {
                            identifier.clone()
                        } else {
                            self.capacity_provider_arn(identifier)
                        },
                        reason: "MISSING".into(),
                    }),
                }
            }
        }
        if let Some(n) = req.max_results {
            out.capacity_providers.truncate(n as usize);
        }
        Ok(out)
    }

    /// The clusters (ACTIVE) a provider is associated with.
    fn clusters_with_provider(&self, name: &str) -> Vec<String> {
        self.state
            .clusters
            .values()
            .filter(|c| {
                c.status == super::cluster::ClusterStatus::Active
                    && c.capacity_providers.iter().any(|p| p == name)
            })
            .map(|c| c.name.clone())
            .collect()
    }

    pub(crate) fn delete_capacity_provider(
        &mut self,
        req: DeleteCapacityProviderRequest,
    ) -> Result<DeleteCapacityProviderResponse, ApiError> {
        if req.cluster.is_some() {
            return Err(unsupported(
                "DeleteCapacityProvider",
                "cluster (cluster-scoped providers)",
            ));
        }
        let name = self
            .capacity_provider_name(&req.capacity_provider)
            .to_owned();
        if is_fargate(&name) {
            return Err(ApiError::new(
                ErrorCode::ClientException,
                format!(
                    "The {name} capacity provider is reserved by Amazon ECS and cannot be deleted. Remove it from your clusters with PutClusterCapacityProviders instead."
                ),
            ));
        }
        if !self
            .state
            .capacity_providers
            .get(&name)
            .is_some_and(|p| p.active)
        {
            return Err(not_found());
        }
        let clusters = self.clusters_with_provider(&name);
        let (update_status, reason) = if let Some(cluster) = clusters.first() {
            // AWS answers 200 with updateStatus DELETE_FAILED and this reason
            // (hashicorp/terraform-provider-aws#48156, ekristen/aws-nuke#542);
            // the provider stays ACTIVE.
            (
                "DELETE_FAILED",
                Some(format!(
                    "The capacity provider cannot be deleted because it is associated with cluster: {cluster}. Remove the capacity provider from the cluster and try again."
                )),
            )
        } else {
            ("DELETE_IN_PROGRESS", None)
        };
        let deleting = reason.is_none();
        if let Some(p) = self.state.capacity_providers.get_mut(&name) {
            p.update_status = Some(update_status);
            p.update_status_reason = reason;
            if deleting {
                p.active = false;
            }
        }
        self.emit(EventKind::CapacityProviderChanged {
            name: name.clone(),
            status: if deleting { "INACTIVE" } else { "ACTIVE" }.into(),
            update_status: Some(update_status.into()),
        });
        if deleting {
            self.schedule(
                DELETION_TIME,
                Timer::CapacityProviderDeleted { name: name.clone() },
            );
        }
        let capacity_provider = self
            .capacity_provider_shape(&name, false)
            .ok_or_else(not_found)?;
        Ok(DeleteCapacityProviderResponse { capacity_provider })
    }

    /// Timer: a deleted provider's DELETE_IN_PROGRESS completes.
    pub(crate) fn capacity_provider_deleted(&mut self, name: &str) {
        let done = match self.state.capacity_providers.get_mut(name) {
            Some(p) if !p.active && p.update_status == Some("DELETE_IN_PROGRESS") => {
                p.update_status = Some("DELETE_COMPLETE");
                true
            }
            _ => false,
        };
        if done {
            self.emit(EventKind::CapacityProviderChanged {
                name: name.to_owned(),
                status: "INACTIVE".into(),
                update_status: Some("DELETE_COMPLETE".into()),
            });
        }
    }

    pub(crate) fn update_capacity_provider(
        &mut self,
        req: UpdateCapacityProviderRequest,
    ) -> Result<UpdateCapacityProviderResponse, ApiError> {
        const OP: &str = "UpdateCapacityProvider";
        if req.cluster.is_some() || req.managed_instances_provider.is_some() {
            return Err(unsupported(
                OP,
                "managedInstancesProvider (ECS Managed Instances, cluster-scoped providers)",
            ));
        }
        let name = self.capacity_provider_name(&req.name).to_owned();
        if is_fargate(&name) {
            return Err(ApiError::new(
                ErrorCode::ClientException,
                format!(
                    "The {name} capacity provider is reserved by Amazon ECS and cannot be updated."
                ),
            ));
        }
        if !self
            .state
            .capacity_providers
            .get(&name)
            .is_some_and(|p| p.active)
        {
            return Err(not_found());
        }
        let Some(update) = req.auto_scaling_group_provider else {
            return Err(ApiError::invalid_parameter(
                "autoScalingGroupProvider is required.",
            ));
        };
        Self::check_managed(
            OP,
            update.managed_scaling.as_ref(),
            update.managed_termination_protection.as_deref(),
            update.managed_draining.as_deref(),
        )?;
        if let Some(p) = self.state.capacity_providers.get_mut(&name) {
            if let Some(d) = update.managed_draining {
                p.managed_draining = Some(d);
            }
            // MODEL: the update completes at once.
            p.update_status = Some("UPDATE_COMPLETE");
            p.update_status_reason = None;
        }
        self.emit(EventKind::CapacityProviderChanged {
            name: name.clone(),
            status: "ACTIVE".into(),
            update_status: Some("UPDATE_COMPLETE".into()),
        });
        let capacity_provider = self
            .capacity_provider_shape(&name, false)
            .ok_or_else(not_found)?;
        Ok(UpdateCapacityProviderResponse { capacity_provider })
    }

    /// Checks a cluster's capacity providers and default strategy (for
    /// CreateCluster and PutClusterCapacityProviders).
    pub(crate) fn check_cluster_capacity(
        &self,
        providers: &[String],
        default: &[CapacityProviderStrategyItem],
    ) -> Result<(), ApiError> {
        if providers.len() > MAX_PER_CLUSTER {
            // AWS's text (cloudformation-coverage-roadmap#1086).
            return Err(ApiError::invalid_parameter(
                "The maximum number of capacity providers per cluster has been exceeded.",
            ));
        }
        for (k, p) in providers.iter().enumerate() {
            if !self.capacity_provider_usable(p) {
                return Err(not_found());
            }
            if providers[..k].contains(p) {
                return Err(ApiError::invalid_parameter(format!(
                    "The capacity provider {p} is listed more than once."
                )));
            }
        }
        validate_strategy(default, providers, true)?;
        Ok(())
    }

    /// Providers that live tasks or services of the cluster use.
    fn providers_in_use(&self, cluster_arn: &str) -> Vec<String> {
        let mut used: Vec<String> = self
            .state
            .tasks
            .values()
            .filter(|t| t.cluster_arn == cluster_arn && t.status != TaskStatus::Stopped)
            .filter_map(|t| t.life.capacity_provider_name.clone())
            .collect();
        used.extend(
            self.state
                .services
                .values()
                .filter(|s| s.cluster_arn == cluster_arn && s.status != ServiceStatus::Inactive)
                .flat_map(|s| {
                    s.detail
                        .capacity_provider_strategy
                        .iter()
                        .map(|i| i.capacity_provider.clone())
                }),
        );
        used.sort();
        used.dedup();
        used
    }

    pub(crate) fn put_cluster_capacity_providers(
        &mut self,
        req: PutClusterCapacityProvidersRequest,
    ) -> Result<PutClusterCapacityProvidersResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(Some(&req.cluster))?;
        let providers: Vec<String> = req
            .capacity_providers
            .iter()
            .map(|p| self.capacity_provider_name(p).to_owned())
            .collect();
        let default: Vec<CapacityProviderStrategyItem> = req
            .default_capacity_provider_strategy
            .iter()
            .map(|i| CapacityProviderStrategyItem {
                capacity_provider: self.capacity_provider_name(&i.capacity_provider).to_owned(),
                ..i.clone()
            })
            .collect();
        self.check_cluster_capacity(&providers, &default)?;
        // PutClusterCapacityProviders API reference: "You can only
        // disassociate an existing capacity provider from a cluster if it's
        // not being used by any existing tasks."
        if self
            .providers_in_use(&cluster_arn)
            .iter()
            .any(|p| !providers.contains(p))
        {
            // AWS's text (pahud/cdk-fargate-patterns#71).
            return Err(ApiError::new(
                ErrorCode::ResourceInUseException,
                "The specified capacity provider is in use and cannot be removed.",
            ));
        }
        let name = cluster_arn.last_segment().to_owned();
        if let Some(c) = self.state.clusters.get_mut(&name) {
            c.capacity_providers = providers.clone();
            c.default_capacity_provider_strategy = default;
        }
        self.emit(EventKind::ClusterCapacityProvidersChanged {
            cluster_arn: cluster_arn.clone(),
            capacity_providers: providers,
        });
        let cluster = self.cluster_shape_by_name(&name).ok_or_else(|| {
            ApiError::new(ErrorCode::ClusterNotFoundException, "Cluster not found.")
        })?;
        Ok(PutClusterCapacityProvidersResponse { cluster })
    }

    /// How the tasks of a RunTask/CreateService get their capacity (F9.6):
    /// the launch type or the strategy given (never both), else the
    /// cluster's default strategy, else launch type EC2.
    pub(crate) fn resolve_capacity(
        &self,
        cluster_arn: &str,
        launch_type: Option<&str>,
        strategy: Option<&[CapacityProviderStrategyItem]>,
    ) -> Result<Capacity, ApiError> {
        let strategy = strategy.filter(|s| !s.is_empty());
        let cluster = self.state.clusters.values().find(|c| c.arn == cluster_arn);
        let associated = cluster
            .map(|c| c.capacity_providers.clone())
            .unwrap_or_default();
        match (launch_type, strategy) {
            (Some(_), Some(_)) => Err(ApiError::invalid_parameter(
                // AWS's text (tflint-ruleset-aws#349, pulumi-awsx#599).
                "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
            )),
            (Some(l), None) => Ok(Capacity::LaunchType(Some(l.to_owned()))),
            (None, Some(items)) => {
                let items: Vec<CapacityProviderStrategyItem> = items
                    .iter()
                    .map(|i| CapacityProviderStrategyItem {
                        capacity_provider: self
                            .capacity_provider_name(&i.capacity_provider)
                            .to_owned(),
                        ..i.clone()
                    })
                    .collect();
                let kind = validate_strategy(&items, &associated, false)?.unwrap_or(Kind::Fargate);
                Ok(Capacity::Strategy(items, kind))
            }
            (None, None) => {
                let default = cluster
                    .map(|c| c.default_capacity_provider_strategy.clone())
                    .unwrap_or_default();
                if default.is_empty() {
                    return Ok(Capacity::LaunchType(None));
                }
                if default.iter().all(|i| i.weight == 0) {
                    // AWS's text (terraform-aws-modules/terraform-aws-ecs#27).
                    return Err(ApiError::invalid_parameter(
                        "There are no capacity providers with a weight value greater than zero defined in the default capacity provider strategy. At least one capacity provider must have a weight value greater than zero specified. Update the cluster's default capacity provider strategy or specify a valid capacity provider strategy and try again.",
                    ));
                }
                let kind = validate_strategy(&default, &associated, true)?.unwrap_or(Kind::Fargate);
                Ok(Capacity::Strategy(default, kind))
            }
        }
    }

    /// The provider's container instances in a cluster: those whose EC2
    /// instance belongs to its Auto Scaling group.
    pub(crate) fn provider_container_instances(
        &self,
        cluster_arn: &str,
        provider: &str,
    ) -> Vec<String> {
        let Some(p) = self.state.capacity_providers.get(provider) else {
            return Vec::new();
        };
        self.state
            .container_instances
            .values()
            .filter(|ci| ci.cluster_arn == cluster_arn)
            .filter(|ci| {
                self.state
                    .instances
                    .get(&ci.ec2_instance_id)
                    .and_then(|i| i.auto_scaling_group.as_deref())
                    == Some(p.asg_name.as_str())
            })
            .map(|ci| ci.arn.clone())
            .collect()
    }

    /// The provider a container instance shows (`capacityProviderName`):
    /// the ACTIVE provider of its instance's Auto Scaling group, if that
    /// provider is associated with the instance's cluster.
    pub(crate) fn container_instance_capacity_provider(
        &self,
        cluster_arn: &str,
        ec2_instance_id: &str,
    ) -> Option<String> {
        let group = self
            .state
            .instances
            .get(ec2_instance_id)?
            .auto_scaling_group
            .clone()?;
        let cluster = self
            .state
            .clusters
            .values()
            .find(|c| c.arn == cluster_arn)?;
        self.state
            .capacity_providers
            .values()
            .find(|p| {
                p.active && p.asg_name == group && cluster.capacity_providers.contains(&p.name)
            })
            .map(|p| p.name.clone())
    }

    /// The live tasks of a task group started by `started_by` (a service
    /// deployment) per provider: the deployment's existing split, for
    /// [`assign`] (MODEL: each deployment applies its strategy to its own
    /// tasks).
    pub(crate) fn group_provider_counts(
        &self,
        cluster_arn: &str,
        group: &str,
        started_by: Option<&str>,
    ) -> BTreeMap<String, u32> {
        let mut counts = BTreeMap::new();
        for t in self.state.tasks.values() {
            if matches!(t.status, TaskStatus::Pending | TaskStatus::Running)
                && t.life.desired_status == "RUNNING"
                && t.group == group
                && t.cluster_arn == cluster_arn
                && t.life.started_by.as_deref() == started_by
                && let Some(p) = &t.life.capacity_provider_name
            {
                *counts.entry(p.clone()).or_default() += 1;
            }
        }
        counts
    }

    // ------------------------------------------------------------ faults ---

    /// Fault: Fargate Spot capacity is reclaimed (F2.9). `task` names a
    /// FARGATE_SPOT task (ARN or id), `None` picks the first RUNNING one
    /// (by ARN), `Some("all")` interrupts every RUNNING one. Each gets the
    /// two-minute notice now: desiredStatus STOPPED, stopCode
    /// `TerminationNotice`, stoppedReason `Your Spot Task was interrupted.`,
    /// lastStatus still RUNNING (F1.8); [`SPOT_NOTICE`] later it stops. Its
    /// service starts a replacement at the notice, per its strategy.
    pub(crate) fn fault_spot_interruption_now(
        &mut self,
        task: Option<&str>,
    ) -> Result<String, ApiError> {
        let spot_running = |t: &crate::state::TaskRecord| {
            t.status == TaskStatus::Running
                && t.life.desired_status == "RUNNING"
                && t.life.capacity_provider_name.as_deref() == Some(FARGATE_SPOT)
        };
        let arns: Vec<String> = match task {
            Some("all") => self
                .state
                .tasks
                .values()
                .filter(|t| spot_running(t))
                .map(|t| t.arn.clone())
                .collect(),
            Some(id) => {
                let Some(t) = self
                    .state
                    .tasks
                    .values()
                    .find(|t| t.arn == id || t.arn.rsplit('/').next() == Some(id))
                else {
                    return Err(ApiError::invalid_parameter(format!(
                        "fault: no task '{id}' (give its ARN or id, or 'all')."
                    )));
                };
                if !spot_running(t) {
                    return Err(ApiError::invalid_parameter(format!(
                        "fault: task {} is not a RUNNING FARGATE_SPOT task (capacity provider {}, {}).",
                        t.arn,
                        t.life.capacity_provider_name.as_deref().unwrap_or("none"),
                        t.life.last_status
                    )));
                }
                vec![t.arn.clone()]
            }
            None => self
                .state
                .tasks
                .values()
                .find(|t| spot_running(t))
                .map(|t| t.arn.clone())
                .into_iter()
                .collect(),
        };
        if arns.is_empty() {
            return Err(ApiError::invalid_parameter(
                "fault: there is no RUNNING FARGATE_SPOT task to interrupt.",
            ));
        }
        let description = format!(
            "Fargate Spot capacity reclaimed: {} task(s) get the two-minute interruption notice.",
            arns.len()
        );
        self.emit(EventKind::FaultInjected {
            description: description.clone(),
        });
        for arn in &arns {
            let Some(t) = self.state.tasks.get_mut(arn) else {
                continue;
            };
            t.life.desired_status = "STOPPED";
            t.stop_code = Some(SPOT_STOP_CODE);
            t.stopped_reason = Some(SPOT_INTERRUPTED.into());
            t.life.version += 1;
            let (group, cluster) = (t.group.clone(), t.cluster_arn.clone());
            self.emit(EventKind::TaskStateChanged {
                task_arn: arn.clone(),
                last_status: "RUNNING",
                stopped_reason: Some(SPOT_INTERRUPTED.into()),
            });
            self.schedule(
                SPOT_NOTICE,
                Timer::SpotInterruption {
                    task_arn: arn.clone(),
                },
            );
            // F2.9: the service scheduler launches a replacement.
            if group.starts_with("service:") {
                self.service_task_stopped(&group, &cluster, true);
            }
        }
        Ok(format!(
            "{description} They stop at {} ({}).",
            self.now.saturating_add(SPOT_NOTICE),
            arns.iter()
                .map(|a| a.last_segment())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// Timer: the two minutes of a Spot notice are over; the task stops
    /// (STOPPING → STOPPED, stopCode TerminationNotice, F1.8).
    pub(crate) fn spot_interruption_due(&mut self, task_arn: &str) {
        let due = self.state.tasks.get(task_arn).is_some_and(|t| {
            t.status == TaskStatus::Running && t.stop_code == Some(SPOT_STOP_CODE)
        });
        if due {
            self.begin_task_stop(task_arn, SPOT_STOP_CODE, SPOT_INTERRUPTED);
        }
    }

    // -------------------------------------------------------- invariants ---

    pub(crate) fn check_capacity_provider_invariants(&self) -> Result<(), String> {
        for (name, p) in &self.state.capacity_providers {
            if name != &p.name || is_fargate(name) {
                return Err(format!(
                    "capacity provider stored under '{name}' is {}",
                    p.name
                ));
            }
        }
        // ACTIVE clusters only: a deleted (INACTIVE) cluster's list is
        // history, and its providers may be deleted since.
        for c in self.state.clusters.values() {
            if c.status != super::cluster::ClusterStatus::Active {
                continue;
            }
            if c.capacity_providers.len() > MAX_PER_CLUSTER {
                return Err(format!(
                    "cluster {} has more than {MAX_PER_CLUSTER} capacity providers",
                    c.name
                ));
            }
            for p in &c.capacity_providers {
                if !self.capacity_provider_usable(p) {
                    return Err(format!(
                        "cluster {} is associated with capacity provider {p}, which is not ACTIVE",
                        c.name
                    ));
                }
            }
            for i in &c.default_capacity_provider_strategy {
                if !c.capacity_providers.contains(&i.capacity_provider) {
                    return Err(format!(
                        "the default strategy of cluster {} names {}, which is not associated",
                        c.name, i.capacity_provider
                    ));
                }
            }
        }
        for t in self.state.tasks.values() {
            let Some(p) = &t.life.capacity_provider_name else {
                continue;
            };
            if t.status == TaskStatus::Stopped {
                continue;
            }
            let associated = self
                .state
                .clusters
                .values()
                .any(|c| c.arn == t.cluster_arn && c.capacity_providers.contains(p));
            if !associated {
                return Err(format!(
                    "task {} runs on capacity provider {p}, which its cluster does not have",
                    t.arn
                ));
            }
            if Kind::of(p).launch_type() != t.launch_type {
                return Err(format!(
                    "task {} on capacity provider {p} has launch type {:?}",
                    t.arn, t.launch_type
                ));
            }
            if !is_fargate(p) {
                let group = self.state.capacity_providers.get(p).map(|r| &r.asg_name);
                let on_group = t
                    .container_instance_arn
                    .as_ref()
                    .and_then(|ci| self.state.container_instances.get(ci))
                    .and_then(|ci| self.state.instances.get(&ci.ec2_instance_id))
                    .and_then(|i| i.auto_scaling_group.as_ref());
                if group.is_none() || on_group != group {
                    return Err(format!(
                        "task {} of capacity provider {p} is not on an instance of its Auto Scaling group",
                        t.arn
                    ));
                }
            }
        }
        for s in self.state.services.values() {
            if s.status != ServiceStatus::Active {
                continue;
            }
            for i in &s.detail.capacity_provider_strategy {
                let associated = self.state.clusters.values().any(|c| {
                    c.arn == s.cluster_arn && c.capacity_providers.contains(&i.capacity_provider)
                });
                if !associated {
                    return Err(format!(
                        "service {} uses capacity provider {}, which its cluster does not have",
                        s.arn, i.capacity_provider
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn item(p: &str, weight: i64, base: i64) -> CapacityProviderStrategyItem {
        CapacityProviderStrategyItem {
            capacity_provider: p.into(),
            weight,
            base,
        }
    }

    fn tally(v: &[String]) -> BTreeMap<String, u32> {
        let mut m = BTreeMap::new();
        for p in v {
            *m.entry(p.clone()).or_default() += 1;
        }
        m
    }

    #[test]
    fn base_first_then_weights_as_the_brief_example() {
        // F9.6: FARGATE base 2 weight 1, FARGATE_SPOT weight 3, 10 tasks →
        // 2 (base) + 2 FARGATE, 6 FARGATE_SPOT.
        let s = [item(FARGATE, 1, 2), item(FARGATE_SPOT, 3, 0)];
        let out = assign(&s, &BTreeMap::new(), 10);
        assert_eq!(&out[..2], &[FARGATE.to_owned(), FARGATE.to_owned()]);
        let t = tally(&out);
        assert_eq!((t[FARGATE], t[FARGATE_SPOT]), (4, 6));
    }

    #[test]
    fn weight_zero_gets_nothing_beyond_its_base_and_ties_go_to_the_first() {
        let s = [item(FARGATE, 0, 1), item(FARGATE_SPOT, 1, 0)];
        let t = tally(&assign(&s, &BTreeMap::new(), 5));
        assert_eq!((t[FARGATE], t[FARGATE_SPOT]), (1, 4));
        let s = [item("a", 1, 0), item("b", 1, 0)];
        assert_eq!(assign(&s, &BTreeMap::new(), 3), ["a", "b", "a"]);
    }

    #[test]
    fn existing_tasks_count_toward_base_and_shares() {
        // 3 tasks of FARGATE base 1 + 1:1 weights: FARGATE (base), then a
        // tie to FARGATE, then FARGATE_SPOT.
        let s = [item(FARGATE, 1, 1), item(FARGATE_SPOT, 1, 0)];
        let t = tally(&assign(&s, &BTreeMap::new(), 3));
        assert_eq!((t[FARGATE], t[FARGATE_SPOT]), (2, 1));
        // That service loses its Spot task: the replacement goes back to
        // FARGATE_SPOT; had it lost a FARGATE one, to FARGATE.
        let existing = BTreeMap::from([(FARGATE.to_owned(), 2)]);
        assert_eq!(assign(&s, &existing, 1), [FARGATE_SPOT]);
        let existing = BTreeMap::from([(FARGATE.to_owned(), 1), (FARGATE_SPOT.to_owned(), 1)]);
        assert_eq!(assign(&s, &existing, 1), [FARGATE]);
        // Below its base, the base provider comes first whatever the rest.
        let existing = BTreeMap::from([(FARGATE_SPOT.to_owned(), 5)]);
        assert_eq!(assign(&s, &existing, 2), [FARGATE, FARGATE]);
    }

    // Sim-level rules, through the API.
    use crate::config::SimConfig;
    use crate::time::SimDuration;
    use crate::{Command, Service};
    use serde_json::json;

    fn ecs(sim: &mut Sim, op: &str, input: Value) -> Result<Value, ApiError> {
        let cmd = Command::from_json(Service::Ecs, op, input)?;
        sim.execute(cmd).map(|r| r.to_json())
    }

    const SUBNET: &str = "subnet-0e06dd043328bd285";

    /// A cluster `c` with FARGATE and FARGATE_SPOT, default strategy
    /// FARGATE_SPOT, and a Fargate task definition `app`.
    fn spot_cluster() -> Sim {
        let mut sim = Sim::new(SimConfig::with_seed(1)).unwrap();
        ecs(&mut sim, "CreateCluster", json!({"clusterName": "c", "capacityProviders": [FARGATE, FARGATE_SPOT], "defaultCapacityProviderStrategy": [{"capacityProvider": FARGATE_SPOT, "weight": 1}]})).unwrap();
        ecs(&mut sim, "RegisterTaskDefinition", json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web", "image": "nginx"}]})).unwrap();
        sim
    }

    fn service_json(extra: Value) -> Value {
        let mut req = json!({"cluster": "c", "serviceName": "web", "taskDefinition": "app", "desiredCount": 2, "networkConfiguration": {"awsvpcConfiguration": {"subnets": [SUBNET], "assignPublicIp": "ENABLED"}}});
        if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        req
    }

    #[test]
    fn a_service_without_strategy_or_launch_type_takes_the_cluster_default() {
        let mut sim = spot_cluster();
        let out = ecs(&mut sim, "CreateService", service_json(json!({}))).unwrap();
        assert_eq!(out["service"].get("launchType"), None);
        assert_eq!(
            out["service"]["capacityProviderStrategy"],
            json!([{"capacityProvider": FARGATE_SPOT, "weight": 1, "base": 0}])
        );
        sim.advance(SimDuration::minutes(1));
        let tasks: Vec<_> = sim.view().tasks;
        assert_eq!(tasks.len(), 2);
        assert!(
            tasks
                .iter()
                .all(|t| t.capacity_provider.as_deref() == Some(FARGATE_SPOT)
                    && t.launch_type == "FARGATE")
        );
        // Back to the cluster's default is refused; a new strategy deploys.
        let err = ecs(
            &mut sim,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "capacityProviderStrategy": []}),
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParameterException);
        let out = ecs(&mut sim, "UpdateService", json!({"cluster": "c", "service": "web", "capacityProviderStrategy": [{"capacityProvider": FARGATE, "weight": 1}]})).unwrap();
        assert_eq!(out["service"]["deployments"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_spot_notice_keeps_the_task_running_for_two_minutes() {
        let mut sim = spot_cluster();
        ecs(
            &mut sim,
            "CreateService",
            service_json(json!({"desiredCount": 1})),
        )
        .unwrap();
        sim.advance(SimDuration::minutes(1));
        assert!(sim.fault(&["spot-interruption", "nope"]).is_err());
        sim.fault(&["spot-interruption"]).unwrap();
        let noticed = |sim: &Sim| {
            sim.view()
                .tasks
                .into_iter()
                .find(|t| t.stop_code.as_deref() == Some(SPOT_STOP_CODE))
                .unwrap()
        };
        let t = noticed(&sim);
        assert_eq!(
            (t.last_status.as_str(), t.desired_status.as_str()),
            ("RUNNING", "STOPPED")
        );
        assert_eq!(t.stopped_reason.as_deref(), Some(SPOT_INTERRUPTED));
        // The replacement starts at the notice.
        assert_eq!(sim.view().tasks.len(), 2);
        sim.advance(SimDuration::seconds(119));
        assert_eq!(noticed(&sim).last_status, "RUNNING");
        sim.advance(SimDuration::seconds(10));
        assert_eq!(noticed(&sim).last_status, "STOPPED");
        // The service runs its one task again: the replacement.
        let running_spot = sim
            .view()
            .tasks
            .iter()
            .filter(|t| t.last_status == "RUNNING" && t.desired_status == "RUNNING")
            .count();
        assert_eq!(running_spot, 1);
    }

    #[test]
    fn invariants_catch_a_task_outside_its_providers_cluster() {
        let mut sim = spot_cluster();
        ecs(&mut sim, "RunTask", json!({"cluster": "c", "taskDefinition": "app", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [SUBNET]}}})).unwrap();
        assert!(sim.check_invariants().is_ok());
        if let Some(c) = sim.state.clusters.get_mut("c") {
            c.capacity_providers = vec![FARGATE.into()];
            c.default_capacity_provider_strategy.clear();
        }
        let broken = sim.check_invariants().unwrap_err();
        assert!(broken.contains("does not have"), "{broken}");
    }

    #[test]
    fn strategy_rules() {
        let assoc = vec![FARGATE.to_owned(), FARGATE_SPOT.to_owned(), "asg".into()];
        let err = |s: &[CapacityProviderStrategyItem]| {
            validate_strategy(s, &assoc, false).unwrap_err().message
        };
        assert!(err(&[item("other", 1, 0)]).contains("not associated with the cluster"));
        assert!(err(&[item(FARGATE, 1, 0), item("asg", 1, 0)]).contains("cannot contain a mix"));
        assert!(
            err(&[item(FARGATE, 0, 0), item(FARGATE_SPOT, 0, 0)])
                .contains("weight value greater than zero")
        );
        assert!(err(&[item(FARGATE, 1, 1), item(FARGATE_SPOT, 1, 1)]).contains("Only one"));
        assert!(err(&[item(FARGATE, 1001, 0)]).contains("between 0 and 1000"));
        assert!(err(&[item(FARGATE, 1, 100_001)]).contains("between 0 and 100000"));
        assert!(err(&[item(FARGATE, 1, 0), item(FARGATE, 1, 0)]).contains("more than once"));
        // The default strategy may have all weights 0 when it is set.
        assert_eq!(
            validate_strategy(&[item(FARGATE, 0, 0)], &assoc, true).unwrap(),
            Some(Kind::Fargate)
        );
        let many: Vec<_> = (0..21).map(|i| item(&format!("p{i}"), 1, 0)).collect();
        let all: Vec<String> = many.iter().map(|i| i.capacity_provider.clone()).collect();
        assert!(
            validate_strategy(&many, &all, false)
                .unwrap_err()
                .message
                .contains("at most 20")
        );
    }
}
