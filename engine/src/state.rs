//! Everything the simulated account holds. Ordered collections only
//! (`BTreeMap`), so iteration order, and with it every trace, is deterministic.
//!
//! Services, tasks and container instances are created by the task, service
//! and capacity actions; clusters count them and refuse deletion while any are
//! active. Derived numbers (a cluster's task counts) are computed, not stored.
//!
//! **Task indexes follow the task map.** [`TaskIndex`] holds, for the live
//! (not STOPPED) tasks only, their slots by `task:group` and by container
//! instance (in ARN order), the private IPs by subnet, and what each
//! container instance's tasks hold (CPU, memory, host ports, ENIs, RUNNING
//! and PENDING counts). Insert and forget task records only with
//! [`State::insert_task`] / [`State::remove_task`]; the one change to
//! STOPPED (`Sim::stop_task_now`) releases the index, and a live task
//! changes status only through [`State::set_live_status`]; every stop path
//! starts with `Sim::enter_stopping`. A task's group, instance, subnet and
//! IP never change after it is created. `Sim::check_invariants` compares
//! the indexes with a recomputation from the tasks.

use crate::autoscaling::group::AutoScalingGroupRecord;
use crate::ec2::instance::InstanceRecord;
use crate::ec2::launch_template::LaunchTemplateRecord;
use crate::ec2::security_group::SecurityGroupRecord;
use crate::ec2::vpc::{SubnetRecord, VpcRecord};
use crate::ecs::cluster::ClusterRecord;
pub use crate::ecs::container_instance::ContainerInstanceRecord;
use crate::ecs::task_definition::FamilyRecord;
use crate::iam::{InstanceProfileRecord, RoleRecord};
use crate::time::SimTime;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LaunchType {
    Ec2,
    Fargate,
}

