//! Target groups: CreateTargetGroup, DescribeTargetGroups,
//! ModifyTargetGroup, DeleteTargetGroup, their attributes, and their
//! targets: RegisterTargets, DeregisterTargets, DescribeTargetHealth.

use super::load_balancer::attributes_shape;
use super::*;
use crate::base::ipv4::parse_ipv4;
use crate::sim::{Sim, Timer};
use crate::time::SimTime;

const OP_CREATE: &str = "CreateTargetGroup";

/// F7.3/F7.4: a protocol's health-check defaults.
fn default_health(tg_protocol: &str, hc_protocol: &str) -> HealthCheck {
    let http = hc_protocol == "HTTP" || hc_protocol == "HTTPS";
    let alb = tg_protocol == "HTTP" || tg_protocol == "HTTPS";
    HealthCheck {
        enabled: true,
        protocol: hc_protocol.to_owned(),
        port: "traffic-port".to_owned(),
        path: http.then(|| "/".to_owned()),
        interval_seconds: 30,
        timeout_seconds: match (alb, http) {
            (true, _) => 5,
            (false, true) if hc_protocol == "HTTP" => 6,
            (false, _) => 10,
        },
        healthy_threshold: 5,
        unhealthy_threshold: 2,
        matcher: http.then(|| if alb { "200" } else { "200-399" }.to_owned()),
    }
}

