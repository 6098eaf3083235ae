//! ECS services (REPLICA scheduling, the part of F6 the simulator models so
//! far): CreateService, DescribeServices, ListServices, UpdateService
//! (desiredCount), DeleteService. The service scheduler keeps `desiredCount`
//! tasks RUNNING or PENDING: it starts missing ones (startedBy
//! `ecs-svc/<id>`, group `service:<name>`, F6.1; default placement spread
//! over `attribute:ecs.availability-zone`, F5.4) and stops extra ones
//! (stopCode ServiceSchedulerInitiated, F1.8). Tasks that stop before
//! RUNNING make it back off: retries after 0 s, 30 s, 1, 2, 4, 8, 15 min
//! (MODEL, F6.6). Events use AWS's wording (F6.5). Deployments (a new task
//! definition or forceNewDeployment: rolling updates bounded by
//! minimumHealthyPercent/maximumPercent, the circuit breaker) are in
//! `deployment.rs`. DAEMON services (schedulingStrategy DAEMON, F5.7: one
//! task per container instance, desiredCount computed) share this module's
//! API and events; their scheduler is `daemon.rs`. healthCheckGracePeriodSeconds
//! (F6.4) is kept here and applied by the health checks (`health.rs`).

use super::capacity_provider::{Capacity, CapacityProviderStrategyItem};
use super::deployment::{
    Deployment, DeploymentConfiguration, DeploymentRecord, DeploymentSettings, RolloutState,
};
use super::placement::{PlacementConstraint, PlacementStrategy};
use super::run_task::{NetworkConfiguration, RunTaskRequest};
use crate::config::LastSegment;
use crate::ec2::unsupported;
use crate::error::{ApiError, ErrorCode};
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, ServiceRecord, ServiceStatus, TaskStatus};
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// MODEL (section 13, F6.6): retry delays after consecutive tasks that
/// stopped before RUNNING; the last one (15 min, OFFICIAL cap) repeats.
pub const THROTTLE_DELAYS: [SimDuration; 7] = [
    SimDuration::seconds(0),
    SimDuration::seconds(30),
    SimDuration::minutes(1),
    SimDuration::minutes(2),
    SimDuration::minutes(4),
    SimDuration::minutes(8),
    SimDuration::minutes(15),
];
/// MODEL: the simulator's limit on desiredCount (AWS: 5,000 tasks per
/// service, F6.7 [3P]), to keep the sandbox responsive (Fargate tasks each
/// take an address of their subnet).
pub const MAX_DESIRED_COUNT: u32 = 200;
/// F6.5: duplicate event messages are suppressed for 6 hours.
pub const SUPPRESS_DUPLICATES: SimDuration = SimDuration::hours(6);
/// F6.5: the API returns at most 100 events.
pub const MAX_EVENTS: usize = 100;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceDetail {
    pub name: String,
    pub task_definition_arn: String,
    pub desired_count: u32,
    pub network_configuration: Option<NetworkConfiguration>,
    pub placement_strategy: Vec<PlacementStrategy>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub created_at: SimTime,
    pub deployment_id: String,
    /// Newest first: (time, id, message).
    pub events: Vec<(SimTime, String, String)>,
    /// Consecutive tasks that stopped before RUNNING (F6.6).
    pub failures_in_a_row: usize,
    /// A reconcile is scheduled (throttled).
    pub retry_pending: bool,
    /// PRIMARY first, then ACTIVE ones (F6.2).
    pub deployments: Vec<DeploymentRecord>,
    pub deployment_configuration: DeploymentSettings,
    /// The last COMPLETED deployment (id, task definition): where a
    /// circuit-breaker rollback returns to (F6.3).
    pub last_completed: Option<(String, String)>,
    /// REPLICA or DAEMON (F5.7). A DAEMON service's `desired_count` is
    /// computed by its scheduler: the ACTIVE instances it should run on.
    pub scheduling_strategy: SchedulingStrategy,
    /// F6.4: seconds after a task reached RUNNING during which the
    /// scheduler ignores its health-check status. `None` when the request
    /// did not give it (same as 0, F6.4 default; MODEL: DescribeServices
    /// shows the member only when it was given).
    pub health_check_grace_period_seconds: Option<u32>,
    /// F9.6: the capacity provider strategy (given, or the cluster's
    /// default copied at creation); empty for a launch-type service.
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

/// F5.7: how a service schedules its tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SchedulingStrategy {
    /// `desiredCount` tasks placed by the placement strategies (F6).
    #[default]
    Replica,
    /// One task per ACTIVE container instance that meets the placement
    /// constraints (F5.7, engine/src/ecs/daemon.rs).
    Daemon,
}

impl SchedulingStrategy {
    pub fn as_str(self) -> &'static str {
        match self {
            SchedulingStrategy::Replica => "REPLICA",
            SchedulingStrategy::Daemon => "DAEMON",
        }
    }
}

