//! Amazon EventBridge events of ECS (F11.1–F11.5): every internal
//! [`EventKind`] that AWS would publish to the default event bus becomes an
//! [`EventBridgeEvent`] — the envelope exactly as F11.2 shows it
//! (`version "0"`, `id`, `detail-type`, `source "aws.ecs"`, `account`,
//! `time`, `region`, `resources`, `detail`) — at the moment the internal
//! event is emitted, so its `detail` is the resource as it is then.
//! [`Sim::drain_eventbridge_events`] hands them out, oldest first;
//! [`pattern::matches`] is the content filter later issues route them with.
//!
//! | internal `EventKind` | `detail-type` | `resources` | `detail` |
//! |---|---|---|---|
//! | `TaskStateChanged` | `ECS Task State Change` | task ARN | the task (DescribeTasks shape, ISO timestamps, `updatedAt`, `version`) |
//! | `ContainerInstanceStateChanged` (registered, DRAINING/ACTIVE, INACTIVE, and a task placed on it or releasing its resources) | `ECS Container Instance State Change` | container instance ARN | the container instance (resources, attributes, `version`, `updatedAt`) |
//! | `ServiceAction` | `ECS Service Action` | service ARN | `eventType`, `eventName`, `clusterArn`, `createdAt`, `reason`? (no `version`, F11.1) |
//! | `DeploymentStateChanged` | `ECS Deployment State Change` | service ARN | `eventType`, `eventName`, `deploymentId`, `updatedAt`, `reason` |
//! | `ClusterCreated`, `ClusterDeleted`, `ClusterForgotten`, `CapacityProviderChanged`, `ClusterCapacityProvidersChanged`, `ClusterSettingChanged` | none | | ECS publishes no cluster events (F11.1) |
//! | `TaskDefinitionRegistered`, `…Deregistered`, `…Deleted` | none | | ECS publishes no task definition events (F11.1) |
//! | `InstanceStateChanged` | none | | AWS has `EC2 Instance State-change Notification` (source `aws.ec2`); not in F11, not modelled |
//! | `AgentRegistrationFailed` | none | | internal: the agent never registered, so ECS has no resource to report |
//! | `ScalingActivity`, `AutoScalingGroupDeleted` | none | | AWS has `EC2 Instance Launch/Terminate Successful` (source `aws.autoscaling`); not modelled |
//! | `RoleCreated`, `RoleDeleted`, `RolePolicyChanged` | none | | IAM reaches EventBridge only through CloudTrail; not modelled |
//! | `EcrRepositoryCreated`, `…Deleted`, `EcrImagePushed`, `…Untagged`, `…Deleted`, `…Expired`, `EcrImageScanCompleted` | none | | AWS has `ECR Image Action` / `ECR Image Scan` (source `aws.ecr`); not in F11, not modelled |
//! | `LogGroupCreated`, `LogGroupDeleted`, `LogStreamCreated` | none | | CloudWatch Logs resource changes reach EventBridge only as CloudTrail API calls; not modelled |
//! | `TargetInvoked` | none | | a rule's or schedule's invocation is a metric (F24.6), not an event |
//! | `AlarmStateChanged` | `CloudWatch Alarm State Change` (source `aws.cloudwatch`, F16.11) | alarm ARN | `alarmName`, `state` and `previousState` (`value`, `reason`, `reasonData`?, `timestamp`), `configuration` (`description`?, `metrics[].metricStat`) |
//! | `ServiceScalingActivity` | none | | Application Auto Scaling publishes no activity events |
//! | `S3ObjectChanged` (only for buckets with `EventBridgeConfiguration`, F21.4) | `Object Created` / `Object Deleted` (source `aws.s3`, F11.6) | bucket ARN | `version "0"`, `bucket.name`, `object` (`key`, `size`, `etag`, `sequencer`), `request-id`, `requester`, `source-ip-address`, `reason` (`PutObject`, `CopyObject`, `DeleteObject`, `DeleteObjects`), `deletion-type` (`Permanently Deleted`) |
//!
//! The match in `Sim::eventbridge_of` (`eventbridge/mapping.rs`) has no
//! catch-all arm: a new `EventKind` does not compile until it is given one
//! line there — a builder (`eb_task(arn)`, `eb_container_instance(arn)`,
//! `eb_service_action(service, name, reason)`, `eb_deployment(service, id,
//! name, reason)`) or `None`. A new task change (a container exit, a failed
//! health check) needs no new mapping if it emits `TaskStateChanged` after
//! bumping `TaskLife::version`; a service problem emits `ServiceAction`
//! with AWS's `eventName` (its eventType follows, [`service_action_type`]).
//!
//! Service actions emitted so far (engine/src/ecs/service.rs):
//! `SERVICE_STEADY_STATE` (all desired tasks RUNNING),
//! `SERVICE_TASK_PLACEMENT_FAILURE` (reason `RESOURCE:…`),
//! `SERVICE_TASK_START_IMPAIRED` (with the "unable to consistently start
//! tasks" service event, F6.6).
//!
//! The outbox keeps what is published in a typed form (`Published`: the
//! event's number, its `SimTime`, the resource ARN and the detail as a
//! typed snapshot whose timestamps are `SimTime`s) and builds the
//! [`EventBridgeEvent`] — `id`, `time` text, account, region, the detail's
//! JSON — only when it is drained: the snapshot is taken at emission (a
//! later change of the task does not change an earlier event), the rest
//! depends only on the seed and the configuration, which never change. At
//! most [`OUTBOX_LIMIT`] events wait; the oldest are dropped unread.
//!
//! `detail.version` is the resource's own version (`TaskLife::version`,
//! `ContainerInstanceRecord::version`), the same number DescribeTasks and
//! DescribeContainerInstances show: it increases by one with every change of
//! that resource (F11.1).
//!
//! `id`: UUID-shaped (8-4-4-4-12 lowercase hex, version nibble 4, RFC 4122
//! variant) from a per-simulation EventBridge counter mixed with the seed
//! (SplitMix64), never from `Sim::rng`: publishing events does not change
//! any other random draw. `time` is second-precision ISO 8601 (`…:58Z`, as
//! F11.2), timestamps inside `detail` have milliseconds (`…:34.402Z`).
//!
//! [`EventKind`]: crate::event::EventKind
//! [`Sim::drain_eventbridge_events`]: crate::Sim::drain_eventbridge_events

