//! Events out: what changed, in order, stamped with simulated time.
//! Later layers route them (EventBridge rules, the sandbox's event list).

use crate::time::SimTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Increases by one for every event of a simulation.
    pub seq: u64,
    pub time: SimTime,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum EventKind {
    /// A cluster became ACTIVE (created, or created again after deletion).
    ClusterCreated {
        cluster_arn: String,
    },
    /// DeleteCluster made a cluster INACTIVE.
    ClusterDeleted {
        cluster_arn: String,
    },
    /// An INACTIVE cluster's record expired and it is no longer describable.
    ClusterForgotten {
        cluster_arn: String,
    },
    /// A capacity provider was created, updated or deleted (status ACTIVE
    /// or INACTIVE, updateStatus as DescribeCapacityProviders shows it).
    CapacityProviderChanged {
        name: String,
        status: String,
        update_status: Option<String>,
    },
    /// CreateCluster or PutClusterCapacityProviders set a cluster's
    /// capacity providers (and default strategy).
    ClusterCapacityProvidersChanged {
        cluster_arn: String,
        capacity_providers: Vec<String>,
    },
    /// UpdateClusterSettings changed a cluster's setting
    /// (`containerInsights`).
    ClusterSettingChanged {
        cluster_arn: String,
        name: String,
        value: String,
    },
    /// An EC2 instance changed state (pending, running, shutting-down,
    /// terminated).
    InstanceStateChanged {
        instance_id: String,
        state: String,
    },
    /// An Auto Scaling activity started or finished.
    ScalingActivity {
        group: String,
        description: String,
        status: String,
    },
    /// A CloudWatch metric alarm changed state (OK, ALARM,
    /// INSUFFICIENT_DATA; its StateUpdate history item).
    AlarmStateChanged {
        alarm_name: String,
        old_state: String,
        new_state: String,
        reason: String,
        /// What the alarm said in its old state, and since when (the
        /// EventBridge event's `previousState`).
        previous_reason: String,
        previous_reason_data: Option<String>,
        previous_updated: SimTime,
    },
    /// An Application Auto Scaling activity changed a scalable target (the
    /// ones DescribeScalingActivities lists without
    /// `IncludeNotScaledActivities`).
    ServiceScalingActivity {
        resource_id: String,
        description: String,
        status: String,
    },
    /// A force-deleted Auto Scaling group finished deleting.
    AutoScalingGroupDeleted {
        group: String,
    },
    /// A container instance registered, changed status or deregistered
    /// (the "ECS Container Instance State Change" event).
    ContainerInstanceStateChanged {
        container_instance_arn: String,
        #[serde(deserialize_with = "crate::base::intern::word")]
        status: crate::base::intern::Word,
        agent_connected: bool,
    },
    /// The ECS agent of an instance could not register it.
    AgentRegistrationFailed {
        instance_id: String,
        reason: String,
    },
    /// A task changed lastStatus (the "ECS Task State Change" event).
    TaskStateChanged {
        task_arn: String,
        #[serde(deserialize_with = "crate::base::intern::word")]
        last_status: crate::base::intern::Word,
        stopped_reason: Option<String>,
    },
    /// A service scheduler action (the "ECS Service Action" event, F11.5):
    /// `event_name` is AWS's (`SERVICE_STEADY_STATE`,
    /// `SERVICE_TASK_PLACEMENT_FAILURE`, …); its eventType follows from it
    /// (`eventbridge::service_action_type`).
    ServiceAction {
        service_arn: String,
        event_name: String,
        reason: Option<String>,
    },
    /// A service deployment changed state (the "ECS Deployment State
    /// Change" event, F11.5): `SERVICE_DEPLOYMENT_IN_PROGRESS`,
    /// `SERVICE_DEPLOYMENT_COMPLETED` or `SERVICE_DEPLOYMENT_FAILED`, with
    /// AWS's reason (`ECS deployment <id> completed.`).
    DeploymentStateChanged {
        service_arn: String,
        deployment_id: String,
        event_name: String,
        reason: String,
    },
    /// RegisterTaskDefinition created a new revision.
    TaskDefinitionRegistered {
        task_definition_arn: String,
    },
    /// DeregisterTaskDefinition made a revision INACTIVE.
    TaskDefinitionDeregistered {
        task_definition_arn: String,
    },
    /// DeleteTaskDefinitions marked an INACTIVE revision DELETE_IN_PROGRESS.
    TaskDefinitionDeleted {
        task_definition_arn: String,
    },
    RoleCreated {
        role_arn: String,
    },
    RoleDeleted {
        role_arn: String,
    },
    /// A role's permissions changed (managed policy attached or detached,
    /// inline policy put or deleted).
    RolePolicyChanged {
        role_arn: String,
    },
    /// CreateRepository made a repository.
    EcrRepositoryCreated {
        repository_arn: String,
    },
    /// A CloudWatch Logs log group was created (CreateLogGroup, or the
    /// awslogs driver with `awslogs-create-group`), or deleted.
    LogGroupCreated {
        log_group_arn: String,
    },
    LogGroupDeleted {
        log_group_arn: String,
    },
    /// The awslogs driver created a log stream for a container.
    LogStreamCreated {
        log_stream_arn: String,
    },
    /// DeleteRepository removed a repository (and, with force, its images).
    EcrRepositoryDeleted {
        repository_arn: String,
        images_deleted: u64,
    },
    /// A push put a tag on an image (`<uri>:<tag>@<digest>`).
    EcrImagePushed {
        repository_arn: String,
        image: String,
    },
    /// A push moved the last tag off an image, which is now untagged (F10.3).
    EcrImageUntagged {
        repository_arn: String,
        image: String,
    },
    /// BatchDeleteImage removed an image.
    EcrImageDeleted {
        repository_arn: String,
        image: String,
    },
    /// A lifecycle policy expired an image (F10.4).
    EcrImageExpired {
        repository_arn: String,
        image: String,
    },
    /// A basic scan finished (F10.5).
    EcrImageScanCompleted {
        repository_arn: String,
        image: String,
    },
    /// A container's health-check status changed (F1.11).
    ContainerHealthChanged {
        task_arn: String,
        container: String,
        health_status: String,
    },
    /// A load balancer target's health state changed (F7.3): `target` is
    /// `id:port`.
    TargetHealthChanged {
        target_group_arn: String,
        target: String,
        state: String,
        reason: Option<String>,
    },
    /// A container of a running task exited (F1.9; by a fault).
    ContainerExited {
        task_arn: String,
        container: String,
        exit_code: i64,
        reason: Option<String>,
    },
    /// A fault was injected (engine/src/faults.rs): what happened.
    FaultInjected {
        description: String,
    },
    /// An ECS account setting was put (`value`) or deleted (`None`) for a
    /// principal (engine/src/ecs/account_settings.rs).
    AccountSettingChanged {
        name: String,
        principal_arn: String,
        value: Option<String>,
    },
    /// An EventBridge rule or Scheduler schedule (`source_arn`) invoked one
    /// of its targets: the tasks RunTask started, or why the invocation
    /// failed (a FailedInvocation; engine/src/events/deliver.rs).
    TargetInvoked {
        source_arn: String,
        target_id: String,
        succeeded: bool,
        detail: String,
    },
    /// An S3 object was created or deleted in a bucket whose events go to
    /// EventBridge (engine/src/s3, F21.4): what the `Object Created` /
    /// `Object Deleted` event carries (F11.6). `size` and `etag` (unquoted)
    /// only for a created object.
    S3ObjectChanged {
        bucket: String,
        key: String,
        created: bool,
        size: Option<u64>,
        etag: Option<String>,
        sequencer: String,
        request_id: String,
        requester: String,
        source_ip: String,
        reason: String,
    },
}

