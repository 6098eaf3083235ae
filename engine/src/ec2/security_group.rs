//! Security groups: CreateSecurityGroup, DescribeSecurityGroups,
//! AuthorizeSecurityGroupIngress, RevokeSecurityGroupIngress,
//! DeleteSecurityGroup, and [`Sim::allows_ingress`], the pure reachability
//! check load balancers and clients use.
//!
//! Rules (EC2UG security-group-rules): stateful, allow-only; a rule names a
//! protocol (`tcp`, `udp`, `icmp` or `-1` for all traffic), a port range
//! (ignored for `-1`) and a source: an IPv4 CIDR, an IPv6 CIDR or another
//! security group (traffic from any interface that has that group). A new
//! group has no inbound rules and allows all outbound traffic; a VPC's
//! `default` group allows all inbound traffic from itself and cannot be
//! deleted. A group cannot be deleted while an instance, a task's ENI, a
//! load balancer or an EFS mount target uses it, or another group's rule
//! references it (`DependencyViolation`).

use super::{Filter, check_filters, filter_allows, vpc::vpc_not_found};
use crate::base::ipv4::Cidr;
use crate::error::{ApiError, ErrorCode};
use crate::sim::Sim;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEFAULT_GROUP_NAME: &str = "default";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Peer {
    Cidr4(String),
    Cidr6(String),
    Group(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    /// `tcp`, `udp`, `icmp` or `-1`.
    pub protocol: String,
    /// -1 for all (protocol `-1`, or all ICMP types).
    pub from_port: i32,
    pub to_port: i32,
    pub peer: Peer,
    pub description: Option<String>,
}

impl Rule {
    fn same_rule(&self, other: &Rule) -> bool {
        (&self.protocol, self.from_port, self.to_port, &self.peer)
            == (&other.protocol, other.from_port, other.to_port, &other.peer)
    }
    pub(crate) fn summary(&self) -> String {
        let peer = match &self.peer {
            Peer::Cidr4(c) | Peer::Cidr6(c) => c.clone(),
            Peer::Group(g) => g.clone(),
        };
        format!(
            "peer: {peer}, {}, from port: {}, to port: {}, ALLOW",
            if self.protocol == "-1" {
                "ALL".to_owned()
            } else {
                self.protocol.to_uppercase()
            },
            self.from_port,
            self.to_port
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroupRecord {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
}

// ---------------------------------------------------------------- shapes ---

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpRange {
    pub cidr_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserIdGroupPair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpPermission {
    pub ip_protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub ipv6_ranges: Vec<Ipv6Range>,
    #[serde(default)]
    pub prefix_list_ids: Vec<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSecurityGroupRequest {
    pub description: String,
    pub group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupResponse {
    pub group_id: String,
    pub security_group_arn: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSecurityGroupsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: String,
    pub ip_permissions_egress: Vec<IpPermission>,
    pub vpc_id: String,
    pub security_group_arn: String,
    pub owner_id: String,
    pub group_name: String,
    pub description: String,
    pub ip_permissions: Vec<IpPermission>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsResponse {
    pub security_groups: Vec<SecurityGroup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SecurityGroupIngressRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_permissions: Vec<IpPermission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_security_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_security_group_owner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

pub type AuthorizeSecurityGroupIngressRequest = SecurityGroupIngressRequest;
pub type RevokeSecurityGroupIngressRequest = SecurityGroupIngressRequest;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferencedGroupInfo {
    pub group_id: String,
    pub user_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRule {
    pub security_group_rule_id: String,
    pub group_id: String,
    pub group_owner_id: String,
    pub is_egress: bool,
    pub ip_protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referenced_group_info: Option<ReferencedGroupInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizeSecurityGroupIngressResponse {
    pub r#return: bool,
    pub security_group_rules: Vec<SecurityGroupRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeSecurityGroupIngressResponse {
    pub r#return: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteSecurityGroupRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupResponse {
    pub r#return: bool,
    pub group_id: String,
}

// ------------------------------------------------------- reachability ---

/// Where traffic comes from, for [`Sim::allows_ingress`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An IPv4 address (e.g. a client on the internet, a load balancer node).
    Cidr(u32),
    /// An interface that has this security group.
    Group(String),
    /// Any address of this block (an interface somewhere in a VPC): a CIDR
    /// rule matches when it covers the whole block.
    Block(Cidr),
}

/// The rule that let traffic in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedRule {
    pub group_id: String,
    pub rule_id: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// The first rule (in group order, then rule order) that allows it.
    pub by_rule: Option<MatchedRule>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameterValue, message)
}

pub(crate) fn group_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidGroupNotFound,
        format!("The security group '{id}' does not exist"),
    )
}

/// `tcp`/`6` → `tcp`, `udp`/`17` → `udp`, `icmp`/`1` → `icmp`, `-1`/`all` → `-1`.
fn normalise_protocol(p: &str) -> Result<&'static str, ApiError> {
    match p.to_ascii_lowercase().as_str() {
        "tcp" | "6" => Ok("tcp"),
        "udp" | "17" => Ok("udp"),
        "icmp" | "1" => Ok("icmp"),
        "-1" | "all" => Ok("-1"),
        _ => Err(invalid(format!(
            "Invalid value '{p}' for IP protocol. Unknown protocol. Use tcp, udp, icmp or -1 (all traffic)."
        ))),
    }
}

impl Sim {
    pub(crate) fn create_default_security_group(&mut self, vpc_id: &str) {
        let id = self.new_resource_id("sg");
        let ingress_rule = self.new_resource_id("sgr");
        let egress_rule = self.new_resource_id("sgr");
        self.state.security_groups.insert(
            id.clone(),
            SecurityGroupRecord {
                id: id.clone(),
                name: DEFAULT_GROUP_NAME.into(),
                description: "default VPC security group".into(),
                vpc_id: vpc_id.to_owned(),
                ingress: vec![Rule {
                    id: ingress_rule,
                    protocol: "-1".into(),
                    from_port: -1,
                    to_port: -1,
                    peer: Peer::Group(id),
                    description: None,
                }],
                egress: vec![Rule {
                    id: egress_rule,
                    protocol: "-1".into(),
                    from_port: -1,
                    to_port: -1,
                    peer: Peer::Cidr4("0.0.0.0/0".into()),
                    description: None,
                }],
            },
        );
    }

    fn group_arn(&self, id: &str) -> String {
        self.arns.arn("ec2", &format!("security-group/{id}"))
    }

    /// Finds a group by id, or by name in the default VPC.
    fn resolve_group(&self, id: Option<&str>, name: Option<&str>) -> Result<String, ApiError> {
        match (id, name) {
            (Some(id), _) => self
                .state
                .security_groups
                .contains_key(id)
                .then(|| id.to_owned())
                .ok_or_else(|| group_not_found(id)),
            (None, Some(name)) => {
                let vpc = self.default_vpc_id().unwrap_or_default();
                self.state
                    .security_groups
                    .values()
                    .find(|g| g.name == name && g.vpc_id == vpc)
                    .map(|g| g.id.clone())
                    .ok_or_else(|| {
                        ApiError::new(
                            ErrorCode::InvalidGroupNotFound,
                            format!(
                                "The security group '{name}' does not exist in default VPC '{vpc}'"
                            ),
                        )
                    })
            }
            (None, None) => Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter groupName or groupId",
            )),
        }
    }

    pub(crate) fn create_security_group(
        &mut self,
        req: CreateSecurityGroupRequest,
    ) -> Result<CreateSecurityGroupResponse, ApiError> {
        if req.tag_specifications.is_some() {
            return Err(ApiError::unsupported(
                "CreateSecurityGroup",
                "TagSpecifications",
            ));
        }
        if req.dry_run == Some(true) {
            return Err(ApiError::unsupported("CreateSecurityGroup", "DryRun"));
        }
        let vpc_id = match req.vpc_id {
            Some(id) => id,
            None => self.default_vpc_id().ok_or_else(|| {
                ApiError::new(ErrorCode::VpcIdNotSpecified, "No default VPC for this user")
            })?,
        };
        if !self.state.vpcs.contains_key(&vpc_id) {
            return Err(vpc_not_found(&vpc_id));
        }
        let name = req.group_name;
        if name.is_empty() || name.len() > 255 {
            return Err(invalid("Group names must be 1 to 255 characters long."));
        }
        if name.to_ascii_lowercase().starts_with("sg-") {
            return Err(invalid("Group names may not be in the format sg-*."));
        }
        if req.description.is_empty() || req.description.len() > 255 {
            return Err(invalid("The description must be 1 to 255 characters long."));
        }
        if self
            .state
            .security_groups
            .values()
            .any(|g| g.vpc_id == vpc_id && g.name == name)
        {
            return Err(ApiError::new(
                ErrorCode::InvalidGroupDuplicate,
                format!("The security group '{name}' already exists for VPC '{vpc_id}'"),
            ));
        }
        let id = self.new_resource_id("sg");
        let egress = Rule {
            id: self.new_resource_id("sgr"),
            protocol: "-1".into(),
            from_port: -1,
            to_port: -1,
            peer: Peer::Cidr4("0.0.0.0/0".into()),
            description: None,
        };
        self.state.security_groups.insert(
            id.clone(),
            SecurityGroupRecord {
                id: id.clone(),
                name,
                description: req.description,
                vpc_id,
                ingress: Vec::new(),
                egress: vec![egress],
            },
        );
        Ok(CreateSecurityGroupResponse {
            security_group_arn: self.group_arn(&id),
            group_id: id,
        })
    }

    fn permissions_shape(&self, rules: &[Rule]) -> Vec<IpPermission> {
        // One IpPermission per (protocol, from, to), in first-seen order.
        let mut out: Vec<IpPermission> = Vec::new();
        for rule in rules {
            let (from, to) = if rule.protocol == "-1" {
                (None, None)
            } else {
                (Some(rule.from_port), Some(rule.to_port))
            };
            let index = match out.iter().position(|p| {
                p.ip_protocol == rule.protocol && p.from_port == from && p.to_port == to
            }) {
                Some(i) => i,
                None => {
                    out.push(IpPermission {
                        ip_protocol: rule.protocol.clone(),
                        from_port: from,
                        to_port: to,
                        ..IpPermission::default()
                    });
                    out.len() - 1
                }
            };
            let perm = &mut out[index];
            match &rule.peer {
                Peer::Cidr4(c) => perm.ip_ranges.push(IpRange {
                    cidr_ip: c.clone(),
                    description: rule.description.clone(),
                }),
                Peer::Cidr6(c) => perm.ipv6_ranges.push(Ipv6Range {
                    cidr_ipv6: c.clone(),
                    description: rule.description.clone(),
                }),
                Peer::Group(g) => perm.user_id_group_pairs.push(UserIdGroupPair {
                    description: rule.description.clone(),
                    user_id: Some(self.config.account_id.clone()),
                    group_id: Some(g.clone()),
                    ..UserIdGroupPair::default()
                }),
            }
        }
        out
    }

    fn group_shape(&self, g: &SecurityGroupRecord) -> SecurityGroup {
        SecurityGroup {
            group_id: g.id.clone(),
            ip_permissions_egress: self.permissions_shape(&g.egress),
            vpc_id: g.vpc_id.clone(),
            security_group_arn: self.group_arn(&g.id),
            owner_id: self.config.account_id.clone(),
            group_name: g.name.clone(),
            description: g.description.clone(),
            ip_permissions: self.permissions_shape(&g.ingress),
        }
    }

    pub(crate) fn describe_security_groups(
        &self,
        req: DescribeSecurityGroupsRequest,
    ) -> Result<DescribeSecurityGroupsResponse, ApiError> {
        super::no_ids_with_max_results(&req.group_ids, "GroupIds", req.max_results)?;
        let paging = super::paging("DescribeSecurityGroups")
            .request(req.max_results, req.next_token.as_deref())?;
        check_filters(&req.filters, &["vpc-id", "group-name", "group-id"])?;
        let mut wanted = Vec::new();
        for id in &req.group_ids {
            wanted.push(self.resolve_group(Some(id), None)?);
        }
        for name in &req.group_names {
            wanted.push(self.resolve_group(None, Some(name))?);
        }
        let security_groups: Vec<SecurityGroup> = self
            .state
            .security_groups
            .values()
            .filter(|g| wanted.is_empty() || wanted.contains(&g.id))
            .filter(|g| filter_allows(&req.filters, "vpc-id", &g.vpc_id))
            .filter(|g| filter_allows(&req.filters, "group-name", &g.name))
            .filter(|g| filter_allows(&req.filters, "group-id", &g.id))
            .map(|g| self.group_shape(g))
            .collect();
        let (security_groups, next_token) =
            paging.page(security_groups.into_iter().map(|x| (x.group_id.clone(), x)));
        Ok(DescribeSecurityGroupsResponse {
            security_groups,
            next_token,
        })
    }

    /// The rules a request names, checked and normalised (ids not yet set).
    fn requested_rules(
        &self,
        group: &SecurityGroupRecord,
        req: &SecurityGroupIngressRequest,
    ) -> Result<Vec<Rule>, ApiError> {
        if req.tag_specifications.is_some() {
            return Err(ApiError::unsupported(
                "AuthorizeSecurityGroupIngress",
                "TagSpecifications",
            ));
        }
        if req.dry_run == Some(true) {
            return Err(ApiError::unsupported(
                "AuthorizeSecurityGroupIngress",
                "DryRun",
            ));
        }
        if req
            .source_security_group_owner_id
            .as_ref()
            .is_some_and(|o| o != &self.config.account_id)
        {
            return Err(ApiError::unsupported(
                "AuthorizeSecurityGroupIngress",
                "groups of other accounts",
            ));
        }
        let mut permissions = req.ip_permissions.clone();
        let top_level = req.cidr_ip.is_some()
            || req.ip_protocol.is_some()
            || req.source_security_group_name.is_some();
        if top_level {
            let mut perm = IpPermission {
                ip_protocol: req.ip_protocol.clone().unwrap_or_else(|| "-1".into()),
                from_port: req.from_port,
                to_port: req.to_port,
                ..IpPermission::default()
            };
            if let Some(cidr) = &req.cidr_ip {
                perm.ip_ranges.push(IpRange {
                    cidr_ip: cidr.clone(),
                    description: None,
                });
            }
            if let Some(name) = &req.source_security_group_name {
                perm.user_id_group_pairs.push(UserIdGroupPair {
                    group_name: Some(name.clone()),
                    ..UserIdGroupPair::default()
                });
            }
            permissions.push(perm);
        }
        if permissions.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "No IpPermissions given: name a protocol, ports and a source (IpPermissions, or --protocol/--port/--cidr/--source-group).",
            ));
        }
        let mut rules = Vec::new();
        for perm in &permissions {
            if !perm.prefix_list_ids.is_empty() {
                return Err(ApiError::unsupported(
                    "AuthorizeSecurityGroupIngress",
                    "PrefixListIds",
                ));
            }
            let protocol = normalise_protocol(&perm.ip_protocol)?;
            let (from, to) = match protocol {
                "-1" => (-1, -1),
                "icmp" => {
                    let from = perm.from_port.unwrap_or(-1);
                    let to = perm.to_port.unwrap_or(-1);
                    if !(-1..=255).contains(&from) || !(-1..=255).contains(&to) {
                        return Err(invalid(format!(
                            "Invalid value '{from}' for ICMP type / '{to}' for ICMP code: use -1 (all) or 0-255."
                        )));
                    }
                    (from, to)
                }
                _ => {
                    let (Some(from), Some(to)) = (perm.from_port, perm.to_port) else {
                        return Err(invalid(
                            "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.",
                        ));
                    };
                    if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to {
                        return Err(invalid(format!(
                            "Invalid TCP/UDP port range {from}-{to}: ports are 0-65535 and FromPort is at most ToPort."
                        )));
                    }
                    (from, to)
                }
            };
            let mut peers = Vec::new();
            for range in &perm.ip_ranges {
                let cidr = Cidr::parse(&range.cidr_ip)
                    .ok_or_else(|| invalid(format!("CIDR block {} is malformed", range.cidr_ip)))?;
                peers.push((
                    Peer::Cidr4(
                        Cidr {
                            base: cidr.base & cidr.mask(),
                            ..cidr
                        }
                        .to_string(),
                    ),
                    range.description.clone(),
                ));
            }
            for range in &perm.ipv6_ranges {
                if !range.cidr_ipv6.contains(':') || !range.cidr_ipv6.contains('/') {
                    return Err(invalid(format!(
                        "CIDR block {} is malformed",
                        range.cidr_ipv6
                    )));
                }
                peers.push((
                    Peer::Cidr6(range.cidr_ipv6.to_ascii_lowercase()),
                    range.description.clone(),
                ));
            }
            for pair in &perm.user_id_group_pairs {
                let id = match (&pair.group_id, &pair.group_name) {
                    (Some(id), _) => {
                        if !self.state.security_groups.contains_key(id) {
                            return Err(group_not_found(id));
                        }
                        id.clone()
                    }
                    (None, Some(name)) => self
                        .state
                        .security_groups
                        .values()
                        .find(|g| &g.name == name && g.vpc_id == group.vpc_id)
                        .map(|g| g.id.clone())
                        .ok_or_else(|| {
                            ApiError::new(
                                ErrorCode::InvalidGroupNotFound,
                                format!(
                                    "The security group '{name}' does not exist in VPC '{}'",
                                    group.vpc_id
                                ),
                            )
                        })?,
                    (None, None) => {
                        return Err(invalid("A UserIdGroupPair needs a GroupId or a GroupName."));
                    }
                };
                if self
                    .state
                    .security_groups
                    .get(&id)
                    .is_some_and(|g| g.vpc_id != group.vpc_id)
                {
                    return Err(invalid(format!(
                        "You have specified two resources that belong to different networks: {} is in another VPC than {}.",
                        id, group.id
                    )));
                }
                peers.push((Peer::Group(id), pair.description.clone()));
            }
            if peers.is_empty() {
                return Err(invalid(
                    "An IpPermission needs at least one source: IpRanges, Ipv6Ranges or UserIdGroupPairs.",
                ));
            }
            for (peer, description) in peers {
                rules.push(Rule {
                    id: String::new(),
                    protocol: protocol.to_owned(),
                    from_port: from,
                    to_port: to,
                    peer,
                    description,
                });
            }
        }
        Ok(rules)
    }

    pub(crate) fn authorize_security_group_ingress(
        &mut self,
        req: AuthorizeSecurityGroupIngressRequest,
    ) -> Result<AuthorizeSecurityGroupIngressResponse, ApiError> {
        let id = self.resolve_group(req.group_id.as_deref(), req.group_name.as_deref())?;
        let group = self.state.security_groups[&id].clone();
        let mut rules = self.requested_rules(&group, &req)?;
        for (i, rule) in rules.iter().enumerate() {
            if group
                .ingress
                .iter()
                .chain(&rules[..i])
                .any(|r| r.same_rule(rule))
            {
                return Err(ApiError::new(
                    ErrorCode::InvalidPermissionDuplicate,
                    format!("the specified rule \"{}\" already exists", rule.summary()),
                ));
            }
        }
        for rule in &mut rules {
            rule.id = self.new_resource_id("sgr");
        }
        let account = self.config.account_id.clone();
        let shapes = rules
            .iter()
            .map(|r| SecurityGroupRule {
                security_group_rule_id: r.id.clone(),
                group_id: id.clone(),
                group_owner_id: account.clone(),
                is_egress: false,
                ip_protocol: r.protocol.clone(),
                from_port: r.from_port,
                to_port: r.to_port,
                cidr_ipv4: match &r.peer {
                    Peer::Cidr4(c) => Some(c.clone()),
                    _ => None,
                },
                cidr_ipv6: match &r.peer {
                    Peer::Cidr6(c) => Some(c.clone()),
                    _ => None,
                },
                referenced_group_info: match &r.peer {
                    Peer::Group(g) => Some(ReferencedGroupInfo {
                        group_id: g.clone(),
                        user_id: account.clone(),
                    }),
                    _ => None,
                },
                description: r.description.clone(),
            })
            .collect();
        if let Some(g) = self.state.security_groups.get_mut(&id) {
            g.ingress.extend(rules);
        }
        Ok(AuthorizeSecurityGroupIngressResponse {
            r#return: true,
            security_group_rules: shapes,
        })
    }

    pub(crate) fn revoke_security_group_ingress(
        &mut self,
        req: RevokeSecurityGroupIngressRequest,
    ) -> Result<RevokeSecurityGroupIngressResponse, ApiError> {
        let id = self.resolve_group(req.group_id.as_deref(), req.group_name.as_deref())?;
        let group = self.state.security_groups[&id].clone();
        let rules = self.requested_rules(&group, &req)?;
        if rules
            .iter()
            .any(|r| !group.ingress.iter().any(|g| g.same_rule(r)))
        {
            return Err(ApiError::new(
                ErrorCode::InvalidPermissionNotFound,
                "The specified rule does not exist in this security group.",
            ));
        }
        if let Some(g) = self.state.security_groups.get_mut(&id) {
            g.ingress
                .retain(|existing| !rules.iter().any(|r| r.same_rule(existing)));
        }
        Ok(RevokeSecurityGroupIngressResponse { r#return: true })
    }

    pub(crate) fn delete_security_group(
        &mut self,
        req: DeleteSecurityGroupRequest,
    ) -> Result<DeleteSecurityGroupResponse, ApiError> {
        if req.dry_run == Some(true) {
            return Err(ApiError::unsupported("DeleteSecurityGroup", "DryRun"));
        }
        let id = self.resolve_group(req.group_id.as_deref(), req.group_name.as_deref())?;
        let group = &self.state.security_groups[&id];
        if group.name == DEFAULT_GROUP_NAME {
            return Err(ApiError::new(
                ErrorCode::CannotDelete,
                format!(
                    "the specified group: \"{id}\" name: \"default\" cannot be deleted by a user"
                ),
            ));
        }
        let referenced = self.state.security_groups.values().any(|g| {
            g.id != id
                && g.ingress
                    .iter()
                    .chain(&g.egress)
                    .any(|r| r.peer == Peer::Group(id.clone()))
        });
        if referenced || self.group_in_use(&id) {
            return Err(ApiError::new(
                ErrorCode::DependencyViolation,
                format!("resource {id} has a dependent object"),
            ));
        }
        self.state.security_groups.remove(&id);
        Ok(DeleteSecurityGroupResponse {
            r#return: true,
            group_id: id,
        })
    }

    /// May traffic from `from` reach, on `protocol`/`port`, an interface
    /// that has the groups `to_groups`? Security groups are allow-only and
    /// the union of their rules applies. `protocol` is `tcp`, `udp` or
    /// `icmp` (for ICMP, `port` is the type).
    pub fn allows_ingress(
        &self,
        to_groups: &[String],
        from: &Source,
        protocol: &str,
        port: u16,
    ) -> Verdict {
        match self.allowing_rule(to_groups, from, protocol, port) {
            Some((group, rule)) => Verdict {
                allowed: true,
                by_rule: Some(MatchedRule {
                    group_id: group.id.clone(),
                    rule_id: rule.id.clone(),
                    summary: rule.summary(),
                }),
            },
            None => Verdict {
                allowed: false,
                by_rule: None,
            },
        }
    }

    /// [`Sim::allows_ingress`] without the rule's texts (a load balancer's
    /// health checks and traffic read only whether it gets through).
    pub(crate) fn admits_ingress(
        &self,
        to_groups: &[String],
        from: &Source,
        protocol: &str,
        port: u16,
    ) -> bool {
        self.allowing_rule(to_groups, from, protocol, port)
            .is_some()
    }

    /// The first rule (in group order, then rule order) that allows it.
    fn allowing_rule(
        &self,
        to_groups: &[String],
        from: &Source,
        protocol: &str,
        port: u16,
    ) -> Option<(&SecurityGroupRecord, &Rule)> {
        for group_id in to_groups {
            let Some(group) = self.state.security_groups.get(group_id) else {
                continue;
            };
            for rule in &group.ingress {
                let protocol_ok = rule.protocol == "-1" || rule.protocol == protocol;
                let port_ok = rule.protocol == "-1"
                    || rule.from_port == -1
                    || (rule.from_port..=rule.to_port).contains(&i32::from(port));
                let source_ok = match (&rule.peer, from) {
                    (Peer::Cidr4(c), Source::Cidr(ip)) => {
                        Cidr::parse(c).is_some_and(|c| c.contains_ip(*ip))
                    }
                    (Peer::Group(g), Source::Group(s)) => g == s,
                    (Peer::Cidr4(c), Source::Block(b)) => {
                        Cidr::parse(c).is_some_and(|c| c.contains(*b))
                    }
                    _ => false,
                };
                if protocol_ok && port_ok && source_ok {
                    return Some((group, rule));
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::{Command, Response};
    use serde_json::json;

    fn run(sim: &mut Sim, op: &str, input: serde_json::Value) -> Result<Response, ApiError> {
        Command::from_json(crate::Service::Ec2, op, input).and_then(|c| sim.execute(c))
    }

    fn create(sim: &mut Sim, name: &str) -> String {
        match run(
            sim,
            "CreateSecurityGroup",
            json!({"GroupName": name, "Description": name}),
        )
        .unwrap()
        {
            Response::CreateSecurityGroup(r) => r.group_id,
            _ => panic!("wrong response"),
        }
    }

    #[test]
    fn reachability_follows_cidrs_ports_protocols_and_group_references() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let lb = create(&mut sim, "lb");
        let web = create(&mut sim, "web");
        // Internet → lb on 80 only; lb → web on 8080-8090 by group reference.
        run(&mut sim, "AuthorizeSecurityGroupIngress", json!({"GroupId": lb, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})).unwrap();
        run(&mut sim, "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8090, "UserIdGroupPairs": [{"GroupId": lb}]}]})).unwrap();
        let client = Source::Cidr(crate::base::ipv4::parse_ipv4("203.0.113.7").unwrap());
        let lbs = vec![lb.clone()];
        let webs = vec![web.clone()];
        assert!(sim.allows_ingress(&lbs, &client, "tcp", 80).allowed);
        assert!(!sim.allows_ingress(&lbs, &client, "tcp", 443).allowed);
        assert!(
            !sim.allows_ingress(&lbs, &client, "udp", 80).allowed,
            "protocol must match"
        );
        assert!(
            !sim.allows_ingress(&webs, &client, "tcp", 8080).allowed,
            "the internet cannot reach web"
        );
        let from_lb = Source::Group(lb.clone());
        let v = sim.allows_ingress(&webs, &from_lb, "tcp", 8085);
        assert!(v.allowed);
        assert_eq!(v.by_rule.unwrap().group_id, web);
        assert!(
            !sim.allows_ingress(&webs, &from_lb, "tcp", 8091).allowed,
            "outside the port range"
        );
        assert!(
            !sim.allows_ingress(&webs, &Source::Group(web.clone()), "tcp", 8080)
                .allowed
        );
        // All-traffic rule: any protocol, any port. The default group allows itself.
        let default = sim
            .state
            .security_groups
            .values()
            .find(|g| g.name == "default")
            .unwrap()
            .id
            .clone();
        let defaults = vec![default.clone()];
        assert!(
            sim.allows_ingress(&defaults, &Source::Group(default.clone()), "udp", 53)
                .allowed
        );
        assert!(!sim.allows_ingress(&defaults, &client, "tcp", 22).allowed);
        // The union of several groups applies.
        assert!(
            sim.allows_ingress(&[web.clone(), lb.clone()], &client, "tcp", 80)
                .allowed
        );
        // Revoking removes the path.
        run(&mut sim, "RevokeSecurityGroupIngress", json!({"GroupId": lb, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"})).unwrap();
        assert!(!sim.allows_ingress(&lbs, &client, "tcp", 80).allowed);
    }

    #[test]
    fn duplicates_and_references_are_refused() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let a = create(&mut sim, "a");
        let b = create(&mut sim, "b");
        let rule = json!({"GroupId": b, "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": a}]}]});
        run(&mut sim, "AuthorizeSecurityGroupIngress", rule.clone()).unwrap();
        let err = run(&mut sim, "AuthorizeSecurityGroupIngress", rule).unwrap_err();
        assert_eq!(err.code.as_str(), "InvalidPermission.Duplicate");
        let err = run(&mut sim, "DeleteSecurityGroup", json!({"GroupId": a})).unwrap_err();
        assert_eq!(err.code.as_str(), "DependencyViolation");
        let err = run(
            &mut sim,
            "CreateSecurityGroup",
            json!({"GroupName": "a", "Description": "again"}),
        )
        .unwrap_err();
        assert_eq!(err.code.as_str(), "InvalidGroup.Duplicate");
        run(&mut sim, "DeleteSecurityGroup", json!({"GroupId": b})).unwrap();
        run(&mut sim, "DeleteSecurityGroup", json!({"GroupName": "a"})).unwrap();
        let err = run(&mut sim, "DeleteSecurityGroup", json!({"GroupId": a})).unwrap_err();
        assert_eq!(err.code.as_str(), "InvalidGroup.NotFound");
    }

    #[test]
    fn a_group_a_load_balancer_uses_cannot_be_deleted() {
        let mut sim = Sim::new(SimConfig::default()).unwrap();
        let group = create(&mut sim, "alb");
        let subnets = crate::test_support::default_subnets(&sim);
        let command = crate::command::Command::from_json(
            crate::command::Service::Elbv2,
            "CreateLoadBalancer",
            json!({"Name": "web", "Subnets": [subnets[0].1, subnets[1].1], "SecurityGroups": [group]}),
        )
        .unwrap();
        let arn = sim.execute(command).unwrap().to_json()["LoadBalancers"][0]["LoadBalancerArn"]
            .as_str()
            .unwrap()
            .to_owned();
        let err = run(&mut sim, "DeleteSecurityGroup", json!({"GroupId": group})).unwrap_err();
        assert_eq!(err.code.as_str(), "DependencyViolation");
        let command = crate::command::Command::from_json(
            crate::command::Service::Elbv2,
            "DeleteLoadBalancer",
            json!({"LoadBalancerArn": arn}),
        )
        .unwrap();
        sim.execute(command).unwrap();
        run(&mut sim, "DeleteSecurityGroup", json!({"GroupId": group})).unwrap();
    }
}