mod mapping;
mod outbox;
pub mod pattern;

use crate::base::time::{Precision, iso8601};
use crate::time::SimTime;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

pub use pattern::{PatternError, matches, validate_pattern};

pub(crate) use outbox::EventBridgeState;

/// F11.1: the `source` of every ECS event.
pub const SOURCE: &str = "aws.ecs";
pub const TASK_STATE_CHANGE: &str = "ECS Task State Change";
pub const CONTAINER_INSTANCE_STATE_CHANGE: &str = "ECS Container Instance State Change";
pub const SERVICE_ACTION: &str = "ECS Service Action";
pub const DEPLOYMENT_STATE_CHANGE: &str = "ECS Deployment State Change";
/// F16.11: CloudWatch's own events.
pub const CLOUDWATCH_SOURCE: &str = "aws.cloudwatch";
pub const ALARM_STATE_CHANGE: &str = "CloudWatch Alarm State Change";
/// F11.6, F21.4: S3's events, for buckets with EventBridge notifications.
pub const S3_SOURCE: &str = "aws.s3";
pub const S3_OBJECT_CREATED: &str = "Object Created";
pub const S3_OBJECT_DELETED: &str = "Object Deleted";
/// Simulator limit (not AWS): events kept for a reader that does not drain
/// them; beyond it the oldest are dropped (counted in
/// [`Sim::eventbridge_events_dropped`](crate::Sim::eventbridge_events_dropped)).
pub const OUTBOX_LIMIT: usize = 10_000;

/// One event as EventBridge delivers it (F11.2). Serialises to AWS's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventBridgeEvent {
    /// Always `"0"` (F11.1).
    pub version: &'static str,
    pub id: String,
    #[serde(rename = "detail-type")]
    pub detail_type: &'static str,
    pub source: &'static str,
    pub account: String,
    /// ISO 8601, whole seconds (`2026-01-01T00:00:30Z`).
    pub time: String,
    pub region: String,
    pub resources: Vec<String>,
    pub detail: Value,
    /// When it happened in simulated time (not part of AWS's JSON).
    #[serde(skip)]
    pub at: SimTime,
}

