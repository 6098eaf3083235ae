//! The records Elastic Load Balancing keeps and the API shapes (botocore
//! `elbv2`, PascalCase members), requests and responses alike.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

// ------------------------------------------------------------- records ---

/// `application` or `network` (BOTO-ELBV2:LoadBalancerTypeEnum; `gateway`
/// is refused), or a Classic Load Balancer (botocore `elb`, `crate::elb`),
/// which the ELBv2 API does not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LbType {
    Application,
    Network,
    Classic,
}

impl LbType {
    pub fn as_str(self) -> &'static str {
        match self {
            LbType::Application => "application",
            LbType::Network => "network",
            LbType::Classic => "classic",
        }
    }
    /// The ARN and DNS short form: `app` or `net` (a Classic ARN has none).
    pub fn short(self) -> &'static str {
        match self {
            LbType::Application => "app",
            LbType::Network => "net",
            LbType::Classic => "",
        }
    }
    /// The words a learner reads: "Application Load Balancer".
    pub fn title(self) -> &'static str {
        match self {
            LbType::Application => "Application Load Balancer",
            LbType::Network => "Network Load Balancer",
            LbType::Classic => "Classic Load Balancer",
        }
    }
}

/// One enabled Availability Zone: the subnet and the node's addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LbZone {
    pub zone: String,
    pub subnet_id: String,
    /// The node's private address in the subnet.
    pub private_ip: u32,
    /// Internet-facing only.
    pub public_ip: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancerRecord {
    pub arn: String,
    pub name: String,
    pub lb_type: LbType,
    /// `internet-facing` or `internal`.
    pub scheme: &'static str,
    pub vpc_id: String,
    pub zones: Vec<LbZone>,
    pub security_groups: Vec<String>,
    pub dns_name: String,
    pub created_at: SimTime,
    /// `provisioning` until then, `active` after (MODEL, section 13).
    pub active_at: SimTime,
    pub attributes: BTreeMap<String, String>,
    /// What its traffic cost so far (LCUs, or a Classic load balancer's
    /// data), and at the last minute's rate per hour (`crate::cost`).
    pub usage_nanos: u64,
    pub usage_per_hour_nanos: u64,
}

impl LoadBalancerRecord {
    pub fn is_active(&self, now: SimTime) -> bool {
        now >= self.active_at
    }
}

/// The health-check settings of a target group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    pub enabled: bool,
    pub protocol: String,
    /// `traffic-port` or a port number.
    pub port: String,
    /// HTTP(S) checks only.
    pub path: Option<String>,
    pub interval_seconds: u32,
    pub timeout_seconds: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    /// HTTP(S) checks only: `200`, `200,202`, `200-299`.
    pub matcher: Option<String>,
}

/// A target's health state (BOTO-ELBV2:TargetHealthStateEnum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Initial,
    Healthy,
    Unhealthy,
    Draining,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Initial => "initial",
            TargetState::Healthy => "healthy",
            TargetState::Unhealthy => "unhealthy",
            TargetState::Draining => "draining",
        }
    }
}

