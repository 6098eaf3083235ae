//! # stevedore-bench: the "fleet day"
//!
//! One simulated day of a busy ECS account, driven through the engine's
//! public API only ([`Command::from_json`], [`Sim::apply`] of API
//! commands, time and faults, [`Sim::drain_events`]):
//!
//! - an Auto Scaling group of 100 m5.large container instances (instance
//!   profile role, launch template with `ECS_CLUSTER=` user data, as in
//!   `engine/tests/scenarios/capacity_asg.scn`) plus Fargate;
//! - 30 services with 2,000 tasks in all: 20 bridge-mode services on EC2
//!   (dynamic host ports) with 1,400 tasks and 10 awsvpc services on Fargate
//!   with 600;
//! - a rolling deployment of every service every simulated hour (a new
//!   task definition revision and `UpdateService`), staggered over the hour;
//! - 1 % of the tasks crash every hour, evenly spread;
//! - one instance is terminated every 2 hours (the group replaces it);
//! - each service behind its own Application Load Balancer (a listener on
//!   port 80 forwarding to the service's target group: `instance` targets
//!   for the bridge services, `ip` for Fargate; 30 s deregistration
//!   delay), health-checked every 30 s, with `sim traffic` of 20 requests a
//!   second through each;
//! - 24 simulated hours.
//!
//! The library reads no clock: the caller passes one (`clock()` returns
//! milliseconds) so that the same code is timed natively (`src/main.rs`,
//! `std::time::Instant`) and in the browser (`tests/browser.rs`,
//! `performance.now()`).

pub mod undo;

use serde_json::{Value, json};
use std::collections::BTreeSet;
use stevedore_engine::{
    Command, ErrorCode, EventKind, Fault, Input, Service, Sim, SimConfig, SimDuration, SimTime,
};

/// The shape of the workload. [`Workload::fleet_day`] is the benchmark;
/// [`Workload::smoke`] a scaled-down copy for `cargo test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// m5.large instances in the Auto Scaling group.
    pub instances: u32,
    /// Services in the cluster (bridge on EC2, awsvpc on Fargate).
    pub services: u32,
    /// Desired tasks over all services.
    pub tasks: u32,
    /// Simulated hours after setup.
    pub hours: u32,
    /// Percentage of the tasks that crash every hour.
    pub crash_percent_per_hour: u32,
    /// One instance is terminated every this many hours.
    pub terminate_every_hours: u32,
    /// The engine's seed (and the workload's own choices').
    pub seed: u64,
    /// Requests per second through each service's load balancer (0: no
    /// load balancers).
    pub requests_per_second: u32,
    /// Issue 16's day: every service a scalable target (its desired count
    /// to twice that) with target tracking on 50 % CPU, under `sim load`'s
    /// daily curve peaking at 80 % of its tasks' CPU (`--autoscale`).
    pub autoscale: bool,
}

impl Workload {
    /// The benchmark of issue 3.
    pub fn fleet_day() -> Workload {
        Workload {
            instances: 100,
            services: 30,
            tasks: 2_000,
            hours: 24,
            crash_percent_per_hour: 1,
            terminate_every_hours: 2,
            seed: 1,
            requests_per_second: 20,
            autoscale: false,
        }
    }

    /// A small copy for the smoke test: 5 instances, 3 services, 2 hours.
    pub fn smoke() -> Workload {
        Workload {
            instances: 5,
            services: 3,
            tasks: 30,
            hours: 2,
            ..Workload::fleet_day()
        }
    }
}

/// How a service runs its tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// EC2 launch type, bridge network mode with dynamic host ports.
    Bridge,
    /// Fargate (awsvpc, public IP to pull from Docker Hub: F1.10).
    Fargate,
}

/// One service of the workload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePlan {
    pub name: String,
    pub kind: Kind,
    pub desired: u32,
}