impl EventBridgeEvent {
    /// The event as AWS's JSON (what a rule's pattern is matched against).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

impl fmt::Display for EventBridgeEvent {
    /// One compact line for traces:
    /// `T+00:00:30.000 ECS Task State Change task/web/ab12… v3 RUNNING`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.detail;
        let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or_default();
        let resource = self
            .resources
            .first()
            .and_then(|r| r.splitn(6, ':').nth(5))
            .unwrap_or_default();
        write!(f, "{} {} {resource}", self.at, self.detail_type)?;
        if let Some(v) = d.get("version").and_then(Value::as_u64) {
            write!(f, " v{v}")?;
        }
        match self.detail_type {
            TASK_STATE_CHANGE => {
                write!(
                    f,
                    " {} (desired {})",
                    text("lastStatus"),
                    text("desiredStatus")
                )?;
                if d.get("stopCode").is_some() || d.get("stoppedReason").is_some() {
                    write!(f, " {}: {}", text("stopCode"), text("stoppedReason"))?;
                }
            }
            CONTAINER_INSTANCE_STATE_CHANGE => {
                let connected = d.get("agentConnected").and_then(Value::as_bool);
                write!(
                    f,
                    " {} agentConnected={}",
                    text("status"),
                    connected.unwrap_or_default()
                )?;
            }
            S3_OBJECT_CREATED | S3_OBJECT_DELETED => {
                let object = d.get("object");
                let key = object
                    .and_then(|o| o.get("key"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                write!(f, " {key}")?;
                if let Some(size) = object.and_then(|o| o.get("size")).and_then(Value::as_u64) {
                    write!(f, " {size} bytes")?;
                }
                write!(f, " ({})", text("reason"))?;
            }
            _ => {
                write!(f, " {} {}", text("eventType"), text("eventName"))?;
                if let Some(reason) = d.get("reason").and_then(Value::as_str) {
                    write!(f, " ({reason})")?;
                }
            }
        }
        Ok(())
    }
}

/// F11.5: the `eventType` of a service action `eventName`.
pub fn service_action_type(event_name: &str) -> &'static str {
    match event_name {
        "SERVICE_TASK_START_IMPAIRED" | "SERVICE_DISCOVERY_INSTANCE_UNHEALTHY" => "WARN",
        "SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED"
        | "ECS_OPERATION_THROTTLED"
        | "SERVICE_DISCOVERY_OPERATION_THROTTLED"
        | "SERVICE_TASK_PLACEMENT_FAILURE"
        | "SERVICE_TASK_CONFIGURATION_FAILURE" => "ERROR",
        // SERVICE_STEADY_STATE, TASKSET_STEADY_STATE,
        // CAPACITY_PROVIDER_STEADY_STATE, SERVICE_DESIRED_COUNT_UPDATED.
        _ => "INFO",
    }
}

/// F11.5: the `eventType` of a deployment `eventName` (FAILED is ERROR).
pub fn deployment_event_type(event_name: &str) -> &'static str {
    if event_name == "SERVICE_DEPLOYMENT_FAILED" {
        "ERROR"
    } else {
        "INFO"
    }
}

