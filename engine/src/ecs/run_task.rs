//! ECS tasks: RunTask, StartTask, StopTask, DescribeTasks, ListTasks, and
//! the lifecycle (F1.1–F1.4) with the MODEL timings of section 13:
//! `PROVISIONING` 10 s for awsvpc tasks (ENI), then `PENDING` while images
//! are pulled (the ECR helper's pull decision and duration, plus container
//! start: 20 s for a typical image), then `RUNNING`. A failed pull stops the
//! task before RUNNING with stopCode `TaskFailedToStart` and the
//! `CannotPullContainerError` reason (F1.8, F1.10). StopTask sets
//! desiredStatus STOPPED at once (F1.3) and the task walks STOPPING →
//! STOPPED (stopCode `UserInitiated`, reason as given or
//! `Task stopped by user`). Stopped tasks stay describable for an hour
//! (F1.6).
//!
//! Fargate: the definition must be Fargate-compatible (awsvpc, valid size,
//! F2), a networkConfiguration with subnets is required, each task gets an
//! ENI in one of them. A Fargate task pulls its images (Docker Hub, ECR)
//! through that ENI, so it needs a default-VPC subnet with `assignPublicIp
//! ENABLED` (MODEL: created VPCs have no internet gateway or NAT). On EC2
//! the instance's Docker daemon pulls through the instance's network in
//! every network mode; awsvpc task ENIs on EC2 get no public IP (F3.5).

use super::capacity_provider::{self, Capacity, CapacityProviderStrategyItem};
use super::placement::{
    self, Demand, PlacementConstraint, PlacementExplanation, PlacementPool, PlacementStrategy,
};
use crate::config::LastSegment;
use crate::ec2::unsupported;
use crate::ecs::task_definition::NetworkMode;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::images::{CONTAINER_START, PULL_FIXED, pull_duration};
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, TaskRecord, TaskStatus};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// MODEL (section 13): PROVISIONING lasts 10 s for awsvpc tasks, 0 s else.
pub const AWSVPC_PROVISIONING: SimDuration = SimDuration::seconds(10);
/// MODEL (not in section 13): STOPPING → STOPPED when the containers exit
/// promptly on SIGTERM (well within the 30 s stopTimeout, F1.5).
pub const TASK_STOPPING: SimDuration = SimDuration::seconds(5);
/// F6.7: RunTask starts at most 10 tasks per call; StartTask takes at most
/// 10 container instances.
pub const MAX_COUNT: i64 = 10;
/// Fargate platform version reported for LATEST.
pub const FARGATE_PLATFORM: &str = "1.4.0";

