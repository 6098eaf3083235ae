//! The service actions on [`Sim`]: CreateService, DescribeServices,
//! ListServices, UpdateService, DeleteService; their checks and the Service
//! shape they return.

use super::*;
use crate::base::arn::{LastSegment, arn_or};
use crate::base::describe::{MISSING, check_count, describe};
use crate::ecs::capacity_provider::Capacity;
use crate::ecs::deployment::DeploymentSettings;
use crate::ecs::placement::PlacementStrategy;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use crate::state::{LaunchType, ServiceRecord, ServiceStatus, TaskStatus};
use serde_json::Value;

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

    /// The ARN of the cluster's service named (or ARN'd) `identifier`.
    pub(crate) fn find_service(&self, cluster_arn: &str, identifier: &str) -> Option<String> {
        let arn = arn_or(identifier, |n| self.service_arn(cluster_arn, n));
        self.state
            .services
            .get(&arn)
            .filter(|s| s.cluster_arn == cluster_arn)
            .map(|s| s.arn.clone())
    }

    /// The service's RUNNING and PENDING task counts (desiredStatus
    /// RUNNING).
    pub(super) fn service_tasks(&self, arn: &str) -> (u32, u32) {
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
            load_balancers: s.detail.load_balancers.clone(),
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
                return Err(ApiError::unsupported(OP, what));
            }
        }
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        let name = req.service_name.clone();
        if !crate::ecs::cluster::is_valid_cluster_name(&name) {
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
        let load_balancers = req.load_balancers.clone().unwrap_or_default();
        self.check_service_load_balancers(&load_balancers, def.arn())?;
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
            && crate::ecs::run_task::asks_public_ip(&req.network_configuration)
        {
            return Err(ApiError::invalid_parameter(
                crate::ecs::run_task::PUBLIC_IP_ON_EC2,
            ));
        }
        crate::ecs::placement::validate(&req.placement_strategy, &req.placement_constraints)?;
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
                    load_balancers,
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
        // Its CloudWatch metrics, every minute (engine/src/cloudwatch).
        self.ensure_minute_timer();
        Ok(CreateServiceResponse {
            service: self.service_shape(&self.state.services[&arn]),
        })
    }

    pub(crate) fn describe_services(
        &self,
        req: DescribeServicesRequest,
    ) -> Result<DescribeServicesResponse, ApiError> {
        let cluster_arn = self.active_cluster_arn(req.cluster.as_deref())?;
        if !req.include.is_empty() {
            return Err(ApiError::unsupported("DescribeServices", "include"));
        }
        check_count(req.services.len(), 1..=10, |_| {
            ApiError::invalid_parameter("services must name 1 to 10 services.")
        })?;
        let out = describe(
            &req.services,
            |id| {
                self.find_service(&cluster_arn, id)
                    .map(|arn| self.service_shape(&self.state.services[&arn]))
                    .ok_or(MISSING)
            },
            |id, reason| crate::ecs::cluster::Failure {
                arn: arn_or(id, |n| self.service_arn(&cluster_arn, n)),
                reason: reason.to_owned(),
            },
        );
        Ok(DescribeServicesResponse {
            services: out.found,
            failures: out.failures,
        })
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
        let page = crate::ecs::paging("ListServices")
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
        let arn = self.update_service_record(req)?;
        Ok(UpdateServiceResponse {
            service: self.service_shape(&self.state.services[&arn]),
        })
    }

    /// UpdateService without its answer: the service's ARN. Application
    /// Auto Scaling sets desired counts through it (about 1,500 times in
    /// the benchmark's autoscaled day), where the service's shape, which
    /// describes every deployment and event, would be thrown away.
    pub(crate) fn update_service_record(
        &mut self,
        req: UpdateServiceRequest,
    ) -> Result<String, ApiError> {
        const OP: &str = "UpdateService";
        if req.network_configuration.is_some() {
            return Err(ApiError::unsupported(OP, "networkConfiguration"));
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
        // F18.9 [OFFICIAL]: UpdateService can add, change or remove target
        // groups; the new deployment's tasks register in the new ones (old
        // tasks keep theirs until they stop). The load balancers, new or
        // kept, must suit the task definition the service will run.
        let new_lbs = req.load_balancers.clone();
        let lbs = new_lbs
            .clone()
            .unwrap_or_else(|| before.detail.load_balancers.clone());
        let td_for_lbs = new_td
            .clone()
            .unwrap_or_else(|| before.detail.task_definition_arn.clone());
        if !lbs.is_empty() && (new_lbs.is_some() || new_td.is_some()) {
            self.check_service_load_balancers(&lbs, &td_for_lbs)?;
        }
        let lbs_changed = new_lbs
            .as_ref()
            .is_some_and(|l| *l != before.detail.load_balancers);
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
            if lbs_changed {
                s.detail.load_balancers = lbs.clone();
            }
        }
        // F6.2: a new task definition (or forceNewDeployment) starts a new
        // PRIMARY deployment; the old PRIMARY becomes ACTIVE.
        let td = new_td.unwrap_or_else(|| before.detail.task_definition_arn.clone());
        let new_deployment = td != before.detail.task_definition_arn
            || req.force_new_deployment == Some(true)
            || lbs_changed
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
        Ok(arn)
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
}

/// Small helper so the idempotency message reads as AWS's.
struct ApiErrorLike;
impl ApiErrorLike {
    fn invalid(message: &str) -> ApiError {
        ApiError::invalid_parameter(message)
    }
}