// ------------------------------------------------------------ detail shapes

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct NetworkInterface {
    attachment_id: String,
    private_ipv4_address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ContainerDetail {
    container_arn: String,
    last_status: &'static str,
    name: String,
    image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_digest: Option<String>,
    task_arn: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    network_bindings: Vec<crate::ecs::run_task::NetworkBinding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    network_interfaces: Vec<NetworkInterface>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    cpu: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskDetail {
    attachments: Vec<crate::ecs::run_task::Attachment>,
    availability_zone: String,
    cluster_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    connectivity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_instance_arn: Option<String>,
    containers: Vec<ContainerDetail>,
    cpu: String,
    created_at: IsoTime,
    desired_status: &'static str,
    group: String,
    last_status: &'static str,
    launch_type: &'static str,
    memory: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pull_started_at: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pull_stopped_at: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_at: Option<IsoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopping_at: Option<IsoTime>,
    task_arn: String,
    task_definition_arn: String,
    updated_at: IsoTime,
    version: u64,
}

/// A resource as events show it: only the value of its type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct EventResource {
    name: &'static str,
    r#type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    integer_value: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    string_set_value: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ContainerInstanceDetail {
    agent_connected: bool,
    #[serde(flatten)]
    fixed: SharedContainerInstance,
    pending_tasks_count: u32,
    registered_at: IsoTime,
    registered_resources: EventResources,
    remaining_resources: EventResources,
    running_tasks_count: u32,
    status: &'static str,
    version: u64,
    version_info: crate::ecs::container_instance::VersionInfo,
    updated_at: IsoTime,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceActionDetail {
    event_type: &'static str,
    event_name: String,
    cluster_arn: String,
    created_at: IsoTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentDetail {
    event_type: &'static str,
    event_name: String,
    deployment_id: String,
    updated_at: IsoTime,
    reason: String,
}

/// What every `ECS Task State Change` of one task shares: the parts of
/// its detail that never change in its life. Built at the task's first
/// event and kept on `TaskLife::eventbridge`. What it is built from
/// (instance, ENI, zone, containers) is set when the task is created and
/// never changes; debug builds check that at every event.
///
/// Its texts (ARNs, zone, group, started-by, the containers' ARNs, names
/// and images) sit one after another in one string, each field a span of
/// it ([`TaskFixedBuilder`]): one allocation for them instead of one
/// each, made and freed once per task. `Debug` and equality read the
/// texts, as they read the separate strings before.
pub(crate) struct TaskFixed {
    texts: String,
    container_instance_arn: Option<Span>,
    eni_id: Option<Span>,
    private_ip: Option<u32>,
    availability_zone: Span,
    cluster_arn: Span,
    cpu: u32,
    created_at: IsoTime,
    group: Span,
    launch_type: &'static str,
    memory: u32,
    platform_version: Option<&'static str>,
    started_by: Option<Span>,
    task_arn: Span,
    task_definition_arn: Span,
    /// The ENI attachment's id and details (its status changes).
    attachment: Option<(String, Vec<crate::ecs::run_task::AttachmentDetail>)>,
    containers: Vec<ContainerFixed>,
}

/// Where a text of a [`TaskFixed`] sits in its `texts`.
#[derive(Clone, Copy)]
struct Span(u32, u32);

struct ContainerFixed {
    container_arn: Span,
    name: Span,
    image: Span,
    /// Set when the task is placed (F3.7), never changed after.
    network_bindings: Vec<crate::ecs::run_task::NetworkBinding>,
    network_interfaces: Vec<NetworkInterface>,
}

/// What a [`TaskFixed`] is made of (texts as `&str`), for
/// [`TaskFixed::new`].
struct TaskFixedParts<'a> {
    container_instance_arn: Option<&'a str>,
    eni_id: Option<&'a str>,
    private_ip: Option<u32>,
    availability_zone: &'a str,
    cluster_arn: &'a str,
    cpu: u32,
    created_at: IsoTime,
    group: &'a str,
    launch_type: &'static str,
    memory: u32,
    platform_version: Option<&'static str>,
    started_by: Option<&'a str>,
    task_arn: &'a str,
    task_definition_arn: &'a str,
    attachment: Option<(String, Vec<crate::ecs::run_task::AttachmentDetail>)>,
}

/// One container's part of a [`TaskFixed`].
struct ContainerFixedParts<'a> {
    container_arn: String,
    name: &'a str,
    image: &'a str,
    network_bindings: Vec<crate::ecs::run_task::NetworkBinding>,
    network_interfaces: Vec<NetworkInterface>,
}

impl TaskFixed {
    fn new(parts: TaskFixedParts<'_>, containers: Vec<ContainerFixedParts<'_>>) -> Self {
        let p = &parts;
        let fixed_len = [
            p.container_instance_arn.unwrap_or(""),
            p.eni_id.unwrap_or(""),
            p.availability_zone,
            p.cluster_arn,
            p.group,
            p.started_by.unwrap_or(""),
            p.task_arn,
            p.task_definition_arn,
        ]
        .iter()
        .map(|t| t.len())
        .sum::<usize>();
        let containers_len = containers
            .iter()
            .map(|c| c.container_arn.len() + c.name.len() + c.image.len())
            .sum::<usize>();
        let mut texts = String::with_capacity(fixed_len + containers_len);
        let mut put = |t: &str| {
            let start = texts.len() as u32;
            texts.push_str(t);
            Span(start, texts.len() as u32)
        };
        let container_instance_arn = p.container_instance_arn.map(&mut put);
        let eni_id = p.eni_id.map(&mut put);
        let availability_zone = put(p.availability_zone);
        let cluster_arn = put(p.cluster_arn);
        let group = put(p.group);
        let started_by = p.started_by.map(&mut put);
        let task_arn = put(p.task_arn);
        let task_definition_arn = put(p.task_definition_arn);
        let containers = containers
            .into_iter()
            .map(|c| ContainerFixed {
                container_arn: put(&c.container_arn),
                name: put(c.name),
                image: put(c.image),
                network_bindings: c.network_bindings,
                network_interfaces: c.network_interfaces,
            })
            .collect();
        TaskFixed {
            texts,
            container_instance_arn,
            eni_id,
            private_ip: parts.private_ip,
            availability_zone,
            cluster_arn,
            cpu: parts.cpu,
            created_at: parts.created_at,
            group,
            launch_type: parts.launch_type,
            memory: parts.memory,
            platform_version: parts.platform_version,
            started_by,
            task_arn,
            task_definition_arn,
            attachment: parts.attachment,
            containers,
        }
    }

    fn text(&self, span: Span) -> &str {
        self.texts
            .get(span.0 as usize..span.1 as usize)
            .unwrap_or_default()
    }

    fn text_of(&self, span: Option<Span>) -> Option<&str> {
        span.map(|s| self.text(s))
    }

    fn task_arn(&self) -> &str {
        self.text(self.task_arn)
    }

    fn still_holds(&self, t: &crate::state::TaskRecord) -> bool {
        let l = &t.life;
        self.text_of(self.container_instance_arn) == t.container_instance_arn.as_deref()
            && self.text_of(self.eni_id) == l.eni_id.as_deref()
            && self.private_ip == l.private_ip
            && self.text(self.availability_zone) == l.availability_zone
            && self.text_of(self.started_by) == l.started_by.as_deref()
            && self.containers.len() == l.containers.len()
            && self.containers.iter().zip(&l.containers).all(|(f, c)| {
                self.text(f.name) == c.name
                    && self.text(f.image) == c.image
                    && f.network_bindings == c.network_bindings()
            })
    }
}

/// As `#[derive(Debug)]` wrote the struct of separate strings (the
/// account's fingerprint shows it).
impl std::fmt::Debug for TaskFixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Containers<'a>(&'a TaskFixed);
        struct Container<'a>(&'a TaskFixed, &'a ContainerFixed);
        impl std::fmt::Debug for Containers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list()
                    .entries(self.0.containers.iter().map(|c| Container(self.0, c)))
                    .finish()
            }
        }
        impl std::fmt::Debug for Container<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let (t, c) = (self.0, self.1);
                f.debug_struct("ContainerFixed")
                    .field("container_arn", &t.text(c.container_arn))
                    .field("name", &t.text(c.name))
                    .field("image", &t.text(c.image))
                    .field("network_bindings", &c.network_bindings)
                    .field("network_interfaces", &c.network_interfaces)
                    .finish()
            }
        }
        f.debug_struct("TaskFixed")
            .field(
                "container_instance_arn",
                &self.text_of(self.container_instance_arn),
            )
            .field("eni_id", &self.text_of(self.eni_id))
            .field("private_ip", &self.private_ip)
            .field("availability_zone", &self.text(self.availability_zone))
            .field("cluster_arn", &self.text(self.cluster_arn))
            .field("cpu", &self.cpu)
            .field("created_at", &self.created_at)
            .field("group", &self.text(self.group))
            .field("launch_type", &self.launch_type)
            .field("memory", &self.memory)
            .field("platform_version", &self.platform_version)
            .field("started_by", &self.text_of(self.started_by))
            .field("task_arn", &self.text(self.task_arn))
            .field("task_definition_arn", &self.text(self.task_definition_arn))
            .field("attachment", &self.attachment)
            .field("containers", &Containers(self))
            .finish()
    }
}