/// F7.6: the attributes a new target group starts with.
fn default_attributes(protocol: &str, target_type: &str) -> BTreeMap<String, String> {
    let pairs: Vec<(&str, &str)> = if protocol == "HTTP" || protocol == "HTTPS" {
        vec![
            ("deregistration_delay.timeout_seconds", "300"),
            ("load_balancing.algorithm.type", "round_robin"),
            ("load_balancing.algorithm.anomaly_mitigation", "off"),
            (
                "load_balancing.cross_zone.enabled",
                "use_load_balancer_configuration",
            ),
            ("slow_start.duration_seconds", "0"),
            ("stickiness.enabled", "false"),
            ("stickiness.type", "lb_cookie"),
            ("stickiness.lb_cookie.duration_seconds", "86400"),
            ("stickiness.app_cookie.cookie_name", ""),
            ("stickiness.app_cookie.duration_seconds", "86400"),
        ]
    } else {
        vec![
            ("deregistration_delay.timeout_seconds", "300"),
            (
                "deregistration_delay.connection_termination.enabled",
                "false",
            ),
            (
                "load_balancing.cross_zone.enabled",
                "use_load_balancer_configuration",
            ),
            // F7.6 (NLBUG): off by default for ip targets over TCP/TLS.
            (
                "preserve_client_ip.enabled",
                if target_type == "ip" { "false" } else { "true" },
            ),
            ("proxy_protocol_v2.enabled", "false"),
            ("stickiness.enabled", "false"),
            ("stickiness.type", "source_ip"),
        ]
    };
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn int_in(value: i64, min: i64, max: i64, what: &str) -> Result<u32, ApiError> {
    if (min..=max).contains(&value) {
        Ok(value as u32)
    } else {
        Err(validation(format!(
            "{what} '{value}' must be between '{min}' and '{max}' inclusive"
        )))
    }
}

/// A matcher: codes and ranges (`200`, `200,202`, `200-299`) within
/// `min`–`max`.
fn check_matcher(code: &str, min: u16, max: u16) -> Result<(), ApiError> {
    let bad = || {
        validation(format!(
            "Health check matcher HTTP code '{code}' must be a code, a list of codes ('200,202') or a range ('200-299') between {min} and {max}"
        ))
    };
    if code.is_empty() {
        return Err(bad());
    }
    for part in code.split(',') {
        let (lo, hi) = part.split_once('-').unwrap_or((part, part));
        let lo: u16 = lo.trim().parse().map_err(|_| bad())?;
        let hi: u16 = hi.trim().parse().map_err(|_| bad())?;
        if lo < min || hi > max || lo > hi {
            return Err(bad());
        }
    }
    Ok(())
}

/// Whether `status` matches a matcher (already checked).
pub(crate) fn matcher_matches(code: &str, status: u16) -> bool {
    code.split(',').any(|part| {
        let (lo, hi) = part.split_once('-').unwrap_or((part, part));
        match (lo.trim().parse::<u16>(), hi.trim().parse::<u16>()) {
            (Ok(lo), Ok(hi)) => (lo..=hi).contains(&status),
            _ => false,
        }
    })
}

/// The health-check settings a request asks for, on top of `base`.
#[allow(clippy::too_many_arguments)]
fn merged_health(
    base: &HealthCheck,
    tg_protocol: &str,
    protocol: Option<&str>,
    port: Option<&str>,
    path: Option<&str>,
    enabled: Option<bool>,
    interval: Option<i64>,
    timeout: Option<i64>,
    healthy: Option<i64>,
    unhealthy: Option<i64>,
    matcher: Option<&Matcher>,
) -> Result<HealthCheck, ApiError> {
    let alb = tg_protocol == "HTTP" || tg_protocol == "HTTPS";
    let mut h = base.clone();
    if let Some(p) = protocol {
        let allowed: &[&str] = if alb {
            &["HTTP", "HTTPS"]
        } else {
            &["TCP", "HTTP", "HTTPS"]
        };
        if !allowed.contains(&p) {
            return Err(validation(format!(
                "Health check protocol '{p}' is not supported for target groups with the {tg_protocol} protocol: use {}",
                allowed.join(", ")
            )));
        }
        if p != h.protocol {
            // A change of protocol brings that protocol's defaults.
            let d = default_health(tg_protocol, p);
            h.protocol = d.protocol;
            h.path = d.path;
            h.matcher = d.matcher;
            h.timeout_seconds = d.timeout_seconds;
        }
    }
    let http = h.protocol == "HTTP" || h.protocol == "HTTPS";
    if let Some(p) = port {
        if p != "traffic-port" {
            match p.parse::<i64>() {
                Ok(n) => {
                    super::port(n, "Health check port")?;
                }
                Err(_) => {
                    return Err(validation(format!(
                        "Health check port '{p}' must be 'traffic-port' or a port number"
                    )));
                }
            }
        }
        h.port = p.to_owned();
    }
    if let Some(p) = path {
        if !http {
            return Err(invalid_config(
                "Health check path is only supported for HTTP and HTTPS health checks",
            ));
        }
        if !p.starts_with('/') || p.len() > 1024 {
            return Err(validation(format!(
                "Health check path '{p}' must begin with a '/' and be at most 1024 characters long"
            )));
        }
        h.path = Some(p.to_owned());
    }
    if let Some(e) = enabled {
        h.enabled = e;
    }
    if let Some(i) = interval {
        h.interval_seconds = int_in(i, 5, 300, "Health check interval")?;
    }
    if let Some(t) = timeout {
        h.timeout_seconds = int_in(t, 2, 120, "Health check timeout")?;
    }
    if let Some(n) = healthy {
        h.healthy_threshold = int_in(n, 2, 10, "Healthy threshold count")?;
    }
    if let Some(n) = unhealthy {
        h.unhealthy_threshold = int_in(n, 2, 10, "Unhealthy threshold count")?;
    }
    if h.timeout_seconds >= h.interval_seconds {
        // F18.1 [CODE] moto's wording.
        return Err(validation(format!(
            "Health check timeout '{}' must be smaller than the interval '{}'",
            h.timeout_seconds, h.interval_seconds
        )));
    }
    if let Some(m) = matcher {
        if m.grpc_code.is_some() {
            return Err(ApiError::unsupported(OP_CREATE, "Matcher GrpcCode"));
        }
        let Some(code) = &m.http_code else {
            return Err(validation("Matcher needs an HttpCode"));
        };
        if !http {
            return Err(invalid_config(
                "A matcher is only supported for HTTP and HTTPS health checks",
            ));
        }
        if alb {
            check_matcher(code, 200, 499)?;
        } else {
            check_matcher(code, 200, 599)?;
        }
        h.matcher = Some(code.clone());
    }
    Ok(h)
}

impl Sim {
    pub(crate) fn create_target_group(
        &mut self,
        req: CreateTargetGroupRequest,
    ) -> Result<TargetGroupsResponse, ApiError> {
        check_name(&req.name, "Target group")?;
        let target_type: &'static str = match req.target_type.as_deref() {
            None | Some("instance") => "instance",
            Some("ip") => "ip",
            Some(t @ ("lambda" | "alb")) => {
                return Err(ApiError::unsupported(OP_CREATE, &format!("TargetType {t}")));
            }
            Some(other) => {
                return Err(validation(format!(
                    "Target type '{other}' is not valid: use instance or ip"
                )));
            }
        };
        if req.ip_address_type.as_deref().is_some_and(|t| t != "ipv4") {
            return Err(ApiError::unsupported(OP_CREATE, "IpAddressType ipv6"));
        }
        let Some(protocol) = req.protocol.clone() else {
            return Err(validation(
                "A protocol must be specified for target groups of type instance or ip",
            ));
        };
        match protocol.as_str() {
            "HTTP" | "TCP" => {}
            "HTTPS" | "TLS" | "UDP" | "TCP_UDP" | "GENEVE" | "QUIC" | "TCP_QUIC" => {
                return Err(ApiError::unsupported(
                    OP_CREATE,
                    &format!("Protocol {protocol}"),
                ));
            }
            other => {
                return Err(validation(format!(
                    "Protocol '{other}' is not valid: use HTTP (Application Load Balancers) or TCP (Network Load Balancers)"
                )));
            }
        }
        if let Some(v) = &req.protocol_version
            && v != "HTTP1"
        {
            return Err(ApiError::unsupported(
                OP_CREATE,
                &format!("ProtocolVersion {v}"),
            ));
        }
        let Some(port) = req.port else {
            return Err(validation(
                "A port must be specified for target groups of type instance or ip",
            ));
        };
        let port = super::port(port, "Port")?;
        let Some(vpc_id) = req.vpc_id.clone() else {
            return Err(validation(
                "A VPC ID must be specified for target groups of type instance or ip",
            ));
        };
        if !self.state.vpcs.contains_key(&vpc_id) {
            return Err(validation(format!("The VPC ID '{vpc_id}' is not found")));
        }
        let base_protocol = if protocol == "HTTP" { "HTTP" } else { "TCP" };
        let base = default_health(&protocol, base_protocol);
        let health = merged_health(
            &base,
            &protocol,
            req.health_check_protocol.as_deref(),
            req.health_check_port.as_deref(),
            req.health_check_path.as_deref(),
            req.health_check_enabled,
            req.health_check_interval_seconds,
            req.health_check_timeout_seconds,
            req.healthy_threshold_count,
            req.unhealthy_threshold_count,
            req.matcher.as_ref(),
        )?;
        if let Some(tags) = &req.tags {
            check_tags(tags)?;
        }
        if let Some(existing) = self
            .state
            .elb
            .target_groups
            .values()
            .find(|t| t.name == req.name)
        {
            let same = existing.protocol == protocol
                && existing.port == port
                && existing.vpc_id == vpc_id
                && existing.target_type == target_type
                && existing.health == health;
            if same {
                return Ok(TargetGroupsResponse {
                    target_groups: vec![self.target_group_shape(existing)],
                    next_marker: None,
                });
            }
            return Err(ApiError::new(
                ErrorCode::DuplicateTargetGroupNameException,
                format!(
                    "A target group with the same name '{}' exists, but with different settings",
                    req.name
                ),
            ));
        }
        if self.state.elb.target_groups.len() >= MAX_TARGET_GROUPS {
            return Err(ApiError::new(
                ErrorCode::TooManyTargetGroupsException,
                format!(
                    "The maximum number of target groups ({MAX_TARGET_GROUPS}) has been reached"
                ),
            ));
        }
        let id = self.new_hex_id();
        let arn = self.arns.arn(
            "elasticloadbalancing",
            &format!("targetgroup/{}/{}", req.name, &id[..16]),
        );
        let record = TargetGroupRecord {
            arn: arn.clone(),
            name: req.name.clone(),
            protocol: protocol.clone(),
            port,
            vpc_id,
            target_type,
            health,
            attributes: default_attributes(&protocol, target_type),
            targets: Vec::new(),
            rotation: 0,
            created_at: self.now,
            classic: false,
        };
        self.state.elb.target_groups.insert(arn.clone(), record);
        self.elb_set_tags(&arn, req.tags);
        Ok(TargetGroupsResponse {
            target_groups: vec![self.target_group_shape(&self.state.elb.target_groups[&arn])],
            next_marker: None,
        })
    }

    pub(crate) fn target_group_shape(&self, tg: &TargetGroupRecord) -> TargetGroup {
        TargetGroup {
            target_group_arn: tg.arn.clone(),
            target_group_name: tg.name.clone(),
            protocol: tg.protocol.clone(),
            port: tg.port,
            vpc_id: tg.vpc_id.clone(),
            health_check_protocol: tg.health.protocol.clone(),
            health_check_port: tg.health.port.clone(),
            health_check_enabled: tg.health.enabled,
            health_check_interval_seconds: tg.health.interval_seconds,
            health_check_timeout_seconds: tg.health.timeout_seconds,
            healthy_threshold_count: tg.health.healthy_threshold,
            unhealthy_threshold_count: tg.health.unhealthy_threshold,
            health_check_path: tg.health.path.clone(),
            matcher: tg.health.matcher.clone().map(|c| Matcher {
                http_code: Some(c),
                grpc_code: None,
            }),
            load_balancer_arns: self.state.elb.load_balancers_of(&tg.arn),
            target_type: tg.target_type,
            protocol_version: (tg.protocol == "HTTP").then_some("HTTP1"),
            ip_address_type: "ipv4",
        }
    }

    pub(crate) fn target_group_checked(&self, arn: &str) -> Result<&TargetGroupRecord, ApiError> {
        self.state
            .elb
            .target_groups
            .get(arn)
            .filter(|tg| !tg.classic)
            .ok_or_else(tg_not_found)
    }

    pub(crate) fn describe_target_groups(
        &self,
        req: DescribeTargetGroupsRequest,
    ) -> Result<TargetGroupsResponse, ApiError> {
        let page = paging("DescribeTargetGroups").request(req.page_size, req.marker.as_deref())?;
        let given = [
            req.load_balancer_arn.is_some(),
            req.target_group_arns.is_some(),
            req.names.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given > 1 {
            return Err(validation(
                "Only one of LoadBalancerArn, TargetGroupArns and Names can be specified",
            ));
        }
        let elb = &self.state.elb;
        let chosen: Vec<&TargetGroupRecord> = if let Some(lb) = &req.load_balancer_arn {
            self.load_balancer_arn_checked(lb)?;
            elb.target_groups
                .values()
                .filter(|tg| !tg.classic && elb.load_balancers_of(&tg.arn).contains(lb))
                .collect()
        } else if let Some(arns) = &req.target_group_arns {
            let mut out = Vec::new();
            for a in arns {
                out.push(self.target_group_checked(a)?);
            }
            out
        } else if let Some(names) = &req.names {
            let mut out = Vec::new();
            for n in names {
                out.push(
                    elb.target_groups
                        .values()
                        .find(|t| t.name == *n && !t.classic)
                        .ok_or_else(|| {
                            ApiError::new(
                                ErrorCode::TargetGroupNotFoundException,
                                format!("Target groups '[{n}]' not found"),
                            )
                        })?,
                );
            }
            out
        } else {
            elb.target_groups.values().filter(|t| !t.classic).collect()
        };
        let (items, next_marker) = page.page(
            chosen
                .into_iter()
                .map(|tg| (tg.arn.clone(), self.target_group_shape(tg))),
        );
        Ok(TargetGroupsResponse {
            target_groups: items,
            next_marker,
        })
    }

    pub(crate) fn modify_target_group(
        &mut self,
        req: ModifyTargetGroupRequest,
    ) -> Result<TargetGroupsResponse, ApiError> {
        let tg = self.target_group_checked(&req.target_group_arn)?;
        let health = merged_health(
            &tg.health,
            &tg.protocol,
            req.health_check_protocol.as_deref(),
            req.health_check_port.as_deref(),
            req.health_check_path.as_deref(),
            req.health_check_enabled,
            req.health_check_interval_seconds,
            req.health_check_timeout_seconds,
            req.healthy_threshold_count,
            req.unhealthy_threshold_count,
            req.matcher.as_ref(),
        )?;
        if let Some(tg) = self.state.elb.target_groups.get_mut(&req.target_group_arn) {
            tg.health = health;
        }
        self.rearm_targets(Some(&req.target_group_arn));
        let tg = &self.state.elb.target_groups[&req.target_group_arn];
        Ok(TargetGroupsResponse {
            target_groups: vec![self.target_group_shape(tg)],
            next_marker: None,
        })
    }

    /// A target group a listener or rule uses cannot be deleted
    /// (ResourceInUse); one that does not exist is no error (the API has
    /// no not-found error for it).
    pub(crate) fn delete_target_group(
        &mut self,
        req: TargetGroupArnRequest,
    ) -> Result<ElbEmpty, ApiError> {
        if !self
            .state
            .elb
            .target_groups
            .contains_key(&req.target_group_arn)
        {
            return Ok(ElbEmpty {});
        }
        if !self
            .state
            .elb
            .load_balancers_of(&req.target_group_arn)
            .is_empty()
        {
            return Err(ApiError::new(
                ErrorCode::ResourceInUse,
                format!(
                    "Target group '{}' is currently in use by a listener or a rule",
                    req.target_group_arn
                ),
            ));
        }
        self.state.elb.target_groups.remove(&req.target_group_arn);
        self.state.elb.tags.remove(&req.target_group_arn);
        Ok(ElbEmpty {})
    }

    pub(crate) fn describe_target_group_attributes(
        &self,
        req: TargetGroupArnRequest,
    ) -> Result<AttributesResponse, ApiError> {
        let tg = self.target_group_checked(&req.target_group_arn)?;
        Ok(AttributesResponse {
            attributes: attributes_shape(&tg.attributes),
        })
    }

    pub(crate) fn modify_target_group_attributes(
        &mut self,
        req: ModifyTargetGroupAttributesRequest,
    ) -> Result<AttributesResponse, ApiError> {
        let tg = self.target_group_checked(&req.target_group_arn)?;
        let mut attributes = tg.attributes.clone();
        for a in &req.attributes {
            if !attributes.contains_key(&a.key) {
                return Err(validation(format!(
                    "Target group attribute key '{}' is not recognized",
                    a.key
                )));
            }
            check_tg_attribute(&a.key, &a.value)?;
            attributes.insert(a.key.clone(), a.value.clone());
        }
        // F7.6: slow start cannot be combined with least outstanding
        // requests.
        if attributes
            .get("slow_start.duration_seconds")
            .is_some_and(|v| v != "0")
            && attributes
                .get("load_balancing.algorithm.type")
                .map(String::as_str)
                == Some("least_outstanding_requests")
        {
            return Err(invalid_config(
                "Slow start mode cannot be enabled with the least outstanding requests algorithm",
            ));
        }
        // F7.6: cookies are HTTP's (lb_cookie, app_cookie), source_ip is
        // the NLB's; app_cookie names the application's cookie.
        let get = |k: &str| attributes.get(k).map(String::as_str).unwrap_or("");
        if get("stickiness.enabled") == "true" {
            let kind = get("stickiness.type");
            let http = tg.protocol == "HTTP" || tg.protocol == "HTTPS";
            if http == (kind == "source_ip") {
                return Err(validation(format!(
                    "Stickiness type '{kind}' is not supported for target groups with the {} protocol",
                    tg.protocol
                )));
            }
            if kind == "app_cookie" && get("stickiness.app_cookie.cookie_name").is_empty() {
                return Err(validation(
                    "'stickiness.app_cookie.cookie_name' must be specified with the app_cookie stickiness type",
                ));
            }
        }
        let shape = attributes_shape(&attributes);
        if let Some(tg) = self.state.elb.target_groups.get_mut(&req.target_group_arn) {
            tg.attributes = attributes;
        }
        Ok(AttributesResponse { attributes: shape })
    }

    /// Checks targets for a group: instances running in its VPC, or
    /// addresses in its VPC's block; the port defaults to the group's.
    fn checked_targets(
        &self,
        tg: &TargetGroupRecord,
        targets: &[TargetDescription],
    ) -> Result<Vec<(String, u16)>, ApiError> {
        let mut out = Vec::new();
        for t in targets {
            if t.availability_zone.is_some() {
                return Err(ApiError::unsupported(
                    "RegisterTargets",
                    "AvailabilityZone (targets outside the VPC)",
                ));
            }
            let port = target_port(tg, t)?;
            if tg.target_type == "instance" {
                let Some(instance) = self.state.instances.get(&t.id) else {
                    return Err(ApiError::new(
                        ErrorCode::InvalidTargetException,
                        format!("The following targets are not valid instances: '{}'", t.id),
                    ));
                };
                if instance.state != crate::ec2::instance::InstanceState::Running {
                    return Err(ApiError::new(
                        ErrorCode::InvalidTargetException,
                        format!(
                            "The following targets are not in a running state and cannot be registered: '{}'",
                            t.id
                        ),
                    ));
                }
                let vpc = self
                    .state
                    .subnets
                    .get(&instance.subnet_id)
                    .map(|s| s.vpc_id.as_str());
                if vpc != Some(tg.vpc_id.as_str()) {
                    return Err(ApiError::new(
                        ErrorCode::InvalidTargetException,
                        format!(
                            "The following targets are not in the target group VPC '{}': '{}'",
                            tg.vpc_id, t.id
                        ),
                    ));
                }
            } else {
                let Some(ip) = parse_ipv4(&t.id) else {
                    return Err(ApiError::new(
                        ErrorCode::InvalidTargetException,
                        format!(
                            "The IP address '{}' is not a valid IPv4 address (the target group's target type is ip)",
                            t.id
                        ),
                    ));
                };
                let in_vpc = self
                    .state
                    .vpcs
                    .get(&tg.vpc_id)
                    .is_some_and(|v| v.cidr.contains_ip(ip));
                if !in_vpc {
                    return Err(ApiError::new(
                        ErrorCode::InvalidTargetException,
                        format!(
                            "The IP address '{}' is not within the CIDR block of the target group's VPC '{}'",
                            t.id, tg.vpc_id
                        ),
                    ));
                }
            }
            out.push((t.id.clone(), port));
        }
        Ok(out)
    }

    pub(crate) fn register_targets(&mut self, req: TargetsRequest) -> Result<ElbEmpty, ApiError> {
        let tg = self.target_group_checked(&req.target_group_arn)?;
        if req.targets.is_empty() {
            return Err(validation("At least one target must be specified"));
        }
        let targets = self.checked_targets(tg, &req.targets)?;
        let new = targets
            .iter()
            .filter(|(id, port)| !tg.targets.iter().any(|t| t.id == *id && t.port == *port))
            .count();
        if tg.targets.len() + new > MAX_TARGETS {
            return Err(ApiError::new(
                ErrorCode::TooManyTargetsException,
                format!("A target group can have at most {MAX_TARGETS} targets"),
            ));
        }
        for (id, port) in targets {
            self.register_target(&req.target_group_arn, &id, port, None);
        }
        Ok(ElbEmpty {})
    }

    /// Registers one target (checked): a new or draining target starts
    /// `initial`, with its first health check now (MODEL); one already
    /// registered is left as it is.
    pub(crate) fn register_target(
        &mut self,
        tg_arn: &str,
        id: &str,
        port: u16,
        task: Option<&str>,
    ) {
        let now = self.now;
        let generation = self.state.next_id;
        self.state.next_id += 1;
        if task.is_none() {
            self.state.elb.hand_registered = true;
        }
        let task_cpu = task.and_then(|a| self.state.tasks.get(a)).map(|t| t.cpu);
        let Some(tg) = self.state.elb.target_groups.get_mut(tg_arn) else {
            return;
        };
        if let Some(t) = tg.targets.iter_mut().find(|t| t.port == port && t.id == id) {
            if t.state != TargetState::Draining {
                return;
            }
            *t = new_target(id, port, now, generation, task);
            t.task_cpu = task_cpu;
        } else {
            let mut t = new_target(id, port, now, generation, task);
            t.task_cpu = task_cpu;
            tg.targets.push(t);
        }
        self.schedule(
            SimDuration(0),
            Timer::TargetHealthCheck {
                target_group_arn: tg_arn.to_owned(),
                id: id.to_owned(),
                port,
                generation,
            },
        );
    }

    pub(crate) fn deregister_targets(&mut self, req: TargetsRequest) -> Result<ElbEmpty, ApiError> {
        let tg = self.target_group_checked(&req.target_group_arn)?;
        if req.targets.is_empty() {
            return Err(validation("At least one target must be specified"));
        }
        let mut chosen = Vec::new();
        for t in &req.targets {
            let port = target_port(tg, t)?;
            let registered = tg
                .targets
                .iter()
                .any(|r| r.id == t.id && r.port == port && r.state != TargetState::Draining);
            if !registered {
                return Err(ApiError::new(
                    ErrorCode::InvalidTargetException,
                    format!(
                        "The following targets are not registered in target group '{}': '{}:{port}'",
                        tg.name, t.id
                    ),
                ));
            }
            chosen.push((t.id.clone(), port));
        }
        for (id, port) in chosen {
            self.deregister_target(&req.target_group_arn, &id, port);
        }
        Ok(ElbEmpty {})
    }

    /// Starts draining one target (F7.6: `draining` for the group's
    /// deregistration delay, then gone). Returns the delay.
    pub(crate) fn deregister_target(&mut self, tg_arn: &str, id: &str, port: u16) -> SimDuration {
        let now = self.now;
        let Some(tg) = self.state.elb.target_groups.get_mut(tg_arn) else {
            return SimDuration(0);
        };
        let delay = SimDuration::seconds(
            tg.attributes
                .get("deregistration_delay.timeout_seconds")
                .and_then(|v| v.parse().ok())
                .unwrap_or(300),
        );
        let Some(pos) = tg
            .targets
            .iter()
            .position(|t| t.port == port && t.state != TargetState::Draining && t.id == id)
        else {
            return SimDuration(0);
        };
        if delay.0 == 0 {
            tg.targets.remove(pos);
            return delay;
        }
        let t = &mut tg.targets[pos];
        t.state = TargetState::Draining;
        t.reason = Some((
            "Target.DeregistrationInProgress",
            "Target deregistration is in progress".to_owned(),
        ));
        t.drain_until = Some(now.saturating_add(delay));
        let generation = t.generation;
        self.schedule(
            delay,
            Timer::TargetDrained {
                target_group_arn: tg_arn.to_owned(),
                id: id.to_owned(),
                port,
                generation,
            },
        );
        delay
    }

    /// Timer: a draining target's deregistration delay is over.
    pub(crate) fn target_drained(&mut self, tg_arn: &str, id: &str, port: u16, generation: u64) {
        if let Some(tg) = self.state.elb.target_groups.get_mut(tg_arn) {
            tg.targets.retain(|t| {
                !(t.generation == generation
                    && t.port == port
                    && t.id == id
                    && t.state == TargetState::Draining)
            });
        }
    }

    pub(crate) fn describe_target_health(
        &self,
        req: DescribeTargetHealthRequest,
    ) -> Result<DescribeTargetHealthResponse, ApiError> {
        let tg = self.target_group_checked(&req.target_group_arn)?;
        if let Some(include) = &req.include
            && !include.is_empty()
        {
            return Err(ApiError::unsupported(
                "DescribeTargetHealth",
                "Include (anomaly detection)",
            ));
        }
        let descriptions = match &req.targets {
            Some(asked) => {
                let mut out = Vec::new();
                for t in asked {
                    let port = target_port(tg, t)?;
                    if tg.target_type == "ip" && parse_ipv4(&t.id).is_none()
                        || tg.target_type == "instance" && !t.id.starts_with("i-")
                    {
                        return Err(ApiError::new(
                            ErrorCode::InvalidTargetException,
                            format!(
                                "The target '{}' is not valid for a target group of type {}",
                                t.id, tg.target_type
                            ),
                        ));
                    }
                    match tg.targets.iter().find(|r| r.id == t.id && r.port == port) {
                        Some(r) => out.push(self.target_health_shape(tg, r)),
                        None => out.push(TargetHealthDescription {
                            target: TargetDescription {
                                id: t.id.clone(),
                                port: Some(i64::from(port)),
                                availability_zone: None,
                            },
                            health_check_port: health_port(tg, port),
                            target_health: TargetHealth {
                                state: "unused",
                                reason: Some("Target.NotRegistered"),
                                description: Some(
                                    "Target is not registered to the target group".to_owned(),
                                ),
                            },
                        }),
                    }
                }
                out
            }
            None => tg
                .targets
                .iter()
                .map(|r| self.target_health_shape(tg, r))
                .collect(),
        };
        Ok(DescribeTargetHealthResponse {
            target_health_descriptions: descriptions,
        })
    }

    /// A target's health as DescribeTargetHealth shows it: `unused` when no
    /// load balancer uses the group or the target's zone is not enabled,
    /// `unavailable` with health checks off, else what the checks found.
    pub(crate) fn target_health_of(
        &self,
        tg: &TargetGroupRecord,
        t: &TargetRecord,
    ) -> (&'static str, Option<&'static str>, Option<String>) {
        if t.state == TargetState::Draining {
            return (
                "draining",
                t.reason.as_ref().map(|r| r.0),
                t.reason.as_ref().map(|r| r.1.clone()),
            );
        }
        let lbs = self.state.elb.load_balancers_of(&tg.arn);
        if lbs.is_empty() {
            return (
                "unused",
                Some("Target.NotInUse"),
                Some(
                    "Target group is not configured to receive traffic from the load balancer"
                        .to_owned(),
                ),
            );
        }
        if let Some(zone) = self.target_zone(tg, &t.id)
            && !lbs.iter().any(|lb| {
                self.state
                    .elb
                    .load_balancers
                    .get(lb)
                    .is_some_and(|lb| lb.zones.iter().any(|z| z.zone == zone))
            })
        {
            return (
                "unused",
                Some("Target.NotInUse"),
                Some(
                    "Target is in an Availability Zone that is not enabled for the load balancer"
                        .to_owned(),
                ),
            );
        }
        if !tg.health.enabled {
            return (
                "unavailable",
                Some("Target.HealthCheckDisabled"),
                Some("Health checks are disabled".to_owned()),
            );
        }
        match t.state {
            TargetState::Healthy => ("healthy", None, None),
            other => (
                other.as_str(),
                t.reason.as_ref().map(|r| r.0),
                t.reason.as_ref().map(|r| r.1.clone()),
            ),
        }
    }

    fn target_health_shape(
        &self,
        tg: &TargetGroupRecord,
        t: &TargetRecord,
    ) -> TargetHealthDescription {
        let (state, reason, description) = self.target_health_of(tg, t);
        TargetHealthDescription {
            target: TargetDescription {
                id: t.id.clone(),
                port: Some(i64::from(t.port)),
                availability_zone: self.target_zone(tg, &t.id),
            },
            health_check_port: health_port(tg, t.port),
            target_health: TargetHealth {
                state,
                reason,
                description,
            },
        }
    }

    /// The Availability Zone of a target: its instance's, or the subnet
    /// that holds its address.
    pub(crate) fn target_zone(&self, tg: &TargetGroupRecord, id: &str) -> Option<String> {
        if tg.target_type == "instance" {
            return self
                .state
                .instances
                .get(id)
                .map(|i| i.availability_zone.clone());
        }
        let ip = parse_ipv4(id)?;
        self.state
            .subnets
            .values()
            .find(|s| s.vpc_id == tg.vpc_id && s.cidr.contains_ip(ip))
            .map(|s| s.availability_zone.clone())
    }

    /// The address of a target: its instance's private address, or its own.
    pub(crate) fn target_ip(&self, tg: &TargetGroupRecord, id: &str) -> Option<u32> {
        if tg.target_type == "instance" {
            self.state.instances.get(id).map(|i| i.private_ip)
        } else {
            parse_ipv4(id)
        }
    }
}

fn new_target(
    id: &str,
    port: u16,
    now: SimTime,
    generation: u64,
    task: Option<&str>,
) -> TargetRecord {
    TargetRecord {
        id: id.to_owned(),
        port,
        registered_at: now,
        state: TargetState::Initial,
        reason: Some((
            "Elb.RegistrationInProgress",
            "Target registration is in progress".to_owned(),
        )),
        passes: 0,
        failures: 0,
        drain_until: None,
        generation,
        task: task.map(str::to_owned),
        parked: false,
        last_status: None,
        task_cpu: None,
        last_minute: None,
        healthy_since: None,
    }
}

/// A target's port as a request gives it: its own, else the group's.
fn target_port(tg: &TargetGroupRecord, t: &TargetDescription) -> Result<u16, ApiError> {
    match t.port {
        Some(p) => super::port(p, "Port"),
        None => Ok(tg.port),
    }
}

/// The port health checks go to: the target's (`traffic-port`) or the
/// group's setting.
pub(crate) fn health_port(tg: &TargetGroupRecord, port: u16) -> String {
    if tg.health.port == "traffic-port" {
        port.to_string()
    } else {
        tg.health.port.clone()
    }
}

fn check_tg_attribute(key: &str, value: &str) -> Result<(), ApiError> {
    let range = |min: u64, max: u64| -> Result<(), ApiError> {
        match value.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(validation(format!(
                "'{key}' value '{value}' must be between '{min}-{max}' inclusive"
            ))),
        }
    };
    let one_of = |allowed: &[&str]| -> Result<(), ApiError> {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(validation(format!(
                "'{key}' value '{value}' is not valid: use {}",
                allowed.join(", ")
            )))
        }
    };
    match key {
        "deregistration_delay.timeout_seconds" => range(0, 3600),
        "slow_start.duration_seconds" => {
            if value == "0" {
                Ok(())
            } else {
                range(30, 900)
            }
        }
        "stickiness.lb_cookie.duration_seconds" | "stickiness.app_cookie.duration_seconds" => {
            range(1, 604_800)
        }
        "load_balancing.algorithm.type" => one_of(&[
            "round_robin",
            "least_outstanding_requests",
            "weighted_random",
        ]),
        "load_balancing.algorithm.anomaly_mitigation" => one_of(&["on", "off"]),
        "load_balancing.cross_zone.enabled" => {
            one_of(&["true", "false", "use_load_balancer_configuration"])
        }
        "stickiness.type" => one_of(&["lb_cookie", "app_cookie", "source_ip"]),
        "stickiness.enabled" => one_of(&["true", "false"]),
        "deregistration_delay.connection_termination.enabled"
        | "preserve_client_ip.enabled"
        | "proxy_protocol_v2.enabled" => one_of(&["true", "false"]),
        _ => Ok(()),
    }
}