impl LaunchType {
    /// The API's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchType::Ec2 => "EC2",
            LaunchType::Fargate => "FARGATE",
        }
    }

    /// The platform version its tasks show: Fargate's only.
    pub fn platform_version(self) -> Option<&'static str> {
        (self == LaunchType::Fargate).then_some(crate::ecs::run_task::FARGATE_PLATFORM)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskStatus {
    Pending,
    Running,
    Stopping,
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ServiceStatus {
    Active,
    Draining,
    Inactive,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub launch_type: LaunchType,
    pub status: ServiceStatus,
    /// Everything else about the service (engine/src/ecs/service.rs).
    pub detail: crate::ecs::service::ServiceDetail,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub arn: String,
    pub cluster_arn: String,
    pub launch_type: LaunchType,
    pub status: TaskStatus,
    /// EC2 launch type: the container instance the task was placed on.
    pub container_instance_arn: Option<String>,
    /// CPU units and MiB the task reserves on its instance.
    pub cpu: u32,
    pub memory: u32,
    /// Host ports the task holds on its instance.
    pub host_ports: Vec<u16>,
    /// awsvpc: the task has its own ENI (F3.5).
    pub uses_eni: bool,
    /// `host` network mode (else bridge, when not awsvpc).
    pub host_mode: bool,
    /// `task:group` (`family:<name>` or `service:<name>`).
    pub group: String,
    /// ECS's stop codes are a fixed set of words (F1.8).
    pub stop_code: Option<&'static str>,
    pub stopped_reason: Option<String>,
    pub stopped_at: Option<SimTime>,
    /// The task's lifecycle (engine/src/ecs/run_task.rs).
    pub life: crate::ecs::run_task::TaskLife,
}

impl TaskRecord {
    /// A task with no resources yet (tests and callers fill in the rest).
    pub fn new(arn: &str, cluster_arn: &str, launch_type: LaunchType, status: TaskStatus) -> Self {
        TaskRecord {
            arn: arn.to_owned(),
            cluster_arn: cluster_arn.to_owned(),
            launch_type,
            status,
            container_instance_arn: None,
            cpu: 0,
            memory: 0,
            host_ports: Vec::new(),
            uses_eni: false,
            host_mode: false,
            group: String::new(),
            stop_code: None,
            stopped_reason: None,
            stopped_at: None,
            life: crate::ecs::run_task::TaskLife::default(),
        }
    }

    /// PENDING, RUNNING and STOPPING tasks hold their instance's resources.
    pub fn holds_resources(&self) -> bool {
        self.status != TaskStatus::Stopped
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// By cluster name.
    pub clusters: BTreeMap<String, ClusterRecord>,
    /// By ARN.
    pub services: BTreeMap<String, ServiceRecord>,
    /// By ARN. Insert and remove only through [`State::insert_task`] and
    /// [`State::remove_task`], which keep `task_index` in step.
    pub tasks: TaskTable,
    /// Task ARNs by fields a task never changes after it is created (see
    /// [`TaskIndex`]).
    pub task_index: TaskIndex,
    pub container_instances: BTreeMap<String, ContainerInstanceRecord>,
    /// Container instance ARNs by EC2 instance id, in ARN order: added by
    /// [`State::insert_container_instance`], taken out by
    /// [`State::remove_container_instance`]. An entry may outlive its
    /// record (a test clearing the map), so a look-up checks the record
    /// ([`State::container_instances_on`]).
    pub container_instances_by_ec2: BTreeMap<String, Vec<String>>,
    /// EC2 and Auto Scaling, by id (groups by name).
    pub vpcs: BTreeMap<String, VpcRecord>,
    pub subnets: BTreeMap<String, SubnetRecord>,
    pub security_groups: BTreeMap<String, SecurityGroupRecord>,
    pub launch_templates: BTreeMap<String, LaunchTemplateRecord>,
    pub instances: BTreeMap<String, InstanceRecord>,
    pub auto_scaling_groups: BTreeMap<String, AutoScalingGroupRecord>,
    /// EC2 Auto Scaling scaling policies by (group, policy name)
    /// (engine/src/autoscaling/policy.rs).
    pub asg_policies: BTreeMap<(String, String), crate::autoscaling::policy::AsgPolicyRecord>,
    /// Tasks waiting in PROVISIONING for cluster auto scaling to bring an
    /// instance, oldest first (engine/src/ecs/capacity_provider/managed.rs).
    pub capacity_waits: Vec<crate::ecs::capacity_provider::CapacityWait>,
    /// How the last RunTask/StartTask placed its tasks (F5.1), for
    /// explanations.
    pub last_placement: Vec<crate::ecs::placement::PlacementExplanation>,
    /// Counter behind EC2/ECS resource ids (see `Sim::new_resource_id`).
    pub next_id: u64,
    /// Task definition families by family name (revisions inside).
    pub task_definitions: BTreeMap<String, FamilyRecord>,
    /// IAM roles by role name.
    pub roles: BTreeMap<String, RoleRecord>,
    /// IAM instance profiles by name.
    pub instance_profiles: BTreeMap<String, InstanceProfileRecord>,
    /// ECR repositories and images, and the learner's local Docker.
    pub ecr: crate::ecr::EcrState,
    /// Auto Scaling group capacity providers by name (FARGATE and
    /// FARGATE_SPOT are built in, not stored): engine/src/ecs/capacity_provider.rs.
    pub capacity_providers: BTreeMap<String, crate::ecs::capacity_provider::CapacityProviderRecord>,
    /// Faults injected by the learner or a benchmark (engine/src/faults.rs).
    pub faults: crate::faults::FaultState,
    /// ECS account settings (engine/src/ecs/account_settings.rs).
    pub account_settings: crate::ecs::account_settings::AccountSettings,
    /// CloudWatch Logs log groups by name (engine/src/logs.rs).
    pub log_groups: BTreeMap<String, crate::logs::LogGroupRecord>,
    /// The learner's files (engine/src/files.rs).
    pub files: crate::files::Files,
    /// What forgotten records cost (engine/src/cost.rs).
    pub cost: crate::cost::Ledger,
    /// Elastic Load Balancing (engine/src/elbv2).
    pub elb: crate::elbv2::ElbState,
    /// CloudWatch metrics and `sim load` (engine/src/cloudwatch).
    pub cloudwatch: crate::cloudwatch::CloudWatchState,
    /// Application Auto Scaling (engine/src/applicationautoscaling).
    pub aas: crate::applicationautoscaling::AasState,
    /// EC2 Auto Scaling scheduled actions (engine/src/autoscaling/scheduled.rs).
    pub asg_scheduled: crate::autoscaling::scheduled::ScheduledState,
    /// EventBridge rules and targets (engine/src/events).
    pub events: crate::events::EventsState,
    /// EventBridge Scheduler schedules (engine/src/scheduler.rs).
    pub scheduler: crate::scheduler::SchedulerState,
    /// SQS queues and their messages (engine/src/sqs).
    pub sqs: crate::sqs::SqsState,
    /// DynamoDB tables and their items (engine/src/dynamodb).
    pub dynamodb: crate::dynamodb::DynamoDbState,
    /// EFS file systems, mount targets, access points and the files tasks
    /// wrote (engine/src/efs).
    pub efs: crate::efs::EfsState,
    /// SNS topics, subscriptions and the email inbox (engine/src/sns).
    pub sns: crate::sns::SnsState,
    /// S3 buckets and their objects (engine/src/s3).
    pub s3: crate::s3::S3State,
}

/// Indexes over the live (not STOPPED: PENDING, RUNNING, STOPPING) records
/// of [`State::tasks`]: task ARNs by `task:group` and by container instance,
/// in ARN order, so iterating an index visits tasks in the same order as a
/// scan of `tasks` would; and `held`, what those tasks hold on each
/// container instance (CPU, memory, host ports, ENIs); and `by_subnet`,
/// the private IPs (if any) of the live tasks in each subnet (awsvpc and
/// Fargate). A task's group, instance, subnet and IP are set when it is
/// created and never change, and a task stops
/// holding resources only when it becomes STOPPED, so the indexes change at
/// insert, at the one change to STOPPED (`Sim::stop_task_now`, through
/// [`TaskIndex::release`]) and at removal. They turn the scheduler's and
/// placement's scans of every task record (including the STOPPED ones kept
/// for an hour, F1.6) into reads of one service's or one instance's live
/// tasks. `Sim::check_invariants` compares them with a recomputation.
#[derive(Clone, Default, PartialEq)]
pub struct TaskIndex {
    /// `task:group` → ARN → slot in [`TaskTable`].
    by_group: BTreeMap<String, BTreeMap<String, u32>>,
    /// Container instance ARN → task ARN → slot.
    by_instance: BTreeMap<String, BTreeMap<String, u32>>,
    held: BTreeMap<String, Held>,
    by_subnet: BTreeMap<String, Vec<Option<u32>>>,
    /// The RUNNING tasks of each `task:group`, counted by size.
    running: RunningSizes,
    /// `by_subnet`'s addresses as bits, 64 to a word (word `ip >> 6`, bit
    /// `ip & 63`): `Sim::free_ip` takes the words instead of marking every
    /// live task's address for every new awsvpc task. A function of
    /// `by_subnet` (checked by [`State::check_task_index`]), so `Debug`
    /// leaves it out: `Sim::state_fingerprint` stays that of the records.
    ip_words: BTreeMap<String, BTreeMap<u32, u64>>,
}

impl std::fmt::Debug for TaskIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskIndex")
            .field("by_group", &self.by_group)
            .field("by_instance", &self.by_instance)
            .field("held", &self.held)
            .field("by_subnet", &self.by_subnet)
            .field("running", &self.running)
            .finish()
    }
}

