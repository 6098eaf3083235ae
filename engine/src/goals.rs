//! Lab goals: declarative checks on a simulated account, evaluated purely
//! from its state ([`Sim::check_goal`] reads; it never looks at the
//! commands that were typed, so any correct way of getting there passes).
//!
//! A goal is data: a table with a `kind` and the fields of that kind (in
//! the labs' TOML, `[[step.goal]]`; here a [`serde_json::Value`]), turned
//! into a [`Goal`] by [`Goal::from_json`], which refuses unknown kinds and
//! unknown fields with a message that names them. A check gives a
//! [`GoalCheck`]: whether the goal is met, and a sentence that says what
//! exists now — why it is met, or what is still wrong ("service web
//! exists, but 0 of 1 tasks are RUNNING: its latest task 1a2b… stopped:
//! CannotPullContainerError: …").
//!
//! # The vocabulary
//!
//! Names are the names the learner gives (a cluster's name, a family, a
//! role's name); optional fields that are left out are not checked.
//!
//! - **`cluster`** — `name`; optional `capacity_providers` (each must be
//!   associated with the cluster) and `registered_instances` (at least
//!   this many ACTIVE container instances). Unmet instances are explained
//!   from the EC2 side: pending instances, an agent that cannot register
//!   (no instance profile, a role without the ECS policy, an AMI without
//!   the agent, user data naming another cluster), an Auto Scaling group
//!   with no capacity. Optional `container_insights` (true: the setting
//!   is `enabled` or `enhanced`; false: `disabled`).
//!   `{kind = "cluster", name = "DemoCluster", capacity_providers = ["FARGATE"], registered_instances = 1}`
//! - **`auto_scaling_group`** — optional `name` (without it, any group
//!   that matches every other field passes); `cluster` (its launch
//!   template's user data sets `ECS_CLUSTER` to it), `instance_type`,
//!   `min_size`, `max_size`, `desired_capacity`, `agent_can_register`
//!   (`true`: the template's instance profile lets the ECS agent call
//!   `ecs:RegisterContainerInstance`), `launched` and `terminated` (at
//!   least this many instances over the group's life: what scaling did,
//!   still true after it is undone).
//!   `{kind = "auto_scaling_group", cluster = "DemoCluster", instance_type = "t2.micro", min_size = 1, max_size = 5}`
//! - **`capacity_provider`** — optional `name`, `auto_scaling_group` (its
//!   group's name) and `cluster` (associated with it); an ACTIVE provider
//!   must match them all.
//!   Optional `managed_scaling` (ENABLED or not), `target_capacity` and
//!   `termination_protection` (managed termination protection ENABLED).
//!   `{kind = "capacity_provider", auto_scaling_group = "DemoCluster-asg", cluster = "DemoCluster"}`
//! - **`task_definition`** — `family`; its latest ACTIVE revision must
//!   have every field given: `compatibilities` (e.g. `["FARGATE"]`),
//!   `network_mode`, `cpu` (units), `memory` (MiB), `image` (a container's
//!   image: `nginxdemos/hello` matches any tag, `nginxdemos/hello:0.4`
//!   only that one), `ecr_repository` (a container's image is in this
//!   account's ECR repository of that name), `container_port`,
//!   `host_port` (0: dynamic), `execution_role` and `task_role` (`true`:
//!   set, to a role that exists; `false`: not set; a name: that role),
//!   `health_check` (whether an essential container has one).
//!   `{kind = "task_definition", family = "nginxdemos-hello", compatibilities = ["FARGATE"], image = "nginxdemos/hello", container_port = 80}`
//! - **`tasks`** — `cluster`; which tasks: optional `family`, `service`,
//!   `group` (the task group, `family:worker`), `launch_type`, `capacity_provider`, `image`, `ecr_repository`,
//!   `public_ip` (`true`: only tasks with a public IP count); how many
//!   RUNNING ones: `running` (exactly) or `at_least` (default 1); and
//!   where they run: `healthy` (each counted task is HEALTHY),
//!   `distinct_instances` (no two on one container instance),
//!   `availability_zones` (spread over at least this many zones),
//!   `max_instances` (packed onto at most this many instances).
//!   `{kind = "tasks", cluster = "DemoCluster", family = "batch", running = 3, max_instances = 1}`
//! - **`service`** — `cluster`, `name`; optional `running` (desired count
//!   and RUNNING tasks both equal to it), `steady` (one deployment,
//!   COMPLETED, every desired task RUNNING), `launch_type`,
//!   `capacity_provider` (in its strategy), `family`, `image` (of its
//!   PRIMARY deployment's task definition), `circuit_breaker` (enabled
//!   with rollback), `rolled_back` (the circuit breaker rolled a
//!   deployment back), `placement_strategy` (`["spread:attribute:ecs.availability-zone"]`,
//!   `type:field` each, in order) and `placement_constraints` (types, e.g.
//!   `["distinctInstance"]`), `target_group` (a target group, by name,
//!   its `loadBalancers` register its tasks in) and `grace_period`
//!   (healthCheckGracePeriodSeconds).
//!   `{kind = "service", cluster = "DemoCluster", name = "nginxdemos", running = 1, steady = true}`
//! - **`security_group_ingress`** — `group` (name or id), `port`,
//!   optional `protocol` (default `tcp`) and `source` (a CIDR such as
//!   `0.0.0.0/0`, which a rule must cover whole, or a security group's
//!   name or id; default `0.0.0.0/0`).
//!   `{kind = "security_group_ingress", group = "nginx-demo-sg", port = 80, source = "0.0.0.0/0"}`
//! - **`http`** — `cluster` and optional `family` / `service`: a client on
//!   the internet ([`crate::reach::LAPTOP_IP`]) gets HTTP `status`
//!   (default 200) from a RUNNING task of them on `port` (default 80) at
//!   its public IP, or its instance's (bridge and host mode); optional
//!   `body_contains`. Unmet: the hop that stopped the request
//!   ([`crate::reach`]).
//!   `{kind = "http", cluster = "DemoCluster", family = "nginxdemos-hello", port = 80}`
//! - **`repository`** — `name` (ECR); optional `scan_on_push`,
//!   `tag_mutability`, `tags` (each on an image), `scanned_tags` (each on
//!   an image whose scan is COMPLETE), `min_images`, `max_images`.
//!   `{kind = "repository", name = "hello-web", scan_on_push = true, tags = ["v1"]}`
//! - **`lifecycle_policy`** — `repository`, `keeps_at_most`: the policy,
//!   applied to a repository of ten images pushed an hour apart (tagged
//!   and untagged), leaves at most that many (so any policy that does it
//!   passes).
//!   `{kind = "lifecycle_policy", repository = "hello-web", keeps_at_most = 3}`
//! - **`role`** — `name` (IAM); optional `trusts` (a service principal
//!   its trust policy names, `ecs-tasks.amazonaws.com`), `allows` (IAM
//!   actions its policies allow on `resource`, default `*`, as IAM
//!   evaluates them: any policy that allows them passes).
//!   `{kind = "role", name = "ecsTaskExecutionRole", trusts = "ecs-tasks.amazonaws.com", allows = ["ecr:BatchGetImage"]}`
//! - **`task_exit`** — `cluster`, `family`; optional `container`,
//!   `exit_code` (default 0), `logs_contain`: some task of the family has
//!   a container (the named one, else an essential one) that exited with
//!   that code (and logged that text).
//!   `{kind = "task_exit", cluster = "roles-lab", family = "s3-report", exit_code = 0}`
//! - **`load_balancer`** — `name`; optional `type` (`application`,
//!   `network`), `scheme`, `zones` (at least), `security_group` (name or
//!   id), `listener_port` and `forwards_to` (its default action's target
//!   group), `http_status` (a client on the internet gets it from its DNS
//!   name at `path`, default `/`, with an optional `host` header and
//!   `body_contains`; read only: the rotation does not move).
//!   `{kind = "load_balancer", name = "web-alb", listener_port = 80, forwards_to = "web-tg", http_status = 200}`
//! - **`target_group`** — `name`; optional `target_type`, `protocol`,
//!   `port`, `health_check_path`, `load_balancer` (uses it), `healthy`
//!   (at least this many healthy targets), `none_unhealthy`. Unmet: every
//!   target's state and reason (DescribeTargetHealth's).
//!   `{kind = "target_group", name = "web-tg", target_type = "ip", healthy = 3}`
//!
//! - **`scaling_policy`** — `cluster`, `service`: the service is a
//!   scalable target with a scaling policy; optional `policy_type`
//!   (`TargetTrackingScaling`, `StepScaling`), `metric` (a predefined
//!   metric type), `target_value`, `metric_math` (the customized metric
//!   is `Metrics`, metric math: true, or not: false), `min_capacity`,
//!   `max_capacity`, `name` (the policy's) and `alarm` (a CloudWatch alarm of that name
//!   has the policy among its actions).
//!   `{kind = "scaling_policy", cluster = "DemoCluster", service = "web", metric = "ECSServiceAverageCPUUtilization", target_value = 50, max_capacity = 4}`
//! - **`scaling_activity`** — `cluster`, `service`, `direction` (`out` or
//!   `in`): a successful Application Auto Scaling activity changed its
//!   desired count that way; optional `to` (the count it set).
//!   `{kind = "scaling_activity", cluster = "DemoCluster", service = "web", direction = "out"}`
//! - **`scheduled_action`** — `cluster`, `service`: the service's scalable
//!   target has an Application Auto Scaling scheduled action; optional
//!   `min_capacity`, `max_capacity` (what it sets), `timezone`, `recurring`
//!   (cron or rate, not at) and `triggered` (it has run: a successful
//!   activity it caused).
//!   `{kind = "scheduled_action", cluster = "DemoCluster", service = "web", min_capacity = 3, timezone = "Europe/Paris", triggered = true}`
//! - **`scheduled_task`** — `cluster`, `family`: an EventBridge scheduled
//!   rule's target or an EventBridge Scheduler schedule's target runs the
//!   family on the cluster; optional `via` (`rule` or `schedule`), `name`
//!   (the rule's or schedule's), `recurring` (rate or cron, not at),
//!   `enabled`, and `can_run` (the target's role trusts the service and
//!   allows `ecs:RunTask` on the family's latest revision and `iam:PassRole`
//!   on its roles: the next invocation would start the task).
//!   `{kind = "scheduled_task", cluster = "jobs", family = "report", via = "schedule", recurring = true, can_run = true}`
//! - **`event_task`** — `cluster`, `family`: an EventBridge rule with an
//!   event pattern (not a schedule) has an ECS target running the family
//!   on the cluster; optional `name`, `enabled` and `can_run`, as for
//!   `scheduled_task`.
//!   `{kind = "event_task", cluster = "jobs", family = "order-recorder", name = "order-uploaded", can_run = true}`
//! - **`task_started_by`** — `cluster`: a rule or schedule with a target
//!   there has started tasks (the tasks' `startedBy` is
//!   `events-rule/<rule>` or `chronos-schedule/<schedule>`), counted over
//!   its life; optional `via`, `name`, `family`, `at_least` (default 1).
//!   Unmet: how many invocations failed, and the last one's reason.
//!   `{kind = "task_started_by", cluster = "jobs", via = "rule", family = "report", at_least = 2}`
//! - **`email_received`** — `to`: an email reached that address (SNS,
//!   `sim inbox`); optional `subject` (exactly) and `contains` (in the
//!   body).
//!   `{kind = "email_received", to = "ops@example.com", contains = "STOPPED"}`
//! - **`sns_subscription`** — `topic`, `protocol`, `endpoint`: the topic has
//!   that subscription, confirmed unless `confirmed = false`.
//!   `{kind = "sns_subscription", topic = "alerts", protocol = "email", endpoint = "ops@example.com"}`
//! - **`sqs_queue`** — `name`: the queue exists; optional
//!   `deleted_at_least` (messages deleted since it was created),
//!   `visible_at_most` and `in_flight_at_most` (now), `dead_letter_queue`
//!   (its RedrivePolicy names that queue).
//!   `{kind = "sqs_queue", name = "jobs", deleted_at_least = 1000, visible_at_most = 0}`
//! - **`s3_bucket`** — `name`: the bucket exists; optional `eventbridge`
//!   (its EventBridge notifications on or off) and `objects_at_least`
//!   (under `prefix`, if given).
//!   `{kind = "s3_bucket", name = "uploads", eventbridge = true}`
//! - **`dynamodb_item`** — `table`, `attribute`, `value`: the table has an
//!   item whose string attribute is `value` (begins with it when `prefix =
//!   true`).
//!   `{kind = "dynamodb_item", table = "Orders", attribute = "key", value = "incoming/order-42.txt"}`
//! - **`efs_file_system`** — `name` (its Name tag or id): the file system
//!   exists; optional `mount_targets` (available in at least that many
//!   AZs), `nfs_from` (a security group, name or id, from which every mount
//!   target's groups allow TCP 2049, F23.2) and `written_from_zones` (its
//!   files hold lines `stevedore/efs-notes` tasks wrote in at least that
//!   many AZs).
//!   `{kind = "efs_file_system", name = "notes", mount_targets = 2, nfs_from = "notes-tasks", written_from_zones = 2}`
//! - **`task_stopped`** — `cluster`, `family`, `reason_contains`: a stopped
//!   task of the family has a stoppedReason containing the text.
//!   `{kind = "task_stopped", cluster = "shared", family = "notes", reason_contains = "mount.nfs4: Connection timed out"}`
//!
//! To add a kind: a struct with `#[serde(deny_unknown_fields)]`, a
//! [`Goal`] variant, its name in [`GOAL_KINDS`] and [`Goal::from_json`],
//! a sentence in [`Goal::describe`], a check in [`Sim::check_goal`], a
//! line above, and a test in `goals/tests.rs`.

