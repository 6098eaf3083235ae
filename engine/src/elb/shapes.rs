//! The Classic Load Balancer API's shapes (botocore `elb`, PascalCase
//! members), requests and responses alike.

use crate::elbv2::Tag;
use serde::{Deserialize, Serialize};

/// `Listener`: the front end (Protocol, LoadBalancerPort) and the back end
/// (InstanceProtocol, InstancePort).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClassicListener {
    pub protocol: String,
    pub load_balancer_port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_protocol: Option<String>,
    pub instance_port: i64,
    #[serde(
        default,
        rename = "SSLCertificateId",
        skip_serializing_if = "Option::is_none"
    )]
    pub ssl_certificate_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClassicHealthCheck {
    pub target: String,
    pub interval: i64,
    pub timeout: i64,
    pub unhealthy_threshold: i64,
    pub healthy_threshold: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Instance {
    #[serde(default)]
    pub instance_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateAccessPointInput {
    pub load_balancer_name: String,
    pub listeners: Vec<ClassicListener>,
    #[serde(default)]
    pub availability_zones: Option<Vec<String>>,
    #[serde(default)]
    pub subnets: Option<Vec<String>>,
    #[serde(default)]
    pub security_groups: Option<Vec<String>>,
    #[serde(default)]
    pub scheme: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessPointOutput {
    #[serde(rename = "DNSName")]
    pub dns_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAccessPointsInput {
    #[serde(default)]
    pub load_balancer_names: Option<Vec<String>>,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerDescription {
    pub listener: ClassicListener,
    pub policy_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policies {
    pub app_cookie_stickiness_policies: Vec<String>,
    #[serde(rename = "LBCookieStickinessPolicies")]
    pub lb_cookie_stickiness_policies: Vec<String>,
    pub other_policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SourceSecurityGroup {
    pub owner_alias: String,
    pub group_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerDescription {
    pub load_balancer_name: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub canonical_hosted_zone_name: String,
    #[serde(rename = "CanonicalHostedZoneNameID")]
    pub canonical_hosted_zone_name_id: String,
    pub listener_descriptions: Vec<ListenerDescription>,
    pub policies: Policies,
    pub backend_server_descriptions: Vec<String>,
    pub availability_zones: Vec<String>,
    pub subnets: Vec<String>,
    #[serde(rename = "VPCId")]
    pub vpc_id: String,
    pub instances: Vec<Instance>,
    pub health_check: ClassicHealthCheck,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_security_group: Option<SourceSecurityGroup>,
    pub security_groups: Vec<String>,
    pub created_time: String,
    pub scheme: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAccessPointsOutput {
    pub load_balancer_descriptions: Vec<LoadBalancerDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AccessPointNameInput {
    pub load_balancer_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassicEmpty {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConfigureHealthCheckInput {
    pub load_balancer_name: String,
    pub health_check: ClassicHealthCheck,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigureHealthCheckOutput {
    pub health_check: ClassicHealthCheck,
}

/// RegisterInstancesWithLoadBalancer, DeregisterInstancesFromLoadBalancer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndPointsInput {
    pub load_balancer_name: String,
    pub instances: Vec<Instance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndPointsOutput {
    pub instances: Vec<Instance>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeEndPointStateInput {
    pub load_balancer_name: String,
    #[serde(default)]
    pub instances: Option<Vec<Instance>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceState {
    pub instance_id: String,
    pub state: &'static str,
    pub reason_code: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeEndPointStateOutput {
    pub instance_states: Vec<InstanceState>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLoadBalancerListenerInput {
    pub load_balancer_name: String,
    pub listeners: Vec<ClassicListener>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteLoadBalancerListenerInput {
    pub load_balancer_name: String,
    pub load_balancer_ports: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplySecurityGroupsInput {
    pub load_balancer_name: String,
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplySecurityGroupsOutput {
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CrossZoneLoadBalancing {
    pub enabled: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConnectionDraining {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConnectionSettings {
    pub idle_timeout: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AccessLog {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emit_interval: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket_prefix: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdditionalAttribute {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoadBalancerAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_zone_load_balancing: Option<CrossZoneLoadBalancing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log: Option<AccessLog>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_draining: Option<ConnectionDraining>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_settings: Option<ConnectionSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_attributes: Option<Vec<AdditionalAttribute>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancerAttributesOutput {
    pub load_balancer_attributes: LoadBalancerAttributes,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyLoadBalancerAttributesInput {
    pub load_balancer_name: String,
    pub load_balancer_attributes: LoadBalancerAttributes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyLoadBalancerAttributesOutput {
    pub load_balancer_name: String,
    pub load_balancer_attributes: LoadBalancerAttributes,
}