impl Workload {
    /// The services: a third on Fargate (awsvpc, at least one), the rest
    /// bridge on EC2; Fargate runs 30 % of the tasks. No awsvpc services on
    /// EC2: such tasks get no public IP (F3.5) and the engine models no NAT
    /// gateway, so they could not pull their image (F1.10).
    pub fn plan(&self) -> Vec<ServicePlan> {
        let n = self.services.max(2);
        let fargate = (n / 3).max(1);
        let bridge = n - fargate;
        let fargate_tasks = self.tasks * 3 / 10;
        let bridge_tasks = self.tasks - fargate_tasks;
        let mut plan = Vec::new();
        let mut push = |kind: Kind, count: u32, total: u32| {
            for i in 0..count {
                // Spread the remainder over the first services.
                let desired = total / count + u32::from(i < total % count);
                plan.push(ServicePlan {
                    name: format!("svc-{:02}", plan.len()),
                    kind,
                    desired,
                });
            }
        };
        push(Kind::Bridge, bridge, bridge_tasks);
        push(Kind::Fargate, fargate, fargate_tasks);
        plan
    }
}

/// What a run did. `wall_ms`/`setup_wall_ms` come from the caller's clock;
/// everything else is counted by the library.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub workload: Workload,
    /// Wall time of the whole run (setup and the simulated day), ms.
    pub wall_ms: f64,
    /// Wall time of the setup (IAM, launch template, group, services), ms.
    pub setup_wall_ms: f64,
    /// Simulated seconds covered (setup warm-up included).
    pub sim_seconds: u64,
    /// Engine events drained ([`Sim::drain_events`]): every state change the
    /// engine reported (task and instance state changes, scaling activities,
    /// registrations, …). This is "events processed".
    pub events: u64,
    /// Scheduled timers the engine fired ([`Sim::timers_fired`]): the
    /// discrete-event steps of the simulation.
    pub timers_fired: u64,
    /// API commands the workload ran (`Input::Api`).
    pub commands: u64,
    /// UpdateService calls with a new task definition revision.
    pub deployments: u64,
    /// UpdateService calls the engine refused as not modelled (an engine
    /// without rolling deployments); 0 when deployments are simulated.
    pub deployments_refused: u64,
    /// Faults injected through the engine's fault input (`Input::Fault`):
    /// crashes plus instance terminations.
    pub faults: u64,
    /// Tasks killed by the workload (crashes: `Fault::KillTask`).
    pub crashes: u64,
    /// Instances terminated by the workload.
    pub instances_terminated: u64,
    /// Tasks that reached RUNNING (initial, replacements, deployments).
    pub tasks_started: u64,
    /// Tasks that reached STOPPED.
    pub tasks_stopped: u64,
    /// Tasks RUNNING at the end, and the desired total.
    pub running_at_end: u64,
    pub desired_tasks: u64,
}

impl Report {
    /// Simulated seconds per wall second.
    pub fn speedup(&self) -> f64 {
        if self.wall_ms > 0.0 {
            self.sim_seconds as f64 / (self.wall_ms / 1000.0)
        } else {
            f64::INFINITY
        }
    }

    /// Engine events per wall second.
    pub fn events_per_second(&self) -> f64 {
        if self.wall_ms > 0.0 {
            self.events as f64 / (self.wall_ms / 1000.0)
        } else {
            f64::INFINITY
        }
    }

    /// The figures, one per line, for a terminal or a browser console.
    /// `memory` is what the caller could measure, already worded.
    pub fn lines(&self, platform: &str, memory: &[String]) -> Vec<String> {
        let w = &self.workload;
        let mut out = vec![
            format!(
                "fleet day ({platform}): {} m5.large + Fargate, {} services, {} tasks, {} simulated hours",
                w.instances, w.services, w.tasks, w.hours
            ),
            format!(
                "  wall time            {:.1} ms (setup {:.1} ms)",
                self.wall_ms, self.setup_wall_ms
            ),
            format!(
                "  simulated            {} s ({:.0} simulated s per wall s)",
                self.sim_seconds,
                self.speedup()
            ),
            format!(
                "  events processed     {} engine events ({:.0} per s); {} timers fired",
                self.events,
                self.events_per_second(),
                self.timers_fired
            ),
            format!(
                "  workload             {} commands, {} faults: {} deployments ({} refused as not modelled), {} crashes, {} instances terminated",
                self.commands,
                self.faults,
                self.deployments,
                self.deployments_refused,
                self.crashes,
                self.instances_terminated
            ),
            format!(
                "  tasks                {} started, {} stopped, {}/{} running at the end",
                self.tasks_started, self.tasks_stopped, self.running_at_end, self.desired_tasks
            ),
        ];
        for m in memory {
            out.push(format!("  memory               {m}"));
        }
        out
    }
}

