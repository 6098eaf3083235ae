//! DescribeTasks and ListTasks, and the Task shape a task record is shown
//! as (also in the RunTask, StartTask and StopTask responses).

use super::*;
use crate::base::arn::LastSegment;
use crate::base::describe::{MISSING, check_count, describe};
use crate::ecs::placement::PlacementExplanation;
use crate::error::ApiError;
use crate::sim::Sim;
use crate::state::{LaunchType, TaskRecord, TaskStatus};

impl Sim {
    pub(super) fn find_task(&self, cluster_arn: &str, identifier: &str) -> Option<String> {
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
                    && (t.arn == identifier || t.arn.last_segment() == identifier)
            })
            .map(|t| t.arn.clone())
    }

    pub(crate) fn describe_tasks(
        &self,
        req: DescribeTasksRequest,
    ) -> Result<DescribeTasksResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if !req.include.is_empty() {
            return Err(ApiError::unsupported("DescribeTasks", "include"));
        }
        check_count(req.tasks.len(), 1..=100, |_| {
            ApiError::invalid_parameter("tasks must name 1 to 100 tasks.")
        })?;
        let out = describe(
            &req.tasks,
            |identifier| {
                self.find_task(&cluster_arn, identifier)
                    .map(|arn| self.task_shape(&self.state.tasks[&arn]))
                    .ok_or(MISSING)
            },
            |identifier, reason| TaskFailure {
                arn: Some(identifier.clone()),
                reason: reason.to_owned(),
                detail: None,
            },
        );
        Ok(DescribeTasksResponse {
            tasks: out.found,
            failures: out.failures,
        })
    }

    pub(crate) fn list_tasks(&self, req: ListTasksRequest) -> Result<ListTasksResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        // A service's tasks are the tasks of its group (`service:<name>`);
        // stopped ones stay listed with desiredStatus STOPPED.
        let group = match req.service_name.as_deref() {
            None => None,
            Some(name) => {
                let arn = self.find_service(&cluster_arn, name).ok_or_else(|| {
                    ApiError::new(
                        crate::ErrorCode::ServiceNotFoundException,
                        "Service not found.",
                    )
                })?;
                Some(format!("service:{}", self.state.services[&arn].detail.name))
            }
        };
        let page =
            crate::ecs::paging("ListTasks").request(req.max_results, req.next_token.as_deref())?;
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
            .filter(|t| group.as_ref().is_none_or(|g| &t.group == g))
            .filter(|t| {
                req.family.as_ref().is_none_or(|f| {
                    t.life.task_definition_arn.last_segment().split(':').next() == Some(f.as_str())
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
            id: crate::base::id::trim_prefix(eni, "eni-").to_owned(),
            r#type: "ElasticNetworkInterface",
            status: match l.last_status {
                "PROVISIONING" => "PRECREATED",
                "DEPROVISIONING" => "DETACHING",
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
                        .map(crate::base::ipv4::format_ipv4)
                        .unwrap_or_default(),
                },
            ],
        })
    }

    /// The ARN of the task's container `index`.
    pub(crate) fn container_arn(&self, t: &TaskRecord, index: usize) -> String {
        let task_id = t.arn.last_segment();
        let cluster = t.cluster_arn.last_segment();
        // The index as 8 hex digits, on the stack (as `push_hex` writes them).
        let mut digits = [b'0'; 8];
        for (i, d) in digits.iter_mut().rev().enumerate() {
            *d = b"0123456789abcdef"[(index >> (i * 4)) & 0xf];
        }
        let index_hex = std::str::from_utf8(&digits).unwrap_or_default();
        self.arns.arn_of(
            "ecs",
            &[
                "container/",
                cluster,
                "/",
                task_id,
                "/",
                index_hex,
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
                        .map_or(crate::ecs::health::HealthStatus::Unknown, |h| h.status)
                        .as_str(),
                    essential: c.essential,
                })
                .collect(),
            cpu: t.cpu.to_string(),
            created_at: self.epoch(l.created_at),
            desired_status: l.desired_status,
            group: t.group.clone(),
            health_status: crate::ecs::health::task_health(t)
                .unwrap_or(crate::ecs::health::HealthStatus::Unknown)
                .as_str(),
            last_status: l.last_status,
            launch_type: t.launch_type.as_str(),
            memory: t.memory.to_string(),
            overrides: l.overrides.clone(),
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
