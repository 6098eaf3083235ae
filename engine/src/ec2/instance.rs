//! EC2 instances: launched by Auto Scaling groups from a launch template,
//! described (DescribeInstances) and terminated (TerminateInstances).
//!
//! Lifecycle: `pending` → `running` after [`INSTANCE_BOOT`] (MODEL) →
//! (terminate) `shutting-down` → `terminated` after [`INSTANCE_SHUTDOWN`]
//! (MODEL); a terminated instance stays describable for
//! [`TERMINATED_VISIBLE`] (MODEL). Once running, the ECS agent on the
//! instance registers it in the cluster its user data names (F3.2, default
//! `default`) after [`AGENT_START`] (MODEL), if the instance has an instance
//! profile.

use super::instance_types::instance_type;
use super::{Filter, check_filters, filter_allows};
use crate::base::arn::LastSegment;
use crate::base::ipv4::format_ipv4;
use crate::base::time::Precision;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// MODEL (not in aws-behaviour.md section 13 yet): pending → running.
pub const INSTANCE_BOOT: SimDuration = SimDuration::seconds(30);
/// MODEL (not in section 13 yet): from running to the ECS agent's
/// RegisterContainerInstance call (Docker and the agent start).
pub const AGENT_START: SimDuration = SimDuration::seconds(30);
/// MODEL (not in section 13 yet): shutting-down → terminated.
pub const INSTANCE_SHUTDOWN: SimDuration = SimDuration::seconds(30);
/// MODEL (not in section 13 yet): how long a terminated instance is still
/// listed by DescribeInstances (EC2UG: "about an hour").
pub const TERMINATED_VISIBLE: SimDuration = SimDuration::hours(1);
/// The cluster an agent joins when the user data names none (AGENT, F3.2).
pub const DEFAULT_ECS_CLUSTER: &str = "default";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
}

