//! CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer,
//! SetSecurityGroups, Describe/ModifyLoadBalancerAttributes.

use super::*;
use crate::base::ipv4::format_ipv4;
use crate::base::paginate::PageRequest;
use crate::base::time::Precision;
use crate::sim::Sim;

const OP_CREATE: &str = "CreateLoadBalancer";

/// The attributes every new ALB starts with (ALBUG application-load-balancers).
fn alb_attributes() -> BTreeMap<String, String> {
    [
        ("access_logs.s3.enabled", "false"),
        ("access_logs.s3.bucket", ""),
        ("access_logs.s3.prefix", ""),
        ("deletion_protection.enabled", "false"),
        ("idle_timeout.timeout_seconds", "60"),
        ("load_balancing.cross_zone.enabled", "true"),
        ("routing.http.drop_invalid_header_fields.enabled", "false"),
        ("routing.http2.enabled", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// And every new NLB (NLBUG network-load-balancers; cross-zone off, F7.1).
fn nlb_attributes() -> BTreeMap<String, String> {
    [
        ("access_logs.s3.enabled", "false"),
        ("access_logs.s3.bucket", ""),
        ("access_logs.s3.prefix", ""),
        ("deletion_protection.enabled", "false"),
        ("load_balancing.cross_zone.enabled", "false"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

impl Sim {
    pub(crate) fn create_load_balancer(
        &mut self,
        req: CreateLoadBalancerRequest,
    ) -> Result<LoadBalancersResponse, ApiError> {
        check_name(&req.name, "Load balancer")?;
        if req.name.starts_with("internal-") {
            return Err(validation(
                "Load balancer name cannot begin with 'internal-'",
            ));
        }
        let lb_type = match req.r#type.as_deref() {
            None | Some("application") => LbType::Application,
            Some("network") => LbType::Network,
            Some("gateway") => return Err(ApiError::unsupported(OP_CREATE, "Type gateway")),
            Some(other) => {
                return Err(validation(format!(
                    "Load balancer type '{other}' is not valid: use application or network"
                )));
            }
        };
        let scheme: &'static str = match req.scheme.as_deref() {
            None | Some("internet-facing") => "internet-facing",
            Some("internal") => "internal",
            Some(other) => {
                return Err(validation(format!(
                    "Scheme '{other}' is not valid: use internet-facing or internal"
                )));
            }
        };
        match req.ip_address_type.as_deref() {
            None | Some("ipv4") => {}
            Some(other) => {
                return Err(ApiError::unsupported(
                    OP_CREATE,
                    &format!("IpAddressType {other}"),
                ));
            }
        }
        if req.customer_owned_ipv4_pool.is_some() {
            return Err(ApiError::unsupported(OP_CREATE, "CustomerOwnedIpv4Pool"));
        }
        let subnets: Vec<String> = match (&req.subnets, &req.subnet_mappings) {
            (Some(_), Some(_)) => {
                return Err(validation(
                    "You can specify subnets or subnet mappings, not both",
                ));
            }
            (Some(s), None) => s.clone(),
            (None, Some(m)) => {
                if m.iter().any(|m| {
                    m.allocation_id.is_some()
                        || m.private_ipv4_address.is_some()
                        || m.ipv6_address.is_some()
                }) {
                    return Err(ApiError::unsupported(
                        OP_CREATE,
                        "SubnetMappings with an AllocationId or chosen addresses",
                    ));
                }
                m.iter().map(|m| m.subnet_id.clone()).collect()
            }
            (None, None) => {
                return Err(validation(
                    "At least one subnet must be specified (Subnets or SubnetMappings)",
                ));
            }
        };
        // F18.4: the subnets exist, are in one VPC, one per AZ; an ALB
        // spans at least two AZs.
        let (vpc_id, mut zones) = self.lb_subnets(&subnets)?;
        if lb_type == LbType::Application && zones.len() < 2 {
            return Err(validation(
                "At least two subnets in two different Availability Zones must be specified",
            ));
        }
        zones.sort();
        // F18.5: an ALB's security groups, the VPC's default one when none
        // are given; an NLB's are optional.
        let security_groups = match &req.security_groups {
            Some(groups) => {
                self.check_lb_security_groups(groups, &vpc_id)?;
                groups.clone()
            }
            None if lb_type == LbType::Application => self.vpc_default_groups(&vpc_id),
            None => Vec::new(),
        };
        if let Some(tags) = &req.tags {
            check_tags(tags)?;
        }
        // F18.2: creation is idempotent for the same settings.
        if let Some(existing) = self
            .state
            .elb
            .load_balancers
            .values()
            .find(|lb| lb.name == req.name && lb.lb_type != LbType::Classic)
        {
            let same = existing.lb_type == lb_type
                && existing.scheme == scheme
                && existing
                    .zones
                    .iter()
                    .map(|z| (z.zone.clone(), z.subnet_id.clone()))
                    .eq(zones.iter().cloned())
                && existing.security_groups == security_groups;
            if same {
                return Ok(LoadBalancersResponse {
                    load_balancers: vec![self.load_balancer_shape(existing)],
                    next_marker: None,
                });
            }
            return Err(ApiError::new(
                ErrorCode::DuplicateLoadBalancerNameException,
                format!(
                    "A load balancer with the same name '{}' exists, but with different settings",
                    req.name
                ),
            ));
        }
        if self
            .state
            .elb
            .load_balancers
            .values()
            .filter(|lb| lb.lb_type == lb_type)
            .count()
            >= MAX_LOAD_BALANCERS
        {
            return Err(ApiError::new(
                ErrorCode::TooManyLoadBalancersException,
                format!(
                    "The maximum number of {} load balancers ({MAX_LOAD_BALANCERS}) has been reached",
                    lb_type.as_str()
                ),
            ));
        }
        let id_bits = self.new_hex_id();
        let suffix = &id_bits[..16];
        let arn = self.arns.arn(
            "elasticloadbalancing",
            &format!("loadbalancer/{}/{}/{suffix}", lb_type.short(), req.name),
        );
        let nodes = self.lb_nodes(&zones, &arn, scheme)?;
        let dns_name = self.lb_dns_name(lb_type, scheme, &req.name, &id_bits);
        let record = LoadBalancerRecord {
            arn: arn.clone(),
            name: req.name.clone(),
            lb_type,
            scheme,
            vpc_id,
            zones: nodes,
            security_groups,
            dns_name,
            created_at: self.now,
            active_at: self.now.saturating_add(PROVISIONING),
            usage_nanos: 0,
            usage_per_hour_nanos: 0,
            attributes: match lb_type {
                LbType::Application => alb_attributes(),
                LbType::Network | LbType::Classic => nlb_attributes(),
            },
        };
        self.state.elb.load_balancers.insert(arn.clone(), record);
        self.elb_set_tags(&arn, req.tags);
        Ok(LoadBalancersResponse {
            load_balancers: vec![self.load_balancer_shape(&self.state.elb.load_balancers[&arn])],
            next_marker: None,
        })
    }

    /// F18.4: the subnets exist, are in one VPC, one per AZ: the VPC and
    /// the (zone, subnet) pairs, sorted by zone.
    pub(crate) fn lb_subnets(
        &self,
        subnets: &[String],
    ) -> Result<(String, Vec<(String, String)>), ApiError> {
        let mut zones: Vec<(String, String)> = Vec::new();
        let mut vpc_id: Option<String> = None;
        for s in subnets {
            let Some(subnet) = self.state.subnets.get(s) else {
                return Err(ApiError::new(
                    ErrorCode::SubnetNotFoundException,
                    format!("The subnet ID '{s}' is not valid"),
                ));
            };
            match &vpc_id {
                Some(v) if *v != subnet.vpc_id => {
                    return Err(invalid_config(format!(
                        "Subnets must all be in the same VPC: '{s}' is in '{}', the first subnet in '{v}'",
                        subnet.vpc_id
                    )));
                }
                _ => vpc_id = Some(subnet.vpc_id.clone()),
            }
            if zones.iter().any(|(z, _)| *z == subnet.availability_zone) {
                return Err(invalid_config(format!(
                    "A load balancer cannot be attached to multiple subnets in the same Availability Zone ({})",
                    subnet.availability_zone
                )));
            }
            zones.push((subnet.availability_zone.clone(), s.clone()));
        }
        zones.sort();
        Ok((vpc_id.unwrap_or_default(), zones))
    }

    /// F18.5: the VPC's default security group, for a load balancer
    /// created without groups.
    pub(crate) fn vpc_default_groups(&self, vpc_id: &str) -> Vec<String> {
        self.state
            .security_groups
            .values()
            .filter(|g| {
                g.vpc_id == vpc_id && g.name == crate::ec2::security_group::DEFAULT_GROUP_NAME
            })
            .map(|g| g.id.clone())
            .collect()
    }

    /// A node in each zone, with an address of its subnet (and a public
    /// one when internet-facing).
    pub(crate) fn lb_nodes(
        &mut self,
        zones: &[(String, String)],
        arn: &str,
        scheme: &str,
    ) -> Result<Vec<LbZone>, ApiError> {
        let mut nodes = Vec::new();
        for (zone, subnet) in zones {
            let Some(ip) = self.free_ip(subnet) else {
                return Err(invalid_config(format!(
                    "There are not enough free addresses in subnet '{subnet}' to allocate to the load balancer"
                )));
            };
            nodes.push(LbZone {
                zone: zone.clone(),
                subnet_id: subnet.clone(),
                private_ip: ip,
                public_ip: None,
            });
        }
        if scheme == "internet-facing" {
            for (i, node) in nodes.iter_mut().enumerate() {
                node.public_ip = Some(self.new_public_ip(&format!("{arn}#{i}")));
            }
        }
        Ok(nodes)
    }

    /// F18.3: `<name>-<digits>.<region>.elb.amazonaws.com` for an ALB and a
    /// Classic load balancer (`internal-` first when internal),
    /// `<name>-<16 hex>.elb.<region>.amazonaws.com` for an NLB.
    pub(crate) fn lb_dns_name(
        &self,
        lb_type: LbType,
        scheme: &str,
        name: &str,
        id_bits: &str,
    ) -> String {
        let region = &self.config.region;
        let digits =
            u64::from_str_radix(&id_bits[16..24], 16).unwrap_or(0) % 9_000_000_000 + 1_000_000_000;
        match (lb_type, scheme) {
            (LbType::Network, _) => format!("{name}-{}.elb.{region}.amazonaws.com", &id_bits[..16]),
            (_, "internal") => format!("internal-{name}-{digits}.{region}.elb.amazonaws.com"),
            _ => format!("{name}-{digits}.{region}.elb.amazonaws.com"),
        }
    }

    pub(crate) fn check_lb_security_groups(
        &self,
        groups: &[String],
        vpc_id: &str,
    ) -> Result<(), ApiError> {
        if groups.len() > 5 {
            return Err(validation(
                "A load balancer can have at most 5 security groups",
            ));
        }
        for g in groups {
            match self.state.security_groups.get(g) {
                Some(group) if group.vpc_id == vpc_id => {}
                Some(group) => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidSecurityGroupException,
                        format!(
                            "Security group '{g}' is in '{}', not in the load balancer's VPC '{vpc_id}'",
                            group.vpc_id
                        ),
                    ));
                }
                None => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidSecurityGroupException,
                        format!("One or more security groups are invalid: '{g}' does not exist"),
                    ));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn load_balancer_shape(&self, lb: &LoadBalancerRecord) -> LoadBalancer {
        LoadBalancer {
            load_balancer_arn: lb.arn.clone(),
            dns_name: lb.dns_name.clone(),
            canonical_hosted_zone_id: match lb.lb_type {
                LbType::Application | LbType::Classic => ALB_HOSTED_ZONE,
                LbType::Network => NLB_HOSTED_ZONE,
            },
            created_time: self.iso8601(lb.created_at, Precision::Millis),
            load_balancer_name: lb.name.clone(),
            scheme: lb.scheme,
            vpc_id: lb.vpc_id.clone(),
            state: LoadBalancerState {
                code: if lb.is_active(self.now) {
                    "active"
                } else {
                    "provisioning"
                },
            },
            r#type: lb.lb_type.as_str(),
            availability_zones: lb
                .zones
                .iter()
                .map(|z| AvailabilityZone {
                    zone_name: z.zone.clone(),
                    subnet_id: z.subnet_id.clone(),
                    // NLBs show their node addresses (static per AZ, F7.1).
                    load_balancer_addresses: if lb.lb_type == LbType::Network {
                        vec![LoadBalancerAddress {
                            ip_address: format_ipv4(z.public_ip.unwrap_or(z.private_ip)),
                        }]
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
            security_groups: lb.security_groups.clone(),
            ip_address_type: "ipv4",
        }
    }

    pub(crate) fn load_balancer_arn_checked(
        &self,
        arn: &str,
    ) -> Result<&LoadBalancerRecord, ApiError> {
        self.state
            .elb
            .load_balancers
            .get(arn)
            .filter(|lb| lb.lb_type != LbType::Classic)
            .ok_or_else(lb_not_found)
    }

    pub(crate) fn describe_load_balancers(
        &self,
        req: DescribeLoadBalancersRequest,
    ) -> Result<LoadBalancersResponse, ApiError> {
        let page: PageRequest =
            paging("DescribeLoadBalancers").request(req.page_size, req.marker.as_deref())?;
        if req.load_balancer_arns.is_some() && req.names.is_some() {
            return Err(validation(
                "Load balancer names and load balancer ARNs cannot be specified at the same time",
            ));
        }
        let elb = &self.state.elb;
        let chosen: Vec<&LoadBalancerRecord> = match (&req.load_balancer_arns, &req.names) {
            (Some(arns), _) => {
                let mut out = Vec::new();
                for a in arns {
                    out.push(self.load_balancer_arn_checked(a)?);
                }
                out
            }
            (None, Some(names)) => {
                let mut out = Vec::new();
                for n in names {
                    out.push(
                        elb.load_balancers
                            .values()
                            .find(|lb| lb.name == *n && lb.lb_type != LbType::Classic)
                            .ok_or_else(|| {
                                ApiError::new(
                                    ErrorCode::LoadBalancerNotFoundException,
                                    format!("Load balancers '[{n}]' not found"),
                                )
                            })?,
                    );
                }
                out
            }
            (None, None) => elb
                .load_balancers
                .values()
                .filter(|lb| lb.lb_type != LbType::Classic)
                .collect(),
        };
        let (items, next_marker) = page.page(
            chosen
                .into_iter()
                .map(|lb| (lb.arn.clone(), self.load_balancer_shape(lb))),
        );
        Ok(LoadBalancersResponse {
            load_balancers: items,
            next_marker,
        })
    }

    /// Deleting a load balancer deletes its listeners and rules; its
    /// target groups stay (no longer in use). Deleting one that does not
    /// exist succeeds (the API reference: "If the load balancer does not
    /// exist or has already been deleted, the call succeeds").
    pub(crate) fn delete_load_balancer(
        &mut self,
        req: LoadBalancerArnRequest,
    ) -> Result<ElbEmpty, ApiError> {
        let Some(lb) = self
            .state
            .elb
            .load_balancers
            .get(&req.load_balancer_arn)
            .filter(|lb| lb.lb_type != LbType::Classic)
        else {
            if !req.load_balancer_arn.starts_with("arn:") {
                return Err(validation(format!(
                    "'{}' is not a valid load balancer ARN",
                    req.load_balancer_arn
                )));
            }
            return Ok(ElbEmpty {});
        };
        if lb
            .attributes
            .get("deletion_protection.enabled")
            .map(String::as_str)
            == Some("true")
        {
            return Err(ApiError::new(
                ErrorCode::OperationNotPermittedException,
                format!(
                    "Load balancer '{}' cannot be deleted because deletion protection is enabled",
                    lb.arn
                ),
            ));
        }
        let arn = lb.arn.clone();
        let listeners: Vec<String> = self
            .state
            .elb
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == arn)
            .map(|l| l.arn.clone())
            .collect();
        for l in &listeners {
            self.remove_listener(l);
        }
        self.retire_load_balancer_cost(&arn);
        self.state.elb.load_balancers.remove(&arn);
        self.state.elb.tags.remove(&arn);
        self.elb_usage_changed();
        Ok(ElbEmpty {})
    }

    pub(crate) fn set_security_groups(
        &mut self,
        req: SetSecurityGroupsRequest,
    ) -> Result<SetSecurityGroupsResponse, ApiError> {
        if req
            .enforce_security_group_inbound_rules_on_private_link_traffic
            .is_some()
        {
            return Err(ApiError::unsupported(
                "SetSecurityGroups",
                "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
            ));
        }
        let lb = self.load_balancer_arn_checked(&req.load_balancer_arn)?;
        let vpc = lb.vpc_id.clone();
        if lb.lb_type == LbType::Network && lb.security_groups.is_empty() {
            // NLBUG: security groups can only be added to an NLB created
            // with at least one.
            return Err(invalid_config(
                "You cannot set security groups on a Network Load Balancer which was created without any security groups.",
            ));
        }
        if lb.lb_type == LbType::Application && req.security_groups.is_empty() {
            return Err(validation(
                "An Application Load Balancer needs at least one security group",
            ));
        }
        self.check_lb_security_groups(&req.security_groups, &vpc)?;
        if let Some(lb) = self
            .state
            .elb
            .load_balancers
            .get_mut(&req.load_balancer_arn)
        {
            lb.security_groups = req.security_groups.clone();
        }
        self.rearm_targets(None);
        Ok(SetSecurityGroupsResponse {
            security_group_ids: req.security_groups,
        })
    }

    pub(crate) fn describe_load_balancer_attributes(
        &self,
        req: LoadBalancerArnRequest,
    ) -> Result<AttributesResponse, ApiError> {
        let lb = self.load_balancer_arn_checked(&req.load_balancer_arn)?;
        Ok(AttributesResponse {
            attributes: attributes_shape(&lb.attributes),
        })
    }

    pub(crate) fn modify_load_balancer_attributes(
        &mut self,
        req: ModifyLoadBalancerAttributesRequest,
    ) -> Result<AttributesResponse, ApiError> {
        let lb = self.load_balancer_arn_checked(&req.load_balancer_arn)?;
        let mut attributes = lb.attributes.clone();
        for a in &req.attributes {
            if !attributes.contains_key(&a.key) {
                return Err(invalid_config(format!(
                    "Load balancer attribute key '{}' is not recognized",
                    a.key
                )));
            }
            check_lb_attribute(lb.lb_type, &a.key, &a.value)?;
            attributes.insert(a.key.clone(), a.value.clone());
        }
        let shape = attributes_shape(&attributes);
        if let Some(lb) = self
            .state
            .elb
            .load_balancers
            .get_mut(&req.load_balancer_arn)
        {
            lb.attributes = attributes;
        }
        Ok(AttributesResponse { attributes: shape })
    }

    /// The addresses a load balancer's DNS name resolves to (none while it
    /// provisions): public ones for an internet-facing load balancer,
    /// private ones for an internal one (F18.3), one per zone.
    pub fn resolve_host(&self, host: &str) -> Option<Vec<u32>> {
        // DNS names are case-insensitive.
        let lb = self
            .state
            .elb
            .load_balancers
            .values()
            .find(|lb| lb.dns_name.eq_ignore_ascii_case(host))?;
        if !lb.is_active(self.now) {
            return Some(Vec::new());
        }
        Some(
            lb.zones
                .iter()
                .map(|z| z.public_ip.unwrap_or(z.private_ip))
                .collect(),
        )
    }
}

pub(super) fn attributes_shape(attributes: &BTreeMap<String, String>) -> Vec<Attribute> {
    attributes
        .iter()
        .map(|(k, v)| Attribute {
            key: k.clone(),
            value: v.clone(),
        })
        .collect()
}

fn bool_value(key: &str, value: &str) -> Result<(), ApiError> {
    if value == "true" || value == "false" {
        Ok(())
    } else {
        Err(validation(format!(
            "'{key}' must be 'true' or 'false'; '{value}' was given"
        )))
    }
}

fn check_lb_attribute(lb_type: LbType, key: &str, value: &str) -> Result<(), ApiError> {
    match key {
        "deletion_protection.enabled"
        | "routing.http2.enabled"
        | "routing.http.drop_invalid_header_fields.enabled" => bool_value(key, value),
        "idle_timeout.timeout_seconds" => match value.parse::<u32>() {
            Ok(n) if (1..=4000).contains(&n) => Ok(()),
            _ => Err(validation(format!(
                "'idle_timeout.timeout_seconds' value '{value}' must be between '1-4000' inclusive"
            ))),
        },
        "load_balancing.cross_zone.enabled" => {
            bool_value(key, value)?;
            if lb_type == LbType::Application && value == "false" {
                // F7.1: always on for ALBs.
                return Err(invalid_config(
                    "Cross-zone load balancing is always enabled for Application Load Balancers",
                ));
            }
            Ok(())
        }
        "access_logs.s3.enabled" => {
            bool_value(key, value)?;
            if value == "true" {
                return Err(ApiError::unsupported(
                    "ModifyLoadBalancerAttributes",
                    "access logs (the simulator has no S3 yet)",
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
