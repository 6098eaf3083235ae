//! The Auto Scaling group actions on [`Sim`]: CreateAutoScalingGroup,
//! UpdateAutoScalingGroup, SetDesiredCapacity, DescribeAutoScalingGroups,
//! DeleteAutoScalingGroup, TerminateInstanceInAutoScalingGroup,
//! DescribeScalingActivities; their checks and shapes.

use super::*;
use crate::base::time::Precision;
use crate::ec2::instance::{InstanceState, TerminationCause};
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::Sim;

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationError, message)
}

fn size(name: &str, n: i64) -> Result<u32, ApiError> {
    u32::try_from(n).map_err(|_| {
        validation(format!(
            "{name} must be a non-negative integer; {n} was given."
        ))
    })
}

/// DefaultInstanceWarmup as given: 0 to [`MAX_WARMUP_SECONDS`]; on an
/// update, -1 removes it (`Some(None)`).
fn default_warmup(n: Option<i64>, update: bool) -> Result<Option<Option<u32>>, ApiError> {
    match n {
        None => Ok(None),
        Some(-1) if update => Ok(Some(None)),
        Some(v) if (0..=MAX_WARMUP_SECONDS).contains(&v) => Ok(Some(Some(v as u32))),
        Some(v) => Err(validation(format!(
            "DefaultInstanceWarmup must be between 0 and {MAX_WARMUP_SECONDS} seconds{}; {v} was given.",
            if update { " (or -1 to remove it)" } else { "" }
        ))),
    }
}

fn group_not_found(name: &str) -> ApiError {
    validation(format!(
        "AutoScalingGroup name not found - AutoScalingGroup {name} not found"
    ))
}

/// What made the desired capacity change, for activity causes.
fn capacity_cause(at: &str, what: &str, from: u32, to: u32) -> String {
    format!("At {at} {what} changing the desired capacity from {from} to {to}.")
}

impl Sim {
    pub(super) fn at(&self) -> String {
        // Activity causes print times to the second, as AWS does.
        self.iso8601(self.now, Precision::Seconds)
    }

    fn asg_arn(&mut self, name: &str) -> String {
        let uuid = self.new_uuid();
        self.arns.arn(
            "autoscaling",
            &format!("autoScalingGroup:{uuid}:autoScalingGroupName/{name}"),
        )
    }

    pub(super) fn new_activity_id(&mut self) -> String {
        self.new_uuid()
    }

    fn resolve_template(
        &self,
        spec: &LaunchTemplateSpecification,
    ) -> Result<(String, String), ApiError> {
        if spec.launch_template_id.is_some() == spec.launch_template_name.is_some() {
            return Err(validation(
                "You must specify either LaunchTemplateId or LaunchTemplateName.",
            ));
        }
        let template = self
            .find_launch_template(spec.launch_template_id.as_deref(), spec.launch_template_name.as_deref())
            .map_err(|_| {
                validation(format!(
                    "You must use a valid fully-formed launch template. The specified launch template, with template {} {}, does not exist.",
                    if spec.launch_template_id.is_some() { "ID" } else { "name" },
                    spec.launch_template_id.clone().or_else(|| spec.launch_template_name.clone()).unwrap_or_default()
                ))
            })?;
        let version = spec.version.clone().unwrap_or_else(|| "$Default".into());
        if !["$Latest", "$Default", "1"].contains(&version.as_str()) {
            return Err(validation(format!(
                "You must use a valid fully-formed launch template. The specified launch template, with template ID {}, version {version}, does not exist (the simulator keeps one version per template).",
                template.id
            )));
        }
        if template.data.instance_type.is_none() || template.data.image_id.is_none() {
            return Err(validation(format!(
                "You must use a valid fully-formed launch template. The launch template {} needs an ImageId and an InstanceType.",
                template.name
            )));
        }
        Ok((template.id.clone(), version))
    }