impl InstanceState {
    pub fn code(self) -> u32 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceRecord {
    pub id: String,
    pub instance_type: String,
    pub image_id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub private_ip: u32,
    /// The public IPv4 address EC2 gave it at launch (the subnet maps public
    /// IPs on launch: default subnets do, created ones do not), released when
    /// the instance shuts down (EC2UG using-instance-addressing).
    pub public_ip: Option<u32>,
    pub security_groups: Vec<String>,
    pub iam_instance_profile: Option<String>,
    pub user_data_script: Option<String>,
    pub launch_template_id: String,
    pub auto_scaling_group: Option<String>,
    pub state: InstanceState,
    pub state_transition_reason: String,
    pub launched_at: SimTime,
    /// When it began shutting down: billing stops there (§25).
    pub billing_ended_at: Option<SimTime>,
    /// The public IPv4 address it had (kept after it goes back to the
    /// pool at shutdown: it billed until then).
    pub billed_public_ip: Option<u32>,
    /// An Auto Scaling group's scale-in protection of this instance (ASUG
    /// ec2-auto-scaling-instance-protection): a scale-in never picks it.
    pub protected_from_scale_in: bool,
}

impl InstanceRecord {
    /// Pending or running: counts toward an Auto Scaling group's capacity.
    pub fn is_live(&self) -> bool {
        matches!(self.state, InstanceState::Pending | InstanceState::Running)
    }
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstancesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateShape {
    pub code: u32,
    pub name: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Placement {
    pub availability_zone: String,
    pub tenancy: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfile {
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagShape {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub image_id: String,
    pub instance_id: String,
    pub instance_type: String,
    pub launch_time: String,
    pub placement: Placement,
    pub private_ip_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_address: Option<String>,
    pub state: InstanceStateShape,
    pub state_transition_reason: String,
    pub subnet_id: String,
    pub vpc_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<IamInstanceProfile>,
    pub security_groups: Vec<GroupIdentifier>,
    pub tags: Vec<TagShape>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    pub reservation_id: String,
    pub owner_id: String,
    pub instances: Vec<Instance>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesResponse {
    pub reservations: Vec<Reservation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TerminateInstancesRequest {
    pub instance_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateChange {
    pub current_state: InstanceStateShape,
    pub instance_id: String,
    pub previous_state: InstanceStateShape,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstancesResponse {
    pub terminating_instances: Vec<InstanceStateChange>,
}

fn state_shape(s: InstanceState) -> InstanceStateShape {
    InstanceStateShape {
        code: s.code(),
        name: s.name(),
    }
}

pub(crate) fn instance_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidInstanceIdNotFound,
        format!("The instance ID '{id}' does not exist"),
    )
}

/// Why an instance stopped existing, for its tasks' stoppedReason (F1.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminationCause {
    User,
    AutoScaling,
}

impl Sim {
    /// Addresses used in a subnet: one per live instance's primary ENI and
    /// one per awsvpc task ENI (F3.5).
    pub(crate) fn ips_in_use(&self, subnet_id: &str) -> u64 {
        let instances = self
            .state
            .instances
            .values()
            .filter(|i| i.subnet_id == subnet_id && i.state != InstanceState::Terminated)
            .count();
        let tasks = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.holds_resources()
                    && t.life.private_ip.is_some()
                    && t.life.subnet_id.as_deref() == Some(subnet_id)
            })
            .count();
        (instances + tasks) as u64
    }

    /// Whether a live instance, an awsvpc task's ENI, a load balancer or an
    /// EFS mount target uses the security group.
    pub(crate) fn group_in_use(&self, group_id: &str) -> bool {
        self.state.instances.values().any(|i| {
            i.state != InstanceState::Terminated && i.security_groups.iter().any(|g| g == group_id)
        }) || self.state.tasks.values().any(|t| {
            // An awsvpc task's ENI has the group until the task stops.
            t.holds_resources() && t.life.security_groups.iter().any(|g| g == group_id)
        }) || self
            .state
            .elb
            .load_balancers
            .values()
            .any(|lb| lb.security_groups.iter().any(|g| g == group_id))
            // A mount target's ENI has its groups (engine/src/efs).
            || self
                .state
                .efs
                .mount_targets
                .values()
                .any(|m| m.security_groups.iter().any(|g| g == group_id))
    }

    /// Launches one instance from a launch template into a subnet (pending).
    pub(crate) fn launch_instance(
        &mut self,
        template_id: &str,
        subnet_id: &str,
        auto_scaling_group: Option<&str>,
    ) -> Result<String, ApiError> {
        let template = self
            .state
            .launch_templates
            .get(template_id)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ValidationError,
                    "The launch template no longer exists.",
                )
            })?;
        let subnet = self
            .state
            .subnets
            .get(subnet_id)
            .cloned()
            .ok_or_else(|| super::vpc::subnet_not_found(subnet_id))?;
        let type_name = template.instance_type().to_owned();
        if instance_type(&type_name).is_none() {
            return Err(ApiError::new(
                ErrorCode::ValidationError,
                format!(
                    "The launch template {} names no instance type the simulator models.",
                    template.name
                ),
            ));
        }
        let groups = if template.data.security_group_ids.is_empty() {
            self.state
                .security_groups
                .values()
                .filter(|g| {
                    g.vpc_id == subnet.vpc_id && g.name == super::security_group::DEFAULT_GROUP_NAME
                })
                .map(|g| g.id.clone())
                .collect()
        } else {
            template.data.security_group_ids.clone()
        };
        for g in &groups {
            match self.state.security_groups.get(g) {
                None => return Err(super::security_group::group_not_found(g)),
                Some(sg) if sg.vpc_id != subnet.vpc_id => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidParameter,
                        format!(
                            "Security group {g} and subnet {subnet_id} belong to different networks."
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        // Lowest free address after the four AWS reserves at the start.
        let taken: Vec<u32> = self
            .state
            .instances
            .values()
            .filter(|i| i.subnet_id == subnet_id && i.state != InstanceState::Terminated)
            .map(|i| i.private_ip)
            .collect();
        let last = subnet.cidr.base + (subnet.cidr.size() as u32).saturating_sub(2);
        let Some(private_ip) = (subnet.cidr.base + 4..=last).find(|ip| !taken.contains(ip)) else {
            return Err(ApiError::new(
                ErrorCode::InsufficientFreeAddressesInSubnet,
                format!(
                    "There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances."
                ),
            ));
        };
        // The AMI: an id, or an SSM parameter resolved now.
        let (image_id, _) =
            self.launch_ami(template.data.image_id.as_deref().unwrap_or_default())?;
        let id = self.new_resource_id("i");
        let public_ip = subnet
            .map_public_ip_on_launch
            .then(|| self.new_public_ip(&id));
        let profile = template.data.iam_instance_profile.as_ref().and_then(|p| {
            p.arn.clone().or_else(|| {
                p.name
                    .as_ref()
                    .map(|n| self.arns.global("iam", &format!("instance-profile/{n}")))
            })
        });
        let protected_from_scale_in = auto_scaling_group
            .and_then(|g| self.state.auto_scaling_groups.get(g))
            .is_some_and(|g| g.new_instances_protected_from_scale_in);
        self.state.instances.insert(
            id.clone(),
            InstanceRecord {
                id: id.clone(),
                instance_type: type_name,
                image_id,
                subnet_id: subnet_id.to_owned(),
                vpc_id: subnet.vpc_id.clone(),
                availability_zone: subnet.availability_zone.clone(),
                private_ip,
                public_ip,
                security_groups: groups,
                iam_instance_profile: profile,
                user_data_script: template.user_data_script.clone(),
                launch_template_id: template.id.clone(),
                auto_scaling_group: auto_scaling_group.map(str::to_owned),
                state: InstanceState::Pending,
                state_transition_reason: String::new(),
                launched_at: self.now,
                billing_ended_at: None,
                billed_public_ip: public_ip,
                protected_from_scale_in,
            },
        );
        self.emit(EventKind::InstanceStateChanged {
            instance_id: id.clone(),
            state: "pending".into(),
        });
        self.schedule(
            INSTANCE_BOOT,
            Timer::InstanceRunning {
                instance_id: id.clone(),
            },
        );
        Ok(id)
    }

    /// Timer: a pending instance is running; its ECS agent starts.
    pub(crate) fn instance_running(&mut self, id: &str) {
        let Some(instance) = self.state.instances.get_mut(id) else {
            return;
        };
        if instance.state != InstanceState::Pending {
            return;
        }
        instance.state = InstanceState::Running;
        let group = instance.auto_scaling_group.clone();
        self.emit(EventKind::InstanceStateChanged {
            instance_id: id.to_owned(),
            state: "running".into(),
        });
        if let Some(group) = group {
            self.asg_instance_in_service(&group, id);
        }
        self.schedule(
            AGENT_START,
            Timer::AgentRegistration {
                instance_id: id.to_owned(),
            },
        );
    }

    /// Timer: the ECS agent tries to register the instance (F3.2).
    pub(crate) fn agent_registration(&mut self, id: &str) {
        let Some(instance) = self.state.instances.get(id).cloned() else {
            return;
        };
        if instance.state != InstanceState::Running {
            return;
        }
        match self.agent_registration_problem(&instance) {
            Ok(config) => self.register_container_instance(&config, &instance),
            Err(reason) => self.emit(EventKind::AgentRegistrationFailed {
                instance_id: id.to_owned(),
                reason,
            }),
        }
    }

    /// What the ECS agent of a running instance would do now: register
    /// with this configuration, or fail for the reason given (its
    /// `/etc/ecs/ecs.config`, an AMI without the agent, an instance profile
    /// that does not allow registration, a cluster that does not exist).
    /// A read: the lab goals explain unregistered instances with it.
    pub(crate) fn agent_registration_problem(
        &self,
        instance: &InstanceRecord,
    ) -> Result<crate::ecs::agent_config::AgentConfig, String> {
        // /etc/ecs/ecs.config as the user data wrote it.
        let config = crate::ecs::agent_config::AgentConfig::from_user_data(
            instance.user_data_script.as_deref(),
        )?;
        let cluster = config.cluster.clone();
        // Only the ECS-optimized AMIs have the agent (engine::ec2::images).
        let agent = super::images::ami_by_id(&self.config.region, &instance.image_id)
            .is_some_and(super::images::Ami::has_ecs_agent);
        if !agent {
            return Err(format!(
                "the AMI {} has no ECS container agent, so the instance never registers: launch an Amazon ECS-optimized AMI (aws ssm get-parameters --names /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id)",
                instance.image_id
            ));
        }
        self.instance_profile_allows_ecs_agent(instance.iam_instance_profile.as_deref())?;
        let active = self
            .state
            .clusters
            .get(&cluster)
            .is_some_and(|c| c.status == crate::ecs::cluster::ClusterStatus::Active);
        if !active {
            return Err(format!(
                "ClusterNotFoundException: the agent could not register into cluster '{cluster}': it does not exist or is INACTIVE"
            ));
        }
        Ok(config)
    }

    /// Whether the instance's role lets the ECS agent call
    /// ecs:RegisterContainerInstance: the instance profile must exist in IAM,
    /// carry a role that trusts ec2.amazonaws.com, and the role's policies
    /// must allow the action (AmazonEC2ContainerServiceforEC2Role does).
    /// `Err` is the reason the agent's registration fails.
    pub(crate) fn instance_profile_allows_ecs_agent(
        &self,
        profile: Option<&str>,
    ) -> Result<(), String> {
        const ACTION: &str = "ecs:RegisterContainerInstance";
        let Some(profile) = profile else {
            return Err(format!(
                "the instance has no IAM instance profile, so the ECS agent has no credentials to call {ACTION} (attach an instance profile whose role has the AmazonEC2ContainerServiceforEC2Role policy)"
            ));
        };
        let name = profile.last_segment();
        let Some(role) = self
            .instance_profile_role(profile)
            .or_else(|| self.instance_profile_role(name))
        else {
            return Err(format!(
                "the instance profile {name} does not exist or has no role, so the ECS agent has no credentials to call {ACTION}"
            ));
        };
        if !self.role_trusts(&role.arn, "ec2.amazonaws.com") {
            return Err(format!(
                "role {} does not trust ec2.amazonaws.com, so the instance cannot assume it",
                role.name
            ));
        }
        match self.role_allows(&role.arn, ACTION, "*") {
            crate::iam::Decision::Allowed(_) => Ok(()),
            _ => Err(format!(
                "AccessDeniedException: role {} is not authorized to perform: {ACTION} (attach AmazonEC2ContainerServiceforEC2Role)",
                role.name
            )),
        }
    }

    /// Starts terminating an instance: shutting-down now, terminated after
    /// [`INSTANCE_SHUTDOWN`]. Its container instance is deregistered and its
    /// tasks stop.
    pub(crate) fn begin_termination(
        &mut self,
        id: &str,
        cause: TerminationCause,
    ) -> Option<InstanceState> {
        let instance = self.state.instances.get_mut(id)?;
        let previous = instance.state;
        if !instance.is_live() {
            return Some(previous);
        }
        instance.state = InstanceState::ShuttingDown;
        instance.billing_ended_at = Some(self.now);
        // The public IPv4 address goes back to Amazon's pool.
        instance.public_ip = None;
        let at = crate::base::time::iso8601(
            self.now.epoch_ms(self.config.start_epoch_ms),
            Precision::Millis,
        );
        instance.state_transition_reason = match cause {
            TerminationCause::User => format!("User initiated ({at})"),
            TerminationCause::AutoScaling => format!("Service initiated ({at})"),
        };
        self.emit(EventKind::InstanceStateChanged {
            instance_id: id.to_owned(),
            state: "shutting-down".into(),
        });
        self.host_instance_gone(id);
        self.schedule(
            INSTANCE_SHUTDOWN,
            Timer::InstanceTerminated {
                instance_id: id.to_owned(),
            },
        );
        Some(previous)
    }

    /// Timer: a shutting-down instance is terminated.
    pub(crate) fn instance_terminated(&mut self, id: &str) {
        let Some(instance) = self.state.instances.get_mut(id) else {
            return;
        };
        if instance.state != InstanceState::ShuttingDown {
            return;
        }
        instance.state = InstanceState::Terminated;
        let group = instance.auto_scaling_group.clone();
        self.emit(EventKind::InstanceStateChanged {
            instance_id: id.to_owned(),
            state: "terminated".into(),
        });
        if let Some(group) = group {
            self.asg_instance_terminated(&group, id);
        }
        self.schedule(
            TERMINATED_VISIBLE,
            Timer::ForgetInstance {
                instance_id: id.to_owned(),
            },
        );
    }

    pub(crate) fn forget_instance(&mut self, id: &str) {
        if self
            .state
            .instances
            .get(id)
            .is_some_and(|i| i.state == InstanceState::Terminated)
        {
            self.retire_instance_cost(id);
            self.state.instances.remove(id);
        }
    }

    fn instance_shape(&self, i: &InstanceRecord) -> Instance {
        Instance {
            image_id: i.image_id.clone(),
            instance_id: i.id.clone(),
            instance_type: i.instance_type.clone(),
            launch_time: self.iso8601(i.launched_at, Precision::Millis),
            placement: Placement {
                availability_zone: i.availability_zone.clone(),
                tenancy: "default",
            },
            private_ip_address: format_ipv4(i.private_ip),
            public_ip_address: i.public_ip.map(format_ipv4),
            state: state_shape(i.state),
            state_transition_reason: i.state_transition_reason.clone(),
            subnet_id: i.subnet_id.clone(),
            vpc_id: i.vpc_id.clone(),
            iam_instance_profile: i
                .iam_instance_profile
                .clone()
                .map(|arn| IamInstanceProfile { arn }),
            security_groups: i
                .security_groups
                .iter()
                .map(|g| GroupIdentifier {
                    group_id: g.clone(),
                    group_name: self
                        .state
                        .security_groups
                        .get(g)
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            tags: i
                .auto_scaling_group
                .iter()
                .map(|g| TagShape {
                    key: "aws:autoscaling:groupName".into(),
                    value: g.clone(),
                })
                .collect(),
        }
    }

    pub(crate) fn describe_instances(
        &self,
        req: DescribeInstancesRequest,
    ) -> Result<DescribeInstancesResponse, ApiError> {
        super::no_ids_with_max_results(&req.instance_ids, "InstanceIds", req.max_results)?;
        let paging = super::paging("DescribeInstances")
            .request(req.max_results, req.next_token.as_deref())?;
        check_filters(
            &req.filters,
            &[
                "instance-id",
                "instance-state-name",
                "instance-type",
                "subnet-id",
                "vpc-id",
                "availability-zone",
                "tag:aws:autoscaling:groupName",
            ],
        )?;
        for id in &req.instance_ids {
            if !self.state.instances.contains_key(id) {
                return Err(instance_not_found(id));
            }
        }
        let reservations: Vec<Reservation> = self
            .state
            .instances
            .values()
            .filter(|i| req.instance_ids.is_empty() || req.instance_ids.contains(&i.id))
            .filter(|i| filter_allows(&req.filters, "instance-id", &i.id))
            .filter(|i| filter_allows(&req.filters, "instance-state-name", i.state.name()))
            .filter(|i| filter_allows(&req.filters, "instance-type", &i.instance_type))
            .filter(|i| filter_allows(&req.filters, "subnet-id", &i.subnet_id))
            .filter(|i| filter_allows(&req.filters, "vpc-id", &i.vpc_id))
            .filter(|i| filter_allows(&req.filters, "availability-zone", &i.availability_zone))
            .filter(|i| {
                filter_allows(
                    &req.filters,
                    "tag:aws:autoscaling:groupName",
                    i.auto_scaling_group.as_deref().unwrap_or_default(),
                )
            })
            .map(|i| Reservation {
                reservation_id: format!("r-{}", i.id.trim_start_matches("i-")),
                owner_id: self.config.account_id.clone(),
                instances: vec![self.instance_shape(i)],
            })
            .collect();
        let (reservations, next_token) = paging.page(
            reservations
                .into_iter()
                .map(|x| (x.reservation_id.clone(), x)),
        );
        Ok(DescribeInstancesResponse {
            reservations,
            next_token,
        })
    }

    pub(crate) fn terminate_instances(
        &mut self,
        req: TerminateInstancesRequest,
    ) -> Result<TerminateInstancesResponse, ApiError> {
        if req.dry_run == Some(true) {
            return Err(ApiError::unsupported("TerminateInstances", "DryRun"));
        }
        if req.instance_ids.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter InstanceIds",
            ));
        }
        for id in &req.instance_ids {
            if !self.state.instances.contains_key(id) {
                return Err(instance_not_found(id));
            }
        }
        let mut out = Vec::new();
        for id in &req.instance_ids {
            let previous = self.begin_termination(id, TerminationCause::User);
            if let (Some(previous), Some(now)) =
                (previous, self.state.instances.get(id).map(|i| i.state))
            {
                out.push(InstanceStateChange {
                    current_state: state_shape(now),
                    instance_id: id.clone(),
                    previous_state: state_shape(previous),
                });
            }
            // An Auto Scaling group notices its instance is gone (EC2 health
            // check) and replaces it.
            if let Some(group) = self
                .state
                .instances
                .get(id)
                .and_then(|i| i.auto_scaling_group.clone())
            {
                self.asg_instance_lost(&group, id);
            }
        }
        Ok(TerminateInstancesResponse {
            terminating_instances: out,
        })
    }
}
