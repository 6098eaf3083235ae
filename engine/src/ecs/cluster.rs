//! ECS clusters: CreateCluster, DescribeClusters, ListClusters,
//! DeleteCluster, UpdateClusterSettings.
//!
//! Behaviour follows the ECS API reference (botocore `ecs/2014-11-13`):
//! - names are up to 255 letters, numbers, hyphens and underscores; the
//!   default name is `default`;
//! - creating a cluster whose name exists returns the existing cluster;
//! - DescribeClusters reports unknown clusters under `failures` with reason
//!   `MISSING`, and with no `clusters` describes `default`;
//! - DeleteCluster is refused while the cluster has active services, tasks or
//!   registered container instances, with AWS's messages
//!   ("The Cluster cannot be deleted while Services are active." …);
//! - a deleted cluster is `INACTIVE`: still describable for a while
//!   ([`INACTIVE_RETENTION`], a MODEL value: AWS only says "a period of time"),
//!   no longer listed, and re-creatable under the same name;
//! - the one cluster setting is `containerInsights` (`enabled`, `enhanced`
//!   or `disabled`). A cluster created without it takes the account's
//!   setting (PutAccountSetting / PutAccountSettingDefault, else
//!   `disabled`): "If this value is specified, it overrides the
//!   containerInsights value set with PutAccountSetting or
//!   PutAccountSettingDefault" (CreateCluster and UpdateClusterSettings API
//!   reference). UpdateClusterSettings changes it on an ACTIVE cluster and
//!   answers the cluster with its settings. With it on, the cluster's
//!   `ECS/ContainerInsights` task counts are published every minute
//!   (engine/src/cloudwatch).