/// A registered target and what its health checks found.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRecord {
    /// An instance id or an IPv4 address.
    pub id: String,
    pub port: u16,
    pub registered_at: SimTime,
    pub state: TargetState,
    /// The reason code and description of an unhealthy or initial state.
    pub reason: Option<(&'static str, String)>,
    /// Consecutive passes and failures.
    pub passes: u32,
    pub failures: u32,
    /// Draining: when the deregistration delay is over.
    pub drain_until: Option<SimTime>,
    /// Bumped on every (re)registration, so a stale timer does nothing.
    pub generation: u64,
    /// The task whose address or host port it is, when ECS registered it
    /// (checks then go straight to it).
    pub task: Option<String>,
    /// Checks stopped because nothing they read can change their result
    /// (`health`): they start again when something does.
    pub parked: bool,
    /// The HTTP status the last check got (while parked it still holds,
    /// so `sim traffic` to the checked path reuses it).
    pub last_status: Option<u16>,
    /// The task's CPU units, when ECS registered it (`sim traffic`'s CPU).
    pub task_cpu: Option<u32>,
    /// `sim traffic`: its requests in the last minute, and its task's CPU.
    pub last_minute: Option<(u64, Option<f64>)>,
    /// When it last became healthy (slow start ramps from there, F7.6).
    pub healthy_since: Option<SimTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupRecord {
    pub arn: String,
    pub name: String,
    pub protocol: String,
    pub port: u16,
    pub vpc_id: String,
    /// `instance` or `ip`.
    pub target_type: &'static str,
    pub health: HealthCheck,
    pub attributes: BTreeMap<String, String>,
    /// In registration order.
    pub targets: Vec<TargetRecord>,
    /// The next position of the round-robin rotation (MODEL, section 13).
    pub rotation: u64,
    pub created_at: SimTime,
    /// A Classic Load Balancer's registered instances (`crate::elb`): the
    /// group has the load balancer's ARN and name, its health check is the
    /// load balancer's, and the ELBv2 API does not see it.
    pub classic: bool,
}

/// A listener or rule action, kept as the API describes it.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionRecord {
    /// (target group ARN, weight), at least one.
    Forward(Vec<(String, u32)>),
    FixedResponse {
        status_code: u16,
        content_type: Option<String>,
        message_body: Option<String>,
    },
    Redirect(RedirectActionConfig),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListenerRecord {
    pub arn: String,
    pub load_balancer_arn: String,
    pub port: u16,
    pub protocol: String,
    pub default_action: ActionRecord,
    /// The default rule's ARN (DescribeRules lists it last).
    pub default_rule_arn: String,
    /// A Classic listener's back end: (InstanceProtocol, InstancePort).
    /// Requests go to that port of the chosen instance.
    pub instance: Option<(String, u16)>,
}

/// One condition of a rule (ANDed with the others of its rule; its values
/// ORed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionRecord {
    pub field: String,
    pub values: Vec<String>,
    /// http-header: the header's name.
    pub header_name: Option<String>,
    /// query-string: (key, value) pairs.
    pub query: Vec<(Option<String>, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleRecord {
    pub arn: String,
    pub listener_arn: String,
    pub priority: u32,
    pub conditions: Vec<ConditionRecord>,
    pub action: ActionRecord,
}

// -------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SubnetMapping {
    pub subnet_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
    #[serde(
        default,
        rename = "PrivateIPv4Address",
        skip_serializing_if = "Option::is_none"
    )]
    pub private_ipv4_address: Option<String>,
    #[serde(
        default,
        rename = "IPv6Address",
        skip_serializing_if = "Option::is_none"
    )]
    pub ipv6_address: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLoadBalancerRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnets: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_mappings: Option<Vec<SubnetMapping>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_owned_ipv4_pool: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerAddress {
    pub ip_address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZone {
    pub zone_name: String,
    pub subnet_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_addresses: Vec<LoadBalancerAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerState {
    pub code: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    pub load_balancer_arn: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub canonical_hosted_zone_id: &'static str,
    pub created_time: String,
    pub load_balancer_name: String,
    pub scheme: &'static str,
    pub vpc_id: String,
    pub state: LoadBalancerState,
    pub r#type: &'static str,
    pub availability_zones: Vec<AvailabilityZone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    pub ip_address_type: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancersResponse {
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLoadBalancersRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoadBalancerArnRequest {
    pub load_balancer_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElbEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesResponse {
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyLoadBalancerAttributesRequest {
    pub load_balancer_arn: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetSecurityGroupsRequest {
    pub load_balancer_arn: String,
    pub security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce_security_group_inbound_rules_on_private_link_traffic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetSecurityGroupsResponse {
    pub security_group_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Matcher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTargetGroupRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_interval_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_timeout_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyTargetGroupRequest {
    pub target_group_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_interval_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_timeout_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: String,
    pub protocol: String,
    pub port: u16,
    pub vpc_id: String,
    pub health_check_protocol: String,
    pub health_check_port: String,
    pub health_check_enabled: bool,
    pub health_check_interval_seconds: u32,
    pub health_check_timeout_seconds: u32,
    pub healthy_threshold_count: u32,
    pub unhealthy_threshold_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
    pub load_balancer_arns: Vec<String>,
    pub target_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<&'static str>,
    pub ip_address_type: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupsResponse {
    pub target_groups: Vec<TargetGroup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetGroupsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetGroupArnRequest {
    pub target_group_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyTargetGroupAttributesRequest {
    pub target_group_arn: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetDescription {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetsRequest {
    pub target_group_arn: String,
    pub targets: Vec<TargetDescription>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetHealthRequest {
    pub target_group_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<TargetDescription>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealth {
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    pub target: TargetDescription,
    pub health_check_port: String,
    pub target_health: TargetHealth,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthResponse {
    pub target_health_descriptions: Vec<TargetHealthDescription>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetGroupTuple {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetGroupStickinessConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ForwardActionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_groups: Option<Vec<TargetGroupTuple>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_stickiness_config: Option<TargetGroupStickinessConfig>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FixedResponseActionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_body: Option<String>,
    pub status_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RedirectActionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub status_code: String,
}

/// An action as requests carry it and responses describe it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Action {
    pub r#type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_config: Option<RedirectActionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseActionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_config: Option<ForwardActionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_oidc_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_cognito_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_validation_config: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateListenerRequest {
    pub load_balancer_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Value>,
    pub default_actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpn_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutual_authentication: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyListenerRequest {
    pub listener_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_actions: Option<Vec<Action>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpn_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutual_authentication: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Listener {
    pub listener_arn: String,
    pub load_balancer_arn: String,
    pub port: u16,
    pub protocol: String,
    pub default_actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenersResponse {
    pub listeners: Vec<Listener>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeListenersRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListenerArnRequest {
    pub listener_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ValuesConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct HttpHeaderConditionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QueryStringKeyValuePair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QueryStringConditionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<QueryStringKeyValuePair>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SourceIpConditionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RuleCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_header_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_config: Option<HttpHeaderConditionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_string_config: Option<QueryStringConditionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_request_method_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip_config: Option<SourceIpConditionConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateRuleRequest {
    pub listener_arn: String,
    pub conditions: Vec<RuleCondition>,
    pub priority: i64,
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transforms: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyRuleRequest {
    pub rule_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<RuleCondition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Action>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transforms: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_transforms: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    pub rule_arn: String,
    pub priority: String,
    pub conditions: Vec<RuleCondition>,
    pub actions: Vec<Action>,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesResponse {
    pub rules: Vec<Rule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRulesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RuleArnRequest {
    pub rule_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RulePriorityPair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetRulePrioritiesRequest {
    pub rule_priorities: Vec<RulePriorityPair>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AddTagsRequest {
    pub resource_arns: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RemoveTagsRequest {
    pub resource_arns: Vec<String>,
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTagsRequest {
    pub resource_arns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    pub resource_arn: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsResponse {
    pub tag_descriptions: Vec<TagDescription>,
}