/// RUNNING tasks of one `task:group`, cluster and size (CPU units, MiB).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RunningSize {
    pub cluster_arn: String,
    pub cpu: u32,
    pub memory: u32,
    pub count: u32,
}

/// The RUNNING tasks of each `task:group` counted by cluster and size
/// (usually one entry: a deployment that changes the size makes two), so
/// that CloudWatch's minute (`Sim::ecs_minute`) reads a service's counts
/// instead of walking its tasks. A function of the task records (checked
/// by [`State::check_task_index`]), so its `Debug` shows nothing of it:
/// `Sim::state_fingerprint` stays that of the records.
#[derive(Clone, Default, PartialEq)]
struct RunningSizes(BTreeMap<String, Vec<RunningSize>>);

impl std::fmt::Debug for RunningSizes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunningSizes")
    }
}

impl RunningSizes {
    /// Counts a task in (`up`) or out, if it is RUNNING.
    fn count(&mut self, task: &TaskRecord, up: bool) {
        if task.status != TaskStatus::Running {
            return;
        }
        let same = |s: &RunningSize| {
            s.cpu == task.cpu && s.memory == task.memory && s.cluster_arn == task.cluster_arn
        };
        if up {
            let sizes = entry(&mut self.0, &task.group);
            match sizes.iter_mut().find(|s| same(s)) {
                Some(s) => s.count += 1,
                None => sizes.push(RunningSize {
                    cluster_arn: task.cluster_arn.clone(),
                    cpu: task.cpu,
                    memory: task.memory,
                    count: 1,
                }),
            }
        } else if let Some(sizes) = self.0.get_mut(&task.group) {
            if let Some(i) = sizes.iter().position(same) {
                if let Some(s) = sizes.get_mut(i) {
                    s.count = s.count.saturating_sub(1);
                }
                if sizes.get(i).is_some_and(|s| s.count == 0) {
                    sizes.remove(i);
                }
            }
            if sizes.is_empty() {
                self.0.remove(&task.group);
            }
        }
    }
}

/// The resources held on one container instance by its PENDING, RUNNING and
/// STOPPING tasks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Held {
    /// Tasks counted.
    pub tasks: u32,
    pub cpu: u32,
    pub memory: u32,
    /// Host ports, one entry per task holding it (in no particular order).
    pub ports: Vec<u16>,
    /// awsvpc tasks (one ENI each, F3.5).
    pub enis: u32,
    /// Tasks per `task:group` (in no particular order): placement's
    /// `spread` and its counts read them.
    pub groups: Vec<(String, u32)>,
    /// Of the counted tasks, the RUNNING and the PENDING ones
    /// (runningTasksCount, pendingTasksCount): a live task changes status
    /// through [`State::set_live_status`].
    pub running: u32,
    pub pending: u32,
}

impl Held {
    /// Counts a task of `status` in (`by` 1) or out (`by` -1) of the
    /// per-status counts.
    fn count_status(&mut self, status: TaskStatus, by: i32) {
        let n = match status {
            TaskStatus::Running => &mut self.running,
            TaskStatus::Pending => &mut self.pending,
            TaskStatus::Stopping | TaskStatus::Stopped => return,
        };
        *n = n.saturating_add_signed(by);
    }

    /// How many of the counted tasks are in `group`.
    pub fn group_count(&self, group: &str) -> u32 {
        self.groups
            .iter()
            .find(|(g, _)| g == group)
            .map_or(0, |(_, n)| *n)
    }
}

static NOTHING_HELD: Held = Held {
    tasks: 0,
    cpu: 0,
    memory: 0,
    ports: Vec::new(),
    enis: 0,
    groups: Vec::new(),
    running: 0,
    pending: 0,
};

/// The task records, by ARN. Reads like a `BTreeMap<String, TaskRecord>`
/// (iteration in ARN order, `get`, `get_mut`, `tasks[&arn]`), but a lookup
/// by ARN is a hash probe ([`SlotHash`]) instead of a B-tree walk comparing
/// long ARNs that share their first ~50 bytes, and every record has a slot
/// that the [`TaskIndex`] refers to, so walking a service's or an
/// instance's tasks reads the records directly. The ARN order is made when
/// asked for (a sort of the stored ARNs): walking every task is for API
/// listings, counts and invariant checks, while a record is stored and
/// forgotten for every task, and keeping an ordered map of ARNs cost a
/// B-tree insert and remove of a ~90-byte key each time. Records enter and
/// leave only through [`State::insert_task`] and [`State::remove_task`].
#[derive(Debug, Clone, Default)]
pub struct TaskTable {
    slots: Vec<Option<TaskRecord>>,
    free: Vec<u32>,
    /// ARN → slot, for lookups.
    lookup: SlotHash,
    /// The public IPv4 addresses of the stored records (any status), with
    /// how many records hold each: `Sim::new_public_ip` asks whether an
    /// address is taken without a scan of every record.
    public_ips: BTreeMap<u32, u32>,
}

