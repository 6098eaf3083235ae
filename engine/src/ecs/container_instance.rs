//! ECS container instances: registered by the ECS agent of a running EC2
//! instance (F3.2), listed, described, drained and deregistered.
//! ListContainerInstances, DescribeContainerInstances,
//! DeregisterContainerInstance, UpdateContainerInstancesState.
//!
//! Registered resources: CPU = vCPU × 1,024 (F3.1); memory by the MODEL
//! row of F3.3; ports 22, 2375, 2376, 51678, 51679 reserved (F3.7, AGENT
//! `ECS_RESERVED_PORTS`); awsvpc ENI slots = max ENIs − 1 (F3.5). Remaining
//! resources are registered minus what the instance's tasks use (computed,
//! never stored). Attributes: ecs.availability-zone, ecs.instance-type,
//! ecs.ami-id, ecs.os-type, ecs.cpu-architecture, ecs.vpc-id, ecs.subnet-id
//! (F5.5).
//!
//! ENI trunking (F3.5, ECSDG:container-instance-eni): when the instance
//! role's effective `awsvpcTrunking` account setting is `enabled` at
//! registration (engine/src/ecs/account_settings.rs) and the type supports
//! it (F3.4 trunking column), ECS attaches a trunk ENI: the instance is
//! REGISTERING for [`TRUNK_ATTACH_DURATION`] (F3.2: REGISTERING only with
//! trunking), then ACTIVE with attribute `ecs.awsvpc-trunk-id`, an `eni`
//! attachment, and the trunk's awsvpc task limit. Instances registered
//! before the opt-in keep ENIs − 1 "regardless of the actions taken".
//! Not modelled: REGISTRATION_FAILED (its causes, shared subnets and
//! resource-based DNS names, are not simulated) and the DEREGISTERING step
//! while a trunk is deprovisioned (a trunked instance goes straight to
//! INACTIVE like the others).

use crate::base::arn::LastSegment;
use crate::base::describe::{MISSING, check_count, describe};
use crate::ec2::instance::InstanceRecord;
use crate::ec2::instance_types::instance_type;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// F3.7 / AGENT `ECS_RESERVED_PORTS` default.
pub const RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];
/// MODEL (not in section 13 yet): how long a deregistered (INACTIVE)
/// container instance stays describable.
pub const INACTIVE_INSTANCE_RETENTION: SimDuration = SimDuration::hours(1);
/// The agent version the simulated AMI ships (display only).
pub const AGENT_VERSION: &str = "1.89.3";
/// MODEL (section 13 candidate; AWS gives no figure): how long a trunked
/// container instance stays REGISTERING while ECS creates and attaches its
/// trunk ENI (F3.2, F3.5).
pub const TRUNK_ATTACH_DURATION: SimDuration = SimDuration::seconds(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContainerInstanceStatus {
    /// Only with ENI trunking, while the trunk ENI is attached (F3.2).
    Registering,
    Active,
    Draining,
    Inactive,
}

impl ContainerInstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerInstanceStatus::Registering => "REGISTERING",
            ContainerInstanceStatus::Active => "ACTIVE",
            ContainerInstanceStatus::Draining => "DRAINING",
            ContainerInstanceStatus::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerInstanceRecord {
    pub arn: String,
    /// The ARN again, shared: placement's candidates hold it for every
    /// RunTask without a copy.
    pub(crate) shared_arn: std::sync::Arc<str>,
    pub cluster_arn: String,
    pub ec2_instance_id: String,
    pub status: ContainerInstanceStatus,
    pub agent_connected: bool,
    pub registered_at: SimTime,
    pub deregistered_at: Option<SimTime>,
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub reserved_ports: Vec<u16>,
    /// awsvpc task ENIs the instance can attach (F3.5), fixed at
    /// registration: `InstanceType::awsvpc_task_limit(trunk.is_some())`.
    pub eni_slots: u32,
    /// The trunk ENI, when the instance registered with ENI trunking (F3.5).
    pub trunk: Option<TrunkEni>,
    /// (name, value), sorted by name.
    pub attributes: Vec<(String, String)>,
    /// The capability attributes the agent registered that task
    /// definitions can require (`requiresAttributes`), sorted
    /// ([`super::agent_config::AgentConfig::capabilities`]).
    pub capabilities: Vec<String>,
    /// `ECS_CONTAINER_STOP_TIMEOUT` (engine/src/ecs/agent_config.rs).
    pub stop_timeout: crate::time::SimDuration,
    /// Increases with every change, as ECS's `version`.
    pub version: u64,
    /// When it last became DRAINING (None while ACTIVE): no task created
    /// after it may be on the instance (checked in `check_invariants`).
    pub draining_since: Option<SimTime>,
    /// What its EventBridge events share while its attributes stay the
    /// same (engine/src/eventbridge.rs): whatever changes the attributes
    /// sets it to `None` (debug builds check at every event).
    pub(crate) eventbridge: Option<std::sync::Arc<crate::eventbridge::ContainerInstanceFixed>>,
}

/// A trunk network interface ECS attached to a container instance (F3.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrunkEni {
    /// The attachment id, also the value of `ecs.awsvpc-trunk-id` (a UUID,
    /// as in public captures of the attribute [3P]).
    pub attachment_id: String,
    pub eni_id: String,
}

