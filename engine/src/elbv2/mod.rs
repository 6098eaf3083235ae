//! Elastic Load Balancing (ELBv2): Application and Network Load Balancers,
//! their listeners and rules, target groups, targets and health checks
//! (F7, F18; botocore `elbv2`).
//!
//! - `load_balancer`: CreateLoadBalancer (an ALB needs subnets in two AZs
//!   and has security groups, the VPC's default one when none is given,
//!   F18.4, F18.5; DNS names as F18.3), DescribeLoadBalancers,
//!   DeleteLoadBalancer, SetSecurityGroups and the attributes. A load
//!   balancer is `provisioning` for [`PROVISIONING`] (MODEL), then
//!   `active`; its DNS name resolves only once it is active.
//! - `target_group`: target groups with each protocol's health-check
//!   defaults and bounds (F7.3, F7.4), their attributes (F7.6), targets
//!   (RegisterTargets, DeregisterTargets, DescribeTargetHealth).
//! - `health`: the health checks, as simulated time passes. Each
//!   registered target of a group that a listener or rule of an active
//!   load balancer uses is checked from the load balancer (its security
//!   group, or its node's address for an NLB without one) with the same
//!   packet walk as `curl` (`crate::reach`): the target's security groups,
//!   something listening on the port, the page it serves at the path, and
//!   the matcher. First check at registration (MODEL), then every
//!   interval; one pass makes an `initial` target healthy, the thresholds
//!   move it after that (F7.3). Draining lasts the deregistration delay.
//! - `listener`: listeners (HTTP on an ALB, TCP on an NLB) and ALB rules
//!   with AWS's limits (F7.7); the default rule is the listener's.
//! - `route`: a request through a load balancer: listener, rules, a
//!   target group by weight, a target by the group's algorithm (MODEL,
//!   section 13), then the same walk to the target; 503, 502 and 504 as
//!   F18.6 says.
//!
//! ECS services register their tasks in target groups
//! (`crate::ecs::service::load_balancers`).

mod health;
mod listener;
mod load_balancer;
mod route;
pub mod shapes;
mod target_group;

pub(crate) use route::{RequestInfo, reason_of};
pub use shapes::*;
pub use traffic::{MinuteStats, Traffic};

use crate::base::paginate::Limits;
use crate::error::{ApiError, ErrorCode};
use crate::time::SimDuration;
use std::collections::BTreeMap;

/// MODEL (section 13 "Async resource creation"): a new load balancer is
/// `provisioning` this long, then `active`.
pub const PROVISIONING: SimDuration = SimDuration::seconds(60);
/// F7.7: at most 50 ALBs (and 50 NLBs) per Region.
pub const MAX_LOAD_BALANCERS: usize = 50;
/// F7.7: 50 listeners per load balancer.
pub const MAX_LISTENERS: usize = 50;
/// F7.7: 100 rules per ALB, not counting default rules.
pub const MAX_RULES: usize = 100;
/// F7.7: 3,000 target groups per Region.
pub const MAX_TARGET_GROUPS: usize = 3000;
/// F7.7: 1,000 targets per target group.
pub const MAX_TARGETS: usize = 1000;
/// F7.7: a forward action sends to at most 5 target groups.
pub const MAX_FORWARD_GROUPS: usize = 5;
/// AWS's tag limit per resource.
pub const MAX_TAGS: usize = 50;
/// `Z35SXDOTRQ7X7K`: the hosted zone of us-east-1 ALBs (and Classic);
/// `Z26RNL4JYFTOTI` for NLBs (AWS's published list; MODEL for other
/// Regions, which the simulator does not model).
pub const ALB_HOSTED_ZONE: &str = "Z35SXDOTRQ7X7K";
pub const NLB_HOSTED_ZONE: &str = "Z26RNL4JYFTOTI";

/// The load balancers, target groups, listeners and rules of the account,
/// each by ARN, and the tags of each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElbState {
    pub load_balancers: BTreeMap<String, LoadBalancerRecord>,
    pub target_groups: BTreeMap<String, TargetGroupRecord>,
    pub listeners: BTreeMap<String, ListenerRecord>,
    pub rules: BTreeMap<String, RuleRecord>,
    pub tags: BTreeMap<String, Vec<Tag>>,
    /// `sim traffic` in force, by load balancer ARN.
    pub traffic: BTreeMap<String, traffic::TrafficRecord>,
    /// Per-minute figures, by target group ARN (a bounded window).
    pub minutes: BTreeMap<String, traffic::MinuteWindow>,
    /// Whether the account's minute timer is scheduled (`sim traffic`'s
    /// minutes, then CloudWatch's: `Sim::ensure_minute_timer`).
    pub minute_timer: bool,
    /// Whether a target was ever registered by hand (RegisterTargets): then
    /// a task stopping wakes parked checks (`health`).
    pub hand_registered: bool,
    /// [`ElbState::load_balancers_of`] of each target group some load
    /// balancer uses, for the health checks: made again by
    /// `Sim::elb_usage_changed`, which every change to listeners, rules
    /// and load balancers calls (debug builds compare at each read).
    pub users: BTreeMap<String, Vec<String>>,
}

impl ElbState {
    /// The load balancers whose listeners or rules forward to the group.
    pub fn load_balancers_of(&self, target_group_arn: &str) -> Vec<String> {
        let mut out: Vec<String> =
            self.listeners
                .values()
                .filter(|l| {
                    l.default_action.forwards_to(target_group_arn)
                        || self.rules.values().any(|r| {
                            r.listener_arn == l.arn && r.action.forwards_to(target_group_arn)
                        })
                })
                .map(|l| l.load_balancer_arn.clone())
                .collect();
        out.sort();
        out.dedup();
        out
    }

