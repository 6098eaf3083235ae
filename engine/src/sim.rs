//! [`Sim`]: the simulated account. One way in ([`Sim::apply`] of an
//! [`Input`](crate::Input), in `input.rs`), one for reading ([`Sim::view`]),
//! and the events that came out ([`Sim::drain_events`]).
//!
//! Time is a discrete-event queue: actions that happen later (a task reaching
//! RUNNING, a deleted cluster's record expiring) are [`Timer`]s keyed by
//! (due time, sequence number), so two timers due at the same millisecond
//! fire in the order they were scheduled, on every platform.
//!
//! Service schedulers act once per simulated millisecond: a task change
//! that needs a service's scheduler (a task stopped or became healthy, a
//! throttled retry) asks with `Sim::request_reconcile`, and
//! [`Sim::run_scheduler`] reconciles the waiting services (in ARN order)
//! after the last timer due at that millisecond, and before and after every
//! command and fault (MODEL: ECS reacts to task changes in batches, "has
//! started 10 tasks"). So the scheduler queue is empty between inputs,
//! which is what lets the journal merge consecutive advances.
//!
//! `check_invariants` runs after every command and timer in debug builds
//! (and after every scenario step): each service module adds its own
//! `check_*_invariants`.

use crate::base::arn::Arns;
use crate::base::time::Precision;
use crate::command::{Command, Response};
use crate::config::SimConfig;
use crate::error::ApiError;
use crate::event::{Event, EventKind};
use crate::rng::Pcg32;
use crate::sqs::SqsCheck;
use crate::state::State;
use crate::time::{SimDuration, SimTime};
use crate::view::{ClusterView, View};
use std::collections::BTreeMap;

/// Something scheduled to happen at a later simulated time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Timer {
    ForgetInactiveCluster {
        name: String,
        deleted_at: SimTime,
    },
    // Capacity: EC2 instances and the ECS agent.
    InstanceRunning {
        instance_id: String,
    },
    AgentRegistration {
        instance_id: String,
    },
    InstanceTerminated {
        instance_id: String,
    },
    ForgetInstance {
        instance_id: String,
    },
    ForgetContainerInstance {
        arn: String,
        deregistered_at: SimTime,
    },
    /// A REGISTERING container instance's trunk ENI is attached (F3.5).
    TrunkAttached {
        arn: String,
        registered_at: SimTime,
    },
    // Tasks.
    TaskAdvance {
        task_arn: String,
        expect: &'static str,
    },
    ServiceRetry {
        service_arn: String,
    },
    /// A service task may count as healthy now (40 s after RUNNING, F6.2).
    ServiceTaskHealthy {
        service_arn: String,
    },
    ForgetStoppedTask {
        task_arn: String,
    },
    /// A container health-check probe (F4.7, engine/src/ecs/health.rs);
    /// `container` is the index in the task's containers.
    HealthProbe {
        task_arn: String,
        container: usize,
    },
    /// A container's simulated process (the AWS CLI, engine/src/ecs/aws_cli.rs)
    /// made its call and exits; `container` is the index in the task.
    ContainerProcessExit {
        task_arn: String,
        container: usize,
    },
    /// A lifecycle policy's scheduled evaluation (F10.4); `serial` names the
    /// policy, so a replaced or deleted policy's timer does nothing.
    EcrLifecycleEvaluation {
        repository: String,
        serial: u64,
    },
    /// DeleteCapacityProvider's DELETE_IN_PROGRESS completes (MODEL).
    CapacityProviderDeleted {
        name: String,
    },
    /// A task waiting in PROVISIONING for cluster auto scaling gives up
    /// (engine/src/ecs/capacity_provider/managed.rs).
    CapacityWaitExpired {
        task_arn: String,
    },
    /// A Fargate Spot task's two-minute notice is over (F2.9).
    SpotInterruption {
        task_arn: String,
    },
    /// A load balancer's health check of one target (engine/src/elbv2);
    /// `generation` names the registration, so a stale timer does nothing.
    TargetHealthCheck {
        target_group_arn: String,
        id: String,
        port: u16,
        generation: u64,
    },
    /// A draining target's deregistration delay is over (F7.6).
    TargetDrained {
        target_group_arn: String,
        id: String,
        port: u16,
        generation: u64,
    },
    /// A DEACTIVATING task's targets have drained: it goes on to
    /// STOPPING (F1.1).
    TaskDeactivated {
        task_arn: String,
    },
    /// A minute of `sim traffic` is over (engine/src/elbv2/traffic.rs).
    TrafficMinute,
    /// A step of the queue workers and `sim produce` (engine/src/sqs/worker.rs).
    SqsWork,
    /// A basic image scan finishes (F10.5).
    EcrScanComplete {
        repository: String,
        serial: u64,
        digest: String,
        started_at: SimTime,
    },
    /// An Application Auto Scaling scheduled action's time has come
    /// (engine/src/applicationautoscaling/scheduled.rs); `generation` names
    /// the version of the action, so a replaced or deleted one's timer does
    /// nothing.
    AasScheduledAction {
        resource_id: String,
        name: String,
        generation: u64,
    },
    /// An EC2 Auto Scaling scheduled action's time has come
    /// (engine/src/autoscaling/scheduled.rs); `generation` as above.
    AsgScheduledAction {
        group: String,
        name: String,
        generation: u64,
    },
    /// A matched event reaches its rule's targets (engine/src/events/deliver.rs).
    EventsDelivery {
        serial: u64,
    },
    /// A scheduled rule's time has come; `generation` names the version of
    /// the rule, so a replaced or deleted one's timer does nothing.
    EventsRuleSchedule {
        rule: String,
        generation: u64,
    },
    /// An EventBridge Scheduler schedule's time has come
    /// (engine/src/scheduler.rs): `nominal` is the schedule's own time
    /// (epoch seconds), before any flexible window.
    SchedulerSchedule {
        group: String,
        name: String,
        generation: u64,
        nominal: i64,
    },
}

