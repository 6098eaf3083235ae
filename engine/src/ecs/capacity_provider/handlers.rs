//! The capacity provider actions on [`Sim`]: CreateCapacityProvider,
//! DescribeCapacityProviders, UpdateCapacityProvider,
//! DeleteCapacityProvider, PutClusterCapacityProviders, and the cluster's
//! provider checks (CreateCluster uses them too).

use super::*;
use crate::base::arn::{LastSegment, arn_or, is_arn};
use crate::base::describe::{MISSING, describe};
use crate::ecs::tags;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::{ServiceStatus, TaskStatus};

fn not_found() -> ApiError {
    // AWS's text (terraform-aws-modules/terraform-aws-ecs#53).
    ApiError::invalid_parameter(
        "The specified capacity provider was not found. Specify a valid capacity provider and try again.",
    )
}

/// F9.5: a provider with managed scaling serves one cluster. MODEL text.
fn one_cluster_only(name: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "The capacity provider {name} uses managed scaling and is already associated with another cluster. A capacity provider with managed scaling can be associated with only one cluster."
    ))
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
    pub(super) fn capacity_provider_name<'a>(&self, identifier: &'a str) -> &'a str {
        if is_arn(identifier) {
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
                managed_scaling: Some(p.managed_scaling.clone()),
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
    /// simulator takes them (see the module doc): `scaling` is the request's
    /// part, `after` the provider's settings with it applied; `protects`
    /// says whether the group protects new instances from scale-in.
    fn check_managed(
        scaling: Option<&ManagedScaling>,
        after: &ManagedScaling,
        termination: Option<&str>,
        draining: Option<&str>,
        protects: bool,
    ) -> Result<(), ApiError> {
        if let Some(s) = scaling {
            match s.status.as_deref() {
                None | Some("DISABLED") | Some("ENABLED") => {}
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
        if after.minimum_scaling_step_size > after.maximum_scaling_step_size {
            return Err(ApiError::invalid_parameter(
                "managedScaling.minimumScalingStepSize must not be greater than maximumScalingStepSize.",
            ));
        }
        match termination {
            None | Some("DISABLED") => {}
            Some("ENABLED") => {
                // F9.5: managed termination protection requires managed
                // scaling and the group's scale-in protection (AWS's
                // opening sentence, aws/containers-roadmap#653; the reason
                // is F9.5's).
                if !after.enabled() || !protects {
                    return Err(ApiError::invalid_parameter(
                        "The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must be enabled (and the Auto Scaling group must have instance protection from scale in enabled).",
                    ));
                }
            }
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "managedTerminationProtection must be ENABLED or DISABLED; '{other}' was given."
                )));
            }
        }
        match draining {
            None | Some("DISABLED") => Ok(()),
            Some("ENABLED") => Err(ApiError::unsupported(
                "CapacityProvider",
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
            return Err(ApiError::unsupported(
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
        let scaling = ManagedScaling::defaults().merged(asg.managed_scaling.as_ref());
        Self::check_managed(
            asg.managed_scaling.as_ref(),
            &scaling,
            asg.managed_termination_protection.as_deref(),
            asg.managed_draining.as_deref(),
            self.group_protects_new_instances(&asg_name),
        )?;
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
            managed_scaling: scaling,
            managed_termination_protection: asg
                .managed_termination_protection
                .clone()
                .unwrap_or_else(|| "DISABLED".into()),
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
            return Err(ApiError::unsupported(
                OP,
                "cluster (cluster-scoped providers)",
            ));
        }
        if req.next_token.is_some() {
            return Err(ApiError::unsupported(OP, "nextToken"));
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
        let mut out = if req.capacity_providers.is_empty() {
            // Every provider: the Fargate ones first, then the account's.
            let mut names = vec![FARGATE.to_owned(), FARGATE_SPOT.to_owned()];
            names.extend(self.state.capacity_providers.keys().cloned());
            DescribeCapacityProvidersResponse {
                capacity_providers: names
                    .iter()
                    .filter_map(|name| self.capacity_provider_shape(name, with_tags))
                    .collect(),
                failures: Vec::new(),
            }
        } else {
            let out = describe(
                &req.capacity_providers,
                |identifier| {
                    self.capacity_provider_shape(self.capacity_provider_name(identifier), with_tags)
                        .ok_or(MISSING)
                },
                |identifier, reason| crate::ecs::cluster::Failure {
                    arn: arn_or(identifier, |n| self.capacity_provider_arn(n)),
                    reason: reason.to_owned(),
                },
            );
            DescribeCapacityProvidersResponse {
                capacity_providers: out.found,
                failures: out.failures,
            }
        };
        if let Some(n) = req.max_results {
            out.capacity_providers.truncate(n as usize);
        }
        Ok(out)
    }

    /// The clusters (ACTIVE) a provider is associated with.
    pub(crate) fn clusters_with_provider(&self, name: &str) -> Vec<String> {
        self.state
            .clusters
            .values()
            .filter(|c| {
                c.status == crate::ecs::cluster::ClusterStatus::Active
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
            return Err(ApiError::unsupported(
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
            return Err(ApiError::unsupported(
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
        let Some(current) = self.state.capacity_providers.get(&name).cloned() else {
            return Err(not_found());
        };
        let scaling = current
            .managed_scaling
            .merged(update.managed_scaling.as_ref());
        let termination = update
            .managed_termination_protection
            .clone()
            .unwrap_or(current.managed_termination_protection.clone());
        Self::check_managed(
            update.managed_scaling.as_ref(),
            &scaling,
            Some(&termination),
            update.managed_draining.as_deref(),
            self.group_protects_new_instances(&current.asg_name),
        )?;
        if scaling.enabled() && self.clusters_with_provider(&name).len() > 1 {
            return Err(one_cluster_only(&name));
        }
        if let Some(p) = self.state.capacity_providers.get_mut(&name) {
            if let Some(d) = update.managed_draining {
                p.managed_draining = Some(d);
            }
            p.managed_scaling = scaling;
            p.managed_termination_protection = termination;
            // MODEL: the update completes at once.
            p.update_status = Some("UPDATE_COMPLETE");
            p.update_status_reason = None;
        }
        self.emit(EventKind::CapacityProviderChanged {
            name: name.clone(),
            status: "ACTIVE".into(),
            update_status: Some("UPDATE_COMPLETE".into()),
        });
        self.sync_managed_scaling();
        let capacity_provider = self
            .capacity_provider_shape(&name, false)
            .ok_or_else(not_found)?;
        Ok(UpdateCapacityProviderResponse { capacity_provider })
    }

    /// Checks a cluster's capacity providers and default strategy (for
    /// CreateCluster and PutClusterCapacityProviders).
    pub(crate) fn check_cluster_capacity(
        &self,
        cluster: Option<&str>,
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
            if self.managed_scaling_of(p).is_some()
                && self
                    .clusters_with_provider(p)
                    .iter()
                    .any(|c| Some(c.as_str()) != cluster)
            {
                return Err(one_cluster_only(p));
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
        self.check_cluster_capacity(Some(cluster_arn.last_segment()), &providers, &default)?;
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
        self.sync_managed_scaling();
        let cluster = self.cluster_shape_by_name(&name).ok_or_else(|| {
            ApiError::new(ErrorCode::ClusterNotFoundException, "Cluster not found.")
        })?;
        Ok(PutClusterCapacityProvidersResponse { cluster })
    }
}