/// F6.4: healthCheckGracePeriodSeconds is 0 to 2,147,483,647 seconds.
fn grace_period(n: i64) -> Result<u32, ApiError> {
    u32::try_from(n)
        .ok()
        .filter(|n| i32::try_from(*n).is_ok())
        .ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "healthCheckGracePeriodSeconds must be between 0 and 2147483647; {n} was given."
            ))
        })
}

/// F5.7 [3P, captured InvalidParameterException]: a DAEMON service takes no
/// desiredCount (CreateService or UpdateService).
pub const DAEMON_DESIRED_COUNT: &str = "The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again";
/// F5.7 [3P, captured InvalidParameterException]: nor placement strategies.
pub const DAEMON_PLACEMENT_STRATEGY: &str = "The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try again";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateServiceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub service_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancers: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_controller: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_registries: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: f64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_arn: String,
    pub service_name: String,
    pub cluster_arn: String,
    pub status: &'static str,
    pub desired_count: u32,
    pub running_count: u32,
    pub pending_count: u32,
    /// Absent for a service that uses a capacity provider strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub task_definition: String,
    pub deployment_configuration: DeploymentSettings,
    pub deployments: Vec<Deployment>,
    pub events: Vec<ServiceEvent>,
    pub created_at: f64,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<u32>,
    pub scheduling_strategy: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateServiceResponse {
    pub service: Service,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeServicesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DescribeServicesResponse {
    pub services: Vec<Service>,
    pub failures: Vec<super::cluster::Failure>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListServicesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListServicesResponse {
    pub service_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateServiceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_new_deployment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_configuration: Option<DeploymentConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<i64>,
    pub capacity_provider_strategy: Option<Vec<CapacityProviderStrategyItem>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateServiceResponse {
    pub service: Service,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteServiceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeleteServiceResponse {
    pub service: Service,
}

fn desired_count(n: i64) -> Result<u32, ApiError> {
    match u32::try_from(n) {
        Ok(d) if d <= MAX_DESIRED_COUNT => Ok(d),
        Ok(d) => Err(ApiError::invalid_parameter(format!(
            "desiredCount {d} is above the simulator's limit of {MAX_DESIRED_COUNT} tasks per service."
        ))),
        Err(_) => Err(ApiError::invalid_parameter(
            "desiredCount must be 0 or more.",
        )),
    }
}

fn service_not_found() -> ApiError {
    ApiError::new(ErrorCode::ServiceNotFoundException, "Service not found.")
}

impl Sim {
    /// The ARN of service `name` in the cluster `cluster_arn`.
    pub(crate) fn service_arn(&self, cluster_arn: &str, name: &str) -> String {
        let cluster = cluster_arn.last_segment();
        self.arns.arn_of("ecs", &["service/", cluster, "/", name])
    }

    fn find_service(&self, cluster_arn: &str, identifier: &str) -> Option<String> {
        let arn = if identifier.starts_with("arn:") {
            identifier.to_owned()
        } else {
            self.service_arn(cluster_arn, identifier)
        };
        self.state
            .services
            .get(&arn)
            .filter(|s| s.cluster_arn == cluster_arn)
            .map(|s| s.arn.clone())
    }

    /// The service's RUNNING and PENDING task counts (desiredStatus
    /// RUNNING).
    fn service_tasks(&self, arn: &str) -> (u32, u32) {
        let Some(s) = self.state.services.get(arn) else {
            return (0, 0);
        };
        let group = format!("service:{}", s.detail.name);
        let mut running = 0;
        let mut pending = 0;
        for t in self.state.tasks_in_group(&group) {
            // Cheapest test first (the status is an enum; stopped records
            // are kept for an hour, F1.6).
            if !matches!(t.status, TaskStatus::Running | TaskStatus::Pending)
                || t.cluster_arn != s.cluster_arn
                || t.life.desired_status != "RUNNING"
                || !s.detail.owns(t)
            {
                continue;
            }
            match t.status {
                TaskStatus::Running => running += 1,
                TaskStatus::Pending => pending += 1,
                _ => continue,
            }
        }
        (running, pending)
    }

    fn service_shape(&self, s: &ServiceRecord) -> Service {
        let (running, pending) = self.service_tasks(&s.arn);
        Service {
            service_arn: s.arn.clone(),
            service_name: s.detail.name.clone(),
            cluster_arn: s.cluster_arn.clone(),
            status: match s.status {
                ServiceStatus::Active => "ACTIVE",
                ServiceStatus::Draining => "DRAINING",
                ServiceStatus::Inactive => "INACTIVE",
            },
            desired_count: s.detail.desired_count,
            running_count: running,
            pending_count: pending,
            launch_type: s.detail.capacity_provider_strategy.is_empty().then_some(
                if s.launch_type == LaunchType::Fargate {
                    "FARGATE"
                } else {
                    "EC2"
                },
            ),
            capacity_provider_strategy: s.detail.capacity_provider_strategy.clone(),
            task_definition: s.detail.task_definition_arn.clone(),
            deployment_configuration: s.detail.deployment_configuration,
            deployments: self.deployment_shapes(&s.arn),
            events: s
                .detail
                .events
                .iter()
                .take(MAX_EVENTS)
                .map(|(t, id, m)| ServiceEvent {
                    id: id.clone(),
                    created_at: self.epoch(*t),
                    message: m.clone(),
                })
                .collect(),
            created_at: self.epoch(s.detail.created_at),
            placement_constraints: s.detail.placement_constraints.clone(),
            placement_strategy: s.detail.placement_strategy.clone(),
            network_configuration: s.detail.network_configuration.clone(),
            health_check_grace_period_seconds: s.detail.health_check_grace_period_seconds,
            scheduling_strategy: s.detail.scheduling_strategy.as_str(),
        }
    }

    /// A service event from another module (health checks, F6.5).
    pub(crate) fn add_service_event(&mut self, arn: &str, message: String) {
        self.service_event(arn, message);
    }

    pub(crate) fn service_event(&mut self, arn: &str, message: String) {
        self.service_event_with(arn, message, true);
    }

    pub(crate) fn service_event_with(&mut self, arn: &str, message: String, suppress: bool) {
        // F6.5: a duplicate message is suppressed for 6 hours.
        let now = self.now;
        let duplicate = suppress
            && self.state.services.get(arn).is_some_and(|s| {
                s.detail
                    .events
                    .iter()
                    .any(|(t, _, m)| m == &message && now.since(*t) < SUPPRESS_DUPLICATES)
            });
        if duplicate {
            return;
        }
        let id = self.new_uuid();
        let now = self.now;
        if let Some(s) = self.state.services.get_mut(arn) {
            s.detail.events.insert(0, (now, id, message));
            s.detail.events.truncate(MAX_EVENTS);
        }
    }

    pub(crate) fn create_service(
        &mut self,
        req: CreateServiceRequest,
    ) -> Result<CreateServiceResponse, ApiError> {
        const OP: &str = "CreateService";
        let scheduling = match req.scheduling_strategy.as_deref() {
            None | Some("REPLICA") => SchedulingStrategy::Replica,
            Some("DAEMON") => SchedulingStrategy::Daemon,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "schedulingStrategy must be REPLICA or DAEMON; '{other}' was given."
                )));
            }
        };
        if scheduling == SchedulingStrategy::Daemon {
            // F5.7: not on Fargate, not with CODE_DEPLOY/EXTERNAL controllers
            // (the message is the API reference's sentence: MODEL wording).
            let controller = req
                .deployment_controller
                .as_ref()
                .and_then(|v| v.get("type"))
                .and_then(Value::as_str)
                .is_some_and(|t| t != "ECS");
            if req.launch_type.as_deref() == Some("FARGATE") || controller {
                return Err(ApiError::invalid_parameter(
                    "Tasks using the Fargate launch type or the CODE_DEPLOY or EXTERNAL deployment controller types don't support the DAEMON scheduling strategy.",
                ));
            }
            if req.desired_count.is_some() {
                return Err(ApiError::invalid_parameter(DAEMON_DESIRED_COUNT));
            }
            if !req.placement_strategy.is_empty() {
                return Err(ApiError::invalid_parameter(DAEMON_PLACEMENT_STRATEGY));
            }
            if req.capacity_provider_strategy.is_some() {
                // F5.7 [3P, captured InvalidParameterException].
                return Err(ApiError::invalid_parameter(
                    "Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy.",
                ));
            }
        }
        let grace = req
            .health_check_grace_period_seconds
            .map(grace_period)
            .transpose()?;
        for (given, what) in [
            (
                req.load_balancers
                    .as_ref()
                    .is_some_and(|v| v.as_array().is_none_or(|a| !a.is_empty())),
                "loadBalancers",
            ),
            (
                req.deployment_controller
                    .as_ref()
                    .is_some_and(|v| v.get("type").and_then(Value::as_str) != Some("ECS")),
                "deploymentController (other than ECS)",
            ),
            (req.service_registries.is_some(), "serviceRegistries"),
            (req.tags.is_some(), "tags"),
            (req.client_token.is_some(), "clientToken"),
        ] {
            if given {
                return Err(unsupported(OP, what));
            }
        }
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let name = req.service_name.clone();
        if !super::cluster::is_valid_cluster_name(&name) {
            return Err(ApiError::invalid_parameter(
                "Service names can have up to 255 letters, numbers, hyphens and underscores.",
            ));
        }
        let arn = self.service_arn(&cluster_arn, &name);
        if self
            .state
            .services
            .get(&arn)
            .is_some_and(|s| s.status != ServiceStatus::Inactive)
        {
            return Err(ApiErrorLike::invalid(
                "Creation of service was not idempotent.",
            ));
        }
        let Some(td) = req.task_definition.clone() else {
            return Err(ApiError::invalid_parameter(
                "TaskDefinition must be specified.",
            ));
        };
        let def = self.resolve_task_definition(&td)?.clone();
        self.check_task_roles(&def)?;
        // F6.1: desiredCount is required for REPLICA; a DAEMON service's
        // is computed by its scheduler (F5.7).
        let desired = match (scheduling, req.desired_count) {
            (SchedulingStrategy::Daemon, _) => 0,
            (SchedulingStrategy::Replica, Some(d)) => desired_count(d)?,
            (SchedulingStrategy::Replica, None) => {
                return Err(ApiError::invalid_parameter(
                    "desiredCount is required for a REPLICA service.",
                ));
            }
        };
        // F9.6: a launch type or a capacity provider strategy; neither → the
        // cluster's default strategy (copied into the service), else EC2.
        let (launch_type, capacity_provider_strategy) = match self.resolve_capacity(
            &cluster_arn,
            req.launch_type.as_deref(),
            req.capacity_provider_strategy.as_deref(),
        )? {
            Capacity::Strategy(items, kind) => (kind.launch_type(), items),
            Capacity::LaunchType(given) => (
                match given.as_deref() {
                    None | Some("EC2") => LaunchType::Ec2,
                    Some("FARGATE") => LaunchType::Fargate,
                    Some(other) => {
                        return Err(ApiError::invalid_parameter(format!(
                            "launchType must be EC2 or FARGATE; '{other}' was given."
                        )));
                    }
                },
                Vec::new(),
            ),
        };
        // F3.5: as RunTask, no public IP for awsvpc tasks on EC2.
        if launch_type == LaunchType::Ec2
            && super::run_task::asks_public_ip(&req.network_configuration)
        {
            return Err(ApiError::invalid_parameter(
                super::run_task::PUBLIC_IP_ON_EC2,
            ));
        }
        super::placement::validate(&req.placement_strategy, &req.placement_constraints)?;
        // F5.4 IMPLEMENT: services spread over AZs by default (EC2); a
        // DAEMON service places by instance, no strategy (F5.7).
        let strategy = if req.placement_strategy.is_empty()
            && launch_type == LaunchType::Ec2
            && scheduling == SchedulingStrategy::Replica
        {
            vec![PlacementStrategy {
                r#type: "spread".into(),
                field: Some("attribute:ecs.availability-zone".into()),
            }]
        } else {
            req.placement_strategy.clone()
        };
        // F6.2: REPLICA defaults min 100 / max 200; F5.7: DAEMON min 0
        // (API/CLI) / max 100.
        let defaults = match scheduling {
            SchedulingStrategy::Replica => DeploymentSettings::default(),
            SchedulingStrategy::Daemon => DeploymentSettings::daemon(),
        };
        let deployment_configuration = match &req.deployment_configuration {
            Some(c) => defaults.merged(OP, c)?,
            None => defaults,
        };
        self.state.services.insert(
            arn.clone(),
            ServiceRecord {
                arn: arn.clone(),
                cluster_arn,
                launch_type,
                status: ServiceStatus::Active,
                detail: ServiceDetail {
                    name,
                    task_definition_arn: def.arn().to_owned(),
                    desired_count: desired,
                    network_configuration: req.network_configuration.clone(),
                    placement_strategy: strategy,
                    placement_constraints: req.placement_constraints.clone(),
                    created_at: self.now,
                    deployment_configuration,
                    scheduling_strategy: scheduling,
                    health_check_grace_period_seconds: grace,
                    capacity_provider_strategy,
                    ..ServiceDetail::default()
                },
            },
        );
        // The service's first deployment (F6.1 startedBy ecs-svc/<n>).
        let mark = self.event_mark();
        let td_arn = def.arn().to_owned();
        self.start_deployment(&arn, &td_arn, None);
        // Validate the run parameters once (network configuration etc.) by
        // reconciling now; a request error undoes the creation.
        if let Err(e) = self.reconcile_service(&arn) {
            self.state.services.remove(&arn);
            self.undo_events(mark);
            return Err(e);
        }
        Ok(CreateServiceResponse {
            service: self.service_shape(&self.state.services[&arn]),
        })
    }

    /// Starts or stops tasks toward desiredCount (unless throttled).
    pub(crate) fn reconcile_service(&mut self, arn: &str) -> Result<(), ApiError> {
        // A copy without its (up to 100) service events, which this does not
        // read: it runs after nearly every service task state change.
        let Some(s) = self.state.services.get_mut(arn).map(|s| {
            let events = std::mem::take(&mut s.detail.events);
            let copy = s.clone();
            s.detail.events = events;
            copy
        }) else {
            return Ok(());
        };
        if s.detail.scheduling_strategy == SchedulingStrategy::Daemon {
            return self.reconcile_daemon(arn);
        }
        // Throttled (F6.6): no starts until the retry, but stops (scale-in,
        // maximumPercent) still happen.
        let throttled = s.detail.retry_pending;
        let desired = if s.status == ServiceStatus::Active {
            s.detail.desired_count
        } else {
            0
        };
        let mut plan = self.deployment_plan(arn, desired);
        if throttled {
            plan.start = 0;
            plan.stalled = false;
        }
        let name = s.detail.name.clone();
        self.scheduler_stop_tasks(arn, &plan.stop);
        if plan.start > 0 {
            let mut started = Vec::new();
            let mut unplaced = None;
            let mut remaining = plan.start;
            while remaining > 0 {
                let count = remaining.min(10);
                remaining -= count;
                let out = self.run_service_tasks(RunTaskRequest {
                    cluster: Some(s.cluster_arn.clone()),
                    task_definition: s.detail.task_definition_arn.clone(),
                    count: Some(i64::from(count)),
                    // F9.6: the service's strategy, or its launch type.
                    launch_type: s.detail.capacity_provider_strategy.is_empty().then(|| {
                        if s.launch_type == LaunchType::Fargate {
                            "FARGATE"
                        } else {
                            "EC2"
                        }
                        .into()
                    }),
                    capacity_provider_strategy: (!s.detail.capacity_provider_strategy.is_empty())
                        .then(|| s.detail.capacity_provider_strategy.clone()),
                    network_configuration: s.detail.network_configuration.clone(),
                    placement_strategy: s.detail.placement_strategy.clone(),
                    placement_constraints: s.detail.placement_constraints.clone(),
                    started_by: Some(s.detail.deployment_id.clone()),
                    group: Some(format!("service:{name}")),
                    ..RunTaskRequest::default()
                });
                match out {
                    Ok((out, arns)) => {
                        started.extend(arns.iter().map(|a| a.last_segment().to_owned()));
                        if let Some(f) = out.failures.first() {
                            unplaced = Some(f.reason.clone());
                        }
                    }
                    Err(e) if e.message.contains("No Container Instances") => {
                        unplaced = Some("no container instances".into())
                    }
                    Err(e) => return Err(e),
                }
            }
            self.announce_started(arn, &started);
            if let Some(reason) = unplaced {
                // F6.5 "unable to place" with the closest instance's reason.
                self.announce_unplaced(arn, format!("(service {name}) was unable to place a task because no container instance met all of its requirements. Reason: {reason}."), reason);
            }
        }
        if plan.stalled {
            self.announce_stalled(arn);
        }
        self.deployment_progress(arn);
        Ok(())
    }

    /// Scheduler stops (F1.8 ServiceSchedulerInitiated) and their service
    /// event (F6.5 "has stopped N running tasks").
    pub(crate) fn scheduler_stop_tasks(&mut self, arn: &str, stop: &[String]) {
        if stop.is_empty() {
            return;
        }
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        let name = s.detail.name.clone();
        let deployment_id = s.detail.deployment_id.clone();
        let reason = format!("Scaling activity initiated by (deployment {deployment_id})");
        for a in stop {
            self.service_stop_task(a, &reason);
        }
        let ids = stop.iter().map(|a| a.last_segment());
        self.service_event(
            arn,
            format!(
                "(service {name}) has stopped {} running tasks: {}.",
                stop.len(),
                task_list(ids)
            ),
        );
    }

    /// F6.5: "(service <svc>) has started 2 tasks: (task …) (task …)."
    pub(crate) fn announce_started(&mut self, arn: &str, started: &[String]) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        if started.is_empty() {
            return;
        }
        let name = s.detail.name.clone();
        self.service_event(
            arn,
            format!(
                "(service {name}) has started {} tasks: {}.",
                started.len(),
                task_list(started.iter().map(String::as_str))
            ),
        );
    }

    /// A task the scheduler could not place: the service event and F11.5's
    /// ERROR SERVICE_TASK_PLACEMENT_FAILURE (reason e.g. RESOURCE:CPU).
    pub(crate) fn announce_unplaced(&mut self, arn: &str, message: String, reason: String) {
        self.service_event(arn, message);
        self.emit(crate::event::EventKind::ServiceAction {
            service_arn: arn.to_owned(),
            event_name: "SERVICE_TASK_PLACEMENT_FAILURE".into(),
            reason: Some(reason),
        });
    }

    /// F6.2: the configuration allows neither a start nor a stop.
    pub(crate) fn announce_stalled(&mut self, arn: &str) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        let name = s.detail.name.clone();
        self.service_event(arn, format!("(service {name}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."));
    }

    /// A scheduler stop (F1.8 ServiceSchedulerInitiated).
    pub(crate) fn service_stop_task(&mut self, task_arn: &str, reason: &str) {
        self.enter_stopping(task_arn, "ServiceSchedulerInitiated", reason);
    }

    /// A task stopped: if it belonged to a service, the scheduler replaces
    /// it, backing off after tasks that never reached RUNNING (F6.6).
    pub(crate) fn service_task_stopped(
        &mut self,
        group: &str,
        cluster_arn: &str,
        reached_running: bool,
    ) {
        let Some(name) = group.strip_prefix("service:") else {
            return;
        };
        let arn = self.service_arn(cluster_arn, name);
        let Some(s) = self.state.services.get_mut(&arn) else {
            return;
        };
        if reached_running {
            s.detail.failures_in_a_row = 0;
        } else {
            s.detail.failures_in_a_row += 1;
        }
        let n = s.detail.failures_in_a_row;
        if n == 0 || s.detail.retry_pending {
            self.request_reconcile(&arn, false);
            return;
        }
        let delay = THROTTLE_DELAYS[(n - 1).min(THROTTLE_DELAYS.len() - 1)];
        s.detail.retry_pending = true;
        if n >= 2 {
            let name = s.detail.name.clone();
            self.service_event(
                &arn,
                format!("(service {name}) is unable to consistently start tasks successfully."),
            );
            // F11.5: WARN SERVICE_TASK_START_IMPAIRED.
            self.emit(crate::event::EventKind::ServiceAction {
                service_arn: arn.clone(),
                event_name: "SERVICE_TASK_START_IMPAIRED".into(),
                reason: None,
            });
        }
        self.schedule(delay, Timer::ServiceRetry { service_arn: arn });
    }

    /// A task reached RUNNING: a service whose tasks are all running at
    /// its desired count has reached a steady state (F6.5).
    pub(crate) fn service_task_running(&mut self, group: &str, cluster_arn: &str) {
        let Some(name) = group.strip_prefix("service:") else {
            return;
        };
        let arn = self.service_arn(cluster_arn, name);
        let Some(s) = self.state.services.get_mut(&arn) else {
            return;
        };
        s.detail.failures_in_a_row = 0;
        let desired = s.detail.desired_count;
        let settled = s.detail.deployments.len() == 1
            && s.detail
                .deployments
                .first()
                .is_some_and(|d| d.rollout_state == RolloutState::Completed);
        // F6.2: the task counts as healthy 40 s after RUNNING (MODEL).
        self.schedule(
            super::deployment::HEALTHY_AFTER_RUNNING,
            Timer::ServiceTaskHealthy {
                service_arn: arn.clone(),
            },
        );
        // (The count only matters once the deployment is settled: no walk
        // of the service's tasks for each task a rollout starts.)
        if settled && self.service_tasks(&arn) == (desired, 0) {
            self.service_event(
                &arn,
                format!("(service {name}) has reached a steady state."),
            );
            // F11.5: INFO SERVICE_STEADY_STATE (not suppressed like the
            // service event message: AWS may send it more than once).
            self.emit(crate::event::EventKind::ServiceAction {
                service_arn: arn.clone(),
                event_name: "SERVICE_STEADY_STATE".into(),
                reason: None,
            });
        }
    }

    /// A task stopped on a DRAINING instance: once the service is back at
    /// its desired count with every task elsewhere and nothing stopping,
    /// it has reached a steady state again (F6.5; the service event is
    /// suppressed within 6 hours of the same message, F11.5's
    /// SERVICE_STEADY_STATE is not).
    pub(crate) fn steady_after_drain(&mut self, arn: &str) {
        let Some(s) = self.state.services.get(arn) else {
            return;
        };
        let settled = s.status == ServiceStatus::Active
            && s.detail.scheduling_strategy == SchedulingStrategy::Replica
            && s.detail.deployments.len() == 1
            && s.detail
                .deployments
                .first()
                .is_some_and(|d| d.rollout_state == RolloutState::Completed);
        if !settled {
            return;
        }
        let desired = s.detail.desired_count;
        let name = s.detail.name.clone();
        let (live, stopping) = self.service_task_records(arn);
        let steady = stopping.is_empty()
            && live.len() as u32 == desired
            && live
                .iter()
                .all(|t| t.status == TaskStatus::Running && !self.on_draining_instance(t));
        if !steady {
            return;
        }
        self.service_event(arn, format!("(service {name}) has reached a steady state."));
        self.emit(crate::event::EventKind::ServiceAction {
            service_arn: arn.to_owned(),
            event_name: "SERVICE_STEADY_STATE".into(),
            reason: None,
        });
    }

    /// Timer: a throttled service tries again.
    pub(crate) fn service_retry(&mut self, arn: &str) {
        if let Some(s) = self.state.services.get_mut(arn) {
            s.detail.retry_pending = false;
        }
        self.request_reconcile(arn, false);
    }

    /// Asks the service scheduler to act on `arn` once the current
    /// millisecond's task changes are all in (MODEL: like ECS's own
    /// scheduler, which reacts to task state changes in batches rather than
    /// one by one — its service events say "has started 10 tasks"). `healthy`:
    /// a task of it may have become healthy.
    pub(crate) fn request_reconcile(&mut self, arn: &str, healthy: bool) {
        *self.scheduler_queue.entry(arn.to_owned()).or_default() |= healthy;
    }

    /// Runs the waiting service schedulers, in service ARN order; a run that
    /// asks for another (a task that failed at once) is served too. Called
    /// after the last timer of each millisecond and around every command.
    pub(crate) fn run_scheduler(&mut self) {
        while let Some((arn, healthy)) = self.scheduler_queue.pop_first() {
            if healthy {
                self.reset_breaker_on_healthy_task(&arn);
            }
            let _ = self.reconcile_service(&arn);
        }
    }

    pub(crate) fn describe_services(
        &self,
        req: DescribeServicesRequest,
    ) -> Result<DescribeServicesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if !req.include.is_empty() {
            return Err(unsupported("DescribeServices", "include"));
        }
        if req.services.is_empty() || req.services.len() > 10 {
            return Err(ApiError::invalid_parameter(
                "services must name 1 to 10 services.",
            ));
        }
        let mut out = DescribeServicesResponse {
            services: Vec::new(),
            failures: Vec::new(),
        };
        for id in &req.services {
            match self.find_service(&cluster_arn, id) {
                Some(arn) => out
                    .services
                    .push(self.service_shape(&self.state.services[&arn])),
                None => out.failures.push(super::cluster::Failure {
                    arn: if id.starts_with("arn:") {
                        id.clone()
                    } else {
                        self.service_arn(&cluster_arn, id)
                    },
                    reason: "MISSING".into(),
                }),
            }
        }
        Ok(out)
    }

    pub(crate) fn list_services(
        &self,
        req: ListServicesRequest,
    ) -> Result<ListServicesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let strategy = match req.scheduling_strategy.as_deref() {
            None => None,
            Some("REPLICA") => Some(SchedulingStrategy::Replica),
            Some("DAEMON") => Some(SchedulingStrategy::Daemon),
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "schedulingStrategy must be REPLICA or DAEMON; '{other}' was given."
                )));
            }
        };
        let page = crate::paginate::ecs("ListServices")
            .request(req.max_results, req.next_token.as_deref())?;
        let (service_arns, next_token) = page.page(
            self.state
                .services
                .values()
                .filter(|s| s.cluster_arn == cluster_arn && s.status != ServiceStatus::Inactive)
                .filter(|s| match req.launch_type.as_deref() {
                    Some("FARGATE") => s.launch_type == LaunchType::Fargate,
                    Some("EC2") => s.launch_type == LaunchType::Ec2,
                    _ => true,
                })
                .filter(|s| strategy.is_none_or(|want| s.detail.scheduling_strategy == want))
                .map(|s| (s.arn.clone(), s.arn.clone())),
        );
        Ok(ListServicesResponse {
            service_arns,
            next_token,
        })
    }

    pub(crate) fn update_service(
        &mut self,
        req: UpdateServiceRequest,
    ) -> Result<UpdateServiceResponse, ApiError> {
        const OP: &str = "UpdateService";
        if req.network_configuration.is_some() {
            return Err(unsupported(OP, "networkConfiguration"));
        }
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let arn = self
            .find_service(&cluster_arn, &req.service)
            .ok_or_else(service_not_found)?;
        if self.state.services[&arn].status != ServiceStatus::Active {
            return Err(ApiError::new(
                ErrorCode::ServiceNotActiveException,
                "Service was not ACTIVE.",
            ));
        }
        // Validate everything before changing anything.
        let before = self.state.services[&arn].clone();
        if before.detail.scheduling_strategy == SchedulingStrategy::Daemon
            && req.desired_count.is_some()
        {
            // F5.7: a DAEMON service's count is the scheduler's.
            return Err(ApiError::invalid_parameter(DAEMON_DESIRED_COUNT));
        }
        let desired = req.desired_count.map(desired_count).transpose()?;
        // F6.4 (does not start a new deployment).
        let grace = req
            .health_check_grace_period_seconds
            .map(grace_period)
            .transpose()?;
        let settings = match &req.deployment_configuration {
            Some(c) => Some(before.detail.deployment_configuration.merged(OP, c)?),
            None => None,
        };
        // F9.6: a new strategy (validated against the cluster) starts a new
        // deployment; a service cannot go back to the cluster's default
        // strategy (UpdateService API reference), so `[]` is refused.
        let new_strategy = match &req.capacity_provider_strategy {
            Some(items) if items.is_empty() => {
                return Err(ApiError::invalid_parameter(
                    "A service cannot be updated to use the cluster's default capacity provider strategy: give a capacity provider strategy.",
                ));
            }
            Some(items) => match self.resolve_capacity(&cluster_arn, None, Some(items))? {
                Capacity::Strategy(items, kind) => Some((items, kind)),
                Capacity::LaunchType(_) => None,
            },
            None => None,
        };
        let new_td = match &req.task_definition {
            Some(td) => {
                let def = self.resolve_task_definition(td)?.clone();
                self.check_task_roles(&def)?;
                Some(def.arn().to_owned())
            }
            None => None,
        };
        if let Some(s) = self.state.services.get_mut(&arn) {
            if let Some(d) = desired {
                s.detail.desired_count = d;
            }
            if let Some(c) = settings {
                s.detail.deployment_configuration = c;
            }
            if grace.is_some() {
                s.detail.health_check_grace_period_seconds = grace;
            }
            if let Some((items, kind)) = &new_strategy {
                s.detail.capacity_provider_strategy = items.clone();
                s.launch_type = kind.launch_type();
            }
        }
        // F6.2: a new task definition (or forceNewDeployment) starts a new
        // PRIMARY deployment; the old PRIMARY becomes ACTIVE.
        let td = new_td.unwrap_or_else(|| before.detail.task_definition_arn.clone());
        let new_deployment = td != before.detail.task_definition_arn
            || req.force_new_deployment == Some(true)
            || new_strategy
                .as_ref()
                .is_some_and(|(items, _)| items != &before.detail.capacity_provider_strategy);
        let mark = self.event_mark();
        if new_deployment {
            self.start_deployment(&arn, &td, None);
        }
        if let Err(e) = self.reconcile_service(&arn) {
            // A request error (e.g. a task definition the launch type cannot
            // run) undoes the update.
            if let Some(s) = self.state.services.get_mut(&arn) {
                *s = before;
            }
            self.undo_events(mark);
            return Err(e);
        }
        Ok(UpdateServiceResponse {
            service: self.service_shape(&self.state.services[&arn]),
        })
    }

    pub(crate) fn delete_service(
        &mut self,
        req: DeleteServiceRequest,
    ) -> Result<DeleteServiceResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let arn = self
            .find_service(&cluster_arn, &req.service)
            .ok_or_else(service_not_found)?;
        let s = &self.state.services[&arn];
        if s.status != ServiceStatus::Active {
            return Err(ApiError::new(
                ErrorCode::ServiceNotActiveException,
                "Service was not ACTIVE.",
            ));
        }
        // Only a REPLICA service must be scaled to 0 first (BOTO-ECS:
        // DeleteServiceRequest.force: "only necessary … REPLICA").
        if s.detail.desired_count > 0
            && s.detail.scheduling_strategy == SchedulingStrategy::Replica
            && req.force != Some(true)
        {
            return Err(ApiError::invalid_parameter(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        if let Some(s) = self.state.services.get_mut(&arn) {
            s.status = ServiceStatus::Draining;
            s.detail.desired_count = 0;
        }
        let _ = self.reconcile_service(&arn);
        let shape = self.service_shape(&self.state.services[&arn]);
        self.finish_draining(&arn);
        Ok(DeleteServiceResponse { service: shape })
    }

    /// A DRAINING service with no tasks left becomes INACTIVE.
    pub(crate) fn finish_draining(&mut self, arn: &str) {
        // Only a DRAINING service can finish draining: no task scan for the
        // others (this runs after every stopped service task).
        if self
            .state
            .services
            .get(arn)
            .is_none_or(|s| s.status != ServiceStatus::Draining)
        {
            return;
        }
        let (running, pending) = self.service_tasks(arn);
        let stopping = self.state.services.get(arn).is_some_and(|s| {
            let group = format!("service:{}", s.detail.name);
            self.state.tasks_in_group(&group).any(|t| {
                t.cluster_arn == s.cluster_arn
                    && t.status == TaskStatus::Stopping
                    && s.detail.owns(t)
            })
        });
        if let Some(s) = self.state.services.get_mut(arn)
            && s.status == ServiceStatus::Draining
            && running + pending == 0
            && !stopping
        {
            s.status = ServiceStatus::Inactive;
        }
    }
}

/// Small helper so the idempotency message reads as AWS's.
struct ApiErrorLike;
impl ApiErrorLike {
    fn invalid(message: &str) -> ApiError {
        ApiError::invalid_parameter(message)
    }
}

/// F6.5's task list in a service event: `(task a) (task b)`.
fn task_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for id in ids {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str("(task ");
        out.push_str(id);
        out.push(')');
    }
    out
}
