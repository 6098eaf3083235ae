//! Capacity provider strategies (F9.6, F2.9): their kind, their checks,
//! how RunTask and CreateService resolve their capacity (launch type, given
//! strategy or the cluster's default), which provider each new task goes to
//! ([`assign`]), and a provider's container instances.

use super::*;
use crate::error::ApiError;
use crate::sim::Sim;
use crate::state::{LaunchType, TaskStatus};
use std::collections::BTreeMap;

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

impl Sim {
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
}