    fn parse_subnets(&self, text: &str) -> Result<Vec<String>, ApiError> {
        let subnets: Vec<String> = text
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if subnets.is_empty() {
            return Err(validation(
                "At least one Availability Zone or VPC Subnet is required.",
            ));
        }
        let mut vpc = None;
        for s in &subnets {
            let Some(record) = self.state.subnets.get(s) else {
                return Err(validation(format!("The subnet ID '{s}' does not exist")));
            };
            if vpc.is_some_and(|v: &String| v != &record.vpc_id) {
                return Err(validation(
                    "The subnets of an Auto Scaling group must all be in the same VPC.",
                ));
            }
            vpc = Some(&record.vpc_id);
        }
        Ok(subnets)
    }

    fn check_bounds(min: u32, max: u32, desired: u32) -> Result<(), ApiError> {
        if max > MAX_GROUP_SIZE {
            return Err(validation(format!(
                "MaxSize {max} is above the simulator's limit of {MAX_GROUP_SIZE} instances per group."
            )));
        }
        if min > max {
            return Err(validation(format!(
                "Max bound, {max}, must be greater than or equal to min bound, {min}"
            )));
        }
        if desired < min || desired > max {
            return Err(validation(format!(
                "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
            )));
        }
        Ok(())
    }

    pub(crate) fn create_auto_scaling_group(
        &mut self,
        req: CreateAutoScalingGroupRequest,
    ) -> Result<CreateAutoScalingGroupResponse, ApiError> {
        const OP: &str = "CreateAutoScalingGroup";
        let name = req.auto_scaling_group_name.clone();
        if name.is_empty() || name.len() > 255 {
            return Err(validation(
                "AutoScalingGroupName must be 1 to 255 characters long.",
            ));
        }
        if req.launch_configuration_name.is_some() {
            return Err(ApiError::unsupported(
                OP,
                "LaunchConfigurationName (launch configurations are deprecated; use a launch template)",
            ));
        }
        for (given, what) in [
            (req.mixed_instances_policy.is_some(), "MixedInstancesPolicy"),
            (req.instance_id.is_some(), "InstanceId"),
            (
                req.target_group_arns
                    .as_ref()
                    .is_some_and(|t| !t.is_empty()),
                "TargetGroupARNs",
            ),
            (req.tags.is_some(), "Tags"),
            (req.capacity_rebalance == Some(true), "CapacityRebalance"),
            (
                req.health_check_type.as_deref().is_some_and(|t| t != "EC2"),
                "HealthCheckType other than EC2",
            ),
            (req.default_cooldown.is_some(), "DefaultCooldown"),
            (
                req.health_check_grace_period.is_some(),
                "HealthCheckGracePeriod",
            ),
        ] {
            if given {
                return Err(ApiError::unsupported(OP, what));
            }
        }
        if self.state.auto_scaling_groups.contains_key(&name) {
            return Err(ApiError::new(
                ErrorCode::AlreadyExists,
                format!(
                    "AutoScalingGroup by this name already exists - A group with the name {name} already exists"
                ),
            ));
        }
        let Some(spec) = &req.launch_template else {
            return Err(validation(
                "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.",
            ));
        };
        let (template_id, version) = self.resolve_template(spec)?;
        let min = size("MinSize", req.min_size)?;
        let max = size("MaxSize", req.max_size)?;
        let desired = match req.desired_capacity {
            Some(d) => size("DesiredCapacity", d)?,
            None => min,
        };
        Self::check_bounds(min, max, desired)?;
        let subnets = match (&req.vpc_zone_identifier, &req.availability_zones) {
            (Some(text), _) => self.parse_subnets(text)?,
            (None, Some(zones)) if !zones.is_empty() => {
                // Zones only: the default subnet of each zone in the default VPC.
                let vpc = self.default_vpc_id().unwrap_or_default();
                let mut out = Vec::new();
                for z in zones {
                    let Some(s) =
                        self.state.subnets.values().find(|s| {
                            s.vpc_id == vpc && &s.availability_zone == z && s.default_for_az
                        })
                    else {
                        return Err(validation(format!(
                            "The availability zone {z} is not legally formatted or has no default subnet"
                        )));
                    };
                    out.push(s.id.clone());
                }
                out
            }
            _ => {
                return Err(validation(
                    "At least one Availability Zone or VPC Subnet is required.",
                ));
            }
        };
        let default_instance_warmup = default_warmup(req.default_instance_warmup, false)?.flatten();
        let arn = self.asg_arn(&name);
        self.state.auto_scaling_groups.insert(
            name.clone(),
            AutoScalingGroupRecord {
                name: name.clone(),
                arn,
                launch_template_id: template_id,
                launch_template_version: version,
                min_size: min,
                max_size: max,
                desired_capacity: desired,
                subnets,
                created_at: self.now,
                deleting: false,
                activities: Vec::new(),
                new_instances_protected_from_scale_in: req
                    .new_instances_protected_from_scale_in
                    .unwrap_or(false),
                default_instance_warmup,
                policy_warmup: None,
                warm_until: std::collections::BTreeMap::new(),
            },
        );
        let cause = capacity_cause(
            &self.at(),
            "a user request created an AutoScalingGroup",
            0,
            desired,
        );
        self.reconcile_group(&name, &cause);
        Ok(CreateAutoScalingGroupResponse {})
    }

