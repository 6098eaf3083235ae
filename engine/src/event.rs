//! Events out: what changed, in order, stamped with simulated time.
//! Later layers route them (EventBridge rules, the sandbox's event list).

use crate::time::SimTime;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Increases by one for every event of a simulation.
    pub seq: u64,
    pub time: SimTime,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

impl std::fmt::Display for Event {
    /// One compact line, for traces: `T+00:00:00.000 #1 ClusterCreated arn…`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, arn) = match &self.kind {
            EventKind::ClusterCreated { cluster_arn } => ("ClusterCreated", cluster_arn),
            EventKind::ClusterDeleted { cluster_arn } => ("ClusterDeleted", cluster_arn),
            EventKind::ClusterForgotten { cluster_arn } => ("ClusterForgotten", cluster_arn),
            EventKind::TaskDefinitionRegistered {
                task_definition_arn,
            } => ("TaskDefinitionRegistered", task_definition_arn),
            EventKind::TaskDefinitionDeregistered {
                task_definition_arn,
            } => ("TaskDefinitionDeregistered", task_definition_arn),
            EventKind::TaskDefinitionDeleted {
                task_definition_arn,
            } => ("TaskDefinitionDeleted", task_definition_arn),
            EventKind::RoleCreated { role_arn } => ("RoleCreated", role_arn),
            EventKind::RoleDeleted { role_arn } => ("RoleDeleted", role_arn),
            EventKind::RolePolicyChanged { role_arn } => ("RolePolicyChanged", role_arn),
        };
        write!(f, "{} #{} {name} {arn}", self.time, self.seq)
    }
}