impl ContainerInstanceRecord {
    /// REGISTERING, ACTIVE or DRAINING: counted by the cluster (registered).
    pub fn is_registered(&self) -> bool {
        self.status != ContainerInstanceStatus::Inactive
    }
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn id(&self) -> &str {
        self.arn.last_segment()
    }
}

/// What an instance's live tasks use, in no particular port order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used {
    pub cpu: u32,
    pub memory: u32,
    pub ports: Vec<u16>,
    pub enis: u32,
    pub running: u32,
    pub pending: u32,
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub name: &'static str,
    pub r#type: &'static str,
    pub double_value: f64,
    pub long_value: i64,
    pub integer_value: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub string_set_value: Option<Vec<String>>,
}

/// CPU, memory and TCP ports of a container instance (registered, or
/// remaining after its tasks), before they become AWS's `Resource` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResourceAmounts {
    pub cpu: u32,
    pub memory: u32,
    /// In any order (the `PORTS` string set is sorted).
    pub ports: Vec<u16>,
}

impl ResourceAmounts {
    /// `CPU`, `MEMORY`, `PORTS` and `PORTS_UDP` (empty), as AWS lists them.
    pub(crate) fn into_resources(self) -> Vec<Resource> {
        vec![
            integer("CPU", self.cpu),
            integer("MEMORY", self.memory),
            ports("PORTS", self.ports),
            ports("PORTS_UDP", Vec::new()),
        ]
    }
}

fn integer(name: &'static str, value: u32) -> Resource {
    Resource {
        name,
        r#type: "INTEGER",
        double_value: 0.0,
        long_value: 0,
        integer_value: i64::from(value),
        string_set_value: None,
    }
}

