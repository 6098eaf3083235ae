//! Auto Scaling groups: CreateAutoScalingGroup, UpdateAutoScalingGroup,
//! SetDesiredCapacity, DescribeAutoScalingGroups, DeleteAutoScalingGroup,
//! TerminateInstanceInAutoScalingGroup, DescribeScalingActivities.
//!
//! After every change the group reconciles at once: it launches instances
//! while fewer than desired are pending or in service, each into the zone
//! of its subnets with the fewest (ties: the subnet listed first), and
//! terminates while more, from the zone with the most (ties: the zone listed
//! last), the oldest instance first (MODEL for the default termination
//! policy's "closest to the next billing hour" step). Each launch or
//! termination is an activity, Successful when the instance is running or
//! terminated.

mod handlers;
mod reconcile;
mod shapes;

pub use shapes::*;

/// MODEL: the simulator's limit on a group's MaxSize (keeps the sandbox
/// responsive; AWS's limit is the account's instance quota).
pub const MAX_GROUP_SIZE: u32 = 100;
/// ASUG ec2-auto-scaling-scaling-cooldowns: default cooldown 300 s (F9.7).
pub const DEFAULT_COOLDOWN_SECONDS: u32 = 300;
/// MODEL: the longest DefaultInstanceWarmup or EstimatedInstanceWarmup
/// accepted (botocore gives no bound; a day keeps the sandbox sensible).
pub const MAX_WARMUP_SECONDS: i64 = 86_400;