    /// [`ElbState::load_balancers_of`], as last made by
    /// `Sim::elb_usage_changed`.
    pub(crate) fn load_balancers_using(&self, target_group_arn: &str) -> &[String] {
        let users = self
            .users
            .get(target_group_arn)
            .map_or(&[][..], Vec::as_slice);
        debug_assert_eq!(
            users,
            self.load_balancers_of(target_group_arn).as_slice(),
            "the load balancers of {target_group_arn} changed without Sim::elb_usage_changed"
        );
        users
    }

    /// The load balancer node with this address, if any.
    pub fn node(&self, ip: u32) -> Option<(&LoadBalancerRecord, &LbZone)> {
        self.load_balancers.values().find_map(|lb| {
            lb.zones
                .iter()
                .find(|z| z.private_ip == ip || z.public_ip == Some(ip))
                .map(|z| (lb, z))
        })
    }

    /// The node addresses in a subnet (so tasks get other addresses).
    pub fn node_ips_in_subnet<'a>(&'a self, subnet_id: &'a str) -> impl Iterator<Item = u32> + 'a {
        self.load_balancers
            .values()
            .flat_map(|lb| lb.zones.iter())
            .filter(move |z| crate::base::id::same_id(&z.subnet_id, subnet_id))
            .map(|z| z.private_ip)
    }

    /// Whether a public address belongs to a load balancer node.
    pub fn public_ip_in_use(&self, ip: u32) -> bool {
        self.load_balancers
            .values()
            .flat_map(|lb| lb.zones.iter())
            .any(|z| z.public_ip == Some(ip))
    }
}

impl ActionRecord {
    pub fn forwards_to(&self, target_group_arn: &str) -> bool {
        matches!(self, ActionRecord::Forward(groups) if groups.iter().any(|(g, _)| same_arn(g, target_group_arn)))
    }
}

/// Whether two ELB ARNs are the same ([`crate::base::id::same_id`]).
#[inline]
pub(crate) fn same_arn(a: &str, b: &str) -> bool {
    crate::base::id::same_id(a, b)
}

/// ELBv2 Describe* paging: `PageSize` 1–400, `Marker`.
pub(crate) const fn paging(operation: &'static str) -> Limits {
    Limits {
        operation,
        limit_member: "PageSize",
        token_member: "Marker",
        min: 1,
        max: 400,
        default: None,
        limit_error: ErrorCode::ValidationError,
        token_error: ErrorCode::ValidationError,
    }
}

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationError, message)
}

pub(crate) fn invalid_config(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidConfigurationRequestException, message)
}

pub(crate) fn lb_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::LoadBalancerNotFoundException,
        "One or more load balancers not found",
    )
}

pub(crate) fn tg_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::TargetGroupNotFoundException,
        "One or more target groups not found",
    )
}

pub(crate) fn listener_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::ListenerNotFoundException,
        "One or more listeners not found",
    )
}

pub(crate) fn rule_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::RuleNotFoundException,
        "One or more rules not found",
    )
}

/// F18.2: a load balancer or target group name: 1–32 alphanumerics and
/// hyphens, no hyphen at either end.
pub(crate) fn check_name(name: &str, what: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(validation(format!(
            "{what} name '{name}' cannot be longer than '32' characters, can contain only alphanumeric characters and hyphens, and cannot begin or end with a hyphen"
        )))
    }
}

/// Tags as given: keys unique (DuplicateTagKeys), at most [`MAX_TAGS`].
pub(crate) fn check_tags(tags: &[Tag]) -> Result<(), ApiError> {
    let mut keys: Vec<&str> = tags.iter().map(|t| t.key.as_str()).collect();
    keys.sort_unstable();
    if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(ApiError::new(
            ErrorCode::DuplicateTagKeysException,
            format!("Tag key '{}' is duplicated", w[0]),
        ));
    }
    if tags.len() > MAX_TAGS {
        return Err(ApiError::new(
            ErrorCode::TooManyTagsException,
            format!("A resource can have at most {MAX_TAGS} tags"),
        ));
    }
    if let Some(t) = tags.iter().find(|t| t.key.is_empty() || t.key.len() > 128) {
        return Err(validation(format!(
            "Tag key '{}' must be 1 to 128 characters long",
            t.key
        )));
    }
    Ok(())
}

/// `1`–`65535`.
pub(crate) fn port(value: i64, what: &str) -> Result<u16, ApiError> {
    u16::try_from(value)
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| {
            validation(format!(
                "{what} '{value}' must be between '1' and '65535' inclusive"
            ))
        })
}

mod tags;
pub mod traffic;
mod view;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_f18_2() {
        assert!(check_name("web-alb", "Load balancer").is_ok());
        assert!(check_name(&"a".repeat(32), "Load balancer").is_ok());
        for bad in ["", "-web", "web-", "web_alb", &"a".repeat(33)] {
            let e = check_name(bad, "Load balancer").unwrap_err();
            assert_eq!(e.code, ErrorCode::ValidationError, "{bad}");
        }
    }

    #[test]
    fn tags_are_unique_and_bounded() {
        let tag = |k: &str| Tag {
            key: k.to_owned(),
            value: None,
        };
        assert!(check_tags(&[tag("a"), tag("b")]).is_ok());
        assert_eq!(
            check_tags(&[tag("a"), tag("a")]).unwrap_err().code,
            ErrorCode::DuplicateTagKeysException
        );
        let many: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"))).collect();
        assert_eq!(
            check_tags(&many).unwrap_err().code,
            ErrorCode::TooManyTagsException
        );
    }
}