fn ports(name: &'static str, mut ports: Vec<u16>) -> Resource {
    ports.sort_unstable();
    Resource {
        name,
        r#type: "STRINGSET",
        double_value: 0.0,
        long_value: 0,
        integer_value: 0,
        string_set_value: Some(ports.iter().map(u16::to_string).collect()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    pub agent_version: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    pub container_instance_arn: String,
    pub ec2_instance_id: String,
    /// F9.6: the capacity provider of the instance's Auto Scaling group,
    /// when it is associated with the cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<String>,
    pub version: u64,
    pub version_info: VersionInfo,
    pub remaining_resources: Vec<Resource>,
    pub registered_resources: Vec<Resource>,
    pub status: ContainerInstanceStatus,
    pub agent_connected: bool,
    pub running_tasks_count: u32,
    pub pending_tasks_count: u32,
    pub attributes: Vec<Attribute>,
    pub registered_at: f64,
    /// BOTO-ECS ContainerInstance.attachments: the trunk ENI (F3.5), as an
    /// `ElasticNetworkInterface` attachment (UNCONFIRMED: no AWS capture of
    /// a trunked instance's attachments was found; the type is the ENI
    /// attachment type ECS uses for tasks). Omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<super::run_task::Attachment>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListContainerInstancesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListContainerInstancesResponse {
    pub container_instance_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeContainerInstancesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub container_instances: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeContainerInstancesResponse {
    pub container_instances: Vec<ContainerInstance>,
    pub failures: Vec<super::cluster::Failure>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeregisterContainerInstanceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub container_instance: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterContainerInstanceResponse {
    pub container_instance: ContainerInstance,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContainerInstancesStateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub container_instances: Vec<String>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateContainerInstancesStateResponse {
    pub container_instances: Vec<ContainerInstance>,
    pub failures: Vec<super::cluster::Failure>,
}

fn cluster_not_found() -> ApiError {
    ApiError::new(ErrorCode::ClusterNotFoundException, "Cluster not found.")
}

impl Sim {
    /// The ARN of an ACTIVE cluster named by an optional identifier
    /// (default `default`).
    pub(crate) fn active_cluster_arn(&self, identifier: Option<&str>) -> Result<String, ApiError> {
        let identifier = identifier.unwrap_or(super::cluster::DEFAULT_CLUSTER);
        let name = self
            .cluster_name_from_identifier(identifier)
            .ok_or_else(cluster_not_found)?;
        match self.state.clusters.get(name) {
            Some(c) if c.status == super::cluster::ClusterStatus::Active => Ok(c.arn.clone()),
            _ => Err(cluster_not_found()),
        }
    }

    /// What the tasks placed on a container instance use.
    pub(crate) fn container_instance_used(&self, arn: &str) -> Used {
        // What the live tasks hold, and how many are RUNNING and PENDING,
        // is kept by the task index (checked against the tasks by
        // `State::check_task_index`).
        let held = self.state.held_on(arn);
        Used {
            cpu: held.cpu,
            memory: held.memory,
            ports: held.ports.clone(),
            enis: held.enis,
            running: held.running,
            pending: held.pending,
        }
    }

    /// Resolves a container instance id or ARN within a cluster.
    fn find_container_instance(&self, cluster_arn: &str, identifier: &str) -> Option<String> {
        self.state
            .container_instances
            .values()
            .find(|ci| {
                ci.cluster_arn == cluster_arn && (ci.arn == identifier || ci.id() == identifier)
            })
            .map(|ci| ci.arn.clone())
    }

    /// What a container instance registered, what remains of it after its
    /// tasks, and what they hold (the task index's amounts and counts).
    pub(crate) fn container_instance_amounts(
        &self,
        ci: &ContainerInstanceRecord,
    ) -> (ResourceAmounts, ResourceAmounts, &crate::state::Held) {
        let used = self.state.held_on(&ci.arn);
        let mut remaining_ports = Vec::with_capacity(ci.reserved_ports.len() + used.ports.len());
        remaining_ports.extend(&ci.reserved_ports);
        remaining_ports.extend(&used.ports);
        let registered = ResourceAmounts {
            cpu: ci.registered_cpu,
            memory: ci.registered_memory,
            ports: ci.reserved_ports.clone(),
        };
        let remaining = ResourceAmounts {
            cpu: ci.registered_cpu.saturating_sub(used.cpu),
            memory: ci.registered_memory.saturating_sub(used.memory),
            ports: remaining_ports,
        };
        (registered, remaining, used)
    }

    pub(crate) fn container_instance_shape(
        &self,
        ci: &ContainerInstanceRecord,
    ) -> ContainerInstance {
        let (registered, remaining, used) = self.container_instance_amounts(ci);
        ContainerInstance {
            container_instance_arn: ci.arn.clone(),
            ec2_instance_id: ci.ec2_instance_id.clone(),
            capacity_provider_name: self
                .container_instance_capacity_provider(&ci.cluster_arn, &ci.ec2_instance_id),
            version: ci.version,
            version_info: VersionInfo {
                agent_version: AGENT_VERSION,
            },
            remaining_resources: remaining.into_resources(),
            registered_resources: registered.into_resources(),
            status: ci.status,
            agent_connected: ci.agent_connected,
            running_tasks_count: used.running,
            pending_tasks_count: used.pending,
            attributes: ci
                .attributes
                .iter()
                .map(|(name, value)| Attribute {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            registered_at: ci.registered_at.epoch_seconds(self.config.start_epoch_ms),
            attachments: ci
                .trunk
                .iter()
                .map(|t| super::run_task::Attachment {
                    id: t.attachment_id.clone(),
                    r#type: "ElasticNetworkInterface",
                    status: if ci.status == ContainerInstanceStatus::Registering {
                        "ATTACHING"
                    } else {
                        "ATTACHED"
                    },
                    details: vec![super::run_task::AttachmentDetail {
                        name: "networkInterfaceId",
                        value: t.eni_id.clone(),
                    }],
                })
                .collect(),
        }
    }

    /// The agent's RegisterContainerInstance (F3.2).
    pub(crate) fn register_container_instance(
        &mut self,
        config: &super::agent_config::AgentConfig,
        instance: &InstanceRecord,
    ) {
        let cluster = config.cluster.as_str();
        let Some(itype) = instance_type(&instance.instance_type) else {
            return;
        };
        let cluster_arn = self.cluster_arn(cluster);
        let id = self.new_hex_id();
        let arn = self
            .arns
            .arn("ecs", &format!("container-instance/{cluster}/{id}"));
        let mut attributes = vec![
            ("ecs.ami-id".to_owned(), instance.image_id.clone()),
            (
                "ecs.availability-zone".to_owned(),
                instance.availability_zone.clone(),
            ),
            ("ecs.cpu-architecture".to_owned(), "x86_64".to_owned()),
            (
                "ecs.instance-type".to_owned(),
                instance.instance_type.clone(),
            ),
            ("ecs.os-family".to_owned(), "LINUX".to_owned()),
            ("ecs.os-type".to_owned(), "linux".to_owned()),
            ("ecs.subnet-id".to_owned(), instance.subnet_id.clone()),
            ("ecs.vpc-id".to_owned(), instance.vpc_id.clone()),
        ];
        attributes.sort();
        // F3.5: a trunk ENI for supported types when the instance role's
        // effective awsvpcTrunking setting is enabled now, at registration.
        let role_arn = instance
            .iam_instance_profile
            .as_deref()
            .and_then(|p| {
                self.instance_profile_role(p)
                    .or_else(|| self.instance_profile_role(p.last_segment()))
            })
            .map(|r| r.arn.clone())
            .unwrap_or_else(|| self.root_principal_arn());
        let trunk = (itype.supports_trunking()
            && self.effective_account_setting(&role_arn, super::account_settings::AWSVPC_TRUNKING)
                == "enabled")
            .then(|| TrunkEni {
                attachment_id: self.new_uuid(),
                eni_id: self.new_resource_id("eni"),
            });
        let status = if trunk.is_some() {
            ContainerInstanceStatus::Registering
        } else {
            ContainerInstanceStatus::Active
        };
        self.state
            .insert_container_instance(ContainerInstanceRecord {
                arn: arn.clone(),
                shared_arn: arn.as_str().into(),
                cluster_arn: cluster_arn.clone(),
                ec2_instance_id: instance.id.clone(),
                status,
                agent_connected: true,
                registered_at: self.now,
                deregistered_at: None,
                registered_cpu: itype.ecs_cpu_units(),
                // F3.3: ECS_RESERVED_MEMORY comes off the registered memory.
                registered_memory: itype
                    .ecs_registered_memory_mib()
                    .saturating_sub(config.reserved_memory_mib),
                reserved_ports: config.reserved_ports.clone(),
                eni_slots: itype.awsvpc_task_limit(trunk.is_some()),
                trunk,
                attributes,
                capabilities: config.capabilities(),
                stop_timeout: config.stop_timeout,
                version: 1,
                draining_since: None,
                eventbridge: None,
            });
        self.emit(EventKind::ContainerInstanceStateChanged {
            container_instance_arn: arn.clone(),
            status: status.as_str(),
            agent_connected: true,
        });
        if status == ContainerInstanceStatus::Registering {
            self.schedule(
                TRUNK_ATTACH_DURATION,
                Timer::TrunkAttached {
                    arn,
                    registered_at: self.now,
                },
            );
            return;
        }
        self.new_capacity(&cluster_arn);
    }

    /// The trunk ENI is attached: the REGISTERING instance becomes ACTIVE
    /// with its `ecs.awsvpc-trunk-id` attribute (F3.5, F5.5).
    pub(crate) fn trunk_attached(&mut self, arn: &str, registered_at: SimTime) {
        let Some(ci) = self.state.container_instances.get_mut(arn) else {
            return;
        };
        if ci.status != ContainerInstanceStatus::Registering || ci.registered_at != registered_at {
            return;
        }
        let Some(trunk_id) = ci.trunk.as_ref().map(|t| t.attachment_id.clone()) else {
            return;
        };
        ci.status = ContainerInstanceStatus::Active;
        ci.attributes
            .push(("ecs.awsvpc-trunk-id".to_owned(), trunk_id));
        ci.attributes.sort();
        ci.eventbridge = None;
        ci.version += 1;
        let cluster_arn = ci.cluster_arn.clone();
        self.emit(EventKind::ContainerInstanceStateChanged {
            container_instance_arn: arn.to_owned(),
            status: "ACTIVE",
            agent_connected: true,
        });
        self.new_capacity(&cluster_arn);
    }

    /// New capacity: tasks waiting for it in PROVISIONING are placed (cluster
    /// auto scaling), then services of the cluster that are short of tasks
    /// try to place them again.
    fn new_capacity(&mut self, cluster_arn: &str) {
        self.place_waiting_tasks();
        let services: Vec<String> = self
            .state
            .services
            .values()
            .filter(|s| {
                s.cluster_arn == cluster_arn && s.status == crate::state::ServiceStatus::Active
            })
            .map(|s| s.arn.clone())
            .collect();
        for service in services {
            let _ = self.reconcile_service(&service);
        }
    }

    /// ENI trunking invariants (F3.5): the ENI limit is the type's, trunked
    /// or not; only supported types have a trunk; a REGISTERING instance has
    /// a trunk being attached and holds nothing; `ecs.awsvpc-trunk-id` names
    /// the trunk exactly when it is attached.
    pub(crate) fn check_trunk_invariants(
        &self,
        ci: &ContainerInstanceRecord,
        used: &Used,
    ) -> Result<(), String> {
        let trunked = ci.trunk.is_some();
        if let Some(itype) = ci.attribute("ecs.instance-type").and_then(instance_type) {
            if trunked && !itype.supports_trunking() {
                return Err(format!(
                    "container instance {} ({}) has a trunk ENI its type does not support",
                    ci.arn, itype.name
                ));
            }
            if ci.eni_slots != itype.awsvpc_task_limit(trunked) {
                return Err(format!(
                    "container instance {} ({}, trunked {trunked}) has {} ENI slots, not {}",
                    ci.arn,
                    itype.name,
                    ci.eni_slots,
                    itype.awsvpc_task_limit(trunked)
                ));
            }
        }
        let registering = ci.status == ContainerInstanceStatus::Registering;
        if registering && (!trunked || *used != Used::default()) {
            return Err(format!(
                "container instance {} is REGISTERING without a trunk or with tasks",
                ci.arn
            ));
        }
        let attribute = ci.attribute("ecs.awsvpc-trunk-id");
        // (An instance that left while REGISTERING never got the attribute.)
        let expected = match ci.status {
            ContainerInstanceStatus::Registering => None,
            ContainerInstanceStatus::Inactive => attribute,
            _ => ci.trunk.as_ref().map(|t| t.attachment_id.as_str()),
        };
        if attribute != expected {
            return Err(format!(
                "container instance {} has ecs.awsvpc-trunk-id {attribute:?}, expected {expected:?}",
                ci.arn
            ));
        }
        Ok(())
    }

    /// The EC2 instance behind a container instance is going away: its
    /// tasks stop (F1.8 "Host EC2 (instance <id>) stopped/terminated") and
    /// ECS deregisters it.
    pub(crate) fn host_instance_gone(&mut self, instance_id: &str) {
        let arns: Vec<String> = self
            .state
            .container_instances
            .values()
            .filter(|ci| ci.ec2_instance_id == instance_id && ci.is_registered())
            .map(|ci| ci.arn.clone())
            .collect();
        for arn in arns {
            // Deregistered first, so replacements are not placed on it.
            self.deactivate_container_instance(&arn, false);
            self.stop_tasks_on_instance(
                &arn,
                &format!("Host EC2 (instance {instance_id}) stopped/terminated"),
            );
        }
    }

    fn deactivate_container_instance(&mut self, arn: &str, agent_connected: bool) {
        let now = self.now;
        if let Some(ci) = self.state.container_instances.get_mut(arn) {
            ci.status = ContainerInstanceStatus::Inactive;
            ci.draining_since = None;
            ci.agent_connected = agent_connected;
            ci.deregistered_at = Some(now);
            ci.version += 1;
        }
        self.emit(EventKind::ContainerInstanceStateChanged {
            container_instance_arn: arn.to_owned(),
            status: "INACTIVE",
            agent_connected,
        });
        self.schedule(
            INACTIVE_INSTANCE_RETENTION,
            Timer::ForgetContainerInstance {
                arn: arn.to_owned(),
                deregistered_at: now,
            },
        );
    }

    /// A task was placed on a registered container instance or released its
    /// resources: its remaining resources changed, which is a change of the
    /// instance (new `version`, an "ECS Container Instance State Change"
    /// event: ECSDG:ecs_container_instance_events, F11.1). Deregistered
    /// instances report nothing more.
    pub(crate) fn container_instance_resources_changed(&mut self, arn: &str) {
        let Some(ci) = self.state.container_instances.get_mut(arn) else {
            return;
        };
        if !ci.is_registered() {
            return;
        }
        ci.version += 1;
        let (status, agent_connected) = (ci.status.as_str(), ci.agent_connected);
        self.emit(EventKind::ContainerInstanceStateChanged {
            container_instance_arn: arn.to_owned(),
            status,
            agent_connected,
        });
    }

    pub(crate) fn forget_container_instance(&mut self, arn: &str, deregistered_at: SimTime) {
        if self
            .state
            .container_instances
            .get(arn)
            .is_some_and(|ci| ci.deregistered_at == Some(deregistered_at))
        {
            self.state.remove_container_instance(arn);
        }
    }

    pub(crate) fn list_container_instances(
        &self,
        req: ListContainerInstancesRequest,
    ) -> Result<ListContainerInstancesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let page = crate::ecs::paging("ListContainerInstances")
            .request(req.max_results, req.next_token.as_deref())?;
        let status = match req.status.as_deref() {
            None => None,
            Some("ACTIVE") => Some(ContainerInstanceStatus::Active),
            Some("DRAINING") => Some(ContainerInstanceStatus::Draining),
            Some("INACTIVE") => Some(ContainerInstanceStatus::Inactive),
            Some("REGISTERING") => Some(ContainerInstanceStatus::Registering),
            Some("REGISTRATION_FAILED" | "DEREGISTERING") => {
                // Only with ENI trunking (F3.2); the simulator has no failed
                // registrations and no DEREGISTERING step: none.
                return Ok(ListContainerInstancesResponse {
                    container_instance_arns: Vec::new(),
                    next_token: None,
                });
            }
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "Invalid status '{other}': use ACTIVE, DRAINING, REGISTERING, DEREGISTERING or REGISTRATION_FAILED."
                )));
            }
        };
        let query = match &req.filter {
            Some(text) => Some(super::query::parse(text)?),
            None => None,
        };
        let mut container_instance_arns = Vec::new();
        for ci in self.state.container_instances.values() {
            if ci.cluster_arn != cluster_arn {
                continue;
            }
            // Without a status, ECS lists "all states other than INACTIVE"
            // (BOTO-ECS ListContainerInstancesRequest.status): REGISTERING too.
            let status_ok = match status {
                Some(s) => ci.status == s,
                None => ci.is_registered(),
            };
            if !status_ok {
                continue;
            }
            if let Some(q) = &query
                && !q.matches(&self.query_subject(ci))
            {
                continue;
            }
            container_instance_arns.push((ci.arn.clone(), ci.arn.clone()));
        }
        let (container_instance_arns, next_token) = page.page(container_instance_arns);
        Ok(ListContainerInstancesResponse {
            container_instance_arns,
            next_token,
        })
    }

    pub(crate) fn describe_container_instances(
        &self,
        req: DescribeContainerInstancesRequest,
    ) -> Result<DescribeContainerInstancesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if !req.include.is_empty() {
            return Err(ApiError::unsupported(
                "DescribeContainerInstances",
                "include",
            ));
        }
        check_count(req.container_instances.len(), 1..=100, |_| {
            ApiError::invalid_parameter(
                "containerInstances must name 1 to 100 container instances.",
            )
        })?;
        let out = describe(
            &req.container_instances,
            |identifier| {
                self.find_container_instance(&cluster_arn, identifier)
                    .map(|arn| self.container_instance_shape(&self.state.container_instances[&arn]))
                    .ok_or(MISSING)
            },
            |identifier, reason| super::cluster::Failure {
                arn: identifier.clone(),
                reason: reason.to_owned(),
            },
        );
        Ok(DescribeContainerInstancesResponse {
            container_instances: out.found,
            failures: out.failures,
        })
    }

    pub(crate) fn deregister_container_instance(
        &mut self,
        req: DeregisterContainerInstanceRequest,
    ) -> Result<DeregisterContainerInstanceResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let arn = self
            .find_container_instance(&cluster_arn, &req.container_instance)
            .filter(|arn| self.state.container_instances[arn].is_registered())
            .ok_or_else(|| {
                ApiError::invalid_parameter("The referenced container instance was not found.")
            })?;
        let used = self.container_instance_used(&arn);
        if used.running + used.pending > 0 && req.force != Some(true) {
            return Err(ApiError::invalid_parameter(
                "Found running tasks on the instance.",
            ));
        }
        // The instance keeps running but leaves the cluster; deregistered
        // first, so replacements are not placed on it.
        self.deactivate_container_instance(&arn, false);
        self.stop_tasks_on_instance(&arn, "Container instance deregistration forced by user");
        Ok(DeregisterContainerInstanceResponse {
            container_instance: self
                .container_instance_shape(&self.state.container_instances[&arn]),
        })
    }

    pub(crate) fn update_container_instances_state(
        &mut self,
        req: UpdateContainerInstancesStateRequest,
    ) -> Result<UpdateContainerInstancesStateResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let status = match req.status.as_str() {
            "ACTIVE" => ContainerInstanceStatus::Active,
            "DRAINING" => ContainerInstanceStatus::Draining,
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "Container instance status '{other}' is not valid: use ACTIVE or DRAINING."
                )));
            }
        };
        // "A container instance can't be changed to DRAINING until it has
        // reached an ACTIVE status" (BOTO-ECS UpdateContainerInstancesState):
        // refused before anything changes.
        for identifier in &req.container_instances {
            if let Some(arn) = self.find_container_instance(&cluster_arn, identifier)
                && self.state.container_instances[&arn].status
                    == ContainerInstanceStatus::Registering
            {
                return Err(ApiError::invalid_parameter(format!(
                    "Container instance {identifier} is REGISTERING (its trunk ENI is being attached): its status can change once it is ACTIVE."
                )));
            }
        }
        let mut out = UpdateContainerInstancesStateResponse {
            container_instances: Vec::new(),
            failures: Vec::new(),
        };
        let now = self.now;
        let mut changed_arns: Vec<String> = Vec::new();
        for identifier in &req.container_instances {
            let found = self
                .find_container_instance(&cluster_arn, identifier)
                .filter(|arn| self.state.container_instances[arn].is_registered());
            let Some(arn) = found else {
                out.failures.push(super::cluster::Failure {
                    arn: identifier.clone(),
                    reason: "MISSING".into(),
                });
                continue;
            };
            let changed = self
                .state
                .container_instances
                .get_mut(&arn)
                .is_some_and(|ci| {
                    let changed = ci.status != status;
                    ci.status = status;
                    if changed {
                        ci.version += 1;
                        ci.draining_since =
                            (status == ContainerInstanceStatus::Draining).then_some(now);
                    }
                    changed
                });
            if changed {
                changed_arns.push(arn.clone());
            }
            if changed {
                self.emit(EventKind::ContainerInstanceStateChanged {
                    container_instance_arn: arn.clone(),
                    status: status.as_str(),
                    agent_connected: true,
                });
            }
            out.container_instances
                .push(self.container_instance_shape(&self.state.container_instances[&arn]));
        }
        // F5.7: a DRAINING instance loses its daemon tasks (not replaced
        // elsewhere); an ACTIVE one again gets them back.
        self.reconcile_daemon_services(&cluster_arn);
        // ECSDG container-instance-draining: the REPLICA services with tasks
        // on a newly DRAINING instance replace them now (PENDING ones stop
        // at once, RUNNING ones within min/max percent, F6.2); standalone
        // tasks (RunTask/StartTask) keep running.
        if status == ContainerInstanceStatus::Draining {
            for service_arn in self.replica_services_on(&changed_arns) {
                let _ = self.reconcile_service(&service_arn);
            }
        } else if !changed_arns.is_empty() {
            // ACTIVE again: placeable, so services short of tasks (e.g.
            // replacements that found no room) try again.
            self.new_capacity(&cluster_arn);
        }
        Ok(out)
    }
}