/// Equal when every field reads the same (as the derived equality of
/// the separate strings).
impl PartialEq for TaskFixed {
    fn eq(&self, other: &Self) -> bool {
        self.text_of(self.container_instance_arn) == other.text_of(other.container_instance_arn)
            && self.text_of(self.eni_id) == other.text_of(other.eni_id)
            && self.private_ip == other.private_ip
            && self.text(self.availability_zone) == other.text(other.availability_zone)
            && self.text(self.cluster_arn) == other.text(other.cluster_arn)
            && self.cpu == other.cpu
            && self.created_at == other.created_at
            && self.text(self.group) == other.text(other.group)
            && self.launch_type == other.launch_type
            && self.memory == other.memory
            && self.platform_version == other.platform_version
            && self.text_of(self.started_by) == other.text_of(other.started_by)
            && self.text(self.task_arn) == other.text(other.task_arn)
            && self.text(self.task_definition_arn) == other.text(other.task_definition_arn)
            && self.attachment == other.attachment
            && self.containers.len() == other.containers.len()
            && self.containers.iter().zip(&other.containers).all(|(a, b)| {
                self.text(a.container_arn) == other.text(b.container_arn)
                    && self.text(a.name) == other.text(b.name)
                    && self.text(a.image) == other.text(b.image)
                    && a.network_bindings == b.network_bindings
                    && a.network_interfaces == b.network_interfaces
            })
    }
}

