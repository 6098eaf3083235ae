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

use crate::ec2::instance::InstanceRecord;
use crate::ec2::instance_types::instance_type;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::TaskStatus;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// F3.7 / AGENT `ECS_RESERVED_PORTS` default.
pub const RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];
/// MODEL (not in section 13 yet): how long a deregistered (INACTIVE)
/// container instance stays describable.
pub const INACTIVE_INSTANCE_RETENTION: SimDuration = SimDuration::hours(1);
/// The agent version the simulated AMI ships (display only).
pub const AGENT_VERSION: &str = "1.89.3";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContainerInstanceStatus {
    Active,
    Draining,
    Inactive,
}

impl ContainerInstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerInstanceStatus::Active => "ACTIVE",
            ContainerInstanceStatus::Draining => "DRAINING",
            ContainerInstanceStatus::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerInstanceRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub ec2_instance_id: String,
    pub status: ContainerInstanceStatus,
    pub agent_connected: bool,
    pub registered_at: SimTime,
    pub deregistered_at: Option<SimTime>,
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub reserved_ports: Vec<u16>,
    /// awsvpc task ENIs the instance can attach (F3.5).
    pub eni_slots: u32,
    /// (name, value), sorted by name.
    pub attributes: Vec<(String, String)>,
    /// Increases with every change, as ECS's `version`.
    pub version: u64,
}

impl ContainerInstanceRecord {
    /// ACTIVE or DRAINING: counted by the cluster (registered).
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
        self.arn.rsplit('/').next().unwrap_or_default()
    }
}

/// What an instance's tasks use (derived from the tasks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used {
    pub cpu: u32,
    pub memory: u32,
    pub ports: Vec<u16>,
    pub enis: u32,
    pub running: u32,
    pub pending: u32,
}

impl Used {
    /// Counts one task placed on the instance.
    fn add(&mut self, task: &crate::state::TaskRecord) {
        match task.status {
            TaskStatus::Running => self.running += 1,
            TaskStatus::Pending => self.pending += 1,
            _ => {}
        }
        if task.holds_resources() {
            self.cpu += task.cpu;
            self.memory += task.memory;
            self.ports.extend(&task.host_ports);
            self.enis += u32::from(task.uses_eni);
        }
    }
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
        let mut used = Used::default();
        for task in self.state.tasks_on_instance(arn) {
            used.add(task);
        }
        used
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

    pub(crate) fn container_instance_shape(
        &self,
        ci: &ContainerInstanceRecord,
    ) -> ContainerInstance {
        let used = self.container_instance_used(&ci.arn);
        let mut remaining_ports = ci.reserved_ports.clone();
        remaining_ports.extend(&used.ports);
        ContainerInstance {
            container_instance_arn: ci.arn.clone(),
            ec2_instance_id: ci.ec2_instance_id.clone(),
            version: ci.version,
            version_info: VersionInfo {
                agent_version: AGENT_VERSION,
            },
            remaining_resources: vec![
                integer("CPU", ci.registered_cpu.saturating_sub(used.cpu)),
                integer("MEMORY", ci.registered_memory.saturating_sub(used.memory)),
                ports("PORTS", remaining_ports),
                ports("PORTS_UDP", Vec::new()),
            ],
            registered_resources: vec![
                integer("CPU", ci.registered_cpu),
                integer("MEMORY", ci.registered_memory),
                ports("PORTS", ci.reserved_ports.clone()),
                ports("PORTS_UDP", Vec::new()),
            ],
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
        }
    }

    /// The agent's RegisterContainerInstance (F3.2).
    pub(crate) fn register_container_instance(&mut self, cluster: &str, instance: &InstanceRecord) {
        let Some(itype) = instance_type(&instance.instance_type) else {
            return;
        };
        let cluster_arn = self.cluster_arn(cluster);
        let id = self.new_ecs_id();
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
        self.state.container_instances.insert(
            arn.clone(),
            ContainerInstanceRecord {
                arn: arn.clone(),
                cluster_arn: cluster_arn.clone(),
                ec2_instance_id: instance.id.clone(),
                status: ContainerInstanceStatus::Active,
                agent_connected: true,
                registered_at: self.now,
                deregistered_at: None,
                registered_cpu: itype.ecs_cpu_units(),
                registered_memory: itype.ecs_registered_memory_mib(),
                reserved_ports: RESERVED_PORTS.to_vec(),
                eni_slots: itype.awsvpc_task_slots(),
                attributes,
                version: 1,
            },
        );
        self.emit(EventKind::ContainerInstanceStateChanged {
            container_instance_arn: arn,
            status: "ACTIVE".into(),
            agent_connected: true,
        });
        // New capacity: services of the cluster that are short of tasks try
        // to place them again.
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
            ci.agent_connected = agent_connected;
            ci.deregistered_at = Some(now);
            ci.version += 1;
        }
        self.emit(EventKind::ContainerInstanceStateChanged {
            container_instance_arn: arn.to_owned(),
            status: "INACTIVE".into(),
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
        let (status, agent_connected) = (ci.status.as_str().to_owned(), ci.agent_connected);
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
            self.state.container_instances.remove(arn);
        }
    }