impl std::fmt::Display for Event {
    /// One compact line, for traces: `T+00:00:00.000 #1 ClusterCreated arn…`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, arn) = self.kind.parts();
        write!(f, "{} #{} {name} {arn}", self.time, self.seq)
    }
}

impl EventKind {
    /// The event's name (`TaskStateChanged`) and what it is about, in one
    /// line (the resource and its new state): the trace line's words, which
    /// a timeline shows too.
    pub fn parts(&self) -> (&'static str, String) {
        match self {
            EventKind::ClusterCreated { cluster_arn } => ("ClusterCreated", cluster_arn.clone()),
            EventKind::ClusterDeleted { cluster_arn } => ("ClusterDeleted", cluster_arn.clone()),
            EventKind::ClusterForgotten { cluster_arn } => {
                ("ClusterForgotten", cluster_arn.clone())
            }
            EventKind::CapacityProviderChanged {
                name,
                status,
                update_status,
            } => (
                "CapacityProviderChanged",
                match update_status {
                    Some(u) => format!("{name} {status} {u}"),
                    None => format!("{name} {status}"),
                },
            ),
            EventKind::ClusterCapacityProvidersChanged {
                cluster_arn,
                capacity_providers,
            } => (
                "ClusterCapacityProvidersChanged",
                format!("{cluster_arn} [{}]", capacity_providers.join(", ")),
            ),
            EventKind::ClusterSettingChanged {
                cluster_arn,
                name,
                value,
            } => (
                "ClusterSettingChanged",
                format!("{cluster_arn} {name}={value}"),
            ),
            EventKind::InstanceStateChanged { instance_id, state } => {
                ("InstanceStateChanged", format!("{instance_id} {state}"))
            }
            EventKind::ScalingActivity {
                group,
                description,
                status,
            } => (
                "ScalingActivity",
                format!("{group} {status}: {description}"),
            ),
            EventKind::AlarmStateChanged {
                alarm_name,
                old_state,
                new_state,
                reason,
                ..
            } => (
                "AlarmStateChanged",
                format!("{alarm_name} {old_state} -> {new_state}: {reason}"),
            ),
            EventKind::ServiceScalingActivity {
                resource_id,
                description,
                status,
            } => (
                "ServiceScalingActivity",
                format!("{resource_id} {status}: {description}"),
            ),
            EventKind::AutoScalingGroupDeleted { group } => {
                ("AutoScalingGroupDeleted", group.clone())
            }
            EventKind::ContainerInstanceStateChanged {
                container_instance_arn,
                status,
                agent_connected,
            } => (
                "ContainerInstanceStateChanged",
                format!("{container_instance_arn} {status} agentConnected={agent_connected}"),
            ),
            EventKind::AgentRegistrationFailed {
                instance_id,
                reason,
            } => ("AgentRegistrationFailed", format!("{instance_id} {reason}")),
            EventKind::TaskStateChanged {
                task_arn,
                last_status,
                stopped_reason,
            } => (
                "TaskStateChanged",
                match stopped_reason {
                    Some(r) => format!("{task_arn} {last_status} ({r})"),
                    None => format!("{task_arn} {last_status}"),
                },
            ),
            EventKind::ServiceAction {
                service_arn,
                event_name,
                reason,
            } => (
                "ServiceAction",
                match reason {
                    Some(r) => format!("{service_arn} {event_name} ({r})"),
                    None => format!("{service_arn} {event_name}"),
                },
            ),
            EventKind::DeploymentStateChanged {
                service_arn,
                deployment_id,
                event_name,
                reason,
            } => (
                "DeploymentStateChanged",
                format!("{service_arn} {deployment_id} {event_name}: {reason}"),
            ),
            EventKind::TaskDefinitionRegistered {
                task_definition_arn,
            } => ("TaskDefinitionRegistered", task_definition_arn.clone()),
            EventKind::TaskDefinitionDeregistered {
                task_definition_arn,
            } => ("TaskDefinitionDeregistered", task_definition_arn.clone()),
            EventKind::TaskDefinitionDeleted {
                task_definition_arn,
            } => ("TaskDefinitionDeleted", task_definition_arn.clone()),
            EventKind::RoleCreated { role_arn } => ("RoleCreated", role_arn.clone()),
            EventKind::RoleDeleted { role_arn } => ("RoleDeleted", role_arn.clone()),
            EventKind::RolePolicyChanged { role_arn } => ("RolePolicyChanged", role_arn.clone()),
            EventKind::EcrRepositoryCreated { repository_arn } => {
                ("EcrRepositoryCreated", repository_arn.clone())
            }
            EventKind::LogGroupCreated { log_group_arn } => {
                ("LogGroupCreated", log_group_arn.clone())
            }
            EventKind::LogGroupDeleted { log_group_arn } => {
                ("LogGroupDeleted", log_group_arn.clone())
            }
            EventKind::LogStreamCreated { log_stream_arn } => {
                ("LogStreamCreated", log_stream_arn.clone())
            }
            EventKind::EcrRepositoryDeleted { repository_arn, .. } => {
                ("EcrRepositoryDeleted", repository_arn.clone())
            }
            EventKind::EcrImagePushed { image, .. } => ("EcrImagePushed", image.clone()),
            EventKind::EcrImageUntagged { image, .. } => ("EcrImageUntagged", image.clone()),
            EventKind::EcrImageDeleted { image, .. } => ("EcrImageDeleted", image.clone()),
            EventKind::EcrImageExpired { image, .. } => ("EcrImageExpired", image.clone()),
            EventKind::EcrImageScanCompleted { image, .. } => {
                ("EcrImageScanCompleted", image.clone())
            }
            EventKind::ContainerHealthChanged {
                task_arn,
                container,
                health_status,
            } => (
                "ContainerHealthChanged",
                format!("{task_arn} {container} {health_status}"),
            ),
            EventKind::TargetHealthChanged {
                target_group_arn,
                target,
                state,
                reason,
            } => (
                "TargetHealthChanged",
                match reason {
                    Some(r) => format!("{target_group_arn} {target} {state} ({r})"),
                    None => format!("{target_group_arn} {target} {state}"),
                },
            ),
            EventKind::ContainerExited {
                task_arn,
                container,
                exit_code,
                reason,
            } => (
                "ContainerExited",
                match reason {
                    Some(r) => format!("{task_arn} {container} exitCode={exit_code} ({r})"),
                    None => format!("{task_arn} {container} exitCode={exit_code}"),
                },
            ),
            EventKind::FaultInjected { description } => ("FaultInjected", description.clone()),
            EventKind::AccountSettingChanged {
                name,
                principal_arn,
                value,
            } => (
                "AccountSettingChanged",
                format!(
                    "{principal_arn} {name}={}",
                    value.as_deref().unwrap_or("(deleted)")
                ),
            ),
            EventKind::S3ObjectChanged {
                bucket,
                key,
                created,
                size,
                reason,
                ..
            } => (
                if *created {
                    "S3ObjectCreated"
                } else {
                    "S3ObjectDeleted"
                },
                match size {
                    Some(n) => format!("s3://{bucket}/{key} {n} bytes ({reason})"),
                    None => format!("s3://{bucket}/{key} ({reason})"),
                },
            ),
            EventKind::TargetInvoked {
                source_arn,
                target_id,
                succeeded,
                detail,
            } => (
                "TargetInvoked",
                format!(
                    "{source_arn} target {target_id} {}: {detail}",
                    if *succeeded {
                        "invoked"
                    } else {
                        "FailedInvocation"
                    }
                ),
            ),
        }
    }
}