use crate::base::arn::{LastSegment, arn_or, is_arn};
use crate::base::describe::{MISSING, check_count, describe};
use crate::ecs::capacity_provider::CapacityProviderStrategyItem;
use crate::ecs::tags::{self, Tag};
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, ServiceStatus, TaskStatus};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// MODEL: how long an INACTIVE cluster stays describable after DeleteCluster.
pub const INACTIVE_RETENTION: SimDuration = SimDuration::hours(1);
/// Clusters per account and region (ECS service quota, not adjustable here).
pub const MAX_CLUSTERS: usize = 10_000;
pub const DEFAULT_CLUSTER: &str = "default";

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClusterStatus {
    Active,
    Provisioning,
    Deprovisioning,
    Failed,
    Inactive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ClusterSettingName {
    #[serde(rename = "containerInsights")]
    ContainerInsights,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSetting {
    pub name: ClusterSettingName,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClusterField {
    Attachments,
    Configurations,
    Settings,
    Statistics,
    Tags,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyValuePair {
    pub name: String,
    pub value: String,
}

/// The `Cluster` shape of the ECS API, fields in botocore's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub cluster_arn: String,
    pub cluster_name: String,
    pub status: ClusterStatus,
    pub registered_container_instances_count: u32,
    pub running_tasks_count: u32,
    pub pending_tasks_count: u32,
    pub active_services_count: u32,
    pub statistics: Vec<KeyValuePair>,
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<ClusterSetting>>,
    pub capacity_providers: Vec<String>,
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateClusterRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<ClusterSetting>,
    // Accepted by AWS but not modelled yet: refused plainly, never ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_providers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_connect_defaults: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateClusterResponse {
    pub cluster: Cluster,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeClustersRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<ClusterField>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub arn: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DescribeClustersResponse {
    pub clusters: Vec<Cluster>,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListClustersRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListClustersResponse {
    pub cluster_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteClusterRequest {
    pub cluster: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeleteClusterResponse {
    pub cluster: Cluster,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateClusterSettingsRequest {
    pub cluster: String,
    pub settings: Vec<ClusterSetting>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateClusterSettingsResponse {
    pub cluster: Cluster,
}

/// The account's containerInsights setting (ListAccountSettings' name).
pub const CONTAINER_INSIGHTS: &str = "containerInsights";

/// The values of the `containerInsights` cluster setting.
const CONTAINER_INSIGHTS_VALUES: [&str; 3] = ["enabled", "disabled", "enhanced"];

/// A `containerInsights` value outside enabled, enhanced and disabled.
fn check_setting_value(setting: &ClusterSetting) -> Result<(), ApiError> {
    if CONTAINER_INSIGHTS_VALUES.contains(&setting.value.as_str()) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "Invalid value '{}' for setting containerInsights: use enabled, enhanced or disabled.",
            setting.value
        )))
    }
}

// ----------------------------------------------------------------- state ---

/// A cluster as the engine stores it. Counts are not stored: they are derived
/// from the services, tasks and container instances that name the cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRecord {
    pub name: String,
    pub arn: String,
    pub status: ClusterStatus,
    pub tags: Vec<Tag>,
    pub settings: Vec<ClusterSetting>,
    pub created_at: SimTime,
    pub deleted_at: Option<SimTime>,
    /// Associated capacity providers and the default strategy (F9.6),
    /// set by CreateCluster and PutClusterCapacityProviders.
    pub capacity_providers: Vec<String>,
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

/// What a cluster currently holds, derived from state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterCounts {
    pub registered_container_instances: u32,
    pub running_tasks: u32,
    pub pending_tasks: u32,
    pub active_services: u32,
    pub running_ec2_tasks: u32,
    pub running_fargate_tasks: u32,
    pub pending_ec2_tasks: u32,
    pub pending_fargate_tasks: u32,
    pub active_ec2_services: u32,
    pub active_fargate_services: u32,
    pub draining_ec2_services: u32,
    pub draining_fargate_services: u32,
}

/// `^[a-zA-Z0-9_-]{1,255}$`
pub fn is_valid_cluster_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn invalid_name(name: &str) -> ApiError {
    // The rule is AWS's; the wording is ours, to say what to change.
    let shown: String = name.chars().take(60).collect();
    let ellipsis = if name.chars().count() > 60 { "…" } else { "" };
    ApiError::invalid_parameter(format!(
        "Invalid cluster name '{shown}{ellipsis}'. A cluster name can have up to 255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores."
    ))
}

fn not_found() -> ApiError {
    ApiError::new(ErrorCode::ClusterNotFoundException, "Cluster not found.")
}

fn unsupported(what: &str) -> ApiError {
    ApiError::unsupported("CreateCluster", what)
}

impl Sim {
    /// The name a cluster identifier (a name or an ARN of this account and
    /// region) refers to, if it is well-formed.
    pub(crate) fn cluster_name_from_identifier<'a>(&self, identifier: &'a str) -> Option<&'a str> {
        let name = if is_arn(identifier) {
            self.arns
                .resource("ecs", identifier)?
                .strip_prefix("cluster/")?
        } else {
            identifier
        };
        is_valid_cluster_name(name).then_some(name)
    }

    pub(crate) fn cluster_arn(&self, name: &str) -> String {
        self.arns.arn_of("ecs", &["cluster/", name])
    }

    pub(crate) fn cluster_counts(&self, cluster_arn: &str) -> ClusterCounts {
        let mut c = ClusterCounts::default();
        for instance in self.state.container_instances.values() {
            if instance.cluster_arn == cluster_arn && instance.is_registered() {
                c.registered_container_instances += 1;
            }
        }
        for task in self.state.tasks.values() {
            if task.cluster_arn != cluster_arn {
                continue;
            }
            let fargate = task.launch_type == LaunchType::Fargate;
            match task.status {
                TaskStatus::Running => {
                    c.running_tasks += 1;
                    *if fargate {
                        &mut c.running_fargate_tasks
                    } else {
                        &mut c.running_ec2_tasks
                    } += 1;
                }
                TaskStatus::Pending => {
                    c.pending_tasks += 1;
                    *if fargate {
                        &mut c.pending_fargate_tasks
                    } else {
                        &mut c.pending_ec2_tasks
                    } += 1;
                }
                TaskStatus::Stopping | TaskStatus::Stopped => {}
            }
        }
        for service in self.state.services.values() {
            if service.cluster_arn != cluster_arn {
                continue;
            }
            let fargate = service.launch_type == LaunchType::Fargate;
            match service.status {
                ServiceStatus::Active => {
                    c.active_services += 1;
                    *if fargate {
                        &mut c.active_fargate_services
                    } else {
                        &mut c.active_ec2_services
                    } += 1;
                }
                ServiceStatus::Draining => {
                    *if fargate {
                        &mut c.draining_fargate_services
                    } else {
                        &mut c.draining_ec2_services
                    } += 1;
                }
                ServiceStatus::Inactive => {}
            }
        }
        c
    }

    fn cluster_shape(
        &self,
        record: &ClusterRecord,
        include: &[ClusterField],
        always_settings: bool,
    ) -> Cluster {
        let counts = self.cluster_counts(&record.arn);
        let statistics = if include.contains(&ClusterField::Statistics) {
            [
                ("runningEC2TasksCount", counts.running_ec2_tasks),
                ("runningFargateTasksCount", counts.running_fargate_tasks),
                ("pendingEC2TasksCount", counts.pending_ec2_tasks),
                ("pendingFargateTasksCount", counts.pending_fargate_tasks),
                ("activeEC2ServiceCount", counts.active_ec2_services),
                ("activeFargateServiceCount", counts.active_fargate_services),
                ("drainingEC2ServiceCount", counts.draining_ec2_services),
                (
                    "drainingFargateServiceCount",
                    counts.draining_fargate_services,
                ),
            ]
            .into_iter()
            .map(|(name, value)| KeyValuePair {
                name: name.to_owned(),
                value: value.to_string(),
            })
            .collect()
        } else {
            Vec::new()
        };
        Cluster {
            cluster_arn: record.arn.clone(),
            cluster_name: record.name.clone(),
            status: record.status,
            registered_container_instances_count: counts.registered_container_instances,
            running_tasks_count: counts.running_tasks,
            pending_tasks_count: counts.pending_tasks,
            active_services_count: counts.active_services,
            statistics,
            tags: if always_settings || include.contains(&ClusterField::Tags) {
                record.tags.clone()
            } else {
                Vec::new()
            },
            settings: (always_settings || include.contains(&ClusterField::Settings))
                .then(|| record.settings.clone()),
            capacity_providers: record.capacity_providers.clone(),
            default_capacity_provider_strategy: record.default_capacity_provider_strategy.clone(),
        }
    }

    /// The `Cluster` shape of a cluster by name (as CreateCluster shows it).
    pub(crate) fn cluster_shape_by_name(&self, name: &str) -> Option<Cluster> {
        let record = self.state.clusters.get(name)?;
        Some(self.cluster_shape(record, &[], true))
    }

    pub(crate) fn create_cluster(
        &mut self,
        req: CreateClusterRequest,
    ) -> Result<CreateClusterResponse, ApiError> {
        let name = req
            .cluster_name
            .unwrap_or_else(|| DEFAULT_CLUSTER.to_owned());
        if !is_valid_cluster_name(&name) {
            return Err(invalid_name(&name));
        }
        if req.configuration.is_some() {
            return Err(unsupported("configuration"));
        }
        // F9.6, F6.7: the providers must exist (FARGATE and FARGATE_SPOT
        // always do) and the default strategy may name only them.
        let providers = req.capacity_providers.clone().unwrap_or_default();
        let default = req
            .default_capacity_provider_strategy
            .clone()
            .unwrap_or_default();
        self.check_cluster_capacity(Some(&name), &providers, &default)?;
        if req.service_connect_defaults.is_some() {
            return Err(unsupported("serviceConnectDefaults"));
        }
        tags::validate(&req.tags)?;
        // The account's setting unless the request gives one (module docs;
        // the simulated caller is the root user).
        let mut settings = vec![ClusterSetting {
            name: ClusterSettingName::ContainerInsights,
            value: self.effective_account_setting(&self.root_principal_arn(), CONTAINER_INSIGHTS),
        }];
        for setting in &req.settings {
            check_setting_value(setting)?;
            settings[0].value.clone_from(&setting.value);
        }

        if let Some(existing) = self.state.clusters.get(&name)
            && existing.status == ClusterStatus::Active
        {
            // CreateCluster is idempotent on the name: AWS returns the
            // cluster that exists, unchanged, unless the capacity providers
            // asked for differ (AWS's text, hashicorp/terraform#24615).
            if (req.capacity_providers.is_some() && existing.capacity_providers != providers)
                || (req.default_capacity_provider_strategy.is_some()
                    && existing.default_capacity_provider_strategy != default)
            {
                return Err(ApiError::invalid_parameter(
                    "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).",
                ));
            }
            return Ok(CreateClusterResponse {
                cluster: self.cluster_shape(existing, &[], true),
            });
        }
        let active = self
            .state
            .clusters
            .values()
            .filter(|c| c.status == ClusterStatus::Active)
            .count();
        if active >= MAX_CLUSTERS {
            return Err(ApiError::new(
                ErrorCode::LimitExceededException,
                format!(
                    "The limit of {MAX_CLUSTERS} clusters per account and region has been reached. Delete a cluster first."
                ),
            ));
        }
        let record = ClusterRecord {
            arn: self.cluster_arn(&name),
            name: name.clone(),
            status: ClusterStatus::Active,
            tags: req.tags,
            settings,
            created_at: self.now,
            deleted_at: None,
            capacity_providers: providers,
            default_capacity_provider_strategy: default,
        };
        let cluster = self.cluster_shape(&record, &[], true);
        self.emit(EventKind::ClusterCreated {
            cluster_arn: record.arn.clone(),
        });
        self.state.clusters.insert(name, record);
        self.sync_managed_scaling();
        Ok(CreateClusterResponse { cluster })
    }

    pub(crate) fn describe_clusters(
        &self,
        req: DescribeClustersRequest,
    ) -> Result<DescribeClustersResponse, ApiError> {
        check_count(req.clusters.len(), 0..=100, |n| {
            ApiError::invalid_parameter(format!(
                "DescribeClusters accepts at most 100 clusters; {n} were given."
            ))
        })?;
        let identifiers = if req.clusters.is_empty() {
            vec![DEFAULT_CLUSTER.to_owned()]
        } else {
            req.clusters
        };
        let out = describe(
            &identifiers,
            |identifier| {
                self.cluster_name_from_identifier(identifier)
                    .and_then(|name| self.state.clusters.get(name))
                    .map(|record| self.cluster_shape(record, &req.include, false))
                    .ok_or(MISSING)
            },
            |identifier, reason| Failure {
                arn: arn_or(identifier, |n| self.cluster_arn(n)),
                reason: reason.to_owned(),
            },
        );
        Ok(DescribeClustersResponse {
            clusters: out.found,
            failures: out.failures,
        })
    }

    pub(crate) fn list_clusters(
        &self,
        req: ListClustersRequest,
    ) -> Result<ListClustersResponse, ApiError> {
        let page = crate::ecs::paging("ListClusters")
            .request(req.max_results, req.next_token.as_deref())?;
        let (cluster_arns, next_token) = page.page(
            self.state
                .clusters
                .values()
                .filter(|c| c.status == ClusterStatus::Active)
                .map(|c| (c.name.clone(), c.arn.clone())),
        );
        Ok(ListClustersResponse {
            cluster_arns,
            next_token,
        })
    }

    pub(crate) fn delete_cluster(
        &mut self,
        req: DeleteClusterRequest,
    ) -> Result<DeleteClusterResponse, ApiError> {
        let Some(name) = self
            .cluster_name_from_identifier(&req.cluster)
            .map(str::to_owned)
        else {
            return Err(not_found());
        };
        let Some(record) = self.state.clusters.get(&name) else {
            return Err(not_found());
        };
        if record.status == ClusterStatus::Inactive {
            return Err(not_found());
        }
        let counts = self.cluster_counts(&record.arn);
        if counts.registered_container_instances > 0 {
            return Err(ApiError::new(
                ErrorCode::ClusterContainsContainerInstancesException,
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ));
        }
        if counts.active_services > 0 {
            return Err(ApiError::new(
                ErrorCode::ClusterContainsServicesException,
                "The Cluster cannot be deleted while Services are active.",
            ));
        }
        if counts.running_tasks + counts.pending_tasks > 0 {
            return Err(ApiError::new(
                ErrorCode::ClusterContainsTasksException,
                "The Cluster cannot be deleted while Tasks are active.",
            ));
        }
        let now = self.now;
        let arn = record.arn.clone();
        if let Some(record) = self.state.clusters.get_mut(&name) {
            record.status = ClusterStatus::Inactive;
            record.deleted_at = Some(now);
        }
        self.schedule(
            INACTIVE_RETENTION,
            Timer::ForgetInactiveCluster {
                name: name.clone(),
                deleted_at: now,
            },
        );
        self.emit(EventKind::ClusterDeleted { cluster_arn: arn });
        self.sync_managed_scaling();
        let record = &self.state.clusters[&name];
        Ok(DeleteClusterResponse {
            cluster: self.cluster_shape(record, &[], false),
        })
    }

    /// UpdateClusterSettings (module docs): every value is checked before
    /// any is set.
    pub(crate) fn update_cluster_settings(
        &mut self,
        req: UpdateClusterSettingsRequest,
    ) -> Result<UpdateClusterSettingsResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(Some(&req.cluster))?;
        for setting in &req.settings {
            check_setting_value(setting)?;
        }
        let name = cluster_arn.last_segment().to_owned();
        for setting in req.settings {
            let Some(record) = self.state.clusters.get_mut(&name) else {
                break;
            };
            let changed = match record.settings.iter_mut().find(|s| s.name == setting.name) {
                Some(s) if s.value == setting.value => false,
                Some(s) => {
                    s.value.clone_from(&setting.value);
                    true
                }
                None => {
                    record.settings.push(setting.clone());
                    true
                }
            };
            if changed {
                self.emit(EventKind::ClusterSettingChanged {
                    cluster_arn: cluster_arn.clone(),
                    name: CONTAINER_INSIGHTS.to_owned(),
                    value: setting.value,
                });
            }
        }
        let record = self.state.clusters.get(&name).ok_or_else(|| {
            ApiError::new(ErrorCode::ClusterNotFoundException, "Cluster not found.")
        })?;
        Ok(UpdateClusterSettingsResponse {
            cluster: self.cluster_shape(record, &[], true),
        })
    }

    /// Timer: the INACTIVE record of a deleted cluster is forgotten, unless
    /// the name was created again since.
    pub(crate) fn forget_inactive_cluster(&mut self, name: &str, deleted_at: SimTime) {
        let still_that_deletion = self.state.clusters.get(name).is_some_and(|c| {
            c.status == ClusterStatus::Inactive && c.deleted_at == Some(deleted_at)
        });
        if still_that_deletion && let Some(record) = self.state.clusters.remove(name) {
            self.emit(EventKind::ClusterForgotten {
                cluster_arn: record.arn,
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::state::{ServiceRecord, TaskRecord};
    use crate::{Command, Response};

    fn sim_with_cluster(name: &str) -> (Sim, String) {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        sim.execute(Command::CreateCluster(CreateClusterRequest {
            cluster_name: Some(name.into()),
            ..Default::default()
        }))
        .unwrap();
        let arn = sim.cluster_arn(name);
        (sim, arn)
    }

    fn delete(sim: &mut Sim, name: &str) -> Result<Response, ApiError> {
        sim.execute(Command::DeleteCluster(DeleteClusterRequest {
            cluster: name.into(),
        }))
    }

    #[test]
    fn delete_is_refused_while_the_cluster_holds_anything_active() {
        // Container instances first, then services, then tasks, as AWS checks.
        let (mut sim, arn) = sim_with_cluster("busy");
        let _ci = crate::ecs::container_instance::insert_registered_instance(&mut sim, &arn, "one");
        sim.state.services.insert(
            "svc-1".into(),
            ServiceRecord {
                arn: "svc-1".into(),
                cluster_arn: arn.clone(),
                launch_type: LaunchType::Fargate,
                status: ServiceStatus::Active,
                detail: Default::default(),
            },
        );
        sim.state.insert_task(TaskRecord::new(
            "task-1",
            &arn,
            LaunchType::Fargate,
            TaskStatus::Pending,
        ));
        let expect = [
            (
                ErrorCode::ClusterContainsContainerInstancesException,
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ),
            (
                ErrorCode::ClusterContainsServicesException,
                "The Cluster cannot be deleted while Services are active.",
            ),
            (
                ErrorCode::ClusterContainsTasksException,
                "The Cluster cannot be deleted while Tasks are active.",
            ),
        ];
        for (i, (code, message)) in expect.into_iter().enumerate() {
            let err = delete(&mut sim, "busy").unwrap_err();
            assert_eq!((err.code, err.message.as_str()), (code, message));
            match i {
                0 => {
                    sim.state.container_instances.clear();
                    sim.state.instances.clear();
                }
                1 => sim.state.services.get_mut("svc-1").unwrap().status = ServiceStatus::Inactive,
                _ => {
                    // Through the State so the task indexes follow.
                    let mut task = sim.state.remove_task("task-1").unwrap();
                    task.status = TaskStatus::Stopped;
                    sim.state.insert_task(task);
                }
            }
        }
        assert!(delete(&mut sim, "busy").is_ok());
    }

    #[test]
    fn counts_are_derived_from_what_the_cluster_holds() {
        let (mut sim, arn) = sim_with_cluster("counted");
        let (_, other) = sim_with_cluster("other");
        let ci = crate::ecs::container_instance::insert_registered_instance(&mut sim, &arn, "one");
        for (id, cluster, launch_type, status) in [
            ("t1", &arn, LaunchType::Fargate, TaskStatus::Running),
            ("t2", &arn, LaunchType::Ec2, TaskStatus::Running),
            ("t3", &arn, LaunchType::Fargate, TaskStatus::Pending),
            ("t4", &arn, LaunchType::Fargate, TaskStatus::Stopped),
            ("t5", &other, LaunchType::Fargate, TaskStatus::Running),
        ] {
            let mut task = TaskRecord::new(id, cluster, launch_type, status);
            if launch_type == LaunchType::Ec2 {
                task.container_instance_arn = Some(ci.clone());
            }
            sim.state.insert_task(task);
        }
        let Response::DescribeClusters(out) = sim
            .execute(Command::DescribeClusters(DescribeClustersRequest {
                clusters: vec!["counted".into()],
                include: vec![ClusterField::Statistics],
            }))
            .unwrap()
        else {
            panic!("wrong response type");
        };
        let c = &out.clusters[0];
        assert_eq!((c.running_tasks_count, c.pending_tasks_count), (2, 1));
        let stat = |n: &str| {
            c.statistics
                .iter()
                .find(|kv| kv.name == n)
                .map(|kv| kv.value.clone())
        };
        assert_eq!(stat("runningFargateTasksCount").as_deref(), Some("1"));
        assert_eq!(stat("runningEC2TasksCount").as_deref(), Some("1"));
        assert_eq!(stat("pendingFargateTasksCount").as_deref(), Some("1"));
        let view = sim.view();
        let counted = view.clusters.iter().find(|c| c.name == "counted").unwrap();
        assert_eq!(counted.running_tasks, 2);
    }

    #[test]
    fn cluster_name_rule() {
        assert!(is_valid_cluster_name("DemoCluster"));
        assert!(is_valid_cluster_name("a-b_c-9"));
        assert!(is_valid_cluster_name(&"x".repeat(255)));
        assert!(!is_valid_cluster_name(&"x".repeat(256)));
        assert!(!is_valid_cluster_name(""));
        assert!(!is_valid_cluster_name("bad name"));
        assert!(!is_valid_cluster_name("dots.are.out"));
        assert!(!is_valid_cluster_name("café"));
    }
}
