//! ECS capacity providers (section 9 of aws-behaviour.md):
//! CreateCapacityProvider, DescribeCapacityProviders,
//! UpdateCapacityProvider, DeleteCapacityProvider,
//! PutClusterCapacityProviders, and the capacity provider strategies of
//! RunTask, CreateService and UpdateService (F9.6).
//!
//! - `FARGATE` and `FARGATE_SPOT` exist in every account, cannot be created
//!   or deleted, and are usable once associated with a cluster (F2.9).
//! - An Auto Scaling group provider names one group; a group can back only
//!   one ACTIVE provider (AWS's ClientException, containers-roadmap#632).
//!   Managed scaling (F9.1–F9.4) is cluster auto scaling (`managed.rs`):
//!   a target tracking policy and two alarms on the group, tasks that wait
//!   in PROVISIONING, CapacityProviderReservation every minute. Managed
//!   termination protection (F9.5) needs managed scaling and the group's
//!   NewInstancesProtectedFromScaleIn (InvalidParameterException
//!   otherwise). Managed draining ENABLED is not modelled (refused);
//!   DISABLED is kept and shown. A provider with managed scaling serves one
//!   cluster (F9.5).
//! - A cluster has at most 20 providers (F6.7); PutClusterCapacityProviders
//!   replaces the list and the default strategy, and refuses to remove a
//!   provider that tasks or services use (ResourceInUseException, AWS's
//!   text).
//! - Strategies (F9.6): items `{capacityProvider, weight 0–1000, base
//!   0–100000}`, at most 20, one provider per item, at most one with a base,
//!   Fargate and Auto Scaling group providers not mixed (F2.9), every
//!   provider associated with the cluster; at least one weight above zero;
//!   `launchType` and a strategy are mutually exclusive; neither given → the
//!   cluster's default strategy, or launch type EC2 when it has none
//!   (RunTask/CreateService API reference, aws/aws-sdk#761). DAEMON services
//!   cannot use a strategy (the simulator has no DAEMON services yet).
//! - Which provider each task goes to: [`assign`] (MODEL, below).
//! - Fargate Spot interruption (F2.9, F1.8): [`Fault::SpotInterruption`]
//!   gives a FARGATE_SPOT task the two-minute notice (stopCode
//!   `TerminationNotice`, lastStatus RUNNING, desiredStatus STOPPED), then it
//!   stops with `Your Spot Task was interrupted.`; its service replaces it
//!   per its strategy at the notice.
//!
//! [`Fault::SpotInterruption`]: crate::Fault::SpotInterruption

mod handlers;
mod invariants;
mod managed;
mod shapes;
mod spot;
mod strategy;

pub use managed::*;
pub use shapes::*;
pub use strategy::*;

use crate::time::SimDuration;

pub const FARGATE: &str = "FARGATE";
pub const FARGATE_SPOT: &str = "FARGATE_SPOT";
/// F6.7: capacity providers per cluster (current developer guide; section
/// 15 item 3: older guides say 10).
pub const MAX_PER_CLUSTER: usize = 20;
/// F9.6: items per capacity provider strategy.
pub const MAX_STRATEGY_ITEMS: usize = 20;
/// F9.6: weight 0–1,000 and base 0–100,000.
pub const MAX_WEIGHT: i64 = 1_000;
pub const MAX_BASE: i64 = 100_000;
/// F2.9: Fargate Spot interruptions come with a two-minute warning.
pub const SPOT_NOTICE: SimDuration = SimDuration::minutes(2);
/// F1.8 [OFFICIAL]: the stoppedReason of an interrupted Fargate Spot task.
pub const SPOT_INTERRUPTED: &str = "Your Spot Task was interrupted.";
/// F1.7/F1.8: its stop code.
pub const SPOT_STOP_CODE: &str = "TerminationNotice";
/// RunTask's failure reason when an Auto Scaling group provider has no
/// container instance in the cluster. UNCONFIRMED: recalled from AWS's
/// service event "… Reason: No Container Instances were found in your
/// capacity provider."; not in aws-behaviour.md.
pub const NO_PROVIDER_INSTANCES: &str =
    "No Container Instances were found in your capacity provider";
/// MODEL (AWS gives no duration): DeleteCapacityProvider's DELETE_IN_PROGRESS
/// lasts this long before DELETE_COMPLETE.
pub const DELETION_TIME: SimDuration = SimDuration::seconds(30);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