    pub(crate) fn list_container_instances(
        &self,
        req: ListContainerInstancesRequest,
    ) -> Result<ListContainerInstancesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if req.next_token.is_some() {
            return Err(crate::ec2::unsupported(
                "ListContainerInstances",
                "nextToken",
            ));
        }
        if let Some(n) = req.max_results
            && !(1..=100).contains(&n)
        {
            return Err(ApiError::invalid_parameter(format!(
                "maxResults must be between 1 and 100; {n} was given."
            )));
        }
        let status = match req.status.as_deref() {
            None => None,
            Some("ACTIVE") => Some(ContainerInstanceStatus::Active),
            Some("DRAINING") => Some(ContainerInstanceStatus::Draining),
            Some("INACTIVE") => Some(ContainerInstanceStatus::Inactive),
            Some("REGISTERING" | "REGISTRATION_FAILED" | "DEREGISTERING") => {
                // Only with ENI trunking (F3.2), which is not modelled: none.
                return Ok(ListContainerInstancesResponse {
                    container_instance_arns: Vec::new(),
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
            // Without a status, ECS lists registered (ACTIVE and DRAINING) instances.
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
            container_instance_arns.push(ci.arn.clone());
        }
        if let Some(n) = req.max_results {
            container_instance_arns.truncate(n as usize);
        }
        Ok(ListContainerInstancesResponse {
            container_instance_arns,
        })
    }

    pub(crate) fn describe_container_instances(
        &self,
        req: DescribeContainerInstancesRequest,
    ) -> Result<DescribeContainerInstancesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if !req.include.is_empty() {
            return Err(crate::ec2::unsupported(
                "DescribeContainerInstances",
                "include",
            ));
        }
        if req.container_instances.is_empty() || req.container_instances.len() > 100 {
            return Err(ApiError::invalid_parameter(
                "containerInstances must name 1 to 100 container instances.",
            ));
        }
        let mut out = DescribeContainerInstancesResponse {
            container_instances: Vec::new(),
            failures: Vec::new(),
        };
        for identifier in &req.container_instances {
            match self.find_container_instance(&cluster_arn, identifier) {
                Some(arn) => out
                    .container_instances
                    .push(self.container_instance_shape(&self.state.container_instances[&arn])),
                None => out.failures.push(super::cluster::Failure {
                    arn: identifier.clone(),
                    reason: "MISSING".into(),
                }),
            }
        }
        Ok(out)
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
        let mut out = UpdateContainerInstancesStateResponse {
            container_instances: Vec::new(),
            failures: Vec::new(),
        };
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
                    }
                    changed
                });
            if changed {
                self.emit(EventKind::ContainerInstanceStateChanged {
                    container_instance_arn: arn.clone(),
                    status: status.as_str().into(),
                    agent_connected: true,
                });
            }
            out.container_instances
                .push(self.container_instance_shape(&self.state.container_instances[&arn]));
        }
        Ok(out)
    }
}

/// Test support: a running t2.micro registered in `cluster_arn`, inserted
/// directly into state (no timers). Returns the container instance ARN.
#[cfg(test)]
pub(crate) fn insert_registered_instance(sim: &mut Sim, cluster_arn: &str, name: &str) -> String {
    use crate::ec2::instance::{InstanceRecord, InstanceState};
    let instance = InstanceRecord {
        id: format!("i-{name}"),
        instance_type: "t2.micro".into(),
        image_id: "ami-test".into(),
        subnet_id: String::new(),
        vpc_id: String::new(),
        availability_zone: "us-east-1a".into(),
        private_ip: 0,
        security_groups: Vec::new(),
        iam_instance_profile: Some("ecsInstanceRole".into()),
        user_data_script: None,
        launch_template_id: String::new(),
        auto_scaling_group: None,
        state: InstanceState::Running,
        state_transition_reason: String::new(),
        launched_at: SimTime::ZERO,
    };
    sim.state
        .instances
        .insert(instance.id.clone(), instance.clone());
    let cluster = cluster_arn
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    sim.register_container_instance(&cluster, &instance);
    sim.state
        .container_instances
        .values()
        .find(|ci| ci.ec2_instance_id == instance.id)
        .map(|ci| ci.arn.clone())
        .unwrap_or_default()
}