/// The pending timers, soonest first by (due time, sequence number): a
/// binary heap (a timer is pushed once and popped once, and only the
/// soonest is ever looked at while time runs), where a B-tree of about
/// 72-byte entries moved them about on every insert and allocated a
/// kilobyte-sized node at every split. The keys are unique, so the heap
/// pops them in exactly the B-tree's order. `Debug` lists them in key
/// order as the map did (`Sim::state_fingerprint` prints it).
#[derive(Clone, Default)]
struct TimerQueue(std::collections::BinaryHeap<Pending>);

#[derive(Clone)]
struct Pending {
    key: (SimTime, u64),
    timer: Timer,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Pending {}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending {
    /// Reversed: the heap's greatest is the soonest.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.key.cmp(&self.key)
    }
}

impl TimerQueue {
    fn insert(&mut self, key: (SimTime, u64), timer: Timer) {
        self.0.push(Pending { key, timer });
    }

    /// The soonest timer's key.
    fn first_key(&self) -> Option<(SimTime, u64)> {
        self.0.peek().map(|p| p.key)
    }

    /// Takes the soonest timer.
    fn pop_first(&mut self) -> Option<Timer> {
        self.0.pop().map(|p| p.timer)
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    /// The pending timers in key order.
    fn in_order(&self) -> Vec<&Pending> {
        let mut all: Vec<&Pending> = self.0.iter().collect();
        all.sort_unstable_by_key(|p| p.key);
        all
    }

    /// When the soonest timer other than the minute's is due, else the
    /// soonest (see [`Sim::next_due`]).
    fn next_due(&self) -> Option<SimTime> {
        self.0
            .iter()
            .filter(|p| !matches!(p.timer, Timer::TrafficMinute | Timer::SqsWork))
            .map(|p| p.key)
            .min()
            .or_else(|| self.first_key())
            .map(|(due, _)| due)
    }
}

impl std::fmt::Debug for TimerQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.in_order().into_iter().map(|p| (&p.key, &p.timer)))
            .finish()
    }
}

/// Debug builds check the invariants after every command and timer; every
/// this many checks, the check also walks every
/// message and receipt handle of every SQS queue ([`Sim::check_invariants`]),
/// the other times only the queues and their indexes (a queue may hold tens
/// of thousands of messages and ten thousand handles).
pub const RECOUNT_MESSAGES_EVERY: u64 = 1024;

