//! ECS services (REPLICA scheduling, the part of F6 the simulator models so
//! far): CreateService, DescribeServices, ListServices, UpdateService
//! (desiredCount), DeleteService. The service scheduler keeps `desiredCount`
//! tasks RUNNING or PENDING: it starts missing ones (startedBy
//! `ecs-svc/<id>`, group `service:<name>`, F6.1; default placement spread
//! over `attribute:ecs.availability-zone`, F5.4) and stops extra ones
//! (stopCode ServiceSchedulerInitiated, F1.8). Tasks that stop before
//! RUNNING make it back off: retries after 0 s, 30 s, 1, 2, 4, 8, 15 min
//! (MODEL, F6.6). Events use AWS's wording (F6.5). Deployments (a new task
//! definition or forceNewDeployment: rolling updates bounded by
//! minimumHealthyPercent/maximumPercent, the circuit breaker) are in
//! `deployment.rs`. DAEMON services (schedulingStrategy DAEMON, F5.7: one
//! task per container instance, desiredCount computed) share this module's
//! API and events; their scheduler is `daemon.rs`. healthCheckGracePeriodSeconds
//! (F6.4) is kept here and applied by the health checks (`health.rs`).

mod handlers;
pub mod load_balancers;
mod scheduler;
mod shapes;

pub use load_balancers::LoadBalancer;
pub use shapes::*;

use crate::time::SimDuration;

/// MODEL (section 13, F6.6): retry delays after consecutive tasks that
/// stopped before RUNNING; the last one (15 min, OFFICIAL cap) repeats.
pub const THROTTLE_DELAYS: [SimDuration; 7] = [
    SimDuration::seconds(0),
    SimDuration::seconds(30),
    SimDuration::minutes(1),
    SimDuration::minutes(2),
    SimDuration::minutes(4),
    SimDuration::minutes(8),
    SimDuration::minutes(15),
];
/// MODEL: the simulator's limit on desiredCount (AWS: 5,000 tasks per
/// service, F6.7 [3P]), to keep the sandbox responsive (Fargate tasks each
/// take an address of their subnet).
pub const MAX_DESIRED_COUNT: u32 = 200;
/// F6.5: duplicate event messages are suppressed for 6 hours.
pub const SUPPRESS_DUPLICATES: SimDuration = SimDuration::hours(6);
/// F6.5: the API returns at most 100 events.
pub const MAX_EVENTS: usize = 100;

/// F5.7 [3P, captured InvalidParameterException]: a DAEMON service takes no
/// desiredCount (CreateService or UpdateService).
pub const DAEMON_DESIRED_COUNT: &str = "The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again";
/// F5.7 [3P, captured InvalidParameterException]: nor placement strategies.
pub const DAEMON_PLACEMENT_STRATEGY: &str = "The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try again";