impl Sim {
    /// ECSDG container-instance-draining: no task is placed on a DRAINING
    /// instance; every live task there was created before it started
    /// draining. (Uses the task index: live tasks by instance.)
    pub(crate) fn check_draining_invariants(&self) -> Result<(), String> {
        for ci in self.state.container_instances.values() {
            let Some(since) = ci.draining_since else {
                continue;
            };
            if ci.status != ContainerInstanceStatus::Draining {
                return Err(format!(
                    "container instance {} is {} with draining_since set",
                    ci.arn,
                    ci.status.as_str()
                ));
            }
            if let Some(t) = self
                .state
                .tasks_on_instance(&ci.arn)
                .find(|t| t.life.created_at > since)
            {
                return Err(format!(
                    "task {} was placed on container instance {} after it became DRAINING",
                    t.arn, ci.arn
                ));
            }
        }
        Ok(())
    }
}

/// Test support: a running t2.micro registered in `cluster_arn`, inserted
/// directly into state (no timers). Returns the container instance ARN.
#[cfg(test)]
pub(crate) fn insert_registered_instance(sim: &mut Sim, cluster_arn: &str, name: &str) -> String {
    insert_registered_instance_of_type(sim, cluster_arn, name, "t2.micro")
}

/// Test support: [`insert_registered_instance`] for each of `names`, each
/// with the `ecs.subnet-id` of the default VPC's public subnet in
/// us-east-1a (seed 1), so their tasks' images pull (F1.10).
#[cfg(test)]
pub(crate) fn insert_public_registered_instances(
    sim: &mut Sim,
    cluster_arn: &str,
    names: &[&str],
) -> Vec<String> {
    let arns: Vec<String> = names
        .iter()
        .map(|n| insert_registered_instance(sim, cluster_arn, n))
        .collect();
    for arn in &arns {
        if let Some(ci) = sim.state.container_instances.get_mut(arn) {
            ci.attributes.retain(|(n, _)| n != "ecs.subnet-id");
            ci.attributes
                .push(("ecs.subnet-id".into(), "subnet-0e06dd043328bd285".into()));
            ci.eventbridge = None;
        }
    }
    arns
}