/// An open-addressing hash index from a record's ARN to its slot: only
/// looked up, never iterated, so nothing the engine does depends on its
/// layout; the hash (Fx, rustc's) has no random seed, so it is the same on
/// every run and platform. Linear probing with tombstones; rebuilt when
/// more than half full.
#[derive(Debug, Clone, Default)]
struct SlotHash {
    /// `EMPTY`, `GONE` (a tombstone) or a slot.
    buckets: Vec<u32>,
    /// Slots stored, and tombstones.
    live: usize,
    gone: usize,
}

const EMPTY: u32 = u32::MAX;
const GONE: u32 = u32::MAX - 1;

/// Fx over the last 16 bytes and the length: a task ARN ends in its
/// 32-hex-digit random id, so its tail tells tasks apart as well as the
/// whole ~90 bytes would (equality is still checked on the whole ARN).
fn fx_hash(arn: &str) -> u64 {
    crate::base::hash::fx_tail(arn.as_bytes(), 16)
}

impl SlotHash {
    /// The bucket holding `arn`'s slot, if stored (`arn_of` reads a
    /// slot's ARN).
    fn find<'a>(&self, arn: &str, arn_of: impl Fn(u32) -> Option<&'a str>) -> Option<usize> {
        if self.buckets.is_empty() {
            return None;
        }
        let mask = self.buckets.len() - 1;
        let mut i = fx_hash(arn) as usize & mask;
        loop {
            match self.buckets.get(i).copied()? {
                EMPTY => return None,
                GONE => {}
                slot => {
                    if arn_of(slot) == Some(arn) {
                        return Some(i);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn get<'a>(&self, arn: &str, arn_of: impl Fn(u32) -> Option<&'a str>) -> Option<u32> {
        self.find(arn, arn_of)
            .and_then(|i| self.buckets.get(i).copied())
    }

    /// Adds `slot` under `arn` (not stored yet).
    fn insert<'a>(&mut self, arn: &str, slot: u32, arn_of: impl Fn(u32) -> Option<&'a str>) {
        if (self.live + self.gone + 1) * 2 > self.buckets.len() {
            let size = ((self.live + 1) * 4).next_power_of_two().max(16);
            let old = std::mem::replace(&mut self.buckets, vec![EMPTY; size]);
            self.gone = 0;
            for s in old.into_iter().filter(|s| *s != EMPTY && *s != GONE) {
                if let Some(a) = arn_of(s) {
                    self.put(a, s);
                }
            }
        }
        self.put(arn, slot);
        self.live += 1;
    }

    fn put(&mut self, arn: &str, slot: u32) {
        let mask = self.buckets.len() - 1;
        let mut i = fx_hash(arn) as usize & mask;
        while let Some(b) = self.buckets.get_mut(i) {
            if *b == EMPTY || *b == GONE {
                if *b == GONE {
                    self.gone -= 1;
                }
                *b = slot;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn remove<'a>(&mut self, arn: &str, arn_of: impl Fn(u32) -> Option<&'a str>) -> Option<u32> {
        let i = self.find(arn, arn_of)?;
        let b = self.buckets.get_mut(i)?;
        let slot = *b;
        *b = GONE;
        self.live -= 1;
        self.gone += 1;
        Some(slot)
    }
}

impl TaskTable {
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slots of the stored records, in ARN order.
    fn in_order(&self) -> Vec<u32> {
        let mut stored: Vec<(&str, u32)> = self
            .slots
            .iter()
            .zip(0..)
            .filter_map(|(t, slot)| Some((t.as_ref()?.arn.as_str(), slot)))
            .collect();
        stored.sort_unstable();
        stored.into_iter().map(|(_, slot)| slot).collect()
    }

    pub fn get(&self, arn: &str) -> Option<&TaskRecord> {
        self.slot(self.slot_of(arn)?)
    }

    pub fn get_mut(&mut self, arn: &str) -> Option<&mut TaskRecord> {
        let slot = self.slot_of(arn)?;
        self.slots.get_mut(slot as usize)?.as_mut()
    }

    pub fn contains_key(&self, arn: &str) -> bool {
        self.slot_of(arn).is_some()
    }

    /// The records in ARN order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &TaskRecord> + '_ {
        self.in_order().into_iter().filter_map(|s| self.slot(s))
    }

    /// The records in ARN order, mutably. Changing what the indexes hold
    /// (status to STOPPED, group, instance, resources) this way bypasses
    /// them: `Sim::check_invariants` says so.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut TaskRecord> + '_ {
        let order = self.in_order();
        let mut in_order: Vec<Option<&mut TaskRecord>> = Vec::with_capacity(order.len());
        let mut by_slot: Vec<Option<&mut TaskRecord>> =
            self.slots.iter_mut().map(Option::as_mut).collect();
        for slot in order {
            in_order.push(by_slot.get_mut(slot as usize).and_then(Option::take));
        }
        in_order.into_iter().flatten()
    }

    /// The ARNs in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + '_ {
        self.values().map(|t| &t.arn)
    }

    /// (ARN, record) in ARN order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &TaskRecord)> + '_ {
        self.values().map(|t| (&t.arn, t))
    }

    /// The record in a slot (the indexes' references).
    pub(crate) fn slot(&self, slot: u32) -> Option<&TaskRecord> {
        self.slots.get(slot as usize)?.as_ref()
    }

    /// The slot of a stored ARN: for code that reads a record and then
    /// changes it, with one look-up ([`TaskTable::slot`], then
    /// [`TaskTable::slot_mut`], while no record was added or removed).
    pub(crate) fn find_slot(&self, arn: &str) -> Option<u32> {
        self.slot_of(arn)
    }

    /// The record in a slot, mutably (as [`TaskTable::get_mut`]).
    pub(crate) fn slot_mut(&mut self, slot: u32) -> Option<&mut TaskRecord> {
        self.slots.get_mut(slot as usize)?.as_mut()
    }

    /// Whether a stored record (any status) has this public IPv4 address.
    pub fn public_ip_in_use(&self, ip: u32) -> bool {
        self.public_ips.contains_key(&ip)
    }

    /// Stores a record under its ARN (none may be stored there) and
    /// returns its slot.
    fn insert_new(&mut self, task: TaskRecord) -> u32 {
        if let Some(ip) = task.life.public_ip {
            *self.public_ips.entry(ip).or_default() += 1;
        }
        let slot = match self.free.pop() {
            Some(s) => {
                if let Some(place) = self.slots.get_mut(s as usize) {
                    *place = Some(task);
                }
                s
            }
            None => {
                self.slots.push(Some(task));
                (self.slots.len() - 1) as u32
            }
        };
        let slots = &self.slots;
        let arn = arn_in(slots, slot).unwrap_or_default();
        self.lookup.insert(arn, slot, |s| arn_in(slots, s));
        slot
    }

    fn remove(&mut self, arn: &str) -> Option<TaskRecord> {
        let slots = &self.slots;
        let slot = self.lookup.remove(arn, |s| arn_in(slots, s))?;
        let task = self.slots.get_mut(slot as usize)?.take();
        self.free.push(slot);
        if let Some(ip) = task.as_ref().and_then(|t| t.life.public_ip)
            && let Some(n) = self.public_ips.get_mut(&ip)
        {
            *n -= 1;
            if *n == 0 {
                self.public_ips.remove(&ip);
            }
        }
        task
    }

    /// The slot of a stored ARN.
    fn slot_of(&self, arn: &str) -> Option<u32> {
        self.lookup.get(arn, |s| arn_in(&self.slots, s))
    }
}