/// One `ECS Task State Change` as the outbox keeps it: the shared
/// [`TaskFixed`] and a copy of what changes.
#[derive(Debug, Clone, PartialEq)]
struct TaskSnapshot {
    fixed: std::sync::Arc<TaskFixed>,
    attachment_status: &'static str,
    connectivity: Option<&'static str>,
    containers: Vec<ContainerNow>,
    desired_status: &'static str,
    last_status: &'static str,
    pull_started_at: Option<SimTime>,
    pull_stopped_at: Option<SimTime>,
    started_at: Option<SimTime>,
    stop_code: Option<&'static str>,
    stopped_at: Option<SimTime>,
    stopped_reason: Option<String>,
    stopping_at: Option<SimTime>,
    updated_at: SimTime,
    version: u64,
}

#[derive(Debug, Clone, PartialEq)]
struct ContainerNow {
    last_status: &'static str,
    image_digest: Option<std::sync::Arc<str>>,
    reason: Option<String>,
}

impl TaskSnapshot {
    /// The detail as AWS shows it.
    fn detail(&self) -> TaskDetail {
        let f = &*self.fixed;
        let iso = |time: SimTime| IsoTime {
            time,
            start_epoch_ms: f.created_at.start_epoch_ms,
        };
        TaskDetail {
            attachments: f
                .attachment
                .iter()
                .map(|(id, details)| crate::ecs::run_task::Attachment {
                    id: id.clone(),
                    r#type: "ElasticNetworkInterface",
                    status: self.attachment_status,
                    details: details.clone(),
                })
                .collect(),
            availability_zone: f.text(f.availability_zone).to_owned(),
            cluster_arn: f.text(f.cluster_arn).to_owned(),
            connectivity: self.connectivity,
            container_instance_arn: f.text_of(f.container_instance_arn).map(str::to_owned),
            containers: f
                .containers
                .iter()
                .zip(&self.containers)
                .map(|(cf, now)| ContainerDetail {
                    container_arn: f.text(cf.container_arn).to_owned(),
                    last_status: now.last_status,
                    name: f.text(cf.name).to_owned(),
                    image: f.text(cf.image).to_owned(),
                    image_digest: now.image_digest.as_deref().map(str::to_owned),
                    task_arn: f.task_arn().to_owned(),
                    network_bindings: cf.network_bindings.clone(),
                    network_interfaces: cf.network_interfaces.clone(),
                    reason: now.reason.clone(),
                    cpu: "0",
                })
                .collect(),
            cpu: f.cpu.to_string(),
            created_at: f.created_at,
            desired_status: self.desired_status,
            group: f.text(f.group).to_owned(),
            last_status: self.last_status,
            launch_type: f.launch_type,
            memory: f.memory.to_string(),
            platform_version: f.platform_version,
            pull_started_at: self.pull_started_at.map(iso),
            pull_stopped_at: self.pull_stopped_at.map(iso),
            started_at: self.started_at.map(iso),
            started_by: f.text_of(f.started_by).map(str::to_owned),
            stop_code: self.stop_code,
            stopped_at: self.stopped_at.map(iso),
            stopped_reason: self.stopped_reason.clone(),
            stopping_at: self.stopping_at.map(iso),
            task_arn: f.task_arn().to_owned(),
            task_definition_arn: f.text(f.task_definition_arn).to_owned(),
            updated_at: iso(self.updated_at),
            version: self.version,
        }
    }
}