#[derive(Debug, Clone)]
pub struct Sim {
    pub(crate) config: SimConfig,
    pub(crate) arns: Arns,
    pub(crate) now: SimTime,
    /// The one source of randomness (ids, failures, jitter), drawn from only
    /// inside the engine in a deterministic order. Cluster actions are not
    /// random; task and instance ids are the first to draw from it.
    #[allow(dead_code)]
    pub(crate) rng: Pcg32,
    pub(crate) state: State,
    timers: TimerQueue,
    next_timer: u64,
    next_event: u64,
    outbox: Vec<Event>,
    timers_fired: u64,
    /// Invariant checks debug builds made (not state: for
    /// [`RECOUNT_MESSAGES_EVERY`]).
    debug_checks: u64,
    /// EventBridge events (engine/src/eventbridge.rs).
    pub(crate) eventbridge: crate::eventbridge::EventBridgeState,
    /// Services whose scheduler runs once the task changes of this
    /// simulated millisecond are all in ([`Sim::run_scheduler`]), with
    /// whether one of their tasks may have become healthy.
    pub(crate) scheduler_queue: BTreeMap<String, bool>,
    /// Every input applied ([`Sim::apply`] records it).
    pub(crate) journal: crate::journal::Journal,
    /// Each target group's last minute of `sim traffic` with what it read
    /// (engine/src/elbv2/traffic.rs): a function of the state, so outside
    /// it and its fingerprint.
    pub(crate) group_minute_memos: BTreeMap<String, crate::elbv2::traffic::GroupMinuteMemo>,
}