    pub(crate) fn update_auto_scaling_group(
        &mut self,
        req: UpdateAutoScalingGroupRequest,
    ) -> Result<UpdateAutoScalingGroupResponse, ApiError> {
        const OP: &str = "UpdateAutoScalingGroup";
        for (given, what) in [
            (req.default_cooldown.is_some(), "DefaultCooldown"),
            (
                req.health_check_type.as_deref().is_some_and(|t| t != "EC2"),
                "HealthCheckType other than EC2",
            ),
            (
                req.health_check_grace_period.is_some(),
                "HealthCheckGracePeriod",
            ),
        ] {
            if given {
                return Err(ApiError::unsupported(OP, what));
            }
        }
        let name = req.auto_scaling_group_name.clone();
        let Some(group) = self.state.auto_scaling_groups.get(&name).cloned() else {
            return Err(group_not_found(&name));
        };
        if group.deleting {
            return Err(ApiError::new(
                ErrorCode::ScalingActivityInProgress,
                "The group is being deleted.",
            ));
        }
        let template = match &req.launch_template {
            Some(spec) => Some(self.resolve_template(spec)?),
            None => None,
        };
        let subnets = match &req.vpc_zone_identifier {
            Some(text) => Some(self.parse_subnets(text)?),
            None => None,
        };
        let min = req
            .min_size
            .map(|n| size("MinSize", n))
            .transpose()?
            .unwrap_or(group.min_size);
        let max = req
            .max_size
            .map(|n| size("MaxSize", n))
            .transpose()?
            .unwrap_or(group.max_size);
        // A new MinSize above the desired capacity raises it; a new MaxSize
        // below lowers it (ASUG, UpdateAutoScalingGroup).
        let desired = match req.desired_capacity {
            Some(d) => size("DesiredCapacity", d)?,
            None => group.desired_capacity.clamp(min.min(max), max),
        };
        Self::check_bounds(min, max, desired)?;
        let warmup = default_warmup(req.default_instance_warmup, true)?;
        if let Some(g) = self.state.auto_scaling_groups.get_mut(&name) {
            if let Some(w) = warmup {
                g.default_instance_warmup = w;
            }
            g.min_size = min;
            g.max_size = max;
            g.desired_capacity = desired;
            if let Some((id, version)) = template {
                g.launch_template_id = id;
                g.launch_template_version = version;
            }
            if let Some(s) = subnets {
                g.subnets = s;
            }
            // Applies to instances launched from now on (ASUG).
            if let Some(p) = req.new_instances_protected_from_scale_in {
                g.new_instances_protected_from_scale_in = p;
            }
        }
        let cause = capacity_cause(
            &self.at(),
            &format!(
                "a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired}"
            ),
            group.desired_capacity,
            desired,
        );
        self.reconcile_group(&name, &cause);
        Ok(UpdateAutoScalingGroupResponse {})
    }