impl Serialize for TaskSnapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.detail().serialize(serializer)
    }
}

/// What the `ECS Container Instance State Change` events of one container
/// instance share while its attributes stay the same: kept on the record
/// (`ContainerInstanceRecord::eventbridge`), dropped when they change.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContainerInstanceFixed {
    attributes: Vec<crate::ecs::container_instance::Attribute>,
    cluster_arn: String,
    container_instance_arn: String,
    ec2_instance_id: String,
}

impl ContainerInstanceFixed {
    fn still_holds(&self, ci: &crate::ecs::container_instance::ContainerInstanceRecord) -> bool {
        self.attributes.len() == ci.attributes.len()
            && self
                .attributes
                .iter()
                .zip(&ci.attributes)
                .all(|(a, (name, value))| &a.name == name && &a.value == value)
    }
}

/// [`ContainerInstanceFixed`], shared; serialises as its fields.
#[derive(Debug, Clone, PartialEq)]
struct SharedContainerInstance(std::sync::Arc<ContainerInstanceFixed>);

impl Serialize for SharedContainerInstance {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// A simulated time that serialises as ISO 8601 with milliseconds
/// (`2026-01-01T00:00:34.402Z`, as DescribeTasks' wire form): detail
/// timestamps are kept as this and formatted only when the event is read.
#[derive(Debug, Clone, Copy, PartialEq)]
struct IsoTime {
    time: SimTime,
    start_epoch_ms: u64,
}

impl Serialize for IsoTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&iso8601(
            self.time.epoch_ms(self.start_epoch_ms),
            Precision::Millis,
        ))
    }
}

/// The `detail` of a published event, typed: serialised to JSON only when
/// the event is read
/// ([`Sim::drain_eventbridge_events`](crate::Sim::drain_eventbridge_events)).
/// Not boxed: a detail is made for nearly every engine event and moved
/// once, into the outbox, whose ring of at most `OUTBOX_LIMIT` entries is
/// allocated once.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
enum Detail {
    Task(TaskSnapshot),
    ContainerInstance(ContainerInstanceDetail),
    ServiceAction(ServiceActionDetail),
    Deployment(DeploymentDetail),
    Alarm(Box<AlarmDetail>),
    S3Created(Box<S3ObjectDetail>),
    S3Deleted(Box<S3ObjectDetail>),
}

/// An `Object Created` / `Object Deleted` detail (F11.6, F21.4), built
/// whole when the object changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct S3ObjectDetail {
    pub version: &'static str,
    pub bucket: S3BucketName,
    pub object: S3ObjectInfo,
    pub request_id: String,
    pub requester: String,
    pub source_ip_address: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_type: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct S3BucketName {
    pub name: String,
}

/// F11.6 `object`: `size` and `etag` (unquoted) only for a created object;
/// no `version-id` (buckets are not versioned, F21.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct S3ObjectInfo {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    pub sequencer: String,
}

/// A `CloudWatch Alarm State Change` detail (F16.11): built whole when the
/// alarm changes state, so it is what the alarm was then.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AlarmDetail {
    pub alarm_name: String,
    pub state: AlarmStateDetail,
    pub previous_state: AlarmStateDetail,
    pub configuration: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AlarmStateDetail {
    pub value: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_data: Option<String>,
    /// `2026-01-01T00:05:00.000+0000`, as CloudWatch writes it.
    pub timestamp: String,
}