fn arn_in(slots: &[Option<TaskRecord>], slot: u32) -> Option<&str> {
    slots.get(slot as usize)?.as_ref().map(|t| t.arn.as_str())
}

impl PartialEq for TaskTable {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<Q: AsRef<str> + ?Sized> std::ops::Index<&Q> for TaskTable {
    type Output = TaskRecord;

    /// Like `BTreeMap`'s: panics when no task has that ARN (tests, and
    /// code that has just looked the ARN up).
    fn index(&self, arn: &Q) -> &TaskRecord {
        #[allow(clippy::expect_used)]
        self.get(arn.as_ref()).expect("no task with that ARN")
    }
}

/// The value under `key`, made (default) if missing; the key is copied
/// only then.
fn entry<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), V::default());
    }
    #[allow(clippy::expect_used)]
    map.get_mut(key).expect("the key was inserted above")
}

/// Takes `arn` out of `key`'s set, and the set out when it is empty.
fn take(map: &mut BTreeMap<String, BTreeMap<String, u32>>, key: &str, arn: &str) {
    if let Some(set) = map.get_mut(key) {
        set.remove(arn);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

impl TaskIndex {
    fn add(&mut self, task: &TaskRecord, slot: u32) {
        if !task.holds_resources() {
            return;
        }
        // (A look-up first: `entry` would copy the key for every task.)
        entry(&mut self.by_group, &task.group).insert(task.arn.clone(), slot);
        self.running.count(task, true);
        self.add_placement(task, slot);
    }

    /// The part of [`TaskIndex::add`] that follows where the task runs
    /// (its subnet's address, its instance and what it holds there).
    fn add_placement(&mut self, task: &TaskRecord, slot: u32) {
        if let Some(subnet) = &task.life.subnet_id {
            entry(&mut self.by_subnet, subnet).push(task.life.private_ip);
            if let Some(ip) = task.life.private_ip {
                *entry(&mut self.ip_words, subnet)
                    .entry(ip >> 6)
                    .or_default() |= 1 << (ip & 63);
            }
        }
        if let Some(ci) = &task.container_instance_arn {
            entry(&mut self.by_instance, ci).insert(task.arn.clone(), slot);
            let held = entry(&mut self.held, ci);
            held.tasks += 1;
            held.cpu += task.cpu;
            held.memory += task.memory;
            held.ports.extend(&task.host_ports);
            held.enis += u32::from(task.uses_eni);
            held.count_status(task.status, 1);
            match held.groups.iter_mut().find(|(g, _)| *g == task.group) {
                Some((_, n)) => *n += 1,
                None => held.groups.push((task.group.clone(), 1)),
            }
        }
    }

    /// A live task leaves the indexes (it is becoming STOPPED or being
    /// forgotten); `task` still has its fields.
    pub(crate) fn release(&mut self, task: &TaskRecord) {
        take(&mut self.by_group, &task.group, &task.arn);
        self.running.count(task, false);
        self.release_placement(task);
    }

    /// The part of [`TaskIndex::release`] that follows where the task runs.
    fn release_placement(&mut self, task: &TaskRecord) {
        if let Some(subnet) = &task.life.subnet_id
            && let Some(ips) = self.by_subnet.get_mut(subnet)
        {
            if let Some(i) = ips.iter().position(|ip| *ip == task.life.private_ip) {
                ips.swap_remove(i);
            }
            // The address's bit, unless another live task still has it.
            if let Some(ip) = task.life.private_ip
                && !ips.contains(&Some(ip))
                && let Some(words) = self.ip_words.get_mut(subnet)
            {
                if let Some(word) = words.get_mut(&(ip >> 6)) {
                    *word &= !(1 << (ip & 63));
                    if *word == 0 {
                        words.remove(&(ip >> 6));
                    }
                }
                if words.is_empty() {
                    self.ip_words.remove(subnet);
                }
            }
            if ips.is_empty() {
                self.by_subnet.remove(subnet);
            }
        }
        let Some(ci) = &task.container_instance_arn else {
            return;
        };
        take(&mut self.by_instance, ci, &task.arn);
        let Some(held) = self.held.get_mut(ci) else {
            return;
        };
        held.tasks = held.tasks.saturating_sub(1);
        held.cpu = held.cpu.saturating_sub(task.cpu);
        held.memory = held.memory.saturating_sub(task.memory);
        for p in &task.host_ports {
            if let Some(i) = held.ports.iter().position(|x| x == p) {
                held.ports.swap_remove(i);
            }
        }
        held.enis = held.enis.saturating_sub(u32::from(task.uses_eni));
        held.count_status(task.status, -1);
        if let Some(i) = held.groups.iter().position(|(g, _)| *g == task.group) {
            if let Some((_, n)) = held.groups.get_mut(i) {
                *n = n.saturating_sub(1);
            }
            if held.groups.get(i).is_some_and(|(_, n)| *n == 0) {
                held.groups.swap_remove(i);
            }
        }
        if held.tasks == 0 {
            self.held.remove(ci);
        }
    }
}

impl State {
    /// Adds (or replaces) a container instance, indexed by its EC2
    /// instance.
    pub fn insert_container_instance(&mut self, record: ContainerInstanceRecord) {
        let arns = entry(
            &mut self.container_instances_by_ec2,
            &record.ec2_instance_id,
        );
        if let Err(at) = arns.binary_search(&record.arn) {
            arns.insert(at, record.arn.clone());
        }
        self.container_instances.insert(record.arn.clone(), record);
    }

    /// Forgets a container instance.
    pub fn remove_container_instance(&mut self, arn: &str) {
        let Some(record) = self.container_instances.remove(arn) else {
            return;
        };
        if let Some(arns) = self
            .container_instances_by_ec2
            .get_mut(&record.ec2_instance_id)
        {
            arns.retain(|a| a != arn);
            if arns.is_empty() {
                self.container_instances_by_ec2
                    .remove(&record.ec2_instance_id);
            }
        }
    }

    /// The container instances of an EC2 instance, in ARN order (the
    /// records whose `ec2_instance_id` it is).
    pub fn container_instances_on<'a>(
        &'a self,
        instance_id: &'a str,
    ) -> impl Iterator<Item = &'a ContainerInstanceRecord> + 'a {
        self.container_instances_by_ec2
            .get(instance_id)
            .into_iter()
            .flatten()
            .filter_map(|arn| self.container_instances.get(arn))
            .filter(move |ci| ci.ec2_instance_id == instance_id)
    }

    /// Every container instance is indexed under its EC2 instance.
    pub fn check_container_instance_index(&self) -> Result<(), String> {
        for ci in self.container_instances.values() {
            let indexed = self
                .container_instances_by_ec2
                .get(&ci.ec2_instance_id)
                .is_some_and(|arns| arns.binary_search(&ci.arn).is_ok());
            if !indexed {
                return Err(format!(
                    "container instance {} is not indexed under {}",
                    ci.arn, ci.ec2_instance_id
                ));
            }
        }
        Ok(())
    }

    /// Changes where a stored task runs (`place` sets its instance, host
    /// ports, subnet and addresses; not its status, group, cluster or
    /// size), keeping the indexes in step: as [`State::remove_task`] then
    /// [`State::insert_task`] would (the record leaves the table and comes
    /// back into the same slot, so the table is the same as after those
    /// two), but the index by group and the RUNNING counts, which do not
    /// follow the placement, are left as they are instead of taken out and
    /// put back (a B-tree remove and insert of the ARN, and its copy, for
    /// every task placed). Returns false when no task has that ARN.
    pub fn place_task(&mut self, arn: &str, place: impl FnOnce(&mut TaskRecord)) -> bool {
        let Some(mut task) = self.tasks.remove(arn) else {
            return false;
        };
        let holds = task.holds_resources();
        let unplaced = |t: &TaskRecord| {
            (
                t.status,
                t.group.clone(),
                t.cluster_arn.clone(),
                t.cpu,
                t.memory,
            )
        };
        let before = cfg!(debug_assertions).then(|| unplaced(&task));
        if holds {
            self.task_index.release_placement(&task);
        }
        place(&mut task);
        debug_assert!(
            before.is_none_or(|b| b == unplaced(&task)) && holds == task.holds_resources(),
            "place_task changed more than the placement"
        );
        let freed = self.tasks.free.last().copied();
        let slot = self.tasks.insert_new(task);
        debug_assert_eq!(freed, Some(slot), "a placed task keeps its slot");
        if holds && let Some(task) = self.tasks.slot(slot) {
            self.task_index.add_placement(task, slot);
        }
        true
    }

    /// Adds (or replaces) a task record under its ARN, keeping the indexes
    /// in step.
    pub fn insert_task(&mut self, task: TaskRecord) {
        self.remove_task(&task.arn);
        let slot = self.tasks.insert_new(task);
        if let Some(task) = self.tasks.slot(slot) {
            self.task_index.add(task, slot);
        }
    }

    /// Moves a live task to another live status (PENDING, RUNNING or
    /// STOPPING), keeping its instance's per-status counts in step. (A
    /// task becomes STOPPED through `TaskIndex::release` first.)
    pub fn set_live_status(&mut self, arn: &str, status: TaskStatus) {
        debug_assert!(
            status != TaskStatus::Stopped,
            "STOPPED goes through release"
        );
        let Some(t) = self.tasks.get_mut(arn) else {
            return;
        };
        if t.status != TaskStatus::Stopped {
            self.task_index.running.count(t, false);
        }
        let old = std::mem::replace(&mut t.status, status);
        if old != TaskStatus::Stopped {
            self.task_index.running.count(t, true);
        }
        // Only a live task is counted.
        if old != TaskStatus::Stopped
            && let Some(held) = t
                .container_instance_arn
                .as_deref()
                .and_then(|ci| self.task_index.held.get_mut(ci))
        {
            held.count_status(old, -1);
            held.count_status(status, 1);
        }
    }

    /// Forgets a task record, keeping the indexes in step.
    pub fn remove_task(&mut self, arn: &str) -> Option<TaskRecord> {
        let task = self.tasks.remove(arn)?;
        if task.holds_resources() {
            self.task_index.release(&task);
        }
        Some(task)
    }

    /// The live (not STOPPED) task records of a `task:group` (any cluster),
    /// in ARN order.
    pub fn tasks_in_group<'a>(&'a self, group: &str) -> impl Iterator<Item = &'a TaskRecord> {
        self.task_index
            .by_group
            .get(group)
            .into_iter()
            .flat_map(|m| m.values())
            .filter_map(|slot| self.tasks.slot(*slot))
    }

    /// The RUNNING tasks of a `task:group` (any cluster), counted by
    /// cluster and size, in no particular order.
    pub fn running_sizes(&self, group: &str) -> &[RunningSize] {
        self.task_index
            .running
            .0
            .get(group)
            .map_or(&[], Vec::as_slice)
    }

    /// The live (not STOPPED) task records placed on a container instance,
    /// in ARN order.
    pub fn tasks_on_instance<'a>(
        &'a self,
        container_instance_arn: &str,
    ) -> impl Iterator<Item = &'a TaskRecord> {
        self.task_index
            .by_instance
            .get(container_instance_arn)
            .into_iter()
            .flat_map(|m| m.values())
            .filter_map(|slot| self.tasks.slot(*slot))
    }

    /// How many live (not STOPPED) tasks are in a subnet.
    pub fn live_tasks_in_subnet(&self, subnet_id: &str) -> usize {
        self.task_index.by_subnet.get(subnet_id).map_or(0, Vec::len)
    }

    /// The private IPs of the live (not STOPPED) tasks in a subnet, in no
    /// particular order.
    pub fn task_ips_in_subnet(&self, subnet_id: &str) -> impl Iterator<Item = u32> + '_ {
        self.task_index
            .by_subnet
            .get(subnet_id)
            .into_iter()
            .flatten()
            .filter_map(|ip| *ip)
    }

    /// The private IPs of the live tasks in a subnet as bits: word
    /// `ip >> 6` → bit `ip & 63` set.
    pub fn task_ip_words(&self, subnet_id: &str) -> Option<&BTreeMap<u32, u64>> {
        self.task_index.ip_words.get(subnet_id)
    }

    /// What the not-STOPPED tasks on a container instance hold.
    pub fn held_on(&self, container_instance_arn: &str) -> &Held {
        self.task_index
            .held
            .get(container_instance_arn)
            .unwrap_or(&NOTHING_HELD)
    }

    /// What each of `instances` (given in ARN order) holds: one merge walk
    /// along the held map, which is in ARN order too, instead of a look-up
    /// per instance.
    pub fn held_along<'a>(
        &'a self,
        instances: impl Iterator<Item = &'a ContainerInstanceRecord>,
    ) -> impl Iterator<Item = (&'a ContainerInstanceRecord, &'a Held)> {
        let mut held = self.task_index.held.iter().peekable();
        instances.map(move |ci| {
            // One comparison per step (the ARNs share their first 60-odd
            // bytes): skip the smaller, stop at the equal or greater.
            while let Some((arn, h)) = held.peek() {
                match arn.as_str().cmp(ci.arn.as_str()) {
                    std::cmp::Ordering::Less => {
                        held.next();
                    }
                    std::cmp::Ordering::Equal => return (ci, *h),
                    std::cmp::Ordering::Greater => break,
                }
            }
            (ci, &NOTHING_HELD)
        })
    }

    /// `Err` when a task is stored under another ARN or the indexes differ
    /// from a recomputation over `tasks`.
    pub fn check_task_index(&self) -> Result<(), String> {
        let mut fresh = TaskIndex::default();
        for (arn, task) in self.tasks.iter() {
            if arn != &task.arn {
                return Err(format!("task stored under '{arn}' has ARN {}", task.arn));
            }
            let Some(slot) = self.tasks.slot_of(arn) else {
                return Err(format!("task {arn} has no slot"));
            };
            fresh.add(task, slot);
        }
        let mut ips: BTreeMap<u32, u32> = BTreeMap::new();
        for ip in self.tasks.values().filter_map(|t| t.life.public_ip) {
            *ips.entry(ip).or_default() += 1;
        }
        if ips != self.tasks.public_ips {
            return Err(
                "the index of the tasks' public IPv4 addresses differs from the tasks".into(),
            );
        }
        if fresh.by_group != self.task_index.by_group {
            return Err("the task index by group differs from the tasks".into());
        }
        let sorted_sizes = |m: &RunningSizes| -> BTreeMap<String, Vec<RunningSize>> {
            m.0.iter()
                .map(|(k, v)| {
                    let mut v = v.clone();
                    v.sort_unstable();
                    (k.clone(), v)
                })
                .collect()
        };
        if sorted_sizes(&fresh.running) != sorted_sizes(&self.task_index.running) {
            return Err("the RUNNING tasks counted by group and size differ from the tasks".into());
        }
        if fresh.by_instance != self.task_index.by_instance {
            return Err("the task index by container instance differs from the tasks".into());
        }
        let sorted = |m: &BTreeMap<String, Held>| -> BTreeMap<String, Held> {
            m.iter()
                .map(|(k, h)| {
                    let mut h = h.clone();
                    h.ports.sort_unstable();
                    h.groups.sort_unstable();
                    (k.clone(), h)
                })
                .collect()
        };
        if sorted(&fresh.held) != sorted(&self.task_index.held) {
            return Err("the resources held per container instance differ from the tasks".into());
        }
        let sorted_ips =
            |m: &BTreeMap<String, Vec<Option<u32>>>| -> BTreeMap<String, Vec<Option<u32>>> {
                m.iter()
                    .map(|(k, v)| {
                        let mut v = v.clone();
                        v.sort_unstable();
                        (k.clone(), v)
                    })
                    .collect()
            };
        if sorted_ips(&fresh.by_subnet) != sorted_ips(&self.task_index.by_subnet) {
            return Err("the task index by subnet differs from the tasks".into());
        }
        if fresh.ip_words != self.task_index.ip_words {
            return Err("the task addresses' bits by subnet differ from the tasks".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn task_index_follows_insert_stop_and_removal_and_the_check_sees_a_bypass() {
        let mut s = State::default();
        let mut t = TaskRecord::new("arn:t1", "c", LaunchType::Ec2, TaskStatus::Running);
        t.container_instance_arn = Some("ci".into());
        t.cpu = 10;
        t.memory = 20;
        t.host_ports = vec![32768];
        t.group = "service:a".into();
        s.insert_task(t.clone());
        assert_eq!(s.held_on("ci").cpu, 10);
        assert_eq!(s.held_on("ci").ports, vec![32768]);
        assert_eq!(s.held_on("ci").group_count("service:a"), 1);
        assert_eq!(s.held_on("ci").group_count("service:b"), 0);
        assert_eq!(s.tasks_in_group("service:a").count(), 1);
        assert_eq!(s.tasks_on_instance("ci").count(), 1);
        assert_eq!((s.held_on("ci").running, s.held_on("ci").pending), (1, 0));
        assert!(s.check_task_index().is_ok());
        // A live status change moves the per-status counts; one made
        // behind the index's back is caught.
        s.set_live_status("arn:t1", TaskStatus::Stopping);
        assert_eq!((s.held_on("ci").running, s.held_on("ci").tasks), (0, 1));
        assert!(s.check_task_index().is_ok());
        s.tasks.get_mut("arn:t1").unwrap().status = TaskStatus::Pending;
        assert!(s.check_task_index().is_err());
        s.set_live_status("arn:t1", TaskStatus::Running);
        assert!(s.check_task_index().is_ok());
        // STOPPED: out of the live indexes, resources given back.
        let record = s.tasks.get_mut("arn:t1").unwrap();
        s.task_index.release(record);
        record.status = TaskStatus::Stopped;
        assert_eq!(s.held_on("ci"), &Held::default());
        assert_eq!(s.tasks_in_group("service:a").count(), 0);
        assert!(s.check_task_index().is_ok());
        assert!(s.remove_task("arn:t1").is_some());
        assert!(s.check_task_index().is_ok());
        // A record changed behind the index's back is caught.
        s.insert_task(t);
        s.tasks.get_mut("arn:t1").unwrap().group = "service:b".into();
        assert!(s.check_task_index().is_err());
    }

    #[test]
    fn task_table_agrees_with_a_btreemap_through_inserts_and_removals() {
        // A model run: thousands of inserts and removals (slots reused,
        // tombstones, rebuilds), lookups of present, removed and unknown
        // ARNs, iteration order.
        let mut s = State::default();
        let mut model: BTreeMap<String, u32> = BTreeMap::new();
        let mut x: u64 = 7;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for step in 0..5_000u32 {
            let arn = format!(
                "arn:aws:ecs:us-east-1:123456789012:task/c/{:04}",
                next() % 700
            );
            if next() % 3 == 0 {
                assert_eq!(
                    s.remove_task(&arn).map(|t| t.cpu),
                    model.remove(&arn),
                    "{arn}"
                );
            } else {
                let mut t = TaskRecord::new(&arn, "c", LaunchType::Fargate, TaskStatus::Stopped);
                t.cpu = step;
                s.insert_task(t);
                model.insert(arn.clone(), step);
            }
            let probe = format!(
                "arn:aws:ecs:us-east-1:123456789012:task/c/{:04}",
                next() % 800
            );
            assert_eq!(
                s.tasks.get(&probe).map(|t| t.cpu),
                model.get(&probe).copied()
            );
            assert_eq!(s.tasks.contains_key(&probe), model.contains_key(&probe));
        }
        assert_eq!(s.tasks.len(), model.len());
        assert!(s.tasks.keys().eq(model.keys()));
        assert!(s.tasks.values().map(|t| t.cpu).eq(model.values().copied()));
        for t in s.tasks.values_mut() {
            t.memory = t.cpu + 1;
        }
        assert!(s.tasks.values().all(|t| t.memory == t.cpu + 1));
        assert!(s.check_task_index().is_ok());
    }
}