/// The lifecycle detail of a task (kept on `TaskRecord::life`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskLife {
    pub task_definition_arn: String,
    /// ECS's task status words (`PROVISIONING`, `PENDING`, …): static, so
    /// that a state change allocates nothing.
    pub last_status: &'static str,
    pub desired_status: &'static str,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub stopping_at: Option<SimTime>,
    pub pull_started_at: Option<SimTime>,
    pub pull_stopped_at: Option<SimTime>,
    pub containers: Vec<TaskContainer>,
    pub availability_zone: String,
    pub subnet_id: Option<String>,
    pub private_ip: Option<u32>,
    /// Fargate with `assignPublicIp ENABLED`: the ENI's public IPv4 address
    /// (F2.3). awsvpc tasks on EC2 never get one (F3.5); bridge/host tasks
    /// are reached on their instance's addresses.
    pub public_ip: Option<u32>,
    /// awsvpc: the ENI's security groups (the VPC's `default` group when the
    /// networkConfiguration names none, F2.3).
    pub security_groups: Vec<String>,
    pub eni_id: Option<String>,
    pub started_by: Option<String>,
    /// Whether image pulls reach the registries (see `registry_reachable`
    /// in RunTask: the task's ENI on Fargate, the instance on EC2).
    pub registry_reachable: bool,
    pub execution_role: Option<String>,
    /// A pull failure found in PENDING, applied when PENDING ends.
    pub failure: Option<String>,
    /// Images pulled successfully (recorded in ECR when the pull completes).
    pub pulled: Vec<crate::images::PulledImage>,
    pub version: u64,
    /// The capacity provider the task was started on (F9.6), if any.
    pub capacity_provider_name: Option<String>,
    /// What the task's EventBridge events share (engine/src/eventbridge.rs),
    /// built at its first event.
    pub(crate) eventbridge: Option<std::sync::Arc<crate::eventbridge::TaskFixed>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskContainer {
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub last_status: &'static str,
    pub reason: Option<String>,
    /// The digest of the image pulled for it (PENDING resolves it; shown
    /// once the pulls completed); shared with its EventBridge snapshots.
    pub image_digest: Option<std::sync::Arc<str>>,
    /// (container port, host port, protocol `tcp` or `udp`).
    pub bindings: Vec<(i64, u16, &'static str)>,
    /// F1.11/F4.7: the container's health check, if its definition has one
    /// (engine/src/ecs/health.rs).
    pub health: Option<super::health::ContainerHealth>,
    /// F1.9: the exit code once the container exited.
    pub exit_code: Option<i64>,
    /// What the container's process wrote (time, line), oldest first, at
    /// most `aws_cli::MAX_LOG_LINES` (engine/src/ecs/aws_cli.rs).
    pub logs: Vec<(SimTime, String)>,
    /// awslogs: the CloudWatch Logs (group, stream) the lines also go to
    /// (engine/src/logs.rs).
    pub log_stream: Option<(String, String)>,
}

impl TaskContainer {
    /// Its port bindings as DescribeTasks and the task's events show them.
    pub(crate) fn network_bindings(&self) -> Vec<NetworkBinding> {
        self.bindings
            .iter()
            .map(|&(container_port, host_port, protocol)| NetworkBinding {
                bind_ip: "0.0.0.0",
                container_port,
                host_port,
                protocol,
            })
            .collect()
    }
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwsVpcConfiguration {
    pub subnets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_public_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awsvpc_configuration: Option<AwsVpcConfiguration>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunTaskRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub task_definition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_execute_command: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_ecs_managed_tags: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagate_tags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_configurations: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartTaskRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub task_definition: String,
    pub container_instances: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkBinding {
    pub bind_ip: &'static str,
    pub container_port: i64,
    pub host_port: u16,
    pub protocol: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub container_arn: String,
    pub task_arn: String,
    pub name: String,
    pub image: String,
    pub last_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub network_bindings: Vec<NetworkBinding>,
    /// F1.11: UNKNOWN for a container without a health check ("there's no
    /// container health check defined", BOTO-ECS:HealthCheck; the AWS CLI's
    /// describe-tasks example prints it).
    pub health_status: &'static str,
    /// Kept for the engine's own use: botocore's task `Container` shape has
    /// no `essential` member, so the API never shows it.
    #[serde(skip)]
    pub essential: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentDetail {
    pub name: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: String,
    pub r#type: &'static str,
    pub status: &'static str,
    pub details: Vec<AttachmentDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub attachments: Vec<Attachment>,
    pub availability_zone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<String>,
    pub cluster_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_instance_arn: Option<String>,
    pub containers: Vec<Container>,
    pub cpu: String,
    pub created_at: f64,
    pub desired_status: &'static str,
    pub group: String,
    /// F1.11: UNKNOWN for a task without container health checks
    /// (BOTO-ECS:HealthCheck; the AWS CLI's describe-tasks example).
    pub health_status: &'static str,
    pub last_status: &'static str,
    pub launch_type: &'static str,
    pub memory: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_started_at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_stopped_at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopping_at: Option<f64>,
    pub task_arn: String,
    pub task_definition_arn: String,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskFailure {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunTaskResponse {
    pub tasks: Vec<Task>,
    pub failures: Vec<TaskFailure>,
}

pub type StartTaskResponse = RunTaskResponse;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StopTaskRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub task: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopTaskResponse {
    pub task: Task,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeTasksRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub tasks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DescribeTasksResponse {
    pub tasks: Vec<Task>,
    pub failures: Vec<TaskFailure>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListTasksRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_instance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksResponse {
    pub task_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// A task's network, resolved from its networkConfiguration.
pub(crate) struct Network {
    subnets: Vec<String>,
    security_groups: Vec<String>,
    assign_public_ip: bool,
}

/// F3.5: awsvpc tasks on EC2 get no public IP; asking for one is refused
/// (the wording AWS returns, quoted in hashicorp/waypoint#643 and
/// aws/containers-roadmap#450).
fn refuse_public_ip_on_ec2(
    network: Option<&Network>,
    launch_type: LaunchType,
) -> Result<(), ApiError> {
    if launch_type == LaunchType::Ec2 && network.is_some_and(|n| n.assign_public_ip) {
        return Err(ApiError::invalid_parameter(PUBLIC_IP_ON_EC2));
    }
    Ok(())
}

/// F3.5: AWS's refusal of `assignPublicIp ENABLED` on the EC2 launch type
/// (RunTask, StartTask, CreateService).
pub(crate) const PUBLIC_IP_ON_EC2: &str = "Assign public IP is not supported for this launch type.";

/// Whether a networkConfiguration asks for a public IP.
pub(crate) fn asks_public_ip(config: &Option<NetworkConfiguration>) -> bool {
    config
        .as_ref()
        .and_then(|c| c.awsvpc_configuration.as_ref())
        .and_then(|v| v.assign_public_ip.as_deref())
        == Some("ENABLED")
}

impl Sim {
    pub(crate) fn network(
        &self,
        config: &Option<NetworkConfiguration>,
        awsvpc: bool,
    ) -> Result<Option<Network>, ApiError> {
        let vpc = config.as_ref().and_then(|c| c.awsvpc_configuration.clone());
        if !awsvpc {
            if vpc.is_some() {
                return Err(ApiError::invalid_parameter(
                    "Network Configuration is not valid for the given networkMode of this task definition.",
                ));
            }
            return Ok(None);
        }
        let Some(vpc) = vpc else {
            return Err(ApiError::invalid_parameter(
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            ));
        };
        if vpc.subnets.is_empty() || vpc.subnets.len() > 16 {
            return Err(ApiError::invalid_parameter(
                "subnets can not be empty (at most 16).",
            ));
        }
        let mut vpc_id: Option<String> = None;
        for s in &vpc.subnets {
            let Some(subnet) = self.state.subnets.get(s) else {
                return Err(ApiError::invalid_parameter(format!(
                    "Error retrieving subnet information for [{s}]: The subnet ID '{s}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound)"
                )));
            };
            if vpc_id.as_ref().is_some_and(|v| v != &subnet.vpc_id) {
                return Err(ApiError::invalid_parameter(
                    "The subnets of a task must all belong to the same VPC.",
                ));
            }
            vpc_id = Some(subnet.vpc_id.clone());
        }
        for g in &vpc.security_groups {
            match self.state.security_groups.get(g) {
                Some(sg) if Some(&sg.vpc_id) == vpc_id.as_ref() => {}
                Some(_) => {
                    return Err(ApiError::invalid_parameter(format!(
                        "Security group {g} is in another VPC than the subnets."
                    )));
                }
                None => {
                    return Err(ApiError::invalid_parameter(format!(
                        "Error retrieving security group information for [{g}]: The security group '{g}' does not exist"
                    )));
                }
            }
        }
        let assign_public_ip = match vpc.assign_public_ip.as_deref() {
            None | Some("DISABLED") => false,
            Some("ENABLED") => true,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "assignPublicIp must be ENABLED or DISABLED; '{other}' was given."
                )));
            }
        };
        // F2.3: no security groups given → the VPC's default group.
        let security_groups = if vpc.security_groups.is_empty() {
            self.state
                .security_groups
                .values()
                .filter(|g| {
                    Some(&g.vpc_id) == vpc_id.as_ref()
                        && g.name == crate::ec2::security_group::DEFAULT_GROUP_NAME
                })
                .map(|g| g.id.clone())
                .collect()
        } else {
            vpc.security_groups.clone()
        };
        Ok(Some(Network {
            subnets: vpc.subnets,
            security_groups,
            assign_public_ip,
        }))
    }

    pub(crate) fn run_task(&mut self, req: RunTaskRequest) -> Result<RunTaskResponse, ApiError> {
        self.run_tasks(req, true).map(|(out, _)| out)
    }

    /// RunTask for the service scheduler: the same placement decisions and
    /// tasks, but no task shapes in the response (only the new tasks'
    /// ARNs) and no placement explanation texts ([`Sim::last_placement`]
    /// keeps the learner's last RunTask/StartTask; a service's placement
    /// problems are its service events, F6.5).
    pub(crate) fn run_service_tasks(
        &mut self,
        req: RunTaskRequest,
    ) -> Result<(RunTaskResponse, Vec<String>), ApiError> {
        self.run_tasks(req, false)
    }

    /// RunTask; `explain`: build the response's task shapes and keep the
    /// placement explanations. Also returns the new tasks' ARNs.
    fn run_tasks(
        &mut self,
        req: RunTaskRequest,
        explain: bool,
    ) -> Result<(RunTaskResponse, Vec<String>), ApiError> {
        const OP: &str = "RunTask";
        for (given, what) in [
            (req.overrides.is_some(), "overrides"),
            (req.tags.is_some(), "tags"),
            (
                req.enable_execute_command == Some(true),
                "enableExecuteCommand",
            ),
            (
                req.enable_ecs_managed_tags == Some(true),
                "enableECSManagedTags",
            ),
            (req.propagate_tags.is_some(), "propagateTags"),
            (req.volume_configurations.is_some(), "volumeConfigurations"),
        ] {
            if given {
                return Err(unsupported(OP, what));
            }
        }
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let count = req.count.unwrap_or(1);
        if !(1..=MAX_COUNT).contains(&count) {
            return Err(ApiError::invalid_parameter(format!(
                "count must be between 1 and {MAX_COUNT}; {count} was given."
            )));
        }
        // F9.6: a launch type or a capacity provider strategy (never both);
        // neither → the cluster's default strategy, else EC2.
        let capacity = self.resolve_capacity(
            &cluster_arn,
            req.launch_type.as_deref(),
            req.capacity_provider_strategy.as_deref(),
        )?;
        let (launch_type, strategy) = match &capacity {
            Capacity::Strategy(items, kind) => (kind.launch_type(), Some(items.clone())),
            Capacity::LaunchType(given) => (
                match given.as_deref() {
                    None | Some("EC2") => LaunchType::Ec2,
                    Some("FARGATE") => LaunchType::Fargate,
                    Some("EXTERNAL") => return Err(unsupported(OP, "launchType EXTERNAL")),
                    Some(other) => {
                        return Err(ApiError::invalid_parameter(format!(
                            "launchType must be EC2, FARGATE or EXTERNAL; '{other}' was given."
                        )));
                    }
                },
                None,
            ),
        };
        let def = self.resolve_task_definition(&req.task_definition)?.clone();
        // F4.8: the task's roles must exist and trust ecs-tasks.amazonaws.com.
        self.check_task_roles(&def)?;
        let awsvpc = def.network_mode() == NetworkMode::Awsvpc;
        if launch_type == LaunchType::Fargate {
            if !def.is_fargate_compatible() {
                return Err(ApiError::new(
                    ErrorCode::ClientException,
                    "Task definition does not support launch_type FARGATE.",
                ));
            }
            if !req.placement_strategy.is_empty() || !req.placement_constraints.is_empty() {
                return Err(ApiError::invalid_parameter(
                    "Placement strategies and constraints are not supported with FARGATE launch type.",
                ));
            }
            if let Some(v) = req.platform_version.as_deref()
                && v != "LATEST"
                && v != FARGATE_PLATFORM
            {
                return Err(unsupported(
                    OP,
                    &format!("platformVersion {v} (only LATEST = {FARGATE_PLATFORM})"),
                ));
            }
        } else if req.platform_version.is_some() {
            return Err(ApiError::invalid_parameter(
                "The platform version must be null when specifying an EC2 launch type.",
            ));
        }
        let network = self.network(&req.network_configuration, awsvpc)?;
        refuse_public_ip_on_ec2(network.as_ref(), launch_type)?;
        let parsed = placement::validate(&req.placement_strategy, &req.placement_constraints)?;
        let family = def.def.family.clone();
        let group = req
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{family}"));
        if launch_type == LaunchType::Ec2
            && !self.state.container_instances.values().any(|ci| {
                ci.cluster_arn == cluster_arn
                    && ci.is_registered()
                    && ci.status != super::container_instance::ContainerInstanceStatus::Registering
            })
        {
            return Err(ApiError::invalid_parameter(
                "No Container Instances were found in your cluster.",
            ));
        }
        // F5.4 IMPLEMENT: RunTask's default strategy is random.
        let strategies = if req.placement_strategy.is_empty() {
            vec![PlacementStrategy {
                r#type: "random".into(),
                field: None,
            }]
        } else {
            req.placement_strategy.clone()
        };
        let mut out = RunTaskResponse {
            tasks: Vec::new(),
            failures: Vec::new(),
        };
        let mut explanations = Vec::new();
        let mut arns = Vec::new();
        // EC2: one placement pool for the call's tasks.
        let demand = self.demand(&def, &group, network.as_ref());
        let mut pool = if launch_type == LaunchType::Ec2 {
            self.placement_pool(&cluster_arn, &demand, &strategies)
        } else {
            PlacementPool::default()
        };
        // F9.6: the provider of each task (MODEL rule in
        // capacity_provider::assign); a service's live tasks count toward
        // its strategy's base and weights.
        let providers: Vec<Option<String>> = match &strategy {
            Some(items) => {
                let existing = if group.starts_with("service:") {
                    self.group_provider_counts(&cluster_arn, &group, req.started_by.as_deref())
                } else {
                    Default::default()
                };
                capacity_provider::assign(items, &existing, count as usize)
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            None => vec![None; count as usize],
        };
        for (index, provider) in providers.into_iter().enumerate() {
            let mut placed_on = None;
            // An Auto Scaling group provider's tasks go only on its group's
            // instances.
            let only = provider
                .as_deref()
                .filter(|p| !capacity_provider::is_fargate(p))
                .map(|p| self.provider_container_instances(&cluster_arn, p));
            let placed = match launch_type {
                // A lost Availability Zone (engine/src/faults.rs) has no
                // Fargate capacity: F1.12's failure when every subnet is in one.
                LaunchType::Fargate
                    if network
                        .as_ref()
                        .is_some_and(|n| n.subnets.iter().all(|s| self.subnet_in_lost_az(s))) =>
                {
                    out.failures.push(TaskFailure {
                        arn: None,
                        reason: crate::faults::FARGATE_NO_CAPACITY.into(),
                        detail: None,
                    });
                    None
                }
                LaunchType::Fargate => Some(None),
                LaunchType::Ec2 => {
                    let placed = self.place_from_pool(
                        &pool,
                        &req.placement_constraints,
                        &parsed,
                        only.as_deref(),
                        index,
                        explain,
                    );
                    placed_on = placed.candidate;
                    let explanation = placed.explanation;
                    let chosen = explanation.chosen.clone();
                    if chosen.is_none() {
                        let none_in_provider = only.as_ref().is_some_and(Vec::is_empty);
                        out.failures.push(TaskFailure {
                            arn: None,
                            reason: explanation.failure.clone().unwrap_or_else(|| {
                                if none_in_provider {
                                    capacity_provider::NO_PROVIDER_INSTANCES.into()
                                } else {
                                    "RESOURCE:CPU".into()
                                }
                            }),
                            detail: None,
                        });
                    }
                    if explain {
                        explanations.push(explanation);
                    }
                    chosen.map(Some)
                }
            };
            if let Some(on) = placed {
                let arn = self.create_task(
                    &cluster_arn,
                    &def,
                    launch_type,
                    on,
                    network.as_ref(),
                    &group,
                    req.started_by.clone(),
                    provider,
                );
                if let Some(i) = placed_on {
                    self.pool_task_placed(&mut pool, i);
                }
                if explain {
                    out.tasks.push(self.task_shape(&self.state.tasks[&arn]));
                }
                arns.push(arn);
            }
        }
        if explain {
            self.state.last_placement = explanations;
        }
        Ok((out, arns))
    }

    pub(crate) fn start_task(
        &mut self,
        req: StartTaskRequest,
    ) -> Result<StartTaskResponse, ApiError> {
        if req.overrides.is_some() {
            return Err(unsupported("StartTask", "overrides"));
        }
        if req.tags.is_some() {
            return Err(unsupported("StartTask", "tags"));
        }
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if req.container_instances.is_empty() || req.container_instances.len() > MAX_COUNT as usize
        {
            return Err(ApiError::invalid_parameter(
                "containerInstances must name 1 to 10 container instances.",
            ));
        }
        let def = self.resolve_task_definition(&req.task_definition)?.clone();
        self.check_task_roles(&def)?;
        let awsvpc = def.network_mode() == NetworkMode::Awsvpc;
        let network = self.network(&req.network_configuration, awsvpc)?;
        refuse_public_ip_on_ec2(network.as_ref(), LaunchType::Ec2)?;
        let group = req
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{}", def.def.family));
        let mut out = RunTaskResponse {
            tasks: Vec::new(),
            failures: Vec::new(),
        };
        let mut explanations = Vec::new();
        for (index, identifier) in req.container_instances.iter().enumerate() {
            let found = self
                .state
                .container_instances
                .values()
                .find(|ci| {
                    ci.cluster_arn == cluster_arn
                        && (&ci.arn == identifier || ci.id() == identifier)
                })
                .map(|ci| ci.arn.clone());
            let Some(ci_arn) = found else {
                out.failures.push(TaskFailure {
                    arn: Some(identifier.clone()),
                    reason: "MISSING".into(),
                    detail: None,
                });
                continue;
            };
            let demand = self.demand(&def, &group, network.as_ref());
            let explanation = self.place_task(
                &cluster_arn,
                &demand,
                &[],
                &[],
                &[],
                Some(std::slice::from_ref(&ci_arn)),
                index,
                true,
            );
            match explanation.chosen.clone() {
                Some(on) => {
                    let arn = self.create_task(
                        &cluster_arn,
                        &def,
                        LaunchType::Ec2,
                        Some(on),
                        network.as_ref(),
                        &group,
                        req.started_by.clone(),
                        None,
                    );
                    out.tasks.push(self.task_shape(&self.state.tasks[&arn]));
                }
                None => out.failures.push(TaskFailure {
                    arn: Some(ci_arn),
                    reason: explanation.failure.clone().unwrap_or_default(),
                    detail: None,
                }),
            }
            explanations.push(explanation);
        }
        self.state.last_placement = explanations;
        Ok(out)
    }

    fn demand(
        &self,
        def: &crate::ecs::task_definition::TaskDefinitionRecord,
        group: &str,
        network: Option<&Network>,
    ) -> Demand {
        let ports = def.host_ports();
        Demand {
            cpu: def.ec2_cpu(),
            memory: def.ec2_memory(),
            fixed_ports: ports.iter().filter_map(|p| p.port).collect(),
            dynamic_ports: ports.iter().filter(|p| p.port.is_none()).count(),
            eni: def.network_mode() == NetworkMode::Awsvpc,
            subnets: network.map(|n| n.subnets.clone()),
            group: group.to_owned(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn create_task(
        &mut self,
        cluster_arn: &str,
        def: &crate::ecs::task_definition::TaskDefinitionRecord,
        launch_type: LaunchType,
        on: Option<String>,
        network: Option<&Network>,
        group: &str,
        started_by: Option<String>,
        capacity_provider_name: Option<String>,
    ) -> String {
        let id = self.new_ecs_id();
        let arn = self
            .arns
            .arn_of("ecs", &["task/", cluster_arn.last_segment(), "/", &id]);
        let awsvpc = def.network_mode() == NetworkMode::Awsvpc;
        // Host ports: fixed ones as declared, dynamic ones lowest-free (F3.7).
        let mut dynamic = on
            .as_deref()
            .map(|ci| {
                self.dynamic_ports(
                    ci,
                    def.host_ports().iter().filter(|p| p.port.is_none()).count(),
                )
            })
            .unwrap_or_default()
            .into_iter();
        let mut containers = Vec::new();
        let mut host_ports = Vec::new();
        for c in def.containers() {
            let mut bindings = Vec::new();
            if on.is_some() && !awsvpc && def.network_mode() != NetworkMode::None {
                for pm in &c.port_mappings {
                    let container_port = pm.container_port.unwrap_or(0);
                    let fixed = match def.network_mode() {
                        NetworkMode::Host => Some(container_port),
                        _ => pm.host_port.filter(|p| *p != 0),
                    };
                    let host = match fixed {
                        Some(p) => u16::try_from(p).ok(),
                        None => dynamic.next(),
                    };
                    if let Some(h) = host {
                        host_ports.push(h);
                        bindings.push((
                            container_port,
                            h,
                            // Registration allows only these two (F3.7).
                            if pm.protocol.as_deref() == Some("udp") {
                                "udp"
                            } else {
                                "tcp"
                            },
                        ));
                    }
                }
            }
            containers.push(TaskContainer {
                name: c.name.clone(),
                image: c.image.clone(),
                essential: c.essential.unwrap_or(true),
                last_status: "PENDING",
                reason: None,
                image_digest: None,
                bindings,
                health: c
                    .health_check
                    .as_ref()
                    .map(super::health::ContainerHealth::from_check),
                exit_code: None,
                logs: Vec::new(),
                log_stream: None,
            });
        }
        // Where the task runs.
        let (availability_zone, subnet_id, instance_subnet) = match &on {
            Some(ci_arn) => {
                let ci = &self.state.container_instances[ci_arn];
                let az = ci
                    .attribute("ecs.availability-zone")
                    .unwrap_or_default()
                    .to_owned();
                let subnet = ci.attribute("ecs.subnet-id").map(str::to_owned);
                (az, if awsvpc { subnet.clone() } else { None }, subnet)
            }
            None => {
                // Fargate: the listed subnet with the fewest tasks of the cluster (MODEL), ties by list order.
                let pick = network
                    .into_iter()
                    .flat_map(|n| &n.subnets)
                    .filter(|s| !self.subnet_in_lost_az(s))
                    .min_by_key(|s| self.state.live_tasks_in_subnet(s))
                    .cloned();
                let az = pick
                    .as_ref()
                    .and_then(|s| self.state.subnets.get(s))
                    .map(|s| s.availability_zone.clone())
                    .unwrap_or_default();
                (az, pick.clone(), pick)
            }
        };
        let in_default_vpc = |subnet: &Option<String>| {
            subnet
                .as_ref()
                .and_then(|s| self.state.subnets.get(s))
                .and_then(|s| self.state.vpcs.get(&s.vpc_id))
                .is_some_and(|v| v.is_default)
        };
        // Who pulls the images decides the route to the registry (F1.10):
        // on Fargate the task's own ENI (a public IP, or NAT); on EC2 the
        // instance's Docker daemon through the instance's network, in every
        // network mode — an awsvpc task's ENI gets no public IP (F3.5), but
        // its images still come in through the host.
        let registry_reachable = match launch_type {
            LaunchType::Fargate => {
                network.is_some_and(|n| n.assign_public_ip) && in_default_vpc(&subnet_id)
            }
            LaunchType::Ec2 => in_default_vpc(&instance_subnet),
        };
        // Images from this account's ECR need credentials: the execution
        // role, or on EC2 the instance's role (F4.8).
        let execution_role = def.execution_role_arn().map(str::to_owned).or_else(|| {
            let ci = on
                .as_ref()
                .and_then(|a| self.state.container_instances.get(a))?;
            let profile = self
                .state
                .instances
                .get(&ci.ec2_instance_id)?
                .iam_instance_profile
                .as_ref()?;
            self.instance_profile_role(profile).map(|r| r.arn.clone())
        });
        let private_ip = subnet_id
            .as_ref()
            .filter(|_| awsvpc)
            .and_then(|s| self.free_ip(s));
        let eni_id = if awsvpc {
            Some(self.new_ec2_id("eni"))
        } else {
            None
        };
        // F2.3 / F3.5: only a Fargate ENI with assignPublicIp ENABLED gets a
        // public address.
        let public_ip = match (&eni_id, launch_type) {
            (Some(eni), LaunchType::Fargate) if network.is_some_and(|n| n.assign_public_ip) => {
                Some(self.new_public_ip(eni))
            }
            _ => None,
        };
        let security_groups = if awsvpc {
            network
                .map(|n| n.security_groups.clone())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut task = TaskRecord::new(&arn, cluster_arn, launch_type, TaskStatus::Pending);
        task.container_instance_arn = on.clone();
        task.cpu = def.ec2_cpu();
        task.memory = def.ec2_memory();
        task.host_ports = host_ports;
        task.uses_eni = awsvpc;
        task.group = group.to_owned();
        task.life = TaskLife {
            task_definition_arn: def.arn().to_owned(),
            last_status: if awsvpc { "PROVISIONING" } else { "PENDING" },
            desired_status: "RUNNING",
            created_at: self.now,
            containers,
            availability_zone,
            subnet_id,
            private_ip,
            public_ip,
            security_groups,
            eni_id,
            started_by,
            registry_reachable,
            execution_role,
            version: 1,
            capacity_provider_name,
            ..TaskLife::default()
        };
        self.state.insert_task(task);
        if awsvpc {
            self.emit(EventKind::TaskStateChanged {
                task_arn: arn.clone(),
                last_status: "PROVISIONING",
                stopped_reason: None,
            });
            self.schedule(
                AWSVPC_PROVISIONING,
                Timer::TaskAdvance {
                    task_arn: arn.clone(),
                    expect: "PROVISIONING",
                },
            );
        } else {
            self.begin_pending(&arn);
        }
        if let Some(ci) = &on {
            self.container_instance_resources_changed(ci);
        }
        arn
    }

    /// Lowest free address of a subnet (after the 4 AWS reserves).
    fn free_ip(&self, subnet_id: &str) -> Option<u32> {
        let subnet = self.state.subnets.get(subnet_id)?;
        let first = subnet.cidr.base + 4;
        let last = subnet.cidr.base + (subnet.cidr.size() as u32).saturating_sub(2);
        // One bit per address from `first` to `last`: mark the taken ones,
        // then the lowest clear bit is the answer (no sort of the taken).
        let span = last.checked_sub(first)? as usize + 1;
        let mut taken = vec![0u64; span.div_ceil(64)];
        let mut mark = |ip: u32| {
            if let Some(i) = ip.checked_sub(first).map(|i| i as usize)
                && let Some(word) = taken.get_mut(i / 64)
            {
                *word |= 1 << (i % 64);
            }
        };
        self.state
            .instances
            .values()
            .filter(|i| {
                i.subnet_id == subnet_id
                    && i.state != crate::ec2::instance::InstanceState::Terminated
            })
            .for_each(|i| mark(i.private_ip));
        self.state.task_ips_in_subnet(subnet_id).for_each(mark);
        taken
            .iter()
            .enumerate()
            .find(|(_, w)| **w != u64::MAX)
            .map(|(n, w)| n * 64 + w.trailing_ones() as usize)
            .filter(|i| *i < span)
            .map(|i| first + i as u32)
    }

    /// PENDING: the images are pulled (the ECR helper decides), then the
    /// containers start.
    fn begin_pending(&mut self, arn: &str) {
        let Some(task) = self.state.tasks.get(arn) else {
            return;
        };
        let role = task.life.execution_role.as_deref();
        let mut longest = SimDuration::millis(0);
        let mut failure = None;
        // Per container: the pull's failure reason, or its image's digest.
        let mut outcomes = Vec::new();
        let mut pulled_images = Vec::new();
        for c in &task.life.containers {
            let role_can = |action: &str, resource: &str| {
                role.is_some_and(|r| {
                    matches!(
                        self.role_allows(r, action, resource),
                        crate::iam::Decision::Allowed(_)
                    )
                })
            };
            match self.resolve_image_pull(&c.image, role, &role_can, task.life.registry_reachable) {
                Ok(pulled) => {
                    longest = longest.max(pull_duration(pulled.size_bytes));
                    outcomes.push(Ok(pulled.digest.clone()));
                    pulled_images.push(pulled);
                }
                Err(f) => {
                    if c.essential && failure.is_none() {
                        failure = Some(f.stopped_reason.clone());
                    }
                    outcomes.push(Err(f.stopped_reason));
                }
            }
        }
        let now = self.now;
        self.state.set_live_status(arn, TaskStatus::Pending);
        if let Some(t) = self.state.tasks.get_mut(arn) {
            // A task created PENDING (not awsvpc) is at version 1 already;
            // PROVISIONING → PENDING is a change (F11.1: one per change).
            let changed = t.life.last_status != "PENDING";
            t.life.last_status = "PENDING";
            t.life.pull_started_at = Some(now);
            t.life.failure = failure.clone();
            t.life.pulled = pulled_images;
            for (c, outcome) in t.life.containers.iter_mut().zip(outcomes) {
                (c.image_digest, c.reason) = match outcome {
                    Ok(digest) => (Some(digest.into()), None),
                    Err(reason) => (None, Some(reason)),
                };
            }
            if changed {
                t.life.version += 1;
            }
        }
        self.emit(EventKind::TaskStateChanged {
            task_arn: arn.to_owned(),
            last_status: "PENDING",
            stopped_reason: None,
        });
        // MODEL: a failing pull is known after the fixed part of a pull.
        let after = if failure.is_some() {
            PULL_FIXED
        } else {
            SimDuration::millis(longest.as_millis() + CONTAINER_START.as_millis())
        };
        self.schedule(
            after,
            Timer::TaskAdvance {
                task_arn: arn.to_owned(),
                expect: "PENDING",
            },
        );
    }

    /// Timer: the task leaves `expect` for its next state.
    pub(crate) fn task_advance(&mut self, arn: &str, expect: &str) {
        let Some(task) = self.state.tasks.get(arn) else {
            return;
        };
        if task.life.last_status != expect {
            return; // stopped or moved on meanwhile
        }
        match expect {
            "PROVISIONING" => self.begin_pending(arn),
            "PENDING" => {
                if let Some(reason) = task.life.failure.clone() {
                    // F1.4: PENDING → (DEPROVISIONING) → STOPPED without RUNNING.
                    self.stop_task_now(arn, Some("TaskFailedToStart"), &reason);
                    return;
                }
                // The pulls completed: ECR records lastRecordedPullTime.
                for pulled in task.life.pulled.clone() {
                    self.record_image_pull(&pulled);
                }
                // The containers are created: the awslogs driver starts.
                if let Err(reason) = self.start_awslogs(arn) {
                    self.stop_task_now(arn, Some("TaskFailedToStart"), &reason);
                    return;
                }
                let now = self.now;
                self.state.set_live_status(arn, TaskStatus::Running);
                if let Some(t) = self.state.tasks.get_mut(arn) {
                    t.life.last_status = "RUNNING";
                    t.life.started_at = Some(now);
                    t.life.pull_stopped_at = Some(now);
                    for c in &mut t.life.containers {
                        c.last_status = "RUNNING";
                    }
                    t.life.version += 1;
                }
                self.emit(EventKind::TaskStateChanged {
                    task_arn: arn.to_owned(),
                    last_status: "RUNNING",
                    stopped_reason: None,
                });
                self.start_health_checks(arn);
                self.start_container_processes(arn);
                if let Some((group, cluster)) = self
                    .state
                    .tasks
                    .get(arn)
                    .map(|t| (t.group.clone(), t.cluster_arn.clone()))
                {
                    self.service_task_running(&group, &cluster);
                }
            }
            "STOPPING" => {
                let reason = task.stopped_reason.clone().unwrap_or_default();
                let code = task.stop_code;
                self.stop_task_now(arn, code, &reason);
            }
            _ => {}
        }
    }

    pub(crate) fn stop_task(&mut self, req: StopTaskRequest) -> Result<StopTaskResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let arn = self
            .find_task(&cluster_arn, &req.task)
            .ok_or_else(|| ApiError::invalid_parameter("The referenced task was not found."))?;
        let reason = req.reason.unwrap_or_else(|| "Task stopped by user".into());
        if reason.len() > 255 {
            return Err(ApiError::invalid_parameter(
                "reason can have at most 255 characters.",
            ));
        }
        // F1.3: desiredStatus STOPPED at once; lastStatus walks the stop
        // path (once: a task already told to stop is left as it is).
        if self
            .state
            .tasks
            .get(&arn)
            .is_some_and(|t| t.life.desired_status != "STOPPED")
        {
            self.enter_stopping(&arn, "UserInitiated", &reason);
        }
        Ok(StopTaskResponse {
            task: self.task_shape(&self.state.tasks[&arn]),
        })
    }

    fn find_task(&self, cluster_arn: &str, identifier: &str) -> Option<String> {
        // A full ARN is the key: no scan (an id has no '/', so no other task
        // could match it).
        if let Some(t) = self.state.tasks.get(identifier)
            && t.cluster_arn == cluster_arn
        {
            return Some(t.arn.clone());
        }
        self.state
            .tasks
            .values()
            .find(|t| {
                t.cluster_arn == cluster_arn
                    && (t.arn == identifier || t.arn.rsplit('/').next() == Some(identifier))
            })
            .map(|t| t.arn.clone())
    }

    pub(crate) fn describe_tasks(
        &self,
        req: DescribeTasksRequest,
    ) -> Result<DescribeTasksResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if !req.include.is_empty() {
            return Err(unsupported("DescribeTasks", "include"));
        }
        if req.tasks.is_empty() || req.tasks.len() > 100 {
            return Err(ApiError::invalid_parameter(
                "tasks must name 1 to 100 tasks.",
            ));
        }
        let mut out = DescribeTasksResponse {
            tasks: Vec::new(),
            failures: Vec::new(),
        };
        for identifier in &req.tasks {
            match self.find_task(&cluster_arn, identifier) {
                Some(arn) => out.tasks.push(self.task_shape(&self.state.tasks[&arn])),
                None => out.failures.push(TaskFailure {
                    arn: Some(identifier.clone()),
                    reason: "MISSING".into(),
                    detail: None,
                }),
            }
        }
        Ok(out)
    }

    pub(crate) fn list_tasks(&self, req: ListTasksRequest) -> Result<ListTasksResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if req.service_name.is_some() {
            return Err(unsupported(
                "ListTasks",
                "serviceName (services are not simulated yet)",
            ));
        }
        let page = crate::paginate::ecs("ListTasks")
            .request(req.max_results, req.next_token.as_deref())?;
        let desired = req
            .desired_status
            .clone()
            .unwrap_or_else(|| "RUNNING".into());
        if !["RUNNING", "PENDING", "STOPPED"].contains(&desired.as_str()) {
            return Err(ApiError::invalid_parameter(
                "desiredStatus must be RUNNING, PENDING or STOPPED.",
            ));
        }
        let launch = match req.launch_type.as_deref() {
            None => None,
            Some("EC2") => Some(LaunchType::Ec2),
            Some("FARGATE") => Some(LaunchType::Fargate),
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "launchType must be EC2 or FARGATE; '{other}' was given."
                )));
            }
        };
        let instance = req.container_instance.as_ref().map(|i| {
            self.state
                .container_instances
                .values()
                .find(|ci| &ci.arn == i || ci.id() == i)
                .map(|ci| ci.arn.clone())
                .unwrap_or_else(|| i.clone())
        });
        let task_arns = self
            .state
            .tasks
            .values()
            .filter(|t| t.cluster_arn == cluster_arn && t.life.desired_status == desired)
            .filter(|t| launch.is_none_or(|l| t.launch_type == l))
            .filter(|t| instance.is_none() || t.container_instance_arn == instance)
            .filter(|t| req.started_by.is_none() || t.life.started_by == req.started_by)
            .filter(|t| {
                req.family.as_ref().is_none_or(|f| {
                    t.life
                        .task_definition_arn
                        .rsplit('/')
                        .next()
                        .and_then(|x| x.split(':').next())
                        == Some(f.as_str())
                })
            })
            .map(|t| (t.arn.clone(), t.arn.clone()));
        let (task_arns, next_token) = page.page(task_arns);
        Ok(ListTasksResponse {
            task_arns,
            next_token,
        })
    }

    /// The ENI attachment of an awsvpc task (its status follows the
    /// task's lastStatus).
    pub(crate) fn eni_attachment(t: &TaskRecord) -> Option<Attachment> {
        let l = &t.life;
        let (eni, subnet) = l.eni_id.as_ref().zip(l.subnet_id.as_ref())?;
        Some(Attachment {
            id: eni.trim_start_matches("eni-").to_owned(),
            r#type: "ElasticNetworkInterface",
            status: match l.last_status {
                "PROVISIONING" => "PRECREATED",
                "STOPPED" => "DELETED",
                _ => "ATTACHED",
            },
            details: vec![
                AttachmentDetail {
                    name: "subnetId",
                    value: subnet.clone(),
                },
                AttachmentDetail {
                    name: "networkInterfaceId",
                    value: eni.clone(),
                },
                AttachmentDetail {
                    name: "privateIPv4Address",
                    value: l
                        .private_ip
                        .map(crate::ec2::format_ipv4)
                        .unwrap_or_default(),
                },
            ],
        })
    }

    /// The ARN of the task's container `index`.
    pub(crate) fn container_arn(&self, t: &TaskRecord, index: usize) -> String {
        let task_id = t.arn.last_segment();
        let cluster = t.cluster_arn.last_segment();
        let mut index_hex = String::with_capacity(8);
        crate::ec2::push_hex(&mut index_hex, index as u64, 8);
        self.arns.arn_of(
            "ecs",
            &[
                "container/",
                cluster,
                "/",
                task_id,
                "/",
                &index_hex,
                "-",
                task_id.get(..4).unwrap_or(task_id),
            ],
        )
    }

    pub(crate) fn task_shape(&self, t: &TaskRecord) -> Task {
        let l = &t.life;
        let stopped = t.status == TaskStatus::Stopped;
        Task {
            attachments: Self::eni_attachment(t).into_iter().collect(),
            availability_zone: l.availability_zone.clone(),
            capacity_provider_name: l.capacity_provider_name.clone(),
            cluster_arn: t.cluster_arn.clone(),
            container_instance_arn: t.container_instance_arn.clone(),
            containers: l
                .containers
                .iter()
                .enumerate()
                .map(|(i, c)| Container {
                    container_arn: self.container_arn(t, i),
                    task_arn: t.arn.clone(),
                    name: c.name.clone(),
                    image: c.image.clone(),
                    last_status: if stopped { "STOPPED" } else { c.last_status },
                    exit_code: c.exit_code,
                    reason: c.reason.clone(),
                    network_bindings: c.network_bindings(),
                    health_status: c
                        .health
                        .as_ref()
                        .map_or(super::health::HealthStatus::Unknown, |h| h.status)
                        .as_str(),
                    essential: c.essential,
                })
                .collect(),
            cpu: t.cpu.to_string(),
            created_at: self.epoch(l.created_at),
            desired_status: l.desired_status,
            group: t.group.clone(),
            health_status: super::health::task_health(t)
                .unwrap_or(super::health::HealthStatus::Unknown)
                .as_str(),
            last_status: l.last_status,
            launch_type: t.launch_type.as_str(),
            memory: t.memory.to_string(),
            platform_version: t.launch_type.platform_version(),
            pull_started_at: l.pull_started_at.map(|x| self.epoch(x)),
            pull_stopped_at: l.pull_stopped_at.map(|x| self.epoch(x)),
            started_at: l.started_at.map(|x| self.epoch(x)),
            started_by: l.started_by.clone(),
            stop_code: t.stop_code.map(str::to_owned),
            stopped_at: t.stopped_at.map(|x| self.epoch(x)),
            stopped_reason: t.stopped_reason.clone(),
            stopping_at: l.stopping_at.map(|x| self.epoch(x)),
            task_arn: t.arn.clone(),
            task_definition_arn: l.task_definition_arn.clone(),
            version: l.version,
        }
    }

    /// The explanations of the last RunTask/StartTask placement.
    pub fn last_placement(&self) -> &[PlacementExplanation] {
        &self.state.last_placement
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod free_ip_tests {
    use crate::Sim;
    use crate::config::SimConfig;
    use crate::ec2::{Cidr, parse_ipv4};
    use crate::state::{LaunchType, TaskRecord, TaskStatus};

    /// A default subnet made a /28, holding live tasks at `taken`.
    fn subnet_with(taken: &[&str]) -> (Sim, String) {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let subnet = sim.state.subnets.values_mut().next().unwrap();
        subnet.cidr = Cidr::parse("10.0.0.0/28").unwrap();
        let id = subnet.id.clone();
        for (n, ip) in taken.iter().enumerate() {
            let mut t = TaskRecord::new(
                &format!("t{n}"),
                "c",
                LaunchType::Fargate,
                TaskStatus::Running,
            );
            t.life.subnet_id = Some(id.clone());
            t.life.private_ip = parse_ipv4(ip);
            sim.state.insert_task(t);
        }
        (sim, id)
    }

    #[test]
    fn the_lowest_address_after_the_reserved_four_not_taken() {
        let (sim, id) = subnet_with(&[]);
        assert_eq!(sim.free_ip(&id), parse_ipv4("10.0.0.4"));
        let (sim, id) = subnet_with(&["10.0.0.4", "10.0.0.5", "10.0.0.7", "10.0.1.9"]);
        assert_eq!(sim.free_ip(&id), parse_ipv4("10.0.0.6"));
    }

    #[test]
    fn a_full_subnet_has_none() {
        // A /28 has 16 addresses: AWS keeps the first four and the last.
        let all: Vec<String> = (4..=14).map(|i| format!("10.0.0.{i}")).collect();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let (sim, id) = subnet_with(&all);
        assert_eq!(sim.free_ip(&id), None);
        let (sim, id) = subnet_with(&all[1..]);
        assert_eq!(sim.free_ip(&id), parse_ipv4("10.0.0.4"));
    }
}
