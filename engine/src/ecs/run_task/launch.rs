//! RunTask and StartTask: the checks, the placement of each task (on
//! Fargate, on a capacity provider, on the container instances) and the
//! creation of its record.

use super::*;
use crate::base::arn::LastSegment;
use crate::ecs::capacity_provider::{self, Capacity};
use crate::ecs::placement::{self, Demand, PlacementPool, PlacementStrategy};
use crate::ecs::task_definition::NetworkMode;
use crate::error::{ApiError, ErrorCode};
use crate::event::EventKind;
use crate::sim::{Sim, Timer};
use crate::state::{LaunchType, TaskRecord, TaskStatus};

impl Sim {
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
                return Err(ApiError::unsupported(OP, what));
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
                    Some("EXTERNAL") => {
                        return Err(ApiError::unsupported(OP, "launchType EXTERNAL"));
                    }
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
        let overrides = req
            .overrides
            .as_ref()
            .map(|o| super::check_overrides(o, &def))
            .transpose()?;
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
                return Err(ApiError::unsupported(
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
        // A strategy with a managed-scaling provider may start from no
        // instance: its tasks wait for the group to grow.
        let scales = strategy.as_ref().is_some_and(|items| {
            items
                .iter()
                .any(|i| self.managed_scaling_of(&i.capacity_provider).is_some())
        });
        if launch_type == LaunchType::Ec2
            && !scales
            && !self.state.container_instances.values().any(|ci| {
                ci.cluster_arn == cluster_arn
                    && ci.is_registered()
                    && ci.status
                        != crate::ecs::container_instance::ContainerInstanceStatus::Registering
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
            let mut waiting = false;
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
                    // Cluster auto scaling (capacity_provider::managed): with
                    // managed scaling the task waits in PROVISIONING for an
                    // instance instead of failing.
                    if chosen.is_none()
                        && let Some(p) = provider.as_deref()
                        && self.can_wait_for_capacity(&cluster_arn, p, &demand)
                    {
                        waiting = true;
                    } else if chosen.is_none() {
                        let none_in_provider = only.as_ref().is_some_and(Vec::is_empty);
                        out.failures.push(TaskFailure {
                            // The closest matching container instance.
                            arn: explanation.closest.clone(),
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
                    if waiting {
                        Some(None)
                    } else {
                        chosen.map(Some)
                    }
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
                    provider.clone(),
                    waiting,
                );
                if let Some(o) = &overrides
                    && let Some(t) = self.state.tasks.get_mut(&arn)
                {
                    t.life.overrides = Some(o.clone());
                }
                if waiting && let Some(p) = provider {
                    self.wait_for_capacity(
                        &arn,
                        &p,
                        &req.placement_constraints,
                        &strategies,
                        network.as_ref(),
                    );
                }
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
            return Err(ApiError::unsupported("StartTask", "overrides"));
        }
        if req.tags.is_some() {
            return Err(ApiError::unsupported("StartTask", "tags"));
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
                        false,
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

    pub(crate) fn demand(
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
            capabilities: def
                .def
                .requires_attributes
                .iter()
                .filter(|a| a.name.contains("capability"))
                .map(|a| a.name.clone())
                .collect(),
        }
    }

    #[allow(clippy::too_many_arguments)]
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
        waiting: bool,
    ) -> String {
        let id = self.new_hex_id();
        let arn = self
            .arns
            .arn_of("ecs", &["task/", cluster_arn.last_segment(), "/", &id]);
        let awsvpc = def.network_mode() == NetworkMode::Awsvpc;
        let containers = def
            .containers()
            .iter()
            .map(|c| TaskContainer {
                name: c.name.clone(),
                image: c.image.clone(),
                essential: c.essential.unwrap_or(true),
                last_status: "PENDING",
                reason: None,
                image_digest: None,
                bindings: Vec::new(),
                health: c
                    .health_check
                    .as_ref()
                    .map(crate::ecs::health::ContainerHealth::from_check),
                exit_code: None,
                logs: Vec::new(),
                log_stream: None,
            })
            .collect();
        let mut task = TaskRecord::new(&arn, cluster_arn, launch_type, TaskStatus::Pending);
        task.cpu = def.ec2_cpu();
        task.memory = def.ec2_memory();
        task.uses_eni = awsvpc;
        task.host_mode = def.network_mode() == NetworkMode::Host;
        task.group = group.to_owned();
        task.life = TaskLife {
            task_definition_arn: def.arn().to_owned(),
            last_status: if awsvpc || waiting {
                "PROVISIONING"
            } else {
                "PENDING"
            },
            desired_status: "RUNNING",
            created_at: self.now,
            containers,
            security_groups: if awsvpc {
                network
                    .map(|n| n.security_groups.clone())
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
            started_by,
            version: 1,
            capacity_provider_name,
            ..TaskLife::default()
        };
        self.state.insert_task(task);
        if waiting {
            // Cluster auto scaling: the task waits in PROVISIONING for an
            // instance (capacity_provider::managed).
            self.emit(EventKind::TaskStateChanged {
                task_arn: arn.clone(),
                last_status: "PROVISIONING",
                stopped_reason: None,
            });
            return arn;
        }
        self.settle_task(&arn, def, on.as_deref(), network, true);
        arn
    }

    /// Where a new task runs (`on`: its container instance; none on
    /// Fargate): its host ports, zone, subnet, ENI and addresses, the route
    /// its image pulls take and the role they use; then its lifecycle
    /// starts (PROVISIONING for awsvpc, else PENDING). A task that waited
    /// for capacity in PROVISIONING comes here when an instance takes it.
    pub(crate) fn settle_task(
        &mut self,
        arn: &str,
        def: &crate::ecs::task_definition::TaskDefinitionRecord,
        on: Option<&str>,
        network: Option<&Network>,
        fresh: bool,
    ) {
        let Some(launch_type) = self.state.tasks.get(arn).map(|t| t.launch_type) else {
            return;
        };
        let awsvpc = def.network_mode() == NetworkMode::Awsvpc;
        // Host ports: fixed ones as declared, dynamic ones lowest-free (F3.7).
        let mut dynamic = on
            .map(|ci| {
                self.dynamic_ports(
                    ci,
                    def.host_ports().iter().filter(|p| p.port.is_none()).count(),
                )
            })
            .unwrap_or_default()
            .into_iter();
        let mut all_bindings = Vec::new();
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
            all_bindings.push(bindings);
        }
        // Where the task runs.
        let (availability_zone, subnet_id, instance_subnet) = match on {
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
            let ci = on.and_then(|a| self.state.container_instances.get(a))?;
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
            Some(self.new_resource_id("eni"))
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
        // Its placement, with the indexes that follow it (its instance's
        // resources, its subnet's address).
        let placed = self.state.place_task(arn, |task| {
            task.container_instance_arn = on.map(str::to_owned);
            task.host_ports = host_ports;
            for (c, bindings) in task.life.containers.iter_mut().zip(all_bindings) {
                c.bindings = bindings;
            }
            let life = &mut task.life;
            life.availability_zone = availability_zone;
            life.subnet_id = subnet_id;
            life.private_ip = private_ip;
            life.public_ip = public_ip;
            life.eni_id = eni_id;
            life.registry_reachable = registry_reachable;
            life.execution_role = execution_role;
            // What its EventBridge events share changed (the instance, the
            // zone).
            life.eventbridge = None;
        });
        if !placed {
            return;
        }
        if awsvpc {
            // A task that waited for capacity said PROVISIONING already.
            if fresh {
                self.emit(EventKind::TaskStateChanged {
                    task_arn: arn.to_owned(),
                    last_status: "PROVISIONING",
                    stopped_reason: None,
                });
            }
            self.schedule(
                AWSVPC_PROVISIONING,
                Timer::TaskAdvance {
                    task_arn: arn.to_owned(),
                    expect: "PROVISIONING",
                },
            );
        } else {
            self.begin_pending(arn);
        }
        if let Some(ci) = on {
            self.container_instance_resources_changed(ci);
        }
    }
}