impl Detail {
    fn detail_type(&self) -> &'static str {
        match self {
            Detail::Task(_) => TASK_STATE_CHANGE,
            Detail::ContainerInstance(_) => CONTAINER_INSTANCE_STATE_CHANGE,
            Detail::ServiceAction(_) => SERVICE_ACTION,
            Detail::Deployment(_) => DEPLOYMENT_STATE_CHANGE,
            Detail::Alarm(_) => ALARM_STATE_CHANGE,
            Detail::S3Created(_) => S3_OBJECT_CREATED,
            Detail::S3Deleted(_) => S3_OBJECT_DELETED,
        }
    }

    fn source(&self) -> &'static str {
        match self {
            Detail::Alarm(_) => CLOUDWATCH_SOURCE,
            Detail::S3Created(_) | Detail::S3Deleted(_) => S3_SOURCE,
            _ => SOURCE,
        }
    }

    /// The ARN of the resource, when the detail holds it (a task's or a
    /// container instance's shared fixed part).
    fn own_resource(&self) -> Option<&str> {
        match self {
            Detail::Task(d) => Some(d.fixed.task_arn()),
            Detail::ContainerInstance(d) => Some(&d.fixed.0.container_instance_arn),
            Detail::ServiceAction(_)
            | Detail::Deployment(_)
            | Detail::Alarm(_)
            | Detail::S3Created(_)
            | Detail::S3Deleted(_) => None,
        }
    }

    /// `detail.version`: the resource's own version, if it has one.
    fn version(&self) -> Option<u64> {
        match self {
            Detail::Task(d) => Some(d.version),
            Detail::ContainerInstance(d) => Some(d.version),
            Detail::ServiceAction(_)
            | Detail::Deployment(_)
            | Detail::Alarm(_)
            | Detail::S3Created(_)
            | Detail::S3Deleted(_) => None,
        }
    }
}

/// A published event as the outbox keeps it: what was true at emission
/// (the detail, a snapshot of the resource; the time; the event's number),
/// without the formatting that can wait until it is read (the `id`, the
/// `time` text, the account and region, the JSON of the detail).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Published {
    /// The EventBridge counter at publication (1, 2, …): the `id`'s input.
    number: u64,
    at: SimTime,
    /// The resource's ARN, unless the detail holds it
    /// ([`Detail::own_resource`]: no copy per task event).
    resource: Option<String>,
    detail: Detail,
}

impl Published {
    fn resource(&self) -> &str {
        self.resource
            .as_deref()
            .or_else(|| self.detail.own_resource())
            .unwrap_or_default()
    }

    /// The event as readers get it; `config` gives the parts that never
    /// change during a simulation (seed, account, region, start epoch).
    fn into_event(self, config: &crate::config::SimConfig) -> EventBridgeEvent {
        EventBridgeEvent {
            version: "0",
            id: uuid_shaped(config.seed, self.number),
            detail_type: self.detail.detail_type(),
            source: self.detail.source(),
            account: config.account_id.clone(),
            // F11.2: whole seconds.
            time: iso8601(self.at.epoch_ms(config.start_epoch_ms), Precision::Seconds),
            region: config.region.clone(),
            resources: vec![self.resource().to_owned()],
            detail: serde_json::to_value(&self.detail).unwrap_or_default(),
            at: self.at,
        }
    }
}

/// A container instance's registered or remaining resources: kept as
/// amounts, serialised as the [`EventResource`] list (`CPU`, `MEMORY`,
/// `PORTS`, `PORTS_UDP`) that DescribeContainerInstances shows.
#[derive(Debug, Clone, PartialEq)]
struct EventResources(crate::ecs::container_instance::ResourceAmounts);

impl Serialize for EventResources {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        event_resources(self.0.clone().into_resources()).serialize(serializer)
    }
}

fn event_resources(resources: Vec<crate::ecs::container_instance::Resource>) -> Vec<EventResource> {
    resources
        .into_iter()
        .map(|r| EventResource {
            name: r.name,
            r#type: r.r#type,
            integer_value: (r.r#type == "INTEGER").then_some(r.integer_value),
            string_set_value: r.string_set_value,
        })
        .collect()
}

/// `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx` (V ∈ 8..b) from the seed and a
/// counter: deterministic, distinct per event.
fn uuid_shaped(seed: u64, n: u64) -> String {
    use crate::base::hash::splitmix64;
    let a = splitmix64(seed ^ splitmix64(n ^ 0x4556_454e_5442_5553));
    let b = splitmix64(a ^ n);
    crate::base::id::uuid_v4(a, b)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