/// Why a run could not go on (a command the workload needs failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchError(pub String);

impl std::fmt::Display for BenchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BenchError {}

const CLUSTER: &str = "fleet";
/// `#!/bin/bash\necho ECS_CLUSTER=fleet >> /etc/ecs/ecs.config\n` (F3.2).
const USER_DATA: &str =
    "IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1mbGVldCA+PiAvZXRjL2Vjcy9lY3MuY29uZmlnCg==";

/// A tiny deterministic generator for the workload's own choices (which
/// task crashes, which instance goes), separate from the engine's.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        let z = stevedore_engine::base::hash::splitmix64(self.0);
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Something the workload does at a simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    Deploy(usize),
    Crash,
    TerminateInstance,
}

/// The driver: the Sim, plus what the workload learnt from the events.
struct Driver {
    sim: Sim,
    rng: SplitMix,
    running_tasks: RunningTasks,
    running_instances: BTreeSet<String>,
    report: Report,
}

/// The tasks RUNNING now, in ARN order, for the crashes to pick from.
/// Every task of the day has an ARN of one cluster's prefix and a 32-digit
/// id, so the set keeps each id's 32 bytes as two big-endian numbers
/// (their order is the ARNs' order) instead of the ARNs themselves, whose
/// long shared prefix made every comparison in the tree a `memcmp` (a task
/// is removed three or four times after RUNNING, as it passes through
/// DEACTIVATING, STOPPING and STOPPED: 3.9 % of the day). An ARN of
/// another form is kept and fails the day rather than being miscounted.
#[derive(Default)]
struct RunningTasks {
    prefix: Option<String>,
    ids: BTreeSet<(u128, u128)>,
    foreign: Option<String>,
}

impl RunningTasks {
    /// The key of `arn`, or `None` (noted) when it is not of the form.
    fn key(&mut self, arn: &str) -> Option<(u128, u128)> {
        let cut = arn
            .len()
            .checked_sub(32)
            .filter(|c| arn.is_char_boundary(*c));
        let parsed = cut.and_then(|cut| {
            let (prefix, id) = arn.split_at(cut);
            let id = id.as_bytes();
            let (hi, lo) = (id.first_chunk::<16>()?, id.last_chunk::<16>()?);
            let same = match &self.prefix {
                Some(p) => p == prefix,
                None => {
                    self.prefix = Some(prefix.to_owned());
                    true
                }
            };
            same.then(|| (u128::from_be_bytes(*hi), u128::from_be_bytes(*lo)))
        });
        if parsed.is_none() && self.foreign.is_none() {
            self.foreign = Some(arn.to_owned());
        }
        parsed
    }

    fn insert(&mut self, arn: &str) {
        if let Some(k) = self.key(arn) {
            self.ids.insert(k);
        }
    }