    pub(crate) fn set_desired_capacity(
        &mut self,
        req: SetDesiredCapacityRequest,
    ) -> Result<SetDesiredCapacityResponse, ApiError> {
        if req.honor_cooldown == Some(true) {
            return Err(ApiError::unsupported("SetDesiredCapacity", "HonorCooldown"));
        }
        let name = req.auto_scaling_group_name;
        let Some(group) = self.state.auto_scaling_groups.get(&name).cloned() else {
            return Err(group_not_found(&name));
        };
        let desired = size("DesiredCapacity", req.desired_capacity)?;
        if desired > group.max_size {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is above max value {} for the AutoScalingGroup.",
                group.max_size
            )));
        }
        if desired < group.min_size {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is below min value {} for the AutoScalingGroup.",
                group.min_size
            )));
        }
        if let Some(g) = self.state.auto_scaling_groups.get_mut(&name) {
            g.desired_capacity = desired;
        }
        let cause = capacity_cause(
            &self.at(),
            "a user request explicitly set group desired capacity",
            group.desired_capacity,
            desired,
        );
        self.reconcile_group(&name, &cause);
        Ok(SetDesiredCapacityResponse {})
    }

    fn asg_shape(&self, g: &AutoScalingGroupRecord) -> AutoScalingGroup {
        let template_name = self
            .state
            .launch_templates
            .get(&g.launch_template_id)
            .map(|t| t.name.clone());
        let spec = LaunchTemplateSpecification {
            launch_template_id: Some(g.launch_template_id.clone()),
            launch_template_name: template_name,
            version: Some(g.launch_template_version.clone()),
        };
        let mut zones: Vec<String> = g
            .subnets
            .iter()
            .filter_map(|s| {
                self.state
                    .subnets
                    .get(s)
                    .map(|s| s.availability_zone.clone())
            })
            .collect();
        zones.sort();
        zones.dedup();
        AutoScalingGroup {
            auto_scaling_group_name: g.name.clone(),
            auto_scaling_group_arn: g.arn.clone(),
            launch_template: spec.clone(),
            min_size: g.min_size,
            max_size: g.max_size,
            desired_capacity: g.desired_capacity,
            default_cooldown: DEFAULT_COOLDOWN_SECONDS,
            availability_zones: zones,
            load_balancer_names: Vec::new(),
            target_group_arns: Vec::new(),
            health_check_type: "EC2",
            health_check_grace_period: 0,
            instances: self
                .state
                .instances
                .values()
                .filter(|i| {
                    i.auto_scaling_group.as_deref() == Some(g.name.as_str())
                        && i.state != InstanceState::Terminated
                })
                .map(|i| GroupInstance {
                    instance_id: i.id.clone(),
                    instance_type: i.instance_type.clone(),
                    availability_zone: i.availability_zone.clone(),
                    lifecycle_state: match i.state {
                        InstanceState::Pending => "Pending",
                        InstanceState::Running => "InService",
                        InstanceState::ShuttingDown | InstanceState::Terminated => "Terminating",
                    },
                    health_status: if i.is_live() { "Healthy" } else { "Unhealthy" },
                    launch_template: spec.clone(),
                    protected_from_scale_in: i.protected_from_scale_in,
                })
                .collect(),
            created_time: self.iso8601(g.created_at, Precision::Millis),
            suspended_processes: Vec::new(),
            vpc_zone_identifier: g.subnets.join(","),
            enabled_metrics: Vec::new(),
            status: g.deleting.then_some("Delete in progress"),
            tags: Vec::new(),
            termination_policies: vec!["Default"],
            new_instances_protected_from_scale_in: g.new_instances_protected_from_scale_in,
            default_instance_warmup: g.default_instance_warmup,
        }
    }

    pub(crate) fn describe_auto_scaling_groups(
        &self,
        req: DescribeAutoScalingGroupsRequest,
    ) -> Result<DescribeAutoScalingGroupsResponse, ApiError> {
        if req.filters.is_some() {
            return Err(ApiError::unsupported(
                "DescribeAutoScalingGroups",
                "Filters",
            ));
        }
        let paging = crate::autoscaling::paging("DescribeAutoScalingGroups", 50)
            .request(req.max_records, req.next_token.as_deref())?;
        let groups = self
            .state
            .auto_scaling_groups
            .values()
            .filter(|g| {
                req.auto_scaling_group_names.is_empty()
                    || req.auto_scaling_group_names.contains(&g.name)
            })
            .map(|g| (g.name.clone(), self.asg_shape(g)));
        let (auto_scaling_groups, next_token) = paging.page(groups);
        Ok(DescribeAutoScalingGroupsResponse {
            auto_scaling_groups,
            next_token,
        })
    }

    pub(crate) fn delete_auto_scaling_group(
        &mut self,
        req: DeleteAutoScalingGroupRequest,
    ) -> Result<DeleteAutoScalingGroupResponse, ApiError> {
        let name = req.auto_scaling_group_name;
        let Some(group) = self.state.auto_scaling_groups.get(&name).cloned() else {
            return Err(group_not_found(&name));
        };
        let force = req.force_delete == Some(true);
        let members: Vec<_> = self
            .state
            .instances
            .values()
            .filter(|i| {
                i.auto_scaling_group.as_deref() == Some(name.as_str())
                    && i.state != InstanceState::Terminated
            })
            .map(|i| i.id.clone())
            .collect();
        if !force {
            if group.deleting || group.activities.iter().any(|a| a.end_time.is_none()) {
                return Err(ApiError::new(
                    ErrorCode::ScalingActivityInProgress,
                    "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.",
                ));
            }
            if !members.is_empty() {
                return Err(ApiError::new(
                    ErrorCode::ResourceInUse,
                    "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.",
                ));
            }
        }
        if members.is_empty() {
            self.state.auto_scaling_groups.remove(&name);
            self.policies_of_deleted_group(&name);
            self.emit(EventKind::AutoScalingGroupDeleted { group: name });
            return Ok(DeleteAutoScalingGroupResponse {});
        }
        if let Some(g) = self.state.auto_scaling_groups.get_mut(&name) {
            g.deleting = true;
        }
        let cause = format!(
            "At {} a user request deleted the AutoScalingGroup with ForceDelete.",
            self.at()
        );
        self.reconcile_group(&name, &cause);
        Ok(DeleteAutoScalingGroupResponse {})
    }

    /// SetInstanceProtection: protect instances of a group from scale-in
    /// (or lift it). Every instance must be one of the group's; AWS checks
    /// them all before changing any.
    pub(crate) fn set_instance_protection(
        &mut self,
        req: SetInstanceProtectionRequest,
    ) -> Result<SetInstanceProtectionResponse, ApiError> {
        let name = req.auto_scaling_group_name.clone();
        if !self.state.auto_scaling_groups.contains_key(&name) {
            return Err(group_not_found(&name));
        }
        if req.instance_ids.is_empty() || req.instance_ids.len() > 50 {
            return Err(validation("InstanceIds must list 1 to 50 instance IDs."));
        }
        for id in &req.instance_ids {
            let member = self.state.instances.get(id).is_some_and(|i| {
                i.auto_scaling_group.as_deref() == Some(name.as_str()) && i.is_live()
            });
            if !member {
                // AWS's text (ASUG troubleshooting, SetInstanceProtection).
                return Err(validation(format!(
                    "The instance {id} is not part of Auto Scaling group {name}."
                )));
            }
        }
        for id in &req.instance_ids {
            if let Some(i) = self.state.instances.get_mut(id) {
                i.protected_from_scale_in = req.protected_from_scale_in;
            }
        }
        // A scale-in that waited for unprotected instances may go on.
        if !req.protected_from_scale_in {
            let cause = format!(
                "At {} a user request removed scale-in protection from instances.",
                self.at()
            );
            self.reconcile_group(&name, &cause);
        }
        Ok(SetInstanceProtectionResponse {})
    }

    pub(crate) fn terminate_instance_in_auto_scaling_group(
        &mut self,
        req: TerminateInstanceInAutoScalingGroupRequest,
    ) -> Result<TerminateInstanceInAutoScalingGroupResponse, ApiError> {
        let id = req.instance_id;
        let Some(instance) = self.state.instances.get(&id).filter(|i| i.is_live()) else {
            return Err(validation(format!(
                "Instance Id not found - No managed instance found for instance ID: {id}"
            )));
        };
        let Some(name) = instance.auto_scaling_group.clone() else {
            return Err(validation(format!(
                "Instance Id not found - No managed instance found for instance ID: {id}"
            )));
        };
        let Some(group) = self.state.auto_scaling_groups.get(&name).cloned() else {
            return Err(group_not_found(&name));
        };
        let at = self.at();
        let live = self.live_group_instances(&name).len() as u32;
        let (cause, new_desired) = if req.should_decrement_desired_capacity {
            if group.desired_capacity <= group.min_size {
                return Err(validation(format!(
                    "Currently, desiredSize equals minSize ({}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.",
                    group.min_size
                )));
            }
            (
                format!(
                    "At {at} instance {id} was taken out of service in response to a user request, shrinking the capacity from {} to {}.",
                    group.desired_capacity,
                    group.desired_capacity - 1
                ),
                group.desired_capacity - 1,
            )
        } else {
            (
                format!(
                    "At {at} instance {id} was taken out of service in response to a user request."
                ),
                group.desired_capacity,
            )
        };
        let _ = live;
        if let Some(g) = self.state.auto_scaling_groups.get_mut(&name) {
            g.desired_capacity = new_desired;
        }
        let activity_id = self.new_activity_id();
        let record = ActivityRecord {
            id: activity_id,
            description: format!("Terminating EC2 instance: {id}"),
            cause,
            start_time: self.now,
            end_time: None,
            status_code: "InProgress",
            instance_id: id.clone(),
        };
        let activity = self.activity_shape(&name, &record);
        self.add_activity(&name, record);
        self.begin_termination(&id, TerminationCause::AutoScaling);
        let trigger =
            format!("At {at} an instance was taken out of service in response to a user request.");
        self.reconcile_group(&name, &trigger);
        Ok(TerminateInstanceInAutoScalingGroupResponse { activity })
    }

    fn activity_shape(&self, group: &str, a: &ActivityRecord) -> Activity {
        Activity {
            activity_id: a.id.clone(),
            auto_scaling_group_name: group.to_owned(),
            description: a.description.clone(),
            cause: a.cause.clone(),
            start_time: self.iso8601(a.start_time, Precision::Millis),
            end_time: a.end_time.map(|t| self.iso8601(t, Precision::Millis)),
            status_code: a.status_code,
            progress: if a.end_time.is_some() { 100 } else { 50 },
        }
    }

    pub(crate) fn describe_scaling_activities(
        &self,
        req: DescribeScalingActivitiesRequest,
    ) -> Result<DescribeScalingActivitiesResponse, ApiError> {
        let paging = crate::autoscaling::paging("DescribeScalingActivities", 100)
            .request(req.max_records, req.next_token.as_deref())?;
        // Newest first; ties in group-name order, then newest first within
        // the group: the page key encodes that order.
        let mut activities: Vec<(String, Activity)> = Vec::new();
        for g in self.state.auto_scaling_groups.values() {
            if req
                .auto_scaling_group_name
                .as_ref()
                .is_some_and(|n| n != &g.name)
            {
                continue;
            }
            for (index, a) in g.activities.iter().enumerate().rev() {
                if req.activity_ids.is_empty() || req.activity_ids.contains(&a.id) {
                    let key = format!(
                        "{:020}/{}/{:010}",
                        u64::MAX - a.start_time.0,
                        g.name,
                        u32::MAX as usize - index
                    );
                    activities.push((key, self.activity_shape(&g.name, a)));
                }
            }
        }
        let (activities, next_token) = paging.page(activities);
        Ok(DescribeScalingActivitiesResponse {
            activities,
            next_token,
        })
    }
}