use crate::base::arn::LastSegment;
use crate::ec2::instance::{AGENT_START, INSTANCE_BOOT, InstanceRecord, InstanceState};
use crate::ec2::security_group::Source;
use crate::ecs::container_instance::ContainerInstanceStatus;
use crate::ecs::deployment::RolloutState;
use crate::ecs::task_definition::TaskDefinitionRecord;
use crate::images::{ImageRef, RegistryHost};
use crate::reach::{LAPTOP_IP, ProbeResult, ProbeSource};
use crate::sim::Sim;
use crate::state::{ServiceRecord, ServiceStatus, TaskRecord, TaskStatus};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every goal kind, as lab files spell it.
pub const GOAL_KINDS: &[&str] = &[
    "cluster",
    "auto_scaling_group",
    "capacity_provider",
    "task_definition",
    "tasks",
    "service",
    "security_group_ingress",
    "http",
    "repository",
    "lifecycle_policy",
    "role",
    "task_exit",
    "load_balancer",
    "target_group",
    "scaling_policy",
    "scaling_activity",
    "scheduled_action",
    "scheduled_task",
    "event_task",
    "task_started_by",
    "email_received",
    "sns_subscription",
    "sqs_queue",
    "s3_bucket",
    "dynamodb_item",
    "efs_file_system",
    "task_stopped",
];