impl Sim {
    /// A new, empty account. Fails only if the config is invalid (an account
    /// id that is not 12 digits, a region the simulator does not know).
    pub fn new(config: SimConfig) -> Result<Sim, ApiError> {
        config.validate()?;
        let mut sim = Sim {
            arns: Arns::new(&config.account_id, &config.region),
            rng: Pcg32::from_seed(config.seed),
            journal: crate::journal::Journal::new(config.clone()),
            config,
            now: SimTime::ZERO,
            state: State::default(),
            timers: TimerQueue::default(),
            next_timer: 0,
            next_event: 1,
            outbox: Vec::new(),
            timers_fired: 0,
            debug_checks: 0,
            eventbridge: crate::eventbridge::EventBridgeState::default(),
            scheduler_queue: BTreeMap::new(),
            group_minute_memos: BTreeMap::new(),
        };
        // Like a real account: a default VPC with a subnet per zone.
        sim.create_default_vpc();
        Ok(sim)
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Number of scheduled timers that have fired so far.
    pub fn timers_fired(&self) -> u64 {
        self.timers_fired
    }

    /// When the next timer is due, if any: where [`Input::StepToNextTimer`]
    /// moves time to.
    ///
    /// [`Input::StepToNextTimer`]: crate::Input::StepToNextTimer
    pub fn next_due(&self) -> Option<SimTime> {
        // The minute timer (metrics, traffic figures) changes nothing a
        // learner sees at once: "next event" steps past it to the next
        // thing that does, when there is one.
        self.timers.next_due()
    }

    /// How many timers are pending.
    pub fn pending_timers(&self) -> usize {
        self.timers.len()
    }

    /// Everything a replay must reproduce (time, the generator, the state,
    /// the timers and the counters; not what waits in the event outboxes,
    /// which depends on when they were drained), as text: two accounts
    /// with the same inputs have the same text. For replay tests; slow.
    pub fn state_fingerprint(&self) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{} {} {} {}\n{:?}",
            self.now,
            self.rng,
            self.state,
            self.timers,
            self.next_timer,
            self.next_event,
            self.timers_fired,
            self.eventbridge.published,
            self.scheduler_queue
        )
    }

    /// Milliseconds since the Unix epoch of simulated time `t`.
    pub(crate) fn epoch_ms(&self, t: SimTime) -> u64 {
        t.epoch_ms(self.config.start_epoch_ms)
    }

    /// Simulated time `t` as an AWS timestamp: UTC ISO 8601.
    pub(crate) fn iso8601(&self, t: SimTime, precision: Precision) -> String {
        crate::base::time::iso8601(self.epoch_ms(t), precision)
    }

    /// `prefix-` and 17 lowercase hex digits, unique within the account:
    /// EC2's id form (`vpc-0a1b2c3d4e5f67890`), for VPCs, subnets, security
    /// groups and their rules, launch templates, instances and ENIs.
    pub(crate) fn new_resource_id(&mut self, prefix: &str) -> String {
        let bits = self.next_id_bits();
        crate::base::id::prefixed(prefix, bits)
    }

    /// 32 lowercase hex digits (ECS task and container instance ids).
    pub(crate) fn new_hex_id(&mut self) -> String {
        let (a, b) = (self.next_id_bits(), self.next_id_bits());
        crate::base::id::hex32(a, b)
    }

    /// A new id in UUID form (`8-4-4-4-12` hex digits of a
    /// [`Self::new_hex_id`]), as AWS prints Auto Scaling activity ids, ARN
    /// uuids and attachment ids.
    pub(crate) fn new_uuid(&mut self) -> String {
        let (a, b) = (self.next_id_bits(), self.next_id_bits());
        crate::base::id::uuid(a, b)
    }

    /// The bits of the account's next id: a counter mixed with the seed
    /// (not drawn from [`Sim::rng`], so capacity ids never shift other
    /// draws).
    fn next_id_bits(&mut self) -> u64 {
        self.state.next_id += 1;
        crate::base::id::bits(self.config.seed, self.state.next_id)
    }

    /// Runs one AWS API action at the current simulated time (through
    /// [`Sim::apply`] from outside the engine).
    pub(crate) fn execute(&mut self, command: Command) -> Result<Response, ApiError> {
        self.run_scheduler();
        // Actions that change what a load balancer's health checks reach
        // wake the parked checks (engine/src/elbv2/health.rs).
        let reach_changes = matches!(
            command.operation(),
            "AuthorizeSecurityGroupIngress"
                | "RevokeSecurityGroupIngress"
                | "DeleteSecurityGroup"
                | "TerminateInstances"
        );
        let result = command.dispatch(self);
        if reach_changes && result.is_ok() {
            self.rearm_targets(None);
        }
        self.run_scheduler();
        self.debug_check_invariants();
        result
    }

    /// Moves simulated time forward by `by`, firing every timer that falls
    /// due on the way, in order (through [`Sim::apply`] from outside the
    /// engine).
    pub(crate) fn advance(&mut self, by: SimDuration) {
        let target = self.now.saturating_add(by);
        self.run_scheduler();
        while let Some((due, _)) = self.timers.first_key() {
            if due > target {
                break;
            }
            let Some(timer) = self.timers.pop_first() else {
                break;
            };
            self.now = due;
            self.settle_queues();
            self.timers_fired += 1;
            self.fire(timer);
            // The last timer of this millisecond: the services whose tasks
            // changed act on all of it at once.
            if self.timers.first_key().is_none_or(|(next, _)| next != due) {
                self.run_scheduler();
            }
            self.debug_check_invariants();
        }
        self.now = target;
        self.settle_queues();
    }

    /// The events emitted since the last call, oldest first.
    pub fn drain_events(&mut self) -> Vec<Event> {
        // The next batch gets room for as many as this one (no regrowing
        // from empty after every drain).
        let room = self.outbox.len();
        std::mem::replace(&mut self.outbox, Vec::with_capacity(room))
    }

    /// A plain-data picture of the account now.
    pub fn view(&self) -> View {
        View {
            now: self.now,
            account_id: self.config.account_id.clone(),
            region: self.config.region.clone(),
            clusters: self
                .state
                .clusters
                .values()
                .map(|c| {
                    let counts = self.cluster_counts(&c.arn);
                    ClusterView {
                        name: c.name.clone(),
                        arn: c.arn.clone(),
                        status: c.status,
                        registered_container_instances: counts.registered_container_instances,
                        running_tasks: counts.running_tasks,
                        pending_tasks: counts.pending_tasks,
                        active_services: counts.active_services,
                        tags: c
                            .tags
                            .iter()
                            .map(|t| (t.key.clone(), t.value.clone()))
                            .collect(),
                        created_at: c.created_at,
                        capacity_providers: c.capacity_providers.clone(),
                        default_capacity_provider_strategy: c
                            .default_capacity_provider_strategy
                            .iter()
                            .map(|i| (i.capacity_provider.clone(), i.weight, i.base))
                            .collect(),
                        container_insights: c
                            .settings
                            .iter()
                            .find(|s| {
                                s.name == crate::ecs::cluster::ClusterSettingName::ContainerInsights
                            })
                            .map_or_else(|| "disabled".to_owned(), |s| s.value.clone()),
                    }
                })
                .collect(),
            task_definitions: self.task_definition_views(),
            roles: self.role_views(),
            repositories: self.ecr_view(),
            instances: self.instance_views(),
            container_instances: self.container_instance_views(),
            tasks: self.task_views(),
            faults: self.fault_views(),
            services: self.service_views(),
            account_settings: self.account_setting_views(),
            vpcs: self.vpc_views(),
            subnets: self.subnet_views(),
            security_groups: self.security_group_views(),
            launch_templates: self.launch_template_views(),
            auto_scaling_groups: self.auto_scaling_group_views(),
            capacity_providers: self.capacity_provider_views(),
            instance_profiles: self.instance_profile_views(),
            log_groups: self.log_group_views(),
            files: self
                .files()
                .map(|(path, bytes)| (crate::files::display(path), bytes))
                .collect(),
            load_balancers: self.load_balancer_views(),
            target_groups: self.target_group_views(),
            metrics: self.metrics_view(),
            rules: self.rule_views(),
            schedules: self.schedule_views(),
            queues: self.queue_views(),
            topics: self.topic_views(),
            inbox: self.state.sns.inbox.clone(),
            buckets: self.bucket_views(),
            file_systems: self.file_system_views(),
            tables: self.table_views(),
        }
    }

    /// Checks the state's invariants; `Err` names the first one broken.
    /// Tests call it after every step; debug builds after every command and
    /// timer, walking every message and receipt handle of every queue only
    /// every [`RECOUNT_MESSAGES_EVERY`]th time.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.check_invariants_with(SqsCheck::Messages)
    }

    /// [`Sim::check_invariants`] without the walk over every message of
    /// every SQS queue (a queue may hold `sqs::produce::MAX_QUEUE_BACKLOG`):
    /// the queues' indexes, counts and receipt handles are still checked,
    /// at a cost of the queues and their receipt handles.
    pub fn check_invariants_quickly(&self) -> Result<(), String> {
        self.check_invariants_with(SqsCheck::Receipts)
    }

    fn check_invariants_with(&self, sqs: SqsCheck) -> Result<(), String> {
        for (name, cluster) in &self.state.clusters {
            if name != &cluster.name {
                return Err(format!(
                    "cluster stored under '{name}' is named '{}'",
                    cluster.name
                ));
            }
            if cluster.arn != self.cluster_arn(name) {
                return Err(format!("cluster '{name}' has foreign ARN {}", cluster.arn));
            }
            let inactive = cluster.status == crate::ecs::cluster::ClusterStatus::Inactive;
            if inactive != cluster.deleted_at.is_some() {
                return Err(format!(
                    "cluster '{name}' is {:?} with deleted_at {:?}",
                    cluster.status, cluster.deleted_at
                ));
            }
        }
        self.state.check_task_index()?;
        self.state.check_container_instance_index()?;
        self.check_capacity_invariants()?;
        self.check_iam_invariants()?;
        self.check_task_definition_invariants()?;
        self.check_ecr_invariants()?;
        self.check_health_invariants()?;
        self.check_container_log_invariants()?;
        self.check_logs_invariants()?;
        self.check_eventbridge_invariants()?;
        self.check_events_invariants()?;
        self.check_deployment_invariants()?;
        self.check_draining_invariants()?;
        self.check_account_setting_invariants()?;
        self.check_reach_invariants()?;
        self.check_capacity_provider_invariants()?;
        self.check_elb_invariants()?;
        self.check_sqs_invariants(sqs)?;
        self.check_s3_invariants()?;
        self.check_dynamodb_invariants()?;
        self.check_efs_invariants()?;
        if let Some((due, _)) = self.timers.first_key()
            && due < self.now
        {
            return Err(format!(
                "a timer due at {due} is still pending at {}",
                self.now
            ));
        }
        Ok(())
    }

    fn debug_check_invariants(&mut self) {
        self.debug_checks += 1;
        let sqs = if self.debug_checks.is_multiple_of(RECOUNT_MESSAGES_EVERY) {
            SqsCheck::Messages
        } else {
            SqsCheck::Queues
        };
        if cfg!(debug_assertions)
            && let Err(broken) = self.check_invariants_with(sqs)
        {
            // A broken invariant is a bug in the engine, not a user error.
            debug_assert!(false, "engine invariant broken: {broken}");
        }
    }

    pub(crate) fn schedule(&mut self, after: SimDuration, timer: Timer) {
        let key = (self.now.saturating_add(after), self.next_timer);
        self.next_timer += 1;
        self.timers.insert(key, timer);
    }

    pub(crate) fn emit(&mut self, kind: EventKind) {
        self.publish_eventbridge(&kind);
        let event = Event {
            seq: self.next_event,
            time: self.now,
            kind,
        };
        self.next_event += 1;
        self.outbox.push(event);
    }

    /// Where the event outbox stands, so a refused request can take back
    /// the events it emitted before it failed ([`Sim::undo_events`]).
    /// Covers the EventBridge copies too.
    pub(crate) fn event_mark(&self) -> (usize, u64, u64) {
        (
            self.outbox.len(),
            self.next_event,
            self.eventbridge.published,
        )
    }

    pub(crate) fn undo_events(&mut self, mark: (usize, u64, u64)) {
        self.outbox.truncate(mark.0);
        self.next_event = mark.1;
        self.unpublish_eventbridge_after(mark.2);
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::ForgetInactiveCluster { name, deleted_at } => {
                self.forget_inactive_cluster(&name, deleted_at);
            }
            Timer::InstanceRunning { instance_id } => self.instance_running(&instance_id),
            Timer::AgentRegistration { instance_id } => self.agent_registration(&instance_id),
            Timer::InstanceTerminated { instance_id } => self.instance_terminated(&instance_id),
            Timer::ForgetInstance { instance_id } => self.forget_instance(&instance_id),
            Timer::ForgetContainerInstance {
                arn,
                deregistered_at,
            } => self.forget_container_instance(&arn, deregistered_at),
            Timer::TrunkAttached { arn, registered_at } => {
                self.trunk_attached(&arn, registered_at);
            }
            Timer::TaskAdvance { task_arn, expect } => self.task_advance(&task_arn, expect),
            Timer::ServiceRetry { service_arn } => self.service_retry(&service_arn),
            Timer::ServiceTaskHealthy { service_arn } => self.service_task_healthy(&service_arn),
            Timer::ForgetStoppedTask { task_arn } => self.forget_stopped_task(&task_arn),
            Timer::HealthProbe {
                task_arn,
                container,
            } => self.health_probe(&task_arn, container),
            Timer::ContainerProcessExit {
                task_arn,
                container,
            } => self.container_process_exit(&task_arn, container),
            Timer::EcrLifecycleEvaluation { repository, serial } => {
                self.run_lifecycle_evaluation(&repository, serial);
            }
            Timer::EcrScanComplete {
                repository,
                serial,
                digest,
                started_at,
            } => self.complete_scan(&repository, serial, &digest, started_at),
            Timer::CapacityProviderDeleted { name } => self.capacity_provider_deleted(&name),
            Timer::CapacityWaitExpired { task_arn } => self.capacity_wait_expired(&task_arn),
            Timer::SpotInterruption { task_arn } => self.spot_interruption_due(&task_arn),
            Timer::TargetHealthCheck {
                target_group_arn,
                id,
                port,
                generation,
            } => self.target_health_check(&target_group_arn, &id, port, generation),
            Timer::TargetDrained {
                target_group_arn,
                id,
                port,
                generation,
            } => self.target_drained(&target_group_arn, &id, port, generation),
            Timer::TaskDeactivated { task_arn } => self.task_deactivated(&task_arn),
            Timer::TrafficMinute => self.traffic_minute(),
            Timer::SqsWork => self.sqs_work(),
            Timer::AasScheduledAction {
                resource_id,
                name,
                generation,
            } => self.aas_scheduled_action_due(&resource_id, &name, generation),
            Timer::AsgScheduledAction {
                group,
                name,
                generation,
            } => self.asg_scheduled_action_due(&group, &name, generation),
            Timer::EventsDelivery { serial } => self.events_delivery_due(serial),
            Timer::EventsRuleSchedule { rule, generation } => {
                self.events_rule_schedule_due(&rule, generation);
            }
            Timer::SchedulerSchedule {
                group,
                name,
                generation,
                nominal,
            } => self.scheduler_schedule_due(&group, &name, generation, nominal),
        }
    }
}