/// Test support: [`insert_registered_instance`] of a given F3.4 type.
#[cfg(test)]
pub(crate) fn insert_registered_instance_of_type(
    sim: &mut Sim,
    cluster_arn: &str,
    name: &str,
    instance_type: &str,
) -> String {
    use crate::ec2::instance::{InstanceRecord, InstanceState};
    let instance = InstanceRecord {
        id: format!("i-{name}"),
        instance_type: instance_type.into(),
        image_id: "ami-079c74e08613d0498".into(),
        subnet_id: String::new(),
        vpc_id: String::new(),
        availability_zone: "us-east-1a".into(),
        private_ip: 0,
        public_ip: None,
        security_groups: Vec::new(),
        iam_instance_profile: Some("ecsInstanceRole".into()),
        user_data_script: None,
        launch_template_id: String::new(),
        auto_scaling_group: None,
        state: InstanceState::Running,
        state_transition_reason: String::new(),
        launched_at: SimTime::ZERO,
        billing_ended_at: None,
        billed_public_ip: None,
        protected_from_scale_in: false,
    };
    sim.state
        .instances
        .insert(instance.id.clone(), instance.clone());
    let config = super::agent_config::AgentConfig {
        cluster: cluster_arn.last_segment().to_owned(),
        ..Default::default()
    };
    sim.register_container_instance(&config, &instance);
    sim.state
        .container_instances
        .values()
        .find(|ci| ci.ec2_instance_id == instance.id)
        .map(|ci| ci.arn.clone())
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod trunk_tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::ecs::account_settings::PutAccountSettingDefaultRequest;
    use crate::ecs::placement::Demand;
    use crate::state::{LaunchType, TaskRecord, TaskStatus};
    use crate::{Command, Service};
    use serde_json::json;

    fn setup() -> (Sim, String) {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        sim.execute(
            Command::from_json(Service::Ecs, "CreateCluster", json!({"clusterName": "c"})).unwrap(),
        )
        .unwrap();
        let cluster = sim.cluster_arn("c");
        (sim, cluster)
    }

    /// An awsvpc task on `on`, in a subnet of the default VPC with that
    /// VPC's default security group (as RunTask would give it).
    fn eni_task(sim: &Sim, cluster: &str, on: &str, n: usize, status: TaskStatus) -> TaskRecord {
        let mut t = TaskRecord::new(&format!("t{n}"), cluster, LaunchType::Ec2, status);
        t.container_instance_arn = Some(on.to_owned());
        t.uses_eni = true;
        let subnet = sim.state.subnets.values().next().unwrap();
        let group = sim
            .state
            .security_groups
            .values()
            .find(|g| g.vpc_id == subnet.vpc_id && g.name == "default")
            .unwrap();
        t.life.subnet_id = Some(subnet.id.clone());
        t.life.security_groups = vec![group.id.clone()];
        t
    }

    #[test]
    fn only_instances_registered_after_opt_in_on_supported_types_get_a_trunk() {
        let (mut sim, cluster) = setup();
        // F3.5: before the opt-in, an m5.large holds ENIs − 1 = 2.
        let old = insert_registered_instance_of_type(&mut sim, &cluster, "old", "m5.large");
        assert_eq!(sim.state.container_instances[&old].eni_slots, 2);
        sim.put_account_setting_default(PutAccountSettingDefaultRequest {
            name: "awsvpcTrunking".into(),
            value: "enabled".into(),
        })
        .unwrap();
        // The old instance keeps its limit; a new m5.large is REGISTERING
        // with the trunk limit (F3.4: 10); a t3.medium gets no trunk.
        let new = insert_registered_instance_of_type(&mut sim, &cluster, "new", "m5.large");
        let t3 = insert_registered_instance_of_type(&mut sim, &cluster, "t3", "t3.medium");
        let ci = |sim: &Sim, arn: &str| sim.state.container_instances[arn].clone();
        assert_eq!(
            (ci(&sim, &old).eni_slots, ci(&sim, &old).trunk.is_none()),
            (2, true)
        );
        assert_eq!(ci(&sim, &new).status, ContainerInstanceStatus::Registering);
        assert_eq!(ci(&sim, &new).eni_slots, 10);
        assert_eq!(ci(&sim, &new).attribute("ecs.awsvpc-trunk-id"), None);
        assert_eq!(
            (
                ci(&sim, &t3).status,
                ci(&sim, &t3).eni_slots,
                ci(&sim, &t3).trunk.is_none()
            ),
            (ContainerInstanceStatus::Active, 2, true)
        );
        assert!(sim.check_invariants().is_ok());
        // A REGISTERING instance is not a placement candidate.
        let demand = Demand {
            cpu: 0,
            memory: 10,
            fixed_ports: Vec::new(),
            dynamic_ports: 0,
            eni: true,
            subnets: None,
            group: "family:api".into(),
            capabilities: Vec::new(),
        };
        let e = sim.place_task(&cluster, &demand, &[], &[], &[], None, 0, true);
        assert!(e.candidates.iter().all(|c| c.container_instance_arn != new));
        // After the MODEL attach time: ACTIVE, attribute = the attachment id.
        sim.advance(TRUNK_ATTACH_DURATION);
        let trunk = ci(&sim, &new).trunk.unwrap();
        assert_eq!(ci(&sim, &new).status, ContainerInstanceStatus::Active);
        assert_eq!(
            ci(&sim, &new).attribute("ecs.awsvpc-trunk-id"),
            Some(trunk.attachment_id.as_str())
        );
        let shape = sim.container_instance_shape(&ci(&sim, &new));
        assert_eq!(shape.attachments.len(), 1);
        assert_eq!(shape.attachments[0].status, "ATTACHED");
        assert!(
            sim.container_instance_shape(&ci(&sim, &old))
                .attachments
                .is_empty()
        );
        assert!(sim.check_invariants().is_ok());
    }

    #[test]
    fn invariants_hold_the_eni_limit_trunked_or_not() {
        let (mut sim, cluster) = setup();
        let old = insert_registered_instance_of_type(&mut sim, &cluster, "old", "m5.large");
        // Three awsvpc tasks on 2 slots: broken.
        for n in 0..3 {
            sim.state
                .insert_task(eni_task(&sim, &cluster, &old, n, TaskStatus::Running));
        }
        let err = sim.check_invariants().unwrap_err();
        assert!(err.contains("3 task ENIs for 2 slots"), "{err}");
        sim.state.remove_task("t2");
        sim.check_invariants().unwrap();
        // An untrunked instance claiming the trunk limit: broken.
        sim.state
            .container_instances
            .get_mut(&old)
            .unwrap()
            .eni_slots = 10;
        assert!(sim.check_invariants().unwrap_err().contains("ENI slots"));
        sim.state
            .container_instances
            .get_mut(&old)
            .unwrap()
            .eni_slots = 2;
        // A trunk on a type without trunking (F3.4 t2/t3): broken.
        let t2 = insert_registered_instance(&mut sim, &cluster, "t2");
        sim.state.container_instances.get_mut(&t2).unwrap().trunk = Some(TrunkEni {
            attachment_id: "x".into(),
            eni_id: "eni-x".into(),
        });
        assert!(
            sim.check_invariants()
                .unwrap_err()
                .contains("does not support")
        );
        sim.state.container_instances.get_mut(&t2).unwrap().trunk = None;
        assert!(sim.check_invariants().is_ok());
        // Trunked: 10 awsvpc tasks fit, an 11th does not.
        sim.put_account_setting_default(PutAccountSettingDefaultRequest {
            name: "awsvpcTrunking".into(),
            value: "enabled".into(),
        })
        .unwrap();
        let new = insert_registered_instance_of_type(&mut sim, &cluster, "new", "c5.large");
        // A task on a REGISTERING instance: broken.
        sim.state
            .insert_task(eni_task(&sim, &cluster, &new, 99, TaskStatus::Pending));
        assert!(sim.check_invariants().is_err());
        sim.state.remove_task("t99");
        sim.advance(TRUNK_ATTACH_DURATION);
        for n in 10..20 {
            sim.state
                .insert_task(eni_task(&sim, &cluster, &new, n, TaskStatus::Running));
        }
        sim.check_invariants().unwrap();
        sim.state
            .insert_task(eni_task(&sim, &cluster, &new, 20, TaskStatus::Running));
        assert!(
            sim.check_invariants()
                .unwrap_err()
                .contains("11 task ENIs for 10 slots")
        );
    }
}