/// One goal (see the module docs for each kind).
#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    Cluster(ClusterGoal),
    AutoScalingGroup(AutoScalingGroupGoal),
    CapacityProvider(CapacityProviderGoal),
    TaskDefinition(TaskDefinitionGoal),
    Tasks(TasksGoal),
    Service(ServiceGoal),
    SecurityGroupIngress(SecurityGroupIngressGoal),
    Http(HttpGoal),
    Repository(RepositoryGoal),
    LifecyclePolicy(LifecyclePolicyGoal),
    Role(RoleGoal),
    TaskExit(TaskExitGoal),
    LoadBalancer(elb::LoadBalancerGoal),
    TargetGroup(elb::TargetGroupGoal),
    ScalingPolicy(scaling::ScalingPolicyGoal),
    ScalingActivity(scaling::ScalingActivityGoal),
    ScheduledAction(scaling::ScheduledActionGoal),
    ScheduledTask(events::ScheduledTaskGoal),
    TaskStartedBy(events::TaskStartedByGoal),
    EmailReceived(events::EmailReceivedGoal),
    SnsSubscription(events::SnsSubscriptionGoal),
    SqsQueue(sqs::SqsQueueGoal),
    S3Bucket(storage::S3BucketGoal),
    DynamoDbItem(storage::DynamoDbItemGoal),
    EfsFileSystem(efs::EfsFileSystemGoal),
    TaskStopped(efs::TaskStoppedGoal),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterGoal {
    pub name: String,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub registered_instances: Option<u32>,
    /// Whether the cluster's `containerInsights` setting is on (`enabled`
    /// or `enhanced`) or off.
    #[serde(default)]
    pub container_insights: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoScalingGroupGoal {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub cluster: Option<String>,
    #[serde(default)]
    pub instance_type: Option<String>,
    #[serde(default)]
    pub min_size: Option<u32>,
    #[serde(default)]
    pub max_size: Option<u32>,
    #[serde(default)]
    pub desired_capacity: Option<u32>,
    #[serde(default)]
    pub agent_can_register: bool,
    /// At least this many instances launched (or terminated) by the group
    /// over its life (Successful activities): what scaling did, even after
    /// it is undone.
    #[serde(default)]
    pub launched: Option<u32>,
    #[serde(default)]
    pub terminated: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityProviderGoal {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub auto_scaling_group: Option<String>,
    #[serde(default)]
    pub cluster: Option<String>,
    /// Managed scaling ENABLED (`true`) or DISABLED (`false`).
    #[serde(default)]
    pub managed_scaling: Option<bool>,
    #[serde(default)]
    pub target_capacity: Option<i64>,
    /// Managed termination protection ENABLED (`true`) or not.
    #[serde(default)]
    pub termination_protection: Option<bool>,
}

/// A role setting wanted: `true` (set, to a role that exists), `false`
/// (not set) or a role name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum RoleWant {
    Set(bool),
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskDefinitionGoal {
    pub family: String,
    #[serde(default)]
    pub compatibilities: Vec<String>,
    #[serde(default)]
    pub network_mode: Option<String>,
    #[serde(default)]
    pub cpu: Option<u32>,
    #[serde(default)]
    pub memory: Option<u32>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub ecr_repository: Option<String>,
    #[serde(default)]
    pub container_port: Option<u16>,
    #[serde(default)]
    pub host_port: Option<u16>,
    #[serde(default)]
    pub execution_role: Option<RoleWant>,
    #[serde(default)]
    pub task_role: Option<RoleWant>,
    #[serde(default)]
    pub health_check: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TasksGoal {
    pub cluster: String,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub launch_type: Option<String>,
    #[serde(default)]
    pub capacity_provider: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub ecr_repository: Option<String>,
    #[serde(default)]
    pub public_ip: Option<bool>,
    #[serde(default)]
    pub running: Option<u32>,
    #[serde(default)]
    pub at_least: Option<u32>,
    #[serde(default)]
    pub healthy: bool,
    #[serde(default)]
    pub distinct_instances: bool,
    #[serde(default)]
    pub availability_zones: Option<u32>,
    #[serde(default)]
    pub max_instances: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceGoal {
    pub cluster: String,
    pub name: String,
    #[serde(default)]
    pub running: Option<u32>,
    #[serde(default)]
    pub steady: bool,
    #[serde(default)]
    pub launch_type: Option<String>,
    #[serde(default)]
    pub capacity_provider: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub circuit_breaker: Option<bool>,
    #[serde(default)]
    pub rolled_back: bool,
    #[serde(default)]
    pub placement_strategy: Option<Vec<String>>,
    #[serde(default)]
    pub placement_constraints: Option<Vec<String>>,
    /// The service registers its tasks in this target group (by name).
    #[serde(default)]
    pub target_group: Option<String>,
    /// Its healthCheckGracePeriodSeconds.
    #[serde(default)]
    pub grace_period: Option<u32>,
}

fn default_tcp() -> String {
    "tcp".to_owned()
}

fn default_anywhere() -> String {
    "0.0.0.0/0".to_owned()
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupIngressGoal {
    pub group: String,
    pub port: u16,
    #[serde(default = "default_tcp")]
    pub protocol: String,
    #[serde(default = "default_anywhere")]
    pub source: String,
}

fn default_port() -> u16 {
    80
}

fn default_status() -> u16 {
    200
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpGoal {
    pub cluster: String,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default = "default_status")]
    pub status: u16,
    #[serde(default)]
    pub body_contains: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepositoryGoal {
    pub name: String,
    #[serde(default)]
    pub scan_on_push: Option<bool>,
    #[serde(default)]
    pub tag_mutability: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub scanned_tags: Vec<String>,
    #[serde(default)]
    pub min_images: Option<u32>,
    #[serde(default)]
    pub max_images: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecyclePolicyGoal {
    pub repository: String,
    pub keeps_at_most: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleGoal {
    pub name: String,
    #[serde(default)]
    pub trusts: Option<String>,
    #[serde(default)]
    pub allows: Vec<String>,
    #[serde(default)]
    pub resource: Option<String>,
}

fn default_exit_code() -> i64 {
    0
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskExitGoal {
    pub cluster: String,
    pub family: String,
    #[serde(default)]
    pub container: Option<String>,
    #[serde(default = "default_exit_code")]
    pub exit_code: i64,
    #[serde(default)]
    pub logs_contain: Option<String>,
}

/// The outcome of [`Sim::check_goal`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoalCheck {
    pub met: bool,
    /// What exists now: why the goal is met, or what is still wrong.
    pub detail: String,
}

impl GoalCheck {
    fn met(detail: impl Into<String>) -> GoalCheck {
        GoalCheck {
            met: true,
            detail: detail.into(),
        }
    }

    fn unmet(detail: impl Into<String>) -> GoalCheck {
        GoalCheck {
            met: false,
            detail: detail.into(),
        }
    }
}

fn fields<T: DeserializeOwned>(
    kind: &str,
    table: &serde_json::Map<String, Value>,
) -> Result<T, String> {
    let mut rest = table.clone();
    rest.remove("kind");
    crate::base::json::from_value(Value::Object(rest)).map_err(|e| format!("goal `{kind}`: {e}"))
}

impl Goal {
    /// The goal a table describes (`kind` and its fields). `Err` says what
    /// is wrong: not a table, no `kind`, an unknown kind (listing the known
    /// ones), a missing, unknown or mistyped field.
    pub fn from_json(value: &Value) -> Result<Goal, String> {
        let Some(table) = value.as_object() else {
            return Err("a goal is a table with a `kind`".to_owned());
        };
        let Some(kind) = table.get("kind") else {
            return Err(format!(
                "a goal needs a `kind` (one of: {})",
                GOAL_KINDS.join(", ")
            ));
        };
        let Some(kind) = kind.as_str() else {
            return Err("a goal's `kind` is a string".to_owned());
        };
        Ok(match kind {
            "cluster" => Goal::Cluster(fields(kind, table)?),
            "auto_scaling_group" => Goal::AutoScalingGroup(fields(kind, table)?),
            "capacity_provider" => Goal::CapacityProvider(fields(kind, table)?),
            "task_definition" => Goal::TaskDefinition(fields(kind, table)?),
            "tasks" => {
                let goal: TasksGoal = fields(kind, table)?;
                if goal.running.is_some() && goal.at_least.is_some() {
                    return Err(
                        "goal `tasks`: give `running` (exactly) or `at_least`, not both".to_owned(),
                    );
                }
                Goal::Tasks(goal)
            }
            "service" => Goal::Service(fields(kind, table)?),
            "security_group_ingress" => Goal::SecurityGroupIngress(fields(kind, table)?),
            "http" => Goal::Http(fields(kind, table)?),
            "repository" => Goal::Repository(fields(kind, table)?),
            "lifecycle_policy" => Goal::LifecyclePolicy(fields(kind, table)?),
            "role" => Goal::Role(fields(kind, table)?),
            "task_exit" => Goal::TaskExit(fields(kind, table)?),
            "load_balancer" => Goal::LoadBalancer(fields(kind, table)?),
            "target_group" => Goal::TargetGroup(fields(kind, table)?),
            "scaling_policy" => Goal::ScalingPolicy(fields(kind, table)?),
            "scaling_activity" => {
                let goal: scaling::ScalingActivityGoal = fields(kind, table)?;
                if goal.direction != "out" && goal.direction != "in" {
                    return Err(
                        "goal `scaling_activity`: `direction` is \"out\" or \"in\"".to_owned()
                    );
                }
                Goal::ScalingActivity(goal)
            }
            "scheduled_action" => Goal::ScheduledAction(fields(kind, table)?),
            "event_task" => {
                let mut goal: events::ScheduledTaskGoal = fields(kind, table)?;
                if goal.recurring.is_some() || goal.via.is_some() {
                    return Err(
                        "goal `event_task`: a rule with an event pattern has no `recurring` or `via`"
                            .to_owned(),
                    );
                }
                goal.via = Some("rule".to_owned());
                goal.on_event = true;
                Goal::ScheduledTask(goal)
            }
            "scheduled_task" | "task_started_by" => {
                let via = table.get("via").and_then(Value::as_str);
                if via.is_some_and(|v| v != "rule" && v != "schedule") {
                    return Err(format!("goal `{kind}`: `via` is \"rule\" or \"schedule\""));
                }
                if kind == "scheduled_task" {
                    Goal::ScheduledTask(fields(kind, table)?)
                } else {
                    Goal::TaskStartedBy(fields(kind, table)?)
                }
            }
            "email_received" => Goal::EmailReceived(fields(kind, table)?),
            "sns_subscription" => Goal::SnsSubscription(fields(kind, table)?),
            "sqs_queue" => Goal::SqsQueue(fields(kind, table)?),
            "s3_bucket" => Goal::S3Bucket(fields(kind, table)?),
            "dynamodb_item" => Goal::DynamoDbItem(fields(kind, table)?),
            "efs_file_system" => Goal::EfsFileSystem(fields(kind, table)?),
            "task_stopped" => Goal::TaskStopped(fields(kind, table)?),
            other => {
                return Err(format!(
                    "unknown goal kind `{other}` (known kinds: {})",
                    GOAL_KINDS.join(", ")
                ));
            }
        })
    }

    /// The kind, as lab files spell it.
    pub fn kind(&self) -> &'static str {
        match self {
            Goal::Cluster(_) => "cluster",
            Goal::AutoScalingGroup(_) => "auto_scaling_group",
            Goal::CapacityProvider(_) => "capacity_provider",
            Goal::TaskDefinition(_) => "task_definition",
            Goal::Tasks(_) => "tasks",
            Goal::Service(_) => "service",
            Goal::SecurityGroupIngress(_) => "security_group_ingress",
            Goal::Http(_) => "http",
            Goal::Repository(_) => "repository",
            Goal::LifecyclePolicy(_) => "lifecycle_policy",
            Goal::Role(_) => "role",
            Goal::TaskExit(_) => "task_exit",
            Goal::LoadBalancer(_) => "load_balancer",
            Goal::TargetGroup(_) => "target_group",
            Goal::ScalingPolicy(_) => "scaling_policy",
            Goal::ScalingActivity(_) => "scaling_activity",
            Goal::ScheduledAction(_) => "scheduled_action",
            Goal::ScheduledTask(g) if g.on_event => "event_task",
            Goal::ScheduledTask(_) => "scheduled_task",
            Goal::TaskStartedBy(_) => "task_started_by",
            Goal::EmailReceived(_) => "email_received",
            Goal::SnsSubscription(_) => "sns_subscription",
            Goal::SqsQueue(_) => "sqs_queue",
            Goal::S3Bucket(_) => "s3_bucket",
            Goal::DynamoDbItem(_) => "dynamodb_item",
            Goal::EfsFileSystem(_) => "efs_file_system",
            Goal::TaskStopped(_) => "task_stopped",
        }
    }

    /// What the goal asks for, as one sentence for the learner.
    pub fn describe(&self) -> String {
        match self {
            Goal::Cluster(g) => {
                let mut s = format!("A cluster named {} exists", g.name);
                if !g.capacity_providers.is_empty() {
                    s += &format!(
                        " with the capacity providers {}",
                        g.capacity_providers.join(", ")
                    );
                }
                if let Some(n) = g.registered_instances {
                    s += &format!(
                        "{} at least {n} registered container instance{}",
                        if g.capacity_providers.is_empty() {
                            " with"
                        } else {
                            " and"
                        },
                        plural(n)
                    );
                }
                match g.container_insights {
                    Some(true) => s += ", with Container Insights on",
                    Some(false) => s += ", with Container Insights off",
                    None => {}
                }
                s + "."
            }
            Goal::AutoScalingGroup(g) => {
                let mut parts = Vec::new();
                if let Some(t) = &g.instance_type {
                    parts.push(format!("{t} instances"));
                }
                if let Some(c) = &g.cluster {
                    parts.push(format!("instances that join cluster {c}"));
                }
                if let Some(n) = g.min_size {
                    parts.push(format!("minimum {n}"));
                }
                if let Some(n) = g.max_size {
                    parts.push(format!("maximum {n}"));
                }
                if let Some(n) = g.desired_capacity {
                    parts.push(format!("desired capacity {n}"));
                }
                if g.agent_can_register {
                    parts.push("an instance profile that lets the ECS agent register".to_owned());
                }
                if let Some(n) = g.launched {
                    parts.push(format!("launched at least {n} instance{}", plural(n)));
                }
                if let Some(n) = g.terminated {
                    parts.push(format!("terminated at least {n} instance{}", plural(n)));
                }
                let name = g
                    .name
                    .as_ref()
                    .map_or("An Auto Scaling group".to_owned(), |n| {
                        format!("The Auto Scaling group {n}")
                    });
                if parts.is_empty() {
                    format!("{name} exists.")
                } else {
                    format!("{name} has {}.", parts.join(", "))
                }
            }
            Goal::CapacityProvider(g) => {
                let mut s = g
                    .name
                    .as_ref()
                    .map_or("An Auto Scaling group capacity provider".to_owned(), |n| {
                        format!("The capacity provider {n}")
                    });
                if let Some(a) = &g.auto_scaling_group {
                    s += &format!(" uses the Auto Scaling group {a}");
                } else {
                    s += " exists";
                }
                if let Some(c) = &g.cluster {
                    s += &format!(" and is associated with cluster {c}");
                }
                match g.managed_scaling {
                    Some(true) => s += ", with managed scaling",
                    Some(false) => s += ", without managed scaling",
                    None => {}
                }
                if let Some(t) = g.target_capacity {
                    s += &format!(" (target capacity {t} %)");
                }
                if g.termination_protection == Some(true) {
                    s += " and managed termination protection";
                }
                s + "."
            }
            Goal::TaskDefinition(g) => {
                let mut parts = Vec::new();
                if !g.compatibilities.is_empty() {
                    parts.push(format!(
                        "compatible with {}",
                        g.compatibilities.join(" and ")
                    ));
                }
                if let Some(m) = &g.network_mode {
                    parts.push(format!("network mode {m}"));
                }
                if let Some(c) = g.cpu {
                    parts.push(format!("cpu {c}"));
                }
                if let Some(m) = g.memory {
                    parts.push(format!("memory {m} MiB"));
                }
                if let Some(i) = &g.image {
                    parts.push(format!("image {i}"));
                }
                if let Some(r) = &g.ecr_repository {
                    parts.push(format!("an image from the ECR repository {r}"));
                }
                if let Some(p) = g.container_port {
                    parts.push(format!("container port {p}"));
                }
                if let Some(p) = g.host_port {
                    parts.push(if p == 0 {
                        "a dynamic host port".to_owned()
                    } else {
                        format!("host port {p}")
                    });
                }
                if let Some(r) = &g.execution_role {
                    parts.push(role_want_text("execution role", r));
                }
                if let Some(r) = &g.task_role {
                    parts.push(role_want_text("task role", r));
                }
                if let Some(h) = g.health_check {
                    parts.push(if h {
                        "a container health check".to_owned()
                    } else {
                        "no container health check".to_owned()
                    });
                }
                if parts.is_empty() {
                    format!("A task definition of family {} is registered.", g.family)
                } else {
                    format!(
                        "The latest revision of task definition {} has {}.",
                        g.family,
                        parts.join(", ")
                    )
                }
            }
            Goal::Tasks(g) => {
                let (count, n) = match (g.running, g.at_least) {
                    (Some(n), _) => ("Exactly", n),
                    (None, Some(n)) => ("At least", n),
                    (None, None) => ("At least", 1),
                };
                let mut s = format!(
                    "{count} {n} RUNNING task{} {} in cluster {}",
                    plural(n),
                    selection_text(g),
                    g.cluster
                );
                let mut parts = Vec::new();
                if g.healthy {
                    parts.push("HEALTHY".to_owned());
                }
                if g.distinct_instances {
                    parts.push("each on a different container instance".to_owned());
                }
                if let Some(n) = g.availability_zones {
                    parts.push(format!("spread over at least {n} Availability Zones"));
                }
                if let Some(n) = g.max_instances {
                    parts.push(format!(
                        "packed onto at most {n} container instance{}",
                        plural(n)
                    ));
                }
                if !parts.is_empty() {
                    s += &format!(", {}", parts.join(", "));
                }
                s + "."
            }
            Goal::Service(g) => {
                let mut parts = Vec::new();
                if let Some(n) = g.running {
                    parts.push(format!("{n} RUNNING task{}", plural(n)));
                }
                if g.steady {
                    parts.push("a completed deployment (steady state)".to_owned());
                }
                if let Some(l) = &g.launch_type {
                    parts.push(format!("launch type {l}"));
                }
                if let Some(c) = &g.capacity_provider {
                    parts.push(format!("capacity provider {c}"));
                }
                if let Some(f) = &g.family {
                    parts.push(format!("task definition family {f}"));
                }
                if let Some(i) = &g.image {
                    parts.push(format!("image {i}"));
                }
                if let Some(cb) = g.circuit_breaker {
                    parts.push(if cb {
                        "the deployment circuit breaker with rollback".to_owned()
                    } else {
                        "no deployment circuit breaker".to_owned()
                    });
                }
                if g.rolled_back {
                    parts.push("a deployment the circuit breaker rolled back".to_owned());
                }
                if let Some(t) = &g.target_group {
                    parts.push(format!("its tasks registered in target group {t}"));
                }
                if let Some(p) = g.grace_period {
                    parts.push(format!("a health check grace period of {p} s"));
                }
                if let Some(p) = &g.placement_strategy {
                    parts.push(format!("placement strategy {}", list_or(p, "(none)")));
                }
                if let Some(p) = &g.placement_constraints {
                    parts.push(format!("placement constraints {}", list_or(p, "(none)")));
                }
                if parts.is_empty() {
                    format!("Service {} exists in cluster {}.", g.name, g.cluster)
                } else {
                    format!(
                        "Service {} in cluster {} has {}.",
                        g.name,
                        g.cluster,
                        parts.join(", ")
                    )
                }
            }
            Goal::SecurityGroupIngress(g) => format!(
                "Security group {} allows {}/{} from {}.",
                g.group, g.protocol, g.port, g.source
            ),
            Goal::Http(g) => {
                let what = match (&g.service, &g.family) {
                    (Some(s), _) => format!("a task of service {s}"),
                    (None, Some(f)) => format!("a task of family {f}"),
                    (None, None) => "a task".to_owned(),
                };
                let mut s = format!(
                    "A client on the internet gets HTTP {} from {what} in cluster {} on port {}",
                    g.status, g.cluster, g.port
                );
                if let Some(b) = &g.body_contains {
                    s += &format!(", a page containing \"{b}\"");
                }
                s + "."
            }
            Goal::Repository(g) => {
                let mut parts = Vec::new();
                if let Some(s) = g.scan_on_push {
                    parts.push(if s {
                        "scan on push".to_owned()
                    } else {
                        "no scan on push".to_owned()
                    });
                }
                if let Some(m) = &g.tag_mutability {
                    parts.push(format!("tags {m}"));
                }
                if !g.tags.is_empty() {
                    parts.push(format!("images tagged {}", g.tags.join(", ")));
                }
                if !g.scanned_tags.is_empty() {
                    parts.push(format!("a completed scan of {}", g.scanned_tags.join(", ")));
                }
                if let Some(n) = g.min_images {
                    parts.push(format!("at least {n} image{}", plural(n)));
                }
                if let Some(n) = g.max_images {
                    parts.push(format!("at most {n} image{}", plural(n)));
                }
                if parts.is_empty() {
                    format!("The ECR repository {} exists.", g.name)
                } else {
                    format!("The ECR repository {} has {}.", g.name, parts.join(", "))
                }
            }
            Goal::LifecyclePolicy(g) => format!(
                "The ECR repository {} has a lifecycle policy that keeps at most {} image{}.",
                g.repository,
                g.keeps_at_most,
                plural(g.keeps_at_most)
            ),
            Goal::Role(g) => {
                let mut parts = Vec::new();
                if let Some(t) = &g.trusts {
                    parts.push(format!("trusts {t}"));
                }
                if !g.allows.is_empty() {
                    parts.push(format!(
                        "allows {} on {}",
                        g.allows.join(", "),
                        g.resource.as_deref().unwrap_or("*")
                    ));
                }
                if parts.is_empty() {
                    format!("The IAM role {} exists.", g.name)
                } else {
                    format!("The IAM role {} {}.", g.name, parts.join(" and "))
                }
            }
            Goal::TaskExit(g) => {
                let mut s = format!(
                    "A task of family {} in cluster {} ran and its {} exited with code {}",
                    g.family,
                    g.cluster,
                    g.container
                        .as_ref()
                        .map_or("essential container".to_owned(), |c| format!(
                            "container {c}"
                        )),
                    g.exit_code
                );
                if let Some(l) = &g.logs_contain {
                    s += &format!(", logging \"{l}\"");
                }
                s + "."
            }
            Goal::LoadBalancer(g) => g.describe(),
            Goal::TargetGroup(g) => g.describe(),
            Goal::ScalingPolicy(g) => g.describe(),
            Goal::ScalingActivity(g) => g.describe(),
            Goal::ScheduledAction(g) => g.describe(),
            Goal::ScheduledTask(g) => g.describe(),
            Goal::TaskStartedBy(g) => g.describe(),
            Goal::EmailReceived(g) => g.describe(),
            Goal::SnsSubscription(g) => g.describe(),
            Goal::SqsQueue(g) => g.describe(),
            Goal::S3Bucket(g) => g.describe(),
            Goal::DynamoDbItem(g) => g.describe(),
            Goal::EfsFileSystem(g) => g.describe(),
            Goal::TaskStopped(g) => g.describe(),
        }
    }
}

fn role_want_text(what: &str, want: &RoleWant) -> String {
    match want {
        RoleWant::Set(true) => format!("an {what}"),
        RoleWant::Set(false) => format!("no {what}"),
        RoleWant::Named(n) => format!("the {what} {n}"),
    }
}

fn selection_text(g: &TasksGoal) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &g.service {
        parts.push(format!("of service {s}"));
    }
    if let Some(f) = &g.family {
        parts.push(format!("of family {f}"));
    }
    if let Some(grp) = &g.group {
        parts.push(format!("in group {grp}"));
    }
    if let Some(l) = &g.launch_type {
        parts.push(format!("on {l}"));
    }
    if let Some(c) = &g.capacity_provider {
        parts.push(format!("on capacity provider {c}"));
    }
    if let Some(i) = &g.image {
        parts.push(format!("running {i}"));
    }
    if let Some(r) = &g.ecr_repository {
        parts.push(format!("running an image from the ECR repository {r}"));
    }
    if g.public_ip == Some(true) {
        parts.push("with a public IP".to_owned());
    }
    if parts.is_empty() {
        "(any)".to_owned()
    } else {
        parts.join(" ")
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_owned()
    } else {
        items.join(", ")
    }
}

/// The family of a task definition ARN (`…:task-definition/web:3` → `web`).
fn family_of(arn: &str) -> &str {
    let last = arn.rsplit('/').next().unwrap_or(arn);
    last.split(':').next().unwrap_or(last)
}

/// A task or container instance id from its ARN.
fn short(arn: &str) -> &str {
    arn.last_segment()
}

/// Whether `want` names the image `actual`: same registry and repository,
/// and the same tag or digest when `want` gives one (`nginxdemos/hello`
/// matches `nginxdemos/hello:0.4`; `nginx` matches `docker.io/library/nginx`).
pub fn image_matches(want: &str, actual: &str) -> bool {
    let (Some(w), Some(a)) = (ImageRef::parse(want), ImageRef::parse(actual)) else {
        return want == actual;
    };
    let last = want.rsplit('/').next().unwrap_or(want);
    let explicit = last.contains(':') || last.contains('@');
    w.registry == a.registry
        && w.repository == a.repository
        && (!explicit || w.reference == a.reference)
}

impl Sim {
    /// Whether `actual` is an image in this account's ECR repository `repo`.
    fn in_ecr_repository(&self, repo: &str, actual: &str) -> bool {
        ImageRef::parse(actual).is_some_and(|a| {
            matches!(&a.registry, RegistryHost::EcrPrivate { account, region }
                if *account == self.config.account_id && *region == self.config.region)
                && a.repository == repo
        })
    }

    /// Checks one goal against the account as it is now (reads only).
    pub fn check_goal(&self, goal: &Goal) -> GoalCheck {
        match goal {
            Goal::Cluster(g) => self.check_cluster(g),
            Goal::AutoScalingGroup(g) => self.check_auto_scaling_group(g),
            Goal::CapacityProvider(g) => self.check_capacity_provider(g),
            Goal::TaskDefinition(g) => self.check_task_definition(g),
            Goal::Tasks(g) => self.check_tasks(g),
            Goal::Service(g) => self.check_service(g),
            Goal::SecurityGroupIngress(g) => self.check_ingress(g),
            Goal::Http(g) => self.check_http(g),
            Goal::Repository(g) => self.check_repository(g),
            Goal::LifecyclePolicy(g) => self.check_lifecycle(g),
            Goal::Role(g) => self.check_role(g),
            Goal::TaskExit(g) => self.check_task_exit(g),
            Goal::LoadBalancer(g) => self.check_load_balancer(g),
            Goal::TargetGroup(g) => self.check_target_group(g),
            Goal::ScalingPolicy(g) => self.check_scaling_policy(g),
            Goal::ScalingActivity(g) => self.check_scaling_activity(g),
            Goal::ScheduledAction(g) => self.check_scheduled_action(g),
            Goal::ScheduledTask(g) => self.check_scheduled_task(g),
            Goal::TaskStartedBy(g) => self.check_task_started_by(g),
            Goal::EmailReceived(g) => self.check_email_received(g),
            Goal::SnsSubscription(g) => self.check_sns_subscription(g),
            Goal::SqsQueue(g) => self.check_sqs_queue(g),
            Goal::S3Bucket(g) => self.check_s3_bucket(g),
            Goal::DynamoDbItem(g) => self.check_dynamodb_item(g),
            Goal::EfsFileSystem(g) => self.check_efs_file_system(g),
            Goal::TaskStopped(g) => self.check_task_stopped(g),
        }
    }

    fn cluster_names(&self) -> String {
        let names: Vec<String> = self
            .state
            .clusters
            .values()
            .filter(|c| c.status == crate::ecs::cluster::ClusterStatus::Active)
            .map(|c| c.name.clone())
            .collect();
        list_or(&names, "none")
    }

    /// The ACTIVE cluster named `name`, or why there is none.
    fn active_cluster(&self, name: &str) -> Result<&crate::ecs::cluster::ClusterRecord, String> {
        match self.state.clusters.get(name) {
            Some(c) if c.status == crate::ecs::cluster::ClusterStatus::Active => Ok(c),
            Some(_) => Err(format!("cluster {name} was deleted (it is INACTIVE)")),
            None => Err(format!(
                "there is no cluster named {name} (clusters: {})",
                self.cluster_names()
            )),
        }
    }

    fn check_cluster(&self, g: &ClusterGoal) -> GoalCheck {
        let cluster = match self.active_cluster(&g.name) {
            Ok(c) => c,
            Err(why) => return GoalCheck::unmet(why),
        };
        let mut said = format!("cluster {} is ACTIVE", g.name);
        if !g.capacity_providers.is_empty() {
            let missing: Vec<String> = g
                .capacity_providers
                .iter()
                .filter(|p| !cluster.capacity_providers.contains(p))
                .cloned()
                .collect();
            if !missing.is_empty() {
                return GoalCheck::unmet(format!(
                    "cluster {} exists, but its capacity providers are {}: {} {} missing",
                    g.name,
                    list_or(&cluster.capacity_providers, "none"),
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ));
            }
            said += &format!(
                " with the capacity providers {}",
                cluster.capacity_providers.join(", ")
            );
        }
        if let Some(want) = g.registered_instances {
            let active: Vec<&str> = self
                .state
                .container_instances
                .values()
                .filter(|ci| {
                    ci.cluster_arn == cluster.arn && ci.status == ContainerInstanceStatus::Active
                })
                .map(|ci| ci.ec2_instance_id.as_str())
                .collect();
            let n = u32::try_from(active.len()).unwrap_or(u32::MAX);
            if n < want {
                return GoalCheck::unmet(format!(
                    "cluster {} has {n} ACTIVE container instance{} (at least {want} wanted): {}",
                    g.name,
                    plural(n),
                    self.why_no_instances(&g.name)
                ));
            }
            said += &format!(
                "{} {n} ACTIVE container instance{} ({})",
                if g.capacity_providers.is_empty() {
                    " with"
                } else {
                    " and"
                },
                plural(n),
                active.join(", ")
            );
        }
        if let Some(want) = g.container_insights {
            let value = cluster
                .settings
                .iter()
                .find(|s| s.name == crate::ecs::cluster::ClusterSettingName::ContainerInsights)
                .map_or("disabled", |s| s.value.as_str());
            let on = value != "disabled";
            if on != want {
                return GoalCheck::unmet(format!(
                    "cluster {} has containerInsights {value}{}",
                    g.name,
                    if want {
                        ": turn it on with `aws ecs update-cluster-settings --cluster NAME --settings name=containerInsights,value=enabled` (or create the cluster with that setting)"
                    } else {
                        ": turn it off with `aws ecs update-cluster-settings --cluster NAME --settings name=containerInsights,value=disabled`"
                    }
                ).replace("NAME", &g.name));
            }
            said += &format!(", containerInsights {value}");
        }
        GoalCheck::met(said)
    }

    /// Why a cluster lacks container instances, from the EC2 side.
    fn why_no_instances(&self, cluster: &str) -> String {
        let registered: Vec<&str> = self
            .state
            .container_instances
            .values()
            .filter(|ci| ci.is_registered())
            .map(|ci| ci.ec2_instance_id.as_str())
            .collect();
        let mut reasons = Vec::new();
        for instance in self.state.instances.values() {
            if !instance.is_live() || registered.contains(&instance.id.as_str()) {
                continue;
            }
            let joins = crate::ecs::agent_config::AgentConfig::from_user_data(
                instance.user_data_script.as_deref(),
            )
            .map(|c| c.cluster)
            .unwrap_or_default();
            if joins != cluster {
                continue;
            }
            reasons.push(self.why_unregistered(instance));
        }
        if !reasons.is_empty() {
            return reasons.join("; ");
        }
        // No live instance is meant for the cluster: what could launch one?
        let groups: Vec<String> = self
            .state
            .auto_scaling_groups
            .values()
            .filter(|g| {
                self.state
                    .launch_templates
                    .get(&g.launch_template_id)
                    .and_then(|t| t.user_data_script.as_deref())
                    .and_then(crate::ec2::launch_template::ecs_cluster_from_user_data)
                    .as_deref()
                    == Some(cluster)
            })
            .map(|g| {
                let live = self
                    .state
                    .instances
                    .values()
                    .filter(|i| i.is_live() && i.auto_scaling_group.as_deref() == Some(&g.name))
                    .count();
                let sizes = format!(
                    "(min {}, max {}, desired {})",
                    g.min_size, g.max_size, g.desired_capacity
                );
                if live == 0 {
                    format!(
                        "the Auto Scaling group {} {sizes} launches its instances into {cluster} but has none: raise its minimum or desired capacity",
                        g.name
                    )
                } else {
                    format!(
                        "the Auto Scaling group {} {sizes} has {live} instance{}, all registered: raise its desired capacity for more",
                        g.name,
                        if live == 1 { "" } else { "s" }
                    )
                }
            })
            .collect();
        if !groups.is_empty() {
            return groups.join("; ");
        }
        let elsewhere: Vec<String> = self
            .state
            .instances
            .values()
            .filter(|i| i.is_live() && !registered.contains(&i.id.as_str()))
            .map(|i| {
                let joins = crate::ecs::agent_config::AgentConfig::from_user_data(
                    i.user_data_script.as_deref(),
                )
                .map(|c| c.cluster)
                .unwrap_or_default();
                format!("instance {} is set to join cluster {joins}", i.id)
            })
            .collect();
        let mut s = format!(
            "no EC2 instance or Auto Scaling group is set to join {cluster} (user data `echo ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config`)"
        );
        if !elsewhere.is_empty() {
            s += &format!("; {}", elsewhere.join("; "));
        }
        s
    }

    /// Why a live instance meant for a cluster has not registered (yet).
    fn why_unregistered(&self, instance: &InstanceRecord) -> String {
        let id = &instance.id;
        if instance.state == InstanceState::Pending {
            return format!(
                "instance {id} is pending: it runs {} after launch and its ECS agent registers {} later (sim advance 1m)",
                INSTANCE_BOOT.label(),
                AGENT_START.label()
            );
        }
        let tries_at = instance
            .launched_at
            .saturating_add(INSTANCE_BOOT)
            .saturating_add(AGENT_START);
        match self.agent_registration_problem(instance) {
            Err(reason) => {
                format!("instance {id} is running, but its ECS agent cannot register: {reason}")
            }
            Ok(_) if self.now < tries_at => format!(
                "instance {id} is running and its ECS agent registers at {tries_at} (sim advance 30s)"
            ),
            Ok(_) => format!(
                "instance {id} is running but never registered: its ECS agent tried once, when it started ({tries_at}), and failed; what stopped it is fixed now, so replace the instance (terminate it: its Auto Scaling group launches a new one)"
            ),
        }
    }

    fn check_auto_scaling_group(&self, g: &AutoScalingGroupGoal) -> GoalCheck {
        let groups: Vec<_> = self
            .state
            .auto_scaling_groups
            .values()
            .filter(|a| !a.deleting && g.name.as_ref().is_none_or(|n| *n == a.name))
            .collect();
        if groups.is_empty() {
            let names: Vec<String> = self.state.auto_scaling_groups.keys().cloned().collect();
            return GoalCheck::unmet(match &g.name {
                Some(n) => format!(
                    "there is no Auto Scaling group named {n} (groups: {})",
                    list_or(&names, "none")
                ),
                None => "there is no Auto Scaling group".to_owned(),
            });
        }
        let mut problems = Vec::new();
        for group in groups {
            let template = self.state.launch_templates.get(&group.launch_template_id);
            let mut wrong = Vec::new();
            if let Some(want) = &g.cluster {
                let joins = template
                    .and_then(|t| t.user_data_script.as_deref())
                    .and_then(crate::ec2::launch_template::ecs_cluster_from_user_data);
                if joins.as_deref() != Some(want.as_str()) {
                    wrong.push(match joins {
                        Some(c) => format!("its launch template's user data joins cluster {c}, not {want}"),
                        None => format!(
                            "its launch template's user data does not set ECS_CLUSTER={want} (its instances would join the cluster named default)"
                        ),
                    });
                }
            }
            if let Some(want) = &g.instance_type {
                let have = template.map_or("", |t| t.instance_type());
                if have != want {
                    wrong.push(format!(
                        "its launch template's instance type is {}",
                        or_none(have)
                    ));
                }
            }
            for (what, want, have) in [
                ("minimum", g.min_size, group.min_size),
                ("maximum", g.max_size, group.max_size),
                (
                    "desired capacity",
                    g.desired_capacity,
                    group.desired_capacity,
                ),
            ] {
                if let Some(want) = want
                    && want != have
                {
                    wrong.push(format!("its {what} is {have}, not {want}"));
                }
            }
            let done = |prefix: &str| {
                group
                    .activities
                    .iter()
                    .filter(|a| a.status_code == "Successful" && a.description.starts_with(prefix))
                    .count() as u32
            };
            for (what, want, have) in [
                ("launched", g.launched, done("Launching")),
                ("terminated", g.terminated, done("Terminating")),
            ] {
                if let Some(want) = want
                    && have < want
                {
                    wrong.push(format!(
                        "it has {what} {have} instance{} so far, not {want}",
                        plural(have)
                    ));
                }
            }
            if g.agent_can_register {
                let profile = template
                    .and_then(|t| t.data.iam_instance_profile.as_ref())
                    .and_then(|p| p.name.clone().or_else(|| p.arn.clone()));
                if let Err(reason) = self.instance_profile_allows_ecs_agent(profile.as_deref()) {
                    wrong.push(reason);
                }
            }
            if wrong.is_empty() {
                let live = self
                    .state
                    .instances
                    .values()
                    .filter(|i| i.is_live() && i.auto_scaling_group.as_deref() == Some(&group.name))
                    .count();
                return GoalCheck::met(format!(
                    "Auto Scaling group {} (min {}, max {}, desired {}, {live} instance{} pending or running) matches",
                    group.name,
                    group.min_size,
                    group.max_size,
                    group.desired_capacity,
                    if live == 1 { "" } else { "s" }
                ));
            }
            problems.push(format!(
                "Auto Scaling group {}: {}",
                group.name,
                wrong.join("; ")
            ));
        }
        GoalCheck::unmet(problems.join(". "))
    }

    fn check_capacity_provider(&self, g: &CapacityProviderGoal) -> GoalCheck {
        let providers: Vec<_> = self
            .state
            .capacity_providers
            .values()
            .filter(|p| p.active && g.name.as_ref().is_none_or(|n| *n == p.name))
            .collect();
        if providers.is_empty() {
            let names: Vec<String> = self
                .state
                .capacity_providers
                .values()
                .filter(|p| p.active)
                .map(|p| p.name.clone())
                .collect();
            return GoalCheck::unmet(match &g.name {
                Some(n) => format!(
                    "there is no capacity provider named {n} (Auto Scaling group providers: {})",
                    list_or(&names, "none")
                ),
                None => "there is no Auto Scaling group capacity provider (only FARGATE and FARGATE_SPOT, which every account has)".to_owned(),
            });
        }
        let mut problems = Vec::new();
        for p in providers {
            let mut wrong = Vec::new();
            if let Some(want) = &g.auto_scaling_group
                && *want != p.asg_name
            {
                wrong.push(format!("it uses the Auto Scaling group {}", p.asg_name));
            }
            if let Some(want) = g.managed_scaling
                && want != p.managed_scaling.enabled()
            {
                wrong.push(format!(
                    "its managed scaling is {}",
                    p.managed_scaling.status.as_deref().unwrap_or("DISABLED")
                ));
            }
            if let Some(want) = g.target_capacity
                && Some(want) != p.managed_scaling.target_capacity
            {
                wrong.push(format!(
                    "its target capacity is {} %",
                    p.managed_scaling.target_capacity.unwrap_or(100)
                ));
            }
            if let Some(want) = g.termination_protection
                && want != (p.managed_termination_protection == "ENABLED")
            {
                wrong.push(format!(
                    "its managed termination protection is {}",
                    p.managed_termination_protection
                ));
            }
            if let Some(want) = &g.cluster {
                match self.active_cluster(want) {
                    Ok(c) if c.capacity_providers.contains(&p.name) => {}
                    Ok(c) => wrong.push(format!(
                        "cluster {want} is not using it (its capacity providers: {}; put-cluster-capacity-providers)",
                        list_or(&c.capacity_providers, "none")
                    )),
                    Err(why) => wrong.push(why),
                }
            }
            if wrong.is_empty() {
                return GoalCheck::met(format!(
                    "capacity provider {} uses the Auto Scaling group {}{}",
                    p.name,
                    p.asg_name,
                    g.cluster.as_ref().map_or(String::new(), |c| format!(
                        " and is associated with cluster {c}"
                    ))
                ));
            }
            problems.push(format!(
                "capacity provider {}: {}",
                p.name,
                wrong.join("; ")
            ));
        }
        GoalCheck::unmet(problems.join(". "))
    }

    /// The latest ACTIVE revision of a family.
    fn latest_revision(&self, family: &str) -> Option<&TaskDefinitionRecord> {
        self.state.task_definitions.get(family).and_then(|f| {
            f.revisions
                .values()
                .rev()
                .find(|r| r.status() == crate::ecs::task_definition::TaskDefinitionStatus::Active)
                .map(|r| r.as_ref())
        })
    }

    fn role_want_problem(&self, what: &str, want: &RoleWant, have: Option<&str>) -> Option<String> {
        match (want, have) {
            (RoleWant::Set(false), None) => None,
            (RoleWant::Set(false), Some(arn)) => Some(format!("its {what} is {arn}, none wanted")),
            (_, None) => Some(format!("it has no {what}")),
            (RoleWant::Set(true), Some(arn)) => self
                .role_by_arn(arn)
                .is_none()
                .then(|| format!("its {what} {arn} does not exist in IAM")),
            (RoleWant::Named(name), Some(arn)) => {
                if arn.last_segment() != name {
                    Some(format!("its {what} is {arn}, not the role {name}"))
                } else if self.role_by_arn(arn).is_none() {
                    Some(format!("its {what} {arn} does not exist in IAM"))
                } else {
                    None
                }
            }
        }
    }

    fn check_task_definition(&self, g: &TaskDefinitionGoal) -> GoalCheck {
        let Some(td) = self.latest_revision(&g.family) else {
            let families: Vec<String> = self.state.task_definitions.keys().cloned().collect();
            return GoalCheck::unmet(format!(
                "no ACTIVE task definition of family {} is registered (families: {})",
                g.family,
                list_or(&families, "none")
            ));
        };
        let name = format!("{}:{}", g.family, td.def.revision);
        let mut wrong = Vec::new();
        for c in &g.compatibilities {
            let ok = td
                .def
                .compatibilities
                .iter()
                .any(|have| serde_word(have).eq_ignore_ascii_case(c));
            if !ok {
                wrong.push(format!("it is not compatible with {c}"));
            }
        }
        if let Some(want) = &g.network_mode {
            let have = td.network_mode().as_str();
            if have != want {
                wrong.push(format!("its network mode is {have}"));
            }
        }
        if let Some(want) = g.cpu
            && td.task_cpu() != Some(want)
        {
            wrong.push(format!(
                "its task cpu is {}",
                td.task_cpu()
                    .map_or("not set".to_owned(), |c| c.to_string())
            ));
        }
        if let Some(want) = g.memory
            && td.task_memory() != Some(want)
        {
            wrong.push(format!(
                "its task memory is {}",
                td.task_memory()
                    .map_or("not set".to_owned(), |m| format!("{m} MiB"))
            ));
        }
        let images: Vec<&str> = td.containers().iter().map(|c| c.image.as_str()).collect();
        if let Some(want) = &g.image
            && !images.iter().any(|i| image_matches(want, i))
        {
            wrong.push(format!(
                "its image{} {}",
                if images.len() == 1 { " is" } else { "s are" },
                images.join(", ")
            ));
        }
        if let Some(want) = &g.ecr_repository
            && !images.iter().any(|i| self.in_ecr_repository(want, i))
        {
            wrong.push(format!(
                "no container's image is in the ECR repository {want} (images: {})",
                images.join(", ")
            ));
        }
        let mappings: Vec<(i64, Option<i64>)> = td
            .containers()
            .iter()
            .flat_map(|c| {
                c.port_mappings
                    .iter()
                    .map(|p| (p.container_port.unwrap_or(0), p.host_port))
            })
            .collect();
        if let Some(want) = g.container_port
            && !mappings.iter().any(|(c, _)| *c == i64::from(want))
        {
            wrong.push(format!("no container maps container port {want}"));
        }
        if let Some(want) = g.host_port {
            let want = i64::from(want);
            let ok = mappings.iter().any(|(c, h)| {
                g.container_port.is_none_or(|p| *c == i64::from(p)) && h.unwrap_or(0) == want
            });
            if !ok {
                let have: Vec<String> = mappings
                    .iter()
                    .map(|(c, h)| format!("{}→{c}", h.unwrap_or(0)))
                    .collect();
                wrong.push(format!(
                    "its host→container port mappings are {} (0: dynamic)",
                    list_or(&have, "none")
                ));
            }
        }
        if let Some(want) = &g.execution_role
            && let Some(p) =
                self.role_want_problem("execution role", want, td.def.execution_role_arn.as_deref())
        {
            wrong.push(p);
        }
        if let Some(want) = &g.task_role
            && let Some(p) =
                self.role_want_problem("task role", want, td.def.task_role_arn.as_deref())
        {
            wrong.push(p);
        }
        if let Some(want) = g.health_check {
            let have = td
                .containers()
                .iter()
                .any(|c| c.essential != Some(false) && c.health_check.is_some());
            if have != want {
                wrong.push(if have {
                    "an essential container has a health check".to_owned()
                } else {
                    "no essential container has a health check".to_owned()
                });
            }
        }
        if wrong.is_empty() {
            GoalCheck::met(format!("task definition {name} matches"))
        } else {
            GoalCheck::unmet(format!(
                "task definition {name} is the latest revision, but {}",
                wrong.join("; ")
            ))
        }
    }

    /// The tasks of cluster `cluster_arn` a selection names (any status).
    fn selected_tasks(&self, cluster_arn: &str, g: &TasksGoal) -> Vec<&TaskRecord> {
        let group = g.service.as_ref().map(|s| format!("service:{s}"));
        self.state
            .tasks
            .values()
            .filter(|t| t.cluster_arn == cluster_arn)
            .filter(|t| group.as_ref().is_none_or(|grp| t.group == *grp))
            .filter(|t| g.group.as_ref().is_none_or(|grp| t.group == *grp))
            .filter(|t| {
                g.family
                    .as_ref()
                    .is_none_or(|f| family_of(&t.life.task_definition_arn) == f)
            })
            .filter(|t| {
                g.launch_type
                    .as_ref()
                    .is_none_or(|l| t.launch_type.as_str().eq_ignore_ascii_case(l))
            })
            .filter(|t| {
                g.capacity_provider
                    .as_ref()
                    .is_none_or(|c| t.life.capacity_provider_name.as_deref() == Some(c))
            })
            .filter(|t| {
                g.image.as_ref().is_none_or(|want| {
                    t.life
                        .containers
                        .iter()
                        .any(|c| image_matches(want, &c.image))
                })
            })
            .filter(|t| {
                g.ecr_repository.as_ref().is_none_or(|want| {
                    t.life
                        .containers
                        .iter()
                        .any(|c| self.in_ecr_repository(want, &c.image))
                })
            })
            .collect()
    }

    /// What the latest stopped task of a set says, if any.
    fn latest_stop(tasks: &[&TaskRecord]) -> Option<String> {
        tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Stopped)
            .max_by_key(|t| (t.stopped_at, t.life.created_at))
            .map(|t| {
                let reason = t
                    .life
                    .containers
                    .iter()
                    .find(|c| c.essential && c.exit_code.is_some_and(|e| e != 0))
                    .map(|c| {
                        let last = c
                            .logs
                            .last()
                            .map_or(String::new(), |(_, l)| format!(", last log line: {l}"));
                        format!(
                            "{} (container {} exited with code {}{last})",
                            t.stopped_reason.as_deref().unwrap_or("stopped"),
                            c.name,
                            c.exit_code.unwrap_or_default()
                        )
                    })
                    .unwrap_or_else(|| {
                        t.stopped_reason
                            .clone()
                            .unwrap_or_else(|| "no reason given".to_owned())
                    });
                format!("task {} stopped: {reason}", short(&t.arn))
            })
    }

    fn check_tasks(&self, g: &TasksGoal) -> GoalCheck {
        let cluster = match self.active_cluster(&g.cluster) {
            Ok(c) => c,
            Err(why) => return GoalCheck::unmet(why),
        };
        if let Some(s) = &g.service
            && self.find_service(&cluster.arn, s).is_none()
        {
            return GoalCheck::unmet(format!("cluster {} has no service named {s}", g.cluster));
        }
        let tasks = self.selected_tasks(&cluster.arn, g);
        let what = selection_text(g);
        let running: Vec<&TaskRecord> = tasks
            .iter()
            .copied()
            .filter(|t| t.status == TaskStatus::Running)
            .collect();
        let counted: Vec<&TaskRecord> = running
            .iter()
            .copied()
            .filter(|t| g.public_ip != Some(true) || t.life.public_ip.is_some())
            .filter(|t| g.public_ip != Some(false) || t.life.public_ip.is_none())
            .collect();
        let n = u32::try_from(counted.len()).unwrap_or(u32::MAX);
        let count_ok = match (g.running, g.at_least) {
            (Some(want), _) => n == want,
            (None, Some(want)) => n >= want,
            (None, None) => n >= 1,
        };
        if !count_ok {
            let want = match (g.running, g.at_least) {
                (Some(w), _) => format!("exactly {w}"),
                (None, Some(w)) => format!("at least {w}"),
                (None, None) => "at least 1".to_owned(),
            };
            let mut s = format!(
                "cluster {} has {n} RUNNING task{} {what} ({want} wanted)",
                g.cluster,
                plural(n)
            );
            if counted.len() < running.len() {
                s += &format!(
                    "; {} more RUNNING without a public IP (assignPublicIp=ENABLED gives one on Fargate)",
                    running.len() - counted.len()
                );
            }
            let pending = tasks
                .iter()
                .filter(|t| matches!(t.status, TaskStatus::Pending))
                .count();
            if pending > 0 {
                s += &format!("; {pending} still PENDING (give it time: sim advance 1m)");
            }
            if let Some(stop) = Sim::latest_stop(&tasks) {
                s += &format!("; the latest {stop}");
            } else if tasks.is_empty() {
                s += "; none was started";
            }
            if let Some((_, _, event)) = g
                .service
                .as_ref()
                .and_then(|name| self.find_service(&cluster.arn, name))
                .and_then(|arn| self.state.services.get(&arn))
                .and_then(|svc| svc.detail.events.front())
                .filter(|(_, _, m)| m.contains("unable to place"))
            {
                s += &format!("; the service's latest event: {event}");
            }
            return GoalCheck::unmet(s);
        }
        let mut said = format!(
            "{n} RUNNING task{} {what} in cluster {}",
            plural(n),
            g.cluster
        );
        if g.healthy {
            let unhealthy: Vec<String> = counted
                .iter()
                .filter(|t| {
                    crate::ecs::health::task_health(t)
                        != Some(crate::ecs::health::HealthStatus::Healthy)
                })
                .map(|t| {
                    format!(
                        "task {} is {}",
                        short(&t.arn),
                        crate::ecs::health::task_health(t)
                            .map_or("without a health check", |h| h.as_str())
                    )
                })
                .collect();
            if !unhealthy.is_empty() {
                return GoalCheck::unmet(format!("{said}, but {}", unhealthy.join("; ")));
            }
            said += ", all HEALTHY";
        }
        let placements: Vec<(String, &str, &str)> = counted
            .iter()
            .map(|t| {
                let instance = t
                    .container_instance_arn
                    .as_deref()
                    .and_then(|ci| self.state.container_instances.get(ci))
                    .map_or("Fargate".to_owned(), |ci| ci.ec2_instance_id.clone());
                (instance, t.life.availability_zone.as_str(), short(&t.arn))
            })
            .collect();
        let where_text = || {
            placements
                .iter()
                .map(|(i, az, id)| format!("{id} on {i} in {az}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut instances: Vec<&str> = placements
            .iter()
            .filter(|(i, _, _)| i != "Fargate")
            .map(|(i, _, _)| i.as_str())
            .collect();
        let on_instances = instances.len();
        instances.sort_unstable();
        instances.dedup();
        if g.distinct_instances && instances.len() < on_instances {
            return GoalCheck::unmet(format!(
                "{said}, but some share a container instance: {}",
                where_text()
            ));
        }
        if let Some(max) = g.max_instances
            && instances.len() > max as usize
        {
            return GoalCheck::unmet(format!(
                "{said}, but they are on {} container instances (at most {max} wanted): {}",
                instances.len(),
                where_text()
            ));
        }
        if let Some(min) = g.availability_zones {
            let mut zones: Vec<&str> = placements.iter().map(|(_, az, _)| *az).collect();
            zones.sort_unstable();
            zones.dedup();
            if zones.len() < min as usize {
                return GoalCheck::unmet(format!(
                    "{said}, but they are in {} Availability Zone{} ({}; at least {min} wanted): {}",
                    zones.len(),
                    if zones.len() == 1 { "" } else { "s" },
                    zones.join(", "),
                    where_text()
                ));
            }
        }
        if g.distinct_instances || g.max_instances.is_some() || g.availability_zones.is_some() {
            said += &format!(": {}", where_text());
        }
        GoalCheck::met(said)
    }

    fn service_record(&self, cluster: &str, name: &str) -> Result<&ServiceRecord, String> {
        let c = self.active_cluster(cluster)?;
        let found = self
            .find_service(&c.arn, name)
            .and_then(|arn| self.state.services.get(&arn))
            .filter(|s| s.status == ServiceStatus::Active);
        found.ok_or_else(|| {
            let names: Vec<String> = self
                .state
                .services
                .values()
                .filter(|s| s.cluster_arn == c.arn && s.status == ServiceStatus::Active)
                .map(|s| s.detail.name.clone())
                .collect();
            format!(
                "cluster {cluster} has no ACTIVE service named {name} (services: {})",
                list_or(&names, "none")
            )
        })
    }

    /// What may keep a service from its steady state, from its tasks and
    /// its events: a placement failure, the latest stopped task and why,
    /// PENDING tasks, RUNNING tasks that are not HEALTHY.
    fn service_trouble(&self, s: &ServiceRecord) -> Vec<String> {
        let group = format!("service:{}", s.detail.name);
        let tasks: Vec<&TaskRecord> = self
            .state
            .tasks
            .values()
            .filter(|t| t.cluster_arn == s.cluster_arn && t.group == group)
            .collect();
        let mut parts = Vec::new();
        if let Some((_, _, m)) = s
            .detail
            .events
            .front()
            .filter(|(_, _, m)| m.contains("unable to place"))
        {
            parts.push(format!("its latest event: {m}"));
        }
        if let Some(stop) = Sim::latest_stop(&tasks) {
            parts.push(if tasks.len() == 1 {
                format!("its only {stop}")
            } else {
                format!("its latest {stop}")
            });
        }
        let unhealthy: Vec<String> = tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Running)
            .filter_map(|t| {
                let h = crate::ecs::health::task_health(t)?;
                (h != crate::ecs::health::HealthStatus::Healthy)
                    .then(|| format!("task {} is RUNNING but {}", short(&t.arn), h.as_str()))
            })
            .collect();
        parts.extend(unhealthy);
        let pending = tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Pending)
            .count();
        if pending > 0 {
            parts.push(format!(
                "{pending} task{} PENDING (sim advance 1m)",
                if pending == 1 { " is" } else { "s are" }
            ));
        }
        parts
    }

    fn check_service(&self, g: &ServiceGoal) -> GoalCheck {
        let s = match self.service_record(&g.cluster, &g.name) {
            Ok(s) => s,
            Err(why) => return GoalCheck::unmet(why),
        };
        let d = &s.detail;
        let group = format!("service:{}", d.name);
        let running = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.cluster_arn == s.cluster_arn
                    && t.group == group
                    && t.status == TaskStatus::Running
            })
            .count();
        let running = u32::try_from(running).unwrap_or(u32::MAX);
        let mut wrong = Vec::new();
        if let Some(want) = &g.target_group {
            let registered = d.load_balancers.iter().any(|lb| {
                lb.target_group_arn
                    .as_deref()
                    .and_then(|a| self.state.elb.target_groups.get(a))
                    .is_some_and(|t| t.name == *want)
            });
            if !registered {
                wrong.push(format!(
                    "it has no load balancer entry for target group {want} (--load-balancers targetGroupArn=…,containerName=…,containerPort=…)"
                ));
            }
        }
        if let Some(want) = g.grace_period
            && d.health_check_grace_period_seconds.unwrap_or(0) != want
        {
            wrong.push(format!(
                "its health check grace period is {} s, not {want} s",
                d.health_check_grace_period_seconds.unwrap_or(0)
            ));
        }
        if let Some(want) = &g.launch_type {
            let have = if d.capacity_provider_strategy.is_empty() {
                s.launch_type.as_str().to_owned()
            } else {
                "a capacity provider strategy".to_owned()
            };
            if !have.eq_ignore_ascii_case(want) {
                wrong.push(format!("it uses {have}, not launch type {want}"));
            }
        }
        if let Some(want) = &g.capacity_provider
            && !d
                .capacity_provider_strategy
                .iter()
                .any(|i| i.capacity_provider == *want)
        {
            let have: Vec<String> = d
                .capacity_provider_strategy
                .iter()
                .map(|i| i.capacity_provider.clone())
                .collect();
            wrong.push(format!(
                "its capacity provider strategy is {}",
                list_or(
                    &have,
                    format!("empty (launch type {})", s.launch_type.as_str()).as_str()
                )
            ));
        }
        let primary_td = self.task_definition_by_arn(&d.task_definition_arn);
        if let Some(want) = &g.family {
            let have = family_of(&d.task_definition_arn);
            if have != want {
                wrong.push(format!(
                    "it runs task definition {}",
                    d.task_definition_arn.last_segment()
                ));
            }
        }
        if let Some(want) = &g.image {
            let images: Vec<String> = primary_td
                .map(|td| td.containers().iter().map(|c| c.image.clone()).collect())
                .unwrap_or_default();
            if !images.iter().any(|i| image_matches(want, i)) {
                wrong.push(format!(
                    "its PRIMARY deployment runs {} ({})",
                    d.task_definition_arn.last_segment(),
                    list_or(&images, "no image")
                ));
            }
        }
        if let Some(want) = g.circuit_breaker {
            let cb = d.deployment_configuration.deployment_circuit_breaker;
            let have = cb.enable && cb.rollback;
            if have != want {
                wrong.push(format!(
                    "its deployment circuit breaker is {}",
                    match (cb.enable, cb.rollback) {
                        (false, _) => "off",
                        (true, false) => "on without rollback",
                        (true, true) => "on with rollback",
                    }
                ));
            }
        }
        if let Some(want) = &g.placement_strategy {
            let have: Vec<String> = d
                .placement_strategy
                .iter()
                .map(|p| match &p.field {
                    Some(f) => format!("{}:{f}", p.r#type),
                    None => p.r#type.clone(),
                })
                .collect();
            let same = have.len() == want.len()
                && have
                    .iter()
                    .zip(want)
                    .all(|(h, w)| h.eq_ignore_ascii_case(w));
            if !same {
                wrong.push(format!(
                    "its placement strategy is {}",
                    list_or(&have, "none (the default)")
                ));
            }
        }
        if let Some(want) = &g.placement_constraints {
            let have: Vec<String> = d
                .placement_constraints
                .iter()
                .map(|c| c.r#type.clone())
                .collect();
            if have != *want {
                wrong.push(format!(
                    "its placement constraints are {}",
                    list_or(&have, "none")
                ));
            }
        }
        if g.rolled_back
            && !d
                .events
                .iter()
                .any(|(_, _, m)| m.contains("circuit breaker: rolling back"))
        {
            let failed = d
                .deployments
                .iter()
                .any(|dep| dep.rollout_state == RolloutState::Failed);
            wrong.push(if failed {
                "a deployment FAILED but nothing was rolled back (rollback is off)".to_owned()
            } else if d.deployments.len() > 1 {
                format!(
                    "a deployment is in progress ({} deployments; the circuit breaker has counted {} failed task{} of the newest)",
                    d.deployments.len(),
                    d.deployments.first().map_or(0, |p| p.failed_tasks),
                    if d.deployments.first().map_or(0, |p| p.failed_tasks) == 1 { "" } else { "s" }
                )
            } else {
                "no deployment has been rolled back by the circuit breaker".to_owned()
            });
        }
        let mut short_of_tasks = false;
        if let Some(want) = g.running {
            if d.desired_count != want {
                wrong.push(format!(
                    "its desired count is {}, not {want}",
                    d.desired_count
                ));
            } else if running != want {
                short_of_tasks = true;
            }
        }
        let steady = d.deployments.len() == 1
            && d.deployments
                .first()
                .is_some_and(|p| p.rollout_state == RolloutState::Completed)
            && running == d.desired_count;
        if g.steady && !steady && !short_of_tasks {
            if running < d.desired_count {
                short_of_tasks = true;
            } else if d.deployments.len() > 1 {
                wrong.push(format!(
                    "a deployment is still rolling out ({} deployments: {})",
                    d.deployments.len(),
                    d.deployments
                        .iter()
                        .map(|dep| format!(
                            "{} {}",
                            dep.task_definition_arn.last_segment(),
                            dep.rollout_state.as_str()
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            } else {
                let trouble = self.service_trouble(s);
                wrong.push(if trouble.is_empty() {
                    "its deployment has not completed yet (sim advance 1m)".to_owned()
                } else {
                    format!("its deployment has not completed: {}", trouble.join("; "))
                });
            }
        }
        if short_of_tasks {
            wrong.push(format!(
                "{running} of {} task{} {} RUNNING: {}",
                d.desired_count,
                plural(d.desired_count),
                if d.desired_count == 1 { "is" } else { "are" },
                {
                    let trouble = self.service_trouble(s);
                    if trouble.is_empty() {
                        "its scheduler has not started them yet (sim advance 1m)".to_owned()
                    } else {
                        trouble.join("; ")
                    }
                }
            ));
        }
        if wrong.is_empty() {
            let mut said = format!(
                "service {} runs {running} of {} task{} of {}",
                d.name,
                d.desired_count,
                plural(d.desired_count),
                d.task_definition_arn.last_segment()
            );
            if steady {
                said += ", deployment COMPLETED";
            }
            if g.rolled_back {
                said += "; the circuit breaker rolled a failed deployment back";
            }
            GoalCheck::met(said)
        } else {
            GoalCheck::unmet(format!(
                "service {} exists, but {}",
                d.name,
                wrong.join("; ")
            ))
        }
    }

    /// A security group by id or name (the default VPC's first, then any).
    fn find_group(
        &self,
        name_or_id: &str,
    ) -> Option<&crate::ec2::security_group::SecurityGroupRecord> {
        self.state.security_groups.get(name_or_id).or_else(|| {
            let default_vpc = self
                .state
                .vpcs
                .values()
                .find(|v| v.is_default)
                .map(|v| v.id.clone());
            let mut named = self
                .state
                .security_groups
                .values()
                .filter(|g| g.name == name_or_id);
            let all: Vec<_> = named.by_ref().collect();
            all.iter()
                .find(|g| Some(&g.vpc_id) == default_vpc.as_ref())
                .or_else(|| all.first())
                .copied()
        })
    }

    fn check_ingress(&self, g: &SecurityGroupIngressGoal) -> GoalCheck {
        let Some(group) = self.find_group(&g.group) else {
            let names: Vec<String> = self
                .state
                .security_groups
                .values()
                .map(|s| format!("{} ({})", s.name, s.id))
                .collect();
            return GoalCheck::unmet(format!(
                "there is no security group {} (groups: {})",
                g.group,
                names.join(", ")
            ));
        };
        let source = if let Some(cidr) = crate::base::ipv4::Cidr::parse(&g.source) {
            Source::Block(cidr)
        } else {
            match self.find_group(&g.source) {
                Some(s) => Source::Group(s.id.clone()),
                None => {
                    return GoalCheck::unmet(format!(
                        "the source {} is neither a CIDR block nor a security group that exists",
                        g.source
                    ));
                }
            }
        };
        let verdict = self.allows_ingress(
            std::slice::from_ref(&group.id),
            &source,
            &g.protocol,
            g.port,
        );
        let rules: Vec<String> = group.ingress.iter().map(|r| r.summary()).collect();
        if verdict.allowed {
            GoalCheck::met(format!(
                "security group {} ({}) allows {}/{} from {}: {}",
                group.name,
                group.id,
                g.protocol,
                g.port,
                g.source,
                verdict.by_rule.map_or(String::new(), |r| r.summary)
            ))
        } else {
            GoalCheck::unmet(format!(
                "security group {} ({}) does not allow {}/{} from {}; its inbound rules: {}",
                group.name,
                group.id,
                g.protocol,
                g.port,
                g.source,
                list_or(&rules, "none")
            ))
        }
    }

    fn check_http(&self, g: &HttpGoal) -> GoalCheck {
        let cluster = match self.active_cluster(&g.cluster) {
            Ok(c) => c,
            Err(why) => return GoalCheck::unmet(why),
        };
        let group = g.service.as_ref().map(|s| format!("service:{s}"));
        let tasks: Vec<&TaskRecord> = self
            .state
            .tasks
            .values()
            .filter(|t| t.cluster_arn == cluster.arn && t.status == TaskStatus::Running)
            .filter(|t| group.as_ref().is_none_or(|grp| t.group == *grp))
            .filter(|t| {
                g.family
                    .as_ref()
                    .is_none_or(|f| family_of(&t.life.task_definition_arn) == f)
            })
            .collect();
        let what = match (&g.service, &g.family) {
            (Some(s), _) => format!("of service {s}"),
            (None, Some(f)) => format!("of family {f}"),
            (None, None) => String::new(),
        };
        if tasks.is_empty() {
            return GoalCheck::unmet(format!(
                "no task {what} is RUNNING in cluster {}, so there is nothing to answer",
                g.cluster
            ));
        }
        let mut failures = Vec::new();
        for t in tasks {
            let address = t.life.public_ip.or_else(|| {
                t.container_instance_arn
                    .as_deref()
                    .and_then(|ci| self.state.container_instances.get(ci))
                    .and_then(|ci| self.state.instances.get(&ci.ec2_instance_id))
                    .and_then(|i| i.public_ip)
            });
            let Some(ip) = address else {
                failures.push(format!(
                    "task {} has no public IP address (on Fargate: assignPublicIp=ENABLED in a public subnet)",
                    short(&t.arn)
                ));
                continue;
            };
            let outcome = self.probe_http(&ProbeSource::Internet(LAPTOP_IP), ip, g.port, "/");
            let address = format!("{}:{}", crate::base::ipv4::format_ipv4(ip), g.port);
            match &outcome.result {
                ProbeResult::Response(r)
                    if r.status == g.status
                        && g.body_contains
                            .as_ref()
                            .is_none_or(|b| r.body.contains(b.as_str())) =>
                {
                    return GoalCheck::met(format!(
                        "http://{address}/ (task {}) answers {} {}",
                        short(&t.arn),
                        r.status,
                        r.reason
                    ));
                }
                ProbeResult::Response(r) if r.status != g.status => failures.push(format!(
                    "http://{address}/ (task {}) answers {} {}, not {}",
                    short(&t.arn),
                    r.status,
                    r.reason,
                    g.status
                )),
                ProbeResult::Response(_) => failures.push(format!(
                    "http://{address}/ (task {}) answers, but its page does not contain \"{}\"",
                    short(&t.arn),
                    g.body_contains.as_deref().unwrap_or_default()
                )),
                other => {
                    let hop = outcome
                        .hops
                        .iter()
                        .find(|h| !h.passed)
                        .map_or(String::new(), |h| format!(": {}", h.detail));
                    let result = match other {
                        ProbeResult::Timeout => "times out",
                        ProbeResult::Refused => "is refused",
                        ProbeResult::Reset => "is reset",
                        ProbeResult::EmptyReply => "gets an empty reply",
                        ProbeResult::Response(_) => "answers",
                    };
                    failures.push(format!(
                        "a request to http://{address}/ (task {}) {result}{hop}",
                        short(&t.arn)
                    ));
                }
            }
        }
        GoalCheck::unmet(failures.join("; "))
    }

    fn check_repository(&self, g: &RepositoryGoal) -> GoalCheck {
        let Some(repo) = self.state.ecr.repositories.get(&g.name) else {
            let names: Vec<String> = self.state.ecr.repositories.keys().cloned().collect();
            return GoalCheck::unmet(format!(
                "there is no ECR repository named {} (repositories: {})",
                g.name,
                list_or(&names, "none")
            ));
        };
        let mut wrong = Vec::new();
        if let Some(want) = g.scan_on_push
            && repo.scan_on_push != want
        {
            wrong.push(format!(
                "scan on push is {}",
                if repo.scan_on_push { "on" } else { "off" }
            ));
        }
        if let Some(want) = &g.tag_mutability {
            let have = serde_word(&repo.tag_mutability);
            if !have.eq_ignore_ascii_case(want) {
                wrong.push(format!("its tags are {have}"));
            }
        }
        let tags: Vec<String> = repo
            .images
            .values()
            .flat_map(|i| i.tags.iter().cloned())
            .collect();
        let missing: Vec<&String> = g.tags.iter().filter(|t| !tags.contains(t)).collect();
        if !missing.is_empty() {
            wrong.push(format!(
                "no image is tagged {} (tags: {})",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                list_or(&tags, "none")
            ));
        }
        for tag in &g.scanned_tags {
            match repo.images.values().find(|i| i.tags.contains(tag)) {
                None => wrong.push(format!("no image is tagged {tag}, so none is scanned")),
                Some(i) => match i.scan.as_ref().map(|s| s.completed_at.is_some()) {
                    Some(true) => {}
                    Some(false) => {
                        wrong.push(format!("the scan of {tag} is IN_PROGRESS (sim advance 1m)"))
                    }
                    None => wrong.push(format!(
                        "{tag} was never scanned (scan on push, or aws ecr start-image-scan)"
                    )),
                },
            }
        }
        let count = u32::try_from(repo.images.len()).unwrap_or(u32::MAX);
        if let Some(min) = g.min_images
            && count < min
        {
            wrong.push(format!(
                "it holds {count} image{} (at least {min} wanted)",
                plural(count)
            ));
        }
        if let Some(max) = g.max_images
            && count > max
        {
            let mut said = format!(
                "it holds {count} image{} (at most {max} wanted)",
                plural(count)
            );
            if let Some(policy) = &repo.lifecycle
                && policy.last_evaluated_at.is_none()
            {
                said += &format!(
                    "; its lifecycle policy has not run yet (ECR evaluates a new policy within 24 hours; here {} after it was put: sim advance {})",
                    crate::ecr::lifecycle::FIRST_EVALUATION.label(),
                    crate::ecr::lifecycle::FIRST_EVALUATION.label()
                );
            }
            wrong.push(said);
        }
        if wrong.is_empty() {
            GoalCheck::met(format!(
                "repository {} holds {count} image{} (tags: {})",
                g.name,
                plural(count),
                list_or(&tags, "none")
            ))
        } else {
            GoalCheck::unmet(format!(
                "repository {} exists, but {}",
                g.name,
                wrong.join("; ")
            ))
        }
    }

    fn check_lifecycle(&self, g: &LifecyclePolicyGoal) -> GoalCheck {
        let Some(repo) = self.state.ecr.repositories.get(&g.repository) else {
            return GoalCheck::unmet(format!("there is no ECR repository named {}", g.repository));
        };
        let Some(policy) = &repo.lifecycle else {
            return GoalCheck::unmet(format!(
                "repository {} has no lifecycle policy (aws ecr put-lifecycle-policy)",
                g.repository
            ));
        };
        // Ten images pushed an hour apart, the newest now: v1 … v7 (the
        // newest also `latest`), and three untagged ones.
        let now = self.now.saturating_add(crate::time::SimDuration::hours(10));
        let images: Vec<crate::ecr::ImageRecord> = (0u64..10)
            .map(|i| {
                let tags: std::collections::BTreeSet<String> = match i {
                    2 | 5 | 8 => Default::default(),
                    9 => ["v7".to_owned(), "latest".to_owned()].into_iter().collect(),
                    _ => [format!("v{}", i - i / 3 + 1)].into_iter().collect(),
                };
                crate::ecr::ImageRecord {
                    digest: format!("sha256:{i:064x}"),
                    tags,
                    size_bytes: 1,
                    pushed_at: crate::time::SimTime(now.0.saturating_sub((9 - i) * 3_600_000)),
                    push_seq: i,
                    base: String::new(),
                    scan: None,
                    last_pulled_at: None,
                }
            })
            .collect();
        let expired = crate::ecr::lifecycle::evaluate(&policy.policy, &images, now).len();
        let kept = images.len() - expired;
        if kept <= g.keeps_at_most as usize {
            GoalCheck::met(format!(
                "repository {}'s lifecycle policy keeps {kept} of 10 images pushed an hour apart (tagged and untagged)",
                g.repository
            ))
        } else {
            GoalCheck::unmet(format!(
                "repository {} has a lifecycle policy, but of 10 images pushed an hour apart (7 tagged, 3 untagged) it would keep {kept}: a rule with tagStatus any and countType imageCountMoreThan keeps the newest N whatever their tags",
                g.repository
            ))
        }
    }

    fn check_role(&self, g: &RoleGoal) -> GoalCheck {
        let Some(role) = self.state.roles.get(&g.name) else {
            let names: Vec<String> = self.state.roles.keys().cloned().collect();
            return GoalCheck::unmet(format!(
                "there is no IAM role named {} (roles: {})",
                g.name,
                list_or(&names, "none")
            ));
        };
        let mut wrong = Vec::new();
        if let Some(t) = &g.trusts
            && !self.role_trusts(&role.arn, t)
        {
            wrong.push(format!("its trust policy does not let {t} assume it"));
        }
        let resource = g.resource.as_deref().unwrap_or("*");
        for action in &g.allows {
            match self.role_allows(&role.arn, action, resource) {
                crate::iam::Decision::Allowed(_) => {}
                crate::iam::Decision::ExplicitDeny(_) => {
                    wrong.push(format!("a policy explicitly denies {action} on {resource}"));
                }
                crate::iam::Decision::ImplicitDeny => {
                    wrong.push(format!("no policy allows {action} on {resource}"));
                }
            }
        }
        let mut policies: Vec<String> = role
            .attached
            .iter()
            .map(|a| a.last_segment().to_owned())
            .collect();
        policies.extend(role.inline.keys().map(|k| format!("{k} (inline)")));
        if wrong.is_empty() {
            GoalCheck::met(format!(
                "role {} exists (policies: {})",
                g.name,
                list_or(&policies, "none")
            ))
        } else {
            GoalCheck::unmet(format!(
                "role {} exists, but {} (its policies: {})",
                g.name,
                wrong.join("; "),
                list_or(&policies, "none")
            ))
        }
    }

    fn check_task_exit(&self, g: &TaskExitGoal) -> GoalCheck {
        let cluster = match self.active_cluster(&g.cluster) {
            Ok(c) => c,
            Err(why) => return GoalCheck::unmet(why),
        };
        let mut tasks: Vec<&TaskRecord> = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.cluster_arn == cluster.arn && family_of(&t.life.task_definition_arn) == g.family
            })
            .collect();
        tasks.sort_by_key(|t| std::cmp::Reverse(t.life.created_at));
        let container = |t: &TaskRecord| {
            t.life
                .containers
                .iter()
                .find(|c| match &g.container {
                    Some(name) => c.name == *name,
                    None => c.essential,
                })
                .cloned()
        };
        for t in &tasks {
            if let Some(c) = container(t)
                && c.exit_code == Some(g.exit_code)
                && g.logs_contain
                    .as_ref()
                    .is_none_or(|want| c.logs.iter().any(|(_, l)| l.contains(want.as_str())))
            {
                return GoalCheck::met(format!(
                    "task {} of {}: container {} exited with code {}",
                    short(&t.arn),
                    t.life.task_definition_arn.last_segment(),
                    c.name,
                    g.exit_code
                ));
            }
        }
        let Some(latest) = tasks.first() else {
            return GoalCheck::unmet(format!(
                "no task of family {} has run in cluster {} (or it stopped more than an hour ago)",
                g.family, g.cluster
            ));
        };
        let status = latest.life.last_status;
        let detail = match container(latest) {
            None => "has no such container".to_owned(),
            Some(c) => match c.exit_code {
                None if latest.status == TaskStatus::Stopped => format!(
                    "stopped before its container {} ran: {}",
                    c.name,
                    latest
                        .stopped_reason
                        .as_deref()
                        .unwrap_or("no reason given")
                ),
                None => format!(
                    "is {status}; its container {} has not exited yet (sim advance 1m)",
                    c.name
                ),
                Some(code) => {
                    let last = c
                        .logs
                        .last()
                        .map_or(String::new(), |(_, l)| format!("; its last log line: {l}"));
                    format!(
                        "ran: its container {} exited with code {code}{last}",
                        c.name
                    )
                }
            },
        };
        GoalCheck::unmet(format!(
            "the latest task of {} ({}) {detail}",
            latest.life.task_definition_arn.last_segment(),
            short(&latest.arn)
        ))
    }
}

/// An enum's word as the API spells it (its serde name).
fn serde_word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "not set" } else { s }
}

mod efs;
mod elb;
mod events;
mod scaling;
mod sqs;
mod storage;

#[cfg(test)]
mod tests;