    fn remove(&mut self, arn: &str) {
        if let Some(k) = self.key(arn) {
            self.ids.remove(&k);
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The `k`-th ARN in ARN order.
    fn nth(&self, k: usize) -> Option<String> {
        let (hi, lo) = self.ids.iter().nth(k)?;
        let mut id = [0u8; 32];
        id[..16].copy_from_slice(&hi.to_be_bytes());
        id[16..].copy_from_slice(&lo.to_be_bytes());
        let id = std::str::from_utf8(&id).ok()?;
        Some([self.prefix.as_deref()?, id].concat())
    }
}

impl Driver {
    fn exec(&mut self, service: Service, op: &str, input: Value) -> Result<Value, BenchError> {
        let command = Command::from_json(service, op, input)
            .map_err(|e| BenchError(format!("{op}: {}: {}", e.code.as_str(), e.message)))?;
        self.report.commands += 1;
        let response = self
            .sim
            .apply(Input::Api(command))
            .api()
            .map_err(|e| BenchError(format!("{op}: {}: {}", e.code.as_str(), e.message)))?;
        self.absorb_events();
        Ok(response.to_json())
    }

    fn advance_to(&mut self, t: SimTime) {
        let now = self.sim.now();
        if t > now {
            self.sim.apply(Input::Advance(t.since(now)));
        }
        self.absorb_events();
    }

    fn absorb_events(&mut self) {
        for event in self.sim.drain_events() {
            self.report.events += 1;
            match event.kind {
                EventKind::TaskStateChanged {
                    task_arn,
                    last_status,
                    ..
                } => match last_status {
                    "RUNNING" => {
                        self.report.tasks_started += 1;
                        self.running_tasks.insert(&task_arn);
                    }
                    "STOPPED" => {
                        self.report.tasks_stopped += 1;
                        self.running_tasks.remove(&task_arn);
                    }
                    // Leaving RUNNING (F1.3); a task before RUNNING is not
                    // in the set, so no look-up for those.
                    "DEACTIVATING" | "STOPPING" | "DEPROVISIONING" => {
                        self.running_tasks.remove(&task_arn);
                    }
                    _ => {}
                },
                EventKind::InstanceStateChanged { instance_id, state } => {
                    if state == "running" {
                        self.running_instances.insert(instance_id);
                    } else {
                        self.running_instances.remove(&instance_id);
                    }
                }
                _ => {}
            }
        }
    }

    fn setup(&mut self, plan: &[ServicePlan]) -> Result<Vec<String>, BenchError> {
        let w = self.report.workload.clone();
        self.exec(
            Service::Ecs,
            "CreateCluster",
            json!({"clusterName": CLUSTER}),
        )?;
        // The instance role (F3.2: the agent needs ecs:RegisterContainerInstance).
        let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        self.exec(
            Service::Iam,
            "CreateRole",
            json!({"RoleName": "ecsInstanceRole", "AssumeRolePolicyDocument": trust.to_string()}),
        )?;
        self.exec(
            Service::Iam,
            "AttachRolePolicy",
            json!({"RoleName": "ecsInstanceRole",
                "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"}),
        )?;
        self.exec(
            Service::Iam,
            "CreateInstanceProfile",
            json!({"InstanceProfileName": "ecsInstanceRole"}),
        )?;
        self.exec(
            Service::Iam,
            "AddRoleToInstanceProfile",
            json!({"InstanceProfileName": "ecsInstanceRole", "RoleName": "ecsInstanceRole"}),
        )?;
        self.exec(
            Service::Ec2,
            "CreateLaunchTemplate",
            json!({"LaunchTemplateName": "fleet", "LaunchTemplateData": {
                "ImageId": "ami-079c74e08613d0498", "InstanceType": "m5.large",
                "IamInstanceProfile": {"Name": "ecsInstanceRole"}, "UserData": USER_DATA}}),
        )?;
        // The default subnets (one per AZ), in AZ order.
        let subnets = self.exec(Service::Ec2, "DescribeSubnets", json!({}))?;
        let mut subnets: Vec<(String, String)> = subnets["Subnets"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|s| s["DefaultForAz"] == json!(true))
                    .filter_map(|s| {
                        Some((
                            s["AvailabilityZone"].as_str()?.to_owned(),
                            s["SubnetId"].as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        subnets.sort();
        let subnets: Vec<String> = subnets.into_iter().take(3).map(|(_, id)| id).collect();
        if subnets.is_empty() {
            return Err(BenchError("no default subnets".into()));
        }
        self.exec(
            Service::AutoScaling,
            "CreateAutoScalingGroup",
            json!({"AutoScalingGroupName": "fleet-asg",
                "LaunchTemplate": {"LaunchTemplateName": "fleet", "Version": "$Latest"},
                "MinSize": w.instances, "MaxSize": w.instances, "DesiredCapacity": w.instances,
                "VPCZoneIdentifier": subnets.join(",")}),
        )?;
        // MODEL: running after 30 s, the agent registers 30 s later.
        self.advance_to(SimTime::ZERO.saturating_add(SimDuration::minutes(1)));
        let vpc = self.exec(Service::Ec2, "DescribeVpcs", json!({}))?;
        let vpc_id = vpc["Vpcs"][0]["VpcId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut families = Vec::new();
        for s in plan {
            self.register(s)?;
            let mut input = json!({"cluster": CLUSTER, "serviceName": s.name,
                "taskDefinition": s.name, "desiredCount": s.desired});
            if w.requests_per_second > 0 {
                // Its own ALB (the VPC's default group, which admits its
                // members: the instances and the Fargate tasks have it).
                let lb = self.exec(
                    Service::Elbv2,
                    "CreateLoadBalancer",
                    json!({"Name": s.name, "Subnets": subnets}),
                )?;
                let lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let target_type = if s.kind == Kind::Fargate {
                    "ip"
                } else {
                    "instance"
                };
                let tg = self.exec(
                    Service::Elbv2,
                    "CreateTargetGroup",
                    json!({"Name": s.name, "Protocol": "HTTP", "Port": 80, "VpcId": vpc_id,
                        "TargetType": target_type}),
                )?;
                let tg_arn = tg["TargetGroups"][0]["TargetGroupArn"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                self.exec(
                    Service::Elbv2,
                    "ModifyTargetGroupAttributes",
                    json!({"TargetGroupArn": tg_arn, "Attributes": [
                        {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]}),
                )?;
                self.exec(
                    Service::Elbv2,
                    "CreateListener",
                    json!({"LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": 80,
                        "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn}]}),
                )?;
                input["loadBalancers"] = json!([{"targetGroupArn": tg_arn,
                    "containerName": "app", "containerPort": 80}]);
                input["healthCheckGracePeriodSeconds"] = json!(60);
                self.sim
                    .apply(Input::Traffic(stevedore_engine::elbv2::Traffic {
                        load_balancer: s.name.clone(),
                        rate: Some(w.requests_per_second),
                        path: None,
                    }));
            }
            match s.kind {
                Kind::Bridge => input["launchType"] = json!("EC2"),
                Kind::Fargate => {
                    input["launchType"] = json!("FARGATE");
                    input["networkConfiguration"] = json!({"awsvpcConfiguration":
                        {"subnets": subnets, "assignPublicIp": "ENABLED"}});
                }
            }
            self.exec(Service::Ecs, "CreateService", input)?;
            if w.autoscale {
                self.autoscale(s)?;
            }
            families.push(s.name.clone());
        }
        Ok(families)
    }

    /// Issue 16: the service scales on its CPU between its desired count
    /// and twice that, under a daily demand curve.
    fn autoscale(&mut self, s: &ServicePlan) -> Result<(), BenchError> {
        let resource = format!("service/{CLUSTER}/{}", s.name);
        self.exec(
            Service::ApplicationAutoScaling,
            "RegisterScalableTarget",
            json!({"ServiceNamespace": "ecs", "ResourceId": resource,
                "ScalableDimension": "ecs:service:DesiredCount",
                "MinCapacity": s.desired.max(1), "MaxCapacity": (s.desired * 2).max(2)}),
        )?;
        self.exec(
            Service::ApplicationAutoScaling,
            "PutScalingPolicy",
            json!({"ServiceNamespace": "ecs", "ResourceId": resource,
                "ScalableDimension": "ecs:service:DesiredCount", "PolicyName": "cpu50",
                "PolicyType": "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 50.0,
                    "PredefinedMetricSpecification":
                        {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}),
        )?;
        Ok(())
    }

    /// Issue 16: the daily demand on every service, once its tasks run
    /// (`sim load` takes a share of the CPU of the tasks running now).
    fn daily_loads(&mut self, plan: &[ServicePlan]) {
        let now = self.sim.now();
        self.advance_to(now.saturating_add(SimDuration::minutes(2)));
        for s in plan {
            self.sim
                .apply(Input::Load(stevedore_engine::cloudwatch::Load {
                    resource_id: format!("service/{CLUSTER}/{}", s.name),
                    cpu_percent: Some(80.0),
                    memory_percent: None,
                    profile: Some("daily".into()),
                    off: false,
                }));
        }
    }

    /// Registers a (new) revision of the service's task definition; returns
    /// its ARN.
    fn register(&mut self, s: &ServicePlan) -> Result<String, BenchError> {
        let input = match s.kind {
            Kind::Bridge => json!({"family": s.name, "networkMode": "bridge",
                "requiresCompatibilities": ["EC2"],
                "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 64, "memory": 128,
                    "portMappings": [{"containerPort": 80, "hostPort": 0}]}]}),
            Kind::Fargate => json!({"family": s.name, "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
                "containerDefinitions": [{"name": "app", "image": "nginx",
                    "portMappings": [{"containerPort": 80}]}]}),
        };
        let out = self.exec(Service::Ecs, "RegisterTaskDefinition", input)?;
        out["taskDefinition"]["taskDefinitionArn"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| BenchError("RegisterTaskDefinition: no ARN".into()))
    }

    fn act(&mut self, action: Action, plan: &[ServicePlan]) -> Result<(), BenchError> {
        match action {
            Action::Deploy(i) => {
                let Some(s) = plan.get(i) else {
                    return Ok(());
                };
                let arn = self.register(s)?;
                let input = json!({"cluster": CLUSTER, "service": s.name, "taskDefinition": arn});
                let command = Command::from_json(Service::Ecs, "UpdateService", input)
                    .map_err(|e| BenchError(format!("UpdateService: {}", e.message)))?;
                self.report.commands += 1;
                match self.sim.apply(Input::Api(command)).api() {
                    Ok(_) => self.report.deployments += 1,
                    // An engine without deployments refuses them: counted and
                    // reported, not hidden.
                    Err(e) if e.code == ErrorCode::UnsupportedFeatureException => {
                        self.report.deployments_refused += 1;
                    }
                    Err(e) => {
                        return Err(BenchError(format!(
                            "UpdateService: {}: {}",
                            e.code.as_str(),
                            e.message
                        )));
                    }
                }
                self.absorb_events();
            }
            Action::Crash => {
                if self.running_tasks.is_empty() {
                    return Ok(());
                }
                let k = self.rng.below(self.running_tasks.len());
                let Some(task) = self.running_tasks.nth(k) else {
                    return Ok(());
                };
                // F1.9: the essential container exits (code 1); the task
                // stops and its service replaces it.
                self.report.faults += 1;
                self.sim
                    .apply(Input::Fault(Fault::KillTask {
                        task,
                        container: None,
                        exit_code: 1,
                    }))
                    .fault()
                    .map_err(|e| BenchError(format!("fault kill-task: {}", e.message)))?;
                self.absorb_events();
                self.report.crashes += 1;
            }
            Action::TerminateInstance => {
                if self.running_instances.is_empty() {
                    return Ok(());
                }
                let k = self.rng.below(self.running_instances.len());
                let Some(id) = self.running_instances.iter().nth(k).cloned() else {
                    return Ok(());
                };
                // As TerminateInstances: tasks stopped (F1.8), the group
                // launches a replacement.
                self.report.faults += 1;
                self.sim
                    .apply(Input::Fault(Fault::TerminateInstance { instance_id: id }))
                    .fault()
                    .map_err(|e| BenchError(format!("fault terminate-instance: {}", e.message)))?;
                self.absorb_events();
                self.report.instances_terminated += 1;
            }
        }
        Ok(())
    }
}

/// The workload's actions over the day, in time order (ms since setup).
fn schedule(w: &Workload, services: usize) -> Vec<(u64, Action)> {
    const HOUR: u64 = 3_600_000;
    let mut out = Vec::new();
    for h in 0..u64::from(w.hours) {
        let start = h * HOUR;
        // Deployments: 5 minutes into the hour, one service every
        // (50 min / services), so each deployment has time to finish.
        let step = 50 * 60_000 / (services.max(1) as u64);
        for i in 0..services {
            out.push((start + 5 * 60_000 + i as u64 * step, Action::Deploy(i)));
        }
        // Crashes: ceil(tasks × percent / 100) per hour, evenly spread.
        let crashes = u64::from((w.tasks * w.crash_percent_per_hour).div_ceil(100));
        for k in 0..crashes {
            out.push((start + 90_000 + k * HOUR / crashes.max(1), Action::Crash));
        }
        // An instance every `terminate_every_hours`, halfway through.
        let every = u64::from(w.terminate_every_hours.max(1));
        if h % every == every / 2 {
            out.push((start + HOUR / 2, Action::TerminateInstance));
        }
    }
    out.sort();
    out
}

/// Runs the workload. `clock()` returns milliseconds from any origin; it is
/// read at the start, after setup and at the end.
pub fn run(workload: &Workload, clock: &mut dyn FnMut() -> f64) -> Result<Report, BenchError> {
    drive(workload, clock).map(|(report, _)| report)
}

/// Runs the workload and also hands back the Sim, for tests that look at
/// the end state (no clock: the wall times are 0).
pub fn run_with_sim(workload: &Workload) -> Result<(Report, Sim), BenchError> {
    drive(workload, &mut || 0.0)
}

fn drive(workload: &Workload, clock: &mut dyn FnMut() -> f64) -> Result<(Report, Sim), BenchError> {
    let t0 = clock();
    let sim = Sim::new(SimConfig::with_seed(workload.seed))
        .map_err(|e| BenchError(format!("Sim::new: {}", e.message)))?;
    let plan = workload.plan();
    let mut d = Driver {
        sim,
        rng: SplitMix(workload.seed ^ 0x5EED),
        running_tasks: RunningTasks::default(),
        running_instances: BTreeSet::new(),
        report: Report {
            workload: workload.clone(),
            wall_ms: 0.0,
            setup_wall_ms: 0.0,
            sim_seconds: 0,
            events: 0,
            timers_fired: 0,
            commands: 0,
            faults: 0,
            deployments: 0,
            deployments_refused: 0,
            crashes: 0,
            instances_terminated: 0,
            tasks_started: 0,
            tasks_stopped: 0,
            running_at_end: 0,
            desired_tasks: plan.iter().map(|s| u64::from(s.desired)).sum(),
        },
    };
    d.setup(&plan)?;
    if workload.autoscale {
        d.daily_loads(&plan);
    }
    d.report.setup_wall_ms = clock() - t0;
    let origin = d.sim.now();
    for (at, action) in schedule(workload, plan.len()) {
        d.advance_to(origin.saturating_add(SimDuration::millis(at)));
        d.act(action, &plan)?;
    }
    let end = origin.saturating_add(SimDuration::hours(u64::from(workload.hours)));
    d.advance_to(end);
    d.report.sim_seconds = d.sim.now().since(SimTime::ZERO).as_millis() / 1000;
    d.report.timers_fired = d.sim.timers_fired();
    d.report.running_at_end = d.running_tasks.len() as u64;
    if let Some(arn) = d.running_tasks.foreign.take() {
        return Err(BenchError(format!(
            "task ARN {arn} is not of the day's cluster and id form"
        )));
    }
    d.report.wall_ms = clock() - t0;
    Ok((d.report, d.sim))
}
